package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// CreateConcern stores a concern from the citizen's mentor.
func (db *DB) CreateConcern(ctx context.Context, in domain.ConcernInput, reporterID int64) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	return db.inTxOnce(ctx, in.FormToken, reporterID, domain.FormConcern, func(tx pgx.Tx) (int64, error) {
		var id int64
		err := tx.QueryRow(ctx, `
			INSERT INTO concerns (citizen_id, session_id, reporter_id, category, urgency, description)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			in.CitizenID, in.SessionID, reporterID, in.Category, in.Urgency, in.Description).Scan(&id)
		if err != nil {
			return 0, fmt.Errorf("create concern: %w", err)
		}
		return id, logConcernChange(ctx, tx, domain.ActionCreate, id)
	})
}

const concernColumns = `k.id, k.citizen_id, c.name, k.session_id, k.reporter_id, r.display_name, k.category, k.urgency,
	k.description, k.status, COALESCE(a.display_name, ''), k.acknowledged_at, k.handling, k.outcome,
	COALESCE(h.display_name, ''), k.handled_at, k.created_at`

const concernFrom = `FROM concerns k
	JOIN citizens c ON c.id = k.citizen_id
	JOIN users r ON r.id = k.reporter_id
	LEFT JOIN users a ON a.id = k.acknowledged_by
	LEFT JOIN users h ON h.id = k.handled_by`

func scanConcern(row pgx.Row) (domain.Concern, error) {
	var k domain.Concern
	return k, row.Scan(&k.ID, &k.CitizenID, &k.CitizenName, &k.SessionID, &k.ReporterID, &k.ReporterName, &k.Category,
		&k.Urgency, &k.Description, &k.Status, &k.AcknowledgedByName, &k.AcknowledgedAt, &k.Handling, &k.Outcome,
		&k.HandledByName, &k.HandledAt, &k.CreatedAt)
}

// FindConcernByID returns one concern or ENOTFOUND.
func (db *DB) FindConcernByID(ctx context.Context, id int64) (domain.Concern, error) {
	return byID(scanConcern,
		db.Pool.QueryRow(ctx, `SELECT `+concernColumns+` `+concernFrom+` WHERE k.id = $1`, id), "Bekymringen")
}

func concernWhere(f domain.ConcernFilter) *where {
	w := newWhere()
	if f.CitizenID != nil {
		w.add("k.citizen_id = %s", *f.CitizenID)
	}
	if f.ReporterID != nil {
		w.add("k.reporter_id = %s", *f.ReporterID)
	}
	if f.CaseworkerID != nil {
		// Through the caseworker index, so a count needs no join of citizens.
		w.add("k.citizen_id IN (SELECT id FROM citizens WHERE caseworker_id = %s)", *f.CaseworkerID)
	}
	if f.OpenOnly {
		w.add("k.status <> 'afsluttet'")
	}
	return w
}

// FindConcerns returns concerns matching f: open and most urgent first.
func (db *DB) FindConcerns(ctx context.Context, f domain.ConcernFilter) ([]domain.Concern, error) {
	w := concernWhere(f)
	return queryAll(ctx, db, scanConcern, "find concerns", `SELECT `+concernColumns+` `+concernFrom+` `+w.sql()+`
		ORDER BY k.status = 'afsluttet', k.status = 'kvitteret', CASE k.urgency WHEN 'akut' THEN 0 WHEN 'hoej' THEN 1 ELSE 2 END,
		         k.created_at DESC`, w.args...)
}

// CountNewConcerns counts concerns not yet acknowledged (the navigation badge).
func (db *DB) CountNewConcerns(ctx context.Context, f domain.ConcernFilter) (int, error) {
	if f == (domain.ConcernFilter{CaseworkerID: f.CaseworkerID}) && f.CaseworkerID != nil {
		// A caseworker's badge, on every page they open: from the counts
		// the writes keep per citizen, through an index holding only the
		// citizens with a new concern.
		var n int
		err := db.Pool.QueryRow(ctx, `SELECT COALESCE(sum(new_concerns), 0) FROM citizen_facts
			WHERE caseworker_id = $1 AND new_concerns > 0`, *f.CaseworkerID).Scan(&n)
		if err != nil {
			return 0, fmt.Errorf("count concerns: %w", err)
		}
		return n, nil
	}
	w := concernWhere(f)
	w.add("k.status = 'ny'")
	var n int
	err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM concerns k `+w.sql(), w.args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count concerns: %w", err)
	}
	return n, nil
}

// AcknowledgeConcern records that case staff have seen a new concern.
func (db *DB) AcknowledgeConcern(ctx context.Context, id, userID int64) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE concerns SET status = 'kvitteret', acknowledged_by = $2, acknowledged_at = $3
			WHERE id = $1 AND status = 'ny'`, id, userID, db.now())
		if err != nil {
			return fmt.Errorf("acknowledge concern %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return domain.Errorf(domain.ECONFLICT, "Bekymringen er allerede kvitteret.")
		}
		return logConcernChange(ctx, tx, domain.ActionUpdate, id)
	})
}

// HandleConcern records how a concern was handled and its outcome, and
// closes it (acknowledging it too if nobody had).
func (db *DB) HandleConcern(ctx context.Context, id, userID int64, h domain.ConcernHandling) error {
	h.Handling, h.Outcome = strings.TrimSpace(h.Handling), strings.TrimSpace(h.Outcome)
	v := domain.Validation{}
	if h.Handling == "" {
		v.Add("handling", "Beskriv hvad der er gjort, fx \"Underretning sendt til Familieafdelingen\".")
	}
	if h.Outcome == "" {
		v.Add("outcome", "Beskriv udfaldet.")
	}
	v.Text("handling", h.Handling, domain.MaxLongText)
	v.Text("outcome", h.Outcome, domain.MaxLongText)
	if err := v.Err(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE concerns SET status = 'afsluttet', handling = $3, outcome = $4, handled_by = $2, handled_at = $5,
				acknowledged_by = COALESCE(acknowledged_by, $2), acknowledged_at = COALESCE(acknowledged_at, $5)
			WHERE id = $1 AND status <> 'afsluttet'`, id, userID, h.Handling, h.Outcome, db.now())
		if err != nil {
			return fmt.Errorf("handle concern %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return domain.Errorf(domain.ECONFLICT, "Bekymringen er allerede håndteret.")
		}
		return logConcernChange(ctx, tx, domain.ActionUpdate, id)
	})
}
