package postgres_test

import (
	"sync"
	"time"

	"testing"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/postgres/pgtest"
)

// staleFacts counts the citizens whose kept facts differ from the facts
// computed afresh from the tables, or who have no row.
func staleFacts(t *testing.T, db *postgres.DB) int {
	t.Helper()
	var n int
	err := db.Pool.QueryRow(ctx, `
		SELECT count(*) FROM citizen_facts f
		FULL JOIN citizen_facts_compute(ARRAY(SELECT id FROM citizens)) x ON x.citizen_id = f.citizen_id
		-- a citizen with no row has no facts: nothing written yet
		WHERE f.citizen_id IS NULL OR x.citizen_id IS NULL OR row(f.*) IS DISTINCT FROM row(x.*)`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCitizenFactsFollowEveryWrite changes sessions, coping windows and
// concerns in every way the app and the database allow and checks that the
// kept facts always equal the facts computed from the tables.
func TestCitizenFactsFollowEveryWrite(t *testing.T) {
	db := pgtest.NewDB(t)
	if err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	seedFlagVariety(t, db, domain.DateOf(pgtest.Start()))
	var kept int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM citizen_facts WHERE recent_on <> '{}'`).Scan(&kept); err != nil || kept < 100 {
		t.Fatalf("facts kept for %d citizens with sessions (%v)", kept, err)
	}
	if n := staleFacts(t, db); n != 0 {
		t.Fatalf("after the demo and the generated rows: %d citizens' facts are stale", n)
	}
	// A grant moves only between budgets of its own administration.
	if _, err := db.Pool.Exec(ctx, `UPDATE grants SET budget_id = CASE WHEN budget_id = 1 THEN 2 ELSE 1 END WHERE id % 4 = 0`); err == nil {
		t.Fatal("a grant moved to the other administration's budget")
	}
	for _, change := range []string{
		`INSERT INTO budgets (name, administration) SELECT name || ', projekt', administration FROM budgets`,
		`UPDATE mentor_sessions SET discarded_at = now(), discard_reason = 'fejl' WHERE id % 7 = 0 AND discarded_at IS NULL`,
		`UPDATE mentor_sessions SET discarded_at = NULL, discard_reason = '' WHERE id % 14 = 0`,
		`UPDATE mentor_sessions SET occurred_on = occurred_on - 30 WHERE id % 5 = 0`,
		`UPDATE mentor_sessions SET contact = 'udeblevet', direction = 'vaek', everyday_coping = NOT everyday_coping WHERE id % 3 = 0`,
		`UPDATE mentor_sessions SET start_time = '23:00' WHERE id % 4 = 0`,
		`DELETE FROM session_tasks WHERE session_id IN (SELECT id FROM mentor_sessions WHERE id % 11 = 0);
		 DELETE FROM session_goal_scores WHERE session_id IN (SELECT id FROM mentor_sessions WHERE id % 11 = 0);
		 UPDATE concerns SET session_id = NULL WHERE session_id IN (SELECT id FROM mentor_sessions WHERE id % 11 = 0);
		 DELETE FROM mentor_sessions WHERE id % 11 = 0`,
		`UPDATE coping_windows SET status = 'afsluttet', decided_at = now() WHERE status = 'aaben' AND id % 2 = 0`,
		`UPDATE coping_windows SET start_on = start_on - 60 WHERE start_on IS NOT NULL AND id % 3 = 0`,
		`UPDATE concerns SET status = 'afsluttet' WHERE id % 2 = 0`,
		`UPDATE concerns SET status = 'ny' WHERE id % 4 = 0`,
		`UPDATE citizens SET caseworker_id = NULL WHERE id % 5 = 0`,
		`UPDATE citizens SET caseworker_id = (SELECT min(id) FROM users WHERE 'sagsbehandler' = ANY (roles)) WHERE id % 3 = 0`,
		`UPDATE grants SET status = 'afsluttet', ended_on = start_date + 10 WHERE status = 'bevilget' AND id % 3 = 0`,
		`UPDATE grants SET end_date = end_date + 400 WHERE end_date IS NOT NULL AND status = 'bevilget' AND id % 2 = 0`,
		`UPDATE grants SET start_date = start_date - 100 WHERE id % 7 = 0`,
		`INSERT INTO citizens (cpr, name) VALUES ('7777777777', 'Ny Borger')`,
	} {
		if _, err := db.Pool.Exec(ctx, change); err != nil {
			t.Fatalf("%s: %v", change, err)
		}
		if n := staleFacts(t, db); n != 0 {
			t.Fatalf("after %q: %d citizens' facts are stale", change, n)
		}
		checkConcernBadges(t, db)
	}
}

// checkConcernBadges compares every caseworker's badge, read from the kept
// counts, with a plain count of their citizens' new concerns.
func checkConcernBadges(t *testing.T, db *postgres.DB) {
	t.Helper()
	rows, _ := db.Pool.Query(ctx, `SELECT u.id, (SELECT count(*) FROM concerns k JOIN citizens c ON c.id = k.citizen_id
		WHERE c.caseworker_id = u.id AND k.status = 'ny') FROM users u WHERE 'sagsbehandler' = ANY (u.roles)`)
	type badge struct{ ID, Want int64 }
	badges, err := pgx.CollectRows(rows, pgx.RowToStructByPos[badge])
	if err != nil {
		t.Fatal(err)
	}
	some := false
	for _, b := range badges {
		got, err := db.CountNewConcerns(ctx, domain.ConcernFilter{CaseworkerID: &b.ID})
		if err != nil {
			t.Fatal(err)
		}
		if int64(got) != b.Want {
			t.Fatalf("caseworker %d's badge: %d new concerns, want %d", b.ID, got, b.Want)
		}
		some = some || b.Want > 0
	}
	if !some {
		t.Fatal("no caseworker has a new concern: the badge is not tested")
	}
}

// TestCitizenFactsUnderConcurrentWrites writes sessions for one citizen
// from several transactions at once: each refresh waits for the one before
// and reads its session, so no write is lost from the facts.
func TestCitizenFactsUnderConcurrentWrites(t *testing.T) {
	db := pgtest.NewDB(t)
	if err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	var grantID, citizenID, authorID int64
	if err := db.Pool.QueryRow(ctx, `SELECT id, citizen_id, person_id FROM grants WHERE status = 'bevilget' ORDER BY id LIMIT 1`).
		Scan(&grantID, &citizenID, &authorID); err != nil {
		t.Fatal(err)
	}
	const writers = 8
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	start := make(chan struct{})
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tx, err := db.Pool.Begin(ctx)
			if err != nil {
				errs <- err
				return
			}
			defer tx.Rollback(ctx)
			<-start
			// Each writer's session is newer than the last: the facts must
			// end with the newest, whatever order the commits come in.
			if _, err := tx.Exec(ctx, `INSERT INTO mentor_sessions (grant_id, citizen_id, author_id, occurred_on, start_time,
				minutes, form, contact, place, direction) VALUES ($1, $2, $3, DATE '2030-01-01' + $4::int, '10:00', 30, 'telefon',
				'kontakt', 'uden_for_hjemmet', 'mod')`, grantID, citizenID, authorID, i); err != nil {
				errs <- err
				return
			}
			errs <- tx.Commit(ctx)
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var last domain.Date
	if err := db.Pool.QueryRow(ctx, `SELECT last_contact_on FROM citizen_facts WHERE citizen_id = $1`, citizenID).Scan(&last); err != nil {
		t.Fatal(err)
	}
	if want := domain.MakeDate(2030, 1, writers); !last.Equal(want) {
		t.Fatalf("latest contact %s, want %s", last, want)
	}
	if n := staleFacts(t, db); n != 0 {
		t.Fatalf("%d citizens' facts are stale after concurrent writes", n)
	}
}

// TestMentorCaseloadMatchesSessions checks "Mine borgere" (minutes this week
// and month from one scan of the mentor's sessions; latest contact, open
// concerns and open window from the kept facts) against plain per-citizen
// queries, for every mentor, on days where the week starts in the month
// before and on the month's first day.
func TestMentorCaseloadMatchesSessions(t *testing.T) {
	db := pgtest.NewDB(t)
	if err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	seedFlagVariety(t, db, domain.DateOf(pgtest.Start()))
	rows, _ := db.Pool.Query(ctx, `SELECT DISTINCT person_id FROM grants WHERE status = 'bevilget' ORDER BY 1`)
	mentors, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(mentors) < 5 {
		t.Fatalf("%d mentors (%v)", len(mentors), err)
	}
	checked := 0
	for _, day := range []domain.Date{domain.DateOf(pgtest.Start()), domain.MakeDate(2026, 12, 2), domain.MakeDate(2026, 12, 1),
		domain.MakeDate(2026, 11, 30)} {
		now := day.Add(10 * time.Hour)
		db.SetClock(func() time.Time { return now })
		week := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		month := domain.MakeDate(day.Year(), day.Month(), 1)
		for _, m := range mentors {
			got, err := db.MentorCaseload(ctx, m)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range got {
				var weekMin, monthMin, concerns int
				var contact, expires *domain.Date
				if err := db.Pool.QueryRow(ctx, `SELECT
					COALESCE((SELECT sum(minutes) FROM mentor_sessions WHERE citizen_id = $1 AND author_id = $2
					          AND discarded_at IS NULL AND occurred_on BETWEEN $3 AND $5), 0),
					COALESCE((SELECT sum(minutes) FROM mentor_sessions WHERE citizen_id = $1 AND author_id = $2
					          AND discarded_at IS NULL AND occurred_on BETWEEN $4 AND $5), 0),
					(SELECT max(occurred_on) FROM mentor_sessions WHERE citizen_id = $1 AND discarded_at IS NULL AND contact = 'kontakt'),
					(SELECT count(*) FROM concerns WHERE citizen_id = $1 AND status <> 'afsluttet'),
					(SELECT expires_on FROM coping_windows WHERE citizen_id = $1 AND status = 'aaben')`,
					r.CitizenID, m, week, month, day).Scan(&weekMin, &monthMin, &contact, &concerns, &expires); err != nil {
					t.Fatal(err)
				}
				if r.WeekMinutes != weekMin || r.MonthMinutes != monthMin || r.OpenConcerns != concerns ||
					!sameDay(r.LastContact, contact) || !sameDay(r.CopingExpires, expires) {
					t.Fatalf("%s, mentor %d, citizen %d: week %d month %d contact %v concerns %d window %v; want %d %d %v %d %v",
						day.Format("02.01.2006"), m, r.CitizenID, r.WeekMinutes, r.MonthMinutes, r.LastContact, r.OpenConcerns,
						r.CopingExpires, weekMin, monthMin, contact, concerns, expires)
				}
				if weekMin > 0 {
					checked++
				}
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d rows with minutes this week: the data does not test the sums", checked)
	}
}

func sameDay(a, b *domain.Date) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Equal(*b))
}

// staleMonths counts the differences between the kept monthly sums and the
// sums of the sessions (rows summing to nothing are no line).
func staleMonths(t *testing.T, db *postgres.DB) int {
	t.Helper()
	var n int
	err := db.Pool.QueryRow(ctx, `
		WITH kept AS (SELECT grant_id, author_id, citizen_id, month, budget_id, minutes FROM session_months WHERE minutes <> 0),
		fresh AS (SELECT s.grant_id, s.author_id, s.citizen_id, date_trunc('month', s.occurred_on)::date AS month, g.budget_id,
		                 sum(s.minutes)::int AS minutes
		          FROM mentor_sessions s JOIN grants g ON g.id = s.grant_id WHERE s.discarded_at IS NULL GROUP BY 1, 2, 3, 4, 5)
		SELECT (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM fresh) a)
		     + (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT SELECT * FROM kept) b)`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSessionMonthsFollowEveryWrite changes sessions and grants' budgets in
// every way that moves delivered time and checks the budget report's kept
// monthly sums against the sessions after each change.
func TestSessionMonthsFollowEveryWrite(t *testing.T) {
	db := pgtest.NewDB(t)
	if err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	seedFlagVariety(t, db, domain.DateOf(pgtest.Start()))
	var rows int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM session_months WHERE minutes > 0`).Scan(&rows); err != nil || rows < 200 {
		t.Fatalf("%d monthly sums kept (%v)", rows, err)
	}
	if n := staleMonths(t, db); n != 0 {
		t.Fatalf("after the demo and the generated rows: %d monthly sums are stale", n)
	}
	// A grant moves only between budgets of its own administration.
	if _, err := db.Pool.Exec(ctx, `UPDATE grants SET budget_id = CASE WHEN budget_id = 1 THEN 2 ELSE 1 END WHERE id % 4 = 0`); err == nil {
		t.Fatal("a grant moved to the other administration's budget")
	}
	for _, change := range []string{
		`INSERT INTO budgets (name, administration) SELECT name || ', projekt', administration FROM budgets`,
		`UPDATE mentor_sessions SET discarded_at = now(), discard_reason = 'fejl' WHERE id % 7 = 0 AND discarded_at IS NULL`,
		`UPDATE mentor_sessions SET discarded_at = NULL, discard_reason = '' WHERE id % 14 = 0`,
		`UPDATE mentor_sessions SET minutes = minutes + 15 WHERE id % 5 = 0 AND minutes <= 585`,
		`UPDATE mentor_sessions SET occurred_on = occurred_on - 20 WHERE id % 3 = 0`,
		`UPDATE grants g SET budget_id = (SELECT p.id FROM budgets b JOIN budgets p ON p.name = b.name || ', projekt'
			WHERE b.id = g.budget_id) WHERE id % 4 = 0`,
		`DELETE FROM session_tasks WHERE session_id IN (SELECT id FROM mentor_sessions WHERE id % 11 = 0);
		 DELETE FROM session_goal_scores WHERE session_id IN (SELECT id FROM mentor_sessions WHERE id % 11 = 0);
		 UPDATE concerns SET session_id = NULL WHERE session_id IN (SELECT id FROM mentor_sessions WHERE id % 11 = 0);
		 DELETE FROM mentor_sessions WHERE id % 11 = 0`,
	} {
		if _, err := db.Pool.Exec(ctx, change); err != nil {
			t.Fatalf("%s: %v", change, err)
		}
		if n := staleMonths(t, db); n != 0 {
			t.Fatalf("after %q: %d monthly sums are stale", change, n)
		}
	}
}
