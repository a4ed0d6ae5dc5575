package demo

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/postgres/pgtest"
)

func TestSeedSessions(t *testing.T) {
	db, _ := seedTwice(t, "mentor_sessions", "session_tasks", "session_goal_scores", "session_amendments", "concerns",
		"goals")
	today := domain.DateOf(pgtest.Start())
	checkDemoSessions(t, db, today)
}

// TestSeedSessionsDeterministic seeds two databases on the same fixed
// past day (a leap day) and expects the same log.
func TestSeedSessionsDeterministic(t *testing.T) {
	day := time.Date(2024, time.February, 29, 7, 30, 0, 0, domain.Copenhagen)
	var prints []string
	for range 2 {
		db := pgtest.NewDB(t)
		db.SetClock(func() time.Time { return day })
		if err := Seed(ctx, db); err != nil {
			t.Fatalf("seed demo: %v", err)
		}
		var print string
		err := db.Pool.QueryRow(ctx, `
			SELECT md5(string_agg(concat_ws('|', c.name, s.occurred_on, s.start_time, s.minutes, s.form, s.contact,
				s.place, s.everyday_coping, s.home_flag, s.direction, s.note, s.discarded_at IS NOT NULL,
				(SELECT string_agg(t.text, ';' ORDER BY t.position) FROM session_tasks t WHERE t.session_id = s.id),
				(SELECT string_agg(gl.text || '=' || sc.score, ';' ORDER BY gl.text) FROM session_goal_scores sc
				 JOIN goals gl ON gl.id = sc.goal_id WHERE sc.session_id = s.id)), E'\n' ORDER BY s.id))
			FROM mentor_sessions s JOIN citizens c ON c.id = s.citizen_id`).Scan(&print)
		if err != nil {
			t.Fatal(err)
		}
		prints = append(prints, print)
		checkDemoSessions(t, db, domain.DateOf(day))
	}
	if prints[0] != prints[1] {
		t.Errorf("two seeds on the same day differ: %s vs %s", prints[0], prints[1])
	}
}

func checkDemoSessions(t *testing.T, db *postgres.DB, today domain.Date) {
	t.Helper()
	q := db.Pool

	// Spread: citizens, days, and nothing in the future or outside a grant.
	var citizens, days int
	var first, last time.Time
	err := q.QueryRow(ctx, `SELECT count(DISTINCT citizen_id), max(occurred_on) - min(occurred_on), min(occurred_on),
		max(occurred_on) FROM mentor_sessions`).Scan(&citizens, &days, &first, &last)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("sessions for %d citizens from %s to %s", citizens, first.Format("2006-01-02"), last.Format("2006-01-02"))
	if citizens < 25 || days < 80 {
		t.Errorf("want sessions for ≥ 25 citizens over ≥ 80 days, got %d citizens over %d days", citizens, days)
	}
	zeroCount(t, q, "sessions in the future", `SELECT count(*) FROM mentor_sessions WHERE occurred_on > $1`, today)
	zeroCount(t, q, "sessions outside their grant", `
		SELECT count(*) FROM mentor_sessions s JOIN grants g ON g.id = s.grant_id
		WHERE s.occurred_on < g.start_date OR s.occurred_on > COALESCE(g.ended_on, g.end_date, 'infinity')
		   OR g.status NOT IN ('bevilget', 'afsluttet') OR s.citizen_id <> g.citizen_id`)
	zeroCount(t, q, "sessions not by the grant's person", `
		SELECT count(*) FROM mentor_sessions s JOIN grants g ON g.id = s.grant_id WHERE s.author_id <> g.person_id`)
	zeroCount(t, q, "sessions outside 08:00–16:00 or odd minutes", `
		SELECT count(*) FROM mentor_sessions
		WHERE start_time NOT BETWEEN '08:00' AND '16:00' OR minutes NOT BETWEEN 15 AND 135 OR minutes % 5 <> 0`)
	zeroCount(t, q, "a person in two places at once", `
		SELECT count(*) FROM mentor_sessions a JOIN mentor_sessions b ON a.author_id = b.author_id
			AND a.occurred_on = b.occurred_on AND a.id < b.id
		WHERE a.start_time < b.start_time + make_interval(mins => b.minutes)
		  AND b.start_time < a.start_time + make_interval(mins => a.minutes)`)

	// Registered a few minutes after the session, so only the last week's
	// sessions can still be corrected directly.
	zeroCount(t, q, "registered before the session or long after", `
		SELECT count(*) FROM mentor_sessions
		WHERE created_at < (occurred_on + start_time) AT TIME ZONE 'Europe/Copenhagen'
		   OR created_at > (occurred_on + start_time) AT TIME ZONE 'Europe/Copenhagen' + interval '3 hours'
		   OR updated_at < created_at`)
	var correctable, settled int
	if err := q.QueryRow(ctx, `SELECT count(*) FILTER (WHERE created_at > $1::timestamptz - interval '7 days'),
		count(*) FILTER (WHERE created_at < $1::timestamptz - interval '7 days') FROM mentor_sessions`, db.Now()).
		Scan(&correctable, &settled); err != nil {
		t.Fatal(err)
	}
	if today.Equal(domain.DateOf(db.Now())) && (correctable < 5 || settled < 100) {
		t.Errorf("want both correctable and settled sessions, got %d and %d", correctable, settled)
	}

	// Tasks are the current revision's, with their catalogue ids; scores on
	// the current revision's goals, 1–5; no tasks or scores without contact.
	zeroCount(t, q, "tasks not in the grant's current revision", `
		SELECT count(*) FROM session_tasks t
		JOIN mentor_sessions s ON s.id = t.session_id
		JOIN grants g ON g.id = s.grant_id
		JOIN grant_revisions r ON r.grant_id = g.id AND r.number = g.revision
		WHERE NOT EXISTS (SELECT 1 FROM grant_revision_items i WHERE i.revision_id = r.id AND i.kind = 'opgave'
			AND i.text = t.text AND i.catalogue_item_id IS NOT DISTINCT FROM t.catalogue_item_id)`)
	zeroCount(t, q, "scores not on the grant's current goals", `
		SELECT count(*) FROM session_goal_scores sc
		JOIN mentor_sessions s ON s.id = sc.session_id
		JOIN goals gl ON gl.id = sc.goal_id
		JOIN grants g ON g.id = s.grant_id
		JOIN grant_revisions r ON r.grant_id = g.id AND r.number = g.revision
		WHERE sc.score NOT BETWEEN 1 AND 5 OR gl.citizen_id <> s.citizen_id
		   OR NOT EXISTS (SELECT 1 FROM grant_revision_items i WHERE i.revision_id = r.id AND i.kind = 'maal'
			AND i.text = gl.text)`)
	zeroCount(t, q, "tasks or scores without contact", `
		SELECT count(*) FROM mentor_sessions s WHERE s.contact <> 'kontakt'
		  AND (EXISTS (SELECT 1 FROM session_tasks t WHERE t.session_id = s.id)
		    OR EXISTS (SELECT 1 FROM session_goal_scores sc WHERE sc.session_id = s.id))`)
	zeroCount(t, q, "contact sessions without tasks", `
		SELECT count(*) FROM mentor_sessions s WHERE s.contact = 'kontakt'
		  AND NOT EXISTS (SELECT 1 FROM session_tasks t WHERE t.session_id = s.id)`)

	// The mix of form, contact and direction.
	mix := map[string]int{}
	rows, err := q.Query(ctx, `SELECT 'form:' || form, count(*) FROM mentor_sessions GROUP BY 1
		UNION ALL SELECT 'contact:' || contact, count(*) FROM mentor_sessions GROUP BY 1
		UNION ALL SELECT g.function || ':' || s.direction, count(*) FROM mentor_sessions s
			JOIN grants g ON g.id = s.grant_id GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		mix[k] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("mix: %v", mix)
	for _, k := range []string{"form:fremmoede", "form:telefon", "form:ledsagelse", "contact:kontakt", "contact:forsoegt",
		"contact:udeblevet", "mentor:mod", "mentor:uaendret", "stoettekontaktperson:uaendret", "stoettekontaktperson:vaek"} {
		if mix[k] == 0 {
			t.Errorf("no sessions with %s", k)
		}
	}
	if mix["form:fremmoede"]+mix["form:telefon"] < (mix["form:video"]+mix["form:sms_mail"]+mix["form:ledsagelse"]+
		mix["form:virksomhedsbesoeg"])*2 || mix["contact:kontakt"] < 4*(mix["contact:forsoegt"]+mix["contact:udeblevet"]) {
		t.Errorf("want mostly fremmøde/telefon and mostly kontakt: %v", mix)
	}
	if mix["mentor:mod"] < mix["mentor:uaendret"]+mix["mentor:vaek"] ||
		mix["stoettekontaktperson:mod"] > mix["stoettekontaktperson:uaendret"] {
		t.Errorf("want mostly 'mod' on LAB and mostly not on § 85: %v", mix)
	}

	// Citizens with a running grant not reached for over 14 days.
	var silent int
	if err := q.QueryRow(ctx, `
		SELECT count(*) FROM citizens c
		WHERE EXISTS (SELECT 1 FROM grants g WHERE g.citizen_id = c.id AND g.status = 'bevilget'
			AND g.start_date <= $1 AND (g.end_date IS NULL OR g.end_date >= $1))
		  AND (SELECT max(s.occurred_on) FROM mentor_sessions s WHERE s.citizen_id = c.id AND s.contact = 'kontakt'
			AND s.discarded_at IS NULL) < $1::date - 14`, today).Scan(&silent); err != nil {
		t.Fatal(err)
	}
	if silent < 3 || silent > 6 {
		t.Errorf("want 3–6 running citizens without contact for 14 days, got %d", silent)
	}

	// Home visits, everyday coping, discarded and amended sessions.
	var homeFlagged, homeOK, coping, copingLAB, discarded, amended int
	if err := q.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE s.home_flag AND btrim(s.home_justification) <> ''),
		       count(*) FILTER (WHERE s.place = 'i_hjemmet' AND NOT s.home_flag),
		       count(*) FILTER (WHERE s.everyday_coping),
		       count(*) FILTER (WHERE s.everyday_coping AND g.function = 'mentor'),
		       count(*) FILTER (WHERE s.discarded_at IS NOT NULL AND s.discarded_by = s.author_id
		                          AND s.discard_reason = 'Registreret på forkert borger' AND s.discarded_at > s.created_at),
		       (SELECT count(*) FROM session_amendments a JOIN mentor_sessions m ON m.id = a.session_id
		        WHERE a.author_id = m.author_id AND a.created_at > m.created_at + interval '7 days'
		          AND m.version = 2 AND m.updated_at = a.created_at)
		FROM mentor_sessions s JOIN grants g ON g.id = s.grant_id`).
		Scan(&homeFlagged, &homeOK, &coping, &copingLAB, &discarded, &amended); err != nil {
		t.Fatal(err)
	}
	t.Logf("home flagged %d (home without flag %d), everyday coping %d (LAB %d), discarded %d, amended %d",
		homeFlagged, homeOK, coping, copingLAB, discarded, amended)
	if homeFlagged < 3 || homeFlagged > 5 || coping < 5 || coping > 8 || copingLAB < 2 || discarded < 1 || discarded > 2 ||
		amended < 1 {
		t.Error("want 3–5 home-flagged sessions, 5–8 everyday-coping ones (some LAB), 1–2 discarded and an amendment")
	}
	// The home flag is exactly "in the home on a grant that excludes it".
	zeroCount(t, q, "home flag disagrees with the grant's exclusions", `
		SELECT count(*) FROM mentor_sessions s
		JOIN grants g ON g.id = s.grant_id
		JOIN grant_revisions r ON r.grant_id = g.id AND r.number = g.revision
		WHERE s.home_flag IS DISTINCT FROM (s.place = 'i_hjemmet' AND EXISTS (SELECT 1 FROM grant_revision_items i
			WHERE i.revision_id = r.id AND i.kind = 'undtagelse' AND lower(i.text) LIKE '%hoveddør%'))`)

	// Concerns in every state, from the citizen's mentor, handled by staff.
	type concernRow struct {
		status, urgency, category string
		hasSession, reporterOK    bool
		ackByCaseworker, handled  bool
	}
	rows, err = q.Query(ctx, `
		SELECT k.status, k.urgency, k.category, k.session_id IS NOT NULL,
		       EXISTS (SELECT 1 FROM grants g WHERE g.citizen_id = k.citizen_id AND g.person_id = k.reporter_id
		               AND g.status IN ('bevilget', 'afsluttet'))
		         AND (k.session_id IS NULL OR EXISTS (SELECT 1 FROM mentor_sessions s WHERE s.id = k.session_id
		               AND s.citizen_id = k.citizen_id AND s.author_id = k.reporter_id AND s.created_at <= k.created_at)),
		       k.acknowledged_by IS NOT DISTINCT FROM c.caseworker_id AND k.acknowledged_at > k.created_at,
		       btrim(k.handling) <> '' AND btrim(k.outcome) <> '' AND k.handled_by IS NOT NULL
		         AND k.handled_at > k.acknowledged_at
		FROM concerns k JOIN citizens c ON c.id = k.citizen_id ORDER BY k.id`)
	if err != nil {
		t.Fatal(err)
	}
	concerns, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (concernRow, error) {
		var k concernRow
		return k, r.Scan(&k.status, &k.urgency, &k.category, &k.hasSession, &k.reporterOK, &k.ackByCaseworker, &k.handled)
	})
	if err != nil {
		t.Fatal(err)
	}
	byStatus := map[string]int{}
	acuteChild, linked := false, 0
	for _, k := range concerns {
		byStatus[k.status]++
		acuteChild = acuteChild || (k.status == "ny" && k.urgency == "akut" && k.category == "barn")
		if k.hasSession {
			linked++
		}
		if !k.reporterOK {
			t.Errorf("concern %+v: reporter is not the citizen's mentor", k)
		}
		switch k.status {
		case "ny":
			if k.ackByCaseworker || k.handled {
				t.Errorf("new concern %+v is acknowledged or handled", k)
			}
		case "kvitteret":
			if !k.ackByCaseworker || k.handled {
				t.Errorf("acknowledged concern %+v", k)
			}
		case "afsluttet":
			if !k.ackByCaseworker || !k.handled {
				t.Errorf("handled concern %+v", k)
			}
		}
	}
	t.Logf("concerns by status %v, %d linked to a session", byStatus, linked)
	if byStatus["ny"] < 1 || byStatus["kvitteret"] < 1 || byStatus["afsluttet"] < 2 || !acuteChild || linked < 2 {
		t.Errorf("want concerns in every state with an acute one about a child: %v, linked %d", byStatus, linked)
	}

	// Through the store: goal progress, mostly upward; the amendment; the
	// caseload's last contact.
	rows, err = q.Query(ctx, `SELECT s.citizen_id FROM session_goal_scores sc JOIN mentor_sessions s ON s.id = sc.session_id
		GROUP BY 1 HAVING count(*) >= 8 ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	scored, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	if len(scored) < 15 {
		t.Errorf("want ≥ 15 citizens with ≥ 8 goal scores, got %d", len(scored))
	}
	up, notUp := 0, 0
	for _, c := range scored {
		points, err := db.GoalProgress(ctx, c, domain.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if len(points) == 0 {
			t.Fatalf("citizen %d: no progress points", c)
		}
		slices.SortStableFunc(points, func(a, b domain.ProgressPoint) int { return a.On.Compare(b.On) })
		third := len(points) / 3
		var early, late int
		for _, p := range points[:third] {
			early += p.Score
		}
		for _, p := range points[len(points)-third:] {
			late += p.Score
		}
		if late > early {
			up++
		} else {
			notUp++
		}
	}
	t.Logf("goal scores trend up for %d citizens, not for %d", up, notUp)
	if up < 2*notUp || notUp == 0 {
		t.Errorf("want most citizens' scores to trend upward and a few not: %d up, %d not", up, notUp)
	}

	var amendedID int64
	if err := q.QueryRow(ctx, `SELECT session_id FROM session_amendments ORDER BY id LIMIT 1`).Scan(&amendedID); err != nil {
		t.Fatal(err)
	}
	s, err := db.FindSessionByID(ctx, amendedID)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Amendments) != 1 || !strings.HasPrefix(s.Amendments[0].Changes, "varighed ") ||
		!strings.HasSuffix(s.Amendments[0].Changes, fmt.Sprintf("→ %d min.", s.Minutes)) || len(s.Tasks) == 0 ||
		s.CorrectableBy(s.AuthorID, db.Now()) {
		t.Errorf("amended session: %+v", s)
	}

	var mentorID int64
	if err := q.QueryRow(ctx, `SELECT id FROM users WHERE username = 'mentor'`).Scan(&mentorID); err != nil {
		t.Fatal(err)
	}
	caseload, err := db.MentorCaseload(ctx, mentorID)
	if err != nil {
		t.Fatal(err)
	}
	withContact := 0
	for _, row := range caseload {
		if row.LastContact != nil {
			withContact++
		}
	}
	if len(caseload) < 5 || withContact < len(caseload)-1 {
		t.Errorf("mentor's caseload: %d citizens, %d with a last contact", len(caseload), withContact)
	}
}
