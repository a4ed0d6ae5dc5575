package domain

import (
	"strconv"
	"strings"
	"time"
)

// Coping window statuses.
const (
	CopingRequested = "anmodet"
	CopingOpen      = "aaben"
	CopingMet       = "afsluttet" // Afsluttet – behovet er dækket
	CopingConverted = "omlagt"    // Behovet er vedvarende – bevilget SEL § 85
	CopingRejected  = "afvist"
)

// CopingWindow is a limited period in which the mentor may support
// everyday-coping tasks (hverdagsmestringsperiode).
type CopingWindow struct {
	ID             int64
	CitizenID      int64
	CitizenName    string
	GrantID        int64
	PersonName     string
	Status         string
	RequestedBy    string
	RequestedAt    *time.Time
	RequestNeed    string
	Start          *Date
	Expires        *Date
	Need           string
	RepeatReason   string
	DecisionNote   string
	DecidedByName  string
	DecidedAt      *time.Time
	SwitchID       *int64
	CopingSessions int // everyday-coping sessions inside the window
}

// CopingExpiry is the last day of a window starting on start: the same day
// months later, or that month's last day (15.01 → 15.02, 31.01 → 28.02 or
// 29.02, 30.11 → 30.12).
func CopingExpiry(start Date, months int) Date { return AddMonthsClamped(start, months) }

// DaysLeft is the days from today to the expiry, inclusive of neither
// (0 on the expiry day; negative when overdue).
func (w CopingWindow) DaysLeft(today Date) int {
	if w.Expires == nil {
		return 0
	}
	return int(w.Expires.Sub(today).Hours() / 24)
}

// Overdue reports whether an open window is past its expiry without a decision.
func (w CopingWindow) Overdue(today Date) bool {
	return w.Status == CopingOpen && w.Expires != nil && today.After(*w.Expires)
}

// DaysOverdue is how many days past the expiry an open window is.
func (w CopingWindow) DaysOverdue(today Date) int {
	if !w.Overdue(today) {
		return 0
	}
	return -w.DaysLeft(today)
}

// Covers reports whether day is inside the window.
func (w CopingWindow) Covers(day Date) bool {
	return w.Start != nil && w.Expires != nil && !day.Before(*w.Start) && !day.After(*w.Expires)
}

// StatusLabel is the window's state as shown on day.
func (w CopingWindow) StatusLabel(today Date) string {
	switch w.Status {
	case CopingRequested:
		return "Anmodet af mentor"
	case CopingOpen:
		if w.Overdue(today) {
			return "Overskredet – mangler afgørelse"
		}
		return "Åben"
	case CopingMet:
		return "Afsluttet – behovet er dækket"
	case CopingConverted:
		return "Behovet er vedvarende – bevilget SEL § 85"
	case CopingRejected:
		return "Anmodning afvist"
	}
	return w.Status
}

// CopingLateDays is how long after a LAB grant's last day a window on it can
// still be registered: a window agreed while the grant ran may be recorded
// after it ended (the same 30 days a mentor keeps reading an ended grant).
const CopingLateDays = 30

// CopingGrants are the LAB mentor grants a coping window can be registered
// on, seen from today: those active (Grant.Active) on some day from
// CopingLateDays days ago up to today, in the order given.
func CopingGrants(grants []Grant, today Date) []Grant {
	from := today.AddDate(0, 0, -CopingLateDays)
	var out []Grant
	for _, g := range grants {
		// The first day of the span the grant may be active on.
		day := from
		if g.Start.After(from) {
			day = g.Start
		}
		if g.Function == FunctionMentor && !day.After(today) && g.Active(day) {
			out = append(out, g)
		}
	}
	return out
}

// CopingGrantOn is the grant a window starting on start belongs to: the
// first of grants active on that day (Grant.Active).
func CopingGrantOn(grants []Grant, start Date) (Grant, bool) {
	for _, g := range grants {
		if g.Active(start) {
			return g, true
		}
	}
	return Grant{}, false
}

// CopingStartInput starts a window (from a request or directly).
type CopingStartInput struct {
	GrantID      int64
	RequestID    *int64
	Start        Date
	Need         string
	RepeatReason string
	FormToken    string // the create form's one-time token (see AlreadySaved)
}

// ValidateCopingStart checks a new window: an active LAB grant on the start
// day, a described need, and a reason when the last window started less
// than repeatMonths before (a recurring need suggests § 85).
func ValidateCopingStart(in *CopingStartInput, g Grant, lastStart *Date, repeatMonths int, today Date, v Validation) error {
	in.Need, in.RepeatReason = strings.TrimSpace(in.Need), strings.TrimSpace(in.RepeatReason)
	if g.Function != FunctionMentor {
		v.Add("grant_id", "En hverdagsmestringsperiode hører til en aktiv mentorbevilling efter LAB.")
	}
	if _, bad := v["start"]; !bad {
		switch {
		case in.Start.IsZero():
			v.Add("start", "Skriv startdatoen.")
		case !v.DateWithin("start", in.Start, EarliestDate(today), LatestDate(today)):
		case !g.Active(in.Start):
			v.Add("start", "Borgeren havde ingen aktiv mentorbevilling på startdatoen. Perioden skal starte, mens en mentorbevilling efter LAB er aktiv.")
		}
	}
	if in.Need == "" {
		v.Add("need", "Beskriv behovet for støtte til hverdagsmestring.")
	} else {
		v.Text("need", in.Need, MaxLongText)
	}
	v.Text("repeat_reason", in.RepeatReason, MaxLongText)
	if lastStart != nil && !in.Start.IsZero() && in.Start.Before(AddMonthsClamped(*lastStart, repeatMonths)) && in.RepeatReason == "" {
		v.Add("repeat_reason", "Borgeren havde en periode, der startede "+FormatDate(*lastStart)+
			". Begrund en ny periode inden for "+strconv.Itoa(repeatMonths)+" måneder – et vedvarende behov taler for en støttekontaktperson efter § 85.")
	}
	return v.Err()
}

// CopingFilter selects windows.
type CopingFilter struct {
	CitizenID    *int64
	CaseworkerID *int64 // the responsible caseworker's citizens
	PersonID     *int64 // the grant's person (mentor)
	Statuses     []string
}

// CostRow is delivered time and cost for one budget in one month.
type CostRow struct {
	Month   Date // first day of the month
	Budget  string
	Minutes int
	Cost    float64
}
