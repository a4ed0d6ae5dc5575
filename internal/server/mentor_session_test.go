package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres/pgtest"
)

// sessionEnv is a citizen with one LAB grant held by the demo mentor.
type sessionEnv struct {
	*grantEnv
	grantID string
	mentor  *http.Client
}

func newSessionEnv(t *testing.T) *sessionEnv {
	t.Helper()
	e := &sessionEnv{grantEnv: newGrantEnv(t)}
	e.grantID = e.createGrant(t)
	e.mentor = e.app.Client(t)
	e.app.Login(t, e.mentor, "mentor")
	return e
}

func (e *sessionEnv) sessionForm(t *testing.T) url.Values {
	g, _ := e.app.DB.FindGrantByID(t.Context(), int64(mustAtoi(t, e.grantID)))
	return url.Values{"grant_id": {e.grantID}, "occurred_on": {pgtest.Start().Format("2006-01-02")}, "start_time": {"09:30"},
		"minutes": {"45"}, "form": {"fremmoede"}, "contact": {"kontakt"}, "place": {"uden_for_hjemmet"},
		"direction": {"mod"}, "note": {"Gennemgik ugeplanen"}, "tasks_" + e.grantID: {g.Tasks[0].Text}}
}

func (e *sessionEnv) logSession(t *testing.T, form url.Values) string {
	t.Helper()
	r := e.app.PostForm(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler", form)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/mine-borgere" {
		t.Fatalf("log session: %d %s\n%s", r.StatusCode, r.Header.Get("Location"), errorsIn(r.Body))
	}
	sessions, _ := e.app.DB.FindSessions(t.Context(), domain.SessionFilter{GrantID: ptr64(int64(mustAtoi(t, e.grantID)))})
	return itoa(sessions[0].ID)
}

func ptr64(v int64) *int64 { return &v }

func TestMentorLogsSessionAndSeesCaseload(t *testing.T) {
	e := newSessionEnv(t)
	if r := e.app.Get(t, e.mentor, "/"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/mine-borgere" {
		t.Fatalf("a mentor's home is their citizens: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	form := e.app.Get(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler/ny")
	if form.StatusCode != http.StatusOK || !strings.Contains(form.Body, `name="minutes"`) || !strings.Contains(form.Body, "Møde stabilt 3 dage om ugen") {
		t.Fatalf("session form: %d", form.StatusCode)
	}
	goals, _ := e.app.DB.FindGoalsForGrant(t.Context(), int64(mustAtoi(t, e.grantID)))
	f := e.sessionForm(t)
	f.Set("score_"+e.grantID+"_"+itoa(goals[0].ID), "3")
	id := e.logSession(t, f)
	home := e.app.Get(t, e.mentor, "/mine-borgere")
	for _, want := range []string{"Samtalen med Dorte Demo er gemt", "Dorte Demo", "0,75&nbsp;t denne uge", "I dag", "Mentor"} {
		if !strings.Contains(home.Body, want) {
			t.Errorf("my citizens lacks %q", want)
		}
	}
	page := e.app.Get(t, e.mentor, "/samtaler/"+id)
	if !strings.Contains(page.Body, "Gennemgik ugeplanen") || !strings.Contains(page.Body, "Ret samtalen") {
		t.Fatal("session page")
	}
	citizen := e.app.Get(t, e.cw, "/borgere/"+e.citizenID)
	for _, want := range []string{`data-testid="progress-chart"`, `data-testid="progress-table"`, "Mette Jensen", "1 mod arbejdsmarkedet"} {
		if !strings.Contains(citizen.Body, want) {
			t.Errorf("caseworker's citizen page lacks %q", want)
		}
	}
	if !strings.Contains(citizen.Body, "Viser det seneste år") || !strings.Contains(citizen.Body, "?forloeb=alle#progress-heading") {
		t.Error("the chart says it shows the last year and links to the whole course")
	}
	// Thirteen months on, the score is older than a year: the chart leaves it
	// out until the whole course is asked for.
	later := e.app.Now().AddDate(1, 1, 0)
	e.app.Server.SetClock(func() time.Time { return later })
	t.Cleanup(func() { e.app.Server.SetClock(e.app.DB.Now) })
	year := e.app.Get(t, e.cw, "/borgere/"+e.citizenID)
	if strings.Contains(year.Body, `data-testid="progress-table"`) || !strings.Contains(year.Body, "ikke givet fremskridt på målene det seneste år") {
		t.Error("a score older than a year is shown in the default chart")
	}
	all := e.app.Get(t, e.cw, "/borgere/"+e.citizenID+"?forloeb=alle")
	if !strings.Contains(all.Body, `data-testid="progress-table"`) || !strings.Contains(all.Body, "Viser hele forløbet") {
		t.Error("the whole course lacks the old score")
	}
}

func TestSessionGuardrails(t *testing.T) {
	e := newSessionEnv(t)
	f := e.sessionForm(t)
	f.Set("occurred_on", pgtest.Start().AddDate(0, 0, 2).Format("2006-01-02"))
	f.Set("minutes", "3")
	f.Set("place", "i_hjemmet")
	f.Set("start_time", "25:00")
	f.Set("tasks_"+e.grantID, "Rydde op i lejligheden") // not one of the grant's tasks
	f.Set("note", "Noget der skal bevares")
	r := e.app.PostForm(t, e.mentor, "/borgere/"+e.citizenID+"/samtaler", f)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad session: %d", r.StatusCode)
	}
	for _, want := range []string{"fremtiden", "5–600 minutter", "hoveddør", "tt:mm", "bevillingens opgaver", "Noget der skal bevares", `value="3"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("re-rendered session form lacks %q", want)
		}
	}
	// In the home with a justification: saved and flagged.
	f = e.sessionForm(t)
	f.Set("place", "i_hjemmet")
	f.Set("home_justification", "Borgeren var syg; kort samtale efter aftale")
	id := e.logSession(t, f)
	s, _ := e.app.DB.FindSessionByID(t.Context(), int64(mustAtoi(t, id)))
	if !s.HomeFlag || s.HomeJustification == "" {
		t.Fatalf("home flag: %+v", s)
	}
}

func TestSessionCorrectionAmendmentAndDiscard(t *testing.T) {
	e := newSessionEnv(t)
	id := e.logSession(t, e.sessionForm(t))
	f := e.sessionForm(t)
	f.Set("minutes", "60")
	f.Set("version", "1")
	if r := e.app.PostForm(t, e.mentor, "/samtaler/"+id+"/ret", f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("correct: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	s, _ := e.app.DB.FindSessionByID(t.Context(), int64(mustAtoi(t, id)))
	if s.Minutes != 60 || len(s.Amendments) != 0 {
		t.Fatalf("direct correction: %+v", s)
	}
	// Eight days later the same change is an amendment with a reason.
	if _, err := e.app.DB.Pool.Exec(t.Context(), `UPDATE mentor_sessions SET created_at = $2 WHERE id = $1`,
		s.ID, e.app.Now().AddDate(0, 0, -8)); err != nil {
		t.Fatal(err)
	}
	f.Set("minutes", "50")
	f.Set("version", itoa(int64(s.Version)))
	r := e.app.PostForm(t, e.mentor, "/samtaler/"+id+"/ret", f)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "tillæg") {
		t.Fatalf("amendment without reason: %d", r.StatusCode)
	}
	f.Set("amend_reason", "Forkert varighed")
	if r := e.app.PostForm(t, e.mentor, "/samtaler/"+id+"/ret", f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("amendment: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	page := e.app.Get(t, e.mentor, "/samtaler/"+id)
	if !strings.Contains(page.Body, "Forkert varighed") || !strings.Contains(page.Body, "varighed 60 → 50 min.") {
		t.Fatal("amendment not shown")
	}
	// Discard needs a reason and keeps the session in history.
	if r := e.app.PostForm(t, e.mentor, "/samtaler/"+id+"/kasser", url.Values{"reason": {" "}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("discard without reason: %d", r.StatusCode)
	}
	if r := e.app.PostForm(t, e.mentor, "/samtaler/"+id+"/kasser", url.Values{"reason": {"Registreret på forkert borger"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("discard: %d", r.StatusCode)
	}
	page = e.app.Get(t, e.mentor, "/samtaler/"+id)
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Samtalen er kasseret") || strings.Contains(page.Body, "Ret samtalen") {
		t.Fatal("discarded session page")
	}
	d, _ := e.app.DB.DeliveredForGrants(t.Context(), []int64{int64(mustAtoi(t, e.grantID))})
	if d[int64(mustAtoi(t, e.grantID))].WeekMinutes != 0 {
		t.Fatal("a discarded session must not count")
	}
}

func TestOtherMentorCannotReadOrWriteSessions(t *testing.T) {
	e := newSessionEnv(t)
	id := e.logSession(t, e.sessionForm(t))
	other := e.app.Client(t)
	e.app.Login(t, other, "mentor2")
	for _, path := range []string{"/samtaler/" + id, "/samtaler/" + id + "/ret", "/samtaler/" + id + "/kasser",
		"/borgere/" + e.citizenID + "/samtaler/ny", "/borgere/" + e.citizenID + "/bekymringer/ny"} {
		if r := e.app.Get(t, other, path); r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s as another mentor: %d", path, r.StatusCode)
		}
	}
	for _, path := range []string{"/samtaler/" + id + "/ret", "/samtaler/" + id + "/kasser", "/borgere/" + e.citizenID + "/samtaler"} {
		if r := e.app.PostForm(t, other, path, e.sessionForm(t)); r.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s as another mentor: %d", path, r.StatusCode)
		}
	}
	s, _ := e.app.DB.FindSessionByID(t.Context(), int64(mustAtoi(t, id)))
	if s.Discarded() || s.Minutes != 45 {
		t.Fatal("another mentor changed the session")
	}
	// mentor2's own citizen, but the form names mentor's grant: refused.
	mentor2, _, _ := e.app.DB.FindUserForLogin(t.Context(), "mentor2")
	rows, _ := e.app.DB.MentorCaseload(t.Context(), mentor2.ID)
	if len(rows) == 0 {
		t.Fatal("demo mentor2 has no citizens")
	}
	own := itoa(rows[0].CitizenID)
	f := e.sessionForm(t) // grant_id is mentor's grant on another citizen
	if r := e.app.PostForm(t, other, "/borgere/"+own+"/samtaler", f); r.StatusCode != http.StatusNotFound {
		t.Fatalf("tampered grant id: %d", r.StatusCode)
	}
	// A goal id from another citizen's grant in a tampered form is refused.
	g := rows[0].ActiveGrantIDs[0]
	f = e.sessionForm(t)
	f.Set("grant_id", itoa(g))
	f.Del("tasks_" + e.grantID)
	goals, _ := e.app.DB.FindGoalsForGrant(t.Context(), int64(mustAtoi(t, e.grantID)))
	f.Set("score_"+itoa(g)+"_"+itoa(goals[0].ID), "4")
	if r := e.app.PostForm(t, other, "/borgere/"+own+"/samtaler", f); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "bevillingens mål") {
		t.Fatalf("tampered goal id: %d", r.StatusCode)
	}
	entries, _, _ := e.app.DB.FindAccessEntries(t.Context(), domain.AccessFilter{Username: "mentor2", Limit: 100})
	denied := 0
	for _, en := range entries {
		if en.Action == domain.ActionNotFound {
			denied++
		}
	}
	if denied < 8 {
		t.Fatalf("attempts not logged: %d", denied)
	}
	// The caseworker sees the mentor's session; the author edits it alone.
	if r := e.app.Get(t, e.cw, "/samtaler/"+id); r.StatusCode != http.StatusOK {
		t.Fatalf("caseworker reads the session: %d", r.StatusCode)
	}
}

func TestConcernFlow(t *testing.T) {
	e := newSessionEnv(t)
	cwUser, _, _ := e.app.DB.FindUserForLogin(t.Context(), "sagsbehandler")
	before, _ := e.app.DB.CountNewConcerns(t.Context(), domain.ConcernFilter{CaseworkerID: &cwUser.ID})
	form := e.app.Get(t, e.mentor, "/borgere/"+e.citizenID+"/bekymringer/ny")
	if !strings.Contains(form.Body, "personlig pligt") || !strings.Contains(form.Body, "Livslinien") {
		t.Fatal("the categories' guidance is on the form")
	}
	r := e.app.PostForm(t, e.mentor, "/borgere/"+e.citizenID+"/bekymringer", url.Values{"category": {"barn"}, "urgency": {""}, "description": {""}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Beskriv hvad du har set") {
		t.Fatalf("bad concern: %d", r.StatusCode)
	}
	r = e.app.PostForm(t, e.mentor, "/borgere/"+e.citizenID+"/bekymringer", url.Values{"category": {"barn"}, "urgency": {"akut"},
		"description": {"Borgerens barn var alene hjemme om natten"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("concern: %d", r.StatusCode)
	}
	kid := locationID.FindStringSubmatch(r.Header.Get("Location"))[1]
	// The responsible caseworker sees it counted in the navigation.
	home := e.app.Get(t, e.cw, "/borgere")
	if !strings.Contains(home.Body, "Bekymringer ("+strconv.Itoa(before+1)+" nye)") {
		t.Fatal("no count in the caseworker's navigation")
	}
	other := e.app.Client(t)
	e.app.Login(t, other, "sagsbehandler2")
	if r := e.app.Get(t, other, "/bekymringer/"+kid); r.StatusCode != http.StatusNotFound {
		t.Fatalf("another caseworker opens the concern: %d", r.StatusCode)
	}
	if r := e.app.PostForm(t, e.mentor, "/bekymringer/"+kid+"/kvitter", nil); r.StatusCode != http.StatusForbidden {
		t.Fatalf("mentor acknowledges: %d", r.StatusCode)
	}
	if r := e.app.PostForm(t, e.cw, "/bekymringer/"+kid+"/kvitter", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("acknowledge: %d", r.StatusCode)
	}
	if p := e.app.Get(t, e.mentor, "/bekymringer/"+kid); !strings.Contains(p.Body, "Kvitteret – under behandling") {
		t.Fatal("the mentor sees the status")
	}
	if r := e.app.PostForm(t, e.cw, "/bekymringer/"+kid+"/haandter", url.Values{"handling": {"Underretning sendt"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("handling without outcome: %d", r.StatusCode)
	}
	lead := e.app.Client(t)
	e.app.Login(t, lead, "teamleder")
	if r := e.app.PostForm(t, lead, "/bekymringer/"+kid+"/haandter", url.Values{"handling": {"Underretning sendt til Familieafdelingen"},
		"outcome": {"Familieafdelingen følger op"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("team lead handles: %d", r.StatusCode)
	}
	if p := e.app.Get(t, e.mentor, "/bekymringer"); !strings.Contains(p.Body, "Håndteret") {
		t.Fatal("mentor's list shows the outcome status")
	}
}
