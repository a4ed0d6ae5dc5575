package server

import (
	"net/http"

	"mentorspor/web/views"
)

func (s *Server) registerHomeRoutes() {
	s.handle("GET", "/", signedIn, s.handleHome)
}

// handleHome greets the user with a part per role they hold.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, views.Home(views.HomePage{Base: s.base(r, "Forside")}))
}
