package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/postgres/pgtest"
	"mentorspor/internal/servertest"
)

// startWithLog boots the demo application with its log kept for assertions.
func startWithLog(t *testing.T) (*servertest.App, *syncBuffer) {
	t.Helper()
	db := pgtest.NewDB(t)
	if err := demo.Seed(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	return servertest.StartWithLogger(t, db, slog.New(slog.NewJSONHandler(logs, nil))), logs
}

func isUnavailablePage(r *servertest.Response) bool {
	return r.StatusCode == http.StatusServiceUnavailable && strings.Contains(r.Body, "midlertidigt utilgængelig") &&
		strings.Contains(r.Body, r.Header.Get("X-Request-Id"))
}

// With the pool closed (the database gone for good), every route answers
// the Danish 503 page to a signed-in user — GET pages, forms and sign-out —
// and nothing panics; an anonymous sign-in gets 503 too.
func TestClosedPoolGives503OnEveryRoute(t *testing.T) {
	app, logs := startWithLog(t)
	citizens, _, err := app.DB.FindCitizens(t.Context(), domain.CitizenFilter{Limit: 1})
	if err != nil || len(citizens) == 0 {
		t.Fatalf("citizens: %v", err)
	}
	fill := strings.NewReplacer("{id}", itoa(citizens[0].ID), "*", "css/app.css", "{flag}", "ingen-kontakt")
	clients := map[string]*http.Client{}
	for _, who := range []string{"admin", "sagsbehandler", "mentor", "teamleder"} {
		clients[who] = app.Client(t)
		app.Login(t, clients[who], who)
	}
	anonymous := app.Client(t)

	app.DB.Pool.Close()

	routes := registeredRoutes(t, app.Server)
	slices.Sort(routes)
	for who, c := range clients {
		for _, route := range routes {
			method, pattern, _ := strings.Cut(route, " ")
			path := fill.Replace(pattern)
			var r *servertest.Response
			if method == http.MethodGet {
				r = app.Get(t, c, path)
			} else {
				r = app.PostForm(t, c, path, url.Values{"username": {who}, "password": {demo.Password}, "name": {"Ny"}})
			}
			switch {
			case pattern == "/healthz" || pattern == "/static/*":
				if r.StatusCode != http.StatusOK {
					t.Errorf("%s %s as %s: %d, want 200 without the database", method, path, who, r.StatusCode)
				}
			case pattern == "/readyz":
				if r.StatusCode != http.StatusServiceUnavailable {
					t.Errorf("%s %s as %s: %d, want 503", method, path, who, r.StatusCode)
				}
			case !isUnavailablePage(r):
				t.Errorf("%s %s as %s: %d, want the 503 page", method, path, who, r.StatusCode)
			}
		}
	}
	r := app.PostForm(t, anonymous, "/login", url.Values{"username": {"admin"}, "password": {demo.Password}})
	if !isUnavailablePage(r) {
		t.Errorf("sign-in with the pool closed: %d, want the 503 page", r.StatusCode)
	}
	if r := app.Get(t, anonymous, "/login"); r.StatusCode != http.StatusOK {
		t.Errorf("the sign-in form needs no database: %d", r.StatusCode)
	}
	if strings.Contains(logs.String(), `"msg":"panic"`) || strings.Contains(logs.String(), "internal error") {
		t.Fatalf("a closed pool must give neither a panic nor an internal error:\n%s", logs.String())
	}
}

// terminateBackends ends every server process of the application's database
// from a separate superuser connection, as a database restart does.
func terminateBackends(t *testing.T, admin *pgx.Conn, database string) int {
	t.Helper()
	rows, err := admin.Query(context.Background(), `
		SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = $1 AND pid <> pg_backend_pid()`, database)
	if err != nil {
		t.Errorf("terminate backends: %v", err)
		return 0
	}
	n, err := pgx.CollectRows(rows, pgx.RowTo[bool])
	if err != nil {
		t.Errorf("terminate backends: %v", err)
	}
	return len(n)
}

func superuserConn(t *testing.T) *pgx.Conn {
	t.Helper()
	raw := os.Getenv("TEST_DATABASE_URL")
	if raw == "" {
		raw = pgtest.DefaultURL
	}
	conn, err := pgx.Connect(t.Context(), raw)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// Connections terminated under the application — between requests and in
// the middle of them, while users sign in, read pages and post forms — give
// the 503 page, never the 500 page, and the application recovers.
func TestTerminatedConnectionsGive503Not500(t *testing.T) {
	app, logs := startWithLog(t)
	admin := superuserConn(t)
	database := app.DB.Pool.Config().ConnConfig.Database
	citizens, _, err := app.DB.FindCitizens(t.Context(), domain.CitizenFilter{Limit: 1})
	if err != nil || len(citizens) == 0 {
		t.Fatalf("citizens: %v", err)
	}
	cid := itoa(citizens[0].ID)
	pages := map[string][]string{
		"sagsbehandler": {"/", "/borgere", "/borgere/" + cid, "/borgere/" + cid + "/rediger", "/arbejdskoe", "/bekymringer"},
		"mentor":        {"/", "/mine-borgere", "/profilhaefte", "/supervision"},
		"teamleder":     {"/", "/team", "/rapporter/budget", "/rapporter/levering", "/faseskift"},
		"admin":         {"/", "/admin/brugere", "/admin/adgangslog", "/admin/stamdata/katalog", "/admin/teams"},
	}
	clients := map[string]*http.Client{}
	for who := range pages {
		clients[who] = app.Client(t)
		app.Login(t, clients[who], who)
	}

	// Between requests: the pool hands out connections whose server is gone.
	statuses := map[int]int{}
	for who, paths := range pages {
		for _, p := range paths {
			terminateBackends(t, admin, database)
			r := app.Get(t, clients[who], p)
			statuses[r.StatusCode]++
			if r.StatusCode >= 500 && !isUnavailablePage(r) {
				t.Errorf("GET %s as %s after the connections were terminated: %d", p, who, r.StatusCode)
			}
		}
	}
	if statuses[http.StatusServiceUnavailable] == 0 {
		t.Errorf("no request met a terminated connection (statuses %v): the test proves nothing", statuses)
	}

	// In the middle of requests: users work while the connections are
	// terminated again and again.
	type result struct {
		who, method, path string
		status            int
		unavailablePage   bool
	}
	results := make(chan result, 1000)
	stop := make(chan struct{})
	var terminator sync.WaitGroup
	terminator.Add(1)
	go func() {
		defer terminator.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(40 * time.Millisecond):
				terminateBackends(t, admin, database)
			}
		}
	}()
	var users sync.WaitGroup
	for who, paths := range pages {
		users.Add(1)
		go func() {
			defer users.Done()
			c := clients[who]
			for i := range 12 {
				method, path := http.MethodGet, paths[i%len(paths)]
				var body io.Reader
				switch i % 4 {
				case 1: // a form whose validation fails: reads, then 422
					method, path = http.MethodPost, "/borgere"
					body = strings.NewReader(url.Values{"name": {""}}.Encode())
				case 3: // a sign-in, from a fresh client
					c = app.Client(t)
					method, path = http.MethodPost, "/login"
					body = strings.NewReader(url.Values{"username": {who}, "password": {demo.Password}}.Encode())
				}
				req, err := http.NewRequest(method, app.URL+path, body)
				if err != nil {
					t.Error(err)
					return
				}
				if method == http.MethodPost {
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("Sec-Fetch-Site", "same-origin")
					req.Header.Set("Origin", app.URL)
				}
				resp, err := c.Do(req)
				if err != nil {
					t.Errorf("%s %s as %s: %v", method, path, who, err)
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				r := &servertest.Response{Response: resp, Body: string(b)}
				results <- result{who, method, path, resp.StatusCode, isUnavailablePage(r)}
			}
		}()
	}
	users.Wait()
	close(stop)
	terminator.Wait()
	close(results)
	concurrent := map[int]int{}
	for r := range results {
		concurrent[r.status]++
		if r.status >= 500 && !r.unavailablePage {
			t.Errorf("%s %s as %s while connections were terminated: %d", r.method, r.path, r.who, r.status)
		}
	}
	t.Logf("between requests: %v; in the middle of requests: %v", statuses, concurrent)

	// Afterwards the application works again: the pool drops the dead
	// connections as it meets them.
	recovered := false
	for range 10 {
		if r := app.Get(t, clients["admin"], "/admin/brugere"); r.StatusCode == http.StatusOK {
			recovered = true
			break
		}
	}
	if !recovered {
		t.Error("the application did not recover after the connections were terminated")
	}
	if strings.Contains(logs.String(), `"msg":"panic"`) || strings.Contains(logs.String(), `"msg":"internal error"`) {
		t.Fatalf("terminated connections gave a panic or an internal error:\n%s", logs.String())
	}
}
