package domain

import (
	"math"
	"testing"
)

func TestBudgetAmountAdd(t *testing.T) {
	tests := []struct {
		name  string
		start BudgetAmount
		add   []BudgetAmount
		want  BudgetAmount
	}{
		{"intet lagt til", BudgetAmount{Minutes: 60, CostOre: 45000}, nil, BudgetAmount{Minutes: 60, CostOre: 45000}},
		{"nul ændrer intet", BudgetAmount{Minutes: 60, CostOre: 45000}, []BudgetAmount{{}}, BudgetAmount{Minutes: 60, CostOre: 45000}},
		{"minutter og øre lægges sammen hver for sig", BudgetAmount{}, []BudgetAmount{{Minutes: 45, CostOre: 33750}, {Minutes: 90, CostOre: 67500}},
			BudgetAmount{Minutes: 135, CostOre: 101250}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.start
			for _, b := range tt.add {
				a.Add(b)
			}
			if a != tt.want {
				t.Fatalf("got %+v, want %+v", a, tt.want)
			}
		})
	}
}

func TestDeliveryWindow(t *testing.T) {
	tests := []struct {
		name     string
		today    Date
		from, to Date
	}{
		{"1. marts", MakeDate(2026, 3, 1), MakeDate(2026, 2, 1), MakeDate(2026, 2, 28)},
		{"1. marts i skudår", MakeDate(2028, 3, 1), MakeDate(2028, 2, 2), MakeDate(2028, 2, 29)},
		{"over årsskiftet", MakeDate(2026, 1, 10), MakeDate(2025, 12, 13), MakeDate(2026, 1, 9)},
		{"over sommertid", MakeDate(2026, 4, 10), MakeDate(2026, 3, 13), MakeDate(2026, 4, 9)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := DeliveryWindow(tt.today)
			if !from.Equal(tt.from) || !to.Equal(tt.to) {
				t.Fatalf("DeliveryWindow(%s) = %s–%s, want %s–%s", FormatDate(tt.today),
					FormatDate(from), FormatDate(to), FormatDate(tt.from), FormatDate(tt.to))
			}
			// 28 whole days, today left out.
			if days := int(to.Sub(from).Hours()/24) + 1; days != DeliveryDays || !to.Before(tt.today) {
				t.Fatalf("window %s–%s is %d days", FormatDate(from), FormatDate(to), days)
			}
		})
	}
}

func TestGrantDeliveryRow(t *testing.T) {
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	tests := []struct {
		name      string
		row       GrantDeliveryRow
		expected  float64
		delivered float64
		pct       float64
		ok        bool
		under     bool
	}{
		{"hele vinduet, præcis på grænsen er ikke under",
			GrantDeliveryRow{HoursPerWeek: 2, Days: 28, DeliveredMinutes: 240, ThresholdPercent: 50}, 8, 4, 50, true, false},
		{"et minut under grænsen",
			GrantDeliveryRow{HoursPerWeek: 2, Days: 28, DeliveredMinutes: 239, ThresholdPercent: 50}, 8, 239.0 / 60, 100 * 239.0 / 60 / 8, true, true},
		{"intet leveret",
			GrantDeliveryRow{HoursPerWeek: 2.5, Days: 28, ThresholdPercent: 50}, 10, 0, 0, true, true},
		{"mere end bevilget",
			GrantDeliveryRow{HoursPerWeek: 2, Days: 28, DeliveredMinutes: 720, ThresholdPercent: 50}, 8, 12, 150, true, false},
		{"startet inde i vinduet: forholdsmæssigt",
			GrantDeliveryRow{HoursPerWeek: 2, Days: 7, DeliveredMinutes: 60, ThresholdPercent: 50}, 2, 1, 50, true, false},
		{"startet for tre dage siden",
			GrantDeliveryRow{HoursPerWeek: 7, Days: 3, DeliveredMinutes: 90, ThresholdPercent: 60}, 3, 1.5, 50, true, true},
		{"starter i dag: intet forventet, aldrig under",
			GrantDeliveryRow{HoursPerWeek: 2, Days: 0, ThresholdPercent: 50}, 0, 0, 0, false, false},
		{"tærskel 100: præcis leveret er ikke under",
			GrantDeliveryRow{HoursPerWeek: 3, Days: 28, DeliveredMinutes: 720, ThresholdPercent: 100}, 12, 12, 100, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.row
			if got := r.ExpectedHours(); !near(got, tt.expected) {
				t.Errorf("ExpectedHours = %v, want %v", got, tt.expected)
			}
			if got := r.DeliveredHours(); !near(got, tt.delivered) {
				t.Errorf("DeliveredHours = %v, want %v", got, tt.delivered)
			}
			if pct, ok := r.Percent(); ok != tt.ok || !near(pct, tt.pct) {
				t.Errorf("Percent = %v %v, want %v %v", pct, ok, tt.pct, tt.ok)
			}
			if got := r.Under(); got != tt.under {
				t.Errorf("Under = %v, want %v", got, tt.under)
			}
		})
	}
}
