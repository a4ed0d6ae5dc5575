package scale_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"mentorspor/internal/postgres/pgtest"
	"mentorspor/internal/scale"
)

// TestGenerateSmall builds the set at a tiny factor: every row passes the
// schema's constraints and triggers (the inserts fail otherwise), the counts
// follow the factor, every state exists, and the demo users have their loads.
func TestGenerateSmall(t *testing.T) {
	ctx := context.Background()
	db := pgtest.NewDB(t)
	const factor = 0.002
	var progress bytes.Buffer
	c, err := scale.Generate(ctx, db, factor, &progress)
	if err != nil {
		t.Fatalf("generate: %v\n%s", err, progress.String())
	}
	t.Log(progress.String())
	if !strings.Contains(progress.String(), "adgangslog") {
		t.Errorf("no progress for the access log:\n%s", progress.String())
	}
	want := scale.CountsFor(factor)
	if c != want || want.Citizens != 200 || want.Sessions != 6000 || want.AccessLog != 20000 || want.Teams != 1 {
		t.Fatalf("counts %+v, want %+v", c, want)
	}

	one := func(q string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := db.Pool.QueryRow(ctx, q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	within := func(what string, got, want int64, tolerance float64) {
		t.Helper()
		if float64(got) < float64(want)*(1-tolerance) || float64(got) > float64(want)*(1+tolerance) {
			t.Errorf("%s: %d, want about %d", what, got, want)
		}
	}
	within("citizens", one(`SELECT count(*) FROM citizens WHERE email LIKE '%@example.dk' OR email = ''`), 200, 0.3)
	within("grants", one(`SELECT count(*) FROM grants`), 300, 0.3)
	// Sessions: exact for the generated grants (the demo adds its own).
	within("sessions", one(`SELECT count(*) FROM mentor_sessions`), 6000, 0.2)
	within("access log", one(`SELECT count(*) FROM access_log`), 20000, 0.1)
	if n := one(`SELECT count(*) FROM users WHERE username ~ '^(mentor[0-9]{4}|sagsbeh[0-9]{3}|teamleder[0-9]{2}|admin[0-9]{2})$' AND is_demo`); n != 1+1+1+1 {
		t.Errorf("generated staff: %d, want 4 (one of each)", n)
	}
	if n := one(`SELECT count(*) FROM users WHERE NOT is_demo`); n != 0 {
		t.Errorf("%d users are not demo users", n)
	}

	// The facts the triggers keep were off for the load and rebuilt after it:
	// they equal the facts computed afresh, and the triggers are back on.
	if n := one(`SELECT count(*) FROM citizen_facts f JOIN citizen_facts_compute(ARRAY(SELECT id FROM citizens)) x
		ON x.citizen_id = f.citizen_id WHERE row(f.*) IS DISTINCT FROM row(x.*)`); n != 0 {
		t.Errorf("%d citizens' facts differ from their sessions", n)
	}
	if n := one(`SELECT count(*) FROM citizen_facts`); n != one(`SELECT count(*) FROM citizens`) {
		t.Errorf("facts for %d citizens", n)
	}
	if n := one(`SELECT count(*) FROM (SELECT grant_id, author_id, citizen_id, month, budget_id, minutes FROM session_months
		EXCEPT SELECT s.grant_id, s.author_id, s.citizen_id, date_trunc('month', s.occurred_on)::date, g.budget_id, sum(s.minutes)
		FROM mentor_sessions s JOIN grants g ON g.id = s.grant_id WHERE s.discarded_at IS NULL GROUP BY 1, 2, 3, 4, 5) x`); n != 0 {
		t.Errorf("%d monthly sums differ from the sessions", n)
	}
	if n := one(`SELECT count(*) FROM pg_trigger WHERE tgfoid IN ('citizen_facts_on_change'::regproc,
		'citizen_facts_on_citizen'::regproc, 'session_months_on_change'::regproc) AND tgenabled = 'O'`); n != 6 {
		t.Errorf("%d triggers that keep facts and sums enabled after the load, want 6", n)
	}

	// Every state.
	for _, st := range []string{"anmodet", "aaben", "afsluttet", "omlagt", "afvist"} {
		if one(`SELECT count(*) FROM coping_windows WHERE status = $1`, st) == 0 {
			t.Errorf("no coping window %s", st)
		}
	}
	for _, st := range []string{"ny", "kvitteret", "afsluttet"} {
		if one(`SELECT count(*) FROM concerns WHERE status = $1`, st) == 0 {
			t.Errorf("no concern %s", st)
		}
	}
	for _, k := range []string{"lab_til_85", "85_til_lab", "tilfoej_parallel", "afslut_en", "afslut_alle"} {
		if one(`SELECT count(*) FROM phase_switches WHERE kind = $1`, k) == 0 {
			t.Errorf("no phase switch %s", k)
		}
	}
	for _, st := range []string{"kladde", "bevilget", "afsluttet"} {
		for _, fn := range []string{"mentor", "stoettekontaktperson"} {
			if one(`SELECT count(*) FROM grants WHERE status = $1 AND function = $2`, st, fn) == 0 {
				t.Errorf("no %s grant for %s", st, fn)
			}
		}
	}
	if one(`SELECT count(*) FROM citizens c WHERE (SELECT count(*) FROM grants g WHERE g.citizen_id = c.id AND g.status = 'bevilget') = 2`) == 0 {
		t.Error("no citizen with parallel grants")
	}
	for what, q := range map[string]string{
		"extension":       `SELECT count(*) FROM grants WHERE previous_grant_id IS NOT NULL`,
		"revision 2":      `SELECT count(*) FROM grant_revisions WHERE number = 2`,
		"goal score":      `SELECT count(*) FROM session_goal_scores`,
		"session task":    `SELECT count(*) FROM session_tasks`,
		"discarded":       `SELECT count(*) FROM mentor_sessions WHERE discarded_at IS NOT NULL`,
		"amendment":       `SELECT count(*) FROM session_amendments`,
		"home flag":       `SELECT count(*) FROM mentor_sessions WHERE home_flag`,
		"everyday coping": `SELECT count(*) FROM mentor_sessions WHERE everyday_coping`,
		"supervision":     `SELECT count(*) FROM supervision_participants`,
		"exclusion item":  `SELECT count(*) FROM grant_revision_items WHERE kind = 'undtagelse'`,
	} {
		if one(q) == 0 {
			t.Errorf("no %s", what)
		}
	}
	// Every phase switch that starts a grant names it; every granted grant
	// has its revision rows.
	if n := one(`SELECT count(*) FROM grants g WHERE NOT EXISTS (
		SELECT 1 FROM grant_revisions r WHERE r.grant_id = g.id AND r.number = g.revision)`); n != 0 {
		t.Errorf("%d grants lack their current revision", n)
	}
	if n := one(`SELECT count(*) FROM mentor_sessions s JOIN grants g ON g.id = s.grant_id
		WHERE s.occurred_on < g.start_date OR s.occurred_on > coalesce(g.ended_on, g.end_date, s.occurred_on)
			OR s.occurred_on > $1::date OR g.status = 'kladde'`, db.Now().Format("2006-01-02")); n != 0 {
		t.Errorf("%d sessions outside their grant's period", n)
	}

	// The demo users' loads.
	active := `SELECT count(DISTINCT g.citizen_id) FROM grants g JOIN users u ON u.id = g.person_id
		WHERE u.username = $1 AND g.status = 'bevilget'`
	if n := one(active, "mentor"); n < 20 || n > 30 {
		t.Errorf("demo mentor has %d active citizens, want about 25", n)
	}
	if n := one(`SELECT max(k) FROM (SELECT count(*) AS k FROM mentor_sessions s JOIN users u ON u.id = s.author_id
		WHERE u.username = 'mentor' GROUP BY s.citizen_id) x`); n < 400 {
		t.Errorf("the demo mentor's busiest citizen has %d sessions, want 400", n)
	}
	if n := one(`SELECT count(*) FROM users u JOIN teams t ON t.id = u.team_id
		WHERE t.name = 'Mentorteam Nord' AND 'mentor' = ANY (u.roles)`); n != 2 {
		t.Errorf("Mentorteam Nord has %d mentors, want 2 at this factor (15 at 1.0)", n)
	}
	if n := one(`SELECT count(*) FROM citizens c JOIN users u ON u.id = c.caseworker_id WHERE u.username = 'sagsbehandler'`); n < 20 {
		t.Errorf("the demo caseworker has %d citizens", n)
	}

	// A second run refuses; the demo seed's guard still holds.
	if _, err := scale.Generate(ctx, db, factor, &progress); !errors.Is(err, scale.ErrGenerated) {
		t.Errorf("second run: %v, want ErrGenerated", err)
	}
}
