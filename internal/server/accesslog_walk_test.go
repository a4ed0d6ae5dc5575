package server_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/internal/servertest"
)

// citizenScoped are the path prefixes whose {id} names a citizen's data:
// a citizen, or a grant, session, concern or coping window of one.
var citizenScoped = []string{"/borgere/{id}", "/bevillinger/{id}", "/samtaler/{id}", "/bekymringer/{id}", "/hverdagsmestring/{id}",
	"/indstillinger/{id}"}

// notCitizenScoped are the routes with an {id} that is not a citizen's data
// (staff profiles, reference data, teams, users).
var notCitizenScoped = []string{"/profilhaefte/{id}", "/admin/"}

// TestEveryCitizenReadIsLogged walks every registered route that takes a
// citizen-scoped id, as a user allowed to use it, and checks that exactly
// one access-log entry is written, for that citizen, saying what was read
// or changed and why. GET routes must log a read; POST routes (sent empty,
// as a form sent without input) a read when the form comes back with
// messages, or the change when the empty form was enough. A new route with
// an id that is in neither list fails.
func TestEveryCitizenReadIsLogged(t *testing.T) {
	app := servertest.New(t)
	ctx := t.Context()
	q := app.DB.Pool
	id := func(sql string, args ...any) int64 {
		t.Helper()
		var v int64
		if err := q.QueryRow(ctx, sql, args...).Scan(&v); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return v
	}
	// A citizen of the demo caseworker whose LAB mentor is the demo mentor,
	// with a running grant, an open coping window and the mentor's session.
	window := id(`SELECT w.id FROM coping_windows w JOIN citizens c ON c.id = w.citizen_id JOIN users u ON u.id = c.caseworker_id
		JOIN grants g ON g.id = w.grant_id JOIN users p ON p.id = g.person_id
		WHERE w.status = 'aaben' AND u.username = 'sagsbehandler' ORDER BY (p.username = 'mentor') DESC, w.id LIMIT 1`)
	var citizen, grant int64
	if err := q.QueryRow(ctx, `SELECT citizen_id, grant_id FROM coping_windows WHERE id = $1`, window).Scan(&citizen, &grant); err != nil {
		t.Fatal(err)
	}
	mentor := id(`SELECT u.id FROM grants g JOIN users u ON u.id = g.person_id WHERE g.id = $1`, grant)
	var mentorName string
	if err := q.QueryRow(ctx, `SELECT username FROM users WHERE id = $1`, mentor).Scan(&mentorName); err != nil {
		t.Fatal(err)
	}
	// One draft per draft route: granting or deleting one uses it up.
	type target struct{ id, citizen int64 }
	var drafts []target
	rows, err := q.Query(ctx, `SELECT id, citizen_id FROM grants WHERE status = 'kladde' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var d target
		if err := rows.Scan(&d.id, &d.citizen); err != nil {
			t.Fatal(err)
		}
		drafts = append(drafts, d)
	}
	if len(drafts) < 3 {
		t.Fatalf("the demo has %d drafts, want 3", len(drafts))
	}
	lab := id(`SELECT id FROM legal_bases WHERE code = 'LAB-167'`)
	var sessionCitizen, session int64
	if err := q.QueryRow(ctx, `SELECT citizen_id, id FROM mentor_sessions WHERE author_id = $1 AND discarded_at IS NULL
		ORDER BY created_at DESC LIMIT 1`, mentor).Scan(&sessionCitizen, &session); err != nil {
		t.Fatal(err)
	}
	var concernCitizen, concern int64
	if err := q.QueryRow(ctx, `SELECT k.citizen_id, k.id FROM concerns k JOIN citizens c ON c.id = k.citizen_id
		JOIN users u ON u.id = c.caseworker_id WHERE k.status = 'ny' AND u.username = 'sagsbehandler' ORDER BY k.id LIMIT 1`).
		Scan(&concernCitizen, &concern); err != nil {
		t.Fatal(err)
	}

	// A proposal waiting for the social administration (the demo has
	// proposals in every state).
	var proposalCitizen, proposal int64
	if err := q.QueryRow(ctx, `SELECT citizen_id, id FROM proposals WHERE status = 'afventer' ORDER BY id LIMIT 1`).
		Scan(&proposalCitizen, &proposal); err != nil {
		t.Fatal(err)
	}

	// A citizen whose mentor is also their støttekontaktperson today: the
	// overview letter "Din støtte" is theirs.
	both := id(`SELECT l.citizen_id FROM grants l
		JOIN grants s ON s.citizen_id = l.citizen_id AND s.person_id = l.person_id AND s.function = 'stoettekontaktperson'
		WHERE l.function = 'mentor' AND grant_active(l.status, l.start_date, l.end_date, l.ended_on, $1)
		  AND grant_active(s.status, s.start_date, s.end_date, s.ended_on, $1)
		ORDER BY l.citizen_id LIMIT 1`, app.Today())

	// The id and citizen each route is tried with; drafts for the draft
	// routes. The rest of a resource's routes take the resource's target.
	targets := map[string]target{
		"/borgere/{id}":                     {citizen, citizen},
		"/bevillinger/{id}":                 {grant, citizen},
		"/bevillinger/{id}/rediger":         drafts[0],
		"/bevillinger/{id}/bevilg":          drafts[1],
		"/bevillinger/{id}/slet":            drafts[2],
		"/samtaler/{id}":                    {session, sessionCitizen},
		"/bekymringer/{id}":                 {concern, concernCitizen},
		"/hverdagsmestring/{id}":            {window, citizen},
		"/borgere/{id}/bekymringer":         {citizen, citizen},
		"/borgere/{id}/hverdagsmestring":    {citizen, citizen},
		"/borgere/{id}/hverdagsmestring/ny": {citizen, citizen},
		"/borgere/{id}/din-stoette":         {both, both},
		"/hverdagsmestring/{id}/daekket":    {window, citizen},
		"/hverdagsmestring/{id}/afvis":      {window, citizen},
		"/bekymringer/{id}/kvitter":         {concern, concernCitizen},
		"/bekymringer/{id}/haandter":        {concern, concernCitizen},
		"/indstillinger/{id}":               {proposal, proposalCitizen},
	}
	targetFor := func(pattern string) (target, bool) {
		if t, ok := targets[pattern]; ok {
			return t, true
		}
		for _, prefix := range citizenScoped {
			if strings.HasPrefix(pattern, prefix) {
				// The rest of a resource's routes take the resource's target.
				return targets[prefix], true
			}
		}
		return target{}, false
	}

	clients := map[string]*http.Client{}
	client := func(username string) *http.Client {
		if c, ok := clients[username]; ok {
			return c
		}
		c := app.Client(t)
		app.Login(t, c, username)
		clients[username] = c
		return c
	}
	// Forms that need a field to find what they are about.
	forms := map[string]url.Values{"POST /borgere/{id}/bevillinger": {"legal_basis_id": {strconv.FormatInt(lab, 10)}}}
	for _, u := range []string{"sagsbehandler", "teamleder", "socialraadgiver", mentorName} {
		client(u) // signed in before the walk: sign-ins are logged too
	}
	walked := 0
	routes := registeredRoutes(t, app.Server)
	slices.Sort(routes)
	for _, route := range routes {
		method, pattern, _ := strings.Cut(route, " ")
		if !strings.Contains(pattern, "{id}") {
			continue
		}
		scoped := slices.ContainsFunc(citizenScoped, func(p string) bool { return strings.HasPrefix(pattern, p) })
		other := slices.ContainsFunc(notCitizenScoped, func(p string) bool { return strings.HasPrefix(pattern, p) })
		if scoped == other {
			t.Errorf("%s: say whether its {id} is a citizen's data (citizenScoped or notCitizenScoped)", route)
			continue
		}
		if other {
			continue
		}
		tg, _ := targetFor(pattern)
		_, roles, _ := app.Server.AccessRule(method, pattern)
		user := "sagsbehandler"
		switch {
		case len(roles) == 0 || slices.Contains(roles, domain.RoleCaseworker):
		case slices.Contains(roles, domain.RoleMentor):
			user = mentorName
		case slices.Contains(roles, domain.RoleTeamLead):
			user = "teamleder"
		case slices.Contains(roles, domain.RoleSocialWorker):
			user = "socialraadgiver"
		}
		if strings.HasPrefix(pattern, "/samtaler/{id}/") {
			user = mentorName // only the author changes a session
		}
		path := strings.Replace(pattern, "{id}", strconv.FormatInt(tg.id, 10), 1)
		t.Run(route, func(t *testing.T) {
			var before int64
			if err := q.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM access_log`).Scan(&before); err != nil {
				t.Fatal(err)
			}
			var r *servertest.Response
			if method == http.MethodGet {
				r = app.Get(t, client(user), path)
			} else {
				form := forms[route]
				if form == nil {
					form = url.Values{}
				}
				r = app.PostForm(t, client(user), path, form)
			}
			if r.StatusCode >= 500 || r.StatusCode == http.StatusNotFound || r.StatusCode == http.StatusForbidden {
				t.Fatalf("as %s: status %d", user, r.StatusCode)
			}
			rows, err := q.Query(ctx, `SELECT action, citizen_id, entity, purpose, username FROM access_log WHERE id > $1 ORDER BY id`, before)
			if err != nil {
				t.Fatal(err)
			}
			type entry struct {
				action, entity, purpose, username string
				citizen                           *int64
			}
			var got []entry
			for rows.Next() {
				var e entry
				if err := rows.Scan(&e.action, &e.citizen, &e.entity, &e.purpose, &e.username); err != nil {
					t.Fatal(err)
				}
				got = append(got, e)
			}
			if len(got) != 1 {
				t.Fatalf("as %s (status %d): want exactly one access-log entry, got %+v", user, r.StatusCode, got)
			}
			e := got[0]
			wantActions := []string{domain.ActionView}
			if method == http.MethodPost {
				wantActions = append(wantActions, domain.ActionCreate, domain.ActionUpdate)
			}
			if e.citizen == nil || *e.citizen != tg.citizen || !slices.Contains(wantActions, e.action) ||
				e.entity == "" || strings.TrimSpace(e.purpose) == "" || e.username != user {
				t.Errorf("as %s (status %d): entry %+v (citizen %v), want a %v for citizen %d with a purpose",
					user, r.StatusCode, e, derefID(e.citizen), wantActions, tg.citizen)
			}
		})
		walked++
	}
	t.Logf("walked %d citizen-scoped routes", walked)
	if walked < 20 {
		t.Errorf("only %d citizen-scoped routes walked", walked)
	}
}

func derefID(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestListReadsSayWhy: every list that shows citizens writes one entry per
// citizen shown, and each says which list showed the citizen.
func TestListReadsSayWhy(t *testing.T) {
	app := servertest.New(t)
	q := app.DB.Pool
	for _, c := range []struct{ user, path string }{
		{"sagsbehandler", "/borgere"},
		{"sagsbehandler", "/arbejdskoe?flag=ingen-kontakt"},
		{"sagsbehandler", "/bekymringer"},
		{"sagsbehandler", "/faseskift"},
		{"mentor", "/mine-borgere"},
		{"teamleder", "/team/flag/"}, // the first queue the team page links to
		{"teamleder", "/rapporter/budget?visning=borger"},
		{"teamleder", "/rapporter/levering"},
	} {
		t.Run(c.path, func(t *testing.T) {
			cl := app.Client(t)
			app.Login(t, cl, c.user)
			var before int64
			if err := q.QueryRow(t.Context(), `SELECT coalesce(max(id), 0) FROM access_log`).Scan(&before); err != nil {
				t.Fatal(err)
			}
			path := c.path
			if path == "/team/flag/" {
				// The team page itself shows counts, not citizens: it logs none.
				team := app.Get(t, cl, "/team")
				// A citizen flag's queue: a mentor flag's (over capacity)
				// lists mentors, not citizens.
				var m []string
				for _, l := range regexp.MustCompile(`href="(/team/flag/([^"?]+)[^"]*)" class="flag-count"`).FindAllStringSubmatch(team.Body, -1) {
					if slices.Contains(domain.Flags, l[2]) {
						m = l
						break
					}
				}
				if team.StatusCode != http.StatusOK || m == nil {
					t.Fatalf("team page: %d, no flag count links to a queue", team.StatusCode)
				}
				var logged int
				if err := q.QueryRow(t.Context(), `SELECT count(*) FROM access_log WHERE id > $1 AND citizen_id IS NOT NULL`,
					before).Scan(&logged); err != nil || logged != 0 {
					t.Fatalf("the team page logged %d citizens (%v), want none", logged, err)
				}
				path = html.UnescapeString(m[1])
			}
			if r := app.Get(t, cl, path); r.StatusCode != http.StatusOK {
				t.Fatalf("status %d", r.StatusCode)
			}
			var shown, without int
			if err := q.QueryRow(t.Context(), `SELECT count(*), count(*) FILTER (WHERE purpose = '')
				FROM access_log WHERE id > $1 AND citizen_id IS NOT NULL`, before).Scan(&shown, &without); err != nil {
				t.Fatal(err)
			}
			if shown == 0 || without > 0 {
				t.Errorf("%d citizens logged, %d without a purpose", shown, without)
			}
		})
	}
}
