package postgres

import (
	"context"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	mathrand "math/rand/v2"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// The server runs as an app role that owns nothing: it reads and writes the
// data but can neither alter nor drop a table, nor disable the triggers that
// keep the logs append-only, nor update, delete or truncate a log row. The
// owner (migrations) grants it exactly this after every migration.

// AppendOnlyTables are the logs the app role may only read and append to.
var AppendOnlyTables = []string{"access_log", "phase_switches"}

// AppGrants are the statements, run by the owner after migrating, that give
// role exactly the privileges the app needs in schema public. They start by
// revoking, so the result does not depend on what was granted before.
func AppGrants(role string) []string {
	r := pgx.Identifier{role}.Sanitize()
	logs := make([]string, len(AppendOnlyTables))
	for i, t := range AppendOnlyTables {
		logs[i] = pgx.Identifier{t}.Sanitize()
	}
	return []string{
		// Nobody but the owner creates objects in public (PostgreSQL 15's
		// default; older servers grant CREATE to PUBLIC).
		`REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
		`REVOKE ALL ON SCHEMA public FROM ` + r,
		`GRANT USAGE ON SCHEMA public TO ` + r,
		`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ` + r,
		`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ` + r,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ` + r,
		`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ` + r,
		`REVOKE UPDATE, DELETE ON ` + strings.Join(logs, ", ") + ` FROM ` + r,
		// The app reads the schema version (readiness) but never writes it.
		`REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM ` + r,
	}
}

// GrantAppPrivileges gives role the app's privileges in the database conn is
// connected to. The caller owns the tables (or is a superuser). Concurrent
// callers on one database are serialised: PostgreSQL refuses two concurrent
// grants on one object.
func GrantAppPrivileges(ctx context.Context, conn *pgx.Conn, role string) error {
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(727002)`); err != nil {
			return fmt.Errorf("lock grants: %w", err)
		}
		var db, owner string
		if err := tx.QueryRow(ctx, `SELECT current_database(), current_user`).Scan(&db, &owner); err != nil {
			return fmt.Errorf("read database name: %w", err)
		}
		if owner == role {
			// The revokes below would strip the owner of its own privileges.
			return fmt.Errorf("the app role %s is the owner itself: serve through a separate role", role)
		}
		stmts := append([]string{`GRANT CONNECT ON DATABASE ` + pgx.Identifier{db}.Sanitize() + ` TO ` + pgx.Identifier{role}.Sanitize()},
			AppGrants(role)...)
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s); err != nil {
				return fmt.Errorf("grant the app role %s (%s): %w", role, s, err)
			}
		}
		return nil
	})
}

// EnsureAppRole creates role as a LOGIN role with no special attributes, or
// resets an existing one to that, and sets its password. The caller is a
// superuser or has CREATEROLE. Roles are shared by every database on the
// server, so several processes may do this at once: a lost race (the role
// created, or its row updated, by another) is retried.
func EnsureAppRole(ctx context.Context, conn *pgx.Conn, role, password string) error {
	var err error
	for attempt := range 8 {
		if err = ensureAppRole(ctx, conn, role, password); err == nil || !isRoleRace(err) {
			break
		}
		time.Sleep(time.Duration(attempt+1)*10*time.Millisecond + mathrand.N(20*time.Millisecond))
	}
	return err
}

func ensureAppRole(ctx context.Context, conn *pgx.Conn, role, password string) error {
	r := pgx.Identifier{role}.Sanitize()
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)`, role).Scan(&exists); err != nil {
		return fmt.Errorf("look up role %s: %w", role, err)
	}
	if !exists {
		// CREATE ROLE's defaults: NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS.
		if _, err := conn.Exec(ctx, `CREATE ROLE `+r+` LOGIN`); err != nil {
			return fmt.Errorf("create role %s: %w", role, err)
		}
	}
	// The password goes as a SCRAM verifier, so its clear text never
	// reaches the server (nor its statement log).
	verifier, err := scramVerifier(password)
	if err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `ALTER ROLE `+r+` LOGIN NOCREATEDB NOCREATEROLE PASSWORD `+quoteLiteral(verifier)); err != nil {
		return fmt.Errorf("alter role %s: %w", role, err)
	}
	// Only a superuser may change these; refuse rather than serve with them.
	var super, replication, bypassRLS bool
	err = conn.QueryRow(ctx, `SELECT rolsuper, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = $1`, role).
		Scan(&super, &replication, &bypassRLS)
	if err != nil {
		return fmt.Errorf("read role %s: %w", role, err)
	}
	if super || replication || bypassRLS {
		return fmt.Errorf("role %s is SUPERUSER, REPLICATION or BYPASSRLS: choose another app role name", role)
	}
	return nil
}

// isRoleRace reports whether err is a lost race with a concurrent CREATE or
// ALTER ROLE of the same role.
func isRoleRace(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	switch pgErr.Code {
	case "42710", "23505", "40001", "40P01": // duplicate_object, unique_violation (pg_authid), serialization, deadlock
		return true
	}
	return pgErr.Code == "XX000" && strings.Contains(pgErr.Message, "concurrently")
}

// AppRoleURL returns ownerURL with the user and password replaced by role's,
// and that password. The password is derived from the owner's (from the URL,
// PGPASSWORD or the password file), so every instance started with the same
// owner URL sets and uses the same one. Without an owner password (trust,
// peer or certificate authentication) it is random at each start.
func AppRoleURL(ownerURL, role string) (appURL, password string, err error) {
	cfg, err := pgconn.ParseConfig(ownerURL)
	if err != nil {
		return "", "", fmt.Errorf("parse database url: %w", err)
	}
	if cfg.Password != "" {
		mac := hmac.New(sha256.New, []byte(cfg.Password))
		mac.Write([]byte("mentorspor app role\x00" + role))
		password = hex.EncodeToString(mac.Sum(nil))
	} else {
		password = rand.Text()
	}
	u, err := url.Parse(ownerURL)
	if err != nil {
		return "", "", fmt.Errorf("parse database url: %w", err)
	}
	u.User = url.UserPassword(role, password)
	q := u.Query()
	q.Del("user")
	q.Del("password")
	u.RawQuery = q.Encode()
	return u.String(), password, nil
}

// CheckAppRole refuses a pool whose role could tamper with the logs: a
// superuser, a member of a log's owner, or a role with UPDATE, DELETE,
// TRUNCATE or TRIGGER on a log or CREATE on schema public.
func (db *DB) CheckAppRole(ctx context.Context) error {
	var user string
	var problems []string
	err := db.Pool.QueryRow(ctx, `
		SELECT r.rolname,
		       array_remove(ARRAY[
		           CASE WHEN r.rolsuper THEN 'is a superuser' END,
		           CASE WHEN r.rolbypassrls THEN 'has BYPASSRLS' END,
		           CASE WHEN has_schema_privilege('public', 'CREATE') THEN 'may create objects in schema public' END
		       ] || ARRAY(
		           SELECT c.relname || CASE WHEN pg_has_role(c.relowner, 'MEMBER') THEN ': owns it'
		                                    ELSE ': may update, delete, truncate or add triggers' END
		           FROM pg_class c
		           WHERE c.oid = ANY (SELECT to_regclass('public.' || t) FROM unnest($1::text[]) t)
		             AND (pg_has_role(c.relowner, 'MEMBER')
		                  OR has_table_privilege(c.oid, 'UPDATE, DELETE, TRUNCATE, TRIGGER'))
		       ), NULL)
		FROM pg_roles r WHERE r.rolname = current_user`, AppendOnlyTables).Scan(&user, &problems)
	if err != nil {
		return fmt.Errorf("check the app role: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("the database role %s could tamper with the append-only logs (%s): "+
			"serve through a role that owns nothing (see APP_DATABASE_URL in the README)", user, strings.Join(problems, "; "))
	}
	return nil
}

// scramVerifier returns PostgreSQL's SCRAM-SHA-256 verifier for password
// (RFC 5802/7677, as pg_authid stores it).
func scramVerifier(password string) (string, error) {
	const iterations = 4096
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil {
		return "", err
	}
	mac := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	storedKey := sha256.Sum256(mac(salted, "Client Key"))
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", iterations, b64(salt), b64(storedKey[:]), b64(mac(salted, "Server Key"))), nil
}

// quoteLiteral quotes s as an SQL string literal (utility statements such as
// ALTER ROLE take no parameters).
func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
