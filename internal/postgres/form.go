package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// FindFormSubmission returns what the user's earlier submit with token
// created, as an *domain.AlreadySaved error, or ENOTFOUND when the token is
// unused. The server asks before a create runs, so a repeated submit is
// answered even when the rules would now judge the form differently.
func (db *DB) FindFormSubmission(ctx context.Context, token string, userID int64) (domain.AlreadySaved, error) {
	var a domain.AlreadySaved
	var id *int64
	err := db.Pool.QueryRow(ctx, `SELECT kind, result_id FROM form_submissions WHERE token = $1 AND user_id = $2`,
		token, userID).Scan(&a.Kind, &id)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && id == nil) {
		return a, notFound("Formularen")
	}
	if err != nil {
		return a, fmt.Errorf("find form submission: %w", err)
	}
	a.ID = *id
	return a, nil
}

// inTxOnce runs create in one transaction that first claims the form's
// one-time token, and records the created row's id under it. The token's
// primary key serialises identical submits: a second one waits for the
// first's transaction, then finds the token taken and returns
// *domain.AlreadySaved with the first one's result. An empty token (a
// client that sent none) just runs create.
func (db *DB) inTxOnce(ctx context.Context, token string, userID int64, kind string, create func(tx pgx.Tx) (int64, error)) (int64, error) {
	var id int64
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if token != "" {
			if err := claimFormToken(ctx, tx, token, userID, kind, db.now()); err != nil {
				return err
			}
		}
		var err error
		if id, err = create(tx); err != nil {
			return err
		}
		if token == "" {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE form_submissions SET result_id = $2 WHERE token = $1`, token, id); err != nil {
			return fmt.Errorf("record form result: %w", err)
		}
		return nil
	})
	if a, ok := domain.IsAlreadySaved(err); ok {
		return a.ID, err
	}
	return id, err
}

// onceInTx is inTxOnce for a transaction body that reports its result
// through result rather than returning it, so that a write method's body
// stays as it is: result points at the id the kind's result page is
// found by (the created row's id, or e.g. the grant a revision changes).
func (db *DB) onceInTx(ctx context.Context, token string, userID int64, kind string, result *int64, fn func(tx pgx.Tx) error) error {
	_, err := db.inTxOnce(ctx, token, userID, kind, func(tx pgx.Tx) (int64, error) {
		err := fn(tx)
		return *result, err
	})
	return err
}

// claimFormToken takes token for userID inside tx, or returns the earlier
// submit's result as *domain.AlreadySaved.
func claimFormToken(ctx context.Context, tx pgx.Tx, token string, userID int64, kind string, now time.Time) error {
	tag, err := tx.Exec(ctx, `INSERT INTO form_submissions (token, user_id, kind, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (token) DO NOTHING`, token, userID, kind, now)
	if err != nil {
		return fmt.Errorf("claim form token: %w", err)
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	// Taken: the other transaction has committed (ON CONFLICT waited for
	// it), so this statement's snapshot sees its result.
	var owner int64
	var gotKind string
	var id *int64
	err = tx.QueryRow(ctx, `SELECT user_id, kind, result_id FROM form_submissions WHERE token = $1`, token).
		Scan(&owner, &gotKind, &id)
	if err != nil {
		return fmt.Errorf("read claimed form token: %w", err)
	}
	if owner != userID || gotKind != kind || id == nil {
		return domain.Errorf(domain.ECONFLICT, "Formularen er allerede brugt. Åbn den igen og udfyld den på ny.")
	}
	return &domain.AlreadySaved{Kind: kind, ID: *id}
}

// SaveFormDraft keeps a form posted after the sign-in expired, under id
// (the hash of the browser's draft cookie), until expires. Expired drafts
// are purged here.
func (db *DB) SaveFormDraft(ctx context.Context, id, path string, form url.Values, expires time.Time) error {
	data, err := json.Marshal(form)
	if err != nil {
		return fmt.Errorf("encode form draft: %w", err)
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM form_drafts WHERE expires_at < $1`, db.now()); err != nil {
			return fmt.Errorf("purge form drafts: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO form_drafts (id, path, form, expires_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (id) DO UPDATE SET path = EXCLUDED.path, form = EXCLUDED.form, user_id = NULL,
				expires_at = EXCLUDED.expires_at`, id, path, data, expires)
		if err != nil {
			return fmt.Errorf("save form draft: %w", err)
		}
		return nil
	})
}

// ClaimFormDraft binds the unclaimed draft id to the user who has just
// signed in and returns the form page it belongs on; ENOTFOUND when there
// is no such live draft.
func (db *DB) ClaimFormDraft(ctx context.Context, id string, userID int64) (string, error) {
	var path string
	err := db.Pool.QueryRow(ctx, `UPDATE form_drafts SET user_id = $2
		WHERE id = $1 AND user_id IS NULL AND expires_at > $3 RETURNING path`, id, userID, db.now()).Scan(&path)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", notFound("Kladden")
	}
	if err != nil {
		return "", fmt.Errorf("claim form draft: %w", err)
	}
	return path, nil
}

// TakeFormDraft returns and deletes the user's live draft id for the form
// page path; ENOTFOUND when there is none.
func (db *DB) TakeFormDraft(ctx context.Context, id string, userID int64, path string) (url.Values, error) {
	var data []byte
	err := db.Pool.QueryRow(ctx, `DELETE FROM form_drafts
		WHERE id = $1 AND user_id = $2 AND path = $3 AND expires_at > $4 RETURNING form`, id, userID, path, db.now()).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("Kladden")
	}
	if err != nil {
		return nil, fmt.Errorf("take form draft: %w", err)
	}
	var form url.Values
	if err := json.Unmarshal(data, &form); err != nil {
		return nil, fmt.Errorf("decode form draft: %w", err)
	}
	return form, nil
}

// DeleteFormDraft drops draft id (restored elsewhere, or not the user's to see).
func (db *DB) DeleteFormDraft(ctx context.Context, id string) error {
	if _, err := db.Pool.Exec(ctx, `DELETE FROM form_drafts WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete form draft: %w", err)
	}
	return nil
}

// PurgeFormSubmissions drops one-time tokens claimed before cutoff: a
// resubmit a day later is no longer recognised (and no longer likely).
func (db *DB) PurgeFormSubmissions(ctx context.Context, cutoff time.Time) error {
	if _, err := db.Pool.Exec(ctx, `DELETE FROM form_submissions WHERE created_at < $1`, cutoff); err != nil {
		return fmt.Errorf("purge form submissions: %w", err)
	}
	return nil
}
