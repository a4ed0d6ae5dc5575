package demo

import (
	"context"
	"errors"
	"maps"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/postgres/pgtest"
)

// citizenTables are what seedCitizens writes.
var citizenTables = []string{"citizens", "grants", "grant_revisions", "grant_revision_items", "adjustment_meetings",
	"mentor_profiles"}

func TestSeedCitizens(t *testing.T) {
	db, _ := seedTwice(t, citizenTables...)
	today := domain.DateOf(pgtest.Start())
	seed := func() time.Duration {
		t.Helper()
		start := time.Now()
		err := seedAt(db, today, func(ctx context.Context, tx pgx.Tx) error { return seedCitizens(ctx, tx, today) })
		if err != nil {
			t.Fatal(err)
		}
		return time.Since(start)
	}
	took := seed()
	first := countRows(t, db.Pool, citizenTables...)
	t.Logf("seeded %v in %v", first, took)
	checkDemoCitizens(t, db.Pool, today)
	checkDemoThroughStore(t, db, today)
	checkDemoSupportNeeds(t, db, today)

	seed()
	if err := Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	if again := countRows(t, db.Pool, citizenTables...); !maps.Equal(again, first) {
		t.Fatalf("seeding again changed the data: %v → %v", first, again)
	}
}

// TestSeedCitizensOnAwkwardDates seeds relative to month ends and leap
// days (in a transaction that is rolled back), where clamped periods and
// the one-active-grant-per-function constraint could bite.
func TestSeedCitizensOnAwkwardDates(t *testing.T) {
	db := pgtest.NewDB(t)
	for _, today := range []domain.Date{
		domain.MakeDate(2026, time.January, 31), domain.MakeDate(2028, time.February, 29),
		domain.MakeDate(2027, time.August, 31), domain.MakeDate(2026, time.December, 31),
		domain.MakeDate(2027, time.March, 1), domain.MakeDate(2030, time.June, 15),
	} {
		t.Run(today.Format("2006-01-02"), func(t *testing.T) {
			err := seedAt(db, today, func(ctx context.Context, tx pgx.Tx) error {
				for _, u := range []struct{ name, role string }{{"sagsbehandler", "sagsbehandler"},
					{"sagsbehandler2", "sagsbehandler"}, {"mentor", "mentor"}, {"mentor2", "mentor"}, {"mentor3", "mentor"}} {
					_, err := tx.Exec(ctx, `INSERT INTO users (username, display_name, roles, password_hash, is_demo)
						VALUES ($1, $1, ARRAY[$2], 'x', true)`, u.name, u.role)
					if err != nil {
						t.Fatal(err)
					}
				}
				if err := seedCitizens(ctx, tx, today); err != nil {
					t.Fatal(err)
				}
				checkDemoCitizens(t, tx, today)
				return errRollback
			})
			if !errors.Is(err, errRollback) {
				t.Fatal(err)
			}
		})
	}
}

// errRollback throws away a transaction that has been checked.
var errRollback = errors.New("rollback")

type seededGrant struct {
	id, citizenID, personID, createdBy, caseworker  int64
	function, code, budget, status, endReason, note string
	hours                                           float64
	start, review                                   time.Time
	end, followUp, endedOn, complaint               *time.Time
	previous                                        *int64
	revision                                        int
}

func (g seededGrant) activeOn(day time.Time) bool {
	return g.status == "bevilget" && !day.Before(g.start) && (g.end == nil || !day.After(*g.end))
}

func checkDemoCitizens(t *testing.T, q querier, today domain.Date) {
	t.Helper()

	// Citizens.
	rows, err := q.Query(ctx, `SELECT cpr, address_protected, caseworker_id, target_group_id IS NOT NULL FROM citizens`)
	if err != nil {
		t.Fatal(err)
	}
	var citizens, protected, withGroup int
	perCaseworker := map[int64]int{}
	for rows.Next() {
		var cpr string
		var prot, group bool
		var cw int64
		if err := rows.Scan(&cpr, &prot, &cw, &group); err != nil {
			t.Fatal(err)
		}
		citizens++
		if prot {
			protected++
		}
		if group {
			withGroup++
		}
		perCaseworker[cw]++
		c, msg := domain.ParseCPR(cpr)
		if msg != "" {
			t.Errorf("CPR %s: %s", c.Masked(), msg)
		} else if y := c.BirthDate().Year(); y < 1965 || y > 2004 {
			t.Errorf("CPR %s: born %d", c.Masked(), y)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if citizens < 35 || citizens > 45 {
		t.Errorf("want about 40 citizens, got %d", citizens)
	}
	if protected != 1 {
		t.Errorf("want exactly one citizen with address protection, got %d", protected)
	}
	if withGroup != citizens {
		t.Errorf("%d of %d citizens have a target group", withGroup, citizens)
	}
	if len(perCaseworker) != 2 {
		t.Errorf("want citizens split between two caseworkers, got %v", perCaseworker)
	}
	for cw, n := range perCaseworker {
		if n < 10 {
			t.Errorf("caseworker %d has only %d citizens", cw, n)
		}
	}

	// Grants.
	rows, err = q.Query(ctx, `
		SELECT g.id, g.citizen_id, g.person_id, g.created_by, c.caseworker_id, g.function, lb.code, b.name, g.status,
		       g.end_reason, g.extension_note, g.hours_per_week::float8, g.start_date, g.review_date, g.end_date,
		       g.follow_up_date, g.ended_on, g.complaint_info_on, g.previous_grant_id, g.revision
		FROM grants g JOIN citizens c ON c.id = g.citizen_id
		JOIN legal_bases lb ON lb.id = g.legal_basis_id JOIN budgets b ON b.id = g.budget_id
		ORDER BY g.id`)
	if err != nil {
		t.Fatal(err)
	}
	grants, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (seededGrant, error) {
		var g seededGrant
		return g, r.Scan(&g.id, &g.citizenID, &g.personID, &g.createdBy, &g.caseworker, &g.function, &g.code, &g.budget,
			&g.status, &g.endReason, &g.note, &g.hours, &g.start, &g.review, &g.end, &g.followUp, &g.endedOn,
			&g.complaint, &g.previous, &g.revision)
	})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]seededGrant{}
	statuses := map[string]int{}
	paperwork, decided := 0, 0
	for _, g := range grants {
		byID[g.id] = g
		statuses[g.status]++
		if g.createdBy != g.caseworker {
			t.Errorf("grant %d: created by %d, not the citizen's caseworker %d", g.id, g.createdBy, g.caseworker)
		}
		if !g.review.Equal(domain.AddMonthsClamped(g.start, 3)) {
			t.Errorf("grant %d: review %v for start %v", g.id, g.review, g.start)
		}
		switch g.function {
		case "mentor":
			if g.code != "LAB-167" || g.budget != "Beskæftigelse" || g.end == nil || g.end.After(domain.AddMonthsClamped(g.start, 6)) {
				t.Errorf("LAB grant %d: %s, %s, %v–%v", g.id, g.code, g.budget, g.start, g.end)
			}
		case "stoettekontaktperson":
			if g.code != "SEL-85" || g.budget != "Social" || g.end != nil || g.followUp == nil || g.followUp.Before(g.start) {
				t.Errorf("§ 85 grant %d: %s, %s, end %v, follow-up %v", g.id, g.code, g.budget, g.end, g.followUp)
			}
		}
		if g.status == "afsluttet" && (g.endedOn == nil || g.endReason == "" || g.endedOn.Before(g.start) ||
			(g.end != nil && g.endedOn.After(*g.end))) {
			t.Errorf("ended grant %d: ended %v (%q)", g.id, g.endedOn, g.endReason)
		}
		if g.status != "kladde" {
			decided++
			if g.complaint != nil {
				paperwork++
			}
		}
	}
	t.Logf("grants by status: %v", statuses)
	if statuses["kladde"] < 3 || statuses["kladde"] > 4 || statuses["bevilget"] < 20 || statuses["afsluttet"] < 5 {
		t.Errorf("want grants in every status, got %v", statuses)
	}
	if paperwork*10 < decided*8 {
		t.Errorf("klagevejledning registered on only %d of %d granted grants", paperwork, decided)
	}

	// Extensions: a new LAB grant from the day after the previous one ended.
	chains := 0
	for _, g := range grants {
		if g.previous == nil {
			continue
		}
		chains++
		p := byID[*g.previous]
		last := p.end
		if p.endedOn != nil {
			last = p.endedOn
		}
		if g.function != "mentor" || p.function != "mentor" || g.citizenID != p.citizenID || g.note == "" ||
			last == nil || !g.start.Equal(last.AddDate(0, 0, 1)) || p.status == "kladde" {
			t.Errorf("extension %d of %d: start %v, previous ends %v, note %q", g.id, p.id, g.start, last, g.note)
		}
	}
	if chains < 2 {
		t.Errorf("want at least two extension chains, got %d", chains)
	}

	// Case 2: one person holding both functions for a citizen at once; and
	// each mentor's caseload.
	type load struct {
		citizens map[int64]map[string]bool
		hours    float64
	}
	loads := map[int64]*load{}
	both := map[int64]map[string]int64{}
	for _, g := range grants {
		if !g.activeOn(today) {
			continue
		}
		l := loads[g.personID]
		if l == nil {
			l = &load{citizens: map[int64]map[string]bool{}}
			loads[g.personID] = l
		}
		if l.citizens[g.citizenID] == nil {
			l.citizens[g.citizenID] = map[string]bool{}
		}
		if l.citizens[g.citizenID][g.function] {
			t.Errorf("citizen %d has two active %s grants", g.citizenID, g.function)
		}
		l.citizens[g.citizenID][g.function] = true
		l.hours += g.hours
		if both[g.citizenID] == nil {
			both[g.citizenID] = map[string]int64{}
		}
		both[g.citizenID][g.function] = g.personID
	}
	samePerson := 0
	for _, fns := range both {
		if len(fns) == 2 && fns["mentor"] == fns["stoettekontaktperson"] {
			samePerson++
		}
	}
	if samePerson < 2 {
		t.Errorf("want several citizens with both functions held by the same person, got %d", samePerson)
	}
	rows, err = q.Query(ctx, `SELECT u.id, u.username, p.qualified_mentor, p.qualified_support, p.capacity_hours::float8
		FROM mentor_profiles p JOIN users u ON u.id = p.user_id WHERE u.username IN ('mentor', 'mentor2', 'mentor3')`)
	if err != nil {
		t.Fatal(err)
	}
	profiles := 0
	for rows.Next() {
		var id int64
		var name string
		var qm, qs bool
		var capacity float64
		if err := rows.Scan(&id, &name, &qm, &qs, &capacity); err != nil {
			t.Fatal(err)
		}
		profiles++
		l := loads[id]
		if l == nil {
			t.Errorf("%s has no active citizens", name)
			continue
		}
		t.Logf("%s: %d active citizens, %.2f h/week of %.0f", name, len(l.citizens), l.hours, capacity)
		if len(l.citizens) < 6 || len(l.citizens) > 12 || l.hours > capacity*1.1 || l.hours < capacity/2 {
			t.Errorf("%s: %d active citizens at %.2f h against %.0f h capacity", name, len(l.citizens), l.hours, capacity)
		}
		for _, g := range grants {
			if g.personID == id && ((g.function == "mentor" && !qm) || (g.function == "stoettekontaktperson" && !qs)) {
				t.Errorf("%s is not qualified for grant %d (%s)", name, g.id, g.function)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if profiles != 3 {
		t.Errorf("want three mentor profiles, got %d", profiles)
	}

	// Revisions: numbered 1..n, the grant row carries the latest, every
	// revision has a goal, a task and an exclusion, and revised grants differ.
	var revised, changed, broken, thin int
	err = q.QueryRow(ctx, `
		WITH cur AS (
			SELECT g.id, g.revision, g.person_id, g.hours_per_week, r.id AS rev_id, r.person_id AS rev_person,
			       r.hours_per_week AS rev_hours,
			       (SELECT max(number) FROM grant_revisions WHERE grant_id = g.id) AS max_number,
			       (SELECT count(*) FROM grant_revisions WHERE grant_id = g.id) AS revisions
			FROM grants g LEFT JOIN grant_revisions r ON r.grant_id = g.id AND r.number = g.revision),
		first AS (
			SELECT r.grant_id, r.id AS rev_id, r.person_id, r.hours_per_week FROM grant_revisions r WHERE r.number = 1)
		SELECT
			count(*) FILTER (WHERE cur.revision >= 2),
			count(*) FILTER (WHERE cur.revision >= 2 AND (cur.person_id <> first.person_id
				OR cur.hours_per_week <> first.hours_per_week
				OR (SELECT string_agg(text, '|' ORDER BY position) FROM grant_revision_items
				    WHERE revision_id = cur.rev_id AND kind = 'opgave')
				   <> (SELECT string_agg(text, '|' ORDER BY position) FROM grant_revision_items
				    WHERE revision_id = first.rev_id AND kind = 'opgave'))),
			count(*) FILTER (WHERE cur.rev_id IS NULL OR cur.rev_person <> cur.person_id
				OR cur.rev_hours <> cur.hours_per_week OR cur.max_number <> cur.revision OR cur.revisions <> cur.revision),
			(SELECT count(*) FROM grant_revisions r WHERE
				NOT EXISTS (SELECT 1 FROM grant_revision_items i WHERE i.revision_id = r.id AND i.kind = 'maal')
				OR NOT EXISTS (SELECT 1 FROM grant_revision_items i WHERE i.revision_id = r.id AND i.kind = 'opgave')
				OR NOT EXISTS (SELECT 1 FROM grant_revision_items i WHERE i.revision_id = r.id AND i.kind = 'undtagelse'))
		FROM cur LEFT JOIN first ON first.grant_id = cur.id`).Scan(&revised, &changed, &broken, &thin)
	if err != nil {
		t.Fatal(err)
	}
	if revised < 3 || changed != revised {
		t.Errorf("want at least three revised grants that differ from revision 1, got %d revised, %d changed", revised, changed)
	}
	if broken != 0 {
		t.Errorf("%d grants do not match their latest revision", broken)
	}
	if thin != 0 {
		t.Errorf("%d revisions lack a goal, a task or an exclusion", thin)
	}

	// Catalogue use: every grant carries its own function's standard
	// exclusions, and a § 85 grant's lines come from the § 85 catalogue (or
	// are free text), never from the LAB mentor's; most lines come from the
	// catalogue, a few are free text.
	var missingStandard, otherFunction, sel85Lines, fromCatalogue, freeText int
	err = q.QueryRow(ctx, `
		SELECT
			(SELECT count(*) FROM grants g JOIN grant_revisions r ON r.grant_id = g.id AND r.number = g.revision
			 JOIN catalogue_items ci ON ci.function = g.function
			 WHERE ci.kind = 'undtagelse' AND ci.standard AND ci.retired_at IS NULL
			   AND NOT EXISTS (SELECT 1 FROM grant_revision_items i WHERE i.revision_id = r.id AND i.catalogue_item_id = ci.id)),
			(SELECT count(*) FROM grant_revision_items i JOIN grant_revisions r ON r.id = i.revision_id
			 JOIN grants g ON g.id = r.grant_id JOIN catalogue_items ci ON ci.id = i.catalogue_item_id
			 WHERE ci.function <> g.function),
			(SELECT count(*) FROM grant_revision_items i JOIN grant_revisions r ON r.id = i.revision_id
			 JOIN grants g ON g.id = r.grant_id JOIN catalogue_items ci ON ci.id = i.catalogue_item_id
			 WHERE g.function = 'stoettekontaktperson' AND i.kind = 'opgave'),
			count(*) FILTER (WHERE catalogue_item_id IS NOT NULL),
			count(*) FILTER (WHERE catalogue_item_id IS NULL)
		FROM grant_revision_items WHERE kind IN ('opgave', 'undtagelse')`).
		Scan(&missingStandard, &otherFunction, &sel85Lines, &fromCatalogue, &freeText)
	if err != nil {
		t.Fatal(err)
	}
	if missingStandard != 0 || freeText == 0 || fromCatalogue < 2*freeText {
		t.Errorf("catalogue use: %d standard exclusions missing, %d catalogue lines, %d free-text lines",
			missingStandard, fromCatalogue, freeText)
	}
	if otherFunction != 0 || sel85Lines == 0 {
		t.Errorf("catalogue per function: %d lines from another function's catalogue, %d § 85 tasks from the § 85 catalogue",
			otherFunction, sel85Lines)
	}

	// Adjustment meetings: two, one linked to the revision it caused.
	var meetings, linked, future int
	err = q.QueryRow(ctx, `
		SELECT count(*), count(*) FILTER (WHERE r.grant_id = m.grant_id AND m.change_tasks),
		       count(*) FILTER (WHERE m.held_on > $1)
		FROM adjustment_meetings m LEFT JOIN grant_revisions r ON r.id = m.revision_id`, today).Scan(&meetings, &linked, &future)
	if err != nil {
		t.Fatal(err)
	}
	if meetings != 2 || linked != 1 || future != 0 {
		t.Errorf("meetings: %d, linked to their revision %d, in the future %d", meetings, linked, future)
	}
}

// checkDemoThroughStore reads the demo back through the store, as the pages
// do, and holds every grant to the rules a caseworker's form is held to.
func checkDemoThroughStore(t *testing.T, db *postgres.DB, today domain.Date) {
	t.Helper()
	citizens, total, err := db.FindCitizens(ctx, domain.CitizenFilter{Limit: 100})
	if err != nil || total != len(citizens) {
		t.Fatalf("find citizens: %d of %d, %v", len(citizens), total, err)
	}
	persons := map[int64]domain.Person{}
	list, err := db.FindPersons(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		persons[p.UserID] = p
	}
	for _, c := range citizens {
		grants, err := db.FindGrantsForCitizen(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range grants {
			person := persons[g.PersonID]
			in := domain.GrantInput{LegalBasisID: g.LegalBasis.ID, PersonID: g.PersonID, Purpose: g.Purpose,
				HoursPerWeek: g.HoursPerWeek, Start: g.Start, End: g.End, FollowUp: g.FollowUp, Review: g.Review,
				BudgetID: g.BudgetID, Goals: g.Goals, Tasks: g.Tasks, Exclusions: g.Exclusions}
			budget, err := db.FindBudgetByID(ctx, g.BudgetID)
			if err != nil {
				t.Fatal(err)
			}
			if err := domain.ValidateGrant(&in, g.LegalBasis, &person, &budget, today, domain.Validation{}); err != nil {
				t.Errorf("%s, grant %d: %v %v", c.Name, g.ID, err, domain.FieldErrors(err))
			}
			revs, err := db.FindRevisions(ctx, g.ID)
			if err != nil || len(revs) != g.Revision || revs[len(revs)-1].HoursPerWeek != g.HoursPerWeek ||
				revs[len(revs)-1].PersonID != g.PersonID {
				t.Errorf("%s, grant %d: revisions %d (current %d), %v", c.Name, g.ID, len(revs), g.Revision, err)
			}
			if _, err := db.FindMeetings(ctx, g.ID); err != nil {
				t.Errorf("meetings of grant %d: %v", g.ID, err)
			}
		}
	}
}
