package server

import (
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

// The form decoders get what cleanInput lets through. Property, for any
// body: no panic, and every string the decoder hands on (to the domain or
// back to the page) is valid UTF-8 without NUL — the two things PostgreSQL
// refuses with a 500. Seeds live in testdata/fuzz/<FuzzName>/; plain
// `go test` replays them, `go test -fuzz=FuzzGrantForm` searches further.

// decodedBody parses raw as a form body and cleans it as cleanInput does.
func decodedBody(raw string) url.Values {
	vs, _ := url.ParseQuery(raw)
	return cleanValues(vs)
}

// checkUsable walks v and fails on any string that could not be stored.
func checkUsable(t testing.TB, what string, v any) {
	t.Helper()
	var walk func(path string, rv reflect.Value)
	walk = func(path string, rv reflect.Value) {
		switch rv.Kind() {
		case reflect.String:
			if !usableText(rv.String()) {
				t.Fatalf("%s%s holds an unusable string %q", what, path, rv.String())
			}
		case reflect.Pointer, reflect.Interface:
			if !rv.IsNil() {
				walk(path, rv.Elem())
			}
		case reflect.Struct:
			for i := range rv.NumField() {
				if rv.Type().Field(i).IsExported() {
					walk(path+"."+rv.Type().Field(i).Name, rv.Field(i))
				}
			}
		case reflect.Slice, reflect.Array:
			for i := range rv.Len() {
				walk(path+"[]", rv.Index(i))
			}
		case reflect.Map:
			for _, k := range rv.MapKeys() {
				walk(path+"[key]", k)
				walk(path+"[]", rv.MapIndex(k))
			}
		}
	}
	walk("", reflect.ValueOf(v))
}

func FuzzCleanInput(f *testing.F) {
	f.Add("q=%2Fe%00")
	f.Add("name=ab%FF%FEcd&name=%00")
	f.Fuzz(func(t *testing.T, raw string) {
		checkUsable(t, "values", decodedBody(raw))
	})
}

func FuzzGrantForm(f *testing.F) {
	f.Add("purpose=Form%C3%A5l&hours=3%2C5&start=01.12.2026&goals=M%C3%A5l%0AEt+til&task_ids=1")
	f.Add("purpose=%00&start=31.12.9999&end=01.01.1000&hours=NaN")
	cat := views.Catalogue{Tasks: []domain.CatalogueItem{{ID: 1, Text: "Opgave"}},
		Exclusions: []domain.CatalogueItem{{ID: 2, Text: "Undtagelse"}}}
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest("POST", "/borgere/1/bevillinger", strings.NewReader(""))
		r.PostForm = decodedBody(raw)
		form, in, v := (&Server{}).grantForm(r, cat)
		checkUsable(t, "form", form)
		checkUsable(t, "input", in)
		checkUsable(t, "validation", v)
	})
}

func FuzzSessionForm(f *testing.F) {
	f.Add("grant_id=1&occurred_on=01.12.2026&start_time=9.30&minutes=45&note=Godt&tasks_1=1&score_1_2=3")
	f.Add("grant_id=%00&minutes=-1&note=%FF&score_x_y=z")
	grants := []views.SessionGrant{{Grant: domain.Grant{ID: 1, Tasks: []domain.Item{{Text: "Opgave"}}},
		Goals: []domain.Goal{{ID: 2, Text: "Mål"}}}}
	f.Fuzz(func(t *testing.T, raw string) {
		form, in, v := sessionForm(decodedBody(raw), grants)
		checkUsable(t, "form", form)
		checkUsable(t, "input", in)
		checkUsable(t, "validation", v)
	})
}

func FuzzAccessFilterForm(f *testing.F) {
	f.Add("bruger=mentor&borger=12&fra=01.01.2026&til=31.01.2026")
	f.Add("borger=abc&fra=31.12.9999&til=01.01.1000")
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest("GET", "/admin/adgangslog", nil)
		r.URL.RawQuery = decodedBody(raw).Encode()
		form, filter, errs := accessFilterForm(r)
		checkUsable(t, "form", form)
		checkUsable(t, "filter", filter)
		checkUsable(t, "errors", errs)
	})
}
