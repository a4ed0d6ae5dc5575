package postgres_test

import (
	"io"
	"testing"
	"time"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/postgres/pgtest"
	"mentorspor/web/views"
)

// session logs a session of minutes on grant g on day, as its mentor.
func (f *fixture) session(t *testing.T, g domain.Grant, day string, minutes int) int64 {
	t.Helper()
	id, err := f.db.CreateSession(ctx, domain.SessionInput{GrantID: g.ID, OccurredOn: d(day), StartTime: "10:00",
		Minutes: minutes, Form: "fremmoede", Contact: "kontakt", Place: "uden_for_hjemmet", Direction: "uaendret"},
		f.mentor.ID, domain.Validation{})
	if err != nil {
		t.Fatalf("session %s: %v %v", day, domain.FieldErrors(err), err)
	}
	return id
}

// budgetFixture is one mentor holding a LAB grant (Beskæftigelse, 425 kr.)
// and a § 85 grant (Social, 390 kr.) for the same citizen, with sessions in
// October and November 2026 and one discarded session.
func budgetFixture(t *testing.T) (*fixture, domain.Grant, domain.Grant) {
	t.Helper()
	f := newFixture(t)
	f.db.SetClock(func() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) })
	lab := f.grant(t, f.labInput("2026-09-01"))
	sel := f.grant(t, f.selInput("2026-10-01"))
	f.session(t, lab, "2026-10-05", 60)
	f.session(t, lab, "2026-10-19", 25) // 177,0833 kr.: not a whole øre
	f.session(t, sel, "2026-10-20", 45)
	f.session(t, lab, "2026-11-02", 90)
	f.session(t, sel, "2026-11-03", 30)
	discarded := f.session(t, sel, "2026-11-04", 120)
	if err := f.db.DiscardSession(ctx, discarded, f.mentor.ID, "Registreret på forkert borger"); err != nil {
		t.Fatal(err)
	}
	return f, lab, sel
}

func TestBudgetReportPerBudgetPerMonth(t *testing.T) {
	f, _, _ := budgetFixture(t)
	rep, err := f.db.BudgetReport(ctx, d("2026-09-15"), d("2026-11-30"), domain.BudgetByMentor, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Budgets) != 2 || rep.Budgets[0].Name != "Beskæftigelse" || rep.Budgets[1].Name != "Social" {
		t.Fatalf("budgets: %+v", rep.Budgets)
	}
	if len(rep.Months) != 3 || !rep.Months[0].Month.Equal(d("2026-09-01")) {
		t.Fatalf("want September (empty), October and November, got %+v", rep.Months)
	}
	// Minutes and øre per month: [Beskæftigelse, Social].
	want := []struct {
		minutes [2]int
		ore     [2]int64
	}{
		{[2]int{0, 0}, [2]int64{0, 0}},
		// 85 min × 425 kr. = 602,0833 → 602,08; 45 min × 390 kr. = 292,50.
		{[2]int{85, 45}, [2]int64{60208, 29250}},
		// 90 min × 425 = 637,50; 30 min × 390 = 195,00; the discarded 120 minutes never count.
		{[2]int{90, 30}, [2]int64{63750, 19500}},
	}
	for i, w := range want {
		for b := range 2 {
			got := rep.Months[i].PerBudget[b]
			if got.Minutes != w.minutes[b] || got.CostOre != w.ore[b] {
				t.Errorf("%s %s: got %d min %d øre, want %d min %d øre", rep.Months[i].Month.Format("2006-01"),
					rep.Budgets[b].Name, got.Minutes, got.CostOre, w.minutes[b], w.ore[b])
			}
		}
	}
	// 175 min × 425 kr. = 1.239,5833 → 1.239,58; 75 min × 390 kr. = 487,50.
	if tot := rep.Total; tot.PerBudget[0].CostOre != 123958 || tot.PerBudget[1].CostOre != 48750 ||
		tot.Total.CostOre != 172708 || tot.Total.Minutes != 250 {
		t.Fatalf("totals: %+v", tot)
	}
	// One person, two functions: the mentor's row shows both budgets.
	if len(rep.Split) != 1 || rep.Split[0].ID != f.mentor.ID || rep.Split[0].PerBudget[0].Minutes != 175 ||
		rep.Split[0].PerBudget[1].Minutes != 75 {
		t.Fatalf("per mentor: %+v", rep.Split)
	}
	byCitizen, err := f.db.BudgetReport(ctx, d("2026-10-01"), d("2026-11-01"), domain.BudgetByCitizen, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(byCitizen.Split) != 1 || byCitizen.Split[0].ID != f.citizen.ID || byCitizen.Split[0].Name != f.citizen.Name ||
		byCitizen.Split[0].Total != rep.Total.Total {
		t.Fatalf("per citizen: %+v", byCitizen.Split)
	}
	// The CSV lines: month × budget × mentor × citizen, adding up to the page.
	lines, err := f.db.BudgetLines(ctx, d("2026-10-01"), d("2026-11-01"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 4 || lines[0].Budget != "Beskæftigelse" || lines[0].RateOre != 42500 || lines[0].Minutes != 85 ||
		lines[0].CostOre != 60208 || lines[1].Budget != "Social" || lines[3].Minutes != 30 {
		t.Fatalf("lines: %+v", lines)
	}
	// A period without sessions is empty, not an error.
	empty, err := f.db.BudgetReport(ctx, d("2025-01-01"), d("2025-01-01"), "", nil)
	if err != nil || len(empty.Months) != 1 || len(empty.Split) != 0 || empty.Total.Total.Minutes != 0 ||
		empty.By != domain.BudgetByMentor {
		t.Fatalf("empty period: %+v %v", empty, err)
	}
}

// TestBudgetCostStablePerCitizen: every line is priced on its own
// (domain.CostOre) and every figure above it is the sum of its lines, so a
// citizen's cost stays to the øre as other citizens' rows are added (issue
// 12: it shifted by 0,01 kr. when a total's rounding was shared out).
func TestBudgetCostStablePerCitizen(t *testing.T) {
	f := newFixture(t)
	f.db.SetClock(func() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) })
	first := f.grant(t, f.labInput("2026-06-01"))
	// 5 minutes at 425 kr. is 35,4166… kr.: 35,42 on its own.
	f.session(t, first, "2026-07-01", 5)
	citizenCost := func() int64 {
		rep, err := f.db.BudgetReport(ctx, d("2026-07-01"), d("2026-07-01"), domain.BudgetByCitizen, nil)
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		for _, l := range rep.Lines {
			if l.CostOre != domain.CostOre(l.Minutes, l.RateOre) {
				t.Errorf("line %+v: cost is not CostOre(minutes, rate)", l)
			}
			sum += l.CostOre
		}
		if rep.Total.Total.CostOre != sum {
			t.Errorf("total %d is not the sum of the lines %d", rep.Total.Total.CostOre, sum)
		}
		for _, r := range rep.Split {
			if r.ID == f.citizen.ID {
				return r.Total.CostOre
			}
		}
		t.Fatal("the citizen is missing from the report")
		return 0
	}
	// The month's statement (Månedsopgørelse) row is priced the same way.
	statementCost := func() int64 {
		st, err := f.db.FindStatement(ctx, "beskaeftigelse", d("2026-07-01"))
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		for _, r := range st.Rows {
			sum += r.CostOre
		}
		if st.Total.CostOre != sum {
			t.Errorf("statement total %d is not the sum of its rows %d", st.Total.CostOre, sum)
		}
		for _, r := range st.Rows {
			if r.CitizenID == f.citizen.ID {
				return r.CostOre
			}
		}
		t.Fatal("the citizen is missing from the statement")
		return 0
	}
	if got, st := citizenCost(), statementCost(); got != 3542 || st != 3542 {
		t.Fatalf("alone: %d øre (statement %d), want 3542", got, st)
	}
	for _, cpr := range []string{"0202802222", "0303703333", "0404604444"} {
		c := mustCitizen(t, f.db, cpr, f.caseworker.ID)
		id, err := f.db.CreateGrant(ctx, c.ID, f.labInput("2026-06-01"), domain.StatusGranted, f.caseworker.ID, domain.Validation{})
		if err != nil {
			t.Fatal(domain.FieldErrors(err))
		}
		g, _ := f.db.FindGrantByID(ctx, id)
		f.session(t, g, "2026-07-01", 5)
		if got, st := citizenCost(), statementCost(); got != 3542 || st != 3542 {
			t.Fatalf("with %s beside: %d øre (statement %d), want 3542", cpr, got, st)
		}
	}
}

func TestGrantDeliveryFlagsUnderdelivery(t *testing.T) {
	f, lab, sel := budgetFixture(t)
	// A grant that has run the whole window with nothing delivered.
	quiet := mustCitizen(t, f.db, "0303703333", f.caseworker.ID)
	in := f.labInput("2026-09-01")
	in.HoursPerWeek = 2
	qid, err := f.db.CreateGrant(ctx, quiet.ID, in, domain.StatusGranted, f.caseworker.ID, domain.Validation{})
	if err != nil {
		t.Fatal(domain.FieldErrors(err))
	}
	today := d("2026-11-24") // window 27.10–23.11
	if from, to := domain.DeliveryWindow(today); !from.Equal(d("2026-10-27")) || !to.Equal(d("2026-11-23")) {
		t.Fatalf("window %v–%v", from, to)
	}
	// Today's session is outside the window (it ends yesterday).
	f.session(t, lab, "2026-11-24", 60)
	rows, err := f.db.GrantDelivery(ctx, today, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]domain.GrantDeliveryRow{}
	for _, r := range rows {
		got[r.GrantID] = r
	}
	if len(rows) != 3 {
		t.Fatalf("want 3 active grants, got %+v", rows)
	}
	if q := got[qid]; q.DeliveredMinutes != 0 || q.Days != 28 || q.ExpectedHours() != 8 || !q.Under() ||
		q.ThresholdPercent != 50 || rows[0].GrantID != qid {
		t.Fatalf("grant without sessions: %+v (first row %d)", q, rows[0].GrantID)
	}
	// LAB: 3 h/week → 12 h expected, 90 minutes delivered (02.11) = 12,5 %.
	if l := got[lab.ID]; l.DeliveredMinutes != 90 || l.Function != domain.FunctionMentor || !l.Under() {
		t.Fatalf("LAB grant: %+v", l)
	}
	// § 85: 30 minutes (the discarded 120 do not count).
	if s := got[sel.ID]; s.DeliveredMinutes != 30 || s.Budget != "Social" {
		t.Fatalf("§ 85 grant: %+v", s)
	}
	// The threshold is a setting.
	if err := f.db.SetSetting(ctx, "flag_underdelivery_percent", "10"); err != nil {
		t.Fatal(err)
	}
	rows, _ = f.db.GrantDelivery(ctx, today, nil)
	for _, r := range rows {
		if r.GrantID == lab.ID && (r.Under() || r.ThresholdPercent != 10) {
			t.Fatalf("12,5 %% is not under 10 %%: %+v", r)
		}
	}
	// A grant that started inside the window is measured on the days it ran.
	late := mustCitizen(t, f.db, "0404604444", f.caseworker.ID)
	in = f.labInput("2026-11-17")
	lid, err := f.db.CreateGrant(ctx, late.ID, in, domain.StatusGranted, f.caseworker.ID, domain.Validation{})
	if err != nil {
		t.Fatal(domain.FieldErrors(err))
	}
	rows, _ = f.db.GrantDelivery(ctx, today, nil)
	for _, r := range rows {
		if r.GrantID == lid && (r.Days != 7 || r.ExpectedHours() != 3) {
			t.Fatalf("late grant: %+v", r)
		}
	}
}

// BenchmarkBudgetReport measures the budget page on the demo municipality
// for the default period (three whole months and the current one): the
// store's two queries alone, and with the page rendered.
func BenchmarkBudgetReport(b *testing.B) {
	db := pgtest.NewDB(b)
	if err := demo.Seed(ctx, db); err != nil {
		b.Fatal(err)
	}
	today := domain.DateOf(pgtest.Start())
	to := domain.MakeDate(today.Year(), today.Month(), 1)
	from := to.AddDate(0, -3, 0)
	b.Run("query", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.BudgetReport(ctx, from, to, domain.BudgetByMentor, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("page", func(b *testing.B) {
		for b.Loop() {
			rep, err := db.BudgetReport(ctx, from, to, domain.BudgetByCitizen, nil)
			if err != nil {
				b.Fatal(err)
			}
			page := views.BudgetReportPage{Base: views.Base{Title: "Budget", Path: "/rapporter/budget"},
				Form: views.BudgetPeriodForm{From: views.MonthInput(from), To: views.MonthInput(to), By: rep.By}, Report: &rep}
			if err := views.BudgetReportView(page).Render(ctx, io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestBudgetReportPerTeam: a team's report holds exactly the sessions its
// members wrote, the teams together hold the municipality's minutes, and a
// team's delivery follow-up lists only the grants its members hold.
func TestBudgetReportPerTeam(t *testing.T) {
	db := pgtest.NewDB(t)
	if err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	teams, err := db.FindTeams(ctx)
	if err != nil || len(teams) < 2 {
		t.Fatalf("teams: %v %v", teams, err)
	}
	today := domain.DateOf(db.Now())
	from, to := today.AddDate(0, -3, 0), today
	teamOf := map[int64]int64{}
	rows, err := db.Pool.Query(ctx, `SELECT id, COALESCE(team_id, 0) FROM users`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var u, tm int64
		if err := rows.Scan(&u, &tm); err != nil {
			t.Fatal(err)
		}
		teamOf[u] = tm
	}
	type key struct {
		month        domain.Date
		budget, a, c int64
	}
	all, err := db.BudgetLines(ctx, from, to, nil)
	if err != nil || len(all) == 0 {
		t.Fatalf("municipality: %d lines, %v", len(all), err)
	}
	want := map[key]int{}
	for _, l := range all {
		// A rate changed mid-month splits a key into a line per rate.
		want[key{l.Month, l.BudgetID, l.MentorID, l.CitizenID}] += l.Minutes
	}
	got := map[key]int{}
	allDelivery, err := db.GrantDelivery(ctx, today, nil)
	if err != nil {
		t.Fatal(err)
	}
	delivered := 0
	for _, team := range teams {
		lines, err := db.BudgetLines(ctx, from, to, &team.ID)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := db.BudgetReport(ctx, from, to, domain.BudgetByMentor, &team.ID)
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, l := range lines {
			if teamOf[l.MentorID] != team.ID {
				t.Errorf("team %s: a line by %s of another team", team.Name, l.Mentor)
			}
			got[key{l.Month, l.BudgetID, l.MentorID, l.CitizenID}] += l.Minutes
			sum += l.Minutes
		}
		if rep.Total.Total.Minutes != sum || len(rep.Lines) != len(lines) {
			t.Errorf("team %s: report total %d min over %d lines, lines %d min over %d", team.Name,
				rep.Total.Total.Minutes, len(rep.Lines), sum, len(lines))
		}
		rows, err := db.GrantDelivery(ctx, today, &team.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if teamOf[r.PersonID] != team.ID {
				t.Errorf("team %s: delivery lists %s of another team", team.Name, r.PersonName)
			}
		}
		delivered += len(rows)
	}
	if len(got) != len(want) {
		t.Fatalf("the teams' lines: %d, the municipality's: %d", len(got), len(want))
	}
	for k, m := range want {
		if got[k] != m {
			t.Errorf("%v: teams %d min, municipality %d", k, got[k], m)
		}
	}
	if delivered != len(allDelivery) {
		t.Errorf("the teams' delivery rows: %d, the municipality's: %d", delivered, len(allDelivery))
	}
}

// TestTeamCaseloadDeliveredHours: each mentor row's delivered hours over
// the delivery window are the minutes the mentor wrote on grants the mentor
// holds, as a plain query counts them.
func TestTeamCaseloadDeliveredHours(t *testing.T) {
	db := pgtest.NewDB(t)
	if err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	mentors, _, _, err := db.TeamCaseload(ctx, domain.CaseloadFilter{})
	if err != nil {
		t.Fatal(err)
	}
	from, to := domain.DeliveryWindow(domain.DateOf(db.Now()))
	some := 0
	for _, m := range mentors {
		var want float64
		if err := db.Pool.QueryRow(ctx, `
			SELECT COALESCE(sum(s.minutes), 0)::float8 / 60 FROM mentor_sessions s JOIN grants g ON g.id = s.grant_id
			WHERE s.author_id = $1 AND g.person_id = $1 AND s.discarded_at IS NULL AND s.occurred_on BETWEEN $2 AND $3`,
			m.UserID, from, to).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if m.Delivered4w != want {
			t.Errorf("%s: delivered %.2f h, want %.2f", m.Name, m.Delivered4w, want)
		}
		if want > 0 {
			some++
		}
	}
	if some == 0 {
		t.Fatal("no mentor delivered anything in the window: the test proves nothing")
	}
}
