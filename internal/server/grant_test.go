package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres/pgtest"
	"mentorspor/internal/servertest"
)

type grantEnv struct {
	app       *servertest.App
	cw        *http.Client
	citizenID string
	mentorID  string
	labID     string
	taskID    string
	exclIDs   []string
}

func newGrantEnv(t *testing.T) *grantEnv {
	t.Helper()
	app := servertest.New(t)
	ctx := t.Context()
	e := &grantEnv{app: app, cw: app.Client(t)}
	app.Login(t, e.cw, "sagsbehandler")
	e.citizenID = createCitizen(t, app, e.cw, "0404904444", "Dorte Demo", nil)
	mentor, _, _ := app.DB.FindUserForLogin(ctx, "mentor")
	if err := app.DB.SetQualifications(ctx, mentor.ID, true, true, 30); err != nil {
		t.Fatal(err)
	}
	e.mentorID = itoa(mentor.ID)
	bases, _ := app.DB.FindLegalBases(ctx)
	for _, lb := range bases {
		if lb.Code == "LAB-167" {
			e.labID = itoa(lb.ID)
		}
	}
	tasks, _ := app.DB.FindCatalogue(ctx, domain.FunctionMentor, domain.KindTask, false)
	excls, _ := app.DB.FindCatalogue(ctx, domain.FunctionMentor, domain.KindExclusion, false)
	e.taskID = itoa(tasks[0].ID)
	for _, x := range excls {
		e.exclIDs = append(e.exclIDs, itoa(x.ID))
	}
	return e
}

func today() string { return domain.FormatDate(pgtest.Start()) }

func (e *grantEnv) labForm() url.Values {
	start := domain.DateOf(pgtest.Start())
	return url.Values{"legal_basis_id": {e.labID}, "person_id": {e.mentorID}, "purpose": {"Fastholde praktikken"},
		"goals": {"Møde stabilt 3 dage om ugen"}, "hours": {"3,5"}, "start": {today()},
		"end": {domain.FormatDate(domain.MaxEnd(start, 6))}, "review": {""}, "task_ids": {e.taskID},
		"other_tasks": {"Følge borgeren til første praktikdag"}, "exclusion_ids": e.exclIDs,
		"budget_id": {"1"}, "action": {"bevilg"}}
}

func (e *grantEnv) createGrant(t *testing.T) string {
	t.Helper()
	r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger", e.labForm())
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create grant: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	return locationID.FindStringSubmatch(r.Header.Get("Location"))[1]
}

// errorsIn extracts the field messages of a page for failure output.
func errorsIn(body string) string {
	var out []string
	for _, part := range strings.Split(body, `class="form-error-message"`)[1:] {
		if i := strings.Index(part, "</span>"); i > 0 {
			rest := part[i+7:]
			if j := strings.Index(rest, "</span>"); j > 0 {
				out = append(out, rest[:j])
			}
		}
	}
	return strings.Join(out, "\n")
}

func TestNewGrantStepsAndDefaults(t *testing.T) {
	e := newGrantEnv(t)
	e.grantsBoth(t)
	r := e.app.Get(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger/ny")
	if !strings.Contains(r.Body, `name="lovgrundlag"`) || !strings.Contains(r.Body, "§ 167") || !strings.Contains(r.Body, "§ 85") {
		t.Fatal("step 1 offers the legal bases")
	}
	r = e.app.Get(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger/ny?lovgrundlag="+e.labID)
	for _, x := range e.exclIDs {
		if !strings.Contains(r.Body, `value="`+x+`" class="form-checkbox" checked`) {
			t.Errorf("standard exclusion %s not ticked on a new LAB grant", x)
		}
	}
	if !regexp.MustCompile(`Mette Jensen – [0-9,]+ af 30 t/uge bevilget`).MatchString(r.Body) {
		t.Error("person picker lacks the load versus capacity")
	}
	// Fatima Ali (demo) is qualified as LAB mentor only: not offered for § 85.
	bases, _ := e.app.DB.FindLegalBases(t.Context())
	for _, lb := range bases {
		if lb.Code == "SEL-85" {
			sel := e.app.Get(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger/ny?lovgrundlag="+itoa(lb.ID))
			if strings.Contains(sel.Body, "Fatima Ali") || !strings.Contains(sel.Body, "Mette Jensen") {
				t.Error("§ 85 person picker must offer only those qualified for § 85")
			}
		}
	}
}

func TestGrantFormKeepsInputOnErrors(t *testing.T) {
	e := newGrantEnv(t)
	form := e.labForm()
	form.Set("hours", "2,3")
	form.Set("end", "31.02.2027")
	form.Set("purpose", "")
	form.Del("task_ids")
	form.Set("other_tasks", "")
	form.Del("exclusion_ids")
	form.Set("goals", "Mit mål")
	r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger", form)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad grant: %d", r.StatusCode)
	}
	for _, want := range []string{"kvarte timer", "gyldig dato", "Beskriv formålet", "mindst én opgave", "mindst én ting",
		`value="2,3"`, `value="31.02.2027"`, "Mit mål"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("re-rendered grant form lacks %q", want)
		}
	}
}

func TestGrantLifecycleThroughThePages(t *testing.T) {
	e := newGrantEnv(t)
	gid := e.createGrant(t)
	r := e.app.Get(t, e.cw, "/bevillinger/"+gid)
	if !strings.Contains(r.Body, "Bevillingen er bevilget") || !strings.Contains(r.Body, "Følge borgeren til første praktikdag") ||
		!strings.Contains(r.Body, "Ingen terapeutiske samtaler") {
		t.Fatal("grant page lacks flash, tasks or exclusions")
	}
	// A second active LAB grant is refused with a message naming the first.
	r = e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger", e.labForm())
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "nr. "+gid) {
		t.Fatalf("second active LAB grant: %d", r.StatusCode)
	}

	// Revise with a reason.
	g, _ := e.app.DB.FindGrantByID(t.Context(), int64(mustAtoi(t, gid)))
	rev := url.Values{"reason": {"Mere fokus på fremmøde"}, "person_id": {e.mentorID}, "hours": {"4"}, "goals": {"Møde stabilt 3 dage om ugen"},
		"task_ids": {e.taskID}, "exclusion_ids": e.exclIDs, "other_tasks": {"Vækkeopkald om morgenen"}, "version": {itoa(int64(g.Version))}}
	if r := e.app.PostForm(t, e.cw, "/bevillinger/"+gid+"/revision", rev); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revision: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	// The same stale version again: 409, input kept.
	rev.Set("hours", "5")
	if r := e.app.PostForm(t, e.cw, "/bevillinger/"+gid+"/revision", rev); r.StatusCode != http.StatusConflict ||
		!strings.Contains(r.Body, `value="5"`) {
		t.Fatalf("stale revision: %d", r.StatusCode)
	}

	// An adjustment meeting that changes the tasks opens a prefilled revision.
	meeting := url.Values{"held_on": {today()}, "participants": {"Borger", "Mentor", "Sagsbehandler"},
		"summary": {"Godt forløb"}, "decisions": {"Hjælp til lægekontakt tilføjes"}, "change_tasks": {"1"}}
	r = e.app.PostForm(t, e.cw, "/bevillinger/"+gid+"/justeringsmoede", meeting)
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "/revision?moede=") {
		t.Fatalf("meeting: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	form := e.app.Get(t, e.cw, r.Header.Get("Location"))
	if !strings.Contains(form.Body, "Hjælp til lægekontakt tilføjes") || !strings.Contains(form.Body, "Vækkeopkald om morgenen") {
		t.Fatal("revision form not prefilled from the meeting and the current tasks")
	}
	mid := strings.TrimPrefix(r.Header.Get("Location"), "/bevillinger/"+gid+"/revision?moede=")
	g, _ = e.app.DB.FindGrantByID(t.Context(), int64(mustAtoi(t, gid)))
	rev = url.Values{"reason": {"Justeringsmøde: lægekontakt"}, "person_id": {e.mentorID}, "hours": {"4"},
		"goals": {"Møde stabilt 3 dage om ugen"}, "task_ids": {e.taskID}, "exclusion_ids": e.exclIDs,
		"other_tasks": {"Vækkeopkald om morgenen\nHjælp til at ringe til lægen"}, "version": {itoa(int64(g.Version))}, "meeting_id": {mid}}
	if r := e.app.PostForm(t, e.cw, "/bevillinger/"+gid+"/revision", rev); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revision from meeting: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	page := e.app.Get(t, e.cw, "/bevillinger/"+gid)
	for _, want := range []string{"Revision 3", "Revision 2", "Opgave tilføjet:</span> Hjælp til at ringe til lægen",
		"Timer pr. uge: 3,5 → 4", "Førte til revision 3"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("grant history lacks %q", want)
		}
	}

	// The letter.
	letter := e.app.Get(t, e.cw, "/bevillinger/"+gid+"/brev")
	for _, want := range []string{"Det hjælper din mentor dig med", "Det hjælper din mentor dig ikke med", "Mette Jensen",
		"Ingen opgaver inden for borgerens hoveddør", "Klagevejledning", "Ankestyrelsen", "Hjælp til at ringe til lægen"} {
		if !strings.Contains(letter.Body, want) {
			t.Errorf("letter lacks %q", want)
		}
	}

	// Extend: needs an assessment; then a linked grant from the day after.
	g, _ = e.app.DB.FindGrantByID(t.Context(), int64(mustAtoi(t, gid)))
	ext := url.Values{"assessment": {""}, "hours": {"2"}, "end": {"01.01.2099"}, "version": {itoa(int64(g.Version))}}
	if r := e.app.PostForm(t, e.cw, "/bevillinger/"+gid+"/forlaeng", ext); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "konkrete vurdering") || !strings.Contains(r.Body, "kan højst vare") {
		t.Fatalf("bad extension: %d", r.StatusCode)
	}
	newStart := g.End.AddDate(0, 0, 1)
	ext.Set("assessment", "Tæt på ordinære timer")
	ext.Set("end", domain.FormatDate(domain.MaxEnd(newStart, 6)))
	r = e.app.PostForm(t, e.cw, "/bevillinger/"+gid+"/forlaeng", ext)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("extension: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	next := e.app.Get(t, e.cw, r.Header.Get("Location"))
	if !strings.Contains(next.Body, "Forlængelse af") || !strings.Contains(next.Body, "Tæt på ordinære timer") {
		t.Fatal("the new grant does not show the chain")
	}
	if first := e.app.Get(t, e.cw, "/bevillinger/"+gid); !strings.Contains(first.Body, "Forlænget med") {
		t.Fatal("the first grant does not show the chain")
	}
}

func TestDraftEditGrantDeleteAndEnd(t *testing.T) {
	e := newGrantEnv(t)
	form := e.labForm()
	form.Set("action", "kladde")
	r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("draft: %d", r.StatusCode)
	}
	gid := locationID.FindStringSubmatch(r.Header.Get("Location"))[1]
	if p := e.app.Get(t, e.cw, "/bevillinger/"+gid+"/rediger"); p.StatusCode != http.StatusOK || !strings.Contains(p.Body, "Fastholde praktikken") {
		t.Fatalf("edit draft: %d", p.StatusCode)
	}
	if p := e.app.Get(t, e.cw, "/bevillinger/"+gid+"/slet"); !strings.Contains(p.Body, "Ja, slet kladden") {
		t.Fatal("delete asks first")
	}
	if r := e.app.PostForm(t, e.cw, "/bevillinger/"+gid+"/slet", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.StatusCode)
	}
	if r := e.app.Get(t, e.cw, "/bevillinger/"+gid); r.StatusCode != http.StatusNotFound {
		t.Fatalf("deleted draft still there: %d", r.StatusCode)
	}
	gid = e.createGrant(t)
	if r := e.app.PostForm(t, e.cw, "/bevillinger/"+gid+"/slet", nil); r.StatusCode != http.StatusConflict {
		t.Fatalf("deleting a granted grant: %d", r.StatusCode)
	}
	r = e.app.PostForm(t, e.cw, "/bevillinger/"+gid+"/afslut", url.Values{"ended_on": {"01.01.2000"}, "reason": {""}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "før bevillingens start") {
		t.Fatalf("bad end: %d", r.StatusCode)
	}
	r = e.app.PostForm(t, e.cw, "/bevillinger/"+gid+"/afslut", url.Values{"ended_on": {today()}, "reason": {"I job"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("end: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	if p := e.app.Get(t, e.cw, "/bevillinger/"+gid); !strings.Contains(p.Body, "Afsluttet") || !strings.Contains(p.Body, "I job") {
		t.Fatal("ended grant page")
	}
}

func TestMentorSeesOnlyOwnCitizensAndNeedToKnow(t *testing.T) {
	e := newGrantEnv(t)
	gid := e.createGrant(t)
	other := createCitizen(t, e.app, e.cw, "0505905555", "Erik Ejer", nil)
	mentor := e.app.Client(t)
	e.app.Login(t, mentor, "mentor")

	list := e.app.Get(t, mentor, "/borgere")
	if !strings.Contains(list.Body, "Dorte Demo") || strings.Contains(list.Body, "Erik Ejer") || strings.Contains(list.Body, "040490") {
		t.Fatal("mentor's list: own citizen only, no CPR")
	}
	if r := e.app.Get(t, mentor, "/borgere?q=0505"); strings.Contains(r.Body, "Erik Ejer") {
		t.Fatal("mentor CPR search must not reveal others")
	}
	own := e.app.Get(t, mentor, "/borgere/"+e.citizenID)
	if own.StatusCode != http.StatusOK || !strings.Contains(own.Body, "Det hjælper du med") ||
		!strings.Contains(own.Body, "Ingen terapeutiske samtaler") || strings.Contains(own.Body, "040490") ||
		strings.Contains(own.Body, "Ansvarlig sagsbehandler") {
		t.Fatalf("mentor's view of own citizen: %d", own.StatusCode)
	}
	// Another mentor's (or nobody's) citizen by changing the id: 404, logged.
	r := e.app.Get(t, mentor, "/borgere/"+other)
	if r.StatusCode != http.StatusNotFound {
		t.Fatalf("other citizen by URL: %d", r.StatusCode)
	}
	oid := int64(mustAtoi(t, other))
	entries, _, _ := e.app.DB.FindAccessEntries(t.Context(), domain.AccessFilter{Username: "mentor", CitizenID: &oid})
	if len(entries) != 1 || entries[0].Action != domain.ActionNotFound {
		t.Fatalf("attempt not logged: %+v", entries)
	}
	// Grant pages and grant actions are for case staff only; a tampered
	// form post from a mentor is refused.
	for _, path := range []string{"/bevillinger/" + gid, "/bevillinger/" + gid + "/brev"} {
		if r := e.app.Get(t, mentor, path); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s as mentor: %d", path, r.StatusCode)
		}
	}
	if r := e.app.PostForm(t, mentor, "/borgere/"+other+"/bevillinger", e.labForm()); r.StatusCode != http.StatusForbidden {
		t.Fatalf("mentor posting a grant: %d", r.StatusCode)
	}
	if r := e.app.PostForm(t, mentor, "/borgere/"+e.citizenID+"/rediger", url.Values{"name": {"Hacket"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("mentor editing a citizen: %d", r.StatusCode)
	}
	// A second mentor does not see the first mentor's citizen either.
	m2 := e.app.Client(t)
	e.app.Login(t, m2, "mentor2")
	if r := e.app.Get(t, m2, "/borgere/"+e.citizenID); r.StatusCode != http.StatusNotFound {
		t.Fatalf("mentor2 on mentor's citizen: %d", r.StatusCode)
	}
}

// TestGrantOnTheOtherAdministrationsBudget posts a LAB grant on the social
// budget through the page: the form comes back with the message next to the
// budget field and everything typed, and nothing is saved.
func TestGrantOnTheOtherAdministrationsBudget(t *testing.T) {
	e := newGrantEnv(t)
	budgets, err := e.app.DB.FindBudgets(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	form := e.labForm()
	for _, b := range budgets {
		if b.Administration == domain.AdministrationSocial {
			form.Set("budget_id", strconv.FormatInt(b.ID, 10))
		}
	}
	r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger", form)
	if r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, `id="budget_id-error"`) ||
		!strings.Contains(r.Body, "betales af Jobcentrets budget") ||
		!strings.Contains(r.Body, "Fastholde praktikken") {
		t.Fatalf("LAB on the social budget: %d %s", r.StatusCode, errorsIn(r.Body))
	}
	if grants, _ := e.app.DB.FindGrantsForCitizen(t.Context(), int64(mustAtoi(t, e.citizenID))); len(grants) != 0 {
		t.Fatalf("%d grants saved", len(grants))
	}
}
