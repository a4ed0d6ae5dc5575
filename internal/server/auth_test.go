package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/internal/servertest"
)

func sessionCookie(t *testing.T, app *servertest.App, c *http.Client) *http.Cookie {
	t.Helper()
	u, _ := url.Parse(app.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if strings.Contains(ck.Name, "mentorspor_session") {
			return ck
		}
	}
	return nil
}

func countSessions(t *testing.T, app *servertest.App) int {
	t.Helper()
	var n int
	if err := app.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM sessions`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLoginWrongPasswordKeepsUsername(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	for _, username := range []string{"mentor", "findes-ikke"} {
		resp := app.PostForm(t, c, "/login", url.Values{"username": {username}, "password": {"forkert-kode"}})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("%s: status %d, want 401", username, resp.StatusCode)
		}
		if !strings.Contains(resp.Body, "Forkert brugernavn eller adgangskode") {
			t.Fatalf("%s: message missing", username)
		}
		if !strings.Contains(resp.Body, `value="`+username+`"`) {
			t.Fatalf("%s: username not kept in the form", username)
		}
		if strings.Contains(resp.Body, "forkert-kode") {
			t.Fatal("the password must never be sent back")
		}
	}
	resp := app.PostForm(t, c, "/login", url.Values{"username": {""}, "password": {""}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(resp.Body, "Skriv dit brugernavn") ||
		!strings.Contains(resp.Body, "Skriv din adgangskode") {
		t.Fatalf("empty form: %d", resp.StatusCode)
	}
	entries, _, _ := app.DB.FindAccessEntries(t.Context(), domain.AccessFilter{Username: "mentor"})
	if len(entries) != 1 || entries[0].Action != domain.ActionLoginFailed || entries[0].IP == "" {
		t.Fatalf("failed sign-in not logged with IP: %+v", entries)
	}
}

func TestLoginFormLabels(t *testing.T) {
	app := servertest.New(t)
	resp := app.Get(t, app.Client(t), "/login")
	for _, want := range []string{`<label class="form-label" for="username">Brugernavn`, `name="username"`,
		`<label class="form-label" for="password">Adgangskode`, `name="password"`, `<html lang="da">`} {
		if !strings.Contains(resp.Body, want) {
			t.Errorf("login page lacks %q", want)
		}
	}
}

func TestLoginRedirectsOnlyToLocalPaths(t *testing.T) {
	app := servertest.New(t)
	tests := map[string]string{
		"/admin/brugere?side=2": "/admin/brugere?side=2",
		"//evil.example":        "/",
		"https://evil.example/": "/",
		`/\evil.example`:        "/",
		"javascript:alert(1)":   "/",
		"":                      "/",
	}
	for next, want := range tests {
		c := app.Client(t)
		resp := app.PostForm(t, c, "/login", url.Values{"username": {"admin"}, "password": {"mentorspor"}, "next": {next}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Errorf("next=%q: got %d %q, want %q", next, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
	// The sign-in page itself cleans next before putting it in the form.
	resp := app.Get(t, app.Client(t), "/login?next="+url.QueryEscape("//evil.example"))
	if strings.Contains(resp.Body, "evil.example") {
		t.Fatal("foreign next must not reach the form")
	}
}

func TestLoginRenewsTokenAndLogoutDestroysSession(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "mentor")
	first := sessionCookie(t, app, c)
	if first == nil {
		t.Fatal("no session cookie after sign-in")
	}
	app.Login(t, c, "sagsbehandler")
	second := sessionCookie(t, app, c)
	if second.Value == first.Value {
		t.Fatal("the session token must be renewed at sign-in")
	}
	before := countSessions(t, app)
	// Tokens are stored hashed, never as sent in the cookie.
	var raw int
	app.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM sessions WHERE token = $1`, second.Value).Scan(&raw)
	if raw != 0 {
		t.Fatal("session token stored in clear")
	}

	resp := app.PostForm(t, c, "/logout", nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?logget_ud=1" {
		t.Fatalf("logout: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if after := countSessions(t, app); after != before-1 {
		t.Fatalf("logout must delete the session in the store: %d → %d", before, after)
	}
	// Replaying the old cookie gets the sign-in page.
	replay := app.Client(t)
	u, _ := url.Parse(app.URL)
	replay.Jar.SetCookies(u, []*http.Cookie{{Name: second.Name, Value: second.Value, Path: "/"}})
	if r := app.Get(t, replay, "/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("old token still works: %d", r.StatusCode)
	}
	if r := app.Get(t, c, "/login?logget_ud=1"); !strings.Contains(r.Body, "Du er logget ud") {
		t.Fatal("no logged-out notice")
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	resp := app.PostForm(t, c, "/login", url.Values{"username": {"admin"}, "password": {"mentorspor"}})
	setCookie := resp.Header.Get("Set-Cookie")
	for _, want := range []string{"__Host-mentorspor_session=", "Path=/", "HttpOnly", "Secure", "SameSite=Lax"} {
		if !strings.Contains(setCookie, want) {
			t.Errorf("Set-Cookie %q lacks %s", setCookie, want)
		}
	}
	for _, bad := range []string{"Expires", "Max-Age"} {
		if strings.Contains(setCookie, bad) {
			t.Errorf("session cookie must not persist: %q", setCookie)
		}
	}
}

func TestLockoutAfterFiveFailures(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	for i := 1; i <= 5; i++ {
		resp := app.PostForm(t, c, "/login", url.Values{"username": {"mentor"}, "password": {"forkert"}})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, resp.StatusCode)
		}
		if i == 5 && !strings.Contains(resp.Body, "spærret") {
			t.Fatal("the fifth failure must say that sign-in is now locked")
		}
	}
	resp := app.PostForm(t, c, "/login", url.Values{"username": {"mentor"}, "password": {"mentorspor"}})
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(resp.Body, "Login er spærret til kl.") {
		t.Fatalf("right password during lock-out: %d", resp.StatusCode)
	}
	if sessionCookie(t, app, c) != nil {
		t.Fatal("no session during lock-out")
	}
	// Another username is not affected.
	app.Login(t, app.Client(t), "mentor2")
	entries, _, _ := app.DB.FindAccessEntries(t.Context(), domain.AccessFilter{Username: "mentor"})
	if len(entries) == 0 || entries[0].Action != domain.ActionLoginLocked {
		t.Fatalf("lock-out refusal not logged: %+v", entries)
	}
}

func TestDeactivationEndsSessionsAtOnce(t *testing.T) {
	app := servertest.New(t)
	mentor := app.Client(t)
	app.Login(t, mentor, "mentor")
	if r := app.Get(t, mentor, "/mine-borgere"); r.StatusCode != http.StatusOK {
		t.Fatalf("mentor home: %d", r.StatusCode)
	}
	u, _, _ := app.DB.FindUserForLogin(t.Context(), "mentor")
	admin := app.Client(t)
	app.Login(t, admin, "admin")
	path := "/admin/brugere/" + itoa(u.ID) + "/deaktiver"
	if r := app.Get(t, admin, path); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Ja, deaktiver brugeren") {
		t.Fatalf("confirmation page: %d", r.StatusCode)
	}
	if r := app.PostForm(t, admin, path, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", r.StatusCode)
	}
	r := app.Get(t, mentor, "/")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("deactivated user's session still works: %d", r.StatusCode)
	}
	if r := app.PostForm(t, app.Client(t), "/login", url.Values{"username": {"mentor"}, "password": {"mentorspor"}}); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("deactivated user signed in: %d", r.StatusCode)
	}
	// Reactivation does not revive the old session.
	app.PostForm(t, admin, "/admin/brugere/"+itoa(u.ID)+"/aktiver", nil)
	if r := app.Get(t, mentor, "/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("old session revived by reactivation: %d", r.StatusCode)
	}
	app.Login(t, app.Client(t), "mentor")
}

func TestPasswordResetEndsOtherSessions(t *testing.T) {
	app := servertest.New(t)
	mentor := app.Client(t)
	app.Login(t, mentor, "mentor")
	u, _, _ := app.DB.FindUserForLogin(t.Context(), "mentor")
	admin := app.Client(t)
	app.Login(t, admin, "admin")
	path := "/admin/brugere/" + itoa(u.ID) + "/adgangskode"
	r := app.PostForm(t, admin, path, url.Values{"password": {"ny-adgangskode-1"}, "password_repeat": {"ny-adgangskode-2"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "ikke ens") {
		t.Fatalf("mismatch: %d", r.StatusCode)
	}
	r = app.PostForm(t, admin, path, url.Values{"password": {"ny-adgangskode-1"}, "password_repeat": {"ny-adgangskode-1"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", r.StatusCode)
	}
	if r := app.Get(t, mentor, "/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("session survived a password reset: %d", r.StatusCode)
	}
	c := app.Client(t)
	if r := app.PostForm(t, c, "/login", url.Values{"username": {"mentor"}, "password": {"ny-adgangskode-1"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("new password does not work: %d", r.StatusCode)
	}
}

func TestTwoInstancesShareSessions(t *testing.T) {
	one := servertest.New(t)
	two := servertest.Start(t, one.DB)
	c := one.Client(t)
	one.Login(t, c, "teamleder")
	// The cookie jar sends localhost cookies to both ports, as a browser
	// behind a load balancer would send them to every app server.
	r := two.Get(t, c, "/")
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Lars Nielsen") {
		t.Fatalf("instance two does not know the session from instance one: %d", r.StatusCode)
	}
	if r := two.PostForm(t, c, "/logout", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout on two: %d", r.StatusCode)
	}
	if r := one.Get(t, c, "/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("signed out on two but still signed in on one: %d", r.StatusCode)
	}
}

func TestCrossSitePostIsRejected(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "admin")
	req, _ := http.NewRequest(http.MethodPost, app.URL+"/admin/teams", strings.NewReader("name=Fremmed+team"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp := app.Do(t, c, req)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(resp.Body, "andet websted") {
		t.Fatalf("cross-site POST: %d", resp.StatusCode)
	}
	// An Origin from elsewhere is refused too.
	req, _ = http.NewRequest(http.MethodPost, app.URL+"/admin/teams", strings.NewReader("name=Fremmed+team"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	if resp := app.Do(t, c, req); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("foreign Origin POST: %d", resp.StatusCode)
	}
	teams, _ := app.DB.FindTeams(t.Context())
	for _, team := range teams {
		if team.Name == "Fremmed team" {
			t.Fatal("the cross-site request created a team")
		}
	}
	if r := app.PostForm(t, c, "/admin/teams", url.Values{"name": {"Eget team"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("same-origin POST: %d", r.StatusCode)
	}
	entries, _, _ := app.DB.FindAccessEntries(t.Context(), domain.AccessFilter{Username: "admin"})
	found := false
	for _, e := range entries {
		found = found || (e.Action == domain.ActionDenied && e.Entity == "csrf")
	}
	if !found {
		t.Fatal("cross-site denial not logged")
	}
}
