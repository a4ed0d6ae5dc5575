package main

import (
	"net/url"
	"strings"
	"testing"
)

const sessionPage = `<!doctype html><html><body>
<form method="post" action="/logout"><input type="hidden" name="form_token" value="aaaa"></form>
<form method="post" action="/borgere/7/samtaler" novalidate>
 <input type="hidden" name="form_token" value="0123456789abcdef0123456789abcdef">
 <input type="hidden" name="version" value="">
 <input type="radio" name="grant_id" value="11"><input type="radio" name="grant_id" value="12">
 <input type="text" name="occurred_on" value="2026-11-25">
 <input type="text" name="start_time" value="09:30">
 <input type="text" name="minutes" value="">
 <input type="radio" name="form" value="fremmoede" checked><input type="radio" name="form" value="telefon">
 <input type="radio" name="direction" value="mod"><input type="radio" name="direction" value="vedligehold">
 <input type="checkbox" name="tasks_11" value="Følges til jobcenter"><input type="checkbox" name="tasks_11" value="Struktur">
 <input type="checkbox" name="tasks_12" value="Andet">
 <input type="checkbox" name="everyday_coping" value="1">
 <select name="score_11_3"><option value="">Ingen</option><option value="2">2</option></select>
 <select name="place"><option value="i_hjemmet">Hjemme</option><option value="uden_for_hjemmet" selected>Ude</option></select>
 <textarea name="note">
</textarea>
 <input type="text" name="off" value="x" disabled>
 <button type="submit" name="go">Gem</button>
</form></body></html>`

func TestSessionPostFillsTheFormAsAMentor(t *testing.T) {
	f, err := parseForm(strings.NewReader(sessionPage), "/samtaler")
	if err != nil {
		t.Fatal(err)
	}
	if f.Action != "/borgere/7/samtaler" {
		t.Fatalf("action = %q, want the session form's, not the sign-out form's", f.Action)
	}
	v, err := sessionPost(f)
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{"form_token": {"0123456789abcdef0123456789abcdef"}, "version": {""}, "grant_id": {"11"},
		"occurred_on": {"2026-11-25"}, "start_time": {"09:30"}, "minutes": {"45"}, "form": {"fremmoede"},
		"direction": {"mod"}, "tasks_11": {"Følges til jobcenter"}, "score_11_3": {""}, "place": {"uden_for_hjemmet"},
		"note": {saveNote}}
	if v.Encode() != want.Encode() {
		t.Errorf("posted\n %s\nwant\n %s", v.Encode(), want.Encode())
	}
	a, _ := url.ParseQuery(body(v))
	b, _ := url.ParseQuery(body(v))
	if tok := a.Get("form_token"); len(tok) != 32 || tok == b.Get("form_token") || tok == "0123456789abcdef0123456789abcdef" {
		t.Errorf("each post needs a fresh 32-digit token: %q then %q", tok, b.Get("form_token"))
	}
	if v.Get("form_token") != "0123456789abcdef0123456789abcdef" {
		t.Error("body changed the filled form")
	}
}

func TestParseFormNeedsTheForm(t *testing.T) {
	if _, err := parseForm(strings.NewReader(`<form method="get" action="/borgere/7/samtaler"></form>`), "/samtaler"); err == nil {
		t.Error("a GET form was taken for the session form")
	}
}

func TestCheckLocal(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:8080", "http://localhost:9000"} {
		if err := checkLocal(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"http://10.0.0.1:8080", "https://127.0.0.1", "http://example.org", "http://127.0.0.2"} {
		if checkLocal(bad) == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
