package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html"
)

// jar keeps one connection's cookies by name. net/http/cookiejar would not
// send a Secure cookie over plain http, and a server started by `make run`
// sets its session cookie Secure; this tool only talks to 127.0.0.1.
type jar struct {
	mu      sync.Mutex
	cookies map[string]*http.Cookie
}

func (j *jar) SetCookies(_ *url.URL, cs []*http.Cookie) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, c := range cs {
		if c.MaxAge < 0 || (!c.Expires.IsZero() && c.Expires.Before(time.Now())) {
			delete(j.cookies, c.Name)
			continue
		}
		j.cookies[c.Name] = &http.Cookie{Name: c.Name, Value: c.Value}
	}
}

func (j *jar) Cookies(*url.URL) []*http.Cookie {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]*http.Cookie, 0, len(j.cookies))
	for _, c := range j.cookies {
		out = append(out, c)
	}
	return out
}

// conn is one simulated user: its own TCP connection and its own session.
type conn struct {
	base     string
	username string
	http     *http.Client
	// The session save: the form's action and its values, filled once.
	saveAction string
	saveValues url.Values
}

func newConn(base, username string) *conn {
	tr := &http.Transport{MaxIdleConns: 1, MaxIdleConnsPerHost: 1, MaxConnsPerHost: 1, IdleConnTimeout: time.Minute,
		ResponseHeaderTimeout: 0, DisableCompression: false}
	return &conn{base: base, username: username, http: &http.Client{
		Transport: tr,
		Jar:       &jar{cookies: map[string]*http.Cookie{}},
		// A 303 after a POST is the answer measured; it is not followed.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// signIn posts the sign-in form as a browser on the same site would. Only
// a successful sign-in is acceptable: failures count towards the lock-out
// by client address, so the first one stops the run.
func (c *conn) signIn(ctx context.Context, password string) error {
	form := url.Values{"username": {c.username}, "password": {password}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", c.base)
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("sign in as %s: %w", c.username, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		return fmt.Errorf("sign in as %s: status %d (wrong password, or locked out?)", c.username, resp.StatusCode)
	}
	return nil
}

// get fetches a page and returns its status and body.
func (c *conn) get(ctx context.Context, path string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

// newFormToken is a token as the server issues them: 32 hex digits.
func newFormToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// htmlForm is a form as a browser would submit it untouched.
type htmlForm struct {
	Action string
	Values url.Values
	// Radios and Checkboxes list the values of each group, in page order,
	// so the caller can choose as a user would.
	Radios, Checkboxes map[string][]string
}

// parseForm finds the POST form whose action ends with actionSuffix and
// returns what a browser would send: hidden and text inputs, checked
// radios and checkboxes, each select's selected (or first) option and
// textareas.
func parseForm(r io.Reader, actionSuffix string) (htmlForm, error) {
	doc, err := html.Parse(r)
	if err != nil {
		return htmlForm{}, err
	}
	attr := func(n *html.Node, key string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val, true
			}
		}
		return "", false
	}
	var form *html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		if form != nil {
			return
		}
		if n.Type == html.ElementNode && n.Data == "form" {
			action, _ := attr(n, "action")
			method, _ := attr(n, "method")
			if strings.EqualFold(method, "post") && strings.HasSuffix(action, actionSuffix) {
				form = n
				return
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			find(ch)
		}
	}
	find(doc)
	if form == nil {
		return htmlForm{}, fmt.Errorf("no form posting to …%s on the page", actionSuffix)
	}
	action, _ := attr(form, "action")
	f := htmlForm{Action: action, Values: url.Values{}, Radios: map[string][]string{}, Checkboxes: map[string][]string{}}
	var text func(*html.Node) string
	text = func(n *html.Node) string {
		var b strings.Builder
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type == html.TextNode {
				b.WriteString(ch.Data)
			} else {
				b.WriteString(text(ch))
			}
		}
		return b.String()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name, named := attr(n, "name")
			_, disabled := attr(n, "disabled")
			if named && !disabled {
				switch n.Data {
				case "input":
					typ, _ := attr(n, "type")
					val, _ := attr(n, "value")
					_, checked := attr(n, "checked")
					switch strings.ToLower(typ) {
					case "radio":
						f.Radios[name] = append(f.Radios[name], val)
						if checked {
							f.Values.Add(name, val)
						}
					case "checkbox":
						if val == "" {
							val = "on"
						}
						f.Checkboxes[name] = append(f.Checkboxes[name], val)
						if checked {
							f.Values.Add(name, val)
						}
					case "submit", "button", "image", "reset", "file":
					default:
						f.Values.Add(name, val)
					}
				case "textarea":
					f.Values.Add(name, strings.TrimPrefix(text(n), "\n"))
				case "select":
					var first, selected string
					var haveFirst, haveSelected bool
					var opts func(*html.Node)
					opts = func(o *html.Node) {
						for ch := o.FirstChild; ch != nil; ch = ch.NextSibling {
							if ch.Type == html.ElementNode && ch.Data == "option" {
								v, ok := attr(ch, "value")
								if !ok {
									v = strings.TrimSpace(text(ch))
								}
								if !haveFirst {
									first, haveFirst = v, true
								}
								if _, sel := attr(ch, "selected"); sel && !haveSelected {
									selected, haveSelected = v, true
								}
							} else {
								opts(ch)
							}
						}
					}
					opts(n)
					if haveSelected {
						f.Values.Add(name, selected)
					} else if haveFirst {
						f.Values.Add(name, first)
					}
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(form)
	return f, nil
}

// sessionPost fills a new-session form as a mentor would: the first of
// their grants when there is a choice, every unanswered choice answered
// with its first option, the grant's first task ticked, 45 minutes and a
// note. The form token is replaced for every post (see body).
func sessionPost(f htmlForm) (url.Values, error) {
	v := url.Values{}
	for k, vs := range f.Values {
		v[k] = append([]string(nil), vs...)
	}
	for name, opts := range f.Radios {
		if v.Get(name) == "" && len(opts) > 0 {
			v.Set(name, opts[0])
		}
	}
	grant := v.Get("grant_id")
	if grant == "" {
		return nil, fmt.Errorf("the session form offers no grant")
	}
	if tasks := f.Checkboxes["tasks_"+grant]; len(tasks) > 0 && len(v["tasks_"+grant]) == 0 {
		v.Set("tasks_"+grant, tasks[0])
	}
	if v.Get("minutes") == "" {
		v.Set("minutes", "45")
	}
	if v.Get("note") == "" {
		v.Set("note", saveNote)
	}
	return v, nil
}

// body encodes a session post with a fresh form token: every post is a new
// session, not the repeat of one (a repeated token is answered from the
// form-submission table without saving).
func body(v url.Values) string {
	w := url.Values{}
	for k, vs := range v {
		w[k] = vs
	}
	w.Set("form_token", newFormToken())
	return w.Encode()
}
