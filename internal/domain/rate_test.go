package domain

import (
	"testing"
	"time"
)

func TestRateFor(t *testing.T) {
	rs := Rates{
		{ValidFrom: RateOpening, CostOre: 42500},
		{ValidFrom: MakeDate(2026, 11, 15), CostOre: 45000},
		{ValidFrom: MakeDate(2027, 1, 1), CostOre: 46000},
	}
	for _, tc := range []struct {
		day  Date
		want int64
		ok   bool
	}{
		{MakeDate(1999, 12, 31), 0, false},
		{RateOpening, 42500, true},
		{MakeDate(2026, 11, 10), 42500, true},
		{MakeDate(2026, 11, 14), 42500, true},
		{MakeDate(2026, 11, 15), 45000, true}, // the rate's own day
		{MakeDate(2026, 11, 20), 45000, true},
		{MakeDate(2026, 12, 31), 45000, true},
		{MakeDate(2027, 1, 1), 46000, true},
		{MakeDate(2030, 6, 1), 46000, true},
	} {
		r, ok := rs.RateFor(tc.day)
		if ok != tc.ok || r.CostOre != tc.want {
			t.Errorf("RateFor(%s) = %d, %v; want %d, %v", FormatDate(tc.day), r.CostOre, ok, tc.want, tc.ok)
		}
	}
}

func TestCostOre(t *testing.T) {
	for _, tc := range []struct {
		minutes int
		rate    int64
		want    int64
	}{
		{60, 42500, 42500},
		{25, 42500, 17708},   // 177,0833 kr.
		{50, 42500, 35417},   // 354,1666 kr. rounds up
		{1, 39000, 650},      // 6,50 kr. exactly
		{1, 42550, 709},      // 7,0916 kr.
		{1, 30, 1},           // 0,5 øre rounds half up
		{1, 29, 0},           // 0,483 øre rounds down
		{0, 42500, 0},        // nothing delivered
		{45, 0, 0},           // a budget priced at 0 kr.
		{-25, 42500, -17708}, // a correction away is the same amount negative
	} {
		if got := CostOre(tc.minutes, tc.rate); got != tc.want {
			t.Errorf("CostOre(%d, %d) = %d, want %d", tc.minutes, tc.rate, got, tc.want)
		}
	}
}

// TestCostStablePerCitizen: a citizen's cost is the same whatever other
// citizens' lines are beside it (issue 12: it shifted by 0,01 kr. as rows
// were added, when a total's rounding was shared out over the lines).
func TestCostStablePerCitizen(t *testing.T) {
	month := MakeDate(2026, 11, 1)
	alone := []BudgetLine{{Month: month, BudgetID: 1, MentorID: 1, CitizenID: 10, Minutes: 25, RateOre: 42500}}
	crowd := append([]BudgetLine{}, alone...)
	for i := range 7 {
		crowd = append(crowd, BudgetLine{Month: month, BudgetID: 1, MentorID: 1, CitizenID: int64(11 + i), Minutes: 25 + i, RateOre: 42500})
	}
	cost := func(lines []BudgetLine) int64 {
		for i := range lines {
			lines[i].CostOre = CostOre(lines[i].Minutes, lines[i].RateOre)
		}
		rep := NewBudgetReport(month, month, BudgetByCitizen, []Budget{{ID: 1}}, lines)
		for _, r := range rep.Split {
			if r.ID == 10 {
				return r.Total.CostOre
			}
		}
		t.Fatal("citizen 10 missing")
		return 0
	}
	if a, b := cost(alone), cost(crowd); a != b || a != 17708 {
		t.Fatalf("citizen 10 costs %d alone and %d among others, want 17708 both", a, b)
	}
}

func TestValidateRate(t *testing.T) {
	d := func(y, m, day int) *Date { x := MakeDate(y, time.Month(m), day); return &x }
	existing := Rates{{ValidFrom: RateOpening, CostOre: 42500}, {ValidFrom: MakeDate(2026, 9, 1), CostOre: 43000}}
	approved := MakeDate(2026, 10, 1)
	for _, tc := range []struct {
		name     string
		in       RateInput
		approved *Date
		want     map[string]string
	}{
		{"a rate from a day after the approved month", RateInput{ValidFrom: d(2026, 11, 15), Cost: 450, CostTyped: true}, &approved, nil},
		{"the first day after the approved month", RateInput{ValidFrom: d(2026, 11, 1), Cost: 450, CostTyped: true}, &approved, nil},
		{"nothing approved: a past day", RateInput{ValidFrom: d(2026, 2, 10), Cost: 0, CostTyped: true}, nil, nil},
		{"no day", RateInput{Cost: 450, CostTyped: true}, nil,
			map[string]string{"valid_from": "Skriv den dag, timeprisen gælder fra, som DD.MM.ÅÅÅÅ."}},
		{"inside the approved month", RateInput{ValidFrom: d(2026, 10, 31), Cost: 450, CostTyped: true}, &approved,
			map[string]string{"valid_from": "Måneden 10.2026 er godkendt. En ny timepris kan tidligst gælde fra 01.11.2026, så en godkendt måned ikke får en ny pris."}},
		{"before the approved month", RateInput{ValidFrom: d(2026, 1, 1), Cost: 450, CostTyped: true}, &approved,
			map[string]string{"valid_from": "Måneden 10.2026 er godkendt. En ny timepris kan tidligst gælde fra 01.11.2026, så en godkendt måned ikke får en ny pris."}},
		{"before the opening", RateInput{ValidFrom: d(1999, 12, 31), Cost: 450, CostTyped: true}, nil,
			map[string]string{"valid_from": "Timeprisen kan tidligst gælde fra 01.01.2000."}},
		{"the same day as an existing rate", RateInput{ValidFrom: d(2026, 9, 1), Cost: 450, CostTyped: true}, nil,
			map[string]string{"valid_from": "Budgettet har allerede en timepris fra 01.09.2026."}},
		{"negative cost", RateInput{ValidFrom: d(2026, 12, 1), Cost: -1, CostTyped: true}, &approved,
			map[string]string{"hourly_cost": "Timeprisen skal være mellem 0 og 100.000 kr."}},
		{"too high", RateInput{ValidFrom: d(2026, 12, 1), Cost: 100000.01, CostTyped: true}, &approved,
			map[string]string{"hourly_cost": "Timeprisen skal være mellem 0 og 100.000 kr."}},
		{"cost not typed: its message comes from the parser", RateInput{ValidFrom: d(2026, 12, 1)}, &approved, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkFields(t, ValidateRate(tc.in, existing, tc.approved, Validation{}), tc.want)
		})
	}
}
