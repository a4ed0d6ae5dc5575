package browsertest

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mentorspor/internal/domain"
	"mentorspor/internal/servertest"
)

// Texts of Case 2 the test types.
const (
	case2Need       = "Borgeren har svært ved at åbne post, betale regninger og handle ind, og det fylder så meget, at praktikken er i fare."
	case2StartNeed  = "Støtte til at åbne og sortere post og lave en madplan."
	case2Purpose    = "Mentorstøtte, så borgeren kan fastholde sin praktik i Demoby Genbrug og afklare et job på nedsat tid."
	case2Goals      = "Møde i praktikken 3 dage om ugen\nAfklare ønsker til et fleksjob"
	case2FreeTask   = "Følge borgeren til den første samtale med praktikstedet"
	case2BackReason = "Beskæftigelsesfokus er muligt igen"
	case2ExtraGoal  = "Tage kontakt til en virksomhed om et fleksjob"

	case2Citizen        = "Kasper Lund Frederiksen"
	parallelCitizenName = "Maja Holt Andersen"
)

// The § 85 catalogue's standard exclusions and one of its tasks (migration 000025).
var case2SELStandard = []string{"Ikke behandling (terapi eller misbrugsbehandling)",
	"Ikke økonomisk rådgivning eller forvaltning af borgerens penge",
	"Ingen afgørelser om hjælp eller ydelser (dem træffer socialrådgiveren)"}

const case2SELTask = "Post og økonomi: åbne og forstå post, overblik over faste udgifter og budget"

var case2Exclusions = []string{"Ingen opgaver inden for borgerens hoveddør", "Ingen opgaver, der kræver bevillingskompetence",
	"Ikke fast transport (taxakørsel) for borgeren", "Ingen terapeutiske samtaler"}

// TestCase2InTheBrowser plays Case 2 ("mentor og voksenstøtte") in the
// browser: the caseworker's waiting coping windows on the home page; a new
// citizen's LAB grant, the mentor's request for an everyday-coping window,
// the caseworker starting it, the window running out, the decision that the
// need is lasting (LAB → § 85 with the same person), the way back to LAB
// (first with bad dates), and the team lead's phase log; a parallel § 85
// with another person, which must be confirmed; and the window's expiry on
// the mentor's phone. Every page gets the checks of TestPages.
func TestCase2InTheBrowser(t *testing.T) {
	browser(t) // skip (or fail in CI) before the database is made
	app := servertest.New(t)
	start := time.Now()
	shots := map[string]bool{}
	ctx := context.Background()
	today := app.Today()
	caseworkerID := demoUserID(t, app, "sagsbehandler")
	mentorID := demoUserID(t, app, "mentor")

	t.Run("forside", func(t *testing.T) {
		windows, err := app.DB.FindCopingWindows(ctx, domain.CopingFilter{CaseworkerID: &caseworkerID,
			Statuses: []string{domain.CopingRequested, domain.CopingOpen}})
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]domain.CopingWindow{}
		for _, w := range windows {
			byName[w.CitizenName] = w
		}
		// The demo chose these citizens for the day the clock shows.
		overdueName, soonName, requestName, otherName := app.Demo.CopingOverdue, app.Demo.CopingSoon,
			app.Demo.CopingRequest, app.Demo.CopingLater
		overdue, soon, request := byName[overdueName], byName[soonName], byName[requestName]
		if overdueName == "" || soonName == "" || requestName == "" || !overdue.Overdue(today) ||
			soon.Status != domain.CopingOpen || soon.Overdue(today) || request.Status != domain.CopingRequested {
			t.Fatalf("demo coping windows of sagsbehandler are not as the script says (%+v): overdue %+v, soon %+v, request %+v",
				app.Demo, overdue, soon, request)
		}

		tb := newTab(t, app, shots)
		tb.signIn("sagsbehandler")
		clickAndWait(tb, "nav link Forside", chromedp.CSS(`header nav[aria-label="Hovedmenu"] a[href="/"]`), 200)
		heading := eval[string](tb, `(() => { const h = [...document.querySelectorAll('main h3')].find(h => h.nextElementSibling?.dataset.testid === 'home-coping');
			return h ? h.innerText.trim() : ''; })()`)
		if heading != "Hverdagsmestring, der venter på dig" {
			t.Errorf("home: heading above the coping list %q, want %q", heading, "Hverdagsmestring, der venter på dig")
		}
		items := homeCopingItems(tb)
		wantOverdue := fmt.Sprintf("%s: overskredet med %d dage – mangler afgørelse", overdueName, overdue.DaysOverdue(today))
		wantSoon := fmt.Sprintf("%s: %s (udløber %s)", soonName, daysLeftWant(soon.DaysLeft(today)), dateText(soon.Expires))
		wantRequest := requestName + ": anmodning fra " + request.RequestedBy
		for _, want := range []string{wantOverdue, wantSoon, wantRequest} {
			if !slices.Contains(items, want) {
				t.Errorf("home: %q not in the coping list %q", want, items)
			}
		}
		if overdue.DaysOverdue(today) < 3 || overdue.DaysOverdue(today) > 8 {
			t.Errorf("demo: %s is overdue by %d days, the script says about 5", overdueName, overdue.DaysOverdue(today))
		}
		for _, it := range items {
			if otherName != "" && strings.HasPrefix(it, otherName) {
				t.Errorf("home: %s's window (another caseworker's citizen) is listed: %q", otherName, it)
			}
		}
		// The overdue line is red: the item and its strong text.
		color := eval[string](tb, fmt.Sprintf(`(() => { const li = [...document.querySelectorAll('[data-testid=home-coping] li')]
			.find(li => li.innerText.startsWith(%q));
			return li && li.querySelector('strong') ? getComputedStyle(li.querySelector('strong')).color : ''; })()`, overdueName))
		if !reddish(color) {
			t.Errorf("home: %s's \"overskredet\" text has colour %q, want red like rgb(165, 30, 30)", overdueName, color)
		}
		linkColor := eval[string](tb, `(() => { const li = [...document.querySelectorAll('[data-testid=home-coping] li.coping-overdue')][0];
			return li ? getComputedStyle(li.querySelector('a')).color : ''; })()`)
		if !reddish(linkColor) {
			t.Errorf("home: the overdue line's link has colour %q, want red", linkColor)
		}
		sColor := eval[string](tb, fmt.Sprintf(`(() => { const li = [...document.querySelectorAll('[data-testid=home-coping] li')]
			.find(li => li.innerText.startsWith(%q)); return li ? getComputedStyle(li).color : ''; })()`, soonName))
		if reddish(sColor) {
			t.Errorf("home: %s's window is not overdue but shown red (%s)", soonName, sColor)
		}
		tb.check("sagsbehandler-forside-hverdagsmestring", 0)
	})

	// The citizens the flows create, for the later steps.
	var parallelCitizen int64

	t.Run("case2", func(t *testing.T) {
		cw := newTab(t, app, shots)
		cw.signIn("sagsbehandler")
		const name = case2Citizen
		citizenID, citizenPath, grantID := createCitizenWithLAB(t, app, cw, name, "case2")
		labTasks := []string{flowTaskMotivate, flowTaskMorning}

		// a. The mentor asks for a window.
		me := newTab(t, app, shots)
		me.signIn("mentor")
		clickAndWait(me, name+" in Mine borgere", byText(`[data-testid=my-citizens] h2 a`, name), 200)
		if loc := me.location(); loc != citizenPath {
			t.Fatalf("mentor opening %s: at %s, want %s", name, loc, citizenPath)
		}
		me.check("case2-mentor-borger", 0)
		clickAndWait(me, "Anmod om hverdagsmestringsperiode", byText("main a", "Anmod om hverdagsmestringsperiode"), 200)
		if got := textOf(me, "main h1"); got != "Anmod om en hverdagsmestringsperiode for "+name {
			t.Errorf("request form: heading %q", got)
		}
		me.check("case2-mentor-anmod", 0)
		clickAndWait(me, "Send anmodning (empty)", byText("main form button", "Send anmodning"), 422)
		assertFieldError(me, "need", "")
		me.check("case2-mentor-anmod-fejl", 0)
		me.typeInto("need", case2Need)
		clickAndWait(me, "Send anmodning", byText("main form button", "Send anmodning"), 200)
		if loc := me.location(); loc != citizenPath {
			t.Errorf("after the request: at %s, want %s", loc, citizenPath)
		}
		assertFlash(me, "Anmodningen er sendt til "+name+"s sagsbehandler.")
		if me.visible(`main a[href$="/hverdagsmestring/anmod"]`) {
			t.Error("mentor's citizen page: \"Anmod om hverdagsmestringsperiode\" is still offered while the request is pending")
		}
		if got := textOf(me, `[data-testid=coping-window]`); !strings.Contains(got, case2Need) {
			t.Errorf("mentor's citizen page: the pending request %q does not show the need", got)
		}
		me.check("case2-mentor-anmodet", 0)

		// b. The caseworker sees the request on the home page and starts the window.
		clickAndWait(cw, "nav link Forside", chromedp.CSS(`header nav[aria-label="Hovedmenu"] a[href="/"]`), 200)
		if items := homeCopingItems(cw); !slices.Contains(items, name+": anmodning fra Mette Jensen") {
			t.Errorf("home after the request: %q not in %q", name+": anmodning fra Mette Jensen", items)
		}
		cw.check("case2-forside-anmodning", 0)
		clickAndWait(cw, name+" on the home page", byText(`[data-testid=home-coping] a`, name), 200)
		if !regexp.MustCompile(`^/hverdagsmestring/\d+$`).MatchString(cw.location()) {
			t.Fatalf("the request's link: at %s, want /hverdagsmestring/ID", cw.location())
		}
		facts := case2Facts(cw, "main dl.facts")
		if facts["Mentorens anmodning"] != case2Need || facts["Mentor"] != "Mette Jensen" {
			t.Errorf("request page: facts %q, want the need and Mette Jensen", facts)
		}
		cw.check("case2-anmodning", 0)
		clickAndWait(cw, "Start perioden (link)", byText("main a", "Start perioden"), 200)
		if got := run(cw, chromedp.Value(chromedp.ID("need"))); got != case2Need {
			t.Errorf("start form from the request: need %q, want the request's %q", got, case2Need)
		}
		if got := textOf(cw, "main .alert-info"); got != "Anmodet af Mette Jensen: "+case2Need {
			t.Errorf("start form: info %q, want who asked and the need", got)
		}
		cw.check("case2-start-periode", 0)
		retype(cw, "start", domain.FormatDate(today))
		clickAndWait(cw, "Start perioden (button)", byText("main form button", "Start perioden"), 200)
		if loc := cw.location(); loc != citizenPath {
			t.Fatalf("after starting the window: at %s, want %s", loc, citizenPath)
		}
		expires := domain.CopingExpiry(today, 1)
		assertFlash(cw, "Hverdagsmestringsperioden er startet og udløber "+domain.FormatDate(expires)+".")
		wantOpen := fmt.Sprintf("%s · udløber %s", daysLeftWant(int(expires.Sub(today).Hours()/24)), domain.FormatDate(expires))
		if got := textOf(cw, `[data-testid=coping-window] [data-testid=coping-open]`); got != wantOpen {
			t.Errorf("citizen page: open window %q, want %q", got, wantOpen)
		}
		if got, want := textOf(cw, `[data-testid=coping-window] h3`), "Periode "+domain.FormatDate(today)+" – "+domain.FormatDate(expires); got != want {
			t.Errorf("citizen page: window heading %q, want %q", got, want)
		}
		cw.check("case2-periode-aaben", 0)

		// c. Time passes: the window and the grant move back in the database.
		windows, err := app.DB.FindCopingWindows(ctx, domain.CopingFilter{CitizenID: &citizenID, Statuses: []string{domain.CopingOpen}})
		if err != nil || len(windows) != 1 {
			t.Fatalf("the new citizen's open window: %v, %d windows", err, len(windows))
		}
		windowID := windows[0].ID
		oldStart := today.AddDate(0, 0, -40)
		oldExpiry := domain.CopingExpiry(oldStart, 1)
		if _, err := app.DB.Pool.Exec(ctx, `UPDATE coping_windows SET start_on = $1, expires_on = $2 WHERE id = $3`, oldStart, oldExpiry, windowID); err != nil {
			t.Fatal(err)
		}
		if _, err := app.DB.Pool.Exec(ctx, `UPDATE grants SET start_date = start_date - 60 WHERE id = $1`, grantID); err != nil {
			t.Fatal(err)
		}
		cw.do(chromedp.Reload())
		overdue := int(today.Sub(oldExpiry).Hours() / 24)
		wantOverdue := fmt.Sprintf("Overskredet med %d dage – perioden udløb %s og mangler afgørelse.", overdue, domain.FormatDate(oldExpiry))
		if got := textOf(cw, `[data-testid=coping-window] [data-testid=coping-overdue]`); got != wantOverdue {
			t.Errorf("citizen page after expiry: %q, want %q", got, wantOverdue)
		}
		if c := eval[string](cw, `getComputedStyle(document.querySelector('[data-testid=coping-overdue] strong')).color`); !reddish(c) {
			t.Errorf("citizen page: \"Overskredet\" has colour %q, want red", c)
		}
		if c := eval[string](cw, `getComputedStyle(document.querySelector('[data-testid=coping-window]')).borderLeftColor`); !reddish(c) {
			t.Errorf("citizen page: the overdue card's border is %q, want red", c)
		}
		cw.check("hverdagsmestring-overskredet", 0)

		// d. The need is lasting: the job centre proposes § 85 with the same
		// person; the social administration approves it.
		clickAndWait(cw, "Træf afgørelse", byText(`[data-testid=coping-window] a`, "Træf afgørelse"), 200)
		if got := textOf(cw, `[data-testid=coping-overdue]`); !strings.HasPrefix(got, fmt.Sprintf("Overskredet med %d dage", overdue)) {
			t.Errorf("decision page: status %q, want overdue by %d days", got, overdue)
		}
		cw.check("case2-afgoerelse", 0)
		clickAndWait(cw, "Fra mentor til støttekontaktperson", byText(`main section.decision a`, "Fra mentor til støttekontaktperson"), 200)
		if got := textOf(cw, "main h1"); got != "Indstil til Socialforvaltningen" {
			t.Errorf("proposal form: heading %q, want \"Indstil til Socialforvaltningen\"", got)
		}
		if p := selectedText(cw, "person_id"); !strings.HasPrefix(p, "Mette Jensen") {
			t.Errorf("switch form: person %q, want Mette Jensen pre-selected", p)
		}
		// Tasks and exclusions are not carried over: the § 85 catalogue
		// proposes (its standard exclusions ticked), the LAB grant's lines
		// stand apart, unticked.
		if got := checkedLabels(cw, "task_ids"); len(got) != 0 {
			t.Errorf("switch form: tasks ticked %q, want none", got)
		}
		if got := checkedLabels(cw, "exclusion_ids"); !slices.Equal(got, case2SELStandard) {
			t.Errorf("switch form: exclusions ticked %q, want § 85's standard ones %q", got, case2SELStandard)
		}
		if got, want := allLabels(cw, "from_tasks"), append(slices.Clone(labTasks), case2FreeTask); !slices.Equal(got, want) ||
			len(checkedLabels(cw, "from_tasks")) != 0 {
			t.Errorf("switch form: the LAB grant's tasks offered %q (ticked %q), want %q unticked", got, checkedLabels(cw, "from_tasks"), want)
		}
		if got := allLabels(cw, "from_exclusions"); !slices.Equal(got, case2Exclusions) || len(checkedLabels(cw, "from_exclusions")) != 0 {
			t.Errorf("switch form: the LAB grant's exclusions offered %q, want %q unticked", got, case2Exclusions)
		}
		for field, want := range map[string]string{"goals": case2Goals, "other_tasks": "", "purpose": case2Purpose,
			"hours": "3", "effective_on": domain.FormatDate(today)} {
			if got := run(cw, chromedp.Value(chromedp.ID(field))); got != want {
				t.Errorf("switch form: %s holds %q, want %q", field, got, want)
			}
		}
		if got := run(cw, chromedp.Value(chromedp.ID("reason"))); !strings.Contains(got, "vedvarende") {
			t.Errorf("switch form from the window: reason %q, want it prefilled (vedvarende)", got)
		}
		if got := eval[string](cw, `document.querySelector('input[name=coping_window_id]').value`); got != strconv.FormatInt(windowID, 10) {
			t.Errorf("switch form: coping_window_id %q, want %d", got, windowID)
		}
		cw.check("indstilling-form", 0)
		setTicked(cw, case2SELTask, true)
		setTicked(cw, case2FreeTask, true) // one line of the LAB grant goes over, by choice
		retype(cw, "effective_on", domain.FormatDate(today))
		clickAndWait(cw, "Indstil til Socialforvaltningen", byText("main form button", "Indstil til Socialforvaltningen"), 200)
		proposalPath := cw.location()
		if !regexp.MustCompile(`^/indstillinger/\d+$`).MatchString(proposalPath) {
			t.Fatalf("after the proposal: at %s, want /indstillinger/ID", proposalPath)
		}
		assertFlash(cw, "Indstillingen er sendt til Socialforvaltningen.")
		cw.check("indstilling-sendt", 0)

		// The socialrådgiver finds it in the work queue, waiting since today,
		// and approves it with the support need graded.
		sr := newTab(t, app, shots)
		sr.signIn("socialraadgiver")
		clickAndWait(sr, "nav link Indstillinger", chromedp.CSS(`header nav[aria-label="Hovedmenu"] a[href="/indstillinger"]`), 200)
		queue := eval[[]string](sr, `[...document.querySelectorAll('[data-testid=proposal-row]')].map(r => r.innerText.replace(/\s+/g, ' ').trim())`)
		if !slices.ContainsFunc(queue, func(r string) bool { return strings.HasPrefix(r, name) && strings.Contains(r, "Signe Holm") }) {
			t.Errorf("socialrådgiver's queue: no proposal for %s from Signe Holm in %q", name, queue)
		}
		sr.check("socialraadgiver-indstillinger", 0)
		clickAndWait(sr, "the proposal in the queue", chromedp.CSS(`[data-testid=proposal-row] a[href="`+proposalPath+`"]`), 200)
		if p := selectedText(sr, "person_id"); !strings.HasPrefix(p, "Mette Jensen") {
			t.Errorf("approval form: person %q, want Mette Jensen from the proposal", p)
		}
		if got := checkedLabels(sr, "from_tasks"); len(got) != 0 {
			t.Logf("approval form: old lines ticked %q", got)
		}
		if n := assessSupportNeed(sr); n != 3 {
			t.Fatalf("approval of § 85: the form has no FFB part to fill (%d)", n)
		}
		sr.check("indstilling-godkend", 0)
		clickAndWait(sr, "Godkend og bevil", byText("main form button", "Godkend og bevil"), 200)
		if loc := sr.location(); loc != citizenPath {
			t.Fatalf("after the approval: at %s, want %s", loc, citizenPath)
		}
		assertFlash(sr, "Indstillingen er godkendt, og faseskiftet er gemt: "+domain.SwitchLABTo85.Label()+".")
		sr.check("socialraadgiver-borger", 0)
		cw.open(citizenPath, 200)

		if got := textOf(cw, `[data-testid=current-phase]`); got != "Støttekontaktperson (SEL § 85)" {
			t.Errorf("after the switch: phase %q, want Støttekontaktperson (SEL § 85)", got)
		}
		if got := textOf(cw, `[data-testid=coping-window] [data-testid=coping-status]`); got != "Behovet er vedvarende – bevilget SEL § 85" {
			t.Errorf("after the switch: window %q, want \"Behovet er vedvarende – bevilget SEL § 85\"", got)
		}
		assertTimeline(cw, 2)
		oldStartGrant := today.AddDate(0, 0, -60)
		assertPhaseList(cw, []string{
			"Mentor (LAB) " + domain.FormatDate(oldStartGrant) + " – " + domain.FormatDate(today.AddDate(0, 0, -1)) + " · Mette Jensen · 3 t/uge",
			"Støttekontaktperson (SEL § 85) " + domain.FormatDate(today) + " – · Mette Jensen · 3 t/uge",
		})
		rows := switchRows(cw)
		if len(rows) != 1 || rows[0]["Samme person"] != "Ja, Mette Jensen fortsætter" || rows[0]["Faseskift"] != domain.SwitchLABTo85.Label() {
			t.Errorf("after the switch: phase log %q, want one LAB → § 85 row with \"Ja, Mette Jensen fortsætter\"", rows)
		}
		if len(rows) == 1 && !strings.HasPrefix(rows[0]["Besluttet af"], "Indstillet af Signe Holm, godkendt af Sofie Lindberg") {
			t.Errorf("after the switch: decided by %q, want the proposer and the approver", rows[0]["Besluttet af"])
		}
		cw.check("borger-efter-faseskift", 0)

		// e. Back to LAB, first with bad dates.
		clickAndWait(cw, "Faseskift", byText("main a", "Faseskift"), 200)
		// f. One active function: the way back, parallel and end are offered.
		assertChoices(cw, []domain.SwitchKind{domain.Switch85ToLAB, domain.SwitchAddParallel, domain.SwitchEndAll})
		cw.check("case2-faseskift-valg", 0)
		setTicked(cw, domain.Switch85ToLAB.Label(), true)
		clickAndWait(cw, "Videre", byText("main form button", "Videre"), 200)
		if got := textOf(cw, "main h1"); got != domain.Switch85ToLAB.Label() {
			t.Errorf("switch form: heading %q, want %q", got, domain.Switch85ToLAB.Label())
		}
		if p := selectedText(cw, "person_id"); !strings.HasPrefix(p, "Mette Jensen") {
			t.Errorf("switch back: person %q, want Mette Jensen pre-selected", p)
		}
		cw.check("case2-faseskift-tilbage-form", 0)
		retype(cw, "effective_on", "31.02.2026")
		cw.typeInto("reason", case2BackReason)
		appendLine(cw, "goals", case2ExtraGoal)
		setTicked(cw, flowTaskMotivate, true) // back to LAB: a task from the LAB catalogue
		typed := map[string]string{"effective_on": "31.02.2026", "reason": case2BackReason, "goals": case2Goals + "\n" + case2ExtraGoal,
			"purpose": case2Purpose, "hours": "3", "other_tasks": "",
			"person_id": run(cw, chromedp.Value(chromedp.ID("person_id")))}
		clickAndWait(cw, "Gem faseskift (31.02)", byText("main form button", "Gem faseskift"), 422)
		assertFieldError(cw, "effective_on", "Skriv en gyldig dato")
		if got := errorFields(cw); !slices.Equal(got, []string{"effective_on"}) {
			t.Errorf("switch with 31.02.2026: messages at %q, want only at effective_on", got)
		}
		assertKept(cw, "switch with 31.02.2026", typed)
		cw.check("faseskift-fejl-dato", 0)

		yesterday := domain.FormatDate(today.AddDate(0, 0, -1))
		retype(cw, "effective_on", yesterday)
		typed["effective_on"] = yesterday
		clickAndWait(cw, "Gem faseskift (yesterday)", byText("main form button", "Gem faseskift"), 422)
		assertFieldError(cw, "effective_on", "efter "+domain.FormatDate(today)+", hvor bevilling nr.")
		for _, f := range errorFields(cw) {
			t.Logf("switch dated before the § 85 grant's start: message at %s: %q", f, textOf(cw, "#"+f+"-error"))
		}
		assertKept(cw, "switch before the § 85 grant's start", typed)
		cw.check("faseskift-fejl-foer-start", 0)

		later := today.AddDate(0, 0, 14)
		retype(cw, "effective_on", domain.FormatDate(later))
		clickAndWait(cw, "Gem faseskift (in 14 days)", byText("main form button", "Gem faseskift"), 200)
		if loc := cw.location(); loc != citizenPath {
			t.Fatalf("after the switch back: at %s, want %s", loc, citizenPath)
		}
		assertFlash(cw, "Faseskiftet er gemt: "+domain.Switch85ToLAB.Label()+".")
		phases := phaseItems(cw)
		var kinds []string
		for _, p := range phases {
			kinds = append(kinds, strings.SplitN(p, " ", 2)[0])
			if !strings.Contains(p, "· Mette Jensen ·") {
				t.Errorf("after the switch back: phase %q is not held by Mette Jensen alone", p)
			}
		}
		if !slices.Equal(kinds, []string{"Mentor", "Støttekontaktperson", "Mentor"}) {
			t.Errorf("after the switch back: phases %q, want Mentor → Støttekontaktperson → Mentor", phases)
		}
		if len(phases) == 3 {
			want := []string{
				"Mentor (LAB) " + domain.FormatDate(oldStartGrant) + " – " + domain.FormatDate(today.AddDate(0, 0, -1)) + " · Mette Jensen · 3 t/uge",
				"Støttekontaktperson (SEL § 85) " + domain.FormatDate(today) + " – " + domain.FormatDate(later.AddDate(0, 0, -1)) + " · Mette Jensen · 3 t/uge",
			}
			if !slices.Equal(phases[:2], want) {
				t.Errorf("after the switch back: phases\n\t%q\nwant first\n\t%q", phases, want)
			}
			if p := "Mentor (LAB) " + domain.FormatDate(later) + " – "; !strings.HasPrefix(phases[2], p) || !strings.HasSuffix(phases[2], " · Mette Jensen · 3 t/uge") {
				t.Errorf("after the switch back: the new LAB phase %q, want it from %s with Mette Jensen, 3 t/uge", phases[2], domain.FormatDate(later))
			}
			// The end date was prefilled from today, not from the effective date.
			t.Logf("the new LAB grant from %s ends as %q (6 months after the effective date would be %s)",
				domain.FormatDate(later), phases[2], domain.FormatDate(domain.MaxEnd(later, 6)))
		}
		rows = switchRows(cw)
		same := 0
		for _, r := range rows {
			if r["Samme person"] == "Ja, Mette Jensen fortsætter" {
				same++
			}
		}
		if len(rows) != 2 || same != 2 || rows[0]["Begrundelse"] != case2BackReason {
			t.Errorf("after the switch back: phase log %q, want two rows, both \"Ja, Mette Jensen fortsætter\", newest with %q", rows, case2BackReason)
		}
		assertTimeline(cw, 3)
		// The § 85 support runs 13 more days: the phase says so, and the
		// caseworker must still be able to act on it.
		if got := textOf(cw, `[data-testid=current-phase]`); got != "Støttekontaktperson (SEL § 85)" {
			t.Errorf("after a switch back in 14 days: phase today %q, want Støttekontaktperson (SEL § 85) until %s",
				got, domain.FormatDate(later.AddDate(0, 0, -1)))
		}
		if !cw.visible(`main a[href="` + citizenPath + `/faseskift/ny"]`) {
			t.Errorf("after a switch back in 14 days: the citizen is in phase %q until %s, but the page offers no \"Faseskift\" "+
				"(the § 85 grant was set to afsluttet at once, so no grant counts as active today)",
				textOf(cw, `[data-testid=current-phase]`), domain.FormatDate(later.AddDate(0, 0, -1)))
		}
		cw.check("case2-borger-tilbage-til-mentor", 0)
		cw.open(citizenPath+"/faseskift/ny", 200)
		if choices := choiceLabels(cw); len(choices) == 0 {
			t.Errorf("switch choice while § 85 still runs (until %s) and LAB is planned: no switch offered; the page says %q",
				domain.FormatDate(later.AddDate(0, 0, -1)), textOf(cw, "main p"))
		} else {
			t.Logf("switch choice while § 85 still runs and LAB is planned: %q", choices)
		}
		cw.check("case2-faseskift-valg-planlagt", 0)

		// g. The team lead's phase log, filtered by type.
		tl := newTab(t, app, shots)
		tl.signIn("teamleder")
		clickAndWait(tl, "nav link Faseskift", chromedp.CSS(`header nav[aria-label="Hovedmenu"] a[href="/faseskift"]`), 200)
		tl.do(chromedp.SendKeys(chromedp.ID("type"), "Fra st"))
		if got := selectedText(tl, "type"); got != domain.Switch85ToLAB.Label() {
			t.Fatalf("phase log: typing \"Fra st\" in Type chose %q", got)
		}
		clickAndWait(tl, "Filtrér", byText("main form button", "Filtrér"), 200)
		if loc := tl.location(); !strings.Contains(loc, "type="+string(domain.Switch85ToLAB)) {
			t.Errorf("phase log filter: at %s, want ?type=%s", loc, domain.Switch85ToLAB)
		}
		logRows := switchRows(tl)
		found := false
		for _, r := range logRows {
			if r["Faseskift"] != domain.Switch85ToLAB.Label() {
				t.Errorf("phase log filtered by § 85 → LAB: row %q of another kind", r)
			}
			if r["Borger"] == name {
				found = true
				if r["Samme person"] != "Ja, Mette Jensen fortsætter" || r["Gælder fra"] != domain.FormatDate(later) {
					t.Errorf("phase log: %s's row %q", name, r)
				}
			}
		}
		if !found {
			t.Errorf("phase log filtered by § 85 → LAB: %s missing among %d rows", name, len(logRows))
		}
		if got := textOf(tl, `[data-testid=result-count]`); !strings.HasPrefix(got, strconv.Itoa(len(logRows))+" ") {
			t.Errorf("phase log: count %q for %d rows", got, len(logRows))
		}
		tl.check("faseskift-log", 0)
	})

	// Each administration approves its own month: the socialrådgiver the
	// social budget's last month (confirmation first), the team lead sees
	// the job centre's month the demo approved and cannot approve the social.
	t.Run("maanedsopgoerelse", func(t *testing.T) {
		last := domain.MakeDate(today.Year(), today.Month()-1, 1)
		month := last.Format("01.2006")
		sr := newTab(t, app, shots)
		sr.signIn("socialraadgiver")
		clickAndWait(sr, "nav link Månedsopgørelse", chromedp.CSS(`header nav[aria-label="Hovedmenu"] a[href="/rapporter/maanedsopgoerelse"]`), 200)
		sr.open("/rapporter/maanedsopgoerelse?forvaltning=social&maaned="+month, 200)
		if got := textOf(sr, `[data-testid=statement-status]`); !strings.Contains(got, "Ikke godkendt") {
			t.Errorf("social month before approval: status %q", got)
		}
		if n := eval[int](sr, `document.querySelectorAll('[data-testid=statement-rows] tbody tr').length`); n == 0 {
			t.Error("social month: no rows per person and citizen")
		}
		sr.check("maanedsopgoerelse-social", 0)
		clickAndWait(sr, "Godkend (unconfirmed)", chromedp.CSS(`[data-testid=approve]`), 422)
		assertFieldError(sr, "bekraeft", "")
		sr.check("maanedsopgoerelse-fejl", 0)
		setTicked(sr, eval[string](sr, `document.querySelector("label[for=bekraeft]").textContent.replace(/\s+/g, " ").trim()`), true)
		clickAndWait(sr, "Godkend", chromedp.CSS(`[data-testid=approve]`), 200)
		if got := textOf(sr, `[data-testid=statement-status]`); !strings.Contains(got, "Godkendt af Sofie Lindberg") {
			t.Errorf("social month after approval: status %q, want approved by Sofie Lindberg", got)
		}
		sr.check("maanedsopgoerelse-godkendt", 0)

		tl := newTab(t, app, shots)
		tl.signIn("teamleder")
		tl.open("/rapporter/maanedsopgoerelse?forvaltning=beskaeftigelse&maaned="+month, 200)
		if got := textOf(tl, `[data-testid=statement-status]`); !strings.Contains(got, "Godkendt af") {
			t.Errorf("job centre's month: status %q, want the demo's approval", got)
		}
		tl.check("maanedsopgoerelse-jobcenter", 0)
		tl.open("/rapporter/maanedsopgoerelse?forvaltning=social&maaned="+month, 200)
		if tl.visible(`[data-testid=approve]`) {
			t.Error("the team lead is offered to approve the social administration's month")
		}
	})

	t.Run("parallel", func(t *testing.T) {
		cw := newTab(t, app, shots)
		cw.signIn("sagsbehandler")
		const name = parallelCitizenName
		citizenID, citizenPath, _ := createCitizenWithLAB(t, app, cw, name, "parallel")
		parallelCitizen = citizenID

		clickAndWait(cw, "Faseskift", byText("main a", "Faseskift"), 200)
		assertChoices(cw, []domain.SwitchKind{domain.SwitchLABTo85, domain.SwitchAddParallel, domain.SwitchEndAll})
		cw.check("parallel-faseskift-valg", 0)
		setTicked(cw, domain.SwitchAddParallel.Label(), true)
		// § 85 in parallel is the social administration's to grant: the
		// caseworker is taken to the proposal.
		clickAndWait(cw, "Videre", byText("main form button", "Videre"), 200)
		if got := textOf(cw, "main h1"); got != "Indstil til Socialforvaltningen" {
			t.Errorf("parallel: heading %q, want the proposal form", got)
		}
		if p := selectedText(cw, "person_id"); !strings.HasPrefix(p, "Mette Jensen") {
			t.Errorf("parallel proposal: person %q, want Mette Jensen pre-selected", p)
		}
		cw.do(chromedp.SendKeys(chromedp.ID("person_id"), "Jonas"))
		if p := selectedText(cw, "person_id"); !strings.HasPrefix(p, "Jonas Østergaard") {
			t.Fatalf("typing Jonas in the person select chose %q", p)
		}
		cw.typeInto("reason", "Borgeren har brug for socialpædagogisk støtte ved siden af mentorstøtten.")
		setTicked(cw, case2SELTask, true)
		cw.check("parallel-form", 0)
		clickAndWait(cw, "Indstil til Socialforvaltningen", byText("main form button", "Indstil til Socialforvaltningen"), 200)
		proposalPath := cw.location()
		if !regexp.MustCompile(`^/indstillinger/\d+$`).MatchString(proposalPath) {
			t.Fatalf("after the parallel proposal: at %s, want /indstillinger/ID", proposalPath)
		}

		sr := newTab(t, app, shots)
		sr.signIn("socialraadgiver")
		sr.open(proposalPath, 200)
		if p := selectedText(sr, "person_id"); !strings.HasPrefix(p, "Jonas Østergaard") {
			t.Errorf("parallel approval: person %q, want Jonas from the proposal", p)
		}
		if n := assessSupportNeed(sr); n != 3 {
			t.Fatalf("parallel § 85: the form has no FFB part to fill (%d)", n)
		}
		clickAndWait(sr, "Godkend og bevil", byText("main form button", "Godkend og bevil"), 422)
		if msg := textOf(sr, `#confirm_different-error`); !strings.Contains(msg, "anden person") {
			t.Errorf("parallel with Jonas: warning %q, want \"anden person\"", msg)
		}
		if !sr.visible(`#confirm_different`) {
			t.Fatal("parallel with Jonas: no confirmation checkbox")
		}
		if !sr.visible(`[data-testid=error-summary]`) {
			t.Error("parallel with Jonas: no error summary")
		}
		if p := selectedText(sr, "person_id"); !strings.HasPrefix(p, "Jonas Østergaard") {
			t.Errorf("parallel with Jonas after 422: person %q, want Jonas kept", p)
		}
		sr.check("parallel-bekraeft", 0)
		setTicked(sr, "Ja, borgeren skal have to forskellige personer", true)
		clickAndWait(sr, "Godkend og bevil (confirmed)", byText("main form button", "Godkend og bevil"), 200)
		if loc := sr.location(); loc != citizenPath {
			t.Fatalf("after the parallel approval: at %s, want %s", loc, citizenPath)
		}
		cw.open(citizenPath, 200)
		if got := textOf(cw, `[data-testid=current-phase]`); got != "Parallelt" {
			t.Errorf("after the parallel switch: phase %q, want Parallelt", got)
		}
		warn := textOf(cw, `[data-testid=two-people-warning]`)
		if !strings.Contains(warn, "to forskellige personer") || !strings.Contains(warn, "Mette Jensen") || !strings.Contains(warn, "Jonas Østergaard") {
			t.Errorf("after the parallel switch: two-people warning %q", warn)
		}
		assertTimeline(cw, len(phaseItems(cw)))
		rows := switchRows(cw)
		if len(rows) != 1 || rows[0]["Samme person"] != "Nej: Mette Jensen → Jonas Østergaard" {
			t.Errorf("after the parallel switch: phase log %q, want \"Nej: Mette Jensen → Jonas Østergaard\"", rows)
		}
		cw.check("parallel-to-personer", 0)

		// f. Two active functions: no more parallel, only ending.
		clickAndWait(cw, "Faseskift", byText("main a", "Faseskift"), 200)
		assertChoices(cw, []domain.SwitchKind{domain.SwitchEndOne, domain.SwitchEndAll})
		cw.check("parallel-faseskift-valg-to", 0)
	})

	// One person in both functions: the overview letter "Din støtte", on
	// screen and in print, opened from the citizen page.
	t.Run("din-stoette", func(t *testing.T) {
		var citizenID int64
		if err := app.DB.Pool.QueryRow(ctx, `SELECT l.citizen_id FROM grants l
			JOIN grants s ON s.citizen_id = l.citizen_id AND s.person_id = l.person_id AND s.function = 'stoettekontaktperson'
			WHERE l.function = 'mentor' AND grant_active(l.status, l.start_date, l.end_date, l.ended_on, $1)
			  AND grant_active(s.status, s.start_date, s.end_date, s.ended_on, $1)
			ORDER BY l.citizen_id LIMIT 1`, today).Scan(&citizenID); err != nil {
			t.Fatalf("a demo citizen with one person in both functions: %v", err)
		}
		cw := newTab(t, app, shots)
		cw.signIn("sagsbehandler")
		cw.open("/borgere/"+strconv.FormatInt(citizenID, 10), 200)
		clickAndWait(cw, "Brevet »Din støtte«", chromedp.CSS(`[data-testid=support-letter-link]`), 200)
		if got := textOf(cw, `[data-testid=support-letter] h1`); got != "Din støtte" {
			t.Errorf("overview letter: heading %q", got)
		}
		sentence := textOf(cw, `[data-testid=support-sentence]`)
		if !regexp.MustCompile(`^.+ er din mentor \(.+ pr\. uge, .+\) og din støttekontaktperson \(.+ pr\. uge, .+\)\.$`).MatchString(sentence) {
			t.Errorf("overview letter: sentence %q", sentence)
		}
		headings := eval[[]string](cw, `[...document.querySelectorAll('[data-testid=support-letter] h3')].map(h => h.innerText.trim())`)
		for _, want := range []string{"Det hjælper din mentor dig med", "Det hjælper din mentor dig ikke med",
			"Det hjælper din støttekontaktperson dig med", "Det hjælper din støttekontaktperson dig ikke med",
			"Sådan klager du over afgørelsen om din mentor", "Sådan klager du over afgørelsen om din støttekontaktperson"} {
			if !slices.Contains(headings, want) {
				t.Errorf("overview letter: heading %q missing; headings %q", want, headings)
			}
		}
		cw.check("din-stoette", 0)
		cw.do(setMedia("print"))
		if cw.visible(`header.header`) || !cw.visible(`[data-testid=support-letter]`) {
			t.Error("overview letter in print media: the site header shows or the letter does not")
		}
		cw.check("din-stoette-print", 0)
		cw.do(setMedia(""))
	})

	t.Run("mentor-mobil", func(t *testing.T) {
		rows, err := app.DB.MentorCaseload(ctx, mentorID)
		if err != nil {
			t.Fatal(err)
		}
		withWindow := func() (domain.CaseloadRow, bool) {
			for _, r := range rows {
				if r.CopingExpires != nil && !r.ReadOnly {
					return r, true
				}
			}
			return domain.CaseloadRow{}, false
		}
		row, ok := withWindow()
		if !ok {
			// None of Mette's citizens has an open window: the caseworker starts one.
			if parallelCitizen == 0 {
				t.Fatal("no citizen of Mette's has an open window, and the parallel step made no citizen to start one on")
			}
			cw := newTab(t, app, shots)
			cw.signIn("sagsbehandler")
			cw.open(fmt.Sprintf("/borgere/%d", parallelCitizen), 200)
			clickAndWait(cw, "Start hverdagsmestringsperiode", byText("main a", "Start hverdagsmestringsperiode"), 200)
			cw.typeInto("need", case2StartNeed)
			clickAndWait(cw, "Start perioden", byText("main form button", "Start perioden"), 200)
			cw.check("mobil-start-periode-borger", 0)
			if rows, err = app.DB.MentorCaseload(ctx, mentorID); err != nil {
				t.Fatal(err)
			}
			if row, ok = withWindow(); !ok {
				t.Fatal("the window the caseworker started is not on Mette's caseload")
			}
		}
		tb := newTab(t, app, shots)
		tb.do(chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile))
		tb.signIn("mentor")
		cards := eval[[]map[string]string](tb, `[...document.querySelectorAll('[data-testid=my-citizens] > li')].map(li => ({
			name: li.querySelector('h2').innerText.trim(),
			coping: (() => { const dt = [...li.querySelectorAll('dt')].find(dt => dt.innerText.trim() === 'Hverdagsmestring');
				return dt ? dt.nextElementSibling.innerText.trim() : ''; })(),
		}))`)
		var shown []string
		for _, c := range cards {
			if c["coping"] != "" {
				shown = append(shown, c["name"]+": "+c["coping"])
			}
		}
		want := row.CitizenName + ": Udløber " + domain.FormatDate(*row.CopingExpires)
		if !slices.Contains(shown, want) {
			t.Errorf("Mine borgere on a phone: %q not among the cards with a window %q", want, shown)
		}
		if !regexp.MustCompile(`^Udløber \d\d\.\d\d\.\d{4}$`).MatchString(strings.TrimPrefix(want, row.CitizenName+": ")) {
			t.Errorf("Mine borgere: %q is not \"Udløber dd.mm.åååå\"", want)
		}
		// The Case 2 citizen gets § 85 support until the switch back in 14
		// days: that is the function today.
		for _, c := range cards {
			if c["name"] == case2Citizen {
				fn := eval[string](tb, fmt.Sprintf(`(() => { const li = [...document.querySelectorAll('[data-testid=my-citizens] > li')]
					.find(li => li.querySelector('h2').innerText.trim() === %s);
					const dt = [...li.querySelectorAll('dt')].find(dt => dt.innerText.trim() === 'Funktion');
					return dt ? dt.nextElementSibling.innerText.trim() : ''; })()`, jsString(case2Citizen)))
				if fn != "Støttekontaktperson" {
					t.Errorf("Mine borgere: %s's function today is %q, want Støttekontaktperson (the § 85 grant runs until the switch back in 14 days)", case2Citizen, fn)
				}
			}
		}
		// Scroll the card into view for the screenshot reader.
		eval[chromedp.Void](tb, fmt.Sprintf(`[...document.querySelectorAll('[data-testid=my-citizens] > li')]
			.find(li => li.querySelector('h2').innerText.trim() === %s)?.scrollIntoView()`, jsString(row.CitizenName)))
		tb.check("mentor-hverdagsmestring-mobil", phoneWidth)
	})

	t.Logf("%d pages in %s", len(shots), time.Since(start).Round(time.Millisecond))
}

// createCitizenWithLAB creates a citizen through Opret borger and grants
// LAB § 167 mentor support with Mette Jensen: the purpose, goals, 3 hours,
// two catalogue tasks and one of the caseworker's own, the standard
// exclusions. It ends on the citizen page and returns its id, path and the
// grant's id.
func createCitizenWithLAB(t *testing.T, app *servertest.App, cw *tab, name, prefix string) (int64, string, int64) {
	t.Helper()
	clickAndWait(cw, "nav link Borgere", chromedp.CSS(`header nav[aria-label="Hovedmenu"] a[href="/borgere"]`), 200)
	clickAndWait(cw, "Opret borger", byText("main a", "Opret borger"), 200)
	cw.typeInto("cpr", freeCPR(t, app))
	cw.typeInto("name", name)
	cw.typeInto("phone", "40 50 60 70")
	clickAndWait(cw, "Opret borger (button)", byText("main form button", "Opret borger"), 200)
	citizenPath := cw.location()
	if !regexp.MustCompile(`^/borgere/\d+$`).MatchString(citizenPath) {
		t.Fatalf("after creating %s: at %s, want /borgere/ID", name, citizenPath)
	}
	citizenID, _ := strconv.ParseInt(strings.TrimPrefix(citizenPath, "/borgere/"), 10, 64)
	assertFlash(cw, name+" er oprettet.")
	if got := textOf(cw, `[data-testid=current-phase]`); got != "Ingen støtte" {
		t.Errorf("new citizen: phase %q, want Ingen støtte", got)
	}
	cw.check(prefix+"-borger-ny", 0)

	clickAndWait(cw, "Ny bevilling", byText("main a", "Ny bevilling"), 200)
	cw.do(chromedp.Click(labelContaining("§ 167"), chromedp.NodeVisible))
	clickAndWait(cw, "Videre", byText("main form button", "Videre"), 200)
	cw.do(chromedp.SendKeys(chromedp.ID("person_id"), "Mette"))
	if p := selectedText(cw, "person_id"); !strings.HasPrefix(p, "Mette Jensen") {
		t.Fatalf("typing Mette in the person select chose %q", p)
	}
	cw.typeInto("purpose", case2Purpose)
	retype(cw, "goals", case2Goals)
	retype(cw, "hours", "3")
	setTicked(cw, flowTaskMotivate, true)
	setTicked(cw, flowTaskMorning, true)
	cw.typeInto("other_tasks", case2FreeTask)
	if got := checkedLabels(cw, "exclusion_ids"); !slices.Equal(got, case2Exclusions) {
		t.Errorf("new LAB grant: exclusions ticked %q, want the standard ones %q", got, case2Exclusions)
	}
	cw.check(prefix+"-bevilling-ny", 0)
	clickAndWait(cw, "Bevilg", byText("main form button", "Bevilg"), 200)
	grantPath := cw.location()
	if !regexp.MustCompile(`^/bevillinger/\d+$`).MatchString(grantPath) {
		t.Fatalf("after Bevilg: at %s, want /bevillinger/ID", grantPath)
	}
	grantID, _ := strconv.ParseInt(strings.TrimPrefix(grantPath, "/bevillinger/"), 10, 64)
	clickAndWait(cw, "breadcrumb "+name, byText("nav.breadcrumbs a", name), 200)
	if loc := cw.location(); loc != citizenPath {
		t.Fatalf("breadcrumb %s: at %s, want %s", name, loc, citizenPath)
	}
	if got := textOf(cw, `[data-testid=current-phase]`); got != "Mentor (LAB)" {
		t.Errorf("citizen with a LAB grant: phase %q, want Mentor (LAB)", got)
	}
	cw.check(prefix+"-borger-lab", 0)
	return citizenID, citizenPath, grantID
}

var cprCandidates = []string{"140687-1013", "230991-2226", "050378-3317", "271182-4429", "090693-5531", "180475-6643"}

// freeCPR is a CPR number no citizen has yet.
func freeCPR(t *testing.T, app *servertest.App) string {
	t.Helper()
	for _, c := range cprCandidates {
		list, _, err := app.DB.FindCitizens(context.Background(), domain.CitizenFilter{Query: strings.ReplaceAll(c, "-", ""), Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) == 0 {
			return c
		}
	}
	t.Fatal("every candidate CPR number is taken")
	return ""
}

// homeCopingItems are the lines of "Hverdagsmestring, der venter på dig".
func homeCopingItems(tb *tab) []string {
	tb.t.Helper()
	return eval[[]string](tb, `[...document.querySelectorAll('[data-testid=home-coping] li')].map(li => li.innerText.replace(/\s+/g, ' ').trim())`)
}

var rgbPattern = regexp.MustCompile(`^rgba?\((\d+), (\d+), (\d+)`)

// reddish reports whether a computed CSS colour is a clear red.
func reddish(color string) bool {
	m := rgbPattern.FindStringSubmatch(color)
	if m == nil {
		return false
	}
	r, _ := strconv.Atoi(m[1])
	g, _ := strconv.Atoi(m[2])
	b, _ := strconv.Atoi(m[3])
	return r >= 120 && g <= 80 && b <= 80 && r-g >= 80
}

func daysLeftWant(n int) string {
	switch n {
	case 0:
		return "Udløber i dag"
	case 1:
		return "1 dag tilbage"
	}
	return strconv.Itoa(n) + " dage tilbage"
}

func dateText(d *domain.Date) string {
	if d == nil {
		return ""
	}
	return domain.FormatDate(*d)
}

// phaseItems are the lines of the citizen's phase list.
func phaseItems(tb *tab) []string {
	tb.t.Helper()
	return eval[[]string](tb, `[...document.querySelectorAll('[data-testid=phase-list] > li')].map(li => li.innerText.replace(/\s+/g, ' ').trim())`)
}

func assertPhaseList(tb *tab, want []string) {
	tb.t.Helper()
	if got := phaseItems(tb); !slices.Equal(got, want) {
		tb.t.Errorf("%s: phase list\n\t%q\nwant\n\t%q", tb.location(), got, want)
	}
}

// assertTimeline checks the phase timeline: an image with a name, one bar
// per phase, each wide enough to see.
func assertTimeline(tb *tab, bars int) {
	tb.t.Helper()
	res := eval[map[string]any](tb, `(() => {
		const svg = document.querySelector('svg[data-testid=phase-timeline]');
		if (!svg) return {missing: true};
		const r = svg.getBoundingClientRect();
		const title = svg.getAttribute('aria-labelledby') && document.getElementById(svg.getAttribute('aria-labelledby'));
		return {role: svg.getAttribute('role'), name: title ? title.textContent.trim() : (svg.getAttribute('aria-label') || ''),
			bars: svg.querySelectorAll('rect').length, width: r.width, height: r.height,
			narrowest: Math.min(...[...svg.querySelectorAll('rect')].map(x => x.getBoundingClientRect().width)),
			outside: [...svg.querySelectorAll('rect')].filter(x => +x.getAttribute('x') < 0 || +x.getAttribute('x') + +x.getAttribute('width') > svg.viewBox.baseVal.width)
				.map(x => 'x=' + x.getAttribute('x') + ' width=' + x.getAttribute('width'))};
	})()`)
	if res["missing"] == true {
		tb.t.Errorf("%s: no phase timeline", tb.location())
		return
	}
	if res["role"] != "img" || res["name"] == "" {
		tb.t.Errorf("%s: timeline role %v, name %q, want role=img with a name", tb.location(), res["role"], res["name"])
	}
	if n, _ := res["bars"].(float64); int(n) != bars {
		tb.t.Errorf("%s: timeline has %v bars, want %d", tb.location(), res["bars"], bars)
	}
	if w, _ := res["width"].(float64); w < 300 {
		tb.t.Errorf("%s: timeline is %v px wide", tb.location(), res["width"])
	}
	if out, _ := res["outside"].([]any); len(out) > 0 {
		tb.t.Errorf("%s: timeline bars outside the 640-unit viewBox, so not seen: %v (phases %q)", tb.location(), out, phaseItems(tb))
	}
	if w, _ := res["narrowest"].(float64); w < 2 {
		tb.t.Errorf("%s: the narrowest timeline bar is %v px wide", tb.location(), res["narrowest"])
	}
}

// switchRows reads the phase log table: a map per row from column heading
// to cell text.
func switchRows(tb *tab) []map[string]string {
	tb.t.Helper()
	return eval[[]map[string]string](tb, `(() => {
		const t = document.querySelector('[data-testid=switch-table]');
		if (!t) return [];
		const heads = [...t.querySelectorAll('thead th')].map(th => th.innerText.trim());
		return [...t.querySelectorAll('tbody tr')].map(tr => Object.fromEntries(
			[...tr.cells].map((td, i) => [heads[i], td.innerText.replace(/\s+/g, ' ').trim()])));
	})()`)
}

// choiceLabels are the switches offered on the choice page.
func choiceLabels(tb *tab) []string {
	tb.t.Helper()
	return eval[[]string](tb, `[...document.querySelectorAll('main input[name=type]')].map(i => document.querySelector('label[for="' + i.id + '"]').textContent.trim())`)
}

func assertChoices(tb *tab, want []domain.SwitchKind) {
	tb.t.Helper()
	var labels []string
	for _, k := range want {
		labels = append(labels, k.Label())
	}
	if got := choiceLabels(tb); !slices.Equal(got, labels) {
		tb.t.Errorf("%s: switches offered %q, want %q", tb.location(), got, labels)
	}
	if got := eval[string](tb, `(document.querySelector('main input[name=type]:checked') || {value: ''}).value`); got != string(want[0]) {
		tb.t.Errorf("%s: switch chosen in advance %q, want the first, %q", tb.location(), got, want[0])
	}
}

// assertKept checks that the fields still hold what was typed.
func assertKept(tb *tab, what string, typed map[string]string) {
	tb.t.Helper()
	for field, want := range typed {
		if got := run(tb, chromedp.Value(chromedp.ID(field))); got != want {
			tb.t.Errorf("%s: %s holds %q after the error, want what was typed, %q", what, field, got, want)
		}
	}
}

// case2Facts reads a dl of label/value pairs.
func case2Facts(tb *tab, css string) map[string]string {
	tb.t.Helper()
	return eval[map[string]string](tb, fmt.Sprintf(`Object.fromEntries([...document.querySelectorAll(%s + ' > dt')]
		.map(dt => [dt.innerText.trim(), dt.nextElementSibling.innerText.replace(/\s+/g, ' ').trim()]))`, jsString(css)))
}
