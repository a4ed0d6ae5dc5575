package postgres

import (
	"context"
	"fmt"
	"time"
)

// DeleteExpiredSessions removes sessions past their expiry. scs/pgxstore has
// a cleanup goroutine of its own, but stopping it races (an open upstream
// issue), so the server runs this instead.
func (db *DB) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	tag, err := db.Pool.Exec(ctx, `DELETE FROM sessions WHERE expiry < now()`)
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return tag.RowsAffected(), nil
}

// CleanSessionsEvery deletes expired sessions every interval until ctx ends.
func (db *DB) CleanSessionsEvery(ctx context.Context, interval time.Duration, onErr func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := db.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
				onErr(err)
			}
		}
	}
}
