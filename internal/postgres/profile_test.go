package postgres_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/postgres/pgtest"
)

// demoDB is a fresh database with the demo municipality.
func profDemoDB(t *testing.T) *postgres.DB {
	t.Helper()
	db := pgtest.NewDB(t)
	if err := demo.Seed(ctx, db); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	return db
}

func profUserID(t *testing.T, db *postgres.DB, username string) int64 {
	t.Helper()
	u, _, err := db.FindUserForLogin(ctx, username)
	if err != nil {
		t.Fatalf("find %s: %v", username, err)
	}
	return u.ID
}

func profNames(ps []domain.Profile) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func TestProfileBookletFilters(t *testing.T) {
	db := profDemoDB(t)
	all, err := db.FindProfiles(ctx, domain.ProfileFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := profNames(all); !slices.Equal(got, []string{"Fatima Ali", "Jonas Østergaard", "Mette Jensen"}) {
		t.Fatalf("booklet: %v", got)
	}
	fatima := all[0]
	if fatima.Employment != "timeloennet" || fatima.EmploymentLabel() != "Timelønnet" ||
		!slices.Contains(fatima.Languages, "arabisk") || fatima.Presentation == "" {
		t.Errorf("Fatima's demo profile: %+v", fatima)
	}

	for _, tc := range []struct {
		name string
		f    domain.ProfileFilter
		want []string
	}{
		{"§ 85", domain.ProfileFilter{Function: domain.FunctionSupport}, []string{"Jonas Østergaard", "Mette Jensen"}},
		{"LAB", domain.ProfileFilter{Function: domain.FunctionMentor}, []string{"Fatima Ali", "Jonas Østergaard", "Mette Jensen"}},
		{"specialty, any case", domain.ProfileFilter{Specialty: "ANGST"}, []string{"Mette Jensen"}},
		{"specialty and function", domain.ProfileFilter{Specialty: "sprog", Function: domain.FunctionSupport}, nil},
		{"unknown specialty", domain.ProfileFilter{Specialty: "astrologi"}, nil},
	} {
		got, err := db.FindProfiles(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(profNames(got), tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, profNames(got), tc.want)
		}
	}

	specialties, err := db.FindSpecialties(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"angst", "sprog", "unge", "fleksjob"} {
		if !slices.Contains(specialties, want) {
			t.Errorf("specialties %v lack %q", specialties, want)
		}
	}
	if n := len(specialties); n != len(slices.Compact(slices.Clone(specialties))) {
		t.Errorf("specialties repeat: %v", specialties)
	}

	// Capacity left: Jonas set to 0 drops out; everyone left has room.
	jonas := profUserID(t, db, "mentor2")
	err = db.UpdateProfile(ctx, jonas, domain.ProfileInput{Presentation: "Jonas",
		Terms: &domain.ProfileTerms{QualifiedMentor: true, QualifiedSupport: true, Employment: "fastansat", CapacityHours: 0}},
		domain.Validation{})
	if err != nil {
		t.Fatal(err)
	}
	free, err := db.FindProfiles(ctx, domain.ProfileFilter{FreeCapacity: true})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(profNames(free), "Jonas Østergaard") || len(free) == 0 {
		t.Errorf("free capacity: %v", profNames(free))
	}
	for _, p := range free {
		if p.FreeHours() <= 0 {
			t.Errorf("%s has no free hours: %v booked of %v", p.Name, p.BookedHours, p.CapacityHours)
		}
	}

}

func TestUpdateProfile(t *testing.T) {
	db := profDemoDB(t)
	mette := profUserID(t, db, "mentor")
	before, err := db.FindProfile(ctx, mette)
	if err != nil {
		t.Fatal(err)
	}

	// The person's own part: trimmed, repeats dropped, terms untouched.
	err = db.UpdateProfile(ctx, mette, domain.ProfileInput{Presentation: "  Ny tekst  ",
		Specialties: []string{" Angst ", "angst", "", "unge  i  job"}, Languages: []string{"dansk"}}, domain.Validation{})
	if err != nil {
		t.Fatal(err)
	}
	after, err := db.FindProfile(ctx, mette)
	if err != nil {
		t.Fatal(err)
	}
	if after.Presentation != "Ny tekst" || !slices.Equal(after.Specialties, []string{"Angst", "unge i job"}) ||
		!slices.Equal(after.Languages, []string{"dansk"}) {
		t.Errorf("after update: %+v", after)
	}
	if after.CapacityHours != before.CapacityHours || after.QualifiedSupport != before.QualifiedSupport ||
		after.Employment != before.Employment {
		t.Errorf("terms changed without Terms: before %+v, after %+v", before, after)
	}

	// Validation.
	many := make([]string, 16)
	for i := range many {
		many[i] = "speciale " + string(rune('a'+i))
	}
	for _, tc := range []struct {
		name  string
		in    domain.ProfileInput
		field string
	}{
		{"presentation", domain.ProfileInput{Presentation: strings.Repeat("æ", 2001)}, "presentation"},
		{"too many", domain.ProfileInput{Specialties: many}, "specialties"},
		{"too long", domain.ProfileInput{Languages: []string{strings.Repeat("x", 41)}}, "languages"},
		{"capacity", domain.ProfileInput{Terms: &domain.ProfileTerms{Employment: "fastansat", CapacityHours: 80.25}}, "capacity_hours"},
		{"quarter", domain.ProfileInput{Terms: &domain.ProfileTerms{Employment: "fastansat", CapacityHours: 12.3}}, "capacity_hours"},
		{"employment", domain.ProfileInput{Terms: &domain.ProfileTerms{Employment: "freelance", CapacityHours: 10}}, "employment"},
	} {
		err := db.UpdateProfile(ctx, mette, tc.in, domain.Validation{})
		if domain.FieldErrors(err)[tc.field] == "" {
			t.Errorf("%s: want a message for %s, got %v", tc.name, tc.field, err)
		}
	}
	// Exactly at the limits is fine, and capacity 0 is allowed.
	err = db.UpdateProfile(ctx, mette, domain.ProfileInput{Presentation: strings.Repeat("æ", 2000), Specialties: many[:15],
		Terms: &domain.ProfileTerms{QualifiedMentor: true, Employment: "ekstern_konsulent", CapacityHours: 0}}, domain.Validation{})
	if err != nil {
		t.Fatalf("at the limits: %v", err)
	}
	if p, _ := db.FindProfile(ctx, mette); p.CapacityHours != 0 || p.QualifiedSupport || p.Employment != "ekstern_konsulent" {
		t.Errorf("terms not stored: %+v", p)
	}

	// Someone who is not a mentor has no profile.
	admin := profUserID(t, db, "admin")
	if _, err := db.FindProfile(ctx, admin); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("admin profile: want not found, got %v", err)
	}
	if err := db.UpdateProfile(ctx, admin, domain.ProfileInput{}, domain.Validation{}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("update admin profile: want not found, got %v", err)
	}
}

func TestSupervisionFlagsAndHistory(t *testing.T) {
	db := profDemoDB(t)
	today := domain.DateOf(pgtest.Start())
	mette, jonas, fatima := profUserID(t, db, "mentor"), profUserID(t, db, "mentor2"), profUserID(t, db, "mentor3")
	weeks, err := db.SupervisionWeeks(ctx)
	if err != nil || weeks != 8 {
		t.Fatalf("flag_supervision_weeks: %d, %v", weeks, err)
	}
	last, err := db.LastSupervisions(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		who     string
		id      int64
		daysAgo int
		overdue bool
	}{{"Mette", mette, 21, false}, {"Jonas", jonas, 35, false}, {"Fatima", fatima, 77, true}} {
		day, ok := last[tc.id]
		if !ok || !day.Equal(today.AddDate(0, 0, -tc.daysAgo)) {
			t.Errorf("%s: last %v (%v), want %d days ago", tc.who, day, ok, tc.daysAgo)
		}
		if got := domain.SupervisionOverdue(day, ok, today, weeks); got != tc.overdue {
			t.Errorf("%s: overdue %v, want %v", tc.who, got, tc.overdue)
		}
	}
	if domain.SupervisionOverdue(time.Time{}, false, today, weeks) != true {
		t.Error("never supervised must be overdue")
	}
	if domain.SupervisionOverdue(today.AddDate(0, 0, -56), true, today, 8) {
		t.Error("exactly 8 weeks ago is not yet overdue")
	}

	// A mentor's history holds only their sessions, each with everyone in it.
	own, err := db.FindSupervisions(ctx, domain.SupervisionFilter{ParticipantID: &fatima})
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.FindSupervisions(ctx, domain.SupervisionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(own) != 2 || len(all) != 5 || !all[0].HeldOn.After(all[1].HeldOn) {
		t.Fatalf("Fatima's %d of %d sessions (newest first?)", len(own), len(all))
	}
	for _, s := range own {
		if !slices.ContainsFunc(s.Participants, func(p domain.SupervisionParticipant) bool { return p.UserID == fatima }) {
			t.Errorf("session %d without Fatima: %+v", s.ID, s.Participants)
		}
	}
	if own[1].FormLabel() != "Supervision" || len(own[1].Participants) != 3 {
		t.Errorf("oldest session: %+v", own[1])
	}

	// Recording one for Fatima clears her flag.
	lead := profUserID(t, db, "teamleder")
	id, err := db.CreateSupervision(ctx, domain.SupervisionInput{HeldOn: today, Form: "kollegial_sparring",
		Facilitator: " Lars Nielsen ", Themes: "Adskillelse af roller", ParticipantIDs: []int64{fatima, fatima}},
		lead, domain.Validation{})
	if err != nil || id == 0 {
		t.Fatalf("create: %d, %v", id, err)
	}
	last, err = db.LastSupervisions(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if day := last[fatima]; !day.Equal(today) || domain.SupervisionOverdue(day, true, today, weeks) {
		t.Errorf("Fatima after a session today: %v", day)
	}
	if last[mette] != today.AddDate(0, 0, -21) {
		t.Errorf("Mette changed: %v", last[mette])
	}
	// Narrowed to some users (a team's mentors): only theirs.
	only, err := db.LastSupervisions(ctx, []int64{mette})
	if err != nil || len(only) != 1 || only[mette] != last[mette] {
		t.Errorf("narrowed to Mette: %v %v", only, err)
	}
	if none, err := db.LastSupervisions(ctx, []int64{}); err != nil || len(none) != 0 {
		t.Errorf("narrowed to nobody: %v %v", none, err)
	}

	// Seeding again adds nothing.
	if err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	if again, _ := db.FindSupervisions(ctx, domain.SupervisionFilter{}); len(again) != 6 {
		t.Errorf("after reseeding: %d sessions, want 6", len(again))
	}
}

func TestCreateSupervisionValidation(t *testing.T) {
	db := profDemoDB(t)
	lead := profUserID(t, db, "teamleder")
	fatima := profUserID(t, db, "mentor3")
	admin := profUserID(t, db, "admin")
	tomorrow := domain.DateOf(pgtest.Start()).AddDate(0, 0, 1)
	for _, tc := range []struct {
		name   string
		in     domain.SupervisionInput
		fields []string
	}{
		{"empty", domain.SupervisionInput{}, []string{"held_on", "form", "facilitator", "participants"}},
		{"future, nobody", domain.SupervisionInput{HeldOn: tomorrow, Form: "supervision", Facilitator: "Anne"},
			[]string{"held_on", "participants"}},
		{"not a mentor", domain.SupervisionInput{HeldOn: domain.DateOf(pgtest.Start()), Form: "supervision", Facilitator: "Anne",
			ParticipantIDs: []int64{fatima, admin}}, []string{"participants"}},
		{"long note", domain.SupervisionInput{HeldOn: domain.DateOf(pgtest.Start()), Form: "supervision", Facilitator: "Anne",
			Note: strings.Repeat("n", 4001), ParticipantIDs: []int64{fatima}}, []string{"note"}},
	} {
		_, err := db.CreateSupervision(ctx, tc.in, lead, domain.Validation{})
		got := domain.FieldErrors(err)
		for _, f := range tc.fields {
			if got[f] == "" {
				t.Errorf("%s: want a message for %s, got %v", tc.name, f, err)
			}
		}
	}
	if all, _ := db.FindSupervisions(ctx, domain.SupervisionFilter{}); len(all) != 5 {
		t.Errorf("a refused session was stored: %d", len(all))
	}
}
