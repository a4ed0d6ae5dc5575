package domain

import (
	"slices"
	"strings"
	"time"
)

// Participants of an adjustment meeting (justeringsmøde / trepartssamtale).
var MeetingParticipants = []string{"Borger", "Mentor", "Sagsbehandler"}

// Meeting is an adjustment meeting on a grant.
type Meeting struct {
	ID             int64
	GrantID        int64
	HeldOn         Date
	Participants   []string
	Others         string
	Summary        string
	Decisions      string
	ChangeTasks    bool
	RevisionNumber *int
	CreatedByName  string
	CreatedAt      time.Time
}

// MeetingInput is the meeting form.
type MeetingInput struct {
	HeldOn       Date
	Participants []string
	Others       string
	Summary      string
	Decisions    string
	ChangeTasks  bool
	FormToken    string // the create form's one-time token (see AlreadySaved)
}

// ValidateMeeting checks a meeting; today is the Copenhagen date.
func ValidateMeeting(in *MeetingInput, today Date, v Validation) error {
	in.Others, in.Summary, in.Decisions = strings.TrimSpace(in.Others), strings.TrimSpace(in.Summary), strings.TrimSpace(in.Decisions)
	ps := []string{} // never nil: the column is NOT NULL
	for _, p := range MeetingParticipants {
		if slices.Contains(in.Participants, p) {
			ps = append(ps, p)
		}
	}
	in.Participants = ps
	if _, bad := v["held_on"]; !bad {
		if in.HeldOn.IsZero() {
			v.Add("held_on", "Skriv mødedatoen.")
		} else if in.HeldOn.After(today) {
			v.Add("held_on", "Mødedatoen kan ikke ligge i fremtiden.")
		} else {
			v.DateWithin("held_on", in.HeldOn, EarliestDate(today), today)
		}
	}
	if len(in.Participants) == 0 {
		v.Add("participants", "Vælg hvem der deltog: mindst én af borger, mentor og sagsbehandler.")
	}
	v.Text("others", in.Others, MaxShortText)
	if in.Summary == "" {
		v.Add("summary", "Skriv et kort referat.")
	} else {
		v.Text("summary", in.Summary, MaxLongText)
	}
	v.Text("decisions", in.Decisions, MaxLongText)
	if in.ChangeTasks && in.Decisions == "" {
		v.Add("decisions", "Beskriv beslutningen om at ændre opgaverne.")
	}
	return v.Err()
}

// EndInput ends a granted grant.
type EndInput struct {
	EndedOn Date
	Reason  string
	Version int
}

// ExtensionInput extends a LAB grant with a new linked grant.
type ExtensionInput struct {
	Assessment   string // the concrete assessment behind a new period
	End          *Date
	Review       Date
	HoursPerWeek float64
	Version      int
	FormToken    string // the create form's one-time token (see AlreadySaved)
}

// Validate checks ending g early as in on today: a reason, and a last day
// within the grant's period. v may already hold the form's parse errors.
func (in EndInput) Validate(g Grant, today Date, v Validation) {
	if strings.TrimSpace(in.Reason) == "" {
		v.Add("reason", "Skriv hvorfor bevillingen afsluttes.")
	} else {
		v.Text("reason", in.Reason, MaxLongText)
	}
	if _, bad := v["ended_on"]; !bad {
		switch {
		case in.EndedOn.IsZero():
			v.Add("ended_on", "Skriv slutdatoen.")
		case in.EndedOn.Before(g.Start):
			v.Add("ended_on", "Slutdatoen kan ikke ligge før bevillingens start ("+FormatDate(g.Start)+").")
		case g.End != nil && in.EndedOn.After(*g.End):
			v.Add("ended_on", "Slutdatoen kan ikke ligge efter bevillingens periode ("+FormatDate(*g.End)+").")
		default:
			v.DateWithin("ended_on", in.EndedOn, EarliestDate(today), LatestDate(today))
		}
	}
}
