package domain

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Option is a value with its Danish label, for the session form's choices.
type Option struct{ Value, Label string }

// The session form's choices, in the order shown.
var (
	SessionForms = []Option{{"fremmoede", "Fremmøde"}, {"telefon", "Telefon"}, {"video", "Video"},
		{"sms_mail", "SMS/mail"}, {"ledsagelse", "Ledsagelse"}, {"virksomhedsbesoeg", "Virksomhedsbesøg"}}
	ContactKinds = []Option{{"kontakt", "Kontakt"}, {"forsoegt", "Forsøgt uden kontakt"}, {"udeblevet", "Udeblevet"}}
	Places       = []Option{{"uden_for_hjemmet", "Uden for hjemmet"}, {"i_hjemmet", "I borgerens hjem"}}
	Directions   = []Option{{"mod", "Mod arbejdsmarkedet"}, {"uaendret", "Uændret"}, {"vaek", "Væk fra arbejdsmarkedet"}}
)

// OptionLabel returns the label of value among opts (or value itself).
func OptionLabel(opts []Option, value string) string {
	for _, o := range opts {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}

func validOption(opts []Option, value string) bool {
	return slices.ContainsFunc(opts, func(o Option) bool { return o.Value == value })
}

// CorrectionWindow is how long the author may correct a session directly;
// after it, a change is an amendment with a reason.
const CorrectionWindow = 7 * 24 * time.Hour

// FrontDoorExclusion is the words that mark the exclusion "no tasks inside
// the citizen's front door".
const FrontDoorExclusion = "hoveddør"

// Goal is one of the citizen's goals.
type Goal struct {
	ID   int64
	Text string
}

// GoalScore is the progress on a goal given at a session.
type GoalScore struct {
	GoalID   int64
	GoalText string
	Score    int
}

// Amendment is a change made to a session after the correction window.
type Amendment struct {
	AuthorName string
	Reason     string
	Changes    string
	CreatedAt  time.Time
}

// Session is one logged conversation or activity (samtale/aktivitet).
type Session struct {
	ID                int64
	GrantID           int64
	Function          Function
	BudgetName        string
	CitizenID         int64
	CitizenName       string
	AuthorID          int64
	AuthorName        string
	OccurredOn        Date
	StartTime         string // 14:30
	Minutes           int
	Form              string
	Contact           string
	Place             string
	EverydayCoping    bool
	OutsideFrame      bool // everyday coping outside any agreed window: "uden for aftalt ramme"
	HomeJustification string
	HomeFlag          bool
	Direction         string
	Note              string
	Tasks             []Item
	Scores            []GoalScore
	DiscardedAt       *time.Time
	DiscardReason     string
	Version           int
	CreatedAt         time.Time
	UpdatedAt         time.Time
	Amendments        []Amendment
}

// Discarded reports whether the session was kasseret.
func (s Session) Discarded() bool { return s.DiscardedAt != nil }

// CorrectableBy reports whether user may still correct s directly.
func (s Session) CorrectableBy(userID int64, now time.Time) bool {
	return s.AuthorID == userID && !s.Discarded() && now.Sub(s.CreatedAt) <= CorrectionWindow
}

// SessionInput is a session as the mentor typed it.
type SessionInput struct {
	GrantID           int64
	OccurredOn        Date
	StartTime         string
	Minutes           int
	Form              string
	Contact           string
	Place             string
	EverydayCoping    bool
	HomeJustification string
	Direction         string
	Note              string
	Tasks             []string      // texts of the grant's current tasks
	Scores            map[int64]int // goal id → score
	Version           int           // for corrections
	AmendReason       string        // for amendments after the window
	FormToken         string        // the create form's one-time token (see AlreadySaved)
}

var clockPattern = regexp.MustCompile(`^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$`)

// NormalizeClock turns "9.05" or "09:05" into "09:05"; ok is false for
// anything that is not a time of day.
func NormalizeClock(s string) (string, bool) {
	m := clockPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	h := m[1]
	if len(h) == 1 {
		h = "0" + h
	}
	return h + ":" + m[2], true
}

// ValidateSession checks a session against its grant: the date inside the
// grant's period and not in the future, 5–600 minutes, known choices, only
// the grant's tasks, scores on the grant's goals within the scale, and a
// justification for work in the home when the grant excludes it. It
// returns whether the session must carry the home flag.
func ValidateSession(in *SessionInput, g Grant, goals []Goal, today Date, scaleMax int, v Validation) (homeFlag bool, err error) {
	in.Note, in.HomeJustification = strings.TrimSpace(in.Note), strings.TrimSpace(in.HomeJustification)
	if _, bad := v["occurred_on"]; !bad {
		switch {
		case in.OccurredOn.IsZero():
			v.Add("occurred_on", "Skriv datoen.")
		case in.OccurredOn.After(today):
			v.Add("occurred_on", "Datoen kan ikke ligge i fremtiden.")
		case in.OccurredOn.Before(EarliestDate(today)):
			v.DateWithin("occurred_on", in.OccurredOn, EarliestDate(today), today)
		case in.OccurredOn.Before(g.Start):
			v.Add("occurred_on", "Datoen ligger før bevillingen startede ("+FormatDate(g.Start)+").")
		case g.EndedOn != nil && in.OccurredOn.After(*g.EndedOn):
			v.Add("occurred_on", "Datoen ligger efter bevillingen blev afsluttet ("+FormatDate(*g.EndedOn)+").")
		case g.End != nil && in.OccurredOn.After(*g.End):
			v.Add("occurred_on", "Datoen ligger efter bevillingens slutdato ("+FormatDate(*g.End)+").")
		}
	}
	if clock, ok := NormalizeClock(in.StartTime); ok {
		in.StartTime = clock
	} else {
		v.Add("start_time", "Skriv klokkeslættet som tt:mm, fx 09:30.")
	}
	if _, bad := v["minutes"]; !bad && (in.Minutes < 5 || in.Minutes > 600) {
		v.Add("minutes", "Varigheden skal være 5–600 minutter (leveret tid, uden transport).")
	}
	if !validOption(SessionForms, in.Form) {
		v.Add("form", "Vælg form.")
	}
	if !validOption(ContactKinds, in.Contact) {
		v.Add("contact", "Vælg om der var kontakt.")
	}
	if !validOption(Places, in.Place) {
		v.Add("place", "Vælg sted.")
	}
	if !validOption(Directions, in.Direction) {
		v.Add("direction", "Vælg retning i forhold til arbejdsmarkedet.")
	}
	grantTasks := make([]string, len(g.Tasks))
	for i, t := range g.Tasks {
		grantTasks[i] = t.Text
	}
	var tasks []string
	for _, t := range in.Tasks {
		if !slices.Contains(grantTasks, t) {
			v.Add("tasks", "Vælg kun blandt bevillingens opgaver.")
			break
		}
		if !slices.Contains(tasks, t) {
			tasks = append(tasks, t)
		}
	}
	in.Tasks = tasks
	for id, score := range in.Scores {
		if !slices.ContainsFunc(goals, func(gl Goal) bool { return gl.ID == id }) {
			v.Add("scores", "Vælg kun blandt bevillingens mål.")
			break
		}
		if score < 1 || score > scaleMax {
			v.Add("scores", "Fremskridt gives på en skala fra 1 til "+strconv.Itoa(scaleMax)+".")
			break
		}
	}
	if in.Place == "i_hjemmet" && g.Excludes(FrontDoorExclusion) {
		homeFlag = true
		if in.HomeJustification == "" {
			v.Add("home_justification", "Bevillingen udelukker opgaver inden for borgerens hoveddør. Begrund hvorfor samtalen foregik i hjemmet.")
		}
	}
	v.Text("note", in.Note, MaxLongText)
	v.Text("home_justification", in.HomeJustification, MaxLongText)
	v.Text("amend_reason", in.AmendReason, MaxLongText)
	return homeFlag, v.Err()
}

// SessionFilter selects sessions.
type SessionFilter struct {
	CitizenID *int64
	GrantID   *int64
	AuthorID  *int64
	Limit     int
}

// Delivered is delivered time on a grant in a period, against granted.
type Delivered struct {
	GrantID      int64
	GrantedHours float64 // per week
	WeekMinutes  int
	MonthMinutes int
}

// WeekHours and MonthHours are delivered minutes as hours.
func (d Delivered) WeekHours() float64  { return float64(d.WeekMinutes) / 60 }
func (d Delivered) MonthHours() float64 { return float64(d.MonthMinutes) / 60 }

// ProgressPoint is one score on a goal.
type ProgressPoint struct {
	GoalID   int64
	GoalText string
	On       Date
	Score    int
}
