package postgres_test

import (
	"testing"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/postgres/pgtest"
)

// TestCataloguePerFunction: each function has its own catalogue; the same
// text may stand in both, but only once in each; the input is checked with
// Danish messages.
func TestCataloguePerFunction(t *testing.T) {
	db := pgtest.NewDB(t)
	texts := func(fn domain.Function, kind domain.CatalogueKind) map[string]domain.CatalogueItem {
		items, err := db.FindCatalogue(ctx, fn, kind, true)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]domain.CatalogueItem{}
		for _, it := range items {
			if it.Function != fn || it.Kind != kind {
				t.Errorf("%s %s catalogue holds %+v", fn, kind, it)
			}
			out[it.Text] = it
		}
		return out
	}
	labEx, selEx, selTasks := texts(domain.FunctionMentor, domain.KindExclusion), texts(domain.FunctionSupport, domain.KindExclusion),
		texts(domain.FunctionSupport, domain.KindTask)
	if !labEx["Ingen opgaver inden for borgerens hoveddør"].Standard || len(labEx) != 4 {
		t.Errorf("LAB exclusions: %v", labEx)
	}
	if _, ok := selEx["Ingen opgaver inden for borgerens hoveddør"]; ok {
		t.Error("the front-door rule is in the § 85 catalogue")
	}
	if !selEx["Ikke behandling (terapi eller misbrugsbehandling)"].Standard ||
		!selEx["Ikke økonomisk rådgivning eller forvaltning af borgerens penge"].Standard || len(selTasks) != 5 {
		t.Errorf("§ 85 catalogue: %v, %v", selEx, selTasks)
	}

	in := domain.CatalogueItemInput{Function: domain.FunctionSupport, Kind: domain.KindExclusion, Text: " Ingen terapeutiske samtaler ", Standard: true}
	id, err := db.CreateCatalogueItem(ctx, in, 0)
	if err != nil {
		t.Fatalf("the LAB text in § 85's catalogue: %v", err)
	}
	it, err := db.FindCatalogueItemByID(ctx, id)
	if err != nil || it.Function != domain.FunctionSupport || it.Text != "Ingen terapeutiske samtaler" || !it.Standard || it.Position != 5 {
		t.Fatalf("created: %+v, %v", it, err)
	}
	_, err = db.CreateCatalogueItem(ctx, in, 0)
	if e, ok := err.(*domain.Error); !ok || e.Fields["text"] != "Den tekst findes allerede i kataloget for støttekontaktperson." {
		t.Errorf("the same text twice in one catalogue: %v", err)
	}
	_, err = db.CreateCatalogueItem(ctx, domain.CatalogueItemInput{Kind: domain.KindTask, Text: "x"}, 0)
	if e, ok := err.(*domain.Error); !ok || e.Fields["function"] == "" {
		t.Errorf("no function: %v", err)
	}
	if _, err := db.FindCatalogueItemByID(ctx, 999999); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("unknown entry: %v", err)
	}
}

// TestCataloguePerFunctionMigrationDown takes the demo municipality back
// before migration 25 and up again: § 85's catalogue goes, the grant lines
// that used it keep their text, and it comes back.
func TestCataloguePerFunctionMigrationDown(t *testing.T) {
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
	var selLines int
	const lines = `SELECT count(*) FROM grant_revision_items i JOIN grant_revisions r ON r.id = i.revision_id
		JOIN grants g ON g.id = r.grant_id WHERE g.function = 'stoettekontaktperson' AND i.text LIKE 'Struktur i hverdagen:%'`
	if err := db.Pool.QueryRow(ctx, lines+` AND i.catalogue_item_id IS NOT NULL`).Scan(&selLines); err != nil || selLines == 0 {
		t.Fatalf("demo § 85 lines from the § 85 catalogue: %d, %v", selLines, err)
	}
	mg, err := postgres.NewMigrator(url)
	if err != nil {
		t.Fatal(err)
	}
	defer mg.Close()
	// Step down until migration 25 is undone, whatever numbers come after it.
	for {
		v, _, err := mg.Version()
		if err != nil {
			t.Fatal(err)
		}
		if v < 25 {
			break
		}
		if err := mg.Down(1); err != nil {
			t.Fatal(err)
		}
	}
	var items, kept int
	if err := db.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM catalogue_items), (`+lines+` AND i.catalogue_item_id IS NULL)`).
		Scan(&items, &kept); err != nil {
		t.Fatal(err)
	}
	if items != 10 || kept != selLines {
		t.Fatalf("after down: %d catalogue entries (want LAB's 10), %d of %d § 85 lines kept as text", items, kept, selLines)
	}
	if err := mg.Up(); err != nil {
		t.Fatal(err)
	}
	sel, err := db.FindCatalogue(ctx, domain.FunctionSupport, domain.KindTask, false)
	if err != nil || len(sel) != 5 {
		t.Fatalf("after up again: %d § 85 tasks, %v", len(sel), err)
	}
}
