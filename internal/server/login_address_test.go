package server_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/pgxstore"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/postgres/pgtest"
	"mentorspor/internal/server"
	"mentorspor/internal/servertest"
)

// behindProxy runs the demo application behind a trusted proxy on the
// loopback address, so that a test can sign in "from" any client address by
// X-Forwarded-For, with the clock stopped at now.
func behindProxy(t *testing.T, now time.Time) *servertest.App {
	t.Helper()
	db := pgtest.NewDB(t)
	if err := demo.Seed(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	db.SetClock(func() time.Time { return now })
	cfg := servertest.Config()
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	srv := server.New(cfg, db, pgxstore.NewWithCleanupInterval(db.Pool, 0), slog.New(slog.NewJSONHandler(io.Discard, nil)))
	srv.SetClock(func() time.Time { return now })
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &servertest.App{DB: db, Server: srv, HTTP: ts, URL: strings.Replace(ts.URL, "127.0.0.1", "localhost", 1)}
}

// loginFrom posts the sign-in form as a browser at client address ip.
func loginFrom(t *testing.T, app *servertest.App, ip, username, password string) *servertest.Response {
	t.Helper()
	form := url.Values{"username": {username}, "password": {password}}
	req, err := http.NewRequest(http.MethodPost, app.URL+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", app.URL)
	req.Header.Set("X-Forwarded-For", ip)
	return app.Do(t, app.Client(t), req)
}

// Password spraying — one wrong guess at each of many usernames from one
// address — locks that address after 20 failures, even for the right
// password, without saying whether a username exists; other addresses
// sign in as before.
func TestLockoutByAddressAgainstPasswordSpraying(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, domain.Copenhagen)
	app := behindProxy(t, now)
	const sprayer, colleague = "203.0.113.7", "198.51.100.20"

	// Successes do not count: a busy office signs in as often as it likes.
	for range 25 {
		if r := loginFrom(t, app, sprayer, "mentor", demo.Password); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("right password: %d", r.StatusCode)
		}
	}
	for i := 1; i <= domain.AddressLockoutFailures; i++ {
		username := fmt.Sprintf("gaet%d", i)
		if i%2 == 0 {
			username = []string{"admin", "mentor", "sagsbehandler", "teamleder"}[(i/2)%4] // real ones too, fewer than 5 each
		}
		r := loginFrom(t, app, sprayer, username, "Sommer2026!")
		if r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d (%s): %d, want 401", i, username, r.StatusCode)
		}
		locked := strings.Contains(r.Body, "fra din netværksadresse")
		if locked != (i == domain.AddressLockoutFailures) {
			t.Fatalf("failure %d: address lock announced = %v", i, locked)
		}
	}
	until := domain.FormatTime(now.Add(domain.LockoutDuration))
	var bodies []string
	for _, username := range []string{"gaet21", "admin"} {
		r := loginFrom(t, app, sprayer, username, demo.Password)
		if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.Body, "fra din netværksadresse") ||
			!strings.Contains(r.Body, "spærret til kl. "+until) {
			t.Fatalf("%s from the locked address: %d", username, r.StatusCode)
		}
		if r.Header.Get("Set-Cookie") != "" && strings.Contains(r.Header.Get("Set-Cookie"), "mentorspor_session=") &&
			!strings.Contains(r.Header.Get("Set-Cookie"), "Max-Age=0") {
			t.Fatalf("%s got a session from the locked address", username)
		}
		i := strings.Index(r.Body, "<main")
		bodies = append(bodies, strings.Replace(r.Body[i:], `value="`+username+`"`, `value=""`, 1))
	}
	if bodies[0] != bodies[1] {
		t.Fatalf("the locked page for a made-up and a real username must not differ:\n%s\n---\n%s", bodies[0], bodies[1])
	}
	// Another address is not affected, and the usernames sprayed at are not locked.
	if r := loginFrom(t, app, colleague, "admin", demo.Password); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("another address: %d, want 303", r.StatusCode)
	}
	entries, _, err := app.DB.FindAccessEntries(t.Context(), domain.AccessFilter{Username: "admin"})
	if err != nil || len(entries) < 2 || entries[1].Action != domain.ActionLoginLocked || entries[1].IP != sprayer {
		t.Fatalf("the refusal from the locked address is not logged: %+v %v", entries, err)
	}
}
