package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

type userStore interface {
	FindUsers(ctx context.Context, f domain.UserFilter) ([]domain.User, int, error)
	FindUserByID(ctx context.Context, id int64) (domain.User, error)
	CreateUser(ctx context.Context, in domain.UserInput, creatorID int64) (domain.User, error)
	UpdateUser(ctx context.Context, id int64, in domain.UserInput) (domain.User, error)
	SetUserActive(ctx context.Context, id int64, active bool) error
	SetPassword(ctx context.Context, id int64, password string) error
	FindTeams(ctx context.Context) ([]domain.Team, error)
}

var adminOnly = rolesOnly(domain.RoleAdmin)

func (s *Server) registerUserRoutes() {
	s.handle("GET", "/admin/brugere", adminOnly, s.handleUserIndex)
	s.handle("GET", "/admin/brugere/ny", adminOnly, s.handleUserNew)
	s.handle("POST", "/admin/brugere", adminOnly, s.handleUserCreate)
	s.handle("GET", "/admin/brugere/{id}", adminOnly, s.handleUserEdit)
	s.handle("POST", "/admin/brugere/{id}", adminOnly, s.handleUserUpdate)
	s.handle("GET", "/admin/brugere/{id}/deaktiver", adminOnly, s.handleUserDeactivateConfirm)
	s.handle("POST", "/admin/brugere/{id}/deaktiver", adminOnly, s.handleUserDeactivate)
	s.handle("POST", "/admin/brugere/{id}/aktiver", adminOnly, s.handleUserActivate)
	s.handle("GET", "/admin/brugere/{id}/adgangskode", adminOnly, s.handlePasswordForm)
	s.handle("POST", "/admin/brugere/{id}/adgangskode", adminOnly, s.handlePasswordReset)
}

const pageSize = 25

// idParam reads a numeric URL id; anything else is "not found".
func idParam(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENOTFOUND, "Siden findes ikke.")
	}
	return id, nil
}

// pageParam reads ?side=N (1-based) and returns the offset.
func pageParam(r *http.Request) (page, offset int) {
	page, _ = strconv.Atoi(r.URL.Query().Get("side"))
	if page < 1 {
		page = 1
	}
	return page, (page - 1) * pageSize
}

func (s *Server) handleUserIndex(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, offset := pageParam(r)
	f := domain.UserFilter{Query: strings.TrimSpace(q.Get("q")), Role: domain.Role(q.Get("rolle")), Offset: offset, Limit: pageSize}
	if !f.Role.Valid() {
		f.Role = ""
	}
	if id, err := strconv.ParseInt(q.Get("team"), 10, 64); err == nil {
		f.TeamID = &id
	}
	users, total, err := s.store.FindUsers(r.Context(), f)
	if err != nil {
		return err
	}
	teams, err := s.store.FindTeams(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.UserIndex(views.UserIndexPage{
		Base: s.base(r, "Brugere"), Users: users, Teams: teams,
		Query: f.Query, Role: string(f.Role), TeamID: q.Get("team"),
		Pager: views.NewPager(r.URL, page, pageSize, total),
	}))
}

func (s *Server) handleUserNew(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, s.userFormView(r, views.UserFormPage{IsNew: true}))
}

// userFormView is the user form with the teams to choose from, read as it
// renders.
func (s *Server) userFormView(r *http.Request, page views.UserFormPage) templ.Component {
	return deferred(func(ctx context.Context) (templ.Component, error) {
		var err error
		if page.Teams, err = s.store.FindTeams(ctx); err != nil {
			return nil, err
		}
		title := "Ny bruger"
		if !page.IsNew {
			title = "Rediger bruger"
		}
		page.Base = s.base(r, title)
		return views.UserFormView(page), nil
	})
}

// userRefused re-renders the user form refused with err (refused), without
// the password typed: a password is never sent back to the browser.
func (s *Server) userRefused(w http.ResponseWriter, r *http.Request, err error, page views.UserFormPage) error {
	page.Form.Password = ""
	return s.refused(w, r, err, &page.FormState, func() templ.Component { return s.userFormView(r, page) })
}

// userForm reads the posted user form, keeping the text as typed.
func userForm(r *http.Request) (views.UserForm, domain.UserInput, error) {
	if err := r.ParseForm(); err != nil {
		return views.UserForm{}, domain.UserInput{}, domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	f := views.UserForm{
		Username: r.PostForm.Get("username"), DisplayName: r.PostForm.Get("display_name"),
		Email: r.PostForm.Get("email"), Phone: r.PostForm.Get("phone"),
		TeamID: r.PostForm.Get("team_id"), Password: r.PostForm.Get("password"),
	}
	in := domain.UserInput{Username: f.Username, DisplayName: f.DisplayName, Email: f.Email, Phone: f.Phone, Password: f.Password}
	for _, role := range r.PostForm["roles"] {
		f.Roles = append(f.Roles, domain.Role(role))
		in.Roles = append(in.Roles, domain.Role(role))
	}
	if f.TeamID != "" {
		id, err := strconv.ParseInt(f.TeamID, 10, 64)
		if err != nil {
			return f, in, &domain.Error{Code: domain.EINVALID, Message: "Teamet findes ikke.",
				Fields: map[string]string{"team_id": "Vælg et team fra listen."}}
		}
		in.TeamID = &id
	}
	return f, in, nil
}

func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) error {
	form, in, err := userForm(r)
	if err != nil {
		return s.userRefused(w, r, err, views.UserFormPage{IsNew: true, Form: form})
	}
	in.FormToken = postedFormToken(r)
	u, err := s.store.CreateUser(r.Context(), in, currentUser(r.Context()).ID)
	if err != nil {
		return s.userRefused(w, r, err, views.UserFormPage{IsNew: true, Form: form})
	}
	s.audit(r, domain.ActionCreate, nil, domain.EntityUser, strconv.FormatInt(u.ID, 10), "")
	s.flash(r, "Brugeren "+u.Username+" er oprettet.")
	http.Redirect(w, r, "/admin/brugere", http.StatusSeeOther)
	return nil
}

// userParam loads the user the URL's {id} names.
func (s *Server) userParam(r *http.Request) (domain.User, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return domain.User{}, err
	}
	return s.store.FindUserByID(r.Context(), id)
}

func (s *Server) handleUserEdit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userParam(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, s.userFormView(r, views.UserFormPage{User: u, Form: views.FormFromUser(u)}))
}

func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userParam(r)
	if err != nil {
		return err
	}
	form, in, err := userForm(r)
	if err == nil && currentUser(r.Context()).ID == u.ID && !in.Roles.Has(domain.RoleAdmin) {
		err = &domain.Error{Code: domain.EINVALID, Message: "Du kan ikke fjerne din egen administratorrolle.",
			Fields: map[string]string{"roles": "Du kan ikke fjerne din egen administratorrolle."}}
	}
	if err != nil {
		return s.userRefused(w, r, err, views.UserFormPage{User: u, Form: form})
	}
	updated, err := s.store.UpdateUser(r.Context(), u.ID, in)
	if err != nil {
		return s.userRefused(w, r, err, views.UserFormPage{User: u, Form: form})
	}
	s.audit(r, domain.ActionUpdate, nil, domain.EntityUser, strconv.FormatInt(u.ID, 10), "")
	s.flash(r, "Ændringerne for "+updated.Username+" er gemt.")
	http.Redirect(w, r, "/admin/brugere", http.StatusSeeOther)
	return nil
}

func (s *Server) handleUserDeactivateConfirm(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userParam(r)
	if err != nil {
		return err
	}
	id := u.ID
	return s.render(w, r, http.StatusOK, views.UserDeactivate(views.UserDeactivatePage{
		Base: s.base(r, "Deaktiver bruger"), User: u, IsSelf: currentUser(r.Context()).ID == id}))
}

func (s *Server) handleUserDeactivate(w http.ResponseWriter, r *http.Request) error {
	return s.setActive(w, r, false)
}

func (s *Server) handleUserActivate(w http.ResponseWriter, r *http.Request) error {
	return s.setActive(w, r, true)
}

func (s *Server) setActive(w http.ResponseWriter, r *http.Request, active bool) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if !active && currentUser(r.Context()).ID == id {
		return domain.Errorf(domain.EINVALID, "Du kan ikke deaktivere dig selv.")
	}
	u, err := s.store.FindUserByID(r.Context(), id)
	if err != nil {
		return err
	}
	if err := s.store.SetUserActive(r.Context(), id, active); err != nil {
		return err
	}
	if active {
		s.audit(r, domain.ActionUpdate, nil, domain.EntityUser, strconv.FormatInt(id, 10), "aktiveret")
		s.flash(r, u.Username+" er aktiveret igen.")
	} else {
		s.audit(r, domain.ActionUpdate, nil, domain.EntityUser, strconv.FormatInt(id, 10), "deaktiveret")
		s.flash(r, u.Username+" er deaktiveret og er logget ud overalt.")
	}
	http.Redirect(w, r, "/admin/brugere", http.StatusSeeOther)
	return nil
}

func (s *Server) handlePasswordForm(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userParam(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.PasswordReset(views.PasswordPage{Base: s.base(r, "Nulstil adgangskode"), User: u}))
}

func (s *Server) handlePasswordReset(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userParam(r)
	if err != nil {
		return err
	}
	id := u.ID
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	password, repeat := r.PostForm.Get("password"), r.PostForm.Get("password_repeat")
	page := views.PasswordPage{User: u}
	view := func() templ.Component {
		page.Base = s.base(r, "Nulstil adgangskode")
		return views.PasswordReset(page)
	}
	if msg := domain.PasswordProblem(password); msg != "" {
		page.Errors = map[string]string{"password": msg}
	} else if password != repeat {
		page.Errors = map[string]string{"password_repeat": "De to adgangskoder er ikke ens."}
	}
	if len(page.Errors) > 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, view())
	}
	if err := s.store.SetPassword(r.Context(), id, password); err != nil {
		return s.refused(w, r, err, &page.FormState, view)
	}
	if currentUser(r.Context()).ID == id {
		// Resetting one's own password keeps this session.
		fresh, err := s.store.FindUserByID(r.Context(), id)
		if err != nil {
			return err
		}
		s.sessions.Put(r.Context(), sessEpoch, fresh.SessionEpoch)
	}
	s.audit(r, domain.ActionUpdate, nil, domain.EntityUser, strconv.FormatInt(id, 10), "adgangskode nulstillet")
	s.flash(r, "Adgangskoden for "+u.Username+" er nulstillet. Brugerens andre sessioner er afsluttet.")
	http.Redirect(w, r, "/admin/brugere", http.StatusSeeOther)
	return nil
}
