package postgres_test

import (
	"slices"
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres/pgtest"
)

// TestCitizenSearchFoldsAndForgives finds names whatever the spelling of æ,
// ø and å, accents and case, and with a small typo; digits search the CPR
// number by its start. The count comes with the page.
func TestCitizenSearchFoldsAndForgives(t *testing.T) {
	db := pgtest.NewDB(t)
	cw := mustUser(t, db, "cw", domain.RoleCaseworker)
	for i, name := range []string{"Søren Åberg", "Soeren Hansen", "Aase Nielsen", "Åse Jensen", "Zoë Müller", "Mette Christensen", "Ærø Bækgaard"} {
		if _, err := db.CreateCitizen(ctx, domain.CitizenInput{CPR: "01019000" + string(rune('0'+i)) + "1", Name: name, CaseworkerID: &cw.ID}, 0); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"søren", []string{"Soeren Hansen", "Søren Åberg"}},
		{"SOEREN", []string{"Soeren Hansen", "Søren Åberg"}},
		{"Aase", []string{"Aase Nielsen", "Åse Jensen"}},
		{"åse", []string{"Aase Nielsen", "Åse Jensen"}},
		{"aaberg", []string{"Søren Åberg"}},
		{"zoe muller", []string{"Zoë Müller"}},
		{"Christensn", []string{"Mette Christensen"}}, // a letter missing
		{"Kristensen", []string{"Mette Christensen"}}, // another spelling
		{"aeroe baekgaard", []string{"Ærø Bækgaard"}},
		{"0101900", []string{"Soeren Hansen", "Søren Åberg", "Aase Nielsen", "Åse Jensen", "Zoë Müller", "Mette Christensen", "Ærø Bækgaard"}},
		{"010190003", []string{"Åse Jensen"}},
		{"Jørgensen", nil},
		{"100%", nil},
	} {
		list, total, err := db.FindCitizens(ctx, domain.CitizenFilter{Query: tc.q, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range list {
			got = append(got, c.Name)
		}
		slices.Sort(got)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) || total != len(want) {
			t.Errorf("%q: %v (%d), want %v", tc.q, got, total, want)
		}
	}
	// One page of two, with the count of all.
	list, total, err := db.FindCitizens(ctx, domain.CitizenFilter{Query: "0101900", Limit: 2, Offset: 2})
	if err != nil || len(list) != 2 || total != 7 {
		t.Fatalf("page 2: %d rows, total %d, %v", len(list), total, err)
	}
	if list, total, _ := db.FindCitizens(ctx, domain.CitizenFilter{Query: "0101900", Limit: 2, Offset: 20}); len(list) != 0 || total != 7 {
		t.Fatalf("past the end: %d rows, total %d", len(list), total)
	}
}
