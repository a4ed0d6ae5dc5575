package postgres_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

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

// TestCitizenSearchExactBeforeTypos: the names that contain every word come
// first, in name order; those only the typo branch finds follow, and only
// when the exact matches fill less than a page. The stored folded name
// follows a change of name.
func TestCitizenSearchExactBeforeTypos(t *testing.T) {
	db := pgtest.NewDB(t)
	cw := mustUser(t, db, "cw", domain.RoleCaseworker)
	made := map[string]domain.Citizen{}
	for i, name := range []string{"Aage Olssen", "Bo Olsen", "Carl Olsen", "Dorte Olsen", "Erik Nielsen"} {
		c, err := db.CreateCitizen(ctx, domain.CitizenInput{CPR: "02029000" + string(rune('0'+i)) + "1", Name: name, CaseworkerID: &cw.ID}, 0)
		if err != nil {
			t.Fatal(err)
		}
		made[name] = c
	}
	search := func(q string, limit, offset int) ([]string, int) {
		t.Helper()
		list, total, err := db.FindCitizens(ctx, domain.CitizenFilter{Query: q, Limit: limit, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range list {
			got = append(got, c.Name)
		}
		return got, total
	}
	for _, tc := range []struct {
		q             string
		limit, offset int
		want          []string // in the order shown
		total         int
	}{
		// Three exact matches, a page of 25: the typo match "Olssen" after them.
		{"olsen", 25, 0, []string{"Bo Olsen", "Carl Olsen", "Dorte Olsen", "Aage Olssen"}, 4},
		// The exact matches fill the page: no typo matches, not in the count either.
		{"olsen", 3, 0, []string{"Bo Olsen", "Carl Olsen", "Dorte Olsen"}, 3},
		{"olsen", 2, 2, []string{"Dorte Olsen"}, 3},
		// Pages of four: the exact matches do not fill one, so the typos join.
		{"olsen", 4, 2, []string{"Dorte Olsen", "Aage Olssen"}, 4},
		{"olsen", 4, 4, nil, 4},
		{"olssen", 25, 0, []string{"Aage Olssen", "Bo Olsen", "Carl Olsen", "Dorte Olsen"}, 4},
		{"bo olsen", 25, 0, []string{"Bo Olsen"}, 1},
		{"olsn", 25, 0, []string{"Aage Olssen", "Bo Olsen", "Carl Olsen", "Dorte Olsen"}, 4}, // typos only, in name order
	} {
		got, total := search(tc.q, tc.limit, tc.offset)
		if !slices.Equal(got, tc.want) || total != tc.total {
			t.Errorf("%q limit %d offset %d: %v (%d), want %v (%d)", tc.q, tc.limit, tc.offset, got, total, tc.want, tc.total)
		}
	}

	d := made["Dorte Olsen"]
	if _, err := db.UpdateCitizen(ctx, d.ID, domain.CitizenInput{CPR: string(d.CPR), Name: "Dorte Ølgaard",
		CaseworkerID: &cw.ID, Version: d.Version}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{
		"oelgaard": {"Dorte Ølgaard"},
		"Ølgård":   {"Dorte Ølgaard"}, // å folds to aa
		"olsen":    {"Bo Olsen", "Carl Olsen", "Aage Olssen"},
	} {
		if got, total := search(q, 25, 0); !slices.Equal(got, want) || total != len(want) {
			t.Errorf("after the change of name, %q: %v (%d), want %v", q, got, total, want)
		}
	}
}

// TestCitizenSearchCapsTheCount: a search stops counting past
// CitizenCountCap (the count is then the cap + 1), while every page of the
// exact matches is still the right slice of all of them in name order, past
// the cap too: read in name order when the matches come early in it (the
// Bergs), sorted from all the matches when they do not (the Hansens sort
// after 5,000 Bergs).
func TestCitizenSearchCapsTheCount(t *testing.T) {
	db := pgtest.NewDB(t)
	const hansens, bergs = domain.CitizenCountCap + 50, 5000
	// Hansens whose names do not sort as they are inserted, CPR numbers
	// 0000000001…; then the Bergs, 1000000001….
	if _, err := db.Pool.Exec(ctx, `
		INSERT INTO citizens (cpr, name)
		SELECT lpad(i::text, 10, '0'),
			(ARRAY['Ida', 'Bo', 'Åse', 'Zoë', 'Carl', 'Mette', 'Søren'])[1 + i % 7] || ' ' || substr(md5(i::text), 1, 6) || ' Hansen'
		FROM generate_series(1, $1::int) i`, hansens); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, `
		INSERT INTO citizens (cpr, name)
		SELECT (1000000000 + i)::text, 'Abel ' || substr(md5(i::text), 1, 6) || ' Berg' FROM generate_series(1, $1::int) i`, bergs); err != nil {
		t.Fatal(err)
	}
	ids := func(list []domain.Citizen) []int64 {
		out := make([]int64, len(list))
		for i, c := range list {
			out[i] = c.ID
		}
		return out
	}
	// The reference: a plain query on the name, every match sorted.
	reference := func(like string, offset int) []int64 {
		t.Helper()
		rows, _ := db.Pool.Query(ctx, `SELECT id FROM citizens WHERE name LIKE $1 ORDER BY name, id LIMIT 25 OFFSET $2`, like, offset)
		want, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			t.Fatal(err)
		}
		return want
	}
	capped := domain.CitizenCountCap + 1
	for _, tc := range []struct {
		q      string
		offset int
		total  int
		want   []int64 // nil: not compared
		rows   int
	}{
		{"hansen", 0, capped, reference("%Hansen", 0), 25},
		{"HANSEN", 1025, capped, reference("%Hansen", 1025), 25}, // page 42, beyond the count
		{"hansen", hansens, capped, nil, 0},                      // past the last page
		{"berg", 0, capped, reference("%Berg", 0), 25},
		{"berg", 4990, capped, reference("%Berg", 4990), 10}, // the last Bergs
		{"", 0, capped, reference("%", 0), 25},               // the whole list
		{"hansn", 0, capped, nil, 25},                        // typos only: the first found
		{"hansn", 5000, capped, nil, 0},
		{"00000", 0, capped, nil, 25}, // CPR prefix
		{"0000001", 0, 51, nil, 25},   // 0000001000–0000001050
		{"0000001", 50, 51, nil, 1},
	} {
		list, total, err := db.FindCitizens(ctx, domain.CitizenFilter{Query: tc.q, Limit: 25, Offset: tc.offset})
		if err != nil {
			t.Fatal(err)
		}
		if total != tc.total || len(list) != tc.rows || tc.want != nil && !slices.Equal(ids(list), tc.want) {
			t.Errorf("%q offset %d: %d rows, total %d, want %d rows, total %d", tc.q, tc.offset, len(list), total, tc.rows, tc.total)
		}
		for _, c := range list {
			if tc.q == "hansn" && !strings.HasSuffix(c.Name, " Hansen") {
				t.Errorf("%q: %s", tc.q, c.Name)
			}
		}
	}
}

// TestCitizenSearchMentorTypos: a mentor's search, exact or with a typo,
// finds only the citizens they hold a grant for.
func TestCitizenSearchMentorTypos(t *testing.T) {
	f := newFixture(t)
	mustCitizen(t, f.db, "0202851111", f.caseworker.ID) // "Borger 0202851111", no grant
	if _, err := f.db.CreateGrant(ctx, f.citizen.ID, f.labInput("2026-09-01"), domain.StatusGranted, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"borger", "borgr", "borger 0101"} {
		list, total, err := f.db.FindCitizens(ctx, domain.CitizenFilter{Query: q, PersonID: &f.mentor.ID})
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != f.citizen.ID {
			t.Errorf("mentor searching %q: %d rows, total %d, %v", q, len(list), total, err)
		}
		if _, total, _ := f.db.FindCitizens(ctx, domain.CitizenFilter{Query: q}); total != 2 && q != "borger 0101" {
			t.Errorf("caseworker searching %q: total %d, want 2", q, total)
		}
	}
}
