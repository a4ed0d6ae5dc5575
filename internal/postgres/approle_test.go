package postgres_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/postgres/pgtest"
)

// appRoleDB prepares a fresh database the way serve does given only an owner
// URL: the superuser creates the role and grants it; the store connects as it.
func appRoleDB(t *testing.T, role string) (app, owner *postgres.DB) {
	t.Helper()
	ownerURL := pgtest.NewURL(t)
	superURL := pgtest.SuperuserURL(t, ownerURL)
	conn, err := pgx.Connect(ctx, superURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	appURL, password, err := postgres.AppRoleURL(superURL, role)
	if err != nil {
		t.Fatal(err)
	}
	if err := postgres.EnsureAppRole(ctx, conn, role, password); err != nil {
		t.Fatal(err)
	}
	if err := postgres.GrantAppPrivileges(ctx, conn, role); err != nil {
		t.Fatal(err)
	}
	open := func(u string) *postgres.DB {
		pool, err := pgxpool.New(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
		return postgres.New(pool)
	}
	return open(appURL), open(ownerURL)
}

func TestAppRoleCannotTamperWithTheLogs(t *testing.T) {
	app, owner := appRoleDB(t, "mentorspor_test_guard")
	var user string
	if err := app.Pool.QueryRow(ctx, `SELECT current_user`).Scan(&user); err != nil || user != "mentorspor_test_guard" {
		t.Fatalf("connected as %q (%v)", user, err)
	}
	// The app's own work, through the app role, leaves rows in both logs.
	app.SetClock(func() time.Time { return time.Date(2025, 3, 10, 10, 0, 0, 0, time.UTC) })
	if err := demo.Seed(ctx, app); err != nil {
		t.Fatalf("seed demo as the app role: %v", err)
	}
	// Everything else the app does works.
	if err := app.Ready(ctx); err != nil {
		t.Fatalf("ready: %v", err)
	}
	if err := app.CheckAppRole(ctx); err != nil {
		t.Fatalf("the app role fails its own check: %v", err)
	}
	if _, err := app.Pool.Exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ('t', '\x00', now() - interval '1 hour')`); err != nil {
		t.Fatal(err)
	}
	if n, err := app.DeleteExpiredSessions(ctx); err != nil || n != 1 {
		t.Fatalf("delete expired sessions: %d %v", n, err)
	}
	cw := mustUser(t, app, "ny.sagsbehandler", domain.RoleCaseworker)
	citizen := mustCitizen(t, app, "0101901234", cw.ID)
	if _, err := app.UpdateCitizen(ctx, citizen.ID, domain.CitizenInput{CPR: "0101901234", Name: "Ny Borger", CaseworkerID: &cw.ID, Version: citizen.Version}); err != nil {
		t.Fatalf("update citizen: %v", err)
	}
	if err := app.LogAccess(ctx, domain.AccessEntry{UserID: &cw.ID, Username: cw.Username, Action: domain.ActionView,
		CitizenID: &citizen.ID, Entity: "citizen", RequestID: "r1", IP: "127.0.0.1"}); err != nil {
		t.Fatalf("log access: %v", err)
	}
	if entries, total, err := app.FindAccessEntries(ctx, domain.AccessFilter{CitizenID: &citizen.ID}); err != nil || total != 3 || entries[0].Username != cw.Username { // the creation, the update (both logged by the store), the view
		t.Fatalf("find access entries: %d %v", total, err)
	}

	// Both logs hold rows; the app role can change none of them, nor the
	// tables, triggers or functions that keep them.
	before := countLogs(t, owner)
	if before[0] == 0 || before[1] == 0 {
		t.Fatalf("want rows in both logs, have %v", before)
	}
	for _, table := range postgres.AppendOnlyTables {
		for _, stmt := range []string{
			`UPDATE ` + table + ` SET citizen_id = citizen_id`,
			`DELETE FROM ` + table,
			`TRUNCATE ` + table,
			`ALTER TABLE ` + table + ` DISABLE TRIGGER ALL`,
			`ALTER TABLE ` + table + ` DISABLE TRIGGER ` + table + `_no_update_delete`,
			`DROP TRIGGER ` + table + `_no_truncate ON ` + table,
			`CREATE OR REPLACE FUNCTION ` + table + `_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$`,
			`DROP FUNCTION ` + table + `_refuse_change() CASCADE`,
			`ALTER TABLE ` + table + ` ADD COLUMN note text`,
			`ALTER TABLE ` + table + ` RENAME TO ` + table + `_old`,
			`DROP TABLE ` + table + ` CASCADE`,
			`SELECT id FROM ` + table + ` LIMIT 1 FOR UPDATE`,
		} {
			_, err := app.Pool.Exec(ctx, stmt)
			// The privilege system must refuse, not the triggers (their
			// message says "append-only"), which the owner could disable.
			var pgErr *pgconn.PgError
			if !errors.As(err, &pgErr) || pgErr.Code != "42501" || strings.Contains(pgErr.Message, "append-only") {
				t.Errorf("%s: want permission denied (42501), got %v", stmt, err)
			}
		}
	}
	for _, stmt := range []string{
		`SET session_replication_role = replica`, // would skip every trigger
		`CREATE TABLE public.shadow (id int)`,
		`CREATE SCHEMA mentorspor_test_guard`, // would shadow public through search_path's "$user"
		`INSERT INTO schema_migrations (version, dirty) VALUES (999, false)`,
	} {
		var pgErr *pgconn.PgError
		if _, err := app.Pool.Exec(ctx, stmt); !errors.As(err, &pgErr) || pgErr.Code != "42501" {
			t.Errorf("%s: want permission denied (42501), got %v", stmt, err)
		}
	}
	if after := countLogs(t, owner); after != before {
		t.Fatalf("the logs changed: %v, then %v", before, after)
	}

}

func countLogs(t *testing.T, db *postgres.DB) [2]int {
	t.Helper()
	var n [2]int
	if err := db.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM access_log), (SELECT count(*) FROM phase_switches)`).Scan(&n[0], &n[1]); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCheckAppRoleRefusesTheOwner(t *testing.T) {
	db := pgtest.NewDB(t) // connects as the tables' owner
	err := db.CheckAppRole(ctx)
	if err == nil || !strings.Contains(err.Error(), "access_log: owns it") || !strings.Contains(err.Error(), "phase_switches: owns it") {
		t.Fatalf("want refusal naming both logs, got %v", err)
	}
	if err := pgtest.NewAppDB(t).CheckAppRole(ctx); err != nil {
		t.Fatalf("the test app role: %v", err)
	}
}

// Tests (and app instances) on one server share roles: creating, updating
// and granting one role at once must not fail.
func TestEnsureAppRoleConcurrently(t *testing.T) {
	superURL := pgtest.SuperuserURL(t, pgtest.NewURL(t))
	role := fmt.Sprintf("mentorspor_test_race_%d", time.Now().UnixNano())
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, superURL)
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP OWNED BY `+role+`; DROP ROLE `+role); err != nil {
			t.Errorf("drop role: %v", err)
		}
	})
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for range 6 {
		wg.Go(func() {
			conn, err := pgx.Connect(ctx, superURL)
			if err != nil {
				errs <- err
				return
			}
			defer conn.Close(ctx)
			if err := postgres.EnsureAppRole(ctx, conn, role, "hemmelig"); err != nil {
				errs <- err
			}
			if err := postgres.GrantAppPrivileges(ctx, conn, role); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestAppRoleURL(t *testing.T) {
	a, pa, err := postgres.AppRoleURL("postgres://owner:s3cret@db.example:5432/mentorspor?sslmode=require", "mentorspor_app")
	if err != nil {
		t.Fatal(err)
	}
	if want := "postgres://mentorspor_app:" + pa + "@db.example:5432/mentorspor?sslmode=require"; a != want {
		t.Fatalf("got %s, want %s", a, want)
	}
	_, again, _ := postgres.AppRoleURL("postgres://owner:s3cret@db.example:5432/mentorspor?sslmode=require", "mentorspor_app")
	_, other, _ := postgres.AppRoleURL("postgres://owner:other@db.example:5432/mentorspor?sslmode=require", "mentorspor_app")
	if again != pa || other == pa || len(pa) < 32 {
		t.Fatalf("the password must follow the owner's: %q %q %q", pa, again, other)
	}
	_, r1, _ := postgres.AppRoleURL("postgres://owner@db.example/mentorspor", "mentorspor_app")
	_, r2, _ := postgres.AppRoleURL("postgres://owner@db.example/mentorspor", "mentorspor_app")
	if r1 == r2 || r1 == "" {
		t.Fatalf("without an owner password it must be random: %q %q", r1, r2)
	}
}

// Operations that manage the app role themselves copy the grants from the
// README: it must list exactly what serve runs.
func TestReadmeListsTheAppGrants(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range append([]string{`GRANT CONNECT ON DATABASE mentorspor TO "mentorspor_app"`}, postgres.AppGrants("mentorspor_app")...) {
		line := "\n" + strings.ReplaceAll(g, `"`, "") + ";\n"
		if !strings.Contains(string(readme), line) {
			t.Errorf("README.md does not list %q", strings.TrimSpace(line))
		}
	}
}
