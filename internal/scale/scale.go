// Package scale builds a national-scale data set around "Demo Kommune": at
// factor 1.0 about 100,000 citizens, 150,000 grants, 3 million sessions over
// three years, 1,000 staff in 40 teams and 10 million access-log rows. It
// writes with set-based SQL (INSERT … SELECT over generate_series) in a few
// large statements on one connection; every row passes the schema's
// constraints and triggers, so every page renders on the result.
//
// Generated staff sign in with the demo password under predictable names:
// mentor0001…, sagsbeh001…, teamleder01…, admin01…. The demo users get
// heavy but real loads: the demo team lead's team ("Mentorteam Nord") has
// about 15 mentors, the demo mentor about 25 active citizens, one of them
// with 400 sessions, and the demo caseworker a share of all citizens like
// every other caseworker's.
package scale

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
)

// Figures at factor 1.0; each is scaled linearly (at least 1).
const (
	Teams      = 38 // generated teams, beside the demo's two
	Mentors    = 700
	Caseworker = 250
	Admins     = 5
	Citizens   = 100_000
	Sessions   = 3_000_000
	AccessLog  = 10_000_000

	nordMentors     = 14  // generated mentors in "Mentorteam Nord", beside the demo mentor
	demoMentorExtra = 17  // generated active citizens given to the demo mentor
	longSessions    = 400 // sessions of the demo mentor's longest-running citizen
)

// Counts are the generated figures for one factor.
type Counts struct {
	Teams, Mentors, Caseworkers, Admins, Citizens int
	Sessions, AccessLog                           int64
}

// CountsFor scales the figures at 1.0 by factor, at least 1 of each.
func CountsFor(factor float64) Counts {
	n := func(v float64) int64 { return max(1, int64(math.Round(v*factor))) }
	return Counts{
		Teams: int(n(Teams)), Mentors: int(n(Mentors)), Caseworkers: int(n(Caseworker)), Admins: int(n(Admins)),
		Citizens: int(n(Citizens)), Sessions: n(Sessions), AccessLog: n(AccessLog),
	}
}

// ErrGenerated refuses a second run on the same database.
var ErrGenerated = errors.New("databasen har allerede skaleringsdata (brug --fresh for at starte forfra)")

// Generate seeds "Demo Kommune" (demo.SeedScript, which refuses a database
// holding non-demo users) and builds the bulk around it, dated relative to
// the store's clock. Progress goes to progress, one line per stage.
func Generate(ctx context.Context, db *postgres.DB, factor float64, progress io.Writer) (Counts, error) {
	if !(factor > 0) || factor > 100 {
		return Counts{}, fmt.Errorf("faktoren skal være over 0 og højst 100, ikke %v", factor)
	}
	c := CountsFor(factor)
	begin := time.Now()
	stage := func(name string, rows int64, started time.Time) {
		fmt.Fprintf(progress, "seed-scale: %-28s %11d rækker %8.1fs (i alt %.1fs)\n", name, rows,
			time.Since(started).Seconds(), time.Since(begin).Seconds())
	}
	t0 := time.Now()
	if _, err := demo.SeedScript(ctx, db); err != nil {
		return c, fmt.Errorf("demo: %w", err)
	}
	stage("demodata", 0, t0)

	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		return c, err
	}
	defer conn.Release()
	var done bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE username = 'mentor0001')`).Scan(&done); err != nil {
		return c, err
	}
	if done {
		return c, ErrGenerated
	}
	hash, err := domain.HashPassword(demo.Password)
	if err != nil {
		return c, err
	}
	now := db.Now()
	today := domain.DateOf(now)
	if err := setup(ctx, conn, c, today, now, hash); err != nil {
		return c, err
	}
	t0 = time.Now()
	restore, err := dropForLoad(ctx, conn)
	if err != nil {
		_ = restoreAfterLoad(context.WithoutCancel(ctx), conn, restore)
		return c, fmt.Errorf("prepare bulk load: %w", err)
	}
	stage("nøgler og indeks fjernet", int64(len(restore)), t0)
	if err := load(ctx, conn, stage); err != nil {
		if rerr := restoreAfterLoad(context.WithoutCancel(ctx), conn, restore); rerr != nil {
			return c, errors.Join(err, rerr)
		}
		return c, err
	}
	t0 = time.Now()
	if err := restoreAfterLoad(ctx, conn, restore); err != nil {
		return c, err
	}
	stage("nøgler og indeks genskabt", int64(len(restore)), t0)
	// VACUUM as well as ANALYZE: a database that has run for years has its
	// visibility map set by autovacuum, so index-only scans skip the table;
	// fresh bulk data would otherwise be measured as if it never had.
	t1 := time.Now()
	if _, err := conn.Exec(ctx, `VACUUM (ANALYZE)`); err != nil {
		return c, fmt.Errorf("vacuum analyze: %w", err)
	}
	stage("vacuum og analyze", 0, t1)
	if _, err := conn.Exec(ctx, `DISCARD TEMP`); err != nil {
		return c, fmt.Errorf("drop staging tables: %w", err)
	}
	return c, nil
}

// load runs the stages.
func load(ctx context.Context, conn *pgxpool.Conn, stage func(string, int64, time.Time)) error {
	for _, s := range stages {
		t := time.Now()
		var rows int64
		for _, q := range s.sql {
			tag, err := conn.Exec(ctx, q)
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			if tag.Insert() {
				rows += tag.RowsAffected()
			}
		}
		if s.each != "" {
			n, err := runChunks(ctx, conn, s.each, s.chunks, func(i int, rows int64) {
				stage(fmt.Sprintf("  %s %d/%d", s.name, i+1, s.chunks), rows, t)
			})
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			rows += n
		}
		stage(s.name, rows, t)
	}
	return nil
}

// setup prepares the session: no synchronous commit, generous memory, the
// parameter row and the deterministic random function.
func setup(ctx context.Context, conn *pgxpool.Conn, c Counts, today domain.Date, now time.Time, hash string) error {
	for _, q := range []string{
		`SET synchronous_commit = off`,
		`SET work_mem = '256MB'`,
		`SET maintenance_work_mem = '512MB'`,
		`SET jit = off`,
		`DROP TABLE IF EXISTS pg_temp.gp`,
		`CREATE OR REPLACE FUNCTION pg_temp.rnd(seed bigint, salt int) RETURNS float8
			LANGUAGE sql IMMUTABLE PARALLEL SAFE
			AS $$ SELECT (hashint8extended(seed, salt) & 4503599627370495)::float8 / 4503599627370496.0 $$`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return fmt.Errorf("setup: %w", err)
		}
	}
	_, err := conn.Exec(ctx, `
		CREATE TEMP TABLE gp AS
		SELECT $1::date AS today, $2::timestamptz AS now, $3::int AS nteams, $4::int AS nmentors,
			$5::int AS ncase, $6::int AS nadmin, $7::int AS ncit, $8::bigint AS nsessions, $9::bigint AS naccess,
			$10::text AS hash, least($4::int, $11::int) AS nnord, $12::int AS ndemo, $13::int AS nlong,
			(SELECT id FROM teams WHERE name = 'Mentorteam Nord') AS nord,
			(SELECT id FROM users WHERE username = 'mentor') AS demo_mentor,
			(SELECT id FROM users WHERE username = 'sagsbehandler') AS demo_case,
			(SELECT id FROM users WHERE username = 'teamleder') AS demo_lead,
			(SELECT id FROM legal_bases WHERE code = 'LAB-167') AS lab_id,
			(SELECT default_budget_id FROM legal_bases WHERE code = 'LAB-167') AS lab_budget,
			(SELECT id FROM legal_bases WHERE code = 'SEL-85') AS sel_id,
			(SELECT default_budget_id FROM legal_bases WHERE code = 'SEL-85') AS sel_budget`,
		today.Format(time.DateOnly), now, c.Teams, c.Mentors, c.Caseworkers, c.Admins, c.Citizens, c.Sessions,
		c.AccessLog, hash, nordMentors, demoMentorExtra, longSessions)
	if err != nil {
		return fmt.Errorf("setup: %w", err)
	}
	var missing bool
	if err := conn.QueryRow(ctx, `SELECT nord IS NULL OR demo_mentor IS NULL OR demo_case IS NULL OR demo_lead IS NULL
		OR lab_id IS NULL OR sel_id IS NULL FROM gp`).Scan(&missing); err != nil {
		return err
	}
	if missing {
		return errors.New("demodata eller lovgrundlag mangler (LAB-167, SEL-85, Mentorteam Nord, demobrugerne)")
	}
	return nil
}

// runChunks runs q once per chunk, with $1 the chunk number (0-based) and
// $2 the number of chunks.
func runChunks(ctx context.Context, conn *pgxpool.Conn, q string, chunks int, done func(int, int64)) (int64, error) {
	var rows int64
	for i := range chunks {
		tag, err := conn.Exec(ctx, q, i, chunks)
		if err != nil {
			return rows, err
		}
		rows += tag.RowsAffected()
		done(i, rows)
	}
	return rows, nil
}

// arr writes a Go string list as an SQL text array literal.
func arr(xs ...string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "'" + strings.ReplaceAll(x, "'", "''") + "'"
	}
	return "ARRAY[" + strings.Join(q, ", ") + "]::text[]"
}

// pick is an SQL expression choosing one element of a text array by a
// random number expression in [0, 1).
func pick(array, r string) string {
	return fmt.Sprintf("(%s)[1 + floor((%s) * cardinality(%s))::int]", array, r, array)
}
