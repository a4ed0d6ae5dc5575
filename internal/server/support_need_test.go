package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres/pgtest"
	"mentorspor/internal/servertest"
)

// supportTerms are the FFB lists in use, as the grant form offers them.
func supportTerms(t *testing.T, e *grantEnv) (areas, purposes []domain.SupportTerm) {
	t.Helper()
	areas, err := e.app.DB.FindSupportTerms(t.Context(), domain.SupportTermArea, false)
	if err != nil || len(areas) < 3 {
		t.Fatalf("areas: %v %v", areas, err)
	}
	purposes, err = e.app.DB.FindSupportTerms(t.Context(), domain.SupportTermPurpose, false)
	if err != nil || len(purposes) < 2 {
		t.Fatalf("purposes: %v %v", purposes, err)
	}
	return areas, purposes
}

// assessSupportNeed fills a § 85 form's FFB part: two areas and a purpose.
func assessSupportNeed(t *testing.T, e *grantEnv, f url.Values) {
	t.Helper()
	areas, purposes := supportTerms(t, e)
	f.Set("need_"+itoa(areas[0].ID), "moderat")
	f.Set("need_"+itoa(areas[2].ID), "hoejt")
	f.Set("support_purpose_id", itoa(purposes[1].ID))
}

func (e *grantEnv) selFormFromPage(t *testing.T) url.Values {
	t.Helper()
	// § 85 is granted by the social administration's role.
	if _, err := e.app.DB.Pool.Exec(t.Context(), `UPDATE users SET roles = ARRAY['sagsbehandler', 'socialraadgiver'] WHERE username = 'sagsbehandler'`); err != nil {
		t.Fatal(err)
	}
	var selID int64
	bases, _ := e.app.DB.FindLegalBases(t.Context())
	for _, lb := range bases {
		if lb.Code == "SEL-85" {
			selID = lb.ID
		}
	}
	r := e.app.Get(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger/ny?lovgrundlag="+itoa(selID))
	if r.StatusCode != http.StatusOK {
		t.Fatalf("§ 85 form: %d", r.StatusCode)
	}
	for _, want := range []string{"Støttebehov (Fælles Faglige Begreber)", "Ikke vurderet", "Fuldstændigt", "Egenomsorg",
		`name="support_purpose_id"`, "Udvikle funktionsevne", "Opfølgningsdato"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("§ 85 form lacks %q", want)
		}
	}
	f := formValues(t, r.Body, "/borgere/"+e.citizenID+"/bevillinger")
	f.Set("person_id", e.mentorID)
	f.Set("purpose", "Struktur i hverdagen")
	f.Set("goals", "Åbne sin post hver uge")
	f.Set("hours", "2")
	f.Set("other_tasks", "Gennemgå post sammen med borgeren")
	f.Set("other_exclusions", "Ingen behandling")
	f.Set("action", "bevilg")
	return f
}

func TestSupportNeedThroughTheGrantForm(t *testing.T) {
	e := newGrantEnv(t)
	e.grantsBoth(t)
	// The LAB form has no FFB part.
	if r := e.app.Get(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger/ny?lovgrundlag="+e.labID); strings.Contains(r.Body, "Støttebehov") ||
		strings.Contains(r.Body, "support_purpose_id") {
		t.Fatal("the LAB form shows the FFB part")
	}
	areas, purposes := supportTerms(t, e)
	f := e.selFormFromPage(t)
	if f.Get("support_purpose_id") != "" || f.Get("need_"+itoa(areas[0].ID)) != "" {
		t.Fatalf("a new § 85 form comes with nothing assessed: %v", f)
	}
	grants := func() int {
		var n int
		if err := e.app.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM grants g JOIN citizens c ON c.id = g.citizen_id
			WHERE c.name = 'Dorte Demo'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Nothing assessed, no purpose: refused in Danish, everything typed kept.
	f.Set("need_"+itoa(areas[1].ID), "")
	r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger", f)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("unassessed § 85 grant: %d", r.StatusCode)
	}
	for _, want := range []string{"Vurdér støttebehovet på mindst ét område.", "Vælg indsatsformålet.", "Struktur i hverdagen",
		"Gennemgå post sammen med borgeren", `href="#support_needs"`, `id="support_needs-error"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("refused form lacks %q\n%s", want, errorsIn(r.Body))
		}
	}
	// A level chosen and a follow-up too late: the level stays chosen.
	f.Set("need_"+itoa(areas[1].ID), "fuldstaendigt")
	f.Set("support_purpose_id", itoa(purposes[0].ID))
	f.Set("follow_up", domain.FormatDate(domain.AddMonthsClamped(domain.DateOf(pgtest.Start()), 13)))
	r = e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger", f)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Følg op på støttebehovet") {
		t.Fatalf("late follow-up: %d %s", r.StatusCode, errorsIn(r.Body))
	}
	kept := formValues(t, r.Body, "/borgere/"+e.citizenID+"/bevillinger")
	if kept.Get("need_"+itoa(areas[1].ID)) != "fuldstaendigt" || kept.Get("support_purpose_id") != itoa(purposes[0].ID) {
		t.Fatalf("the refused form lost the assessment: %v", kept)
	}
	if n := grants(); n != 0 {
		t.Fatalf("a refused grant saved %d grants", n)
	}
	// An unknown level is refused, not stored.
	f.Set("follow_up", domain.FormatDate(domain.AddMonthsClamped(domain.DateOf(pgtest.Start()), 3)))
	f.Set("need_"+itoa(areas[0].ID), "svaert")
	r = e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger", f)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Vælg støttebehovet for "+areas[0].Name) {
		t.Fatalf("unknown level: %d %s", r.StatusCode, errorsIn(r.Body))
	}
	// Saved: the grant page shows the assessment as a table.
	f.Set("need_"+itoa(areas[0].ID), "let")
	r = e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger", f)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("assessed § 85 grant: %d %s", r.StatusCode, errorsIn(r.Body))
	}
	path := r.Header.Get("Location")
	page := e.app.Get(t, e.cw, path)
	for _, want := range []string{`data-testid="support-need-table"`, `<th scope="row">` + areas[0].Name + `</th><td>Let</td>`,
		`<th scope="row">` + areas[1].Name + `</th><td>Fuldstændigt</td>`, purposes[0].Name} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("grant page lacks %q", want)
		}
	}
	if strings.Contains(page.Body, `data-testid="follow-up-passed"`) {
		t.Error("a follow-up date ahead is flagged")
	}
	// Once the follow-up date has passed, the page says so.
	id := locationID.FindStringSubmatch(path)[1]
	if _, err := e.app.DB.Pool.Exec(t.Context(), `UPDATE grants SET start_date = start_date - 200, review_date = review_date - 200,
		follow_up_date = start_date - 10 WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if page := e.app.Get(t, e.cw, path); !strings.Contains(page.Body, `data-testid="follow-up-passed"`) {
		t.Error("a passed follow-up date is not flagged")
	}
	// A LAB grant's page has no FFB part.
	lab := e.createGrant(t)
	if page := e.app.Get(t, e.cw, "/bevillinger/"+lab); strings.Contains(page.Body, "support-need") {
		t.Error("the LAB grant page shows the FFB part")
	}
}

func TestSupportNeedOnADraftAndASwitch(t *testing.T) {
	e := newGrantEnv(t)
	areas, _ := supportTerms(t, e)
	f := e.selFormFromPage(t)
	assessSupportNeed(t, e, f)
	f.Set("action", "kladde")
	r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger", f)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("§ 85 draft: %d %s", r.StatusCode, errorsIn(r.Body))
	}
	id := locationID.FindStringSubmatch(r.Header.Get("Location"))[1]
	edit := e.app.Get(t, e.cw, "/bevillinger/"+id+"/rediger")
	d := formValues(t, edit.Body, "/bevillinger/"+id+"/rediger")
	if d.Get("need_"+itoa(areas[0].ID)) != "moderat" || d.Get("need_"+itoa(areas[2].ID)) != "hoejt" || d.Get("need_"+itoa(areas[1].ID)) != "" {
		t.Fatalf("the draft form does not show the stored assessment: %v", d)
	}
	d.Set("need_"+itoa(areas[0].ID), "")
	d.Set("need_"+itoa(areas[2].ID), "")
	if r := e.app.PostForm(t, e.cw, "/bevillinger/"+id+"/rediger", d); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Vurdér støttebehovet på mindst ét område.") {
		t.Fatalf("draft without assessment: %d", r.StatusCode)
	}
	d.Set("need_"+itoa(areas[1].ID), "intet")
	d.Set("action", "kladde")
	if r := e.app.PostForm(t, e.cw, "/bevillinger/"+id+"/rediger", d); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("draft save: %d %s", r.StatusCode, errorsIn(r.Body))
	}
	g, _ := e.app.DB.FindGrantByID(t.Context(), int64(mustAtoi(t, id)))
	if len(g.SupportNeeds) != 1 || g.SupportNeeds[0].AreaID != areas[1].ID || g.SupportNeeds[0].Level != domain.SupportNone {
		t.Fatalf("draft needs: %+v", g.SupportNeeds)
	}
	if r := e.app.PostForm(t, e.cw, "/bevillinger/"+id+"/slet", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete draft: %d", r.StatusCode)
	}

	// LAB → § 85: the switch form asks for the assessment of the new grant.
	gid := e.createGrant(t)
	if _, err := e.app.DB.Pool.Exec(t.Context(), `UPDATE grants SET start_date = start_date - 30, review_date = review_date - 30 WHERE id = $1`, gid); err != nil {
		t.Fatal(err)
	}
	page := e.app.Get(t, e.cw, "/borgere/"+e.citizenID+"/faseskift/ny?type=lab_til_85")
	if !strings.Contains(page.Body, "Støttebehov (Fælles Faglige Begreber)") || !strings.Contains(page.Body, `name="support_purpose_id"`) {
		t.Fatal("the switch to § 85 does not ask for the support need")
	}
	s := formValues(t, page.Body, "/borgere/"+e.citizenID+"/faseskift")
	s.Set("kind", "lab_til_85")
	s.Set("reason", "Behovet er vedvarende")
	s.Add("task_ids", e.catalogueIDs(t, domain.FunctionSupport, domain.KindTask)[selTaskStructure])
	s.Set("effective_on", today())
	r = e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/faseskift", s)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Vælg indsatsformålet.") ||
		!strings.Contains(r.Body, "Behovet er vedvarende") {
		t.Fatalf("switch without assessment: %d %s", r.StatusCode, errorsIn(r.Body))
	}
	assessSupportNeed(t, e, s)
	s.Set("other_tasks", "Struktur i hverdagen")
	if r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/faseskift", s); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch: %d %s", r.StatusCode, errorsIn(r.Body))
	}
	var newID int64
	if err := e.app.DB.Pool.QueryRow(t.Context(), `SELECT new_grant_id FROM phase_switches ORDER BY id DESC LIMIT 1`).Scan(&newID); err != nil {
		t.Fatal(err)
	}
	ng, _ := e.app.DB.FindGrantByID(t.Context(), newID)
	if ng.Function != domain.FunctionSupport || len(ng.SupportNeeds) != 2 || ng.SupportPurposeID == nil {
		t.Fatalf("switched § 85 grant: %+v", ng)
	}
	// § 85 → LAB: the LAB form has no FFB part.
	if page := e.app.Get(t, e.cw, "/borgere/"+e.citizenID+"/faseskift/ny?type=85_til_lab"); strings.Contains(page.Body, "support_purpose_id") {
		t.Fatal("the switch to LAB shows the FFB part")
	}
}

func TestSupportTermAdminPages(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "admin")
	const list = "/admin/stamdata/stoettebehov-omraader"
	r := app.Get(t, c, "/admin/stamdata")
	if !strings.Contains(r.Body, `href="`+list+`"`) || !strings.Contains(r.Body, `href="/admin/stamdata/indsatsformaal"`) {
		t.Fatal("the reference index does not link the FFB lists")
	}
	r = app.Get(t, c, list)
	for _, want := range []string{"Områder for støttebehov", "Egenomsorg", "Socialt liv", "Ret navn", "Udgår"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("area list lacks %q", want)
		}
	}
	if r := app.Get(t, c, "/admin/stamdata/indsatsformaal"); !strings.Contains(r.Body, "Vedligeholde funktionsevne") {
		t.Error("purpose list lacks the seeded purposes")
	}
	// Add: an existing name is refused next to the field, typed kept.
	r = app.PostForm(t, c, list, url.Values{"name": {"Egenomsorg"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Navnet findes allerede på listen.") ||
		!strings.Contains(r.Body, `value="Egenomsorg"`) {
		t.Fatalf("duplicate area: %d %s", r.StatusCode, errorsIn(r.Body))
	}
	r = app.PostForm(t, c, list, url.Values{"name": {"  "}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Skriv navnet.") {
		t.Fatalf("empty area: %d", r.StatusCode)
	}
	if r := app.PostForm(t, c, list, url.Values{"name": {"Bolig"}}); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != list {
		t.Fatalf("add area: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	areas, _ := app.DB.FindSupportTerms(t.Context(), domain.SupportTermArea, true)
	bolig := areas[len(areas)-1]
	if bolig.Name != "Bolig" {
		t.Fatalf("added area last: %+v", bolig)
	}
	// Rename.
	edit := list + "/" + itoa(bolig.ID)
	if r := app.Get(t, c, edit); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `value="Bolig"`) {
		t.Fatalf("edit page: %d", r.StatusCode)
	}
	r = app.PostForm(t, c, edit, url.Values{"name": {"Sundhed"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Navnet findes allerede på listen.") ||
		!strings.Contains(r.Body, `value="Sundhed"`) {
		t.Fatalf("rename to an existing name: %d", r.StatusCode)
	}
	if r := app.PostForm(t, c, edit, url.Values{"name": {"Bolig og hjem"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d %s", r.StatusCode, errorsIn(r.Body))
	}
	if r := app.Get(t, c, list+"/999999"); r.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown area: %d", r.StatusCode)
	}
	// An area's id is not a purpose's page.
	if r := app.Get(t, c, "/admin/stamdata/indsatsformaal/"+itoa(bolig.ID)); r.StatusCode != http.StatusNotFound {
		t.Fatalf("area id on the purpose list: %d", r.StatusCode)
	}
	// Retire: no longer offered on a § 85 form; back again.
	if r := app.PostForm(t, c, edit+"/udgaa", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("retire: %d", r.StatusCode)
	}
	e := &grantEnv{app: app, cw: app.Client(t)}
	if _, err := app.DB.Pool.Exec(t.Context(), `UPDATE users SET roles = ARRAY['sagsbehandler', 'socialraadgiver'] WHERE username = 'sagsbehandler'`); err != nil {
		t.Fatal(err)
	}
	app.Login(t, e.cw, "sagsbehandler")
	e.citizenID = createCitizen(t, app, e.cw, "0505905555", "Erik Eksempel", nil)
	var selID int64
	bases, _ := app.DB.FindLegalBases(t.Context())
	for _, lb := range bases {
		if lb.Code == "SEL-85" {
			selID = lb.ID
		}
	}
	form := app.Get(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger/ny?lovgrundlag="+itoa(selID))
	if strings.Contains(form.Body, "Bolig og hjem") || !strings.Contains(form.Body, "Egenomsorg") {
		t.Fatal("a retired area is offered on the § 85 form")
	}
	if r := app.PostForm(t, c, edit+"/genbrug", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reuse: %d", r.StatusCode)
	}
	if form := app.Get(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger/ny?lovgrundlag="+itoa(selID)); !strings.Contains(form.Body, "Bolig og hjem") {
		t.Fatal("an area back in use is not offered")
	}
	// Only the administrator edits the lists.
	for _, path := range []string{list, "/admin/stamdata/indsatsformaal", edit} {
		if r := app.Get(t, e.cw, path); r.StatusCode != http.StatusForbidden {
			t.Errorf("caseworker on %s: %d", path, r.StatusCode)
		}
	}
	if r := app.PostForm(t, e.cw, list, url.Values{"name": {"Sagsbehandlerens område"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("caseworker adds an area: %d", r.StatusCode)
	}
}
