package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// proposalItem is a proposed goal, task or exclusion line as stored (jsonb).
type proposalItem struct {
	CatalogueID *int64 `json:"catalogue_id"`
	Text        string `json:"text"`
}

func itemsJSON(items []domain.Item) []byte {
	out := make([]proposalItem, len(items))
	for i, it := range items {
		out[i] = proposalItem{CatalogueID: it.CatalogueID, Text: it.Text}
	}
	b, _ := json.Marshal(out)
	return b
}

func itemsFromJSON(b []byte) ([]domain.Item, error) {
	var in []proposalItem
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, err
	}
	out := make([]domain.Item, len(in))
	for i, it := range in {
		out[i] = domain.Item{CatalogueID: it.CatalogueID, Text: it.Text}
	}
	return out, nil
}

const proposalColumns = `p.id, p.citizen_id, c.name, p.from_grant_id, p.coping_window_id, p.kind, p.effective_on,
	p.person_id, pe.display_name, p.hours_per_week::float8, p.need, p.purpose, p.goals, p.tasks, p.exclusions,
	p.proposed_by, pb.display_name, p.proposed_at, p.status, p.decided_by, COALESCE(db.display_name, ''), p.decided_at,
	p.reason, p.switch_id, p.grant_id, p.version`

const proposalFrom = `FROM proposals p
	JOIN citizens c ON c.id = p.citizen_id
	JOIN users pe ON pe.id = p.person_id
	JOIN users pb ON pb.id = p.proposed_by
	LEFT JOIN users db ON db.id = p.decided_by`

func scanProposal(r pgx.Row) (domain.Proposal, error) {
	var p domain.Proposal
	var kind, status string
	var goals, tasks, exclusions []byte
	err := r.Scan(&p.ID, &p.CitizenID, &p.CitizenName, &p.FromGrantID, &p.CopingWindowID, &kind, &p.EffectiveOn,
		&p.PersonID, &p.PersonName, &p.HoursPerWeek, &p.Need, &p.Purpose, &goals, &tasks, &exclusions,
		&p.ProposedBy, &p.ProposedByName, &p.ProposedAt, &status, &p.DecidedBy, &p.DecidedByName, &p.DecidedAt,
		&p.Reason, &p.SwitchID, &p.GrantID, &p.Version)
	if err != nil {
		return p, err
	}
	p.Kind, p.Status = domain.SwitchKind(kind), domain.ProposalStatus(status)
	for _, x := range []struct {
		raw []byte
		out *[]domain.Item
	}{{goals, &p.Goals}, {tasks, &p.Tasks}, {exclusions, &p.Exclusions}} {
		if *x.out, err = itemsFromJSON(x.raw); err != nil {
			return p, fmt.Errorf("proposal %d items: %w", p.ID, err)
		}
	}
	return p, nil
}

// FindProposalByID returns one proposal.
func (db *DB) FindProposalByID(ctx context.Context, id int64) (domain.Proposal, error) {
	return byID(scanProposal, db.Pool.QueryRow(ctx, `SELECT `+proposalColumns+` `+proposalFrom+` WHERE p.id = $1`, id), "Indstillingen")
}

// FindProposals returns the proposals f selects: pending first (oldest
// first, the longest waiting on top), then the decided ones, newest first.
func (db *DB) FindProposals(ctx context.Context, f domain.ProposalFilter) ([]domain.Proposal, error) {
	w := newWhere()
	if f.CitizenID != nil {
		w.add("p.citizen_id = %s", *f.CitizenID)
	}
	if f.ProposedBy != nil {
		w.add("p.proposed_by = %s", *f.ProposedBy)
	}
	if f.TeamID != nil {
		w.add("p.proposed_by IN (SELECT tu.id FROM users tu WHERE tu.team_id = %s)", *f.TeamID)
	}
	if f.Status != "" {
		w.add("p.status = %s", string(f.Status))
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	return queryAll(ctx, db, scanProposal, "find proposals", `SELECT `+proposalColumns+` `+proposalFrom+` `+w.sql()+`
		ORDER BY p.status <> 'afventer', CASE WHEN p.status = 'afventer' THEN p.proposed_at END, p.decided_at DESC, p.id DESC
		LIMIT `+fmt.Sprint(limit), w.args...)
}

// CreateProposal records the caseworker's proposal of § 85 support for the
// citizen, once per form token: it builds on the citizen's active LAB grant
// and names a person qualified as støttekontaktperson. One proposal per
// citizen waits at a time.
func (db *DB) CreateProposal(ctx context.Context, citizenID int64, in domain.ProposalInput, userID int64, v domain.Validation) (int64, error) {
	today := domain.DateOf(db.now())
	grants, err := db.FindGrantsForCitizen(ctx, citizenID)
	if err != nil {
		return 0, err
	}
	lab := domain.CheckProposal(in.Kind, domain.ActiveGrants(grants, today), v)
	if in.PersonID > 0 {
		person, err := db.FindPerson(ctx, in.PersonID)
		switch {
		case err == nil && !person.QualifiedFor(domain.FunctionSupport):
			v.Add("person_id", person.Name+" er ikke kvalificeret som støttekontaktperson.")
		case domain.ErrorCode(err) == domain.ENOTFOUND:
			v.Add("person_id", "Vælg den foreslåede støttekontaktperson.")
		case err != nil:
			return 0, err
		}
	}
	if err := in.Validate(today, v); err != nil {
		return 0, err
	}
	var fromGrant *int64
	if lab != nil {
		fromGrant = &lab.ID
	}
	return db.inTxOnce(ctx, in.FormToken, userID, domain.FormProposal, func(tx pgx.Tx) (int64, error) {
		if in.CopingWindowID != nil {
			var open bool
			err := tx.QueryRow(ctx, `SELECT status = 'aaben' FROM coping_windows WHERE id = $1 AND citizen_id = $2`,
				*in.CopingWindowID, citizenID).Scan(&open)
			if err != nil || !open {
				return 0, domain.Errorf(domain.ECONFLICT, "Hverdagsmestringsperioden er ikke længere åben.")
			}
		}
		var id int64
		err := tx.QueryRow(ctx, `
			INSERT INTO proposals (citizen_id, from_grant_id, coping_window_id, kind, effective_on, person_id, hours_per_week,
				need, purpose, goals, tasks, exclusions, proposed_by, proposed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			citizenID, fromGrant, in.CopingWindowID, string(in.Kind), in.EffectiveOn, in.PersonID, in.HoursPerWeek,
			in.Need, in.Purpose, itemsJSON(in.Goals), itemsJSON(in.Tasks), itemsJSON(in.Exclusions), userID, db.now()).Scan(&id)
		if isUniqueViolation(err, "proposals_one_pending") {
			return 0, domain.Errorf(domain.ECONFLICT, "Der er allerede en indstilling for borgeren, der afventer Socialforvaltningen.")
		}
		if err != nil {
			return 0, fmt.Errorf("create proposal: %w", err)
		}
		return id, logChange(ctx, tx, domain.ActionCreate, citizenID, domain.EntityProposal, id, domain.ProposalPurpose)
	})
}

// ApproveProposal approves a pending proposal at version: the phase switch
// in (as the approver saved it, perhaps changed) is carried out, and in the
// same transaction the proposal becomes approved with the switch and the
// grant it created, and the phase log names the proposer and the approver.
// A switch that is refused leaves the proposal pending and nothing saved.
func (db *DB) ApproveProposal(ctx context.Context, id int64, version int, in domain.SwitchInput, userID int64, v domain.Validation) (int64, error) {
	p, err := db.FindProposalByID(ctx, id)
	if err != nil {
		return 0, err
	}
	if err := domain.CheckDecision(p, version, false, "", domain.Validation{}); err != nil {
		return 0, err
	}
	in.Kind, in.CopingWindowID = p.Kind, p.CopingWindowID
	now := db.now()
	return db.switchPhase(ctx, p.CitizenID, in, userID, v, switchDecision{proposedBy: &p.ProposedBy, approvedBy: &userID,
		within: func(tx pgx.Tx, switchID int64, grantID *int64) error {
			tag, err := tx.Exec(ctx, `
				UPDATE proposals SET status = 'godkendt', decided_by = $3, decided_at = $4, switch_id = $5, grant_id = $6,
					version = version + 1
				WHERE id = $1 AND version = $2 AND status = 'afventer'`, id, version, userID, now, switchID, grantID)
			if err != nil {
				return fmt.Errorf("approve proposal: %w", err)
			}
			if tag.RowsAffected() == 0 {
				return domain.Errorf(domain.ECONFLICT, "Indstillingen er afgjort eller ændret af en anden i mellemtiden. Se den igen.")
			}
			return logChange(ctx, tx, domain.ActionUpdate, p.CitizenID, domain.EntityProposal, id, "Indstilling godkendt: "+in.Kind.Label())
		}})
}

// RejectProposal rejects a pending proposal at version with a reason.
func (db *DB) RejectProposal(ctx context.Context, id int64, version int, reason string, userID int64, v domain.Validation) error {
	p, err := db.FindProposalByID(ctx, id)
	if err != nil {
		return err
	}
	if err := domain.CheckDecision(p, version, true, reason, v); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE proposals SET status = 'afvist', decided_by = $3, decided_at = $4, reason = btrim($5), version = version + 1
			WHERE id = $1 AND version = $2 AND status = 'afventer'`, id, version, userID, db.now(), reason)
		if err != nil {
			return fmt.Errorf("reject proposal: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return domain.Errorf(domain.ECONFLICT, "Indstillingen er afgjort eller ændret af en anden i mellemtiden. Se den igen.")
		}
		return logChange(ctx, tx, domain.ActionUpdate, p.CitizenID, domain.EntityProposal, id, "Indstilling afvist")
	})
}

// SocialAdministrationReads reports whether the social administration has
// the citizen's case: a proposal to it, or a grant under one of its legal
// bases (any status). Its socialrådgivere read those citizens, no others.
func (db *DB) SocialAdministrationReads(ctx context.Context, citizenID int64) (bool, error) {
	var ok bool
	err := db.Pool.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM proposals WHERE citizen_id = $1 AND administration = 'social')
		    OR EXISTS (SELECT 1 FROM grants g JOIN legal_bases lb ON lb.id = g.legal_basis_id
		               WHERE g.citizen_id = $1 AND lb.administration = 'social')`, citizenID).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("social administration reads citizen: %w", err)
	}
	return ok, nil
}
