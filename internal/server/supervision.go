package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/a-h/templ"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

// Supervision and collegial sparring: the team lead records the sessions
// and sees when each mentor last had one; a mentor sees their own history.

type supervisionStore interface {
	FindPersons(ctx context.Context) ([]domain.Person, error)
	FindSupervisions(ctx context.Context, f domain.SupervisionFilter) ([]domain.Supervision, error)
	CreateSupervision(ctx context.Context, in domain.SupervisionInput, createdBy int64, v domain.Validation) (int64, error)
	LastSupervisions(ctx context.Context, users []int64) (map[int64]time.Time, error)
	SupervisionWeeks(ctx context.Context) (int, error)
}

func (s *Server) registerSupervisionRoutes() {
	readers, lead := rolesOnly(domain.RoleTeamLead, domain.RoleMentor), rolesOnly(domain.RoleTeamLead)
	s.handle("GET", "/supervision", readers, s.handleSupervisionIndex)
	s.handle("GET", "/supervision/ny", lead, s.handleSupervisionNew)
	s.handle("POST", "/supervision", lead, s.handleSupervisionCreate)
}

func (s *Server) handleSupervisionIndex(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r.Context())
	page := views.SupervisionIndexPage{Base: s.base(r, "Supervision og kollegial sparring"),
		Lead: u.Roles.Has(domain.RoleTeamLead), Today: domain.DateOf(s.now())}
	f := domain.SupervisionFilter{}
	if !page.Lead {
		f.ParticipantID = &u.ID
	}
	sessions, err := s.store.FindSupervisions(r.Context(), f)
	if err != nil {
		return err
	}
	page.Sessions = sessions
	if page.Lead {
		if page.Mentors, page.Weeks, err = s.supervisionOverview(r.Context(), page.Today); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, views.SupervisionIndex(page))
}

// supervisionOverview is one row per active mentor with their last session
// and whether it is overdue by the flag_supervision_weeks setting.
func (s *Server) supervisionOverview(ctx context.Context, today domain.Date) ([]views.SupervisionMentorRow, int, error) {
	persons, err := s.store.FindPersons(ctx)
	if err != nil {
		return nil, 0, err
	}
	last, err := s.store.LastSupervisions(ctx, nil)
	if err != nil {
		return nil, 0, err
	}
	weeks, err := s.store.SupervisionWeeks(ctx)
	if err != nil {
		return nil, 0, err
	}
	rows := make([]views.SupervisionMentorRow, len(persons))
	for i, p := range persons {
		day, ok := last[p.UserID]
		rows[i] = views.SupervisionMentorRow{Person: p, Last: day, HasLast: ok,
			Overdue: domain.SupervisionOverdue(day, ok, today, weeks)}
	}
	return rows, weeks, nil
}

func (s *Server) handleSupervisionNew(w http.ResponseWriter, r *http.Request) error {
	form := views.SupervisionForm{HeldOn: domain.FormatDate(s.now()), Participants: r.URL.Query()["deltager"]}
	return s.render(w, r, http.StatusOK, s.supervisionFormView(r, views.SupervisionFormPage{Form: form}))
}

// supervisionFormView is the supervision form with the persons to choose
// from, read as it renders.
func (s *Server) supervisionFormView(r *http.Request, page views.SupervisionFormPage) templ.Component {
	return listing(s.store.FindPersons, func(persons []domain.Person) templ.Component {
		page.Base, page.Persons = s.base(r, "Registrér supervision"), persons
		return views.SupervisionFormView(page)
	})
}

func (s *Server) handleSupervisionCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	form, in, v := supervisionForm(r.PostForm)
	in.FormToken = postedFormToken(r)
	id, err := s.store.CreateSupervision(r.Context(), in, currentUser(r.Context()).ID, v)
	if err != nil {
		page := views.SupervisionFormPage{Form: form}
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return s.supervisionFormView(r, page) })
	}
	s.audit(r, domain.ActionCreate, nil, domain.EntitySupervision, strconv.FormatInt(id, 10), "")
	s.flash(r, domain.OptionLabel(domain.SupervisionForms, in.Form)+" den "+domain.FormatDate(in.HeldOn)+
		" er registreret for "+participantCount(len(in.ParticipantIDs))+".")
	http.Redirect(w, r, "/supervision", http.StatusSeeOther)
	return nil
}

func participantCount(n int) string {
	if n == 1 {
		return "1 deltager"
	}
	return strconv.Itoa(n) + " deltagere"
}

// supervisionForm reads the posted supervision form: what was typed, the
// input, and messages for fields that could not be read.
func supervisionForm(p url.Values) (views.SupervisionForm, domain.SupervisionInput, domain.Validation) {
	form := views.SupervisionForm{HeldOn: p.Get("held_on"), Form: p.Get("form"), Facilitator: p.Get("facilitator"),
		Themes: p.Get("themes"), Note: p.Get("note"), Participants: p["participants"]}
	in := domain.SupervisionInput{Form: form.Form, Facilitator: form.Facilitator, Themes: form.Themes, Note: form.Note}
	v := domain.Validation{}
	if d := parseDateField(p, "held_on", true, v); d != nil {
		in.HeldOn = *d
	}
	for _, raw := range form.Participants {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			v.Add("participants", "Vælg deltagerne fra listen.")
			continue
		}
		in.ParticipantIDs = append(in.ParticipantIDs, id)
	}
	return form, in, v
}
