// Package demo seeds "Demo Kommune", the fictitious municipality the app
// shows out of the box and the tests run against: teams and sign-ins,
// citizens with grants in every state, three months of sessions and
// concerns, the phase log with coping windows, and the team lead's booklet
// and supervision. Every date is relative to the store's clock. The seed
// writes its rows with batched SQL in one transaction the store lends it
// (postgres.DB.Seed).
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
)

// Password is every demo user's password.
const Password = "mentorspor"

// User is one sign-in of the demo municipality.
type User struct {
	Username, DisplayName, Email, Team string
	Roles                              domain.Roles
}

// Teams and Users make up "Demo Kommune".
var (
	Teams = []string{"Mentorteam Nord", "Mentorteam Syd"}
	Users = []User{
		{"sagsbehandler", "Signe Holm", "signe.holm@demo.kommune.dk", "Mentorteam Nord", domain.Roles{domain.RoleCaseworker}},
		{"mentor", "Mette Jensen", "mette.jensen@demo.kommune.dk", "Mentorteam Nord", domain.Roles{domain.RoleMentor}},
		{"teamleder", "Lars Nielsen", "lars.nielsen@demo.kommune.dk", "Mentorteam Nord", domain.Roles{domain.RoleTeamLead}},
		{"admin", "Karin Berg", "karin.berg@demo.kommune.dk", "", domain.Roles{domain.RoleAdmin}},
		{"mentor2", "Jonas Østergaard", "jonas.ostergaard@demo.kommune.dk", "Mentorteam Syd", domain.Roles{domain.RoleMentor}},
		{"mentor3", "Fatima Ali", "fatima.ali@demo.kommune.dk", "Mentorteam Syd", domain.Roles{domain.RoleMentor}},
		{"sagsbehandler2", "Peter Lund", "peter.lund@demo.kommune.dk", "Mentorteam Syd", domain.Roles{domain.RoleCaseworker}},
		// The social administration's caseworker: decides § 85 and the job centre's proposals.
		{demoSocialWorker, "Sofie Lindberg", "sofie.lindberg@demo.kommune.dk", "", domain.Roles{domain.RoleSocialWorker}},
	}
)

// ErrNotDemoDatabase refuses seeding a database that holds real users.
var ErrNotDemoDatabase = domain.Errorf(domain.ECONFLICT,
	"databasen indeholder brugere, der ikke er demobrugere; demodata indlæses ikke")

// Script names the citizens the demo chose for the states the README
// promises. The demo is placed relative to the clock's day, and when the
// preferred citizen does not fit that day another one is used, so tests read
// the names from here instead of hard-coding them. A name is empty when the
// state was already seeded by an earlier run (seeding is idempotent).
type Script struct {
	Today           domain.Date // the day everything was placed relative to
	CopingOverdue   string      // open window, about 5 days past expiry (demo caseworker's citizen)
	CopingSoon      string      // open window expiring in about 3 days (demo caseworker's citizen)
	CopingLater     string      // open window expiring in about 20 days
	CopingRequest   string      // a mentor's pending request (demo caseworker's citizen)
	CopingMet       string      // window closed as "behovet er dækket"
	CopingConverted string      // window converted to § 85 by a phase switch
	// Proposals (indstillinger) to the social administration, one per state.
	ProposalPending  string // waiting since the last workday (the demo caseworker's)
	ProposalOverdue  string // waiting past flag_proposal_days (the demo caseworker's)
	ProposalRejected string // rejected with a reason
	ProposalApproved string // approved: the newest LAB → § 85 switch of one person
}

// Seed creates "Demo Kommune" in one transaction; see SeedScript.
func Seed(ctx context.Context, db *postgres.DB) error {
	_, err := SeedScript(ctx, db)
	return err
}

// SeedScript creates "Demo Kommune" in one transaction and returns the
// citizens it chose. It is idempotent: what exists is kept, what is missing
// is added. It refuses to run against a database that holds non-demo users.
func SeedScript(ctx context.Context, db *postgres.DB) (Script, error) {
	var script Script
	hash, err := domain.HashPassword(Password)
	if err != nil {
		return script, err
	}
	return script, db.Seed(ctx, func(ctx context.Context, tx pgx.Tx, now time.Time) error {
		script.Today = domain.DateOf(now)
		var real int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM users WHERE NOT is_demo`).Scan(&real); err != nil {
			return fmt.Errorf("count users: %w", err)
		}
		if real > 0 {
			return ErrNotDemoDatabase
		}
		teamIDs := map[string]int64{}
		for _, name := range Teams {
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
		for _, u := range Users {
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
		today := script.Today
		if err := seedCitizens(ctx, tx, today); err != nil {
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
		if err := seedSessions(ctx, tx, today); err != nil {
			return err
		}
		if err := seedPhases(ctx, tx, today, &script); err != nil {
			return err
		}
		if err := seedProposals(ctx, tx, today, &script); err != nil {
			return fmt.Errorf("seed demo proposals: %w", err)
		}
		if err := seedTeamLead(ctx, tx, today); err != nil {
			return err
		}
		return seedMoney(ctx, tx, today, now)
	})
}
