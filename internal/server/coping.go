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

type copingStore interface {
	FindCopingWindowByID(ctx context.Context, id int64) (domain.CopingWindow, error)
	FindCopingWindows(ctx context.Context, f domain.CopingFilter) ([]domain.CopingWindow, error)
	RequestCoping(ctx context.Context, grantID, mentorID int64, need, formToken string) (int64, error)
	StartCoping(ctx context.Context, in domain.CopingStartInput, userID int64, v domain.Validation) (int64, error)
	DecideCopingMet(ctx context.Context, id, userID int64, note string) error
	RejectCopingRequest(ctx context.Context, id, userID int64, note string) error
	CopingSettings(ctx context.Context) (months, repeatMonths int)
}

func (s *Server) registerCopingRoutes() {
	s.handle("GET", "/borgere/{id}/hverdagsmestring/anmod", mentorOnly, s.handleCopingRequestForm)
	s.handle("POST", "/borgere/{id}/hverdagsmestring/anmod", mentorOnly, s.handleCopingRequest)
	s.handle("GET", "/borgere/{id}/hverdagsmestring/ny", caseworkerOnly, s.handleCopingStartForm)
	s.handle("POST", "/borgere/{id}/hverdagsmestring", caseworkerOnly, s.handleCopingStart)
	s.handle("GET", "/hverdagsmestring/{id}", caseworkerOnly, s.handleCopingDecideForm)
	s.handle("POST", "/hverdagsmestring/{id}/daekket", caseworkerOnly, s.handleCopingMet)
	s.handle("POST", "/hverdagsmestring/{id}/afvis", caseworkerOnly, s.handleCopingReject)
}

// mentorLABGrant is the user's active LAB grant for the citizen, if any.
func (s *Server) activeLABGrant(r *http.Request, citizenID int64, personID *int64) (*domain.Grant, error) {
	grants, err := s.store.FindGrantsForCitizen(r.Context(), citizenID)
	if err != nil {
		return nil, err
	}
	today := domain.DateOf(s.now())
	for _, g := range grants {
		if g.Function == domain.FunctionMentor && g.Active(today) && (personID == nil || g.PersonID == *personID) {
			return &g, nil
		}
	}
	return nil, nil
}

// copingRequestPage is the mentor's request form for the URL's citizen, on
// the mentor's active LAB grant.
func (s *Server) copingRequestPage(r *http.Request) (views.CopingRequestPage, error) {
	c, err := s.citizenParam(r)
	if err != nil {
		return views.CopingRequestPage{}, err
	}
	g, err := s.activeLABGrant(r, c.ID, &currentUser(r.Context()).ID)
	if err != nil {
		return views.CopingRequestPage{}, err
	}
	if g == nil {
		return views.CopingRequestPage{}, domain.Errorf(domain.ECONFLICT,
			"Du har ingen aktiv mentorbevilling for %s, så der kan ikke anmodes om en hverdagsmestringsperiode.", c.Name)
	}
	return views.CopingRequestPage{Base: s.base(r, "Anmod om hverdagsmestringsperiode"), Citizen: c, GrantID: g.ID}, nil
}

func (s *Server) handleCopingRequestForm(w http.ResponseWriter, r *http.Request) error {
	page, err := s.copingRequestPage(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.CopingRequestView(page))
}

func (s *Server) handleCopingRequest(w http.ResponseWriter, r *http.Request) error {
	page, err := s.copingRequestPage(r)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	page.Need = r.PostForm.Get("need")
	if _, err := s.store.RequestCoping(r.Context(), page.GrantID, currentUser(r.Context()).ID, page.Need, postedFormToken(r)); err != nil {
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return views.CopingRequestView(page) })
	}
	s.flash(r, "Anmodningen er sendt til "+page.Citizen.Name+"s sagsbehandler.")
	http.Redirect(w, r, "/borgere/"+strconv.FormatInt(page.Citizen.ID, 10), http.StatusSeeOther)
	return nil
}

// copingStartPage offers the URL's citizen's LAB grants a window can be
// registered on: a window belongs to the grant active on its start date,
// which may lie before today (domain.CopingGrants).
func (s *Server) copingStartPage(r *http.Request) (views.CopingStartPage, error) {
	c, err := s.citizenParam(r)
	if err != nil {
		return views.CopingStartPage{}, err
	}
	grants, err := s.store.FindGrantsForCitizen(r.Context(), c.ID)
	if err != nil {
		return views.CopingStartPage{}, err
	}
	today := domain.DateOf(s.now())
	page := views.CopingStartPage{Base: s.base(r, "Start hverdagsmestringsperiode"), Citizen: c, Today: today,
		Grants: domain.CopingGrants(grants, today)}
	if len(page.Grants) == 0 {
		return page, domain.Errorf(domain.ECONFLICT, "%s har ingen mentorbevilling efter LAB, der er aktiv i dag eller var det inden for de seneste %d dage. En hverdagsmestringsperiode hører til en sådan.",
			c.Name, domain.CopingLateDays)
	}
	page.Months, _ = s.store.CopingSettings(r.Context())
	return page, nil
}

func (s *Server) handleCopingStartForm(w http.ResponseWriter, r *http.Request) error {
	page, err := s.copingStartPage(r)
	if err != nil {
		return err
	}
	c := page.Citizen
	// Today, when a grant runs today; otherwise the date must be typed.
	if _, ok := domain.CopingGrantOn(page.Grants, page.Today); ok {
		page.Form = views.CopingStartForm{Start: domain.FormatDate(page.Today)}
	}
	rid := optionalID(r.URL.Query().Get("anmodning"))
	if rid == nil {
		// A pending request from the mentor is picked up, not left behind.
		pending, err := s.store.FindCopingWindows(r.Context(), domain.CopingFilter{CitizenID: &c.ID, Statuses: []string{domain.CopingRequested}})
		if err != nil {
			return err
		}
		if len(pending) > 0 {
			rid = &pending[0].ID
		}
	}
	if rid != nil {
		req, err := s.store.FindCopingWindowByID(r.Context(), *rid)
		if err != nil || req.CitizenID != c.ID || req.Status != domain.CopingRequested {
			return domain.Errorf(domain.ENOTFOUND, "Anmodningen findes ikke.")
		}
		page.Request = &req
		page.Form.RequestID = strconv.FormatInt(req.ID, 10)
		page.Form.Need = req.RequestNeed
	}
	return s.render(w, r, http.StatusOK, views.CopingStartView(page))
}

func (s *Server) handleCopingStart(w http.ResponseWriter, r *http.Request) error {
	page, err := s.copingStartPage(r)
	if err != nil {
		return err
	}
	c := page.Citizen
	_ = r.ParseForm()
	form, in, v := copingStartForm(r.PostForm)
	// The grant active on the start date; without one, the latest, and the
	// store's check says the date lies outside it.
	g, ok := domain.CopingGrantOn(page.Grants, in.Start)
	if !ok {
		g = page.Grants[0]
	}
	in.GrantID = g.ID
	if in.RequestID != nil {
		req, err := s.store.FindCopingWindowByID(r.Context(), *in.RequestID)
		if err != nil || req.CitizenID != c.ID {
			return domain.Errorf(domain.ENOTFOUND, "Anmodningen findes ikke.")
		}
		page.Request = &req
	}
	in.FormToken = postedFormToken(r)
	wid, err := s.store.StartCoping(r.Context(), in, currentUser(r.Context()).ID, v)
	if err != nil {
		page.Form = form
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return views.CopingStartView(page) })
	}
	w2, _ := s.store.FindCopingWindowByID(r.Context(), wid)
	s.flash(r, "Hverdagsmestringsperioden er startet og udløber "+views.DatePtr(w2.Expires)+".")
	http.Redirect(w, r, "/borgere/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
	return nil
}

// copingStartForm reads the posted form that starts a coping window: what
// was typed, the input, and messages for fields that could not be read.
func copingStartForm(p url.Values) (views.CopingStartForm, domain.CopingStartInput, domain.Validation) {
	form := views.CopingStartForm{Start: p.Get("start"), Need: p.Get("need"), RepeatReason: p.Get("repeat_reason"), RequestID: p.Get("request_id")}
	v := domain.Validation{}
	in := domain.CopingStartInput{RequestID: optionalID(form.RequestID), Need: form.Need, RepeatReason: form.RepeatReason}
	if d := parseDateField(p, "start", true, v); d != nil {
		in.Start = *d
	}
	return form, in, v
}

// copingFor loads a window of a citizen the user may see.
func (s *Server) copingFor(r *http.Request) (domain.CopingWindow, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return domain.CopingWindow{}, err
	}
	cw, err := s.store.FindCopingWindowByID(r.Context(), id)
	if err != nil {
		return cw, err
	}
	if _, err := s.citizenFor(r, cw.CitizenID); err != nil {
		return domain.CopingWindow{}, err
	}
	s.noteRead(r, cw.CitizenID, domain.EntityCoping, cw.ID, domain.CopingPurpose)
	return cw, nil
}

func (s *Server) handleCopingDecideForm(w http.ResponseWriter, r *http.Request) error {
	cw, err := s.copingFor(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.CopingDecideView(s.copingDecidePage(r, cw)))
}

func (s *Server) copingDecidePage(r *http.Request, cw domain.CopingWindow) views.CopingDecidePage {
	return views.CopingDecidePage{Base: s.base(r, "Hverdagsmestringsperiode"), Window: cw, Today: domain.DateOf(s.now())}
}

func (s *Server) handleCopingMet(w http.ResponseWriter, r *http.Request) error {
	return s.decideCoping(w, r, false)
}

func (s *Server) handleCopingReject(w http.ResponseWriter, r *http.Request) error {
	return s.decideCoping(w, r, true)
}

// decideCoping closes an open window as met, or rejects a request; both
// need a note, kept on the page when it is missing.
func (s *Server) decideCoping(w http.ResponseWriter, r *http.Request, reject bool) error {
	cw, err := s.copingFor(r)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	note := r.PostForm.Get("note")
	userID := currentUser(r.Context()).ID
	msg := "Perioden er afsluttet: behovet er dækket."
	if reject {
		err, msg = s.store.RejectCopingRequest(r.Context(), cw.ID, userID, note), "Anmodningen er afvist."
	} else {
		err = s.store.DecideCopingMet(r.Context(), cw.ID, userID, note)
	}
	if err != nil {
		page := s.copingDecidePage(r, cw)
		if reject {
			page.RejectNote = note
		} else {
			page.Note = note
		}
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return views.CopingDecideView(page) })
	}
	s.flash(r, msg)
	http.Redirect(w, r, "/borgere/"+strconv.FormatInt(cw.CitizenID, 10), http.StatusSeeOther)
	return nil
}
