package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/a-h/templ"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

type teamStore interface {
	FindTeams(ctx context.Context) ([]domain.Team, error)
	FindTeamByID(ctx context.Context, id int64) (domain.Team, error)
	CreateTeam(ctx context.Context, in domain.TeamInput, userID int64) (domain.Team, error)
	UpdateTeam(ctx context.Context, id int64, in domain.TeamInput) (domain.Team, error)
}

func (s *Server) registerTeamRoutes() {
	s.handle("GET", "/admin/teams", adminOnly, s.handleTeamIndex)
	s.handle("POST", "/admin/teams", adminOnly, s.handleTeamCreate)
	s.handle("GET", "/admin/teams/{id}", adminOnly, s.handleTeamEdit)
	s.handle("POST", "/admin/teams/{id}", adminOnly, s.handleTeamUpdate)
}

// teamsView is the team list with its add form, the teams read as it renders.
func (s *Server) teamsView(r *http.Request, page views.TeamIndexPage) templ.Component {
	return listing(s.store.FindTeams, func(teams []domain.Team) templ.Component {
		page.Base, page.Teams = s.base(r, "Teams"), teams
		return views.TeamIndex(page)
	})
}

func (s *Server) handleTeamIndex(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, s.teamsView(r, views.TeamIndexPage{}))
}

func (s *Server) handleTeamCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	in := teamForm(r.PostForm)
	in.FormToken = postedFormToken(r)
	t, err := s.store.CreateTeam(r.Context(), in, currentUser(r.Context()).ID)
	if err != nil {
		page := views.TeamIndexPage{Name: in.Name}
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return s.teamsView(r, page) })
	}
	s.audit(r, domain.ActionCreate, nil, domain.EntityTeamRecord, strconv.FormatInt(t.ID, 10), "")
	s.flash(r, "Teamet "+t.Name+" er oprettet.")
	http.Redirect(w, r, "/admin/teams", http.StatusSeeOther)
	return nil
}

func (s *Server) handleTeamEdit(w http.ResponseWriter, r *http.Request) error {
	t, _, err := byIDParam(r, s.store.FindTeamByID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.TeamEdit(views.TeamEditPage{Base: s.base(r, "Rediger team"), Team: t, Name: t.Name}))
}

func (s *Server) handleTeamUpdate(w http.ResponseWriter, r *http.Request) error {
	t, id, err := byIDParam(r, s.store.FindTeamByID)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	in := teamForm(r.PostForm)
	updated, err := s.store.UpdateTeam(r.Context(), id, in)
	if err != nil {
		page := views.TeamEditPage{Base: s.base(r, "Rediger team"), Team: t, Name: in.Name}
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return views.TeamEdit(page) })
	}
	s.audit(r, domain.ActionUpdate, nil, domain.EntityTeamRecord, strconv.FormatInt(id, 10), "")
	s.flash(r, "Teamet hedder nu "+updated.Name+".")
	http.Redirect(w, r, "/admin/teams", http.StatusSeeOther)
	return nil
}

// teamForm reads the posted team form (its name).
func teamForm(p url.Values) domain.TeamInput {
	return domain.TeamInput{Name: p.Get("name")}
}
