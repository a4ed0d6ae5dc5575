package postgres_test

import (
	"testing"
	"time"

	"mentorspor/internal/domain"
)

// proposalFixture: a citizen with an active LAB grant and the caseworker's
// pending proposal of § 85 support from 2026-08-15, the clock on 2026-08-01.
func proposalFixture(t *testing.T) (*fixture, domain.User, domain.Grant, domain.Proposal) {
	t.Helper()
	f := newFixture(t)
	f.db.SetClock(func() time.Time { return time.Date(2026, 8, 1, 10, 0, 0, 0, time.UTC) })
	social := mustUser(t, f.db, "socialraadgiver", domain.RoleSocialWorker)
	lab := f.grant(t, f.labInput("2026-06-01"))
	id, err := f.db.CreateProposal(ctx, f.citizen.ID, domain.ProposalInput{Kind: domain.SwitchLABTo85, EffectiveOn: d("2026-08-15"),
		PersonID: f.mentor.ID, HoursPerWeek: 3, Need: "Behovet er vedvarende"}, f.caseworker.ID, domain.Validation{})
	if err != nil {
		t.Fatalf("create proposal: %v %v", err, domain.FieldErrors(err))
	}
	p, err := f.db.FindProposalByID(ctx, id)
	if err != nil || p.Status != domain.ProposalPending || p.FromGrantID == nil || *p.FromGrantID != lab.ID || p.ProposedBy != f.caseworker.ID {
		t.Fatalf("proposal: %+v %v", p, err)
	}
	return f, social, lab, p
}

func (f *fixture) approval(reason string) domain.SwitchInput {
	sel := f.selInput("2026-08-15")
	return domain.SwitchInput{EffectiveOn: d("2026-08-15"), Reason: reason, NewGrant: &sel}
}

func assertPendingAndNothingSaved(t *testing.T, f *fixture, p domain.Proposal, labID int64) {
	t.Helper()
	got, _ := f.db.FindProposalByID(ctx, p.ID)
	if got.Status != domain.ProposalPending || got.Version != p.Version || got.DecidedBy != nil || got.SwitchID != nil || got.GrantID != nil {
		t.Fatalf("the proposal must stay pending and unchanged: %+v", got)
	}
	if n := count(t, f, `SELECT count(*) FROM phase_switches`); n != 0 {
		t.Fatalf("%d phase switches written", n)
	}
	if n := count(t, f, `SELECT count(*) FROM grants`); n != 1 {
		t.Fatalf("%d grants, want only the LAB grant", n)
	}
	g, _ := f.db.FindGrantByID(ctx, labID)
	if g.Status != domain.StatusGranted || g.EndedOn != nil {
		t.Fatalf("the LAB grant was ended: %+v", g)
	}
}

func TestProposalApprovalIsAtomic(t *testing.T) {
	f, social, lab, p := proposalFixture(t)
	// Refused by validation: no reason for the switch.
	_, err := f.db.ApproveProposal(ctx, p.ID, p.Version, f.approval(" "), social.ID, domain.Validation{})
	if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)["reason"] == "" {
		t.Fatalf("switch without reason: %v %v", err, domain.FieldErrors(err))
	}
	assertPendingAndNothingSaved(t, f, p, lab.ID)
	// Refused inside the transaction: the new grant's insert fails after the
	// LAB grant was ended.
	in := f.approval("Behovet er vedvarende")
	in.NewGrant.BudgetID = 999999
	if _, err := f.db.ApproveProposal(ctx, p.ID, p.Version, in, social.ID, domain.Validation{}); err == nil {
		t.Fatal("the approval must fail")
	}
	assertPendingAndNothingSaved(t, f, p, lab.ID)
}

func TestProposalDecidedOnce(t *testing.T) {
	f, social, lab, p := proposalFixture(t)
	// A stale version is refused and changes nothing.
	_, err := f.db.ApproveProposal(ctx, p.ID, p.Version+1, f.approval("Behovet er vedvarende"), social.ID, domain.Validation{})
	if domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale version: %v", err)
	}
	if err := f.db.RejectProposal(ctx, p.ID, p.Version-1, "Ikke behov", social.ID, domain.Validation{}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale version on reject: %v", err)
	}
	assertPendingAndNothingSaved(t, f, p, lab.ID)
	// A rejection without a reason is refused next to its field.
	err = f.db.RejectProposal(ctx, p.ID, p.Version, "  ", social.ID, domain.Validation{})
	if domain.FieldErrors(err)["reject_reason"] == "" {
		t.Fatalf("reject without reason: %v", err)
	}
	// Approved with a change of hours.
	in := f.approval("Behovet er vedvarende")
	in.NewGrant.HoursPerWeek = 4.5
	sid, err := f.db.ApproveProposal(ctx, p.ID, p.Version, in, social.ID, domain.Validation{})
	if err != nil {
		t.Fatalf("approve: %v %v", err, domain.FieldErrors(err))
	}
	got, _ := f.db.FindProposalByID(ctx, p.ID)
	if got.Status != domain.ProposalApproved || got.DecidedBy == nil || *got.DecidedBy != social.ID ||
		got.SwitchID == nil || *got.SwitchID != sid || got.GrantID == nil || got.Version != p.Version+1 {
		t.Fatalf("approved proposal: %+v", got)
	}
	g, _ := f.db.FindGrantByID(ctx, *got.GrantID)
	if g.LegalBasis.ID != f.sel85.ID || g.HoursPerWeek != 4.5 || g.Status != domain.StatusGranted {
		t.Fatalf("the § 85 grant: %+v", g)
	}
	// Decided once: approving or rejecting again is a conflict, at either version.
	for _, v := range []int{p.Version, got.Version} {
		if _, err := f.db.ApproveProposal(ctx, p.ID, v, f.approval("igen"), social.ID, domain.Validation{}); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("approve again at %d: %v", v, err)
		}
		if err := f.db.RejectProposal(ctx, p.ID, v, "igen", social.ID, domain.Validation{}); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("reject after approval at %d: %v", v, err)
		}
	}
	if n := count(t, f, `SELECT count(*) FROM phase_switches`); n != 1 {
		t.Fatalf("%d phase switches, want 1", n)
	}
	// The phase log names the proposer and the approver.
	log, _ := f.db.FindSwitches(ctx, domain.SwitchFilter{CitizenID: &f.citizen.ID})
	if len(log) != 1 || log[0].ID != sid || log[0].ProposedByName != "Test sagsbehandler" || log[0].ApprovedByName != "Test socialraadgiver" {
		t.Fatalf("phase log: %+v", log)
	}
}

func TestProposalRejected(t *testing.T) {
	f, social, lab, p := proposalFixture(t)
	if err := f.db.RejectProposal(ctx, p.ID, p.Version, "  Mentorstøtten rækker  ", social.ID, domain.Validation{}); err != nil {
		t.Fatalf("reject: %v %v", err, domain.FieldErrors(err))
	}
	got, _ := f.db.FindProposalByID(ctx, p.ID)
	if got.Status != domain.ProposalRejected || got.Reason != "Mentorstøtten rækker" || got.DecidedBy == nil || *got.DecidedBy != social.ID {
		t.Fatalf("rejected proposal: %+v", got)
	}
	if _, err := f.db.ApproveProposal(ctx, p.ID, got.Version, f.approval("x"), social.ID, domain.Validation{}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("approve after rejection: %v", err)
	}
	if n := count(t, f, `SELECT count(*) FROM phase_switches`); n != 0 {
		t.Fatalf("%d phase switches after a rejection", n)
	}
	g, _ := f.db.FindGrantByID(ctx, lab.ID)
	if g.Status != domain.StatusGranted {
		t.Fatalf("LAB grant after rejection: %+v", g)
	}
	// A new proposal may follow a rejected one; only one waits at a time.
	in := domain.ProposalInput{Kind: domain.SwitchAddParallel, EffectiveOn: d("2026-09-01"), PersonID: f.mentor.ID, HoursPerWeek: 2, Need: "Nyt behov"}
	if _, err := f.db.CreateProposal(ctx, f.citizen.ID, in, f.caseworker.ID, domain.Validation{}); err != nil {
		t.Fatalf("new proposal after rejection: %v %v", err, domain.FieldErrors(err))
	}
	if _, err := f.db.CreateProposal(ctx, f.citizen.ID, in, f.caseworker.ID, domain.Validation{}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("second pending proposal: %v", err)
	}
}
