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
	e.grantsBoth(t)
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
		"Mette Jensen er din mentor (3,5 timer pr. uge, Jobcentret) og din støttekontaktperson (2 timer pr. uge, Socialforvaltningen).",
		"Jobcentret og Socialforvaltningen, Voksenområdet · Demo Kommune",
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
	// § 85's section does not carry the LAB exclusion, and each decision
	// has its own administration's complaint text.
	sel := body[strings.Index(body, `data-testid="support-stoettekontaktperson"`):]
	sel = sel[:strings.Index(sel, "</section>")]
	if strings.Contains(sel, "hoveddør") {
		t.Error("the støttekontaktperson's section carries the mentor's exclusion")
	}
	lab := body[strings.Index(body, `data-testid="support-mentor"`):]
	lab = lab[:strings.Index(lab, "</section>")]
	if !strings.Contains(sel, "støtte efter serviceloven § 85") || strings.Contains(lab, "serviceloven § 85") {
		t.Error("the complaint texts do not follow the decisions' administrations")
	}
	after, _, err := e.app.DB.FindAccessEntries(t.Context(), domain.AccessFilter{CitizenID: &cid, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 || after[0].Entity != domain.EntityOverview || !strings.Contains(after[0].Purpose, "Din støtte") {
		t.Fatalf("the letter's read is not logged once: %d → %d, %+v", len(before), len(after), after[0])
	}

	// The § 85 grant's own letter comes from the social administration, with
	// its complaint text, and follows what the administrator writes.
	grants, err := e.app.DB.FindGrantsForCitizen(t.Context(), cid)
	if err != nil {
		t.Fatal(err)
	}
	var selID int64
	for _, g := range grants {
		if g.Function == domain.FunctionSupport {
			selID = g.ID
		}
	}
	selLetter := htmlUnescape(e.app.Get(t, e.cw, "/bevillinger/"+itoa(selID)+"/brev").Body)
	for _, want := range []string{"Socialforvaltningen, Voksenområdet · Demo Kommune", "støtte efter serviceloven § 85"} {
		if !strings.Contains(selLetter, want) {
			t.Errorf("the § 85 grant letter lacks %q", want)
		}
	}
	sign := selLetter[strings.Index(selLetter, `data-testid="letter-sign"`):]
	if sign = sign[:strings.Index(sign, "</p>")]; !strings.Contains(sign, "Socialforvaltningen, Voksenområdet") {
		t.Errorf("the § 85 grant letter is signed %q", sign)
	}
	if strings.Contains(selLetter, "Jobcentret") {
		t.Error("the § 85 grant letter names the job centre")
	}
	if _, err := e.app.DB.Pool.Exec(t.Context(), `UPDATE administrations SET letter_sender = 'Voksenrådgivningen' WHERE code = 'social'`); err != nil {
		t.Fatal(err)
	}
	if got := e.app.Get(t, e.cw, "/bevillinger/"+itoa(selID)+"/brev").Body; !strings.Contains(got, "Voksenrådgivningen · Demo Kommune") {
		t.Error("the letter does not follow the administration's sender")
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
