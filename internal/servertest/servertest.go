// Package servertest boots the whole application on a fresh, migrated
// database with the demo municipality, for handler and browser tests.
package servertest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/pgxstore"

	"mentorspor/internal/config"
	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/postgres/pgtest"
	"mentorspor/internal/server"
)

// App is one running application.
type App struct {
	DB     *postgres.DB
	Server *server.Server
	HTTP   *httptest.Server
	URL    string      // http://localhost:PORT (browsers treat localhost as secure)
	Demo   demo.Script // the citizens the demo chose (New only)
}

// Now is the application's clock: the store's and the server's.
func (a *App) Now() time.Time { return a.DB.Now() }

// Ctx is a context for calling the store directly in a test: it carries an
// actor, as the server's requests do, so the store logs the changes.
func Ctx(tb testing.TB) context.Context {
	return domain.WithActor(tb.Context(), domain.Actor{Username: "test", RequestID: "test"})
}

// Today is the clock's day in Copenhagen.
func (a *App) Today() domain.Date { return domain.DateOf(a.DB.Now()) }

// Config is the test configuration: secure cookies, as in production.
func Config() config.Config {
	cfg, err := config.FromEnv(func(string) string { return "" })
	if err != nil {
		panic(err)
	}
	return cfg
}

// New starts the application on a fresh database with the demo data,
// connected as the app role (as the server is), on the test clock
// (pgtest.Start): one clock for the demo, the store and the server.
func New(tb testing.TB) *App {
	tb.Helper()
	db := pgtest.NewAppDB(tb)
	script, err := demo.SeedScript(context.Background(), db)
	if err != nil {
		tb.Fatalf("seed demo: %v", err)
	}
	app := Start(tb, db)
	app.Demo = script
	return app
}

// Start runs another application instance on db (two instances share one
// database in the session test).
func Start(tb testing.TB, db *postgres.DB) *App {
	tb.Helper()
	return StartWithLogger(tb, db, slog.New(slog.NewJSONHandler(io.Discard, nil)))
}

// StartWithLogger is Start with the application log going to logger.
func StartWithLogger(tb testing.TB, db *postgres.DB, logger *slog.Logger) *App {
	tb.Helper()
	// No cleanup goroutine in tests: pgxstore's StopCleanup races under -race.
	srv := server.New(Config(), db, pgxstore.NewWithCleanupInterval(db.Pool, 0), logger)
	srv.SetClock(db.Now)
	ts := httptest.NewServer(srv.Handler())
	tb.Cleanup(ts.Close)
	return &App{DB: db, Server: srv, HTTP: ts, URL: strings.Replace(ts.URL, "127.0.0.1", "localhost", 1)}
}

// Client is a browser-like client with a cookie jar that does not follow
// redirects, so tests see each 303.
func (a *App) Client(tb testing.TB) *http.Client {
	tb.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		tb.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

// Login signs client in as username with the demo password and fails the
// test unless it worked.
func (a *App) Login(tb testing.TB, c *http.Client, username string) {
	tb.Helper()
	resp := a.PostForm(tb, c, "/login", url.Values{"username": {username}, "password": {demo.Password}})
	if resp.StatusCode != http.StatusSeeOther {
		tb.Fatalf("login %s: status %d", username, resp.StatusCode)
	}
}

// Get fetches path; the body is read and closed.
func (a *App) Get(tb testing.TB, c *http.Client, path string) *Response {
	tb.Helper()
	req, err := http.NewRequest(http.MethodGet, a.URL+path, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return a.Do(tb, c, req)
}

// PostForm posts a form as a same-origin browser would.
func (a *App) PostForm(tb testing.TB, c *http.Client, path string, form url.Values) *Response {
	tb.Helper()
	req, err := http.NewRequest(http.MethodPost, a.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", a.URL)
	return a.Do(tb, c, req)
}

// Response is an HTTP response with its body read.
type Response struct {
	*http.Response
	Body string
}

// Do sends req and reads the body.
func (a *App) Do(tb testing.TB, c *http.Client, req *http.Request) *Response {
	tb.Helper()
	resp, err := c.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return &Response{Response: resp, Body: string(b)}
}
