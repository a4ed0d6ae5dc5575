package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
)

var formTokenInput = regexp.MustCompile(`name="form_token" value="([0-9a-f]{32})"`)

// formTokenIn returns the one-time token of the create form in body.
func formTokenIn(t *testing.T, body string) string {
	t.Helper()
	m := formTokenInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the create form carries no form_token")
	}
	return m[1]
}

func (e *sessionEnv) countSessions(t *testing.T) int {
	t.Helper()
	var n int
	if err := e.app.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM mentor_sessions WHERE grant_id = $1`,
		mustAtoi(t, e.grantID)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Two identical submits of one rendering of the session form, fired at the
// same moment, save one session; the other is sent to it. A later resubmit
// (a retry after a network error) is too.
func TestSessionFormSavesOnce(t *testing.T) {
	e := newSessionEnv(t)
	page := e.app.Get(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler/ny")
	token := formTokenIn(t, page.Body)
	if again := formTokenIn(t, e.app.Get(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler/ny").Body); again == token {
		t.Fatal("each rendering of the form has its own token")
	}
	form := e.sessionForm(t)
	form.Set("form_token", token)

	var wg sync.WaitGroup
	locations := make([]string, 2)
	for i := range locations {
		wg.Go(func() {
			r := e.app.PostForm(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler", form)
			if r.StatusCode != http.StatusSeeOther {
				t.Errorf("submit %d: status %d\n%s", i, r.StatusCode, errorsIn(r.Body))
			}
			locations[i] = r.Header.Get("Location")
		})
	}
	wg.Wait()
	if n := e.countSessions(t); n != 1 {
		t.Fatalf("two identical submits saved %d sessions, want 1", n)
	}
	sessions, _ := e.app.DB.FindSessions(t.Context(), domain.SessionFilter{GrantID: ptr64(int64(mustAtoi(t, e.grantID)))})
	saved := "/samtaler/" + itoa(sessions[0].ID)
	if !(locations[0] == "/mine-borgere" && locations[1] == saved || locations[1] == "/mine-borgere" && locations[0] == saved) {
		t.Fatalf("one submit saves, the other is sent to the saved session %s: got %q", saved, locations)
	}

	r := e.app.PostForm(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler", form)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != saved {
		t.Fatalf("resubmit: %d %s, want 303 to %s", r.StatusCode, r.Header.Get("Location"), saved)
	}
	if n := e.countSessions(t); n != 1 {
		t.Fatalf("a resubmit saved another session: %d", n)
	}
	if view := e.app.Get(t, e.mentor, saved); !strings.Contains(view.Body, "Allerede gemt") {
		t.Fatal("the saved session does not say it was already saved")
	}

	// Another rendering of the form is another session.
	form.Set("form_token", formTokenIn(t, e.app.Get(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler/ny").Body))
	form.Set("start_time", "13:00")
	e.app.PostForm(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler", form)
	if n := e.countSessions(t); n != 2 {
		t.Fatalf("a new rendering saves a new session: %d", n)
	}
}

// A form re-rendered with errors keeps its token, so the corrected submit
// and a retry of it still save once.
func TestSessionFormKeepsTokenOnRerender(t *testing.T) {
	e := newSessionEnv(t)
	form := e.sessionForm(t)
	form.Set("form_token", formTokenIn(t, e.app.Get(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler/ny").Body))
	form.Set("minutes", "lang")
	r := e.app.PostForm(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler", form)
	if r.StatusCode != http.StatusUnprocessableEntity || formTokenIn(t, r.Body) != form.Get("form_token") {
		t.Fatalf("re-render: %d, token kept: %v", r.StatusCode, strings.Contains(r.Body, form.Get("form_token")))
	}
	form.Set("minutes", "45")
	for range 2 {
		e.app.PostForm(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler", form)
	}
	if n := e.countSessions(t); n != 1 {
		t.Fatalf("sessions: %d, want 1", n)
	}
}

// expireSignIns ends every sign-in server-side, as 30 idle minutes do.
func expireSignIns(t *testing.T, e *sessionEnv) {
	t.Helper()
	if _, err := e.app.DB.Pool.Exec(t.Context(), `DELETE FROM sessions`); err != nil {
		t.Fatal(err)
	}
}

// A session typed while the sign-in expired is kept server-side (never in
// a URL); after signing in again the mentor finds the form as typed and
// saves it with one submit.
func TestSessionFormSurvivesExpiredSignIn(t *testing.T) {
	e := newSessionEnv(t)
	form := e.sessionForm(t)
	form.Set("form_token", formTokenIn(t, e.app.Get(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler/ny").Body))
	form.Set("note", "Talte om jobsøgning & bus 5A")
	expireSignIns(t, e)

	r := e.app.PostForm(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler", form)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?kladde=1" {
		t.Fatalf("expired POST: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if n := e.countSessions(t); n != 0 {
		t.Fatalf("saved without a sign-in: %d", n)
	}
	if login := e.app.Get(t, e.mentor, "/login?kladde=1"); !strings.Contains(login.Body, "Det, du skrev, er gemt") {
		t.Fatal("the sign-in page does not say the form was kept")
	}

	r = e.app.PostForm(t, e.mentor, "/login", loginForm("mentor"))
	formPage := "/borgere/" + e.citizenID + "/samtaler/ny"
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != formPage {
		t.Fatalf("after sign-in: %d %s, want the form page", r.StatusCode, r.Header.Get("Location"))
	}
	page := e.app.Get(t, e.mentor, formPage)
	for _, want := range []string{"Din registrering er gendannet – tryk Gem for at gemme den.",
		"Talte om jobsøgning &amp; bus 5A", `value="09:30"`, `value="45"`, `name="form_token" value="` + form.Get("form_token")} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("restored form lacks %q", want)
		}
	}
	if again := e.app.Get(t, e.mentor, formPage); strings.Contains(again.Body, "bus 5A") {
		t.Error("a draft is restored once")
	}

	r = e.app.PostForm(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler", form)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/mine-borgere" {
		t.Fatalf("save restored form: %d %s\n%s", r.StatusCode, r.Header.Get("Location"), errorsIn(r.Body))
	}
	if n := e.countSessions(t); n != 1 {
		t.Fatalf("sessions: %d, want 1", n)
	}
	var drafts int
	_ = e.app.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM form_drafts`).Scan(&drafts)
	if drafts != 0 {
		t.Fatalf("%d drafts left", drafts)
	}
}

// A draft is only ever shown to the user who signs in next and may open the
// form: another mentor on the same browser, or a caseworker, never sees it.
func TestExpiredDraftNotShownToOthers(t *testing.T) {
	for _, tc := range []struct {
		username, location string
		status             int
	}{
		{"mentor2", "/borgere/{id}/samtaler/ny", http.StatusNotFound}, // a mentor, but not this citizen's
		{"sagsbehandler", "/", 0},                                     // not a mentor: the draft is dropped
	} {
		t.Run(tc.username, func(t *testing.T) {
			e := newSessionEnv(t)
			form := e.sessionForm(t)
			form.Set("note", "Fortroligt notat")
			expireSignIns(t, e)
			e.app.PostForm(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler", form)
			r := e.app.PostForm(t, e.mentor, "/login", loginForm(tc.username))
			want := strings.ReplaceAll(tc.location, "{id}", e.citizenID)
			if r.Header.Get("Location") != want {
				t.Fatalf("after sign-in: %s, want %s", r.Header.Get("Location"), want)
			}
			if tc.status != 0 {
				page := e.app.Get(t, e.mentor, want)
				if page.StatusCode != tc.status || strings.Contains(page.Body, "Fortroligt notat") {
					t.Fatalf("form page for %s: %d, shows the draft: %v", tc.username, page.StatusCode, strings.Contains(page.Body, "Fortroligt notat"))
				}
			}
			// The mentor who typed it signs in later: the draft went to the other user.
			e.app.PostForm(t, e.mentor, "/logout", nil)
			e.app.Login(t, e.mentor, "mentor")
			if page := e.app.Get(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler/ny"); strings.Contains(page.Body, "Fortroligt notat") {
				t.Fatal("the draft was restored after another user signed in")
			}
		})
	}
}

func loginForm(username string) url.Values {
	return url.Values{"username": {username}, "password": {postgres.DemoPassword}}
}

// Every create form with a one-time token saves once: the resubmit of a
// rendering is sent to what the first submit saved.
func TestCreateFormsSaveOnce(t *testing.T) {
	e := newSessionEnv(t)
	cw, _, _ := e.app.DB.FindUserForLogin(t.Context(), "sagsbehandler")
	for _, tc := range []struct {
		name        string
		client      *http.Client
		page, post  string
		form        url.Values
		table       string
		resultMatch string
	}{
		{"borger", e.cw, "/borgere/ny", "/borgere", url.Values{"cpr": {"0505905555"}, "name": {"Bo Gentag"},
			"address": {"Testvej 2, 9999 Demoby"}, "caseworker_id": {itoa(cw.ID)}}, "citizens", `^/borgere/\d+$`},
		{"bekymring", e.mentor, "/borgere/" + e.citizenID + "/bekymringer/ny", "/borgere/" + e.citizenID + "/bekymringer",
			url.Values{"category": {"helbred_sikkerhed"}, "urgency": {"normal"}, "description": {"Borgeren virkede presset."}},
			"concerns", `^/bekymringer/\d+$`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			count := func() int {
				var n int
				if err := e.app.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM `+tc.table).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			before := count()
			tc.form.Set("form_token", formTokenIn(t, e.app.Get(t, tc.client, tc.page).Body))
			first := e.app.PostForm(t, tc.client, tc.post, tc.form)
			if first.StatusCode != http.StatusSeeOther {
				t.Fatalf("first submit: %d\n%s", first.StatusCode, errorsIn(first.Body))
			}
			again := e.app.PostForm(t, tc.client, tc.post, tc.form)
			if again.StatusCode != http.StatusSeeOther || !regexp.MustCompile(tc.resultMatch).MatchString(again.Header.Get("Location")) {
				t.Fatalf("resubmit: %d %s", again.StatusCode, again.Header.Get("Location"))
			}
			if n := count(); n != before+1 {
				t.Fatalf("%s: %d rows added, want 1", tc.table, n-before)
			}
			if page := e.app.Get(t, tc.client, again.Header.Get("Location")); !strings.Contains(page.Body, "Allerede gemt") {
				t.Fatalf("the saved result does not say it was already saved (%d)", page.StatusCode)
			}
		})
	}
}
