package demo

import (
	"testing"
	"time"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/postgres/pgtest"
)

// demoDays are the days the demo must hold on: month ends, leap days, the
// nights the clocks change, new year's eve, days where a one-month window
// cannot expire exactly 20 days ahead or 5 days back (no window expires on
// 29–31 March in a common year), the suite's own day, and today.
func demoDays() []time.Time {
	at := func(y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, domain.Copenhagen)
	}
	return []time.Time{
		at(2027, time.January, 31, 7, 30),
		at(2027, time.February, 28, 7, 30),
		at(2028, time.February, 29, 7, 30),
		at(2027, time.March, 1, 7, 30),
		at(2027, time.March, 28, 1, 30),   // last Sunday of March, before the clocks go forward
		at(2026, time.October, 25, 2, 30), // last Sunday of October, in the repeated hour
		at(2026, time.December, 31, 23, 30),
		at(2026, time.March, 11, 7, 30), // today+20 = 31.03
		at(2026, time.April, 5, 7, 30),  // today−5 = 31.03
		pgtest.Start(),
		time.Now(), // today: the one deliberate use of the wall clock
	}
}

// TestDemoOnEveryDay seeds the demo municipality on each of demoDays and
// checks every state the README promises: grants in every state, sessions,
// concerns in every state, the phase log with a Case 2 round trip, and
// coping windows open, expiring, overdue, requested, met and converted; the
// script names the citizen of each window state, and each name fits.
func TestDemoOnEveryDay(t *testing.T) {
	for _, day := range demoDays() {
		t.Run(day.Format("2006-01-02T15:04"), func(t *testing.T) {
			db := pgtest.NewDB(t)
			db.SetClock(func() time.Time { return day })
			script, err := SeedScript(ctx, db)
			if err != nil {
				t.Fatalf("seed demo: %v", err)
			}
			today := domain.DateOf(day)
			if !script.Today.Equal(today) {
				t.Errorf("script day %v, want %v", script.Today, today)
			}
			checkDemoCitizens(t, db.Pool, today)
			checkDemoSessions(t, db, today)
			checkDemoPhases(t, db, today, false)
			checkDemoScript(t, db, script, today)
			checkDemoProposals(t, db, script)
		})
	}
}

// checkDemoScript checks that each citizen the script names has a window in
// the state the name stands for.
func checkDemoScript(t *testing.T, db *postgres.DB, script Script, today domain.Date) {
	t.Helper()
	windows, err := db.FindCopingWindows(ctx, domain.CopingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	find := func(name string) *domain.CopingWindow {
		for i := range windows {
			if windows[i].CitizenName == name {
				return &windows[i]
			}
		}
		return nil
	}
	for _, c := range []struct {
		what, name string
		fits       func(w domain.CopingWindow) bool
	}{
		{"overdue", script.CopingOverdue, func(w domain.CopingWindow) bool {
			return w.Status == domain.CopingOpen && w.Overdue(today) && w.DaysOverdue(today) >= 3 && w.DaysOverdue(today) <= 8
		}},
		{"expiring soon", script.CopingSoon, func(w domain.CopingWindow) bool {
			return w.Status == domain.CopingOpen && !w.Overdue(today) && w.DaysLeft(today) <= 7
		}},
		{"later", script.CopingLater, func(w domain.CopingWindow) bool {
			return w.Status == domain.CopingOpen && w.DaysLeft(today) > 7
		}},
		{"requested", script.CopingRequest, func(w domain.CopingWindow) bool { return w.Status == domain.CopingRequested }},
		{"met", script.CopingMet, func(w domain.CopingWindow) bool { return w.Status == domain.CopingMet }},
		{"converted", script.CopingConverted, func(w domain.CopingWindow) bool { return w.Status == domain.CopingConverted }},
	} {
		if c.name == "" {
			t.Errorf("the script names no citizen for the %s window", c.what)
			continue
		}
		w := find(c.name)
		if w == nil || !c.fits(*w) {
			t.Errorf("the %s window's citizen %q: %+v", c.what, c.name, w)
		}
	}
	// Grants ending within 30 days, for the flag and the caseworker.
	var ending int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM grants WHERE status = 'bevilget'
		AND end_date BETWEEN $1 AND $1::date + 30`, today).Scan(&ending); err != nil {
		t.Fatal(err)
	}
	if ending < 1 {
		t.Errorf("no grant ends within 30 days of %v", today)
	}
}

// checkDemoProposals checks that the demo has proposals in every state, each
// named by the script: waiting, waiting past the flag's days, rejected with
// a reason, and approved behind a phase switch that names both sides.
func checkDemoProposals(t *testing.T, db *postgres.DB, script Script) {
	t.Helper()
	for what, name := range map[string]string{"waiting": script.ProposalPending, "overdue": script.ProposalOverdue,
		"rejected": script.ProposalRejected, "approved": script.ProposalApproved} {
		if name == "" {
			t.Errorf("the demo has no %s proposal", what)
		}
	}
	var rejected, approvedSwitches int
	if err := db.Pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM proposals WHERE status = 'afvist' AND btrim(reason) <> ''),
		(SELECT count(*) FROM phase_switches WHERE proposed_by IS NOT NULL AND approved_by IS NOT NULL)`).
		Scan(&rejected, &approvedSwitches); err != nil {
		t.Fatal(err)
	}
	if rejected == 0 || approvedSwitches == 0 {
		t.Errorf("rejected proposals with a reason: %d, switches with proposer and approver: %d", rejected, approvedSwitches)
	}
}
