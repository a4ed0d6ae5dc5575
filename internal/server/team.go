package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

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

func (s *Server) renderTeams(w http.ResponseWriter, r *http.Request, status int, page views.TeamIndexPage) error {
	teams, err := s.store.FindTeams(r.Context())
	if err != nil {
		return err
	}
	page.Base = s.base(r, "Teams")
	page.Teams = teams
	return s.render(w, r, status, views.TeamIndex(page))
}

func (s *Server) handleTeamIndex(w http.ResponseWriter, r *http.Request) error {
	return s.renderTeams(w, r, http.StatusOK, views.TeamIndexPage{})
}

func (s *Server) handleTeamCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	in := teamForm(r.PostForm)
	in.FormToken = postedFormToken(r)
	t, err := s.store.CreateTeam(r.Context(), in, currentUser(r.Context()).ID)
	if err == nil {
		s.audit(r, domain.ActionCreate, nil, domain.EntityTeamRecord, strconv.FormatInt(t.ID, 10), "")
		s.flash(r, "Teamet "+t.Name+" er oprettet.")
		http.Redirect(w, r, "/admin/teams", http.StatusSeeOther)
		return nil
	}
	if domain.ErrorCode(err) != domain.EINVALID {
		return err
	}
	return s.renderTeams(w, r, http.StatusUnprocessableEntity, views.TeamIndexPage{Name: in.Name, FormState: views.FormState{Errors: domain.FieldErrors(err)}})
}

func (s *Server) handleTeamEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	t, err := s.store.FindTeamByID(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.TeamEdit(views.TeamEditPage{Base: s.base(r, "Rediger team"), Team: t, Name: t.Name}))
}

func (s *Server) handleTeamUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	t, err := s.store.FindTeamByID(r.Context(), id)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	in := teamForm(r.PostForm)
	updated, err := s.store.UpdateTeam(r.Context(), id, in)
	if err == nil {
		s.audit(r, domain.ActionUpdate, nil, domain.EntityTeamRecord, strconv.FormatInt(id, 10), "")
		s.flash(r, "Teamet hedder nu "+updated.Name+".")
		http.Redirect(w, r, "/admin/teams", http.StatusSeeOther)
		return nil
	}
	if domain.ErrorCode(err) != domain.EINVALID {
		return err
	}
	return s.render(w, r, http.StatusUnprocessableEntity, views.TeamEdit(views.TeamEditPage{
		Base: s.base(r, "Rediger team"), Team: t, Name: in.Name, FormState: views.FormState{Errors: domain.FieldErrors(err)}}))
}

// teamForm reads the posted team form (its name).
func teamForm(p url.Values) domain.TeamInput {
	return domain.TeamInput{Name: p.Get("name")}
}
