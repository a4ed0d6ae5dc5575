package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/servertest"
)

// TestTeamLeadReview plays the team lead's review in the browser at desktop
// width: the caseload of all teams and a flag's work queue, the budget
// report with its CSV export and the delivery follow-up, the profile booklet
// (filtered, printed and as PDF), registering a supervision for the mentor
// whose flag is raised, the 403 pages for the other roles (and their access
// log), and the caseworker's work queue. Every page gets the checks of
// TestPages.
func TestTeamLeadReview(t *testing.T) {
	browser(t) // skip (or fail in CI) before the database is made
	app := servertest.New(t)
	start := time.Now()
	shots := map[string]bool{}
	ctx := context.Background()
	fatimaID := demoUserID(t, app, "mentor3")
	today := domain.FormatDate(app.Now())

	// The team lead's tab is shared by steps 1–4, like one working session:
	// it belongs to the whole test, and each step reports through its own t.
	parent := t
	lead := newTab(t, app, shots)
	lead.signIn("teamleder")
	leadTab := func(t *testing.T) *tab {
		lead.t = t
		t.Cleanup(func() { lead.reportProblems(t.Name()); lead.t = parent })
		return lead
	}

	t.Run("team", func(t *testing.T) {
		tb := leadTab(t)
		clickAndWait(tb, "nav link Team", navLink("/team"), 200)
		tb.do(chromedp.SetValue(chromedp.ID("team"), "alle", chromedp.NodeVisible))
		clickAndWait(tb, "Vis (team)", byText("main form[action='/team'] button", "Vis"), 200)
		if loc := tb.location(); !strings.Contains(loc, "team=alle") {
			t.Errorf("after choosing Alle teams: at %s, want ?team=alle", loc)
		}
		mentors, _, _, err := app.DB.TeamCaseload(ctx, domain.CaseloadFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var wantNames []string
		for _, m := range mentors {
			wantNames = append(wantNames, m.Name)
		}
		gotNames := eval[[]string](tb, `[...document.querySelectorAll('[data-testid=team-table] tbody tr > th')]
			.map(th => th.firstChild.textContent.trim())`)
		slices.Sort(wantNames)
		sortedGot := slices.Sorted(slices.Values(gotNames))
		if !slices.Equal(sortedGot, wantNames) {
			t.Errorf("team table: mentor rows %q, want one per mentor %q", gotNames, wantNames)
		}
		for _, u := range demo.Users {
			if u.Roles.Has(domain.RoleMentor) && !slices.Contains(gotNames, u.DisplayName) {
				t.Errorf("team table (alle teams): no row for the demo mentor %s", u.DisplayName)
			}
		}
		// Name and team are two things: they must not run together.
		for _, h := range eval[[]string](tb, `[...document.querySelectorAll('[data-testid=team-table] tbody tr > th')].map(th => th.innerText)`) {
			for _, m := range mentors {
				if strings.HasPrefix(h, m.Name+m.TeamName) && m.TeamName != "" {
					t.Errorf("team table: the row header reads %q: the mentor's name and team run together", h)
				}
			}
		}
		if got := teamFlagCount(tb, "Fatima Ali", "Supervision"); got != "1" {
			t.Errorf("team table: Fatima Ali's supervision flag is %q, want 1 (her last supervision is 11 weeks ago)", got)
		}
		tb.check("team", 0)

		// A non-zero flag count, "Ingen kontakt" if any mentor has one.
		type flagLink struct {
			Href, Label string
			N           int
		}
		links := eval[[]flagLink](tb, `[...document.querySelectorAll('[data-testid=team-table] a.flag-count')]
			.filter(a => a.getAttribute('href').startsWith('/team/flag/'))
			.map(a => ({href: a.getAttribute('href'), label: a.getAttribute('aria-label'), n: parseInt(a.textContent.trim(), 10)}))`)
		if len(links) == 0 {
			t.Fatal("team table: no non-zero flag count links to a work queue")
		}
		pick := links[0]
		for _, l := range links {
			if strings.HasPrefix(l.Href, "/team/flag/"+domain.FlagNoContact+"?") {
				pick = l
				break
			}
		}
		t.Logf("clicking %q (%s)", pick.Label, pick.Href)
		clickAndWait(tb, "flag count "+pick.Label, chromedp.JSPath(fmt.Sprintf(`document.querySelector('a.flag-count[href=%s]')`, jsString(pick.Href))), 200)
		rows := eval[int](tb, `document.querySelectorAll('[data-testid=flag-table] tbody tr').length`)
		if rows != pick.N {
			t.Errorf("work queue %s: %d citizens listed, the team table said %d", pick.Href, rows, pick.N)
		}
		if got, want := textOf(tb, `[data-testid=result-count]`), countText(pick.N, "borger", "borgere"); got != want {
			t.Errorf("work queue: count %q, want %q", got, want)
		}
		tb.check("team-flag", 0)
		name := textOf(tb, `[data-testid=flag-table] tbody tr td a`)
		clickAndWait(tb, "citizen "+name, chromedp.CSS(`[data-testid=flag-table] tbody tr td a`), 200)
		if loc := tb.location(); !regexp.MustCompile(`^/borgere/\d+$`).MatchString(loc) {
			t.Errorf("citizen link in the work queue: at %s, want /borgere/ID", loc)
		}
		if h := textOf(tb, "main h1"); !strings.Contains(h, name) {
			t.Errorf("citizen page: heading %q, want %q", h, name)
		}
		tb.reportProblems("citizen page " + tb.location())
	})

	t.Run("budget", func(t *testing.T) {
		tb := leadTab(t)
		clickAndWait(tb, "nav link Budget", navLink("/rapporter/budget"), 200)
		perBudget := eval[[]string](tb, `[...document.querySelectorAll('[data-testid=budget-total-cost]')].map(td => td.dataset.budget + ': ' + td.innerText.trim())`)
		if len(perBudget) == 0 {
			t.Error("budget: no total per budget")
		}
		grand := textOf(tb, `[data-testid=total-cost]`)
		grandOre, ok := parseDanishKr(grand)
		if !ok {
			t.Fatalf("budget: grand total %q is not an amount like 1.234,50 kr.", grand)
		}
		// The per-budget totals add up to the grand total.
		var sum int64
		for _, s := range perBudget {
			v, ok := parseDanishKr(s[strings.Index(s, ": ")+2:])
			if !ok {
				t.Errorf("budget: total %q is not an amount", s)
			}
			sum += v
		}
		if sum != grandOre {
			t.Errorf("budget: totals per budget %q sum to %d øre, the grand total is %q", perBudget, sum, grand)
		}
		t.Logf("budget: %q, i alt %s", perBudget, grand)
		tb.check("budget", 0)

		// The CSV, fetched from inside the page (a download is not a page).
		href := eval[string](tb, `document.querySelector('[data-testid=csv-link]').getAttribute('href')`)
		if !strings.HasPrefix(href, "/rapporter/budget.csv?") {
			t.Fatalf("budget: CSV link %q", href)
		}
		type csvResp struct {
			Status      int
			ContentType string
			Disposition string
			Text        string
		}
		res := eval[csvResp](tb, fmt.Sprintf(`fetch(%s).then(async r => ({status: r.status,
			contentType: r.headers.get('content-type') || '', disposition: r.headers.get('content-disposition') || '',
			text: new TextDecoder('utf-8', {ignoreBOM: true}).decode(await r.arrayBuffer())}))`, jsString(href)))
		if res.Status != 200 || !strings.HasPrefix(res.ContentType, "text/csv") || !strings.Contains(res.Disposition, "attachment") {
			t.Errorf("CSV: status %d, type %q, disposition %q", res.Status, res.ContentType, res.Disposition)
		}
		if !strings.HasPrefix(res.Text, "\ufeff") {
			t.Errorf("CSV: does not start with the byte-order mark: %q", firstN(res.Text, 40))
		}
		lines := strings.Split(strings.TrimSuffix(strings.TrimPrefix(res.Text, "\ufeff"), "\r\n"), "\r\n")
		header := strings.Split(lines[0], ";")
		if len(header) < 3 {
			t.Fatalf("CSV: header %q is not separated by ';'", lines[0])
		}
		costCol, hoursCol := slices.Index(header, "Udgift"), slices.Index(header, "Timer")
		if costCol < 0 || hoursCol < 0 {
			t.Fatalf("CSV: header %q has no Udgift or Timer column", header)
		}
		if len(lines) < 2 {
			t.Fatal("CSV: no data rows")
		}
		decimal := regexp.MustCompile(`^-?\d+,\d{2}$`)
		var csvSum int64
		for i, line := range lines[1:] {
			cells := strings.Split(line, ";")
			if len(cells) != len(header) {
				t.Errorf("CSV row %d: %d cells, header has %d: %q", i+1, len(cells), len(header), line)
				continue
			}
			for _, c := range []int{hoursCol, costCol} {
				if !decimal.MatchString(cells[c]) {
					t.Errorf("CSV row %d: %s %q has no decimal comma", i+1, header[c], cells[c])
				}
			}
			csvSum += parseDanishOre(cells[costCol])
		}
		if csvSum != grandOre {
			t.Errorf("CSV: the Udgift column sums to %s, the page's grand total is %q", domain.FormatKr(float64(csvSum)/100), grand)
		}
		t.Logf("CSV: %d rows, Udgift sums to %s", len(lines)-1, domain.FormatKr(float64(csvSum)/100))
		tb.reportProblems("budget CSV fetch")

		clickAndWait(tb, "Levering pr. bevilling", chromedp.CSS(`[data-testid=delivery-link]`), 200)
		// The follow-up keeps the budget page's team (the team lead's own).
		if loc := tb.location(); !strings.HasPrefix(loc, "/rapporter/levering?team=") {
			t.Errorf("delivery link: at %s", loc)
		}
		if h := textOf(tb, `main h2`); h != "Mentorteam Nord" {
			t.Errorf("delivery follow-up for %q, want the team lead's team", h)
		}
		rows := eval[int](tb, `document.querySelectorAll('[data-testid=delivery-row]').length`)
		if count := textOf(tb, `[data-testid=delivery-count]`); !strings.Contains(count, countText(rows, "aktiv bevilling", "aktive bevillinger")) {
			t.Errorf("delivery: count %q does not match %d rows", count, rows)
		}
		tb.check("levering", 0)
	})

	t.Run("profilhaefte", func(t *testing.T) {
		tb := leadTab(t)
		clickAndWait(tb, "nav link Profilhæfte", navLink("/profilhaefte"), 200)
		specialties := eval[[]string](tb, `[...document.querySelectorAll('#speciale option')].map(o => o.value).filter(v => v)`)
		if len(specialties) == 0 {
			t.Fatal("profile booklet: no specialty to filter by")
		}
		// A specialty someone with free hours has, so the filtered list is
		// not empty ("angst" and "fleksjob" only have fully booked mentors).
		specialty := ""
		for _, s := range specialties {
			found, err := app.DB.FindProfiles(ctx, domain.ProfileFilter{Specialty: s, FreeCapacity: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(found) > 0 {
				specialty = s
				break
			}
		}
		if specialty == "" {
			t.Fatalf("profile booklet: nobody with free capacity has any of the specialties %q", specialties)
		}
		tb.do(chromedp.SetValue(chromedp.ID("speciale"), specialty, chromedp.NodeVisible))
		setTicked(tb, "Kun med ledig kapacitet", true)
		clickAndWait(tb, "Vis (profilhæfte)", byText("main form[role=search] button", "Vis"), 200)
		if loc := tb.location(); !strings.Contains(loc, "ledig=1") || !strings.Contains(loc, "speciale=") {
			t.Errorf("booklet filter: at %s, want speciale and ledig=1", loc)
		}
		want, err := app.DB.FindProfiles(ctx, domain.ProfileFilter{Specialty: specialty, FreeCapacity: true})
		if err != nil {
			t.Fatal(err)
		}
		cards := eval[int](tb, `document.querySelectorAll('main article.profile-card').length`)
		if cards != len(want) || cards == 0 {
			t.Errorf("booklet filtered by %q with free capacity: %d profiles, want %d", specialty, cards, len(want))
		}
		if got := textOf(tb, `[data-testid=result-count]`); got != countText(len(want), "profil", "profiler") {
			t.Errorf("booklet: count %q, want %q", got, countText(len(want), "profil", "profiler"))
		}
		free := eval[[]string](tb, `[...document.querySelectorAll('main article.profile-card [data-testid=free-hours]')].map(d => d.innerText.trim())`)
		for _, f := range free {
			if strings.HasPrefix(f, "Ingen") || strings.HasPrefix(f, "0 ") {
				t.Errorf("booklet with \"Kun med ledig kapacitet\": a profile shows Ledig %q", f)
			}
		}
		if run(tb, chromedp.Value(chromedp.ID("speciale"))) != specialty || !eval[bool](tb, `document.getElementById('ledig').checked`) {
			t.Error("booklet: the filters are not kept after Vis")
		}
		tb.check("profilhaefte", 0)

		clickAndWait(tb, "Udskriv profilhæftet", chromedp.CSS(`[data-testid=print-link]`), 200)
		if loc := tb.location(); loc != "/profilhaefte/udskriv" {
			t.Errorf("print link: at %s", loc)
		}
		all, err := app.DB.FindProfiles(ctx, domain.ProfileFilter{})
		if err != nil {
			t.Fatal(err)
		}
		tb.do(setMedia("print"))
		if n := eval[int](tb, `document.querySelectorAll('section.profile-block').length`); n != len(all) {
			t.Errorf("print booklet: %d profiles, want all %d", n, len(all))
		}
		if d := eval[string](tb, `getComputedStyle(document.querySelector('.profile-print-back')).display`); d != "none" {
			t.Errorf("print booklet in print media: the back link/instructions have display %q, want none", d)
		}
		tb.check("profilhaefte-print", 0)
		pdf := run(tb, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
		if len(pdf) < 1000 || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Errorf("booklet as PDF: %d bytes, not a PDF", len(pdf))
		}
		if err := os.WriteFile(filepath.Join(screenshotDir, "profilhaefte.pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
		t.Logf("profilhaefte.pdf: %d bytes, %d A4 page(s), %d profiles", len(pdf), pages, len(all))
		tb.do(setMedia(""))
		// The print view has no navigation: back the way a user goes.
		clickAndWait(tb, "Tilbage til profilhæftet", byText("main a", "Tilbage til profilhæftet"), 200)
		if loc := tb.location(); loc != "/profilhaefte" {
			t.Errorf("back from the print view: at %s", loc)
		}
	})

	t.Run("supervision", func(t *testing.T) {
		tb := leadTab(t)
		clickAndWait(tb, "nav link Supervision", navLink("/supervision"), 200)
		row := fmt.Sprintf(`[data-testid=supervision-mentor-%d]`, fatimaID)
		if !tb.visible(row + ` [data-testid=supervision-flag]`) {
			t.Errorf("supervision: Fatima Ali's row %q shows no flag", textOf(tb, row))
		}
		clickAndWait(tb, "Registrér for Fatima", chromedp.CSS(row+` a`), 200)
		if loc := tb.location(); loc != fmt.Sprintf("/supervision/ny?deltager=%d", fatimaID) {
			t.Errorf("Registrér: at %s", loc)
		}
		if !eval[bool](tb, fmt.Sprintf(`document.getElementById('participant-%d').checked`, fatimaID)) {
			t.Error("Registrér for Fatima: she is not ticked in advance")
		}
		tb.check("supervision-ny", 0)

		const facilitator, themes = "Anne Supervisor", "Adskillelse af roller som mentor og støttekontaktperson"
		retype(tb, "held_on", today)
		setTicked(tb, "Kollegial sparring", true)
		tb.typeInto("facilitator", facilitator)
		tb.typeInto("themes", themes)
		setTicked(tb, "Fatima Ali", false)
		clickAndWait(tb, "Gem (no participants)", byText("main form button", "Gem"), 422)
		assertFieldError(tb, "participants", "Vælg mindst én deltager.")
		if !tb.visible(`[data-testid=error-summary]`) {
			t.Error("supervision without participants: no error summary")
		}
		assertKept(tb, "supervision without participants", map[string]string{"held_on": today, "facilitator": facilitator, "themes": themes})
		if !eval[bool](tb, `document.getElementById('form-kollegial_sparring').checked`) {
			t.Error("supervision without participants: the form Kollegial sparring is not kept")
		}
		tb.check("supervision-fejl", 0)

		setTicked(tb, "Fatima Ali", true)
		clickAndWait(tb, "Gem", byText("main form button", "Gem"), 200)
		if loc := tb.location(); loc != "/supervision" {
			t.Errorf("after saving: at %s, want /supervision", loc)
		}
		assertFlash(tb, "Kollegial sparring den "+today+" er registreret for 1 deltager.")
		if tb.visible(row + ` [data-testid=supervision-flag]`) {
			t.Errorf("supervision after registering: Fatima's row still flagged: %q", textOf(tb, row))
		}
		if got := textOf(tb, row+" td"); !strings.HasPrefix(got, today) {
			t.Errorf("supervision: Fatima's last %q, want %s", got, today)
		}
		tb.check("supervision", 0)

		clickAndWait(tb, "nav link Team", navLink("/team"), 200)
		tb.do(chromedp.SetValue(chromedp.ID("team"), "alle", chromedp.NodeVisible))
		clickAndWait(tb, "Vis (team)", byText("main form[action='/team'] button", "Vis"), 200)
		if got := teamFlagCount(tb, "Fatima Ali", "Supervision"); got != "0" {
			t.Errorf("team after the supervision: Fatima Ali's supervision flag is %q, want 0", got)
		}
		tb.reportProblems("team after supervision")
	})

	t.Run("adgang", func(t *testing.T) {
		for _, user := range []string{"mentor", "sagsbehandler"} {
			tb := newTab(t, app, shots)
			signInAnywhere(tb, user)
			paths := []string{"/team", "/rapporter/budget", "/supervision/ny"}
			if user == "sagsbehandler" {
				paths = append(paths, "/supervision")
			}
			for _, p := range paths {
				tb.open(p, 403)
				if !tb.visible(`[data-testid=error-heading]`) {
					t.Errorf("%s on %s: no error heading", user, p)
				}
				tb.check(user+"-403"+strings.ReplaceAll(p, "/", "-"), 0)
			}
			entries, _, err := app.DB.FindAccessEntries(ctx, domain.AccessFilter{Username: user, Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range paths {
				if !slices.ContainsFunc(entries, func(e domain.AccessEntry) bool {
					return e.Action == domain.ActionDenied && e.EntityID == "GET "+p
				}) {
					t.Errorf("access log: no %s entry for %s on GET %s", domain.ActionDenied, user, p)
				}
			}
		}
	})

	t.Run("arbejdskoe", func(t *testing.T) {
		tb := newTab(t, app, shots)
		tb.signIn("sagsbehandler")
		clickAndWait(tb, "Arbejdskø on the home page", byText("main a", "Arbejdskø"), 200)
		if loc := tb.location(); loc != "/arbejdskoe" {
			t.Errorf("Arbejdskø: at %s", loc)
		}
		type count struct {
			Href string
			N    int
		}
		counts := eval[[]count](tb, `[...document.querySelectorAll('[data-testid=work-queue] a')]
			.map(a => ({href: a.getAttribute('href'), n: parseInt(a.querySelector('strong').textContent, 10)}))`)
		if items := eval[int](tb, `document.querySelectorAll('[data-testid=work-queue] li').length`); items != len(domain.Flags) {
			t.Errorf("Arbejdskø: %d lines, want one per flag (%d)", items, len(domain.Flags))
		}
		if len(counts) == 0 {
			t.Fatal("Arbejdskø: no non-zero count to click")
		}
		c := counts[0]
		clickAndWait(tb, "count "+c.Href, chromedp.JSPath(fmt.Sprintf(`document.querySelector('[data-testid=work-queue] a[href=%s]')`, jsString(c.Href))), 200)
		if rows := eval[int](tb, `document.querySelectorAll('[data-testid=flag-table] tbody tr').length`); rows != c.N {
			t.Errorf("Arbejdskø %s: %d citizens listed, the count said %d", c.Href, rows, c.N)
		}
		if !eval[bool](tb, fmt.Sprintf(`document.querySelector('[data-testid=work-queue] a[href=%s]').getAttribute('aria-current') !== null`, jsString(c.Href))) {
			t.Error("Arbejdskø: the chosen count is not marked aria-current")
		}
		tb.check("arbejdskoe", 0)
	})

	t.Logf("%d pages in %s", len(shots), time.Since(start).Round(time.Millisecond))
}

// navLink is the main navigation's link to href.
func navLink(href string) chromedp.CSS {
	return chromedp.CSS(`header nav[aria-label="Hovedmenu"] a[href="` + href + `"]`)
}

// teamFlagCount is the text in the team table's cell for the mentor and the
// column with the short header, "" if either is missing.
func teamFlagCount(tb *tab, mentor, column string) string {
	tb.t.Helper()
	return eval[string](tb, fmt.Sprintf(`(() => {
		const heads = [...document.querySelectorAll('[data-testid=team-table] thead th')].map(th => th.innerText.replace(/\u00ad/g, '').trim());
		const col = heads.indexOf(%s);
		const row = [...document.querySelectorAll('[data-testid=team-table] tbody tr')].find(tr => tr.querySelector('th').firstChild.textContent.trim() === %s);
		if (col < 0 || !row) return '';
		return row.children[col].innerText.trim();
	})()`, jsString(column), jsString(mentor)))
}

// countText mirrors the views' "1 borger" / "3 borgere".
func countText(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// parseDanishKr reads "1.234,50 kr." as øre.
func parseDanishKr(s string) (int64, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "kr."))
	if !regexp.MustCompile(`^-?\d{1,3}(\.\d{3})*,\d{2}$`).MatchString(s) {
		return 0, false
	}
	return parseDanishOre(strings.ReplaceAll(s, ".", "")), true
}

// parseDanishOre reads "1234,50" as øre.
func parseDanishOre(s string) int64 {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ",")
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
	v := w*100 + f
	if neg {
		v = -v
	}
	return v
}

func firstN(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
