package postgres

import (
	"context"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
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
	FlagSupervision  = "supervision"
)

// Flags lists the citizen flags (supervision is a mentor flag).
var Flags = []string{FlagCoping, FlagGrantEnd, FlagReview, FlagNoContact, FlagFading, FlagOutsideFrame, FlagConcerns}

// FlagSettings are the attention thresholds (settings, with defaults).
type FlagSettings struct {
	CopingDays, GrantEndDays, NoContactDays, SEL85OnlyDays, DirectionSessions, SupervisionWeeks, UnderdeliveryPercent int
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
}

// FlagSettings reads the thresholds.
func (db *DB) FlagSettings(ctx context.Context) FlagSettings {
	v := make([]int, len(FlagSettingKeys))
	for i, k := range FlagSettingKeys {
		v[i] = db.intSetting(ctx, k.Key, k.Def, k.Min, k.Max)
	}
	return FlagSettings{v[0], v[1], v[2], v[3], v[4], v[5], v[6]}
}

// FlaggedCitizen is one citizen–mentor pair with the flags it raises.
type FlaggedCitizen struct {
	CitizenID    int64
	CitizenName  string
	PersonID     int64
	PersonName   string
	CaseworkerID *int64
	Functions    []domain.Function
	HoursPerWeek float64
	Flags        map[string]bool
}

// flaggedCitizens computes every flag for every citizen with an active
// grant, per person holding it, in one set-based query.
func (db *DB) flaggedCitizens(ctx context.Context, today domain.Date, fs FlagSettings) ([]FlaggedCitizen, error) {
	rows, err := db.Pool.Query(ctx, `
		WITH active AS (
			SELECT g.* FROM grants g
			WHERE g.status IN ('bevilget', 'afsluttet') AND g.start_date <= $1 AND COALESCE(g.ended_on, g.end_date, $1) >= $1
		),
		pairs AS (
			SELECT a.citizen_id, a.person_id, array_agg(DISTINCT a.function) AS fns, sum(a.hours_per_week)::float8 AS hours,
			       min(a.start_date) AS since,
			       bool_or(a.end_date BETWEEN $1 AND $1::date + $2::int) AS ending,
			       bool_or(a.review_date <= $1 OR a.follow_up_date <= $1) AS review
			FROM active a GROUP BY a.citizen_id, a.person_id
		),
		citizen_fns AS (
			SELECT citizen_id, bool_or(function = 'mentor') AS has_mentor,
			       min(start_date) FILTER (WHERE function = 'stoettekontaktperson') AS sel_since
			FROM active GROUP BY citizen_id
		),
		last_contact AS (
			SELECT citizen_id, max(occurred_on) AS d FROM mentor_sessions
			WHERE discarded_at IS NULL AND contact = 'kontakt' AND citizen_id IN (SELECT citizen_id FROM active)
			GROUP BY citizen_id
		),
		ranked AS (
			SELECT citizen_id, direction,
			       row_number() OVER (PARTITION BY citizen_id ORDER BY occurred_on DESC, start_time DESC, id DESC) AS rn
			FROM mentor_sessions
			WHERE discarded_at IS NULL AND citizen_id IN (SELECT citizen_id FROM active)
			  AND occurred_on >= $1::date - 365
		),
		dir AS (
			SELECT citizen_id, count(*) AS n, count(*) FILTER (WHERE direction = 'mod') AS toward
			FROM ranked WHERE rn <= $3 GROUP BY citizen_id
		),
		coping AS (
			SELECT DISTINCT citizen_id FROM coping_windows
			WHERE status = 'aaben' AND expires_on <= $1::date + $4::int
		),
		outside AS (
			SELECT DISTINCT s.citizen_id FROM mentor_sessions s
			WHERE s.everyday_coping AND s.discarded_at IS NULL AND s.occurred_on >= $1::date - 90
			  AND s.citizen_id IN (SELECT citizen_id FROM active)
			  AND NOT EXISTS (SELECT 1 FROM coping_windows w WHERE w.citizen_id = s.citizen_id AND w.start_on IS NOT NULL
			                  AND s.occurred_on BETWEEN w.start_on AND w.expires_on)
		),
		open_concerns AS (
			SELECT DISTINCT citizen_id FROM concerns WHERE status <> 'afsluttet'
		)
		SELECT p.citizen_id, c.name, p.person_id, u.display_name, c.caseworker_id, p.fns, p.hours,
		       coping.citizen_id IS NOT NULL,
		       COALESCE(p.ending, false),
		       COALESCE(p.review, false),
		       p.since < $1::date - $5::int AND (lc.d IS NULL OR lc.d < $1::date - $5::int),
		       (NOT cf.has_mentor AND cf.sel_since < $1::date - $6::int) OR (COALESCE(dir.n, 0) >= $3 AND dir.toward = 0),
		       outside.citizen_id IS NOT NULL,
		       open_concerns.citizen_id IS NOT NULL
		FROM pairs p
		JOIN citizens c ON c.id = p.citizen_id
		JOIN users u ON u.id = p.person_id
		JOIN citizen_fns cf ON cf.citizen_id = p.citizen_id
		LEFT JOIN last_contact lc ON lc.citizen_id = p.citizen_id
		LEFT JOIN dir ON dir.citizen_id = p.citizen_id
		LEFT JOIN coping ON coping.citizen_id = p.citizen_id
		LEFT JOIN outside ON outside.citizen_id = p.citizen_id
		LEFT JOIN open_concerns ON open_concerns.citizen_id = p.citizen_id
		ORDER BY c.name`,
		today, fs.GrantEndDays, fs.DirectionSessions, fs.CopingDays, fs.NoContactDays, fs.SEL85OnlyDays)
	if err != nil {
		return nil, fmt.Errorf("caseload flags: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (FlaggedCitizen, error) {
		var f FlaggedCitizen
		var fns []string
		var b [7]bool
		err := r.Scan(&f.CitizenID, &f.CitizenName, &f.PersonID, &f.PersonName, &f.CaseworkerID, &fns, &f.HoursPerWeek,
			&b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &b[6])
		for _, fn := range fns {
			f.Functions = append(f.Functions, domain.Function(fn))
		}
		f.Flags = map[string]bool{}
		for i, k := range Flags {
			if b[i] {
				f.Flags[k] = true
			}
		}
		return f, err
	})
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
	LastSupervision *domain.Date
	Flags           map[string]int
}

// DeliveredPercent is delivered vs granted over the last 4 weeks.
func (m MentorLoad) DeliveredPercent() int {
	if m.Granted4w <= 0 {
		return 0
	}
	return int(m.Delivered4w/m.Granted4w*100 + 0.5)
}

// CaseloadFilter selects the team page.
type CaseloadFilter struct {
	TeamID       *int64
	CaseworkerID *int64 // a caseworker's own citizens (work queues)
}

// TeamCaseload returns one row per mentor with counts, hours, delivery and
// flag counts, and the flagged pairs behind them: three set-based queries,
// whatever the number of mentors.
func (db *DB) TeamCaseload(ctx context.Context, f CaseloadFilter) ([]MentorLoad, []FlaggedCitizen, FlagSettings, error) {
	today := domain.DateOf(db.now())
	fs := db.FlagSettings(ctx)
	pairs, err := db.flaggedCitizens(ctx, today, fs)
	if err != nil {
		return nil, nil, fs, err
	}
	// The same 28 whole days as the delivery follow-up (ending yesterday).
	from, to := DeliveryWindow(today)
	rows, err := db.Pool.Query(ctx, `
		SELECT u.id, u.display_name, u.team_id, COALESCE(t.name, ''), COALESCE(p.capacity_hours, 0)::float8,
		       COALESCE((SELECT sum(s.minutes) FROM mentor_sessions s JOIN grants g ON g.id = s.grant_id
		         WHERE s.author_id = u.id AND g.person_id = u.id AND s.discarded_at IS NULL
		           AND s.occurred_on BETWEEN $2 AND $3), 0)::float8 / 60,
		       COALESCE((SELECT sum(g.hours_per_week * (LEAST(COALESCE(g.ended_on, g.end_date, $3::date), $3::date)
		                    - GREATEST(g.start_date, $2::date) + 1)::float8 / 7)
		         FROM grants g WHERE g.person_id = u.id AND g.status IN ('bevilget', 'afsluttet')
		           AND g.start_date <= $3 AND COALESCE(g.ended_on, g.end_date, $3::date) >= $2), 0)::float8
		FROM users u
		LEFT JOIN teams t ON t.id = u.team_id
		LEFT JOIN mentor_profiles p ON p.user_id = u.id
		WHERE u.active AND 'mentor' = ANY (u.roles) AND ($1::bigint IS NULL OR u.team_id = $1)
		ORDER BY u.display_name`, f.TeamID, from, to)
	if err != nil {
		return nil, nil, fs, fmt.Errorf("team caseload: %w", err)
	}
	mentors, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (MentorLoad, error) {
		var m MentorLoad
		err := r.Scan(&m.UserID, &m.Name, &m.TeamID, &m.TeamName, &m.Capacity, &m.Delivered4w, &m.Granted4w)
		m.Flags = map[string]int{}
		return m, err
	})
	if err != nil {
		return nil, nil, fs, fmt.Errorf("team caseload: %w", err)
	}
	index := map[int64]int{}
	for i, m := range mentors {
		index[m.UserID] = i
	}
	var kept []FlaggedCitizen
	for _, p := range pairs {
		if f.CaseworkerID != nil && (p.CaseworkerID == nil || *p.CaseworkerID != *f.CaseworkerID) {
			continue
		}
		i, ok := index[p.PersonID]
		if !ok && f.CaseworkerID == nil {
			continue // another team's mentor
		}
		kept = append(kept, p)
		if !ok {
			continue
		}
		m := &mentors[i]
		m.Citizens++
		m.GrantedHours += p.HoursPerWeek
		switch {
		case len(p.Functions) == 2:
			m.Parallel++
		case p.Functions[0] == domain.FunctionMentor:
			m.LAB++
		default:
			m.SEL85++
		}
		for k := range p.Flags {
			m.Flags[k]++
		}
	}
	last, err := db.LastSupervisions(ctx)
	if err != nil {
		return nil, nil, fs, err
	}
	for i := range mentors {
		day, ok := last[mentors[i].UserID]
		if ok {
			d := domain.DateOf(day)
			mentors[i].LastSupervision = &d
		}
		if SupervisionOverdue(day, ok, today, fs.SupervisionWeeks) {
			mentors[i].Flags[FlagSupervision] = 1
		}
	}
	return mentors, kept, fs, nil
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
