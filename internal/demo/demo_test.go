package demo

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/postgres/pgtest"
)

// ctx carries an actor: the store logs every change of a citizen's data
// and refuses one that nobody answers for.
var ctx = domain.WithActor(context.Background(), domain.Actor{Username: "test", RequestID: "test"})

// querier is what both a pool and a transaction offer.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// rowCounts is the number of rows in each of some tables.
type rowCounts map[string]int

// countRows counts the rows of each of tables.
func countRows(t *testing.T, q querier, tables ...string) rowCounts {
	t.Helper()
	c := rowCounts{}
	for _, table := range tables {
		var n int
		if err := q.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{table}.Sanitize()).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		c[table] = n
	}
	return c
}

// seedTwice seeds the demo on a fresh database, then again, and fails when
// the second run changes the number of rows in any of tables: seeding is
// idempotent. It returns the database and the counts after the first run.
func seedTwice(t *testing.T, tables ...string) (*postgres.DB, rowCounts) {
	t.Helper()
	db := pgtest.NewDB(t)
	start := time.Now()
	if err := Seed(ctx, db); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	took := time.Since(start)
	first := countRows(t, db.Pool, tables...)
	t.Logf("Seed took %v: %v", took, first)
	if err := Seed(ctx, db); err != nil {
		t.Fatalf("seed demo again: %v", err)
	}
	if again := countRows(t, db.Pool, tables...); !maps.Equal(again, first) {
		t.Fatalf("seeding again changed the data: %v → %v", first, again)
	}
	return db, first
}

// seedAt runs fn in a seeding transaction on db's database with the clock
// at 07:30 on today (a store of its own on db's pool, so db's clock is left
// alone), for running a part of the seed alone. fn's error rolls it back.
func seedAt(db *postgres.DB, today domain.Date, fn func(ctx context.Context, tx pgx.Tx) error) error {
	at := demoTime(today, 7).Add(30 * time.Minute)
	store := postgres.New(db.Pool)
	store.SetClock(func() time.Time { return at })
	return store.Seed(ctx, func(ctx context.Context, tx pgx.Tx, _ time.Time) error { return fn(ctx, tx) })
}

// zeroCount asserts that a count(*) query finds nothing.
func zeroCount(t *testing.T, q querier, what, sql string, args ...any) {
	t.Helper()
	var n int
	if err := q.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if n != 0 {
		t.Errorf("%s: %d rows", what, n)
	}
}

func TestSeedIsIdempotentAndRefusesRealData(t *testing.T) {
	db := pgtest.NewDB(t)
	for i := 0; i < 2; i++ {
		if err := Seed(ctx, db); err != nil {
			t.Fatalf("seed %d: %v", i, err)
		}
	}
	users, total, _ := db.FindUsers(ctx, domain.UserFilter{Limit: 100})
	if total != len(Users) {
		t.Fatalf("want %d demo users, got %d", len(Users), total)
	}
	for _, u := range users {
		_, hash, _ := db.FindUserForLogin(ctx, u.Username)
		if !domain.CheckPassword(hash, Password) {
			t.Errorf("%s: demo password does not work", u.Username)
		}
	}
	teams, _ := db.FindTeams(ctx)
	if len(teams) != 2 {
		t.Fatalf("want 2 teams, got %d", len(teams))
	}
	if _, err := db.CreateUser(ctx, domain.UserInput{Username: "rigtig", DisplayName: "Test rigtig",
		Roles: domain.Roles{domain.RoleCaseworker}, Password: "korrekt-hest-batteri"}, 0); err != nil {
		t.Fatalf("create user: %v", err)
	}
	if err := Seed(ctx, db); err != ErrNotDemoDatabase {
		t.Fatalf("want refusal on real data, got %v", err)
	}
}
