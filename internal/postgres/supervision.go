package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// Supervision and collegial sparring help the mentors keep the roles of LAB
// mentor and støttekontaktperson (SEL § 85) apart. The team lead records each
// session and sees when each mentor last had one.

// CreateSupervision validates and stores a session held by the team of
// createdBy. Participants must be active mentors (or people with a profile).
// v may already hold the form's parse errors.
func (db *DB) CreateSupervision(ctx context.Context, in domain.SupervisionInput, createdBy int64, v domain.Validation) (int64, error) {
	in.Validate(domain.DateOf(db.now()), v)
	if err := v.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := db.onceInTx(ctx, in.FormToken, createdBy, domain.FormSupervision, &id, func(tx pgx.Tx) error {
		var known int
		err := tx.QueryRow(ctx, `
			SELECT count(*) FROM users u
			WHERE u.id = ANY ($1) AND u.active
			  AND ('mentor' = ANY (u.roles) OR EXISTS (SELECT 1 FROM mentor_profiles p WHERE p.user_id = u.id))`,
			in.ParticipantIDs).Scan(&known)
		if err != nil {
			return fmt.Errorf("check participants: %w", err)
		}
		if known != len(in.ParticipantIDs) {
			v.Add("participants", "Vælg deltagerne blandt teamets aktive mentorer.")
			return v.Err()
		}
		err = tx.QueryRow(ctx, `
			INSERT INTO supervisions (held_on, form, facilitator, themes, note, team_id, created_by)
			VALUES ($1, $2, $3, $4, $5, (SELECT team_id FROM users WHERE id = $6), $6)
			RETURNING id`,
			in.HeldOn, in.Form, in.Facilitator, in.Themes, in.Note, createdBy).Scan(&id)
		if err != nil {
			return fmt.Errorf("create supervision: %w", err)
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO supervision_participants (supervision_id, user_id)
			SELECT $1, unnest($2::bigint[])`, id, in.ParticipantIDs); err != nil {
			return fmt.Errorf("add supervision participants: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// FindSupervisions returns the sessions matching f, newest first, each with
// all its participants.
func (db *DB) FindSupervisions(ctx context.Context, f domain.SupervisionFilter) ([]domain.Supervision, error) {
	w := newWhere()
	if f.ParticipantID != nil {
		w.add("EXISTS (SELECT 1 FROM supervision_participants sp WHERE sp.supervision_id = s.id AND sp.user_id = %s)",
			*f.ParticipantID)
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT s.id, s.held_on, s.form, s.facilitator, s.themes, s.note, COALESCE(t.name, ''),
		       COALESCE(cb.display_name, ''), s.created_at,
		       COALESCE((SELECT array_agg(u.id ORDER BY u.display_name, u.id)
		                 FROM supervision_participants sp JOIN users u ON u.id = sp.user_id
		                 WHERE sp.supervision_id = s.id), '{}'),
		       COALESCE((SELECT array_agg(u.display_name ORDER BY u.display_name, u.id)
		                 FROM supervision_participants sp JOIN users u ON u.id = sp.user_id
		                 WHERE sp.supervision_id = s.id), '{}')
		FROM supervisions s
		LEFT JOIN teams t ON t.id = s.team_id
		LEFT JOIN users cb ON cb.id = s.created_by
		`+w.sql()+`
		ORDER BY s.held_on DESC, s.id DESC`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("find supervisions: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Supervision, error) {
		var s domain.Supervision
		var ids []int64
		var names []string
		err := r.Scan(&s.ID, &s.HeldOn, &s.Form, &s.Facilitator, &s.Themes, &s.Note, &s.TeamName,
			&s.CreatedByName, &s.CreatedAt, &ids, &names)
		for i := range ids {
			s.Participants = append(s.Participants, domain.SupervisionParticipant{UserID: ids[i], Name: names[i]})
		}
		return s, err
	})
}

// LastSupervisions returns, for every user who has taken part in a
// supervision or collegial sparring session, the date of the latest one
// (held_on, a calendar day at midnight UTC). Users who never took part are
// absent from the map: callers treat a missing entry as "never". It is one
// set-based query, for the supervision overview and the team lead's
// caseload flags alike; see SupervisionOverdue for the flag rule. users
// narrows it to those users (a team's mentors); nil means everyone.
func (db *DB) LastSupervisions(ctx context.Context, users []int64) (map[int64]time.Time, error) {
	// The users are written into the query only when given: a plan prepared
	// once must not serve both "these users" and "everyone".
	where, args := "", []any{}
	if users != nil {
		where, args = "WHERE sp.user_id = ANY ($1)", []any{users}
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT sp.user_id, max(s.held_on)
		FROM supervision_participants sp JOIN supervisions s ON s.id = sp.supervision_id
		`+where+`
		GROUP BY sp.user_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("last supervisions: %w", err)
	}
	defer rows.Close()
	last := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var day time.Time
		if err := rows.Scan(&id, &day); err != nil {
			return nil, fmt.Errorf("last supervisions: %w", err)
		}
		last[id] = day
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("last supervisions: %w", err)
	}
	return last, nil
}

// SupervisionWeeks reads the setting flag_supervision_weeks: after how many
// weeks without supervision a mentor is flagged (DefaultSupervisionWeeks when
// unset or unusable).
func (db *DB) SupervisionWeeks(ctx context.Context) (int, error) {
	raw, err := db.Setting(ctx, "flag_supervision_weeks")
	if err != nil {
		return 0, err
	}
	weeks, err := strconv.Atoi(strings.TrimSpace(raw))
	if err != nil || weeks < 1 {
		return domain.DefaultSupervisionWeeks, nil
	}
	return weeks, nil
}
