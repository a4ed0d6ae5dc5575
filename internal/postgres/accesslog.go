package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

const insertAccess = `
	INSERT INTO access_log (user_id, username, action, citizen_id, entity, entity_id, detail, purpose, request_id, ip)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`

func accessArgs(e domain.AccessEntry) []any {
	return []any{e.UserID, e.Username, e.Action, e.CitizenID, e.Entity, e.EntityID, e.Detail, e.Purpose, e.RequestID, e.IP}
}

// LogAccess appends one entry to the access log.
func (db *DB) LogAccess(ctx context.Context, e domain.AccessEntry) error {
	if _, err := db.Pool.Exec(ctx, insertAccess, accessArgs(e)...); err != nil {
		return fmt.Errorf("write access log: %w", err)
	}
	return nil
}

// ErrNoActor refuses a change of a citizen's data that nobody answers for.
var ErrNoActor = fmt.Errorf("change of a citizen's data without an actor in the context")

// logChange writes the access-log entry for a change of a citizen's data
// inside the change's own transaction: the change and its log row are saved
// together or not at all. The actor comes from the context (the server puts
// the signed-in user there); a change without one is refused.
func logChange(ctx context.Context, tx pgx.Tx, action string, citizenID int64, entity string, entityID int64, purpose string) error {
	a, ok := domain.ActorFrom(ctx)
	if !ok {
		return ErrNoActor
	}
	if _, err := tx.Exec(ctx, insertAccess, accessArgs(a.Entry(action, citizenID, entity, entityID, purpose))...); err != nil {
		return fmt.Errorf("write access log: %w", err)
	}
	return nil
}

func accessWhere(f domain.AccessFilter) *where {
	w := newWhere()
	if f.Username != "" {
		w.add("a.username = %s", f.Username)
	}
	if f.CitizenID != nil {
		w.add("a.citizen_id = %s", *f.CitizenID)
	}
	if !f.From.IsZero() {
		w.add("a.at >= %s", f.From)
	}
	if !f.To.IsZero() {
		w.add("a.at < %s", f.To)
	}
	return w
}

const accessColumns = `a.id, a.at, a.user_id, a.username, a.action, a.citizen_id, a.entity, a.entity_id,
	a.detail, a.purpose, a.request_id, a.ip`

func scanAccess(row pgx.CollectableRow) (domain.AccessEntry, error) {
	var e domain.AccessEntry
	err := row.Scan(&e.ID, &e.At, &e.UserID, &e.Username, &e.Action, &e.CitizenID, &e.Entity, &e.EntityID,
		&e.Detail, &e.Purpose, &e.RequestID, &e.IP)
	return e, err
}

// FindAccessEntries returns one page of the access log, newest first, and
// the number of matching rows counted up to domain.AccessCountCap + 1 (more
// than the cap: "more than"). The page is found by key (f.BeforeID or
// f.AfterID), so a page deep in ten million rows costs what the first does.
func (db *DB) FindAccessEntries(ctx context.Context, f domain.AccessFilter) ([]domain.AccessEntry, int, error) {
	w := accessWhere(f)
	var total int
	if err := db.Pool.QueryRow(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM access_log a %s LIMIT %d) x`,
		w.sql(), domain.AccessCountCap+1), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count access log: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	order := "a.at DESC, a.id DESC"
	switch {
	case f.AfterID != 0:
		w.add("(a.at, a.id) > (SELECT k.at, k.id FROM access_log k WHERE k.id = %s)", f.AfterID)
		order = "a.at, a.id"
	case f.BeforeID != 0:
		w.add("(a.at, a.id) < (SELECT k.at, k.id FROM access_log k WHERE k.id = %s)", f.BeforeID)
	}
	args := append(append([]any{}, w.args...), limit)
	rows, err := db.Pool.Query(ctx, fmt.Sprintf(`
		SELECT `+accessColumns+` FROM access_log a %s
		ORDER BY %s
		LIMIT $%d`, w.sql(), order, len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find access log: %w", err)
	}
	entries, err := pgx.CollectRows(rows, scanAccess)
	if err != nil {
		return nil, 0, fmt.Errorf("find access log: %w", err)
	}
	if f.AfterID != 0 {
		slices.Reverse(entries)
	}
	return entries, total, nil
}

// EachAccessEntry streams every matching entry, oldest first, to fn (exports).
func (db *DB) EachAccessEntry(ctx context.Context, f domain.AccessFilter, fn func(domain.AccessEntry) error) error {
	w := accessWhere(f)
	rows, err := db.Pool.Query(ctx, `SELECT `+accessColumns+` FROM access_log a `+w.sql()+` ORDER BY a.at, a.id`, w.args...)
	if err != nil {
		return fmt.Errorf("export access log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanAccess(rows)
		if err != nil {
			return fmt.Errorf("scan access log: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// LogAccessMany appends several entries in one statement (a list of
// citizens shown is one entry per citizen): the columns go as arrays and
// are unnested in order.
func (db *DB) LogAccessMany(ctx context.Context, entries []domain.AccessEntry) error {
	if len(entries) == 0 {
		return nil
	}
	n := len(entries)
	userIDs, citizenIDs := make([]*int64, n), make([]*int64, n)
	usernames, actions, entities, entityIDs := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	details, purposes, requestIDs, ips := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, e := range entries {
		userIDs[i], usernames[i], actions[i], citizenIDs[i] = e.UserID, e.Username, e.Action, e.CitizenID
		entities[i], entityIDs[i], details[i], purposes[i], requestIDs[i], ips[i] = e.Entity, e.EntityID, e.Detail, e.Purpose, e.RequestID, e.IP
	}
	_, err := db.Pool.Exec(ctx, `
		INSERT INTO access_log (user_id, username, action, citizen_id, entity, entity_id, detail, purpose, request_id, ip)
		SELECT u, n, a, c, en, ei, d, p, r, ip FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
		                     $8::text[], $9::text[], $10::text[]) WITH ORDINALITY AS x(u, n, a, c, en, ei, d, p, r, ip, o)
		ORDER BY o`, userIDs, usernames, actions, citizenIDs, entities, entityIDs, details, purposes, requestIDs, ips)
	if err != nil {
		return fmt.Errorf("write access log: %w", err)
	}
	return nil
}

// logGrantChange is logChange for a change made on a grant's behalf: the
// citizen and the purpose (the grant's function, law and start) are read
// from the grant inside the same transaction.
func logGrantChange(ctx context.Context, tx pgx.Tx, action string, grantID int64, entity string, entityID int64) error {
	var g domain.Grant
	err := tx.QueryRow(ctx, `
		SELECT g.citizen_id, g.function, g.start_date, lb.paragraph, lb.law
		FROM grants g JOIN legal_bases lb ON lb.id = g.legal_basis_id WHERE g.id = $1`, grantID).
		Scan(&g.CitizenID, &g.Function, &g.Start, &g.LegalBasis.Paragraph, &g.LegalBasis.Law)
	if err != nil {
		return fmt.Errorf("grant %d for the access log: %w", grantID, err)
	}
	return logChange(ctx, tx, action, g.CitizenID, entity, entityID, domain.GrantPurpose(g))
}

// logConcernChange is logChange for a concern: its citizen and category
// are read inside the same transaction.
func logConcernChange(ctx context.Context, tx pgx.Tx, action string, concernID int64) error {
	var citizenID int64
	var category string
	if err := tx.QueryRow(ctx, `SELECT citizen_id, category FROM concerns WHERE id = $1`, concernID).
		Scan(&citizenID, &category); err != nil {
		return fmt.Errorf("concern %d for the access log: %w", concernID, err)
	}
	return logChange(ctx, tx, action, citizenID, domain.EntityConcern, concernID, domain.ConcernPurpose(category))
}
