package postgres_test

import (
	"testing"
	"time"

	"mentorspor/internal/domain"
)

func mustRate(t *testing.T, f *fixture, budget string, from string, kr float64) {
	t.Helper()
	day := d(from)
	if err := f.db.CreateBudgetRate(ctx, f.budgets[budget], domain.RateInput{ValidFrom: &day, Cost: kr, CostTyped: true},
		f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatalf("rate %s from %s: %v %v", budget, from, domain.FieldErrors(err), err)
	}
}

// TestBudgetRateMidMonth: the rate changes on the 15th; the session of the
// 10th is priced at the old rate and the one of the 20th at the new, and an
// earlier month keeps its price when the new rate is added.
func TestBudgetRateMidMonth(t *testing.T) {
	f := newFixture(t)
	f.db.SetClock(func() time.Time { return time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC) })
	lab := f.grant(t, f.labInput("2026-09-01"))
	f.session(t, lab, "2026-10-06", 25)
	f.session(t, lab, "2026-11-10", 25)
	f.session(t, lab, "2026-11-20", 25)
	october := func() []domain.BudgetLine {
		lines, err := f.db.BudgetLines(ctx, d("2026-10-01"), d("2026-10-01"), nil)
		if err != nil {
			t.Fatal(err)
		}
		return lines
	}
	before := october()
	if len(before) != 1 || before[0].CostOre != 17708 {
		t.Fatalf("October before: %+v", before)
	}

	mustRate(t, f, "Beskæftigelse", "2026-11-15", 450)
	lines, err := f.db.BudgetLines(ctx, d("2026-11-01"), d("2026-11-01"), nil)
	if err != nil {
		t.Fatal(err)
	}
	// 25 min × 425 kr. = 177,08; 25 min × 450 kr. = 187,50.
	if len(lines) != 2 || lines[0].RateOre != 42500 || lines[0].CostOre != 17708 || lines[1].RateOre != 45000 ||
		lines[1].CostOre != 18750 || lines[0].Minutes != 25 || lines[1].Minutes != 25 {
		t.Fatalf("November: %+v", lines)
	}
	rep, err := f.db.BudgetReport(ctx, d("2026-10-01"), d("2026-11-01"), domain.BudgetByMentor, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Months[0].Total.CostOre != 17708 || rep.Months[1].Total.CostOre != 36458 {
		t.Fatalf("months: %+v", rep.Months)
	}
	if after := october(); len(after) != 1 || after[0] != before[0] {
		t.Fatalf("October re-priced: %+v, was %+v", after, before)
	}
	// The budget shows the rate in force today.
	b, err := f.db.FindBudgetByID(ctx, f.budgets["Beskæftigelse"])
	if err != nil || b.HourlyCost != 450 {
		t.Fatalf("budget now: %+v %v", b, err)
	}
	// The citizen's page prices the same way.
	costs, err := f.db.CitizenCosts(ctx, f.citizen.ID, 3)
	if err != nil {
		t.Fatal(err)
	}
	var nov float64
	for _, c := range costs {
		if c.Month.Equal(d("2026-11-01")) {
			nov += c.Cost
		}
	}
	if nov != 364.58 {
		t.Fatalf("citizen costs November: %v (%+v)", nov, costs)
	}
}

// TestStatementApproval: the team lead approves the job centre's month;
// the approved figures stay when a session is added after, which shows as
// a correction; a second approval is a conflict; the wrong role is
// refused; a new rate cannot start inside the approved month.
func TestStatementApproval(t *testing.T) {
	f := newFixture(t)
	f.db.SetClock(func() time.Time { return time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC) })
	lead := mustUser(t, f.db, "teamleder", domain.RoleTeamLead)
	social := mustUser(t, f.db, "socialraadgiver", domain.RoleSocialWorker)
	lab := f.grant(t, f.labInput("2026-09-01"))
	sel := f.grant(t, f.selInput("2026-10-01"))
	f.session(t, lab, "2026-11-02", 60)
	f.session(t, sel, "2026-11-03", 30)
	nov := d("2026-11-01")

	st, err := f.db.FindStatement(ctx, "beskaeftigelse", d("2026-11-17"))
	if err != nil {
		t.Fatal(err)
	}
	// Only the job centre's budget: the § 85 session is the social statement's.
	if st.Approval != nil || len(st.Rows) != 1 || st.Total != (domain.BudgetAmount{Minutes: 60, CostOre: 42500}) ||
		st.Rows[0].CitizenName != f.citizen.Name || st.Rows[0].PersonID != f.mentor.ID {
		t.Fatalf("statement: %+v", st)
	}

	for _, tc := range []struct {
		name  string
		adm   string
		month string
		user  domain.User
		code  string
	}{
		{"team lead on the social month", "social", "2026-11-01", lead, domain.EFORBIDDEN},
		{"social worker on the job centre's month", "beskaeftigelse", "2026-11-01", social, domain.EFORBIDDEN},
		{"caseworker", "beskaeftigelse", "2026-11-01", f.caseworker, domain.EFORBIDDEN},
		{"the current month", "beskaeftigelse", "2026-12-01", lead, domain.EINVALID},
		{"an unknown administration", "skat", "2026-11-01", lead, domain.ENOTFOUND},
	} {
		if _, err := f.db.ApproveStatement(ctx, tc.adm, d(tc.month), tc.user.ID, tc.user.Roles); domain.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	if st, _ := f.db.FindStatement(ctx, "social", nov); st.Approval != nil {
		t.Fatal("a refused approval was saved")
	}

	if _, err := f.db.ApproveStatement(ctx, "beskaeftigelse", nov, lead.ID, lead.Roles); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.ApproveStatement(ctx, "beskaeftigelse", nov, lead.ID, lead.Roles); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("second approval: %v, want a conflict", err)
	}
	if _, err := f.db.ApproveStatement(ctx, "social", nov, social.ID, social.Roles); err != nil {
		t.Fatalf("the social worker approves the social month: %v", err)
	}

	// A session added to the approved month after approval.
	f.session(t, lab, "2026-11-25", 30)
	st, err = f.db.FindStatement(ctx, "beskaeftigelse", nov)
	if err != nil {
		t.Fatal(err)
	}
	if st.Approval == nil || st.Approval.ApprovedBy != lead.DisplayName || st.Approval.Total != (domain.BudgetAmount{Minutes: 60, CostOre: 42500}) ||
		len(st.Approval.Rows) != 1 || st.Approval.Rows[0].BudgetAmount != (domain.BudgetAmount{Minutes: 60, CostOre: 42500}) {
		t.Fatalf("approved figures: %+v", st.Approval)
	}
	if st.Total != (domain.BudgetAmount{Minutes: 90, CostOre: 63750}) {
		t.Fatalf("current: %+v", st.Total)
	}
	c := st.Corrections()
	if len(c) != 1 || c[0].Difference != (domain.BudgetAmount{Minutes: 30, CostOre: 21250}) || c[0].CitizenID != f.citizen.ID ||
		st.CorrectionTotal() != (domain.BudgetAmount{Minutes: 30, CostOre: 21250}) {
		t.Fatalf("corrections: %+v", c)
	}

	// A rate may not start in or before the approved month.
	day := d("2026-11-20")
	err = f.db.CreateBudgetRate(ctx, f.budgets["Beskæftigelse"], domain.RateInput{ValidFrom: &day, Cost: 500, CostTyped: true},
		f.caseworker.ID, domain.Validation{})
	if domain.FieldErrors(err)["valid_from"] == "" {
		t.Fatalf("a rate inside the approved month: %v", err)
	}
	mustRate(t, f, "Beskæftigelse", "2026-12-01", 500)
	if st2, _ := f.db.FindStatement(ctx, "beskaeftigelse", nov); st2.Total != st.Total {
		t.Fatalf("a December rate re-priced November: %+v", st2.Total)
	}
	// A rate on the same day twice.
	day = d("2026-12-01")
	err = f.db.CreateBudgetRate(ctx, f.budgets["Beskæftigelse"], domain.RateInput{ValidFrom: &day, Cost: 510, CostTyped: true},
		f.caseworker.ID, domain.Validation{})
	if domain.FieldErrors(err)["valid_from"] != "Budgettet har allerede en timepris fra 01.12.2026." {
		t.Fatalf("same day twice: %v", err)
	}
	rates, err := f.db.FindBudgetRates(ctx, f.budgets["Beskæftigelse"])
	if err != nil || len(rates) != 2 || rates[0].CostOre != 42500 || !rates[1].ValidFrom.Equal(d("2026-12-01")) ||
		rates[1].CostOre != 50000 || rates[1].CreatedBy != f.caseworker.DisplayName {
		t.Fatalf("rates: %+v %v", rates, err)
	}
}
