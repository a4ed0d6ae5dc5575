package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// budgetColumns read a budget (b) with the rate in force on $1.
const budgetColumns = `b.id, b.name, COALESCE((SELECT r.hourly_cost FROM budget_rates r
	WHERE r.budget_id = b.id AND r.valid_from <= $1 ORDER BY r.valid_from DESC LIMIT 1), 0)::float8, b.administration`

// FindBudgets returns all budgets, each with the rate in force today.
func (db *DB) FindBudgets(ctx context.Context) ([]domain.Budget, error) {
	return queryAll(ctx, db, scanBudget, "find budgets",
		`SELECT `+budgetColumns+` FROM budgets b ORDER BY b.name`, domain.DateOf(db.now()))
}

func scanBudget(r pgx.Row) (domain.Budget, error) {
	var b domain.Budget
	return b, r.Scan(&b.ID, &b.Name, &b.HourlyCost, &b.Administration)
}

// FindBudgetByID returns one budget, with the rate in force today, or
// ENOTFOUND.
func (db *DB) FindBudgetByID(ctx context.Context, id int64) (domain.Budget, error) {
	return byID(scanBudget, db.Pool.QueryRow(ctx,
		`SELECT `+budgetColumns+` FROM budgets b WHERE b.id = $2`, domain.DateOf(db.now()), id), "Budgettet")
}

// legalBasisColumns read a legal basis (lb) with its administration (la),
// scanned by legalBasisDest.
const legalBasisColumns = `lb.id, lb.code, lb.law, lb.paragraph, lb.title, lb.function, lb.valid_from, lb.valid_to,
	lb.max_months, lb.default_budget_id, la.code, la.name, la.letter_sender, la.complaint_text, la.granting_role,
	la.controller_role`

// legalBasisJoin joins a legal basis' administration.
const legalBasisJoin = `JOIN administrations la ON la.code = lb.administration`

// legalBasisScan is where a row's legalBasisColumns go; done fills in what
// needs converting.
type legalBasisScan struct {
	lb          *domain.LegalBasis
	fn          string
	grant, ctrl string
}

func (d *legalBasisScan) dest() []any {
	lb := d.lb
	return []any{&lb.ID, &lb.Code, &lb.Law, &lb.Paragraph, &lb.Title, &d.fn, &lb.ValidFrom, &lb.ValidTo, &lb.MaxMonths,
		&lb.DefaultBudgetID, &lb.Administration.Code, &lb.Administration.Name, &lb.Administration.LetterSender,
		&lb.Administration.ComplaintText, &d.grant, &d.ctrl}
}

func (d *legalBasisScan) done() {
	d.lb.Function = domain.Function(d.fn)
	d.lb.Administration.GrantingRole, d.lb.Administration.ControllerRole = domain.Role(d.grant), domain.Role(d.ctrl)
}

func scanLegalBasis(r pgx.Row) (domain.LegalBasis, error) {
	var lb domain.LegalBasis
	d := legalBasisScan{lb: &lb}
	err := r.Scan(d.dest()...)
	d.done()
	return lb, err
}

// FindLegalBases returns every legal basis, newest first per function.
func (db *DB) FindLegalBases(ctx context.Context) ([]domain.LegalBasis, error) {
	return queryAll(ctx, db, scanLegalBasis, "find legal bases", `SELECT `+legalBasisColumns+` FROM legal_bases lb `+legalBasisJoin+`
		ORDER BY lb.function, lb.valid_from DESC`)
}

// FindLegalBasisByID returns one legal basis or ENOTFOUND.
func (db *DB) FindLegalBasisByID(ctx context.Context, id int64) (domain.LegalBasis, error) {
	return byID(scanLegalBasis,
		db.Pool.QueryRow(ctx, `SELECT `+legalBasisColumns+` FROM legal_bases lb `+legalBasisJoin+` WHERE lb.id = $1`, id), "Lovgrundlaget")
}

// SaveLegalBasis creates (id 0; once per form token of userID, a repeat
// returns *domain.AlreadySaved) or updates a legal basis.
func (db *DB) SaveLegalBasis(ctx context.Context, id int64, in domain.LegalBasisInput, userID int64, v domain.Validation) (int64, error) {
	if err := in.Validate(v); err != nil {
		return 0, err
	}
	if id != 0 {
		// Grants under a legal basis are paid by its administration's budget:
		// the basis cannot move to the other administration under them. The
		// grants are only looked for when it moves (grants has no index on
		// the legal basis, and an administrator's save need not read them).
		var moves bool
		if err := db.Pool.QueryRow(ctx, `
			SELECT CASE WHEN (SELECT administration FROM budgets WHERE id = $2) IS DISTINCT FROM
			                 (SELECT administration FROM legal_bases WHERE id = $1)
			       THEN EXISTS (SELECT 1 FROM grants g WHERE g.legal_basis_id = $1) ELSE false END`, id, in.DefaultBudgetID).Scan(&moves); err != nil {
			return 0, fmt.Errorf("check legal basis administration: %w", err)
		}
		if moves {
			v.Add("default_budget_id", "Lovgrundlaget har bevillinger og kan ikke flyttes til en anden forvaltnings budget.")
			return 0, v.Err()
		}
	}
	var err error
	if id == 0 {
		err = db.onceInTx(ctx, in.FormToken, userID, domain.FormLegalBasis, &id, func(tx pgx.Tx) error {
			return tx.QueryRow(ctx, `
			INSERT INTO legal_bases (code, law, paragraph, title, function, valid_from, valid_to, max_months,
				default_budget_id, administration)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, (SELECT administration FROM budgets WHERE id = $9)) RETURNING id`,
				in.Code, in.Law, in.Paragraph, in.Title, string(in.Function), in.ValidFrom, in.ValidTo, in.MaxMonths,
				in.DefaultBudgetID).Scan(&id)
		})
	} else {
		var tag interface{ RowsAffected() int64 }
		tag, err = db.Pool.Exec(ctx, `
			UPDATE legal_bases SET code = $2, law = $3, paragraph = $4, title = $5, function = $6, valid_from = $7,
				valid_to = $8, max_months = $9, default_budget_id = $10,
				administration = (SELECT administration FROM budgets WHERE id = $10)
			WHERE id = $1`,
			id, in.Code, in.Law, in.Paragraph, in.Title, string(in.Function), in.ValidFrom, in.ValidTo, in.MaxMonths,
			in.DefaultBudgetID)
		if err == nil && tag.RowsAffected() == 0 {
			return 0, notFound("Lovgrundlaget")
		}
	}
	if isForeignKeyViolation(err) {
		return 0, &domain.Error{Code: domain.EINVALID, Message: "Ukendt budget.",
			Fields: map[string]string{"default_budget_id": "Vælg et budget fra listen."}}
	}
	if isUniqueViolation(err, "legal_bases_code_unique") {
		return 0, &domain.Error{Code: domain.EINVALID, Message: "Koden er i brug.",
			Fields: map[string]string{"code": "Der findes allerede et lovgrundlag med den kode."}}
	}
	if err != nil {
		return 0, fmt.Errorf("save legal basis: %w", err)
	}
	return id, nil
}

// FindCatalogue returns function fn's catalogue of kind (tasks or
// exclusions), with how many grants use each entry. Retired entries come
// last.
func (db *DB) FindCatalogue(ctx context.Context, fn domain.Function, kind domain.CatalogueKind, includeRetired bool) ([]domain.CatalogueItem, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT c.id, c.function, c.kind, c.text, c.standard, c.position, c.retired_at,
		       (SELECT count(DISTINCT r.grant_id) FROM grant_revision_items i
		        JOIN grant_revisions r ON r.id = i.revision_id WHERE i.catalogue_item_id = c.id)
		FROM catalogue_items c
		WHERE c.function = $1 AND c.kind = $2 AND ($3 OR c.retired_at IS NULL)
		ORDER BY c.retired_at IS NOT NULL, c.position, c.id`, string(fn), string(kind), includeRetired)
	if err != nil {
		return nil, fmt.Errorf("find catalogue: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.CatalogueItem, error) {
		var c domain.CatalogueItem
		var f, k string
		err := r.Scan(&c.ID, &f, &k, &c.Text, &c.Standard, &c.Position, &c.RetiredAt, &c.InUse)
		c.Function, c.Kind = domain.Function(f), domain.CatalogueKind(k)
		return c, err
	})
}

// FindCatalogueItemByID returns one catalogue entry, retired or not.
func (db *DB) FindCatalogueItemByID(ctx context.Context, id int64) (domain.CatalogueItem, error) {
	var c domain.CatalogueItem
	var f, k string
	err := db.Pool.QueryRow(ctx, `
		SELECT id, function, kind, text, standard, position, retired_at FROM catalogue_items WHERE id = $1`, id).
		Scan(&c.ID, &f, &k, &c.Text, &c.Standard, &c.Position, &c.RetiredAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, notFound("Katalogpunktet")
	}
	if err != nil {
		return c, fmt.Errorf("find catalogue item %d: %w", id, err)
	}
	c.Function, c.Kind = domain.Function(f), domain.CatalogueKind(k)
	return c, nil
}

// CreateCatalogueItem adds an entry at the end of its function's list of
// its kind and returns its id, once per form token of userID (a repeat
// returns *domain.AlreadySaved).
func (db *DB) CreateCatalogueItem(ctx context.Context, in domain.CatalogueItemInput, userID int64) (int64, error) {
	if err := in.Validate(domain.Validation{}); err != nil {
		return 0, err
	}
	var id int64
	err := db.onceInTx(ctx, in.FormToken, userID, domain.FormCatalogueItem, &id, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `
		INSERT INTO catalogue_items (function, kind, text, standard, position)
		VALUES ($1, $2, $3, $4,
			(SELECT COALESCE(max(position), 0) + 1 FROM catalogue_items WHERE function = $1 AND kind = $2))
		RETURNING id`,
			string(in.Function), string(in.Kind), in.Text, in.Standard).Scan(&id)
	})
	if isUniqueViolation(err, "catalogue_items_text_unique") {
		msg := "Den tekst findes allerede i kataloget for " + in.Function.LowerLabel() + "."
		return 0, &domain.Error{Code: domain.EINVALID, Message: "Findes allerede.", Fields: map[string]string{"text": msg}}
	}
	if err != nil {
		return 0, fmt.Errorf("create catalogue item: %w", err)
	}
	return id, nil
}

// RetireCatalogueItem takes an entry out of use (kept for history), or puts
// it back when retire is false.
func (db *DB) RetireCatalogueItem(ctx context.Context, id int64, retire bool) error {
	return db.setRetired(ctx, "catalogue_items", id, retire, "Katalogpunktet")
}

// FindTargetGroups returns the target groups (målgrupper).
func (db *DB) FindTargetGroups(ctx context.Context, includeRetired bool) ([]domain.TargetGroup, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT id, name, retired_at FROM target_groups WHERE $1 OR retired_at IS NULL
		ORDER BY retired_at IS NOT NULL, name`, includeRetired)
	if err != nil {
		return nil, fmt.Errorf("find target groups: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.TargetGroup, error) {
		var t domain.TargetGroup
		return t, r.Scan(&t.ID, &t.Name, &t.RetiredAt)
	})
}

// CreateTargetGroup adds a target group and returns its id, once per form
// token of userID (a repeat returns *domain.AlreadySaved).
func (db *DB) CreateTargetGroup(ctx context.Context, name, formToken string, userID int64) (int64, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, &domain.Error{Code: domain.EINVALID, Message: "Skriv navnet.", Fields: map[string]string{"name": "Skriv målgruppens navn."}}
	}
	if err := domain.TextError("name", name, domain.MaxShortText); err != nil {
		return 0, err
	}
	var id int64
	err := db.onceInTx(ctx, formToken, userID, domain.FormTargetGroup, &id, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO target_groups (name) VALUES ($1) RETURNING id`, name).Scan(&id)
	})
	if isUniqueViolation(err, "target_groups_name_unique") {
		return 0, &domain.Error{Code: domain.EINVALID, Message: "Findes allerede.",
			Fields: map[string]string{"name": "Målgruppen findes allerede."}}
	}
	if err != nil {
		return 0, fmt.Errorf("create target group: %w", err)
	}
	return id, nil
}

// RetireTargetGroup takes a target group out of use or back.
func (db *DB) RetireTargetGroup(ctx context.Context, id int64, retire bool) error {
	return db.setRetired(ctx, "target_groups", id, retire, "Målgruppen")
}

// setRetired takes a row of a reference table out of use (kept for the
// history that names it) or puts it back; no row is ENOTFOUND naming what.
func (db *DB) setRetired(ctx context.Context, table string, id int64, retire bool, what string) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE `+table+`
		SET retired_at = CASE WHEN $2 THEN now() ELSE NULL END WHERE id = $1`, id, retire)
	if err != nil {
		return fmt.Errorf("retire %s %d: %w", table, id, err)
	}
	if tag.RowsAffected() == 0 {
		return notFound(what)
	}
	return nil
}

// Setting returns a setting's value ("" when unset).
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.Pool.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores a setting.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	_, err := db.Pool.Exec(ctx, `
		INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`, key, value)
	if err != nil {
		return fmt.Errorf("write setting %s: %w", key, err)
	}
	return nil
}

// FindPersons returns every active mentor or user with a mentor profile,
// with the hours a week booked on grants running today (Copenhagen date):
// the profiles, as the person picker needs them.
func (db *DB) FindPersons(ctx context.Context) ([]domain.Person, error) {
	profiles, err := db.FindProfiles(ctx, domain.ProfileFilter{})
	if err != nil {
		return nil, fmt.Errorf("find persons: %w", err)
	}
	persons := make([]domain.Person, len(profiles))
	for i, p := range profiles {
		persons[i] = p.Person
	}
	return persons, nil
}

// FindPerson returns one person (see FindPersons) or ENOTFOUND.
func (db *DB) FindPerson(ctx context.Context, userID int64) (domain.Person, error) {
	p, err := db.FindProfile(ctx, userID)
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return domain.Person{}, notFound("Personen")
		}
		return domain.Person{}, err
	}
	return p.Person, nil
}

// SetQualifications stores what a person may be assigned and their capacity.
func (db *DB) SetQualifications(ctx context.Context, userID int64, mentor, support bool, capacity float64) error {
	if capacity < 0 || capacity > 80 {
		return &domain.Error{Code: domain.EINVALID, Message: "Ugyldig kapacitet.",
			Fields: map[string]string{"capacity_hours": "Kapaciteten skal være 0–80 timer pr. uge."}}
	}
	_, err := db.Pool.Exec(ctx, `
		INSERT INTO mentor_profiles (user_id, qualified_mentor, qualified_support, capacity_hours)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id) DO UPDATE SET qualified_mentor = EXCLUDED.qualified_mentor,
			qualified_support = EXCLUDED.qualified_support, capacity_hours = EXCLUDED.capacity_hours, updated_at = now()`,
		userID, mentor, support, capacity)
	if isForeignKeyViolation(err) {
		return notFound("Brugeren")
	}
	if err != nil {
		return fmt.Errorf("set qualifications for %d: %w", userID, err)
	}
	return nil
}

// FindAdministrations returns the administrations in their order.
func (db *DB) FindAdministrations(ctx context.Context) ([]domain.Administration, error) {
	return queryAll(ctx, db, func(r pgx.Row) (domain.Administration, error) {
		var a domain.Administration
		var grant, ctrl string
		err := r.Scan(&a.Code, &a.Name, &a.LetterSender, &a.ComplaintText, &grant, &ctrl)
		a.GrantingRole, a.ControllerRole = domain.Role(grant), domain.Role(ctrl)
		return a, err
	}, "find administrations", `SELECT code, name, letter_sender, complaint_text, granting_role, controller_role
		FROM administrations ORDER BY position, code`)
}

// UpdateAdministrationText stores an administration's letter sender and
// complaint text, or ENOTFOUND.
func (db *DB) UpdateAdministrationText(ctx context.Context, code string, in domain.AdministrationText) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE administrations SET letter_sender = $2, complaint_text = $3 WHERE code = $1`,
		code, in.LetterSender, in.ComplaintText)
	if err != nil {
		return fmt.Errorf("update administration %s: %w", code, err)
	}
	if tag.RowsAffected() == 0 {
		return domain.Errorf(domain.ENOTFOUND, "Forvaltningen findes ikke.")
	}
	return nil
}
