package domain

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// phaseString shows a phase compactly for failure messages.
func phaseString(p Phase) string {
	to := "åben"
	if p.To != nil {
		to = FormatDate(*p.To)
	}
	return fmt.Sprintf("{%s %s–%s %v %sh}", p.Kind, FormatDate(p.From), to, p.Persons, FormatHours(p.Hours))
}

func samePhase(a, b Phase) bool {
	return a.Kind == b.Kind && a.From.Equal(b.From) &&
		(a.To == nil) == (b.To == nil) && (a.To == nil || a.To.Equal(*b.To)) &&
		slices.Equal(a.Persons, b.Persons) && a.Hours == b.Hours
}

func TestPhases(t *testing.T) {
	d := func(m time.Month, day int) Date { return MakeDate(2026, m, day) }
	p := func(d Date) *Date { return &d }
	const mette, jonas = "Mette Jensen", "Jonas Østergaard"
	grant := func(fn Function, person string, hours float64, start Date, end *Date) Grant {
		return Grant{Function: fn, PersonName: person, HoursPerWeek: hours, Status: StatusGranted, Start: start, End: end}
	}
	ended := func(g Grant, on Date) Grant {
		g.Status, g.EndedOn = StatusEnded, &on
		return g
	}
	draft := func(g Grant) Grant {
		g.Status = StatusDraft
		return g
	}
	phase := func(kind PhaseKind, from Date, to *Date, hours float64, persons ...string) Phase {
		return Phase{Kind: kind, From: from, To: to, Persons: persons, Hours: hours}
	}

	tests := []struct {
		name   string
		grants []Grant
		want   []Phase
	}{
		{"ingen bevillinger", nil, nil},
		{"kun mentor, åben", []Grant{grant(FunctionMentor, mette, 2, d(1, 1), nil)},
			[]Phase{phase(PhaseMentor, d(1, 1), nil, 2, mette)}},
		{"kun § 85 med slutdato: ingen åben fase bagefter",
			[]Grant{grant(FunctionSupport, jonas, 3, d(2, 1), p(d(7, 31)))},
			[]Phase{phase(PhaseSupport, d(2, 1), p(d(7, 31)), 3, jonas)}},
		{"parallelt: mentor, så begge, så kun § 85",
			[]Grant{grant(FunctionMentor, mette, 2, d(1, 1), p(d(6, 30))), grant(FunctionSupport, jonas, 3, d(3, 1), nil)},
			[]Phase{
				phase(PhaseMentor, d(1, 1), p(d(2, 28)), 2, mette),
				phase(PhaseParallel, d(3, 1), p(d(6, 30)), 5, mette, jonas),
				phase(PhaseSupport, d(7, 1), nil, 3, jonas),
			}},
		{"parallelt hos samme person nævner personen én gang",
			[]Grant{grant(FunctionMentor, mette, 2, d(1, 1), nil), grant(FunctionSupport, mette, 1.5, d(1, 1), nil)},
			[]Phase{phase(PhaseParallel, d(1, 1), nil, 3.5, mette)}},
		{"hul giver Ingen støtte",
			[]Grant{grant(FunctionMentor, mette, 2, d(1, 1), p(d(1, 31))), grant(FunctionMentor, mette, 2, d(3, 1), nil)},
			[]Phase{
				phase(PhaseMentor, d(1, 1), p(d(1, 31)), 2, mette),
				phase(PhaseNone, d(2, 1), p(d(2, 28)), 0),
				phase(PhaseMentor, d(3, 1), nil, 2, mette),
			}},
		{"forlængelse uden synlig ændring flettes",
			[]Grant{grant(FunctionMentor, mette, 2, d(1, 1), p(d(6, 30))), grant(FunctionMentor, mette, 2, d(7, 1), p(d(12, 31)))},
			[]Phase{phase(PhaseMentor, d(1, 1), p(d(12, 31)), 2, mette)}},
		{"ny person er en ny fase",
			[]Grant{grant(FunctionMentor, mette, 2, d(1, 1), p(d(6, 30))), grant(FunctionMentor, jonas, 2, d(7, 1), nil)},
			[]Phase{phase(PhaseMentor, d(1, 1), p(d(6, 30)), 2, mette), phase(PhaseMentor, d(7, 1), nil, 2, jonas)}},
		{"flere timer er en ny fase",
			[]Grant{grant(FunctionMentor, mette, 2, d(1, 1), p(d(6, 30))), grant(FunctionMentor, mette, 3, d(7, 1), nil)},
			[]Phase{phase(PhaseMentor, d(1, 1), p(d(6, 30)), 2, mette), phase(PhaseMentor, d(7, 1), nil, 3, mette)}},
		{"afsluttet bevilling slutter på afslutningsdagen, ikke slutdatoen",
			[]Grant{ended(grant(FunctionMentor, mette, 2, d(1, 1), p(d(12, 31))), d(4, 15))},
			[]Phase{phase(PhaseMentor, d(1, 1), p(d(4, 15)), 2, mette)}},
		{"afsluttet åben bevilling",
			[]Grant{ended(grant(FunctionMentor, mette, 2, d(1, 1), nil), d(4, 15))},
			[]Phase{phase(PhaseMentor, d(1, 1), p(d(4, 15)), 2, mette)}},
		{"faseskift: LAB afsluttes dagen før § 85 starter",
			[]Grant{ended(grant(FunctionMentor, mette, 2, d(1, 1), p(d(6, 30))), d(4, 15)), grant(FunctionSupport, mette, 3, d(4, 16), nil)},
			[]Phase{phase(PhaseMentor, d(1, 1), p(d(4, 15)), 2, mette), phase(PhaseSupport, d(4, 16), nil, 3, mette)}},
		{"kladder tælles ikke med",
			[]Grant{grant(FunctionMentor, mette, 2, d(1, 1), nil), draft(grant(FunctionSupport, jonas, 3, d(3, 1), nil))},
			[]Phase{phase(PhaseMentor, d(1, 1), nil, 2, mette)}},
		{"kun en kladde", []Grant{draft(grant(FunctionMentor, mette, 2, d(1, 1), nil))}, nil},
		{"bevilling på én dag",
			[]Grant{grant(FunctionMentor, mette, 2, d(3, 5), p(d(3, 5)))},
			[]Phase{phase(PhaseMentor, d(3, 5), p(d(3, 5)), 2, mette)}},
		{"rækkefølgen af bevillingerne er ligegyldig for faserne",
			[]Grant{grant(FunctionMentor, mette, 2, d(3, 1), nil), grant(FunctionMentor, mette, 2, d(1, 1), p(d(1, 31)))},
			[]Phase{
				phase(PhaseMentor, d(1, 1), p(d(1, 31)), 2, mette),
				phase(PhaseNone, d(2, 1), p(d(2, 28)), 0),
				phase(PhaseMentor, d(3, 1), nil, 2, mette),
			}},
		{"fase over årsskifte i skudår",
			[]Grant{grant(FunctionSupport, jonas, 3, MakeDate(2027, 12, 1), p(MakeDate(2028, 2, 29))), grant(FunctionMentor, mette, 2, MakeDate(2028, 3, 1), nil)},
			[]Phase{
				phase(PhaseSupport, MakeDate(2027, 12, 1), p(MakeDate(2028, 2, 29)), 3, jonas),
				phase(PhaseMentor, MakeDate(2028, 3, 1), nil, 2, mette),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Phases(tt.grants)
			ok := len(got) == len(tt.want)
			for i := 0; ok && i < len(got); i++ {
				ok = samePhase(got[i], tt.want[i])
			}
			if !ok {
				var g, w []string
				for _, p := range got {
					g = append(g, phaseString(p))
				}
				for _, p := range tt.want {
					w = append(w, phaseString(p))
				}
				t.Fatalf("Phases:\n got  %v\n want %v", g, w)
			}
		})
	}
}

func TestCurrentPhase(t *testing.T) {
	d := func(m time.Month, day int) Date { return MakeDate(2026, m, day) }
	jan31 := d(1, 31)
	grants := []Grant{
		{Function: FunctionMentor, PersonName: "Mette", HoursPerWeek: 2, Status: StatusGranted, Start: d(1, 1), End: &jan31},
		{Function: FunctionSupport, PersonName: "Jonas", HoursPerWeek: 3, Status: StatusGranted, Start: d(3, 1)},
	}
	phases := Phases(grants)
	tests := []struct {
		name     string
		phases   []Phase
		day      Date
		kind     PhaseKind
		from     Date
		open     bool // the phase has no To (the fallback "Ingen støtte" has none either)
		persons  string
		hoursSum float64
	}{
		{"før første bevilling", phases, MakeDate(2025, 12, 31), PhaseNone, MakeDate(2025, 12, 31), true, "", 0},
		{"første dag", phases, d(1, 1), PhaseMentor, d(1, 1), false, "Mette", 2},
		{"sidste dag i mentorfasen", phases, jan31, PhaseMentor, d(1, 1), false, "Mette", 2},
		{"i hullet", phases, d(2, 1), PhaseNone, d(2, 1), false, "", 0},
		{"sidste dag i hullet", phases, d(2, 28), PhaseNone, d(2, 1), false, "", 0},
		{"§ 85 starter", phases, d(3, 1), PhaseSupport, d(3, 1), true, "Jonas", 3},
		{"langt ude i den åbne fase", phases, MakeDate(2030, 6, 1), PhaseSupport, d(3, 1), true, "Jonas", 3},
		{"ingen faser", nil, d(5, 5), PhaseNone, d(5, 5), true, "", 0},
		{"efter sidste lukkede fase", phases[:1], d(2, 1), PhaseNone, d(2, 1), true, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CurrentPhase(tt.phases, tt.day)
			if got.Kind != tt.kind || !got.From.Equal(tt.from) || (got.To == nil) != tt.open ||
				got.PersonsText() != tt.persons || got.Hours != tt.hoursSum {
				t.Fatalf("CurrentPhase(%s) = %s", FormatDate(tt.day), phaseString(got))
			}
		})
	}
}

func TestPhaseLabelsAndPersonsText(t *testing.T) {
	for _, c := range []struct {
		kind PhaseKind
		want string
	}{
		{PhaseMentor, "Mentor (LAB)"},
		{PhaseSupport, "Støttekontaktperson (SEL § 85)"},
		{PhaseParallel, "Parallelt"},
		{PhaseNone, "Ingen støtte"},
		{"noget andet", "Ingen støtte"},
	} {
		if got := c.kind.Label(); got != c.want {
			t.Errorf("PhaseKind(%q).Label() = %q, want %q", c.kind, got, c.want)
		}
	}
	for _, c := range []struct {
		persons []string
		want    string
	}{
		{nil, ""},
		{[]string{"Mette Jensen"}, "Mette Jensen"},
		{[]string{"Mette Jensen", "Jonas Østergaard"}, "Mette Jensen og Jonas Østergaard"},
	} {
		if got := (Phase{Persons: c.persons}).PersonsText(); got != c.want {
			t.Errorf("PersonsText(%v) = %q, want %q", c.persons, got, c.want)
		}
	}
}

func TestSwitchKind(t *testing.T) {
	labels := map[SwitchKind]string{
		SwitchLABTo85:     "Fra mentor (LAB) til støttekontaktperson (§ 85)",
		Switch85ToLAB:     "Fra støttekontaktperson (§ 85) til mentor (LAB)",
		SwitchAddParallel: "Tilføj parallel støtte",
		SwitchEndOne:      "Afslut den ene af to",
		SwitchEndAll:      "Afslut al støtte",
	}
	if len(SwitchKinds) != len(labels) {
		t.Fatalf("SwitchKinds has %d kinds, the test knows %d", len(SwitchKinds), len(labels))
	}
	for _, k := range SwitchKinds {
		if !k.Valid() {
			t.Errorf("%q is not valid", k)
		}
		if got := k.Label(); got != labels[k] {
			t.Errorf("%q.Label() = %q, want %q", k, got, labels[k])
		}
	}
	for _, k := range []SwitchKind{"", "flyt", "LAB_TIL_85"} {
		if k.Valid() {
			t.Errorf("%q must not be valid", k)
		}
		if k.Label() != string(k) {
			t.Errorf("unknown %q labelled %q", k, k.Label())
		}
	}

	mentor := Grant{Function: FunctionMentor}
	support := Grant{Function: FunctionSupport}
	tests := []struct {
		name   string
		kind   SwitchKind
		active []Grant
		want   Function
	}{
		{"LAB til 85 giver § 85", SwitchLABTo85, []Grant{mentor}, FunctionSupport},
		{"85 til LAB giver mentor", Switch85ToLAB, []Grant{support}, FunctionMentor},
		{"parallel til en mentor giver § 85", SwitchAddParallel, []Grant{mentor}, FunctionSupport},
		{"parallel til en § 85 giver mentor", SwitchAddParallel, []Grant{support}, FunctionMentor},
		{"afslut den ene giver intet", SwitchEndOne, []Grant{mentor, support}, ""},
		{"afslut alle giver intet", SwitchEndAll, []Grant{mentor}, ""},
		{"ukendt skift giver intet", "flyt", []Grant{mentor}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.kind.NewFunction(tt.active); got != tt.want {
				t.Fatalf("NewFunction = %q, want %q", got, tt.want)
			}
		})
	}
}
