package demo

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DropDatabase drops the database named in databaseURL so that it can be
// built afresh (seed-scale --fresh). It refuses when the database holds a
// user that is not a demo user, and does nothing when it does not exist.
func DropDatabase(ctx context.Context, databaseURL string) error {
	cfg, err := pgx.ParseConfig(databaseURL)
	if err != nil {
		return fmt.Errorf("parse database url: %w", err)
	}
	name := cfg.Database
	if name == "" || name == "postgres" || name == "template0" || name == "template1" {
		return fmt.Errorf("databasen %q slettes ikke", name)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == "3D000": // invalid_catalog_name: nothing to drop
		return nil
	case err != nil:
		return fmt.Errorf("connect to %s: %w", name, err)
	}
	var real int
	var hasUsers bool
	err = conn.QueryRow(ctx, `SELECT to_regclass('users') IS NOT NULL`).Scan(&hasUsers)
	if err == nil && hasUsers {
		err = conn.QueryRow(ctx, `SELECT count(*) FROM users WHERE NOT is_demo`).Scan(&real)
	}
	conn.Close(ctx)
	if err != nil {
		return fmt.Errorf("count users: %w", err)
	}
	if real > 0 {
		return ErrNotDemoDatabase
	}
	cfg.Database = "postgres"
	admin, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connect to maintenance database: %w", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	return nil
}
