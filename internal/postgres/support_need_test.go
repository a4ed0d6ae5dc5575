package postgres_test

import (
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
)

// seededSupportNeed is an assessment of the first two seeded FFB areas and
// the first seeded purpose.
func seededSupportNeed(t *testing.T, db *postgres.DB) ([]domain.SupportNeed, int64) {
	t.Helper()
	areas, err := db.FindSupportTerms(ctx, domain.SupportTermArea, false)
	if err != nil || len(areas) < 7 {
		t.Fatalf("seeded areas: %v %v", areas, err)
	}
	purposes, err := db.FindSupportTerms(ctx, domain.SupportTermPurpose, false)
	if err != nil || len(purposes) < 4 {
		t.Fatalf("seeded purposes: %v %v", purposes, err)
	}
	return []domain.SupportNeed{{AreaID: areas[1].ID, Level: domain.SupportHigh}, {AreaID: areas[0].ID, Level: domain.SupportLight}},
		purposes[0].ID
}

func TestSupportNeedSavedWithTheGrant(t *testing.T) {
	f := newFixture(t)
	sel := f.grant(t, f.selInput("2026-09-01"))
	if sel.SupportPurposeID == nil || *sel.SupportPurposeID != f.supportPurpose || sel.SupportPurposeName != "Udvikle funktionsevne" {
		t.Fatalf("purpose: %v %q", sel.SupportPurposeID, sel.SupportPurposeName)
	}
	// In the areas' order, with their names.
	if len(sel.SupportNeeds) != 2 || sel.SupportNeeds[0].AreaName != "Egenomsorg" || sel.SupportNeeds[0].Level != domain.SupportLight ||
		sel.SupportNeeds[1].AreaName != "Praktiske opgaver i hjemmet" || sel.SupportNeeds[1].Level != domain.SupportHigh {
		t.Fatalf("needs: %+v", sel.SupportNeeds)
	}
	// A LAB grant keeps nothing of what was posted for the FFB part.
	lab := f.grant(t, f.labInput("2026-09-01"))
	if lab.SupportNeeds != nil || lab.SupportPurposeID != nil {
		t.Fatalf("LAB grant got an FFB part: %+v", lab)
	}
	if n := count(t, f, `SELECT count(*) FROM grant_support_needs`); n != 2 {
		t.Fatalf("want only the § 85 grant's 2 rows, got %d", n)
	}
	// The database refuses an assessment or a purpose on a LAB grant.
	_, err := f.db.Pool.Exec(ctx, `INSERT INTO grant_support_needs (grant_id, area_id, level) VALUES ($1, $2, 'let')`,
		lab.ID, f.needs[0].AreaID)
	if err == nil {
		t.Fatal("an assessment on a LAB grant was stored")
	}
	if _, err := f.db.Pool.Exec(ctx, `UPDATE grants SET support_purpose_id = $2 WHERE id = $1`, lab.ID, f.supportPurpose); err == nil {
		t.Fatal("a purpose on a LAB grant was stored")
	}
	// An unknown level is refused by the database too.
	if _, err := f.db.Pool.Exec(ctx, `UPDATE grant_support_needs SET level = 'svaert' WHERE grant_id = $1`, sel.ID); err == nil {
		t.Fatal("an unknown level was stored")
	}
}

func TestRefusedSupportNeedSavesNothing(t *testing.T) {
	f := newFixture(t)
	for name, edit := range map[string]func(in *domain.GrantInput){
		"intet vurderet": func(in *domain.GrantInput) { in.SupportNeeds = nil },
		"ukendt niveau": func(in *domain.GrantInput) {
			in.SupportNeeds = []domain.SupportNeed{{AreaID: f.needs[0].AreaID, Level: "svaert"}}
		},
		"intet formål":    func(in *domain.GrantInput) { in.SupportPurposeID = nil },
		"opfølgning sent": func(in *domain.GrantInput) { in.FollowUp = ptr(d("2027-09-02")) },
		"ukendt område": func(in *domain.GrantInput) {
			in.SupportNeeds = []domain.SupportNeed{{AreaID: 999999, Level: domain.SupportLight}}
		},
		"ukendt formål":    func(in *domain.GrantInput) { in.SupportPurposeID = ptr(int64(999999)) },
		"andet fejler ogs": func(in *domain.GrantInput) { in.HoursPerWeek = 0 },
	} {
		in := f.selInput("2026-09-01")
		edit(&in)
		_, err := f.db.CreateGrant(ctx, f.citizen.ID, in, domain.StatusGranted, f.caseworker.ID, domain.Validation{})
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("%s: want EINVALID, got %v", name, err)
		}
	}
	if n := count(t, f, `SELECT count(*) FROM grants`) + count(t, f, `SELECT count(*) FROM grant_support_needs`); n != 0 {
		t.Fatalf("a refused grant saved %d rows", n)
	}
	// A grant refused in its transaction (a second active § 85 grant) leaves
	// no assessment behind.
	f.grant(t, f.selInput("2026-09-01"))
	_, err := f.db.CreateGrant(ctx, f.citizen.ID, f.selInput("2026-10-01"), domain.StatusGranted, f.caseworker.ID, domain.Validation{})
	if domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("second active § 85 grant: %v", err)
	}
	if n := count(t, f, `SELECT count(*) FROM grant_support_needs`); n != 2 {
		t.Fatalf("want the first grant's 2 rows, got %d", n)
	}
}

func TestSupportNeedOnDraftAndSwitch(t *testing.T) {
	f := newFixture(t)
	// A draft's assessment is replaced when the draft is saved again.
	id, err := f.db.CreateGrant(ctx, f.citizen.ID, f.selInput("2026-09-01"), domain.StatusDraft, f.caseworker.ID, domain.Validation{})
	if err != nil {
		t.Fatal(domain.FieldErrors(err))
	}
	in := f.selInput("2026-09-01")
	in.SupportNeeds = []domain.SupportNeed{{AreaID: f.needs[0].AreaID, Level: domain.SupportTotal}}
	in.Version = 1
	if err := f.db.UpdateDraft(ctx, id, in, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatal(domain.FieldErrors(err), err)
	}
	g, _ := f.db.FindGrantByID(ctx, id)
	if len(g.SupportNeeds) != 1 || g.SupportNeeds[0].Level != domain.SupportTotal {
		t.Fatalf("draft needs: %+v", g.SupportNeeds)
	}
	// A refused save (someone else saved in between) changes nothing.
	in.SupportNeeds = []domain.SupportNeed{{AreaID: f.needs[1].AreaID, Level: domain.SupportNone}}
	if err := f.db.UpdateDraft(ctx, id, in, f.caseworker.ID, domain.Validation{}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale draft save: %v", err)
	}
	g, _ = f.db.FindGrantByID(ctx, id)
	if len(g.SupportNeeds) != 1 || g.SupportNeeds[0].Level != domain.SupportTotal {
		t.Fatalf("a refused save changed the needs: %+v", g.SupportNeeds)
	}
	if err := f.db.DeleteDraft(ctx, id); err != nil {
		t.Fatal(err)
	}

	// LAB → § 85: the new grant gets its assessment in the switch.
	f.grant(t, f.labInput("2026-06-01"))
	sel := f.selInput("2026-08-15")
	sel.FollowUp = nil // follows the effective date: 3 months
	if _, err := f.db.SwitchPhase(ctx, f.citizen.ID, domain.SwitchInput{Kind: domain.SwitchLABTo85, EffectiveOn: d("2026-08-15"),
		Reason: "Behovet er vedvarende", NewGrant: &sel}, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatal(domain.FieldErrors(err), err)
	}
	grants, _ := f.db.FindGrantsForCitizen(ctx, f.citizen.ID)
	var newID int64
	for _, g := range grants {
		if g.Function == domain.FunctionSupport {
			newID = g.ID
		}
	}
	g, err = f.db.FindGrantByID(ctx, newID)
	if err != nil || len(g.SupportNeeds) != 2 || g.SupportPurposeID == nil || !g.FollowUp.Equal(d("2026-11-15")) {
		t.Fatalf("switched § 85 grant: %+v %v", g, err)
	}
	// A switch refused for its assessment ends nothing.
	f2 := newFixture(t)
	lab := f2.grant(t, f2.labInput("2026-06-01"))
	bad := f2.selInput("2026-08-15")
	bad.SupportNeeds = nil
	_, err = f2.db.SwitchPhase(ctx, f2.citizen.ID, domain.SwitchInput{Kind: domain.SwitchLABTo85, EffectiveOn: d("2026-08-15"),
		Reason: "Behovet er vedvarende", NewGrant: &bad}, f2.caseworker.ID, domain.Validation{})
	if domain.FieldErrors(err)["support_needs"] == "" {
		t.Fatalf("switch without assessment: %v", err)
	}
	if still, _ := f2.db.FindGrantByID(ctx, lab.ID); still.Status != domain.StatusGranted {
		t.Fatalf("the LAB grant ended although the switch was refused: %s", still.Status)
	}
}

func TestSupportTermsReference(t *testing.T) {
	f := newFixture(t)
	id, err := f.db.CreateSupportTerm(ctx, domain.SupportTermArea, "  Bolig  ", "tok-support-term-0001", f.caseworker.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The same form again is the first save's result, not a second row.
	if _, err := f.db.CreateSupportTerm(ctx, domain.SupportTermArea, "Bolig", "tok-support-term-0001", f.caseworker.ID); err == nil {
		t.Fatal("a repeated form created a second row")
	} else if saved, ok := domain.IsAlreadySaved(err); !ok || saved.ID != id {
		t.Fatalf("repeat: %v", err)
	}
	_, err = f.db.CreateSupportTerm(ctx, domain.SupportTermArea, "Bolig", "tok-support-term-0002", f.caseworker.ID)
	if domain.FieldErrors(err)["name"] != "Navnet findes allerede på listen." {
		t.Fatalf("duplicate: %v", err)
	}
	_, err = f.db.CreateSupportTerm(ctx, domain.SupportTermPurpose, " ", "tok-support-term-0003", f.caseworker.ID)
	if domain.FieldErrors(err)["name"] != "Skriv navnet." {
		t.Fatalf("empty: %v", err)
	}
	if err := f.db.RenameSupportTerm(ctx, domain.SupportTermArea, id, "Bolig og hjem"); err != nil {
		t.Fatal(err)
	}
	if err := f.db.RenameSupportTerm(ctx, domain.SupportTermArea, id, "Egenomsorg"); domain.FieldErrors(err)["name"] == "" {
		t.Fatalf("rename to an existing name: %v", err)
	}
	if err := f.db.RenameSupportTerm(ctx, domain.SupportTermPurpose, id+1000, "X"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("rename unknown: %v", err)
	}
	// Used and retired: kept on the grant, no longer offered nor accepted.
	sel := f.grant(t, f.selInput("2026-09-01"))
	if err := f.db.RetireSupportTerm(ctx, domain.SupportTermArea, f.needs[0].AreaID, true); err != nil {
		t.Fatal(err)
	}
	active, _ := f.db.FindSupportTerms(ctx, domain.SupportTermArea, false)
	all, _ := f.db.FindSupportTerms(ctx, domain.SupportTermArea, true)
	if len(all) != len(active)+1 || all[len(all)-1].ID != f.needs[0].AreaID || all[len(all)-1].InUse != 1 {
		t.Fatalf("retired area last with its use: %+v", all)
	}
	if g, _ := f.db.FindGrantByID(ctx, sel.ID); len(g.SupportNeeds) != 2 {
		t.Fatalf("a retired area left the grant: %+v", g.SupportNeeds)
	}
	_, err = f.db.CreateGrant(ctx, f.citizen.ID, f.selInput("2026-09-01"), domain.StatusDraft, f.caseworker.ID, domain.Validation{})
	if domain.FieldErrors(err)["support_needs"] != "Vælg områderne fra listen." {
		t.Fatalf("a retired area on a new grant: %v", err)
	}
	purposes, _ := f.db.FindSupportTerms(ctx, domain.SupportTermPurpose, true)
	if purposes[0].InUse != 1 {
		t.Fatalf("purpose in use: %+v", purposes[0])
	}
	if err := f.db.RetireSupportTerm(ctx, "ukendt", 1, true); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("unknown list: %v", err)
	}
}
