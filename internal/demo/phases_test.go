package demo

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/postgres/pgtest"
)

func TestSeedPhases(t *testing.T) {
	tables := []string{"phase_switches", "coping_windows", "grants", "grant_revisions", "grant_revision_items", "goals"}
	db, first := seedTwice(t, tables...)
	checkDemoPhases(t, db, domain.DateOf(pgtest.Start()), true)

	// The phase log is append-only.
	for _, sql := range []string{`UPDATE phase_switches SET reason = 'ændret'`, `DELETE FROM phase_switches`} {
		_, err := db.Pool.Exec(ctx, sql)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "42501" {
			t.Errorf("%s: want refusal (42501), got %v", sql, err)
		}
	}
	if again := countRows(t, db.Pool, tables...); !maps.Equal(again, first) {
		t.Fatalf("the phase log changed: %v → %v", first, again)
	}
}

// demoExpiryNear is the latest one-month expiry on or before target.
func demoExpiryNear(target domain.Date) domain.Date {
	for s := target; ; s = s.AddDate(0, 0, -1) {
		if e := domain.CopingExpiry(s, 1); !e.After(target) {
			return e
		}
	}
}

func checkDemoPhases(t *testing.T, db *postgres.DB, today domain.Date, logIt bool) {
	t.Helper()
	q := db.Pool

	// Every switch the grants show is in the phase log, with the grants it
	// ended and made.
	zeroCount(t, q, "LAB ↔ § 85 switches missing from the phase log", `
		SELECT count(*) FROM grants a
		JOIN grants b ON b.citizen_id = a.citizen_id AND b.function <> a.function
			AND b.status IN ('bevilget', 'afsluttet') AND b.start_date = a.ended_on + 1
		WHERE a.status = 'afsluttet' AND b.start_date <= $1
		  AND NOT EXISTS (SELECT 1 FROM grants o WHERE o.citizen_id = a.citizen_id AND o.id NOT IN (a.id, b.id)
		      AND o.status IN ('bevilget', 'afsluttet')
		      AND a.ended_on BETWEEN o.start_date AND COALESCE(o.ended_on, o.end_date, 'infinity'))
		  AND NOT EXISTS (SELECT 1 FROM phase_switches ps WHERE ps.citizen_id = a.citizen_id AND ps.new_grant_id = b.id
		      AND ps.ended_grant_ids = ARRAY[a.id] AND ps.effective_on = b.start_date
		      AND ps.kind = CASE a.function WHEN 'mentor' THEN 'lab_til_85' ELSE '85_til_lab' END)`, today)
	zeroCount(t, q, "parallel grants missing from the phase log", `
		SELECT count(*) FROM grants a
		JOIN grants b ON b.citizen_id = a.citizen_id AND b.function <> a.function
			AND b.status IN ('bevilget', 'afsluttet') AND b.start_date > a.start_date
			AND b.start_date <= COALESCE(a.ended_on, a.end_date, 'infinity')
		WHERE a.status IN ('bevilget', 'afsluttet') AND b.start_date <= $1
		  AND NOT EXISTS (SELECT 1 FROM phase_switches ps WHERE ps.citizen_id = a.citizen_id AND ps.new_grant_id = b.id
		      AND ps.kind = 'tilfoej_parallel' AND ps.effective_on = b.start_date AND ps.ended_grant_ids = '{}'
		      AND ps.person_before_id = a.person_id AND ps.person_after_id = b.person_id
		      AND ps.same_person = (a.person_id = b.person_id))`, today)
	// And every row in it agrees with the grants.
	zeroCount(t, q, "phase-log rows that disagree with the grants", `
		SELECT count(*) FROM phase_switches ps
		JOIN citizens c ON c.id = ps.citizen_id
		LEFT JOIN grants n ON n.id = ps.new_grant_id
		WHERE ps.decided_by IS DISTINCT FROM c.caseworker_id OR ps.created_at > $2 OR btrim(ps.reason) = ''
		   OR ps.effective_on > $1
		   OR (n.id IS NOT NULL AND (n.citizen_id <> ps.citizen_id OR n.start_date <> ps.effective_on
		       OR n.person_id IS DISTINCT FROM ps.person_after_id))
		   OR ps.same_person <> (ps.person_before_id IS NULL OR ps.person_after_id IS NULL
		       OR ps.person_before_id = ps.person_after_id)
		   OR EXISTS (SELECT 1 FROM grants e WHERE e.id = ANY (ps.ended_grant_ids) AND (e.citizen_id <> ps.citizen_id
		       OR e.status <> 'afsluttet' OR e.ended_on <> ps.effective_on - 1 OR e.end_reason = ''))
		   OR (ps.kind IN ('lab_til_85', '85_til_lab') AND (cardinality(ps.ended_grant_ids) <> 1 OR n.id IS NULL
		       OR NOT EXISTS (SELECT 1 FROM grants e WHERE e.id = ps.ended_grant_ids[1]
		           AND e.person_id = ps.person_before_id AND lower(e.end_reason) = lower('Faseskift: ' || ps.reason)
		           AND e.function = CASE ps.kind WHEN 'lab_til_85' THEN 'mentor' ELSE 'stoettekontaktperson' END)))`, today, db.Now())

	kinds := map[string]int{}
	rows, err := q.Query(ctx, `SELECT kind, count(*) FROM phase_switches GROUP BY kind`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		kinds[k] = n
	}
	t.Logf("phase log: %v", kinds)
	if kinds["lab_til_85"] < 1 || kinds["85_til_lab"] < 1 || kinds["tilfoej_parallel"] < 5 || kinds["afslut_alle"] < 1 {
		t.Errorf("want every kind of switch in the demo, got %v", kinds)
	}
	var different, endAll int
	if err := q.QueryRow(ctx, `SELECT count(*) FILTER (WHERE kind = 'tilfoej_parallel' AND NOT same_person),
		count(*) FILTER (WHERE kind = 'afslut_alle' AND cardinality(ended_grant_ids) = 2 AND new_grant_id IS NULL)
		FROM phase_switches`).Scan(&different, &endAll); err != nil {
		t.Fatal(err)
	}
	if different < 1 || endAll < 1 {
		t.Errorf("want a parallel grant held by another person (%d) and an end of all support (%d)", different, endAll)
	}

	// Case 2: LAB → § 85 → LAB with one person throughout.
	var roundTrip []string
	rows, err = q.Query(ctx, `
		SELECT c.name FROM phase_switches a
		JOIN phase_switches b ON b.citizen_id = a.citizen_id AND b.kind = '85_til_lab' AND a.new_grant_id = ANY (b.ended_grant_ids)
		JOIN citizens c ON c.id = a.citizen_id
		WHERE a.kind = 'lab_til_85' AND a.same_person AND b.same_person AND a.effective_on < b.effective_on
		  AND a.person_before_id = a.person_after_id AND b.person_before_id = a.person_after_id
		  AND b.person_after_id = a.person_before_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		roundTrip = append(roundTrip, name)
	}
	if len(roundTrip) == 0 {
		t.Error("no citizen went LAB → § 85 → LAB with the same person")
	}

	// At most one active grant per function, counting ended grants too.
	zeroCount(t, q, "overlapping grants of one function", `
		SELECT count(*) FROM grants a JOIN grants b ON b.citizen_id = a.citizen_id AND b.function = a.function AND a.id < b.id
		WHERE a.status <> 'kladde' AND b.status <> 'kladde'
		  AND daterange(a.start_date, COALESCE(a.ended_on, a.end_date), '[]')
		   && daterange(b.start_date, COALESCE(b.ended_on, b.end_date), '[]')`)

	// Coping windows.
	zeroCount(t, q, "windows on another citizen's grant, a § 85 grant or outside the grant", `
		SELECT count(*) FROM coping_windows w JOIN grants g ON g.id = w.grant_id
		WHERE g.citizen_id <> w.citizen_id OR g.function <> 'mentor' OR g.status NOT IN ('bevilget', 'afsluttet')
		   OR w.start_on < g.start_date OR w.start_on > COALESCE(g.ended_on, g.end_date)
		   OR w.created_at > $1 OR w.requested_at > $1 OR w.started_at > $1 OR w.decided_at > $1
		   OR (w.status IN ('aaben', 'afsluttet', 'omlagt') AND (w.started_by IS NULL OR btrim(w.need) = ''))`, db.Now())
	windows, err := db.FindCopingWindows(ctx, domain.CopingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var signe int64
	if err := q.QueryRow(ctx, `SELECT id FROM users WHERE username = 'sagsbehandler'`).Scan(&signe); err != nil {
		t.Fatal(err)
	}
	mine, err := db.FindCopingWindows(ctx, domain.CopingFilter{CaseworkerID: &signe})
	if err != nil {
		t.Fatal(err)
	}
	isMine := func(w domain.CopingWindow) bool {
		return slices.ContainsFunc(mine, func(m domain.CopingWindow) bool { return m.ID == w.ID })
	}
	byStatus := map[string][]domain.CopingWindow{}
	openPer := map[int64]int{}
	for _, w := range windows {
		byStatus[w.Status] = append(byStatus[w.Status], w)
		if logIt {
			day := func(d *domain.Date) string {
				if d == nil {
					return "-"
				}
				return fmt.Sprint(int(d.Sub(today).Hours() / 24))
			}
			t.Logf("window %-9s %-24s %-16s days %s..%s, %d coping sessions, signe's %v", w.Status, w.CitizenName,
				w.PersonName, day(w.Start), day(w.Expires), w.CopingSessions, isMine(w))
		}
		if w.Start != nil && (w.Expires == nil || !w.Expires.Equal(domain.CopingExpiry(*w.Start, 1))) {
			t.Errorf("window %d: %v–%v is not one month", w.ID, w.Start, w.Expires)
		}
		if w.Status == domain.CopingOpen {
			openPer[w.CitizenID]++
			g, err := db.FindGrantByID(ctx, w.GrantID)
			if err != nil || g.Function != domain.FunctionMentor || g.Status != domain.StatusGranted || !g.Active(today) ||
				!g.Active(*w.Start) {
				t.Errorf("open window %d on grant %d (%s, %s): %v", w.ID, w.GrantID, g.Function, g.Status, err)
			}
		}
	}
	for c, n := range openPer {
		if n > 1 {
			t.Errorf("citizen %d has %d open windows", c, n)
		}
	}

	// Open: 20 days left, 3 days left, 5 days overdue (or as near as the
	// calendar allows); the demo caseworker has the last two.
	for _, want := range []struct {
		name   string
		target domain.Date
		mine   bool
	}{
		{"20 days left", today.AddDate(0, 0, 20), false},
		{"3 days left", today.AddDate(0, 0, 3), true},
		{"5 days overdue", today.AddDate(0, 0, -5), true},
	} {
		expires := demoExpiryNear(want.target)
		var found []domain.CopingWindow
		for _, w := range byStatus[domain.CopingOpen] {
			if w.Expires.Equal(expires) {
				found = append(found, w)
			}
		}
		if len(found) != 1 {
			t.Errorf("%s: want one open window expiring %v, got %d", want.name, expires, len(found))
			continue
		}
		w := found[0]
		if expires.Equal(want.target) && w.DaysLeft(today) != int(want.target.Sub(today).Hours()/24) {
			t.Errorf("%s: %d days left", want.name, w.DaysLeft(today))
		}
		overdue := want.target.Before(today)
		if w.Overdue(today) != overdue || (overdue && w.DaysOverdue(today) < 5) || (!overdue && w.DaysLeft(today) < 0) {
			t.Errorf("%s: overdue %v (%d days), %d days left", want.name, w.Overdue(today), w.DaysOverdue(today), w.DaysLeft(today))
		}
		if w.DecidedAt != nil {
			t.Errorf("%s: open window is decided", want.name)
		}
		if want.mine && !isMine(w) {
			t.Errorf("%s: %s is not the demo caseworker's citizen", want.name, w.CitizenName)
		}
	}

	// A mentor's pending request for a citizen of the demo caseworker.
	requests := 0
	for _, w := range byStatus[domain.CopingRequested] {
		if !isMine(w) {
			continue
		}
		requests++
		if w.RequestedBy != w.PersonName || w.RequestedAt == nil || w.RequestNeed == "" || w.Start != nil ||
			domain.DateOf(*w.RequestedAt).Before(today.AddDate(0, 0, -7)) || domain.DateOf(*w.RequestedAt).After(today) {
			t.Errorf("request %d: by %q (grant's person %q) at %v, need %q", w.ID, w.RequestedBy, w.PersonName,
				w.RequestedAt, w.RequestNeed)
		}
	}
	if requests != 1 {
		t.Errorf("want one pending request for the demo caseworker's citizens, got %d", requests)
	}

	// Closed as met, around the run of everyday-coping sessions logged for
	// a LAB-only citizen; every other everyday-coping session is outside
	// any window ("uden for aftalt ramme").
	if met := byStatus[domain.CopingMet]; len(met) != 1 {
		t.Errorf("want one window closed as met, got %d", len(met))
	} else {
		w := met[0]
		if w.DecisionNote == "" || w.DecidedByName == "" || w.DecidedAt == nil || w.CopingSessions < 4 ||
			domain.DateOf(*w.DecidedAt).Before(*w.Start) {
			t.Errorf("met window %d: note %q by %q at %v, %d coping sessions", w.ID, w.DecisionNote, w.DecidedByName,
				w.DecidedAt, w.CopingSessions)
		}
		var outside, support int
		if err := q.QueryRow(ctx, `
			SELECT count(*) FILTER (WHERE s.occurred_on NOT BETWEEN $2 AND $3),
			       (SELECT count(*) FROM grants g WHERE g.citizen_id = $1 AND g.function <> 'mentor')
			FROM mentor_sessions s WHERE s.citizen_id = $1 AND s.everyday_coping AND s.discarded_at IS NULL`,
			w.CitizenID, *w.Start, *w.Expires).Scan(&outside, &support); err != nil {
			t.Fatal(err)
		}
		if outside != 0 || support != 0 {
			t.Errorf("met window %d (%s): %d of the citizen's coping sessions outside it, %d § 85 grants",
				w.ID, w.CitizenName, outside, support)
		}
		zeroCount(t, q, "other everyday-coping sessions inside a window", `
			SELECT count(*) FROM mentor_sessions s JOIN coping_windows w ON w.citizen_id = s.citizen_id
				AND s.occurred_on BETWEEN w.start_on AND w.expires_on
			WHERE s.everyday_coping AND w.id <> $1`, w.ID)
	}
	var flagged int
	if err := q.QueryRow(ctx, `SELECT count(*) FROM mentor_sessions s WHERE s.everyday_coping AND NOT EXISTS (
		SELECT 1 FROM coping_windows w WHERE w.citizen_id = s.citizen_id AND s.occurred_on BETWEEN w.start_on AND w.expires_on)`).
		Scan(&flagged); err != nil {
		t.Fatal(err)
	}
	if flagged < 1 {
		t.Error("want everyday-coping sessions outside any window for the flag to show")
	}

	// Converted to § 85 by the phase switch that made the mentor the
	// citizen's støttekontaktperson.
	if conv := byStatus[domain.CopingConverted]; len(conv) != 1 {
		t.Errorf("want one window converted to § 85, got %d", len(conv))
	} else {
		w := conv[0]
		switches, err := db.FindSwitches(ctx, domain.SwitchFilter{CitizenID: &w.CitizenID})
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(switches, func(s domain.PhaseSwitch) bool { return w.SwitchID != nil && s.ID == *w.SwitchID })
		switch {
		case i < 0:
			t.Errorf("converted window %d: switch %v is not the citizen's", w.ID, w.SwitchID)
		case switches[i].Kind != domain.SwitchLABTo85 && switches[i].Kind != domain.SwitchAddParallel:
			t.Errorf("converted window %d: switch %d is %s", w.ID, switches[i].ID, switches[i].Kind)
		case switches[i].Kind == domain.SwitchLABTo85 && !slices.Contains(switches[i].EndedGrantIDs, w.GrantID):
			t.Errorf("converted window %d: its grant %d is not the one the switch ended", w.ID, w.GrantID)
		case w.DecidedAt == nil || !w.DecidedAt.Equal(switches[i].CreatedAt) || w.DecisionNote != switches[i].Reason ||
			w.Expires.After(domain.DateOf(*w.DecidedAt)) || !switches[i].SamePerson:
			t.Errorf("converted window %d: decided %v (switch %v), note %q, expires %v", w.ID, w.DecidedAt,
				switches[i].CreatedAt, w.DecisionNote, w.Expires)
		}
	}
}
