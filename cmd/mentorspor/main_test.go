package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"mentorspor/internal/postgres"
	"mentorspor/internal/postgres/pgtest"
)

func envWith(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// TestServeEndToEnd boots the real binary's serve command on :0 against a
// fresh database, signs in over HTTP and shuts down gracefully.
func TestServeEndToEnd(t *testing.T) {
	dbURL := pgtest.NewURL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	env := envWith(map[string]string{"ADDR": "127.0.0.1:0", "DATABASE_URL": dbURL, "LOG_LEVEL": "error"})
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--seed-demo"}, env, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()

	lines := bufio.NewScanner(pr)
	var base string
	var banner []string
	deadline := time.After(30 * time.Second)
	for len(banner) == 0 || banner[len(banner)-1] != "Stop med Ctrl-C." {
		lineCh := make(chan bool, 1)
		go func() { lineCh <- lines.Scan() }()
		select {
		case ok := <-lineCh:
			if !ok {
				t.Fatalf("serve stopped before listening: %v", <-done)
			}
			banner = append(banner, lines.Text())
			if after, found := strings.CutPrefix(lines.Text(), "Mentorspor kører på "); found {
				base = after
			}
		case <-deadline:
			t.Fatal("serve did not start within 30 s")
		}
	}
	go io.Copy(io.Discard, pr)

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

	cancel() // as Ctrl-C / SIGTERM would
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("graceful shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("shutdown took longer than 15 s")
	}
	if !strings.Contains(strings.Join(banner, "\n"), "admin") {
		t.Fatalf("the demo sign-ins were not printed: %q", banner)
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
