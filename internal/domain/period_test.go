package domain

import (
	"testing"
	"time"
)

func TestAddMonthsClamped(t *testing.T) {
	tests := []struct {
		from   Date
		months int
		want   Date
	}{
		{MakeDate(2026, 1, 15), 1, MakeDate(2026, 2, 15)},
		{MakeDate(2026, 1, 31), 1, MakeDate(2026, 2, 28)},  // not 3 March
		{MakeDate(2028, 1, 31), 1, MakeDate(2028, 2, 29)},  // leap year
		{MakeDate(2028, 2, 29), 1, MakeDate(2028, 3, 29)},  // from 29 February
		{MakeDate(2028, 2, 29), 12, MakeDate(2029, 2, 28)}, // into a common year
		{MakeDate(2026, 11, 30), 1, MakeDate(2026, 12, 30)},
		{MakeDate(2026, 8, 31), 6, MakeDate(2027, 2, 28)}, // a 6-month LAB period from 31 August
		{MakeDate(2027, 8, 31), 6, MakeDate(2028, 2, 29)},
		{MakeDate(2026, 12, 31), 3, MakeDate(2027, 3, 31)},
		{MakeDate(2026, 3, 31), -1, MakeDate(2026, 2, 28)},
	}
	for _, tt := range tests {
		if got := AddMonthsClamped(tt.from, tt.months); !got.Equal(tt.want) {
			t.Errorf("%s + %d months = %s, want %s", tt.from.Format("02.01.2006"), tt.months, got.Format("02.01.2006"), tt.want.Format("02.01.2006"))
		}
	}
	// Go's own AddDate is the trap this avoids.
	if MakeDate(2026, 1, 31).AddDate(0, 1, 0).Month() != time.March {
		t.Fatal("expected AddDate to overflow into March")
	}
}

func TestHours(t *testing.T) {
	for in, want := range map[string]float64{"2,5": 2.5, "7.75": 7.75, " 40 ": 40, "0,25": 0.25} {
		if got, msg := ParseHours(in); msg != "" || got != want {
			t.Errorf("ParseHours(%q) = %v %q", in, got, msg)
		}
	}
	for _, bad := range []string{"", "0", "0,1", "2,3", "40,25", "-1", "abc", "NaN", "Inf"} {
		if _, msg := ParseHours(bad); msg == "" {
			t.Errorf("ParseHours(%q) accepted", bad)
		}
	}
	if FormatHours(7.5) != "7,5" || FormatKr(1234.5) != "1.234,50 kr." || FormatKr(0) != "0,00 kr." {
		t.Fatalf("format: %s %s", FormatHours(7.5), FormatKr(1234.5))
	}
}

func TestParseCPR(t *testing.T) {
	for in, want := range map[string]string{"010190-1234": "0101901234", "0101901235": "0101901235", " 290200 4123 ": "2902004123"} {
		if got, msg := ParseCPR(in); msg != "" || string(got) != want {
			t.Errorf("ParseCPR(%q) = %q %q", in, got, msg)
		}
	}
	for _, bad := range []string{"", "123", "310290-1234", "010190-12a4", "011390-1234", "290201-4123"} {
		if _, msg := ParseCPR(bad); msg == "" {
			t.Errorf("ParseCPR(%q) accepted", bad)
		}
	}
	if y := CPR("0101054123").BirthDate().Year(); y != 2005 {
		t.Errorf("century from 7th digit: %d", y)
	}
	if y := CPR("0101585123").BirthDate().Year(); y != 1858 {
		t.Errorf("century from 7th digit: %d", y)
	}
	if CPR("0101901234").Masked() != "010190-xxxx" || !CanSeeFullCPR(Roles{RoleTeamLead}) || CanSeeFullCPR(Roles{RoleMentor, RoleAdmin}) {
		t.Fatal("masking rules")
	}
}

func TestValidateGrantPeriods(t *testing.T) {
	six := 6
	lab := LegalBasis{Paragraph: "§ 167", Function: FunctionMentor, ValidFrom: MakeDate(2024, 3, 1), MaxMonths: &six,
		Administration: Administration{Code: AdministrationEmployment}}
	person := &Person{Name: "Mette", QualifiedMentor: true}
	budget := &Budget{ID: 1, Administration: AdministrationEmployment}
	base := func() GrantInput {
		end := MakeDate(2027, 2, 28)
		return GrantInput{Purpose: "x", HoursPerWeek: 2, Start: MakeDate(2026, 8, 31), End: &end, Review: MakeDate(2026, 11, 30),
			BudgetID: 1, Goals: []Item{{Text: "g"}}, Tasks: []Item{{Text: "t"}}, Exclusions: []Item{{Text: "e"}}}
	}
	in := base()
	if err := ValidateGrant(&in, lab, person, budget, MakeDate(2026, 8, 1), Validation{}); err != nil {
		t.Fatalf("31.08–28.02 is 6 months: %v", FieldErrors(err))
	}
	in = base()
	in.End = ptrDate(MakeDate(2027, 3, 1))
	if FieldErrors(ValidateGrant(&in, lab, person, budget, MakeDate(2026, 8, 1), Validation{}))["end"] == "" {
		t.Fatal("01.03 is past 6 months")
	}
	in = base()
	in.End = nil
	if FieldErrors(ValidateGrant(&in, lab, person, budget, MakeDate(2026, 8, 1), Validation{}))["end"] == "" {
		t.Fatal("LAB needs an end")
	}
	expired := lab
	expired.ValidTo = ptrDate(MakeDate(2026, 12, 31))
	in = base()
	in.Start, in.End = MakeDate(2027, 1, 1), ptrDate(MakeDate(2027, 6, 1))
	in.Review = MakeDate(2027, 4, 1)
	if FieldErrors(ValidateGrant(&in, expired, person, budget, MakeDate(2026, 8, 1), Validation{}))["legal_basis_id"] == "" {
		t.Fatal("a legal basis past its valid-to cannot be used")
	}
	in = base()
	in.Tasks = []Item{{Text: "  "}, {Text: "a"}, {Text: "A"}}
	ValidateGrant(&in, lab, person, budget, MakeDate(2026, 8, 1), Validation{})
	if len(in.Tasks) != 1 {
		t.Fatalf("blank and duplicate lines must go: %v", in.Tasks)
	}
}

func ptrDate(d Date) *Date { return &d }

func TestDiffRevisions(t *testing.T) {
	a := Revision{PersonID: 1, PersonName: "Mette", HoursPerWeek: 3, Tasks: []Item{{Text: "A"}, {Text: "B"}}, Exclusions: []Item{{Text: "X"}}}
	b := Revision{PersonID: 2, PersonName: "Jonas", HoursPerWeek: 3, Tasks: []Item{{Text: "B"}, {Text: "C"}}, Exclusions: []Item{{Text: "X"}}}
	changes := DiffRevisions(a, b)
	if len(changes) != 2 || changes[0].From != "Mette" || changes[0].To != "Jonas" ||
		changes[1].Added[0] != "C" || changes[1].Removed[0] != "A" {
		t.Fatalf("diff: %+v", changes)
	}
	if len(DiffRevisions(a, a)) != 0 {
		t.Fatal("no change, no diff")
	}
}
