package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"mentorspor/internal/domain"
)

const citizenColumns = `c.id, c.cpr, c.name, c.phone, c.email, c.address, c.address_protected, c.target_group_id,
	COALESCE(tg.name, ''), c.caseworker_id, COALESCE(cw.display_name, ''), c.version, c.created_at, c.updated_at`

const citizenFrom = `FROM citizens c
	LEFT JOIN target_groups tg ON tg.id = c.target_group_id
	LEFT JOIN users cw ON cw.id = c.caseworker_id`

// scanCitizen reads citizenColumns and then into extra, if any.
func scanCitizen(r pgx.Row, extra ...any) (domain.Citizen, error) {
	var c domain.Citizen
	var cpr string
	err := r.Scan(append([]any{&c.ID, &cpr, &c.Name, &c.Phone, &c.Email, &c.Address, &c.AddressProtected, &c.TargetGroupID,
		&c.TargetGroupName, &c.CaseworkerID, &c.CaseworkerName, &c.Version, &c.CreatedAt, &c.UpdatedAt}, extra...)...)
	c.CPR = domain.CPR(cpr)
	return c, err
}

// FindCitizenByID returns the citizen or ENOTFOUND.
func (db *DB) FindCitizenByID(ctx context.Context, id int64) (domain.Citizen, error) {
	c, err := scanCitizen(db.Pool.QueryRow(ctx, `SELECT `+citizenColumns+` `+citizenFrom+` WHERE c.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return c, notFound("Borgeren")
	}
	if err != nil {
		return c, fmt.Errorf("find citizen %d: %w", id, err)
	}
	return c, nil
}

// FindCitizens returns one page of citizens matching f, by name, and the
// total. A query of digits (and a dash) searches CPR prefixes.
func (db *DB) FindCitizens(ctx context.Context, f domain.CitizenFilter) ([]domain.Citizen, int, error) {
	w := newWhere()
	q := strings.TrimSpace(f.Query)
	if q != "" {
		if digits := strings.ReplaceAll(q, "-", ""); isDigits(digits) {
			w.add("c.cpr LIKE %s || '%%'", digits)
		} else {
			// Every word typed, folded (case, accents, æ ø å as ae oe aa),
			// is a part of the name or, with a small typo, like a word of it
			// (trigram word similarity); both read the trigram index on
			// mentorspor_fold(name).
			for _, word := range strings.Fields(q) {
				w.add("(mentorspor_fold(c.name) LIKE '%%' || mentorspor_fold(%s) || '%%' OR mentorspor_fold(%s) <%% mentorspor_fold(c.name))",
					escapeLike(word), word)
			}
		}
	}
	if f.PersonID != nil {
		w.add(`EXISTS (SELECT 1 FROM grants g WHERE g.citizen_id = c.id AND g.person_id = %s
			AND (g.status = 'bevilget' OR (g.status = 'afsluttet' AND g.ended_on >= %s)))`,
			*f.PersonID, domain.DateOf(db.now()).AddDate(0, 0, -30))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 25
	}
	// The page and the number of matches in one scan.
	args := append(append([]any{}, w.args...), limit, f.Offset)
	rows, err := db.Pool.Query(ctx, fmt.Sprintf(`SELECT `+citizenColumns+`, count(*) OVER () `+citizenFrom+` %s
		ORDER BY c.name, c.id LIMIT $%d OFFSET $%d`, w.sql(), len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find citizens: %w", err)
	}
	var total int
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Citizen, error) {
		return scanCitizen(r, &total)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find citizens: %w", err)
	}
	if len(list) == 0 && f.Offset > 0 {
		// Past the last page: count on its own.
		if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM citizens c `+w.sql(), w.args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count citizens: %w", err)
		}
	}
	return list, total, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// DuplicateCPRError says the CPR number is registered already and names the
// citizen, so the page can link to them for those allowed to see them.
type DuplicateCPRError struct{ CitizenID int64 }

func (e *DuplicateCPRError) Error() string { return "cpr already registered" }

// CreateCitizen validates and inserts a citizen, once per form token of
// userID (a repeat returns *domain.AlreadySaved).
func (db *DB) CreateCitizen(ctx context.Context, in domain.CitizenInput, userID int64) (domain.Citizen, error) {
	cpr, err := in.Validate()
	if err != nil {
		return domain.Citizen{}, err
	}
	id, err := db.inTxOnce(ctx, in.FormToken, userID, domain.FormCitizen, func(tx pgx.Tx) (int64, error) {
		var id int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO citizens (cpr, name, phone, email, address, address_protected, target_group_id, caseworker_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			string(cpr), in.Name, in.Phone, in.Email, in.Address, in.AddressProtected, in.TargetGroupID, in.CaseworkerID).Scan(&id); err != nil {
			return 0, err
		}
		return id, logChange(ctx, tx, domain.ActionCreate, id, domain.EntityCitizen, id, "Borgeren er oprettet i Mentorspor")
	})
	if _, ok := domain.IsAlreadySaved(err); ok {
		return domain.Citizen{ID: id}, err
	}
	if isUniqueViolation(err, "citizens_cpr_unique") {
		var existing int64
		if qerr := db.Pool.QueryRow(ctx, `SELECT id FROM citizens WHERE cpr = $1`, string(cpr)).Scan(&existing); qerr != nil {
			return domain.Citizen{}, fmt.Errorf("look up duplicate cpr: %w", qerr)
		}
		return domain.Citizen{}, &DuplicateCPRError{CitizenID: existing}
	}
	if isForeignKeyViolation(err) {
		return domain.Citizen{}, &domain.Error{Code: domain.EINVALID, Message: "Ugyldigt valg.",
			Fields: map[string]string{"caseworker_id": "Vælg en sagsbehandler fra listen."}}
	}
	if err != nil {
		return domain.Citizen{}, fmt.Errorf("insert citizen: %w", err)
	}
	return db.FindCitizenByID(ctx, id)
}

// UpdateCitizen saves changes if nobody saved in between (optimistic
// locking on version); otherwise ECONFLICT.
func (db *DB) UpdateCitizen(ctx context.Context, id int64, in domain.CitizenInput) (domain.Citizen, error) {
	cpr, err := in.Validate()
	if err != nil {
		return domain.Citizen{}, err
	}
	var tag pgconn.CommandTag
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		tag, err = tx.Exec(ctx, `
			UPDATE citizens SET cpr = $3, name = $4, phone = $5, email = $6,
				address = CASE WHEN $11 THEN address ELSE $7 END,
				address_protected = CASE WHEN $11 THEN address_protected ELSE $8 END,
				target_group_id = $9, caseworker_id = $10, version = version + 1, updated_at = now()
			WHERE id = $1 AND version = $2`,
			id, in.Version, string(cpr), in.Name, in.Phone, in.Email, in.Address, in.AddressProtected, in.TargetGroupID, in.CaseworkerID,
			in.KeepAddress)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		return logChange(ctx, tx, domain.ActionUpdate, id, domain.EntityCitizen, id, "Borgerens stamoplysninger er rettet")
	})
	if isUniqueViolation(err, "citizens_cpr_unique") {
		var existing int64
		_ = db.Pool.QueryRow(ctx, `SELECT id FROM citizens WHERE cpr = $1`, string(cpr)).Scan(&existing)
		return domain.Citizen{}, &DuplicateCPRError{CitizenID: existing}
	}
	if err != nil {
		return domain.Citizen{}, fmt.Errorf("update citizen %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		if _, err := db.FindCitizenByID(ctx, id); err != nil {
			return domain.Citizen{}, err
		}
		return domain.Citizen{}, domain.Errorf(domain.ECONFLICT,
			"En anden har gemt ændringer på borgeren, mens du redigerede. Dine indtastninger er bevaret nedenfor; se de aktuelle oplysninger og gem igen.")
	}
	return db.FindCitizenByID(ctx, id)
}

// PersonHasCitizen reports whether the person holds a granted grant for the
// citizen, or one ended in the last 30 days (read-only access): the
// relationship that lets a mentor see a citizen.
func (db *DB) PersonHasCitizen(ctx context.Context, personID, citizenID int64) (bool, error) {
	var ok bool
	err := db.Pool.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM grants g WHERE g.citizen_id = $1 AND g.person_id = $2
			AND (g.status = 'bevilget' OR (g.status = 'afsluttet' AND g.ended_on >= $3)))`,
		citizenID, personID, domain.DateOf(db.now()).AddDate(0, 0, -30)).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("check relationship: %w", err)
	}
	return ok, nil
}
