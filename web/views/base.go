// Package views holds Mentorspor's pages as templ components over typed
// view-models. Components are pure: everything they show comes in the props.
package views

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"mentorspor/internal/domain"
)

// Base is embedded in every page's props.
type Base struct {
	Title       string
	User        *CurrentUser // nil when nobody is signed in
	Flash       string
	Warning     string // a one-time warning shown beside the flash
	Path        string
	NewConcerns int       // concerns not yet acknowledged, for case staff
	Nav         []NavItem // the main menu: what the user may open (server's navigation)
	// FormToken is the one-time token a create form carries (formToken):
	// fresh when the page is rendered, the posted one when a form is re-rendered.
	FormToken string
}

// CurrentUser is the signed-in user as the layout shows them.
type CurrentUser struct {
	Name     string
	Username string
	Roles    domain.Roles
}

// NavItem is one entry of the main navigation.
type NavItem struct {
	Label, Href string
}

// current reports whether item is the page shown (or its section).
func (b Base) current(item NavItem) bool {
	if item.Href == "/" {
		return b.Path == "/"
	}
	if item.Href == "/rapporter/budget" && strings.HasPrefix(b.Path, "/rapporter/") {
		return true
	}
	// Grants, sessions and concerns about a citizen belong under the citizens.
	if item.Href == "/borgere" || item.Href == "/mine-borgere" {
		for _, sub := range []string{"/bevillinger/", "/samtaler/", "/borgere/"} {
			if strings.HasPrefix(b.Path, sub) {
				return item.Href == "/borgere" || !b.User.Roles.Has(domain.RoleCaseworker, domain.RoleTeamLead)
			}
		}
	}
	return b.Path == item.Href || strings.HasPrefix(b.Path, item.Href+"/")
}

// RoleLabels is "Sagsbehandler, Teamleder".
func (u CurrentUser) RoleLabels() string { return strings.Join(u.Roles.Labels(), ", ") }

const iconSprite = "/static/vendor/dkfds/img/all-svg-icons.svg"

func icon(name string) string { return iconSprite + "#" + name }

// errorSummary lists field messages in a stable order for the summary box.
type fieldMessage struct{ Field, Message string }

func sortedErrors(errs map[string]string, order []string) []fieldMessage {
	var out []fieldMessage
	seen := map[string]bool{}
	for _, f := range order {
		if m, ok := errs[f]; ok {
			out = append(out, fieldMessage{f, m})
			seen[f] = true
		}
	}
	var rest []string
	for f := range errs {
		if !seen[f] {
			rest = append(rest, f)
		}
	}
	sort.Strings(rest)
	for _, f := range rest {
		out = append(out, fieldMessage{f, errs[f]})
	}
	return out
}

func errorCountText(n int) string {
	if n == 1 {
		return "Der er 1 fejl i formularen"
	}
	return fmt.Sprintf("Der er %d fejl i formularen", n)
}

// describedBy joins the ids of a field's hint and error message.
func describedBy(id string, hint bool, err string) string {
	var ids []string
	if hint {
		ids = append(ids, id+"-hint")
	}
	if err != "" {
		ids = append(ids, id+"-error")
	}
	return strings.Join(ids, " ")
}

// Pager is the state of a paginated list.
type Pager struct {
	Page, Pages, Total int
	base               url.URL
}

// NewPager computes the pages for total rows of size per page; u is the
// current URL whose query is kept in the page links.
func NewPager(u *url.URL, page, size, total int) Pager {
	pages := (total + size - 1) / size
	if pages < 1 {
		pages = 1
	}
	return Pager{Page: page, Pages: pages, Total: total, base: *u}
}

// Href is the link to page n with the current filters.
func (p Pager) Href(n int) string {
	q := p.base.Query()
	q.Set("side", strconv.Itoa(n))
	return p.base.Path + "?" + q.Encode()
}

// Numbers are the page numbers shown; 0 marks a gap.
func (p Pager) Numbers() []int {
	if p.Pages <= 7 {
		out := make([]int, p.Pages)
		for i := range out {
			out[i] = i + 1
		}
		return out
	}
	set := map[int]bool{1: true, p.Pages: true}
	for n := p.Page - 2; n <= p.Page+2; n++ {
		if n >= 1 && n <= p.Pages {
			set[n] = true
		}
	}
	var out []int
	prev := 0
	for n := 1; n <= p.Pages; n++ {
		if set[n] {
			if prev != 0 && n > prev+1 {
				out = append(out, 0)
			}
			out = append(out, n)
			prev = n
		}
	}
	return out
}

// KeyPager pages a long list by key (the first and last row shown) instead
// of by page number: no page costs more than the first. Total is counted up
// to Cap + 1.
type KeyPager struct {
	Total, Cap        int
	Newer, Older      bool
	FirstKey, LastKey int64
	base              url.URL
}

// NewKeyPager keeps u's filters in the links; first and last are the keys
// of the rows shown.
func NewKeyPager(u *url.URL, total, limit int, newer, older bool, first, last int64) KeyPager {
	return KeyPager{Total: total, Cap: limit, Newer: newer, Older: older, FirstKey: first, LastKey: last, base: *u}
}

func (p KeyPager) href(key string, id int64) string {
	q := p.base.Query()
	q.Del("foer")
	q.Del("efter")
	if key != "" {
		q.Set(key, formatInt64(id))
	}
	return p.base.Path + "?" + q.Encode()
}

// NewestHref is the first page; NewerHref and OlderHref the neighbours.
func (p KeyPager) NewestHref() string { return p.href("", 0) }
func (p KeyPager) NewerHref() string  { return p.href("efter", p.FirstKey) }
func (p KeyPager) OlderHref() string  { return p.href("foer", p.LastKey) }

// CountText is "31 hændelser", or "Mere end 10.000 hændelser" past the cap.
func (p KeyPager) CountText(one, many string) string {
	if p.Total > p.Cap {
		return "Mere end " + thousands(p.Cap) + " " + many
	}
	return countText(p.Total, one, many)
}

// thousands writes n with Danish thousands separators: 10.000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }

func formatInt64(n int64) string { return strconv.FormatInt(n, 10) }

// countText is "1 bruger" or "7 brugere".
func countText(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func citizenPath(id int64) string { return "/borgere/" + formatInt64(id) }

// citizenViewTrail starts a citizen page where the user found the citizen.
func citizenViewTrail(caseStaff bool) []NavItem {
	if caseStaff {
		return []NavItem{{"Borgere", "/borgere"}}
	}
	return []NavItem{{"Mine borgere", "/mine-borgere"}}
}

func citizenFormTrail(p CitizenFormPage) []NavItem {
	trail := []NavItem{{"Borgere", "/borgere"}}
	if !p.IsNew {
		trail = append(trail, NavItem{p.Citizen.Name, citizenPath(p.Citizen.ID)})
	}
	return trail
}

// grantTrail leads to a grant page ("" here) or a page under the grant.
func grantTrail(g domain.Grant, here string) []NavItem {
	trail := []NavItem{{"Borgere", "/borgere"}, {g.CitizenName, citizenPath(g.CitizenID)}}
	if here != "" {
		trail = append(trail, NavItem{"Bevilling nr. " + formatInt64(g.ID), GrantPath(g.ID, "")})
	}
	return trail
}

func grantCurrent(g domain.Grant, here string) string {
	if here != "" {
		return here
	}
	return "Bevilling nr. " + formatInt64(g.ID)
}

// optionsOf turns items into the choices of a select, after a first choice
// with an empty value labelled none ("" leaves it out).
func optionsOf[T any](none string, items []T, option func(T) domain.Option) []domain.Option {
	opts := make([]domain.Option, 0, len(items)+1)
	if none != "" {
		opts = append(opts, domain.Option{Label: none})
	}
	for _, it := range items {
		opts = append(opts, option(it))
	}
	return opts
}

func budgetOption(b domain.Budget) domain.Option {
	return domain.Option{Value: formatInt64(b.ID), Label: b.Name}
}

func teamOption(t domain.Team) domain.Option {
	return domain.Option{Value: formatInt64(t.ID), Label: t.Name}
}

func userOption(u domain.User) domain.Option {
	return domain.Option{Value: formatInt64(u.ID), Label: u.DisplayName}
}

func personOption(p domain.Person) domain.Option {
	return domain.Option{Value: formatInt64(p.UserID), Label: p.Name}
}

func targetGroupOption(g domain.TargetGroup) domain.Option {
	return domain.Option{Value: formatInt64(g.ID), Label: g.Name}
}

func roleOption(r domain.Role) domain.Option {
	return domain.Option{Value: string(r), Label: r.Label()}
}

func switchKindOption(k domain.SwitchKind) domain.Option {
	return domain.Option{Value: string(k), Label: k.Label()}
}
