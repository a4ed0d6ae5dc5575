package postgres_test

import (
	"testing"

	"mentorspor/internal/domain"
)

// TestOverCapacityFlag: a mentor booked above their capacity raises the
// over-kapacitet flag on the team page, counted once, with the hours the
// profile counts (grants active today; a draft books nothing).
func TestOverCapacityFlag(t *testing.T) {
	f := newFixture(t)
	if _, err := f.db.CreateGrant(ctx, f.citizen.ID, f.labInput("2026-11-01"), domain.StatusGranted, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatal(err)
	}
	other := mustCitizen(t, f.db, "0202802222", f.caseworker.ID)
	draft := f.labInput("2026-11-01")
	draft.HoursPerWeek = 10
	if _, err := f.db.CreateGrant(ctx, other.ID, draft, domain.StatusDraft, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatal(err)
	}
	mentorRow := func(filter domain.CaseloadFilter) domain.MentorLoad {
		t.Helper()
		mentors, _, _, err := f.db.TeamCaseload(ctx, filter)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mentors {
			if m.UserID == f.mentor.ID {
				return m
			}
		}
		t.Fatal("the mentor is not on the team page")
		return domain.MentorLoad{}
	}
	for _, c := range []struct {
		capacity float64
		want     int
	}{
		{30, 0},  // 3 of 30 hours
		{3, 0},   // exactly the capacity: full, not over it
		{2.5, 1}, // 3 of 2,5 hours
		{0, 0},   // no capacity set
	} {
		if err := f.db.SetQualifications(ctx, f.mentor.ID, true, true, c.capacity); err != nil {
			t.Fatal(err)
		}
		m := mentorRow(domain.CaseloadFilter{})
		if m.Flags[domain.FlagOverCapacity] != c.want || m.GrantedHours != 3 {
			t.Errorf("capacity %v: flag %d with %v hours granted, want %d with 3", c.capacity, m.Flags[domain.FlagOverCapacity], m.GrantedHours, c.want)
		}
		p, err := f.db.FindPerson(ctx, f.mentor.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.OverCapacity() != (c.want == 1) || p.BookedHours != m.GrantedHours {
			t.Errorf("capacity %v: the profile says over %v with %v hours booked; the team page %d with %v",
				c.capacity, p.OverCapacity(), p.BookedHours, c.want, m.GrantedHours)
		}
	}
	// Seen from one caseworker, the hours are only theirs: no flag then.
	if err := f.db.SetQualifications(ctx, f.mentor.ID, true, true, 2.5); err != nil {
		t.Fatal(err)
	}
	if m := mentorRow(domain.CaseloadFilter{CaseworkerID: &f.caseworker.ID}); m.Flags[domain.FlagOverCapacity] != 0 {
		t.Errorf("a caseworker's part of the load raised the flag: %v", m.Flags)
	}
}
