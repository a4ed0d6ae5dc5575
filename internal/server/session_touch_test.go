package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"mentorspor/internal/servertest"
)

// sessionRows is the sessions table as stored: token, data and expiry.
func sessionRows(t *testing.T, app *servertest.App) string {
	t.Helper()
	rows, err := app.DB.Pool.Query(t.Context(), `SELECT token, encode(data, 'hex'), expiry FROM sessions ORDER BY token`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var token, data string
		var expiry time.Time
		if err := rows.Scan(&token, &data, &expiry); err != nil {
			t.Fatal(err)
		}
		out = append(out, token+" "+data+" "+expiry.UTC().Format(time.RFC3339Nano))
	}
	return strings.Join(out, "\n")
}

// Page views within a minute of each other leave the session row as it is
// (no write per request); the row's expiry is the idle deadline, and a
// session past it is signed out.
func TestPageViewsDoNotRewriteTheSession(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "mentor")
	if r := app.Get(t, c, "/mine-borgere"); r.StatusCode != http.StatusOK {
		t.Fatalf("first page: %d", r.StatusCode)
	}
	before := sessionRows(t, app)
	if before == "" {
		t.Fatal("no session stored")
	}
	for _, path := range []string{"/mine-borgere", "/mine-borgere", "/mine-borgere"} {
		if r := app.Get(t, c, path); r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, r.StatusCode)
		}
	}
	if after := sessionRows(t, app); after != before {
		t.Fatalf("page views rewrote the session row:\n%s\n→\n%s", before, after)
	}
	// The row expires at the idle deadline, not at the end of the 10 hours.
	var left time.Duration
	if err := app.DB.Pool.QueryRow(t.Context(), `SELECT max(expiry) - now() FROM sessions`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left <= 25*time.Minute || left > 30*time.Minute {
		t.Fatalf("session expires in %v, want the 30 idle minutes", left)
	}
	// Idle past the deadline: signed out.
	if _, err := app.DB.Pool.Exec(t.Context(), `UPDATE sessions SET expiry = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	r := app.Get(t, c, "/mine-borgere")
	signedOut := r.StatusCode == http.StatusSeeOther && strings.HasPrefix(r.Header.Get("Location"), "/login") ||
		r.Request.URL.Path == "/login"
	if !signedOut {
		t.Fatalf("idle session still signed in: %d %s", r.StatusCode, r.Request.URL)
	}
}
