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

// byIDParam loads what the URL's {id} names with find, a store lookup by id;
// it returns the id too (0 when the URL's is not one).
func byIDParam[T any](r *http.Request, find func(context.Context, int64) (T, error)) (T, int64, error) {
	id, err := idParam(r, "id")
	if err != nil {
		var none T
		return none, 0, err
	}
	v, err := find(r.Context(), id)
	return v, id, err
}

// auditMissing notes in the access log that the user asked for an entity
// id (read from the URL) that is not there, when err says so; it returns
// err.
func (s *Server) auditMissing(r *http.Request, err error, entity string, id int64, detail string) error {
	if id != 0 && domain.ErrorCode(err) == domain.ENOTFOUND {
		s.audit(r, domain.ActionNotFound, nil, entity, strconv.FormatInt(id, 10), detail)
	}
	return err
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
	return listing(s.store.FindTeams, func(teams []domain.Team) templ.Component {
		title := "Ny bruger"
		if !page.IsNew {
			title = "Rediger bruger"
		}
		page.Base, page.Teams = s.base(r, title), teams
		return views.UserFormView(page)
	})
}

// saveUser saves the posted user form with save (a create or an update of
// page.User), logs it as action and goes back to the list, confirming with
// done's text. A refused form is shown again as typed, but for the password:
// a password is never sent back to the browser.
func (s *Server) saveUser(w http.ResponseWriter, r *http.Request, page views.UserFormPage, action string,
	save func(domain.UserInput) (domain.User, error), done func(domain.User) string) error {
	form, in, err := userForm(r)
	page.Form = form
	page.Form.Password = ""
	view := func() templ.Component { return s.userFormView(r, page) }
	if err != nil {
		return s.refused(w, r, err, &page.FormState, view)
	}
	u, err := save(in)
	if err != nil {
		return s.refused(w, r, err, &page.FormState, view)
	}
	s.audit(r, action, nil, domain.EntityUser, strconv.FormatInt(u.ID, 10), "")
	s.flash(r, done(u))
	http.Redirect(w, r, "/admin/brugere", http.StatusSeeOther)
	return nil
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
	return s.saveUser(w, r, views.UserFormPage{IsNew: true}, domain.ActionCreate,
		func(in domain.UserInput) (domain.User, error) {
			in.FormToken = postedFormToken(r)
			return s.store.CreateUser(r.Context(), in, currentUser(r.Context()).ID)
		},
		func(u domain.User) string { return "Brugeren " + u.Username + " er oprettet." })
}

// userParam loads the user the URL's {id} names.
func (s *Server) userParam(r *http.Request) (domain.User, error) {
	u, _, err := byIDParam(r, s.store.FindUserByID)
	return u, err
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
	return s.saveUser(w, r, views.UserFormPage{User: u}, domain.ActionUpdate,
		func(in domain.UserInput) (domain.User, error) {
			if currentUser(r.Context()).ID == u.ID && !in.Roles.Has(domain.RoleAdmin) {
				return domain.User{}, &domain.Error{Code: domain.EINVALID, Message: "Du kan ikke fjerne din egen administratorrolle.",
					Fields: map[string]string{"roles": "Du kan ikke fjerne din egen administratorrolle."}}
			}
			return s.store.UpdateUser(r.Context(), u.ID, in)
		},
		func(u domain.User) string { return "Ændringerne for " + u.Username + " er gemt." })
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
