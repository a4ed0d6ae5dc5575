package domain

import (
	"maps"
	"slices"
	"testing"
)

func TestFlagPairs(t *testing.T) {
	today := MakeDate(2026, 11, 25)
	fs := FlagSettings{CopingDays: 7, GrantEndDays: 30, NoContactDays: 14, SEL85OnlyDays: 90, DirectionSessions: 3}
	day := func(n int) *Date { d := today.AddDate(0, 0, n); return &d }
	lab := func(start int) FlagGrant {
		return FlagGrant{PersonID: 7, PersonName: "Mia", Function: FunctionMentor, HoursPerWeek: 2, Start: *day(start),
			Review: *day(100), Shown: true}
	}
	sel := func(start int) FlagGrant {
		g := lab(start)
		g.Function, g.HoursPerWeek = FunctionSupport, 3
		return g
	}
	with := func(g FlagGrant, f func(*FlagGrant)) FlagGrant { f(&g); return g }
	contact := CitizenFacts{LastContact: day(0), Recent: 1, RecentToward: 1}
	tests := []struct {
		name   string
		facts  CitizenFacts
		grants []FlagGrant
		want   []string
	}{
		{"quiet", contact, []FlagGrant{lab(-30)}, nil},
		{"no contact for 15 days", CitizenFacts{LastContact: day(-15)}, []FlagGrant{lab(-30)}, []string{FlagNoContact}},
		{"contact exactly 14 days ago", CitizenFacts{LastContact: day(-14)}, []FlagGrant{lab(-30)}, nil},
		{"never any contact, grant new", CitizenFacts{}, []FlagGrant{lab(-14)}, nil},
		{"never any contact, grant older than the window", CitizenFacts{}, []FlagGrant{lab(-15)}, []string{FlagNoContact}},
		{"grant ends within 30 days", contact, []FlagGrant{with(lab(-30), func(g *FlagGrant) { g.End = day(30) })}, []string{FlagGrantEnd}},
		{"grant ends in 31 days", contact, []FlagGrant{with(lab(-30), func(g *FlagGrant) { g.End = day(31) })}, nil},
		{"review due today", contact, []FlagGrant{with(lab(-30), func(g *FlagGrant) { g.Review = today })}, []string{FlagReview}},
		{"follow-up past", contact, []FlagGrant{with(lab(-30), func(g *FlagGrant) { g.FollowUp = day(-1) })}, []string{FlagReview}},
		{"window expires within 7 days", CitizenFacts{LastContact: day(0), OpenWindowExpires: day(7)}, []FlagGrant{lab(-30)}, []string{FlagCoping}},
		{"window expires in 8 days", CitizenFacts{LastContact: day(0), OpenWindowExpires: day(8)}, []FlagGrant{lab(-30)}, nil},
		{"coping outside a window 90 days ago", CitizenFacts{LastContact: day(0), LastOutsideCoping: day(-90)}, []FlagGrant{lab(-30)}, []string{FlagOutsideFrame}},
		{"coping outside a window 91 days ago", CitizenFacts{LastContact: day(0), LastOutsideCoping: day(-91)}, []FlagGrant{lab(-30)}, nil},
		{"open concern", CitizenFacts{LastContact: day(0), OpenConcerns: 1}, []FlagGrant{lab(-30)}, []string{FlagConcerns}},
		{"none of the last 3 sessions toward work", CitizenFacts{LastContact: day(0), Recent: 3}, []FlagGrant{lab(-30)}, []string{FlagFading}},
		{"one of the last 3 toward work", CitizenFacts{LastContact: day(0), Recent: 3, RecentToward: 1}, []FlagGrant{lab(-30)}, nil},
		{"only 2 sessions in the past year", CitizenFacts{LastContact: day(0), Recent: 2}, []FlagGrant{lab(-30)}, nil},
		{"only § 85 for 91 days", contact, []FlagGrant{sel(-91)}, []string{FlagFading}},
		{"only § 85 for 90 days", contact, []FlagGrant{sel(-90)}, nil},
		{"§ 85 beside LAB", contact, []FlagGrant{sel(-200), lab(-30)}, nil},
	}
	for _, tt := range tests {
		pairs := FlagPairs(today, fs, FlagCitizen{ID: 1, Name: "Borger", Facts: tt.facts, Grants: tt.grants})
		if len(pairs) != 1 {
			t.Fatalf("%s: %d pairs", tt.name, len(pairs))
		}
		got := slices.Sorted(maps.Keys(pairs[0].Flags))
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: flags %v, want %v", tt.name, got, want)
		}
	}
}

func TestFlagPairsGroupsByPerson(t *testing.T) {
	today := MakeDate(2026, 11, 25)
	fs := FlagSettings{NoContactDays: 14, DirectionSessions: 5, SEL85OnlyDays: 90, GrantEndDays: 30}
	start := today.AddDate(0, 0, -5)
	grants := []FlagGrant{
		{PersonID: 2, PersonName: "Anne", Function: FunctionSupport, HoursPerWeek: 3, Start: start, Review: today.AddDate(1, 0, 0), Shown: true},
		{PersonID: 2, PersonName: "Anne", Function: FunctionMentor, HoursPerWeek: 2, Start: start, Review: today.AddDate(1, 0, 0), Shown: true},
		{PersonID: 9, PersonName: "Bo", Function: FunctionMentor, HoursPerWeek: 4, Start: start, Review: today, Shown: false},
	}
	pairs := FlagPairs(today, fs, FlagCitizen{ID: 3, Grants: grants})
	if len(pairs) != 1 {
		t.Fatalf("the grant of a person the page does not show made a pair: %+v", pairs)
	}
	p := pairs[0]
	if p.PersonID != 2 || p.HoursPerWeek != 5 || !slices.Equal(p.Functions, []Function{FunctionMentor, FunctionSupport}) {
		t.Fatalf("pair %+v", p)
	}
	if len(p.Flags) != 0 {
		t.Fatalf("Bo's review date flagged Anne's pair: %v", p.Flags)
	}
}

func TestOverCapacity(t *testing.T) {
	cases := []struct {
		name             string
		booked, capacity float64
		want             bool
	}{
		{"under kapaciteten", 20, 30, false},
		{"præcis kapaciteten", 30, 30, false},
		{"et kvarter over", 30.25, 30, true},
		{"langt over", 45, 30, true},
		{"ingen kapacitet sat", 10, 0, false},
		{"intet bevilget", 0, 30, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := OverCapacity(c.booked, c.capacity); got != c.want {
				t.Errorf("OverCapacity(%v, %v) = %v, want %v", c.booked, c.capacity, got, c.want)
			}
			if got := (MentorLoad{GrantedHours: c.booked, Capacity: c.capacity}).OverCapacity(); got != c.want {
				t.Errorf("MentorLoad.OverCapacity = %v, want %v", got, c.want)
			}
			if got := (Person{BookedHours: c.booked, CapacityHours: c.capacity}).OverCapacity(); got != c.want {
				t.Errorf("Person.OverCapacity = %v, want %v", got, c.want)
			}
		})
	}
}
