package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"mentorspor/internal/domain"
	"mentorspor/internal/servertest"
)

var proposalLocation = regexp.MustCompile(`/indstillinger/([0-9]+)$`)

// proposalEnv: the demo caseworker (job centre only) with a citizen on an
// active LAB grant that started 30 days ago, and the demo socialrådgiver.
func proposalEnv(t *testing.T) (*grantEnv, *http.Client) {
	t.Helper()
	e := newGrantEnv(t)
	gid := e.createGrant(t)
	if _, err := e.app.DB.Pool.Exec(t.Context(), `UPDATE grants SET start_date = start_date - 30, review_date = review_date - 30 WHERE id = $1`, gid); err != nil {
		t.Fatal(err)
	}
	social := e.app.Client(t)
	e.app.Login(t, social, "socialraadgiver")
	return e, social
}

// propose sends the proposal form as the page prefills it, with a need.
func (e *grantEnv) propose(t *testing.T, query string) string {
	t.Helper()
	path := "/borgere/" + e.citizenID + "/indstillinger"
	r := e.app.Get(t, e.cw, path+"/ny?type=lab_til_85"+query)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("proposal form: %d", r.StatusCode)
	}
	f := formValues(t, r.Body, path)
	if m := firstTaskID.FindStringSubmatch(r.Body); m != nil {
		f.Add("task_ids", m[1])
	}
	if f.Get("reason") == "" {
		f.Set("reason", "Behovet for socialpædagogisk støtte er vedvarende")
	}
	f.Set("kind", "lab_til_85")
	assessSupportNeed(t, e, f)
	r = e.app.PostForm(t, e.cw, path, f)
	m := proposalLocation.FindStringSubmatch(r.Header.Get("Location"))
	if r.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("create proposal: %d %q\n%s", r.StatusCode, r.Header.Get("Location"), errorsIn(r.Body))
	}
	return m[1]
}

func TestCaseworkerProposesAndSocialWorkerApproves(t *testing.T) {
	e, social := proposalEnv(t)
	cid := int64(mustAtoi(t, e.citizenID))
	// The socialrådgiver does not read a citizen the social administration
	// does not have; the attempt is audited.
	if r := e.app.Get(t, social, "/borgere/"+e.citizenID); r.StatusCode != http.StatusNotFound {
		t.Fatalf("socialrådgiver reads a job-centre citizen: %d", r.StatusCode)
	}
	var denied int
	if err := e.app.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM access_log WHERE username = 'socialraadgiver' AND citizen_id = $1 AND action = $2`,
		cid, string(domain.ActionNotFound)).Scan(&denied); err != nil || denied == 0 {
		t.Fatalf("the refused read is not audited: %d %v", denied, err)
	}
	// The caseworker may not grant § 85 through the switch form.
	// Its switch form leads to the proposal; a switch posted anyway is refused.
	if r := e.app.Get(t, e.cw, "/borgere/"+e.citizenID+"/faseskift/ny?type=lab_til_85"); r.StatusCode != http.StatusSeeOther ||
		!strings.Contains(r.Header.Get("Location"), "/indstillinger/ny") {
		t.Fatalf("caseworker's § 85 switch form: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	form := e.app.Get(t, e.cw, "/borgere/"+e.citizenID+"/indstillinger/ny?type=lab_til_85")
	f := formValues(t, form.Body, "/borgere/"+e.citizenID+"/indstillinger")
	if m := firstTaskID.FindStringSubmatch(form.Body); m != nil {
		f.Add("task_ids", m[1])
	}
	f.Set("kind", "lab_til_85")
	f.Set("reason", "Behov for socialpædagogisk støtte")
	f.Set("effective_on", today())
	assessSupportNeed(t, e, f)
	r := e.app.PostForm(t, e.cw, "/borgere/"+e.citizenID+"/faseskift", f)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Bevillinger efter § 85 træffes af Socialforvaltningen.") ||
		!strings.Contains(r.Body, "Indstil til Socialforvaltningen") || !strings.Contains(r.Body, "Behov for socialpædagogisk støtte") {
		t.Fatalf("caseworker's § 85 switch: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	if switches, _ := e.app.DB.FindSwitches(t.Context(), domain.SwitchFilter{CitizenID: &cid}); len(switches) != 0 {
		t.Fatalf("refused switch saved: %+v", switches)
	}
	// The caseworker proposes from the switch form instead.
	pid := e.propose(t, "")
	p, err := e.app.DB.FindProposalByID(t.Context(), int64(mustAtoi(t, pid)))
	if err != nil || p.Status != domain.ProposalPending || p.CitizenID != cid {
		t.Fatalf("proposal: %+v %v", p, err)
	}
	// Both work queues show it with its age (the demo's own proposals beside it).
	for who, c := range map[string]*http.Client{"sagsbehandler": e.cw, "socialraadgiver": social} {
		row := proposalRow(t, e.app.Get(t, c, "/indstillinger").Body, "Dorte Demo")
		if !strings.Contains(row, "I dag") || strings.Contains(row, `data-testid="proposal-overdue"`) {
			t.Fatalf("%s's queue: %s", who, row)
		}
	}
	// Now the socialrådgiver reads the citizen.
	if r := e.app.Get(t, social, "/borgere/"+e.citizenID); r.StatusCode != http.StatusOK {
		t.Fatalf("socialrådgiver reads the proposed citizen: %d", r.StatusCode)
	}
	// The caseworker cannot approve.
	page := e.app.Get(t, social, "/indstillinger/"+pid)
	approve := formValues(t, page.Body, "/indstillinger/"+pid+"/godkend")
	if r := e.app.PostForm(t, e.cw, "/indstillinger/"+pid+"/godkend", approve); r.StatusCode != http.StatusForbidden {
		t.Fatalf("caseworker approves: %d", r.StatusCode)
	}
	// After more than the set days (5) it is overdue on both sides.
	later := e.app.Now().AddDate(0, 0, 6)
	e.app.Server.SetClock(func() time.Time { return later })
	for who, c := range map[string]*http.Client{"sagsbehandler": e.cw, "socialraadgiver": social} {
		row := proposalRow(t, e.app.Get(t, c, "/indstillinger").Body, "Dorte Demo")
		if !strings.Contains(row, `data-testid="proposal-overdue"`) || !strings.Contains(row, "6 dage") {
			t.Fatalf("%s's queue shows the proposal not overdue: %s", who, row)
		}
	}
	e.app.Server.SetClock(e.app.Now)
	// The socialrådgiver approves with more hours.
	assessSupportNeed(t, e, approve)
	approve.Set("hours", "4,5")
	if r := e.app.PostForm(t, social, "/indstillinger/"+pid+"/godkend", approve); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	p, _ = e.app.DB.FindProposalByID(t.Context(), p.ID)
	if p.Status != domain.ProposalApproved || p.GrantID == nil {
		t.Fatalf("approved proposal: %+v", p)
	}
	g, _ := e.app.DB.FindGrantByID(t.Context(), *p.GrantID)
	if g.LegalBasis.Code != "SEL-85" || g.HoursPerWeek != 4.5 || g.Status != domain.StatusGranted {
		t.Fatalf("the § 85 grant: %+v", g)
	}
	switches, _ := e.app.DB.FindSwitches(t.Context(), domain.SwitchFilter{CitizenID: &cid})
	if len(switches) != 1 || switches[0].ProposedByName == "" || switches[0].ApprovedByName == "" || switches[0].ProposedByName == switches[0].ApprovedByName {
		t.Fatalf("phase log names proposer and approver: %+v", switches)
	}
	// Decided once.
	e.app.PostForm(t, social, "/indstillinger/"+pid+"/godkend", approve)
	again, _ := e.app.DB.FindProposalByID(t.Context(), p.ID)
	if switches, _ = e.app.DB.FindSwitches(t.Context(), domain.SwitchFilter{CitizenID: &cid}); len(switches) != 1 || again.Version != p.Version {
		t.Fatalf("approved twice: %d switches, %+v", len(switches), again)
	}
}

func TestRejectionNeedsAReason(t *testing.T) {
	e, social := proposalEnv(t)
	pid := e.propose(t, "")
	page := e.app.Get(t, social, "/indstillinger/"+pid)
	version := formValues(t, page.Body, "/indstillinger/"+pid+"/afvis").Get("version")
	if version == "" {
		t.Fatal("the rejection form carries no version")
	}
	if r := e.app.PostForm(t, e.cw, "/indstillinger/"+pid+"/afvis", url.Values{"version": {version}, "reject_reason": {"x"}, "confirm_reject": {"1"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("caseworker rejects: %d", r.StatusCode)
	}
	r := e.app.PostForm(t, social, "/indstillinger/"+pid+"/afvis", url.Values{"version": {version}, "reject_reason": {"  "}, "confirm_reject": {"1"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(errorsIn(r.Body), "Skriv begrundelsen for afvisningen.") {
		t.Fatalf("reject without reason: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	r = e.app.PostForm(t, social, "/indstillinger/"+pid+"/afvis", url.Values{"version": {version}, "reject_reason": {"Mentorstøtten rækker"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(errorsIn(r.Body), "Bekræft, at indstillingen skal afvises.") ||
		!strings.Contains(r.Body, "Mentorstøtten rækker") {
		t.Fatalf("reject without confirmation keeps the reason: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	p, _ := e.app.DB.FindProposalByID(t.Context(), int64(mustAtoi(t, pid)))
	if p.Status != domain.ProposalPending {
		t.Fatalf("refused rejection changed the proposal: %+v", p)
	}
	r = e.app.PostForm(t, social, "/indstillinger/"+pid+"/afvis", url.Values{"version": {version}, "reject_reason": {"Mentorstøtten rækker"}, "confirm_reject": {"1"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reject: %d\n%s", r.StatusCode, errorsIn(r.Body))
	}
	q := e.app.Get(t, e.cw, "/indstillinger")
	if !strings.Contains(q.Body, "Afvist") || !strings.Contains(q.Body, "Mentorstøtten rækker") {
		t.Fatal("the caseworker's queue shows the rejection with its reason")
	}
}

// proposalRow is the work queue's row that names the citizen.
func proposalRow(t *testing.T, body, citizen string) string {
	t.Helper()
	for _, part := range strings.Split(body, `data-testid="proposal-row"`)[1:] {
		row := part[:strings.Index(part, "</tr>")]
		if strings.Contains(row, citizen) {
			return row
		}
	}
	t.Fatalf("no row for %s in the queue", citizen)
	return ""
}

// TestSocialWorkerHomeCountsWaitingProposals: the socialrådgiver's front page
// says how many proposals wait and how many are overdue (the demo has one
// waiting since the last workday and one for about 9 days), with no names.
func TestSocialWorkerHomeCountsWaitingProposals(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "socialraadgiver")
	r := app.Get(t, c, "/")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("home: %d", r.StatusCode)
	}
	for _, want := range []string{"Som socialrådgiver", "2 indstillinger venter på din afgørelse", "1 er ubesvaret i mere end 5 dage",
		`href="/indstillinger"`, `href="/rapporter/maanedsopgoerelse"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("home lacks %q", want)
		}
	}
	if strings.Contains(r.Body, app.Demo.ProposalPending) {
		t.Error("the home page names a citizen")
	}
}
