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

type concernStore interface {
	CreateConcern(ctx context.Context, in domain.ConcernInput, reporterID int64) (int64, error)
	FindConcernByID(ctx context.Context, id int64) (domain.Concern, error)
	FindConcerns(ctx context.Context, f domain.ConcernFilter) ([]domain.Concern, error)
	CountNewConcerns(ctx context.Context, f domain.ConcernFilter) (int, error)
	AcknowledgeConcern(ctx context.Context, id, userID int64) error
	HandleConcern(ctx context.Context, id, userID int64, h domain.ConcernHandling) error
}

func (s *Server) registerConcernRoutes() {
	s.handle("GET", "/borgere/{id}/bekymringer/ny", mentorOnly, s.handleConcernNew)
	s.handle("POST", "/borgere/{id}/bekymringer", mentorOnly, s.handleConcernCreate)
	s.handle("GET", "/bekymringer", citizenReaders, s.handleConcernIndex)
	s.handle("GET", "/bekymringer/{id}", citizenReaders, s.handleConcernView)
	s.handle("POST", "/bekymringer/{id}/kvitter", caseStaff, s.handleConcernAcknowledge)
	s.handle("POST", "/bekymringer/{id}/haandter", caseStaff, s.handleConcernHandle)
}

// concernScope is which concerns the user sees: team leads all; a
// caseworker those of the citizens they are responsible for; a mentor
// those they reported.
func concernScope(u *domain.User) domain.ConcernFilter {
	switch {
	case u.Roles.Has(domain.RoleTeamLead):
		return domain.ConcernFilter{}
	case u.Roles.Has(domain.RoleCaseworker):
		return domain.ConcernFilter{CaseworkerID: &u.ID}
	}
	return domain.ConcernFilter{ReporterID: &u.ID}
}

// canSeeConcern applies concernScope to one concern.
func (s *Server) canSeeConcern(r *http.Request, k domain.Concern) (bool, error) {
	u := currentUser(r.Context())
	switch {
	case u.Roles.Has(domain.RoleTeamLead):
		return true, nil
	case u.Roles.Has(domain.RoleCaseworker):
		c, err := s.findCitizen(r, k.CitizenID)
		if err != nil {
			return false, err
		}
		return c.CaseworkerID != nil && *c.CaseworkerID == u.ID, nil
	}
	return k.ReporterID == u.ID, nil
}

func (s *Server) concernFor(r *http.Request) (domain.Concern, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return domain.Concern{}, err
	}
	k, err := s.store.FindConcernByID(r.Context(), id)
	if err != nil {
		return k, err
	}
	ok, err := s.canSeeConcern(r, k)
	if err != nil {
		return k, err
	}
	if !ok {
		s.audit(r, domain.ActionNotFound, &k.CitizenID, domain.EntityConcern, strconv.FormatInt(id, 10), "fremmed bekymring")
		return domain.Concern{}, domain.Errorf(domain.ENOTFOUND, "Bekymringen findes ikke.")
	}
	s.noteRead(r, k.CitizenID, domain.EntityConcern, k.ID, domain.ConcernPurpose(k.Category))
	return k, nil
}

func (s *Server) handleConcernNew(w http.ResponseWriter, r *http.Request) error {
	c, err := s.citizenParam(r)
	if err != nil {
		return err
	}
	form := views.ConcernForm{Category: r.URL.Query().Get("kategori"), Urgency: "normal", SessionID: r.URL.Query().Get("samtale")}
	if err := s.checkConcernSession(r, c.ID, form.SessionID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.ConcernFormView(views.ConcernFormPage{Base: s.base(r, "Indberet bekymring"),
		Citizen: c, Form: form}))
}

// checkConcernSession accepts only the user's own session on this citizen.
func (s *Server) checkConcernSession(r *http.Request, citizenID int64, raw string) error {
	if raw == "" {
		return nil
	}
	sid, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return domain.Errorf(domain.ENOTFOUND, "Samtalen findes ikke.")
	}
	ss, err := s.store.FindSessionByID(r.Context(), sid)
	if err != nil || ss.CitizenID != citizenID || ss.AuthorID != currentUser(r.Context()).ID {
		return domain.Errorf(domain.ENOTFOUND, "Samtalen findes ikke.")
	}
	return nil
}

func (s *Server) handleConcernCreate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.citizenParam(r)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	form, in := concernForm(r.PostForm)
	if err := s.checkConcernSession(r, c.ID, form.SessionID); err != nil {
		return err
	}
	in.CitizenID, in.FormToken = c.ID, postedFormToken(r)
	kid, err := s.store.CreateConcern(r.Context(), in, currentUser(r.Context()).ID)
	if err != nil {
		page := views.ConcernFormPage{Base: s.base(r, "Indberet bekymring"), Citizen: c, Form: form}
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return views.ConcernFormView(page) })
	}
	s.flash(r, "Bekymringen er sendt til borgerens sagsbehandler og teamlederen.")
	http.Redirect(w, r, "/bekymringer/"+strconv.FormatInt(kid, 10), http.StatusSeeOther)
	return nil
}

// concernForm reads the posted concern form: what was typed and the input.
func concernForm(p url.Values) (views.ConcernForm, domain.ConcernInput) {
	form := views.ConcernForm{Category: p.Get("category"), Urgency: p.Get("urgency"), Description: p.Get("description"),
		SessionID: p.Get("session_id")}
	in := domain.ConcernInput{SessionID: optionalID(form.SessionID), Category: form.Category,
		Urgency: form.Urgency, Description: form.Description}
	return form, in
}

func (s *Server) handleConcernIndex(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r.Context())
	list, err := s.store.FindConcerns(r.Context(), concernScope(u))
	if err != nil {
		return err
	}
	entries := make([]domain.AccessEntry, len(list))
	for i := range list {
		entries[i] = s.entry(r, domain.ActionView, &list[i].CitizenID, "bekymringsliste", strconv.FormatInt(list[i].ID, 10), "")
		entries[i].UserID, entries[i].Username = &u.ID, u.Username
	}
	if err := s.store.LogAccessMany(r.Context(), entries); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.ConcernIndex(views.ConcernIndexPage{Base: s.base(r, "Bekymringer"),
		Concerns: list, CaseStaff: seesWholeCase(u)}))
}

func (s *Server) handleConcernView(w http.ResponseWriter, r *http.Request) error {
	k, err := s.concernFor(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.ConcernView(views.ConcernPage{Base: s.base(r, "Bekymring"), Concern: k,
		CaseStaff: seesWholeCase(currentUser(r.Context()))}))
}

func (s *Server) handleConcernAcknowledge(w http.ResponseWriter, r *http.Request) error {
	k, err := s.concernFor(r)
	if err != nil {
		return err
	}
	if err := s.store.AcknowledgeConcern(r.Context(), k.ID, currentUser(r.Context()).ID); err != nil {
		return err
	}
	s.flash(r, "Bekymringen er kvitteret. Mentoren kan se, at den er under behandling.")
	http.Redirect(w, r, "/bekymringer/"+strconv.FormatInt(k.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) handleConcernHandle(w http.ResponseWriter, r *http.Request) error {
	k, err := s.concernFor(r)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	h := concernHandlingForm(r.PostForm)
	if err := s.store.HandleConcern(r.Context(), k.ID, currentUser(r.Context()).ID, h); err != nil {
		page := views.ConcernPage{Base: s.base(r, "Bekymring"), Concern: k, CaseStaff: true, Handling: h}
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return views.ConcernView(page) })
	}
	s.flash(r, "Håndteringen er registreret.")
	http.Redirect(w, r, "/bekymringer/"+strconv.FormatInt(k.ID, 10), http.StatusSeeOther)
	return nil
}

// concernHandlingForm reads the posted handling of a concern.
func concernHandlingForm(p url.Values) domain.ConcernHandling {
	return domain.ConcernHandling{Handling: p.Get("handling"), Outcome: p.Get("outcome")}
}
