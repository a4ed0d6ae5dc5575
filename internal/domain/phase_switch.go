package domain

import (
	"fmt"
	"strings"
)

// A phase switch is one decision: the grants the citizen has end the day
// before the effective date, and a new grant (for another function, or a
// parallel one) starts on it. PlanSwitch is the whole rule; the store only
// carries the plan out in one transaction, and the switch page offers what
// PossibleSwitches allows.

// SwitchPlan is what a checked phase switch does.
type SwitchPlan struct {
	Ending       []Grant  // the grants that end, on EndOn
	EndOn        Date     // the day before the effective date
	NewFunction  Function // the function of the grant it creates; "" when it only ends
	PersonBefore int64    // who held the support (0: nobody)
	PersonAfter  int64    // who holds the new grant (0: no new grant)
}

// SamePerson reports whether the support stays with one person (or there is
// only one side to compare).
func (p SwitchPlan) SamePerson() bool {
	return p.PersonBefore == 0 || p.PersonAfter == 0 || p.PersonBefore == p.PersonAfter
}

// ActiveGrants returns the grants active on day (Grant.Active), in order.
func ActiveGrants(grants []Grant, day Date) []Grant {
	var out []Grant
	for _, g := range grants {
		if g.Active(day) {
			out = append(out, g)
		}
	}
	return out
}

// SwitchGrants are the grants a switch effective on day acts on: those
// still granted and either active on the day before it (they end then) or
// starting on or after it. A grant that has not started cannot be ended the
// day before the switch, and PlanSwitch says so rather than overlook it.
func SwitchGrants(grants []Grant, day Date) []Grant {
	var out []Grant
	for _, g := range grants {
		if g.Status == StatusGranted && (g.Active(day.AddDate(0, 0, -1)) || !g.Start.Before(day)) {
			out = append(out, g)
		}
	}
	return out
}

// PossibleSwitches are the switches that fit the active grants, in the order
// offered: one function can change to the other, get a parallel one or end;
// two can lose one or both.
func PossibleSwitches(active []Grant) []SwitchKind {
	switch {
	case len(active) == 1 && active[0].Function == FunctionMentor:
		return []SwitchKind{SwitchLABTo85, SwitchAddParallel, SwitchEndAll}
	case len(active) == 1 && active[0].Function == FunctionSupport:
		return []SwitchKind{Switch85ToLAB, SwitchAddParallel, SwitchEndAll}
	case len(active) >= 2:
		return []SwitchKind{SwitchEndOne, SwitchEndAll}
	}
	return nil
}

// UnqualifiedHolder says plainly that the person who holds the support now
// cannot hold the new function fn: the switch form pre-selects the current
// person to keep one person, and when it cannot, it says why and what can be
// done rather than leave them out of the list without a word. "" when they
// are qualified, or there is no new function or no current person.
func UnqualifiedHolder(current Person, fn Function) string {
	if fn == "" || current.UserID == 0 || current.QualifiedFor(fn) {
		return ""
	}
	return current.Name + " er ikke kvalificeret som " + fn.LowerLabel() +
		" – borgeren skal skifte person, eller teamlederen kan opdatere profilen."
}

// PlanSwitch checks the switch in against the citizen's grants on today and
// returns what it does. basis is the new grant's legal basis as found (nil
// when there is no new grant or the id is unknown: the grant's own
// validation says so). It trims the reason and fills the new grant's dates
// that follow the effective date (start; review; the end of a time-limited
// basis, or the follow-up of an open-ended one). Messages go to v; ok is
// false when the switch cannot be checked further (no kind, no date, no new
// grant), so the caller stops at v.Err().
func PlanSwitch(grants []Grant, in *SwitchInput, basis *LegalBasis, today Date, v Validation) (plan SwitchPlan, ok bool) {
	in.Reason = strings.TrimSpace(in.Reason)
	if !in.Kind.Valid() {
		v.Add("kind", "Vælg hvilket faseskift det er.")
		return plan, false
	}
	if in.Reason == "" {
		v.Add("reason", "Skriv begrundelsen for faseskiftet.")
	} else {
		v.Text("reason", in.Reason, MaxLongText)
	}
	if _, bad := v["effective_on"]; !bad && in.EffectiveOn.IsZero() {
		v.Add("effective_on", "Skriv den dato, faseskiftet gælder fra.")
	}
	if in.EffectiveOn.IsZero() || !v.DateWithin("effective_on", in.EffectiveOn, EarliestDate(today), LatestDate(today)) {
		return plan, false
	}
	plan.EndOn = in.EffectiveOn.AddDate(0, 0, -1)
	active := SwitchGrants(grants, in.EffectiveOn)
	byFn := map[Function]*Grant{}
	for i := range active {
		byFn[active[i].Function] = &active[i]
	}
	switch in.Kind {
	case SwitchLABTo85:
		if byFn[FunctionMentor] == nil || byFn[FunctionSupport] != nil {
			v.Add("kind", "Skiftet kræver en aktiv mentorbevilling og ingen aktiv § 85-bevilling. Brug \"Tilføj parallel støtte\" eller \"Afslut den ene af to\".")
		} else {
			plan.Ending = []Grant{*byFn[FunctionMentor]}
		}
	case Switch85ToLAB:
		if byFn[FunctionSupport] == nil || byFn[FunctionMentor] != nil {
			v.Add("kind", "Skiftet kræver en aktiv § 85-bevilling og ingen aktiv mentorbevilling.")
		} else {
			plan.Ending = []Grant{*byFn[FunctionSupport]}
		}
	case SwitchAddParallel:
		if len(active) != 1 {
			v.Add("kind", "Parallel støtte kræver, at borgeren har præcis én aktiv bevilling.")
		}
	case SwitchEndOne:
		if len(active) != 2 {
			v.Add("kind", "\"Afslut den ene af to\" kræver to aktive bevillinger.")
		}
		for _, g := range active {
			if g.ID == in.EndGrantID {
				plan.Ending = []Grant{g}
			}
		}
		if len(active) == 2 && len(plan.Ending) == 0 {
			v.Add("end_grant_id", "Vælg hvilken af de to bevillinger der afsluttes.")
		}
	case SwitchEndAll:
		if len(active) == 0 {
			v.Add("kind", "Borgeren har ingen aktive bevillinger.")
		}
		plan.Ending = active
	}
	for _, g := range plan.Ending {
		if !in.EffectiveOn.After(g.Start) {
			v.Add("effective_on", "Skæringsdatoen skal ligge efter "+FormatDate(g.Start)+", hvor bevilling nr. "+fmt.Sprint(g.ID)+
				" startede, fordi den afsluttes dagen før skæringsdatoen.")
		}
	}
	switch {
	case len(plan.Ending) > 0:
		plan.PersonBefore = plan.Ending[0].PersonID
	case len(active) > 0:
		plan.PersonBefore = active[0].PersonID
	}
	plan.NewFunction = in.Kind.NewFunction(active)
	if plan.NewFunction == "" {
		return plan, true
	}
	g := in.NewGrant
	if g == nil {
		v.Add("kind", "Den nye bevilling mangler.")
		return plan, false
	}
	g.Start = in.EffectiveOn
	if g.Review.IsZero() {
		g.Review = DefaultReview(in.EffectiveOn)
	}
	if basis != nil {
		// Dates left empty follow the effective date.
		if basis.MaxMonths != nil && g.End == nil {
			end := MaxEnd(in.EffectiveOn, *basis.MaxMonths)
			g.End = &end
		}
		if basis.MaxMonths == nil && g.FollowUp == nil {
			fu := DefaultReview(in.EffectiveOn)
			g.FollowUp = &fu
		}
		if basis.Function != "" && basis.Function != plan.NewFunction {
			v.Add("legal_basis_id", "Vælg et lovgrundlag for "+plan.NewFunction.LowerLabel()+".")
		}
	}
	plan.PersonAfter = g.PersonID
	// Steer toward one person: two people need a conscious choice.
	if !plan.SamePerson() && !in.ConfirmDifferent {
		v.Add("confirm_different", "Borgeren får en anden person end i dag. Kommunen tilstræber, at én person varetager begge funktioner. "+
			"Bekræft, at det er tilsigtet, eller vælg den nuværende person.")
	}
	return plan, true
}
