package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

type citizenStore interface {
	FindCitizenByID(ctx context.Context, id int64) (domain.Citizen, error)
	FindCitizens(ctx context.Context, f domain.CitizenFilter) ([]domain.Citizen, int, error)
	CreateCitizen(ctx context.Context, in domain.CitizenInput, userID int64) (domain.Citizen, error)
	UpdateCitizen(ctx context.Context, id int64, in domain.CitizenInput) (domain.Citizen, error)
	PersonHasCitizen(ctx context.Context, personID, citizenID int64) (bool, error)
	FindGrantsForCitizen(ctx context.Context, citizenID int64) ([]domain.Grant, error)
	LogAccessMany(ctx context.Context, entries []domain.AccessEntry) error
}

var (
	caseworkerOnly = rolesOnly(domain.RoleCaseworker)
	caseStaff      = rolesOnly(domain.RoleCaseworker, domain.RoleTeamLead)
	citizenReaders = rolesOnly(domain.RoleCaseworker, domain.RoleTeamLead, domain.RoleMentor, domain.RoleSocialWorker)
)

func (s *Server) registerCitizenRoutes() {
	s.handle("GET", "/borgere", citizenReaders, s.handleCitizenIndex)
	s.handle("GET", "/borgere/ny", caseworkerOnly, s.handleCitizenNew)
	s.handle("POST", "/borgere", caseworkerOnly, s.handleCitizenCreate)
	s.handle("GET", "/borgere/{id}", citizenReaders, s.handleCitizenView)
	s.handle("GET", "/borgere/{id}/rediger", caseworkerOnly, s.handleCitizenEdit)
	s.handle("POST", "/borgere/{id}/rediger", caseworkerOnly, s.handleCitizenUpdate)
}

// seesWholeCase reports whether the user reads citizens as case staff
// (caseworker or team lead) rather than only as their mentor.
func seesWholeCase(u *domain.User) bool {
	return u.Roles.Has(domain.RoleCaseworker, domain.RoleTeamLead)
}

// findCitizen loads a citizen as the user may see them: a protected
// address the user may not see (domain.CanSeeAddress) is blanked here, so
// that no page model carries it. Handlers load citizens through this or
// citizenFor, never from the store directly.
func (s *Server) findCitizen(r *http.Request, id int64) (domain.Citizen, error) {
	c, err := s.store.FindCitizenByID(r.Context(), id)
	if err != nil {
		return c, err
	}
	return c.VisibleTo(currentUser(r.Context())), nil
}

// citizenParam is citizenFor with the id from the URL's {id}: how a page
// about one citizen starts.
func (s *Server) citizenParam(r *http.Request) (domain.Citizen, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return domain.Citizen{}, err
	}
	return s.citizenFor(r, id)
}

// citizenFor loads a citizen the user may see: case staff see every
// citizen; a mentor only those they support. Anything else is "not found",
// and the attempt is logged. The read is noted for the access log (see
// noteRead): this is the one place a request loads a citizen.
func (s *Server) citizenFor(r *http.Request, id int64) (domain.Citizen, error) {
	u := currentUser(r.Context())
	c, err := s.findCitizen(r, id)
	if err != nil {
		return c, s.auditMissing(r, err, domain.EntityCitizen, id, "borger findes ikke")
	}
	if !seesWholeCase(u) {
		ok, err := s.readsAsOwnCitizen(r, u, id)
		if err != nil {
			return c, err
		}
		if !ok {
			s.audit(r, domain.ActionNotFound, &c.ID, domain.EntityCitizen, strconv.FormatInt(id, 10), "ikke egen borger")
			return domain.Citizen{}, domain.Errorf(domain.ENOTFOUND, "Borgeren findes ikke.")
		}
	}
	s.noteRead(r, c.ID, domain.EntityCitizen, c.ID, domain.CitizenPurpose)
	return c, nil
}

// readsAsOwnCitizen is the relationship rule for a user who is not case
// staff: a mentor reads the citizens they support; a socialrådgiver the
// citizens the social administration has (a proposal to it, or a grant
// under one of its legal bases).
func (s *Server) readsAsOwnCitizen(r *http.Request, u *domain.User, citizenID int64) (bool, error) {
	if u.Roles.Has(domain.RoleSocialWorker) {
		ok, err := s.store.SocialAdministrationReads(r.Context(), citizenID)
		if ok || err != nil {
			return ok, err
		}
	}
	if !u.Roles.Has(domain.RoleMentor) {
		return false, nil
	}
	return s.store.PersonHasCitizen(r.Context(), u.ID, citizenID)
}

func (s *Server) handleCitizenIndex(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r.Context())
	page, offset := pageParam(r)
	f := domain.CitizenFilter{Query: strings.TrimSpace(r.URL.Query().Get("q")), Offset: offset, Limit: pageSize}
	if isSocialWorker(u) {
		f.Social = true
	} else if !seesWholeCase(u) {
		f.PersonID = &u.ID
		// Mentors never search by CPR number.
		if strings.Trim(f.Query, "0123456789- ") == "" {
			f.Query = ""
		}
	}
	list, total, err := s.store.FindCitizens(r.Context(), f)
	if err != nil {
		return err
	}
	for i := range list {
		list[i] = list[i].VisibleTo(u)
	}
	entries := make([]domain.AccessEntry, len(list))
	for i := range list {
		entries[i] = s.entry(r, domain.ActionView, &list[i].ID, "borgerliste", "", "")
		entries[i].UserID, entries[i].Username = &u.ID, u.Username
	}
	if err := s.store.LogAccessMany(r.Context(), entries); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.CitizenIndex(views.CitizenIndexPage{
		Base: s.base(r, "Borgere"), Citizens: list, Query: r.URL.Query().Get("q"),
		FullCPR: domain.CanSeeFullCPR(u.Roles), CaseStaff: seesWholeCase(u) || isSocialWorker(u), CanCreate: u.Roles.Has(domain.RoleCaseworker),
		Pager: views.NewPager(r.URL, page, pageSize, total), CountCap: domain.CitizenCountCap,
	}))
}

func (s *Server) citizenFormPage(r *http.Request, title string) (views.CitizenFormPage, error) {
	groups, err := s.store.FindTargetGroups(r.Context(), false)
	if err != nil {
		return views.CitizenFormPage{}, err
	}
	caseworkers, _, err := s.store.FindUsers(r.Context(), domain.UserFilter{Role: domain.RoleCaseworker, Limit: 500})
	if err != nil {
		return views.CitizenFormPage{}, err
	}
	return views.CitizenFormPage{Base: s.base(r, title), TargetGroups: groups, Caseworkers: caseworkers}, nil
}

func (s *Server) handleCitizenNew(w http.ResponseWriter, r *http.Request) error {
	page, err := s.citizenFormPage(r, "Ny borger")
	if err != nil {
		return err
	}
	page.IsNew = true
	page.Form.CaseworkerID = strconv.FormatInt(currentUser(r.Context()).ID, 10)
	return s.render(w, r, http.StatusOK, views.CitizenFormView(page))
}

// citizenForm reads the posted citizen form, keeping what was typed.
func citizenForm(r *http.Request) (views.CitizenForm, domain.CitizenInput) {
	_ = r.ParseForm()
	p := r.PostForm
	f := views.CitizenForm{CPR: p.Get("cpr"), Name: p.Get("name"), Phone: p.Get("phone"), Email: p.Get("email"),
		Address: p.Get("address"), AddressProtected: p.Get("address_protected") == "1",
		TargetGroupID: p.Get("target_group_id"), CaseworkerID: p.Get("caseworker_id"), Version: p.Get("version")}
	in := domain.CitizenInput{CPR: f.CPR, Name: f.Name, Phone: f.Phone, Email: f.Email, Address: f.Address,
		AddressProtected: f.AddressProtected, TargetGroupID: optionalID(f.TargetGroupID), CaseworkerID: optionalID(f.CaseworkerID)}
	in.Version, _ = strconv.Atoi(f.Version)
	return f, in
}

func optionalID(s string) *int64 {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return nil
	}
	return &id
}

// citizenRefused re-renders the citizen form refused with err (refused); a
// CPR number registered already links to that citizen.
func (s *Server) citizenRefused(w http.ResponseWriter, r *http.Request, err error, page views.CitizenFormPage) error {
	var dup *domain.DuplicateCPRError
	if errors.As(err, &dup) {
		page.Errors = map[string]string{"cpr": "Der findes allerede en borger med dette CPR-nummer."}
		page.DuplicateID = dup.CitizenID
		return s.render(w, r, http.StatusUnprocessableEntity, views.CitizenFormView(page))
	}
	return s.refused(w, r, err, &page.FormState, func() templ.Component { return views.CitizenFormView(page) })
}

func (s *Server) handleCitizenCreate(w http.ResponseWriter, r *http.Request) error {
	form, in := citizenForm(r)
	in.FormToken = postedFormToken(r)
	c, err := s.store.CreateCitizen(r.Context(), in, currentUser(r.Context()).ID)
	if err != nil {
		page, perr := s.citizenFormPage(r, "Ny borger")
		if perr != nil {
			return perr
		}
		page.IsNew, page.Form = true, form
		return s.citizenRefused(w, r, err, page)
	}
	s.flash(r, c.Name+" er oprettet.")
	http.Redirect(w, r, "/borgere/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) handleCitizenView(w http.ResponseWriter, r *http.Request) error {
	c, err := s.citizenParam(r)
	if err != nil {
		return err
	}
	grants, err := s.store.FindGrantsForCitizen(r.Context(), c.ID)
	if err != nil {
		return err
	}
	u := currentUser(r.Context())
	// A socialrådgiver reads the whole case of the citizens the social
	// administration has (readsAsOwnCitizen), and acts only on § 85.
	page := views.CitizenPage{Base: s.base(r, c.Name), Citizen: c, CaseStaff: seesWholeCase(u) || isSocialWorker(u),
		FullCPR: domain.CanSeeFullCPR(u.Roles), CanEdit: u.Roles.Has(domain.RoleCaseworker),
		CanGrant: u.Roles.Has(domain.RoleCaseworker, domain.RoleSocialWorker)}
	if !page.CaseStaff {
		// Need to know: a mentor sees only the grants they hold, and no
		// protected address, CPR number or other grants' details.
		page.Revisions = map[int64][]domain.Revision{}
		for _, g := range grants {
			if g.PersonID == u.ID && g.Status != domain.StatusDraft {
				page.Grants = append(page.Grants, g)
				// The mentor follows how the tasks were adjusted along the way.
				revs, err := s.store.FindRevisions(r.Context(), g.ID)
				if err != nil {
					return err
				}
				page.Revisions[g.ID] = revs
			}
		}
	} else {
		page.Grants = grants
	}
	if err := s.fillCitizenActivity(r, &page); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.CitizenView(page))
}

func (s *Server) handleCitizenEdit(w http.ResponseWriter, r *http.Request) error {
	c, err := s.citizenParam(r)
	if err != nil {
		return err
	}
	page, err := s.citizenFormPage(r, "Rediger "+c.Name)
	if err != nil {
		return err
	}
	page.Citizen, page.Form = c, views.CitizenFormFrom(c)
	return s.render(w, r, http.StatusOK, views.CitizenFormView(page))
}

func (s *Server) handleCitizenUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	current, err := s.citizenFor(r, id)
	if err != nil {
		return err
	}
	form, in := citizenForm(r)
	if current.AddressHidden {
		// The user may not see the protected address: whatever the form
		// carries, the stored address and its protection stay as they are.
		in.KeepAddress, in.Address, in.AddressProtected = true, "", true
		form.AddressHidden, form.Address, form.AddressProtected = true, "", true
	}
	c, err := s.store.UpdateCitizen(r.Context(), id, in)
	if err != nil {
		page, perr := s.citizenFormPage(r, "Rediger "+current.Name)
		if perr != nil {
			return perr
		}
		page.Citizen, page.Form = current, form
		if domain.ErrorCode(err) == domain.ECONFLICT {
			// Show what is stored now beside what the user typed; the next
			// save builds on the current version.
			page.Current = &current
			page.Form.Version = strconv.Itoa(current.Version)
		}
		return s.citizenRefused(w, r, err, page)
	}
	s.flash(r, "Ændringerne for "+c.Name+" er gemt.")
	http.Redirect(w, r, "/borgere/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// fillCitizenActivity adds sessions, delivered hours, progression and
// concerns to the citizen page: all of them for case staff, a mentor's own.
func (s *Server) fillCitizenActivity(r *http.Request, page *views.CitizenPage) error {
	ctx := r.Context()
	u := currentUser(ctx)
	id := page.Citizen.ID
	filter := domain.SessionFilter{CitizenID: &id, Limit: 50}
	concerns := concernScope(u)
	concerns.CitizenID = &id
	var goals []string
	if !page.CaseStaff {
		filter.AuthorID = &u.ID
		goals = []string{}
		for _, g := range page.Grants {
			for _, gl := range g.Goals {
				goals = append(goals, gl.Text)
			}
		}
	}
	var active []int64
	for _, g := range page.Grants {
		if g.Status == domain.StatusGranted {
			active = append(active, g.ID)
			if g.PersonID == u.ID {
				page.CanLog = u.Roles.Has(domain.RoleMentor)
			}
		}
	}
	var err error
	if page.Sessions, err = s.store.FindSessions(ctx, filter); err != nil {
		return err
	}
	if len(active) > 0 {
		if page.Delivered, err = s.store.DeliveredForGrants(ctx, active); err != nil {
			return err
		}
	}
	// The chart shows the last year unless the whole course is asked for: a
	// citizen followed for years has hundreds of scores.
	whole := r.URL.Query().Get("forloeb") == "alle"
	var since domain.Date
	if !whole {
		since = domain.DateOf(s.now()).AddDate(-1, 0, 0)
	}
	points, err := s.store.GoalProgress(ctx, id, since)
	if err != nil {
		return err
	}
	page.Chart = views.NewProgressChart(points, s.store.GoalScaleMax(ctx), goals)
	page.Chart.Since, page.Chart.Path = since, "/borgere/"+strconv.FormatInt(id, 10)
	if page.Directions, err = s.store.LastDirections(ctx, id, 5); err != nil {
		return err
	}
	if page.Concerns, err = s.store.FindConcerns(ctx, concerns); err != nil {
		return err
	}
	return s.fillPhases(r, page)
}

// fillPhases adds the phases, the phase log, the coping windows and the cost
// per budget to the citizen page, and which actions the user has.
func (s *Server) fillPhases(r *http.Request, page *views.CitizenPage) error {
	ctx := r.Context()
	u := currentUser(ctx)
	id := page.Citizen.ID
	page.Today = domain.DateOf(s.now())
	page.Phases = domain.Phases(page.Grants)
	page.Current = domain.CurrentPhase(page.Phases, page.Today)
	active := domain.ActiveGrants(page.Grants, page.Today)
	if len(active) == 2 && active[0].PersonID != active[1].PersonID {
		page.TwoPeople = "De to funktioner varetages af to forskellige personer (" + active[0].PersonName + " og " +
			active[1].PersonName + "). Kommunen tilstræber, at borgeren kun skal forholde sig til én person."
	}
	isCaseworker := u.Roles.Has(domain.RoleCaseworker)
	page.CanSwitch = isCaseworker && len(active) > 0
	_, _, page.SupportLetter = domain.OnePersonBoth(page.Grants, page.Today)
	page.SupportLetter = page.SupportLetter && page.CaseStaff
	coping := domain.CopingFilter{CitizenID: &id}
	if !page.CaseStaff {
		coping.PersonID = &u.ID
	}
	var err error
	if page.Coping, err = s.store.FindCopingWindows(ctx, coping); err != nil {
		return err
	}
	open := false
	for _, w := range page.Coping {
		open = open || w.Status == domain.CopingOpen || w.Status == domain.CopingRequested
	}
	var lab *domain.Grant
	for i, g := range active {
		if g.Function == domain.FunctionMentor {
			lab = &active[i]
		}
	}
	// A window agreed while a LAB grant ran can be recorded after it ended.
	page.CanCoping = isCaseworker && len(domain.CopingGrants(page.Grants, page.Today)) > 0 && !hasOpen(page.Coping)
	page.CanDecide = isCaseworker
	page.CanRequest = lab != nil && lab.PersonID == u.ID && !open
	if page.CaseStaff {
		if page.Switches, err = s.store.FindSwitches(ctx, domain.SwitchFilter{CitizenID: &id}); err != nil {
			return err
		}
		if page.Costs, err = s.store.CitizenCosts(ctx, id, 6); err != nil {
			return err
		}
		if err := s.fillProposals(r, page, lab, active); err != nil {
			return err
		}
	}
	return nil
}

// fillProposals adds the citizen's proposals of § 85 support, and whether
// the caseworker may propose (one active grant, a LAB one, none waiting).
func (s *Server) fillProposals(r *http.Request, page *views.CitizenPage, lab *domain.Grant, active []domain.Grant) error {
	ctx := r.Context()
	var err error
	if page.Proposals, err = s.store.FindProposals(ctx, domain.ProposalFilter{CitizenID: &page.Citizen.ID, Limit: 50}); err != nil {
		return err
	}
	fs, err := s.store.FlagSettings(ctx)
	if err != nil {
		return err
	}
	page.ProposalDays = fs.ProposalDays
	waiting := false
	for _, p := range page.Proposals {
		waiting = waiting || p.Status == domain.ProposalPending
	}
	page.CanPropose = domain.MayPropose(currentUser(ctx).Roles) && lab != nil && len(active) == 1 && !waiting
	return nil
}

// hasOpen reports whether a window is open (a request alone does not block
// starting one: starting picks the request up).
func hasOpen(ws []domain.CopingWindow) bool {
	for _, w := range ws {
		if w.Status == domain.CopingOpen {
			return true
		}
	}
	return false
}
