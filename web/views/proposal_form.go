package views

import (
	"strconv"

	"mentorspor/internal/domain"
)

// ProposalNewPage is the caseworker's proposal of § 85 support: the switch
// form's prefill (same person, hours, purpose, goals, tasks) without what
// the social administration decides (budget, dates of the grant).
type ProposalNewPage struct {
	SwitchPage
}

// ProposalPage is one proposal: what was proposed and its decision; for
// the social worker while it waits, the switch form prefilled from it
// (approve, with any changes) and the rejection.
type ProposalPage struct {
	Base
	FormState
	Proposal   domain.Proposal
	Citizen    domain.Citizen
	Today      domain.Date
	Days       int  // the setting flag_proposal_days
	CanDecide  bool // the user grants § 85 and the proposal waits
	Switch     SwitchPage
	Form       SwitchForm
	AskConfirm bool
	Reject     RejectForm
	Stale      string // why the proposal no longer fits the citizen's grants
}

// RejectForm is the rejection as typed.
type RejectForm struct {
	Reason  string
	Confirm bool
}

// ProposalIndexPage is a work queue of proposals: the social
// administration's (all), the caseworker's own or the team's.
type ProposalIndexPage struct {
	Base
	Heading   string
	Lead      string
	Proposals []domain.Proposal
	Today     domain.Date
	Days      int
	Status    string
}

// ProposalSwitchForm prefills the approval (a switch form) from what the
// caseworker proposed; the budget is the § 85 basis' own, the grant's dates
// follow the effective date.
func ProposalSwitchForm(p domain.Proposal, lb domain.LegalBasis) SwitchForm {
	f := SwitchForm{EffectiveOn: domain.FormatDate(p.EffectiveOn), Reason: p.Need}
	if p.CopingWindowID != nil {
		f.CopingWindowID = formatInt64(*p.CopingWindowID)
	}
	g := GrantForm{LegalBasisID: formatInt64(lb.ID), PersonID: formatInt64(p.PersonID), Purpose: p.Purpose,
		Hours: domain.FormatHours(p.HoursPerWeek), BudgetID: formatInt64(lb.DefaultBudgetID), Goals: joinItems(p.Goals)}
	g.TaskIDs, g.OtherTasks = splitItems(p.Tasks)
	g.ExclusionIDs, g.OtherExclusions = splitItems(p.Exclusions)
	f.Grant = g
	return f
}

// ProposalPath is a proposal's page.
func ProposalPath(id int64) string { return "/indstillinger/" + strconv.FormatInt(id, 10) }

// proposalAge is "3 dage" (and "i dag").
func proposalAge(p domain.Proposal, today domain.Date) string {
	switch n := p.AgeDays(today); n {
	case 0:
		return "I dag"
	case 1:
		return "1 dag"
	default:
		return itoa(n) + " dage"
	}
}

// proposalHours is "3 t/uge".
func proposalHours(p domain.Proposal) string { return domain.FormatHours(p.HoursPerWeek) + " t/uge" }

// proposalKindText is what the proposal asks for, in short.
func proposalKindText(k domain.SwitchKind) string {
	if k == domain.SwitchAddParallel {
		return "§ 85 parallelt med mentorstøtten"
	}
	return "Fra mentor til støttekontaktperson (§ 85)"
}

// proposalDecision is who decided and when.
func proposalDecision(p domain.Proposal) string {
	if p.DecidedAt == nil {
		return "–"
	}
	return p.DecidedByName + ", " + domain.FormatDate(*p.DecidedAt)
}

// OverdueProposals counts the pending proposals waiting more than days.
func OverdueProposals(ps []domain.Proposal, today domain.Date, days int) int {
	n := 0
	for _, p := range ps {
		if p.Overdue(today, days) {
			n++
		}
	}
	return n
}

// approvalGrantPage is the approval's new grant as the grant form's props.
func (p ProposalPage) approvalGrantPage() GrantFormPage {
	sp := p.Switch
	sp.Form, sp.FormState = p.Form, p.FormState
	return sp.grantPage()
}
