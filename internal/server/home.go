package server

import (
	"net/http"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

func (s *Server) registerHomeRoutes() {
	s.handle("GET", "/", signedIn, s.handleHome)
}

// handleHome greets the user with a part per role they hold.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	// A mentor's home is their citizens.
	if u := currentUser(r.Context()); len(u.Roles) == 1 && u.Roles[0] == domain.RoleMentor {
		http.Redirect(w, r, "/mine-borgere", http.StatusSeeOther)
		return nil
	}
	u := currentUser(r.Context())
	page := views.HomePage{Base: s.base(r, "Forside"), Today: domain.DateOf(s.now())}
	if u.Roles.Has(domain.RoleCaseworker) {
		// Windows and requests waiting for the caseworker's decision.
		windows, err := s.store.FindCopingWindows(r.Context(), domain.CopingFilter{CaseworkerID: &u.ID,
			Statuses: []string{domain.CopingRequested, domain.CopingOpen}})
		if err != nil {
			return err
		}
		page.Coping = windows
	}
	return s.render(w, r, http.StatusOK, views.Home(page))
}
