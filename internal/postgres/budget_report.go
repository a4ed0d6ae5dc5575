package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// The budget report: delivered hours and their cost per budget per month,
// split per mentor or per citizen, and the delivery follow-up per active
// grant. Cost is delivered minutes / 60 × the budget's hourly cost in force
// on the session's day (see budgetLines); discarded sessions never count
// and transport is never in the minutes.

// BudgetReport returns hours and cost per budget per month for the whole
// months from–to (any day in a month selects it), split per mentor or per
// citizen (by), for the sessions of one team's members (teamID) or of the
// whole municipality (nil). Two queries: the budgets and the lines.
func (db *DB) BudgetReport(ctx context.Context, from, to domain.Date, by string, teamID *int64) (domain.BudgetReport, error) {
	from, to = firstOfMonth(from), firstOfMonth(to)
	rep := domain.BudgetReport{From: from, To: to, By: by}
	if by != domain.BudgetByCitizen {
		rep.By = domain.BudgetByMentor
	}
	// The budgets with the rate in force at the end of the period.
	var err error
	rep.Budgets, err = queryAll(ctx, db, scanBudget, "budget report budgets",
		`SELECT `+budgetColumns+` FROM budgets b ORDER BY b.name, b.id`, to.AddDate(0, 1, -1))
	if err != nil {
		return rep, err
	}
	if rep.Lines, err = db.budgetLinesNamed(ctx, from, to, teamID, rep.By == domain.BudgetByCitizen); err != nil {
		return rep, err
	}
	return domain.NewBudgetReport(rep.From, rep.To, rep.By, rep.Budgets, rep.Lines), nil
}

// BudgetLines returns one line per month × budget × mentor × citizen with
// delivered time in the whole months from–to, ordered by month, budget,
// mentor and citizen (see EachBudgetLine).
func (db *DB) BudgetLines(ctx context.Context, from, to domain.Date, teamID *int64) ([]domain.BudgetLine, error) {
	return db.budgetLinesNamed(ctx, from, to, teamID, true)
}

func (db *DB) budgetLinesNamed(ctx context.Context, from, to domain.Date, teamID *int64, names bool) ([]domain.BudgetLine, error) {
	var lines []domain.BudgetLine
	err := db.eachBudgetLine(ctx, from, to, teamID, names, func(l domain.BudgetLine) error {
		lines = append(lines, l)
		return nil
	})
	return lines, err
}

// budgetLines groups the period's sessions into lines, one per month,
// budget, mentor, citizen and rate, and prices each line on its own with
// domain.CostOre: minutes × the rate in øre / 60, rounded half up to whole
// øre. Every figure above a line is the sum of rounded lines, so a
// citizen's cost never depends on other citizens' rows and the page, the
// CSV and the statement add up. The rate is the one in force on the
// sessions' day (budget_rates): a month in which a budget's rate does not
// change is priced from its sums (session_months) at the rate of its first
// day; only a month whose rate changes after the 1st reads its sessions,
// and only that budget's, through the author's month index.
const budgetLines = `
	WITH grouped AS (
		-- the month's sums, kept by the session writes (session_months)
		SELECT m.month, m.budget_id, m.author_id, m.citizen_id, sum(m.minutes)::int AS minutes
		FROM session_months m
		WHERE m.month >= $1 AND m.month < $2 /*team*/
		GROUP BY 1, 2, 3, 4
		HAVING sum(m.minutes) > 0
	),
	-- the budgets and months in which a new rate starts after the 1st
	changes AS MATERIALIZED (
		SELECT DISTINCT r.budget_id, date_trunc('month', r.valid_from)::date AS month
		FROM budget_rates r
		WHERE r.valid_from >= $1 AND r.valid_from < $2 AND r.valid_from <> date_trunc('month', r.valid_from)::date
	),
	priced AS (
		SELECT g.month, g.budget_id, g.author_id, g.citizen_id, g.minutes, r.valid_from, r.hourly_cost
		FROM grouped g
		LEFT JOIN LATERAL (SELECT r.valid_from, r.hourly_cost FROM budget_rates r
		                   WHERE r.budget_id = g.budget_id AND r.valid_from <= g.month
		                   ORDER BY r.valid_from DESC LIMIT 1) r ON true
		WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.budget_id = g.budget_id AND c.month = g.month)
		UNION ALL
		SELECT g.month, g.budget_id, g.author_id, g.citizen_id, sum(s.minutes)::int, s.valid_from, s.hourly_cost
		FROM grouped g
		JOIN changes c ON c.budget_id = g.budget_id AND c.month = g.month
		CROSS JOIN LATERAL (
			SELECT s.minutes, r.valid_from, r.hourly_cost
			FROM mentor_sessions s
			JOIN grants gr ON gr.id = s.grant_id
			LEFT JOIN LATERAL (SELECT r.valid_from, r.hourly_cost FROM budget_rates r
			                   WHERE r.budget_id = g.budget_id AND r.valid_from <= s.occurred_on
			                   ORDER BY r.valid_from DESC LIMIT 1) r ON true
			WHERE s.author_id = g.author_id AND s.occurred_on >= g.month AND s.occurred_on < (g.month + interval '1 month')::date
			  AND s.citizen_id = g.citizen_id AND s.discarded_at IS NULL AND gr.budget_id = g.budget_id
		) s
		GROUP BY g.month, g.budget_id, g.author_id, g.citizen_id, s.valid_from, s.hourly_cost
	),
	-- Names are looked up after grouping: a join would let a generic plan
	-- read every citizen in the municipality for one team. The mentors'
	-- names once per mentor; the citizens' only when asked for ($3: the
	-- split per citizen, the statement), once per line.
	authors AS MATERIALIZED (
		SELECT u.id, u.display_name FROM users u WHERE u.id = ANY (ARRAY(SELECT DISTINCT author_id FROM priced))
	)
	SELECT l.month, l.budget_id, b.name, (COALESCE(l.hourly_cost, 0) * 100)::bigint AS rate, l.author_id, a.display_name,
	       l.citizen_id, CASE WHEN $3::bool THEN (SELECT c.name FROM citizens c WHERE c.id = l.citizen_id) ELSE '' END,
	       l.minutes, (l.minutes::bigint * (COALESCE(l.hourly_cost, 0) * 100)::bigint + 30) / 60 AS cost
	FROM priced l JOIN budgets b ON b.id = l.budget_id JOIN authors a ON a.id = l.author_id
	WHERE l.minutes > 0
	ORDER BY l.month, b.name, l.budget_id, a.display_name, l.author_id, l.citizen_id, l.valid_from`

// teamScope narrows a query to what the members of a team wrote or hold:
// the scope comes first, so a team's month or grants are read through the
// author or person index, not the municipality's. It replaces the query's
// /*team*/ mark with "AND column = ANY ($param)" and returns the argument
// to append as that parameter: the ids of the team's members; for the
// whole municipality (nil teamID) the mark goes and nothing is appended.
func (db *DB) teamScope(ctx context.Context, query string, teamID *int64, column string, param int) (string, []any, error) {
	if teamID == nil {
		return strings.Replace(query, "/*team*/", "", 1), nil, nil
	}
	rows, err := db.Pool.Query(ctx, `SELECT id FROM users WHERE team_id = $1`, *teamID)
	if err != nil {
		return "", nil, fmt.Errorf("team members: %w", err)
	}
	members, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return "", nil, fmt.Errorf("team members: %w", err)
	}
	return strings.Replace(query, "/*team*/", fmt.Sprintf("AND %s = ANY ($%d::bigint[])", column, param), 1), []any{members}, nil
}

// EachBudgetLine streams the lines of the whole months from–to to fn, in
// order, with their cost rounded (the CSV export): memory stays flat
// whatever the period or the municipality. teamID narrows it to the
// sessions of a team's members (nil: the whole municipality).
func (db *DB) EachBudgetLine(ctx context.Context, from, to domain.Date, teamID *int64, fn func(domain.BudgetLine) error) error {
	return db.eachBudgetLine(ctx, from, to, teamID, false, fn)
}

// eachBudgetLine streams the lines; names says whether each line carries
// its citizen's name (the CSV leaves names out, and the split per mentor
// shows none).
func (db *DB) eachBudgetLine(ctx context.Context, from, to domain.Date, teamID *int64, names bool, fn func(domain.BudgetLine) error) error {
	from, to = firstOfMonth(from), firstOfMonth(to)
	query, scope, err := db.teamScope(ctx, budgetLines, teamID, "m.author_id", 4)
	if err != nil {
		return err
	}
	return scanBudgetLines(ctx, db.Pool, query, append([]any{from, to.AddDate(0, 1, 0), names}, scope...), fn)
}

// scanBudgetLines runs a budgetLines query on q (the pool or a
// transaction) and passes each line to fn.
func scanBudgetLines(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, query string, args []any, fn func(domain.BudgetLine) error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("budget lines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l domain.BudgetLine
		if err := rows.Scan(&l.Month, &l.BudgetID, &l.Budget, &l.RateOre, &l.MentorID, &l.Mentor, &l.CitizenID,
			&l.CitizenName, &l.Minutes, &l.CostOre); err != nil {
			return fmt.Errorf("budget lines: %w", err)
		}
		if err := fn(l); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("budget lines: %w", err)
	}
	return nil
}

// LogBudgetExport writes the access-log entry e once for every citizen
// with a line in the whole months from–to (of the team's members, or of
// the whole municipality when teamID is nil), in one statement.
func (db *DB) LogBudgetExport(ctx context.Context, e domain.AccessEntry, from, to domain.Date, teamID *int64) error {
	from, to = firstOfMonth(from), firstOfMonth(to)
	query, scope, err := db.teamScope(ctx, `
		INSERT INTO access_log (user_id, username, action, citizen_id, entity, entity_id, detail, purpose, request_id, ip)
		SELECT $1, $2, $3, x.citizen_id, $4, $5, $6, $7, $8, $9
		FROM (SELECT DISTINCT m.citizen_id FROM session_months m
		      WHERE m.minutes > 0 AND m.month >= $10 AND m.month < $11 /*team*/ ORDER BY 1) x`, teamID, "m.author_id", 12)
	if err != nil {
		return err
	}
	args := []any{e.UserID, e.Username, e.Action, e.Entity, e.EntityID, e.Detail, e.Purpose, e.RequestID, e.IP, from, to.AddDate(0, 1, 0)}
	if _, err = db.Pool.Exec(ctx, query, append(args, scope...)...); err != nil {
		return fmt.Errorf("write access log: %w", err)
	}
	return nil
}

func firstOfMonth(d domain.Date) domain.Date { return domain.MakeDate(d.Year(), d.Month(), 1) }

// GrantDelivery returns every grant active today (grant_active) held by a member of the team (teamID; nil: every grant in the
// municipality) with the minutes delivered on it in DeliveryWindow(today),
// lowest delivery first. One query, plus the threshold setting.
func (db *DB) GrantDelivery(ctx context.Context, today domain.Date, teamID *int64) ([]domain.GrantDeliveryRow, error) {
	threshold := db.intSetting(ctx, "flag_underdelivery_percent", 50, 1, 100)
	from, to := domain.DeliveryWindow(today)
	// The grants first (a team's through the person index), then per grant
	// its minutes in the window and the names: no join reads every citizen.
	query, scope, err := db.teamScope(ctx, `
		WITH d AS MATERIALIZED (
			SELECT g.id, g.citizen_id, g.function, g.person_id, g.budget_id, g.hours_per_week, g.start_date,
			       COALESCE(g.ended_on, g.end_date) AS ends,
			       GREATEST(0, $2::date - GREATEST($1::date, g.start_date) + 1) AS days,
			       COALESCE((SELECT sum(s.minutes) FROM mentor_sessions s WHERE s.grant_id = g.id AND s.discarded_at IS NULL
			                 AND s.occurred_on BETWEEN $1 AND $2), 0)::int AS minutes
			FROM grants g
			WHERE grant_active(g.status, g.start_date, g.end_date, g.ended_on, $3) /*team*/
		)
		SELECT d.id, d.citizen_id, (SELECT c.name FROM citizens c WHERE c.id = d.citizen_id) AS citizen, d.function,
		       d.person_id, (SELECT p.display_name FROM users p WHERE p.id = d.person_id),
		       (SELECT b.name FROM budgets b WHERE b.id = d.budget_id), d.hours_per_week::float8, d.start_date, d.ends,
		       d.days, d.minutes
		FROM d
		ORDER BY d.minutes::float8 / 60 / NULLIF(d.hours_per_week * d.days / 7, 0) NULLS LAST, citizen, d.id`,
		teamID, "g.person_id", 4)
	if err != nil {
		return nil, err
	}
	rows, err := db.Pool.Query(ctx, query, append([]any{from, to, today}, scope...)...)
	if err != nil {
		return nil, fmt.Errorf("grant delivery: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.GrantDeliveryRow, error) {
		var d domain.GrantDeliveryRow
		var fn string
		err := r.Scan(&d.GrantID, &d.CitizenID, &d.CitizenName, &fn, &d.PersonID, &d.PersonName, &d.Budget,
			&d.HoursPerWeek, &d.Start, &d.End, &d.Days, &d.DeliveredMinutes)
		d.Function, d.ThresholdPercent = domain.Function(fn), threshold
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("grant delivery: %w", err)
	}
	return out, nil
}
