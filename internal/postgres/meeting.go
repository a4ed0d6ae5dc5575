package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// CreateMeeting stores an adjustment meeting on a grant, once per form
// token (a repeat returns *domain.AlreadySaved).
func (db *DB) CreateMeeting(ctx context.Context, grantID int64, in domain.MeetingInput, userID int64, v domain.Validation) (int64, error) {
	if _, err := db.FindGrantByID(ctx, grantID); err != nil {
		return 0, err
	}
	if err := domain.ValidateMeeting(&in, domain.DateOf(db.now()), v); err != nil {
		return 0, err
	}
	var id int64
	err := db.onceInTx(ctx, in.FormToken, userID, domain.FormMeeting, &grantID, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `
			INSERT INTO adjustment_meetings (grant_id, held_on, participants, others, summary, decisions, change_tasks, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			grantID, in.HeldOn, in.Participants, in.Others, in.Summary, in.Decisions, in.ChangeTasks, userID).Scan(&id); err != nil {
			return err
		}
		return logGrantChange(ctx, tx, domain.ActionCreate, grantID, domain.EntityMeeting, id)
	})
	if _, ok := domain.IsAlreadySaved(err); ok {
		return 0, err
	}
	if err != nil {
		return 0, fmt.Errorf("create meeting: %w", err)
	}
	return id, nil
}

const meetingColumns = `m.id, m.grant_id, m.held_on, m.participants, m.others, m.summary, m.decisions, m.change_tasks,
	r.number, COALESCE(u.display_name, ''), m.created_at`

const meetingFrom = `FROM adjustment_meetings m
	LEFT JOIN grant_revisions r ON r.id = m.revision_id
	LEFT JOIN users u ON u.id = m.created_by`

func scanMeeting(r pgx.Row) (domain.Meeting, error) {
	var m domain.Meeting
	return m, r.Scan(&m.ID, &m.GrantID, &m.HeldOn, &m.Participants, &m.Others, &m.Summary, &m.Decisions,
		&m.ChangeTasks, &m.RevisionNumber, &m.CreatedByName, &m.CreatedAt)
}

// FindMeetings returns a grant's adjustment meetings, newest first.
func (db *DB) FindMeetings(ctx context.Context, grantID int64) ([]domain.Meeting, error) {
	return queryAll(ctx, db, scanMeeting, "find meetings", `SELECT `+meetingColumns+` `+meetingFrom+` WHERE m.grant_id = $1
		ORDER BY m.held_on DESC, m.id DESC`, grantID)
}

// FindMeetingByID returns one meeting or ENOTFOUND.
func (db *DB) FindMeetingByID(ctx context.Context, id int64) (domain.Meeting, error) {
	return byID(scanMeeting,
		db.Pool.QueryRow(ctx, `SELECT `+meetingColumns+` `+meetingFrom+` WHERE m.id = $1`, id), "Mødet")
}
