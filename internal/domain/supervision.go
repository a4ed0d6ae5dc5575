package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// SupervisionForms are the forms a session can take, in the order shown.
var SupervisionForms = []Option{
	{Value: "supervision", Label: "Supervision"},
	{Value: "kollegial_sparring", Label: "Kollegial sparring"},
	{Value: "reflekterende_team", Label: "Reflekterende team"},
}

// DefaultSupervisionWeeks is the flag threshold when the setting is missing.
const DefaultSupervisionWeeks = 8

// Supervision is one session with its participants.
type Supervision struct {
	ID            int64
	HeldOn        Date
	Form          string
	Facilitator   string
	Themes        string
	Note          string
	TeamName      string // the team of the team lead who recorded it
	CreatedByName string
	CreatedAt     time.Time
	Participants  []SupervisionParticipant // by name
}

// FormLabel is the session form's Danish name.
func (s Supervision) FormLabel() string { return OptionLabel(SupervisionForms, s.Form) }

// SupervisionParticipant is a mentor who took part.
type SupervisionParticipant struct {
	UserID int64
	Name   string
}

// SupervisionInput is the team lead's form.
type SupervisionInput struct {
	HeldOn         Date
	Form           string
	Facilitator    string
	Themes         string
	Note           string
	ParticipantIDs []int64
	FormToken      string // the create form's one-time token (see domain.AlreadySaved)
}

// SupervisionFilter selects sessions; the zero value is all of them.
type SupervisionFilter struct {
	ParticipantID *int64 // only sessions this user took part in
}

// SupervisionOverdue is the flag rule: a mentor who never had supervision
// (ok false), or whose last session was more than weeks weeks before today,
// is due. A session exactly weeks weeks ago is not yet overdue.
func SupervisionOverdue(last time.Time, ok bool, today Date, weeks int) bool {
	return !ok || last.Before(today.AddDate(0, 0, -7*weeks))
}

// Validate trims the supervision session and checks it on today (it is
// registered once held, so never in the future); the participants are
// sorted and repeats dropped. v may already hold the form's parse errors.
func (in *SupervisionInput) Validate(today Date, v Validation) {
	in.Facilitator, in.Themes, in.Note = strings.TrimSpace(in.Facilitator), strings.TrimSpace(in.Themes), strings.TrimSpace(in.Note)
	if _, bad := v["held_on"]; !bad {
		if in.HeldOn.IsZero() {
			v.Add("held_on", "Skriv datoen som dd.mm.åååå, fx 01.12.2026.")
		} else if in.HeldOn.After(today) {
			v.Add("held_on", "Datoen kan ikke ligge i fremtiden. Registrér sessionen, når den er holdt.")
		} else {
			v.DateWithin("held_on", in.HeldOn, EarliestDate(today), today)
		}
	}
	if !slices.ContainsFunc(SupervisionForms, func(o Option) bool { return o.Value == in.Form }) {
		v.Add("form", "Vælg formen: supervision, kollegial sparring eller reflekterende team.")
	}
	switch n := utf8.RuneCountInString(in.Facilitator); {
	case n == 0:
		v.Add("facilitator", "Skriv hvem der faciliterede, fx supervisorens navn.")
	case n > 200:
		v.Add("facilitator", "Højst 200 tegn.")
	}
	if utf8.RuneCountInString(in.Themes) > 2000 {
		v.Add("themes", "Temaerne må højst være 2000 tegn.")
	}
	if utf8.RuneCountInString(in.Note) > 4000 {
		v.Add("note", "Noten må højst være 4000 tegn.")
	}
	v.Text("facilitator", in.Facilitator, MaxShortText)
	v.Text("themes", in.Themes, 2000)
	v.Text("note", in.Note, MaxLongText)
	slices.Sort(in.ParticipantIDs)
	in.ParticipantIDs = slices.Compact(in.ParticipantIDs)
	if len(in.ParticipantIDs) == 0 {
		v.Add("participants", "Vælg mindst én deltager.")
	}
}
