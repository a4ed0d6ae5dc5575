package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// The FFB support need of § 85 grants (see domain.ValidateSupportNeed): the
// reference lists of areas and purposes, and a grant's assessment, saved in
// the transaction that saves the grant.

// supportTermTable is the table of a reference list, and what its rows are
// called in messages. Only these two names ever reach SQL.
func supportTermTable(kind domain.SupportTermKind) (table, what string, err error) {
	switch kind {
	case domain.SupportTermArea:
		return "support_areas", "Området", nil
	case domain.SupportTermPurpose:
		return "support_purposes", "Indsatsformålet", nil
	}
	return "", "", domain.Errorf(domain.ENOTFOUND, "Listen findes ikke.")
}

// FindSupportTerms returns a reference list (areas or purposes) in its
// order, with how many grants use each row; retired rows last.
func (db *DB) FindSupportTerms(ctx context.Context, kind domain.SupportTermKind, includeRetired bool) ([]domain.SupportTerm, error) {
	table, _, err := supportTermTable(kind)
	if err != nil {
		return nil, err
	}
	use := `(SELECT count(*) FROM grant_support_needs n WHERE n.area_id = t.id)`
	if kind == domain.SupportTermPurpose {
		use = `(SELECT count(*) FROM grants g WHERE g.support_purpose_id = t.id)`
	}
	return queryAll(ctx, db, func(r pgx.Row) (domain.SupportTerm, error) {
		var t domain.SupportTerm
		return t, r.Scan(&t.ID, &t.Name, &t.Position, &t.RetiredAt, &t.InUse)
	}, "find "+table, `SELECT t.id, t.name, t.position, t.retired_at, `+use+` FROM `+table+` t
		WHERE $1 OR t.retired_at IS NULL
		ORDER BY t.retired_at IS NOT NULL, t.position, t.id`, includeRetired)
}

// validSupportTermName trims and checks a row's name.
func validSupportTermName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", &domain.Error{Code: domain.EINVALID, Message: "Skriv navnet.", Fields: map[string]string{"name": "Skriv navnet."}}
	}
	return name, domain.TextError("name", name, domain.MaxShortText)
}

// duplicateSupportTerm turns the unique name into a field message.
func duplicateSupportTerm(err error, table string) error {
	if isUniqueViolation(err, table+"_name_unique") {
		return &domain.Error{Code: domain.EINVALID, Message: "Findes allerede.",
			Fields: map[string]string{"name": "Navnet findes allerede på listen."}}
	}
	return err
}

// CreateSupportTerm adds a row at the end of its list and returns its id,
// once per form token of userID (a repeat returns *domain.AlreadySaved).
func (db *DB) CreateSupportTerm(ctx context.Context, kind domain.SupportTermKind, name, formToken string, userID int64) (int64, error) {
	table, _, err := supportTermTable(kind)
	if err != nil {
		return 0, err
	}
	if name, err = validSupportTermName(name); err != nil {
		return 0, err
	}
	form := domain.FormFFBArea
	if kind == domain.SupportTermPurpose {
		form = domain.FormFFBPurpose
	}
	var id int64
	err = db.onceInTx(ctx, formToken, userID, form, &id, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO `+table+` (name, position)
			VALUES ($1, (SELECT COALESCE(max(position), 0) + 1 FROM `+table+`)) RETURNING id`, name).Scan(&id)
	})
	if _, ok := domain.IsAlreadySaved(err); ok {
		return 0, err
	}
	if err := duplicateSupportTerm(err, table); err != nil {
		if domain.ErrorCode(err) == domain.EINTERNAL {
			return 0, fmt.Errorf("create %s: %w", table, err)
		}
		return 0, err
	}
	return id, nil
}

// RenameSupportTerm changes a row's name; the grants that use it show the
// new name (a correction of wording, not a new term).
func (db *DB) RenameSupportTerm(ctx context.Context, kind domain.SupportTermKind, id int64, name string) error {
	table, what, err := supportTermTable(kind)
	if err != nil {
		return err
	}
	if name, err = validSupportTermName(name); err != nil {
		return err
	}
	tag, err := db.Pool.Exec(ctx, `UPDATE `+table+` SET name = $2 WHERE id = $1`, id, name)
	if err := duplicateSupportTerm(err, table); err != nil {
		if domain.ErrorCode(err) == domain.EINTERNAL {
			return fmt.Errorf("rename %s %d: %w", table, id, err)
		}
		return err
	}
	if tag.RowsAffected() == 0 {
		return notFound(what)
	}
	return nil
}

// RetireSupportTerm takes a row out of use (kept on the grants that use it)
// or back into use.
func (db *DB) RetireSupportTerm(ctx context.Context, kind domain.SupportTermKind, id int64, retire bool) error {
	table, what, err := supportTermTable(kind)
	if err != nil {
		return err
	}
	return db.setRetired(ctx, table, id, retire, what)
}

// supportChoices are the areas and purposes a § 85 grant can be given now.
func (db *DB) supportChoices(ctx context.Context) (areas, purposes []domain.SupportTerm, err error) {
	if areas, err = db.FindSupportTerms(ctx, domain.SupportTermArea, false); err != nil {
		return nil, nil, err
	}
	purposes, err = db.FindSupportTerms(ctx, domain.SupportTermPurpose, false)
	return areas, purposes, err
}

// saveSupportNeed writes a validated grant's FFB part inside tx, replacing
// what the grant had. A grant of another function has none and is left
// alone (the database refuses an assessment on it in any case).
func saveSupportNeed(ctx context.Context, tx pgx.Tx, grantID int64, fn domain.Function, in domain.GrantInput) error {
	if fn != domain.FunctionSupport {
		return nil
	}
	batch := &pgx.Batch{}
	batch.Queue(`UPDATE grants SET support_purpose_id = $2 WHERE id = $1`, grantID, in.SupportPurposeID)
	batch.Queue(`DELETE FROM grant_support_needs WHERE grant_id = $1`, grantID)
	for _, n := range in.SupportNeeds {
		batch.Queue(`INSERT INTO grant_support_needs (grant_id, area_id, level) VALUES ($1, $2, $3)`,
			grantID, n.AreaID, string(n.Level))
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("save support need of grant %d: %w", grantID, err)
	}
	return nil
}

// loadSupportNeed fills a § 85 grant's FFB part: one query, the purpose on
// every row and one row per area assessed (or one row without an area).
func (db *DB) loadSupportNeed(ctx context.Context, g *domain.Grant) error {
	if g.Function != domain.FunctionSupport {
		return nil
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT g.support_purpose_id, COALESCE(sp.name, ''), a.id, COALESCE(a.name, ''), COALESCE(n.level, '')
		FROM grants g
		LEFT JOIN support_purposes sp ON sp.id = g.support_purpose_id
		LEFT JOIN grant_support_needs n ON n.grant_id = g.id
		LEFT JOIN support_areas a ON a.id = n.area_id
		WHERE g.id = $1
		ORDER BY a.position, a.id`, g.ID)
	if err != nil {
		return fmt.Errorf("load support need: %w", err)
	}
	defer rows.Close()
	g.SupportNeeds = nil
	for rows.Next() {
		var areaID *int64
		var n domain.SupportNeed
		var level string
		if err := rows.Scan(&g.SupportPurposeID, &g.SupportPurposeName, &areaID, &n.AreaName, &level); err != nil {
			return fmt.Errorf("scan support need: %w", err)
		}
		if areaID != nil {
			n.AreaID, n.Level = *areaID, domain.SupportLevel(level)
			g.SupportNeeds = append(g.SupportNeeds, n)
		}
	}
	return rows.Err()
}
