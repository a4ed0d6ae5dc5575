package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// countRows counts a table's rows (what a bad post must not change).
func countRows(t *testing.T, e *grantEnv, table string) int {
	t.Helper()
	var n int
	if err := e.app.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBadInputCases pins the inputs the issue found giving 500 or lost
// forms: each is now 422 with a Danish message, the form as typed, and
// nothing stored.
func TestBadInputCases(t *testing.T) {
	e := newGrantEnv(t)
	r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger", e.labForm())
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("grant: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	gid := strings.TrimPrefix(r.Header.Get("Location"), "/bevillinger/")

	// A search with a NUL byte.
	r = e.app.Get(t, e.cw, "/borgere?q=%2Fe%00")
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Søgningen indeholder tegn, der ikke kan bruges") {
		t.Errorf("search with NUL: %d", r.StatusCode)
	}

	// A grant in year 1000 or 9999 is refused, the form kept.
	grants := countRows(t, e, "grants")
	for _, start := range []string{"01.01.1000", "31.12.9999"} {
		f := e.labForm()
		f.Set("start", start)
		f.Set("end", "")
		f.Set("purpose", "Formål \x00 med NUL")
		r = e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger", f)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Datoen skal ligge mellem") ||
			!strings.Contains(r.Body, "Teksten indeholder tegn, der ikke kan bruges") ||
			!strings.Contains(r.Body, `value="`+start+`"`) || !strings.Contains(r.Body, "Formål \uFFFD med NUL") {
			t.Errorf("grant starting %s: %d %s", start, r.StatusCode, errorsIn(r.Body))
		}
	}
	// A goal line longer than the limit.
	f := e.labForm()
	f.Set("goals", strings.Repeat("m", 501))
	if r = e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger", f); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "højst være 500 tegn") {
		t.Errorf("long goal: %d %s", r.StatusCode, errorsIn(r.Body))
	}
	if n := countRows(t, e, "grants"); n != grants {
		t.Errorf("grants stored from bad input: %d → %d", grants, n)
	}

	// An adjustment meeting with no participant ticked.
	meetings := countRows(t, e, "adjustment_meetings")
	meeting := url.Values{"held_on": {today()}, "others": {"Borgerens mor"}, "summary": {"Referat skrevet med omhu"}}
	r = e.app.PostForm(t, e.cw, "/bevillinger/"+gid+"/justeringsmoede", meeting)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Vælg hvem der deltog") ||
		!strings.Contains(r.Body, "Referat skrevet med omhu") || !strings.Contains(r.Body, "Borgerens mor") {
		t.Errorf("meeting without participants: %d %s", r.StatusCode, errorsIn(r.Body))
	}
	if n := countRows(t, e, "adjustment_meetings"); n != meetings {
		t.Errorf("meeting stored without participants")
	}

	// The access-log export for an unknown or non-numeric citizen.
	admin := e.app.Client(t)
	e.app.Login(t, admin, "admin")
	for _, borger := range []string{"987654321", "abc"} {
		r = e.app.Get(t, admin, "/admin/adgangslog/eksport?borger="+borger)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "borger") || !strings.Contains(r.Body, `value="`+borger+`"`) {
			t.Errorf("export for citizen %s: %d", borger, r.StatusCode)
		}
	}

	// The catalogue form with an unknown kind keeps the text.
	r = e.app.PostForm(t, admin, "/admin/stamdata/katalog", url.Values{"kind": {"andet"}, "text": {"Ny opgave skrevet"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="Ny opgave skrevet"`) ||
		!strings.Contains(r.Body, "Vælg, om punktet er en opgave eller en undtagelse.") {
		t.Errorf("catalogue with unknown kind: %d", r.StatusCode)
	}
	// And with unusable characters.
	r = e.app.PostForm(t, admin, "/admin/stamdata/katalog", url.Values{"kind": {"opgave"}, "text": {"Opgave \xff"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Teksten indeholder tegn") {
		t.Errorf("catalogue with invalid UTF-8: %d", r.StatusCode)
	}
}
