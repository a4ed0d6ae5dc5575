package server_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/server"
	"mentorspor/internal/servertest"
)

// registeredRoutes walks the chi router: what is really served.
func registeredRoutes(t *testing.T, srv *server.Server) []string {
	t.Helper()
	var routes []string
	err := chi.Walk(srv.Router(), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		routes = append(routes, method+" "+route)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return routes
}

// missingRules lists served routes that have no authorization rule.
func missingRules(t *testing.T, srv *server.Server) []string {
	var missing []string
	for _, r := range registeredRoutes(t, srv) {
		method, pattern, _ := strings.Cut(r, " ")
		if _, _, ok := srv.AccessRule(method, pattern); !ok {
			missing = append(missing, r)
		}
	}
	return missing
}

func TestEveryRouteHasARule(t *testing.T) {
	app := servertest.New(t)
	if m := missingRules(t, app.Server); len(m) > 0 {
		t.Fatalf("routes without an authorization rule: %v", m)
	}
	if len(registeredRoutes(t, app.Server)) < 20 {
		t.Fatalf("suspiciously few routes: %v", registeredRoutes(t, app.Server))
	}
	// A route added straight on the router, bypassing the table, is caught.
	app.Server.Router().Get("/smuthul", func(w http.ResponseWriter, r *http.Request) {})
	if m := missingRules(t, app.Server); !slices.Contains(m, "GET /smuthul") {
		t.Fatalf("a route without a rule was not detected: %v", m)
	}
}

// TestRouteRoleMatrix requests every registered route as anonymous and as
// each role, and checks the outcome against the route's declared rule.
func TestRouteRoleMatrix(t *testing.T) {
	app := servertest.New(t)
	ctx := t.Context()
	target, _, err := app.DB.FindUserForLogin(ctx, "mentor3")
	if err != nil {
		t.Fatal(err)
	}
	teams, err := app.DB.FindTeams(ctx)
	if err != nil || len(teams) == 0 {
		t.Fatalf("teams: %v", err)
	}
	fill := strings.NewReplacer("{id}", strconv.FormatInt(target.ID, 10), "*", "css/app.css", "{flag}", "ingen-kontakt")
	teamFill := strings.NewReplacer("{id}", strconv.FormatInt(teams[0].ID, 10))

	users := map[string]domain.Role{"sagsbehandler": domain.RoleCaseworker, "mentor": domain.RoleMentor,
		"teamleder": domain.RoleTeamLead, "admin": domain.RoleAdmin, "socialraadgiver": domain.RoleSocialWorker}
	routes := registeredRoutes(t, app.Server)
	slices.Sort(routes)

	for _, who := range []string{"", "sagsbehandler", "mentor", "teamleder", "admin", "socialraadgiver"} {
		client := app.Client(t)
		login := func() {
			if who != "" {
				app.Login(t, client, who)
			}
		}
		login()
		for _, route := range routes {
			method, pattern, _ := strings.Cut(route, " ")
			isPublic, roles, _ := app.Server.AccessRule(method, pattern)
			path := fill.Replace(pattern)
			if strings.HasPrefix(pattern, "/admin/teams/") {
				path = teamFill.Replace(pattern)
			}
			var resp *servertest.Response
			if method == http.MethodGet {
				resp = app.Get(t, client, path)
			} else {
				resp = app.PostForm(t, client, path, url.Values{})
			}
			loc := resp.Header.Get("Location")
			toLogin := resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(loc, "/login")
			name := who
			if name == "" {
				name = "anonym"
			}
			allowed := isPublic || (who != "" && (len(roles) == 0 || slices.Contains(roles, users[who])))
			switch {
			case isPublic:
				if resp.StatusCode == http.StatusForbidden || (toLogin && pattern != "/logout") {
					t.Errorf("%s %s as %s: public route answered %d %s", method, path, name, resp.StatusCode, loc)
				}
			case who == "":
				if !toLogin {
					t.Errorf("%s %s anonymous: want 303 to /login, got %d %s", method, path, resp.StatusCode, loc)
				}
				if method == http.MethodGet && loc != "/login?next="+url.QueryEscape(path) {
					t.Errorf("%s %s anonymous: want next= the page, got %s", method, path, loc)
				}
			case allowed:
				if resp.StatusCode == http.StatusForbidden || (toLogin && pattern != "/logout") {
					t.Errorf("%s %s as %s: allowed but got %d %s", method, path, name, resp.StatusCode, loc)
				}
			default:
				if resp.StatusCode != http.StatusForbidden {
					t.Errorf("%s %s as %s: want 403, got %d", method, path, name, resp.StatusCode)
				}
				if !strings.Contains(resp.Body, "Du har ikke adgang") {
					t.Errorf("%s %s as %s: 403 page lacks the Danish explanation", method, path, name)
				}
			}
			if pattern == "/logout" || (pattern == "/login" && method == http.MethodPost) {
				client = app.Client(t)
				login()
			}
		}
	}

	// Every denial was written to the access log.
	entries, total, err := app.DB.FindAccessEntries(ctx, domain.AccessFilter{Username: "mentor", Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	denied := 0
	for _, e := range entries {
		if e.Action == domain.ActionDenied {
			denied++
		}
	}
	if total == 0 || denied < 10 {
		t.Fatalf("want the mentor's denials logged, got %d of %d entries", denied, total)
	}
}

func TestDemoUsersHaveTheirRoles(t *testing.T) {
	app := servertest.New(t)
	for _, du := range demo.Users {
		u, _, err := app.DB.FindUserForLogin(t.Context(), du.Username)
		if err != nil || !slices.Equal(u.Roles, du.Roles) {
			t.Errorf("%s: roles %v, want %v (%v)", du.Username, u.Roles, du.Roles, err)
		}
	}
}
