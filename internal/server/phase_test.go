package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres/pgtest"
	"mentorspor/web/views"
)

// switchForm is the posted switch form, prefilled as the page prefills it.
func (e *grantEnv) switchFormFromPage(t *testing.T, kind, query string) url.Values {
	t.Helper()
	f, body := e.switchFormAsPrefilled(t, kind, query)
	// A switch carries no tasks over: the caseworker chooses at least one,
	// here the first the new function's catalogue offers.
	if m := firstTaskID.FindStringSubmatch(body); m != nil {
		f.Add("task_ids", m[1])
	}
	return f
}

var firstTaskID = regexp.MustCompile(`name="task_ids" value="([0-9]+)"`)

// switchFormAsPrefilled is the switch form as the page prefills it, and the
// page.
func (e *grantEnv) switchFormAsPrefilled(t *testing.T, kind, query string) (url.Values, string) {
	t.Helper()
	r := e.app.Get(t, e.cw, "/borgere/"+e.citizenID+"/faseskift/ny?type="+kind+query)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("switch form %s: %d", kind, r.StatusCode)
	}
	return formValues(t, r.Body, "/borgere/"+e.citizenID+"/faseskift"), r.Body
}

// formValues reads the inputs of the page's POST form to action: what a
// browser submits.
func formValues(t *testing.T, body, action string) url.Values {
	t.Helper()
	v := url.Values{}
	i := strings.Index(body, `<form method="post" action="`+action+`"`)
	if i < 0 {
		t.Fatal("no POST form on the page")
	}
	form := body[i : strings.Index(body[i:], "</form>")+i]
	attr := func(tag, name string) string {
		j := strings.Index(tag, name+`="`)
		if j < 0 {
			return ""
		}
		rest := tag[j+len(name)+2:]
		return htmlUnescape(rest[:strings.Index(rest, `"`)])
	}
	for _, part := range strings.Split(form, "<input")[1:] {
		tag := part[:strings.Index(part, ">")]
		name := attr(tag, "name")
		typ := attr(tag, "type")
		if name == "" || ((typ == "checkbox" || typ == "radio") && !strings.Contains(tag, " checked")) {
			continue
		}
		v.Add(name, attr(tag, "value"))
	}
	for _, part := range strings.Split(form, "<textarea")[1:] {
		tag := part[:strings.Index(part, ">")]
		text := part[strings.Index(part, ">")+1 : strings.Index(part, "</textarea>")]
		v.Set(attr(tag, "name"), htmlUnescape(text))
	}
	for _, part := range strings.Split(form, "<select")[1:] {
		tag := part[:strings.Index(part, ">")]
		sel := part[:strings.Index(part, "</select>")]
		for _, opt := range strings.Split(sel, "<option")[1:] {
			if strings.Contains(opt[:strings.Index(opt, ">")], " selected") {
				v.Set(attr(tag, "name"), attr(opt, "value"))
			}
		}
	}
	return v
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`).Replace(s)
}

// TestCase2ThroughThePages: the mentor becomes the citizen's
// støttekontaktperson for a while, then mentor support resumes, one person
// throughout, every switch in the log.
func TestCase2ThroughThePages(t *testing.T) {
	e := newGrantEnv(t)
	e.grantsBoth(t)
	gid := e.createGrant(t)
	// A switch on the grant's first day is refused: the old grant must end the day before.
	f := e.switchFormFromPage(t, "lab_til_85", "")
	// Person, goals and purpose follow; tasks and exclusions come from the
	// § 85 catalogue (its three standard exclusions), not the LAB grant.
	if f.Get("person_id") != e.mentorID || !strings.Contains(f.Get("goals"), "Møde stabilt") || len(f["exclusion_ids"]) != 3 ||
		len(f["from_tasks"])+len(f["from_exclusions"]) != 0 {
		t.Fatalf("switch form not prefilled with the same person and goals and § 85's standard exclusions: %v", f)
	}
	f.Set("reason", "Behov for socialpædagogisk støtte")
	f.Set("kind", "lab_til_85")
	r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/faseskift", f)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "dagen før") ||
		!strings.Contains(r.Body, "Behov for socialpædagogisk støtte") {
		t.Fatalf("switch on the first day: %d", r.StatusCode)
	}
	// Move the grant's start back so a switch today is possible.
	if _, err := e.app.DB.Pool.Exec(t.Context(), `UPDATE grants SET start_date = start_date - 30, review_date = review_date - 30 WHERE id = $1`, gid); err != nil {
		t.Fatal(err)
	}
	f.Set("effective_on", "31.02.2026")
	if r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/faseskift", f); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "gyldig dato") {
		t.Fatalf("bad date: %d", r.StatusCode)
	}
	f.Set("effective_on", today())
	assessSupportNeed(t, e, f)
	if r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/faseskift", f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("LAB → § 85: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	page := e.app.Get(t, e.cw, "/borgere/"+e.citizenID)
	for _, want := range []string{`data-testid="current-phase">Støttekontaktperson (SEL § 85)`, "Ja, Mette Jensen fortsætter",
		"Behov for socialpædagogisk støtte", `data-testid="phase-timeline"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("citizen page lacks %q", want)
		}
	}
	// A second LAB grant while § 85 runs would be parallel — here we go back.
	f = e.switchFormFromPage(t, "85_til_lab", "")
	f.Set("kind", "85_til_lab")
	f.Set("reason", "Beskæftigelsesfokus er muligt igen")
	f.Set("effective_on", domain.FormatDate(pgtest.Start().AddDate(0, 0, 14)))
	f.Set("end", domain.FormatDate(domain.MaxEnd(domain.DateOf(pgtest.Start().AddDate(0, 0, 14)), 6)))
	if r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/faseskift", f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("§ 85 → LAB: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	log := e.app.Get(t, e.cw, "/faseskift?type=85_til_lab")
	if !strings.Contains(log.Body, "Dorte Demo") || !strings.Contains(log.Body, "Beskæftigelsesfokus er muligt igen") ||
		strings.Contains(log.Body, "Behov for socialpædagogisk støtte") {
		t.Fatal("the phase log filtered by type")
	}
	cid := int64(mustAtoi(t, e.citizenID))
	switches, _ := e.app.DB.FindSwitches(t.Context(), domain.SwitchFilter{CitizenID: &cid})
	if len(switches) != 2 || !switches[0].SamePerson || !switches[1].SamePerson {
		t.Fatalf("two switches, one person: %+v", switches)
	}
}

func TestParallelWithAnotherPersonNeedsConfirmation(t *testing.T) {
	e := newGrantEnv(t)
	e.grantsBoth(t)
	e.createGrant(t)
	f := e.switchFormFromPage(t, "tilfoej_parallel", "")
	jonas, _, _ := e.app.DB.FindUserForLogin(t.Context(), "mentor2")
	f.Set("kind", "tilfoej_parallel")
	f.Set("reason", "Støtte i hjemmet")
	f.Set("person_id", itoa(jonas.ID))
	r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/faseskift", f)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "anden person") || !strings.Contains(r.Body, `name="confirm_different"`) {
		t.Fatalf("different person: %d", r.StatusCode)
	}
	f.Set("confirm_different", "1")
	assessSupportNeed(t, e, f)
	if r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/faseskift", f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	page := e.app.Get(t, e.cw, "/borgere/"+e.citizenID)
	if !strings.Contains(page.Body, `data-testid="current-phase">Parallelt`) || !strings.Contains(page.Body, `data-testid="two-people-warning"`) {
		t.Fatal("parallel phase with a warning about two people")
	}
}

// TestCopingWindowRunsOutAndBecomesSection85 plays the coping window in one
// flow: requested by the mentor, started by the caseworker, overdue, and
// turned into § 85 by a phase switch that records the outcome.
func TestCopingWindowRunsOutAndBecomesSection85(t *testing.T) {
	e := newGrantEnv(t)
	e.grantsBoth(t)
	gid := e.createGrant(t)
	mentor := e.app.Client(t)
	e.app.Login(t, mentor, "mentor")
	if r := e.app.PostForm(t, mentor, "/borgere/"+e.citizenID+"/hverdagsmestring/anmod", url.Values{"need": {""}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("request without need: %d", r.StatusCode)
	}
	if r := e.app.PostForm(t, mentor, "/borgere/"+e.citizenID+"/hverdagsmestring/anmod",
		url.Values{"need": {"Hjælp med post og regninger efter flytning"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d", r.StatusCode)
	}
	home := e.app.Get(t, e.cw, "/")
	if !strings.Contains(home.Body, "anmodning fra Mette Jensen") {
		t.Fatal("the request is not on the caseworker's home")
	}
	cid := int64(mustAtoi(t, e.citizenID))
	windows, _ := e.app.DB.FindCopingWindows(t.Context(), postgresCopingFilter(cid))
	rid := itoa(windows[0].ID)
	start := e.app.Get(t, e.cw, "/borgere/"+e.citizenID+"/hverdagsmestring/ny?anmodning="+rid)
	if !strings.Contains(start.Body, "Hjælp med post og regninger efter flytning") {
		t.Fatal("start form not prefilled from the request")
	}
	// Started 40 days ago (the grant started then too): overdue.
	if _, err := e.app.DB.Pool.Exec(t.Context(), `UPDATE grants SET start_date = start_date - 60 WHERE id = $1`, gid); err != nil {
		t.Fatal(err)
	}
	past := domain.DateOf(pgtest.Start().AddDate(0, 0, -40))
	r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/hverdagsmestring", url.Values{"request_id": {rid},
		"start": {domain.FormatDate(past)}, "need": {"Post og regninger"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("start: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	expiry := domain.CopingExpiry(past, 1)
	overdue := int(domain.DateOf(pgtest.Start()).Sub(expiry).Hours() / 24)
	page := e.app.Get(t, e.cw, "/borgere/"+e.citizenID)
	if !strings.Contains(page.Body, "Overskredet med "+itoa(int64(overdue))+" dage") {
		t.Fatalf("overdue by %d days not shown in red", overdue)
	}
	if home := e.app.Get(t, e.cw, "/"); !strings.Contains(home.Body, "overskredet med") {
		t.Fatal("overdue window not on the caseworker's home")
	}
	decide := e.app.Get(t, e.cw, "/hverdagsmestring/"+rid)
	if !strings.Contains(decide.Body, "Behovet er vedvarende – indstil til SEL § 85") {
		t.Fatal("decision page")
	}
	f := e.switchFormFromPage(t, "lab_til_85", "&vindue="+rid)
	if f.Get("coping_window_id") != rid || f.Get("person_id") != e.mentorID {
		t.Fatalf("switch from the window: %v", f)
	}
	f.Set("kind", "lab_til_85")
	assessSupportNeed(t, e, f)
	if r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/faseskift", f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("convert: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	w, _ := e.app.DB.FindCopingWindowByID(t.Context(), int64(mustAtoi(t, rid)))
	if w.Status != domain.CopingConverted || w.SwitchID == nil {
		t.Fatalf("window outcome: %+v", w)
	}
	if page := e.app.Get(t, e.cw, "/borgere/"+e.citizenID); !strings.Contains(page.Body, "Behovet er vedvarende – bevilget SEL § 85") {
		t.Fatal("the window's outcome on the citizen page")
	}
}

func TestPhaseRoutesForbiddenToMentors(t *testing.T) {
	e := newGrantEnv(t)
	e.createGrant(t)
	m := e.app.Client(t)
	e.app.Login(t, m, "mentor")
	for _, path := range []string{"/borgere/" + e.citizenID + "/faseskift/ny", "/faseskift", "/borgere/" + e.citizenID + "/hverdagsmestring/ny"} {
		if r := e.app.Get(t, m, path); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s as mentor: %d", path, r.StatusCode)
		}
	}
	if r := e.app.PostForm(t, m, "/borgere/"+e.citizenID+"/faseskift", url.Values{"kind": {"afslut_alle"}, "reason": {"x"},
		"effective_on": {today()}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("mentor posting a switch: %d", r.StatusCode)
	}
}

func TestCopingRequestCanBeRejected(t *testing.T) {
	e := newGrantEnv(t)
	e.createGrant(t)
	mentor := e.app.Client(t)
	e.app.Login(t, mentor, "mentor")
	if r := e.app.PostForm(t, mentor, "/borgere/"+e.citizenID+"/hverdagsmestring/anmod",
		url.Values{"need": {"Hjælp til indkøb"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d", r.StatusCode)
	}
	cid := int64(mustAtoi(t, e.citizenID))
	windows, _ := e.app.DB.FindCopingWindows(t.Context(), postgresCopingFilter(cid))
	rid := itoa(windows[0].ID)
	if r := e.app.PostForm(t, e.cw, "/hverdagsmestring/"+rid+"/afvis", url.Values{"note": {" "}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("reject without a reason: %d", r.StatusCode)
	}
	if r := e.app.PostForm(t, e.cw, "/hverdagsmestring/"+rid+"/afvis", url.Values{"note": {"Indkøb klares af hjemmeplejen"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reject: %d", r.StatusCode)
	}
	w, _ := e.app.DB.FindCopingWindowByID(t.Context(), windows[0].ID)
	if w.Status != domain.CopingRejected || w.DecisionNote != "Indkøb klares af hjemmeplejen" {
		t.Fatalf("rejected request: %+v", w)
	}
	if r := e.app.PostForm(t, e.cw, "/hverdagsmestring/"+rid+"/daekket", url.Values{"note": {"x"}}); r.StatusCode != http.StatusConflict {
		t.Fatalf("deciding a rejected request: %d", r.StatusCode)
	}
}

// TestSwitchSaysWhenThePersonIsNotQualified: the switch form pre-selects the
// current person; when she is not qualified for the other function, the form
// says so instead of leaving her out of the list without a word.
func TestSwitchSaysWhenThePersonIsNotQualified(t *testing.T) {
	e := newGrantEnv(t)
	e.grantsBoth(t)
	e.createGrant(t)
	mentor := int64(mustAtoi(t, e.mentorID))
	want := "Mette Jensen er ikke kvalificeret som støttekontaktperson – borgeren skal skifte person, eller teamlederen kan opdatere profilen."
	for _, kind := range []string{"lab_til_85", "tilfoej_parallel"} {
		r := e.app.Get(t, e.cw, "/borgere/"+e.citizenID+"/faseskift/ny?type="+kind)
		if r.StatusCode != http.StatusOK || strings.Contains(r.Body, `data-testid="holder-not-qualified"`) {
			t.Fatalf("%s: qualified for both, yet a note (%d)", kind, r.StatusCode)
		}
	}
	if err := e.app.DB.SetQualifications(t.Context(), mentor, true, false, 30); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"lab_til_85", "tilfoej_parallel"} {
		r := e.app.Get(t, e.cw, "/borgere/"+e.citizenID+"/faseskift/ny?type="+kind)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `data-testid="holder-not-qualified"`) ||
			!strings.Contains(htmlUnescape(r.Body), want) {
			t.Fatalf("%s: the form does not say that the current person is not qualified (%d)", kind, r.StatusCode)
		}
		if f := formValues(t, r.Body, "/borgere/"+e.citizenID+"/faseskift"); f.Get("person_id") != "" {
			t.Fatalf("%s: an unqualified person is selected: %q", kind, f.Get("person_id"))
		}
	}
	// The message stays when the form comes back with an error.
	f := e.switchFormFromPage(t, "lab_til_85", "")
	f.Set("kind", "lab_til_85")
	f.Set("reason", "Behovet er vedvarende")
	r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/faseskift", f)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(htmlUnescape(r.Body), want) {
		t.Fatalf("the refused switch lost the note: %d", r.StatusCode)
	}
}

// TestCopingWindowOnTheGrantActiveOnItsStart: a window agreed on a LAB
// grant's last day can be recorded a week later, when the grant has ended:
// it belongs to the grant active on its start date.
func TestCopingWindowOnTheGrantActiveOnItsStart(t *testing.T) {
	e := newGrantEnv(t)
	now := time.Date(2028, time.February, 7, 9, 30, 0, 0, domain.Copenhagen)
	e.app.DB.SetClock(func() time.Time { return now })
	f := e.labForm()
	f.Set("start", "01.08.2027")
	f.Set("end", "31.01.2028")
	r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/bevillinger", f)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("grant ending 31.01.2028: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	gid := locationID.FindStringSubmatch(r.Header.Get("Location"))[1]
	start := "/borgere/" + e.citizenID + "/hverdagsmestring"
	if page := e.app.Get(t, e.cw, "/borgere/"+e.citizenID); !strings.Contains(page.Body, `href="`+start+`/ny"`) {
		t.Fatal("the citizen page offers no coping window a week after the grant ended")
	}
	form := e.app.Get(t, e.cw, start+"/ny")
	if form.StatusCode != http.StatusOK || !strings.Contains(form.Body, "Mentorbevilling nr. "+gid+" (Mette Jensen): 01.08.2027 – 31.01.2028") {
		t.Fatalf("start form: %d, the grant and its period not shown", form.StatusCode)
	}
	if v := formValues(t, form.Body, start); v.Get("start") != "" {
		t.Fatalf("no grant runs today, yet the start is prefilled with %q", v.Get("start"))
	}
	// After the grant's last day: refused next to the field, the need kept.
	r = e.app.PostForm(t, e.cw, start, url.Values{"start": {"01.02.2028"}, "need": {"Post og regninger efter flytning"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(errorsIn(r.Body), "ingen aktiv mentorbevilling på startdatoen") ||
		!strings.Contains(r.Body, "Post og regninger efter flytning") {
		t.Fatalf("a start after the grant: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	r = e.app.PostForm(t, e.cw, start, url.Values{"start": {"31.01.2028"}, "need": {"Post og regninger efter flytning"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("a window from the grant's last day: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	cid := int64(mustAtoi(t, e.citizenID))
	windows, err := e.app.DB.FindCopingWindows(t.Context(), postgresCopingFilter(cid))
	if err != nil || len(windows) != 1 {
		t.Fatalf("windows: %v %v", windows, err)
	}
	w := windows[0]
	if itoa(w.GrantID) != gid || domain.FormatDate(*w.Start) != "31.01.2028" || domain.FormatDate(*w.Expires) != "29.02.2028" {
		t.Fatalf("window on grant %d from %s to %s, want %s from 31.01.2028 to 29.02.2028",
			w.GrantID, views.DatePtr(w.Start), views.DatePtr(w.Expires), gid)
	}
	// More than 30 days after the grant's last day, no window can be registered on it.
	now = time.Date(2028, time.March, 2, 9, 30, 0, 0, domain.Copenhagen)
	if r := e.app.PostForm(t, e.cw, "/hverdagsmestring/"+itoa(w.ID)+"/daekket", url.Values{"note": {"Posten er på plads"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("closing the window: %d", r.StatusCode)
	}
	if r := e.app.Get(t, e.cw, start+"/ny"); r.StatusCode != http.StatusConflict {
		t.Fatalf("start form 31 days after the grant: %d", r.StatusCode)
	}
	if page := e.app.Get(t, e.cw, "/borgere/"+e.citizenID); strings.Contains(page.Body, `href="`+start+`/ny"`) {
		t.Fatal("the citizen page offers a coping window 31 days after the grant ended")
	}
}

// grantsBoth gives the demo caseworker the social administration's role as
// well: the switch tests exercise the switch itself, saved by a user who may
// grant § 85 (the job centre alone proposes it: proposal_test.go).
func (e *grantEnv) grantsBoth(t *testing.T) {
	t.Helper()
	if _, err := e.app.DB.Pool.Exec(t.Context(), `UPDATE users SET roles = ARRAY['sagsbehandler', 'socialraadgiver'] WHERE username = 'sagsbehandler'`); err != nil {
		t.Fatal(err)
	}
}
