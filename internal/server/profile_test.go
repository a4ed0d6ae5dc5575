package server_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres/pgtest"
	"mentorspor/internal/servertest"
)

// Tests of the profile booklet and of supervision.

func profID(t *testing.T, app *servertest.App, username string) string {
	t.Helper()
	u, _, err := app.DB.FindUserForLogin(t.Context(), username)
	if err != nil {
		t.Fatalf("find %s: %v", username, err)
	}
	return itoa(u.ID)
}

func profSignedIn(t *testing.T, app *servertest.App, username string) *http.Client {
	t.Helper()
	c := app.Client(t)
	app.Login(t, c, username)
	return c
}

func profStatus(t *testing.T, r *servertest.Response, status int) {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d; body:\n%s", r.Request.Method, r.Request.URL.RequestURI(), r.StatusCode, status, r.Body)
	}
}

// profShows reports which of the demo mentors' booklet entries a page shows.
func profShows(body string, ids ...string) []bool {
	out := make([]bool, len(ids))
	for i, id := range ids {
		out[i] = strings.Contains(body, `data-testid="profile-`+id+`"`)
	}
	return out
}

// profRow is the HTML of the table row marked data-testid=id.
func profRow(t *testing.T, body, id string) string {
	t.Helper()
	i := strings.Index(body, `data-testid="`+id+`"`)
	if i < 0 {
		t.Fatalf("no row %q", id)
	}
	rest := body[i:]
	return rest[:strings.Index(rest, "</tr>")]
}

func profProfile(t *testing.T, app *servertest.App, id string) domain.Profile {
	t.Helper()
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	p, err := app.DB.FindProfile(t.Context(), n)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestProfileBookletFiltersAndPrint(t *testing.T) {
	app := servertest.New(t)
	mette, jonas, fatima := profID(t, app, "mentor"), profID(t, app, "mentor2"), profID(t, app, "mentor3")
	c := profSignedIn(t, app, "sagsbehandler")

	r := app.Get(t, c, "/profilhaefte")
	profStatus(t, r, http.StatusOK)
	refWantBody(t, r, "Profilhæfte", "Mette Jensen", "Jonas Østergaard", "Fatima Ali", "Timelønnet", "Fastansat",
		"arabisk", "angst", `href="/profilhaefte/udskriv"`, "Udskriv profilhæftet", "3 profiler",
		`<option value="sprog">sprog</option>`)
	if got := profShows(r.Body, mette, jonas, fatima); !slices.Equal(got, []bool{true, true, true}) {
		t.Errorf("whole booklet: %v", got)
	}
	if strings.Contains(r.Body, "/rediger") {
		t.Error("a caseworker is offered to edit profiles")
	}

	for _, tc := range []struct {
		query string
		want  []bool // Mette, Jonas, Fatima
	}{
		{"funktion=stoettekontaktperson", []bool{true, true, false}},
		{"funktion=mentor", []bool{true, true, true}},
		{"speciale=sprog", []bool{false, false, true}},
		{"speciale=angst&funktion=stoettekontaktperson", []bool{true, false, false}},
		{"funktion=noget-andet", []bool{true, true, true}},
	} {
		r := app.Get(t, c, "/profilhaefte?"+tc.query)
		profStatus(t, r, http.StatusOK)
		if got := profShows(r.Body, mette, jonas, fatima); !slices.Equal(got, tc.want) {
			t.Errorf("?%s: %v, want %v", tc.query, got, tc.want)
		}
	}
	r = app.Get(t, c, "/profilhaefte?speciale=sprog")
	refWantBody(t, r, `<option value="sprog" selected>sprog</option>`, "1 profil", "Nulstil filtre")

	// Capacity left: a team lead sets Jonas to 0 hours a week.
	lead := profSignedIn(t, app, "teamleder")
	resp := app.PostForm(t, lead, "/profilhaefte/"+jonas+"/rediger", url.Values{"presentation": {"Jonas"},
		"qualified_mentor": {"1"}, "qualified_support": {"1"}, "employment": {"fastansat"}, "capacity_hours": {"0"}})
	profStatus(t, resp, http.StatusSeeOther)
	r = app.Get(t, c, "/profilhaefte?ledig=1")
	if got := profShows(r.Body, mette, jonas, fatima); got[1] {
		t.Errorf("?ledig=1 shows Jonas with 0 hours: %v", got)
	}
	if !strings.Contains(r.Body, `id="ledig" name="ledig" value="1" class="form-checkbox" checked`) {
		t.Error("the capacity filter is not kept ticked")
	}

	// The print view: everyone, no navigation, no filters.
	r = app.Get(t, c, "/profilhaefte/udskriv")
	profStatus(t, r, http.StatusOK)
	refWantBody(t, r, "Mette Jensen", "Jonas Østergaard", "Fatima Ali", `class="profile-block"`, "Tilbage til profilhæftet")
	for _, absent := range []string{"Hovedmenu", `class="nav"`, "mainmenu", `role="search"`, `name="funktion"`, "Log ud"} {
		if strings.Contains(r.Body, absent) {
			t.Errorf("print view contains %q", absent)
		}
	}

	// Administrators do not use the booklet.
	if r := app.Get(t, profSignedIn(t, app, "admin"), "/profilhaefte"); r.StatusCode != http.StatusForbidden {
		t.Errorf("admin: %d, want 403", r.StatusCode)
	}
}

func TestMentorEditsOnlyOwnProfileText(t *testing.T) {
	app := servertest.New(t)
	mette, jonas := profID(t, app, "mentor"), profID(t, app, "mentor2")
	c := profSignedIn(t, app, "mentor")
	before := profProfile(t, app, mette)

	r := app.Get(t, c, "/profilhaefte/"+mette+"/rediger")
	profStatus(t, r, http.StatusOK)
	refWantBody(t, r, "Rediger min profil", `name="presentation"`, "Det bestemmer teamlederen", `data-testid="terms"`)
	for _, field := range []string{`name="capacity_hours"`, `name="qualified_mentor"`, `name="employment"`} {
		if strings.Contains(r.Body, field) {
			t.Errorf("the mentor's form offers %s", field)
		}
	}

	// A tampered form: the terms are ignored, the text is saved.
	resp := app.PostForm(t, c, "/profilhaefte/"+mette+"/rediger", url.Values{
		"presentation": {"Jeg arbejder med unge og angst."}, "specialties": {"Angst\nunge, fleksjob"},
		"languages":      {"dansk, engelsk, svensk"},
		"capacity_hours": {"80"}, "employment": {"ekstern_konsulent"}, "qualified_mentor": {""},
	})
	profStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/profilhaefte/"+mette {
		t.Errorf("redirect to %q", loc)
	}
	after := profProfile(t, app, mette)
	if after.Presentation != "Jeg arbejder med unge og angst." || !slices.Equal(after.Specialties, []string{"Angst", "unge", "fleksjob"}) ||
		!slices.Equal(after.Languages, []string{"dansk", "engelsk", "svensk"}) {
		t.Errorf("text not saved: %+v", after)
	}
	if after.CapacityHours != before.CapacityHours || after.Employment != before.Employment ||
		after.QualifiedMentor != before.QualifiedMentor || after.QualifiedSupport != before.QualifiedSupport {
		t.Errorf("a mentor changed the terms: before %+v, after %+v", before, after)
	}
	r = app.Get(t, c, "/profilhaefte/"+mette)
	refWantBody(t, r, "Din profil er gemt.", "Jeg arbejder med unge og angst.", "svensk")

	// Another mentor's profile: readable, not editable.
	jonasBefore := profProfile(t, app, jonas)
	if r := app.Get(t, c, "/profilhaefte/"+jonas); r.StatusCode != http.StatusOK || strings.Contains(r.Body, "/rediger") {
		t.Errorf("Jonas's page for Mette: %d, edit link %v", r.StatusCode, strings.Contains(r.Body, "/rediger"))
	}
	if r := app.Get(t, c, "/profilhaefte/"+jonas+"/rediger"); r.StatusCode != http.StatusNotFound {
		t.Errorf("GET another mentor's form: %d, want 404", r.StatusCode)
	}
	resp = app.PostForm(t, c, "/profilhaefte/"+jonas+"/rediger", url.Values{"presentation": {"Overtaget"}})
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST another mentor's form: %d, want 404", resp.StatusCode)
	}
	if p := profProfile(t, app, jonas); p.Presentation != jonasBefore.Presentation {
		t.Errorf("Jonas's profile changed: %q", p.Presentation)
	}
	// A caseworker may read but not edit.
	if r := app.Get(t, profSignedIn(t, app, "sagsbehandler"), "/profilhaefte/"+mette+"/rediger"); r.StatusCode != http.StatusForbidden {
		t.Errorf("caseworker edit: %d, want 403", r.StatusCode)
	}

	// Invalid input comes back with everything typed.
	long := strings.Repeat("a", 2001)
	var many []string
	for i := range 16 {
		many = append(many, "emne"+itoa(int64(i)))
	}
	resp = app.PostForm(t, c, "/profilhaefte/"+mette+"/rediger", url.Values{"presentation": {long},
		"specialties": {strings.Join(many, ", ")}, "languages": {"dansk, " + strings.Repeat("x", 41)}})
	profStatus(t, resp, http.StatusUnprocessableEntity)
	refWantBody(t, resp, `data-testid="error-summary"`, "højst være 2000 tegn", "Skriv højst 15 specialer", long,
		strings.Join(many, ", "), "for lang")
	if p := profProfile(t, app, mette); p.Presentation != after.Presentation {
		t.Error("an invalid form was saved")
	}
}

func TestTeamLeadEditsCapacity(t *testing.T) {
	app := servertest.New(t)
	fatima := profID(t, app, "mentor3")
	c := profSignedIn(t, app, "teamleder")

	r := app.Get(t, c, "/profilhaefte/"+fatima+"/rediger")
	profStatus(t, r, http.StatusOK)
	refWantBody(t, r, `name="capacity_hours"`, `value="20"`, `name="qualified_support"`, `id="employment-timeloennet"`)

	form := url.Values{"presentation": {"Tekst fra teamlederen"}, "specialties": {"sprog"}, "languages": {"dansk, arabisk"},
		"qualified_mentor": {"1"}, "qualified_support": {"1"}, "employment": {"fastansat"}, "capacity_hours": {"12,5"}}
	resp := app.PostForm(t, c, "/profilhaefte/"+fatima+"/rediger", form)
	profStatus(t, resp, http.StatusSeeOther)
	p := profProfile(t, app, fatima)
	if p.CapacityHours != 12.5 || !p.QualifiedSupport || p.Employment != "fastansat" || p.Presentation != "Tekst fra teamlederen" {
		t.Errorf("after the team lead's edit: %+v", p)
	}

	for _, bad := range []string{"81", "12,3", "tolv", ""} {
		form.Set("capacity_hours", bad)
		form.Set("presentation", "Ny tekst, ikke gemt")
		resp := app.PostForm(t, c, "/profilhaefte/"+fatima+"/rediger", form)
		profStatus(t, resp, http.StatusUnprocessableEntity)
		refWantBody(t, resp, `value="`+bad+`"`, "Ny tekst, ikke gemt", `id="capacity_hours-error"`)
	}
	if p := profProfile(t, app, fatima); p.CapacityHours != 12.5 {
		t.Errorf("capacity changed by an invalid form: %v", p.CapacityHours)
	}
}

func TestSupervisionFormValidationKeepsInput(t *testing.T) {
	app := servertest.New(t)
	c := profSignedIn(t, app, "teamleder")
	fatima := profID(t, app, "mentor3")

	r := app.Get(t, c, "/supervision/ny?deltager="+fatima)
	profStatus(t, r, http.StatusOK)
	refWantBody(t, r, "Mette Jensen", "Jonas Østergaard", "Kollegial sparring", "Reflekterende team",
		`value="`+domain.FormatDate(pgtest.Start())+`"`)
	if tag := refInputTag(t, r.Body, "participant-"+fatima); !strings.Contains(tag, "checked") {
		t.Errorf("the mentor from the link is not preselected: %s", tag)
	}

	future := domain.FormatDate(pgtest.Start().AddDate(0, 0, 3))
	resp := app.PostForm(t, c, "/supervision", url.Values{"held_on": {future}, "form": {"reflekterende_team"},
		"facilitator": {"Anne Krogh"}, "themes": {"Adskillelse af roller"}, "note": {"Min note"}})
	profStatus(t, resp, http.StatusUnprocessableEntity)
	refWantBody(t, resp, `data-testid="error-summary"`, "fremtiden", "Vælg mindst én deltager",
		`value="`+future+`"`, `value="Anne Krogh"`, "Adskillelse af roller", "Min note")
	if tag := refInputTag(t, resp.Body, "form-reflekterende_team"); !strings.Contains(tag, "checked") {
		t.Errorf("the chosen form is lost: %s", tag)
	}

	resp = app.PostForm(t, c, "/supervision", url.Values{"held_on": {"31.02.2026"}, "participants": {fatima, "x"}})
	profStatus(t, resp, http.StatusUnprocessableEntity)
	refWantBody(t, resp, "gyldig dato", `value="31.02.2026"`, "Vælg formen", "Skriv hvem der faciliterede")
	if tag := refInputTag(t, resp.Body, "participant-"+fatima); !strings.Contains(tag, "checked") {
		t.Errorf("the ticked participant is lost: %s", tag)
	}
	if all, _ := app.DB.FindSupervisions(t.Context(), domain.SupervisionFilter{}); len(all) != 5 {
		t.Errorf("an invalid session was stored: %d sessions", len(all))
	}
}

func TestMentorSeesOnlyOwnSupervision(t *testing.T) {
	app := servertest.New(t)
	c := profSignedIn(t, app, "mentor3")
	fatimaID := profProfile(t, app, profID(t, app, "mentor3")).UserID
	all, err := app.DB.FindSupervisions(t.Context(), domain.SupervisionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	r := app.Get(t, c, "/supervision")
	profStatus(t, r, http.StatusOK)
	shown := 0
	for _, s := range all {
		took := slices.ContainsFunc(s.Participants, func(p domain.SupervisionParticipant) bool { return p.UserID == fatimaID })
		has := strings.Contains(r.Body, `data-testid="supervision-`+itoa(s.ID)+`"`)
		if has != took {
			t.Errorf("session %d (Fatima took part: %v) shown: %v", s.ID, took, has)
		}
		if has {
			shown++
		}
	}
	if shown != 2 || strings.Contains(r.Body, "supervision-mentors") || strings.Contains(r.Body, "/supervision/ny") {
		t.Errorf("mentor page: %d sessions, overview or form link shown", shown)
	}
	refWantBody(t, r, "Tavshedspligt og indberetningspligt", "Din seneste")
	if r := app.Get(t, c, "/supervision/ny"); r.StatusCode != http.StatusForbidden {
		t.Errorf("mentor on the form: %d, want 403", r.StatusCode)
	}
}

func TestRecordingSupervisionClearsTheFlag(t *testing.T) {
	app := servertest.New(t)
	c := profSignedIn(t, app, "teamleder")
	mette, fatima := profID(t, app, "mentor"), profID(t, app, "mentor3")

	r := app.Get(t, c, "/supervision")
	profStatus(t, r, http.StatusOK)
	refWantBody(t, r, "1 mentor har ikke haft supervision i over 8 uger", "Adskillelse af roller som mentor og støttekontaktperson")
	if row := profRow(t, r.Body, "supervision-mentor-"+fatima); !strings.Contains(row, "supervision-flag") ||
		!strings.Contains(row, "for 11 uger siden") {
		t.Errorf("Fatima is not flagged: %s", row)
	}
	if row := profRow(t, r.Body, "supervision-mentor-"+mette); strings.Contains(row, "supervision-flag") ||
		!strings.Contains(row, "for 3 uger siden") {
		t.Errorf("Mette's row: %s", row)
	}

	today := domain.FormatDate(pgtest.Start())
	resp := app.PostForm(t, c, "/supervision", url.Values{"held_on": {today}, "form": {"supervision"},
		"facilitator": {"Anne Krogh, autoriseret psykolog"}, "themes": {"Tavshedspligt og indberetningspligt"},
		"participants": {fatima}})
	profStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/supervision" {
		t.Errorf("redirect to %q", loc)
	}
	last, err := app.DB.LastSupervisions(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := domain.FormatDate(last[profProfile(t, app, fatima).UserID]); got != today {
		t.Errorf("Fatima's last supervision: %s, want %s", got, today)
	}
	r = app.Get(t, c, "/supervision")
	refWantBody(t, r, "Supervision den "+today+" er registreret for 1 deltager.")
	if row := profRow(t, r.Body, "supervision-mentor-"+fatima); strings.Contains(row, "supervision-flag") {
		t.Errorf("Fatima is still flagged: %s", row)
	}
	if strings.Contains(r.Body, "har ikke haft supervision i over") {
		t.Error("the overdue count is still shown")
	}
}
