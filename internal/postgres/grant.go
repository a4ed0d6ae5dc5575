package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"mentorspor/internal/domain"
)

const grantColumns = `g.id, g.citizen_id, c.name, ` + legalBasisColumns + `, g.function, g.person_id, p.display_name, p.email,
	p.phone, g.purpose, g.hours_per_week::float8, g.start_date, g.end_date, g.follow_up_date, g.review_date, g.budget_id,
	b.name, g.status, g.ended_on, g.end_reason, g.complaint_info_on, g.min_plan_on, g.previous_grant_id,
	(SELECT n.id FROM grants n WHERE n.previous_grant_id = g.id), g.extension_note, g.revision, g.version,
	g.created_at, g.updated_at`

const grantFrom = `FROM grants g
	JOIN citizens c ON c.id = g.citizen_id
	JOIN legal_bases lb ON lb.id = g.legal_basis_id
	` + legalBasisJoin + `
	JOIN users p ON p.id = g.person_id
	JOIN budgets b ON b.id = g.budget_id`

func scanGrant(r pgx.Row) (domain.Grant, error) {
	var g domain.Grant
	var fn, status string
	lb := legalBasisScan{lb: &g.LegalBasis}
	err := r.Scan(append(append([]any{&g.ID, &g.CitizenID, &g.CitizenName}, lb.dest()...),
		&fn, &g.PersonID, &g.PersonName, &g.PersonEmail, &g.PersonPhone, &g.Purpose, &g.HoursPerWeek, &g.Start, &g.End,
		&g.FollowUp, &g.Review, &g.BudgetID, &g.BudgetName, &status, &g.EndedOn, &g.EndReason, &g.ComplaintInfoOn,
		&g.MinPlanOn, &g.PreviousID, &g.NextID, &g.ExtensionNote, &g.Revision, &g.Version, &g.CreatedAt, &g.UpdatedAt)...)
	lb.done()
	g.Function, g.Status = domain.Function(fn), domain.GrantStatus(status)
	return g, err
}

// FindGrantByID returns a grant with the tasks, exclusions and goals of its
// current revision, or ENOTFOUND.
func (db *DB) FindGrantByID(ctx context.Context, id int64) (domain.Grant, error) {
	g, err := byID(scanGrant,
		db.Pool.QueryRow(ctx, `SELECT `+grantColumns+` `+grantFrom+` WHERE g.id = $1`, id), "Bevillingen")
	if err != nil {
		return g, err
	}
	grants := []domain.Grant{g}
	if err := db.loadCurrentItems(ctx, grants); err != nil {
		return g, err
	}
	return grants[0], db.loadSupportNeed(ctx, &grants[0])
}

// FindGrantsForCitizen returns the citizen's grants, newest first, each with
// its current items (two queries, whatever the number of grants).
func (db *DB) FindGrantsForCitizen(ctx context.Context, citizenID int64) ([]domain.Grant, error) {
	grants, err := queryAll(ctx, db, scanGrant, "find grants", `SELECT `+grantColumns+` `+grantFrom+`
		WHERE g.citizen_id = $1
		ORDER BY g.status = 'afsluttet', g.start_date DESC, g.id DESC`, citizenID)
	if err != nil {
		return nil, err
	}
	return grants, db.loadCurrentItems(ctx, grants)
}

func (db *DB) loadCurrentItems(ctx context.Context, grants []domain.Grant) error {
	if len(grants) == 0 {
		return nil
	}
	ids := make([]int64, len(grants))
	index := map[int64]int{}
	for i, g := range grants {
		ids[i] = g.ID
		index[g.ID] = i
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT r.grant_id, i.kind, i.catalogue_item_id, i.text
		FROM grants g
		JOIN grant_revisions r ON r.grant_id = g.id AND r.number = g.revision
		JOIN grant_revision_items i ON i.revision_id = r.id
		WHERE g.id = ANY ($1)
		ORDER BY r.grant_id, i.kind, i.position`, ids)
	if err != nil {
		return fmt.Errorf("load grant items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var gid int64
		var kind string
		var it domain.Item
		if err := rows.Scan(&gid, &kind, &it.CatalogueID, &it.Text); err != nil {
			return fmt.Errorf("scan grant item: %w", err)
		}
		g := &grants[index[gid]]
		addItem(kind, it, &g.Tasks, &g.Exclusions, &g.Goals)
	}
	return rows.Err()
}

// addItem appends a revision item to the list of its kind.
func addItem(kind string, it domain.Item, tasks, exclusions, goals *[]domain.Item) {
	switch domain.CatalogueKind(kind) {
	case domain.KindTask:
		*tasks = append(*tasks, it)
	case domain.KindExclusion:
		*exclusions = append(*exclusions, it)
	case domain.KindGoal:
		*goals = append(*goals, it)
	}
}

// activeConflict turns the one-active-grant-per-function constraint into a
// message naming the grant already active.
func (db *DB) activeConflict(ctx context.Context, err error, citizenID int64, fn domain.Function) error {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.ConstraintName != "grants_one_active_per_function" {
		return err
	}
	var id int64
	var paragraph string
	var start domain.Date
	_ = db.Pool.QueryRow(ctx, `
		SELECT g.id, lb.paragraph, g.start_date FROM grants g JOIN legal_bases lb ON lb.id = g.legal_basis_id
		WHERE g.citizen_id = $1 AND g.function = $2 AND g.status = 'bevilget'
		ORDER BY g.start_date DESC LIMIT 1`, citizenID, string(fn)).Scan(&id, &paragraph, &start)
	msg := fmt.Sprintf("Borgeren har allerede en aktiv bevilling som %s (bevilling nr. %d efter %s fra %s) i perioden. "+
		"En borger kan højst have én aktiv bevilling pr. funktion: afslut den først, eller forlæng den.",
		fn.LowerLabel(), id, paragraph, domain.FormatDate(start))
	return &domain.Error{Code: domain.ECONFLICT, Message: msg, Fields: map[string]string{"start": msg}}
}

// validateGrantInput loads the legal basis and person and applies the rules.
func (db *DB) validateGrantInput(ctx context.Context, in *domain.GrantInput, v domain.Validation) (domain.LegalBasis, error) {
	lb, err := db.FindLegalBasisByID(ctx, in.LegalBasisID)
	if err != nil {
		if domain.ErrorCode(err) != domain.ENOTFOUND {
			return lb, err
		}
		v.Add("legal_basis_id", "Vælg lovgrundlag.")
		return lb, v.Err()
	}
	var person *domain.Person
	if in.PersonID != 0 {
		p, err := db.FindPerson(ctx, in.PersonID)
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			return lb, err
		}
		if err == nil {
			person = &p
		}
	}
	var budget *domain.Budget
	if in.BudgetID != 0 {
		b, err := db.FindBudgetByID(ctx, in.BudgetID)
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			return lb, err
		}
		if err == nil {
			budget = &b
		}
	}
	_ = domain.ValidateGrant(in, lb, person, budget, domain.DateOf(db.now()), v)
	var areas, purposes []domain.SupportTerm
	if lb.Function == domain.FunctionSupport {
		if areas, purposes, err = db.supportChoices(ctx); err != nil {
			return lb, err
		}
	}
	domain.ValidateSupportNeed(in, lb, areas, purposes, v)
	return lb, v.Err()
}

// CreateGrant validates in and stores a new grant with revision 1, as a
// draft or granted at once. v carries messages from parsing the form.
func (db *DB) CreateGrant(ctx context.Context, citizenID int64, in domain.GrantInput, status domain.GrantStatus,
	userID int64, v domain.Validation) (int64, error) {
	lb, err := db.validateGrantInput(ctx, &in, v)
	if err != nil {
		return 0, err
	}
	if status == domain.StatusGranted && !lb.Choosable(domain.DateOf(db.now())) {
		return 0, &domain.Error{Code: domain.EINVALID, Message: "Lovgrundlaget kan ikke vælges.",
			Fields: map[string]string{"legal_basis_id": lb.Paragraph + " er ikke længere gældende og kan ikke vælges til en ny bevilling."}}
	}
	var id int64
	err = db.onceInTx(ctx, in.FormToken, userID, domain.FormGrant, &id, func(tx pgx.Tx) error {
		var err error
		if id, err = insertGrant(ctx, tx, citizenID, lb, in, status, userID); err != nil {
			return err
		}
		return logGrantChange(ctx, tx, domain.ActionCreate, id, domain.EntityGrant, id)
	})
	if _, ok := domain.IsAlreadySaved(err); ok {
		return 0, err
	}
	if err != nil {
		if e := db.activeConflict(ctx, err, citizenID, lb.Function); e != err {
			return 0, e
		}
		if isForeignKeyViolation(err) {
			return 0, &domain.Error{Code: domain.EINVALID, Message: "Ugyldigt valg.",
				Fields: map[string]string{"budget_id": "Vælg et budget fra listen."}}
		}
		return 0, fmt.Errorf("create grant: %w", err)
	}
	return id, nil
}

// insertGrant writes a validated grant and its revision 1 inside tx.
func insertGrant(ctx context.Context, tx pgx.Tx, citizenID int64, lb domain.LegalBasis, in domain.GrantInput,
	status domain.GrantStatus, userID int64) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO grants (citizen_id, legal_basis_id, function, person_id, purpose, hours_per_week, start_date,
			end_date, follow_up_date, review_date, budget_id, status, complaint_info_on, min_plan_on, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		citizenID, lb.ID, string(lb.Function), in.PersonID, in.Purpose, in.HoursPerWeek, in.Start, in.End, in.FollowUp,
		in.Review, in.BudgetID, string(status), in.ComplaintInfoOn, in.MinPlanOn, userID).Scan(&id)
	if err != nil {
		return 0, err
	}
	if err := saveSupportNeed(ctx, tx, id, lb.Function, in); err != nil {
		return 0, err
	}
	return id, insertRevision(ctx, tx, id, 1, "Bevilling oprettet", in.PersonID, in.HoursPerWeek, in.Tasks, in.Exclusions, in.Goals, userID)
}

func insertRevision(ctx context.Context, tx pgx.Tx, grantID int64, number int, reason string, personID int64,
	hours float64, tasks, exclusions, goals []domain.Item, userID int64) error {
	var revID int64
	err := tx.QueryRow(ctx, `
		INSERT INTO grant_revisions (grant_id, number, reason, person_id, hours_per_week, created_by)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, grantID, number, reason, personID, hours, userID).Scan(&revID)
	if err != nil {
		return fmt.Errorf("insert revision: %w", err)
	}
	batch := &pgx.Batch{}
	for _, part := range []struct {
		kind  domain.CatalogueKind
		items []domain.Item
	}{{domain.KindTask, tasks}, {domain.KindExclusion, exclusions}, {domain.KindGoal, goals}} {
		for i, it := range part.items {
			batch.Queue(`INSERT INTO grant_revision_items (revision_id, kind, position, catalogue_item_id, text)
				VALUES ($1, $2, $3, $4, $5)`, revID, string(part.kind), i+1, it.CatalogueID, it.Text)
		}
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("insert revision items: %w", err)
	}
	return syncGoals(ctx, tx, grantID)
}

// lockGrant locks the grant row for the transaction and checks the version
// the user saw: someone else's save in between is ECONFLICT. A grant not in
// status want is ECONFLICT with the message wrong (want "" takes any status).
func lockGrant(ctx context.Context, tx pgx.Tx, id int64, version int, want domain.GrantStatus, wrong string) (revision int, err error) {
	var s string
	var current int
	err = tx.QueryRow(ctx, `SELECT status, revision, version FROM grants WHERE id = $1 FOR UPDATE`, id).Scan(&s, &revision, &current)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, notFound("Bevillingen")
	}
	if err != nil {
		return 0, fmt.Errorf("lock grant %d: %w", id, err)
	}
	if version != 0 && version != current {
		return 0, domain.Errorf(domain.ECONFLICT, "En anden har ændret bevillingen, mens du arbejdede. "+
			"Dine indtastninger er bevaret; se de aktuelle oplysninger, og gem igen.")
	}
	if want != "" && domain.GrantStatus(s) != want {
		return 0, domain.Errorf(domain.ECONFLICT, "%s", wrong)
	}
	return revision, nil
}

// UpdateDraft changes a draft grant; granted grants change by revision.
func (db *DB) UpdateDraft(ctx context.Context, id int64, in domain.GrantInput, userID int64, v domain.Validation) error {
	lb, err := db.validateGrantInput(ctx, &in, v)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := lockGrant(ctx, tx, id, in.Version, domain.StatusDraft,
			"Bevillingen er ikke længere en kladde. Ændringer sker nu som en revision."); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `
			UPDATE grants SET legal_basis_id = $2, function = $3, person_id = $4, purpose = $5, hours_per_week = $6,
				start_date = $7, end_date = $8, follow_up_date = $9, review_date = $10, budget_id = $11,
				complaint_info_on = $12, min_plan_on = $13, version = version + 1, updated_at = now()
			WHERE id = $1`, id, lb.ID, string(lb.Function), in.PersonID, in.Purpose, in.HoursPerWeek, in.Start, in.End,
			in.FollowUp, in.Review, in.BudgetID, in.ComplaintInfoOn, in.MinPlanOn)
		if err != nil {
			return fmt.Errorf("update draft %d: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM grant_revisions WHERE grant_id = $1`, id); err != nil {
			return fmt.Errorf("replace draft revision: %w", err)
		}
		if err := insertRevision(ctx, tx, id, 1, "Bevilling oprettet", in.PersonID, in.HoursPerWeek, in.Tasks, in.Exclusions, in.Goals, userID); err != nil {
			return err
		}
		if err := saveSupportNeed(ctx, tx, id, lb.Function, in); err != nil {
			return err
		}
		return logGrantChange(ctx, tx, domain.ActionUpdate, id, domain.EntityGrant, id)
	})
}

// GrantDraft makes a draft granted; the one-active-per-function rule applies.
func (db *DB) GrantDraft(ctx context.Context, id int64, version int) error {
	g, err := db.FindGrantByID(ctx, id)
	if err != nil {
		return err
	}
	if !g.LegalBasis.Choosable(domain.DateOf(db.now())) && !g.LegalBasis.Choosable(g.Start) {
		return domain.Errorf(domain.EINVALID, "%s er ikke længere gældende og kan ikke bevilges efter.", g.LegalBasis.Paragraph)
	}
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := lockGrant(ctx, tx, id, version, domain.StatusDraft,
			"Bevillingen er allerede bevilget."); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE grants SET status = 'bevilget', version = version + 1, updated_at = now() WHERE id = $1`, id); err != nil {
			return err
		}
		return logGrantChange(ctx, tx, domain.ActionUpdate, id, domain.EntityGrant, id)
	})
	if err != nil {
		return db.activeConflict(ctx, err, g.CitizenID, g.Function)
	}
	return nil
}

// DeleteDraft deletes a draft; a granted grant is never deleted.
func (db *DB) DeleteDraft(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := lockGrant(ctx, tx, id, 0, domain.StatusDraft,
			"Kun en kladde kan slettes. En bevilget bevilling afsluttes i stedet."); err != nil {
			return err
		}
		// Logged first: the log names the draft's citizen and support.
		if err := logGrantChange(ctx, tx, domain.ActionUpdate, id, domain.EntityGrant, id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM grants WHERE id = $1`, id)
		return err
	})
}

// EndGrant ends a granted grant on a date with a reason.
func (db *DB) EndGrant(ctx context.Context, id int64, in domain.EndInput, v domain.Validation) error {
	g, err := db.FindGrantByID(ctx, id)
	if err != nil {
		return err
	}
	in.Validate(g, domain.DateOf(db.now()), v)
	if err := v.Err(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := lockGrant(ctx, tx, id, in.Version, domain.StatusGranted,
			"Kun en bevilget bevilling kan afsluttes."); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `
			UPDATE grants SET status = 'afsluttet', ended_on = $2, end_reason = $3, version = version + 1, updated_at = now()
			WHERE id = $1`, id, in.EndedOn, in.Reason)
		if err != nil {
			return err
		}
		return logGrantChange(ctx, tx, domain.ActionUpdate, id, domain.EntityGrant, id)
	})
}
