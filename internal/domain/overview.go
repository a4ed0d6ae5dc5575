package domain

// The overview letter ("Din støtte"): a citizen whose mentor (LAB) is also
// their støttekontaktperson (SEL § 85) at the same time relates to one
// person, so one letter says so, with what each function does and does not
// do and how to complain about each decision. The two grants stay two
// decisions, from two administrations and two budgets.

// OnePersonBoth returns the citizen's LAB mentor grant and § 85 grant active
// on day (Grant.Active) when one person holds both; ok is false otherwise
// (one function, none, or two people).
func OnePersonBoth(grants []Grant, day Date) (lab, sel Grant, ok bool) {
	var labs, sels []Grant
	for _, g := range ActiveGrants(grants, day) {
		switch g.Function {
		case FunctionMentor:
			labs = append(labs, g)
		case FunctionSupport:
			sels = append(sels, g)
		}
	}
	if len(labs) != 1 || len(sels) != 1 || labs[0].PersonID != sels[0].PersonID {
		return Grant{}, Grant{}, false
	}
	return labs[0], sels[0], true
}

// GrantFrom names who gave the grant, as a letter says it beside the hours:
// the administration of its legal basis ("Jobcentret"), else the paragraph
// ("efter § 167, stk. 1").
func GrantFrom(g Grant) string {
	if name := g.LegalBasis.Administration.Name; name != "" {
		return name
	}
	if g.LegalBasis.Paragraph == "" {
		return g.Function.Label()
	}
	return "efter " + g.LegalBasis.Paragraph
}

// HoursText is "3 timer pr. uge" ("1 time pr. uge").
func HoursText(h float64) string {
	if h == 1 {
		return "1 time pr. uge"
	}
	return FormatHours(h) + " timer pr. uge"
}

// OverviewSentence is the letter's first sentence: "Mette Jensen er din
// mentor (3 timer pr. uge, …) og din støttekontaktperson (2 timer pr. uge, …)."
func OverviewSentence(lab, sel Grant) string {
	part := func(g Grant) string {
		return "din " + g.Function.LowerLabel() + " (" + HoursText(g.HoursPerWeek) + ", " + GrantFrom(g) + ")"
	}
	return lab.PersonName + " er " + part(lab) + " og " + part(sel) + "."
}
