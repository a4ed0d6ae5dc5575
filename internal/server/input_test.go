package server_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"mentorspor/internal/servertest"
)

// badValues are what a careless paste, a broken client or an attacker
// sends. The form must come back 422 with a Danish message (or the page
// 404/409), never a 500, and nothing of it may be stored.
var badValues = []struct{ name, value string }{
	{"NUL", "ab\x00cd"},
	{"invalid UTF-8", "ab\xff\xfecd"},
	{"control character", "ab\x07cd"},
	{"huge", strings.Repeat("Lang tekst ", 1000)},
	{"year 1000", "01.01.1000"},
	{"year 9999", "31.12.9999"},
	{"unknown id", "987654321"},
}

// form is a form found on a page: where it posts, how, and its fields with
// the values the page filled in.
type form struct {
	method, action string
	fields         url.Values
	names          []string // editable fields, in page order
	kinds          map[string]string
	options        [][2]string // name, value of each radio and option
}

var digits = regexp.MustCompile(`/[0-9]+`)

// pattern is a path with its ids replaced, to visit each kind of page once or twice.
func pattern(method, path string) string {
	return method + " " + digits.ReplaceAllString(path, "/{id}")
}

// crawl visits the pages user can reach from the front page (at most two of
// each kind) and returns every form on them, one per kind.
func crawl(t *testing.T, app *servertest.App, c *http.Client) []form {
	t.Helper()
	queue, seen, perPattern := []string{"/"}, map[string]bool{"/": true}, map[string]int{}
	formSeen := map[string]bool{}
	var forms []form
	for len(queue) > 0 && len(seen) < 400 {
		path := queue[0]
		queue = queue[1:]
		r := app.Get(t, c, path)
		if loc := r.Header.Get("Location"); r.StatusCode == http.StatusSeeOther && strings.HasPrefix(loc, "/") && !seen[loc] {
			seen[loc] = true
			queue = append(queue, loc)
		}
		if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			continue
		}
		doc, err := xhtml.Parse(strings.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		walk(doc, func(n *xhtml.Node) {
			switch n.Data {
			case "a":
				href := attr(n, "href")
				u, err := url.Parse(href)
				if err != nil || !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "/static/") ||
					strings.Contains(href, "eksport") || strings.Contains(href, ".csv") {
					return
				}
				key := pattern("GET", u.Path)
				if !seen[href] && perPattern[key] < 2 {
					seen[href], perPattern[key] = true, perPattern[key]+1
					queue = append(queue, href)
				}
			case "form":
				f := readForm(n, path)
				if f.method == "GET" {
					// A step that is a GET form (the grant's legal basis):
					// follow each choice it offers.
					for _, o := range f.options {
						href := f.action + "?" + url.Values{o[0]: {o[1]}}.Encode()
						if !seen[href] && o[1] != "" {
							seen[href] = true
							queue = append(queue, href)
						}
					}
				}
				key := pattern(f.method, f.action)
				if f.action == "/logout" || formSeen[key] || len(f.names) == 0 {
					return
				}
				formSeen[key] = true
				forms = append(forms, f)
			}
		})
	}
	return forms
}

func walk(n *xhtml.Node, visit func(*xhtml.Node)) {
	if n.Type == xhtml.ElementNode {
		visit(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, visit)
	}
}

func attr(n *xhtml.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *xhtml.Node, name string) bool {
	for _, a := range n.Attr {
		if a.Key == name {
			return true
		}
	}
	return false
}

func text(n *xhtml.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == xhtml.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// readForm reads a form's fields as a browser would submit them unchanged.
func readForm(n *xhtml.Node, page string) form {
	f := form{method: strings.ToUpper(attr(n, "method")), action: attr(n, "action"), fields: url.Values{}, kinds: map[string]string{}}
	if f.method == "" {
		f.method = "GET"
	}
	if f.action == "" {
		f.action = strings.SplitN(page, "?", 2)[0]
	}
	add := func(name, kind string) {
		if _, ok := f.kinds[name]; !ok {
			f.names = append(f.names, name)
		}
		f.kinds[name] = kind
	}
	walk(n, func(e *xhtml.Node) {
		name := attr(e, "name")
		if name == "" {
			return
		}
		switch e.Data {
		case "input":
			kind := attr(e, "type")
			if kind == "" {
				kind = "text"
			}
			if kind == "radio" {
				f.options = append(f.options, [2]string{name, attr(e, "value")})
			}
			if (kind == "checkbox" || kind == "radio") && !hasAttr(e, "checked") {
				add(name, kind)
				return
			}
			if kind == "submit" {
				return
			}
			f.fields.Add(name, attr(e, "value"))
			add(name, kind)
		case "textarea":
			f.fields.Add(name, text(e))
			add(name, "textarea")
		case "select":
			add(name, "select")
			walk(e, func(o *xhtml.Node) {
				if o.Data == "option" {
					f.options = append(f.options, [2]string{name, attr(o, "value")})
				}
				if o.Data == "option" && hasAttr(o, "selected") {
					f.fields.Add(name, attr(o, "value"))
				}
			})
		case "button":
			if v := attr(e, "value"); v != "" && f.fields.Get(name) == "" {
				f.fields.Set(name, v) // the first submit button, as a click would send
			}
		}
	})
	return f
}

// TestBadInputs posts every bad value into every field of every form each
// role can reach, and sends it in every search: never a 500; free-text
// fields come back 422 with a Danish message and the typed text (NUL and
// invalid UTF-8 shown as U+FFFD); and afterwards the database holds no
// implausible value.
func TestBadInputs(t *testing.T) {
	app := servertest.New(t)
	tries, fiveHundreds, formsTried := 0, 0, 0
	// The admin goes last: their forms deactivate users and reset passwords.
	for _, user := range []string{"", "mentor", "sagsbehandler", "teamleder", "admin"} {
		c := app.Client(t)
		if user != "" {
			app.Login(t, c, user)
		}
		forms := crawl(t, app, c)
		if len(forms) < 1 {
			t.Fatalf("%s: only %d forms found", user, len(forms))
		}
		for _, f := range forms {
			formsTried++
			for _, field := range f.names {
				for _, bad := range badValues {
					values := url.Values{}
					for k, v := range f.fields {
						values[k] = append([]string(nil), v...)
					}
					values.Set(field, bad.value)
					if field != "form_token" {
						// Each try is a new submission: a reused one-time
						// token would be answered "Allerede gemt".
						values.Del("form_token")
					}
					var r *servertest.Response
					if f.method == "GET" {
						r = app.Get(t, c, f.action+"?"+values.Encode())
					} else {
						r = app.PostForm(t, c, f.action, values)
					}
					tries++
					where := user + ": " + f.method + " " + f.action + " " + field + "=" + bad.name
					if r.StatusCode >= 500 {
						fiveHundreds++
						t.Errorf("%s: status %d", where, r.StatusCode)
						continue
					}
					checkBadAnswer(t, where, f, field, bad.name, bad.value, r)
				}
			}
		}
	}
	t.Logf("bad inputs tried: %d across %d forms and searches; 500s: %d", tries, formsTried, fiveHundreds)
	checkNothingImplausibleStored(t, app)
}

// checkBadAnswer holds the answer to unusable text in a free-text field to
// the rule: 422 (or 404/409 for a page that went away), a Danish message,
// and the typed text in the form again.
func checkBadAnswer(t *testing.T, where string, f form, field, badName, bad string, r *servertest.Response) {
	t.Helper()
	unusable := badName == "NUL" || badName == "invalid UTF-8" || badName == "control character"
	if !unusable {
		return
	}
	if f.method == "GET" {
		if badName != "control character" && r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", where, r.StatusCode)
		}
		if badName != "control character" && !strings.Contains(r.Body, "Søgningen indeholder tegn, der ikke kan bruges") {
			t.Errorf("%s: no Danish message", where)
		}
		return
	}
	kind := f.kinds[field]
	if kind != "textarea" && kind != "text" {
		return
	}
	switch r.StatusCode {
	case http.StatusUnprocessableEntity:
	case http.StatusNotFound, http.StatusConflict, http.StatusForbidden:
		return
	default:
		t.Errorf("%s: status %d, want 422", where, r.StatusCode)
		return
	}
	if !strings.Contains(r.Body, "Fejl: ") && !strings.Contains(r.Body, "Oplysningerne kan ikke bruges") {
		t.Errorf("%s: 422 without a Danish message", where)
	}
	shown := strings.ReplaceAll(strings.ToValidUTF8(strings.ReplaceAll(bad, "\x00", "\uFFFD"), "\uFFFD"), "\x07", "")
	if !strings.Contains(html.UnescapeString(strings.ReplaceAll(r.Body, "\x07", "")), shown) {
		t.Errorf("%s: the typed text is not in the form again", where)
	}
}

// checkNothingImplausibleStored scans every text and date column of every
// table (but the access log, which records what was attempted, and the
// sessions) for U+FFFD, control characters, over-long text and dates
// outside 1900–2100.
func checkNothingImplausibleStored(t *testing.T, app *servertest.App) {
	t.Helper()
	ctx := context.Background()
	rows, err := app.DB.Pool.Query(ctx, `
		SELECT table_name, column_name, data_type FROM information_schema.columns
		-- citizen_facts and session_months are derived by the database from
		-- the tables checked here (an open-ended grant runs until 'infinity')
		WHERE table_schema = 'public' AND table_name NOT IN ('access_log', 'sessions', 'login_attempts', 'schema_migrations',
		                                                     'citizen_facts', 'session_months')
		  AND data_type IN ('text', 'character varying', 'date', 'ARRAY')`)
	if err != nil {
		t.Fatal(err)
	}
	type col struct{ table, column, typ string }
	var cols []col
	for rows.Next() {
		var c col
		if err := rows.Scan(&c.table, &c.column, &c.typ); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	rows.Close()
	if len(cols) < 20 {
		t.Fatalf("only %d columns to check", len(cols))
	}
	for _, c := range cols {
		var cond string
		q := `"` + c.column + `"`
		switch c.typ {
		case "date":
			cond = q + ` < '1900-01-01' OR ` + q + ` > '2100-12-31'`
		case "ARRAY":
			q = `array_to_string(` + q + `, ' ')`
			fallthrough
		default:
			cond = q + ` ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\ufffd]' OR length(` + q + `) > 5000`
		}
		var n int
		if err := app.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM "`+c.table+`" WHERE `+cond).Scan(&n); err != nil {
			t.Fatalf("%s.%s: %v", c.table, c.column, err)
		}
		if n > 0 {
			t.Errorf("%s.%s: %d implausible values stored", c.table, c.column, n)
		}
	}
}
