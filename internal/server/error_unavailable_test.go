package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/alexedwards/scs/v2/memstore"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/puddle/v2"

	"mentorspor/internal/config"
	"mentorspor/internal/domain"
)

func TestDBUnavailable(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("find citizen 7: %w", err) }
	connectErr := connectError(t)
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"admin shutdown (restart)", &pgconn.PgError{Severity: "FATAL", Code: "57P01"}, true},
		{"crash shutdown", &pgconn.PgError{Code: "57P02"}, true},
		{"cannot connect now (starting up)", &pgconn.PgError{Code: "57P03"}, true},
		{"connection failure", &pgconn.PgError{Code: "08006"}, true},
		{"too many connections", &pgconn.PgError{Code: "53300"}, true},
		{"statement timeout", &pgconn.PgError{Code: "57014"}, true},
		{"read-only standby", &pgconn.PgError{Code: "25006"}, true},
		{"wrapped admin shutdown", wrap(&pgconn.PgError{Code: "57P01"}), true},
		{"connect error", connectErr, true},
		{"closed pool", wrap(puddle.ErrClosedPool), true},
		{"conn closed", wrap(pgconn.ErrConnClosed), true},
		{"eof", wrap(io.EOF), true},
		{"unexpected eof", wrap(io.ErrUnexpectedEOF), true},
		{"reset", wrap(&net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}), true},
		{"bare reset", wrap(syscall.ECONNRESET), true},
		{"broken pipe", wrap(syscall.EPIPE), true},
		{"deadline", wrap(context.DeadlineExceeded), true},
		{"unique violation", wrap(&pgconn.PgError{Code: "23505"}), false},
		{"syntax error", wrap(&pgconn.PgError{Code: "42601"}), false},
		{"serialization failure", wrap(&pgconn.PgError{Code: "40001"}), false},
		{"no rows", wrap(pgx.ErrNoRows), false},
		{"domain not found", domain.Errorf(domain.ENOTFOUND, "findes ikke"), false},
		{"plain error", errors.New("boom"), false},
		{"nil", nil, false},
	} {
		if got := dbUnavailable(tc.err); got != tc.want {
			t.Errorf("%s: dbUnavailable(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}

// connectError is what pgx returns when nothing listens on the port.
func connectError(t *testing.T) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	_, err := pgconn.Connect(ctx, "postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	var ce *pgconn.ConnectError
	if !errors.As(err, &ce) {
		t.Fatalf("want a connect error, got %v", err)
	}
	return err
}

// failingCommitStore keeps sessions in memory but cannot save them, as when
// the database goes away between the handler's queries and the commit.
type failingCommitStore struct{ *memstore.MemStore }

func (failingCommitStore) Commit(string, []byte, time.Time) error {
	return fmt.Errorf("commit session: %w", puddle.ErrClosedPool)
}

// A session that cannot be saved when the page is written gives the 503
// page alone, not the 503 page with the intended page appended.
func TestSessionCommitFailureGives503Once(t *testing.T) {
	s := &Server{log: slog.New(slog.NewJSONHandler(io.Discard, nil))}
	s.sessions = newSessionManager(config.Config{}, failingCommitStore{memstore.NewWithCleanupInterval(0)})
	s.sessions.ErrorFunc = s.serveError
	h := s.requestID(s.sessions.LoadAndSave(s.wrap(func(w http.ResponseWriter, r *http.Request) error {
		s.flash(r, "Gemt.")
		w.Header().Set("Content-Type", "text/plain")
		return s.render(w, r, http.StatusOK, textComponent("SIDEN"))
	})))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	body := rec.Body.String()
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(body, "midlertidigt utilgængelig") {
		t.Fatalf("want the 503 page, got %d", rec.Code)
	}
	if strings.Contains(body, "SIDEN") {
		t.Fatal("the intended page was appended to the error page")
	}
	if rec.Header().Get("Set-Cookie") != "" {
		t.Fatal("no session cookie when the session was not saved")
	}
}

func textComponent(s string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	})
}
