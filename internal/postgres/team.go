package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// FindTeams returns all teams with their number of active members.
func (db *DB) FindTeams(ctx context.Context) ([]domain.Team, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT t.id, t.name, count(u.id) FILTER (WHERE u.active), t.created_at
		FROM teams t LEFT JOIN users u ON u.team_id = t.id
		GROUP BY t.id
		ORDER BY t.name`)
	if err != nil {
		return nil, fmt.Errorf("find teams: %w", err)
	}
	teams, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Team, error) {
		var t domain.Team
		err := row.Scan(&t.ID, &t.Name, &t.Members, &t.CreatedAt)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("find teams: %w", err)
	}
	return teams, nil
}

// FindTeamByID returns the team with id, or ENOTFOUND.
func (db *DB) FindTeamByID(ctx context.Context, id int64) (domain.Team, error) {
	var t domain.Team
	err := db.Pool.QueryRow(ctx, `
		SELECT t.id, t.name, (SELECT count(*) FROM users u WHERE u.team_id = t.id AND u.active), t.created_at
		FROM teams t WHERE t.id = $1`, id).Scan(&t.ID, &t.Name, &t.Members, &t.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return t, notFound("Teamet")
	}
	if err != nil {
		return t, fmt.Errorf("find team %d: %w", id, err)
	}
	return t, nil
}

var teamNameTaken = &domain.Error{Code: domain.EINVALID, Message: "Der findes allerede et team med det navn.",
	Fields: map[string]string{"name": "Der findes allerede et team med det navn."}}

// CreateTeam validates in and inserts the team, once per form token of
// userID (a repeat returns *domain.AlreadySaved).
func (db *DB) CreateTeam(ctx context.Context, in domain.TeamInput, userID int64) (domain.Team, error) {
	if err := in.Validate(); err != nil {
		return domain.Team{}, err
	}
	var id int64
	err := db.onceInTx(ctx, in.FormToken, userID, domain.FormTeam, &id, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO teams (name) VALUES ($1) RETURNING id`, in.Name).Scan(&id)
	})
	if _, ok := domain.IsAlreadySaved(err); ok {
		return domain.Team{}, err
	}
	if isUniqueViolation(err, "teams_name_unique") {
		return domain.Team{}, teamNameTaken
	}
	if err != nil {
		return domain.Team{}, fmt.Errorf("insert team: %w", err)
	}
	return db.FindTeamByID(ctx, id)
}

// UpdateTeam renames a team.
func (db *DB) UpdateTeam(ctx context.Context, id int64, in domain.TeamInput) (domain.Team, error) {
	if err := in.Validate(); err != nil {
		return domain.Team{}, err
	}
	tag, err := db.Pool.Exec(ctx, `UPDATE teams SET name = $2 WHERE id = $1`, id, in.Name)
	if isUniqueViolation(err, "teams_name_unique") {
		return domain.Team{}, teamNameTaken
	}
	if err != nil {
		return domain.Team{}, fmt.Errorf("update team %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return domain.Team{}, notFound("Teamet")
	}
	return db.FindTeamByID(ctx, id)
}
