package server

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/a-h/templ"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

type phaseStore interface {
	SwitchPhase(ctx context.Context, citizenID int64, in domain.SwitchInput, userID int64, v domain.Validation) (int64, error)
	FindSwitches(ctx context.Context, f domain.SwitchFilter) ([]domain.PhaseSwitch, error)
	CitizenCosts(ctx context.Context, citizenID int64, months int) ([]domain.CostRow, error)
}

func (s *Server) registerPhaseRoutes() {
	s.handle("GET", "/borgere/{id}/faseskift/ny", caseworkerOnly, s.handleSwitchNew)
	s.handle("POST", "/borgere/{id}/faseskift", caseworkerOnly, s.handleSwitchCreate)
	s.handle("GET", "/faseskift", caseStaff, s.handleSwitchIndex)
}

// switchPage builds the switch form: the new grant's essentials prefilled
// from the grant that is there (same person, hours, goals, purpose; the
// budget from the new legal basis). Its tasks and exclusions come from the
// new function's catalogue; the old grant's lines are offered apart,
// unticked (domain.Carried).
func (s *Server) switchPage(r *http.Request, c domain.Citizen, kind domain.SwitchKind) (views.SwitchPage, []domain.Grant, error) {
	ctx := r.Context()
	today := domain.DateOf(s.now())
	grants, err := s.store.FindGrantsForCitizen(ctx, c.ID)
	if err != nil {
		return views.SwitchPage{}, nil, err
	}
	active := domain.ActiveGrants(grants, today)
	page := views.SwitchPage{Base: s.base(r, "Faseskift for "+c.Name), Citizen: c, Kind: kind, Active: active,
		Possible: domain.PossibleSwitches(active)}
	if !slices.Contains(page.Possible, kind) {
		return page, active, nil
	}
	newFn := kind.NewFunction(active)
	if newFn == "" {
		return page, active, nil
	}
	bases, err := s.store.FindLegalBases(ctx)
	if err != nil {
		return page, active, err
	}
	for _, lb := range bases {
		if lb.Function == newFn && lb.Choosable(today) {
			page.LegalBasis = lb
			break
		}
	}
	if page.LegalBasis.ID == 0 {
		return page, active, domain.Errorf(domain.ECONFLICT, "Der er intet gældende lovgrundlag for %s.", newFn.LowerLabel())
	}
	gp, err := s.grantFormPage(r, c, page.LegalBasis)
	if err != nil {
		return page, active, err
	}
	page.Persons, page.Budgets, page.Catalogue = gp.Persons, gp.Budgets, gp.Catalogue
	page.SupportChoices = gp.SupportChoices
	if len(active) > 0 {
		from := active[0]
		page.Catalogue.From = from.Function
		page.Catalogue.FromTasks = domain.Carried(from.Tasks, page.Catalogue.Tasks)
		page.Catalogue.FromExclusions = domain.Carried(from.Exclusions, page.Catalogue.Exclusions)
	}
	// The form pre-selects the person who holds the support now; when they
	// cannot hold the new function, it says so.
	if len(active) > 0 {
		current, err := s.store.FindPerson(ctx, active[0].PersonID)
		switch {
		case err == nil:
			page.HolderNote = domain.UnqualifiedHolder(current, newFn)
		case domain.ErrorCode(err) != domain.ENOTFOUND:
			return page, active, err
		}
	}
	return page, active, nil
}

func (s *Server) handleSwitchNew(w http.ResponseWriter, r *http.Request) error {
	c, err := s.citizenParam(r)
	if err != nil {
		return err
	}
	kind := domain.SwitchKind(r.URL.Query().Get("type"))
	page, active, err := s.switchPage(r, c, kind)
	if err != nil {
		return err
	}
	if !slices.Contains(page.Possible, kind) {
		page.Kind = ""
		return s.render(w, r, http.StatusOK, views.SwitchChoose(page))
	}
	if s.proposesInstead(r, page) {
		// § 85 is the social administration's to grant: the job centre
		// proposes it instead (issue 12).
		q := url.Values{"type": {string(kind)}}
		if wid := r.URL.Query().Get("vindue"); wid != "" {
			q.Set("vindue", wid)
		}
		http.Redirect(w, r, "/borgere/"+strconv.FormatInt(c.ID, 10)+"/indstillinger/ny?"+q.Encode(), http.StatusSeeOther)
		return nil
	}
	today := domain.DateOf(s.now())
	page.Form = views.NewSwitchForm(kind, active, page.LegalBasis, page.Catalogue, today)
	if wid := r.URL.Query().Get("vindue"); wid != "" {
		page.Form.CopingWindowID = wid
		page.Form.Reason = "Behovet for hverdagsmestring er vedvarende: borgeren får en støttekontaktperson efter § 85."
	}
	return s.render(w, r, http.StatusOK, views.SwitchFormView(page))
}

func (s *Server) handleSwitchCreate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.citizenParam(r)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	p := r.PostForm
	kind := domain.SwitchKind(p.Get("kind"))
	page, _, err := s.switchPage(r, c, kind)
	if err != nil {
		return err
	}
	form, in, v := s.switchForm(r, page)
	in.FormToken = postedFormToken(r)
	if refusal := domain.GrantRefusal(currentUser(r.Context()).Roles, page.LegalBasis); page.LegalBasis.ID != 0 && refusal != "" {
		// Refused before the store: the switch would grant what the user may not.
		v.Add("kind", refusal)
		err = v.Err()
	} else {
		_, err = s.store.SwitchPhase(r.Context(), c.ID, in, currentUser(r.Context()).ID, v)
	}
	if err != nil {
		page.Form = form
		return s.refused(w, r, err, &page.FormState, func() templ.Component {
			page.AskConfirm = page.Errors["confirm_different"] != ""
			return views.SwitchFormView(page)
		})
	}
	s.flash(r, "Faseskiftet er gemt: "+kind.Label()+".")
	http.Redirect(w, r, "/borgere/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
	return nil
}

// proposesInstead reports whether the user proposes the switch's new grant
// to its administration rather than grants it: a job-centre caseworker and
// § 85.
func (s *Server) proposesInstead(r *http.Request, page views.SwitchPage) bool {
	roles := currentUser(r.Context()).Roles
	return page.LegalBasis.ID != 0 && !page.LegalBasis.MayGrant(roles) && domain.MayPropose(roles) &&
		slices.Contains(domain.ProposalKinds, page.Kind)
}

// switchForm reads the posted switch form.
func (s *Server) switchForm(r *http.Request, page views.SwitchPage) (views.SwitchForm, domain.SwitchInput, domain.Validation) {
	p := r.PostForm
	form := views.SwitchForm{EffectiveOn: p.Get("effective_on"), Reason: p.Get("reason"), EndGrantID: p.Get("end_grant_id"),
		ConfirmDifferent: p.Get("confirm_different") == "1", CopingWindowID: p.Get("coping_window_id"),
		Grant: views.GrantForm{LegalBasisID: p.Get("legal_basis_id"), PersonID: p.Get("person_id"), Purpose: p.Get("purpose"),
			Hours: p.Get("hours"), End: p.Get("end"), FollowUp: p.Get("follow_up"), Review: p.Get("review"),
			BudgetID: p.Get("budget_id"), Goals: p.Get("goals"), OtherTasks: p.Get("other_tasks"),
			OtherExclusions: p.Get("other_exclusions"), TaskIDs: p["task_ids"], ExclusionIDs: p["exclusion_ids"],
			FromTasks: p["from_tasks"], FromExclusions: p["from_exclusions"]}}
	v := domain.Validation{}
	in := domain.SwitchInput{Kind: page.Kind, Reason: form.Reason, ConfirmDifferent: form.ConfirmDifferent,
		CopingWindowID: optionalID(form.CopingWindowID)}
	in.EndGrantID, _ = strconv.ParseInt(form.EndGrantID, 10, 64)
	if d := parseDateField(p, "effective_on", true, v); d != nil {
		in.EffectiveOn = *d
	}
	if page.LegalBasis.ID != 0 {
		cat := page.Catalogue
		g := domain.GrantInput{LegalBasisID: page.LegalBasis.ID, Purpose: form.Grant.Purpose, Goals: lines(form.Grant.Goals),
			Tasks: slices.Concat(checkedItems(form.Grant.TaskIDs, cat.Tasks), domain.PickCarried(cat.FromTasks, form.Grant.FromTasks),
				lines(form.Grant.OtherTasks)),
			Exclusions: slices.Concat(checkedItems(form.Grant.ExclusionIDs, cat.Exclusions),
				domain.PickCarried(cat.FromExclusions, form.Grant.FromExclusions), lines(form.Grant.OtherExclusions))}
		g.PersonID, _ = strconv.ParseInt(form.Grant.PersonID, 10, 64)
		g.BudgetID, _ = strconv.ParseInt(form.Grant.BudgetID, 10, 64)
		if h, msg := domain.ParseHours(form.Grant.Hours); msg != "" {
			v.Add("hours", msg)
		} else {
			g.HoursPerWeek = h
		}
		g.End = parseDateField(p, "end", false, v)
		g.FollowUp = parseDateField(p, "follow_up", false, v)
		if d := parseDateField(p, "review", false, v); d != nil {
			g.Review = *d
		}
		form.Grant.Support, g.SupportNeeds, g.SupportPurposeID = supportNeedForm(p)
		in.NewGrant = &g
	}
	return form, in, v
}

func (s *Server) handleSwitchIndex(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	form := views.SwitchFilterForm{From: q.Get("fra"), To: q.Get("til"), Kind: q.Get("type"), PersonID: q.Get("person")}
	f := domain.SwitchFilter{Kind: domain.SwitchKind(form.Kind), PersonID: optionalID(form.PersonID)}
	errs := map[string]string{}
	if form.From != "" {
		if t, ok := domain.ParseDate(form.From); ok {
			f.From = domain.DateOf(t)
		} else {
			errs["fra"] = "Skriv en gyldig dato, fx 01.11.2026."
		}
	}
	if form.To != "" {
		if t, ok := domain.ParseDate(form.To); ok {
			f.To = domain.DateOf(t)
		} else {
			errs["til"] = "Skriv en gyldig dato, fx 30.11.2026."
		}
	}
	if f.Kind != "" && !f.Kind.Valid() {
		f.Kind = ""
	}
	u := currentUser(r.Context())
	if u.TeamID != nil && !u.Roles.Has(domain.RoleCaseworker) {
		f.TeamID = u.TeamID // a team lead sees the team's switches
	}
	persons, err := s.store.FindPersons(r.Context())
	if err != nil {
		return err
	}
	page := views.SwitchIndexPage{Base: s.base(r, "Faseskift"), Form: form, FormState: views.FormState{Errors: errs}, Persons: persons}
	if len(errs) > 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, views.SwitchIndex(page))
	}
	if page.Switches, err = s.store.FindSwitches(r.Context(), f); err != nil {
		return err
	}
	entries := make([]domain.AccessEntry, len(page.Switches))
	for i := range page.Switches {
		entries[i] = s.entry(r, domain.ActionView, &page.Switches[i].CitizenID, "faseskiftliste", strconv.FormatInt(page.Switches[i].ID, 10), "")
		entries[i].UserID, entries[i].Username = &u.ID, u.Username
	}
	if err := s.store.LogAccessMany(r.Context(), entries); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.SwitchIndex(page))
}
