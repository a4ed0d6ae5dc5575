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
	"github.com/chromedp/chromedp/kb"

	"mentorspor/internal/domain"
	"mentorspor/internal/servertest"
)

// TestMentorOnPhone plays a mentor's working day on a phone (375×812), by
// typing, tapping and the keyboard: the caseload, a session logged fast,
// a session with mistakes, a correction and a discarded session, the form
// by keyboard alone, the progression on the citizen page and a concern
// reported from a session. The caseworker then acknowledges and handles
// the concern on a desktop, the mentor sees it handled, and another mentor
// cannot open the first mentor's session or citizen. Every page gets the
// checks of TestPages (axe, CSP, console, assets, inline code, and no
// horizontal scroll on the phone) and a screenshot.
func TestMentorOnPhone(t *testing.T) {
	browser(t) // skip (or fail in CI) before the database is made
	app := servertest.New(t)
	start := time.Now()
	shots := map[string]bool{}
	mentorID := demoUserID(t, app, "mentor")
	demo := mentorDemoCitizens(t, app, mentorID)
	t.Logf("citizens: single LAB grant %q (%d), both functions %q (%d)", demo.lab.name, demo.lab.id, demo.both.name, demo.both.id)
	today := app.Now().In(domain.Copenhagen).Format("2006-01-02")

	// What the steps hand on to the later ones.
	var fastSessionID, homeSessionID, concernID int64

	// Steps 1–7 and the end of 8 share one phone tab and one sign-in (each
	// sign-in costs a second); each step points the tab at its own t and
	// starts from Mine borgere.
	mentor := phoneTab(t, app, shots, "mentor")
	parent := t
	onPhone := func(t *testing.T) *tab {
		mentor.t = t
		t.Cleanup(func() { mentor.t = parent })
		if loc := mentor.location(); loc != "/mine-borgere" {
			mentor.open("/mine-borgere", 200)
		}
		return mentor
	}
	const homeJustification = "Borgeren havde feber og kunne ikke komme ud; aftalt med sagsbehandler i telefonen."

	t.Run("1-mine-borgere", func(t *testing.T) {
		tb := onPhone(t)
		rows, err := app.DB.MentorCaseload(context.Background(), mentorID)
		if err != nil {
			t.Fatal(err)
		}
		cards := caseloadCards(tb)
		if len(cards) != len(rows) {
			t.Errorf("Mine borgere: %d cards, want one per citizen in the caseload (%d)", len(cards), len(rows))
		}
		for _, row := range rows {
			i := slices.IndexFunc(cards, func(c caseloadCard) bool { return c.Name == row.CitizenName })
			if i < 0 {
				t.Errorf("Mine borgere: no card for %s", row.CitizenName)
				continue
			}
			c := cards[i]
			if row.Phone != "" && (c.Facts["Telefon"] != row.Phone || !strings.HasPrefix(c.Tel, "tel:+45")) {
				t.Errorf("card %s: phone %q linked to %q, want %q as a tel: link", c.Name, c.Facts["Telefon"], c.Tel, row.Phone)
			}
			if !strings.Contains(c.Facts["Seneste kontakt"], "dag") && c.Facts["Seneste kontakt"] != "Ingen kontakt endnu" {
				t.Errorf("card %s: last contact %q", c.Name, c.Facts["Seneste kontakt"])
			}
			if row.ReadOnly {
				continue
			}
			want := map[string]string{"Funktion": "Mentor", "Bevilget": domain.FormatHours(row.HoursPerWeek) + " t/uge"}
			if len(row.Functions) == 2 {
				want["Funktion"] = "Begge (mentor og støttekontaktperson)"
			} else if row.Functions[0] == domain.FunctionSupport {
				want["Funktion"] = "Støttekontaktperson"
			}
			for k, v := range want {
				if c.Facts[k] != v {
					t.Errorf("card %s: %s %q, want %q", c.Name, k, c.Facts[k], v)
				}
			}
			if !regexp.MustCompile(`^[\d,]+\s+t denne uge\s*[\d,]+\s+t denne måned$`).MatchString(c.Facts["Leveret"]) {
				t.Errorf("card %s: delivered %q, want \"X t denne uge / Y t denne måned\"", c.Name, c.Facts["Leveret"])
			}
			if !c.CanLog {
				t.Errorf("card %s: no Registrér samtale button", c.Name)
			}
		}
		assertNoCPR(tb, "Mine borgere")
		assertNoBullets(tb, `[data-testid=my-citizens] > li`)
		tb.check("mentor-mine-borgere", phoneWidth)
	})

	t.Run("2-hurtig-registrering", func(t *testing.T) {
		tb := onPhone(t)
		var sw stopwatch
		taps, typed := 0, 0 // what the user does

		// The fast path: a citizen with one grant.
		sw.start()
		clickAndWait(tb, "Registrér samtale on "+demo.lab.name, cardLogButton(demo.lab.name), 200)
		taps++
		sw.pause()
		if loc, want := tb.location(), fmt.Sprintf("/borgere/%d/samtaler/ny", demo.lab.id); loc != want {
			t.Fatalf("Registrér samtale: at %s, want %s", loc, want)
		}
		if got := run(tb, chromedp.Value(chromedp.ID("occurred_on"))); got != today {
			t.Errorf("new session: date %q, want today %s", got, today)
		}
		if got := run(tb, chromedp.Value(chromedp.ID("start_time"))); !regexp.MustCompile(`^\d\d:\d\d$`).MatchString(got) {
			t.Errorf("new session: start time %q, want a time of day", got)
		}
		for name, want := range map[string]string{"form": "fremmoede", "contact": "kontakt", "place": "uden_for_hjemmet", "direction": ""} {
			if got := checkedValue(tb, name); got != want {
				t.Errorf("new session: %s preset to %q, want %q", name, got, want)
			}
		}
		if n := eval[int](tb, `document.querySelectorAll('input[name=grant_id][type=radio]').length`); n != 0 {
			t.Errorf("new session on a citizen with one grant: %d function choices, want none", n)
		}
		assertChoicesAligned(tb)
		sw.resume()
		tb.typeInto("minutes", "45")
		setTicked(tb, demo.lab.tasks[0], true)
		setTicked(tb, "Mod arbejdsmarkedet", true)
		tb.typeInto("note", "Gennemgik ugeplanen.")
		taps, typed = taps+2, typed+2
		sw.pause()
		tb.check("samtale-ny", phoneWidth)
		sw.resume()
		clickAndWait(tb, "Gem samtale", byText("main form button", "Gem samtale"), 200)
		taps++
		if loc := tb.location(); loc != "/mine-borgere" {
			t.Fatalf("after Gem samtale: at %s, want /mine-borgere", loc)
		}
		assertFlash(tb, "Samtalen med "+demo.lab.name+" er gemt.")
		elapsed := sw.stop()
		t.Logf("logging a session on a phone: %d user actions (%d taps, %d fields typed), %s from tapping Registrér samtale to the confirmation (checks excluded)",
			taps+typed, taps, typed, elapsed.Round(time.Millisecond))
		// The budget is counted in what the user does, not in seconds: a
		// wall-clock limit would measure the machine running the test.
		if taps > 4 || typed > 2 {
			t.Errorf("logging a session took %d taps and %d typed fields; the budget is 4 taps and 2 fields", taps, typed)
		}

		s := newestSession(t, app, demo.lab.id, mentorID)
		fastSessionID = s.ID
		if s.Minutes != 45 || s.Direction != "mod" || s.Note != "Gennemgik ugeplanen." || len(s.Tasks) != 1 || s.Tasks[0].Text != demo.lab.tasks[0] ||
			s.Form != "fremmoede" || s.Contact != "kontakt" || s.Place != "uden_for_hjemmet" || s.OccurredOn.Format("2006-01-02") != today {
			t.Errorf("stored session: %+v", s)
		}
		if c := cardNamed(t, tb, demo.lab.name); c.Facts["Seneste kontakt"] != "I dag" {
			t.Errorf("card %s after the session: last contact %q, want I dag", demo.lab.name, c.Facts["Seneste kontakt"])
		}
		tb.check("mentor-mine-borgere-gemt", phoneWidth)

		// A citizen for whom the mentor holds both functions: the form asks
		// which one the session was, and insists.
		clickAndWait(tb, "Registrér samtale on "+demo.both.name, cardLogButton(demo.both.name), 200)
		if got := textOf(tb, `fieldset#grant_id legend`); got != "Samtalen var som" {
			t.Fatalf("session on a citizen with both functions: legend %q, want \"Samtalen var som\"", got)
		}
		if n := eval[int](tb, `document.querySelectorAll('fieldset#grant_id input[type=radio]').length`); n != 2 {
			t.Errorf("Samtalen var som: %d choices, want 2", n)
		}
		if got := checkedValue(tb, "grant_id"); got != "" {
			t.Errorf("Samtalen var som: grant %s is chosen in advance; the mentor must choose the function (budget) herself", got)
			// Not a user action: clear the choice to see the server insist.
			eval[chromedp.Void](tb, `document.querySelectorAll('input[name=grant_id]').forEach(r => { r.checked = false; })`)
		}
		tb.typeInto("minutes", "30")
		setTicked(tb, "Uændret", true)
		tb.typeInto("note", "Lavede madplan for ugen.")
		tb.check("samtale-ny-begge", phoneWidth)
		clickAndWait(tb, "Gem samtale", byText("main form button", "Gem samtale"), 422)
		assertFieldError(tb, "grant_id", "Vælg hvilken funktion samtalen var som")
		if got := errorFields(tb); !slices.Equal(got, []string{"grant_id"}) {
			t.Errorf("session without a function: messages at %q, want only at grant_id", got)
		}
		for field, want := range map[string]string{"minutes": "30", "note": "Lavede madplan for ugen."} {
			if got := run(tb, chromedp.Value(chromedp.ID(field))); got != want {
				t.Errorf("session without a function, after 422: %s holds %q, want %q", field, got, want)
			}
		}
		if got := checkedValue(tb, "direction"); got != "uaendret" {
			t.Errorf("session without a function, after 422: direction %q, want uaendret kept", got)
		}
		tb.check("samtale-funktion-fejl", phoneWidth)
		tb.do(chromedp.Click(labelContaining("Støttekontaktperson ("), chromedp.NodeVisible))
		clickAndWait(tb, "Gem samtale", byText("main form button", "Gem samtale"), 200)
		assertFlash(tb, "Samtalen med "+demo.both.name+" er gemt.")
		if s := newestSession(t, app, demo.both.id, mentorID); s.Function != domain.FunctionSupport || s.Minutes != 30 {
			t.Errorf("session as støttekontaktperson: stored as %s, %d min", s.Function, s.Minutes)
		}
	})

	t.Run("3-fejl-beholder-input", func(t *testing.T) {
		tb := onPhone(t)
		clickAndWait(tb, "Registrér samtale on "+demo.lab.name, cardLogButton(demo.lab.name), 200)
		// Typing digits into a date input depends on the browser's locale
		// and on which part has focus; the arrow keys do not: the year is
		// the last part in every locale, and ArrowUp adds a year.
		future := shiftYear(tb, "occurred_on", kb.ArrowUp)
		if future <= today {
			t.Fatalf("ArrowUp on the year: date %q, want a date after %s", future, today)
		}
		tb.typeInto("minutes", "3")
		setTicked(tb, "I borgerens hjem", true)
		setTicked(tb, "Uændret", true)
		const note = "Kort samtale om ugens aftaler."
		tb.typeInto("note", note)
		clickAndWait(tb, "Gem samtale", byText("main form button", "Gem samtale"), 422)
		if !tb.visible(`[data-testid=error-summary]`) {
			t.Error("session with mistakes: no error summary")
		}
		assertFieldError(tb, "occurred_on", "Datoen kan ikke ligge i fremtiden.")
		assertFieldError(tb, "minutes", "Varigheden skal være 5–600 minutter")
		assertFieldError(tb, "home_justification", "udelukker opgaver inden for borgerens hoveddør")
		if got, want := errorFields(tb), []string{"occurred_on", "minutes", "home_justification"}; !slices.Equal(got, want) {
			t.Errorf("session with mistakes: messages at %q, want %q", got, want)
		}
		for field, want := range map[string]string{"occurred_on": future, "minutes": "3", "note": note, "home_justification": ""} {
			if got := run(tb, chromedp.Value(chromedp.ID(field))); got != want {
				t.Errorf("session with mistakes, after 422: %s holds %q, want what was typed, %q", field, got, want)
			}
		}
		for name, want := range map[string]string{"place": "i_hjemmet", "direction": "uaendret", "form": "fremmoede"} {
			if got := checkedValue(tb, name); got != want {
				t.Errorf("session with mistakes, after 422: %s %q, want %q kept", name, got, want)
			}
		}
		tb.check("samtale-fejl", phoneWidth)

		tb.typeInto("home_justification", homeJustification)
		if got := shiftYear(tb, "occurred_on", kb.ArrowDown); got != today {
			t.Fatalf("ArrowDown on the year: date %q, want today %s", got, today)
		}
		retype(tb, "minutes", "40")
		clickAndWait(tb, "Gem samtale", byText("main form button", "Gem samtale"), 200)
		if loc := tb.location(); loc != "/mine-borgere" {
			t.Fatalf("after fixing the mistakes: at %s, want /mine-borgere", loc)
		}
		assertFlash(tb, "Samtalen med "+demo.lab.name+" er gemt.")
		s := newestSession(t, app, demo.lab.id, mentorID)
		homeSessionID = s.ID
		if !s.HomeFlag || s.Minutes != 40 || s.Note != note {
			t.Errorf("stored session in the home: home flag %v, %d min, note %q", s.HomeFlag, s.Minutes, s.Note)
		}

		// The session from the citizen page.
		clickAndWait(tb, "citizen "+demo.lab.name, cardCitizenLink(demo.lab.name), 200)
		tb.check("mentor-borger", phoneWidth)
		row := textOf(tb, fmt.Sprintf(`[data-testid=session-table] tr:has(a[href="/samtaler/%d"])`, homeSessionID))
		if !strings.Contains(row, "40") || !strings.Contains(row, "I hjemmet (begrundet)") {
			t.Errorf("Dine samtaler: row of the session in the home %q, want 40 min and \"I hjemmet (begrundet)\"", row)
		}
		openSession(tb, homeSessionID)
		facts := factsOf(tb, `[data-testid=session-facts]`)
		if facts["Sted"] != "I borgerens hjem" {
			t.Errorf("session page: Sted %q, want \"I borgerens hjem\"", facts["Sted"])
		}
		if facts["Begrundelse for hjemmet"] != homeJustification {
			t.Errorf("session page: Begrundelse for hjemmet %q, want %q", facts["Begrundelse for hjemmet"], homeJustification)
		}
		tb.check("samtale-hjemme", phoneWidth)
	})

	t.Run("4-ret-og-kasser", func(t *testing.T) {
		if homeSessionID == 0 || fastSessionID == 0 {
			t.Skip("needs the sessions of steps 2 and 3")
		}
		tb := onPhone(t)
		clickAndWait(tb, "citizen "+demo.lab.name, cardCitizenLink(demo.lab.name), 200)
		openSession(tb, homeSessionID)
		clickAndWait(tb, "Ret samtalen", byText("main a", "Ret samtalen"), 200)
		if got := run(tb, chromedp.Value(chromedp.ID("minutes"))); got != "40" {
			t.Errorf("correct session: minutes %q, want the stored 40", got)
		}
		if got := run(tb, chromedp.Value(chromedp.ID("home_justification"))); got != homeJustification {
			t.Errorf("correct session: justification %q, want the stored one", got)
		}
		retype(tb, "minutes", "50")
		tb.check("samtale-ret", phoneWidth)
		clickAndWait(tb, "Gem samtale", byText("main form button", "Gem samtale"), 200)
		if loc, want := tb.location(), fmt.Sprintf("/samtaler/%d", homeSessionID); loc != want {
			t.Fatalf("after the correction: at %s, want %s", loc, want)
		}
		assertFlash(tb, "Samtalen er rettet.")
		if got := factsOf(tb, `[data-testid=session-facts]`)["Tidspunkt"]; !strings.Contains(got, " 50 min.") {
			t.Errorf("corrected session: Tidspunkt %q, want 50 min.", got)
		}
		tb.check("samtale-rettet", phoneWidth)

		// Discard the session of step 2: first without a reason.
		clickAndWait(tb, "breadcrumb "+demo.lab.name, byText("nav.breadcrumbs a", demo.lab.name), 200)
		openSession(tb, fastSessionID)
		clickAndWait(tb, "Kassér", byText("main a", "Kassér"), 200)
		tb.check("samtale-kasser", phoneWidth)
		clickAndWait(tb, "Kassér samtalen", byText("main form button", "Kassér samtalen"), 422)
		assertFieldError(tb, "reason", "Skriv hvorfor samtalen kasseres")
		tb.check("samtale-kasser-fejl", phoneWidth)
		const reason = "Registreret to gange"
		tb.typeInto("reason", reason)
		clickAndWait(tb, "Kassér samtalen", byText("main form button", "Kassér samtalen"), 200)
		if loc, want := tb.location(), fmt.Sprintf("/samtaler/%d", fastSessionID); loc != want {
			t.Fatalf("after Kassér: at %s, want %s", loc, want)
		}
		assertFlash(tb, "Samtalen er kasseret.")
		if got := textOf(tb, `main [data-testid=discarded]`); !strings.Contains(got, "kasseret") || !strings.Contains(got, reason) {
			t.Errorf("discarded session: alert %q, want Kasseret with the reason", got)
		}
		if tb.visible(`a[href$="/ret"]`) || tb.visible(`a[href$="/kasser"]`) {
			t.Error("discarded session: still offers Ret or Kassér")
		}
		tb.check("samtale-kasseret", phoneWidth)

		clickAndWait(tb, "breadcrumb "+demo.lab.name, byText("nav.breadcrumbs a", demo.lab.name), 200)
		row := eval[map[string]string](tb, fmt.Sprintf(`(() => {
			const tr = document.querySelector('[data-testid=session-table] tr:has(a[href="/samtaler/%d"])');
			if (!tr) return {};
			return {cls: tr.className, line: getComputedStyle(tr.cells[0]).textDecorationLine, text: tr.innerText};
		})()`, fastSessionID))
		if row["cls"] == "" && row["text"] == "" {
			t.Fatal("Dine samtaler: the discarded session is not listed")
		}
		if !strings.Contains(row["cls"], "row-discarded") || !strings.Contains(row["line"], "line-through") || !strings.Contains(row["text"], "Kasseret") {
			t.Errorf("Dine samtaler: discarded session row class %q, text-decoration %q, text %q; want it struck through and marked Kasseret",
				row["cls"], row["line"], row["text"])
		}
		tb.check("mentor-borger-kasseret", phoneWidth)
	})

	t.Run("5-tastatur", func(t *testing.T) {
		tb := onPhone(t)
		clickAndWait(tb, "Registrér samtale on "+demo.lab.name, cardLogButton(demo.lab.name), 200)
		want := eval[[]string](tb, `(() => {
			const keys = [];
			for (const el of document.querySelector('form.session-form').querySelectorAll('input, select, textarea, button, a[href]')) {
				if (el.type === 'hidden' || el.disabled) continue;
				const k = el.type === 'radio' ? 'radio:' + el.name : (el.id || el.tagName.toLowerCase() + ':' + el.textContent.trim());
				if (!keys.includes(k)) keys.push(k);
			}
			return keys;
		})()`)

		var reached []string
		var noFocus []string
		operated := map[string]bool{}
		firstTask := ""
		for i := 0; i < 120; i++ {
			tb.do(chromedp.KeyEvent(kb.Tab))
			f := eval[focusInfo](tb, focusInfoJS)
			if !f.Visible {
				noFocus = append(noFocus, f.Key+" ("+f.Style+")")
			}
			if !f.InForm {
				if len(reached) > 0 {
					break // past the form
				}
				continue
			}
			if len(reached) > 0 && reached[len(reached)-1] == f.Key {
				continue // the next part of a date or time input
			}
			reached = append(reached, f.Key)
			switch {
			case f.Key == "minutes":
				tb.do(chromedp.KeyEvent("30"))
				operated["typed minutes"] = true
			case f.Key == "radio:form":
				tb.do(chromedp.KeyEvent(kb.ArrowRight))
				operated["arrow in radio group"] = checkedValue(tb, "form") == "telefon"
			case f.Type == "checkbox" && strings.HasPrefix(f.Key, "task-") && firstTask == "":
				firstTask = f.Key
				tb.do(chromedp.KeyEvent(" "))
				operated["space on checkbox"] = eval[bool](tb, `document.activeElement.checked`)
			case f.Key == "radio:direction":
				tb.do(chromedp.KeyEvent(" "))
				operated["space in radio group"] = checkedValue(tb, "direction") != ""
			case f.Key == "note":
				tb.do(chromedp.KeyEvent("Samtale registreret med tastaturet."))
				operated["typed note"] = true
			}
		}
		if !slices.Equal(reached, want) {
			t.Errorf("Tab through the session form reached\n\t%q\nwant every control once, in order:\n\t%q", reached, want)
		}
		for _, what := range []string{"typed minutes", "arrow in radio group", "space on checkbox", "space in radio group", "typed note"} {
			if !operated[what] {
				t.Errorf("keyboard on the session form: %s did not work", what)
			}
		}
		if len(noFocus) > 0 {
			t.Errorf("keyboard focus not visible (no outline or box-shadow) on: %q", noFocus)
		}
		// Back to the submit button, and Enter.
		for i := 0; i < 5 && eval[string](tb, focusInfoJS+`.key`) != "button:Gem samtale"; i++ {
			tb.do(chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)))
		}
		if got := eval[string](tb, `document.activeElement.textContent.trim()`); got != "Gem samtale" {
			t.Fatalf("Shift+Tab back to the submit button: focus on %q", got)
		}
		ctx, cancel := context.WithTimeout(tb.ctx, pageTimeout)
		resp, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(kb.Enter))
		cancel()
		if err != nil {
			t.Fatalf("Enter on Gem samtale: %v", err)
		}
		tb.assertStatus("Enter on Gem samtale", resp, 200)
		assertFlash(tb, "Samtalen med "+demo.lab.name+" er gemt.")
		s := newestSession(t, app, demo.lab.id, mentorID)
		if s.Minutes != 30 || s.Form != "telefon" || s.Direction != "mod" || len(s.Tasks) != 1 || s.Note != "Samtale registreret med tastaturet." {
			t.Errorf("session logged by keyboard: %d min, form %s, direction %s, %d tasks, note %q", s.Minutes, s.Form, s.Direction, len(s.Tasks), s.Note)
		}
		t.Logf("keyboard: %d stops in the form: %q", len(reached), reached)
	})

	t.Run("6-progression", func(t *testing.T) {
		tb := onPhone(t)
		clickAndWait(tb, "citizen "+demo.lab.name, cardCitizenLink(demo.lab.name), 200)
		chart := eval[map[string]string](tb, `(() => {
			const svg = document.querySelector('svg[data-testid=progress-chart]');
			if (!svg) return {};
			const ids = (svg.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean);
			const vb = svg.viewBox.baseVal;
			return {
				role: svg.getAttribute('role') || '',
				name: ids.map(id => (document.getElementById(id) || {}).textContent || '').join(' ').trim(),
				lines: String(svg.querySelectorAll('polyline').length),
				scale: String(svg.getBoundingClientRect().width / vb.width),
			};
		})()`)
		if chart["role"] != "img" {
			t.Errorf("progression chart: role %q, want img (chart %v)", chart["role"], chart)
		}
		if chart["name"] == "" || chart["lines"] == "0" {
			t.Errorf("progression chart: accessible name %q and %s lines, want a name and a line per goal", chart["name"], chart["lines"])
		}
		if scale, err := strconv.ParseFloat(chart["scale"], 64); err == nil {
			t.Logf("progression chart on the phone: drawn at %.2f× its viewBox: the 12-unit labels are %.1f px", scale, 12*scale)
		}
		assertNoBullets(tb, `.chart-legend > li`)
		if n := eval[int](tb, `document.querySelectorAll('[data-testid=progress-table] tbody tr').length`); n == 0 {
			t.Error("progression: the data table has no rows")
		}
		if got := textOf(tb, `#sessions-heading`); got != "Dine samtaler" {
			t.Errorf("sessions heading %q, want Dine samtaler", got)
		}
		heads := eval[[]string](tb, `[...document.querySelectorAll('[data-testid=session-table] thead th')].map(th => th.innerText.trim())`)
		if slices.Contains(heads, "Mentor") || len(heads) == 0 {
			t.Errorf("Dine samtaler: columns %q, want no author column", heads)
		}
		shown := sessionIDsShown(tb)
		all, err := app.DB.FindSessions(context.Background(), domain.SessionFilter{CitizenID: &demo.lab.id, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		authors := map[int64]string{}
		var own, others int
		for _, s := range all {
			authors[s.ID] = s.AuthorName
			if s.AuthorID == mentorID {
				own++
			} else {
				others++
			}
		}
		for _, id := range shown {
			if name := authors[id]; name != displayName("mentor") {
				t.Errorf("Dine samtaler: session %d by %q is listed; want only the mentor's own", id, name)
			}
		}
		if len(shown) != min(own, 50) {
			t.Errorf("Dine samtaler: %d rows, want the mentor's %d sessions (at most 50)", len(shown), own)
		}
		t.Logf("Dine samtaler on %s: %d rows (the citizen has %d sessions by others)", demo.lab.name, len(shown), others)
		tb.check("mentor-borger-progression", phoneWidth)
	})

	t.Run("7-bekymring", func(t *testing.T) {
		if homeSessionID == 0 {
			t.Skip("needs the session of step 3")
		}
		tb := onPhone(t)
		clickAndWait(tb, "citizen "+demo.lab.name, cardCitizenLink(demo.lab.name), 200)
		openSession(tb, homeSessionID)
		clickAndWait(tb, "Indberet bekymring", byText("main a", "Indberet bekymring"), 200)
		if loc, want := tb.location(), fmt.Sprintf("/borgere/%d/bekymringer/ny?samtale=%d", demo.lab.id, homeSessionID); loc != want {
			t.Errorf("Indberet bekymring from the session: at %s, want %s", loc, want)
		}
		guidance := func() map[string]string {
			return eval[map[string]string](tb, `Object.fromEntries([...document.querySelectorAll('.concern-guidance')].map(p => [p.id, getComputedStyle(p).display]))`)
		}
		before := guidance()
		if len(before) != len(domain.ConcernCategories) {
			t.Errorf("concern form: %d guidance paragraphs, want one per category", len(before))
		}
		for id, d := range before {
			if d != "none" {
				t.Errorf("concern form before choosing: %s has display %q, want none", id, d)
			}
		}
		assertChoicesAligned(tb)
		tb.check("bekymring-ny", phoneWidth)
		tb.do(chromedp.Click(labelContaining("Underretning om et barn"), chromedp.NodeVisible))
		for id, d := range guidance() {
			if (id == "guidance-barn") != (d != "none") {
				t.Errorf("concern form after choosing Underretning om et barn: %s has display %q", id, d)
			}
		}
		if !tb.visible(`#guidance-barn`) {
			t.Error("concern form: the guidance for Underretning om et barn is not visible after choosing it")
		}
		if got := textOf(tb, `#guidance-barn`); !strings.Contains(got, "personlig pligt til at underrette") {
			t.Errorf("guidance for a child: %q", got)
		}
		setTicked(tb, "Akut – skal ses i dag", true)
		tb.typeInto("description", "Borgerens søn på 9 år var alene hjemme hele dagen og sagde, at han ikke havde fået mad.")
		tb.check("bekymring-udfyldt", phoneWidth)
		clickAndWait(tb, "Send bekymringen", byText("main form button", "Send bekymringen"), 200)
		m := regexp.MustCompile(`^/bekymringer/(\d+)$`).FindStringSubmatch(tb.location())
		if m == nil {
			t.Fatalf("after Send bekymringen: at %s, want /bekymringer/ID", tb.location())
		}
		concernID, _ = strconv.ParseInt(m[1], 10, 64)
		assertFlash(tb, "Bekymringen er sendt til borgerens sagsbehandler og teamlederen.")
		if got := textOf(tb, `[data-testid=concern-status]`); got != "Ny – ikke set" {
			t.Errorf("new concern: status %q, want \"Ny – ikke set\"", got)
		}
		facts := factsOf(tb, `main dl.facts`)
		if !strings.HasPrefix(facts["Kategori"], "Underretning om et barn") || !strings.HasPrefix(facts["Hast"], "Akut") {
			t.Errorf("new concern: category %q, urgency %q", facts["Kategori"], facts["Hast"])
		}
		k, err := app.DB.FindConcernByID(context.Background(), concernID)
		if err != nil {
			t.Fatal(err)
		}
		if k.SessionID == nil || *k.SessionID != homeSessionID {
			t.Errorf("concern %d: session %v, want the session it was reported from, %d", concernID, k.SessionID, homeSessionID)
		}
		tb.check("bekymring", phoneWidth)
	})

	t.Run("8-sagsbehandler-haandterer", func(t *testing.T) {
		if concernID == 0 {
			t.Skip("needs the concern of step 7")
		}
		tb := newTab(t, app, shots) // desktop, 1280 px
		tb.signIn("sagsbehandler")
		sbID := demoUserID(t, app, "sagsbehandler")
		n, err := app.DB.CountNewConcerns(context.Background(), domain.ConcernFilter{CaseworkerID: &sbID})
		if err != nil {
			t.Fatal(err)
		}
		navLink := `header nav[aria-label="Hovedmenu"] a[href="/bekymringer"]`
		if got, want := textOf(tb, navLink), fmt.Sprintf("Bekymringer (%d nye)", n); n < 1 || got != want {
			t.Errorf("caseworker's navigation: %q, want %q", got, want)
		}
		clickAndWait(tb, "nav link Bekymringer", chromedp.CSS(navLink), 200)
		row := textOf(tb, fmt.Sprintf(`[data-testid=concern-table] tr:has(a[href="/bekymringer/%d"])`, concernID))
		if !strings.Contains(row, demo.lab.name) || !strings.Contains(row, "Ny – ikke set") || !strings.Contains(row, "Akut") {
			t.Errorf("caseworker's concern list: row %q, want the citizen, Akut and Ny – ikke set", row)
		}
		tb.check("sagsbehandler-bekymringer", 0)
		clickAndWait(tb, "the new concern", chromedp.CSS(fmt.Sprintf(`[data-testid=concern-table] a[href="/bekymringer/%d"]`, concernID)), 200)
		tb.check("sagsbehandler-bekymring-ny", 0)
		clickAndWait(tb, "Kvittér for modtagelsen", byText("main form button", "Kvittér for modtagelsen"), 200)
		assertFlash(tb, "Bekymringen er kvitteret.")
		if got := textOf(tb, `[data-testid=concern-status]`); got != "Kvitteret – under behandling" {
			t.Errorf("acknowledged concern: status %q", got)
		}
		if tb.visible(`form[action$="/kvitter"]`) {
			t.Error("acknowledged concern: Kvittér is still offered")
		}
		tb.check("bekymring-kvitteret", 0)
		tb.typeInto("handling", "Underretning sendt til Familieafdelingen; familierådgiver ringet op.")
		tb.typeInto("outcome", "Familieafdelingen har taget sagen.")
		clickAndWait(tb, "Afslut som håndteret", byText("main form button", "Afslut som håndteret"), 200)
		assertFlash(tb, "Håndteringen er registreret.")
		if got := textOf(tb, `[data-testid=concern-status]`); got != "Håndteret" {
			t.Errorf("handled concern: status %q, want Håndteret", got)
		}
		if got := factsOf(tb, `main dl.facts`)["Håndteret"]; !strings.Contains(got, displayName("sagsbehandler")) {
			t.Errorf("handled concern: Håndteret %q, want it to name %s", got, displayName("sagsbehandler"))
		}
		if got, want := textOf(tb, navLink), newConcernsLabel(n-1); got != want {
			t.Errorf("caseworker's navigation after handling: %q, want %q", got, want)
		}
		tb.check("bekymring-haandteret", 0)

		// The mentor sees that it was handled.
		mt := onPhone(t)
		openMenu(mt)
		clickAndWait(mt, "menu link Bekymringer", chromedp.CSS(`.navigation-menu-mobile a[href="/bekymringer"]`), 200)
		row = textOf(mt, fmt.Sprintf(`[data-testid=concern-table] tr:has(a[href="/bekymringer/%d"])`, concernID))
		if !strings.Contains(row, "Håndteret") {
			t.Errorf("mentor's concern list: row %q, want Håndteret", row)
		}
		mt.check("mentor-bekymringer", phoneWidth)
	})

	t.Run("9-anden-mentor", func(t *testing.T) {
		if homeSessionID == 0 {
			t.Skip("needs the session of step 3")
		}
		tb := phoneTab(t, app, shots, "mentor2")
		for _, page := range []struct{ name, path string }{
			{"mentor2-fremmed-samtale", fmt.Sprintf("/samtaler/%d", homeSessionID)},
			{"mentor2-fremmed-samtale-ny", fmt.Sprintf("/borgere/%d/samtaler/ny", demo.lab.id)},
		} {
			tb.open(page.path, 404)
			if !tb.visible(`[data-testid=error-heading]`) {
				t.Errorf("%s: no error heading", page.path)
			}
			if text := tb.bodyText(); strings.Contains(text, demo.lab.name) || strings.Contains(text, homeJustification) {
				t.Errorf("%s: the 404 page tells about the citizen or the session", page.path)
			}
			tb.check(page.name, phoneWidth)
		}
	})

	t.Logf("%d pages in %s", len(shots), time.Since(start).Round(time.Millisecond))
}

// demoCitizen is a citizen of the demo mentor's caseload.
type demoCitizen struct {
	id    int64
	name  string
	tasks []string // of the grant the sessions are logged on
}

type mentorDemo struct {
	lab  demoCitizen // one active LAB grant excluding the home, with goal scores, of the caseworker "sagsbehandler"
	both demoCitizen // the mentor holds both functions
}

// mentorDemoCitizens picks the citizens the flow needs from the demo data.
func mentorDemoCitizens(t *testing.T, app *servertest.App, mentorID int64) mentorDemo {
	t.Helper()
	ctx := context.Background()
	caseworkerID := demoUserID(t, app, "sagsbehandler")
	mentor2ID := demoUserID(t, app, "mentor2")
	rows, err := app.DB.MentorCaseload(ctx, mentorID)
	if err != nil {
		t.Fatal(err)
	}
	var d mentorDemo
	labPoints := 0
	for _, row := range rows {
		if row.ReadOnly {
			continue
		}
		grants, err := app.DB.FindGrantsForCitizen(ctx, row.CitizenID)
		if err != nil {
			t.Fatal(err)
		}
		var active []domain.Grant
		for _, g := range grants {
			if g.PersonID == mentorID && g.Status == domain.StatusGranted {
				active = append(active, g)
			}
		}
		c, err := app.DB.FindCitizenByID(ctx, row.CitizenID)
		if err != nil {
			t.Fatal(err)
		}
		points, err := app.DB.GoalProgress(ctx, row.CitizenID, domain.Date{})
		if err != nil {
			t.Fatal(err)
		}
		shared, err := app.DB.PersonHasCitizen(ctx, mentor2ID, row.CitizenID)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case len(active) == 1 && active[0].Function == domain.FunctionMentor &&
			active[0].Excludes(domain.FrontDoorExclusion) && len(active[0].Tasks) > 0 && len(points) > labPoints &&
			c.CaseworkerID != nil && *c.CaseworkerID == caseworkerID && !shared:
			// The one with the most scores shows the chart best.
			d.lab, labPoints = demoCitizen{id: row.CitizenID, name: row.CitizenName}, len(points)
			for _, it := range active[0].Tasks {
				d.lab.tasks = append(d.lab.tasks, it.Text)
			}
		case d.both.id == 0 && len(active) == 2:
			d.both = demoCitizen{id: row.CitizenID, name: row.CitizenName}
		}
	}
	if d.lab.id == 0 || d.both.id == 0 {
		t.Fatalf("the demo mentor's caseload lacks a citizen with one LAB grant excluding the home (scores, caseworker sagsbehandler) or one with both functions: %+v", d)
	}
	return d
}

// phoneTab is a tab the size of a phone, signed in as user.
func phoneTab(t *testing.T, app *servertest.App, shots map[string]bool, user string) *tab {
	t.Helper()
	tb := newTab(t, app, shots)
	tb.do(chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile))
	if user == "mentor" {
		tb.signIn(user) // asserts the landing page, Mine borgere
	} else {
		signInAnywhere(tb, user)
	}
	return tb
}

// openMenu opens the phone's menu drawer and waits for it to stop moving.
func openMenu(tb *tab) {
	tb.t.Helper()
	tb.do(chromedp.Click(chromedp.CSS(`.js-menu-open`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`.mobile-drawer .js-menu-close`)))
	eval[chromedp.Void](tb, `Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))`)
}

// caseloadCard is one card of Mine borgere as the user reads it.
type caseloadCard struct {
	Name   string            `json:"name"`
	Facts  map[string]string `json:"facts"`
	Tel    string            `json:"tel"`
	CanLog bool              `json:"canLog"`
}

func caseloadCards(tb *tab) []caseloadCard {
	tb.t.Helper()
	return eval[[]caseloadCard](tb, `[...document.querySelectorAll('[data-testid=my-citizens] > li')].map(li => ({
		name: li.querySelector('h2').innerText.trim(),
		facts: Object.fromEntries([...li.querySelectorAll('dt')].map(dt => [dt.innerText.trim(), dt.nextElementSibling.innerText.replace(/\s+/g, ' ').trim()])),
		tel: (li.querySelector('a[href^="tel:"]') || {getAttribute: () => ''}).getAttribute('href'),
		canLog: [...li.querySelectorAll('a')].some(a => a.textContent.trim().startsWith('Registrér samtale')),
	}))`)
}

func cardNamed(t *testing.T, tb *tab, name string) caseloadCard {
	t.Helper()
	for _, c := range caseloadCards(tb) {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("Mine borgere: no card for %s", name)
	return caseloadCard{}
}

// cardLogButton is the "Registrér samtale" button on the citizen's card.
func cardLogButton(name string) chromedp.JSPath {
	return chromedp.JSPath(fmt.Sprintf(`[...document.querySelectorAll('[data-testid=my-citizens] > li')]
		.find(li => li.querySelector('h2').textContent.trim() === %s)
		?.querySelector('a.button-primary')`, jsString(name)))
}

// cardCitizenLink is the citizen's name on their card.
func cardCitizenLink(name string) chromedp.JSPath {
	return chromedp.JSPath(fmt.Sprintf(`[...document.querySelectorAll('[data-testid=my-citizens] > li h2 a')]
		.find(a => a.textContent.trim() === %s)`, jsString(name)))
}

// openSession taps the session's date in the sessions table of the citizen
// page shown.
func openSession(tb *tab, id int64) {
	tb.t.Helper()
	clickAndWait(tb, fmt.Sprintf("session %d in Dine samtaler", id),
		chromedp.CSS(fmt.Sprintf(`[data-testid=session-table] a[href="/samtaler/%d"]`, id)), 200)
}

// sessionIDsShown lists the sessions the sessions table links to.
func sessionIDsShown(tb *tab) []int64 {
	tb.t.Helper()
	var ids []int64
	for _, h := range eval[[]string](tb, `[...document.querySelectorAll('[data-testid=session-table] tbody a')].map(a => a.getAttribute('href'))`) {
		if id, err := strconv.ParseInt(strings.TrimPrefix(h, "/samtaler/"), 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// checkedValue is the value of the checked radio named name, "" if none.
func checkedValue(tb *tab, name string) string {
	tb.t.Helper()
	return eval[string](tb, fmt.Sprintf(`(document.querySelector('input[name=%s]:checked') || {value: ''}).value`, name))
}

// factsOf reads a dl of label/value pairs.
func factsOf(tb *tab, css string) map[string]string {
	tb.t.Helper()
	return eval[map[string]string](tb, fmt.Sprintf(`Object.fromEntries([...document.querySelectorAll(%s + ' > dt')]
		.map(dt => [dt.innerText.trim(), dt.nextElementSibling.innerText.replace(/\s+/g, ' ').trim()]))`, jsString(css)))
}

// shiftYear moves the date input's year four years on with the arrow keys
// (ArrowUp or ArrowDown) and returns its value.
func shiftYear(tb *tab, id, arrow string) string {
	tb.t.Helper()
	// Four years at a time: from a leap day one year would land on a day
	// that does not exist (29.02.2029), and the browser empties the input.
	tb.do(chromedp.Focus(chromedp.ID(id), chromedp.NodeVisible), // focus is on the first part
		chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight),
		chromedp.KeyEvent(arrow), chromedp.KeyEvent(arrow), chromedp.KeyEvent(arrow), chromedp.KeyEvent(arrow))
	return run(tb, chromedp.Value(chromedp.ID(id)))
}

// newestSession is the session the author logged last on the citizen.
func newestSession(t *testing.T, app *servertest.App, citizenID, authorID int64) domain.Session {
	t.Helper()
	list, err := app.DB.FindSessions(context.Background(), domain.SessionFilter{CitizenID: &citizenID, AuthorID: &authorID, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) == 0 {
		t.Fatalf("no sessions on citizen %d", citizenID)
	}
	return slices.MaxFunc(list, func(a, b domain.Session) int { return int(a.ID - b.ID) })
}

func newConcernsLabel(n int) string {
	if n == 0 {
		return "Bekymringer"
	}
	return fmt.Sprintf("Bekymringer (%d nye)", n)
}

// focusInfo describes the focused element: a key naming the control (the
// radio group for a radio), and whether the focus is visible: an outline or
// box-shadow on it, or for DKFDS radios and checkboxes on the box drawn by
// the label's ::before.
type focusInfo struct {
	Key     string `json:"key"`
	Type    string `json:"type"`
	InForm  bool   `json:"inForm"`
	Visible bool   `json:"visible"`
	Style   string `json:"style"`
}

const focusInfoJS = `(() => {
	const el = document.activeElement;
	if (!el || el === document.body) return {key: 'body', type: '', inForm: false, visible: true, style: ''};
	const choice = el.type === 'radio' || el.type === 'checkbox';
	const target = choice ? document.querySelector('label[for="' + el.id + '"]') : el;
	const cs = getComputedStyle(target, choice ? '::before' : null);
	const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
	const shadow = cs.boxShadow !== 'none';
	// Focus on the calendar or clock button inside a date or time input:
	// the input is no longer :focus, only :focus-within.
	const picker = !el.matches(':focus') && el.matches(':focus-within');
	const key = el.type === 'radio' ? 'radio:' + el.name : (el.id || el.tagName.toLowerCase() + ':' + el.textContent.trim().replace(/\s+/g, ' '));
	return {key, type: el.type || el.tagName.toLowerCase(), inForm: !!el.closest('form.session-form'),
		visible: outline || shadow,
		style: (picker ? 'on the picker button inside the input; ' : '') + 'outline ' + cs.outlineStyle + ' ' + cs.outlineWidth + ', box-shadow ' + cs.boxShadow};
})()`

// stopwatch measures the user's time, paused while the test checks.
type stopwatch struct {
	total   time.Duration
	started time.Time
}

func (s *stopwatch) start()  { s.total = 0; s.started = time.Now() }
func (s *stopwatch) resume() { s.started = time.Now() }
func (s *stopwatch) pause()  { s.total += time.Since(s.started) }
func (s *stopwatch) stop() time.Duration {
	s.pause()
	return s.total
}

// assertNoBullets checks that the list items draw no bullet: DKFDS puts a
// "•" in ul > li::before, which list-style: none does not remove.
func assertNoBullets(tb *tab, css string) {
	tb.t.Helper()
	bad := eval[[]string](tb, fmt.Sprintf(`[...document.querySelectorAll(%s)]
		.filter(li => !['none', 'normal', '""'].includes(getComputedStyle(li, '::before').content))
		.map(li => li.innerText.trim().split('\n')[0])`, jsString(css)))
	if len(bad) > 0 {
		tb.t.Errorf("%s: %d of the list items %s show a bullet (DKFDS ul>li::before \"•\"), e.g. %q", tb.location(), len(bad), css, bad[0])
	}
}

// assertChoicesAligned checks that radios sharing a line in a .choice-row
// line up.
func assertChoicesAligned(tb *tab) {
	tb.t.Helper()
	bad := eval[[]string](tb, `[...document.querySelectorAll('.choice-row')].flatMap(row => {
		const items = [...row.children].map(el => ({text: el.innerText.trim(), r: el.querySelector('label').getBoundingClientRect()}));
		const out = [];
		for (let i = 1; i < items.length; i++) {
			const a = items[i - 1], b = items[i];
			if (b.r.left > a.r.left && Math.abs(a.r.top - b.r.top) > 1) { // on the same line
				out.push(a.text + ' | ' + b.text + ': ' + Math.round(b.r.top - a.r.top) + ' px');
			}
		}
		return out;
	})`)
	if len(bad) > 0 {
		tb.t.Errorf("%s: radios side by side are not level (DKFDS gives every .form-group-radio but the first margin-top: 8px): %q", tb.location(), bad)
	}
}
