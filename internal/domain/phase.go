package domain

import (
	"slices"
	"sort"
	"strings"
	"time"
)

// PhaseKind is which support a citizen has in a period.
type PhaseKind string

const (
	PhaseMentor   PhaseKind = "mentor"
	PhaseSupport  PhaseKind = "stoettekontaktperson"
	PhaseParallel PhaseKind = "parallelt"
	PhaseNone     PhaseKind = "ingen"
)

// Label is the phase as shown.
func (k PhaseKind) Label() string {
	switch k {
	case PhaseMentor:
		return "Mentor (LAB)"
	case PhaseSupport:
		return "Støttekontaktperson (SEL § 85)"
	case PhaseParallel:
		return "Parallelt"
	}
	return "Ingen støtte"
}

// Phase is a period with the same set of active grants.
type Phase struct {
	Kind    PhaseKind
	From    Date
	To      *Date // nil: open-ended
	Persons []string
	Hours   float64
}

// grantSpan is the days a granted or ended grant covers (see Grant.Active).
func grantSpan(g Grant) (Date, *Date, bool) {
	if g.Status != StatusGranted && g.Status != StatusEnded {
		return Date{}, nil, false
	}
	return g.Start, g.LastDay(), true
}

// Phases derives the citizen's phases from their grants: a new phase starts
// wherever the set of active grants changes. Gaps are "Ingen støtte".
func Phases(grants []Grant) []Phase {
	var bounds []Date
	for _, g := range grants {
		if from, to, ok := grantSpan(g); ok {
			bounds = append(bounds, from)
			if to != nil {
				bounds = append(bounds, to.AddDate(0, 0, 1))
			}
		}
	}
	sort.Slice(bounds, func(i, j int) bool { return bounds[i].Before(bounds[j]) })
	bounds = slices.CompactFunc(bounds, func(a, b Date) bool { return a.Equal(b) })
	var out []Phase
	for i, from := range bounds {
		p := Phase{From: from, Kind: PhaseNone}
		if i+1 < len(bounds) {
			to := bounds[i+1].AddDate(0, 0, -1)
			p.To = &to
		}
		var mentor, support bool
		for _, g := range grants {
			gFrom, gTo, ok := grantSpan(g)
			if !ok || from.Before(gFrom) || (gTo != nil && from.After(*gTo)) {
				continue
			}
			if g.Function == FunctionSupport {
				support = true
			} else {
				mentor = true
			}
			if !slices.Contains(p.Persons, g.PersonName) {
				p.Persons = append(p.Persons, g.PersonName)
			}
			p.Hours += g.HoursPerWeek
		}
		switch {
		case mentor && support:
			p.Kind = PhaseParallel
		case mentor:
			p.Kind = PhaseMentor
		case support:
			p.Kind = PhaseSupport
		}
		// Merge with the previous phase when nothing visible changed (the
		// same people, in whatever order their grants come).
		if n := len(out); n > 0 && out[n-1].Kind == p.Kind && samePeople(out[n-1].Persons, p.Persons) && out[n-1].Hours == p.Hours {
			out[n-1].To = p.To
			continue
		}
		out = append(out, p)
	}
	// After the last grant there is simply no support: no open "none" phase.
	if n := len(out); n > 0 && out[n-1].Kind == PhaseNone && out[n-1].To == nil {
		out = out[:n-1]
	}
	return out
}

// samePeople reports whether a and b name the same people.
func samePeople(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// CurrentPhase is the phase covering day, or "Ingen støtte".
func CurrentPhase(phases []Phase, day Date) Phase {
	for _, p := range phases {
		if !day.Before(p.From) && (p.To == nil || !day.After(*p.To)) {
			return p
		}
	}
	return Phase{Kind: PhaseNone, From: day}
}

// PersonsText is "Mette Jensen" or "Mette Jensen og Jonas Østergaard".
func (p Phase) PersonsText() string { return strings.Join(p.Persons, " og ") }

// SwitchKind is what a phase switch does.
type SwitchKind string

const (
	SwitchLABTo85     SwitchKind = "lab_til_85"
	Switch85ToLAB     SwitchKind = "85_til_lab"
	SwitchAddParallel SwitchKind = "tilfoej_parallel"
	SwitchEndOne      SwitchKind = "afslut_en"
	SwitchEndAll      SwitchKind = "afslut_alle"
)

// SwitchKinds in the order offered.
var SwitchKinds = []SwitchKind{SwitchLABTo85, Switch85ToLAB, SwitchAddParallel, SwitchEndOne, SwitchEndAll}

// Label is the switch as shown.
func (k SwitchKind) Label() string {
	switch k {
	case SwitchLABTo85:
		return "Fra mentor (LAB) til støttekontaktperson (§ 85)"
	case Switch85ToLAB:
		return "Fra støttekontaktperson (§ 85) til mentor (LAB)"
	case SwitchAddParallel:
		return "Tilføj parallel støtte"
	case SwitchEndOne:
		return "Afslut den ene af to"
	case SwitchEndAll:
		return "Afslut al støtte"
	}
	return string(k)
}

// Valid reports whether k is a known switch.
func (k SwitchKind) Valid() bool { return slices.Contains(SwitchKinds, k) }

// NewFunction is the function a switch grants, or "" when it only ends.
func (k SwitchKind) NewFunction(active []Grant) Function {
	switch k {
	case SwitchLABTo85:
		return FunctionSupport
	case Switch85ToLAB:
		return FunctionMentor
	case SwitchAddParallel:
		if len(active) == 1 && active[0].Function == FunctionMentor {
			return FunctionSupport
		}
		return FunctionMentor
	}
	return ""
}

// PhaseSwitch is one logged switch.
type PhaseSwitch struct {
	ID            int64
	CitizenID     int64
	CitizenName   string
	Kind          SwitchKind
	EffectiveOn   Date
	Reason        string
	EndedGrantIDs []int64
	NewGrantID    *int64
	PersonBefore  string
	PersonAfter   string
	SamePerson    bool
	DecidedByName string
	CreatedAt     time.Time
	// A switch decided on a proposal names both sides: the job centre's
	// caseworker who proposed it and the social worker who approved it.
	ProposedByName string
	ApprovedByName string
}

// SwitchInput is a phase switch as the caseworker decided it.
type SwitchInput struct {
	Kind             SwitchKind
	EffectiveOn      Date
	Reason           string
	EndGrantID       int64       // afslut_en: which of the two ends
	NewGrant         *GrantInput // the grant it creates, if any
	ConfirmDifferent bool        // the caseworker accepted two different people
	CopingWindowID   *int64      // the coping window whose decision this is
	FormToken        string      // the create form's one-time token (see AlreadySaved)
}

// SwitchFilter selects the phase log across citizens.
type SwitchFilter struct {
	From, To  Date
	Kind      SwitchKind
	PersonID  *int64
	CitizenID *int64
	TeamID    *int64
}
