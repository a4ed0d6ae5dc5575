package server_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/servertest"
)

const secretAddress = "Hemmelig Allé 7, 9999 Demoby"

// protectedCitizen gives the demo's citizen under name and address
// protection (responsible caseworker: sagsbehandler2, Mentorteam Syd) an
// address found nowhere else, and returns the citizen's id.
func protectedCitizen(t *testing.T, app *servertest.App) int64 {
	t.Helper()
	var id int64
	err := app.DB.Pool.QueryRow(t.Context(), `
		UPDATE citizens SET address = $1 WHERE address_protected
		  AND caseworker_id = (SELECT id FROM users WHERE username = 'sagsbehandler2')
		RETURNING id`, secretAddress).Scan(&id)
	if err != nil {
		t.Fatalf("the demo should hold one protected citizen of sagsbehandler2: %v", err)
	}
	return id
}

// citizenPages lists every GET page that shows the citizen or something of
// theirs: each registered route with an {id}, filled with the citizen's own
// grants, sessions, concerns and coping windows, and every list page.
func citizenPages(t *testing.T, app *servertest.App, citizenID int64) []string {
	t.Helper()
	ids := func(query string) []string {
		rows, err := app.DB.Pool.Query(t.Context(), query, citizenID)
		if err != nil {
			t.Fatal(err)
		}
		list, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			t.Fatal(err)
		}
		out := make([]string, len(list))
		for i, id := range list {
			out[i] = itoa(id)
		}
		return out
	}
	byPrefix := map[string][]string{
		"/borgere/":          {itoa(citizenID)},
		"/bevillinger/":      ids(`SELECT id FROM grants WHERE citizen_id = $1`),
		"/samtaler/":         ids(`SELECT id FROM mentor_sessions WHERE citizen_id = $1`),
		"/bekymringer/":      ids(`SELECT id FROM concerns WHERE citizen_id = $1`),
		"/hverdagsmestring/": ids(`SELECT id FROM coping_windows WHERE citizen_id = $1`),
	}
	if len(byPrefix["/bevillinger/"]) == 0 || len(byPrefix["/samtaler/"]) == 0 {
		t.Fatal("the protected demo citizen should have grants and sessions")
	}
	var pages []string
	for _, route := range registeredRoutes(t, app.Server) {
		method, pattern, _ := strings.Cut(route, " ")
		if method != http.MethodGet || strings.HasPrefix(pattern, "/static/") || strings.HasPrefix(pattern, "/admin/") {
			continue
		}
		if !strings.Contains(pattern, "{") {
			pages = append(pages, pattern)
			continue
		}
		for prefix, list := range byPrefix {
			if strings.HasPrefix(pattern, prefix) {
				for _, id := range list {
					pages = append(pages, strings.Replace(pattern, "{id}", id, 1))
				}
			}
		}
	}
	pages = append(pages, "/borgere?q="+url.QueryEscape("Oliver"))
	slices.Sort(pages)
	return pages
}

// One rule for a protected address on every page: team leads and the
// responsible caseworker see it; a caseworker of another team and the
// mentor do not — not on the citizen page, the edit form (not even as the
// input's value), the letter, the lists or anywhere else.
func TestProtectedAddressOnEveryPage(t *testing.T) {
	app := servertest.New(t)
	id := protectedCitizen(t, app)
	pages := citizenPages(t, app, id)
	for _, who := range []string{"sagsbehandler", "mentor2", "sagsbehandler2", "teamleder"} {
		allowed := who == "sagsbehandler2" || who == "teamleder"
		c := app.Client(t)
		app.Login(t, c, who)
		shownOn := 0
		for _, p := range pages {
			r := app.Get(t, c, p)
			if r.StatusCode >= 500 {
				t.Errorf("GET %s as %s: %d", p, who, r.StatusCode)
			}
			if strings.Contains(r.Body, "Hemmelig All") {
				shownOn++
				if !allowed {
					t.Errorf("GET %s as %s shows the protected address", p, who)
				}
			}
		}
		view := app.Get(t, c, "/borgere/"+itoa(id))
		if allowed && (shownOn == 0 || !strings.Contains(view.Body, secretAddress)) {
			t.Errorf("%s may see the protected address but the citizen page lacks it", who)
		}
		if !allowed && view.StatusCode == http.StatusOK && !strings.Contains(view.Body, "Beskyttet adresse") {
			t.Errorf("%s: the citizen page should say the address is protected", who)
		}
	}
	// The responsible caseworker edits the address in the form.
	own := app.Client(t)
	app.Login(t, own, "sagsbehandler2")
	if r := app.Get(t, own, "/borgere/"+itoa(id)+"/rediger"); !strings.Contains(r.Body, ">"+secretAddress+"</textarea>") {
		t.Error("the responsible caseworker's edit form lacks the address")
	}
}

// A caseworker who may not see the protected address can still edit the
// citizen's other details; saving keeps the stored address and its
// protection, whatever the posted form says, and a re-rendered form (422,
// 409) does not show it either.
func TestEditingKeepsAHiddenProtectedAddress(t *testing.T) {
	app := servertest.New(t)
	id := protectedCitizen(t, app)
	c := app.Client(t)
	app.Login(t, c, "sagsbehandler")
	path := "/borgere/" + itoa(id) + "/rediger"
	r := app.Get(t, c, path)
	if r.StatusCode != http.StatusOK || strings.Contains(r.Body, `name="address"`) ||
		strings.Contains(r.Body, `name="address_protected"`) || !strings.Contains(r.Body, `data-testid="address-hidden"`) {
		t.Fatalf("edit form for another team's caseworker: %d, must have neither address input nor protection box", r.StatusCode)
	}
	before, err := app.DB.FindCitizenByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"cpr": {before.CPR.Formatted()}, "name": {before.Name}, "phone": {"11 22 33 44"},
		"email": {before.Email}, "caseworker_id": {itoa(*before.CaseworkerID)}, "version": {itoa(int64(before.Version))},
		"address": {"Ny Vej 1"}} // a crafted post; the protection box is left unticked
	if before.TargetGroupID != nil {
		form.Set("target_group_id", itoa(*before.TargetGroupID))
	}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("name", "")
	if r := app.PostForm(t, c, path, bad); r.StatusCode != http.StatusUnprocessableEntity || strings.Contains(r.Body, "Hemmelig All") ||
		strings.Contains(r.Body, "Ny Vej 1") || strings.Contains(r.Body, `name="address"`) {
		t.Fatalf("422 re-render: %d, must not show or offer the address", r.StatusCode)
	}
	if r := app.PostForm(t, c, path, form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", r.StatusCode)
	}
	after, err := app.DB.FindCitizenByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if after.Phone != "11 22 33 44" || after.Address != secretAddress || !after.AddressProtected {
		t.Fatalf("after saving: phone %q, address %q, protected %v; want the new phone and the address kept",
			after.Phone, after.Address, after.AddressProtected)
	}
	// A stale version gives 409 with what is stored now — the address still hidden.
	r = app.PostForm(t, c, path, form)
	if r.StatusCode != http.StatusConflict || strings.Contains(r.Body, "Hemmelig All") ||
		!strings.Contains(r.Body, `data-testid="conflict-current"`) || !strings.Contains(r.Body, "Beskyttet adresse") {
		t.Fatalf("409: %d, must show the stored details without the address", r.StatusCode)
	}
}
