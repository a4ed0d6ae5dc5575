package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// SwitchPhase performs a phase switch as one decision in one transaction:
// domain.PlanSwitch checks it against the citizen's grants; this carries the
// plan out: it ends the grants the switch ends (the day before the
// effective date), creates the new grant from the effective date, writes the
// switch to the append-only phase log and, when the switch decides a coping
// window, records that outcome. All or nothing.
func (db *DB) SwitchPhase(ctx context.Context, citizenID int64, in domain.SwitchInput, userID int64, v domain.Validation) (int64, error) {
	return db.switchPhase(ctx, citizenID, in, userID, v, switchDecision{})
}

// switchDecision is what a switch decided on a proposal adds: who proposed
// and who approved it, for the phase log, and the proposal's own update,
// run in the switch's transaction after the switch is logged (its error
// undoes the switch).
type switchDecision struct {
	proposedBy, approvedBy *int64
	within                 func(tx pgx.Tx, switchID int64, grantID *int64) error
}

func (db *DB) switchPhase(ctx context.Context, citizenID int64, in domain.SwitchInput, userID int64, v domain.Validation, d switchDecision) (int64, error) {
	grants, err := db.FindGrantsForCitizen(ctx, citizenID)
	if err != nil {
		return 0, err
	}
	var basis *domain.LegalBasis
	if in.NewGrant != nil {
		if lb, err := db.FindLegalBasisByID(ctx, in.NewGrant.LegalBasisID); err == nil {
			basis = &lb
		}
	}
	plan, ok := domain.PlanSwitch(grants, &in, basis, domain.DateOf(db.now()), v)
	if !ok {
		return 0, v.Err()
	}
	var lb domain.LegalBasis
	if plan.NewFunction != "" {
		lb, err = db.validateGrantInput(ctx, in.NewGrant, v)
		if err != nil && domain.ErrorCode(err) != domain.EINVALID {
			return 0, err
		}
	}
	if err := v.Err(); err != nil {
		return 0, err
	}

	var id int64
	err = db.onceInTx(ctx, in.FormToken, userID, domain.FormPhaseSwitch, &citizenID, func(tx pgx.Tx) error {
		endedIDs := []int64{}
		for _, g := range plan.Ending {
			tag, err := tx.Exec(ctx, `
				UPDATE grants SET status = 'afsluttet', ended_on = $2, end_reason = $3, version = version + 1, updated_at = now()
				WHERE id = $1 AND status = 'bevilget'`, g.ID, plan.EndOn, "Faseskift: "+in.Reason)
			if err != nil {
				return fmt.Errorf("end grant %d: %w", g.ID, err)
			}
			if tag.RowsAffected() == 0 {
				return domain.Errorf(domain.ECONFLICT, "Bevilling nr. %d er ændret af en anden i mellemtiden. Prøv igen.", g.ID)
			}
			endedIDs = append(endedIDs, g.ID)
		}
		var newID *int64
		if plan.NewFunction != "" {
			gid, err := insertGrant(ctx, tx, citizenID, lb, *in.NewGrant, domain.StatusGranted, userID)
			if err != nil {
				return err
			}
			newID = &gid
		}
		var before, after *int64
		if plan.PersonBefore != 0 {
			before = &plan.PersonBefore
		}
		if plan.PersonAfter != 0 {
			after = &plan.PersonAfter
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO phase_switches (citizen_id, kind, effective_on, reason, ended_grant_ids, new_grant_id,
				person_before_id, person_after_id, same_person, decided_by, proposed_by, approved_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			citizenID, string(in.Kind), in.EffectiveOn, in.Reason, endedIDs, newID, before, after, plan.SamePerson(), userID,
			d.proposedBy, d.approvedBy).Scan(&id); err != nil {
			return fmt.Errorf("log phase switch: %w", err)
		}
		if d.within != nil {
			if err := d.within(tx, id, newID); err != nil {
				return err
			}
		}
		if in.CopingWindowID != nil {
			tag, err := tx.Exec(ctx, `
				UPDATE coping_windows SET status = 'omlagt', switch_id = $2, decided_by = $3, decided_at = $6,
					decision_note = $4
				WHERE id = $1 AND citizen_id = $5 AND status = 'aaben'`, *in.CopingWindowID, id, userID, in.Reason, citizenID, db.now())
			if err != nil {
				return fmt.Errorf("decide coping window: %w", err)
			}
			if tag.RowsAffected() == 0 {
				return domain.Errorf(domain.ECONFLICT, "Hverdagsmestringsperioden er allerede afgjort.")
			}
		}
		return logChange(ctx, tx, domain.ActionUpdate, citizenID, domain.EntitySwitch, id, "Faseskift: "+in.Kind.Label())
	})
	if err != nil {
		if plan.NewFunction != "" {
			if e := db.activeConflict(ctx, err, citizenID, plan.NewFunction); e != err {
				return 0, e
			}
		}
		if domain.ErrorCode(err) != domain.EINTERNAL {
			return 0, err
		}
		return 0, fmt.Errorf("phase switch: %w", err)
	}
	return id, nil
}

// FindSwitches returns the phase log, newest first.
func (db *DB) FindSwitches(ctx context.Context, f domain.SwitchFilter) ([]domain.PhaseSwitch, error) {
	w := newWhere()
	if f.CitizenID != nil {
		w.add("ps.citizen_id = %s", *f.CitizenID)
	}
	if !f.From.IsZero() {
		w.add("ps.effective_on >= %s", f.From)
	}
	if !f.To.IsZero() {
		w.add("ps.effective_on <= %s", f.To)
	}
	if f.Kind != "" {
		w.add("ps.kind = %s", string(f.Kind))
	}
	if f.PersonID != nil {
		w.add("(ps.person_before_id = %s OR ps.person_after_id = %s)", *f.PersonID, *f.PersonID)
	}
	if f.TeamID != nil {
		w.add(`EXISTS (SELECT 1 FROM users tu WHERE tu.team_id = %s AND tu.id IN (ps.person_before_id, ps.person_after_id, ps.decided_by))`, *f.TeamID)
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT ps.id, ps.citizen_id, c.name, ps.kind, ps.effective_on, ps.reason, ps.ended_grant_ids, ps.new_grant_id,
		       COALESCE(pb.display_name, ''), COALESCE(pa.display_name, ''), ps.same_person, d.display_name, ps.created_at,
		       COALESCE(pr.display_name, ''), COALESCE(ap.display_name, '')
		FROM phase_switches ps
		LEFT JOIN users pr ON pr.id = ps.proposed_by
		LEFT JOIN users ap ON ap.id = ps.approved_by
		JOIN citizens c ON c.id = ps.citizen_id
		JOIN users d ON d.id = ps.decided_by
		LEFT JOIN users pb ON pb.id = ps.person_before_id
		LEFT JOIN users pa ON pa.id = ps.person_after_id
		`+w.sql()+`
		ORDER BY ps.effective_on DESC, ps.id DESC LIMIT 500`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("find phase switches: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.PhaseSwitch, error) {
		var s domain.PhaseSwitch
		var kind string
		err := r.Scan(&s.ID, &s.CitizenID, &s.CitizenName, &kind, &s.EffectiveOn, &s.Reason, &s.EndedGrantIDs, &s.NewGrantID,
			&s.PersonBefore, &s.PersonAfter, &s.SamePerson, &s.DecidedByName, &s.CreatedAt, &s.ProposedByName, &s.ApprovedByName)
		s.Kind = domain.SwitchKind(kind)
		return s, err
	})
}
