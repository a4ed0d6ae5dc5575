package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// activeOn returns the citizen's granted grants still running on day
// (ended the day before at the earliest).
func activeOn(grants []domain.Grant, day domain.Date) []domain.Grant {
	var out []domain.Grant
	for _, g := range grants {
		if g.Status == domain.StatusGranted && (g.End == nil || !g.End.Before(day.AddDate(0, 0, -1))) {
			out = append(out, g)
		}
	}
	return out
}

// SwitchPhase performs a phase switch as one decision in one transaction:
// it ends the grants the switch ends (the day before the effective date),
// creates the new grant from the effective date, writes the switch to the
// append-only phase log and, when the switch decides a coping window,
// records that outcome. All or nothing.
func (db *DB) SwitchPhase(ctx context.Context, citizenID int64, in domain.SwitchInput, userID int64, v domain.Validation) (int64, error) {
	grants, err := db.FindGrantsForCitizen(ctx, citizenID)
	if err != nil {
		return 0, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if !in.Kind.Valid() {
		v.Add("kind", "Vælg hvilket faseskift det er.")
		return 0, v.Err()
	}
	if in.Reason == "" {
		v.Add("reason", "Skriv begrundelsen for faseskiftet.")
	} else {
		v.Text("reason", in.Reason, domain.MaxLongText)
	}
	if _, bad := v["effective_on"]; !bad && in.EffectiveOn.IsZero() {
		v.Add("effective_on", "Skriv den dato, faseskiftet gælder fra.")
	}
	today := domain.DateOf(db.now())
	if in.EffectiveOn.IsZero() || !v.DateWithin("effective_on", in.EffectiveOn, domain.EarliestDate(today), domain.LatestDate(today)) {
		return 0, v.Err()
	}
	active := activeOn(grants, in.EffectiveOn)
	byFn := map[domain.Function]*domain.Grant{}
	for i := range active {
		byFn[active[i].Function] = &active[i]
	}
	var ending []domain.Grant
	switch in.Kind {
	case domain.SwitchLABTo85:
		if byFn[domain.FunctionMentor] == nil || byFn[domain.FunctionSupport] != nil {
			v.Add("kind", "Skiftet kræver en aktiv mentorbevilling og ingen aktiv § 85-bevilling. Brug \"Tilføj parallel støtte\" eller \"Afslut den ene af to\".")
		} else {
			ending = []domain.Grant{*byFn[domain.FunctionMentor]}
		}
	case domain.Switch85ToLAB:
		if byFn[domain.FunctionSupport] == nil || byFn[domain.FunctionMentor] != nil {
			v.Add("kind", "Skiftet kræver en aktiv § 85-bevilling og ingen aktiv mentorbevilling.")
		} else {
			ending = []domain.Grant{*byFn[domain.FunctionSupport]}
		}
	case domain.SwitchAddParallel:
		if len(active) != 1 {
			v.Add("kind", "Parallel støtte kræver, at borgeren har præcis én aktiv bevilling.")
		}
	case domain.SwitchEndOne:
		if len(active) != 2 {
			v.Add("kind", "\"Afslut den ene af to\" kræver to aktive bevillinger.")
		}
		for _, g := range active {
			if g.ID == in.EndGrantID {
				ending = []domain.Grant{g}
			}
		}
		if len(active) == 2 && len(ending) == 0 {
			v.Add("end_grant_id", "Vælg hvilken af de to bevillinger der afsluttes.")
		}
	case domain.SwitchEndAll:
		if len(active) == 0 {
			v.Add("kind", "Borgeren har ingen aktive bevillinger.")
		}
		ending = active
	}
	for _, g := range ending {
		if !in.EffectiveOn.After(g.Start) {
			v.Add("effective_on", "Skæringsdatoen skal ligge efter "+domain.FormatDate(g.Start)+", hvor bevilling nr. "+fmt.Sprint(g.ID)+
				" startede, fordi den afsluttes dagen før skæringsdatoen.")
		}
	}
	// The new grant, if the switch creates one.
	var lb domain.LegalBasis
	newFn := in.Kind.NewFunction(active)
	personBefore, personAfter := int64(0), int64(0)
	if len(ending) > 0 {
		personBefore = ending[0].PersonID
	} else if len(active) > 0 {
		personBefore = active[0].PersonID
	}
	if newFn != "" {
		if in.NewGrant == nil {
			v.Add("kind", "Den nye bevilling mangler.")
			return 0, v.Err()
		}
		in.NewGrant.Start = in.EffectiveOn
		if in.NewGrant.Review.IsZero() {
			in.NewGrant.Review = domain.DefaultReview(in.EffectiveOn)
		}
		// Dates left empty follow the effective date.
		if lbNew, err := db.FindLegalBasisByID(ctx, in.NewGrant.LegalBasisID); err == nil {
			if lbNew.MaxMonths != nil && in.NewGrant.End == nil {
				end := domain.MaxEnd(in.EffectiveOn, *lbNew.MaxMonths)
				in.NewGrant.End = &end
			}
			if lbNew.MaxMonths == nil && in.NewGrant.FollowUp == nil {
				fu := domain.DefaultReview(in.EffectiveOn)
				in.NewGrant.FollowUp = &fu
			}
		}
		lb, err = db.validateGrantInput(ctx, in.NewGrant, v)
		if err != nil && domain.ErrorCode(err) != domain.EINVALID {
			return 0, err
		}
		if lb.Function != "" && lb.Function != newFn {
			v.Add("legal_basis_id", "Vælg et lovgrundlag for "+newFn.LowerLabel()+".")
		}
		personAfter = in.NewGrant.PersonID
		// Steer toward one person: two people need a conscious choice.
		if personBefore != 0 && personAfter != 0 && personBefore != personAfter && !in.ConfirmDifferent {
			v.Add("confirm_different", "Borgeren får en anden person end i dag. Kommunen tilstræber, at én person varetager begge funktioner. "+
				"Bekræft, at det er tilsigtet, eller vælg den nuværende person.")
		}
	}
	if err := v.Err(); err != nil {
		return 0, err
	}

	var id int64
	err = db.onceInTx(ctx, in.FormToken, userID, domain.FormPhaseSwitch, &citizenID, func(tx pgx.Tx) error {
		endedIDs := []int64{}
		for _, g := range ending {
			tag, err := tx.Exec(ctx, `
				UPDATE grants SET status = 'afsluttet', ended_on = $2, end_reason = $3, version = version + 1, updated_at = now()
				WHERE id = $1 AND status = 'bevilget'`, g.ID, in.EffectiveOn.AddDate(0, 0, -1), "Faseskift: "+in.Reason)
			if err != nil {
				return fmt.Errorf("end grant %d: %w", g.ID, err)
			}
			if tag.RowsAffected() == 0 {
				return domain.Errorf(domain.ECONFLICT, "Bevilling nr. %d er ændret af en anden i mellemtiden. Prøv igen.", g.ID)
			}
			endedIDs = append(endedIDs, g.ID)
		}
		var newID *int64
		if newFn != "" {
			gid, err := insertGrant(ctx, tx, citizenID, lb, *in.NewGrant, domain.StatusGranted, userID)
			if err != nil {
				return err
			}
			newID = &gid
		}
		var before, after *int64
		if personBefore != 0 {
			before = &personBefore
		}
		if personAfter != 0 {
			after = &personAfter
		}
		same := personAfter == 0 || personBefore == 0 || personBefore == personAfter
		if err := tx.QueryRow(ctx, `
			INSERT INTO phase_switches (citizen_id, kind, effective_on, reason, ended_grant_ids, new_grant_id,
				person_before_id, person_after_id, same_person, decided_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			citizenID, string(in.Kind), in.EffectiveOn, in.Reason, endedIDs, newID, before, after, same, userID).Scan(&id); err != nil {
			return fmt.Errorf("log phase switch: %w", err)
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
		if newFn != "" {
			if e := db.activeConflict(ctx, err, citizenID, newFn); e != err {
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
		       COALESCE(pb.display_name, ''), COALESCE(pa.display_name, ''), ps.same_person, d.display_name, ps.created_at
		FROM phase_switches ps
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
			&s.PersonBefore, &s.PersonAfter, &s.SamePerson, &s.DecidedByName, &s.CreatedAt)
		s.Kind = domain.SwitchKind(kind)
		return s, err
	})
}
