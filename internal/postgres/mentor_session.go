package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// syncGoals makes sure every goal text in the grant's revisions exists as a
// goal of the citizen (goals are identified by their text per citizen).
func syncGoals(ctx context.Context, tx pgx.Tx, grantID int64) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO goals (citizen_id, text)
		SELECT DISTINCT g.citizen_id, i.text
		FROM grants g
		JOIN grant_revisions r ON r.grant_id = g.id
		JOIN grant_revision_items i ON i.revision_id = r.id AND i.kind = 'maal'
		WHERE g.id = $1
		ON CONFLICT (citizen_id, text) DO NOTHING`, grantID)
	if err != nil {
		return fmt.Errorf("sync goals: %w", err)
	}
	return nil
}

// FindGoalsForGrant returns the goals of the grant's current revision.
func (db *DB) FindGoalsForGrant(ctx context.Context, grantID int64) ([]domain.Goal, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT gl.id, gl.text
		FROM grants g
		JOIN grant_revisions r ON r.grant_id = g.id AND r.number = g.revision
		JOIN grant_revision_items i ON i.revision_id = r.id AND i.kind = 'maal'
		JOIN goals gl ON gl.citizen_id = g.citizen_id AND gl.text = i.text
		WHERE g.id = $1 ORDER BY i.position`, grantID)
	if err != nil {
		return nil, fmt.Errorf("find goals: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Goal, error) {
		var g domain.Goal
		return g, r.Scan(&g.ID, &g.Text)
	})
}

// GoalScaleMax is the top of the progress scale (a setting, default 5).
func (db *DB) GoalScaleMax(ctx context.Context) int {
	v, err := db.Setting(ctx, "goal_scale_max")
	n, cerr := strconv.Atoi(v)
	if err != nil || cerr != nil || n < 2 || n > 10 {
		return 5
	}
	return n
}

// loadGrantForSession returns the grant a session is logged on, checking
// that the person holds it.
func (db *DB) loadGrantForSession(ctx context.Context, grantID, personID int64) (domain.Grant, []domain.Goal, error) {
	g, err := db.FindGrantByID(ctx, grantID)
	if err != nil {
		return g, nil, err
	}
	if g.PersonID != personID || g.Status == domain.StatusDraft {
		return g, nil, notFound("Bevillingen")
	}
	goals, err := db.FindGoalsForGrant(ctx, grantID)
	return g, goals, err
}

// CreateSession validates and stores a session on one of the author's grants,
// once per form token (a repeat returns *domain.AlreadySaved).
func (db *DB) CreateSession(ctx context.Context, in domain.SessionInput, authorID int64, v domain.Validation) (int64, error) {
	g, goals, err := db.loadGrantForSession(ctx, in.GrantID, authorID)
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			v.Add("grant_id", "Vælg en af dine bevillinger for borgeren.")
			return 0, v.Err()
		}
		return 0, err
	}
	if g.Status == domain.StatusEnded && g.EndedOn != nil && in.OccurredOn.After(*g.EndedOn) {
		v.Add("grant_id", "Bevillingen er afsluttet "+domain.FormatDate(*g.EndedOn)+"; samtaler efter den dato hører til en anden bevilling.")
		return 0, v.Err()
	}
	homeFlag, err := domain.ValidateSession(&in, g, goals, domain.DateOf(db.now()), db.GoalScaleMax(ctx), v)
	if err != nil {
		return 0, err
	}
	return db.inTxOnce(ctx, in.FormToken, authorID, domain.FormSession, func(tx pgx.Tx) (int64, error) {
		var id int64
		err := tx.QueryRow(ctx, `
			INSERT INTO mentor_sessions (grant_id, citizen_id, author_id, occurred_on, start_time, minutes, form, contact,
				place, everyday_coping, home_justification, home_flag, direction, note, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
			g.ID, g.CitizenID, authorID, in.OccurredOn, in.StartTime, in.Minutes, in.Form, in.Contact, in.Place,
			in.EverydayCoping, in.HomeJustification, homeFlag, in.Direction, in.Note, db.now()).Scan(&id)
		if err != nil {
			return 0, fmt.Errorf("insert session: %w", err)
		}
		if err := writeSessionDetails(ctx, tx, id, g, in); err != nil {
			return 0, err
		}
		return id, logGrantChange(ctx, tx, domain.ActionCreate, g.ID, domain.EntitySession, id)
	})
}

func writeSessionDetails(ctx context.Context, tx pgx.Tx, id int64, g domain.Grant, in domain.SessionInput) error {
	batch := &pgx.Batch{}
	batch.Queue(`DELETE FROM session_tasks WHERE session_id = $1`, id)
	batch.Queue(`DELETE FROM session_goal_scores WHERE session_id = $1`, id)
	for i, text := range in.Tasks {
		var catID *int64
		for _, t := range g.Tasks {
			if t.Text == text {
				catID = t.CatalogueID
			}
		}
		batch.Queue(`INSERT INTO session_tasks (session_id, position, catalogue_item_id, text) VALUES ($1, $2, $3, $4)`,
			id, i+1, catID, text)
	}
	for goalID, score := range in.Scores {
		batch.Queue(`INSERT INTO session_goal_scores (session_id, goal_id, score) VALUES ($1, $2, $3)`, id, goalID, score)
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("write session details: %w", err)
	}
	return nil
}

const sessionColumns = `s.id, s.grant_id, g.function, b.name, s.citizen_id, c.name, s.author_id, u.display_name,
	s.occurred_on, to_char(s.start_time, 'HH24:MI'), s.minutes, s.form, s.contact, s.place, s.everyday_coping,
	s.home_justification, s.home_flag, s.direction, s.note, s.discarded_at, s.discard_reason, s.version,
	s.created_at, s.updated_at,
	s.everyday_coping AND NOT EXISTS (SELECT 1 FROM coping_windows w WHERE w.citizen_id = s.citizen_id
		AND w.start_on IS NOT NULL AND s.occurred_on BETWEEN w.start_on AND w.expires_on)`

const sessionFrom = `FROM mentor_sessions s
	JOIN grants g ON g.id = s.grant_id
	JOIN budgets b ON b.id = g.budget_id
	JOIN citizens c ON c.id = s.citizen_id
	JOIN users u ON u.id = s.author_id`

func scanSession(r pgx.Row) (domain.Session, error) {
	var s domain.Session
	var fn string
	err := r.Scan(&s.ID, &s.GrantID, &fn, &s.BudgetName, &s.CitizenID, &s.CitizenName, &s.AuthorID, &s.AuthorName,
		&s.OccurredOn, &s.StartTime, &s.Minutes, &s.Form, &s.Contact, &s.Place, &s.EverydayCoping, &s.HomeJustification,
		&s.HomeFlag, &s.Direction, &s.Note, &s.DiscardedAt, &s.DiscardReason, &s.Version, &s.CreatedAt, &s.UpdatedAt,
		&s.OutsideFrame)
	s.Function = domain.Function(fn)
	return s, err
}

// FindSessionByID returns a session with its tasks, scores and amendments.
func (db *DB) FindSessionByID(ctx context.Context, id int64) (domain.Session, error) {
	s, err := byID(scanSession,
		db.Pool.QueryRow(ctx, `SELECT `+sessionColumns+` `+sessionFrom+` WHERE s.id = $1`, id), "Samtalen")
	if err != nil {
		return s, err
	}
	list := []domain.Session{s}
	if err := db.loadSessionDetails(ctx, list); err != nil {
		return s, err
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT u.display_name, a.reason, a.changes, a.created_at
		FROM session_amendments a JOIN users u ON u.id = a.author_id
		WHERE a.session_id = $1 ORDER BY a.created_at`, id)
	if err != nil {
		return s, fmt.Errorf("find amendments: %w", err)
	}
	list[0].Amendments, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Amendment, error) {
		var a domain.Amendment
		return a, r.Scan(&a.AuthorName, &a.Reason, &a.Changes, &a.CreatedAt)
	})
	return list[0], err
}

// FindSessions returns sessions matching f, newest first, with their tasks
// and scores (three queries whatever the number).
func (db *DB) FindSessions(ctx context.Context, f domain.SessionFilter) ([]domain.Session, error) {
	w := newWhere()
	if f.CitizenID != nil {
		w.add("s.citizen_id = %s", *f.CitizenID)
	}
	if f.GrantID != nil {
		w.add("s.grant_id = %s", *f.GrantID)
	}
	if f.AuthorID != nil {
		w.add("s.author_id = %s", *f.AuthorID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	args := append(append([]any{}, w.args...), limit)
	list, err := queryAll(ctx, db, scanSession, "find sessions", fmt.Sprintf(`SELECT `+sessionColumns+` `+sessionFrom+` %s
		ORDER BY s.occurred_on DESC, s.start_time DESC, s.id DESC LIMIT $%d`, w.sql(), len(args)), args...)
	if err != nil {
		return nil, err
	}
	return list, db.loadSessionDetails(ctx, list)
}

func (db *DB) loadSessionDetails(ctx context.Context, list []domain.Session) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	index := map[int64]int{}
	for i, s := range list {
		ids[i] = s.ID
		index[s.ID] = i
	}
	rows, err := db.Pool.Query(ctx, `SELECT session_id, catalogue_item_id, text FROM session_tasks
		WHERE session_id = ANY ($1) ORDER BY session_id, position`, ids)
	if err != nil {
		return fmt.Errorf("load session tasks: %w", err)
	}
	var sid int64
	var it domain.Item
	if _, err := pgx.ForEachRow(rows, []any{&sid, &it.CatalogueID, &it.Text}, func() error {
		list[index[sid]].Tasks = append(list[index[sid]].Tasks, it)
		return nil
	}); err != nil {
		return fmt.Errorf("load session tasks: %w", err)
	}
	rows, err = db.Pool.Query(ctx, `SELECT sc.session_id, sc.goal_id, gl.text, sc.score
		FROM session_goal_scores sc JOIN goals gl ON gl.id = sc.goal_id
		WHERE sc.session_id = ANY ($1) ORDER BY sc.session_id, gl.id`, ids)
	if err != nil {
		return fmt.Errorf("load session scores: %w", err)
	}
	var sc domain.GoalScore
	if _, err := pgx.ForEachRow(rows, []any{&sid, &sc.GoalID, &sc.GoalText, &sc.Score}, func() error {
		list[index[sid]].Scores = append(list[index[sid]].Scores, sc)
		return nil
	}); err != nil {
		return fmt.Errorf("load session scores: %w", err)
	}
	return nil
}

// UpdateSession corrects a session. Within the correction window the author
// changes it directly; after it, the change is an amendment that needs a
// reason and records what changed. Only the author changes a session.
func (db *DB) UpdateSession(ctx context.Context, id int64, in domain.SessionInput, authorID int64, v domain.Validation) error {
	old, err := db.FindSessionByID(ctx, id)
	if err != nil {
		return err
	}
	if old.AuthorID != authorID {
		return notFound("Samtalen")
	}
	if old.Discarded() {
		return domain.Errorf(domain.ECONFLICT, "Samtalen er kasseret og kan ikke rettes.")
	}
	in.GrantID = old.GrantID
	g, goals, err := db.loadGrantForSession(ctx, old.GrantID, authorID)
	if err != nil {
		return err
	}
	amend := !old.CorrectableBy(authorID, db.now())
	if amend && strings.TrimSpace(in.AmendReason) == "" {
		v.Add("amend_reason", "Samtalen er mere end 7 dage gammel. Skriv hvorfor den rettes – rettelsen gemmes som et tillæg.")
	}
	homeFlag, err := domain.ValidateSession(&in, g, goals, domain.DateOf(db.now()), db.GoalScaleMax(ctx), v)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE mentor_sessions SET occurred_on = $3, start_time = $4, minutes = $5, form = $6, contact = $7, place = $8,
				everyday_coping = $9, home_justification = $10, home_flag = $11, direction = $12, note = $13,
				version = version + 1, updated_at = $14
			WHERE id = $1 AND version = $2 AND discarded_at IS NULL`,
			id, in.Version, in.OccurredOn, in.StartTime, in.Minutes, in.Form, in.Contact, in.Place, in.EverydayCoping,
			in.HomeJustification, homeFlag, in.Direction, in.Note, db.now())
		if err != nil {
			return fmt.Errorf("update session %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return domain.Errorf(domain.ECONFLICT, "Samtalen er ændret, mens du rettede den. Dine indtastninger er bevaret; gem igen.")
		}
		if err := writeSessionDetails(ctx, tx, id, g, in); err != nil {
			return err
		}
		if amend {
			_, err = tx.Exec(ctx, `INSERT INTO session_amendments (session_id, author_id, reason, changes) VALUES ($1, $2, $3, $4)`,
				id, authorID, strings.TrimSpace(in.AmendReason), describeSessionChanges(old, in))
			if err != nil {
				return fmt.Errorf("insert amendment: %w", err)
			}
		}
		return logGrantChange(ctx, tx, domain.ActionUpdate, old.GrantID, domain.EntitySession, id)
	})
}

// describeSessionChanges words what an amendment changed.
func describeSessionChanges(old domain.Session, in domain.SessionInput) string {
	var parts []string
	if !old.OccurredOn.Equal(in.OccurredOn) {
		parts = append(parts, "dato "+domain.FormatDate(old.OccurredOn)+" → "+domain.FormatDate(in.OccurredOn))
	}
	if old.StartTime != in.StartTime {
		parts = append(parts, "klokkeslæt "+old.StartTime+" → "+in.StartTime)
	}
	if old.Minutes != in.Minutes {
		parts = append(parts, "varighed "+strconv.Itoa(old.Minutes)+" → "+strconv.Itoa(in.Minutes)+" min.")
	}
	for _, c := range []struct {
		what     string
		opts     []domain.Option
		from, to string
	}{
		{"form", domain.SessionForms, old.Form, in.Form},
		{"kontakt", domain.ContactKinds, old.Contact, in.Contact},
		{"sted", domain.Places, old.Place, in.Place},
		{"retning", domain.Directions, old.Direction, in.Direction},
	} {
		if c.from != c.to {
			parts = append(parts, c.what+" "+domain.OptionLabel(c.opts, c.from)+" → "+domain.OptionLabel(c.opts, c.to))
		}
	}
	if old.EverydayCoping != in.EverydayCoping {
		parts = append(parts, "hverdagsmestring ændret")
	}
	if old.Note != in.Note {
		parts = append(parts, "notat ændret")
	}
	if len(parts) == 0 {
		return "opgaver eller fremskridt ændret"
	}
	return strings.Join(parts, "; ")
}

// DiscardSession marks a session kasseret with a reason; it stays in the
// history and no longer counts.
func (db *DB) DiscardSession(ctx context.Context, id, userID int64, reason string) error {
	s, err := db.FindSessionByID(ctx, id)
	if err != nil {
		return err
	}
	if s.AuthorID != userID {
		return notFound("Samtalen")
	}
	if strings.TrimSpace(reason) == "" {
		return &domain.Error{Code: domain.EINVALID, Message: "Skriv hvorfor samtalen kasseres.",
			Fields: map[string]string{"reason": "Skriv hvorfor samtalen kasseres, fx \"Registreret på forkert borger\"."}}
	}
	if err := domain.TextError("reason", strings.TrimSpace(reason), domain.MaxLongText); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE mentor_sessions SET discarded_at = $4, discarded_by = $2, discard_reason = $3, version = version + 1
			WHERE id = $1 AND discarded_at IS NULL`, id, userID, strings.TrimSpace(reason), db.now())
		if err != nil {
			return fmt.Errorf("discard session %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return domain.Errorf(domain.ECONFLICT, "Samtalen er allerede kasseret.")
		}
		return logGrantChange(ctx, tx, domain.ActionUpdate, s.GrantID, domain.EntitySession, id)
	})
}

// DeliveredForGrants sums delivered minutes (not discarded) per grant in the
// week and month containing today.
func (db *DB) DeliveredForGrants(ctx context.Context, grantIDs []int64) (map[int64]domain.Delivered, error) {
	today := domain.DateOf(db.now())
	weekStart := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	monthStart := domain.MakeDate(today.Year(), today.Month(), 1)
	rows, err := db.Pool.Query(ctx, `
		SELECT g.id, g.hours_per_week::float8,
		       COALESCE(sum(s.minutes) FILTER (WHERE s.occurred_on >= $2), 0),
		       COALESCE(sum(s.minutes) FILTER (WHERE s.occurred_on >= $3), 0)
		FROM grants g
		LEFT JOIN mentor_sessions s ON s.grant_id = g.id AND s.discarded_at IS NULL AND s.occurred_on <= $4
		WHERE g.id = ANY ($1)
		GROUP BY g.id`, grantIDs, weekStart, monthStart, today)
	if err != nil {
		return nil, fmt.Errorf("delivered hours: %w", err)
	}
	defer rows.Close()
	out := map[int64]domain.Delivered{}
	for rows.Next() {
		var d domain.Delivered
		if err := rows.Scan(&d.GrantID, &d.GrantedHours, &d.WeekMinutes, &d.MonthMinutes); err != nil {
			return nil, err
		}
		out[d.GrantID] = d
	}
	return out, rows.Err()
}

// GoalProgress returns the scores given on the citizen's goals, oldest
// first: those given on or after since, or every score when since is zero.
func (db *DB) GoalProgress(ctx context.Context, citizenID int64, since domain.Date) ([]domain.ProgressPoint, error) {
	// The date bound is written only when given, so the generic plan of each
	// form reads the citizen's sessions by the index that fits it.
	bound := ""
	args := []any{citizenID}
	if !since.IsZero() {
		bound = " AND s.occurred_on >= $2"
		args = append(args, since)
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT gl.id, gl.text, s.occurred_on, sc.score
		FROM session_goal_scores sc
		JOIN mentor_sessions s ON s.id = sc.session_id AND s.discarded_at IS NULL
		-- the citizen's few goals read once, not once per score
		JOIN goals gl ON gl.id = sc.goal_id AND gl.citizen_id = $1
		WHERE s.citizen_id = $1`+bound+`
		ORDER BY gl.id, s.occurred_on, s.start_time`, args...)
	if err != nil {
		return nil, fmt.Errorf("goal progress: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.ProgressPoint, error) {
		var p domain.ProgressPoint
		return p, r.Scan(&p.GoalID, &p.GoalText, &p.On, &p.Score)
	})
}

// MentorCaseload lists the citizens a person supports: active grants, and
// grants ended in the last 30 days (read-only), with delivered time this
// week and month, the last contact and open concerns — in one query.
func (db *DB) MentorCaseload(ctx context.Context, personID int64) ([]domain.CaseloadRow, error) {
	today := domain.DateOf(db.now())
	weekStart := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	monthStart := domain.MakeDate(today.Year(), today.Month(), 1)
	rows, err := db.Pool.Query(ctx, `
		WITH mine AS (
			SELECT g.* FROM grants g
			WHERE g.person_id = $1
			  AND (g.status = 'bevilget' OR (g.status = 'afsluttet' AND g.ended_on >= $2::date - 30))
		),
		-- the mentor's own minutes this week and month, from one scan of
		-- their sessions since the earlier of the two (the author index)
		done AS (
			SELECT s.citizen_id, sum(s.minutes) FILTER (WHERE s.occurred_on >= $3) AS week,
			       sum(s.minutes) FILTER (WHERE s.occurred_on >= $4) AS month
			FROM mentor_sessions s
			WHERE s.author_id = $1 AND s.discarded_at IS NULL AND s.occurred_on BETWEEN LEAST($3::date, $4::date) AND $2
			GROUP BY s.citizen_id
		)
		SELECT c.id, c.name, c.phone,
		       array_agg(DISTINCT m.function) FILTER (WHERE (m.status = 'bevilget' OR m.ended_on >= $2) AND m.start_date <= $2),
		       array_agg(DISTINCT m.id) FILTER (WHERE (m.status = 'bevilget' OR m.ended_on >= $2) AND m.start_date <= $2),
		       COALESCE(sum(m.hours_per_week) FILTER (WHERE (m.status = 'bevilget' OR m.ended_on >= $2) AND m.start_date <= $2), 0)::float8,
		       COALESCE(max(d.week), 0), COALESCE(max(d.month), 0),
		       -- the latest contact, open concerns and open window: the
		       -- citizen's facts, kept by the writes
		       max(f.last_contact_on), COALESCE(max(f.open_concerns), 0),
		       bool_and(m.status = 'afsluttet' AND m.ended_on < $2),
		       max(f.open_window_expires_on)
		FROM mine m JOIN citizens c ON c.id = m.citizen_id
		LEFT JOIN done d ON d.citizen_id = m.citizen_id
		LEFT JOIN citizen_facts f ON f.citizen_id = m.citizen_id
		GROUP BY c.id
		ORDER BY bool_and(m.status = 'afsluttet' AND m.ended_on < $2), c.name`, personID, today, weekStart, monthStart)
	if err != nil {
		return nil, fmt.Errorf("mentor caseload: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.CaseloadRow, error) {
		var row domain.CaseloadRow
		var fns []string
		err := r.Scan(&row.CitizenID, &row.CitizenName, &row.Phone, &fns, &row.ActiveGrantIDs, &row.HoursPerWeek,
			&row.WeekMinutes, &row.MonthMinutes, &row.LastContact, &row.OpenConcerns, &row.ReadOnly, &row.CopingExpires)
		for _, f := range fns {
			row.Functions = append(row.Functions, domain.Function(f))
		}
		return row, err
	})
}

// LastDirections returns the labour-market direction of the citizen's
// latest n sessions (newest first).
func (db *DB) LastDirections(ctx context.Context, citizenID int64, n int) ([]string, error) {
	rows, err := db.Pool.Query(ctx, `SELECT direction FROM mentor_sessions
		WHERE citizen_id = $1 AND discarded_at IS NULL ORDER BY occurred_on DESC, start_time DESC LIMIT $2`, citizenID, n)
	if err != nil {
		return nil, fmt.Errorf("last directions: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
