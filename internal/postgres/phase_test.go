package postgres_test

import (
	"strings"
	"testing"
	"time"

	"mentorspor/internal/domain"
)

func (f *fixture) selInput(start string) domain.GrantInput {
	in := f.labInput(start)
	in.LegalBasisID, in.End, in.FollowUp, in.BudgetID = f.sel85.ID, nil, ptr(domain.DefaultReview(d(start))), f.budgets["Social"]
	return in
}

func (f *fixture) grant(t *testing.T, in domain.GrantInput) domain.Grant {
	t.Helper()
	id, err := f.db.CreateGrant(ctx, f.citizen.ID, in, domain.StatusGranted, f.caseworker.ID, domain.Validation{})
	if err != nil {
		t.Fatalf("grant: %v", domain.FieldErrors(err))
	}
	g, _ := f.db.FindGrantByID(ctx, id)
	return g
}

func count(t *testing.T, f *fixture, sql string) int {
	t.Helper()
	var n int
	if err := f.db.Pool.QueryRow(ctx, sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCase2RoundTrip: mentor becomes the citizen's støttekontaktperson for a
// while and mentor support resumes, one person throughout.
func TestCase2RoundTrip(t *testing.T) {
	f := newFixture(t)
	lab := f.grant(t, f.labInput("2026-06-01"))
	sel := f.selInput("2026-08-15")
	sid, err := f.db.SwitchPhase(ctx, f.citizen.ID, domain.SwitchInput{Kind: domain.SwitchLABTo85, EffectiveOn: d("2026-08-15"),
		Reason: "Behovet er vedvarende", NewGrant: &sel}, f.caseworker.ID, domain.Validation{})
	if err != nil {
		t.Fatalf("LAB → § 85: %v %v", err, domain.FieldErrors(err))
	}
	old, _ := f.db.FindGrantByID(ctx, lab.ID)
	if old.Status != domain.StatusEnded || !old.EndedOn.Equal(d("2026-08-14")) || !strings.Contains(old.EndReason, "Faseskift") {
		t.Fatalf("the LAB grant must end the day before: %+v", old)
	}
	back := f.labInput("2026-11-01")
	if _, err := f.db.SwitchPhase(ctx, f.citizen.ID, domain.SwitchInput{Kind: domain.Switch85ToLAB, EffectiveOn: d("2026-11-01"),
		Reason: "Beskæftigelsesfokus er muligt igen", NewGrant: &back}, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatalf("§ 85 → LAB: %v %v", err, domain.FieldErrors(err))
	}
	log, _ := f.db.FindSwitches(ctx, domain.SwitchFilter{CitizenID: &f.citizen.ID})
	if len(log) != 2 || !log[0].SamePerson || !log[1].SamePerson || log[1].ID != sid || log[0].Kind != domain.Switch85ToLAB {
		t.Fatalf("phase log: %+v", log)
	}
	grants, _ := f.db.FindGrantsForCitizen(ctx, f.citizen.ID)
	phases := domain.Phases(grants)
	want := []domain.PhaseKind{domain.PhaseMentor, domain.PhaseSupport, domain.PhaseMentor}
	if len(phases) != 3 {
		t.Fatalf("phases: %+v", phases)
	}
	for i, p := range phases {
		if p.Kind != want[i] || p.PersonsText() != "Test mentor" {
			t.Fatalf("phase %d: %+v", i, p)
		}
	}
	if _, err := f.db.Pool.Exec(ctx, `DELETE FROM phase_switches`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("the phase log must be append-only: %v", err)
	}
}

func TestSwitchRulesAndWarnings(t *testing.T) {
	f := newFixture(t)
	lab := f.grant(t, f.labInput("2026-06-01"))
	sel := f.selInput("2026-06-01")
	_, err := f.db.SwitchPhase(ctx, f.citizen.ID, domain.SwitchInput{Kind: domain.SwitchLABTo85, EffectiveOn: d("2026-06-01"),
		Reason: " ", NewGrant: &sel}, f.caseworker.ID, domain.Validation{})
	fields := domain.FieldErrors(err)
	if fields["reason"] == "" || !strings.Contains(fields["effective_on"], "efter") {
		t.Fatalf("effective date at the grant's start and no reason: %v", fields)
	}
	// § 85 → LAB without an active § 85 grant.
	back := f.labInput("2026-09-01")
	_, err = f.db.SwitchPhase(ctx, f.citizen.ID, domain.SwitchInput{Kind: domain.Switch85ToLAB, EffectiveOn: d("2026-09-01"),
		Reason: "x", NewGrant: &back}, f.caseworker.ID, domain.Validation{})
	if domain.FieldErrors(err)["kind"] == "" {
		t.Fatalf("wrong switch for the phase: %v", err)
	}
	// A parallel § 85 held by another person needs a confirmation.
	other := mustUser(t, f.db, "mentor2", domain.RoleMentor)
	f.db.SetQualifications(ctx, other.ID, true, true, 20)
	par := f.selInput("2026-07-01")
	par.PersonID = other.ID
	in := domain.SwitchInput{Kind: domain.SwitchAddParallel, EffectiveOn: d("2026-07-01"), Reason: "Behov for SEL-støtte", NewGrant: &par}
	if _, err = f.db.SwitchPhase(ctx, f.citizen.ID, in, f.caseworker.ID, domain.Validation{}); domain.FieldErrors(err)["confirm_different"] == "" {
		t.Fatalf("different people without confirmation: %v", err)
	}
	in.ConfirmDifferent = true
	if _, err = f.db.SwitchPhase(ctx, f.citizen.ID, in, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatalf("confirmed parallel: %v %v", err, domain.FieldErrors(err))
	}
	log, _ := f.db.FindSwitches(ctx, domain.SwitchFilter{CitizenID: &f.citizen.ID})
	if len(log) != 1 || log[0].SamePerson {
		t.Fatalf("log must show that the person changes: %+v", log)
	}
	// End one of two, then everything.
	if _, err := f.db.SwitchPhase(ctx, f.citizen.ID, domain.SwitchInput{Kind: domain.SwitchEndOne, EffectiveOn: d("2026-10-01"),
		Reason: "Mentorstøtten er ikke længere relevant", EndGrantID: lab.ID}, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatalf("end one: %v", domain.FieldErrors(err))
	}
	if _, err := f.db.SwitchPhase(ctx, f.citizen.ID, domain.SwitchInput{Kind: domain.SwitchEndAll, EffectiveOn: d("2026-12-01"),
		Reason: "Borgeren er flyttet"}, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatalf("end all: %v", domain.FieldErrors(err))
	}
	grants, _ := f.db.FindGrantsForCitizen(ctx, f.citizen.ID)
	if p := domain.CurrentPhase(domain.Phases(grants), d("2026-12-05")); p.Kind != domain.PhaseNone {
		t.Fatalf("after ending all: %+v", p)
	}
}

// TestSwitchIsAllOrNothing forces a failure inside the transaction, after
// the old grant was ended, and checks that nothing was written.
func TestSwitchIsAllOrNothing(t *testing.T) {
	f := newFixture(t)
	lab := f.grant(t, f.labInput("2026-06-01"))
	sel := f.selInput("2026-08-15")
	sel.BudgetID = 999999 // passes validation; the insert fails on the foreign key
	_, err := f.db.SwitchPhase(ctx, f.citizen.ID, domain.SwitchInput{Kind: domain.SwitchLABTo85, EffectiveOn: d("2026-08-15"),
		Reason: "Test", NewGrant: &sel}, f.caseworker.ID, domain.Validation{})
	if err == nil {
		t.Fatal("the switch must fail")
	}
	g, _ := f.db.FindGrantByID(ctx, lab.ID)
	if g.Status != domain.StatusGranted || g.EndedOn != nil {
		t.Fatalf("the old grant was ended although the switch failed: %+v", g)
	}
	if n := count(t, f, `SELECT count(*) FROM phase_switches`); n != 0 {
		t.Fatalf("%d phase switches written", n)
	}
	if n := count(t, f, `SELECT count(*) FROM grants`); n != 1 {
		t.Fatalf("%d grants, want 1", n)
	}
}

func TestCopingWindow(t *testing.T) {
	f := newFixture(t)
	now := time.Date(2026, 1, 31, 10, 0, 0, 0, time.UTC)
	f.db.SetClock(func() time.Time { return now })
	lab := f.grant(t, f.labInput("2026-01-05"))
	rid, err := f.db.RequestCoping(ctx, lab.ID, f.mentor.ID, "Hjælp til at åbne post og betale regninger", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.RequestCoping(ctx, lab.ID, f.caseworker.ID, "x", ""); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("only the grant's mentor requests: %v", err)
	}
	wid, err := f.db.StartCoping(ctx, domain.CopingStartInput{GrantID: lab.ID, RequestID: &rid, Start: d("2026-01-31"),
		Need: "Post og regninger"}, f.caseworker.ID, domain.Validation{})
	if err != nil || wid != rid {
		t.Fatalf("start from request: %v", err)
	}
	w, _ := f.db.FindCopingWindowByID(ctx, wid)
	if !w.Expires.Equal(d("2026-02-28")) {
		t.Fatalf("31.01 + 1 month must expire 28.02, got %v", w.Expires)
	}
	// A second open window is refused.
	if _, err := f.db.StartCoping(ctx, domain.CopingStartInput{GrantID: lab.ID, Start: d("2026-02-01"), Need: "x"},
		f.caseworker.ID, domain.Validation{}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("second open window: %v", err)
	}
	today := d("2026-03-05")
	if !w.Overdue(today) || w.DaysOverdue(today) != 5 {
		t.Fatalf("overdue: %v %d", w.Overdue(today), w.DaysOverdue(today))
	}
	if err := f.db.DecideCopingMet(ctx, wid, f.caseworker.ID, ""); domain.FieldErrors(err)["note"] == "" {
		t.Fatalf("decision without note: %v", err)
	}
	if err := f.db.DecideCopingMet(ctx, wid, f.caseworker.ID, "Borgeren klarer selv posten"); err != nil {
		t.Fatal(err)
	}
	// A new window within 6 months asks for a reason.
	_, err = f.db.StartCoping(ctx, domain.CopingStartInput{GrantID: lab.ID, Start: d("2026-04-01"), Need: "Igen"},
		f.caseworker.ID, domain.Validation{})
	if domain.FieldErrors(err)["repeat_reason"] == "" {
		t.Fatalf("repeat without reason: %v", err)
	}
	wid2, err := f.db.StartCoping(ctx, domain.CopingStartInput{GrantID: lab.ID, Start: d("2026-04-01"), Need: "Igen",
		RepeatReason: "Ny bolig"}, f.caseworker.ID, domain.Validation{})
	if err != nil {
		t.Fatal(err)
	}
	// "Behovet er vedvarende": the phase switch decides the window in the same transaction.
	sel := f.selInput("2026-05-01")
	if _, err := f.db.SwitchPhase(ctx, f.citizen.ID, domain.SwitchInput{Kind: domain.SwitchLABTo85, EffectiveOn: d("2026-05-01"),
		Reason: "Behovet er vedvarende", NewGrant: &sel, CopingWindowID: &wid2}, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatalf("convert: %v", domain.FieldErrors(err))
	}
	w2, _ := f.db.FindCopingWindowByID(ctx, wid2)
	if w2.Status != domain.CopingConverted || w2.SwitchID == nil {
		t.Fatalf("window not converted: %+v", w2)
	}
}

// TestCopingRequestStartsOnTheGrantOfItsStart: a mentor asks on one LAB
// grant; the window agreed after the grant was extended belongs to the grant
// active on its start date. Another citizen's request is not taken.
func TestCopingRequestStartsOnTheGrantOfItsStart(t *testing.T) {
	f := newFixture(t)
	now := time.Date(2026, 6, 30, 10, 0, 0, 0, time.UTC)
	f.db.SetClock(func() time.Time { return now })
	first := f.grant(t, f.labInput("2026-01-05"))
	rid, err := f.db.RequestCoping(ctx, first.ID, f.mentor.ID, "Hjælp med post efter flytning", "")
	if err != nil {
		t.Fatal(err)
	}
	next := f.grant(t, f.labInput(first.End.AddDate(0, 0, 1).Format("2006-01-02")))
	now = time.Date(2026, 7, 20, 10, 0, 0, 0, time.UTC)
	other := mustCitizen(t, f.db, "0303803333", f.caseworker.ID)
	if _, err := f.db.StartCoping(ctx, domain.CopingStartInput{GrantID: next.ID, RequestID: ptr(rid + 1000), Start: next.Start,
		Need: "x"}, f.caseworker.ID, domain.Validation{}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("an unknown request: %v", err)
	}
	otherLab := f.labInput("2026-07-01")
	otherID, err := f.db.CreateGrant(ctx, other.ID, otherLab, domain.StatusGranted, f.caseworker.ID, domain.Validation{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.StartCoping(ctx, domain.CopingStartInput{GrantID: otherID, RequestID: &rid, Start: d("2026-07-10"),
		Need: "x"}, f.caseworker.ID, domain.Validation{}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("another citizen's request taken: %v", err)
	}
	wid, err := f.db.StartCoping(ctx, domain.CopingStartInput{GrantID: next.ID, RequestID: &rid, Start: next.Start,
		Need: "Post og regninger"}, f.caseworker.ID, domain.Validation{})
	if err != nil || wid != rid {
		t.Fatalf("start from the request on the next grant: %v", err)
	}
	w, _ := f.db.FindCopingWindowByID(ctx, wid)
	if w.GrantID != next.ID || w.Status != domain.CopingOpen || !w.Start.Equal(next.Start) {
		t.Fatalf("window on grant %d (%s) from %v, want grant %d from %s", w.GrantID, w.Status, w.Start, next.ID, next.Start)
	}
}

func TestCopingSessionsOutsideTheFrame(t *testing.T) {
	f := newFixture(t)
	now := time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)
	f.db.SetClock(func() time.Time { return now })
	lab := f.grant(t, f.labInput("2026-01-05"))
	f.db.StartCoping(ctx, domain.CopingStartInput{GrantID: lab.ID, Start: d("2026-02-01"), Need: "x"}, f.caseworker.ID, domain.Validation{})
	base := domain.SessionInput{GrantID: lab.ID, StartTime: "10:00", Minutes: 30, Form: "telefon", Contact: "kontakt",
		Place: "uden_for_hjemmet", Direction: "uaendret", EverydayCoping: true}
	inside, outside := base, base
	inside.OccurredOn, outside.OccurredOn = d("2026-02-15"), d("2026-03-15")
	for _, in := range []domain.SessionInput{inside, outside} {
		if _, err := f.db.CreateSession(ctx, in, f.mentor.ID, domain.Validation{}); err != nil {
			t.Fatal(domain.FieldErrors(err), err)
		}
	}
	sessions, _ := f.db.FindSessions(ctx, domain.SessionFilter{GrantID: &lab.ID})
	for _, s := range sessions {
		want := s.OccurredOn.Equal(d("2026-03-15"))
		if s.OutsideFrame != want {
			t.Errorf("session %v: outside frame %v, want %v", s.OccurredOn, s.OutsideFrame, want)
		}
	}
	w, _ := f.db.FindCopingWindows(ctx, domain.CopingFilter{CitizenID: &f.citizen.ID})
	if len(w) != 1 || w[0].CopingSessions != 1 {
		t.Fatalf("sessions inside the window count toward it: %+v", w)
	}
}

// TestFutureSwitchKeepsTheOldGrantRunning: a switch dated ahead ends the old
// grant on the day before; until then it still runs and takes sessions.
func TestFutureSwitchKeepsTheOldGrantRunning(t *testing.T) {
	f := newFixture(t)
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	f.db.SetClock(func() time.Time { return now })
	lab := f.grant(t, f.labInput("2026-10-01"))
	sel := f.selInput("2026-12-08")
	if _, err := f.db.SwitchPhase(ctx, f.citizen.ID, domain.SwitchInput{Kind: domain.SwitchLABTo85, EffectiveOn: d("2026-12-08"),
		Reason: "Planlagt skift", NewGrant: &sel}, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatal(domain.FieldErrors(err), err)
	}
	g, _ := f.db.FindGrantByID(ctx, lab.ID)
	if !g.Active(d("2026-11-24")) || g.Active(d("2026-12-08")) {
		t.Fatalf("the LAB grant runs until 07.12: %+v", g)
	}
	ng, _ := f.db.FindGrantsForCitizen(ctx, f.citizen.ID)
	if p := domain.CurrentPhase(domain.Phases(ng), d("2026-11-24")); p.Kind != domain.PhaseMentor {
		t.Fatalf("today is still the mentor phase: %+v", p)
	}
	in := domain.SessionInput{GrantID: lab.ID, OccurredOn: d("2026-11-24"), StartTime: "10:00", Minutes: 30, Form: "telefon",
		Contact: "kontakt", Place: "uden_for_hjemmet", Direction: "mod"}
	if _, err := f.db.CreateSession(ctx, in, f.mentor.ID, domain.Validation{}); err != nil {
		t.Fatalf("a session on the still-running grant: %v %v", err, domain.FieldErrors(err))
	}
	rows, _ := f.db.MentorCaseload(ctx, f.mentor.ID)
	if len(rows) != 1 || rows[0].ReadOnly || len(rows[0].Functions) != 1 || rows[0].Functions[0] != domain.FunctionMentor {
		t.Fatalf("caseload until the switch: %+v", rows)
	}
}
