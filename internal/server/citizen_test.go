package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/internal/servertest"
)

var locationID = regexp.MustCompile(`/(\d+)$`)

// createCitizen posts the citizen form as the caseworker and returns the id.
func createCitizen(t *testing.T, app *servertest.App, c *http.Client, cpr, name string, extra url.Values) string {
	t.Helper()
	cw, _, _ := app.DB.FindUserForLogin(t.Context(), "sagsbehandler")
	form := url.Values{"cpr": {cpr}, "name": {name}, "phone": {"12 34 56 78"}, "address": {"Testvej 1, 9999 Demoby"},
		"caseworker_id": {itoa(cw.ID)}}
	for k, v := range extra {
		form[k] = v
	}
	r := app.PostForm(t, c, "/borgere", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create citizen: %d", r.StatusCode)
	}
	m := locationID.FindStringSubmatch(r.Header.Get("Location"))
	if m == nil {
		t.Fatalf("create citizen redirected to %q", r.Header.Get("Location"))
	}
	return m[1]
}

func TestCitizenFormKeepsInputAndFlagsDuplicates(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "sagsbehandler")
	r := app.PostForm(t, c, "/borgere", url.Values{"cpr": {"310290-1234"}, "name": {""}, "email": {"ikke@"},
		"phone": {"tlf 12"}, "address": {"Skovvej 2"}, "caseworker_id": {""}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad citizen: %d", r.StatusCode)
	}
	for _, want := range []string{"gyldig fødselsdato", "Skriv borgerens navn", "gyldig e-mailadresse", "telefonnummer",
		"ansvarlige sagsbehandler", `value="310290-1234"`, `value="ikke@"`, "Skovvej 2"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("re-rendered citizen form lacks %q", want)
		}
	}
	id := createCitizen(t, app, c, "0101901235", "Anna Andersen", nil)
	r = app.PostForm(t, c, "/borgere", url.Values{"cpr": {"010190-1235"}, "name": {"Anden"}, "caseworker_id": {"1"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "/borgere/"+id) ||
		!strings.Contains(r.Body, "findes allerede en borger") {
		t.Fatalf("duplicate CPR: %d", r.StatusCode)
	}
	if strings.Contains(r.Header.Get("Location"), "0101") {
		t.Fatal("CPR in a URL")
	}
}

func TestCitizenCPRMaskingAndProtectedAddress(t *testing.T) {
	app := servertest.New(t)
	cw := app.Client(t)
	app.Login(t, cw, "sagsbehandler")
	id := createCitizen(t, app, cw, "0202802222", "Bo Beskyttet", url.Values{"address_protected": {"1"}})
	if r := app.Get(t, cw, "/borgere/"+id); !strings.Contains(r.Body, "020280-2222") || !strings.Contains(r.Body, "Testvej 1") {
		t.Fatal("the responsible caseworker sees full CPR and the protected address")
	}
	other := app.Client(t)
	app.Login(t, other, "sagsbehandler2")
	r := app.Get(t, other, "/borgere/"+id)
	if !strings.Contains(r.Body, "020280-2222") || strings.Contains(r.Body, "Testvej 1") || !strings.Contains(r.Body, "Beskyttet adresse") {
		t.Fatal("another caseworker: full CPR yes, protected address no")
	}
	lead := app.Client(t)
	app.Login(t, lead, "teamleder")
	if r := app.Get(t, lead, "/borgere/"+id); !strings.Contains(r.Body, "Testvej 1") {
		t.Fatal("team leads see protected addresses")
	}
	if r := app.Get(t, lead, "/borgere?q=0202"); !strings.Contains(r.Body, "Bo Beskyttet") {
		t.Fatal("CPR prefix search")
	}
	// Every view is in the access log against the citizen.
	cid := int64(mustAtoi(t, id))
	entries, _, _ := app.DB.FindAccessEntries(t.Context(), domain.AccessFilter{CitizenID: &cid, Limit: 100})
	views := 0
	for _, e := range entries {
		if e.Action == domain.ActionView {
			views++
		}
	}
	if views < 4 {
		t.Fatalf("citizen reads not logged: %d views", views)
	}
}

func TestCitizenConflictKeepsInput(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "sagsbehandler")
	id := createCitizen(t, app, c, "0303703333", "Carl Konflikt", nil)
	cw, _, _ := app.DB.FindUserForLogin(t.Context(), "sagsbehandler")
	form := url.Values{"cpr": {"030370-3333"}, "name": {"Carl Første"}, "caseworker_id": {itoa(cw.ID)}, "version": {"1"}}
	if r := app.PostForm(t, c, "/borgere/"+id+"/rediger", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", r.StatusCode)
	}
	form.Set("name", "Carl Anden")
	r := app.PostForm(t, c, "/borgere/"+id+"/rediger", form) // still version 1
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, `value="Carl Anden"`) ||
		!strings.Contains(r.Body, "Carl Første") || !strings.Contains(r.Body, `name="version" value="2"`) {
		t.Fatalf("conflict: %d", r.StatusCode)
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int(r-'0')
	}
	return n
}
