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
	if u.Roles.Has(domain.RoleSocialWorker) {
		fs, err := s.store.FlagSettings(r.Context())
		if err != nil {
			return err
		}
		waiting, err := s.store.FindProposals(r.Context(), domain.ProposalFilter{Status: domain.ProposalPending, Limit: 500})
		if err != nil {
			return err
		}
		page.ProposalsWaiting, page.ProposalDays = len(waiting), fs.ProposalDays
		for _, pr := range waiting {
			if pr.Overdue(page.Today, fs.ProposalDays) {
				page.ProposalsOverdue++
			}
		}
	}
	return s.render(w, r, http.StatusOK, views.Home(page))
}
