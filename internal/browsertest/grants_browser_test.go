package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/servertest"
)

// Catalogue texts of migration 000002 that the flow ticks and unticks.
const (
	flowTaskMotivate = "Motivere og støtte borgeren i at gennemføre forløb og aktiviteter"
	flowTaskMorning  = "Hjælp til at komme op om morgenen og møde til tiden"
	flowTaskSocial   = "Støtte til udvikling af sociale kompetencer"
)

// TestCaseworkerGrantFlow plays a new caseworker's first case in the
// browser, by typing and clicking: find a citizen, create one (first with
// mistakes), grant LAB § 167 mentor support (first with bad hours), revise
// it, hold an adjustment meeting that leads to a revision, print the letter
// and extend the grant. Then the mentor reads their citizen on a phone and
// cannot open someone else's, and the administrator's reference data pages
// are checked. Every page gets the checks of TestPages (axe, CSP, console,
// assets, inline code) and a screenshot.
func TestCaseworkerGrantFlow(t *testing.T) {
	browser(t) // skip (or fail in CI) before the database is made
	app := servertest.New(t)
	start := time.Now()
	shots := map[string]bool{}
	today := domain.FormatDate(app.Now())

	t.Run("sagsbehandler", func(t *testing.T) {
		tb := newTab(t, app, shots)
		tb.signIn("sagsbehandler")

		// 1. Borgere from the navigation, then a search by name.
		clickAndWait(tb, "nav link Borgere", chromedp.CSS(`header nav[aria-label="Hovedmenu"] a[href="/borgere"]`), 200)
		if loc := tb.location(); loc != "/borgere" {
			t.Fatalf("Borgere in the navigation: at %s, want /borgere", loc)
		}
		if n := eval[int](tb, `document.querySelectorAll('[data-testid=citizen-table] tbody tr').length`); n < 20 {
			t.Errorf("citizen list: %d rows, want a full page of the demo citizens", n)
		}
		tb.check("borgere-alle", 0)
		tb.typeInto("q", "Louise")
		clickAndWait(tb, "Søg", byText("main form[role=search] button", "Søg"), 200)
		if loc := tb.location(); loc != "/borgere?q=Louise" {
			t.Errorf("search: at %s, want /borgere?q=Louise", loc)
		}
		names := eval[[]string](tb, `[...document.querySelectorAll('[data-testid=citizen-table] tbody td:first-child')].map(td => td.innerText.trim())`)
		if !slices.Contains(names, "Louise Brandt Thygesen") {
			t.Errorf("search for Louise: rows %q, want Louise Brandt Thygesen", names)
		}
		for _, n := range names {
			if !strings.Contains(n, "Louise") {
				t.Errorf("search for Louise: row %q does not match", n)
			}
		}
		if got := run(tb, chromedp.Value(chromedp.ID("q"))); got != "Louise" {
			t.Errorf("search field holds %q after the search, want Louise", got)
		}
		tb.check("borgere", 0)

		// 2. Opret borger: first with mistakes, then right.
		clickAndWait(tb, "Opret borger", byText("main a", "Opret borger"), 200)
		tb.check("borger-ny", 0)
		tb.typeInto("cpr", "310290-1234")
		tb.typeInto("email", "ikke@")
		clickAndWait(tb, "Opret borger (button)", byText("main form button", "Opret borger"), 422)
		if !tb.visible(`[data-testid=error-summary]`) {
			t.Error("new citizen with mistakes: no error summary")
		}
		for field, want := range map[string]string{
			"cpr":   "gyldig fødselsdato",
			"name":  "Skriv borgerens navn.",
			"email": "Skriv en gyldig e-mailadresse",
		} {
			assertFieldError(tb, field, want)
		}
		for field, want := range map[string]string{"cpr": "310290-1234", "name": "", "email": "ikke@"} {
			if got := run(tb, chromedp.Value(chromedp.ID(field))); got != want {
				t.Errorf("new citizen with mistakes: field %s holds %q, want what was typed, %q", field, got, want)
			}
		}
		tb.check("borger-ny-fejl", 0)

		const citizenName = "Sofie Bruun Mikkelsen"
		retype(tb, "cpr", "120395-1236")
		retype(tb, "name", citizenName)
		retype(tb, "phone", "22 33 44 55")
		retype(tb, "email", "sofie.mikkelsen@eksempel.dk")
		clickAndWait(tb, "Opret borger (button)", byText("main form button", "Opret borger"), 200)
		citizenPath := tb.location()
		if !regexp.MustCompile(`^/borgere/\d+$`).MatchString(citizenPath) {
			t.Fatalf("after creating the citizen: at %s, want /borgere/ID", citizenPath)
		}
		assertFlash(tb, citizenName+" er oprettet.")
		if got := textOf(tb, `[data-testid=citizen-name]`); got != citizenName {
			t.Errorf("citizen page heading %q, want %q", got, citizenName)
		}
		if got := textOf(tb, `[data-testid=citizen-cpr]`); got != "120395-1236" {
			t.Errorf("citizen page shows CPR %q to the caseworker, want 120395-1236", got)
		}
		tb.check("borger", 0)

		// 3. Ny bevilling: LAB § 167, first with bad hours.
		clickAndWait(tb, "Ny bevilling", byText("main a", "Ny bevilling"), 200)
		tb.check("bevilling-lovgrundlag", 0)
		tb.do(chromedp.Click(labelContaining("§ 167"), chromedp.NodeVisible))
		if !eval[bool](tb, `(() => { const r = document.querySelector('input[name=lovgrundlag]:checked');
			return !!r && document.querySelector('label[for="' + r.id + '"]').textContent.includes('§ 167'); })()`) {
			t.Fatal("clicking the LAB § 167 label did not choose it")
		}
		clickAndWait(tb, "Videre", byText("main form button", "Videre"), 200)
		if !strings.Contains(tb.bodyText(), "Mentorstøtte") {
			t.Errorf("grant form: the chosen legal basis (Mentorstøtte) is not named")
		}
		exclusions := checkedLabels(tb, "exclusion_ids")
		wantExclusions := []string{"Ingen opgaver inden for borgerens hoveddør", "Ingen opgaver, der kræver bevillingskompetence",
			"Ikke fast transport (taxakørsel) for borgeren", "Ingen terapeutiske samtaler"}
		if !slices.Equal(exclusions, wantExclusions) {
			t.Errorf("new LAB grant: exclusions ticked %q, want the four standard ones %q", exclusions, wantExclusions)
		}
		if got := checkedLabels(tb, "task_ids"); len(got) != 0 {
			t.Errorf("new LAB grant: tasks ticked in advance: %q", got)
		}
		tb.check("bevilling-ny", 0)

		// The person select: type to choose, as on a keyboard.
		tb.do(chromedp.SendKeys(chromedp.ID("person_id"), "Mette"))
		person := selectedText(tb, "person_id")
		if !strings.HasPrefix(person, "Mette Jensen") {
			t.Fatalf("typing Mette in the person select chose %q", person)
		}
		personID := run(tb, chromedp.Value(chromedp.ID("person_id")))

		const (
			purpose   = "Mentorstøtte, så Sofie kan gennemføre sin praktik i Demoby Boghandel og komme tættere på en uddannelse."
			goals     = "Møde til tiden i praktikken 4 dage om ugen\nAfklare ønsker til uddannelse inden for handel"
			freeTask  = "Følge Sofie til den første samtale i praktikvirksomheden"
			freeTask2 = "Hjælpe med at forberede samtalen med uddannelsesvejlederen"
		)
		tb.typeInto("purpose", purpose)
		retype(tb, "goals", goals)
		tb.typeInto("hours", "2,3")
		setTicked(tb, flowTaskMotivate, true)
		setTicked(tb, flowTaskMorning, true)
		tb.typeInto("other_tasks", freeTask)
		clickAndWait(tb, "Bevilg", byText("main form button", "Bevilg"), 422)
		assertFieldError(tb, "hours", "Skriv hele eller kvarte timer")
		if got := errorFields(tb); !slices.Equal(got, []string{"hours"}) {
			t.Errorf("grant with hours 2,3: messages at %q, want only at hours", got)
		}
		for field, want := range map[string]string{"purpose": purpose, "goals": goals, "hours": "2,3", "other_tasks": freeTask,
			"person_id": personID} {
			if got := run(tb, chromedp.Value(chromedp.ID(field))); got != want {
				t.Errorf("grant form after 422: %s holds %q, want what was typed, %q", field, got, want)
			}
		}
		if got, want := checkedLabels(tb, "task_ids"), []string{flowTaskMotivate, flowTaskMorning}; !slices.Equal(got, want) {
			t.Errorf("grant form after 422: tasks ticked %q, want %q", got, want)
		}
		if got := checkedLabels(tb, "exclusion_ids"); !slices.Equal(got, wantExclusions) {
			t.Errorf("grant form after 422: exclusions ticked %q, want %q", got, wantExclusions)
		}
		tb.check("bevilling-ny-fejl", 0)

		retype(tb, "hours", "3,5")
		clickAndWait(tb, "Bevilg", byText("main form button", "Bevilg"), 200)
		grantPath := tb.location()
		if !regexp.MustCompile(`^/bevillinger/\d+$`).MatchString(grantPath) {
			t.Fatalf("after Bevilg: at %s, want /bevillinger/ID", grantPath)
		}
		grantID := strings.TrimPrefix(grantPath, "/bevillinger/")
		if got := textOf(tb, `[data-testid=grant-status]`); got != "Bevilget" {
			t.Errorf("new grant: status %q, want Bevilget", got)
		}
		assertFlash(tb, "Bevillingen er bevilget.")
		assertItems(tb, "grant-tasks", []string{flowTaskMotivate, flowTaskMorning, freeTask})
		assertItems(tb, "grant-exclusions", wantExclusions)
		tb.check("bevilling", 0)

		// 4. Revision: untick a task, add one, 4 hours, a reason.
		clickAndWait(tb, "Revider", byText("main a", "Revider opgaver, timer eller person"), 200)
		tb.check("revision", 0)
		setTicked(tb, flowTaskMorning, false)
		appendLine(tb, "other_tasks", freeTask2)
		retype(tb, "hours", "4")
		tb.typeInto("reason", "Sofie møder nu selv til tiden; fokus flyttes til uddannelsesvalget.")
		clickAndWait(tb, "Gem revision", byText("main form button", "Gem revision"), 200)
		if loc := tb.location(); loc != grantPath {
			t.Errorf("after the revision: at %s, want %s", loc, grantPath)
		}
		assertFlash(tb, "Revision 2 er gemt.")
		latest := textOf(tb, `[data-testid=revision-history] > li:first-child`)
		for _, want := range []string{"Revision 2", "Timer pr. uge: 3,5 → 4", "Opgave tilføjet: " + freeTask2,
			"Opgave fjernet: " + flowTaskMorning, "Begrundelse: Sofie møder nu selv til tiden"} {
			if !strings.Contains(latest, want) {
				t.Errorf("history after revision 2: %q missing in %q", want, latest)
			}
		}
		tb.check("bevilling-revision", 0)

		// 5. Justeringsmøde that decides to change the tasks.
		clickAndWait(tb, "Justeringsmøde", byText("main a", "Justeringsmøde"), 200)
		tb.check("justeringsmoede", 0)
		retype(tb, "held_on", today)
		for _, who := range domain.MeetingParticipants {
			setTicked(tb, who, true)
		}
		tb.typeInto("others", "Praktikvejleder fra Demoby Boghandel")
		tb.typeInto("summary", "Trepartssamtale efter seks uger. Praktikken går godt, men Sofie er usikker i kontakten med kunderne.")
		tb.typeInto("decisions", "Mentoren støtter fremover også de sociale kompetencer i kundekontakten.")
		setTicked(tb, "Mødet besluttede at ændre mentorens opgaver (åbner en revision)", true)
		clickAndWait(tb, "Gem møde", byText("main form button", "Gem møde"), 200)
		if loc := tb.location(); !strings.HasPrefix(loc, grantPath+"/revision?moede=") {
			t.Fatalf("after the meeting that changes tasks: at %s, want the revision form from the meeting", loc)
		}
		if !tb.visible(`[data-testid=from-meeting]`) {
			t.Error("revision from the meeting: no info box from the meeting")
		}
		if got := textOf(tb, `[data-testid=from-meeting]`); !strings.Contains(got, "Fra justeringsmødet "+today) ||
			!strings.Contains(got, "sociale kompetencer i kundekontakten") {
			t.Errorf("revision from the meeting: info box %q, want the meeting date and decision", got)
		}
		if got := run(tb, chromedp.Value(chromedp.ID("reason"))); !strings.HasPrefix(got, "Justeringsmøde "+today+": ") {
			t.Errorf("revision from the meeting: reason %q, want it prefilled from the meeting", got)
		}
		if got, want := checkedLabels(tb, "task_ids"), []string{flowTaskMotivate}; !slices.Equal(got, want) {
			t.Errorf("revision from the meeting: tasks ticked %q, want the current %q", got, want)
		}
		tb.check("revision-moede-form", 0)
		setTicked(tb, flowTaskSocial, true)
		clickAndWait(tb, "Gem revision", byText("main form button", "Gem revision"), 200)
		if loc := tb.location(); loc != grantPath {
			t.Errorf("after the revision from the meeting: at %s, want %s", loc, grantPath)
		}
		latest = textOf(tb, `[data-testid=revision-history] > li:first-child`)
		for _, want := range []string{"Revision 3", "Opgave tilføjet: " + flowTaskSocial, "Begrundelse: Justeringsmøde " + today} {
			if !strings.Contains(latest, want) {
				t.Errorf("history after revision 3: %q missing in %q", want, latest)
			}
		}
		if got := textOf(tb, `[data-testid=meeting]`); !strings.Contains(got, "Førte til revision 3.") {
			t.Errorf("meeting on the grant page: %q, want \"Førte til revision 3.\"", got)
		}
		tb.check("revision-fra-moede", 0)

		// 6. Bevillingsbrev, on screen, in print and as PDF.
		clickAndWait(tb, "Bevillingsbrev", byText("main a", "Bevillingsbrev"), 200)
		headings := eval[[]string](tb, `[...document.querySelectorAll('[data-testid=letter] h1, [data-testid=letter] h2')].map(h => h.innerText.trim())`)
		for _, want := range []string{"Du har fået bevilget en mentor", "Det hjælper din mentor dig med",
			"Det hjælper din mentor dig ikke med", "Klagevejledning"} {
			if !slices.Contains(headings, want) {
				t.Errorf("letter: heading %q missing; headings %q", want, headings)
			}
		}
		if got := textOf(tb, `[data-testid=letter-complaint]`); !strings.Contains(got, "Ankestyrelsen") {
			t.Errorf("letter: klagevejledning %q, want the municipality's text", got)
		}
		letter := textOf(tb, `[data-testid=letter]`)
		for _, want := range []string{citizenName, purpose, flowTaskSocial, freeTask2, "Ingen terapeutiske samtaler", "Mette Jensen"} {
			if !strings.Contains(letter, want) {
				t.Errorf("letter: %q missing", want)
			}
		}
		if strings.Contains(letter, flowTaskMorning) {
			t.Errorf("letter: the removed task %q is still in the letter", flowTaskMorning)
		}
		tb.check("bevillingsbrev", 0)

		tb.do(setMedia("print"))
		hidden := eval[map[string]string](tb, `(() => {
			const out = {};
			for (const sel of ['header.header', '.navigation-menu', 'footer', 'main > p.d-print-none', '.skipnav']) {
				const el = document.querySelector(sel);
				out[sel] = el ? getComputedStyle(el).display : 'missing';
			}
			return out;
		})()`)
		for sel, display := range hidden {
			if display != "none" && display != "missing" {
				t.Errorf("letter in print media: %s has display %q, want none", sel, display)
			}
		}
		if hidden["header.header"] == "missing" {
			t.Error("letter: no site header found to check")
		}
		if !tb.visible(`[data-testid=letter]`) {
			t.Error("letter in print media: the letter itself is not shown")
		}
		tb.check("bevillingsbrev-print", 0)
		pdf := run(tb, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
		if len(pdf) < 1000 || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Errorf("letter as PDF: %d bytes, not a PDF", len(pdf))
		}
		if err := os.WriteFile(filepath.Join(screenshotDir, "bevillingsbrev.pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
		t.Logf("bevillingsbrev.pdf: %d bytes, %d A4 page(s)", len(pdf), pages)
		tb.do(setMedia(""))

		// 7. Forlæng: first without the assessment.
		clickAndWait(tb, "Tilbage til bevillingen", byText("main a", "Tilbage til bevillingen"), 200)
		clickAndWait(tb, "Forlæng", byText("main a", "Forlæng"), 200)
		tb.check("forlaeng", 0)
		clickAndWait(tb, "Forlæng (button)", byText("main form button", "Forlæng"), 422)
		assertFieldError(tb, "assessment", "Skriv den konkrete vurdering")
		tb.check("forlaeng-fejl", 0)
		tb.typeInto("assessment", "Sofie er i gang med at vælge uddannelse; støtten er nødvendig frem til studiestart.")
		clickAndWait(tb, "Forlæng (button)", byText("main form button", "Forlæng"), 200)
		extPath := tb.location()
		if extPath == grantPath || !regexp.MustCompile(`^/bevillinger/\d+$`).MatchString(extPath) {
			t.Fatalf("after Forlæng: at %s, want the new grant", extPath)
		}
		if got := textOf(tb, `[data-testid=grant-chain]`); !strings.Contains(got, "Forlængelse af bevilling nr. "+grantID) {
			t.Errorf("extension: chain note %q, want \"Forlængelse af bevilling nr. %s\"", got, grantID)
		}
		assertItems(tb, "grant-tasks", []string{flowTaskMotivate, flowTaskSocial, freeTask, freeTask2})
		tb.check("forlaengelse", 0)

		// 9. The other caseworker pages: edit citizen, delete a draft, end a grant.
		clickAndWait(tb, "breadcrumb "+citizenName, byText("nav.breadcrumbs a", citizenName), 200)
		clickAndWait(tb, "Rediger oplysninger", byText("main a", "Rediger oplysninger"), 200)
		if got := run(tb, chromedp.Value(chromedp.ID("name"))); got != citizenName {
			t.Errorf("edit citizen: name field %q, want %q", got, citizenName)
		}
		tb.check("borger-rediger", 0)

		draftID := findDraft(t, app)
		tb.open(fmt.Sprintf("/bevillinger/%d/slet", draftID), 200)
		if !strings.Contains(tb.bodyText(), "Det kan ikke fortrydes") {
			t.Error("delete draft: no warning that it cannot be undone")
		}
		tb.check("kladde-slet", 0)

		tb.open(grantPath, 200)
		clickAndWait(tb, "Afslut", byText("main a", "Afslut"), 200)
		if got := run(tb, chromedp.Value(chromedp.ID("ended_on"))); got != today {
			t.Errorf("end grant: date %q, want today %s", got, today)
		}
		tb.check("bevilling-afslut", 0)
	})

	t.Run("mentor", func(t *testing.T) {
		tb := newTab(t, app, shots)
		tb.do(chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile))
		signInAnywhere(tb, "mentor")

		// The citizen list from the menu: "Mine borgere" (or "Borgere").
		tb.do(chromedp.Click(chromedp.CSS(`.js-menu-open`), chromedp.NodeVisible),
			chromedp.WaitVisible(chromedp.CSS(`.mobile-drawer .js-menu-close`)))
		// The drawer slides in: a tap before it stops misses the link.
		eval[chromedp.Void](tb, `Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))`)
		listLink := eval[string](tb, `(() => {
			const links = [...document.querySelectorAll('.navigation-menu-mobile a')].map(a => a.getAttribute('href'));
			return links.find(h => h === '/mine-borgere') || links.find(h => h === '/borgere') || '';
		})()`)
		if listLink == "" {
			t.Fatal("mentor's menu has neither Mine borgere nor Borgere")
		}
		clickAndWait(tb, "menu link "+listLink, chromedp.CSS(`.navigation-menu-mobile a[href="`+listLink+`"]`), 200)
		if got := textOf(tb, `main h1`); got != "Mine borgere" {
			t.Errorf("mentor's citizen list: heading %q, want Mine borgere", got)
		}
		mentorID := demoUserID(t, app, "mentor")
		hrefs := eval[[]string](tb, `[...document.querySelectorAll('main a')].map(a => a.getAttribute('href')).filter(h => /^\/borgere\/\d+$/.test(h))`)
		if len(hrefs) == 0 {
			t.Fatal("mentor's citizen list links to no citizen")
		}
		for _, href := range hrefs {
			var id int64
			if _, err := fmt.Sscanf(href, "/borgere/%d", &id); err != nil {
				t.Errorf("citizen link %q: %v", href, err)
				continue
			}
			if ok, err := app.DB.PersonHasCitizen(context.Background(), mentorID, id); err != nil || !ok {
				t.Errorf("mentor's list shows citizen %d, who is not theirs (err %v)", id, err)
			}
		}
		assertNoCPR(tb, "mentor's citizen list")
		tb.check("mentor-borgere-mobil", phoneWidth)

		clickAndWait(tb, "first citizen", chromedp.CSS(`main a[href="`+hrefs[0]+`"]`), 200)
		text := tb.bodyText()
		for _, want := range []string{"Det hjælper du med", "Det gør du ikke", "Formål", "Mål"} {
			if !strings.Contains(text, want) {
				t.Errorf("mentor's citizen page: %q not shown", want)
			}
		}
		if n := eval[int](tb, `document.querySelectorAll('[data-testid=mentor-grant]').length`); n == 0 {
			t.Error("mentor's citizen page: no grant card")
		}
		if strings.Contains(text, "CPR") {
			t.Error("mentor's citizen page: the word CPR is shown")
		}
		assertNoCPR(tb, "mentor's citizen page")
		tb.check("mentor-borger-mobil", phoneWidth)

		// Someone else's citizen, typed into the address bar: not found.
		foreign := foreignCitizen(t, app, mentorID)
		tb.open(fmt.Sprintf("/borgere/%d", foreign), 404)
		if !tb.visible(`[data-testid=error-heading]`) {
			t.Error("mentor opening another mentor's citizen: no error heading")
		}
		if strings.Contains(tb.bodyText(), foreignName(t, app, foreign)) {
			t.Error("mentor opening another mentor's citizen: the 404 page names the citizen")
		}
		tb.check("mentor-fremmed-borger", phoneWidth)
	})

	t.Run("admin-stamdata", func(t *testing.T) {
		tb := newTab(t, app, shots)
		tb.signIn("admin")
		clickAndWait(tb, "nav link Stamdata", chromedp.CSS(`header nav[aria-label="Hovedmenu"] a[href="/admin/stamdata"]`), 200)
		tb.check("stamdata", 0)
		for _, page := range []string{"lovgrundlag", "lovgrundlag/ny", "katalog", "maalgrupper", "budgetter", "klagevejledning", "mentorer"} {
			tb.open("/admin/stamdata/"+page, 200)
			tb.check("stamdata-"+strings.ReplaceAll(page, "/", "-"), 0)
		}
	})

	t.Logf("%d pages in %s", len(shots), time.Since(start).Round(time.Millisecond))
}

// signInAnywhere signs in through the form like signIn, but accepts the
// landing page the role is sent to.
func signInAnywhere(tb *tab, username string) {
	tb.t.Helper()
	tb.open("/login", 200)
	tb.typeInto("username", username)
	tb.typeInto("password", demo.Password)
	tb.submit(`main form[action="/login"] button[type=submit]`, 200)
	if loc := tb.location(); strings.HasPrefix(loc, "/login") {
		tb.t.Fatalf("sign-in as %s: still at %s", username, loc)
	}
	got := strings.TrimSpace(run(tb, chromedp.TextContent(chromedp.CSS(`[data-testid=current-user]`))))
	if want := displayName(username); got != want {
		tb.t.Errorf("signed in as %s: header shows %q, want %q", username, got, want)
	}
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// byText selects the first element matching css whose text, with white
// space collapsed, is text: what a user reads on a link or button.
func byText(css, text string) chromedp.JSPath {
	return chromedp.JSPath(fmt.Sprintf(`[...document.querySelectorAll(%s)].find(e => e.textContent.replace(/\s+/g, ' ').trim() === %s)`,
		jsString(css), jsString(text)))
}

// labelContaining selects the first label in main whose text contains text.
func labelContaining(text string) chromedp.JSPath {
	return chromedp.JSPath(fmt.Sprintf(`[...document.querySelectorAll('main label')].find(l => l.textContent.includes(%s))`, jsString(text)))
}

// clickAndWait clicks like a user and waits for the next page, asserting
// its status. what names the element in messages.
func clickAndWait[S chromedp.Selectable](tb *tab, what string, sel S, wantStatus int64) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, pageTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(sel, chromedp.NodeVisible))
	if err != nil {
		tb.t.Fatalf("click %s: %v", what, err)
	}
	tb.assertStatus("click "+what, resp, wantStatus)
}

// retype replaces what a field holds, as a user does: Ctrl+A, then type.
func retype(tb *tab, id, text string) {
	tb.t.Helper()
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Focus(chromedp.ID(id), chromedp.NodeVisible),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.KeyEvent(kb.Backspace),
	}
	if text != "" {
		steps = append(steps, chromedp.KeyEvent(text))
	}
	tb.do(steps...)
	if got := run(tb, chromedp.Value(chromedp.ID(id))); got != text {
		tb.t.Fatalf("retype %s: the field holds %q, want %q", id, got, text)
	}
}

// appendLine adds a line at the end of a textarea, as a user who goes to
// the end (Ctrl+End) and presses Enter.
func appendLine(tb *tab, id, line string) {
	tb.t.Helper()
	before := run(tb, chromedp.Value(chromedp.ID(id)))
	tb.do(chromedp.Focus(chromedp.ID(id), chromedp.NodeVisible),
		chromedp.KeyEvent(kb.End, chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.KeyEvent("\n"+line))
	if got, want := run(tb, chromedp.Value(chromedp.ID(id))), before+"\n"+line; got != want {
		tb.t.Fatalf("append to %s: the field holds %q, want %q", id, got, want)
	}
}

// setTicked ticks or unticks the checkbox (or radio) with the label text by
// clicking its label, and checks that it took.
func setTicked(tb *tab, label string, want bool) {
	tb.t.Helper()
	id := eval[string](tb, fmt.Sprintf(`(() => {
		const l = [...document.querySelectorAll('main label')].find(l => l.textContent.replace(/\s+/g, ' ').trim() === %s);
		return l ? l.htmlFor : '';
	})()`, jsString(label)))
	if id == "" {
		tb.t.Fatalf("no checkbox labelled %q on %s", label, tb.location())
	}
	isChecked := fmt.Sprintf(`document.getElementById(%s).checked`, jsString(id))
	if eval[bool](tb, isChecked) != want {
		tb.do(chromedp.Click(chromedp.CSS(`label[for=`+jsString(id)+`]`), chromedp.NodeVisible))
	}
	if eval[bool](tb, isChecked) != want {
		tb.t.Fatalf("clicking the label %q did not make it checked=%v", label, want)
	}
}

// checkedLabels lists the labels of the ticked checkboxes named name.
func checkedLabels(tb *tab, name string) []string {
	tb.t.Helper()
	return eval[[]string](tb, fmt.Sprintf(`[...document.querySelectorAll('input[name=%s]:checked')]
		.map(i => document.querySelector('label[for="' + i.id + '"]').textContent.trim())`, name))
}

// allLabels lists the labels of the checkboxes named name, ticked or not.
func allLabels(tb *tab, name string) []string {
	tb.t.Helper()
	return eval[[]string](tb, fmt.Sprintf(`[...document.querySelectorAll('input[name=%s]')]
		.map(i => document.querySelector('label[for="' + i.id + '"]').textContent.trim())`, name))
}

// selectedText is the text of the chosen option of a select.
func selectedText(tb *tab, id string) string {
	tb.t.Helper()
	return eval[string](tb, fmt.Sprintf(`(s => s.selectedIndex < 0 ? '' : s.options[s.selectedIndex].text)(document.getElementById(%s))`, jsString(id)))
}

// textOf is the shown text of the first element matching css, "" if none.
func textOf(tb *tab, css string) string {
	tb.t.Helper()
	return eval[string](tb, fmt.Sprintf(`(e => e ? e.innerText.replace(/\s+/g, ' ').trim() : '')(document.querySelector(%s))`, jsString(css)))
}

// assertFieldError checks that the field's message is shown next to it
// (the field's form-group holds it) and that the field points to it.
func assertFieldError(tb *tab, field, want string) {
	tb.t.Helper()
	res := eval[map[string]string](tb, fmt.Sprintf(`(() => {
		const f = document.getElementById(%[1]s);
		const m = document.getElementById(%[1]s + '-error');
		if (!f || !m) return {missing: f ? 'message' : 'field'};
		const r = m.getBoundingClientRect();
		return {
			text: m.innerText.trim(),
			sameGroup: String(f.closest('.form-group') === m.closest('.form-group')),
			describedBy: f.getAttribute('aria-describedby') || '',
			invalid: f.getAttribute('aria-invalid') || '',
			shown: String(r.width > 0 && r.height > 0),
		};
	})()`, jsString(field)))
	if res["missing"] != "" {
		tb.t.Errorf("%s: no %s for %s", tb.location(), res["missing"], field)
		return
	}
	if !strings.Contains(res["text"], want) {
		tb.t.Errorf("%s: message at %s is %q, want %q", tb.location(), field, res["text"], want)
	}
	if res["sameGroup"] != "true" || res["shown"] != "true" {
		tb.t.Errorf("%s: message at %s is not shown in the field's group", tb.location(), field)
	}
	if tag := eval[string](tb, fmt.Sprintf(`document.getElementById(%s).tagName`, jsString(field))); tag != "FIELDSET" {
		if !strings.Contains(res["describedBy"], field+"-error") {
			tb.t.Errorf("%s: field %s has aria-describedby %q, without its message", tb.location(), field, res["describedBy"])
		}
		if res["invalid"] != "true" {
			tb.t.Errorf("%s: field %s has no aria-invalid=true", tb.location(), field)
		}
	}
}

// errorFields lists the fields with a message on the page.
func errorFields(tb *tab) []string {
	tb.t.Helper()
	return eval[[]string](tb, `[...document.querySelectorAll('main .form-error-message')].map(m => m.id.replace(/-error$/, ''))`)
}

// assertFlash checks the flash message after a redirect.
func assertFlash(tb *tab, want string) {
	tb.t.Helper()
	if got := textOf(tb, `[data-testid=flash]`); !strings.HasPrefix(got, want) {
		tb.t.Errorf("%s: flash %q, want %q", tb.location(), got, want)
	}
}

// assertItems checks a grant page's list, in order.
func assertItems(tb *tab, testID string, want []string) {
	tb.t.Helper()
	got := eval[[]string](tb, fmt.Sprintf(`[...document.querySelectorAll('[data-testid=%s] li')].map(li => li.innerText.trim())`, testID))
	if !slices.Equal(got, want) {
		tb.t.Errorf("%s: %s lists %q, want %q", tb.location(), testID, got, want)
	}
}

var flowCPRPattern = regexp.MustCompile(`(?i)\d{6}-?(\d{4}|x{4})`)

// assertNoCPR checks that no CPR number, whole or masked, is on the page:
// not in the text and not in the markup.
func assertNoCPR(tb *tab, page string) {
	tb.t.Helper()
	if m := flowCPRPattern.FindString(tb.bodyText()); m != "" {
		tb.t.Errorf("%s: a CPR number is shown: %q", page, m)
	}
	html := eval[string](tb, `document.documentElement.outerHTML`)
	if m := regexp.MustCompile(`(?i)\d{6}-(\d{4}|x{4})`).FindString(html); m != "" {
		tb.t.Errorf("%s: a CPR number is in the markup: %q", page, m)
	}
}

// setMedia emulates a CSS media type; "" ends the emulation.
func setMedia(media string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	})
}

func demoUserID(t *testing.T, app *servertest.App, username string) int64 {
	t.Helper()
	u, _, err := app.DB.FindUserForLogin(context.Background(), username)
	if err != nil {
		t.Fatalf("find user %s: %v", username, err)
	}
	return u.ID
}

// foreignCitizen is a demo citizen the person has no grant for.
func foreignCitizen(t *testing.T, app *servertest.App, personID int64) int64 {
	t.Helper()
	ctx := context.Background()
	list, _, err := app.DB.FindCitizens(ctx, domain.CitizenFilter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		ok, err := app.DB.PersonHasCitizen(ctx, personID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return c.ID
		}
	}
	t.Fatal("every demo citizen belongs to the mentor")
	return 0
}

func foreignName(t *testing.T, app *servertest.App, id int64) string {
	t.Helper()
	c, err := app.DB.FindCitizenByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c.Name
}

// findDraft is a demo grant in the state kladde.
func findDraft(t *testing.T, app *servertest.App) int64 {
	t.Helper()
	ctx := context.Background()
	list, _, err := app.DB.FindCitizens(ctx, domain.CitizenFilter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		grants, err := app.DB.FindGrantsForCitizen(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range grants {
			if g.Status == domain.StatusDraft {
				return g.ID
			}
		}
	}
	t.Fatal("the demo has no draft grant")
	return 0
}
