// Package pgtest gives each test its own freshly migrated PostgreSQL
// database, cloned from a template by pgtestdb.
package pgtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io/fs"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for pgtestdb
	"github.com/peterldowns/pgtestdb"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/migrations"
)

// DefaultURL is the development and CI server.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// migrator adapts the embedded golang-migrate files to pgtestdb.
type migrator struct{}

// AppRole is the role test servers run as, like the real server: it owns
// nothing. Its privileges are granted in the template, so every clone has them.
const (
	AppRole     = "mentorspor_test_app"
	appPassword = "mentorspor_test_app"
)

// Hash identifies the template by the content of every migration file and
// the app role's grants.
func (migrator) Hash() (string, error) {
	h := sha256.New()
	for _, g := range postgres.AppGrants(AppRole) {
		h.Write([]byte(g))
	}
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		if err != nil {
			return err
		}
		h.Write([]byte(path))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

// Migrate runs as the template's owner (pgtestdb's role, which cannot create
// roles): it migrates, then grants the app role, which NewURL has created.
func (migrator) Migrate(ctx context.Context, db *sql.DB, conf pgtestdb.Config) error {
	if err := postgres.MigrateSQLDB(db); err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, conf.URL())
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return postgres.GrantAppPrivileges(ctx, conn, AppRole)
}

// ServerConfig reads TEST_DATABASE_URL (or the default server).
func ServerConfig(tb testing.TB) pgtestdb.Config {
	tb.Helper()
	raw := os.Getenv("TEST_DATABASE_URL")
	if raw == "" {
		raw = DefaultURL
	}
	u, err := url.Parse(raw)
	if err != nil {
		tb.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	pw, _ := u.User.Password()
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	db := u.Path
	if len(db) > 0 {
		db = db[1:]
	}
	if db == "" {
		db = "postgres"
	}
	opts := u.Query()
	if opts.Get("sslmode") == "" {
		opts.Set("sslmode", "disable")
	}
	return pgtestdb.Config{
		DriverName: "pgx",
		Host:       u.Hostname(),
		Port:       port,
		User:       u.User.Username(),
		Password:   pw,
		Database:   db,
		Options:    opts.Encode(),
		// Pools in tests may leave idle connections behind.
		ForceTerminateConnections: true,
	}
}

// NewURL creates a fresh migrated database and returns its URL, connecting
// as the owner of its tables. A missing server fails the test (there is no
// skipping: CI must run everything).
func NewURL(tb testing.TB) string {
	tb.Helper()
	ensureAppRole(tb)
	return pgtestdb.Custom(tb, ServerConfig(tb), migrator{}).URL()
}

// Start is the instant every test's clock starts at: no test depends on the
// day it runs. It is 09:30 on 25.11.2026 in Copenhagen, a day on which the
// demo's first-choice citizens do not fit (the suite once failed on it);
// MENTORSPOR_TEST_DAY=YYYY-MM-DD runs the suite on another day.
func Start() time.Time {
	if day := os.Getenv("MENTORSPOR_TEST_DAY"); day != "" {
		d, err := time.ParseInLocation("2006-01-02", day, domain.Copenhagen)
		if err != nil {
			panic("MENTORSPOR_TEST_DAY: " + err.Error())
		}
		return d.Add(9*time.Hour + 30*time.Minute)
	}
	return time.Date(2026, time.November, 25, 9, 30, 0, 0, domain.Copenhagen)
}

// Clock is a clock that starts at Start when it is made and then ticks
// with real time, so events keep their order.
func Clock() func() time.Time {
	start, made := Start(), time.Now()
	return func() time.Time { return start.Add(time.Since(made)) }
}

// NewDB creates a fresh migrated database and returns a store on it that
// connects as the owner of the tables, with the test clock (see Start).
func NewDB(tb testing.TB) *postgres.DB {
	tb.Helper()
	return open(tb, NewURL(tb))
}

// NewAppDB creates a fresh migrated database and returns a store on it that
// connects as the app role, as the server does.
func NewAppDB(tb testing.TB) *postgres.DB {
	tb.Helper()
	return open(tb, AppURL(tb, NewURL(tb)))
}

// AppURL turns a test database's URL into the app role's.
func AppURL(tb testing.TB, databaseURL string) string {
	tb.Helper()
	u, err := url.Parse(databaseURL)
	if err != nil {
		tb.Fatalf("parse test database url: %v", err)
	}
	u.User = url.UserPassword(AppRole, appPassword)
	return u.String()
}

// SuperuserURL turns a test database's URL into one for the server's
// superuser (TEST_DATABASE_URL's role).
func SuperuserURL(tb testing.TB, databaseURL string) string {
	tb.Helper()
	conf := ServerConfig(tb)
	u, err := url.Parse(databaseURL)
	if err != nil {
		tb.Fatalf("parse test database url: %v", err)
	}
	u.User = url.UserPassword(conf.User, conf.Password)
	if conf.Password == "" {
		u.User = url.User(conf.User)
	}
	return u.String()
}

func open(tb testing.TB, databaseURL string) *postgres.DB {
	tb.Helper()
	pool, err := pgxpool.New(context.Background(), databaseURL)
	if err != nil {
		tb.Fatalf("open test pool: %v", err)
	}
	tb.Cleanup(pool.Close)
	db := postgres.New(pool)
	db.SetClock(Clock())
	return db
}

var appRole struct {
	once sync.Once
	err  error
}

// ensureAppRole creates the app role once per test binary, as the server's
// superuser (roles are shared by every database on the server).
func ensureAppRole(tb testing.TB) {
	tb.Helper()
	conf := ServerConfig(tb)
	appRole.once.Do(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, conf.URL())
		if err != nil {
			appRole.err = err
			return
		}
		defer conn.Close(ctx)
		appRole.err = postgres.EnsureAppRole(ctx, conn, AppRole, appPassword)
	})
	if appRole.err != nil {
		tb.Fatalf("create the test app role %s: %v", AppRole, appRole.err)
	}
}
