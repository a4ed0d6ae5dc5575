package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/postgres/pgtest"
	"mentorspor/internal/servertest"
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
	return url.Values{"username": {username}, "password": {demo.Password}}
}

// onceToday is the date the create-form walk types into its forms: the
// test clock's day (pgtest.Start), the one the app runs on.
func onceToday() time.Time { return pgtest.Start() }

// notCreates are the POST routes that change or act on something that is
// there; they need no one-time token. Every other POST route creates
// something and must be in TestEveryCreateFormSavesOnce.
var notCreates = []string{
	"/login", "/logout",
	"/admin/stamdata/flag", "/admin/stamdata/klagevejledning/{code}", "/admin/stamdata/skala",
	"/admin/stamdata/budgetter/{id}", "/admin/stamdata/lovgrundlag/{id}", "/admin/stamdata/mentorer/{id}",
	"/admin/stamdata/katalog/{id}/udgaa", "/admin/stamdata/katalog/{id}/genbrug",
	"/admin/stamdata/maalgrupper/{id}/udgaa", "/admin/stamdata/maalgrupper/{id}/genbrug",
	"/admin/stamdata/stoettebehov-omraader/{id}", "/admin/stamdata/stoettebehov-omraader/{id}/udgaa",
	"/admin/stamdata/stoettebehov-omraader/{id}/genbrug", "/admin/stamdata/indsatsformaal/{id}",
	"/admin/stamdata/indsatsformaal/{id}/udgaa", "/admin/stamdata/indsatsformaal/{id}/genbrug",
	"/admin/teams/{id}", "/admin/brugere/{id}", "/admin/brugere/{id}/deaktiver", "/admin/brugere/{id}/aktiver",
	"/admin/brugere/{id}/adgangskode",
	"/borgere/{id}/rediger", "/bekymringer/{id}/kvitter", "/bekymringer/{id}/haandter",
	"/hverdagsmestring/{id}/daekket", "/hverdagsmestring/{id}/afvis",
	"/bevillinger/{id}/rediger", "/bevillinger/{id}/bevilg", "/bevillinger/{id}/slet", "/bevillinger/{id}/afslut",
	"/samtaler/{id}/ret", "/samtaler/{id}/kasser", "/profilhaefte/{id}/rediger",
	"/indstillinger/{id}/godkend", "/indstillinger/{id}/afvis", // decide a proposal at its version, once
	"/rapporter/maanedsopgoerelse/godkend", // a month is approved once; the second is a conflict (statement_test.go)
}

// createCase is one create form: the page that shows it, what the user
// types, the table it adds a row to, and where its saved result is shown.
type createCase struct {
	route  string // the POST pattern as registered
	client *http.Client
	page   string // the GET page with the form
	action string // the form's action
	typed  url.Values
	table  string
	result string // a regexp for the saved result's URL
	before func(t *testing.T)
}

// Every POST route that creates something carries a one-time token: the
// same form posted twice with one token saves one row, and the second
// answer is a redirect to the saved result with "Allerede gemt". A POST
// route that is neither here nor in notCreates fails the test.
func TestEveryCreateFormSavesOnce(t *testing.T) {
	e := newSessionEnv(t)
	app, ctx := e.app, t.Context()
	admin, lead := app.Client(t), app.Client(t)
	app.Login(t, admin, "admin")
	app.Login(t, lead, "teamleder")
	cw, _, _ := app.DB.FindUserForLogin(ctx, "sagsbehandler")
	mentor3, _, _ := app.DB.FindUserForLogin(ctx, "mentor3")
	budgets, _ := app.DB.FindBudgets(ctx)
	day := domain.FormatDate(onceToday())
	a, g := e.citizenID, e.grantID
	b := createCitizen(t, app, e.cw, "0606906666", "Bent Begge", nil)
	sessionForm := e.sessionForm(t)
	lab := e.labForm()
	lab.Set("start", day)
	lab.Set("end", domain.FormatDate(domain.MaxEnd(domain.DateOf(onceToday()), 6)))
	num := `\d+`
	areas, _ := app.DB.FindSupportTerms(ctx, domain.SupportTermArea, false)
	purposes, _ := app.DB.FindSupportTerms(ctx, domain.SupportTermPurpose, false)

	cases := []createCase{
		{route: "/borgere", client: e.cw, page: "/borgere/ny", action: "/borgere", table: "citizens", result: `^/borgere/` + num + `$`,
			typed: url.Values{"cpr": {"0505905555"}, "name": {"Bo Gentag"}, "address": {"Testvej 2, 9999 Demoby"},
				"caseworker_id": {itoa(cw.ID)}}},
		{route: "/borgere/{id}/bevillinger", client: e.cw, page: "/borgere/" + b + "/bevillinger/ny?lovgrundlag=" + e.labID,
			action: "/borgere/" + b + "/bevillinger", typed: lab, table: "grants", result: `^/bevillinger/` + num + `$`},
		{route: "/bevillinger/{id}/revision", client: e.cw, page: "/bevillinger/" + g + "/revision", action: "/bevillinger/" + g + "/revision",
			typed: url.Values{"reason": {"Mere fokus på fremmøde"}, "hours": {"4"}}, table: "grant_revisions",
			result: `^/bevillinger/` + g + `$`},
		{route: "/bevillinger/{id}/justeringsmoede", client: e.cw, page: "/bevillinger/" + g + "/justeringsmoede",
			action: "/bevillinger/" + g + "/justeringsmoede", table: "adjustment_meetings", result: `^/bevillinger/` + g + `$`,
			typed: url.Values{"held_on": {day}, "participants": {"Borger", "Mentor"}, "summary": {"Godt forløb"},
				"decisions": {"Fortsætter uændret"}}},
		{route: "/bevillinger/{id}/forlaeng", client: e.cw, page: "/bevillinger/" + g + "/forlaeng", action: "/bevillinger/" + g + "/forlaeng",
			typed: url.Values{"assessment": {"Tæt på ordinære timer"}}, table: "grants", result: `^/bevillinger/` + num + `$`},
		{route: "/borgere/{id}/hverdagsmestring/anmod", client: e.mentor, page: "/borgere/" + a + "/hverdagsmestring/anmod",
			action: "/borgere/" + a + "/hverdagsmestring/anmod", typed: url.Values{"need": {"Hjælp med post og regninger"}},
			table: "coping_windows", result: `^/borgere/` + a + `$`},
		{route: "/borgere/{id}/hverdagsmestring", client: e.cw, page: "/borgere/" + a + "/hverdagsmestring/ny",
			action: "/borgere/" + a + "/hverdagsmestring", typed: url.Values{"request_id": {""}, "start": {day}, "need": {"Post og regninger"}},
			table: "coping_windows", result: `^/borgere/` + a + `$`},
		{route: "/borgere/{id}/faseskift", client: e.cw, page: "/borgere/" + b + "/faseskift/ny?type=lab_til_85",
			action: "/borgere/" + b + "/faseskift", typed: url.Values{"kind": {"lab_til_85"}, "reason": {"Behov for socialpædagogisk støtte"},
				"effective_on": {day}, "other_tasks": {"Struktur i hverdagen"}, "need_" + itoa(areas[0].ID): {"moderat"},
				"support_purpose_id": {itoa(purposes[0].ID)}}, table: "phase_switches", result: `^/borgere/` + b + `$`,
			before: func(t *testing.T) {
				// The grant must have started before the switch ends it, and
				// § 85 is granted by the social administration's role.
				if _, err := app.DB.Pool.Exec(ctx, `UPDATE grants SET start_date = start_date - 30, review_date = review_date - 30
					WHERE citizen_id = $1`, mustAtoi(t, b)); err != nil {
					t.Fatal(err)
				}
				if _, err := app.DB.Pool.Exec(ctx, `UPDATE users SET roles = ARRAY['sagsbehandler', 'socialraadgiver'] WHERE username = 'sagsbehandler'`); err != nil {
					t.Fatal(err)
				}
			}},
		{route: "/borgere/{id}/indstillinger", client: e.cw, page: "/borgere/" + a + "/indstillinger/ny?type=lab_til_85",
			action: "/borgere/" + a + "/indstillinger", typed: url.Values{"kind": {"lab_til_85"}, "reason": {"Behovet er vedvarende"},
				"effective_on": {day}, "other_tasks": {"Struktur i hverdagen"}, "need_" + itoa(areas[0].ID): {"moderat"},
				"support_purpose_id": {itoa(purposes[0].ID)}}, table: "proposals", result: `^/indstillinger/` + num + `$`,
			before: func(t *testing.T) {
				if _, err := app.DB.Pool.Exec(ctx, `UPDATE grants SET start_date = start_date - 30, review_date = review_date - 30
					WHERE id = $1`, mustAtoi(t, g)); err != nil {
					t.Fatal(err)
				}
			}},
		{route: "/borgere/{id}/bekymringer", client: e.mentor, page: "/borgere/" + a + "/bekymringer/ny", action: "/borgere/" + a + "/bekymringer",
			typed: url.Values{"category": {"helbred_sikkerhed"}, "urgency": {"normal"}, "description": {"Borgeren virkede presset."}},
			table: "concerns", result: `^/bekymringer/` + num + `$`},
		{route: "/borgere/{id}/samtaler", client: e.mentor, page: "/borgere/" + a + "/samtaler/ny", action: "/borgere/" + a + "/samtaler",
			typed: sessionForm, table: "mentor_sessions", result: `^/samtaler/` + num + `$`},
		{route: "/supervision", client: lead, page: "/supervision/ny", action: "/supervision", table: "supervisions", result: `^/supervision$`,
			typed: url.Values{"held_on": {day}, "form": {"supervision"}, "facilitator": {"Anne Krogh"}, "participants": {itoa(mentor3.ID)}}},
		{route: "/admin/stamdata/katalog", client: admin, page: "/admin/stamdata/katalog", action: "/admin/stamdata/katalog",
			typed: url.Values{"kind": {string(domain.KindTask)}, "text": {"Hjælp til at læse breve fra kommunen"}}, table: "catalogue_items",
			result: `^/admin/stamdata/katalog$`},
		{route: "/admin/stamdata/maalgrupper", client: admin, page: "/admin/stamdata/maalgrupper", action: "/admin/stamdata/maalgrupper",
			typed: url.Values{"name": {"Unge under 25"}}, table: "target_groups", result: `^/admin/stamdata/maalgrupper$`},
		{route: "/admin/stamdata/stoettebehov-omraader", client: admin, page: "/admin/stamdata/stoettebehov-omraader",
			action: "/admin/stamdata/stoettebehov-omraader", typed: url.Values{"name": {"Bolig"}}, table: "support_areas",
			result: `^/admin/stamdata/stoettebehov-omraader$`},
		{route: "/admin/stamdata/indsatsformaal", client: admin, page: "/admin/stamdata/indsatsformaal",
			action: "/admin/stamdata/indsatsformaal", typed: url.Values{"name": {"Afklare behov"}}, table: "support_purposes",
			result: `^/admin/stamdata/indsatsformaal$`},
		{route: "/admin/stamdata/lovgrundlag", client: admin, page: "/admin/stamdata/lovgrundlag/ny", action: "/admin/stamdata/lovgrundlag",
			typed: refLegalBasisValues(budgets[0].ID, nil), table: "legal_bases", result: `^/admin/stamdata/lovgrundlag/` + num + `$`},
		{route: "/admin/teams", client: admin, page: "/admin/teams", action: "/admin/teams", typed: url.Values{"name": {"Mentorteam Øst"}},
			table: "teams", result: `^/admin/teams/` + num + `$`},
		{route: "/admin/brugere", client: admin, page: "/admin/brugere/ny", action: "/admin/brugere", table: "users",
			result: `^/admin/brugere/` + num + `$`, typed: url.Values{"username": {"nina"}, "display_name": {"Nina Nybegynder"},
				"email": {"nina@kommune.dk"}, "password": {"en-god-adgangskode"}, "roles": {"mentor"}}},
	}

	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.route] = true
	}
	for _, r := range app.Server.Routes() {
		method, pattern, _ := strings.Cut(r, " ")
		if method == http.MethodPost && !covered[pattern] && !slices.Contains(notCreates, pattern) {
			t.Errorf("POST %s is neither a create form walked here nor listed in notCreates", pattern)
		}
	}
	for _, pattern := range notCreates {
		if _, _, ok := app.Server.AccessRule(http.MethodPost, pattern); !ok {
			t.Errorf("notCreates lists POST %s, which the server does not register", pattern)
		}
	}

	for _, tc := range cases {
		t.Run(tc.route, func(t *testing.T) {
			if tc.before != nil {
				tc.before(t)
			}
			count := func() int {
				var n int
				if err := app.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM `+tc.table).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			page := app.Get(t, tc.client, tc.page)
			if page.StatusCode != http.StatusOK {
				t.Fatalf("form page %s: %d", tc.page, page.StatusCode)
			}
			form := formValues(t, page.Body, tc.action)
			if !domain.ValidFormToken(form.Get("form_token")) {
				t.Fatalf("the form on %s carries no one-time token", tc.page)
			}
			for k, v := range tc.typed {
				form[k] = v
			}
			before := count()
			first := app.PostForm(t, tc.client, tc.action, form)
			if first.StatusCode != http.StatusSeeOther {
				t.Fatalf("first submit: %d\n%s", first.StatusCode, errorsIn(first.Body))
			}
			// Read the flash of the first submit, so the next page shows only the second's.
			app.Get(t, tc.client, first.Header.Get("Location"))
			again := app.PostForm(t, tc.client, tc.action, form)
			if loc := again.Header.Get("Location"); again.StatusCode != http.StatusSeeOther || !regexp.MustCompile(tc.result).MatchString(loc) {
				t.Fatalf("second submit: %d %q, want 303 to %s\n%s", again.StatusCode, loc, tc.result, errorsIn(again.Body))
			}
			if n := count(); n != before+1 {
				t.Fatalf("%s: %d rows added by two submits of one form, want 1", tc.table, n-before)
			}
			if result := app.Get(t, tc.client, again.Header.Get("Location")); !strings.Contains(result.Body, "Allerede gemt") {
				t.Fatalf("the saved result %s does not say it was already saved (%d)", again.Header.Get("Location"), result.StatusCode)
			}
		})
	}
}

// TestCatalogueFormsHaveTheirOwnTokens: the catalogue page has two create
// forms; saving one never makes the other look "already saved".
func TestCatalogueFormsHaveTheirOwnTokens(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "admin")
	page := app.Get(t, c, "/admin/stamdata/katalog")
	tokens := regexp.MustCompile(`name="form_token" value="([0-9a-f]{32})"`).FindAllStringSubmatch(page.Body, -1)
	if len(tokens) != 2 || tokens[0][1] == tokens[1][1] {
		t.Fatalf("want two different tokens on the catalogue page, got %q", tokens)
	}
	for i, f := range []url.Values{
		{"function": {"mentor"}, "kind": {"opgave"}, "text": {"Hjælp til at læse post fra kommunen"}, "form_token": {tokens[0][1]}},
		{"function": {"mentor"}, "kind": {"undtagelse"}, "text": {"Ingen hjælp til økonomisk rådgivning"}, "form_token": {tokens[1][1]}},
	} {
		r := app.PostForm(t, c, "/admin/stamdata/katalog", f)
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("form %d: status %d", i, r.StatusCode)
		}
		if next := app.Get(t, c, r.Header.Get("Location")); strings.Contains(next.Body, "Allerede gemt") ||
			!strings.Contains(next.Body, f.Get("text")) {
			t.Errorf("form %d: %q not saved as new", i, f.Get("text"))
		}
	}
}
