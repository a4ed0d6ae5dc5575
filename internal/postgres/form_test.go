package postgres_test

import (
	"net/url"
	"sync"
	"testing"
	"time"

	"mentorspor/internal/domain"
)

// Identical creates with one form token, run at the same moment, store one
// session: the token's key makes the second wait for the first and then
// return the first one's id as AlreadySaved.
func TestCreateSessionOncePerFormToken(t *testing.T) {
	f := newFixture(t)
	now := time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)
	f.db.SetClock(func() time.Time { return now })
	lab := f.grant(t, f.labInput("2026-01-05"))
	in := domain.SessionInput{GrantID: lab.ID, OccurredOn: d("2026-03-19"), StartTime: "10:00", Minutes: 30, Form: "telefon",
		Contact: "kontakt", Place: "uden_for_hjemmet", Direction: "mod", FormToken: "0123456789abcdef0123456789abcdef"}

	const n = 4
	ids, errs := make([]int64, n), make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { ids[i], errs[i] = f.db.CreateSession(ctx, in, f.mentor.ID, domain.Validation{}) })
	}
	wg.Wait()
	created := 0
	for i, err := range errs {
		if a, ok := domain.IsAlreadySaved(err); ok {
			if a.Kind != domain.FormSession || a.ID != ids[i] {
				t.Errorf("already saved: %+v, id %d", a, ids[i])
			}
			continue
		}
		if err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
		created++
	}
	if created != 1 {
		t.Fatalf("%d creates stored a session, want 1", created)
	}
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("every create answers with the one session: %v", ids)
		}
	}
	sessions, _ := f.db.FindSessions(ctx, domain.SessionFilter{GrantID: &lab.ID})
	if len(sessions) != 1 {
		t.Fatalf("sessions: %d", len(sessions))
	}
	if a, err := f.db.FindFormSubmission(ctx, in.FormToken, f.mentor.ID); err != nil || a.ID != ids[0] {
		t.Fatalf("find submission: %+v %v", a, err)
	}
	if _, err := f.db.FindFormSubmission(ctx, in.FormToken, f.caseworker.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("a token is the user's own: %v", err)
	}
	// Another user presenting the token is refused, not answered.
	if _, err := f.db.CreateSession(ctx, in, f.caseworker.ID, domain.Validation{}); err == nil {
		t.Fatal("another user's token")
	}

	if err := f.db.PurgeFormSubmissions(ctx, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.FindFormSubmission(ctx, in.FormToken, f.mentor.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("purged token still found: %v", err)
	}
}

// A draft is claimed by one user, taken once on its own page, and expires.
func TestFormDraftLifecycle(t *testing.T) {
	f := newFixture(t)
	now := time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)
	f.db.SetClock(func() time.Time { return now })
	form := url.Values{"note": {"Skrevet før timeout"}, "tasks_1": {"a", "b"}}
	if err := f.db.SaveFormDraft(ctx, "draft1", "/borgere/1/samtaler/ny", form, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.TakeFormDraft(ctx, "draft1", f.mentor.ID, "/borgere/1/samtaler/ny"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("an unclaimed draft is nobody's: %v", err)
	}
	path, err := f.db.ClaimFormDraft(ctx, "draft1", f.mentor.ID)
	if err != nil || path != "/borgere/1/samtaler/ny" {
		t.Fatalf("claim: %q %v", path, err)
	}
	if _, err := f.db.ClaimFormDraft(ctx, "draft1", f.caseworker.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("a claimed draft cannot be claimed again: %v", err)
	}
	if _, err := f.db.TakeFormDraft(ctx, "draft1", f.mentor.ID, "/andet"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("a draft belongs to its page: %v", err)
	}
	got, err := f.db.TakeFormDraft(ctx, "draft1", f.mentor.ID, "/borgere/1/samtaler/ny")
	if err != nil || got.Get("note") != "Skrevet før timeout" || len(got["tasks_1"]) != 2 {
		t.Fatalf("take: %v %v", got, err)
	}
	if _, err := f.db.TakeFormDraft(ctx, "draft1", f.mentor.ID, "/borgere/1/samtaler/ny"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("a draft is taken once: %v", err)
	}

	if err := f.db.SaveFormDraft(ctx, "draft2", "/x", form, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	now = now.Add(3 * time.Hour)
	if _, err := f.db.ClaimFormDraft(ctx, "draft2", f.mentor.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("an expired draft: %v", err)
	}
	if err := f.db.SaveFormDraft(ctx, "draft3", "/x", form, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	var left int
	_ = f.db.Pool.QueryRow(ctx, `SELECT count(*) FROM form_drafts`).Scan(&left)
	if left != 1 {
		t.Fatalf("expired drafts are purged: %d left", left)
	}
}

// A create whose result is another row (a revision shows on its grant)
// claims its token in its transaction, and a repeat names that row. (The
// repeat here changes the hours, so that the rules, which run before the
// transaction, let it through to the token.)
func TestReviseGrantOncePerFormToken(t *testing.T) {
	f := newFixture(t)
	now := time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)
	f.db.SetClock(func() time.Time { return now })
	lab := f.grant(t, f.labInput("2026-01-05"))
	in := domain.RevisionInput{Reason: "Flere timer", PersonID: lab.PersonID, HoursPerWeek: lab.HoursPerWeek + 1,
		Tasks: lab.Tasks, Exclusions: lab.Exclusions, Goals: lab.Goals, FormToken: "abcdef0123456789abcdef0123456789"}
	if _, err := f.db.ReviseGrant(ctx, lab.ID, in, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatalf("revise: %v %v", err, domain.FieldErrors(err))
	}
	in.HoursPerWeek++
	_, err := f.db.ReviseGrant(ctx, lab.ID, in, f.caseworker.ID, domain.Validation{})
	if a, ok := domain.IsAlreadySaved(err); !ok || a.Kind != domain.FormRevision || a.ID != lab.ID {
		t.Fatalf("repeat: %v, want already saved as a revision on grant %d", err, lab.ID)
	}
	var revisions int
	if err := f.db.Pool.QueryRow(ctx, `SELECT count(*) FROM grant_revisions WHERE grant_id = $1`, lab.ID).Scan(&revisions); err != nil {
		t.Fatal(err)
	}
	if revisions != 2 {
		t.Fatalf("%d revisions, want 2 (the grant's first and one change)", revisions)
	}
	// Another user's form with the same token is not theirs to see.
	_, err = f.db.ReviseGrant(ctx, lab.ID, in, f.mentor.ID, domain.Validation{})
	if _, ok := domain.IsAlreadySaved(err); ok || domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("someone else's token: %v, want a conflict", err)
	}
}
