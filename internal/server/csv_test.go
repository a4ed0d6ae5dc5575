package server_test

import (
	"encoding/csv"
	"regexp"
	"strings"
	"testing"
	"time"

	"mentorspor/internal/domain"
	"mentorspor/internal/servertest"
)

// readCSV parses an export (byte-order mark, semicolons).
func readCSV(t *testing.T, r *servertest.Response) [][]string {
	t.Helper()
	rd := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\uFEFF")))
	rd.Comma = ';'
	rows, err := rd.ReadAll()
	if err != nil {
		t.Fatalf("parse CSV: %v", err)
	}
	return rows
}

var (
	formulaStart = regexp.MustCompile(`^[=+\-@\t\r]`)
	csvNumber    = regexp.MustCompile(`^-?\d+(,\d+)?$`)
)

// assertNoFormulas fails when a cell other than a plain number could be read
// as a formula.
func assertNoFormulas(t *testing.T, export string, rows [][]string) {
	t.Helper()
	for _, row := range rows {
		for _, cell := range row {
			if formulaStart.MatchString(cell) && !csvNumber.MatchString(cell) {
				t.Errorf("%s: cell %q would be read as a formula", export, cell)
			}
		}
	}
}

// Names typed into Mentorspor that look like formulas reach every export
// as text: the budget report (mentor and budget names) and the access-log
// export (usernames, details).
func TestCSVExportsGuardFormulas(t *testing.T) {
	app := servertest.New(t)
	ctx := t.Context()
	if _, err := app.DB.Pool.Exec(ctx, `UPDATE users SET display_name = '=HYPERLINK("http://x","klik")'
		WHERE id IN (SELECT person_id FROM grants)`); err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB.Pool.Exec(ctx, `UPDATE budgets SET name = '@SUM(A' || id || ')'`); err != nil {
		t.Fatal(err)
	}
	var first, last time.Time
	if err := app.DB.Pool.QueryRow(ctx, `SELECT min(occurred_on), max(occurred_on) FROM mentor_sessions`).
		Scan(&first, &last); err != nil {
		t.Fatal(err)
	}
	lead := app.Client(t)
	app.Login(t, lead, "teamleder")
	r := app.Get(t, lead, "/rapporter/budget.csv?fra="+first.Format("2006-01")+"&til="+last.Format("2006-01"))
	rows := readCSV(t, r)
	if len(rows) < 2 || !strings.HasPrefix(rows[1][1], "'@SUM(A") || rows[1][2] != `'=HYPERLINK("http://x","klik")` {
		t.Fatalf("budget CSV: want guarded names, got %q", rows[min(1, len(rows)-1)])
	}
	assertNoFormulas(t, "budget", rows)

	citizens, _, err := app.DB.FindCitizens(ctx, domain.CitizenFilter{Limit: 1})
	if err != nil || len(citizens) == 0 {
		t.Fatalf("citizens: %v", err)
	}
	cid := citizens[0].ID
	if err := app.DB.LogAccess(ctx, domain.AccessEntry{Username: "-evil", Action: domain.ActionView, CitizenID: &cid,
		Entity: "+citizen", EntityID: "@1", Purpose: "@SUM(1)", Detail: "=cmd|' /C calc'!A0"}); err != nil {
		t.Fatal(err)
	}
	admin := app.Client(t)
	app.Login(t, admin, "admin")
	rows = readCSV(t, app.Get(t, admin, "/admin/adgangslog/eksport?borger="+itoa(cid)))
	found := false
	for _, row := range rows {
		// The citizen's copy names no entity codes or ids; the purpose and
		// the remark are text and guarded.
		if row[5] == "'=cmd|' /C calc'!A0" && row[1] == "'-evil" && row[3] == "Andre oplysninger" && row[4] == "'@SUM(1)" {
			found = true
		}
	}
	if !found {
		t.Fatalf("access-log export lacks the guarded row: %q", rows)
	}
	assertNoFormulas(t, "access log", rows)
}
