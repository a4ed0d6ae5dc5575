package server_test

import (
	"net/http"
	"strings"
	"testing"

	"mentorspor/internal/domain"
)

// TestSupportLetterForOnePersonInBothFunctions: a citizen whose mentor is
// also their støttekontaktperson gets one letter, "Din støtte", with each
// function's tasks, exclusions and complaint route; case staff open it from
// the citizen page, the read is logged, and a mentor cannot open it.
func TestSupportLetterForOnePersonInBothFunctions(t *testing.T) {
	e := newGrantEnv(t)
	gid := e.createGrant(t) // LAB, Mette Jensen, 3,5 hours
	letter := "/borgere/" + e.citizenID + "/din-stoette"
	if r := e.app.Get(t, e.cw, letter); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "Brevet »Din støtte« er til en borger") {
		t.Fatalf("one function only: %d", r.StatusCode)
	}
	if page := e.app.Get(t, e.cw, "/borgere/"+e.citizenID); strings.Contains(page.Body, `data-testid="support-letter-link"`) {
		t.Fatal("the citizen page links the overview letter with one function only")
	}
	if _, err := e.app.DB.Pool.Exec(t.Context(), `UPDATE grants SET start_date = start_date - 30, review_date = review_date - 30 WHERE id = $1`, gid); err != nil {
		t.Fatal(err)
	}
	f := e.switchFormFromPage(t, "tilfoej_parallel", "")
	f.Set("kind", "tilfoej_parallel")
	f.Set("reason", "Støtte i hjemmet til post og økonomi")
	f.Set("hours", "2")
	f.Set("purpose", "Struktur i hverdagen")
	f.Set("other_tasks", "Hjælp til at åbne og læse post")
	f.Set("other_exclusions", "Ingen behandling")
	f.Del("exclusion_ids")
	assessSupportNeed(t, e, f)
	if r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/faseskift", f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("parallel § 85 with the same person: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}

	page := e.app.Get(t, e.cw, "/borgere/"+e.citizenID)
	if !strings.Contains(page.Body, `href="`+letter+`"`) {
		t.Fatal("the citizen page does not link the overview letter")
	}
	cid := int64(mustAtoi(t, e.citizenID))
	before, _, err := e.app.DB.FindAccessEntries(t.Context(), domain.AccessFilter{CitizenID: &cid, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	r := e.app.Get(t, e.cw, letter)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("letter: %d", r.StatusCode)
	}
	body := htmlUnescape(r.Body)
	for _, want := range []string{
		"<h1 class=\"letter-title\">Din støtte</h1>",
		"Mette Jensen er din mentor (3,5 timer pr. uge, efter § 167, stk. 1) og din støttekontaktperson (2 timer pr. uge, efter § 85).",
		"Mette Jensen som din mentor", "Mette Jensen som din støttekontaktperson",
		"Det hjælper din mentor dig med", "Det hjælper din mentor dig ikke med", "Ingen opgaver inden for borgerens hoveddør",
		"Det hjælper din støttekontaktperson dig med", "Hjælp til at åbne og læse post",
		"Det hjælper din støttekontaktperson dig ikke med", "Ingen behandling",
		"Sådan klager du over afgørelsen om din mentor", "Sådan klager du over afgørelsen om din støttekontaktperson",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the letter lacks %q", want)
		}
	}
	if n := strings.Count(body, "Ankestyrelsen"); n != 2 {
		t.Errorf("the complaint text shows %d times, want once per decision", n)
	}
	// § 85's section does not carry the LAB exclusion.
	sel := body[strings.Index(body, `data-testid="support-stoettekontaktperson"`):]
	if strings.Contains(sel[:strings.Index(sel, "</section>")], "hoveddør") {
		t.Error("the støttekontaktperson's section carries the mentor's exclusion")
	}
	after, _, err := e.app.DB.FindAccessEntries(t.Context(), domain.AccessFilter{CitizenID: &cid, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 || after[0].Entity != domain.EntityOverview || !strings.Contains(after[0].Purpose, "Din støtte") {
		t.Fatalf("the letter's read is not logged once: %d → %d, %+v", len(before), len(after), after[0])
	}

	// The team lead opens it too; a mentor, even the citizen's own, does not.
	lead := e.app.Client(t)
	e.app.Login(t, lead, "teamleder")
	if r := e.app.Get(t, lead, letter); r.StatusCode != http.StatusOK {
		t.Fatalf("team lead: %d", r.StatusCode)
	}
	mentor := e.app.Client(t)
	e.app.Login(t, mentor, "mentor")
	if r := e.app.Get(t, mentor, letter); r.StatusCode != http.StatusForbidden {
		t.Fatalf("the citizen's mentor: %d", r.StatusCode)
	}
	if own := e.app.Get(t, mentor, "/borgere/"+e.citizenID); strings.Contains(own.Body, letter) {
		t.Fatal("the mentor's citizen page links the overview letter")
	}
}
