// Package postgres stores Mentorspor's data in PostgreSQL. SQL sits inside
// the method that runs it; public methods own their transaction.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/golang-migrate/migrate/v4"
	pgxmigrate "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"mentorspor/internal/domain"
	"mentorspor/migrations"
)

// DB is the connection pool with the store methods on it.
type DB struct {
	Pool *pgxpool.Pool
	now  func() time.Time
}

// Open connects a pool to databaseURL and checks that the server answers.
func Open(ctx context.Context, databaseURL string, maxConns int32) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	// Each page runs short queries over what it shows, many at once. JIT
	// compiling one costs more than running it (0.6 s on a 1.5 s query here),
	// and starting parallel workers costs about 20 ms a query, while
	// concurrent requests already keep every core busy. Planning is paid
	// once per connection and statement, not on every execution: left to
	// choose, PostgreSQL re-planned most of the citizen page's statements on
	// every view (about 9 of its 22 ms of database time under load). The
	// queries are written for it: no "$1 IS NULL OR …" filters, whose one
	// plan would have to serve both cases. The URL may still set any of them.
	for k, v := range map[string]string{"jit": "off", "max_parallel_workers_per_gather": "0",
		"plan_cache_mode": "force_generic_plan"} {
		if _, set := cfg.ConnConfig.RuntimeParams[k]; !set {
			cfg.ConnConfig.RuntimeParams[k] = v
		}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open pool: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return New(pool), nil
}

// New wraps an existing pool.
func New(pool *pgxpool.Pool) *DB { return &DB{Pool: pool, now: time.Now} }

// SetClock replaces the clock (tests).
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// Now is the store's clock (tests read the day they run on from it).
func (db *DB) Now() time.Time { return db.now() }

// Close closes the pool.
func (db *DB) Close() { db.Pool.Close() }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.Pool.Ping(ctx) }

// inTx runs fn in one transaction: all or nothing.
func (db *DB) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, db.Pool, fn)
}

// Seed runs fn in one transaction for loading generated data (the demo
// municipality): it reads the store's clock once, sets the transaction's
// "mentorspor.demo_now" to that instant so seeding SQL caps its timestamps at
// the clock rather than the database server's time, and takes the seed lock,
// which serialises concurrent seeders (two app instances starting together).
// fn gets the instant; its error rolls everything back.
func (db *DB) Seed(ctx context.Context, fn func(ctx context.Context, tx pgx.Tx, now time.Time) error) error {
	now := db.now()
	return db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT set_config('mentorspor.demo_now', $1, true)`, now.UTC().Format(time.RFC3339Nano)); err != nil {
			return fmt.Errorf("demo clock: %w", err)
		}
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(727001)`); err != nil {
			return fmt.Errorf("seed lock: %w", err)
		}
		return fn(ctx, tx, now)
	})
}

// EnsureDatabase creates the database named in databaseURL when it is missing,
// connecting through the server's maintenance database "postgres".
func EnsureDatabase(ctx context.Context, databaseURL string) error {
	cfg, err := pgx.ParseConfig(databaseURL)
	if err != nil {
		return fmt.Errorf("parse database url: %w", err)
	}
	name := cfg.Database
	if name == "" || name == "postgres" {
		return nil
	}
	cfg.Database = "postgres"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connect to maintenance database: %w", err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return fmt.Errorf("look up database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" ENCODING 'UTF8' TEMPLATE template0")
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P04" { // created meanwhile by another process
		return nil
	}
	if err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}

// Migrator applies the embedded migrations under golang-migrate's advisory lock.
type Migrator struct {
	m *migrate.Migrate
}

// NewMigrator prepares a migrator for databaseURL.
func NewMigrator(databaseURL string) (*Migrator, error) {
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		return nil, fmt.Errorf("migration source: %w", err)
	}
	u := databaseURL
	for _, p := range []string{"postgres://", "postgresql://"} {
		if strings.HasPrefix(u, p) {
			u = "pgx5://" + strings.TrimPrefix(u, p)
		}
	}
	m, err := migrate.NewWithSourceInstance("iofs", src, u)
	if err != nil {
		return nil, fmt.Errorf("migrator: %w", err)
	}
	return &Migrator{m: m}, nil
}

// ErrDirty says a migration failed half-way; it is never forced automatically.
var ErrDirty = errors.New("the database schema is marked dirty: a migration failed half-way. " +
	"Inspect the database, repair it by hand, then run `mentorspor migrate force VERSION`")

// Up applies all pending migrations.
func (mg *Migrator) Up() error {
	if _, dirty, err := mg.m.Version(); err == nil && dirty {
		return ErrDirty
	}
	if err := mg.m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("migrate up: %w", err)
	}
	return nil
}

// Down rolls back n migrations.
func (mg *Migrator) Down(n int) error {
	if n < 1 {
		return errors.New("migrate down needs a positive number of steps")
	}
	if err := mg.m.Steps(-n); err != nil {
		return fmt.Errorf("migrate down %d: %w", n, err)
	}
	return nil
}

// Force marks the schema as being at version without running anything.
func (mg *Migrator) Force(version int) error { return mg.m.Force(version) }

// Version returns the applied version and the dirty flag (0 when none).
func (mg *Migrator) Version() (uint, bool, error) {
	v, dirty, err := mg.m.Version()
	if errors.Is(err, migrate.ErrNilVersion) {
		return 0, false, nil
	}
	return v, dirty, err
}

// Close releases the migrator's connections.
func (mg *Migrator) Close() error {
	srcErr, dbErr := mg.m.Close()
	return errors.Join(srcErr, dbErr)
}

// MigrateSQLDB applies the migrations through an open database/sql handle
// (used by the test-database template).
func MigrateSQLDB(db *sql.DB) error {
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		return err
	}
	driver, err := pgxmigrate.WithInstance(db, &pgxmigrate.Config{})
	if err != nil {
		return err
	}
	m, err := migrate.NewWithInstance("iofs", src, "pgx5", driver)
	if err != nil {
		return err
	}
	// Close releases the driver's dedicated connection (and db with it), so
	// the database can serve as a template afterwards.
	defer m.Close()
	return m.Up()
}

// LatestVersion is the highest migration version embedded in the binary.
func LatestVersion() (uint, error) {
	entries, err := fs.ReadDir(migrations.FS, ".")
	if err != nil {
		return 0, err
	}
	var latest uint
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		if !ok {
			continue
		}
		v, err := strconv.ParseUint(num, 10, 64)
		if err == nil && uint(v) > latest {
			latest = uint(v)
		}
	}
	return latest, nil
}

// Ready reports an error unless the database answers and its schema is at the
// version this binary carries.
func (db *DB) Ready(ctx context.Context) error {
	var version int64
	var dirty bool
	err := db.Pool.QueryRow(ctx, `SELECT version, dirty FROM schema_migrations LIMIT 1`).Scan(&version, &dirty)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	latest, err := LatestVersion()
	if err != nil {
		return err
	}
	if dirty || uint(version) != latest {
		return fmt.Errorf("schema at version %d (dirty=%v), binary expects %d", version, dirty, latest)
	}
	return nil
}

// RedactURL removes the password from a database URL for messages.
func RedactURL(databaseURL string) string {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return "(unparsable database url)"
	}
	return u.Redacted()
}

// notFound builds the not-found error for an entity.
func notFound(what string) error {
	return domain.Errorf(domain.ENOTFOUND, "%s findes ikke.", what)
}

// isUniqueViolation reports whether err is a unique-constraint violation of constraint.
func isUniqueViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" && (constraint == "" || pgErr.ConstraintName == constraint)
}

// byID scans the one row a lookup by id returns; no row is ENOTFOUND naming
// what was looked for ("Borgeren findes ikke.").
func byID[T any](scan func(pgx.Row) (T, error), row pgx.Row, what string) (T, error) {
	v, err := scan(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return v, notFound(what)
	}
	if err != nil {
		return v, fmt.Errorf("find %T: %w", v, err)
	}
	return v, nil
}

// queryAll runs a query and scans each row it returns; what names the query
// in errors ("find grants").
func queryAll[T any](ctx context.Context, db *DB, scan func(pgx.Row) (T, error), what, sql string, args ...any) ([]T, error) {
	rows, err := db.Pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (T, error) { return scan(r) })
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return list, nil
}
