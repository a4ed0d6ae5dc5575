package demo

import (
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres/pgtest"
)

// TestSeedMoney: the job centre's rate changes in the demo's history, the
// month of the change is priced at both rates, and last month is approved
// by the team lead with its figures; seeding again adds nothing.
func TestSeedMoney(t *testing.T) {
	db, counts := seedTwice(t, "budget_rates", "statement_approvals", "statement_approval_rows")
	today := domain.DateOf(pgtest.Start())
	if counts["budget_rates"] != 3 || counts["statement_approvals"] != 1 || counts["statement_approval_rows"] == 0 {
		t.Fatalf("rows: %v", counts)
	}
	budgets, err := db.FindBudgets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var job domain.Budget
	for _, b := range budgets {
		if b.Administration == "beskaeftigelse" {
			job = b
		}
	}
	if job.HourlyCost != DemoRateChange {
		t.Fatalf("the job centre's rate today: %v, want %v", job.HourlyCost, DemoRateChange)
	}
	day := DemoRateDay(today)
	month := domain.MakeDate(day.Year(), day.Month(), 1)
	lines, err := db.BudgetLines(ctx, month, month, nil)
	if err != nil {
		t.Fatal(err)
	}
	rates := map[int64]bool{}
	for _, l := range lines {
		if l.BudgetID == job.ID {
			rates[l.RateOre] = true
		}
	}
	if !rates[42500] || !rates[44000] {
		t.Fatalf("the month of the change should be priced at 425 and 440 kr.: %v", rates)
	}

	st, err := db.FindStatement(ctx, "beskaeftigelse", DemoApprovedMonth(today))
	if err != nil {
		t.Fatal(err)
	}
	if st.Approval == nil || st.Approval.ApprovedBy != "Lars Nielsen" || st.Approval.Total != st.Total || st.Total.Minutes == 0 ||
		len(st.Corrections()) != 0 || st.Approval.ApprovedAt.After(pgtest.Start()) {
		t.Fatalf("approved month: %+v", st.Approval)
	}
	if social, err := db.FindStatement(ctx, "social", DemoApprovedMonth(today)); err != nil || social.Approval != nil {
		t.Fatalf("the social month is not approved in the demo: %+v %v", social.Approval, err)
	}
}
