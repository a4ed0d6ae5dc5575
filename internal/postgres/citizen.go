package postgres

import (
	"context"
	"fmt"
	"slices"
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
	return byID(scanCitizenRow,
		db.Pool.QueryRow(ctx, `SELECT `+citizenColumns+` `+citizenFrom+` WHERE c.id = $1`, id), "Borgeren")
}

// citizenWalk is how many names, in name order, a search reads from the
// index on (name, id) for a page of a name matched more than
// CitizenCountCap times: a surname's matches are spread through the order
// (2 % of the names: a page within the first 1,250), a first name's stand
// together where it sorts, and those are sorted from the matches instead.
const citizenWalk = 5000

// FindCitizens returns one page of citizens matching f, in name order, and
// the number of matches counted up to CitizenCountCap + 1. A query of digits
// (and a dash) searches CPR prefixes.
//
// A name query first looks for the names that hold every word typed,
// folded (case, accents, æ ø å as ae oe aa), in the stored folded name
// (name_fold); below, how a page of them costs about the same however many
// there are. Only when these exact matches fill less than a page are the
// names added where a word is, with a small typo, like a word of the name
// (trigram word similarity, <%); they follow the exact matches.
func (db *DB) FindCitizens(ctx context.Context, f domain.CitizenFilter) ([]domain.Citizen, int, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 25
	}
	var words []string
	exact := newWhere()
	if q := strings.TrimSpace(f.Query); q != "" {
		if digits := strings.ReplaceAll(q, "-", ""); isDigits(digits) {
			exact.add("c.cpr LIKE %s || '%%'", digits)
		} else {
			words = strings.Fields(q)
			for _, word := range words {
				exact.add("c.name_fold LIKE '%%' || mentorspor_fold(%s) || '%%'", escapeLike(word))
			}
		}
	}
	db.citizenPersonFilter(exact, f.PersonID)
	citizenSocialFilter(exact, f.Social)
	countExact := fmt.Sprintf(`SELECT count(*) FROM (SELECT FROM citizens c %s LIMIT %d) n`, exact.sql(), domain.CitizenCountCap+1)
	if len(words) == 0 {
		// A CPR prefix, a mentor's citizens or everyone: the planner reads
		// the page in name order or sorts the few matches (a CPR prefix's
		// or a mentor's), and the count stops at the cap.
		return db.citizenPage(ctx, "", "("+countExact+")",
			fmt.Sprintf(`SELECT c.id, false AS fuzzy FROM citizens c %s ORDER BY c.name, c.id`, exact.sql()),
			countExact, exact.args, limit, f.Offset)
	}

	// One statement, three ways to the page, the count deciding which is
	// read (each condition on the counts is checked once, and what it rules
	// out is not read):
	//   - m: at most the cap's matches, in no order (the trigram index),
	//     give the count and, when there are no more, the page;
	//   - walk: past the cap, the page is read from the first citizenWalk
	//     names in name order (the index on (name, id) alone), when they
	//     hold it;
	//   - e: otherwise (a first name, or a page far down the list) all the
	//     matches are read and sorted. MATERIALIZED: the planner would read
	//     the whole index in name order instead.
	lim, off := len(exact.args)+1, len(exact.args)+2 // citizenPage's placeholders
	list, total, err := db.citizenPage(ctx,
		fmt.Sprintf(`WITH m AS MATERIALIZED (SELECT c.id, c.name FROM citizens c %[1]s LIMIT %[2]d),
			n AS (SELECT count(*) AS total FROM m),
			walk AS MATERIALIZED (
				SELECT c.id, c.name FROM (SELECT id, name, name_fold FROM citizens ORDER BY name, id LIMIT %[3]d) c %[1]s
				ORDER BY c.name, c.id LIMIT $%[4]d::int + $%[5]d::int),
			e AS MATERIALIZED (SELECT c.id, c.name FROM citizens c %[1]s)`,
			exact.sql(), domain.CitizenCountCap+1, citizenWalk, lim, off),
		`(SELECT total FROM n)`,
		fmt.Sprintf(`SELECT m.id, false AS fuzzy, m.name FROM m WHERE (SELECT total FROM n) <= %[1]d
			UNION ALL
			SELECT walk.id, false, walk.name FROM walk
			WHERE (SELECT total FROM n) > %[1]d AND (SELECT count(*) FROM walk) = $%[2]d::int + $%[3]d::int
			UNION ALL
			SELECT e.id, false, e.name FROM e
			WHERE (SELECT total FROM n) > %[1]d AND (SELECT count(*) FROM walk) < $%[2]d::int + $%[3]d::int
			ORDER BY name, id`, domain.CitizenCountCap, lim, off),
		countExact, exact.args, limit, f.Offset)
	if err != nil || total >= limit || total > domain.CitizenCountCap {
		return list, total, err
	}

	// Too few exact matches for a page: the exact matches (few) and then up
	// to the cap of those that only the typo branch finds. Word similarity
	// is worked out per trigram candidate, so the candidates are read until
	// the cap and no further: past it, the page is the first ones found, in
	// name order, and the list says "more than".
	fuzzy := newWhere()
	var isExact []string
	for _, word := range words {
		// name_fold %> w is w <% name_fold, written as the index condition
		// is, so that the trigram recheck is its only test (written the other
		// way round, each candidate's word similarity is worked out twice).
		fuzzy.add("(c.name_fold LIKE '%%' || mentorspor_fold(%s) || '%%' OR c.name_fold %%> mentorspor_fold(%s))",
			escapeLike(word), word)
		isExact = append(isExact, fmt.Sprintf("c.name_fold LIKE '%%' || mentorspor_fold($%d) || '%%'", len(fuzzy.args)-1))
	}
	db.citizenPersonFilter(fuzzy, f.PersonID)
	citizenSocialFilter(fuzzy, f.Social)
	exactConds := append(slices.Clip(isExact), fuzzy.conds[len(words):]...) // and the mentor's, if any
	with := fmt.Sprintf(`WITH m AS MATERIALIZED (
			SELECT c.id, c.name, false AS fuzzy FROM citizens c WHERE %s
			UNION ALL
			(SELECT c.id, c.name, true FROM citizens c %s AND NOT (%s) LIMIT %d))`,
		strings.Join(exactConds, " AND "), fuzzy.sql(), strings.Join(isExact, " AND "), domain.CitizenCountCap+1)
	count := fmt.Sprintf(`SELECT least(count(*), %d) FROM m`, domain.CitizenCountCap+1)
	return db.citizenPage(ctx, with, "("+count+")",
		`SELECT m.id, m.fuzzy FROM m ORDER BY m.fuzzy, m.name, m.id`,
		with+" "+count, fuzzy.args, limit, f.Offset)
}

// citizenPersonFilter keeps, for a mentor, the citizens they hold a grant for
// (or held one that ended in the last 30 days).
func (db *DB) citizenPersonFilter(w *where, personID *int64) {
	if personID != nil {
		w.add(`EXISTS (SELECT 1 FROM grants g WHERE g.citizen_id = c.id AND g.person_id = %s
			AND (g.status = 'bevilget' OR (g.status = 'afsluttet' AND g.ended_on >= %s)))`,
			*personID, domain.DateOf(db.now()).AddDate(0, 0, -30))
	}
}

// citizenSocialFilter narrows to the citizens the social administration
// has: a proposal to it, or a grant under one of its legal bases (see
// SocialAdministrationReads).
func citizenSocialFilter(w *where, social bool) {
	if social {
		w.add(`(c.id IN (SELECT pr.citizen_id FROM proposals pr WHERE pr.administration = %s)
			OR c.id IN (SELECT g.citizen_id FROM grants g JOIN legal_bases lb ON lb.id = g.legal_basis_id
			            WHERE lb.administration = %s))`, domain.AdministrationSocial, domain.AdministrationSocial)
	}
}

// citizenPage runs one search statement: with is an optional WITH clause,
// ids the query giving the matches' ids and whether each is a typo match,
// in the order shown (citizenPage adds LIMIT and OFFSET, its last two
// arguments), and count the expression counting the matches. The page of
// ids comes first and only its rows are joined to their caseworker and
// target group. A page past the last has no row to carry the count, so
// then countAlone, a statement on args alone, counts.
//
// Each statement is planned for its values (the simple protocol: the values
// are written into the statement, so the connections' generic plans do not
// apply): the folded word and a CPR prefix are then constants, which the
// index conditions and the planner's estimates need (in a generic plan
// mentorspor_fold would run again for every candidate row, and a CPR prefix
// could not use its index).
func (db *DB) citizenPage(ctx context.Context, with, count, ids, countAlone string, args []any, limit, offset int) ([]domain.Citizen, int, error) {
	pageArgs := append(args[:len(args):len(args)], limit, offset)
	rows, err := db.Pool.Query(ctx, fmt.Sprintf(`%s
		SELECT `+citizenColumns+`, %s
		FROM (%s LIMIT $%d OFFSET $%d) p
		JOIN citizens c ON c.id = p.id
		LEFT JOIN target_groups tg ON tg.id = c.target_group_id
		LEFT JOIN users cw ON cw.id = c.caseworker_id
		ORDER BY p.fuzzy, c.name, c.id`, with, count, ids, len(pageArgs)-1, len(pageArgs)),
		append([]any{pgx.QueryExecModeSimpleProtocol}, pageArgs...)...)
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
	if len(list) == 0 && offset > 0 {
		if err := db.Pool.QueryRow(ctx, countAlone, append([]any{pgx.QueryExecModeSimpleProtocol}, args...)...).Scan(&total); err != nil {
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
		return domain.Citizen{}, &domain.DuplicateCPRError{CitizenID: existing}
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
		return domain.Citizen{}, &domain.DuplicateCPRError{CitizenID: existing}
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

// scanCitizenRow is scanCitizen without extra columns.
func scanCitizenRow(r pgx.Row) (domain.Citizen, error) { return scanCitizen(r) }
