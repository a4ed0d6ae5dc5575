package server

import (
	"strconv"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

// navEntry is one entry of the main menu.
type navEntry struct {
	label, path string
	// only narrows who sees the entry below who may open it (nil: all who
	// may): a mentor may open the citizen list, but their list is "Mine
	// borgere".
	only []domain.Role
}

// navigation is the main menu in its order. Who sees an entry follows from
// the access rule of its route (handle), so the menu cannot offer a page the
// user may not open, nor hide one a new rule opens; TestNavigationFollowsRoutes
// holds every entry to a registered route.
var navigation = []navEntry{
	{label: "Forside", path: "/"},
	{label: "Mine borgere", path: "/mine-borgere"},
	{label: "Borgere", path: "/borgere", only: []domain.Role{domain.RoleCaseworker, domain.RoleTeamLead, domain.RoleSocialWorker}},
	{label: "Arbejdskø", path: "/arbejdskoe"},
	{label: "Bekymringer", path: "/bekymringer"},
	{label: "Team", path: "/team"},
	{label: "Budget", path: "/rapporter/budget"},
	{label: "Månedsopgørelse", path: "/rapporter/maanedsopgoerelse"},
	{label: "Faseskift", path: "/faseskift"},
	{label: "Indstillinger", path: "/indstillinger"},
	{label: "Profilhæfte", path: "/profilhaefte"},
	{label: "Supervision", path: "/supervision"},
	{label: "Brugere", path: "/admin/brugere"},
	{label: "Teams", path: "/admin/teams"},
	{label: "Stamdata", path: "/admin/stamdata"},
	{label: "Adgangslog", path: "/admin/adgangslog"},
}

// nav is the menu for a user with roles; the concerns entry counts the new
// ones.
func (s *Server) nav(roles domain.Roles, newConcerns int) []views.NavItem {
	var items []views.NavItem
	for _, e := range navigation {
		a, ok := s.access["GET "+e.path]
		if !ok || !a.allows(roles) || (e.only != nil && !roles.Has(e.only...)) {
			continue
		}
		label := e.label
		if e.path == "/bekymringer" && newConcerns > 0 {
			label += " (" + strconv.Itoa(newConcerns) + " nye)"
		}
		items = append(items, views.NavItem{Label: label, Href: e.path})
	}
	return items
}

// NavPaths lists the menu's paths for a user with roles, for tests.
func (s *Server) NavPaths(roles domain.Roles) []string {
	var out []string
	for _, it := range s.nav(roles, 0) {
		out = append(out, it.Href)
	}
	return out
}

// NavigationPaths lists every entry's path, for tests.
func NavigationPaths() []string {
	out := make([]string, len(navigation))
	for i, e := range navigation {
		out[i] = e.path
	}
	return out
}
