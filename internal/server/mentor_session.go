package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

type sessionStore interface {
	CreateSession(ctx context.Context, in domain.SessionInput, authorID int64, v domain.Validation) (int64, error)
	FindSessionByID(ctx context.Context, id int64) (domain.Session, error)
	FindSessions(ctx context.Context, f domain.SessionFilter) ([]domain.Session, error)
	UpdateSession(ctx context.Context, id int64, in domain.SessionInput, authorID int64, v domain.Validation) error
	DiscardSession(ctx context.Context, id, userID int64, reason string) error
	FindGoalsForGrant(ctx context.Context, grantID int64) ([]domain.Goal, error)
	GoalScaleMax(ctx context.Context) int
	DeliveredForGrants(ctx context.Context, grantIDs []int64) (map[int64]domain.Delivered, error)
	GoalProgress(ctx context.Context, citizenID int64, since domain.Date) ([]domain.ProgressPoint, error)
	MentorCaseload(ctx context.Context, personID int64) ([]domain.CaseloadRow, error)
	LastDirections(ctx context.Context, citizenID int64, n int) ([]string, error)
}

var mentorOnly = rolesOnly(domain.RoleMentor)

func (s *Server) registerSessionRoutes() {
	s.handle("GET", "/mine-borgere", mentorOnly, s.handleMyCitizens)
	s.handle("GET", "/borgere/{id}/samtaler/ny", mentorOnly, s.handleSessionNew)
	s.handle("POST", "/borgere/{id}/samtaler", mentorOnly, s.handleSessionCreate)
	s.restoreFormsOn("/borgere/{id}/samtaler", "/borgere/{id}/samtaler/ny")
	s.handle("GET", "/samtaler/{id}", citizenReaders, s.handleSessionView)
	s.handle("GET", "/samtaler/{id}/ret", mentorOnly, s.handleSessionEdit)
	s.handle("POST", "/samtaler/{id}/ret", mentorOnly, s.handleSessionUpdate)
	s.handle("GET", "/samtaler/{id}/kasser", mentorOnly, s.handleSessionDiscardForm)
	s.handle("POST", "/samtaler/{id}/kasser", mentorOnly, s.handleSessionDiscard)
}

func (s *Server) handleMyCitizens(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r.Context())
	rows, err := s.store.MentorCaseload(r.Context(), u.ID)
	if err != nil {
		return err
	}
	entries := make([]domain.AccessEntry, len(rows))
	for i := range rows {
		entries[i] = s.entry(r, domain.ActionView, &rows[i].CitizenID, "mine_borgere", "", "")
		entries[i].UserID, entries[i].Username = &u.ID, u.Username
	}
	if err := s.store.LogAccessMany(r.Context(), entries); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.MyCitizens(views.MyCitizensPage{Base: s.base(r, "Mine borgere"),
		Rows: rows, Today: domain.DateOf(s.now())}))
}

// sessionGrants returns the person's active grants for the citizen, each
// with its goals: what a new session can be logged on.
func (s *Server) sessionGrants(r *http.Request, citizenID int64) ([]views.SessionGrant, error) {
	u := currentUser(r.Context())
	grants, err := s.store.FindGrantsForCitizen(r.Context(), citizenID)
	if err != nil {
		return nil, err
	}
	var out []views.SessionGrant
	for _, g := range grants {
		if g.PersonID != u.ID || !g.Active(domain.DateOf(s.now())) {
			continue
		}
		goals, err := s.store.FindGoalsForGrant(r.Context(), g.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, views.SessionGrant{Grant: g, Goals: goals})
	}
	return out, nil
}

// newSessionPage is the form for a new session with the URL's citizen, on
// one of the user's active grants.
func (s *Server) newSessionPage(r *http.Request) (views.SessionFormPage, error) {
	c, err := s.citizenParam(r)
	if err != nil {
		return views.SessionFormPage{}, err
	}
	grants, err := s.sessionGrants(r, c.ID)
	if err != nil {
		return views.SessionFormPage{}, err
	}
	if len(grants) == 0 {
		return views.SessionFormPage{}, domain.Errorf(domain.ECONFLICT, "Du har ingen aktiv bevilling for %s, så der kan ikke registreres samtaler.", c.Name)
	}
	return views.SessionFormPage{Base: s.base(r, "Ny samtale med "+c.Name), Citizen: c, Grants: grants,
		ScaleMax: s.store.GoalScaleMax(r.Context())}, nil
}

func (s *Server) handleSessionNew(w http.ResponseWriter, r *http.Request) error {
	page, err := s.newSessionPage(r)
	if err != nil {
		return err
	}
	now := s.now().In(domain.Copenhagen)
	// With both functions the mentor chooses: the two are paid from different budgets.
	grantID := ""
	if len(page.Grants) == 1 {
		grantID = strconv.FormatInt(page.Grants[0].Grant.ID, 10)
	}
	page.Form = views.SessionForm{GrantID: grantID, OccurredOn: now.Format("2006-01-02"),
		StartTime: now.Truncate(5 * 60 * 1e9).Format("15:04"), Form: "fremmoede", Contact: "kontakt", Place: "uden_for_hjemmet"}
	if draft, ok := s.takeDraft(w, r); ok {
		// Typed before the sign-in expired; restored only on a grant of this person's.
		form, in, _ := sessionForm(draft, page.Grants)
		if in.GrantID == 0 || page.HasGrant(in.GrantID) {
			page.Form = form
			if t := draft.Get("form_token"); domain.ValidFormToken(t) {
				page.FormToken = t
			}
			page.Warning = draftRestored
		}
	}
	return s.render(w, r, http.StatusOK, views.SessionFormView(page))
}

// sessionForm reads the posted session form: what was typed and the input.
// Tasks and scores are read for the chosen grant only.
func sessionForm(form url.Values, grants []views.SessionGrant) (views.SessionForm, domain.SessionInput, domain.Validation) {
	f := views.SessionForm{GrantID: form.Get("grant_id"), OccurredOn: form.Get("occurred_on"), StartTime: form.Get("start_time"),
		Minutes: form.Get("minutes"), Form: form.Get("form"), Contact: form.Get("contact"), Place: form.Get("place"),
		EverydayCoping: form.Get("everyday_coping") == "1", HomeJustification: form.Get("home_justification"),
		Direction: form.Get("direction"), Note: form.Get("note"), AmendReason: form.Get("amend_reason"),
		Version: form.Get("version"), Tasks: map[string][]string{}, Scores: map[string]string{}}
	if len(grants) == 1 && f.GrantID == "" {
		f.GrantID = strconv.FormatInt(grants[0].Grant.ID, 10)
	}
	v := domain.Validation{}
	in := domain.SessionInput{StartTime: f.StartTime, Form: f.Form, Contact: f.Contact, Place: f.Place,
		EverydayCoping: f.EverydayCoping, HomeJustification: f.HomeJustification, Direction: f.Direction, Note: f.Note,
		AmendReason: f.AmendReason, Scores: map[int64]int{}}
	in.GrantID, _ = strconv.ParseInt(f.GrantID, 10, 64)
	in.Version, _ = strconv.Atoi(f.Version)
	if in.GrantID == 0 {
		v.Add("grant_id", "Vælg hvilken funktion samtalen var som – de to betales af forskellige budgetter.")
	}
	if d := parseDateField(form, "occurred_on", true, v); d != nil {
		in.OccurredOn = *d
	}
	if n, err := strconv.Atoi(strings.TrimSpace(f.Minutes)); err != nil {
		v.Add("minutes", "Skriv varigheden i hele minutter, fx 45.")
	} else {
		in.Minutes = n
	}
	for _, sg := range grants {
		gid := strconv.FormatInt(sg.Grant.ID, 10)
		f.Tasks[gid] = form["tasks_"+gid]
		for _, goal := range sg.Goals {
			key := gid + "_" + strconv.FormatInt(goal.ID, 10)
			f.Scores[key] = form.Get("score_" + key)
		}
		if gid != f.GrantID {
			continue
		}
		in.Tasks = f.Tasks[gid]
		for _, goal := range sg.Goals {
			raw := f.Scores[gid+"_"+strconv.FormatInt(goal.ID, 10)]
			if raw == "" {
				continue
			}
			n, err := strconv.Atoi(raw)
			if err != nil {
				v.Add("scores", "Vælg fremskridt på skalaen.")
				continue
			}
			in.Scores[goal.ID] = n
		}
	}
	// A tampered form may name goals of other grants: the store rejects them.
	for key := range form {
		if strings.HasPrefix(key, "score_") {
			parts := strings.Split(strings.TrimPrefix(key, "score_"), "_")
			if len(parts) == 2 && parts[0] == f.GrantID {
				if _, known := f.Scores[parts[0]+"_"+parts[1]]; !known && form.Get(key) != "" {
					goalID, _ := strconv.ParseInt(parts[1], 10, 64)
					n, _ := strconv.Atoi(form.Get(key))
					in.Scores[goalID] = n
				}
			}
		}
	}
	return f, in, v
}

func (s *Server) handleSessionCreate(w http.ResponseWriter, r *http.Request) error {
	page, err := s.newSessionPage(r)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	form, in, v := sessionForm(r.PostForm, page.Grants)
	// The grant must be one of this person's grants for this citizen.
	if in.GrantID != 0 && !page.HasGrant(in.GrantID) {
		s.audit(r, domain.ActionNotFound, &page.Citizen.ID, domain.EntityGrant, strconv.FormatInt(in.GrantID, 10), "samtale på fremmed bevilling")
		return domain.Errorf(domain.ENOTFOUND, "Bevillingen findes ikke.")
	}
	in.FormToken = postedFormToken(r)
	if _, err := s.store.CreateSession(r.Context(), in, currentUser(r.Context()).ID, v); err != nil {
		page.Form = form
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return views.SessionFormView(page) })
	}
	s.flash(r, "Samtalen med "+page.Citizen.Name+" er gemt.")
	http.Redirect(w, r, "/mine-borgere", http.StatusSeeOther)
	return nil
}

// sessionFor loads a session the user may see: its author, or case staff
// of the citizen. Anything else is "not found", logged.
func (s *Server) sessionFor(r *http.Request) (domain.Session, error) {
	ss, id, err := byIDParam(r, s.store.FindSessionByID)
	if err != nil {
		return ss, s.auditMissing(r, err, domain.EntitySession, id, "samtale findes ikke")
	}
	u := currentUser(r.Context())
	if ss.AuthorID != u.ID && !seesWholeCase(u) {
		s.audit(r, domain.ActionNotFound, &ss.CitizenID, domain.EntitySession, strconv.FormatInt(id, 10), "fremmed samtale")
		return domain.Session{}, domain.Errorf(domain.ENOTFOUND, "Samtalen findes ikke.")
	}
	s.noteRead(r, ss.CitizenID, domain.EntitySession, ss.ID, domain.SessionPurpose(ss))
	return ss, nil
}

// authoredSession is sessionFor restricted to the author (changes).
func (s *Server) authoredSession(r *http.Request) (domain.Session, error) {
	ss, err := s.sessionFor(r)
	if err != nil {
		return ss, err
	}
	if ss.AuthorID != currentUser(r.Context()).ID {
		s.audit(r, domain.ActionNotFound, &ss.CitizenID, domain.EntitySession, strconv.FormatInt(ss.ID, 10), "ret fremmed samtale")
		return domain.Session{}, domain.Errorf(domain.ENOTFOUND, "Samtalen findes ikke.")
	}
	return ss, nil
}

func (s *Server) handleSessionView(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.sessionFor(r)
	if err != nil {
		return err
	}
	u := currentUser(r.Context())
	return s.render(w, r, http.StatusOK, views.SessionView(views.SessionPage{Base: s.base(r, "Samtale"), Session: ss,
		IsAuthor: ss.AuthorID == u.ID, Correctable: ss.CorrectableBy(u.ID, s.now())}))
}

func (s *Server) handleSessionEdit(w http.ResponseWriter, r *http.Request) error {
	page, err := s.sessionEditPage(r)
	if err != nil {
		return err
	}
	if page.Session.Discarded() {
		return domain.Errorf(domain.ECONFLICT, "Samtalen er kasseret og kan ikke rettes.")
	}
	page.Form = views.SessionFormFrom(*page.Session)
	return s.render(w, r, http.StatusOK, views.SessionFormView(page))
}

// sessionEditPage is the form that corrects the URL's session, the user's
// own; it offers the session's own grant (a session keeps its grant).
func (s *Server) sessionEditPage(r *http.Request) (views.SessionFormPage, error) {
	ss, err := s.authoredSession(r)
	if err != nil {
		return views.SessionFormPage{}, err
	}
	c, err := s.findCitizen(r, ss.CitizenID)
	if err != nil {
		return views.SessionFormPage{}, err
	}
	g, err := s.store.FindGrantByID(r.Context(), ss.GrantID)
	if err != nil {
		return views.SessionFormPage{}, err
	}
	goals, err := s.store.FindGoalsForGrant(r.Context(), g.ID)
	if err != nil {
		return views.SessionFormPage{}, err
	}
	return views.SessionFormPage{Base: s.base(r, "Ret samtale med "+c.Name), Citizen: c, Session: &ss,
		Grants: []views.SessionGrant{{Grant: g, Goals: goals}}, ScaleMax: s.store.GoalScaleMax(r.Context()),
		Amend: !ss.CorrectableBy(currentUser(r.Context()).ID, s.now())}, nil
}

func (s *Server) handleSessionUpdate(w http.ResponseWriter, r *http.Request) error {
	page, err := s.sessionEditPage(r)
	if err != nil {
		return err
	}
	ss := *page.Session
	_ = r.ParseForm()
	r.PostForm.Set("grant_id", strconv.FormatInt(ss.GrantID, 10))
	form, in, v := sessionForm(r.PostForm, page.Grants)
	if err := s.store.UpdateSession(r.Context(), ss.ID, in, currentUser(r.Context()).ID, v); err != nil {
		page.Form = form
		return s.refused(w, r, err, &page.FormState, func() templ.Component {
			if domain.ErrorCode(err) == domain.ECONFLICT {
				// The next save builds on the stored version.
				if fresh, ferr := s.store.FindSessionByID(r.Context(), ss.ID); ferr == nil {
					page.Form.Version = strconv.Itoa(fresh.Version)
				}
			}
			return views.SessionFormView(page)
		})
	}
	msg := "Samtalen er rettet."
	if page.Amend {
		msg = "Tillægget til samtalen er gemt."
	}
	s.flash(r, msg)
	http.Redirect(w, r, "/samtaler/"+strconv.FormatInt(ss.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) handleSessionDiscardForm(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.authoredSession(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.SessionDiscard(s.discardPage(r, ss)))
}

func (s *Server) discardPage(r *http.Request, ss domain.Session) views.SessionDiscardPage {
	return views.SessionDiscardPage{Base: s.base(r, "Kassér samtale"), Session: ss}
}

func (s *Server) handleSessionDiscard(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.authoredSession(r)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	reason := r.PostForm.Get("reason")
	if err := s.store.DiscardSession(r.Context(), ss.ID, currentUser(r.Context()).ID, reason); err != nil {
		page := s.discardPage(r, ss)
		page.Reason = reason
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return views.SessionDiscard(page) })
	}
	s.flash(r, "Samtalen er kasseret. Den står stadig i historikken.")
	http.Redirect(w, r, "/samtaler/"+strconv.FormatInt(ss.ID, 10), http.StatusSeeOther)
	return nil
}
