package views

import (
	"mentorspor/internal/domain"
)

// SwitchForm is the phase-switch form as typed.
type SwitchForm struct {
	EffectiveOn, Reason, EndGrantID, CopingWindowID string
	ConfirmDifferent                                bool
	Grant                                           GrantForm // the new grant, when the switch creates one
}

// NewSwitchForm prefills a switch: effective today, and the new grant with
// the same person, hours, purpose and goals as the grant the citizen has
// now; the budget from the new legal basis. Tasks and exclusions are not
// carried over: the new function's catalogue proposes them, with its
// standard exclusions ticked (as on any new grant of the function), and the
// old grant's lines are offered unticked beside it (cat.FromTasks,
// cat.FromExclusions; see domain.Carried).
func NewSwitchForm(kind domain.SwitchKind, active []domain.Grant, lb domain.LegalBasis, cat Catalogue, today domain.Date) SwitchForm {
	f := SwitchForm{EffectiveOn: domain.FormatDate(today)}
	if len(active) == 0 || lb.ID == 0 {
		return f
	}
	from := active[0]
	// End, follow-up and review dates are left empty: they follow the
	// effective date when the switch is saved.
	g := GrantForm{LegalBasisID: formatInt64(lb.ID), PersonID: formatInt64(from.PersonID), Purpose: from.Purpose,
		Hours: domain.FormatHours(from.HoursPerWeek), BudgetID: formatInt64(lb.DefaultBudgetID), Goals: joinItems(from.Goals)}
	g.ExclusionIDs = standardIDs(cat.Exclusions)
	f.Grant = g
	return f
}

// SwitchPage is the switch form (or, without a kind, the choice of switch).
type SwitchPage struct {
	Base
	FormState
	Citizen    domain.Citizen
	Kind       domain.SwitchKind
	Possible   []domain.SwitchKind
	Active     []domain.Grant
	LegalBasis domain.LegalBasis // of the new grant, if any
	Persons    []domain.Person
	Budgets    []domain.Budget
	Catalogue  Catalogue
	Form       SwitchForm
	AskConfirm bool
	HolderNote string // the current person cannot hold the new function (domain.UnqualifiedHolder)

	SupportChoices SupportChoices // § 85 only
}

// GrantPage turns the switch's new grant into the grant form's props.
func (p SwitchPage) grantPage() GrantFormPage {
	return GrantFormPage{Citizen: p.Citizen, LegalBasis: p.LegalBasis, Persons: p.Persons, Budgets: p.Budgets,
		Catalogue: p.Catalogue, Form: p.Form.Grant, FormState: FormState{Errors: p.Errors}, SupportChoices: p.SupportChoices}
}

// SwitchFilterForm is the phase-log search as typed.
type SwitchFilterForm struct{ From, To, Kind, PersonID string }

// SwitchIndexPage is the phase log across the team.
type SwitchIndexPage struct {
	Base
	FormState
	Form     SwitchFilterForm
	Persons  []domain.Person
	Switches []domain.PhaseSwitch
}

// DatePtr formats an optional date.
func DatePtr(d *domain.Date) string { return dateOrEmpty(d) }

func samePersonText(s domain.PhaseSwitch) string {
	switch {
	case s.PersonAfter == "":
		return "–"
	case s.SamePerson:
		return "Ja, " + s.PersonAfter + " fortsætter"
	}
	return "Nej: " + s.PersonBefore + " → " + s.PersonAfter
}

// switchLead explains what the switch does to the grants.
func switchLead(k domain.SwitchKind) string {
	switch k {
	case domain.SwitchAddParallel:
		return ": den nye bevilling starter på skæringsdatoen, og den nuværende fortsætter."
	case domain.SwitchEndOne, domain.SwitchEndAll:
		return ": bevillingerne afsluttes dagen før skæringsdatoen."
	}
	return ": den nuværende bevilling afsluttes dagen før skæringsdatoen, og den nye starter på skæringsdatoen."
}

// switchDeciders names who decided a switch: on a proposal, both the
// caseworker who proposed it and the social worker who approved it.
func switchDeciders(s domain.PhaseSwitch) string {
	if s.ProposedByName != "" && s.ApprovedByName != "" {
		return "Indstillet af " + s.ProposedByName + ", godkendt af " + s.ApprovedByName
	}
	return s.DecidedByName
}

// switchItemsHint explains a switch's task or exclusion list: the new
// function's catalogue proposes, the old grant's lines are not carried over
// unless ticked.
func switchItemsHint(cat Catalogue, what string) string {
	s := "Vælg mindst én " + what + " fra kataloget for " + cat.Function.LowerLabel() + " eller skriv selv."
	if what == "undtagelse" {
		s += " Katalogets standardundtagelser er valgt på forhånd."
	}
	if cat.From != "" && cat.From != cat.Function {
		s += " Linjerne fra den hidtidige bevilling som " + cat.From.LowerLabel() + " føres kun med, hvis du vælger dem."
	}
	return s
}
