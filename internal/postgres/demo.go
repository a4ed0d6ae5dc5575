package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// DemoPassword is every demo user's password.
const DemoPassword = "mentorspor"

// DemoUser is one sign-in of the demo municipality.
type DemoUser struct {
	Username, DisplayName, Email, Team string
	Roles                              domain.Roles
}

// DemoTeams and DemoUsers make up "Demo Kommune".
var (
	DemoTeams = []string{"Mentorteam Nord", "Mentorteam Syd"}
	DemoUsers = []DemoUser{
		{"sagsbehandler", "Signe Holm", "signe.holm@demo.kommune.dk", "Mentorteam Nord", domain.Roles{domain.RoleCaseworker}},
		{"mentor", "Mette Jensen", "mette.jensen@demo.kommune.dk", "Mentorteam Nord", domain.Roles{domain.RoleMentor}},
		{"teamleder", "Lars Nielsen", "lars.nielsen@demo.kommune.dk", "Mentorteam Nord", domain.Roles{domain.RoleTeamLead}},
		{"admin", "Karin Berg", "karin.berg@demo.kommune.dk", "", domain.Roles{domain.RoleAdmin}},
		{"mentor2", "Jonas Østergaard", "jonas.ostergaard@demo.kommune.dk", "Mentorteam Syd", domain.Roles{domain.RoleMentor}},
		{"mentor3", "Fatima Ali", "fatima.ali@demo.kommune.dk", "Mentorteam Syd", domain.Roles{domain.RoleMentor}},
		{"sagsbehandler2", "Peter Lund", "peter.lund@demo.kommune.dk", "Mentorteam Syd", domain.Roles{domain.RoleCaseworker}},
	}
)

// ErrNotDemoDatabase refuses seeding a database that holds real users.
var ErrNotDemoDatabase = domain.Errorf(domain.ECONFLICT,
	"databasen indeholder brugere, der ikke er demobrugere; demodata indlæses ikke")

// SeedDemo creates "Demo Kommune" in one transaction. It is idempotent: what
// exists is kept, what is missing is added. It refuses to run against a
// database that holds non-demo users.
func (db *DB) SeedDemo(ctx context.Context) error {
	hash, err := domain.HashPassword(DemoPassword)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		// Serialise concurrent seeders (two app instances starting together).
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(727001)`); err != nil {
			return fmt.Errorf("seed lock: %w", err)
		}
		var real int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM users WHERE NOT is_demo`).Scan(&real); err != nil {
			return fmt.Errorf("count users: %w", err)
		}
		if real > 0 {
			return ErrNotDemoDatabase
		}
		teamIDs := map[string]int64{}
		for _, name := range DemoTeams {
			var id int64
			err := tx.QueryRow(ctx, `
				INSERT INTO teams (name) VALUES ($1)
				ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
				RETURNING id`, name).Scan(&id)
			if err != nil {
				return fmt.Errorf("seed team %s: %w", name, err)
			}
			teamIDs[name] = id
		}
		for _, u := range DemoUsers {
			var teamID *int64
			if id, ok := teamIDs[u.Team]; ok {
				teamID = &id
			}
			_, err := tx.Exec(ctx, `
				INSERT INTO users (username, display_name, email, roles, team_id, password_hash, is_demo)
				VALUES ($1, $2, $3, $4, $5, $6, true)
				ON CONFLICT (username) DO NOTHING`,
				u.Username, u.DisplayName, u.Email, u.Roles.Strings(), teamID, hash)
			if err != nil {
				return fmt.Errorf("seed user %s: %w", u.Username, err)
			}
		}
		today := domain.DateOf(db.now())
		if err := seedDemoCitizens(ctx, tx, today); err != nil {
			return err
		}
		// Goals are the citizen's: make one per goal text in the grants.
		if _, err := tx.Exec(ctx, `
			INSERT INTO goals (citizen_id, text)
			SELECT DISTINCT g.citizen_id, i.text
			FROM grant_revision_items i
			JOIN grant_revisions r ON r.id = i.revision_id
			JOIN grants g ON g.id = r.grant_id
			WHERE i.kind = 'maal'
			ON CONFLICT (citizen_id, text) DO NOTHING`); err != nil {
			return fmt.Errorf("seed goals: %w", err)
		}
		if err := seedDemoSessions(ctx, tx, today); err != nil {
			return err
		}
		if err := seedDemoPhases(ctx, tx, today); err != nil {
			return err
		}
		return seedDemoTeamLead(ctx, tx, today)
	})
}
