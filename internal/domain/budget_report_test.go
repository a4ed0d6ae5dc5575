package domain

import "testing"

func TestNewBudgetReport(t *testing.T) {
	jan, feb, mar := MakeDate(2026, 1, 1), MakeDate(2026, 2, 1), MakeDate(2026, 3, 1)
	budgets := []Budget{{ID: 10, Name: "Beskæftigelse"}, {ID: 20, Name: "Social"}}
	lines := []BudgetLine{
		{Month: jan, BudgetID: 10, MentorID: 1, Mentor: "mette", CitizenID: 100, CitizenName: "Ole", Minutes: 60, CostOre: 42500},
		{Month: jan, BudgetID: 20, MentorID: 2, Mentor: "Anders", CitizenID: 100, CitizenName: "Ole", Minutes: 30, CostOre: 20000},
		{Month: mar, BudgetID: 10, MentorID: 2, Mentor: "Anders", CitizenID: 200, CitizenName: "Bo", Minutes: 45, CostOre: 31875},
	}
	rep := NewBudgetReport(jan, mar, BudgetByMentor, budgets, lines)
	if len(rep.Months) != 3 || !rep.Months[1].Month.Equal(feb) || rep.Months[1].Total != (BudgetAmount{}) {
		t.Fatalf("months: %+v, want January–March with an empty February", rep.Months)
	}
	if got := rep.Months[0].PerBudget; got[0] != (BudgetAmount{60, 42500}) || got[1] != (BudgetAmount{30, 20000}) {
		t.Errorf("January per budget: %+v", got)
	}
	if len(rep.Split) != 2 || rep.Split[0].Name != "Anders" || rep.Split[1].Name != "mette" {
		t.Fatalf("split by mentor: %+v, want Anders before mette (any case)", rep.Split)
	}
	if a := rep.Split[0]; a.ID != 2 || a.Total != (BudgetAmount{75, 51875}) || a.PerBudget[0] != (BudgetAmount{45, 31875}) {
		t.Errorf("Anders: %+v", a)
	}
	if rep.Total.Total != (BudgetAmount{135, 94375}) || rep.Total.PerBudget[1] != (BudgetAmount{30, 20000}) {
		t.Errorf("total: %+v", rep.Total)
	}
	byCitizen := NewBudgetReport(jan, mar, BudgetByCitizen, budgets, lines)
	if len(byCitizen.Split) != 2 || byCitizen.Split[0].Name != "Bo" || byCitizen.Split[1].Total != (BudgetAmount{90, 62500}) {
		t.Errorf("split by citizen: %+v", byCitizen.Split)
	}
	// Every figure is a sum of lines: the months add up to the total.
	var sum BudgetAmount
	for _, m := range rep.Months {
		sum.Add(m.Total)
	}
	if sum != rep.Total.Total {
		t.Errorf("months sum to %+v, total %+v", sum, rep.Total.Total)
	}
}
