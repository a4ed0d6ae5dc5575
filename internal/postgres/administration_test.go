package postgres_test

import (
	"strings"
	"testing"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/postgres/pgtest"
)

// TestAdministrationsMigration runs the migration that gives legal bases
// and budgets their administration over a municipality where a § 85 grant
// was booked on the employment budget: it moves to the social budget, its
// delivered time with it, and from then on the database refuses the mix.
func TestAdministrationsMigration(t *testing.T) {
	url := pgtest.NewURL(t)
	db, err := postgres.Open(ctx, url, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetClock(pgtest.Clock())
	if err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	mg, err := postgres.NewMigrator(url)
	if err != nil {
		t.Fatal(err)
	}
	defer mg.Close()
	latest, err := postgres.LatestVersion()
	if err != nil {
		t.Fatal(err)
	}
	if err := mg.Down(int(latest) - 22); err != nil {
		t.Fatal(err)
	}
	var moved int64
	if err := db.Pool.QueryRow(ctx, `
		UPDATE grants SET budget_id = (SELECT id FROM budgets WHERE name = 'Beskæftigelse')
		WHERE id = (SELECT min(g.id) FROM grants g JOIN mentor_sessions s ON s.grant_id = g.id WHERE g.function = 'stoettekontaktperson')
		RETURNING id`).Scan(&moved); err != nil {
		t.Fatalf("book a § 85 grant on the employment budget before the migration: %v", err)
	}
	if err := mg.Up(); err != nil {
		t.Fatal(err)
	}

	var wrong, monthsWrong int
	if err := db.Pool.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE b.administration <> lb.administration),
		       (SELECT count(*) FROM session_months m JOIN grants g2 ON g2.id = m.grant_id WHERE m.budget_id <> g2.budget_id)
		FROM grants g JOIN budgets b ON b.id = g.budget_id JOIN legal_bases lb ON lb.id = g.legal_basis_id`).Scan(&wrong, &monthsWrong); err != nil {
		t.Fatal(err)
	}
	if wrong != 0 || monthsWrong != 0 {
		t.Fatalf("after the migration: %d grants on another administration's budget, %d monthly sums on another budget", wrong, monthsWrong)
	}
	g, err := db.FindGrantByID(ctx, moved)
	if err != nil {
		t.Fatal(err)
	}
	if g.BudgetName != "Social" || g.LegalBasis.Administration.Code != domain.AdministrationSocial ||
		g.LegalBasis.Administration.GrantingRole != domain.RoleSocialWorker {
		t.Fatalf("grant %d: budget %q, administration %+v", moved, g.BudgetName, g.LegalBasis.Administration)
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE grants SET budget_id = (SELECT id FROM budgets WHERE name = 'Beskæftigelse') WHERE id = $1`,
		moved); err == nil {
		t.Fatal("the database let a § 85 grant move to the employment budget")
	}

	admins, err := db.FindAdministrations(ctx)
	if err != nil || len(admins) != 2 || admins[0].Name != "Jobcentret" || admins[1].Name != "Socialforvaltningen" ||
		admins[1].ControllerRole != domain.RoleSocialWorker || admins[0].ComplaintText == "" {
		t.Fatalf("administrations %+v (%v)", admins, err)
	}
}

// TestGrantBudgetFollowsTheLaw tries to book each function on the other
// administration's budget, by a new grant and by a phase switch: both are
// refused next to the budget field, and nothing is saved.
func TestGrantBudgetFollowsTheLaw(t *testing.T) {
	f := newFixture(t)
	wrongSEL := f.selInput("2026-12-01")
	wrongSEL.BudgetID = f.budgets["Beskæftigelse"]
	wrongLAB := f.labInput("2026-12-01")
	wrongLAB.BudgetID = f.budgets["Social"]
	for name, in := range map[string]domain.GrantInput{"§ 85 on employment": wrongSEL, "LAB on social": wrongLAB} {
		_, err := f.db.CreateGrant(ctx, f.citizen.ID, in, domain.StatusGranted, f.caseworker.ID, domain.Validation{})
		if msg := domain.FieldErrors(err)["budget_id"]; !strings.HasPrefix(msg, "Budgettet ") {
			t.Fatalf("%s: want a budget message, got %v", name, domain.FieldErrors(err))
		}
	}
	if n := count(t, f, `SELECT count(*) FROM grants`); n != 0 {
		t.Fatalf("%d grants saved", n)
	}

	lab := f.grant(t, f.labInput("2026-09-01"))
	newGrant := f.selInput("2026-12-01")
	newGrant.BudgetID = f.budgets["Beskæftigelse"]
	_, err := f.db.SwitchPhase(ctx, f.citizen.ID, domain.SwitchInput{Kind: domain.SwitchLABTo85, EffectiveOn: d("2026-12-01"),
		Reason: "Behovet er vedvarende", NewGrant: &newGrant}, f.caseworker.ID, domain.Validation{})
	if msg := domain.FieldErrors(err)["budget_id"]; !strings.Contains(msg, "Socialforvaltningens budget") {
		t.Fatalf("switch onto the wrong budget: %v", domain.FieldErrors(err))
	}
	if g, _ := f.db.FindGrantByID(ctx, lab.ID); g.Status != domain.StatusGranted || g.EndedOn != nil {
		t.Fatalf("the refused switch ended the LAB grant: %+v", g)
	}
}

// TestLegalBasisKeepsItsAdministrationUnderGrants tries to move a legal
// basis to the other administration's budget: refused while grants stand
// on it, allowed before, and its administration follows its budget.
func TestLegalBasisKeepsItsAdministrationUnderGrants(t *testing.T) {
	f := newFixture(t)
	in := domain.LegalBasisInput{Code: f.lab.Code, Law: f.lab.Law, Paragraph: f.lab.Paragraph, Title: f.lab.Title,
		Function: f.lab.Function, ValidFrom: f.lab.ValidFrom, MaxMonths: f.lab.MaxMonths, DefaultBudgetID: f.budgets["Social"]}
	if _, err := f.db.SaveLegalBasis(ctx, f.lab.ID, in, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatalf("a basis without grants may move: %v", domain.FieldErrors(err))
	}
	if lb, _ := f.db.FindLegalBasisByID(ctx, f.lab.ID); lb.Administration.Code != domain.AdministrationSocial {
		t.Fatalf("administration %q after the move", lb.Administration.Code)
	}
	in.DefaultBudgetID = f.budgets["Beskæftigelse"]
	if _, err := f.db.SaveLegalBasis(ctx, f.lab.ID, in, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatal(err)
	}
	f.grant(t, f.labInput("2026-09-01"))
	in.DefaultBudgetID = f.budgets["Social"]
	_, err := f.db.SaveLegalBasis(ctx, f.lab.ID, in, f.caseworker.ID, domain.Validation{})
	if msg := domain.FieldErrors(err)["default_budget_id"]; !strings.Contains(msg, "har bevillinger") {
		t.Fatalf("a basis with grants moved: %v", domain.FieldErrors(err))
	}
	if lb, _ := f.db.FindLegalBasisByID(ctx, f.lab.ID); lb.Administration.Code != domain.AdministrationEmployment {
		t.Fatalf("administration %q after the refused move", lb.Administration.Code)
	}
}
