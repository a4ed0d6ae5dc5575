package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/servertest"
)

// TestSessionSurvivesExpiredSignInOnPhone: on a phone (375 px) a mentor
// types a session, the sign-in expires before Gem is tapped, and the tap
// leads to the sign-in page. After signing in again the mentor finds the
// form exactly as typed and saves it with one tap: one session, as typed.
func TestSessionSurvivesExpiredSignInOnPhone(t *testing.T) {
	browser(t)
	app := servertest.New(t)
	ctx := context.Background()
	mentorID := demoUserID(t, app, "mentor")
	citizenID, citizenName := oneGrantCitizen(t, app.DB, mentorID)
	shots := map[string]bool{}
	tb := phoneTab(t, app, shots, "mentor")

	formPage := fmt.Sprintf("/borgere/%d/samtaler/ny", citizenID)
	tb.open(formPage, 200)
	const note = "Øvede jobsamtale; aftalte at ringe til jobcentret fredag."
	tb.typeInto("minutes", "50")
	setTicked(tb, "Mod arbejdsmarkedet", true)
	tb.typeInto("note", note)
	before := countSessions(t, app.DB, citizenID, mentorID)

	// 30 idle minutes end the sign-in server-side.
	if _, err := app.DB.Pool.Exec(ctx, `DELETE FROM sessions`); err != nil {
		t.Fatal(err)
	}
	clickAndWait(tb, "Gem samtale", byText("main form button", "Gem samtale"), 200)
	if loc := tb.location(); loc != "/login?kladde=1" {
		t.Fatalf("Gem after the sign-in expired: at %s, want the sign-in page", loc)
	}
	if text := tb.bodyText(); !strings.Contains(text, "Det, du skrev, er gemt") {
		t.Errorf("sign-in page does not say the typed session is kept: %q", text)
	}
	tb.check("udloebet-login", phoneWidth)

	tb.typeInto("username", "mentor")
	tb.typeInto("password", demo.Password)
	tb.submit(`main form[action="/login"] button[type=submit]`, 200)
	if loc := tb.location(); loc != formPage {
		t.Fatalf("after signing in again: at %s, want the session form %s", loc, formPage)
	}
	if got := textOf(tb, `[data-testid=flash-warning]`); got != "Din registrering er gendannet – tryk Gem for at gemme den." {
		t.Errorf("restored form: notice %q", got)
	}
	for field, want := range map[string]string{"minutes": "50", "note": note} {
		if got := run(tb, chromedp.Value(chromedp.ID(field))); got != want {
			t.Errorf("restored form: %s holds %q, want %q", field, got, want)
		}
	}
	if got := checkedValue(tb, "direction"); got != "mod" {
		t.Errorf("restored form: direction %q, want mod", got)
	}
	tb.check("samtale-gendannet", phoneWidth)

	clickAndWait(tb, "Gem samtale", byText("main form button", "Gem samtale"), 200)
	if loc := tb.location(); loc != "/mine-borgere" {
		t.Fatalf("after Gem on the restored form: at %s, want /mine-borgere", loc)
	}
	assertFlash(tb, "Samtalen med "+citizenName+" er gemt.")
	if n := countSessions(t, app.DB, citizenID, mentorID); n != before+1 {
		t.Fatalf("sessions: %d, want %d", n, before+1)
	}
	if s := newestSession(t, app, citizenID, mentorID); s.Minutes != 50 || s.Note != note || s.Direction != "mod" {
		t.Errorf("saved session: %d min, %q, %q", s.Minutes, s.Note, s.Direction)
	}
}

// oneGrantCitizen picks a citizen the mentor holds exactly one active grant for.
func oneGrantCitizen(t *testing.T, db *postgres.DB, mentorID int64) (int64, string) {
	t.Helper()
	rows, err := db.MentorCaseload(context.Background(), mentorID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if !r.ReadOnly && len(r.ActiveGrantIDs) == 1 {
			return r.CitizenID, r.CitizenName
		}
	}
	t.Fatal("the demo mentor has no citizen with exactly one active grant")
	return 0, ""
}

func countSessions(t *testing.T, db *postgres.DB, citizenID, authorID int64) int {
	t.Helper()
	list, err := db.FindSessions(context.Background(), domain.SessionFilter{CitizenID: &citizenID, AuthorID: &authorID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}
