package domain

import (
	"reflect"
	"testing"
	"time"
)

// TestStatementRowsMidMonthRate: the rate changes on the 15th; the line of
// the 10th and the line of the 20th are priced at their own rate, and the
// person-and-citizen row is the sum of the two rounded lines.
func TestStatementRowsMidMonthRate(t *testing.T) {
	rates := Rates{{ValidFrom: RateOpening, CostOre: 42500}, {ValidFrom: MakeDate(2026, 11, 15), CostOre: 45000}}
	month := MakeDate(2026, 11, 1)
	var lines []BudgetLine
	for _, s := range []struct {
		day     int
		minutes int
	}{{10, 25}, {20, 25}} {
		r, _ := rates.RateFor(MakeDate(2026, 11, s.day))
		lines = append(lines, BudgetLine{Month: month, BudgetID: 1, MentorID: 7, Mentor: "Mette Jensen", CitizenID: 3,
			CitizenName: "Ida", Minutes: s.minutes, RateOre: r.CostOre, CostOre: CostOre(s.minutes, r.CostOre)})
	}
	if lines[0].CostOre != 17708 || lines[1].CostOre != 18750 {
		t.Fatalf("lines priced %d and %d, want 17708 (425 kr.) and 18750 (450 kr.)", lines[0].CostOre, lines[1].CostOre)
	}
	rows, total := StatementRows(lines)
	want := []StatementRow{{PersonID: 7, Person: "Mette Jensen", CitizenID: 3, CitizenName: "Ida", BudgetAmount: BudgetAmount{50, 36458}}}
	if !reflect.DeepEqual(rows, want) || total != (BudgetAmount{50, 36458}) {
		t.Fatalf("rows %+v total %+v\nwant %+v", rows, total, want)
	}
}

func TestStatementCorrections(t *testing.T) {
	row := func(person, citizen int64, minutes int, cost int64) StatementRow {
		return StatementRow{PersonID: person, Person: string(rune('A' + person)), CitizenID: citizen,
			CitizenName: string(rune('a' + citizen)), BudgetAmount: BudgetAmount{minutes, cost}}
	}
	approved := &StatementApproval{ApprovedBy: "Lars Nielsen", ApprovedAt: time.Date(2026, 12, 2, 9, 30, 0, 0, time.UTC),
		Total: BudgetAmount{120, 85000}, Rows: []StatementRow{row(1, 1, 60, 42500), row(1, 2, 60, 42500)}}
	for _, tc := range []struct {
		name     string
		rows     []StatementRow
		approval *StatementApproval
		want     []BudgetAmount // differences, in order
		total    BudgetAmount
	}{
		{"not approved: no corrections", []StatementRow{row(1, 1, 60, 42500)}, nil, nil, BudgetAmount{}},
		{"unchanged", []StatementRow{row(1, 1, 60, 42500), row(1, 2, 60, 42500)}, approved, nil, BudgetAmount{}},
		{"a session added to an approved row", []StatementRow{row(1, 1, 90, 63750), row(1, 2, 60, 42500)}, approved,
			[]BudgetAmount{{30, 21250}}, BudgetAmount{30, 21250}},
		{"a new person and citizen", []StatementRow{row(1, 1, 60, 42500), row(1, 2, 60, 42500), row(2, 3, 45, 31875)}, approved,
			[]BudgetAmount{{45, 31875}}, BudgetAmount{45, 31875}},
		{"a row deleted", []StatementRow{row(1, 1, 60, 42500)}, approved,
			[]BudgetAmount{{-60, -42500}}, BudgetAmount{-60, -42500}},
		{"a new rate: same minutes, other cost", []StatementRow{row(1, 1, 60, 45000), row(1, 2, 60, 42500)}, approved,
			[]BudgetAmount{{0, 2500}}, BudgetAmount{0, 2500}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Statement{Rows: tc.rows, Approval: tc.approval}
			for _, r := range tc.rows {
				s.Total.Add(r.BudgetAmount)
			}
			var got []BudgetAmount
			for _, c := range s.Corrections() {
				got = append(got, c.Difference)
				if c.Current.Minutes-c.Approved.Minutes != c.Difference.Minutes || c.Current.CostOre-c.Approved.CostOre != c.Difference.CostOre {
					t.Errorf("correction %+v is not current minus approved", c)
				}
			}
			if !reflect.DeepEqual(got, tc.want) || s.CorrectionTotal() != tc.total {
				t.Fatalf("corrections %v total %v, want %v total %v", got, s.CorrectionTotal(), tc.want, tc.total)
			}
			if tc.approval != nil && s.Approval.Total != (BudgetAmount{120, 85000}) {
				t.Fatal("the approved figures changed")
			}
		})
	}
}

func TestApprovalProblem(t *testing.T) {
	job := Administration{Code: "beskaeftigelse", Name: "Jobcentret", ControllerRole: RoleTeamLead}
	social := Administration{Code: "social", Name: "Socialforvaltningen", ControllerRole: RoleSocialWorker}
	today := MakeDate(2026, 12, 5)
	nov, dec := MakeDate(2026, 11, 1), MakeDate(2026, 12, 1)
	for _, tc := range []struct {
		name  string
		adm   Administration
		roles Roles
		month Date
		code  string
		msg   string
	}{
		{"team lead approves the job centre's ended month", job, Roles{RoleTeamLead}, nov, "", ""},
		{"social worker approves the social month", social, Roles{RoleSocialWorker}, nov, "", ""},
		{"team lead cannot approve the social month", social, Roles{RoleTeamLead}, nov, EFORBIDDEN,
			"Kun en socialrådgiver kan godkende Socialforvaltningens månedsopgørelse."},
		{"caseworker cannot approve", job, Roles{RoleCaseworker}, nov, EFORBIDDEN,
			"Kun en teamleder kan godkende Jobcentrets månedsopgørelse."},
		{"admin cannot approve", job, Roles{RoleAdmin}, nov, EFORBIDDEN,
			"Kun en teamleder kan godkende Jobcentrets månedsopgørelse."},
		{"the current month has not ended", job, Roles{RoleTeamLead}, dec, EINVALID,
			"Måneden 12.2026 er ikke slut endnu og kan ikke godkendes."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ApprovalProblem(tc.adm, tc.roles, tc.month, today)
			if ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) {
				t.Fatalf("got %v, want %s", err, tc.code)
			}
			if tc.code != "" && ErrorMessage(err) != tc.msg {
				t.Fatalf("message %q, want %q", ErrorMessage(err), tc.msg)
			}
		})
	}
}
