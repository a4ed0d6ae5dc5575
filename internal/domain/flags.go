package domain

import (
	"slices"
	"sort"
	"strconv"
)

// Attention flags, in the order shown.
const (
	FlagCoping       = "hverdagsmestring"
	FlagGrantEnd     = "bevilling-udloeber"
	FlagReview       = "revurdering"
	FlagNoContact    = "ingen-kontakt"
	FlagFading       = "beskaeftigelsesfokus"
	FlagOutsideFrame = "uden-for-ramme"
	FlagConcerns     = "bekymringer"
	FlagOverCapacity = "over-kapacitet"
	FlagSupervision  = "supervision"
)

// Flags lists the citizen flags.
var Flags = []string{FlagCoping, FlagGrantEnd, FlagReview, FlagNoContact, FlagFading, FlagOutsideFrame, FlagConcerns}

// MentorFlags lists the flags a mentor raises rather than a citizen: booked
// above their capacity, and no supervision for too long. Each counts 1.
var MentorFlags = []string{FlagOverCapacity, FlagSupervision}

// OverCapacity reports whether hours booked a week exceed the capacity. A
// capacity of 0 is "not set" (or "takes no new citizens"): never over it.
func OverCapacity(booked, capacity float64) bool { return capacity > 0 && booked > capacity }

// FlagSettings are the attention thresholds (settings, with defaults).
type FlagSettings struct {
	CopingDays, GrantEndDays, NoContactDays, SEL85OnlyDays, DirectionSessions, SupervisionWeeks, UnderdeliveryPercent int
	ProposalDays                                                                                                      int // a proposal unanswered for more days is flagged
}

// FlagSettingKeys maps each threshold to its setting and bounds.
var FlagSettingKeys = []struct {
	Key, Label    string
	Def, Min, Max int
}{
	{"flag_coping_days", "Hverdagsmestringsperiode udløber inden for (dage)", 7, 0, 60},
	{"flag_grant_end_days", "Bevilling udløber inden for (dage)", 30, 1, 180},
	{"flag_no_contact_days", "Ingen kontakt i (dage)", 14, 1, 90},
	{"flag_sel85_only_days", "Kun § 85 i mere end (dage)", 90, 1, 730},
	{"flag_direction_sessions", "Ingen samtale \"mod arbejdsmarkedet\" blandt de seneste (samtaler)", 5, 2, 20},
	{"flag_supervision_weeks", "Ingen supervision i (uger)", 8, 1, 52},
	{"flag_underdelivery_percent", "Underlevering: under (% af bevilget over 4 uger)", 50, 1, 100},
	{"flag_proposal_days", "Indstilling til Socialforvaltningen ubesvaret i mere end (dage)", 5, 1, 60},
}

// ParseFlagSettings reads the thresholds from the stored settings by key; a
// setting missing, unreadable or out of its bounds is its default.
func ParseFlagSettings(stored map[string]string) FlagSettings {
	v := make([]int, len(FlagSettingKeys))
	for i, k := range FlagSettingKeys {
		n, err := strconv.Atoi(stored[k.Key])
		if err != nil || n < k.Min || n > k.Max {
			n = k.Def
		}
		v[i] = n
	}
	return FlagSettings{CopingDays: v[0], GrantEndDays: v[1], NoContactDays: v[2], SEL85OnlyDays: v[3],
		DirectionSessions: v[4], SupervisionWeeks: v[5], UnderdeliveryPercent: v[6], ProposalDays: v[7]}
}

// FlaggedCitizen is one citizen–mentor pair with the flags it raises.
type FlaggedCitizen struct {
	CitizenID    int64
	CitizenName  string
	PersonID     int64
	PersonName   string
	CaseworkerID *int64
	Functions    []Function
	HoursPerWeek float64
	Flags        map[string]bool
}

// MentorLoad is one mentor's row on the team page.
type MentorLoad struct {
	UserID          int64
	Name            string
	TeamID          *int64
	TeamName        string
	Citizens        int
	LAB, SEL85      int
	Parallel        int
	GrantedHours    float64
	Capacity        float64
	Delivered4w     float64 // hours delivered by the mentor on their grants in the delivery window
	Granted4w       float64 // hours granted over the same 4 weeks
	LastSupervision *Date
	Flags           map[string]int
}

// OverCapacity reports whether the mentor's granted hours exceed their
// capacity (the over-kapacitet flag).
func (m MentorLoad) OverCapacity() bool { return OverCapacity(m.GrantedHours, m.Capacity) }

// DeliveredPercent is delivered vs granted over the last 4 weeks.
func (m MentorLoad) DeliveredPercent() int {
	if m.Granted4w <= 0 {
		return 0
	}
	return int(m.Delivered4w/m.Granted4w*100 + 0.5)
}

// SortMentors orders the team page by a column.
func SortMentors(ms []MentorLoad, by string) {
	less := map[string]func(a, b MentorLoad) bool{
		"borgere": func(a, b MentorLoad) bool { return a.Citizens > b.Citizens },
		"timer": func(a, b MentorLoad) bool {
			return a.GrantedHours/max(a.Capacity, 0.01) > b.GrantedHours/max(b.Capacity, 0.01)
		},
		"levering": func(a, b MentorLoad) bool { return a.DeliveredPercent() < b.DeliveredPercent() },
		"flag":     func(a, b MentorLoad) bool { return flagTotal(a) > flagTotal(b) },
	}[by]
	if less == nil {
		return
	}
	sort.SliceStable(ms, func(i, j int) bool { return less(ms[i], ms[j]) })
}

func flagTotal(m MentorLoad) int {
	n := 0
	for _, c := range m.Flags {
		n += c
	}
	return n
}

// RecentDirectionsKept is how many of a citizen's latest sessions the stored
// facts keep: the largest "last N sessions" the setting allows.
const RecentDirectionsKept = 20

// CitizenFacts are what the writes keep per citizen for the flags; none of
// them depends on the day, so they stay true until the next write.
type CitizenFacts struct {
	LastContact *Date // the latest session with contact
	// Of the last DirectionSessions sessions of the past year: how many
	// there are (at most DirectionSessions) and how many of them were "mod
	// arbejdsmarkedet". The store counts them from the latest sessions it
	// keeps (RecentDirectionsKept, the setting's largest value).
	Recent, RecentToward int
	LastOutsideCoping    *Date // the latest everyday-coping session outside every started window
	OpenWindowExpires    *Date // the expiry of the open coping window
	OpenConcerns         int   // concerns not yet closed
}

// FlagGrant is one active grant of a citizen as the flags read it.
type FlagGrant struct {
	PersonID     int64
	PersonName   string
	Function     Function
	HoursPerWeek float64
	Start        Date
	End          *Date // the planned end
	Review       Date
	FollowUp     *Date
	Shown        bool // held by a person the page shows (the team's mentors)
}

// FlagCitizen is a citizen in a caseload: who they are, the facts kept for
// them and their active grants on the day.
type FlagCitizen struct {
	ID           int64
	Name         string
	CaseworkerID *int64
	Facts        CitizenFacts
	Grants       []FlagGrant
}

// OutsideFrameDays is how long everyday coping logged outside a window keeps
// the citizen flagged (uden-for-ramme).
const OutsideFrameDays = 90

// FlagPairs gives one row per person holding the citizen's shown grants,
// in the order the grants come, with the flags each raises on the day:
//   - hverdagsmestring: the open coping window expires within CopingDays;
//   - bevilling-udloeber: one of the pair's grants ends within GrantEndDays;
//   - revurdering: a review or follow-up date has come;
//   - ingen-kontakt: the pair has run longer than NoContactDays and the
//     citizen has had no session with contact in that time;
//   - beskaeftigelsesfokus: only § 85 for more than SEL85OnlyDays, or none of
//     the last DirectionSessions sessions of the past year was "mod
//     arbejdsmarkedet" (when there are that many);
//   - uden-for-ramme: everyday coping outside a window in the last
//     OutsideFrameDays;
//   - bekymringer: an open concern.
func FlagPairs(today Date, fs FlagSettings, c FlagCitizen) []FlaggedCitizen {
	hasMentor := false
	var selSince *Date
	for _, g := range c.Grants {
		switch g.Function {
		case FunctionMentor:
			hasMentor = true
		case FunctionSupport:
			if selSince == nil || g.Start.Before(*selSince) {
				start := g.Start
				selSince = &start
			}
		}
	}
	f := c.Facts
	days := func(n int) Date { return today.AddDate(0, 0, n) }
	onOrAfter := func(d *Date, limit Date) bool { return d != nil && !d.Before(limit) }
	contact := onOrAfter(f.LastContact, days(-fs.NoContactDays))
	fading := (!hasMentor && selSince != nil && selSince.Before(days(-fs.SEL85OnlyDays))) ||
		(f.Recent >= fs.DirectionSessions && f.RecentToward == 0)
	citizenFlags := map[string]bool{
		FlagCoping:       f.OpenWindowExpires != nil && !f.OpenWindowExpires.After(days(fs.CopingDays)),
		FlagFading:       fading,
		FlagOutsideFrame: onOrAfter(f.LastOutsideCoping, days(-OutsideFrameDays)),
		FlagConcerns:     f.OpenConcerns > 0,
	}

	var out []FlaggedCitizen
	index := map[int64]int{}
	since := map[int64]Date{}
	for _, g := range c.Grants {
		if !g.Shown {
			continue
		}
		i, ok := index[g.PersonID]
		if !ok {
			i = len(out)
			index[g.PersonID] = i
			out = append(out, FlaggedCitizen{CitizenID: c.ID, CitizenName: c.Name, PersonID: g.PersonID,
				PersonName: g.PersonName, CaseworkerID: c.CaseworkerID, Flags: map[string]bool{}})
			since[g.PersonID] = g.Start
		}
		p := &out[i]
		if !slices.Contains(p.Functions, g.Function) {
			p.Functions = append(p.Functions, g.Function)
			slices.Sort(p.Functions)
		}
		p.HoursPerWeek += g.HoursPerWeek
		if g.Start.Before(since[g.PersonID]) {
			since[g.PersonID] = g.Start
		}
		if g.End != nil && !g.End.Before(today) && !g.End.After(days(fs.GrantEndDays)) {
			p.Flags[FlagGrantEnd] = true
		}
		if !g.Review.After(today) || (g.FollowUp != nil && !g.FollowUp.After(today)) {
			p.Flags[FlagReview] = true
		}
	}
	for i := range out {
		p := &out[i]
		for k, v := range citizenFlags {
			if v {
				p.Flags[k] = true
			}
		}
		if since[p.PersonID].Before(days(-fs.NoContactDays)) && !contact {
			p.Flags[FlagNoContact] = true
		}
	}
	return out
}
