package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Roles as stored in users.roles, and the demo user of each: the demo user
// is picked first, so even a small database signs in as the people the
// generator made heavy (the team lead's 15 mentors, the mentor's 25 citizens).
var roles = []struct{ role, demo string }{
	{"sagsbehandler", "sagsbehandler"},
	{"mentor", "mentor"},
	{"teamleder", "teamleder"},
	{"administrator", "admin"},
}

func demoUser(role string) string {
	for _, r := range roles {
		if r.role == role {
			return r.demo
		}
	}
	return ""
}

// activeGrant is the condition of a grant a mentor can log sessions on today.
const activeGrant = `g.status = 'bevilget' AND g.start_date <= current_date AND (g.end_date IS NULL OR g.end_date >= current_date)`

// pickUsers returns up to n active users of the role, the demo user first.
// Team leads must lead a team; mentors must have a grant to log sessions on.
func pickUsers(ctx context.Context, db *pgx.Conn, role string, n int) ([]string, error) {
	extra := ""
	switch role {
	case "teamleder":
		extra = ` AND u.team_id IS NOT NULL`
	case "mentor":
		extra = ` AND EXISTS (SELECT 1 FROM grants g WHERE g.person_id = u.id AND ` + activeGrant + `)`
	}
	rows, err := db.Query(ctx, `SELECT u.username FROM users u WHERE u.active AND $1 = ANY (u.roles)`+extra+`
		ORDER BY u.username = $2 DESC, u.username LIMIT $3`, role, demoUser(role), n)
	if err != nil {
		return nil, fmt.Errorf("pick %s users: %w", role, err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("pick %s users: %w", role, err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no active user with the role %s", role)
	}
	return names, nil
}

// saveNote marks the sessions the load run saves, so that a later run
// does not take them for the generator's.
const saveNote = "Belastningstest"

// heavyCitizen is the citizen with the most sessions among the demo
// mentor's: the generator's 400-session citizen. Sessions an earlier load
// run saved do not count.
type heavyCitizen struct {
	ID       int64
	CPR      string
	Surname  string
	Sessions int
}

func pickHeavyCitizen(ctx context.Context, db *pgx.Conn, mentor string) (heavyCitizen, error) {
	var h heavyCitizen
	var name string
	err := db.QueryRow(ctx, `
		SELECT c.id, c.cpr, c.name, (SELECT count(*) FROM mentor_sessions s WHERE s.citizen_id = c.id AND s.note <> $2) AS n
		FROM citizens c
		WHERE c.id IN (SELECT g.citizen_id FROM grants g JOIN users u ON u.id = g.person_id WHERE u.username = $1)
		ORDER BY n DESC, c.id LIMIT 1`, mentor, saveNote).Scan(&h.ID, &h.CPR, &name, &h.Sessions)
	if err != nil {
		return h, fmt.Errorf("find the citizen with most sessions among %s's: %w", mentor, err)
	}
	fields := strings.Fields(name)
	h.Surname = fields[len(fields)-1]
	return h, nil
}

// sessionCitizen is a citizen the mentor can log a session on today, not
// the heavy citizen (whose page would grow with every run).
func sessionCitizen(ctx context.Context, db *pgx.Conn, mentor string, heavy int64) (int64, error) {
	var id int64
	err := db.QueryRow(ctx, `SELECT g.citizen_id FROM grants g JOIN users u ON u.id = g.person_id
		WHERE u.username = $1 AND `+activeGrant+` ORDER BY g.citizen_id = $2, g.id LIMIT 1`, mentor, heavy).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("find a citizen %s can log a session on: %w", mentor, err)
	}
	return id, nil
}

// dataFacts describes the database for the report's header.
func dataFacts(ctx context.Context, db *pgx.Conn) (string, int64, error) {
	var citizens, grants, sessions, staff, log, size int64
	err := db.QueryRow(ctx, `SELECT (SELECT count(*) FROM citizens), (SELECT count(*) FROM grants),
		(SELECT count(*) FROM mentor_sessions), (SELECT count(*) FROM users),
		(SELECT count(*) FROM access_log), pg_database_size(current_database())`).
		Scan(&citizens, &grants, &sessions, &staff, &log, &size)
	if err != nil {
		return "", 0, fmt.Errorf("count the data: %w", err)
	}
	return fmt.Sprintf("%d citizens, %d grants, %d sessions, %d users, %d access-log rows",
		citizens, grants, sessions, staff, log), size, nil
}
