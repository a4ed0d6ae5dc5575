package views

import (
	"slices"
	"strconv"
	"strings"

	"mentorspor/internal/domain"
)

// MyCitizensPage is the mentor's home: the citizens they support.
type MyCitizensPage struct {
	Base
	Rows  []domain.CaseloadRow
	Today domain.Date
}

func functionsText(fns []domain.Function) string {
	switch {
	case len(fns) == 2:
		return "Begge (mentor og støttekontaktperson)"
	case len(fns) == 1:
		return fns[0].Label()
	}
	return "Afsluttet"
}

func daysSince(d *domain.Date, today domain.Date) string {
	if d == nil {
		return "Ingen kontakt endnu"
	}
	n := int(today.Sub(*d).Hours() / 24)
	switch n {
	case 0:
		return "I dag"
	case 1:
		return "1 dag siden"
	}
	return strconv.Itoa(n) + " dage siden"
}

func noContactFor(d *domain.Date, today domain.Date, days int) bool {
	return d == nil || today.Sub(*d).Hours()/24 > float64(days)
}

func minutesAsHours(m int) string { return domain.FormatHours(float64(m*100/60) / 100) }

// SessionGrant is a grant a session can be logged on, with its goals.
type SessionGrant struct {
	Grant domain.Grant
	Goals []domain.Goal
}

// SessionForm is the session form as typed.
type SessionForm struct {
	GrantID, OccurredOn, StartTime, Minutes, Form, Contact, Place string
	HomeJustification, Direction, Note, AmendReason, Version      string
	EverydayCoping                                                bool
	Tasks                                                         map[string][]string // grant id → task texts
	Scores                                                        map[string]string   // "grant_goal" → score
}

// SessionFormFrom fills the form from a stored session.
func SessionFormFrom(s domain.Session) SessionForm {
	gid := formatInt64(s.GrantID)
	f := SessionForm{GrantID: gid, OccurredOn: s.OccurredOn.Format("2006-01-02"), StartTime: s.StartTime,
		Minutes: strconv.Itoa(s.Minutes), Form: s.Form, Contact: s.Contact, Place: s.Place, EverydayCoping: s.EverydayCoping,
		HomeJustification: s.HomeJustification, Direction: s.Direction, Note: s.Note, Version: strconv.Itoa(s.Version),
		Tasks: map[string][]string{}, Scores: map[string]string{}}
	for _, t := range s.Tasks {
		f.Tasks[gid] = append(f.Tasks[gid], t.Text)
	}
	for _, sc := range s.Scores {
		f.Scores[gid+"_"+formatInt64(sc.GoalID)] = strconv.Itoa(sc.Score)
	}
	return f
}

// SessionFormPage logs or corrects a session.
type SessionFormPage struct {
	Base
	FormState
	Citizen  domain.Citizen
	Session  *domain.Session // set when correcting
	Amend    bool            // past the correction window: an amendment
	Grants   []SessionGrant
	ScaleMax int
	Form     SessionForm
}

// homeExcluded reports whether any offered grant excludes the home.
func (p SessionFormPage) homeExcluded() bool {
	for _, g := range p.Grants {
		if g.Grant.Excludes(domain.FrontDoorExclusion) {
			return true
		}
	}
	return false
}

// telNumber is a phone number for a tel: link (digits and +, +45 added).
func telNumber(s string) string {
	var b strings.Builder
	for _, r := range s {
		if (r >= '0' && r <= '9') || r == '+' {
			b.WriteRune(r)
		}
	}
	n := b.String()
	if len(n) == 8 {
		n = "+45" + n
	}
	return n
}

// HasGrant reports whether id is one of the offered grants.
func (p SessionFormPage) HasGrant(id int64) bool {
	return slices.ContainsFunc(p.Grants, func(g SessionGrant) bool { return g.Grant.ID == id })
}

func (p SessionFormPage) action() string {
	if p.Session != nil {
		return "/samtaler/" + formatInt64(p.Session.ID) + "/ret"
	}
	return "/borgere/" + formatInt64(p.Citizen.ID) + "/samtaler"
}

func scaleValues(max int) []string {
	out := make([]string, max)
	for i := range out {
		out[i] = strconv.Itoa(i + 1)
	}
	return out
}

func grantChoiceLabel(g domain.Grant) string {
	return g.Function.Label() + " (" + g.LegalBasis.Paragraph + ", budget " + g.BudgetName + ")"
}

// SessionPage shows one session.
type SessionPage struct {
	Base
	Session     domain.Session
	IsAuthor    bool
	Correctable bool
}

// SessionDiscardPage asks for the reason to discard a session.
type SessionDiscardPage struct {
	Base
	FormState
	Session domain.Session
	Reason  string
}

func sessionHref(id int64) string { return "/samtaler/" + formatInt64(id) }

func sessionSummary(s domain.Session) string {
	return domain.FormatDate(s.OccurredOn) + " kl. " + s.StartTime + " · " + strconv.Itoa(s.Minutes) + " min. · " +
		domain.OptionLabel(domain.SessionForms, s.Form)
}

func correctionDeadline(s domain.Session) string {
	return domain.FormatDateTime(s.CreatedAt.Add(domain.CorrectionWindow))
}

// sessionFlags words the marks a session carries.
func sessionFlags(s domain.Session) string {
	var out []string
	if s.Discarded() {
		out = append(out, "Kasseret")
	}
	if s.HomeFlag {
		out = append(out, "I hjemmet (begrundet)")
	}
	if s.EverydayCoping {
		out = append(out, "Hverdagsmestring")
	}
	if s.OutsideFrame {
		out = append(out, "Uden for aftalt ramme")
	}
	if len(s.Amendments) > 0 {
		out = append(out, "Rettet")
	}
	if len(out) == 0 {
		return "–"
	}
	return strings.Join(out, ", ")
}
