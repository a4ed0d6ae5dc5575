package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

type grantStore interface {
	FindGrantByID(ctx context.Context, id int64) (domain.Grant, error)
	CreateGrant(ctx context.Context, citizenID int64, in domain.GrantInput, status domain.GrantStatus, userID int64, v domain.Validation) (int64, error)
	UpdateDraft(ctx context.Context, id int64, in domain.GrantInput, userID int64, v domain.Validation) error
	GrantDraft(ctx context.Context, id int64, version int) error
	DeleteDraft(ctx context.Context, id int64) error
	EndGrant(ctx context.Context, id int64, in domain.EndInput, v domain.Validation) error
	ExtendGrant(ctx context.Context, id int64, in domain.ExtensionInput, userID int64, v domain.Validation) (int64, error)
	ReviseGrant(ctx context.Context, id int64, in domain.RevisionInput, userID int64, v domain.Validation) (int, error)
	FindRevisions(ctx context.Context, grantID int64) ([]domain.Revision, error)
	CreateMeeting(ctx context.Context, grantID int64, in domain.MeetingInput, userID int64, v domain.Validation) (int64, error)
	FindMeetings(ctx context.Context, grantID int64) ([]domain.Meeting, error)
	FindMeetingByID(ctx context.Context, id int64) (domain.Meeting, error)
	FindPerson(ctx context.Context, userID int64) (domain.Person, error)
}

var (
	// grantWriters grant: the job centre's caseworker (LAB) and the social
	// administration's socialrådgiver (§ 85); which bases each may grant
	// is data (LegalBasis.MayGrant), checked per grant.
	grantWriters = rolesOnly(domain.RoleCaseworker, domain.RoleSocialWorker)
	grantReaders = rolesOnly(domain.RoleCaseworker, domain.RoleTeamLead, domain.RoleSocialWorker)
)

// grantRefused refuses granting under lb for the user (domain.GrantRefusal).
func grantRefused(r *http.Request, lb domain.LegalBasis) error {
	if msg := domain.GrantRefusal(currentUser(r.Context()).Roles, lb); msg != "" {
		return domain.Errorf(domain.EINVALID, "%s", msg)
	}
	return nil
}

func (s *Server) registerGrantRoutes() {
	s.handle("GET", "/borgere/{id}/bevillinger/ny", grantWriters, s.handleGrantNew)
	s.handle("POST", "/borgere/{id}/bevillinger", grantWriters, s.handleGrantCreate)
	s.handle("GET", "/bevillinger/{id}", grantReaders, s.handleGrantView)
	s.handle("GET", "/bevillinger/{id}/rediger", grantWriters, s.handleDraftEdit)
	s.handle("POST", "/bevillinger/{id}/rediger", grantWriters, s.handleDraftUpdate)
	s.handle("POST", "/bevillinger/{id}/bevilg", grantWriters, s.handleDraftGrant)
	s.handle("GET", "/bevillinger/{id}/slet", grantWriters, s.handleDraftDeleteConfirm)
	s.handle("POST", "/bevillinger/{id}/slet", grantWriters, s.handleDraftDelete)
	s.handle("GET", "/bevillinger/{id}/afslut", caseworkerOnly, s.handleGrantEndForm)
	s.handle("POST", "/bevillinger/{id}/afslut", caseworkerOnly, s.handleGrantEnd)
	s.handle("GET", "/bevillinger/{id}/brev", grantReaders, s.handleGrantLetter)
	s.handle("GET", "/borgere/{id}/din-stoette", caseStaff, s.handleSupportLetter)
	s.registerRevisionRoutes()
}

// grantFor loads the URL's grant and checks that the user may see its
// citizen.
func (s *Server) grantFor(r *http.Request) (domain.Grant, error) {
	g, _, err := s.grantAndCitizen(r)
	return g, err
}

// grantAndCitizen is grantFor with the grant's citizen.
func (s *Server) grantAndCitizen(r *http.Request) (domain.Grant, domain.Citizen, error) {
	g, id, err := byIDParam(r, s.store.FindGrantByID)
	if err != nil {
		return g, domain.Citizen{}, s.auditMissing(r, err, domain.EntityGrant, id, "bevilling findes ikke")
	}
	c, err := s.citizenFor(r, g.CitizenID)
	if err != nil {
		return domain.Grant{}, c, err
	}
	s.noteRead(r, g.CitizenID, domain.EntityGrant, g.ID, domain.GrantPurpose(g))
	return g, c, nil
}

// parseDateField reads a date field into *out, adding a message for bad input.
func parseDateField(form url.Values, field string, required bool, v domain.Validation) *domain.Date {
	raw := strings.TrimSpace(form.Get(field))
	if raw == "" {
		if required {
			v.Add(field, "Skriv datoen som dd.mm.åååå, fx 01.12.2026.")
		}
		return nil
	}
	t, ok := domain.ParseDate(raw)
	if !ok {
		v.Add(field, "Skriv en gyldig dato som dd.mm.åååå, fx 01.12.2026.")
		return nil
	}
	d := domain.DateOf(t)
	return &d
}

// lines splits a textarea into one item per non-empty line.
func lines(s string) []domain.Item {
	var out []domain.Item
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, domain.Item{Text: l})
		}
	}
	return out
}

// checkedItems maps ticked catalogue ids to items, ignoring unknown ids.
func checkedItems(ids []string, catalogue []domain.CatalogueItem) []domain.Item {
	var out []domain.Item
	for _, c := range catalogue {
		for _, raw := range ids {
			if raw == strconv.FormatInt(c.ID, 10) {
				id := c.ID
				out = append(out, domain.Item{CatalogueID: &id, Text: c.Text})
			}
		}
	}
	return out
}

// grantForm reads the posted grant form: what was typed (for re-rendering),
// the input, and messages for fields that could not be read.
func (s *Server) grantForm(r *http.Request, cat views.Catalogue) (views.GrantForm, domain.GrantInput, domain.Validation) {
	_ = r.ParseForm()
	p := r.PostForm
	f := views.GrantForm{LegalBasisID: p.Get("legal_basis_id"), PersonID: p.Get("person_id"), Purpose: p.Get("purpose"),
		Hours: p.Get("hours"), Start: p.Get("start"), End: p.Get("end"), FollowUp: p.Get("follow_up"), Review: p.Get("review"),
		BudgetID: p.Get("budget_id"), Goals: p.Get("goals"), OtherTasks: p.Get("other_tasks"),
		OtherExclusions: p.Get("other_exclusions"), ComplaintInfoOn: p.Get("complaint_info_on"), MinPlanOn: p.Get("min_plan_on"),
		TaskIDs: p["task_ids"], ExclusionIDs: p["exclusion_ids"], Version: p.Get("version")}
	v := domain.Validation{}
	in := domain.GrantInput{Purpose: f.Purpose, Goals: lines(f.Goals)}
	in.LegalBasisID, _ = strconv.ParseInt(f.LegalBasisID, 10, 64)
	in.PersonID, _ = strconv.ParseInt(f.PersonID, 10, 64)
	in.BudgetID, _ = strconv.ParseInt(f.BudgetID, 10, 64)
	in.Version, _ = strconv.Atoi(f.Version)
	if h, msg := domain.ParseHours(f.Hours); msg != "" {
		v.Add("hours", msg)
	} else {
		in.HoursPerWeek = h
	}
	if d := parseDateField(p, "start", true, v); d != nil {
		in.Start = *d
	}
	in.End = parseDateField(p, "end", false, v)
	in.FollowUp = parseDateField(p, "follow_up", false, v)
	if d := parseDateField(p, "review", false, v); d != nil {
		in.Review = *d
	} else if _, bad := v["review"]; !bad && !in.Start.IsZero() {
		in.Review = domain.DefaultReview(in.Start)
	}
	in.ComplaintInfoOn = parseDateField(p, "complaint_info_on", false, v)
	in.MinPlanOn = parseDateField(p, "min_plan_on", false, v)
	in.Tasks = append(checkedItems(f.TaskIDs, cat.Tasks), lines(f.OtherTasks)...)
	in.Exclusions = append(checkedItems(f.ExclusionIDs, cat.Exclusions), lines(f.OtherExclusions)...)
	f.Support, in.SupportNeeds, in.SupportPurposeID = supportNeedForm(p)
	return f, in, v
}

// grantFormPage gathers what the grant form offers: the legal bases, the
// qualified persons with their load, budgets and the catalogue.
func (s *Server) grantFormPage(r *http.Request, c domain.Citizen, lb domain.LegalBasis) (views.GrantFormPage, error) {
	ctx := r.Context()
	page := views.GrantFormPage{Citizen: c, LegalBasis: lb}
	var err error
	if page.Budgets, err = s.store.FindBudgets(ctx); err != nil {
		return page, err
	}
	persons, err := s.store.FindPersons(ctx)
	if err != nil {
		return page, err
	}
	for _, p := range persons {
		if p.QualifiedFor(lb.Function) {
			page.Persons = append(page.Persons, p)
		}
	}
	if page.Catalogue, err = s.catalogue(ctx, lb.Function); err != nil {
		return page, err
	}
	page.SupportChoices, err = s.supportChoices(ctx, lb)
	return page, err
}

// catalogue is function fn's catalogue as grant forms offer it: the
// entries in use (not retired).
func (s *Server) catalogue(ctx context.Context, fn domain.Function) (views.Catalogue, error) {
	cat := views.Catalogue{Function: fn}
	var err error
	if cat.Tasks, err = s.store.FindCatalogue(ctx, fn, domain.KindTask, false); err != nil {
		return cat, err
	}
	cat.Exclusions, err = s.store.FindCatalogue(ctx, fn, domain.KindExclusion, false)
	return cat, err
}

// withGrantItems adds to cat the grant's own catalogue lines it lacks
// (domain.WithChosen), so that editing the grant keeps them.
func withGrantItems(cat views.Catalogue, g domain.Grant) views.Catalogue {
	cat.Tasks = domain.WithChosen(cat.Tasks, g.Tasks)
	cat.Exclusions = domain.WithChosen(cat.Exclusions, g.Exclusions)
	return cat
}

func (s *Server) handleGrantNew(w http.ResponseWriter, r *http.Request) error {
	c, err := s.citizenParam(r)
	if err != nil {
		return err
	}
	today := domain.DateOf(s.now())
	bases, err := s.store.FindLegalBases(r.Context())
	if err != nil {
		return err
	}
	var choosable []domain.LegalBasis
	var chosen *domain.LegalBasis
	roles := currentUser(r.Context()).Roles
	for _, lb := range bases {
		// Only the bases the user grants under: the job centre proposes
		// § 85 to the social administration instead.
		if lb.Choosable(today) && lb.MayGrant(roles) {
			choosable = append(choosable, lb)
			if strconv.FormatInt(lb.ID, 10) == r.URL.Query().Get("lovgrundlag") {
				chosen = &lb
			}
		}
	}
	if chosen == nil {
		// Step 1: which law, and so which function.
		return s.render(w, r, http.StatusOK, views.GrantChooseBasis(views.GrantChooseBasisPage{
			Base: s.base(r, "Ny bevilling til "+c.Name), Citizen: c, Bases: choosable}))
	}
	page, err := s.grantFormPage(r, c, *chosen)
	if err != nil {
		return err
	}
	page.Base = s.base(r, "Ny bevilling til "+c.Name)
	page.IsNew = true
	page.Form = views.NewGrantForm(*chosen, page.Catalogue, today, currentUser(r.Context()).ID, page.Persons)
	return s.render(w, r, http.StatusOK, views.GrantFormView(page))
}

func (s *Server) handleGrantCreate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.citizenParam(r)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	lbID, _ := strconv.ParseInt(r.PostForm.Get("legal_basis_id"), 10, 64)
	lb, err := s.store.FindLegalBasisByID(r.Context(), lbID)
	if err != nil {
		return err
	}
	page, err := s.grantFormPage(r, c, lb)
	if err != nil {
		return err
	}
	form, in, v := s.grantForm(r, page.Catalogue)
	status := domain.StatusDraft
	if r.PostForm.Get("action") == "bevilg" {
		status = domain.StatusGranted
	}
	u := currentUser(r.Context())
	in.FormToken = postedFormToken(r)
	var gid int64
	if err = grantRefused(r, lb); err == nil {
		gid, err = s.store.CreateGrant(r.Context(), c.ID, in, status, u.ID, v)
	}
	if err != nil {
		page.IsNew, page.Form = true, form
		return s.refused(w, r, err, &page.FormState, s.grantFormView(r, &page, "Ny bevilling til "+c.Name))
	}
	return s.grantSaved(w, r, gid, in.PersonID, status == domain.StatusGranted, "Bevillingen er gemt som kladde.")
}

// grantSaved confirms a grant saved as a draft (draftMsg) or granted, warns
// when its person is now booked above their capacity, and goes to it.
func (s *Server) grantSaved(w http.ResponseWriter, r *http.Request, id, personID int64, granted bool, draftMsg string) error {
	if granted {
		draftMsg = "Bevillingen er bevilget."
	}
	s.flash(r, draftMsg)
	s.warn(r, s.capacityNote(r, personID))
	http.Redirect(w, r, views.GrantPath(id, ""), http.StatusSeeOther)
	return nil
}

// grantFormView renders the grant form of page under title, for refused.
func (s *Server) grantFormView(r *http.Request, page *views.GrantFormPage, title string) func() templ.Component {
	return func() templ.Component {
		page.Base = s.base(r, title)
		return views.GrantFormView(*page)
	}
}

// capacityNote warns when the person is now booked above their capacity.
func (s *Server) capacityNote(r *http.Request, personID int64) string {
	p, err := s.store.FindPerson(r.Context(), personID)
	if err != nil || !p.OverCapacity() {
		return ""
	}
	return fmt.Sprintf("Bemærk: %s har nu %s timer pr. uge bevilget mod en kapacitet på %s.",
		p.Name, domain.FormatHours(p.BookedHours), domain.FormatHours(p.CapacityHours))
}

func (s *Server) handleGrantView(w http.ResponseWriter, r *http.Request) error {
	g, err := s.grantFor(r)
	if err != nil {
		return err
	}
	revs, err := s.store.FindRevisions(r.Context(), g.ID)
	if err != nil {
		return err
	}
	meetings, err := s.store.FindMeetings(r.Context(), g.ID)
	if err != nil {
		return err
	}
	u := currentUser(r.Context())
	return s.render(w, r, http.StatusOK, views.GrantView(views.GrantPage{Base: s.base(r, "Bevilling nr. "+strconv.FormatInt(g.ID, 10)),
		Grant: g, Revisions: revs, Meetings: meetings, CanAct: u.Roles.Has(domain.RoleCaseworker), Today: domain.DateOf(s.now())}))
}

// draftPage is the grant form for the URL's grant, a draft to edit.
func (s *Server) draftPage(r *http.Request) (views.GrantFormPage, error) {
	g, c, err := s.grantAndCitizen(r)
	if err != nil {
		return views.GrantFormPage{}, err
	}
	if u := currentUser(r.Context()); isSocialWorker(u) && !g.LegalBasis.MayGrant(u.Roles) {
		return views.GrantFormPage{}, domain.Errorf(domain.EFORBIDDEN, "%s", domain.GrantRefusal(u.Roles, g.LegalBasis))
	}
	page, err := s.grantFormPage(r, c, g.LegalBasis)
	page.Grant, page.Catalogue = g, withGrantItems(page.Catalogue, g)
	return page, err
}

func (s *Server) handleDraftEdit(w http.ResponseWriter, r *http.Request) error {
	page, err := s.draftPage(r)
	if err != nil {
		return err
	}
	g := page.Grant
	if g.Status != domain.StatusDraft {
		return domain.Errorf(domain.ECONFLICT, "Kun en kladde kan redigeres. Brug \"Revider\" for at ændre en bevilget bevilling.")
	}
	page.Base, page.Form = s.base(r, "Rediger kladde"), views.GrantFormFrom(g, page.Catalogue)
	return s.render(w, r, http.StatusOK, views.GrantFormView(page))
}

func (s *Server) handleDraftUpdate(w http.ResponseWriter, r *http.Request) error {
	page, err := s.draftPage(r)
	if err != nil {
		return err
	}
	g := page.Grant
	form, in, v := s.grantForm(r, page.Catalogue)
	in.LegalBasisID = g.LegalBasis.ID
	u := currentUser(r.Context())
	grant := r.PostForm.Get("action") == "bevilg"
	if grant {
		err = grantRefused(r, g.LegalBasis)
	}
	if err == nil {
		err = s.store.UpdateDraft(r.Context(), g.ID, in, u.ID, v)
	}
	if err == nil && grant {
		err = s.store.GrantDraft(r.Context(), g.ID, 0)
	}
	if err != nil {
		page.Form = form
		return s.refused(w, r, err, &page.FormState, s.grantFormView(r, &page, "Rediger kladde"))
	}
	return s.grantSaved(w, r, g.ID, in.PersonID, grant, "Kladden er gemt.")
}

func (s *Server) handleDraftGrant(w http.ResponseWriter, r *http.Request) error {
	g, err := s.grantFor(r)
	if err != nil {
		return err
	}
	if err := grantRefused(r, g.LegalBasis); err != nil {
		return domain.Errorf(domain.ECONFLICT, "%s", domain.ErrorMessage(err))
	}
	_ = r.ParseForm()
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	if err := s.store.GrantDraft(r.Context(), g.ID, version); err != nil {
		return err
	}
	return s.grantSaved(w, r, g.ID, g.PersonID, true, "")
}

func (s *Server) handleDraftDeleteConfirm(w http.ResponseWriter, r *http.Request) error {
	g, err := s.grantFor(r)
	if err != nil {
		return err
	}
	if g.Status != domain.StatusDraft {
		return domain.Errorf(domain.ECONFLICT, "Kun en kladde kan slettes. En bevilget bevilling afsluttes i stedet.")
	}
	return s.render(w, r, http.StatusOK, views.DraftDelete(views.GrantPage{Base: s.base(r, "Slet kladde"), Grant: g}))
}

func (s *Server) handleDraftDelete(w http.ResponseWriter, r *http.Request) error {
	g, err := s.grantFor(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteDraft(r.Context(), g.ID); err != nil {
		return err
	}
	s.flash(r, "Kladden er slettet.")
	http.Redirect(w, r, "/borgere/"+strconv.FormatInt(g.CitizenID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) handleGrantEndForm(w http.ResponseWriter, r *http.Request) error {
	g, err := s.grantFor(r)
	if err != nil {
		return err
	}
	form := views.EndForm{EndedOn: domain.FormatDate(s.now()), Version: strconv.Itoa(g.Version)}
	return s.render(w, r, http.StatusOK, views.GrantEnd(views.GrantEndPage{Base: s.base(r, "Afslut bevilling"), Grant: g, Form: form}))
}

func (s *Server) handleGrantEnd(w http.ResponseWriter, r *http.Request) error {
	g, err := s.grantFor(r)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	form, in, v := endForm(r.PostForm)
	if err := s.store.EndGrant(r.Context(), g.ID, in, v); err != nil {
		page := views.GrantEndPage{Base: s.base(r, "Afslut bevilling"), Grant: g, Form: form}
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return views.GrantEnd(page) })
	}
	s.flash(r, "Bevillingen er afsluttet.")
	http.Redirect(w, r, views.GrantPath(g.ID, ""), http.StatusSeeOther)
	return nil
}

// endForm reads the posted form that ends a grant: what was typed, the
// input, and messages for fields that could not be read.
func endForm(p url.Values) (views.EndForm, domain.EndInput, domain.Validation) {
	form := views.EndForm{EndedOn: p.Get("ended_on"), Reason: p.Get("reason"), Version: p.Get("version")}
	v := domain.Validation{}
	in := domain.EndInput{Reason: strings.TrimSpace(form.Reason)}
	in.Version, _ = strconv.Atoi(form.Version)
	if d := parseDateField(p, "ended_on", true, v); d != nil {
		in.EndedOn = *d
	}
	return form, in, v
}

func (s *Server) handleGrantLetter(w http.ResponseWriter, r *http.Request) error {
	g, c, err := s.grantAndCitizen(r)
	if err != nil {
		return err
	}
	s.noteRead(r, g.CitizenID, domain.EntityLetter, g.ID, domain.GrantPurpose(g))
	return s.render(w, r, http.StatusOK, views.GrantLetter(views.GrantLetterPage{Base: s.base(r, "Bevillingsbrev"),
		Grant: g, Citizen: c, Today: s.now()}))
}

// handleSupportLetter is the overview letter "Din støtte" for a citizen
// whose mentor is also their støttekontaktperson today. Each decision has
// its administration's sender and complaint text (the grant's legal basis
// carries them).
func (s *Server) handleSupportLetter(w http.ResponseWriter, r *http.Request) error {
	c, err := s.citizenParam(r)
	if err != nil {
		return err
	}
	grants, err := s.store.FindGrantsForCitizen(r.Context(), c.ID)
	if err != nil {
		return err
	}
	lab, sel, ok := domain.OnePersonBoth(grants, domain.DateOf(s.now()))
	if !ok {
		return domain.Errorf(domain.ECONFLICT, "Brevet »Din støtte« er til en borger, hvis mentor også er borgerens støttekontaktperson. Det er ikke tilfældet for %s i dag.", c.Name)
	}
	s.noteRead(r, c.ID, domain.EntityOverview, c.ID, domain.OverviewPurpose(lab, sel))
	return s.render(w, r, http.StatusOK, views.SupportLetter(views.SupportLetterPage{Base: s.base(r, "Din støtte"),
		Citizen: c, Parts: []domain.Grant{lab, sel},
		Sentence: domain.OverviewSentence(lab, sel), Today: s.now()}))
}
