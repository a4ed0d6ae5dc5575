package postgres

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

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

// FlagSettings reads the thresholds, in one query: a missing, unreadable
// or out-of-bounds value gives the default.
func (db *DB) FlagSettings(ctx context.Context) FlagSettings {
	keys := make([]string, len(FlagSettingKeys))
	for i, k := range FlagSettingKeys {
		keys[i] = k.Key
	}
	stored := map[string]string{}
	if rows, err := db.Pool.Query(ctx, `SELECT key, value FROM settings WHERE key = ANY ($1)`, keys); err == nil {
		for rows.Next() {
			var k, v string
			if rows.Scan(&k, &v) == nil {
				stored[k] = v
			}
		}
		rows.Close()
	}
	v := make([]int, len(FlagSettingKeys))
	for i, k := range FlagSettingKeys {
		n, err := strconv.Atoi(stored[k.Key])
		if err != nil || n < k.Min || n > k.Max {
			n = k.Def
		}
		v[i] = n
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

// flaggedCitizens computes every flag for the citizen–person pairs a page
// shows, in one set-based query. The scope comes first: with a caseworker,
// that caseworker's citizens (every person holding their grants); otherwise
// the pairs held by the active mentors of the team (or of every team). Only
// then are the flags computed, per scoped citizen, each reading no more
// history than its rule needs (the contact window, the last year's
// directions, the last 90 days of everyday coping).
func (db *DB) flaggedCitizens(ctx context.Context, today domain.Date, fs FlagSettings, f CaseloadFilter) ([]FlaggedCitizen, error) {
	const activeGrant = `g.status IN ('bevilget', 'afsluttet') AND g.start_date <= $1 AND COALESCE(g.ended_on, g.end_date, 'infinity') >= $1`
	// The scope first, as a list of citizens with an active grant: the plan
	// of the flag query then follows their number, not the municipality's.
	scopeActive := strings.ReplaceAll(activeGrant, "$1", "$2::date")
	mentors := `SELECT u.id FROM users u WHERE u.active AND 'mentor' = ANY (u.roles) AND ($1::bigint IS NULL OR u.team_id = $1)`
	scope := `SELECT DISTINCT g.citizen_id FROM grants g WHERE g.person_id IN (` + mentors + `) AND ` + scopeActive
	scopeID := f.TeamID
	if f.CaseworkerID != nil {
		scope = `SELECT DISTINCT g.citizen_id FROM citizens c JOIN grants g ON g.citizen_id = c.id
			WHERE c.caseworker_id = $1 AND ` + scopeActive
		scopeID = f.CaseworkerID
	}
	rows, err := db.Pool.Query(ctx, scope, scopeID, today)
	if err != nil {
		return nil, fmt.Errorf("caseload scope: %w", err)
	}
	citizens, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("caseload scope: %w", err)
	}
	// A caseworker sees every person holding their citizens' grants; a team
	// only the pairs its mentors hold.
	args := []any{today, fs.GrantEndDays, fs.DirectionSessions, fs.CopingDays, fs.NoContactDays, fs.SEL85OnlyDays, citizens}
	pairScope := `true`
	if f.CaseworkerID == nil {
		pairScope = `a.person_id IN (` + strings.ReplaceAll(mentors, "$1", "$8") + `)`
		args = append(args, f.TeamID)
	}
	rows, err = db.Pool.Query(ctx, `
		WITH active AS (
			SELECT g.* FROM grants g WHERE g.citizen_id = ANY ($7::bigint[]) AND `+activeGrant+`
		),
		pairs AS (
			SELECT a.citizen_id, a.person_id, array_agg(DISTINCT a.function) AS fns, sum(a.hours_per_week)::float8 AS hours,
			       min(a.start_date) AS since,
			       bool_or(a.end_date BETWEEN $1 AND $1::date + $2::int) AS ending,
			       bool_or(a.review_date <= $1 OR a.follow_up_date <= $1) AS review
			FROM active a WHERE `+pairScope+` GROUP BY a.citizen_id, a.person_id
		),
		citizen_fns AS (
			SELECT citizen_id, bool_or(function = 'mentor') AS has_mentor,
			       min(start_date) FILTER (WHERE function = 'stoettekontaktperson') AS sel_since
			FROM active WHERE citizen_id IN (SELECT citizen_id FROM pairs) GROUP BY citizen_id
		),
		facts AS (
			SELECT cf.*,
			       EXISTS (SELECT 1 FROM mentor_sessions s WHERE s.citizen_id = cf.citizen_id AND s.discarded_at IS NULL
			               AND s.contact = 'kontakt' AND s.occurred_on >= $1::date - $5::int) AS contact,
			       dir.n, dir.toward,
			       EXISTS (SELECT 1 FROM coping_windows w WHERE w.citizen_id = cf.citizen_id AND w.status = 'aaben'
			               AND w.expires_on <= $1::date + $4::int) AS coping,
			       EXISTS (SELECT 1 FROM mentor_sessions s WHERE s.citizen_id = cf.citizen_id AND s.everyday_coping
			               AND s.discarded_at IS NULL AND s.occurred_on >= $1::date - 90
			               AND NOT EXISTS (SELECT 1 FROM coping_windows w WHERE w.citizen_id = s.citizen_id AND w.start_on IS NOT NULL
			                               AND s.occurred_on BETWEEN w.start_on AND w.expires_on)) AS outside,
			       EXISTS (SELECT 1 FROM concerns k WHERE k.citizen_id = cf.citizen_id AND k.status <> 'afsluttet') AS concerns
			FROM citizen_fns cf
			CROSS JOIN LATERAL (
				SELECT count(*) AS n, count(*) FILTER (WHERE r.direction = 'mod') AS toward
				FROM (SELECT s.direction FROM mentor_sessions s
				      WHERE s.citizen_id = cf.citizen_id AND s.discarded_at IS NULL AND s.occurred_on >= $1::date - 365
				      ORDER BY s.occurred_on DESC, s.start_time DESC, s.id DESC LIMIT $3) r
			) dir
		)
		SELECT p.citizen_id, c.name, p.person_id, u.display_name, c.caseworker_id, p.fns, p.hours,
		       x.coping,
		       COALESCE(p.ending, false),
		       COALESCE(p.review, false),
		       p.since < $1::date - $5::int AND NOT x.contact,
		       (NOT x.has_mentor AND x.sel_since < $1::date - $6::int) OR (x.n >= $3 AND x.toward = 0),
		       x.outside,
		       x.concerns
		FROM pairs p
		JOIN citizens c ON c.id = p.citizen_id
		JOIN users u ON u.id = p.person_id
		JOIN facts x ON x.citizen_id = p.citizen_id
		ORDER BY c.name, c.id, u.display_name, p.person_id`, args...)
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
// whatever the number of mentors. With a caseworker, the pairs are the
// caseworker's citizens and the mentors only those holding them.
func (db *DB) TeamCaseload(ctx context.Context, f CaseloadFilter) ([]MentorLoad, []FlaggedCitizen, FlagSettings, error) {
	today := domain.DateOf(db.now())
	fs := db.FlagSettings(ctx)
	pairs, err := db.flaggedCitizens(ctx, today, fs, f)
	if err != nil {
		return nil, nil, fs, err
	}
	// With a caseworker, only the mentors of the caseworker's citizens.
	var persons []int64
	if f.CaseworkerID != nil {
		persons = []int64{}
		for _, p := range pairs {
			persons = append(persons, p.PersonID)
		}
	}
	// The same 28 whole days as the delivery follow-up (ending yesterday).
	from, to := DeliveryWindow(today)
	rows, err := db.Pool.Query(ctx, `
		SELECT u.id, u.display_name, u.team_id, COALESCE(t.name, ''), COALESCE(p.capacity_hours, 0)::float8,
		       COALESCE((SELECT sum(s.minutes) FROM mentor_sessions s
		         WHERE s.author_id = u.id AND s.discarded_at IS NULL AND s.occurred_on BETWEEN $2 AND $3
		           -- the mentor's grants as an array, read once per mentor: the
		           -- sessions then come from the author index alone, with no
		           -- look-up of a grant per session
		           AND s.grant_id = ANY (ARRAY(SELECT g.id FROM grants g WHERE g.person_id = u.id))), 0)::float8 / 60,
		       COALESCE((SELECT sum(g.hours_per_week * (LEAST(COALESCE(g.ended_on, g.end_date, $3::date), $3::date)
		                    - GREATEST(g.start_date, $2::date) + 1)::float8 / 7)
		         FROM grants g WHERE g.person_id = u.id AND g.status IN ('bevilget', 'afsluttet')
		           AND g.start_date <= $3 AND COALESCE(g.ended_on, g.end_date, 'infinity') >= $2), 0)::float8
		FROM users u
		LEFT JOIN teams t ON t.id = u.team_id
		LEFT JOIN mentor_profiles p ON p.user_id = u.id
		WHERE u.active AND 'mentor' = ANY (u.roles) AND ($1::bigint IS NULL OR u.team_id = $1)
		  AND ($4::bigint[] IS NULL OR u.id = ANY ($4))
		ORDER BY u.display_name`, f.TeamID, from, to, persons)
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
	ids := make([]int64, len(mentors))
	for i := range mentors {
		ids[i] = mentors[i].UserID
	}
	last, err := db.LastSupervisions(ctx, ids)
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

// WorkQueue returns a caseworker's citizens with an active grant, one row
// per citizen and person holding their grants, with the flags each raises,
// and the thresholds. The work queue shows no mentor rows, so, unlike
// TeamCaseload with a caseworker, it reads none.
func (db *DB) WorkQueue(ctx context.Context, caseworkerID int64) ([]FlaggedCitizen, FlagSettings, error) {
	fs := db.FlagSettings(ctx)
	pairs, err := db.flaggedCitizens(ctx, domain.DateOf(db.now()), fs, CaseloadFilter{CaseworkerID: &caseworkerID})
	if err != nil {
		return nil, fs, err
	}
	kept := pairs[:0]
	for _, p := range pairs {
		if p.CaseworkerID != nil && *p.CaseworkerID == caseworkerID {
			kept = append(kept, p)
		}
	}
	return kept, fs, nil
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
