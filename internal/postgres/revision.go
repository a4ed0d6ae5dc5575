package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// FindRevisions returns a grant's revisions, oldest first, each with its
// tasks, exclusions and goals.
func (db *DB) FindRevisions(ctx context.Context, grantID int64) ([]domain.Revision, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT r.id, r.number, r.reason, r.person_id, p.display_name, r.hours_per_week::float8,
		       COALESCE(u.display_name, ''), r.created_at
		FROM grant_revisions r
		JOIN users p ON p.id = r.person_id
		LEFT JOIN users u ON u.id = r.created_by
		WHERE r.grant_id = $1 ORDER BY r.number`, grantID)
	if err != nil {
		return nil, fmt.Errorf("find revisions: %w", err)
	}
	revs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Revision, error) {
		var rev domain.Revision
		return rev, r.Scan(&rev.ID, &rev.Number, &rev.Reason, &rev.PersonID, &rev.PersonName, &rev.HoursPerWeek,
			&rev.CreatedByName, &rev.CreatedAt)
	})
	if err != nil {
		return nil, fmt.Errorf("find revisions: %w", err)
	}
	index := map[int64]int{}
	for i, r := range revs {
		index[r.ID] = i
	}
	items, err := db.Pool.Query(ctx, `
		SELECT i.revision_id, i.kind, i.catalogue_item_id, i.text
		FROM grant_revision_items i JOIN grant_revisions r ON r.id = i.revision_id
		WHERE r.grant_id = $1 ORDER BY i.revision_id, i.kind, i.position`, grantID)
	if err != nil {
		return nil, fmt.Errorf("find revision items: %w", err)
	}
	defer items.Close()
	for items.Next() {
		var revID int64
		var kind string
		var it domain.Item
		if err := items.Scan(&revID, &kind, &it.CatalogueID, &it.Text); err != nil {
			return nil, fmt.Errorf("scan revision item: %w", err)
		}
		rev := &revs[index[revID]]
		addItem(kind, it, &rev.Tasks, &rev.Exclusions, &rev.Goals)
	}
	return revs, items.Err()
}

// ReviseGrant stores a change of tasks, exclusions, goals, hours or person
// as the next numbered revision, all in one transaction; the meeting that
// decided it (if any) is linked to it.
func (db *DB) ReviseGrant(ctx context.Context, grantID int64, in domain.RevisionInput, userID int64, v domain.Validation) (int, error) {
	g, err := db.FindGrantByID(ctx, grantID)
	if err != nil {
		return 0, err
	}
	if g.Status != domain.StatusGranted {
		return 0, domain.Errorf(domain.ECONFLICT, "Kun en bevilget bevilling kan revideres. En kladde rettes direkte.")
	}
	current := domain.Revision{PersonID: g.PersonID, PersonName: g.PersonName, HoursPerWeek: g.HoursPerWeek,
		Tasks: g.Tasks, Exclusions: g.Exclusions, Goals: g.Goals}
	var person *domain.Person
	if in.PersonID != 0 {
		if p, err := db.FindPerson(ctx, in.PersonID); err == nil {
			person = &p
		} else if domain.ErrorCode(err) != domain.ENOTFOUND {
			return 0, err
		}
	}
	if err := domain.ValidateRevision(&in, current, person, g.Function, v); err != nil {
		return 0, err
	}
	var number int
	err = db.onceInTx(ctx, in.FormToken, userID, domain.FormRevision, &grantID, func(tx pgx.Tx) error {
		revision, err := lockGrant(ctx, tx, grantID, in.Version, domain.StatusGranted, "Bevillingen er ikke længere bevilget.")
		if err != nil {
			return err
		}
		number = revision + 1
		if err := insertRevision(ctx, tx, grantID, number, strings.TrimSpace(in.Reason), in.PersonID, in.HoursPerWeek,
			in.Tasks, in.Exclusions, in.Goals, userID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			UPDATE grants SET revision = $2, person_id = $3, hours_per_week = $4, version = version + 1, updated_at = now()
			WHERE id = $1`, grantID, number, in.PersonID, in.HoursPerWeek); err != nil {
			return fmt.Errorf("update grant %d: %w", grantID, err)
		}
		if in.MeetingID != nil {
			tag, err := tx.Exec(ctx, `
				UPDATE adjustment_meetings SET revision_id = (SELECT id FROM grant_revisions WHERE grant_id = $1 AND number = $2)
				WHERE id = $3 AND grant_id = $1`, grantID, number, *in.MeetingID)
			if err != nil {
				return fmt.Errorf("link meeting: %w", err)
			}
			if tag.RowsAffected() == 0 {
				return notFound("Justeringsmødet")
			}
		}
		return logGrantChange(ctx, tx, domain.ActionUpdate, grantID, domain.EntityRevision, int64(number))
	})
	return number, err
}

// ExtendGrant gives a LAB grant a new period: a new grant linked to the old,
// starting the day after it ends, with the same person, purpose, tasks,
// exclusions and goals. It needs the concrete assessment behind it.
func (db *DB) ExtendGrant(ctx context.Context, grantID int64, in domain.ExtensionInput, userID int64, v domain.Validation) (int64, error) {
	g, err := db.FindGrantByID(ctx, grantID)
	if err != nil {
		return 0, err
	}
	if g.LegalBasis.MaxMonths == nil || g.End == nil {
		return 0, domain.Errorf(domain.EINVALID, "Kun en tidsbegrænset bevilling (fx LAB § 167) forlænges. Denne har ingen fast slutdato.")
	}
	if g.Status == domain.StatusDraft {
		return 0, domain.Errorf(domain.EINVALID, "En kladde kan ikke forlænges.")
	}
	if g.NextID != nil {
		return 0, domain.Errorf(domain.ECONFLICT, "Bevillingen er allerede forlænget (bevilling nr. %d).", *g.NextID)
	}
	prevEnd := *g.End
	if g.EndedOn != nil {
		prevEnd = *g.EndedOn
	}
	start := prevEnd.AddDate(0, 0, 1)
	if strings.TrimSpace(in.Assessment) == "" {
		v.Add("assessment", "Skriv den konkrete vurdering, der begrunder en ny periode.")
	} else {
		v.Text("assessment", in.Assessment, domain.MaxLongText)
	}
	if in.Review.IsZero() {
		in.Review = domain.DefaultReview(start)
	}
	gi := domain.GrantInput{LegalBasisID: g.LegalBasis.ID, PersonID: g.PersonID, Purpose: g.Purpose,
		HoursPerWeek: in.HoursPerWeek, Start: start, End: in.End, Review: in.Review, BudgetID: g.BudgetID,
		Goals: g.Goals, Tasks: g.Tasks, Exclusions: g.Exclusions}
	lb, err := db.validateGrantInput(ctx, &gi, v)
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.onceInTx(ctx, in.FormToken, userID, domain.FormExtension, &id, func(tx pgx.Tx) error {
		if _, err := lockGrant(ctx, tx, grantID, in.Version, "", ""); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO grants (citizen_id, legal_basis_id, function, person_id, purpose, hours_per_week, start_date,
				end_date, review_date, budget_id, status, previous_grant_id, extension_note, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'bevilget', $11, $12, $13) RETURNING id`,
			g.CitizenID, lb.ID, string(lb.Function), g.PersonID, g.Purpose, gi.HoursPerWeek, start, gi.End, gi.Review,
			g.BudgetID, grantID, strings.TrimSpace(in.Assessment), userID).Scan(&id)
		if err != nil {
			return err
		}
		if err := insertRevision(ctx, tx, id, 1, "Forlængelse af bevilling nr. "+fmt.Sprint(grantID), g.PersonID,
			gi.HoursPerWeek, gi.Tasks, gi.Exclusions, gi.Goals, userID); err != nil {
			return err
		}
		return logGrantChange(ctx, tx, domain.ActionCreate, id, domain.EntityGrant, id)
	})
	if _, ok := domain.IsAlreadySaved(err); ok {
		return 0, err
	}
	if err != nil {
		if isUniqueViolation(err, "grants_one_extension") {
			return 0, domain.Errorf(domain.ECONFLICT, "Bevillingen er allerede forlænget.")
		}
		if e := db.activeConflict(ctx, err, g.CitizenID, g.Function); e != err {
			return 0, e
		}
		return 0, fmt.Errorf("extend grant %d: %w", grantID, err)
	}
	return id, nil
}
