package domain

import (
	"slices"
	"strings"
	"testing"
)

func TestPlanSwitch(t *testing.T) {
	today := MakeDate(2026, 6, 15)
	on := today.AddDate(0, 0, 1) // the switch's effective date
	day := func(d int) Date { return today.AddDate(0, 0, d) }
	ptr := func(d Date) *Date { return &d }
	const mette, jonas int64 = 7, 8
	grant := func(id int64, fn Function, person int64, start Date) Grant {
		return Grant{ID: id, Function: fn, PersonID: person, Status: StatusGranted, Start: start}
	}
	lab := grant(1, FunctionMentor, mette, day(-90))
	sel := grant(2, FunctionSupport, mette, day(-30))
	selOther := grant(3, FunctionSupport, jonas, day(-30))
	labStartsOn := grant(4, FunctionMentor, mette, on)
	labEndedBefore := Grant{ID: 5, Function: FunctionMentor, PersonID: mette, Status: StatusEnded, Start: day(-200), EndedOn: ptr(day(-2))}
	labLater := grant(6, FunctionMentor, mette, day(40))
	labPastEnd := Grant{ID: 9, Function: FunctionMentor, PersonID: mette, Status: StatusGranted, Start: day(-200), End: ptr(day(-5))}
	draft := Grant{ID: 10, Function: FunctionSupport, PersonID: mette, Status: StatusDraft, Start: day(-10)}
	six := 6
	basisSEL := &LegalBasis{ID: 20, Function: FunctionSupport}
	basisLAB := &LegalBasis{ID: 21, Function: FunctionMentor, MaxMonths: &six}
	newGrant := func(person int64) *GrantInput { return &GrantInput{LegalBasisID: 20, PersonID: person} }

	cases := []struct {
		name       string
		grants     []Grant
		in         SwitchInput
		basis      *LegalBasis
		ok         bool
		errs       []string // fields with a message
		ending     []int64
		newFn      Function
		before     int64
		after      int64
		samePerson bool
	}{
		{name: "ukendt skift", grants: []Grant{lab}, in: SwitchInput{Kind: "flyt", Reason: "x", EffectiveOn: on},
			errs: []string{"kind"}},
		{name: "ingen dato", grants: []Grant{lab}, in: SwitchInput{Kind: SwitchEndAll, Reason: "x"},
			errs: []string{"effective_on"}},
		{name: "dato for langt ude", grants: []Grant{lab}, in: SwitchInput{Kind: SwitchEndAll, Reason: "x", EffectiveOn: day(20 * 366)},
			errs: []string{"effective_on"}},
		{name: "LAB til 85, samme person", grants: []Grant{lab, draft, labEndedBefore}, basis: basisSEL,
			in: SwitchInput{Kind: SwitchLABTo85, Reason: " behovet er vedvarende ", EffectiveOn: on, NewGrant: newGrant(mette)},
			ok: true, ending: []int64{1}, newFn: FunctionSupport, before: mette, after: mette, samePerson: true},
		{name: "LAB til 85, ny person uden bekræftelse", grants: []Grant{lab}, basis: basisSEL,
			in: SwitchInput{Kind: SwitchLABTo85, Reason: "x", EffectiveOn: on, NewGrant: newGrant(jonas)},
			ok: true, errs: []string{"confirm_different"}, ending: []int64{1}, newFn: FunctionSupport, before: mette, after: jonas},
		{name: "LAB til 85, ny person bekræftet", grants: []Grant{lab}, basis: basisSEL,
			in: SwitchInput{Kind: SwitchLABTo85, Reason: "x", EffectiveOn: on, NewGrant: newGrant(jonas), ConfirmDifferent: true},
			ok: true, ending: []int64{1}, newFn: FunctionSupport, before: mette, after: jonas},
		{name: "LAB til 85 uden begrundelse", grants: []Grant{lab}, basis: basisSEL,
			in: SwitchInput{Kind: SwitchLABTo85, EffectiveOn: on, NewGrant: newGrant(mette)},
			ok: true, errs: []string{"reason"}, ending: []int64{1}, newFn: FunctionSupport, before: mette, after: mette, samePerson: true},
		{name: "LAB til 85 med forkert lovgrundlag", grants: []Grant{lab}, basis: basisLAB,
			in: SwitchInput{Kind: SwitchLABTo85, Reason: "x", EffectiveOn: on, NewGrant: newGrant(mette)},
			ok: true, errs: []string{"legal_basis_id"}, ending: []int64{1}, newFn: FunctionSupport, before: mette, after: mette, samePerson: true},
		{name: "LAB til 85 uden ny bevilling", grants: []Grant{lab}, basis: basisSEL,
			in: SwitchInput{Kind: SwitchLABTo85, Reason: "x", EffectiveOn: on}, errs: []string{"kind"}},
		{name: "LAB til 85 med § 85 aktiv", grants: []Grant{lab, sel}, basis: basisSEL,
			in: SwitchInput{Kind: SwitchLABTo85, Reason: "x", EffectiveOn: on, NewGrant: newGrant(mette)},
			ok: true, errs: []string{"kind"}, newFn: FunctionSupport, before: mette, after: mette, samePerson: true},
		{name: "LAB til 85 uden aktiv LAB (udløbet)", grants: []Grant{labPastEnd, draft}, basis: basisSEL,
			in: SwitchInput{Kind: SwitchLABTo85, Reason: "x", EffectiveOn: on, NewGrant: newGrant(mette)},
			ok: true, errs: []string{"kind"}, newFn: FunctionSupport, after: mette, samePerson: true},
		{name: "LAB til 85 før LAB er startet", grants: []Grant{labLater}, basis: basisSEL,
			in: SwitchInput{Kind: SwitchLABTo85, Reason: "x", EffectiveOn: on, NewGrant: newGrant(mette)},
			ok: true, errs: []string{"effective_on"}, ending: []int64{6}, newFn: FunctionSupport, before: mette, after: mette, samePerson: true},
		{name: "LAB der først starter på skæringsdatoen", grants: []Grant{labStartsOn}, basis: basisSEL,
			in: SwitchInput{Kind: SwitchLABTo85, Reason: "x", EffectiveOn: on, NewGrant: newGrant(mette)},
			ok: true, errs: []string{"effective_on"}, ending: []int64{4}, newFn: FunctionSupport, before: mette, after: mette, samePerson: true},
		{name: "85 til LAB", grants: []Grant{sel}, basis: basisLAB,
			in: SwitchInput{Kind: Switch85ToLAB, Reason: "x", EffectiveOn: on, NewGrant: newGrant(mette)},
			ok: true, ending: []int64{2}, newFn: FunctionMentor, before: mette, after: mette, samePerson: true},
		{name: "85 til LAB uden § 85", grants: []Grant{lab}, basis: basisLAB,
			in: SwitchInput{Kind: Switch85ToLAB, Reason: "x", EffectiveOn: on, NewGrant: newGrant(mette)},
			ok: true, errs: []string{"kind"}, newFn: FunctionMentor, before: mette, after: mette, samePerson: true},
		{name: "parallel til LAB", grants: []Grant{lab}, basis: basisSEL,
			in: SwitchInput{Kind: SwitchAddParallel, Reason: "x", EffectiveOn: on, NewGrant: newGrant(mette)},
			ok: true, newFn: FunctionSupport, before: mette, after: mette, samePerson: true},
		{name: "parallel uden aktiv bevilling", grants: nil, basis: basisLAB,
			in: SwitchInput{Kind: SwitchAddParallel, Reason: "x", EffectiveOn: on, NewGrant: newGrant(mette)},
			ok: true, errs: []string{"kind"}, newFn: FunctionMentor, after: mette, samePerson: true},
		{name: "afslut den ene af to", grants: []Grant{lab, selOther}, in: SwitchInput{Kind: SwitchEndOne, Reason: "x", EffectiveOn: on, EndGrantID: 3},
			ok: true, ending: []int64{3}, before: jonas, samePerson: true},
		{name: "afslut den ene uden valg", grants: []Grant{lab, selOther}, in: SwitchInput{Kind: SwitchEndOne, Reason: "x", EffectiveOn: on},
			ok: true, errs: []string{"end_grant_id"}, before: mette, samePerson: true},
		{name: "afslut den ene af én", grants: []Grant{lab}, in: SwitchInput{Kind: SwitchEndOne, Reason: "x", EffectiveOn: on, EndGrantID: 1},
			ok: true, errs: []string{"kind"}, ending: []int64{1}, before: mette, samePerson: true},
		{name: "afslut alt", grants: []Grant{lab, sel}, in: SwitchInput{Kind: SwitchEndAll, Reason: "x", EffectiveOn: on},
			ok: true, ending: []int64{1, 2}, before: mette, samePerson: true},
		{name: "afslut alt uden bevillinger", grants: []Grant{draft}, in: SwitchInput{Kind: SwitchEndAll, Reason: "x", EffectiveOn: on},
			ok: true, errs: []string{"kind"}, samePerson: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := c.in
			if in.NewGrant != nil {
				g := *in.NewGrant
				in.NewGrant = &g
			}
			v := Validation{}
			plan, ok := PlanSwitch(c.grants, &in, c.basis, today, v)
			if ok != c.ok {
				t.Errorf("ok = %v, want %v (%v)", ok, c.ok, v)
			}
			var fields []string
			for f, msg := range v {
				if msg == "" {
					t.Errorf("%s: empty message", f)
				}
				fields = append(fields, f)
			}
			slices.Sort(fields)
			if want := slices.Sorted(slices.Values(c.errs)); !slices.Equal(fields, want) {
				t.Errorf("messages on %v, want %v: %v", fields, want, v)
			}
			if !c.ok {
				return
			}
			var ending []int64
			for _, g := range plan.Ending {
				ending = append(ending, g.ID)
			}
			if !slices.Equal(ending, c.ending) || plan.NewFunction != c.newFn || plan.PersonBefore != c.before ||
				plan.PersonAfter != c.after || plan.SamePerson() != c.samePerson {
				t.Errorf("plan ends %v, creates %q, %d → %d (same %v); want %v, %q, %d → %d (same %v)",
					ending, plan.NewFunction, plan.PersonBefore, plan.PersonAfter, plan.SamePerson(),
					c.ending, c.newFn, c.before, c.after, c.samePerson)
			}
			if !plan.EndOn.Equal(on.AddDate(0, 0, -1)) {
				t.Errorf("ends on %s, want the day before %s", plan.EndOn, on)
			}
			if in.Reason != strings.TrimSpace(c.in.Reason) {
				t.Errorf("reason %q not trimmed", in.Reason)
			}
			if g := in.NewGrant; g != nil && c.newFn != "" && !g.Start.Equal(on) {
				t.Errorf("new grant starts %s, want %s", g.Start, on)
			}
		})
	}
}

// TestPlanSwitchFillsTheNewGrantsDates: dates left empty follow the
// effective date; dates the caseworker wrote are kept.
func TestPlanSwitchFillsTheNewGrantsDates(t *testing.T) {
	today := MakeDate(2026, 1, 30)
	on := MakeDate(2026, 1, 31)
	lab := Grant{ID: 1, Function: FunctionSupport, PersonID: 7, Status: StatusGranted, Start: MakeDate(2025, 9, 1)}
	six := 6
	limited := &LegalBasis{ID: 21, Function: FunctionMentor, MaxMonths: &six}
	open := &LegalBasis{ID: 22, Function: FunctionMentor}
	written := MakeDate(2026, 3, 1)

	for _, c := range []struct {
		name                  string
		basis                 *LegalBasis
		in                    GrantInput
		end, followUp, review *Date
	}{
		{name: "tidsbegrænset", basis: limited, end: ptrDate(MaxEnd(on, 6)), review: ptrDate(MakeDate(2026, 4, 30))},
		{name: "uden tidsgrænse", basis: open, followUp: ptrDate(MakeDate(2026, 4, 30)), review: ptrDate(MakeDate(2026, 4, 30))},
		{name: "skrevne datoer holder", basis: limited, in: GrantInput{End: &written, Review: written},
			end: &written, review: &written},
		{name: "ukendt lovgrundlag", basis: nil, review: ptrDate(MakeDate(2026, 4, 30))},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := c.in
			g.PersonID = 7
			in := SwitchInput{Kind: Switch85ToLAB, Reason: "x", EffectiveOn: on, NewGrant: &g}
			v := Validation{}
			if _, ok := PlanSwitch([]Grant{lab}, &in, c.basis, today, v); !ok || len(v) > 0 {
				t.Fatalf("ok %v, %v", ok, v)
			}
			if !sameDate(g.End, c.end) || !sameDate(g.FollowUp, c.followUp) || !g.Review.Equal(*c.review) || !g.Start.Equal(on) {
				t.Errorf("start %s end %v follow-up %v review %s; want %s %v %v %s",
					g.Start, g.End, g.FollowUp, g.Review, on, c.end, c.followUp, *c.review)
			}
		})
	}
}

func sameDate(a, b *Date) bool { return (a == nil) == (b == nil) && (a == nil || a.Equal(*b)) }

func TestPossibleSwitches(t *testing.T) {
	mentor := Grant{Function: FunctionMentor}
	support := Grant{Function: FunctionSupport}
	for _, c := range []struct {
		name   string
		active []Grant
		want   []SwitchKind
	}{
		{"ingen", nil, nil},
		{"mentor", []Grant{mentor}, []SwitchKind{SwitchLABTo85, SwitchAddParallel, SwitchEndAll}},
		{"§ 85", []Grant{support}, []SwitchKind{Switch85ToLAB, SwitchAddParallel, SwitchEndAll}},
		{"parallelt", []Grant{mentor, support}, []SwitchKind{SwitchEndOne, SwitchEndAll}},
	} {
		if got := PossibleSwitches(c.active); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestActiveGrants(t *testing.T) {
	day := MakeDate(2026, 5, 1)
	end := day.AddDate(0, 0, -1)
	grants := []Grant{
		{ID: 1, Status: StatusGranted, Start: day},
		{ID: 2, Status: StatusGranted, Start: day.AddDate(0, 0, 1)},
		{ID: 3, Status: StatusEnded, Start: day.AddDate(0, -2, 0), EndedOn: &end},
		{ID: 4, Status: StatusEnded, Start: day.AddDate(0, -2, 0), EndedOn: &day},
		{ID: 5, Status: StatusDraft, Start: day.AddDate(0, -2, 0)},
		{ID: 6, Status: StatusGranted, Start: day.AddDate(0, -2, 0), End: &end},
	}
	var ids []int64
	for _, g := range ActiveGrants(grants, day) {
		ids = append(ids, g.ID)
	}
	if !slices.Equal(ids, []int64{1, 4}) {
		t.Errorf("active on %s: %v, want [1 4]", day, ids)
	}
	ids = nil
	for _, g := range SwitchGrants(grants, day) {
		ids = append(ids, g.ID)
	}
	if !slices.Equal(ids, []int64{1, 2, 6}) {
		t.Errorf("a switch on %s acts on %v, want [1 2 6]", day, ids)
	}
}

func TestUnqualifiedHolder(t *testing.T) {
	fatima := Person{UserID: 9, Name: "Fatima Ali", QualifiedMentor: true}
	jonas := Person{UserID: 8, Name: "Jonas Østergaard", QualifiedSupport: true}
	mette := Person{UserID: 7, Name: "Mette Jensen", QualifiedMentor: true, QualifiedSupport: true}
	cases := []struct {
		name    string
		current Person
		fn      Function
		want    string
	}{
		{"mentor uden § 85 bliver ikke støttekontaktperson", fatima, FunctionSupport,
			"Fatima Ali er ikke kvalificeret som støttekontaktperson – borgeren skal skifte person, eller teamlederen kan opdatere profilen."},
		{"støttekontaktperson uden LAB bliver ikke mentor", jonas, FunctionMentor,
			"Jonas Østergaard er ikke kvalificeret som mentor – borgeren skal skifte person, eller teamlederen kan opdatere profilen."},
		{"kvalificeret til begge", mette, FunctionSupport, ""},
		{"kvalificeret til begge, mentor", mette, FunctionMentor, ""},
		{"samme funktion", fatima, FunctionMentor, ""},
		{"ingen ny funktion (afslut)", fatima, "", ""},
		{"ingen nuværende person", Person{}, FunctionSupport, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := UnqualifiedHolder(c.current, c.fn); got != c.want {
				t.Errorf("UnqualifiedHolder(%s, %q) = %q, want %q", c.current.Name, c.fn, got, c.want)
			}
		})
	}
}
