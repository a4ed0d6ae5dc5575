package postgres_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/postgres/pgtest"
)

func mustCitizen(t *testing.T, db *postgres.DB, cpr string, caseworker int64) domain.Citizen {
	t.Helper()
	c, err := db.CreateCitizen(ctx, domain.CitizenInput{CPR: cpr, Name: "Borger " + cpr, CaseworkerID: &caseworker}, 0)
	if err != nil {
		t.Fatalf("create citizen: %v", err)
	}
	return c
}

// fixture is a small municipality: a caseworker, a mentor qualified for
// both functions, a citizen, and the seeded legal bases and catalogue.
type fixture struct {
	db                 *postgres.DB
	caseworker, mentor domain.User
	citizen            domain.Citizen
	lab, sel85         domain.LegalBasis
	tasks, exclusions  []domain.CatalogueItem
	budgets            map[string]int64
	needs              []domain.SupportNeed // a § 85 assessment from the seeded FFB areas
	supportPurpose     int64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := pgtest.NewDB(t)
	f := &fixture{db: db, caseworker: mustUser(t, db, "sagsbehandler", domain.RoleCaseworker),
		mentor: mustUser(t, db, "mentor", domain.RoleMentor), budgets: map[string]int64{}}
	f.citizen = mustCitizen(t, db, "010190-1234", f.caseworker.ID)
	if err := db.SetQualifications(ctx, f.mentor.ID, true, true, 30); err != nil {
		t.Fatal(err)
	}
	bases, _ := db.FindLegalBases(ctx)
	for _, lb := range bases {
		switch lb.Code {
		case "LAB-167":
			f.lab = lb
		case "SEL-85":
			f.sel85 = lb
		}
	}
	f.tasks, _ = db.FindCatalogue(ctx, domain.FunctionMentor, domain.KindTask, false)
	f.exclusions, _ = db.FindCatalogue(ctx, domain.FunctionMentor, domain.KindExclusion, false)
	budgets, _ := db.FindBudgets(ctx)
	for _, b := range budgets {
		f.budgets[b.Name] = b.ID
	}
	f.needs, f.supportPurpose = seededSupportNeed(t, db)
	if f.lab.ID == 0 || f.sel85.ID == 0 || len(f.tasks) != 6 || len(f.exclusions) != 4 {
		t.Fatalf("seeded reference data missing: %+v %+v %d %d", f.lab, f.sel85, len(f.tasks), len(f.exclusions))
	}
	return f
}

func d(s string) domain.Date {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

func (f *fixture) labInput(start string) domain.GrantInput {
	end := domain.MaxEnd(d(start), 6)
	return domain.GrantInput{LegalBasisID: f.lab.ID, PersonID: f.mentor.ID, Purpose: "Fastholde praktik",
		HoursPerWeek: 3, Start: d(start), End: &end, Review: domain.DefaultReview(d(start)), BudgetID: f.budgets["Beskæftigelse"],
		Goals:      []domain.Item{{Text: "Møde stabilt i praktik"}},
		Tasks:      []domain.Item{{CatalogueID: &f.tasks[0].ID, Text: f.tasks[0].Text}},
		Exclusions: []domain.Item{{CatalogueID: &f.exclusions[0].ID, Text: f.exclusions[0].Text}},
		// The FFB part a § 85 grant made from this needs; a LAB grant drops it.
		SupportNeeds: f.needs, SupportPurposeID: &f.supportPurpose}
}

func TestCitizenCPRValidationAndDuplicates(t *testing.T) {
	f := newFixture(t)
	_, err := f.db.CreateCitizen(ctx, domain.CitizenInput{CPR: "310290-1234", Name: "", CaseworkerID: nil}, 0)
	fields := domain.FieldErrors(err)
	if fields["cpr"] == "" || fields["name"] == "" || fields["caseworker_id"] == "" {
		t.Fatalf("want cpr, name and caseworker messages, got %v", fields)
	}
	// No modulus-11 rejection: 0101901235 fails the old check and is accepted.
	c := mustCitizen(t, f.db, "0101901235", f.caseworker.ID)
	if c.CPR.Masked() != "010190-xxxx" || c.CPR.Formatted() != "010190-1235" {
		t.Fatalf("cpr formatting: %s %s", c.CPR.Masked(), c.CPR.Formatted())
	}
	_, err = f.db.CreateCitizen(ctx, domain.CitizenInput{CPR: "010190-1235", Name: "Igen", CaseworkerID: &f.caseworker.ID}, 0)
	dup, ok := err.(*domain.DuplicateCPRError)
	if !ok || dup.CitizenID != c.ID {
		t.Fatalf("duplicate CPR: want DuplicateCPRError for %d, got %v", c.ID, err)
	}
}

func TestCitizenSearchAndOptimisticLocking(t *testing.T) {
	f := newFixture(t)
	mustCitizen(t, f.db, "0505851111", f.caseworker.ID)
	list, total, err := f.db.FindCitizens(ctx, domain.CitizenFilter{Query: "0505"})
	if err != nil || total != 1 || list[0].CPR != "0505851111" {
		t.Fatalf("CPR prefix search: %d %v", total, err)
	}
	_, total, _ = f.db.FindCitizens(ctx, domain.CitizenFilter{Query: "borger 0101"})
	if total != 1 {
		t.Fatalf("name search: %d", total)
	}
	in := domain.CitizenInput{CPR: string(f.citizen.CPR), Name: "Ny Navn", CaseworkerID: &f.caseworker.ID, Version: f.citizen.Version}
	if _, err := f.db.UpdateCitizen(ctx, f.citizen.ID, in); err != nil {
		t.Fatal(err)
	}
	in.Name = "Andet Navn" // same old version: somebody else saved in between
	if _, err := f.db.UpdateCitizen(ctx, f.citizen.ID, in); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale version: want conflict, got %v", err)
	}
	// A mentor only finds citizens they hold a grant for.
	_, total, _ = f.db.FindCitizens(ctx, domain.CitizenFilter{PersonID: &f.mentor.ID})
	if total != 0 {
		t.Fatalf("mentor without grants sees %d citizens", total)
	}
}

func TestGrantRules(t *testing.T) {
	f := newFixture(t)
	in := f.labInput("2026-08-31")
	in.End = ptr(d("2027-03-01")) // beyond 6 months from 31.08 (28.02.2027)
	in.HoursPerWeek = 2.3
	in.Tasks, in.Exclusions, in.Goals = nil, nil, nil
	_, err := f.db.CreateGrant(ctx, f.citizen.ID, in, domain.StatusDraft, f.caseworker.ID, domain.Validation{})
	fields := domain.FieldErrors(err)
	for _, k := range []string{"end", "hours", "tasks", "exclusions", "goals"} {
		if fields[k] == "" {
			t.Errorf("no message for %s: %v", k, fields)
		}
	}
	if !strings.Contains(fields["end"], "28.02.2027") {
		t.Errorf("end message should name the last allowed day: %s", fields["end"])
	}
	// § 85 needs a follow-up date but no end.
	sel := f.labInput("2026-09-01")
	sel.LegalBasisID, sel.End, sel.BudgetID = f.sel85.ID, nil, f.budgets["Social"]
	_, err = f.db.CreateGrant(ctx, f.citizen.ID, sel, domain.StatusGranted, f.caseworker.ID, domain.Validation{})
	if domain.FieldErrors(err)["follow_up"] == "" {
		t.Fatalf("§ 85 without follow-up: %v", err)
	}
	// A person not qualified for the function cannot be chosen.
	other := mustUser(t, f.db, "mentor2", domain.RoleMentor)
	f.db.SetQualifications(ctx, other.ID, true, false, 10)
	sel.FollowUp = ptr(d("2026-12-01"))
	sel.PersonID = other.ID
	_, err = f.db.CreateGrant(ctx, f.citizen.ID, sel, domain.StatusGranted, f.caseworker.ID, domain.Validation{})
	if !strings.Contains(domain.FieldErrors(err)["person_id"], "ikke kvalificeret") {
		t.Fatalf("unqualified person: %v", err)
	}
}

func TestOneActiveGrantPerFunction(t *testing.T) {
	f := newFixture(t)
	first, err := f.db.CreateGrant(ctx, f.citizen.ID, f.labInput("2026-09-01"), domain.StatusGranted, f.caseworker.ID, domain.Validation{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.db.CreateGrant(ctx, f.citizen.ID, f.labInput("2026-10-01"), domain.StatusGranted, f.caseworker.ID, domain.Validation{})
	if domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), "nr. "+itoa(first)) {
		t.Fatalf("second active LAB grant: want conflict naming %d, got %v", first, err)
	}
	// A draft may overlap; granting it may not.
	draft, err := f.db.CreateGrant(ctx, f.citizen.ID, f.labInput("2026-10-01"), domain.StatusDraft, f.caseworker.ID, domain.Validation{})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.GrantDraft(ctx, draft, 0); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("granting an overlapping draft: %v", err)
	}
	// The other function alongside is fine (parallel support).
	sel := f.labInput("2026-09-15")
	sel.LegalBasisID, sel.End, sel.FollowUp, sel.BudgetID = f.sel85.ID, nil, ptr(d("2026-12-15")), f.budgets["Social"]
	if _, err := f.db.CreateGrant(ctx, f.citizen.ID, sel, domain.StatusGranted, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatalf("parallel § 85: %v", err)
	}
	// Drafts can be deleted; granted grants cannot.
	if err := f.db.DeleteDraft(ctx, first); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("deleting a granted grant: %v", err)
	}
	if err := f.db.DeleteDraft(ctx, draft); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.FindGrantByID(ctx, draft); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatal("draft not deleted")
	}
}

func TestReviseGrantMakesNumberedRevisions(t *testing.T) {
	f := newFixture(t)
	id, err := f.db.CreateGrant(ctx, f.citizen.ID, f.labInput("2026-09-01"), domain.StatusGranted, f.caseworker.ID, domain.Validation{})
	if err != nil {
		t.Fatal(err)
	}
	g, _ := f.db.FindGrantByID(ctx, id)
	in := domain.RevisionInput{Reason: " ", PersonID: g.PersonID, HoursPerWeek: g.HoursPerWeek, Tasks: g.Tasks,
		Exclusions: g.Exclusions, Goals: g.Goals, Version: g.Version}
	_, err = f.db.ReviseGrant(ctx, id, in, f.caseworker.ID, domain.Validation{})
	if fields := domain.FieldErrors(err); fields["reason"] == "" {
		t.Fatalf("no reason and no change: %v", err)
	}
	in.Reason = "Justeringsmøde: fokus på fremmøde"
	in.HoursPerWeek = 4.5
	in.Tasks = append(in.Tasks, domain.Item{Text: "Følge borgeren til første praktikdag"})
	n, err := f.db.ReviseGrant(ctx, id, in, f.caseworker.ID, domain.Validation{})
	if err != nil || n != 2 {
		t.Fatalf("revision: %d %v", n, err)
	}
	// The version the user saw is stale now.
	in.HoursPerWeek = 5
	if _, err := f.db.ReviseGrant(ctx, id, in, f.caseworker.ID, domain.Validation{}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale revision: %v", err)
	}
	revs, err := f.db.FindRevisions(ctx, id)
	if err != nil || len(revs) != 2 {
		t.Fatalf("revisions: %d %v", len(revs), err)
	}
	changes := domain.DiffRevisions(revs[0], revs[1])
	if len(changes) != 2 || changes[0].What != "Timer pr. uge" || changes[1].Added[0] != "Følge borgeren til første praktikdag" {
		t.Fatalf("diff: %+v", changes)
	}
	g, _ = f.db.FindGrantByID(ctx, id)
	if g.Revision != 2 || g.HoursPerWeek != 4.5 || len(g.Tasks) != 2 {
		t.Fatalf("grant not at revision 2: %+v", g)
	}
}

func TestExtendGrant(t *testing.T) {
	f := newFixture(t)
	id, _ := f.db.CreateGrant(ctx, f.citizen.ID, f.labInput("2026-08-31"), domain.StatusGranted, f.caseworker.ID, domain.Validation{})
	g, _ := f.db.FindGrantByID(ctx, id)
	_, err := f.db.ExtendGrant(ctx, id, domain.ExtensionInput{HoursPerWeek: 3, End: ptr(d("2027-09-02")), Version: g.Version},
		f.caseworker.ID, domain.Validation{})
	fields := domain.FieldErrors(err)
	if fields["assessment"] == "" || fields["end"] == "" {
		t.Fatalf("extension without assessment and too long: %v", err)
	}
	next, err := f.db.ExtendGrant(ctx, id, domain.ExtensionInput{Assessment: "Borgeren er tæt på ordinære timer",
		HoursPerWeek: 2, End: ptr(d("2027-08-01")), Version: g.Version}, f.caseworker.ID, domain.Validation{})
	if err != nil {
		t.Fatal(err)
	}
	ng, _ := f.db.FindGrantByID(ctx, next)
	if !ng.Start.Equal(d("2027-03-01")) || *ng.PreviousID != id || len(ng.Tasks) != 1 || ng.Status != domain.StatusGranted {
		t.Fatalf("extension: start %v prev %v", ng.Start, ng.PreviousID)
	}
	if g, _ = f.db.FindGrantByID(ctx, id); g.NextID == nil || *g.NextID != next {
		t.Fatal("the chain is not shown on the first grant")
	}
	if _, err := f.db.ExtendGrant(ctx, id, domain.ExtensionInput{Assessment: "igen", HoursPerWeek: 2, End: ptr(d("2027-05-01"))},
		f.caseworker.ID, domain.Validation{}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("second extension: %v", err)
	}
}

func TestEndGrantAndMeetings(t *testing.T) {
	f := newFixture(t)
	id, _ := f.db.CreateGrant(ctx, f.citizen.ID, f.labInput("2026-09-01"), domain.StatusGranted, f.caseworker.ID, domain.Validation{})
	err := f.db.EndGrant(ctx, id, domain.EndInput{EndedOn: d("2026-08-01")}, domain.Validation{})
	if fields := domain.FieldErrors(err); fields["ended_on"] == "" || fields["reason"] == "" {
		t.Fatalf("bad end: %v", err)
	}
	f.db.SetClock(func() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) })
	_, err = f.db.CreateMeeting(ctx, id, domain.MeetingInput{HeldOn: d("2026-12-24")}, f.caseworker.ID, domain.Validation{})
	if fields := domain.FieldErrors(err); fields["held_on"] == "" || fields["summary"] == "" || fields["participants"] == "" {
		t.Fatalf("bad meeting: %v", err)
	}
	mid, err := f.db.CreateMeeting(ctx, id, domain.MeetingInput{HeldOn: d("2026-11-20"), Participants: []string{"Borger", "Mentor", "Hacker"},
		Summary: "Aftalt fokus på fremmøde", Decisions: "Opgaverne ændres", ChangeTasks: true}, f.caseworker.ID, domain.Validation{})
	if err != nil {
		t.Fatal(err)
	}
	g, _ := f.db.FindGrantByID(ctx, id)
	_, err = f.db.ReviseGrant(ctx, id, domain.RevisionInput{Reason: "Fra justeringsmøde", PersonID: g.PersonID, HoursPerWeek: 3,
		Tasks: []domain.Item{{Text: "Ny opgave"}}, Exclusions: g.Exclusions, Goals: g.Goals, Version: g.Version, MeetingID: &mid},
		f.caseworker.ID, domain.Validation{})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := f.db.FindMeetingByID(ctx, mid)
	if m.RevisionNumber == nil || *m.RevisionNumber != 2 || len(m.Participants) != 2 {
		t.Fatalf("meeting: %+v", m)
	}
	g, _ = f.db.FindGrantByID(ctx, id)
	if err := f.db.EndGrant(ctx, id, domain.EndInput{EndedOn: d("2026-11-30"), Reason: "Borgeren er i job", Version: g.Version}, domain.Validation{}); err != nil {
		t.Fatal(err)
	}
	g, _ = f.db.FindGrantByID(ctx, id)
	if g.Status != domain.StatusEnded || !g.EndedOn.Equal(d("2026-11-30")) {
		t.Fatalf("ended: %+v", g)
	}
	// Ended, the period is closed: a new LAB grant from the day after is fine.
	if _, err := f.db.CreateGrant(ctx, f.citizen.ID, f.labInput("2026-12-01"), domain.StatusGranted, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatalf("new grant after the ended one: %v", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
