package server

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"mentorspor/internal/config"
)

func TestInternalErrorHidesDetailsAndLogsThem(t *testing.T) {
	var logBuf bytes.Buffer
	s := &Server{log: slog.New(slog.NewJSONHandler(&logBuf, nil))}
	s.sessions = newSessionManager(config.Config{SessionSecure: true}, nil)
	req := httptest.NewRequest(http.MethodGet, "/noget", nil)
	rec := httptest.NewRecorder()
	s.requestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.serveError(w, r, errors.New("pq: hemmelig tabel borger_cpr"))
	})).ServeHTTP(rec, req)
	body := rec.Body.String()
	if rec.Code != http.StatusInternalServerError || strings.Contains(body, "hemmelig") {
		t.Fatalf("500 page: %d, leaks internal text: %v", rec.Code, strings.Contains(body, "hemmelig"))
	}
	id := rec.Header().Get("X-Request-Id")
	if id == "" || !strings.Contains(body, id) || !strings.Contains(body, "Der opstod en fejl") {
		t.Fatal("500 page lacks the request id or the Danish heading")
	}
	if !strings.Contains(logBuf.String(), "hemmelig") || !strings.Contains(logBuf.String(), id) {
		t.Fatal("the internal error must be logged with the request id")
	}
}

func TestPanicBecomes500(t *testing.T) {
	var logBuf bytes.Buffer
	s := &Server{log: slog.New(slog.NewJSONHandler(&logBuf, nil))}
	s.sessions = newSessionManager(config.Config{SessionSecure: true}, nil)
	rec := httptest.NewRecorder()
	h := s.requestID(s.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })))
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusInternalServerError || !strings.Contains(logBuf.String(), "boom") {
		t.Fatalf("panic: %d", rec.Code)
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/":                   "/",
		"/a?b=c":              "/a?b=c",
		"//x.dk":              "/",
		"/\\x.dk":             "/",
		"http://x.dk/a":       "/",
		"x":                   "/",
		"/a\r\nSet-Cookie: x": "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// HSTS goes with the Secure session cookie (HTTPS), on pages and assets
// alike, and never on a plain-HTTP development server.
func TestStrictTransportSecurityOnlyWhenSecure(t *testing.T) {
	for _, secure := range []bool{true, false} {
		s := &Server{cfg: config.Config{SessionSecure: secure}}
		h := s.securityHeaders(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
		for _, path := range []string{"/", "/static/css/app.css"} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			got := rec.Header().Get("Strict-Transport-Security")
			if secure && got != "max-age=31536000" {
				t.Errorf("secure, %s: Strict-Transport-Security %q, want max-age=31536000", path, got)
			}
			if !secure && got != "" {
				t.Errorf("not secure, %s: Strict-Transport-Security %q, want none", path, got)
			}
		}
	}
}
