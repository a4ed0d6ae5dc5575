package domain

import (
	"maps"
	"strings"
	"testing"
	"time"
)

func TestGrantActiveOnDay(t *testing.T) {
	d := func(m time.Month, day int) Date { return MakeDate(2026, m, day) }
	p := func(d Date) *Date { return &d }
	granted := Grant{Status: StatusGranted, Start: d(3, 1)}
	withEnd := Grant{Status: StatusGranted, Start: d(3, 1), End: p(d(6, 30))}
	ended := Grant{Status: StatusEnded, Start: d(3, 1), End: p(d(6, 30)), EndedOn: p(d(4, 15))}
	endedNoDay := Grant{Status: StatusEnded, Start: d(3, 1), End: p(d(6, 30))}
	draft := Grant{Status: StatusDraft, Start: d(3, 1)}
	oneDay := Grant{Status: StatusGranted, Start: d(3, 1), End: p(d(3, 1))}
	tests := []struct {
		name string
		g    Grant
		day  Date
		want bool
	}{
		{"bevilget, dagen før start", granted, d(2, 28), false},
		{"bevilget, startdagen", granted, d(3, 1), true},
		{"bevilget uden slutdato, langt ude", granted, MakeDate(2036, 1, 1), true},
		{"med slutdato, sidste dag", withEnd, d(6, 30), true},
		{"med slutdato, dagen efter", withEnd, d(7, 1), false},
		{"afsluttet, afslutningsdagen", ended, d(4, 15), true},
		{"afsluttet, dagen efter afslutning (før slutdato)", ended, d(4, 16), false},
		{"afsluttet, før start", ended, d(2, 28), false},
		{"afsluttet uden afslutningsdag bruger slutdatoen", endedNoDay, d(6, 30), true},
		{"afsluttet uden afslutningsdag, dagen efter slutdato", endedNoDay, d(7, 1), false},
		{"afsluttet fra en fremtidig dato er aktiv indtil da", ended, d(4, 1), true},
		{"kladde på startdagen", draft, d(3, 1), false},
		{"kladde senere", draft, d(9, 1), false},
		{"ukendt status", Grant{Status: "annulleret", Start: d(3, 1)}, d(3, 2), false},
		{"én dag: dagen selv", oneDay, d(3, 1), true},
		{"én dag: dagen efter", oneDay, d(3, 2), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.g.Active(tt.day); got != tt.want {
				t.Fatalf("Active(%s) = %v, want %v", FormatDate(tt.day), got, tt.want)
			}
		})
	}
}

func TestDefaultReview(t *testing.T) {
	tests := []struct {
		start, want Date
	}{
		{MakeDate(2026, 1, 15), MakeDate(2026, 4, 15)},
		{MakeDate(2026, 8, 31), MakeDate(2026, 11, 30)},
		{MakeDate(2026, 11, 30), MakeDate(2027, 2, 28)},
		{MakeDate(2027, 11, 30), MakeDate(2028, 2, 29)},
		{MakeDate(2026, 12, 31), MakeDate(2027, 3, 31)},
	}
	for _, tt := range tests {
		if got := DefaultReview(tt.start); !got.Equal(tt.want) {
			t.Errorf("DefaultReview(%s) = %s, want %s", FormatDate(tt.start), FormatDate(got), FormatDate(tt.want))
		}
	}
}

func TestValidateGrantRules(t *testing.T) {
	today := MakeDate(2026, 8, 1)
	d := func(y int, m time.Month, day int) Date { return MakeDate(y, m, day) }
	p := func(d Date) *Date { return &d }
	six, one := 6, 1
	social := Administration{Code: AdministrationSocial, Name: "Socialforvaltningen"}
	employment := Administration{Code: AdministrationEmployment, Name: "Jobcentret"}
	sel := LegalBasis{Paragraph: "§ 85", Function: FunctionSupport, ValidFrom: d(2020, 1, 1), Administration: social}
	lab := LegalBasis{Paragraph: "§ 167", Function: FunctionMentor, ValidFrom: d(2020, 1, 1), MaxMonths: &six,
		Administration: employment}
	socialBudget := &Budget{ID: 2, Name: "Social", Administration: AdministrationSocial}
	employmentBudget := &Budget{ID: 1, Name: "Beskæftigelse", Administration: AdministrationEmployment}
	supporter := &Person{Name: "Jonas", QualifiedSupport: true}
	mentor := &Person{Name: "Mette", QualifiedMentor: true}
	items := func(texts ...string) []Item {
		var out []Item
		for _, s := range texts {
			out = append(out, Item{Text: s})
		}
		return out
	}
	base := func() GrantInput {
		return GrantInput{Purpose: " Fastholde kontakten ", HoursPerWeek: 3, Start: d(2026, 9, 1), FollowUp: p(d(2026, 12, 1)),
			Review: d(2026, 12, 1), BudgetID: 1, Goals: items("Mål"), Tasks: items("Opgave"), Exclusions: items("Undtagelse")}
	}
	long := strings.Repeat("a", MaxLongText+1)
	const endAfterStart = "Slutdatoen skal være efter startdatoen."
	const spanBounds = "Datoen skal ligge mellem 01.08.2016 og 01.09.2036."
	const todayBounds = "Datoen skal ligge mellem 01.08.2016 og 01.08.2028."

	tests := []struct {
		name   string
		lb     LegalBasis
		person *Person
		budget *Budget // nil: the legal basis' own administration's
		edit   func(in *GrantInput)
		preset Validation
		want   map[string]string // field → exact message
	}{
		{name: "gyldig § 85", lb: sel, person: supporter},
		{name: "gyldig LAB", lb: lab, person: mentor, edit: func(in *GrantInput) { in.End, in.FollowUp = p(d(2027, 2, 28)), nil }},
		{name: "ingen person", lb: sel, person: nil,
			want: map[string]string{"person_id": "Vælg den person, der skal varetage støtten."}},
		{name: "person ikke kvalificeret", lb: sel, person: mentor,
			want: map[string]string{"person_id": "Mette er ikke kvalificeret som støttekontaktperson."}},
		{name: "intet formål", lb: sel, person: supporter, edit: func(in *GrantInput) { in.Purpose = "  " },
			want: map[string]string{"purpose": "Beskriv formålet med støtten."}},
		{name: "for langt formål", lb: sel, person: supporter, edit: func(in *GrantInput) { in.Purpose = long },
			want: map[string]string{"purpose": "Teksten må højst være 4000 tegn (du har skrevet 4001)."}},
		{name: "for mange mål", lb: sel, person: supporter, edit: func(in *GrantInput) {
			in.Goals = nil
			for i := range MaxItems + 1 {
				in.Goals = append(in.Goals, Item{Text: "Mål " + FormatHours(float64(i))})
			}
		}, want: map[string]string{"goals": "Skriv højst 50 linjer."}},
		{name: "for lang opgave", lb: sel, person: supporter, edit: func(in *GrantInput) { in.Tasks = items(strings.Repeat("o", MaxLineText+1)) },
			want: map[string]string{"tasks": "Teksten må højst være 500 tegn (du har skrevet 501)."}},
		{name: "ubrugelige tegn i undtagelse", lb: sel, person: supporter, edit: func(in *GrantInput) { in.Exclusions = items("ok", "a\x07b") },
			want: map[string]string{"exclusions": UnusableText}},
		{name: "slutdato mere end 10 år efter start", lb: sel, person: supporter, edit: func(in *GrantInput) { in.End = p(d(2036, 9, 2)) },
			want: map[string]string{"end": spanBounds}},
		{name: "slutdato præcis 10 år efter start", lb: sel, person: supporter, edit: func(in *GrantInput) { in.End = p(d(2036, 9, 1)) }},
		{name: "opfølgning i år 2000: grænsen før 'efter start'", lb: sel, person: supporter, edit: func(in *GrantInput) { in.FollowUp = p(d(2000, 1, 1)) },
			want: map[string]string{"follow_up": spanBounds}},
		{name: "revurdering i år 9999", lb: sel, person: supporter, edit: func(in *GrantInput) { in.Review = d(9999, 12, 31) },
			want: map[string]string{"review": spanBounds}},
		{name: "klagevejledning for langt ude", lb: sel, person: supporter, edit: func(in *GrantInput) { in.ComplaintInfoOn = p(d(2030, 1, 1)) },
			want: map[string]string{"complaint_info_on": todayBounds}},
		{name: "minimumsplan for langt tilbage", lb: sel, person: supporter, edit: func(in *GrantInput) { in.MinPlanOn = p(d(2010, 1, 1)) },
			want: map[string]string{"min_plan_on": todayBounds}},
		{name: "nul timer", lb: sel, person: supporter, edit: func(in *GrantInput) { in.HoursPerWeek = 0 },
			want: map[string]string{"hours": "Timer pr. uge skal være mellem 0,25 og 40."}},
		{name: "ikke kvarte timer", lb: sel, person: supporter, edit: func(in *GrantInput) { in.HoursPerWeek = 2.1 },
			want: map[string]string{"hours": "Skriv hele eller kvarte timer, fx 2, 2,25, 2,5 eller 2,75."}},
		{name: "timefejl fra formularen bevares", lb: sel, person: supporter, edit: func(in *GrantInput) { in.HoursPerWeek = 0 },
			preset: Validation{"hours": "Skriv timer som et tal, fx 2,5 eller 3,75."},
			want:   map[string]string{"hours": "Skriv timer som et tal, fx 2,5 eller 3,75."}},
		{name: "lovgrundlag udløbet før start", lb: func() LegalBasis { b := sel; b.ValidTo = p(d(2026, 8, 31)); return b }(), person: supporter,
			want: map[string]string{"legal_basis_id": "§ 85 gælder ikke på startdatoen."}},
		{name: "lovgrundlag gælder til og med startdagen", lb: func() LegalBasis { b := sel; b.ValidTo = p(d(2026, 9, 1)); return b }(), person: supporter},
		{name: "lovgrundlag gælder først efter start", lb: func() LegalBasis { b := sel; b.ValidFrom = d(2026, 9, 2); return b }(), person: supporter,
			want: map[string]string{"legal_basis_id": "§ 85 gælder ikke på startdatoen."}},
		{name: "LAB uden slutdato", lb: lab, person: mentor, edit: func(in *GrantInput) { in.FollowUp = nil },
			want: map[string]string{"end": "En bevilling efter § 167 skal have en slutdato (højst 01.03.2027)."}},
		{name: "LAB slutter før start", lb: lab, person: mentor, edit: func(in *GrantInput) { in.End = p(d(2026, 8, 31)) },
			want: map[string]string{"end": endAfterStart}},
		{name: "LAB længere end 6 måneder", lb: lab, person: mentor, edit: func(in *GrantInput) { in.End = p(d(2027, 3, 2)) },
			want: map[string]string{"end": "En bevilling efter § 167 kan højst vare 6 måneder: seneste slutdato er 01.03.2027. En ny periode kræver en forlængelse."}},
		{name: "LAB på højst 1 måned", lb: func() LegalBasis { b := lab; b.MaxMonths = &one; return b }(), person: mentor,
			edit: func(in *GrantInput) { in.Start, in.End, in.Review = d(2026, 8, 31), p(d(2026, 10, 1)), d(2026, 9, 30) },
			want: map[string]string{"end": "En bevilling efter § 167 kan højst vare 1 måned: seneste slutdato er 30.09.2026. En ny periode kræver en forlængelse."}},
		{name: "LAB kræver ingen opfølgningsdato", lb: lab, person: mentor, edit: func(in *GrantInput) { in.End, in.FollowUp = p(d(2027, 3, 1)), nil }},
		{name: "§ 85 slutter før start", lb: sel, person: supporter, edit: func(in *GrantInput) { in.End = p(d(2026, 8, 31)) },
			want: map[string]string{"end": endAfterStart}},
		{name: "§ 85 slutter på startdagen", lb: sel, person: supporter, edit: func(in *GrantInput) { in.End = p(d(2026, 9, 1)) }},
		{name: "§ 85 uden opfølgningsdato", lb: sel, person: supporter, edit: func(in *GrantInput) { in.FollowUp = nil },
			want: map[string]string{"follow_up": "Sæt en opfølgningsdato: § 85 har ingen fast slutdato."}},
		{name: "opfølgningsfejl fra formularen bevares", lb: sel, person: supporter, edit: func(in *GrantInput) { in.FollowUp = nil },
			preset: Validation{"follow_up": "Skriv datoen som dd.mm.åååå."},
			want:   map[string]string{"follow_up": "Skriv datoen som dd.mm.åååå."}},
		{name: "opfølgning før start", lb: sel, person: supporter, edit: func(in *GrantInput) { in.FollowUp = p(d(2026, 8, 31)) },
			want: map[string]string{"follow_up": "Opfølgningsdatoen skal være efter startdatoen."}},
		{name: "revurdering før start", lb: sel, person: supporter, edit: func(in *GrantInput) { in.Review = d(2026, 8, 31) },
			want: map[string]string{"review": "Revurderingsdatoen skal være efter startdatoen."}},
		{name: "ingen startdato", lb: sel, person: supporter, edit: func(in *GrantInput) { in.Start = Date{} },
			want: map[string]string{"start": "Skriv startdatoen, fx 01.12.2026."}},
		{name: "startdato uden for det mulige: slutdato tjekkes ikke", lb: lab, person: mentor,
			edit: func(in *GrantInput) { in.Start, in.End = d(2040, 1, 1), nil },
			want: map[string]string{"start": todayBounds}},
		{name: "startfejl fra formularen bevares", lb: lab, person: mentor, edit: func(in *GrantInput) { in.Start, in.End = Date{}, nil },
			preset: Validation{"start": "Skriv datoen som dd.mm.åååå."},
			want:   map[string]string{"start": "Skriv datoen som dd.mm.åååå."}},
		{name: "ingen revurderingsdato", lb: sel, person: supporter, edit: func(in *GrantInput) { in.Review = Date{} },
			want: map[string]string{"review": "Skriv revurderingsdatoen."}},
		{name: "ingen mål, opgaver eller undtagelser (§ 85: støttekontaktpersonen)", lb: sel, person: supporter,
			edit: func(in *GrantInput) { in.Goals, in.Tasks, in.Exclusions = items(" "), nil, items("", "  ") },
			want: map[string]string{
				"goals":      "Skriv mindst ét mål for støtten.",
				"tasks":      "Vælg eller skriv mindst én opgave, støttekontaktpersonen løser.",
				"exclusions": "Vælg eller skriv mindst én ting, støttekontaktpersonen ikke gør.",
			}},
		{name: "ingen opgaver eller undtagelser (LAB: mentoren)", lb: lab, person: mentor,
			edit: func(in *GrantInput) { in.End, in.FollowUp, in.Tasks, in.Exclusions = p(d(2027, 2, 28)), nil, nil, nil },
			want: map[string]string{
				"tasks":      "Vælg eller skriv mindst én opgave, mentoren løser.",
				"exclusions": "Vælg eller skriv mindst én ting, mentoren ikke gør.",
			}},
		{name: "intet budget", lb: sel, person: supporter, edit: func(in *GrantInput) { in.BudgetID = 0 },
			want: map[string]string{"budget_id": "Vælg budget."}},
		{name: "§ 85 på beskæftigelsesbudgettet", lb: sel, person: supporter, budget: employmentBudget,
			want: map[string]string{"budget_id": "Budgettet Beskæftigelse hører ikke til Socialforvaltningen. " +
				"En bevilling efter § 85 betales af Socialforvaltningens budget."}},
		{name: "LAB på socialbudgettet", lb: lab, person: mentor, budget: socialBudget,
			edit: func(in *GrantInput) { in.End, in.FollowUp = p(d(2027, 2, 28)), nil },
			want: map[string]string{"budget_id": "Budgettet Social hører ikke til Jobcentret. " +
				"En bevilling efter § 167 betales af Jobcentrets budget."}},
		{name: "budget der ikke findes", lb: sel, person: supporter, budget: &Budget{},
			want: map[string]string{"budget_id": "Vælg budget."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			if tt.edit != nil {
				tt.edit(&in)
			}
			v := Validation{}
			maps.Copy(v, tt.preset)
			budget := tt.budget
			if budget == nil {
				budget = socialBudget
				if tt.lb.Administration == employment {
					budget = employmentBudget
				}
			}
			if budget.ID == 0 {
				budget = nil // the store found none
			}
			err := ValidateGrant(&in, tt.lb, tt.person, budget, today, v)
			got := FieldErrors(err)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected errors: %v", got)
				}
			} else if ErrorCode(err) != EINVALID || !maps.Equal(got, tt.want) {
				t.Fatalf("errors %v\nwant %v", got, tt.want)
			}
			if in.Purpose != strings.TrimSpace(in.Purpose) {
				t.Fatalf("purpose not trimmed: %q", in.Purpose)
			}
		})
	}
}

func TestGrantLabels(t *testing.T) {
	for _, c := range []struct {
		f            Function
		label, lower string
	}{
		{FunctionMentor, "Mentor", "mentor"},
		{FunctionSupport, "Støttekontaktperson", "støttekontaktperson"},
		{"", "Mentor", "mentor"},
	} {
		if c.f.Label() != c.label || c.f.LowerLabel() != c.lower {
			t.Errorf("Function(%q): %q %q", c.f, c.f.Label(), c.f.LowerLabel())
		}
	}
	for _, c := range []struct {
		s    GrantStatus
		want string
	}{
		{StatusDraft, "Kladde"}, {StatusGranted, "Bevilget"}, {StatusEnded, "Afsluttet"}, {"ukendt", "ukendt"},
	} {
		if got := c.s.Label(); got != c.want {
			t.Errorf("GrantStatus(%q).Label() = %q, want %q", c.s, got, c.want)
		}
	}
	lb := LegalBasis{Paragraph: "§ 167, stk. 1", Title: "Mentorstøtte"}
	if got := lb.Label(); got != "§ 167, stk. 1 – Mentorstøtte" {
		t.Errorf("LegalBasis.Label() = %q", got)
	}
}

func TestLegalBasisChoosable(t *testing.T) {
	to := MakeDate(2026, 12, 31)
	lb := LegalBasis{ValidFrom: MakeDate(2024, 3, 1), ValidTo: &to}
	open := LegalBasis{ValidFrom: MakeDate(2024, 3, 1)}
	tests := []struct {
		name string
		lb   LegalBasis
		day  Date
		want bool
	}{
		{"dagen før gyldig fra", lb, MakeDate(2024, 2, 29), false},
		{"gyldig fra-dagen", lb, MakeDate(2024, 3, 1), true},
		{"gyldig til-dagen", lb, to, true},
		{"dagen efter gyldig til", lb, MakeDate(2027, 1, 1), false},
		{"uden slut, langt ude", open, MakeDate(2040, 1, 1), true},
	}
	for _, tt := range tests {
		if got := tt.lb.Choosable(tt.day); got != tt.want {
			t.Errorf("%s: Choosable = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestPersonQualifiedAndExcludes(t *testing.T) {
	tests := []struct {
		p               Person
		mentor, support bool
	}{
		{Person{}, false, false},
		{Person{QualifiedMentor: true}, true, false},
		{Person{QualifiedSupport: true}, false, true},
		{Person{QualifiedMentor: true, QualifiedSupport: true}, true, true},
	}
	for _, tt := range tests {
		if tt.p.QualifiedFor(FunctionMentor) != tt.mentor || tt.p.QualifiedFor(FunctionSupport) != tt.support {
			t.Errorf("%+v: QualifiedFor wrong", tt.p)
		}
	}
	g := Grant{Exclusions: []Item{{Text: "Praktiske opgaver inden for borgerens HOVEDDØR"}, {Text: "Kørsel"}}}
	for _, c := range []struct {
		part string
		want bool
	}{
		{FrontDoorExclusion, true}, {"kørsel", true}, {"Økonomi", false},
	} {
		if got := g.Excludes(c.part); got != c.want {
			t.Errorf("Excludes(%q) = %v, want %v", c.part, got, c.want)
		}
	}
	if (Grant{}).Excludes(FrontDoorExclusion) {
		t.Error("a grant without exclusions excludes nothing")
	}
}
