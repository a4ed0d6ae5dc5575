package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// The demo's proposals (indstillinger) to the social administration, one
// in every state: the approved one behind the newest LAB → § 85 switch of
// one person (the phase log names the proposer and the approver), one
// waiting since the last workday, one waiting well past the
// flag_proposal_days setting, and one rejected with a reason. The waiting
// and rejected ones are on LAB-only citizens of the demo caseworker without
// coping windows or switches, so no other demo state depends on them.

// demoSocialWorker is the social administration's demo sign-in.
const demoSocialWorker = "socialraadgiver" // Sofie Lindberg

// Danish texts of the demo proposals.
const (
	demoProposalNeedPending = "Borgeren har brug for vedvarende støtte til struktur i hverdagen, post og kontakt til " +
		"myndigheder; beskæftigelsesfokus er ikke muligt i denne periode. Mentoren kender borgeren og kan fortsætte."
	demoProposalNeedOverdue = "Hverdagen hænger ikke sammen: borgeren mister aftaler og har restancer. Behovet er " +
		"vedvarende og ligger uden for mentorstøtten. Vi indstiller til § 85 parallelt med mentorstøtten."
	demoProposalNeedRejected = "Borgeren har svært ved at holde orden i økonomien og har brug for hjælp til indkøb og " +
		"budget. Vi indstiller til støtte efter § 85."
	demoProposalRejectReason = "Behovet kan dækkes af en hverdagsmestringsperiode under mentorstøtten og af " +
		"økonomisk rådgivning i borgerservice. Vi vurderer det igen, hvis behovet viser sig at være vedvarende."
)

// demoProposalTasks are the proposed § 85 tasks of the demo's proposals.
const demoProposalTasks = `[{"catalogue_id": null, "text": "Struktur i hverdagen"}, {"catalogue_id": null, "text": "Post og økonomi"},
	{"catalogue_id": null, "text": "Kontakt til myndigheder"}]`

// demoApprovedSwitch picks the switch an approved proposal stands behind
// (the newest LAB → § 85 switch of one person) and the social worker who
// approved it; nil when there is none or no demo social worker.
func demoApprovedSwitch(ctx context.Context, tx pgx.Tx, switches []*demoSwitch) (*demoSwitch, int64, error) {
	var social int64
	err := tx.QueryRow(ctx, `SELECT id FROM users WHERE username = $1`, demoSocialWorker).Scan(&social)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("find demo social worker: %w", err)
	}
	var pick *demoSwitch
	for _, s := range switches {
		if s.kind == domain.SwitchLABTo85 && s.same && s.newGrant != nil &&
			(pick == nil || s.at.After(pick.at) || (s.at.Equal(pick.at) && s.citizenID > pick.citizenID)) {
			pick = s
		}
	}
	return pick, social, nil
}

// seedProposals writes the demo's proposals, once.
func seedProposals(ctx context.Context, tx pgx.Tx, today domain.Date, script *Script) error {
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM proposals)`).Scan(&exists); err != nil {
		return fmt.Errorf("look for proposals: %w", err)
	}
	if exists {
		return nil
	}
	// The approved one, behind its switch.
	var approvedName string
	err := tx.QueryRow(ctx, `
		INSERT INTO proposals (citizen_id, from_grant_id, kind, effective_on, person_id, hours_per_week, need, purpose,
			tasks, proposed_by, proposed_at, status, decided_by, decided_at, switch_id, grant_id)
		SELECT ps.citizen_id, ps.ended_grant_ids[1], ps.kind, ps.effective_on, ps.person_after_id, n.hours_per_week, ps.reason,
			n.purpose, $1::jsonb, ps.proposed_by, ps.created_at - interval '4 days', 'godkendt', ps.approved_by, ps.created_at,
			ps.id, n.id
		FROM phase_switches ps JOIN grants n ON n.id = ps.new_grant_id
		WHERE ps.approved_by IS NOT NULL
		ORDER BY ps.id LIMIT 1
		RETURNING (SELECT name FROM citizens WHERE id = citizen_id)`, demoProposalTasks).Scan(&approvedName)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("approved proposal: %w", err)
	}
	script.ProposalApproved = approvedName

	// LAB-only citizens that nothing else in the demo acts on, the demo
	// caseworker's first, last names first.
	rows, err := tx.Query(ctx, `
		SELECT c.id, c.name, c.caseworker_id, g.id, g.hours_per_week::float8, g.purpose,
		       CASE WHEN COALESCE(mp.qualified_support, false) THEN g.person_id
		            ELSE (SELECT id FROM users WHERE username = $2) END
		FROM citizens c
		JOIN users cw ON cw.id = c.caseworker_id
		JOIN grants g ON g.citizen_id = c.id AND g.function = 'mentor' AND g.status = 'bevilget'
		     AND g.start_date <= $3::date - 30 AND (g.end_date IS NULL OR g.end_date >= $3::date + 30)
		LEFT JOIN mentor_profiles mp ON mp.user_id = g.person_id
		WHERE NOT EXISTS (SELECT 1 FROM grants o WHERE o.citizen_id = c.id AND o.id <> g.id AND o.status IN ('bevilget', 'kladde'))
		  AND NOT EXISTS (SELECT 1 FROM coping_windows w WHERE w.citizen_id = c.id)
		  AND NOT EXISTS (SELECT 1 FROM phase_switches ps WHERE ps.citizen_id = c.id)
		  AND NOT c.address_protected
		ORDER BY cw.username = $1 DESC, c.name DESC, c.id
		LIMIT 3`, demoCaseworker1, demoMentor1, today)
	if err != nil {
		return fmt.Errorf("proposal citizens: %w", err)
	}
	type cand struct {
		citizenID, caseworker, grantID, person int64
		name, purpose                          string
		hours                                  float64
	}
	var cands []cand
	for rows.Next() {
		var c cand
		if err := rows.Scan(&c.citizenID, &c.name, &c.caseworker, &c.grantID, &c.hours, &c.purpose, &c.person); err != nil {
			rows.Close()
			return fmt.Errorf("proposal citizens: %w", err)
		}
		cands = append(cands, c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("proposal citizens: %w", err)
	}
	plans := []struct {
		kind      domain.SwitchKind
		proposed  time.Time
		effective domain.Date
		need      string
		rejected  *time.Time
		role      func(*Script) *string
	}{
		{domain.SwitchLABTo85, demoTime(demoPrevWorkday(today), 10), today.AddDate(0, 0, 7), demoProposalNeedPending, nil,
			func(s *Script) *string { return &s.ProposalPending }},
		{domain.SwitchAddParallel, demoTime(demoWorkdayBy(today.AddDate(0, 0, -9)), 11), today.AddDate(0, 0, 1), demoProposalNeedOverdue, nil,
			func(s *Script) *string { return &s.ProposalOverdue }},
		{domain.SwitchLABTo85, demoTime(demoWorkdayBy(today.AddDate(0, 0, -20)), 9), today.AddDate(0, 0, -6), demoProposalNeedRejected,
			ptrTo(demoTime(demoWorkdayBy(today.AddDate(0, 0, -16)), 14)), func(s *Script) *string { return &s.ProposalRejected }},
	}
	for i, p := range plans {
		if i >= len(cands) {
			break
		}
		c := cands[i]
		status, reason := domain.ProposalPending, ""
		var decidedBy *string
		if p.rejected != nil {
			status, reason, decidedBy = domain.ProposalRejected, demoProposalRejectReason, ptrTo(demoSocialWorker)
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO proposals (citizen_id, from_grant_id, kind, effective_on, person_id, hours_per_week, need, purpose,
				tasks, proposed_by, proposed_at, status, decided_by, decided_at, reason)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, LEAST($11::timestamptz, current_setting('mentorspor.demo_now')::timestamptz),
				$12, (SELECT id FROM users WHERE username = $13),
				CASE WHEN $14::timestamptz IS NOT NULL THEN LEAST($14::timestamptz, current_setting('mentorspor.demo_now')::timestamptz) END, $15)`,
			c.citizenID, c.grantID, string(p.kind), p.effective, c.person, c.hours, p.need, c.purpose, demoProposalTasks,
			c.caseworker, p.proposed, string(status), decidedBy, p.rejected, reason)
		if err != nil {
			return fmt.Errorf("proposal for %s: %w", c.name, err)
		}
		*p.role(script) = c.name
	}
	return nil
}

func ptrTo[T any](v T) *T { return &v }
