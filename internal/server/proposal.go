package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

type proposalStore interface {
	FindProposalByID(ctx context.Context, id int64) (domain.Proposal, error)
	FindProposals(ctx context.Context, f domain.ProposalFilter) ([]domain.Proposal, error)
	CreateProposal(ctx context.Context, citizenID int64, in domain.ProposalInput, userID int64, v domain.Validation) (int64, error)
	ApproveProposal(ctx context.Context, id int64, version int, in domain.SwitchInput, userID int64, v domain.Validation) (int64, error)
	RejectProposal(ctx context.Context, id int64, version int, reason string, userID int64, v domain.Validation) error
	SocialAdministrationReads(ctx context.Context, citizenID int64) (bool, error)
	FlagSettings(ctx context.Context) (domain.FlagSettings, error)
}

var (
	socialWorkerOnly = rolesOnly(domain.RoleSocialWorker)
	proposalReaders  = rolesOnly(domain.RoleCaseworker, domain.RoleSocialWorker, domain.RoleTeamLead)
)

func (s *Server) registerProposalRoutes() {
	s.handle("GET", "/indstillinger", proposalReaders, s.handleProposalIndex)
	s.handle("GET", "/indstillinger/{id}", proposalReaders, s.handleProposalView)
	s.handle("POST", "/indstillinger/{id}/godkend", socialWorkerOnly, s.handleProposalApprove)
	s.handle("POST", "/indstillinger/{id}/afvis", socialWorkerOnly, s.handleProposalReject)
	s.handle("GET", "/borgere/{id}/indstillinger/ny", caseworkerOnly, s.handleProposalNew)
	s.handle("POST", "/borgere/{id}/indstillinger", caseworkerOnly, s.handleProposalCreate)
}

// isSocialWorker reports whether the user works for the social
// administration and not also as job-centre case staff.
func isSocialWorker(u *domain.User) bool {
	return u.Roles.Has(domain.RoleSocialWorker) && !seesWholeCase(u)
}

// proposalKind is the URL's or form's kind when a proposal can ask for it.
func proposalKind(raw string) domain.SwitchKind {
	for _, k := range domain.ProposalKinds {
		if string(k) == raw {
			return k
		}
	}
	return domain.SwitchLABTo85
}

// proposalNewPage is the proposal form for the URL's citizen: the switch
// page's prefill for the same kind.
func (s *Server) proposalNewPage(r *http.Request, kind domain.SwitchKind) (views.ProposalNewPage, error) {
	c, err := s.citizenParam(r)
	if err != nil {
		return views.ProposalNewPage{}, err
	}
	sp, _, err := s.switchPage(r, c, kind)
	if err != nil {
		return views.ProposalNewPage{}, err
	}
	sp.Base = s.base(r, "Indstil til Socialforvaltningen")
	if sp.LegalBasis.ID == 0 || sp.LegalBasis.Function != domain.FunctionSupport {
		return views.ProposalNewPage{SwitchPage: sp}, domain.Errorf(domain.ECONFLICT,
			"%s har ikke en aktiv mentorbevilling alene, så der kan ikke indstilles til støtte efter § 85. Se borgerens bevillinger.", c.Name)
	}
	return views.ProposalNewPage{SwitchPage: sp}, nil
}

func (s *Server) handleProposalNew(w http.ResponseWriter, r *http.Request) error {
	page, err := s.proposalNewPage(r, proposalKind(r.URL.Query().Get("type")))
	if err != nil {
		return err
	}
	today := domain.DateOf(s.now())
	page.Form = views.NewSwitchForm(page.Kind, page.Active, page.LegalBasis, page.Catalogue, today)
	if wid := optionalID(r.URL.Query().Get("vindue")); wid != nil {
		page.Form.CopingWindowID = strconv.FormatInt(*wid, 10)
		page.Form.Reason = "Behovet for hverdagsmestring er vedvarende: borgeren bør have en støttekontaktperson efter § 85."
	}
	return s.render(w, r, http.StatusOK, views.ProposalNewView(page))
}

func (s *Server) handleProposalCreate(w http.ResponseWriter, r *http.Request) error {
	_ = r.ParseForm()
	page, err := s.proposalNewPage(r, proposalKind(r.PostForm.Get("kind")))
	if err != nil {
		return err
	}
	form, sw, v := s.switchForm(r, page.SwitchPage)
	in := domain.ProposalInput{Kind: page.Kind, EffectiveOn: sw.EffectiveOn, Need: form.Reason, CopingWindowID: sw.CopingWindowID,
		FormToken: postedFormToken(r)}
	if g := sw.NewGrant; g != nil {
		in.PersonID, in.HoursPerWeek, in.Purpose, in.Goals, in.Tasks, in.Exclusions = g.PersonID, g.HoursPerWeek, g.Purpose, g.Goals, g.Tasks, g.Exclusions
	}
	id, err := s.store.CreateProposal(r.Context(), page.Citizen.ID, in, currentUser(r.Context()).ID, v)
	if err != nil {
		page.Form = form
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return views.ProposalNewView(page) })
	}
	s.flash(r, "Indstillingen er sendt til Socialforvaltningen.")
	http.Redirect(w, r, views.ProposalPath(id), http.StatusSeeOther)
	return nil
}

// proposalFor loads the URL's proposal of a citizen the user may see
// (citizenFor: the relationship rule, audited), and notes the read.
func (s *Server) proposalFor(r *http.Request) (domain.Proposal, domain.Citizen, error) {
	p, id, err := byIDParam(r, s.store.FindProposalByID)
	if err != nil {
		return p, domain.Citizen{}, s.auditMissing(r, err, domain.EntityProposal, id, "indstilling findes ikke")
	}
	c, err := s.citizenFor(r, p.CitizenID)
	if err != nil {
		return domain.Proposal{}, c, err
	}
	s.noteRead(r, p.CitizenID, domain.EntityProposal, p.ID, domain.ProposalPurpose)
	return p, c, nil
}

// proposalPage builds a proposal's page; for a social worker and a pending
// proposal, with the approval form prefilled from it.
func (s *Server) proposalPage(r *http.Request, p domain.Proposal, c domain.Citizen) (views.ProposalPage, error) {
	u := currentUser(r.Context())
	fs, err := s.store.FlagSettings(r.Context())
	if err != nil {
		return views.ProposalPage{}, err
	}
	page := views.ProposalPage{Base: s.base(r, "Indstilling for "+c.Name), Proposal: p, Citizen: c,
		Today: domain.DateOf(s.now()), Days: fs.ProposalDays}
	if p.Status != domain.ProposalPending {
		return page, nil
	}
	sp, _, err := s.switchPage(r, c, p.Kind)
	if err != nil && domain.ErrorCode(err) != domain.ECONFLICT {
		return page, err
	}
	page.Switch = sp
	page.CanDecide = sp.LegalBasis.ID != 0 && domain.MayDecideProposal(u.Roles, sp.LegalBasis)
	if !page.CanDecide && u.Roles.Has(domain.RoleSocialWorker) {
		// The citizen's grants changed since: only a rejection is left.
		page.CanDecide = true
		page.Stale = "Borgerens bevillinger passer ikke længere til indstillingen (" + proposalKindLabel(p.Kind) +
			"), så den kan ikke godkendes. Afvis den med en begrundelse."
		page.Switch.LegalBasis = domain.LegalBasis{}
	}
	if sp.LegalBasis.ID != 0 {
		page.Form = views.ProposalSwitchForm(p, sp.LegalBasis)
	}
	return page, nil
}

func proposalKindLabel(k domain.SwitchKind) string { return strings.ToLower(k.Label()) }

func (s *Server) handleProposalView(w http.ResponseWriter, r *http.Request) error {
	p, c, err := s.proposalFor(r)
	if err != nil {
		return err
	}
	page, err := s.proposalPage(r, p, c)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.ProposalView(page))
}

// decidable loads the URL's proposal for a decision with the posted
// version.
func (s *Server) decidable(r *http.Request) (views.ProposalPage, int, error) {
	p, c, err := s.proposalFor(r)
	if err != nil {
		return views.ProposalPage{}, 0, err
	}
	_ = r.ParseForm()
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	page, err := s.proposalPage(r, p, c)
	return page, version, err
}

func (s *Server) handleProposalApprove(w http.ResponseWriter, r *http.Request) error {
	page, version, err := s.decidable(r)
	if err != nil {
		return err
	}
	// A stale or missing version, or a switch no longer possible, comes
	// back on the proposal's page with the problem (409).
	err = domain.CheckDecision(page.Proposal, version, false, "", domain.Validation{})
	if err == nil && page.Switch.LegalBasis.ID == 0 {
		err = domain.Errorf(domain.ECONFLICT, "%s", page.Stale)
	}
	if err != nil {
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return views.ProposalView(page) })
	}
	sp := page.Switch
	sp.Kind = page.Proposal.Kind
	form, in, v := s.switchForm(r, sp)
	in.FormToken = postedFormToken(r)
	u := currentUser(r.Context())
	if _, err := s.store.ApproveProposal(r.Context(), page.Proposal.ID, version, in, u.ID, v); err != nil {
		page.Form = form
		page.Form.CopingWindowID = views.ProposalSwitchForm(page.Proposal, sp.LegalBasis).CopingWindowID
		return s.refused(w, r, err, &page.FormState, func() templ.Component {
			page.AskConfirm = page.Errors["confirm_different"] != ""
			return views.ProposalView(page)
		})
	}
	s.flash(r, "Indstillingen er godkendt, og faseskiftet er gemt: "+page.Proposal.Kind.Label()+".")
	s.warn(r, s.capacityNote(r, in.NewGrant.PersonID))
	http.Redirect(w, r, "/borgere/"+strconv.FormatInt(page.Citizen.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) handleProposalReject(w http.ResponseWriter, r *http.Request) error {
	page, version, err := s.decidable(r)
	if err != nil {
		return err
	}
	page.Reject = views.RejectForm{Reason: r.PostForm.Get("reject_reason"), Confirm: r.PostForm.Get("confirm_reject") == "1"}
	v := domain.Validation{}
	if !page.Reject.Confirm {
		v.Add("confirm_reject", "Bekræft, at indstillingen skal afvises.")
	}
	err = s.store.RejectProposal(r.Context(), page.Proposal.ID, version, page.Reject.Reason, currentUser(r.Context()).ID, v)
	if err == nil {
		err = v.Err() // the store checked everything else first; nothing to undo without a confirmation
	}
	if err != nil {
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return views.ProposalView(page) })
	}
	s.flash(r, "Indstillingen er afvist. Sagsbehandleren ser begrundelsen.")
	http.Redirect(w, r, "/indstillinger", http.StatusSeeOther)
	return nil
}

func (s *Server) handleProposalIndex(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r.Context())
	fs, err := s.store.FlagSettings(r.Context())
	if err != nil {
		return err
	}
	page := views.ProposalIndexPage{Base: s.base(r, "Indstillinger"), Today: domain.DateOf(s.now()), Days: fs.ProposalDays}
	f := domain.ProposalFilter{Limit: 200}
	switch {
	case u.Roles.Has(domain.RoleSocialWorker):
		page.Heading = "Indstillinger"
		page.Lead = "Jobcentrets indstillinger om støtte efter SEL § 85. Ventende først, de ældste øverst."
	case u.Roles.Has(domain.RoleCaseworker):
		f.ProposedBy = &u.ID
		page.Heading = "Mine indstillinger"
		page.Lead = "Dine indstillinger til Socialforvaltningen om støtte efter SEL § 85, og hvordan de er afgjort."
	default:
		if u.TeamID == nil {
			return domain.Errorf(domain.ECONFLICT, "Du er ikke knyttet til et team, så der er ingen indstillinger at vise.")
		}
		f.TeamID = u.TeamID
		page.Heading = "Teamets indstillinger"
		page.Lead = "Teamets indstillinger til Socialforvaltningen om støtte efter SEL § 85."
	}
	if page.Proposals, err = s.store.FindProposals(r.Context(), f); err != nil {
		return err
	}
	entries := make([]domain.AccessEntry, len(page.Proposals))
	for i := range page.Proposals {
		entries[i] = s.entry(r, domain.ActionView, &page.Proposals[i].CitizenID, "indstillingsliste", strconv.FormatInt(page.Proposals[i].ID, 10), "")
		entries[i].UserID, entries[i].Username = &u.ID, u.Username
	}
	if err := s.store.LogAccessMany(r.Context(), entries); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.ProposalIndex(page))
}
