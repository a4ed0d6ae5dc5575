package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

const userColumns = `u.id, u.username, u.display_name, u.email, u.phone, u.roles, u.team_id,
	COALESCE(t.name, ''), u.active, u.session_epoch, u.is_demo, u.created_at, u.updated_at`

func scanUser(row pgx.Row) (domain.User, error) {
	var u domain.User
	var roles []string
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Email, &u.Phone, &roles, &u.TeamID,
		&u.TeamName, &u.Active, &u.SessionEpoch, &u.IsDemo, &u.CreatedAt, &u.UpdatedAt)
	for _, r := range roles {
		u.Roles = append(u.Roles, domain.Role(r))
	}
	return u, err
}

// FindUserByID returns the user with id, or ENOTFOUND.
func (db *DB) FindUserByID(ctx context.Context, id int64) (domain.User, error) {
	return byID(scanUser,
		db.Pool.QueryRow(ctx, `
		SELECT `+userColumns+`
		FROM users u LEFT JOIN teams t ON t.id = u.team_id
		WHERE u.id = $1`, id), "Brugeren")
}

// FindUserForLogin returns the user with username and its password hash,
// or ENOTFOUND.
func (db *DB) FindUserForLogin(ctx context.Context, username string) (domain.User, string, error) {
	var hash string
	var u domain.User
	var roles []string
	err := db.Pool.QueryRow(ctx, `
		SELECT `+userColumns+`, u.password_hash
		FROM users u LEFT JOIN teams t ON t.id = u.team_id
		WHERE u.username = $1`, username).Scan(&u.ID, &u.Username, &u.DisplayName, &u.Email, &u.Phone, &roles,
		&u.TeamID, &u.TeamName, &u.Active, &u.SessionEpoch, &u.IsDemo, &u.CreatedAt, &u.UpdatedAt, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return u, "", notFound("Brugeren")
	}
	if err != nil {
		return u, "", fmt.Errorf("find user %q for login: %w", username, err)
	}
	for _, r := range roles {
		u.Roles = append(u.Roles, domain.Role(r))
	}
	return u, hash, nil
}

// FindUsers returns one page of users matching f and the total count.
func (db *DB) FindUsers(ctx context.Context, f domain.UserFilter) ([]domain.User, int, error) {
	w := newWhere()
	if f.Query != "" {
		w.add("(u.username ILIKE '%%' || %s || '%%' OR u.display_name ILIKE '%%' || %s || '%%')", escapeLike(f.Query), escapeLike(f.Query))
	}
	if f.TeamID != nil {
		w.add("u.team_id = %s", *f.TeamID)
	}
	if f.Role != "" {
		w.add("%s = ANY (u.roles)", string(f.Role))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	args := append(w.args, limit, f.Offset)
	rows, err := db.Pool.Query(ctx, fmt.Sprintf(`
		SELECT `+userColumns+`, count(*) OVER ()
		FROM users u LEFT JOIN teams t ON t.id = u.team_id
		%s
		ORDER BY u.active DESC, u.display_name, u.id
		LIMIT $%d OFFSET $%d`, w.sql(), len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find users: %w", err)
	}
	defer rows.Close()
	var users []domain.User
	total := 0
	for rows.Next() {
		var u domain.User
		var roles []string
		if err := rows.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Email, &u.Phone, &roles, &u.TeamID,
			&u.TeamName, &u.Active, &u.SessionEpoch, &u.IsDemo, &u.CreatedAt, &u.UpdatedAt, &total); err != nil {
			return nil, 0, fmt.Errorf("scan user: %w", err)
		}
		for _, r := range roles {
			u.Roles = append(u.Roles, domain.Role(r))
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find users: %w", err)
	}
	if len(users) == 0 && f.Offset > 0 {
		// Past the last page: the count is still wanted for the pager.
		if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM users u `+w.sql(), w.args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count users: %w", err)
		}
	}
	return users, total, nil
}

// CreateUser validates in and inserts the user with a hashed password, once
// per form token of creatorID (a repeat returns *domain.AlreadySaved).
func (db *DB) CreateUser(ctx context.Context, in domain.UserInput, creatorID int64) (domain.User, error) {
	in.Normalize()
	if err := in.Validate(true); err != nil {
		return domain.User{}, err
	}
	hash, err := domain.HashPassword(in.Password)
	if err != nil {
		return domain.User{}, err
	}
	return db.insertUser(ctx, in, hash, false, creatorID)
}

func (db *DB) insertUser(ctx context.Context, in domain.UserInput, hash string, demo bool, creatorID int64) (domain.User, error) {
	var id int64
	err := db.onceInTx(ctx, in.FormToken, creatorID, domain.FormUser, &id, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `
		INSERT INTO users (username, display_name, email, phone, roles, team_id, password_hash, is_demo)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		RETURNING id`,
			in.Username, in.DisplayName, in.Email, in.Phone, in.Roles.Strings(), in.TeamID, hash, demo).Scan(&id)
	})
	if _, ok := domain.IsAlreadySaved(err); ok {
		return domain.User{}, err
	}
	if e := userRefused(err); e != nil {
		return domain.User{}, e
	}
	if err != nil {
		return domain.User{}, fmt.Errorf("insert user: %w", err)
	}
	return db.FindUserByID(ctx, id)
}

// UpdateUser changes a user's details, roles and team.
func (db *DB) UpdateUser(ctx context.Context, id int64, in domain.UserInput) (domain.User, error) {
	in.Normalize()
	if err := in.Validate(false); err != nil {
		return domain.User{}, err
	}
	tag, err := db.Pool.Exec(ctx, `
		UPDATE users
		SET username = $2, display_name = $3, email = $4, phone = $5, roles = $6, team_id = $7, updated_at = now()
		WHERE id = $1`,
		id, in.Username, in.DisplayName, in.Email, in.Phone, in.Roles.Strings(), in.TeamID)
	if e := userRefused(err); e != nil {
		return domain.User{}, e
	}
	if err != nil {
		return domain.User{}, fmt.Errorf("update user %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return domain.User{}, notFound("Brugeren")
	}
	return db.FindUserByID(ctx, id)
}

// SetUserActive activates or deactivates a user. Deactivating ends the
// user's sessions at once: the session middleware rejects inactive users and
// the epoch bump makes old sessions invalid even after reactivation.
func (db *DB) SetUserActive(ctx context.Context, id int64, active bool) error {
	tag, err := db.Pool.Exec(ctx, `
		UPDATE users
		SET active = $2,
		    session_epoch = CASE WHEN $2 THEN session_epoch ELSE session_epoch + 1 END,
		    updated_at = now()
		WHERE id = $1`, id, active)
	if err != nil {
		return fmt.Errorf("set user %d active=%v: %w", id, active, err)
	}
	if tag.RowsAffected() == 0 {
		return notFound("Brugeren")
	}
	return nil
}

// SetPassword sets a new password and ends the user's other sessions.
func (db *DB) SetPassword(ctx context.Context, id int64, password string) error {
	if msg := domain.PasswordProblem(password); msg != "" {
		return &domain.Error{Code: domain.EINVALID, Message: msg, Fields: map[string]string{"password": msg}}
	}
	hash, err := domain.HashPassword(password)
	if err != nil {
		return err
	}
	tag, err := db.Pool.Exec(ctx, `
		UPDATE users SET password_hash = $2, session_epoch = session_epoch + 1, updated_at = now()
		WHERE id = $1`, id, hash)
	if err != nil {
		return fmt.Errorf("set password for user %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return notFound("Brugeren")
	}
	return nil
}

// SetPasswordByUsername is SetPassword for the command line.
func (db *DB) SetPasswordByUsername(ctx context.Context, username, password string) error {
	u, _, err := db.FindUserForLogin(ctx, username)
	if err != nil {
		return err
	}
	return db.SetPassword(ctx, u.ID, password)
}

// userRefused names the field a user row was refused for: a username in use
// or a team that does not exist. Other errors give nil.
func userRefused(err error) error {
	switch {
	case isUniqueViolation(err, "users_username_unique"):
		return &domain.Error{Code: domain.EINVALID, Message: "Brugernavnet er allerede i brug.",
			Fields: map[string]string{"username": "Brugernavnet er allerede i brug. Vælg et andet."}}
	case isForeignKeyViolation(err):
		return &domain.Error{Code: domain.EINVALID, Message: "Teamet findes ikke.",
			Fields: map[string]string{"team_id": "Vælg et team fra listen."}}
	}
	return nil
}
