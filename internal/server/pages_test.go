package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/servertest"
)

func TestSecurityHeaders(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "admin")
	for _, path := range []string{"/login", "/", "/admin/brugere", "/findes-ikke"} {
		r := app.Get(t, c, path)
		csp := r.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") ||
			strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Referrer-Policy") != "same-origin" {
			t.Errorf("%s: missing nosniff/referrer policy", path)
		}
		if !strings.Contains(r.Header.Get("Cache-Control"), "no-store") {
			t.Errorf("%s: Cache-Control %q", path, r.Header.Get("Cache-Control"))
		}
		if r.Header.Get("X-Request-Id") == "" {
			t.Errorf("%s: no request id", path)
		}
		if r.Header.Get("Strict-Transport-Security") != "max-age=31536000" {
			t.Errorf("%s: Strict-Transport-Security %q with a Secure session cookie", path, r.Header.Get("Strict-Transport-Security"))
		}
		if strings.Contains(r.Body, "<script>") || strings.Contains(r.Body, " style=") || strings.Contains(r.Body, "<style") {
			t.Errorf("%s: inline script or style", path)
		}
	}
	r := app.Get(t, c, "/static/css/app.css")
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Header.Get("Cache-Control"), "max-age") {
		t.Fatalf("static: %d %q", r.StatusCode, r.Header.Get("Cache-Control"))
	}
	for _, asset := range []string{"/static/vendor/dkfds/css/dkfds.min.css", "/static/vendor/dkfds/js/dkfds.min.js",
		"/static/js/app.js", "/static/img/favicon.svg",
		"/static/vendor/dkfds/img/all-svg-icons.svg"} {
		if r := app.Get(t, c, asset); r.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", asset, r.StatusCode)
		}
	}
}

func TestErrorPagesAreDanishAndShowRequestID(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "mentor")
	r := app.Get(t, c, "/findes-ikke")
	if r.StatusCode != http.StatusNotFound || !strings.Contains(r.Body, "Siden findes ikke") ||
		!strings.Contains(r.Body, r.Header.Get("X-Request-Id")) {
		t.Fatalf("404: %d", r.StatusCode)
	}
	r = app.Get(t, c, "/admin/brugere")
	if r.StatusCode != http.StatusForbidden || !strings.Contains(r.Body, "Du har ikke adgang") {
		t.Fatalf("403: %d", r.StatusCode)
	}
	admin := app.Client(t)
	app.Login(t, admin, "admin")
	for _, path := range []string{"/admin/brugere/999999", "/admin/brugere/abc", "/admin/teams/0"} {
		if r := app.Get(t, admin, path); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, r.StatusCode)
		}
	}
}

func TestDatabaseDownGives503(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "mentor")
	// A second instance whose database cannot be reached.
	pool, err := pgxpool.New(context.Background(), "postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=1")
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	down := servertest.Start(t, postgres.New(pool))
	r := down.Get(t, c, "/")
	if r.StatusCode != http.StatusServiceUnavailable || !strings.Contains(r.Body, "midlertidigt utilgængelig") {
		t.Fatalf("database down: %d", r.StatusCode)
	}
	if r := down.Get(t, c, "/readyz"); r.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("readyz with database down: %d", r.StatusCode)
	}
	if r := down.Get(t, c, "/healthz"); r.StatusCode != http.StatusOK {
		t.Fatalf("healthz must not need the database: %d", r.StatusCode)
	}
	if r := app.Get(t, c, "/readyz"); r.StatusCode != http.StatusOK || r.Body != "ready\n" {
		t.Fatalf("readyz: %d %q", r.StatusCode, r.Body)
	}
}

func TestHomeShowsAPartPerRole(t *testing.T) {
	app := servertest.New(t)
	_, err := app.DB.CreateUser(t.Context(), domain.UserInput{Username: "dobbelt", DisplayName: "Dobbelt Rolle",
		Roles: domain.Roles{domain.RoleTeamLead, domain.RoleCaseworker}, Password: "mentorspor"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	c := app.Client(t)
	app.Login(t, c, "dobbelt")
	r := app.Get(t, c, "/")
	for _, want := range []string{`data-testid="home-sagsbehandler"`, `data-testid="home-teamleder"`, "Sagsbehandler, Teamleder"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("home lacks %s", want)
		}
	}
	for _, absent := range []string{`data-testid="home-mentor"`, `data-testid="home-administrator"`, `href="/admin/brugere"`} {
		if strings.Contains(r.Body, absent) {
			t.Errorf("home shows %s to a user without that role", absent)
		}
	}
}

func TestAdminCreatesAndEditsUsers(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "admin")
	bad := url.Values{"username": {"Ny Bruger"}, "display_name": {"Nina Nybegynder"}, "email": {"ikke-mail"},
		"password": {"kort"}, "roles": {"mentor", "teamleder"}}
	r := app.PostForm(t, c, "/admin/brugere", bad)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad input: %d", r.StatusCode)
	}
	for _, want := range []string{`value="Nina Nybegynder"`, `value="ikke-mail"`, `value="Ny Bruger"`,
		"Skriv en gyldig e-mailadresse", "mindst 10 tegn", `data-testid="error-summary"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("re-rendered form lacks %q", want)
		}
	}
	if strings.Count(r.Body, "checked") != 2 {
		t.Errorf("ticked roles not kept: %d checked", strings.Count(r.Body, "checked"))
	}
	if strings.Contains(r.Body, `value="kort"`) {
		t.Error("password echoed back")
	}
	good := url.Values{"username": {"nina"}, "display_name": {"Nina Nybegynder"}, "email": {"nina@kommune.dk"},
		"password": {"en-god-adgangskode"}, "roles": {"mentor"}}
	r = app.PostForm(t, c, "/admin/brugere", good)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", r.StatusCode)
	}
	if list := app.Get(t, c, "/admin/brugere?q=nina"); !strings.Contains(list.Body, "Brugeren nina er oprettet") ||
		!strings.Contains(list.Body, "Nina Nybegynder") {
		t.Fatal("flash or new user missing from the list")
	}
	if r := app.PostForm(t, c, "/admin/brugere", good); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "allerede i brug") {
		t.Fatalf("duplicate: %d", r.StatusCode)
	}
	u, _, _ := app.DB.FindUserForLogin(t.Context(), "nina")
	edit := url.Values{"username": {"nina"}, "display_name": {"Nina N."}, "roles": {"mentor", "sagsbehandler"}}
	if r := app.PostForm(t, c, "/admin/brugere/"+itoa(u.ID), edit); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", r.StatusCode)
	}
	after, _ := app.DB.FindUserByID(t.Context(), u.ID)
	if after.DisplayName != "Nina N." || !after.Roles.Has(domain.RoleCaseworker) {
		t.Fatalf("edit not saved: %+v", after)
	}
	self, _, _ := app.DB.FindUserForLogin(t.Context(), "admin")
	if r := app.PostForm(t, c, "/admin/brugere/"+itoa(self.ID)+"/deaktiver", nil); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("self-deactivation: %d", r.StatusCode)
	}
	selfEdit := url.Values{"username": {"admin"}, "display_name": {"Karin Berg"}, "roles": {"mentor"}}
	if r := app.PostForm(t, c, "/admin/brugere/"+itoa(self.ID), selfEdit); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("removing own admin role: %d", r.StatusCode)
	}
}

func TestAdminTeams(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "admin")
	if r := app.PostForm(t, c, "/admin/teams", url.Values{"name": {"Mentorteam Nord"}}); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, `value="Mentorteam Nord"`) {
		t.Fatalf("duplicate team: %d", r.StatusCode)
	}
	teams, _ := app.DB.FindTeams(t.Context())
	if r := app.PostForm(t, c, "/admin/teams/"+itoa(teams[0].ID), url.Values{"name": {"Mentorteam Øst"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d", r.StatusCode)
	}
	if r := app.Get(t, c, "/admin/teams"); !strings.Contains(r.Body, "Mentorteam Øst") {
		t.Fatal("renamed team not listed")
	}
}

func TestAccessLogSearchAndExport(t *testing.T) {
	app := servertest.New(t)
	ctx := servertest.Ctx(t)
	mentor, _, _ := app.DB.FindUserForLogin(ctx, "mentor")
	cw, _, _ := app.DB.FindUserForLogin(ctx, "sagsbehandler")
	cz, err := app.DB.CreateCitizen(ctx, domain.CitizenInput{CPR: "1212129999", Name: "Test Borger", CaseworkerID: &cw.ID}, 0)
	if err != nil {
		t.Fatal(err)
	}
	citizen := cz.ID
	cid := itoa(citizen)
	for i := 0; i < 30; i++ {
		app.DB.LogAccess(ctx, domain.AccessEntry{UserID: &mentor.ID, Username: "mentor", Action: domain.ActionView,
			CitizenID: &citizen, Entity: "citizen", EntityID: cid})
	}
	c := app.Client(t)
	app.Login(t, c, "admin")
	r := app.Get(t, c, "/admin/adgangslog?borger="+cid)
	if !strings.Contains(r.Body, "31 hændelser") || !strings.Contains(r.Body, `aria-label="Næste side"`) && !strings.Contains(r.Body, "Næste") {
		t.Fatalf("search by citizen: %s", r.Body[strings.Index(r.Body, "<main"):][:300])
	}
	// The pages link by key: "Næste" holds the 6 older rows (31 − 25), and
	// "Forrige" from there is the first page again.
	older := app.Get(t, c, hrefOf(t, r.Body, `data-testid="page-older"`))
	if n := strings.Count(older.Body, "<tr>") - 1; n != 6 || !strings.Contains(older.Body, "31 hændelser") {
		t.Fatalf("the next page should hold 6 rows (31 − 25), has %d", n)
	}
	if !strings.Contains(older.Body, `hidden data-testid="page-older"`) {
		t.Fatal("the last page links to an older one")
	}
	newer := app.Get(t, c, hrefOf(t, older.Body, `data-testid="page-newer"`))
	if n := strings.Count(newer.Body, "<tr>") - 1; n != 25 || tableOf(newer.Body) != tableOf(r.Body) {
		t.Fatalf("back from the next page: %d rows, or not the first page", n)
	}
	if r := app.Get(t, c, "/admin/adgangslog?borger=abc&fra=31.02.2026"); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Skriv borgerens id-nummer") || !strings.Contains(r.Body, "gyldig dato") ||
		!strings.Contains(r.Body, `value="31.02.2026"`) {
		t.Fatalf("bad filter: %d", r.StatusCode)
	}
	if r := app.Get(t, c, "/admin/adgangslog/eksport"); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("export without citizen: %d", r.StatusCode)
	}

	r = app.Get(t, c, "/admin/adgangslog/eksport?borger="+cid+"&uden_navne=1")
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(r.Header.Get("Content-Disposition"), "adgangslog-borger-"+cid) {
		t.Fatalf("export: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(r.Body, "\uFEFF") {
		t.Fatal("CSV lacks the byte-order mark Excel needs")
	}
	rd := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\uFEFF")))
	rd.Comma = ';'
	rows, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+1+30+1 { // header, the creation, 30 views, the export itself
		t.Fatalf("export rows: %d", len(rows))
	}
	// The citizen's copy is plain Danish: no English action or entity
	// names, no internal ids; every row says why.
	if want := []string{"Tidspunkt", "Medarbejder", "Handling", "Oplysninger", "Formål", "Bemærkning"}; !slices.Equal(rows[0], want) {
		t.Errorf("export header %q, want %q", rows[0], want)
	}
	for _, row := range rows[1:] {
		// The time stamp is left out: at 16:41 it holds the id 41.
		line := strings.Join(row[1:], ";")
		if !regexp.MustCompile(`^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$`).MatchString(row[0]) {
			t.Errorf("export row %q: time stamp %q", line, row[0])
		}
		for _, bad := range []string{"view", "create", "export", "citizen", "access_log", cid} {
			if strings.Contains(strings.ToLower(line), bad) {
				t.Errorf("export row %q contains %q", line, bad)
			}
		}
		if row[4] == "" && row[2] != domain.ActionLabel(domain.ActionView) {
			t.Errorf("export row %q says no purpose", line)
		}
	}
	if strings.Contains(r.Body, "mentor") || strings.Contains(r.Body, "admin") {
		t.Fatal("staff names in an anonymised export")
	}
	named := app.Get(t, c, "/admin/adgangslog/eksport?borger="+cid)
	if !strings.Contains(named.Body, ";mentor;") {
		t.Fatal("named export lacks staff usernames")
	}
	entries, _, _ := app.DB.FindAccessEntries(ctx, domain.AccessFilter{CitizenID: &citizen, Username: "admin"})
	if len(entries) != 2 || entries[0].Action != domain.ActionExport {
		t.Fatalf("exports not logged: %+v", entries)
	}
}

// syncBuffer collects log output from concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRequestLogHoldsNoPersonalData(t *testing.T) {
	base := servertest.New(t)
	var buf syncBuffer
	app := servertest.StartWithLogger(t, base.DB, slog.New(slog.NewJSONHandler(&buf, nil)))
	c := app.Client(t)
	app.Login(t, c, "admin")
	app.Get(t, c, "/admin/brugere?q=010190-1234")
	app.Get(t, c, "/admin/adgangslog?bruger=Mette+Jensen")
	out := buf.String()
	for _, secret := range []string{"010190", "Mette", "Karin", "mentorspor"} {
		if strings.Contains(out, secret) {
			t.Errorf("application log contains %q", secret)
		}
	}
	for _, want := range []string{`"request_id"`, `"path":"/admin/brugere"`, `"status":200`, `"user_id"`, `"duration_ms"`} {
		if !strings.Contains(out, want) {
			t.Errorf("request log lacks %s", want)
		}
	}
}

// hrefOf is the href of the link carrying marker.
func hrefOf(t *testing.T, body, marker string) string {
	t.Helper()
	i := strings.Index(body, marker)
	if i < 0 {
		t.Fatalf("no link %s", marker)
	}
	start := strings.LastIndex(body[:i], `href="`) + len(`href="`)
	return html.UnescapeString(body[start : start+strings.Index(body[start:], `"`)])
}

// tableOf is the access table's body.
func tableOf(body string) string {
	i := strings.Index(body, "<tbody>")
	return body[i : i+strings.Index(body[i:], "</tbody>")]
}
