package postgres_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/postgres/pgtest"
)

// referenceFlags is the plain flag query as it was before the team page was
// scoped (every flag for every citizen with an active grant in the
// municipality, no date bound on the last contact): the fast query must give
// the same pairs and flags once the reference is filtered like the page.
const referenceFlags = `
	WITH active AS (
		SELECT g.* FROM grants g
		WHERE g.status IN ('bevilget', 'afsluttet') AND g.start_date <= $1 AND COALESCE(g.ended_on, g.end_date, $1) >= $1
	),
	pairs AS (
		SELECT a.citizen_id, a.person_id, array_agg(DISTINCT a.function) AS fns, sum(a.hours_per_week)::float8 AS hours,
		       min(a.start_date) AS since,
		       bool_or(a.end_date BETWEEN $1 AND $1::date + $2::int) AS ending,
		       bool_or(a.review_date <= $1 OR a.follow_up_date <= $1) AS review
		FROM active a GROUP BY a.citizen_id, a.person_id
	),
	citizen_fns AS (
		SELECT citizen_id, bool_or(function = 'mentor') AS has_mentor,
		       min(start_date) FILTER (WHERE function = 'stoettekontaktperson') AS sel_since
		FROM active GROUP BY citizen_id
	),
	last_contact AS (
		SELECT citizen_id, max(occurred_on) AS d FROM mentor_sessions
		WHERE discarded_at IS NULL AND contact = 'kontakt' AND citizen_id IN (SELECT citizen_id FROM active)
		GROUP BY citizen_id
	),
	ranked AS (
		SELECT citizen_id, direction,
		       row_number() OVER (PARTITION BY citizen_id ORDER BY occurred_on DESC, start_time DESC, id DESC) AS rn
		FROM mentor_sessions
		WHERE discarded_at IS NULL AND citizen_id IN (SELECT citizen_id FROM active)
		  AND occurred_on >= $1::date - 365
	),
	dir AS (
		SELECT citizen_id, count(*) AS n, count(*) FILTER (WHERE direction = 'mod') AS toward
		FROM ranked WHERE rn <= $3 GROUP BY citizen_id
	),
	coping AS (
		SELECT DISTINCT citizen_id FROM coping_windows
		WHERE status = 'aaben' AND expires_on <= $1::date + $4::int
	),
	outside AS (
		SELECT DISTINCT s.citizen_id FROM mentor_sessions s
		WHERE s.everyday_coping AND s.discarded_at IS NULL AND s.occurred_on >= $1::date - 90
		  AND s.citizen_id IN (SELECT citizen_id FROM active)
		  AND NOT EXISTS (SELECT 1 FROM coping_windows w WHERE w.citizen_id = s.citizen_id AND w.start_on IS NOT NULL
		                  AND s.occurred_on BETWEEN w.start_on AND w.expires_on)
	),
	open_concerns AS (
		SELECT DISTINCT citizen_id FROM concerns WHERE status <> 'afsluttet'
	)
	SELECT p.citizen_id, p.person_id, c.caseworker_id, u.active AND 'mentor' = ANY (u.roles), u.team_id, p.fns, p.hours,
	       coping.citizen_id IS NOT NULL,
	       COALESCE(p.ending, false),
	       COALESCE(p.review, false),
	       p.since < $1::date - $5::int AND (lc.d IS NULL OR lc.d < $1::date - $5::int),
	       (NOT cf.has_mentor AND cf.sel_since < $1::date - $6::int) OR (COALESCE(dir.n, 0) >= $3 AND dir.toward = 0),
	       outside.citizen_id IS NOT NULL,
	       open_concerns.citizen_id IS NOT NULL
	FROM pairs p
	JOIN citizens c ON c.id = p.citizen_id
	JOIN users u ON u.id = p.person_id
	JOIN citizen_fns cf ON cf.citizen_id = p.citizen_id
	LEFT JOIN last_contact lc ON lc.citizen_id = p.citizen_id
	LEFT JOIN dir ON dir.citizen_id = p.citizen_id
	LEFT JOIN coping ON coping.citizen_id = p.citizen_id
	LEFT JOIN outside ON outside.citizen_id = p.citizen_id
	LEFT JOIN open_concerns ON open_concerns.citizen_id = p.citizen_id`

type refPair struct {
	key          string // citizen/person/functions/hours/flags, comparable
	caseworkerID *int64
	mentor       bool
	teamID       *int64
}

func pairKey(citizenID, personID int64, fns []string, hours float64, flags map[string]bool) string {
	slices.Sort(fns)
	var on []string
	for _, k := range domain.Flags {
		if flags[k] {
			on = append(on, k)
		}
	}
	return fmt.Sprintf("%d/%d/%s/%.2f/%s", citizenID, personID, strings.Join(fns, "+"), hours, strings.Join(on, "+"))
}

func referencePairs(t *testing.T, db *postgres.DB, today domain.Date, fs domain.FlagSettings) []refPair {
	t.Helper()
	rows, err := db.Pool.Query(ctx, referenceFlags,
		today, fs.GrantEndDays, fs.DirectionSessions, fs.CopingDays, fs.NoContactDays, fs.SEL85OnlyDays)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (refPair, error) {
		var p refPair
		var citizenID, personID int64
		var fns []string
		var hours float64
		var b [7]bool
		err := r.Scan(&citizenID, &personID, &p.caseworkerID, &p.mentor, &p.teamID, &fns, &hours,
			&b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &b[6])
		flags := map[string]bool{}
		for i, k := range domain.Flags {
			flags[k] = b[i]
		}
		p.key = pairKey(citizenID, personID, fns, hours, flags)
		return p, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// seedFlagVariety adds generated citizens to the demo: several mentors in
// two teams (one inactive), caseworkers, mentor and § 85 grants active,
// ended, future and drafts, sessions over three years (some discarded, some
// after the clock day), everyday coping, coping windows and concerns.
func seedFlagVariety(t *testing.T, db *postgres.DB, day domain.Date) {
	t.Helper()
	_, err := db.Pool.Exec(ctx, fmt.Sprintf(`
		SELECT setseed(0.42);
		INSERT INTO teams (name) VALUES ('Gen A'), ('Gen B');
		INSERT INTO users (username, display_name, roles, team_id, password_hash, active)
		SELECT 'gm' || i, 'Gen Mentor ' || i, ARRAY['mentor'], (SELECT id FROM teams WHERE name = CASE WHEN i %% 2 = 0 THEN 'Gen A' ELSE 'Gen B' END),
		       'x', i <> 5
		FROM generate_series(1, 8) i;
		INSERT INTO users (username, display_name, roles, password_hash)
		SELECT 'gc' || i, 'Gen Sagsbehandler ' || i, ARRAY['sagsbehandler'], 'x' FROM generate_series(1, 3) i;
		INSERT INTO citizens (cpr, name, caseworker_id)
		SELECT '8' || lpad(i::text, 9, '0'), 'Gen Borger ' || i,
		       CASE WHEN i %% 4 = 0 THEN NULL ELSE (SELECT id FROM users WHERE username = 'gc' || (1 + i %% 3)) END
		FROM generate_series(1, 240) i;
		CREATE TEMP TABLE gm AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM users WHERE username LIKE 'gm%%' OR username LIKE 'mentor%%';
		CREATE TEMP TABLE gc AS SELECT row_number() OVER (ORDER BY id) AS i, id FROM citizens WHERE cpr LIKE '8%%';
		INSERT INTO grants (citizen_id, legal_basis_id, function, person_id, purpose, hours_per_week, start_date, end_date,
		                    follow_up_date, review_date, budget_id, status, ended_on)
		SELECT gc.id, 1, 'mentor', (SELECT id FROM gm WHERE k = (gc.i * 7) %% (SELECT count(*) FROM gm)), 'gen',
		       0.25 * (1 + floor(random() * 20)), s, s + 30 * (1 + floor(random() * 12))::int,
		       CASE WHEN random() < 0.3 THEN s + floor(random() * 200)::int END, s + floor(random() * 300)::int, 1,
		       st, CASE WHEN st = 'afsluttet' THEN s + floor(random() * 100)::int END
		FROM gc, LATERAL (SELECT '%[1]s'::date - floor(random() * 500)::int + 60 AS s,
		                         (ARRAY['bevilget', 'bevilget', 'bevilget', 'afsluttet', 'kladde'])[1 + floor(random() * 5)::int] AS st) d;
		INSERT INTO grants (citizen_id, legal_basis_id, function, person_id, purpose, hours_per_week, start_date, end_date,
		                    review_date, budget_id, status, ended_on)
		SELECT gc.id, 2, 'stoettekontaktperson',
		       CASE WHEN gc.i %% 3 = 0 THEN (SELECT person_id FROM grants WHERE citizen_id = gc.id)
		            ELSE (SELECT id FROM gm WHERE k = (gc.i * 5 + 1) %% (SELECT count(*) FROM gm)) END, 'gen',
		       1, s, CASE WHEN random() < 0.5 THEN s + 400 END, s + floor(random() * 300)::int, 2,
		       st, CASE WHEN st = 'afsluttet' THEN s + floor(random() * 200)::int END
		FROM gc, LATERAL (SELECT '%[1]s'::date - floor(random() * 400)::int AS s,
		                         (ARRAY['bevilget', 'bevilget', 'afsluttet'])[1 + floor(random() * 3)::int] AS st) d
		WHERE gc.i %% 2 = 0;
		INSERT INTO mentor_sessions (grant_id, citizen_id, author_id, occurred_on, start_time, minutes, form, contact, place,
		                             everyday_coping, direction, discarded_at, discard_reason)
		SELECT g.id, g.citizen_id, g.person_id, d, time '08:00' + floor(random() * 8) * interval '1 hour', 60, 'fremmoede',
		       (ARRAY['kontakt', 'kontakt', 'forsoegt', 'udeblevet'])[1 + floor(random() * 4)::int], 'uden_for_hjemmet',
		       random() < 0.15, (ARRAY['mod', 'uaendret', 'uaendret', 'vaek'])[1 + floor(random() * 4)::int],
		       CASE WHEN (g.id + n) %% 13 = 0 THEN now() END, CASE WHEN (g.id + n) %% 13 = 0 THEN 'fejl' ELSE '' END
		FROM grants g, generate_series(1, floor(random() * 14)::int) n,
		     LATERAL (SELECT LEAST(g.start_date + floor(random() * 600)::int, '%[1]s'::date + 70)
		                      - CASE WHEN g.citizen_id %% 3 = 0 THEN 400 ELSE 0 END AS d) o
		WHERE g.purpose = 'gen' AND g.status <> 'kladde';
		-- One session on an edge of a window a flag reads, for one of the clock
		-- days the test runs on (0, +30, -60, +200 days), for citizens whose
		-- other sessions are old.
		INSERT INTO mentor_sessions (grant_id, citizen_id, author_id, occurred_on, start_time, minutes, form, contact, place,
		                             everyday_coping, direction)
		SELECT g.id, g.citizen_id, g.person_id, '%[1]s'::date + shift - back, time '12:00', 60, 'telefon', 'kontakt',
		       'uden_for_hjemmet', back = 90, CASE WHEN back = 365 THEN 'mod' ELSE 'uaendret' END
		FROM grants g, unnest(ARRAY[0, 30, -60, 200]) shift, unnest(ARRAY[14, 40, 90, 365]) back
		WHERE g.purpose = 'gen' AND g.status <> 'kladde' AND g.function = 'mentor' AND g.citizen_id %% 3 = 0
		  AND shift = (ARRAY[0, 30, -60, 200])[1 + (g.citizen_id / 3) %% 4] AND back = (ARRAY[14, 40, 90, 365])[1 + (g.citizen_id / 12) %% 4];
		INSERT INTO coping_windows (citizen_id, grant_id, status, start_on, expires_on, decided_at)
		SELECT g.citizen_id, g.id, st, CASE WHEN st <> 'anmodet' THEN s END, CASE WHEN st <> 'anmodet' THEN s + 30 END,
		       CASE WHEN st = 'afsluttet' THEN now() END
		FROM grants g, LATERAL (SELECT '%[1]s'::date - floor(random() * 200)::int + 40 AS s,
		                               (ARRAY['aaben', 'afsluttet', 'anmodet', 'omlagt'])[1 + floor(random() * 4)::int] AS st) d
		WHERE g.purpose = 'gen' AND g.function = 'mentor' AND random() < 0.4 AND st <> 'omlagt';
		INSERT INTO concerns (citizen_id, reporter_id, category, urgency, description, status)
		SELECT gc.id, (SELECT id FROM gm LIMIT 1), 'barn', 'normal', 'gen',
		       (ARRAY['ny', 'kvitteret', 'afsluttet'])[1 + floor(random() * 3)::int]
		FROM gc WHERE random() < 0.2;
		ANALYZE;`, day.Format("2006-01-02")))
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
}

// TestFlagsMatchReference compares the scoped flag query with the plain
// reference on the demo plus generated rows, on several clock days and
// settings, for every team, all teams and every caseworker.
func TestFlagsMatchReference(t *testing.T) {
	db := pgtest.NewDB(t)
	if err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	seedFlagVariety(t, db, domain.DateOf(pgtest.Start()))
	var teams, caseworkers []int64
	for _, q := range []struct {
		sql string
		ids *[]int64
	}{{`SELECT id FROM teams ORDER BY id`, &teams}, {`SELECT DISTINCT caseworker_id FROM citizens WHERE caseworker_id IS NOT NULL ORDER BY 1`, &caseworkers}} {
		rows, _ := db.Pool.Query(ctx, q.sql)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			t.Fatal(err)
		}
		*q.ids = ids
	}
	if len(teams) < 4 || len(caseworkers) < 4 {
		t.Fatalf("teams %v, caseworkers %v", teams, caseworkers)
	}
	flagged := 0
	for _, setting := range []map[string]string{nil, {"flag_no_contact_days": "40", "flag_direction_sessions": "3", "flag_sel85_only_days": "30", "flag_coping_days": "20"}} {
		for k, v := range setting {
			if err := db.SetSetting(ctx, k, v); err != nil {
				t.Fatal(err)
			}
		}
		for _, shift := range []int{0, 30, -60, 200} {
			now := pgtest.Start().AddDate(0, 0, shift)
			db.SetClock(func() time.Time { return now })
			today := domain.DateOf(now)
			fs, err := db.FlagSettings(ctx)
			if err != nil {
				t.Fatal(err)
			}
			ref := referencePairs(t, db, today, fs)
			check := func(name string, f domain.CaseloadFilter, keep func(refPair) bool) {
				t.Helper()
				_, pairs, _, err := db.TeamCaseload(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				var got, want []string
				for _, p := range pairs {
					got = append(got, pairKey(p.CitizenID, p.PersonID, functionNames(p.Functions), p.HoursPerWeek, p.Flags))
				}
				for _, p := range ref {
					if keep(p) {
						want = append(want, p.key)
					}
				}
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Fatalf("%s on %s (%v): %d pairs, reference %d\ngot  %v\nwant %v", name, today, setting, len(got), len(want), got, want)
				}
				for _, k := range got {
					if !strings.HasSuffix(k, "/") {
						flagged++
					}
				}
			}
			check("all teams", domain.CaseloadFilter{}, func(p refPair) bool { return p.mentor })
			for _, team := range teams {
				check(fmt.Sprintf("team %d", team), domain.CaseloadFilter{TeamID: &team}, func(p refPair) bool {
					return p.mentor && p.teamID != nil && *p.teamID == team
				})
			}
			for _, cw := range caseworkers {
				check(fmt.Sprintf("caseworker %d", cw), domain.CaseloadFilter{CaseworkerID: &cw}, func(p refPair) bool {
					return p.caseworkerID != nil && *p.caseworkerID == cw
				})
			}
		}
	}
	if flagged < 100 {
		t.Fatalf("the generated data raises too few flags to compare: %d", flagged)
	}
}

func functionNames(fns []domain.Function) []string {
	var out []string
	for _, f := range fns {
		out = append(out, string(f))
	}
	return out
}
