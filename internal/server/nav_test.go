package server_test

import (
	"io"
	"log/slog"
	"slices"
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/internal/server"
	"mentorspor/internal/servertest"
)

// TestNavigationFollowsRoutes: the menu is built from the route table, so
// every entry is a registered page, every entry a user sees is one they may
// open, and each role's menu is the one the product promises.
func TestNavigationFollowsRoutes(t *testing.T) {
	srv := server.New(servertest.Config(), nil, nil, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	for _, path := range server.NavigationPaths() {
		if _, _, ok := srv.AccessRule("GET", path); !ok {
			t.Errorf("menu entry %s is no registered page", path)
		}
	}
	want := map[domain.Role][]string{
		domain.RoleCaseworker:   {"/", "/borgere", "/arbejdskoe", "/bekymringer", "/faseskift", "/indstillinger", "/profilhaefte"},
		domain.RoleSocialWorker: {"/", "/borgere", "/bekymringer", "/rapporter/maanedsopgoerelse", "/indstillinger"},
		domain.RoleMentor:       {"/", "/mine-borgere", "/bekymringer", "/profilhaefte", "/supervision"},
		domain.RoleTeamLead:     {"/", "/borgere", "/bekymringer", "/team", "/rapporter/budget", "/rapporter/maanedsopgoerelse", "/faseskift", "/indstillinger", "/profilhaefte", "/supervision"},
		domain.RoleAdmin:        {"/", "/admin/brugere", "/admin/teams", "/admin/stamdata", "/admin/adgangslog"},
	}
	for role, paths := range want {
		if got := srv.NavPaths(domain.Roles{role}); !slices.Equal(got, paths) {
			t.Errorf("%s's menu: %v, want %v", role, got, paths)
		}
	}
	// Every combination of roles sees only pages it may open.
	all := []domain.Role{domain.RoleCaseworker, domain.RoleMentor, domain.RoleTeamLead, domain.RoleAdmin, domain.RoleSocialWorker}
	for mask := 1; mask < 1<<len(all); mask++ {
		var roles domain.Roles
		for i, r := range all {
			if mask&(1<<i) != 0 {
				roles = append(roles, r)
			}
		}
		for _, path := range srv.NavPaths(roles) {
			public, allowed, _ := srv.AccessRule("GET", path)
			if !public && len(allowed) > 0 && !roles.Has(allowed...) {
				t.Errorf("%v see %s, which only %v may open", roles, path, allowed)
			}
		}
	}
}
