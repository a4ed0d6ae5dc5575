package postgres

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// FlagSettings reads the thresholds, in one query: a missing, unreadable
// or out-of-bounds value gives the default.
func (db *DB) FlagSettings(ctx context.Context) (domain.FlagSettings, error) {
	keys := make([]string, len(domain.FlagSettingKeys))
	for i, k := range domain.FlagSettingKeys {
		keys[i] = k.Key
	}
	rows, err := db.Pool.Query(ctx, `SELECT key, value FROM settings WHERE key = ANY ($1)`, keys)
	if err != nil {
		return domain.FlagSettings{}, fmt.Errorf("flag settings: %w", err)
	}
	stored := map[string]string{}
	var k, v string
	if _, err := pgx.ForEachRow(rows, []any{&k, &v}, func() error {
		stored[k] = v
		return nil
	}); err != nil {
		return domain.FlagSettings{}, fmt.Errorf("flag settings: %w", err)
	}
	return domain.ParseFlagSettings(stored), nil
}

// flaggedCitizens reads the citizen–person pairs a page shows with what the
// flags need, in one query, and computes the flags in Go (domain.FlagPairs).
// The scope comes first, as an array the query reads by index: with a
// caseworker, that caseworker's citizens (every person holding their
// grants); otherwise the citizens of the active mentors of the team (or of
// every team), and only the pairs those mentors hold. Each citizen's facts
// come from citizen_facts, which the writes keep: no history is read.
func (db *DB) flaggedCitizens(ctx context.Context, today domain.Date, fs domain.FlagSettings, f domain.CaseloadFilter) ([]domain.FlaggedCitizen, error) {
	const activeGrant = `grant_active(g.status, g.start_date, g.end_date, g.ended_on, $1)`
	// The team is written into the query only when there is one: a plan
	// prepared once must not have to serve both "one team" and "all".
	shown := `u.active AND 'mentor' = ANY (u.roles)`
	if f.TeamID != nil {
		shown += ` AND u.team_id = $2`
	}
	mentors := `SELECT u.id FROM users u WHERE ` + shown
	scope := `SELECT g.citizen_id FROM grants g WHERE g.person_id IN (` + mentors + `) AND ` + activeGrant
	args := []any{today}
	if f.TeamID != nil {
		args = append(args, *f.TeamID)
	}
	if f.CaseworkerID != nil {
		// the caseworker's citizens whose grants span the day, from the
		// facts' index: not all of their citizens, most without a grant
		scope = `SELECT f.citizen_id FROM citizen_facts f WHERE f.caseworker_id = $2 AND f.grants_until >= $1 AND f.grants_from <= $1`
		shown = `true`
		args = []any{today, *f.CaseworkerID}
	}
	// ARRAY(scope) is computed once, and the grants are then read by the
	// citizen index: the plan follows the number of citizens in scope.
	rows, err := db.Pool.Query(ctx, `
		SELECT g.citizen_id, c.name, c.caseworker_id, g.person_id, u.display_name, g.function, g.hours_per_week::float8,
		       g.start_date, g.end_date, g.review_date, g.follow_up_date, `+shown+`,
		       f.last_contact_on, dir.n, dir.toward, f.last_outside_coping_on, f.open_window_expires_on,
		       COALESCE(f.open_concerns, 0)
		FROM grants g
		JOIN citizens c ON c.id = g.citizen_id
		JOIN users u ON u.id = g.person_id
		LEFT JOIN citizen_facts f ON f.citizen_id = g.citizen_id
		-- the last N sessions of the past year, counted here from the 20
		-- kept newest first (those inside the year come first)
		CROSS JOIN LATERAL (
			SELECT count(*)::int AS n, count(*) FILTER (WHERE r.toward)::int AS toward
			FROM (SELECT t.toward FROM unnest(f.recent_on, f.recent_toward) WITH ORDINALITY AS t(day, toward, i)
			      WHERE t.day >= $1::date - 365 ORDER BY t.i LIMIT `+strconv.Itoa(fs.DirectionSessions)+`) r
		) dir
		WHERE g.citizen_id = ANY (ARRAY(`+scope+`)) AND `+activeGrant+`
		ORDER BY c.name, c.id, u.display_name, g.person_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("caseload flags: %w", err)
	}
	defer rows.Close()
	var citizens []domain.FlagCitizen
	for rows.Next() {
		var c domain.FlagCitizen
		var g domain.FlagGrant
		if err := rows.Scan(&c.ID, &c.Name, &c.CaseworkerID, &g.PersonID, &g.PersonName, &g.Function, &g.HoursPerWeek,
			&g.Start, &g.End, &g.Review, &g.FollowUp, &g.Shown,
			&c.Facts.LastContact, &c.Facts.Recent, &c.Facts.RecentToward, &c.Facts.LastOutsideCoping, &c.Facts.OpenWindowExpires,
			&c.Facts.OpenConcerns); err != nil {
			return nil, fmt.Errorf("caseload flags: %w", err)
		}
		if n := len(citizens); n > 0 && citizens[n-1].ID == c.ID {
			citizens[n-1].Grants = append(citizens[n-1].Grants, g)
			continue
		}
		c.Grants = []domain.FlagGrant{g}
		citizens = append(citizens, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("caseload flags: %w", err)
	}
	var pairs []domain.FlaggedCitizen
	for _, c := range citizens {
		pairs = append(pairs, domain.FlagPairs(today, fs, c)...)
	}
	return pairs, nil
}

// TeamCaseload returns one row per mentor with counts, hours, delivery and
// flag counts, and the flagged pairs behind them: three set-based queries,
// whatever the number of mentors. With a caseworker, the pairs are the
// caseworker's citizens and the mentors only those holding them. The
// mentor flags (domain.MentorFlags) count 1 each: over capacity (the hours
// granted on the grants active today above the capacity, as the profile
// counts them) and supervision overdue.
func (db *DB) TeamCaseload(ctx context.Context, f domain.CaseloadFilter) ([]domain.MentorLoad, []domain.FlaggedCitizen, domain.FlagSettings, error) {
	today := domain.DateOf(db.now())
	fs, err := db.FlagSettings(ctx)
	if err != nil {
		return nil, nil, fs, err
	}
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
	from, to := domain.DeliveryWindow(today)
	// The team and the persons are written into the query only when given
	// (see flaggedCitizens).
	args, only := []any{from, to}, ""
	if f.TeamID != nil {
		args = append(args, *f.TeamID)
		only += fmt.Sprintf(" AND u.team_id = $%d", len(args))
	}
	if persons != nil {
		args = append(args, persons)
		only += fmt.Sprintf(" AND u.id = ANY ($%d)", len(args))
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT u.id, u.display_name, u.team_id, COALESCE(t.name, ''), COALESCE(p.capacity_hours, 0)::float8,
		       COALESCE((SELECT sum(s.minutes) FROM mentor_sessions s
		         WHERE s.author_id = u.id AND s.discarded_at IS NULL AND s.occurred_on BETWEEN $1 AND $2
		           -- the mentor's grants as an array, read once per mentor: the
		           -- sessions then come from the author index alone, with no
		           -- look-up of a grant per session
		           AND s.grant_id = ANY (ARRAY(SELECT g.id FROM grants g WHERE g.person_id = u.id))), 0)::float8 / 60,
		       COALESCE((SELECT sum(g.hours_per_week * (LEAST(COALESCE(g.ended_on, g.end_date, $2::date), $2::date)
		                    - GREATEST(g.start_date, $1::date) + 1)::float8 / 7)
		         FROM grants g WHERE g.person_id = u.id AND g.status IN ('bevilget', 'afsluttet')
		           AND g.start_date <= $2 AND COALESCE(g.ended_on, g.end_date, 'infinity') >= $1), 0)::float8
		FROM users u
		LEFT JOIN teams t ON t.id = u.team_id
		LEFT JOIN mentor_profiles p ON p.user_id = u.id
		WHERE u.active AND 'mentor' = ANY (u.roles) `+only+`
		ORDER BY u.display_name`, args...)
	if err != nil {
		return nil, nil, fs, fmt.Errorf("team caseload: %w", err)
	}
	mentors, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.MentorLoad, error) {
		var m domain.MentorLoad
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
	var kept []domain.FlaggedCitizen
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
		if domain.SupervisionOverdue(day, ok, today, fs.SupervisionWeeks) {
			mentors[i].Flags[domain.FlagSupervision] = 1
		}
		// With a caseworker the granted hours are only those of the
		// caseworker's citizens: not the mentor's whole load.
		if f.CaseworkerID == nil && mentors[i].OverCapacity() {
			mentors[i].Flags[domain.FlagOverCapacity] = 1
		}
	}
	return mentors, kept, fs, nil
}

// WorkQueue returns a caseworker's citizens with an active grant, one row
// per citizen and person holding their grants, with the flags each raises,
// and the thresholds. The work queue shows no mentor rows, so, unlike
// TeamCaseload with a caseworker, it reads none.
func (db *DB) WorkQueue(ctx context.Context, caseworkerID int64) ([]domain.FlaggedCitizen, domain.FlagSettings, error) {
	fs, err := db.FlagSettings(ctx)
	if err != nil {
		return nil, fs, err
	}
	pairs, err := db.flaggedCitizens(ctx, domain.DateOf(db.now()), fs, domain.CaseloadFilter{CaseworkerID: &caseworkerID})
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
