package postgres_test

import (
	"fmt"
	"strings"
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres/pgtest"
)

// TestGrantActiveSQLMatchesGo holds the SQL function grant_active and
// domain.Grant.Active together: every status, with and without an end of
// period and an ended day, on the days around each boundary.
func TestGrantActiveSQLMatchesGo(t *testing.T) {
	db := pgtest.NewDB(t)
	start := domain.MakeDate(2026, 3, 10)
	at := func(days int) domain.Date { return start.AddDate(0, 0, days) }
	ptr := func(d domain.Date) *domain.Date { return &d }
	var cases []domain.Grant
	for _, status := range []domain.GrantStatus{domain.StatusDraft, domain.StatusGranted, domain.StatusEnded} {
		for _, end := range []*domain.Date{nil, ptr(at(10))} {
			for _, ended := range []*domain.Date{nil, ptr(at(5)), ptr(at(20))} {
				if (status == domain.StatusEnded) != (ended != nil) {
					continue // the table's check: an ended grant has its day, no other has one
				}
				cases = append(cases, domain.Grant{Status: status, Start: start, End: end, EndedOn: ended})
			}
		}
	}
	days := []domain.Date{at(-1), at(0), at(5), at(6), at(10), at(11), at(20), at(21)}
	checked, active := 0, 0
	for _, g := range cases {
		for _, day := range days {
			var got bool
			err := db.Pool.QueryRow(ctx, `SELECT grant_active($1, $2, $3, $4, $5)`,
				string(g.Status), g.Start, g.End, g.EndedOn, day).Scan(&got)
			if err != nil {
				t.Fatalf("grant_active: %v", err)
			}
			if want := g.Active(day); got != want {
				t.Errorf("%s from %s, end %v, ended %v, on %s: SQL %v, Go %v",
					g.Status, g.Start, fmtDay(g.End), fmtDay(g.EndedOn), day, got, want)
			}
			checked++
			if got {
				active++
			}
		}
	}
	if len(cases) != 8 || checked != len(cases)*len(days) || active == 0 || active == checked {
		t.Errorf("checked %d cases, %d active: the table lost its spread", checked, active)
	}

	// The planner inlines the function: the plan shows the expression,
	// never a call, so the indexes serve it as if written out.
	var plan strings.Builder
	rows, err := db.Pool.Query(ctx, `EXPLAIN (VERBOSE) SELECT g.id FROM grants g
		WHERE grant_active(g.status, g.start_date, g.end_date, g.ended_on, '2026-03-10')`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plan.String(), "grant_active") || !strings.Contains(plan.String(), "start_date") {
		t.Errorf("grant_active is not inlined:\n%s", plan.String())
	}
}

func fmtDay(d *domain.Date) string {
	if d == nil {
		return "-"
	}
	return fmt.Sprint(*d)
}
