package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// RecordLoginAttempt stores one sign-in attempt for the lock-out rule.
func (db *DB) RecordLoginAttempt(ctx context.Context, username string, succeeded bool, ip string) error {
	_, err := db.Pool.Exec(ctx, `INSERT INTO login_attempts (username, succeeded, ip, at) VALUES ($1, $2, $3, $4)`,
		username, succeeded, ip, db.now())
	if err != nil {
		return fmt.Errorf("record login attempt: %w", err)
	}
	return nil
}

// LoginLockedUntil returns when sign-in for username opens again (zero when
// it is open), from its recent failures since its last success.
func (db *DB) LoginLockedUntil(ctx context.Context, username string) (time.Time, error) {
	now := db.now()
	since := now.Add(-domain.LockoutWindow - domain.LockoutDuration)
	rows, err := db.Pool.Query(ctx, `
		SELECT at FROM login_attempts
		WHERE username = $1 AND NOT succeeded AND at > $2
		  AND at > COALESCE((SELECT max(at) FROM login_attempts WHERE username = $1 AND succeeded), '-infinity')
		ORDER BY at`, username, since)
	if err != nil {
		return time.Time{}, fmt.Errorf("read login attempts: %w", err)
	}
	failures, err := pgx.CollectRows(rows, pgx.RowTo[time.Time])
	if err != nil {
		return time.Time{}, fmt.Errorf("read login attempts: %w", err)
	}
	return domain.LockedUntil(failures, now), nil
}

// LoginAddressLockedUntil returns when sign-in from the client address ip
// opens again (zero when it is open), from its recent failures across all
// usernames. An unknown address ("") is never locked: that would lock
// everyone whose address is unknown.
func (db *DB) LoginAddressLockedUntil(ctx context.Context, ip string) (time.Time, error) {
	if ip == "" {
		return time.Time{}, nil
	}
	now := db.now()
	since := now.Add(-domain.LockoutWindow - domain.LockoutDuration)
	rows, err := db.Pool.Query(ctx, `
		SELECT at FROM login_attempts
		WHERE ip = $1 AND NOT succeeded AND at > $2
		ORDER BY at`, ip, since)
	if err != nil {
		return time.Time{}, fmt.Errorf("read login attempts from address: %w", err)
	}
	failures, err := pgx.CollectRows(rows, pgx.RowTo[time.Time])
	if err != nil {
		return time.Time{}, fmt.Errorf("read login attempts from address: %w", err)
	}
	return domain.AddressLockedUntil(failures, now), nil
}
