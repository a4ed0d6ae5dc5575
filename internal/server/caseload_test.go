package server_test

import (
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/internal/servertest"
)

func TestTeamCaseloadAndFlags(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "teamleder")
	r := app.Get(t, c, "/team?team=alle")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("team: %d", r.StatusCode)
	}
	for _, want := range []string{"Mette Jensen", "Jonas Østergaard", "Fatima Ali", `data-testid="team-table"`, "/team/flag/ingen-kontakt?mentor="} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("team page lacks %q", want)
		}
	}
	mentors, pairs, _, err := app.DB.TeamCaseload(t.Context(), domain.CaseloadFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// The counts equal the pairs behind them; each flag's queue lists them.
	for _, m := range mentors {
		n := 0
		for _, p := range pairs {
			if p.PersonID == m.UserID && p.Flags[domain.FlagNoContact] {
				n++
			}
		}
		if n != m.Flags[domain.FlagNoContact] {
			t.Fatalf("%s: count %d, pairs %d", m.Name, m.Flags[domain.FlagNoContact], n)
		}
		if n > 0 {
			q := app.Get(t, c, "/team/flag/ingen-kontakt?mentor="+itoa(m.UserID)+"&team=alle")
			if strings.Count(q.Body, `href="/borgere/`) != n {
				t.Fatalf("queue for %s lists %d, want %d", m.Name, strings.Count(q.Body, `href="/borgere/`), n)
			}
		}
	}
	total := 0
	for _, m := range mentors {
		total += m.Flags[domain.FlagNoContact]
	}
	if total < 3 {
		t.Fatalf("the demo has citizens without contact for 14 days: %d", total)
	}
	if r := app.Get(t, c, "/team/flag/findes-ikke"); r.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown flag: %d", r.StatusCode)
	}
}

func TestFlagsFollowTheData(t *testing.T) {
	e := newGrantEnv(t)
	e.createGrant(t)
	cid := int64(mustAtoi(t, e.citizenID))
	_, pairs, _, _ := e.app.DB.TeamCaseload(t.Context(), domain.CaseloadFilter{})
	find := func() domain.FlaggedCitizen {
		_, pairs, _, _ = e.app.DB.TeamCaseload(t.Context(), domain.CaseloadFilter{})
		for _, p := range pairs {
			if p.CitizenID == cid {
				return p
			}
		}
		t.Fatal("citizen not on the caseload")
		return domain.FlaggedCitizen{}
	}
	if find().Flags[domain.FlagNoContact] {
		t.Fatal("a grant started today is not 'no contact'")
	}
	// Grant started 20 days ago with no contact since: flagged.
	e.app.DB.Pool.Exec(t.Context(), `UPDATE grants SET start_date = start_date - 20 WHERE citizen_id = $1`, cid)
	if !find().Flags[domain.FlagNoContact] {
		t.Fatal("no contact for 20 days must raise the flag")
	}
	// A concern raises the concern flag until handled.
	mentor, _, _ := e.app.DB.FindUserForLogin(t.Context(), "mentor")
	kid, _ := e.app.DB.CreateConcern(servertest.Ctx(t), domain.ConcernInput{CitizenID: cid, Category: "politi", Urgency: "normal", Description: "x"}, mentor.ID)
	if !find().Flags[domain.FlagConcerns] {
		t.Fatal("an open concern must raise the flag")
	}
	cw, _, _ := e.app.DB.FindUserForLogin(t.Context(), "sagsbehandler")
	e.app.DB.HandleConcern(servertest.Ctx(t), kid, cw.ID, domain.ConcernHandling{Handling: "x", Outcome: "y"})
	if find().Flags[domain.FlagConcerns] {
		t.Fatal("a handled concern must clear the flag")
	}
	// The caseworker's work queue shows the same for their own citizens.
	q := e.app.Get(t, e.cw, "/arbejdskoe?flag=ingen-kontakt")
	if !strings.Contains(q.Body, "Dorte Demo") {
		t.Fatal("the caseworker's queue lacks their citizen")
	}
	_ = pairs
}

func TestFlagSettingsPage(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "admin")
	form := url.Values{}
	for _, k := range domain.FlagSettingKeys {
		form.Set(k.Key, itoa(int64(k.Def)))
	}
	form.Set("flag_no_contact_days", "0")
	if r := app.PostForm(t, c, "/admin/stamdata/flag", form); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="0"`) {
		t.Fatalf("bad threshold: %d", r.StatusCode)
	}
	form.Set("flag_no_contact_days", "21")
	if r := app.PostForm(t, c, "/admin/stamdata/flag", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", r.StatusCode)
	}
	if fs, err := app.DB.FlagSettings(t.Context()); err != nil || fs.NoContactDays != 21 {
		t.Fatalf("stored %d", fs.NoContactDays)
	}
	for _, who := range []string{"mentor", "sagsbehandler"} {
		cl := app.Client(t)
		app.Login(t, cl, who)
		if r := app.Get(t, cl, "/team"); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s on /team: %d", who, r.StatusCode)
		}
	}
}

// TestWorkQueueIsTheCaseworkersCaseload: the work queue's rows and flags
// are those the caseload gives for the caseworker, without the mentor rows.
func TestWorkQueueIsTheCaseworkersCaseload(t *testing.T) {
	app := servertest.New(t)
	for _, name := range []string{"sagsbehandler", "sagsbehandler2"} {
		u, _, err := app.DB.FindUserForLogin(t.Context(), name)
		if err != nil {
			t.Fatal(err)
		}
		_, want, _, err := app.DB.TeamCaseload(t.Context(), domain.CaseloadFilter{CaseworkerID: &u.ID})
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := app.DB.WorkQueue(t.Context(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: work queue %d rows, caseload %d rows", name, len(got), len(want))
		}
	}
}

// TestOverCapacityOnTeamPage: a mentor booked above their capacity is an
// attention flag on the team page, counted with the others, and its queue
// names the mentor with the hours.
func TestOverCapacityOnTeamPage(t *testing.T) {
	e := newGrantEnv(t)
	e.createGrant(t) // 3,5 hours a week for Mette Jensen
	lead := e.app.Client(t)
	e.app.Login(t, lead, "teamleder")
	mentor := int64(mustAtoi(t, e.mentorID))
	// The demo books Mette Jensen above her 30 hours; here she gets room.
	if err := e.app.DB.SetQualifications(t.Context(), mentor, true, true, 80); err != nil {
		t.Fatal(err)
	}
	link := "/team/flag/over-kapacitet?mentor=" + e.mentorID + "&amp;team=alle"
	page := e.app.Get(t, lead, "/team?team=alle")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Over kapacitet") || strings.Contains(page.Body, link) {
		t.Fatalf("within capacity: a column and no flag for the mentor (%d)", page.StatusCode)
	}
	booked, err := e.app.DB.FindPerson(t.Context(), mentor)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.app.DB.SetQualifications(t.Context(), mentor, true, true, booked.BookedHours-0.25); err != nil {
		t.Fatal(err)
	}
	page = e.app.Get(t, lead, "/team?team=alle")
	if !strings.Contains(page.Body, `href="`+link+`" class="flag-count" aria-label="1 – Bevilget flere timer end kapaciteten: Mette Jensen">1</a>`) {
		t.Fatal("over capacity is not a flag counted on the team page")
	}
	if !strings.Contains(page.Body, `href="/team/flag/over-kapacitet?team=alle"`) {
		t.Fatal("the flag is not in the list of attention flags")
	}
	q := e.app.Get(t, lead, "/team/flag/over-kapacitet?mentor="+e.mentorID+"&team=alle")
	want := "Mette Jensen: " + domain.FormatHours(booked.BookedHours) + " / " + domain.FormatHours(booked.BookedHours-0.25)
	if q.StatusCode != http.StatusOK || !strings.Contains(q.Body, want) || !strings.Contains(q.Body, "<h1 class=\"h2\">Bevilget flere timer end kapaciteten</h1>") {
		t.Fatalf("the queue does not name the mentor with the hours (%d): want %q", q.StatusCode, want)
	}
	// Sorting by flags counts it like the others.
	mentors, _, _, err := e.app.DB.TeamCaseload(t.Context(), domain.CaseloadFilter{})
	if err != nil {
		t.Fatal(err)
	}
	domain.SortMentors(mentors, "flag")
	for _, m := range mentors {
		if m.UserID == mentor && m.Flags[domain.FlagOverCapacity] != 1 {
			t.Fatalf("the mentor's flags: %v", m.Flags)
		}
	}
}
