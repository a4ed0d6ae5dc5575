package browsertest

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"mentorspor/internal/demo"
	"mentorspor/internal/servertest"
)

const (
	chromiumPath  = "/usr/bin/chromium"
	pageTimeout   = 20 * time.Second // per page: navigation, checks, axe and screenshot
	screenshotDir = "screenshots"    // git-ignored
	phoneWidth    = 375
	phoneHeight   = 812
)

// axeSource is axe-core, injected into every page through DevTools
// (Runtime.evaluate is not subject to the page's Content-Security-Policy).
//
//go:embed testdata/axe.min.js
var axeSource string

// The one browser of the package, started on first use and closed by TestMain.
var (
	browserOnce sync.Once
	browserCtx  context.Context
	browserStop func()
	browserErr  error
	userDataDir string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if browserStop != nil {
		browserStop()
	}
	if userDataDir != "" {
		_ = os.RemoveAll(userDataDir)
	}
	os.Exit(code)
}

// browser returns the context of the shared browser. Without Chromium the
// test is skipped, but it fails in CI, where the browser must be there.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but Chromium is missing at %s: %v (install the Debian package chromium)", chromiumPath, err)
		}
		t.Skipf("skipping the browser test: Chromium is missing at %s (apt-get install chromium); in CI (CI=true) this fails", chromiumPath)
	}
	browserOnce.Do(startBrowser)
	if browserErr != nil {
		t.Fatalf("start Chromium: %v", browserErr)
	}
	return browserCtx
}

func startBrowser() {
	dir, err := os.MkdirTemp("", "mentorspor-chromium-")
	if err != nil {
		browserErr = err
		return
	}
	userDataDir = dir
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	browserStop = func() {
		// Close the browser gracefully, but never wait long for it.
		tctx, tcancel := context.WithTimeout(ctx, 10*time.Second)
		_ = chromedp.Cancel(tctx)
		tcancel()
		cancel()
		allocCancel()
	}
	// The first Do starts the browser and binds its life to ctx, so it gets
	// no timeout; a start that hangs is cut off by the timer instead.
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }()
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		err = errors.New("Chromium did not start within 30 s")
		cancel()
	}
	if err != nil {
		browserErr = err
		return
	}
	browserCtx = ctx
}

// tab is one browser tab with its own cookies (a new browser context), and
// the problems seen in it: console errors, exceptions, CSP violations and
// failed requests. A page's own HTTP status is checked by the step that
// loads it.
type tab struct {
	t     *testing.T
	ctx   context.Context
	base  string
	shots map[string]bool // screenshot names, shared by the whole test

	mu       sync.Mutex
	problems []string
	docs     map[network.RequestID]bool   // requests of HTML documents
	urls     map[network.RequestID]string // request URLs, for failures
}

func newTab(t *testing.T, app *servertest.App, shots map[string]bool) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser(t), chromedp.WithNewBrowserContext())
	tb := &tab{t: t, ctx: ctx, base: app.URL, shots: shots,
		docs: map[network.RequestID]bool{}, urls: map[network.RequestID]string{}}
	t.Cleanup(cancel)
	// Listen opens the tab (the first command), so the tab gets no timeout.
	if err := chromedp.Listen(ctx, tb.onEvent); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	// Runs before cancel (cleanups run last first): late events still count.
	t.Cleanup(func() { tb.reportProblems("pages loaded after the last check") })
	return tb
}

// onEvent runs in the tab's read loop: it only records, fast.
func (tb *tab) onEvent(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			tb.problems = append(tb.problems, fmt.Sprintf("console.%s: %s", ev.Type, argsText(ev.Args)))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		tb.problems = append(tb.problems, fmt.Sprintf("uncaught exception: %s (%s:%d)", text, d.URL, d.LineNumber+1))
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Source == log.EntrySourceNetwork && tb.docs[e.NetworkRequestID] {
			return // "Failed to load resource" for a 4xx page: its status is asserted
		}
		csp := strings.Contains(e.Text, "Content Security Policy") || strings.Contains(e.Text, "Content-Security-Policy")
		if e.Level == log.EntryLevelError || csp || e.Source == log.EntrySourceSecurity {
			tb.problems = append(tb.problems, fmt.Sprintf("browser log (%s, %s): %s %s", e.Source, e.Level, e.Text, e.URL))
		}
	case *network.EventRequestWillBeSent:
		tb.urls[ev.RequestID] = ev.Request.URL
		if ev.Type == network.ResourceTypeDocument {
			tb.docs[ev.RequestID] = true
		}
	case *network.EventResponseReceived:
		if ev.Type != network.ResourceTypeDocument && ev.Response.Status >= 400 {
			tb.problems = append(tb.problems, fmt.Sprintf("HTTP %d for %s %s", ev.Response.Status, ev.Type, ev.Response.URL))
		}
	case *network.EventLoadingFailed:
		if ev.BlockedReason != "" || !ev.Canceled {
			tb.problems = append(tb.problems, fmt.Sprintf("loading failed: %s %s: %s (blocked: %q)",
				ev.Type, tb.urls[ev.RequestID], ev.ErrorText, ev.BlockedReason))
		}
	}
}

func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		switch {
		case len(a.Value) > 0:
			parts = append(parts, strings.Trim(string(a.Value), `"`))
		case a.Description != "":
			parts = append(parts, a.Description)
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, " ")
}

// takeProblems returns and forgets the problems recorded so far.
func (tb *tab) takeProblems() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	problems := tb.problems
	tb.problems = nil
	return problems
}

// reportProblems fails the test for every problem recorded since the last
// call, naming the page they belong to.
func (tb *tab) reportProblems(page string) {
	tb.t.Helper()
	for _, p := range tb.takeProblems() {
		tb.t.Errorf("%s: %s", page, p)
	}
}

// do runs steps with the per-page timeout.
func (tb *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, pageTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.t.Fatalf("browser: %v", err)
	}
}

// run runs one action with the per-page timeout and returns its value.
func run[T any](tb *tab, a chromedp.Action[T]) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, pageTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tb.t.Fatalf("browser: %v", err)
	}
	return v
}

// eval evaluates a JavaScript expression (awaiting a promise) in the page.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	return run(tb, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// open navigates to path and asserts the status of the page.
func (tb *tab) open(path string, wantStatus int64) {
	tb.t.Helper()
	resp := run(tb, chromedp.NavigateResponse(tb.base+path))
	tb.assertStatus("GET "+path, resp, wantStatus)
}

// submit clicks the button like a user and waits for the next page.
func (tb *tab) submit(button string, wantStatus int64) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, pageTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(button), chromedp.NodeVisible))
	if err != nil {
		tb.t.Fatalf("click %s: %v", button, err)
	}
	tb.assertStatus("click "+button, resp, wantStatus)
}

func (tb *tab) assertStatus(what string, resp *network.Response, want int64) {
	tb.t.Helper()
	if resp == nil {
		tb.t.Fatalf("%s: no page was loaded", what)
	}
	if got := resp.Status; got != want {
		tb.t.Fatalf("%s: status %d, want %d (page %s)", what, got, want, tb.location())
	}
}

// typeInto types text into the field with the id, key by key.
func (tb *tab) typeInto(id, text string) {
	tb.t.Helper()
	tb.do(chromedp.SendKeys(chromedp.ID(id), text, chromedp.NodeVisible))
}

// location is the current URL without the server address.
func (tb *tab) location() string {
	return strings.TrimPrefix(run(tb, chromedp.Location()), tb.base)
}

// bodyText is what the user sees.
func (tb *tab) bodyText() string {
	tb.t.Helper()
	return eval[string](tb, `document.body.innerText`)
}

// visible reports whether an element matching the CSS selector is shown
// (checked in the page, so a missing element does not wait for a timeout).
func (tb *tab) visible(selector string) bool {
	tb.t.Helper()
	return eval[bool](tb, fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		if (!el) return false;
		const r = el.getBoundingClientRect();
		return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
	})()`, selector))
}

// href returns the link target of the first link in scope with the text.
func (tb *tab) href(scope, text string) string {
	tb.t.Helper()
	h := eval[string](tb, fmt.Sprintf(`(() => {
		const a = [...document.querySelectorAll(%q)].find(a => a.textContent.trim() === %q);
		return a ? a.getAttribute('href') : '';
	})()`, scope+" a", text))
	if h == "" {
		tb.t.Fatalf("no link %q in %s on %s", text, scope, tb.location())
	}
	return h
}

// signIn signs in through the form, like a user, and asserts the home page
// names the user.
func (tb *tab) signIn(username string) {
	tb.t.Helper()
	tb.open("/login", 200)
	tb.typeInto("username", username)
	tb.typeInto("password", demo.Password)
	tb.submit(`main form[action="/login"] button[type=submit]`, 200)
	want := "/"
	if username == "mentor" {
		want = "/mine-borgere" // a mentor's home is their citizens
	}
	if loc := tb.location(); loc != want {
		tb.t.Fatalf("after sign-in as %s: at %s, want %s", username, loc, want)
	}
	got := strings.TrimSpace(run(tb, chromedp.TextContent(chromedp.CSS(`[data-testid=current-user]`))))
	if want := displayName(username); got != want {
		tb.t.Errorf("signed in as %s: header shows %q, want %q", username, got, want)
	}
}

func displayName(username string) string {
	for _, u := range demo.Users {
		if u.Username == username {
			return u.DisplayName
		}
	}
	panic("no demo user " + username)
}

// signOut uses the "Log ud" button in the header.
func (tb *tab) signOut() {
	tb.t.Helper()
	tb.submit(`header .additional-info .logout-form button[type=submit]`, 200)
	if loc := tb.location(); loc != "/login?logget_ud=1" {
		tb.t.Errorf("after sign-out: at %s, want /login?logget_ud=1", loc)
	}
	if text := tb.bodyText(); !strings.Contains(text, "Du er logget ud.") {
		tb.t.Errorf("after sign-out: %q not shown", "Du er logget ud.")
	}
}

// axeResult is the part of axe's results the test reports.
type axeResult struct {
	Violations []struct {
		ID      string `json:"id"`
		Impact  string `json:"impact"`
		Help    string `json:"help"`
		HelpURL string `json:"helpUrl"`
		Nodes   []struct {
			Target  []string `json:"target"`
			HTML    string   `json:"html"`
			Summary string   `json:"summary"`
		} `json:"nodes"`
	} `json:"violations"`
	Incomplete []struct {
		ID      string   `json:"id"`
		Targets []string `json:"targets"`
	} `json:"incomplete"`
	Passes int `json:"passes"`
}

const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
	.then(r => ({
		violations: r.violations.map(v => ({
			id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html, summary: n.failureSummary || ''})),
		})),
		incomplete: r.incomplete.map(v => ({id: v.id, targets: v.nodes.map(n => n.target.join(' '))})),
		passes: r.passes.length,
	}))`

// markupResult lists what the CSP forbids in the markup, fonts that did not
// load, and the width of the page.
type markupResult struct {
	InlineScripts []string `json:"inlineScripts"`
	StyleElements []string `json:"styleElements"`
	StyleAttrs    []string `json:"styleAttrs"`
	FailedFonts   []string `json:"failedFonts"`
	ScrollWidth   int      `json:"scrollWidth"`
}

// markupCheck first waits for the fonts and for running CSS transitions and
// animations (the mobile drawer slides in), at most 3 s.
const markupCheck = `Promise.race([
	Promise.all([document.fonts.ready, ...document.getAnimations().map(a => a.finished.catch(() => null))]),
	new Promise(resolve => setTimeout(resolve, 3000)),
]).then(() => ({
	inlineScripts: [...document.querySelectorAll('script:not([src])')].map(s => s.outerHTML.slice(0, 160)),
	styleElements: [...document.querySelectorAll('style')].map(s => s.outerHTML.slice(0, 160)),
	styleAttrs: [...document.querySelectorAll('[style]')].map(e => e.outerHTML.slice(0, 160)),
	failedFonts: [...document.fonts].filter(f => f.status === 'error').map(f => f.family + ' ' + f.weight + ' ' + f.style),
	scrollWidth: document.documentElement.scrollWidth,
}))`

// check runs the checks of every page on the page shown now and saves its
// screenshot as name.png. maxWidth > 0 also asserts no horizontal scroll.
func (tb *tab) check(name string, maxWidth int) {
	tb.t.Helper()
	t := tb.t
	if tb.shots[name] {
		t.Fatalf("screenshot name %q used twice", name)
	}
	tb.shots[name] = true
	page := name + " (" + tb.location() + ")"

	m := eval[markupResult](tb, markupCheck)
	for _, s := range m.InlineScripts {
		t.Errorf("%s: inline <script> without src: %s", page, s)
	}
	for _, s := range m.StyleElements {
		t.Errorf("%s: inline <style> element: %s", page, s)
	}
	for _, s := range m.StyleAttrs {
		t.Errorf("%s: style attribute: %s", page, s)
	}
	for _, f := range m.FailedFonts {
		t.Errorf("%s: font did not load: %s", page, f)
	}
	if maxWidth > 0 && m.ScrollWidth > maxWidth {
		t.Errorf("%s: scrolls horizontally at %d px: document.documentElement.scrollWidth = %d", page, maxWidth, m.ScrollWidth)
	}

	eval[chromedp.Void](tb, axeSource)
	res := eval[axeResult](tb, axeRun)
	for _, v := range res.Violations {
		var b strings.Builder
		fmt.Fprintf(&b, "%s: axe %s (%s): %s – %s", page, v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n\t%s\n\t\t%s\n\t\t%s", strings.Join(n.Target, " "), n.HTML,
				strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
		}
		t.Error(b.String())
	}
	if res.Passes == 0 {
		t.Errorf("%s: axe ran no passing rule; was it injected?", page)
	}
	var review []string
	for _, v := range res.Incomplete {
		review = append(review, v.ID+" "+strings.Join(v.Targets, ", "))
	}
	t.Logf("%s: axe: %d rules passed, %d violations; needs manual review: %v", page, res.Passes, len(res.Violations), review)

	png := run(tb, chromedp.FullScreenshot(100))
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(screenshotDir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	tb.reportProblems(page)
}

func TestPages(t *testing.T) {
	browser(t) // skip (or fail in CI) before the database is made
	app := servertest.New(t)
	start := time.Now()
	shots := map[string]bool{}

	t.Run("selvtest", func(t *testing.T) {
		// The checks must see what they look for: break a page on purpose.
		tb := newTab(t, app, shots)
		tb.open("/login", 200)
		tb.takeProblems() // the real page is checked in "anonym"
		blocked := eval[bool](tb, `new Promise(resolve => {
			document.body.setAttribute('style', 'color: red');
			const s = document.createElement('script');
			s.textContent = 'window.inlineScriptRan = true';
			document.body.append(s);
			const img = document.createElement('img');
			img.alt = '';
			img.onerror = () => resolve(window.inlineScriptRan !== true);
			img.src = '/static/findes-ikke.png';
			document.body.append(img);
		})`)
		if !blocked {
			t.Error("an inline script ran: is the Content-Security-Policy missing?")
		}
		m := eval[markupResult](tb, markupCheck)
		if len(m.InlineScripts) != 1 || len(m.StyleAttrs) != 1 {
			t.Errorf("markup check found %d inline scripts and %d style attributes, want 1 and 1", len(m.InlineScripts), len(m.StyleAttrs))
		}
		wants := []string{"HTTP 404 for Image", "inline script", "inline style"}
		var seen []string
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			seen = append(seen, tb.takeProblems()...)
			if all := strings.Join(seen, "\n"); !slices.ContainsFunc(wants, func(w string) bool { return !strings.Contains(all, w) }) {
				break
			}
		}
		all := strings.Join(seen, "\n")
		for _, w := range wants {
			if !strings.Contains(all, w) {
				t.Errorf("the event checks did not see %q; they saw:\n%s", w, all)
			}
		}
		if t.Failed() {
			t.Logf("events seen: %s", all)
		}
	})

	t.Run("anonym", func(t *testing.T) {
		tb := newTab(t, app, shots)
		tb.open("/login", 200)
		tb.check("login", 0)

		// A wrong password: the error is shown and the username kept.
		tb.typeInto("username", "mentor2")
		tb.typeInto("password", "forkert-adgangskode")
		tb.submit(`main form[action="/login"] button[type=submit]`, 401)
		if !strings.Contains(tb.bodyText(), "Forkert brugernavn eller adgangskode") {
			t.Errorf("wrong password: %q not shown", "Forkert brugernavn eller adgangskode")
		}
		if !tb.visible(`[data-testid=alert-error]`) {
			t.Error("wrong password: the error alert is not visible")
		}
		if got := run(tb, chromedp.Value(chromedp.ID("username"))); got != "mentor2" {
			t.Errorf("wrong password: username field holds %q, want %q", got, "mentor2")
		}
		if got := run(tb, chromedp.Value(chromedp.ID("password"))); got != "" {
			t.Errorf("wrong password: the password field was filled in again")
		}
		tb.check("login-fejl", 0)

		// An empty form: the error summary.
		tb.open("/login", 200)
		tb.submit(`main form[action="/login"] button[type=submit]`, 422)
		if !tb.visible(`[data-testid=error-summary]`) {
			t.Error("empty sign-in form: error summary not visible")
		}
		tb.check("login-tom", 0)

		tb.open("/findes-ikke", 404)
		tb.check("anonym-404", 0)

		// A page that needs sign-in leads to the sign-in page.
		tb.open("/admin/brugere", 200)
		if loc := tb.location(); loc != "/login?next=%2Fadmin%2Fbrugere" {
			t.Errorf("anonymous /admin/brugere: at %s, want the sign-in page with next", loc)
		}
	})

	for _, role := range []string{"sagsbehandler", "mentor", "teamleder", "socialraadgiver"} {
		t.Run(role, func(t *testing.T) {
			tb := newTab(t, app, shots)
			tb.signIn(role)
			tb.check(role+"-forside", 0)

			tb.open("/admin/brugere", 403)
			if !tb.visible(`[data-testid=error-heading]`) {
				t.Error("403: no error heading")
			}
			tb.check(role+"-403", 0)

			tb.open("/findes-ikke", 404)
			tb.check(role+"-404", 0)

			tb.signOut()
			if role == "mentor" {
				tb.check("logget-ud", 0)
			}
			// The session is gone.
			tb.open("/", 200)
			if loc := tb.location(); !strings.HasPrefix(loc, "/login") {
				t.Errorf("after sign-out, / shows %s, want the sign-in page", loc)
			}
		})
	}

	t.Run("admin", func(t *testing.T) {
		tb := newTab(t, app, shots)
		tb.signIn("admin")
		tb.check("admin-forside", 0)

		tb.open("/admin/brugere", 200)
		tb.check("admin-brugere", 0)
		userURL := tb.href(`[data-testid=user-table]`, "Mette Jensen")

		tb.open("/admin/brugere/ny", 200)
		tb.check("admin-brugere-ny", 0)
		tb.submit(`main form[action="/admin/brugere"] button[type=submit]`, 422)
		if !tb.visible(`[data-testid=error-summary]`) {
			t.Error("empty create-user form: error summary not visible")
		}
		tb.check("admin-brugere-ny-fejl", 0)

		tb.open(userURL, 200)
		tb.check("admin-bruger-rediger", 0)
		deactivateURL := tb.href("main", "Deaktiver bruger")
		passwordURL := tb.href("main", "Nulstil adgangskode")

		tb.open(deactivateURL, 200)
		tb.check("admin-bruger-deaktiver", 0)

		tb.open(passwordURL, 200)
		tb.check("admin-bruger-adgangskode", 0)

		tb.open("/admin/teams", 200)
		tb.check("admin-teams", 0)
		teamURL := tb.href(`[data-testid=team-table]`, "Mentorteam Nord")
		tb.open(teamURL, 200)
		tb.check("admin-team-rediger", 0)

		tb.open("/admin/adgangslog", 200)
		tb.check("admin-adgangslog", 0)
		tb.typeInto("bruger", "admin")
		tb.submit(`main form[role=search] button.button-primary`, 200)
		if loc := tb.location(); !strings.Contains(loc, "bruger=admin") {
			t.Errorf("access-log search: at %s, want ?bruger=admin", loc)
		}
		if !tb.visible(`[data-testid=access-table]`) {
			t.Error("access-log search: no result table")
		}
		if n := eval[int](tb, `document.querySelectorAll('[data-testid=access-table] tbody tr').length`); n == 0 {
			t.Error("access-log search for admin: no rows (the sign-in must be logged)")
		}
		tb.check("admin-adgangslog-soeg", 0)

		tb.typeInto("borger", "abc")
		tb.submit(`main form[role=search] button.button-primary`, 422)
		if !tb.visible(`[data-testid=error-summary]`) {
			t.Error("access-log search with a bad citizen id: error summary not visible")
		}
		tb.check("admin-adgangslog-fejl", 0)

		tb.open("/findes-ikke", 404)
		tb.check("admin-404", 0)

		tb.signOut()
	})

	t.Run("mobil", func(t *testing.T) {
		tb := newTab(t, app, shots)
		tb.do(chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile))
		tb.open("/login", 200)
		tb.check("mobile-login", phoneWidth)

		tb.signIn("mentor")
		tb.check("mobile-mentor-forside", phoneWidth)

		// The menu button opens the drawer (DKFDS JavaScript).
		if !tb.visible(`.js-menu-open`) {
			t.Fatal("phone: no visible menu button")
		}
		tb.do(chromedp.Click(chromedp.CSS(`.js-menu-open`), chromedp.NodeVisible),
			chromedp.WaitVisible(chromedp.CSS(`.mobile-drawer .js-menu-close`)))
		tb.check("mobile-mentor-menu", phoneWidth)
	})

	t.Logf("%d pages in %s", len(shots), time.Since(start).Round(time.Millisecond))
}
