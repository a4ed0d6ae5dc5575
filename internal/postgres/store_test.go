package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/postgres/pgtest"
)

// ctx carries an actor: the store logs every change of a citizen's data
// and refuses one that nobody answers for.
var ctx = domain.WithActor(context.Background(), domain.Actor{Username: "test", RequestID: "test"})

func mustTeam(t *testing.T, db *postgres.DB, name string) domain.Team {
	t.Helper()
	team, err := db.CreateTeam(ctx, domain.TeamInput{Name: name}, 0)
	if err != nil {
		t.Fatalf("create team: %v", err)
	}
	return team
}

func mustUser(t *testing.T, db *postgres.DB, username string, roles ...domain.Role) domain.User {
	t.Helper()
	u, err := db.CreateUser(ctx, domain.UserInput{Username: username, DisplayName: "Test " + username,
		Roles: roles, Password: "korrekt-hest-batteri"}, 0)
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	return u
}

func TestCreateAndFindUser(t *testing.T) {
	db := pgtest.NewDB(t)
	team := mustTeam(t, db, "Mentorteam Test")
	u, err := db.CreateUser(ctx, domain.UserInput{Username: " Mette.J ", DisplayName: "Mette J",
		Email: "mette@kommune.dk", Roles: domain.Roles{domain.RoleTeamLead, domain.RoleCaseworker, domain.RoleCaseworker},
		TeamID: &team.ID, Password: "en-lang-adgangskode"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if u.Username != "mette.j" || !u.Active || u.TeamName != "Mentorteam Test" {
		t.Fatalf("got %+v", u)
	}
	if len(u.Roles) != 2 || u.Roles[0] != domain.RoleCaseworker || u.Roles[1] != domain.RoleTeamLead {
		t.Fatalf("roles not normalised: %v", u.Roles)
	}
	_, hash, err := db.FindUserForLogin(ctx, "mette.j")
	if err != nil || !domain.CheckPassword(hash, "en-lang-adgangskode") || domain.CheckPassword(hash, "forkert") {
		t.Fatalf("password hash does not verify: %v", err)
	}
	if _, err := db.FindUserByID(ctx, u.ID+1000); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("want not found, got %v", err)
	}
}

func TestCreateUserRejectsBadInputAndDuplicates(t *testing.T) {
	db := pgtest.NewDB(t)
	mustUser(t, db, "mentor", domain.RoleMentor)
	_, err := db.CreateUser(ctx, domain.UserInput{Username: "mentor", DisplayName: "Igen",
		Roles: domain.Roles{domain.RoleMentor}, Password: "korrekt-hest-batteri"}, 0)
	if f := domain.FieldErrors(err); f["username"] == "" {
		t.Fatalf("duplicate username: want field error, got %v", err)
	}
	_, err = db.CreateUser(ctx, domain.UserInput{Username: "X Y", DisplayName: "", Email: "ikke-en-mail",
		Roles: nil, Password: "kort"}, 0)
	f := domain.FieldErrors(err)
	for _, field := range []string{"username", "display_name", "email", "roles", "password"} {
		if f[field] == "" {
			t.Errorf("want a message for %s, got %v", field, f)
		}
	}
	missingTeam := int64(999999)
	_, err = db.CreateUser(ctx, domain.UserInput{Username: "ny", DisplayName: "Ny", Roles: domain.Roles{domain.RoleMentor},
		TeamID: &missingTeam, Password: "korrekt-hest-batteri"}, 0)
	if domain.FieldErrors(err)["team_id"] == "" {
		t.Fatalf("unknown team: want field error, got %v", err)
	}
}

func TestUpdateUserAndDeactivateBumpsEpoch(t *testing.T) {
	db := pgtest.NewDB(t)
	u := mustUser(t, db, "anna", domain.RoleMentor)
	upd, err := db.UpdateUser(ctx, u.ID, domain.UserInput{Username: "anna", DisplayName: "Anna Ny",
		Roles: domain.Roles{domain.RoleMentor, domain.RoleCaseworker}})
	if err != nil || upd.DisplayName != "Anna Ny" || !upd.Roles.Has(domain.RoleCaseworker) {
		t.Fatalf("update: %+v %v", upd, err)
	}
	if err := db.SetUserActive(ctx, u.ID, false); err != nil {
		t.Fatal(err)
	}
	after, _ := db.FindUserByID(ctx, u.ID)
	if after.Active || after.SessionEpoch != u.SessionEpoch+1 {
		t.Fatalf("deactivate: active=%v epoch %d→%d", after.Active, u.SessionEpoch, after.SessionEpoch)
	}
	if err := db.SetPassword(ctx, u.ID, "kort"); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("short password: %v", err)
	}
	if err := db.SetPassword(ctx, u.ID, "en-ny-lang-adgangskode"); err != nil {
		t.Fatal(err)
	}
	again, _ := db.FindUserByID(ctx, u.ID)
	if again.SessionEpoch != after.SessionEpoch+1 {
		t.Fatalf("password reset must end sessions: epoch %d→%d", after.SessionEpoch, again.SessionEpoch)
	}
	if err := db.SetUserActive(ctx, 424242, false); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("unknown user: %v", err)
	}
}

func TestFindUsersFiltersAndPages(t *testing.T) {
	db := pgtest.NewDB(t)
	for _, name := range []string{"m1", "m2", "m3", "m4_x"} {
		mustUser(t, db, name, domain.RoleMentor)
	}
	mustUser(t, db, "s1", domain.RoleCaseworker)
	users, total, err := db.FindUsers(ctx, domain.UserFilter{Role: domain.RoleMentor, Limit: 2})
	if err != nil || total != 4 || len(users) != 2 {
		t.Fatalf("role filter: total=%d len=%d err=%v", total, len(users), err)
	}
	// "_" is a LIKE wildcard: searching for it must only find the literal.
	users, total, _ = db.FindUsers(ctx, domain.UserFilter{Query: "_"})
	if total != 1 || users[0].Username != "m4_x" {
		t.Fatalf("wildcard not escaped: total=%d", total)
	}
	_, total, _ = db.FindUsers(ctx, domain.UserFilter{Offset: 100})
	if total != 5 {
		t.Fatalf("past last page total=%d", total)
	}
}

func TestTeams(t *testing.T) {
	db := pgtest.NewDB(t)
	team := mustTeam(t, db, "Nord")
	if _, err := db.CreateTeam(ctx, domain.TeamInput{Name: "Nord"}, 0); domain.FieldErrors(err)["name"] == "" {
		t.Fatalf("duplicate team: %v", err)
	}
	if _, err := db.CreateTeam(ctx, domain.TeamInput{Name: "  "}, 0); domain.FieldErrors(err)["name"] == "" {
		t.Fatalf("blank team: %v", err)
	}
	renamed, err := db.UpdateTeam(ctx, team.ID, domain.TeamInput{Name: "Nord 2"})
	if err != nil || renamed.Name != "Nord 2" {
		t.Fatalf("rename: %+v %v", renamed, err)
	}
	teams, err := db.FindTeams(ctx)
	if err != nil || len(teams) != 1 {
		t.Fatalf("teams: %v %v", teams, err)
	}
}

func TestAccessLogIsAppendOnly(t *testing.T) {
	db := pgtest.NewDB(t)
	u := mustUser(t, db, "sagsbehandler", domain.RoleCaseworker)
	citizen := mustCitizen(t, db, "0101901234", u.ID).ID
	if err := db.LogAccess(ctx, domain.AccessEntry{UserID: &u.ID, Username: u.Username, Action: domain.ActionView,
		CitizenID: &citizen, Entity: "citizen", EntityID: "17", RequestID: "r1", IP: "127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`UPDATE access_log SET action = 'tampered'`,
		`DELETE FROM access_log`,
		`TRUNCATE access_log`,
	} {
		_, err := db.Pool.Exec(ctx, stmt)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: want refusal, got %v", stmt, err)
		}
	}
	entries, total, err := db.FindAccessEntries(ctx, domain.AccessFilter{CitizenID: &citizen})
	// The citizen's creation is logged too (by the store, in its transaction).
	if err != nil || total != 2 || entries[1].Action != domain.ActionCreate || entries[0].Action != domain.ActionView || entries[0].IP != "127.0.0.1" || *entries[0].CitizenID != citizen {
		t.Fatalf("entry not kept intact: %+v %v", entries, err)
	}
}

func TestAccessLogFilters(t *testing.T) {
	db := pgtest.NewDB(t)
	a := mustUser(t, db, "aa", domain.RoleCaseworker)
	b := mustUser(t, db, "bb", domain.RoleMentor)
	c1, c2 := mustCitizen(t, db, "0101901234", a.ID).ID, mustCitizen(t, db, "0202902345", a.ID).ID
	for i := 0; i < 3; i++ {
		db.LogAccess(ctx, domain.AccessEntry{UserID: &a.ID, Username: "a", Action: domain.ActionView, CitizenID: &c1})
	}
	db.LogAccess(ctx, domain.AccessEntry{UserID: &b.ID, Username: "b", Action: domain.ActionView, CitizenID: &c2})
	_, total, _ := db.FindAccessEntries(ctx, domain.AccessFilter{Username: "a"})
	if total != 3 {
		t.Fatalf("by user: %d", total)
	}
	_, total, _ = db.FindAccessEntries(ctx, domain.AccessFilter{CitizenID: &c2})
	if total != 2 { // its creation and b's view
		t.Fatalf("by citizen: %d", total)
	}
	_, total, _ = db.FindAccessEntries(ctx, domain.AccessFilter{From: time.Now().Add(time.Hour)})
	if total != 0 {
		t.Fatalf("future from: %d", total)
	}
	var exported []string
	err := db.EachAccessEntry(ctx, domain.AccessFilter{CitizenID: &c1}, func(e domain.AccessEntry) error {
		exported = append(exported, e.Username)
		return nil
	})
	if err != nil || !slices.Equal(exported, []string{"test", "a", "a", "a"}) { // the creation, then a's views, oldest first
		t.Fatalf("export: %v %v", exported, err)
	}
}

func TestLoginLockout(t *testing.T) {
	db := pgtest.NewDB(t)
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { return now })
	for i := 0; i < 4; i++ {
		db.RecordLoginAttempt(ctx, "mentor", false, "")
		now = now.Add(time.Minute)
	}
	if until, _ := db.LoginLockedUntil(ctx, "mentor"); !until.IsZero() {
		t.Fatalf("4 failures must not lock, locked until %v", until)
	}
	db.RecordLoginAttempt(ctx, "mentor", false, "")
	until, err := db.LoginLockedUntil(ctx, "mentor")
	if err != nil || !until.Equal(now.Add(15*time.Minute)) {
		t.Fatalf("5th failure: locked until %v, want %v (%v)", until, now.Add(15*time.Minute), err)
	}
	if other, _ := db.LoginLockedUntil(ctx, "andre"); !other.IsZero() {
		t.Fatal("lock must be per username")
	}
	now = now.Add(15*time.Minute + time.Second)
	if until, _ := db.LoginLockedUntil(ctx, "mentor"); !until.IsZero() {
		t.Fatalf("lock must end after 15 minutes, got %v", until)
	}
}

func TestReadyChecksSchemaVersion(t *testing.T) {
	db := pgtest.NewDB(t)
	if err := db.Ready(ctx); err != nil {
		t.Fatalf("fresh migrated database must be ready: %v", err)
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE schema_migrations SET version = version - 1`); err != nil {
		t.Fatal(err)
	}
	if err := db.Ready(ctx); err == nil {
		t.Fatal("an old schema must not be ready")
	}
}

func TestDeleteExpiredSessions(t *testing.T) {
	db := pgtest.NewDB(t)
	_, err := db.Pool.Exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES
		('old', '\x00', now() - interval '1 minute'), ('live', '\x00', now() + interval '1 hour')`)
	if err != nil {
		t.Fatal(err)
	}
	n, err := db.DeleteExpiredSessions(ctx)
	if err != nil || n != 1 {
		t.Fatalf("deleted %d (%v), want 1", n, err)
	}
	var left string
	db.Pool.QueryRow(ctx, `SELECT token FROM sessions`).Scan(&left)
	if left != "live" {
		t.Fatalf("the live session must stay, left %q", left)
	}
}

// TestChangesAreLoggedInTheirTransaction: a change of a citizen's data and
// its access-log row are saved together; a change without an actor is
// refused and leaves nothing behind.
func TestChangesAreLoggedInTheirTransaction(t *testing.T) {
	db := pgtest.NewDB(t)
	u := mustUser(t, db, "sagsbehandler", domain.RoleCaseworker)
	_, err := db.CreateCitizen(context.Background(), domain.CitizenInput{CPR: "0303901234", Name: "Uden Aktør", CaseworkerID: &u.ID}, u.ID)
	if !errors.Is(err, postgres.ErrNoActor) {
		t.Fatalf("a change without an actor: %v, want ErrNoActor", err)
	}
	var citizens, logged int
	if err := db.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM citizens), (SELECT count(*) FROM access_log)`).
		Scan(&citizens, &logged); err != nil {
		t.Fatal(err)
	}
	if citizens != 0 || logged != 0 {
		t.Fatalf("refused change left %d citizens and %d log rows", citizens, logged)
	}
	actor := domain.WithActor(context.Background(), domain.Actor{UserID: u.ID, Username: u.Username, RequestID: "r9", IP: "10.0.0.9"})
	c, err := db.CreateCitizen(actor, domain.CitizenInput{CPR: "0303901234", Name: "Med Aktør", CaseworkerID: &u.ID}, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	entries, _, err := db.FindAccessEntries(ctx, domain.AccessFilter{CitizenID: &c.ID})
	if err != nil || len(entries) != 1 || entries[0].Action != domain.ActionCreate || *entries[0].UserID != u.ID ||
		entries[0].RequestID != "r9" || entries[0].IP != "10.0.0.9" || entries[0].Purpose == "" {
		t.Fatalf("the creation's log entry: %+v %v", entries, err)
	}
}

func TestLoginAddressLockout(t *testing.T) {
	db := pgtest.NewDB(t)
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { return now })
	// Password spraying: one guess at each of many usernames from one address;
	// a success in between (the attacker's own account) resets nothing.
	for i := 0; i < 19; i++ {
		db.RecordLoginAttempt(ctx, fmt.Sprintf("bruger%d", i), false, "203.0.113.7")
		now = now.Add(30 * time.Second)
	}
	db.RecordLoginAttempt(ctx, "mentor", true, "203.0.113.7")
	if until, _ := db.LoginAddressLockedUntil(ctx, "203.0.113.7"); !until.IsZero() {
		t.Fatalf("19 failures must not lock the address, locked until %v", until)
	}
	db.RecordLoginAttempt(ctx, "bruger19", false, "203.0.113.7")
	until, err := db.LoginAddressLockedUntil(ctx, "203.0.113.7")
	if err != nil || !until.Equal(now.Add(15*time.Minute)) {
		t.Fatalf("20th failure: locked until %v, want %v (%v)", until, now.Add(15*time.Minute), err)
	}
	if other, _ := db.LoginAddressLockedUntil(ctx, "198.51.100.1"); !other.IsZero() {
		t.Fatal("the lock must be per address")
	}
	if unknown, _ := db.LoginAddressLockedUntil(ctx, ""); !unknown.IsZero() {
		t.Fatal("an unknown address must never be locked")
	}
	if user, _ := db.LoginLockedUntil(ctx, "bruger3"); !user.IsZero() {
		t.Fatal("one failure must not lock the username")
	}
	now = now.Add(15*time.Minute + time.Second)
	if until, _ := db.LoginAddressLockedUntil(ctx, "203.0.113.7"); !until.IsZero() {
		t.Fatalf("the lock must end after 15 minutes, got %v", until)
	}
}

// TestAccessLogPagesByKey walks a log larger than the count's cap page by
// page, by key, both ways: every row once, in (at, id) order, although
// many rows share their time.
func TestAccessLogPagesByKey(t *testing.T) {
	db := pgtest.NewDB(t)
	const n = domain.AccessCountCap + 50
	if _, err := db.Pool.Exec(ctx, `
		INSERT INTO access_log (at, username, action)
		SELECT timestamptz '2026-11-01 12:00+01' - (i / 3) * interval '1 second', 'many', 'view'
		FROM generate_series(1, $1) i`, n); err != nil {
		t.Fatal(err)
	}
	f := domain.AccessFilter{Username: "many", Limit: 999}
	var ids []int64
	for pages := 0; ; pages++ {
		entries, total, err := db.FindAccessEntries(ctx, f)
		if err != nil || total != domain.AccessCountCap+1 {
			t.Fatalf("page %d: total %d, %v", pages, total, err)
		}
		for _, e := range entries {
			ids = append(ids, e.ID)
		}
		if len(entries) < f.Limit {
			break
		}
		f.BeforeID = entries[len(entries)-1].ID
	}
	rows, _ := db.Pool.Query(ctx, `SELECT id FROM access_log WHERE username = 'many' ORDER BY at DESC, id DESC`)
	want, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || !slices.Equal(ids, want) {
		t.Fatalf("walked %d rows, want %d in (at, id) order (%v)", len(ids), len(want), err)
	}
	// Back from the oldest page: the newer pages, each newest first.
	f = domain.AccessFilter{Username: "many", Limit: 999, AfterID: want[len(want)-1]}
	var back []int64
	for {
		entries, _, err := db.FindAccessEntries(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		back = append(slices.Clone(idsOf(entries)), back...)
		if len(entries) < f.Limit {
			break
		}
		f.AfterID = entries[0].ID
	}
	if !slices.Equal(back, want[:len(want)-1]) {
		t.Fatalf("walked back %d rows, want %d", len(back), len(want)-1)
	}
}

func idsOf(entries []domain.AccessEntry) []int64 {
	var out []int64
	for _, e := range entries {
		out = append(out, e.ID)
	}
	return out
}

// TestLogAccessManyInOneStatement writes several entries, with and without
// user and citizen, and reads them back whole and in order.
func TestLogAccessManyInOneStatement(t *testing.T) {
	db := pgtest.NewDB(t)
	a := mustUser(t, db, "aa", domain.RoleCaseworker)
	c := mustCitizen(t, db, "0101901234", a.ID).ID
	in := []domain.AccessEntry{
		{UserID: &a.ID, Username: "aa", Action: domain.ActionView, CitizenID: &c, Entity: "liste", EntityID: "1", Detail: "d", Purpose: "p", RequestID: "r1", IP: "10.0.0.1"},
		{Username: "system", Action: domain.ActionExport, Entity: "budgetrapport", RequestID: "r2"},
		{UserID: &a.ID, Username: "aa", Action: domain.ActionView, CitizenID: &c, Entity: "liste", RequestID: "r3"},
	}
	if err := db.LogAccessMany(ctx, in); err != nil {
		t.Fatal(err)
	}
	var got []string
	// No date filter: the log is stamped by the database's clock, not the
	// test clock, so a filter on the test day would depend on the wall date.
	err := db.EachAccessEntry(ctx, domain.AccessFilter{}, func(e domain.AccessEntry) error {
		if e.RequestID != "r1" && e.RequestID != "r2" && e.RequestID != "r3" {
			return nil // the citizen's creation
		}
		user, citizen := "-", "-"
		if e.UserID != nil {
			user = fmt.Sprint(*e.UserID)
		}
		if e.CitizenID != nil {
			citizen = fmt.Sprint(*e.CitizenID)
		}
		got = append(got, strings.Join([]string{user, e.Username, e.Action, citizen, e.Entity, e.EntityID, e.Detail, e.Purpose, e.RequestID, e.IP}, "|"))
		return nil
	})
	want := []string{
		fmt.Sprintf("%d|aa|view|%d|liste|1|d|p|r1|10.0.0.1", a.ID, c),
		"-|system|export|-|budgetrapport||||r2|",
		fmt.Sprintf("%d|aa|view|%d|liste||||r3|", a.ID, c),
	}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q (%v)", got, want, err)
	}
}

// TestOpenTurnsOffJITAndParallelWorkers: the app's connections run short
// queries side by side; JIT and parallel workers only add start-up cost.
func TestOpenTurnsOffJITAndParallelWorkers(t *testing.T) {
	db, err := postgres.Open(ctx, pgtest.NewURL(t), 2)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Pool.Close()
	var jit, workers string
	if err := db.Pool.QueryRow(ctx, `SELECT current_setting('jit'), current_setting('max_parallel_workers_per_gather')`).
		Scan(&jit, &workers); err != nil {
		t.Fatal(err)
	}
	if jit != "off" || workers != "0" {
		t.Fatalf("jit %s, parallel workers per gather %s", jit, workers)
	}
}
