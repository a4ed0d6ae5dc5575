package domain

import "time"

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
