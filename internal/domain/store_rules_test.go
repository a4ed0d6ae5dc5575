package domain

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// The rules that used to sit in the store before it wrote: ending a grant
// early, registering a supervision session, changing a profile.

func fieldsOf(v Validation) []string {
	var out []string
	for f, msg := range v {
		if msg != "" {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}

func TestEndInputValidate(t *testing.T) {
	today := MakeDate(2026, 6, 15)
	end := MakeDate(2026, 9, 30)
	g := Grant{Start: MakeDate(2026, 4, 1), End: &end}
	open := Grant{Start: MakeDate(2026, 4, 1)}
	for _, c := range []struct {
		name  string
		g     Grant
		in    EndInput
		field []string
		text  string
	}{
		{"i perioden", g, EndInput{EndedOn: today, Reason: "Borgeren er i job"}, nil, ""},
		{"på startdagen", g, EndInput{EndedOn: g.Start, Reason: "x"}, nil, ""},
		{"på periodens sidste dag", g, EndInput{EndedOn: end, Reason: "x"}, nil, ""},
		{"ingen begrundelse", g, EndInput{EndedOn: today, Reason: "  "}, []string{"reason"}, "Skriv hvorfor bevillingen afsluttes."},
		{"ingen dato", g, EndInput{Reason: "x"}, []string{"ended_on"}, "Skriv slutdatoen."},
		{"før start", g, EndInput{EndedOn: g.Start.AddDate(0, 0, -1), Reason: "x"}, []string{"ended_on"},
			"Slutdatoen kan ikke ligge før bevillingens start (01.04.2026)."},
		{"efter perioden", g, EndInput{EndedOn: end.AddDate(0, 0, 1), Reason: "x"}, []string{"ended_on"},
			"Slutdatoen kan ikke ligge efter bevillingens periode (30.09.2026)."},
		{"åben bevilling, urimeligt langt ude", open, EndInput{EndedOn: today.AddDate(FutureYears+1, 0, 0), Reason: "x"}, []string{"ended_on"}, ""},
		{"for lang begrundelse", g, EndInput{EndedOn: today, Reason: strings.Repeat("a", MaxLongText+1)}, []string{"reason"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := Validation{}
			c.in.Validate(c.g, today, v)
			if got := fieldsOf(v); !slices.Equal(got, c.field) {
				t.Fatalf("messages on %v, want %v: %v", got, c.field, v)
			}
			if c.text != "" && v[c.field[0]] != c.text {
				t.Errorf("message %q, want %q", v[c.field[0]], c.text)
			}
		})
	}
	// A parse error already on the date is kept, not replaced.
	v := Validation{"ended_on": "Skriv datoen som dd.mm.åååå."}
	EndInput{Reason: "x"}.Validate(g, today, v)
	if v["ended_on"] != "Skriv datoen som dd.mm.åååå." {
		t.Errorf("parse error replaced: %q", v["ended_on"])
	}
}

func TestSupervisionInputValidate(t *testing.T) {
	today := MakeDate(2026, 6, 15)
	ok := func() SupervisionInput {
		return SupervisionInput{HeldOn: today, Form: SupervisionForms[0].Value, Facilitator: " Ekstern supervisor ",
			Themes: " Grænser ", ParticipantIDs: []int64{3, 1, 3}}
	}
	for _, c := range []struct {
		name   string
		change func(*SupervisionInput)
		field  []string
	}{
		{"gyldig", func(*SupervisionInput) {}, nil},
		{"i går", func(in *SupervisionInput) { in.HeldOn = today.AddDate(0, 0, -1) }, nil},
		{"i morgen", func(in *SupervisionInput) { in.HeldOn = today.AddDate(0, 0, 1) }, []string{"held_on"}},
		{"ingen dato", func(in *SupervisionInput) { in.HeldOn = Date{} }, []string{"held_on"}},
		{"for længe siden", func(in *SupervisionInput) { in.HeldOn = today.AddDate(-PastYears-1, 0, 0) }, []string{"held_on"}},
		{"ukendt form", func(in *SupervisionInput) { in.Form = "kaffe" }, []string{"form"}},
		{"ingen facilitator", func(in *SupervisionInput) { in.Facilitator = "   " }, []string{"facilitator"}},
		{"for lang facilitator", func(in *SupervisionInput) { in.Facilitator = strings.Repeat("a", 201) }, []string{"facilitator"}},
		{"for lange temaer", func(in *SupervisionInput) { in.Themes = strings.Repeat("a", 2001) }, []string{"themes"}},
		{"for lang note", func(in *SupervisionInput) { in.Note = strings.Repeat("a", 4001) }, []string{"note"}},
		{"ingen deltagere", func(in *SupervisionInput) { in.ParticipantIDs = nil }, []string{"participants"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := ok()
			c.change(&in)
			v := Validation{}
			in.Validate(today, v)
			if got := fieldsOf(v); !slices.Equal(got, c.field) {
				t.Fatalf("messages on %v, want %v: %v", got, c.field, v)
			}
			if c.field == nil && (in.Facilitator != "Ekstern supervisor" || in.Themes != "Grænser" || !slices.Equal(in.ParticipantIDs, []int64{1, 3})) {
				t.Errorf("not cleaned: %+v", in)
			}
		})
	}
}

func TestProfileInputValidate(t *testing.T) {
	long := strings.Repeat("a", MaxListEntry+1)
	many := make([]string, MaxListEntries+1)
	for i := range many {
		many[i] = "sprog " + string(rune('a'+i))
	}
	for _, c := range []struct {
		name  string
		in    ProfileInput
		field []string
		want  ProfileInput // the cleaned input, when valid
	}{
		{name: "renses", in: ProfileInput{Presentation: "  Hej  ", Specialties: []string{" Angst ", "angst", "", "Misbrug  og  bolig"}, Languages: []string{"Dansk"}},
			want: ProfileInput{Presentation: "Hej", Specialties: []string{"Angst", "Misbrug og bolig"}, Languages: []string{"Dansk"}}},
		{name: "for lang præsentation", in: ProfileInput{Presentation: strings.Repeat("a", MaxPresentation+1)}, field: []string{"presentation"}},
		{name: "for langt speciale", in: ProfileInput{Specialties: []string{long}}, field: []string{"specialties"}},
		{name: "for mange sprog", in: ProfileInput{Languages: many}, field: []string{"languages"}},
		{name: "vilkår i orden", in: ProfileInput{Terms: &ProfileTerms{Employment: Employments[0].Value, CapacityHours: 12.5}},
			want: ProfileInput{Specialties: []string{}, Languages: []string{}, Terms: &ProfileTerms{Employment: Employments[0].Value, CapacityHours: 12.5}}},
		{name: "ukendt ansættelse", in: ProfileInput{Terms: &ProfileTerms{Employment: "frivillig", CapacityHours: 10}}, field: []string{"employment"}},
		{name: "skæv kapacitet", in: ProfileInput{Terms: &ProfileTerms{Employment: Employments[0].Value, CapacityHours: 12.3}}, field: []string{"capacity_hours"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := c.in
			v := Validation{}
			in.Validate(v)
			if got := fieldsOf(v); !slices.Equal(got, c.field) {
				t.Fatalf("messages on %v, want %v: %v", got, c.field, v)
			}
			if c.field == nil && (in.Presentation != c.want.Presentation || !slices.Equal(in.Specialties, c.want.Specialties) ||
				!slices.Equal(in.Languages, c.want.Languages)) {
				t.Errorf("cleaned to %+v, want %+v", in, c.want)
			}
		})
	}
}

func TestParseFlagSettings(t *testing.T) {
	defaults := ParseFlagSettings(nil)
	if defaults.CopingDays != 7 || defaults.GrantEndDays != 30 || defaults.NoContactDays != 14 || defaults.SEL85OnlyDays != 90 ||
		defaults.DirectionSessions != 5 || defaults.SupervisionWeeks != 8 || defaults.UnderdeliveryPercent != 50 {
		t.Errorf("defaults: %+v", defaults)
	}
	for _, c := range []struct {
		value string
		want  int
	}{
		{"21", 21}, {"1", 1}, {"90", 90}, {"0", 14}, {"91", 14}, {"", 14}, {"14 dage", 14}, {"-3", 14},
	} {
		if got := ParseFlagSettings(map[string]string{"flag_no_contact_days": c.value}).NoContactDays; got != c.want {
			t.Errorf("flag_no_contact_days %q: %d, want %d", c.value, got, c.want)
		}
	}
}

// A grant extended during a parallel phase, same person and hours, does not
// split the phase, whatever order the grants come in (the store gives the
// newest first).
func TestPhasesExtensionInParallel(t *testing.T) {
	end := MakeDate(2026, 6, 30)
	labFirst := Grant{ID: 1, Function: FunctionMentor, PersonName: "Mette", HoursPerWeek: 2, Status: StatusGranted, Start: MakeDate(2026, 1, 1), End: &end}
	sel := Grant{ID: 2, Function: FunctionSupport, PersonName: "Jonas", HoursPerWeek: 3, Status: StatusGranted, Start: MakeDate(2026, 1, 1)}
	labNext := Grant{ID: 3, Function: FunctionMentor, PersonName: "Mette", HoursPerWeek: 2, Status: StatusGranted, Start: MakeDate(2026, 7, 1)}
	for _, order := range [][]Grant{{labFirst, sel, labNext}, {labNext, sel, labFirst}} {
		ps := Phases(order)
		if len(ps) != 1 || ps[0].Kind != PhaseParallel || ps[0].To != nil || !ps[0].From.Equal(MakeDate(2026, 1, 1)) || ps[0].Hours != 5 {
			t.Errorf("phases of %d, %d, %d: %+v, want one open parallel phase of 5 hours", order[0].ID, order[1].ID, order[2].ID, ps)
		}
	}
	if HoursProblem(math.NaN()) == "" {
		t.Error("NaN hours accepted")
	}
}
