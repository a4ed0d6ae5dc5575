package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/postgres"
	"mentorspor/internal/postgres/pgtest"
)

func envWith(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// serving is one run of the serve command.
type serving struct {
	base   string // http://localhost:PORT
	banner []string
	stop   func() error // as Ctrl-C / SIGTERM would; returns serve's result
}

// startServe runs the real binary's serve command with env and waits until
// it listens.
func startServe(t *testing.T, env map[string]string, args ...string) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve"}, args...), envWith(env), strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()

	s := &serving{}
	lines := bufio.NewScanner(pr)
	deadline := time.After(30 * time.Second)
	for len(s.banner) == 0 || s.banner[len(s.banner)-1] != "Stop med Ctrl-C." {
		lineCh := make(chan bool, 1)
		go func() { lineCh <- lines.Scan() }()
		select {
		case ok := <-lineCh:
			if !ok {
				t.Fatalf("serve stopped before listening: %v", <-done)
			}
			s.banner = append(s.banner, lines.Text())
			if after, found := strings.CutPrefix(lines.Text(), "Mentorspor kører på "); found {
				s.base = after
			}
		case <-deadline:
			t.Fatal("serve did not start within 30 s")
		}
	}
	go io.Copy(io.Discard, pr)
	s.stop = func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(15 * time.Second):
			return errors.New("shutdown took longer than 15 s")
		}
	}
	return s
}

// signIn signs in as the demo team lead and checks the readiness endpoints.
func signIn(t *testing.T, base string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := client.Get(base + "/login")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /login: %v %v", resp, err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest(http.MethodPost, base+"/login", strings.NewReader(url.Values{
		"username": {"teamleder"}, "password": {"mentorspor"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Velkommen, Lars Nielsen") {
		t.Fatalf("sign-in as teamleder: %d", resp.StatusCode)
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		r, err := client.Get(base + path)
		if err != nil || r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %v %v", path, r, err)
		}
		r.Body.Close()
	}
}

// connectedRoles lists the roles connected to databaseURL's database, as
// the server's superuser sees them.
func connectedRoles(t *testing.T, databaseURL string) []string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pgtest.SuperuserURL(t, databaseURL))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, _ := conn.Query(ctx, `SELECT DISTINCT usename::text FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() ORDER BY 1`)
	roles, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return roles
}

// TestServeEndToEnd boots the real binary's serve command on :0 against a
// fresh database given only a superuser's URL, as `make run` does: it
// migrates, creates the app role and serves through it. It signs in over
// HTTP and shuts down gracefully.
func TestServeEndToEnd(t *testing.T) {
	dbURL := pgtest.SuperuserURL(t, pgtest.NewURL(t))
	s := startServe(t, map[string]string{"ADDR": "127.0.0.1:0", "DATABASE_URL": dbURL, "LOG_LEVEL": "error"}, "--seed-demo")
	signIn(t, s.base)
	if roles := connectedRoles(t, dbURL); len(roles) != 1 || roles[0] != "mentorspor_app" {
		t.Fatalf("the server must connect only as mentorspor_app, connected: %v", roles)
	}
	if err := s.stop(); err != nil {
		t.Fatalf("graceful shutdown: %v", err)
	}
	if !strings.Contains(strings.Join(s.banner, "\n"), "admin") {
		t.Fatalf("the demo sign-ins were not printed: %q", s.banner)
	}
}

// With APP_DATABASE_URL, operations manage the app role: the owner needs no
// right to create roles, and the server connects only as the given role.
func TestServeWithAppDatabaseURL(t *testing.T) {
	ownerURL := pgtest.NewURL(t) // the tables' owner, without CREATEROLE
	appURL := pgtest.AppURL(t, ownerURL)
	s := startServe(t, map[string]string{"ADDR": "127.0.0.1:0", "DATABASE_URL": ownerURL, "APP_DATABASE_URL": appURL,
		"LOG_LEVEL": "error"}, "--seed-demo")
	signIn(t, s.base)
	if roles := connectedRoles(t, ownerURL); len(roles) != 1 || roles[0] != pgtest.AppRole {
		t.Fatalf("the server must connect only as %s, connected: %v", pgtest.AppRole, roles)
	}
	if err := s.stop(); err != nil {
		t.Fatalf("graceful shutdown: %v", err)
	}
}

// The server refuses to serve through a role that could tamper with the
// logs, and says what to do when it cannot create the app role.
func TestServeRefusesAnOwnerConnection(t *testing.T) {
	ownerURL := pgtest.NewURL(t) // the tables' owner, without CREATEROLE
	ctx := context.Background()
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"owner as app", map[string]string{"APP_DATABASE_URL": ownerURL}, nil},
		{"owner as app, no migration", map[string]string{"APP_DATABASE_URL": ownerURL}, []string{"--no-migrate"}},
		{"owner cannot create roles", map[string]string{}, nil},
	} {
		c.env["DATABASE_URL"], c.env["ADDR"] = ownerURL, "127.0.0.1:0"
		err := run(ctx, append([]string{"serve"}, c.args...), envWith(c.env), strings.NewReader(""), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "APP_DATABASE_URL") && !strings.Contains(err.Error(), "separate role") {
			t.Errorf("%s: want a refusal that says what to do, got %v", c.name, err)
		}
	}
	// Refusing did not strip the owner of its own privileges.
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var canWrite bool
	if err := conn.QueryRow(ctx, `SELECT has_table_privilege('citizens', 'UPDATE')`).Scan(&canWrite); err != nil || !canWrite {
		t.Fatalf("the owner lost UPDATE on citizens: %v", err)
	}
}

func TestHelpAndUnknownCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, envWith(nil), nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"serve", "migrate", "seed-demo", "user add", "reset-password"} {
		if !strings.Contains(out.String(), cmd) {
			t.Errorf("--help does not mention %s", cmd)
		}
	}
	if err := run(context.Background(), []string{"flyv"}, envWith(nil), nil, &out, &errOut); err == nil {
		t.Fatal("unknown command must fail")
	}
	if err := run(context.Background(), nil, envWith(nil), nil, &out, &errOut); err == nil {
		t.Fatal("no command must fail")
	}
}

func TestMigrateSeedAndUserCommands(t *testing.T) {
	dbURL := pgtest.NewURL(t)
	env := envWith(map[string]string{"DATABASE_URL": dbURL})
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"migrate", "version"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	latest, _ := postgres.LatestVersion()
	if want := fmt.Sprintf("skemaversion %d (nyeste %d)", latest, latest); !strings.Contains(out.String(), want) {
		t.Fatalf("migrate version: %q", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"seed-demo"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"seed-demo"}, env, nil, &out, io.Discard); err != nil {
		t.Fatalf("seed-demo must be idempotent: %v", err)
	}
	out.Reset()
	err := run(ctx, []string{"user", "add", "--username", "ny.sagsbehandler", "--name", "Ny Sagsbehandler",
		"--roles", "sagsbehandler,teamleder", "--team", "Mentorteam Syd", "--password-stdin"}, env,
		strings.NewReader("en-lang-adgangskode\n"), &out, io.Discard)
	if err != nil || !strings.Contains(out.String(), "ny.sagsbehandler") || strings.Contains(out.String(), "Adgangskode:") {
		t.Fatalf("user add: %v %q", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"user", "add", "--username", "x", "--roles", "pilot"}, env, nil, &out, io.Discard); err == nil {
		t.Fatal("unknown role accepted")
	}
	if err := run(ctx, []string{"user", "reset-password", "--username", "ny.sagsbehandler"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Adgangskode: ") {
		t.Fatalf("generated password not printed: %q", out.String())
	}
	// With a non-demo user present, seeding is refused.
	if err := run(ctx, []string{"seed-demo"}, env, nil, &out, io.Discard); err == nil {
		t.Fatal("seed-demo must refuse a database with real users")
	}
	if err := run(ctx, []string{"migrate", "down", "1"}, env, nil, &out, io.Discard); err != nil {
		t.Fatalf("migrate down: %v", err)
	}
	if err := run(ctx, []string{"migrate", "up"}, env, nil, &out, io.Discard); err != nil {
		t.Fatalf("migrate up again: %v", err)
	}
}
