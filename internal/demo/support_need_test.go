package demo

import (
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
)

// checkDemoSupportNeeds: every § 85 grant of the demo has an FFB
// assessment, a purpose and a follow-up date the rule accepts, and some
// have passed their follow-up date (the grant page's flag has something to
// show).
func checkDemoSupportNeeds(t *testing.T, db *postgres.DB, today domain.Date) {
	t.Helper()
	areas, err := db.FindSupportTerms(ctx, domain.SupportTermArea, false)
	if err != nil {
		t.Fatal(err)
	}
	purposes, err := db.FindSupportTerms(ctx, domain.SupportTermPurpose, false)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	rows, err := db.Pool.Query(ctx, `SELECT id FROM grants WHERE function = 'stoettekontaktperson' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if len(ids) < 5 {
		t.Fatalf("want the demo's § 85 grants, got %d", len(ids))
	}
	passed, levels := 0, map[domain.SupportLevel]bool{}
	for _, id := range ids {
		g, err := db.FindGrantByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if g.SupportPurposeName == "" || len(g.SupportNeeds) == 0 || g.FollowUp == nil {
			t.Errorf("§ 85 grant %d lacks its FFB part: %q %v %v", id, g.SupportPurposeName, g.SupportNeeds, g.FollowUp)
			continue
		}
		in := domain.GrantInput{Start: g.Start, End: g.End, FollowUp: g.FollowUp, SupportNeeds: g.SupportNeeds,
			SupportPurposeID: g.SupportPurposeID}
		v := domain.Validation{}
		domain.ValidateSupportNeed(&in, g.LegalBasis, areas, purposes, v)
		if len(v) > 0 {
			t.Errorf("§ 85 grant %d: %v", id, v)
		}
		for _, n := range g.SupportNeeds {
			levels[n.Level] = true
		}
		if g.Status == domain.StatusGranted && today.After(*g.FollowUp) {
			passed++
		}
	}
	if passed == 0 || len(levels) < len(domain.SupportLevels) {
		t.Errorf("want a passed follow-up date and every level in the demo: %d passed, levels %v", passed, levels)
	}
}
