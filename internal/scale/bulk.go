package scale

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// bulkTables are the tables that take millions of rows. Their foreign keys
// and secondary indexes are dropped for the load and restored after it, as
// PostgreSQL's "populating a database" advises: re-adding a foreign key
// checks every row in one set-based pass, so the constraints hold exactly as
// if each row had been checked on insert. Primary keys and unique
// constraints stay in place throughout.
var bulkTables = []string{"access_log", "mentor_sessions", "session_tasks", "session_goal_scores", "grant_revision_items"}

// restoreStep is one DDL statement that puts back what was dropped.
type restoreStep struct{ what, sql string }

// dropForLoad drops the bulk tables' foreign keys and secondary indexes and
// returns the statements that restore them (indexes first, then keys, then
// the triggers and the facts they keep).
func dropForLoad(ctx context.Context, conn *pgxpool.Conn) ([]restoreStep, error) {
	var indexes, keys []restoreStep
	rows, err := conn.Query(ctx, `
		SELECT 'index', format('%I', i.relname), pg_get_indexdef(i.oid)
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		WHERE t.relname = ANY ($1) AND t.relnamespace = 'public'::regnamespace
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
		UNION ALL
		SELECT 'fkey', format('ALTER TABLE %I DROP CONSTRAINT %I', t.relname, c.conname),
			format('ALTER TABLE %I ADD CONSTRAINT %I %s', t.relname, c.conname, pg_get_constraintdef(c.oid))
		FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
		WHERE t.relname = ANY ($1) AND t.relnamespace = 'public'::regnamespace AND c.contype = 'f'`, bulkTables)
	if err != nil {
		return nil, err
	}
	var drops []string
	for rows.Next() {
		var kind, drop, restore string
		if err := rows.Scan(&kind, &drop, &restore); err != nil {
			return nil, err
		}
		if kind == "index" {
			drops = append(drops, "DROP INDEX "+drop)
			indexes = append(indexes, restoreStep{"index " + drop, restore})
		} else {
			drops = append(drops, drop)
			keys = append(keys, restoreStep{"constraint", restore})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The triggers that keep citizen_facts and session_months would work
	// once for every row loaded: they are off for the load, and one
	// set-based rebuild after it leaves the tables as the triggers would have.
	rows, err = conn.Query(ctx, `
		SELECT format('ALTER TABLE %I DISABLE TRIGGER %I', c.relname, t.tgname),
		       format('ALTER TABLE %I ENABLE TRIGGER %I', c.relname, t.tgname)
		FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
		WHERE t.tgfoid IN ('citizen_facts_on_change'::regproc, 'citizen_facts_on_citizen'::regproc,
			'session_months_on_change'::regproc)`)
	if err != nil {
		return nil, err
	}
	var triggers []restoreStep
	for rows.Next() {
		var disable, enable string
		if err := rows.Scan(&disable, &enable); err != nil {
			return nil, err
		}
		drops = append(drops, disable)
		triggers = append(triggers, restoreStep{"trigger", enable})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	restore := append(append(indexes, keys...), triggers...)
	restore = append(restore, restoreStep{"citizen facts", `SELECT citizen_facts_rebuild()`},
		restoreStep{"session months", `SELECT session_months_rebuild()`})
	for _, d := range drops {
		if _, err := conn.Exec(ctx, d); err != nil {
			return restore, fmt.Errorf("%s: %w", d, err)
		}
	}
	return restore, nil
}

// restoreAfterLoad runs the restore statements; it goes on after a failure
// so that as much as possible is back, and returns the first error.
func restoreAfterLoad(ctx context.Context, conn *pgxpool.Conn, steps []restoreStep) error {
	var first error
	for _, s := range steps {
		if _, err := conn.Exec(ctx, s.sql); err != nil && first == nil {
			first = fmt.Errorf("restore %s (%s): %w", s.what, s.sql, err)
		}
	}
	return first
}
