package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

func (s *Server) registerRevisionRoutes() {
	s.handle("GET", "/bevillinger/{id}/revision", caseworkerOnly, s.handleRevisionForm)
	s.handle("POST", "/bevillinger/{id}/revision", caseworkerOnly, s.handleRevisionCreate)
	s.handle("GET", "/bevillinger/{id}/forlaeng", caseworkerOnly, s.handleExtensionForm)
	s.handle("POST", "/bevillinger/{id}/forlaeng", caseworkerOnly, s.handleExtensionCreate)
	s.handle("GET", "/bevillinger/{id}/justeringsmoede", caseworkerOnly, s.handleMeetingForm)
	s.handle("POST", "/bevillinger/{id}/justeringsmoede", caseworkerOnly, s.handleMeetingCreate)
}

func (s *Server) revisionPage(r *http.Request, g domain.Grant) (views.RevisionPage, error) {
	page := views.RevisionPage{Base: s.base(r, "Revider bevilling nr. "+strconv.FormatInt(g.ID, 10)), Grant: g}
	persons, err := s.store.FindPersons(r.Context())
	if err != nil {
		return page, err
	}
	for _, p := range persons {
		if p.QualifiedFor(g.Function) {
			page.Persons = append(page.Persons, p)
		}
	}
	cat, err := s.catalogue(r.Context(), g.Function)
	page.Catalogue = withGrantItems(cat, g)
	return page, err
}

// handleRevisionForm shows the grant's current state to change; from an
// adjustment meeting (?moede=ID) the reason is prefilled from its decision.
func (s *Server) handleRevisionForm(w http.ResponseWriter, r *http.Request) error {
	g, err := s.grantFor(r)
	if err != nil {
		return err
	}
	if g.Status != domain.StatusGranted {
		return domain.Errorf(domain.ECONFLICT, "Kun en bevilget bevilling kan revideres.")
	}
	page, err := s.revisionPage(r, g)
	if err != nil {
		return err
	}
	page.Form = views.RevisionFormFrom(g, page.Catalogue)
	if mid, err := strconv.ParseInt(r.URL.Query().Get("moede"), 10, 64); err == nil {
		m, err := s.store.FindMeetingByID(r.Context(), mid)
		if err != nil || m.GrantID != g.ID {
			return domain.Errorf(domain.ENOTFOUND, "Mødet findes ikke.")
		}
		page.Meeting = &m
		page.Form.MeetingID = strconv.FormatInt(m.ID, 10)
		page.Form.Reason = "Justeringsmøde " + domain.FormatDate(m.HeldOn) + ": " + m.Decisions
	}
	return s.render(w, r, http.StatusOK, views.RevisionView(page))
}

func (s *Server) handleRevisionCreate(w http.ResponseWriter, r *http.Request) error {
	g, err := s.grantFor(r)
	if err != nil {
		return err
	}
	page, err := s.revisionPage(r, g)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	form, in, v := revisionForm(r.PostForm, page.Catalogue)
	in.FormToken = postedFormToken(r)
	n, err := s.store.ReviseGrant(r.Context(), g.ID, in, currentUser(r.Context()).ID, v)
	if err != nil {
		page.Form = form
		return s.refused(w, r, err, &page.FormState, func() templ.Component {
			if in.MeetingID != nil {
				if m, merr := s.store.FindMeetingByID(r.Context(), *in.MeetingID); merr == nil && m.GrantID == g.ID {
					page.Meeting = &m
				}
			}
			if domain.ErrorCode(err) == domain.ECONFLICT {
				// Show the stored state; the user's changes stay in the form.
				page.Conflict = true
				if fresh, ferr := s.store.FindGrantByID(r.Context(), g.ID); ferr == nil {
					page.Grant, page.Form.Version = fresh, strconv.Itoa(fresh.Version)
				}
			}
			return views.RevisionView(page)
		})
	}
	s.flash(r, "Revision "+strconv.Itoa(n)+" er gemt.")
	s.warn(r, s.capacityNote(r, in.PersonID))
	http.Redirect(w, r, views.GrantPath(g.ID, ""), http.StatusSeeOther)
	return nil
}

// revisionForm reads the posted revision form: what was typed, the input,
// and messages for fields that could not be read.
func revisionForm(p url.Values, cat views.Catalogue) (views.RevisionForm, domain.RevisionInput, domain.Validation) {
	form := views.RevisionForm{Reason: p.Get("reason"), PersonID: p.Get("person_id"), Hours: p.Get("hours"), Goals: p.Get("goals"),
		TaskIDs: p["task_ids"], ExclusionIDs: p["exclusion_ids"], OtherTasks: p.Get("other_tasks"),
		OtherExclusions: p.Get("other_exclusions"), Version: p.Get("version"), MeetingID: p.Get("meeting_id")}
	v := domain.Validation{}
	in := domain.RevisionInput{Reason: form.Reason, Goals: lines(form.Goals),
		Tasks:      append(checkedItems(form.TaskIDs, cat.Tasks), lines(form.OtherTasks)...),
		Exclusions: append(checkedItems(form.ExclusionIDs, cat.Exclusions), lines(form.OtherExclusions)...)}
	in.PersonID, _ = strconv.ParseInt(form.PersonID, 10, 64)
	in.Version, _ = strconv.Atoi(form.Version)
	in.MeetingID = optionalID(form.MeetingID)
	if h, msg := domain.ParseHours(form.Hours); msg != "" {
		v.Add("hours", msg)
	} else {
		in.HoursPerWeek = h
	}
	return form, in, v
}

func (s *Server) handleExtensionForm(w http.ResponseWriter, r *http.Request) error {
	g, err := s.grantFor(r)
	if err != nil {
		return err
	}
	page := s.extensionPage(r, g)
	page.Form = views.ExtensionForm{Hours: domain.FormatHours(g.HoursPerWeek), End: domain.FormatDate(page.MaxEnd),
		Review: domain.FormatDate(domain.DefaultReview(page.NewStart)), Version: strconv.Itoa(g.Version)}
	return s.render(w, r, http.StatusOK, views.Extension(page))
}

func (s *Server) extensionPage(r *http.Request, g domain.Grant) views.ExtensionPage {
	page := views.ExtensionPage{Base: s.base(r, "Forlæng bevilling nr. "+strconv.FormatInt(g.ID, 10)), Grant: g}
	page.NewStart, page.MaxEnd = views.ExtensionDates(g)
	return page
}

func (s *Server) handleExtensionCreate(w http.ResponseWriter, r *http.Request) error {
	g, err := s.grantFor(r)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	form, in, v := extensionForm(r.PostForm)
	in.FormToken = postedFormToken(r)
	id, err := s.store.ExtendGrant(r.Context(), g.ID, in, currentUser(r.Context()).ID, v)
	if err != nil {
		page := s.extensionPage(r, g)
		page.Form = form
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return views.Extension(page) })
	}
	s.flash(r, "Bevillingen er forlænget med bevilling nr. "+strconv.FormatInt(id, 10)+".")
	http.Redirect(w, r, views.GrantPath(id, ""), http.StatusSeeOther)
	return nil
}

// extensionForm reads the posted extension form: what was typed, the input,
// and messages for fields that could not be read.
func extensionForm(p url.Values) (views.ExtensionForm, domain.ExtensionInput, domain.Validation) {
	form := views.ExtensionForm{Assessment: p.Get("assessment"), Hours: p.Get("hours"), End: p.Get("end"), Review: p.Get("review"),
		Version: p.Get("version")}
	v := domain.Validation{}
	in := domain.ExtensionInput{Assessment: strings.TrimSpace(form.Assessment), End: parseDateField(p, "end", true, v)}
	in.Version, _ = strconv.Atoi(form.Version)
	if d := parseDateField(p, "review", false, v); d != nil {
		in.Review = *d
	}
	if h, msg := domain.ParseHours(form.Hours); msg != "" {
		v.Add("hours", msg)
	} else {
		in.HoursPerWeek = h
	}
	return form, in, v
}

func (s *Server) handleMeetingForm(w http.ResponseWriter, r *http.Request) error {
	g, err := s.grantFor(r)
	if err != nil {
		return err
	}
	form := views.MeetingForm{HeldOn: domain.FormatDate(s.now()), Participants: domain.MeetingParticipants}
	return s.render(w, r, http.StatusOK, views.MeetingView(views.MeetingPage{Base: s.base(r, "Justeringsmøde"), Grant: g, Form: form}))
}

func (s *Server) handleMeetingCreate(w http.ResponseWriter, r *http.Request) error {
	g, err := s.grantFor(r)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	form, in, v := meetingForm(r.PostForm)
	in.FormToken = postedFormToken(r)
	id, err := s.store.CreateMeeting(r.Context(), g.ID, in, currentUser(r.Context()).ID, v)
	if err != nil {
		page := views.MeetingPage{Base: s.base(r, "Justeringsmøde"), Grant: g, Form: form}
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return views.MeetingView(page) })
	}
	if in.ChangeTasks && g.Status == domain.StatusGranted {
		s.flash(r, "Mødet er gemt. Ret nu bevillingens opgaver – ændringen bliver en ny revision.")
		http.Redirect(w, r, views.GrantPath(g.ID, "/revision?moede="+strconv.FormatInt(id, 10)), http.StatusSeeOther)
		return nil
	}
	s.flash(r, "Justeringsmødet er gemt.")
	http.Redirect(w, r, views.GrantPath(g.ID, ""), http.StatusSeeOther)
	return nil
}

// meetingForm reads the posted adjustment-meeting form: what was typed, the
// input, and messages for fields that could not be read.
func meetingForm(p url.Values) (views.MeetingForm, domain.MeetingInput, domain.Validation) {
	form := views.MeetingForm{HeldOn: p.Get("held_on"), Participants: p["participants"], Others: p.Get("others"),
		Summary: p.Get("summary"), Decisions: p.Get("decisions"), ChangeTasks: p.Get("change_tasks") == "1"}
	v := domain.Validation{}
	in := domain.MeetingInput{Participants: form.Participants, Others: form.Others, Summary: form.Summary,
		Decisions: form.Decisions, ChangeTasks: form.ChangeTasks}
	if d := parseDateField(p, "held_on", true, v); d != nil {
		in.HeldOn = *d
	}
	return form, in, v
}
