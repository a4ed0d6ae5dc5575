package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/internal/servertest"
)

// The § 85 catalogue's texts (migration 000025) and the LAB mentor's.
const (
	selTaskStructure = "Struktur i hverdagen: faste rutiner, døgnrytme og overblik over aftaler"
	selExclTreatment = "Ikke behandling (terapi eller misbrugsbehandling)"
	labExclDoor      = "Ingen opgaver inden for borgerens hoveddør"
	labTaskDoctor    = "Hjælp til at kontakte egen læge"
)

// selBasisID is the id of the legal basis SEL-85.
func (e *grantEnv) selBasisID(t *testing.T) string {
	t.Helper()
	bases, err := e.app.DB.FindLegalBases(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, lb := range bases {
		if lb.Code == "SEL-85" {
			return itoa(lb.ID)
		}
	}
	t.Fatal("no SEL-85")
	return ""
}

// catalogueIDs maps function fn's catalogue of kind, text → id.
func (e *grantEnv) catalogueIDs(t *testing.T, fn domain.Function, kind domain.CatalogueKind) map[string]string {
	t.Helper()
	items, err := e.app.DB.FindCatalogue(t.Context(), fn, kind, false)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, it := range items {
		out[it.Text] = itoa(it.ID)
	}
	return out
}

// mainContent is the page's <main>: the grant's own text, without the
// navigation (which names the Mentor role for LAB things).
func mainContent(t *testing.T, body string) string {
	t.Helper()
	i, j := strings.Index(body, "<main"), strings.Index(body, "</main>")
	if i < 0 || j < i {
		t.Fatal("page without <main>")
	}
	return htmlUnescape(body[i:j])
}

// checkedBox reports whether the form has the checkbox name=value ticked.
func checkedBox(body, name, value string) bool {
	return regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" value="` + regexp.QuoteMeta(value) + `"[^>]*checked`).
		MatchString(body)
}

// TestGrantFormOffersItsFunctionsCatalogue: a new grant offers the
// catalogue of its legal basis' function only, with that function's
// standard exclusions ticked; a LAB entry posted on a § 85 grant is not
// taken.
func TestGrantFormOffersItsFunctionsCatalogue(t *testing.T) {
	e := newGrantEnv(t)
	e.grantsBoth(t)
	selID := e.selBasisID(t)
	selEx := e.catalogueIDs(t, domain.FunctionSupport, domain.KindExclusion)
	labEx := e.catalogueIDs(t, domain.FunctionMentor, domain.KindExclusion)
	labTasks := e.catalogueIDs(t, domain.FunctionMentor, domain.KindTask)
	tests := []struct {
		name, basis        string
		offered, notOffer  []string
		ticked, notTicked  []string // exclusion ids
		legendTasks, notIn string
	}{
		{name: "§ 85", basis: selID,
			offered: []string{selTaskStructure, selExclTreatment}, notOffer: []string{labExclDoor, labTaskDoctor},
			ticked: []string{selEx[selExclTreatment]}, legendTasks: "Det hjælper støttekontaktpersonen med (opgaver)", notIn: "mentoren"},
		{name: "LAB", basis: e.labID,
			offered: []string{labExclDoor, labTaskDoctor}, notOffer: []string{selTaskStructure, selExclTreatment},
			ticked: []string{labEx[labExclDoor]}, legendTasks: "Det hjælper mentoren med (opgaver)", notIn: "støttekontaktpersonen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.app.Get(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger/ny?lovgrundlag="+tt.basis)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("form: %d", r.StatusCode)
			}
			body := mainContent(t, r.Body)
			for _, s := range tt.offered {
				if !strings.Contains(body, s) {
					t.Errorf("form lacks %q", s)
				}
			}
			for _, s := range tt.notOffer {
				if strings.Contains(body, s) {
					t.Errorf("form offers the other function's %q", s)
				}
			}
			for _, id := range tt.ticked {
				if !checkedBox(r.Body, "exclusion_ids", id) {
					t.Errorf("standard exclusion %s not ticked", id)
				}
			}
			if !strings.Contains(body, tt.legendTasks) || strings.Contains(body, tt.notIn) {
				t.Errorf("legend: want %q and no %q", tt.legendTasks, tt.notIn)
			}
		})
	}

	// A LAB entry posted on a § 85 grant is ignored: with nothing else, the
	// grant has no exclusion, and the message names the støttekontaktperson.
	f := url.Values{"legal_basis_id": {selID}, "person_id": {e.mentorID}, "purpose": {"Struktur i hverdagen"},
		"goals": {"Have styr på posten"}, "hours": {"2"}, "start": {today()}, "follow_up": {""},
		"task_ids": {labTasks[labTaskDoctor]}, "exclusion_ids": {labEx[labExclDoor]}, "budget_id": {"2"}, "action": {"bevilg"}}
	r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger", f)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("§ 85 grant with LAB entries only: %d", r.StatusCode)
	}
	for _, want := range []string{"Vælg eller skriv mindst én opgave, støttekontaktpersonen løser.",
		"Vælg eller skriv mindst én ting, støttekontaktpersonen ikke gør."} {
		if !strings.Contains(htmlUnescape(r.Body), want) {
			t.Errorf("refused § 85 form lacks %q", want)
		}
	}
}

// TestSwitchProposesTheNewFunctionsCatalogue: a switch does not carry the
// old grant's tasks and exclusions over. The form proposes the new
// function's catalogue (its standard exclusions ticked) and shows the old
// grant's lines apart, unticked, under "Fra den hidtidige bevilling
// (mentor)"; only what is ticked there goes over.
func TestSwitchProposesTheNewFunctionsCatalogue(t *testing.T) {
	e := newGrantEnv(t)
	e.grantsBoth(t)
	gid := e.createGrant(t) // LAB with the four standard exclusions and "Følge borgeren til første praktikdag"
	if _, err := e.app.DB.Pool.Exec(t.Context(), `UPDATE grants SET start_date = start_date - 30, review_date = review_date - 30 WHERE id = $1`, gid); err != nil {
		t.Fatal(err)
	}
	selEx := e.catalogueIDs(t, domain.FunctionSupport, domain.KindExclusion)
	selTasks := e.catalogueIDs(t, domain.FunctionSupport, domain.KindTask)
	const carriedTask = "Følge borgeren til første praktikdag"

	for _, kind := range []string{"lab_til_85", "tilfoej_parallel"} {
		t.Run(kind, func(t *testing.T) {
			f, body := e.switchFormAsPrefilled(t, kind, "")
			main := mainContent(t, body)
			from := refElement(t, body, "exclusions-from")
			if !strings.Contains(htmlUnescape(from), "Fra den hidtidige bevilling (mentor)") || !strings.Contains(from, labExclDoor) {
				t.Fatalf("the old grant's exclusions are not shown apart: %s", from)
			}
			if checkedBox(body, "from_exclusions", labExclDoor) || len(f["from_exclusions"])+len(f["from_tasks"]) != 0 {
				t.Error("the old grant's lines are ticked by default")
			}
			if !strings.Contains(main, "Foreslået fra kataloget (støttekontaktperson)") || !strings.Contains(main, selTaskStructure) {
				t.Error("the § 85 catalogue is not proposed")
			}
			if len(f["task_ids"]) != 0 || f.Get("other_tasks") != "" || f.Get("other_exclusions") != "" {
				t.Errorf("tasks carried over: %v", f)
			}
			for text, id := range selEx {
				isStandard := text != "Ikke praktisk hjælp, hvor støttekontaktpersonen gør arbejdet for borgeren (rengøring, tøjvask)"
				if checkedBox(body, "exclusion_ids", id) != isStandard {
					t.Errorf("§ 85 exclusion %q ticked = %v, want %v (standard)", text, !isStandard, isStandard)
				}
			}
			if !strings.Contains(main, "Det gør støttekontaktpersonen ikke (undtagelser)") {
				t.Error("the switch form's legend does not name the støttekontaktperson")
			}
		})
	}

	// Refused: what was ticked among the old lines comes back ticked.
	f, _ := e.switchFormAsPrefilled(t, "lab_til_85", "")
	f.Set("kind", "lab_til_85")
	f.Set("reason", "")
	f.Add("task_ids", selTasks[selTaskStructure])
	f.Add("from_tasks", carriedTask)
	r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/faseskift", f)
	if r.StatusCode != http.StatusUnprocessableEntity || !checkedBox(r.Body, "from_tasks", carriedTask) ||
		checkedBox(r.Body, "from_exclusions", labExclDoor) {
		t.Fatalf("refused switch does not keep the ticked old lines: %d", r.StatusCode)
	}

	// Saved: the § 85 grant has the § 85 catalogue's lines and the old lines
	// ticked (a LAB catalogue entry keeps its entry), and not the front-door
	// exclusion.
	labTasks, err := e.app.DB.FindCatalogue(t.Context(), domain.FunctionMentor, domain.KindTask, false)
	if err != nil {
		t.Fatal(err)
	}
	labTask := labTasks[0] // the LAB grant's catalogue task (newGrantEnv)
	f.Add("from_tasks", labTask.Text)
	f.Set("reason", "Behovet for hverdagsmestring er vedvarende")
	assessSupportNeed(t, e, f)
	if r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/faseskift", f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	grants, err := e.app.DB.FindGrantsForCitizen(t.Context(), int64(mustAtoi(t, e.citizenID)))
	if err != nil {
		t.Fatal(err)
	}
	var sel *domain.Grant
	for i := range grants {
		if grants[i].Function == domain.FunctionSupport {
			sel = &grants[i]
		}
	}
	if sel == nil {
		t.Fatal("no § 85 grant")
	}
	if sel.Excludes("hoveddør") {
		t.Errorf("the § 85 grant carries the front-door exclusion: %+v", sel.Exclusions)
	}
	if len(sel.Exclusions) != 3 || !sel.Excludes("Ikke behandling") {
		t.Errorf("§ 85 exclusions: %+v, want § 85's three standard ones", sel.Exclusions)
	}
	if len(sel.Tasks) != 3 || sel.Tasks[0].Text != selTaskStructure || sel.Tasks[1].Text != carriedTask ||
		sel.Tasks[2].CatalogueID == nil || *sel.Tasks[2].CatalogueID != labTask.ID {
		t.Errorf("§ 85 tasks: %+v, want the § 85 catalogue's and the two old lines ticked", sel.Tasks)
	}
	// Revising the § 85 grant keeps the LAB entry it carries: offered, ticked.
	rev := e.app.Get(t, e.cw, "/bevillinger/"+itoa(sel.ID)+"/revision")
	if rev.StatusCode != http.StatusOK || !checkedBox(rev.Body, "task_ids", itoa(labTask.ID)) ||
		!checkedBox(rev.Body, "task_ids", selTasks[selTaskStructure]) {
		t.Errorf("the revision form drops the grant's own lines: %d", rev.StatusCode)
	}
}

// TestSupportGrantSpeaksOfStoettekontaktperson: a § 85 grant's page, letter,
// revision form and meeting form call the person støttekontaktperson(en),
// never mentor(en), in the grant's own text; a LAB grant's page says
// mentoren.
func TestSupportGrantSpeaksOfStoettekontaktperson(t *testing.T) {
	e := newGrantEnv(t)
	e.grantsBoth(t)
	selTasks := e.catalogueIDs(t, domain.FunctionSupport, domain.KindTask)
	selEx := e.catalogueIDs(t, domain.FunctionSupport, domain.KindExclusion)
	f := url.Values{"legal_basis_id": {e.selBasisID(t)}, "person_id": {e.mentorID}, "purpose": {"Klare sig i egen bolig"},
		"goals": {"Have styr på posten"}, "hours": {"2"}, "start": {today()},
		"follow_up": {domain.FormatDate(domain.DefaultReview(domain.DateOf(e.app.Now())))},
		"task_ids":  {selTasks[selTaskStructure]}, "exclusion_ids": {selEx[selExclTreatment]}, "budget_id": {"2"}, "action": {"bevilg"}}
	assessSupportNeed(t, e, f)
	r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger", f)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("§ 85 grant: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	grant := r.Header.Get("Location")
	for _, tc := range []struct {
		path string
		want []string
	}{
		{grant, []string{"Det hjælper støttekontaktpersonen med", "Det gør støttekontaktpersonen ikke", selExclTreatment}},
		{grant + "/brev", []string{"Du har fået bevilget en støttekontaktperson", "Din støttekontaktperson",
			"Det hjælper din støttekontaktperson dig ikke med"}},
		{grant + "/revision", []string{"Det hjælper støttekontaktpersonen med (opgaver)", "Det gør støttekontaktpersonen ikke (undtagelser)"}},
		{grant + "/justeringsmoede", []string{"Trepartssamtale mellem borger, støttekontaktperson og sagsbehandler",
			"ændre støttekontaktpersonens opgaver", ">Støttekontaktperson</label>"}},
	} {
		r := e.app.Get(t, e.cw, tc.path)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", tc.path, r.StatusCode)
		}
		main := mainContent(t, r.Body)
		for _, w := range tc.want {
			if !strings.Contains(main, w) {
				t.Errorf("%s lacks %q", tc.path, w)
			}
		}
		if low := strings.ToLower(main); strings.Contains(low, "mentoren") || strings.Contains(low, "din mentor") ||
			strings.Contains(low, "en mentor ") {
			t.Errorf("%s speaks of a mentor on a § 85 grant", tc.path)
		}
	}

	lab := e.app.Get(t, e.cw, "/bevillinger/"+e.createGrant(t))
	if main := mainContent(t, lab.Body); !strings.Contains(main, "Det hjælper mentoren med") || strings.Contains(main, "støttekontaktpersonen") {
		t.Error("a LAB grant's page does not speak of mentoren")
	}
}

// TestCatalogueAdminPerFunction: the administrator sees and adds to each
// function's catalogue; the function is checked in Danish next to its
// field; the same text may stand in both catalogues; retiring goes back to
// the entry's own function.
func TestCatalogueAdminPerFunction(t *testing.T) {
	app, c := refAdminApp(t)
	sel := app.Get(t, c, "/admin/stamdata/katalog?funktion=stoettekontaktperson")
	refWantStatus(t, sel, http.StatusOK)
	refWantBody(t, sel, selTaskStructure, selExclTreatment, "Undtagelser (det gør støttekontaktpersonen ikke)",
		`aria-current="page">Støttekontaktperson (SEL § 85)`)
	if strings.Contains(sel.Body, labExclDoor) || strings.Contains(sel.Body, labTaskDoctor) {
		t.Error("the § 85 catalogue page lists the LAB mentor's entries")
	}
	lab := app.Get(t, c, "/admin/stamdata/katalog")
	refWantBody(t, lab, labExclDoor, `aria-current="page">Mentor (LAB)`)
	if strings.Contains(lab.Body, selExclTreatment) {
		t.Error("the LAB catalogue page lists § 85 entries")
	}

	add := func(fn, kind, text, standard string) *servertest.Response {
		return app.PostForm(t, c, "/admin/stamdata/katalog",
			url.Values{"function": {fn}, "kind": {kind}, "text": {text}, "standard": {standard}})
	}
	// The LAB text "Ingen terapeutiske samtaler" may also stand in § 85's catalogue.
	r := add("stoettekontaktperson", "undtagelse", "Ingen terapeutiske samtaler", "1")
	refWantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/admin/stamdata/katalog?funktion=stoettekontaktperson" {
		t.Errorf("after adding: %q", loc)
	}
	items, err := app.DB.FindCatalogue(t.Context(), domain.FunctionSupport, domain.KindExclusion, false)
	if err != nil {
		t.Fatal(err)
	}
	var added *domain.CatalogueItem
	for i := range items {
		if items[i].Text == "Ingen terapeutiske samtaler" {
			added = &items[i]
		}
	}
	if added == nil || !added.Standard || added.Function != domain.FunctionSupport {
		t.Fatalf("added § 85 exclusion: %+v", added)
	}
	r = add("stoettekontaktperson", "undtagelse", "Ingen terapeutiske samtaler", "")
	refWantStatus(t, r, http.StatusUnprocessableEntity)
	refWantBody(t, r, "Den tekst findes allerede i kataloget for støttekontaktperson.")

	r = add("terapeut", "opgave", "Samtaleterapi", "")
	refWantStatus(t, r, http.StatusUnprocessableEntity)
	refWantBody(t, r, `id="opgave-function-error"`, "Vælg, om punktet hører til mentor (LAB) eller støttekontaktperson (SEL § 85).",
		`value="Samtaleterapi"`)

	r = app.PostForm(t, c, "/admin/stamdata/katalog/"+itoa(added.ID)+"/udgaa", nil)
	refWantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/admin/stamdata/katalog?funktion=stoettekontaktperson" {
		t.Errorf("after retiring a § 85 entry: %q", loc)
	}
}
