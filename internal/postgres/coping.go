package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

func (db *DB) intSetting(ctx context.Context, key string, def, min, max int) int {
	v, err := db.Setting(ctx, key)
	n, cerr := strconv.Atoi(v)
	if err != nil || cerr != nil || n < min || n > max {
		return def
	}
	return n
}

// CopingSettings are the window's length and the "recent window" span, in months.
func (db *DB) CopingSettings(ctx context.Context) (months, repeatMonths int) {
	return db.intSetting(ctx, "coping_months", 1, 1, 12), db.intSetting(ctx, "coping_repeat_months", 6, 1, 36)
}

const copingColumns = `w.id, w.citizen_id, c.name, w.grant_id, p.display_name, w.status, COALESCE(rq.display_name, ''),
	w.requested_at, w.request_need, w.start_on, w.expires_on, w.need, w.repeat_reason, w.decision_note,
	COALESCE(dc.display_name, ''), w.decided_at, w.switch_id,
	(SELECT count(*) FROM mentor_sessions s WHERE s.citizen_id = w.citizen_id AND s.everyday_coping
	   AND s.discarded_at IS NULL AND s.occurred_on BETWEEN w.start_on AND w.expires_on)`

const copingFrom = `FROM coping_windows w
	JOIN citizens c ON c.id = w.citizen_id
	JOIN grants g ON g.id = w.grant_id
	JOIN users p ON p.id = g.person_id
	LEFT JOIN users rq ON rq.id = w.requested_by
	LEFT JOIN users dc ON dc.id = w.decided_by`

func scanCoping(r pgx.Row) (domain.CopingWindow, error) {
	var w domain.CopingWindow
	return w, r.Scan(&w.ID, &w.CitizenID, &w.CitizenName, &w.GrantID, &w.PersonName, &w.Status, &w.RequestedBy,
		&w.RequestedAt, &w.RequestNeed, &w.Start, &w.Expires, &w.Need, &w.RepeatReason, &w.DecisionNote,
		&w.DecidedByName, &w.DecidedAt, &w.SwitchID, &w.CopingSessions)
}

// FindCopingWindowByID returns one window or ENOTFOUND.
func (db *DB) FindCopingWindowByID(ctx context.Context, id int64) (domain.CopingWindow, error) {
	return byID(scanCoping,
		db.Pool.QueryRow(ctx, `SELECT `+copingColumns+` `+copingFrom+` WHERE w.id = $1`, id), "Hverdagsmestringsperioden")
}

// FindCopingWindows returns windows matching f: requests and open windows
// first, soonest expiry first.
func (db *DB) FindCopingWindows(ctx context.Context, f domain.CopingFilter) ([]domain.CopingWindow, error) {
	w := newWhere()
	if f.CitizenID != nil {
		w.add("w.citizen_id = %s", *f.CitizenID)
	}
	if f.CaseworkerID != nil {
		// The caseworker's citizens from the index alone (a join on
		// c.caseworker_id read each of their ~1,000 citizen rows for the
		// name of the few with a window).
		w.add("w.citizen_id IN (SELECT ci.id FROM citizens ci WHERE ci.caseworker_id = %s)", *f.CaseworkerID)
	}
	if f.PersonID != nil {
		w.add("g.person_id = %s", *f.PersonID)
	}
	if len(f.Statuses) > 0 {
		w.add("w.status = ANY (%s)", f.Statuses)
	}
	return queryAll(ctx, db, scanCoping, "find coping windows", `SELECT `+copingColumns+` `+copingFrom+` `+w.sql()+`
		ORDER BY w.status NOT IN ('anmodet', 'aaben'), w.expires_on NULLS FIRST, w.id DESC`, w.args...)
}

// RequestCoping records a mentor's request for a window on their LAB grant,
// once per form token (a repeat returns *domain.AlreadySaved).
func (db *DB) RequestCoping(ctx context.Context, grantID, mentorID int64, need, formToken string) (int64, error) {
	g, err := db.FindGrantByID(ctx, grantID)
	if err != nil {
		return 0, err
	}
	if g.PersonID != mentorID {
		return 0, notFound("Bevillingen")
	}
	v := domain.Validation{}
	if g.Function != domain.FunctionMentor || !g.Active(domain.DateOf(db.now())) {
		v.Add("grant_id", "En hverdagsmestringsperiode kræver en aktiv mentorbevilling efter LAB.")
	}
	if strings.TrimSpace(need) == "" {
		v.Add("need", "Beskriv hvilke hverdagsopgaver borgeren har brug for støtte til, og hvorfor.")
	} else {
		v.Text("need", strings.TrimSpace(need), domain.MaxLongText)
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	var id int64
	err = db.onceInTx(ctx, formToken, mentorID, domain.FormCopingRequest, &g.CitizenID, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `
			INSERT INTO coping_windows (citizen_id, grant_id, status, requested_by, requested_at, request_need)
			VALUES ($1, $2, 'anmodet', $3, $5, $4) RETURNING id`, g.CitizenID, g.ID, mentorID, strings.TrimSpace(need), db.now()).Scan(&id); err != nil {
			return err
		}
		return logGrantChange(ctx, tx, domain.ActionCreate, g.ID, domain.EntityCoping, id)
	})
	if _, ok := domain.IsAlreadySaved(err); ok {
		return 0, err
	}
	if err != nil {
		return 0, fmt.Errorf("request coping window: %w", err)
	}
	return id, nil
}

// StartCoping opens a window on an active LAB grant, from a request or
// directly. One open window per citizen; a new window soon after the last
// one needs a reason.
func (db *DB) StartCoping(ctx context.Context, in domain.CopingStartInput, userID int64, v domain.Validation) (int64, error) {
	g, err := db.FindGrantByID(ctx, in.GrantID)
	if err != nil {
		return 0, err
	}
	months, repeat := db.CopingSettings(ctx)
	var open bool
	if err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM coping_windows WHERE citizen_id = $1 AND status = 'aaben')`,
		g.CitizenID).Scan(&open); err != nil {
		return 0, fmt.Errorf("open coping window: %w", err)
	}
	if open {
		return 0, &domain.Error{Code: domain.ECONFLICT, Message: "Borgeren har allerede en åben hverdagsmestringsperiode.",
			Fields: map[string]string{"start": "Borgeren har allerede en åben hverdagsmestringsperiode. Træf afgørelse om den først."}}
	}
	var lastStart *domain.Date
	if err := db.Pool.QueryRow(ctx, `SELECT max(start_on) FROM coping_windows WHERE citizen_id = $1 AND start_on IS NOT NULL`,
		g.CitizenID).Scan(&lastStart); err != nil {
		return 0, fmt.Errorf("last coping window: %w", err)
	}
	if err := domain.ValidateCopingStart(&in, g, lastStart, repeat, domain.DateOf(db.now()), v); err != nil {
		return 0, err
	}
	expires := domain.CopingExpiry(in.Start, months)
	var id int64
	err = db.onceInTx(ctx, in.FormToken, userID, domain.FormCopingStart, &g.CitizenID, func(tx pgx.Tx) error {
		if in.RequestID != nil {
			// The window belongs to the grant active on its start date, which
			// may be another of the citizen's LAB grants than the one the
			// mentor asked on (the grant was extended in between).
			tag, err := tx.Exec(ctx, `
				UPDATE coping_windows SET status = 'aaben', start_on = $2, expires_on = $3, need = $4, repeat_reason = $5,
					started_by = $6, started_at = $8, grant_id = $7
				WHERE id = $1 AND citizen_id = $9 AND status = 'anmodet'`,
				*in.RequestID, in.Start, expires, in.Need, in.RepeatReason, userID, g.ID, db.now(), g.CitizenID)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				return domain.Errorf(domain.ECONFLICT, "Anmodningen er allerede behandlet.")
			}
			id = *in.RequestID
			return logGrantChange(ctx, tx, domain.ActionUpdate, g.ID, domain.EntityCoping, id)
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO coping_windows (citizen_id, grant_id, status, start_on, expires_on, need, repeat_reason, started_by, started_at)
			VALUES ($1, $2, 'aaben', $3, $4, $5, $6, $7, $8) RETURNING id`,
			g.CitizenID, g.ID, in.Start, expires, in.Need, in.RepeatReason, userID, db.now()).Scan(&id); err != nil {
			return err
		}
		return logGrantChange(ctx, tx, domain.ActionCreate, g.ID, domain.EntityCoping, id)
	})
	if isUniqueViolation(err, "coping_windows_one_open") {
		return 0, &domain.Error{Code: domain.ECONFLICT, Message: "Borgeren har allerede en åben hverdagsmestringsperiode.",
			Fields: map[string]string{"start": "Borgeren har allerede en åben hverdagsmestringsperiode. Træf afgørelse om den først."}}
	}
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		return 0, fmt.Errorf("start coping window: %w", err)
	}
	return id, err
}

// DecideCopingMet closes an open window: the need is met.
func (db *DB) DecideCopingMet(ctx context.Context, id, userID int64, note string) error {
	return db.decideCoping(ctx, id, userID, note, domain.CopingOpen, domain.CopingMet,
		"Skriv kort, hvordan behovet er dækket.", "Perioden er allerede afgjort.")
}

// RejectCopingRequest declines a mentor's request with a note.
func (db *DB) RejectCopingRequest(ctx context.Context, id, userID int64, note string) error {
	return db.decideCoping(ctx, id, userID, note, domain.CopingRequested, domain.CopingRejected,
		"Skriv hvorfor anmodningen afvises.", "Anmodningen er allerede behandlet.")
}

// decideCoping moves a window from one status to a decided one with the
// caseworker's note, logged in the same transaction; a window no longer in
// the from status was decided by someone else (ECONFLICT).
func (db *DB) decideCoping(ctx context.Context, id, userID int64, note, from, to, noteMissing, decided string) error {
	note = strings.TrimSpace(note)
	if note == "" {
		return &domain.Error{Code: domain.EINVALID, Message: noteMissing, Fields: map[string]string{"note": noteMissing}}
	}
	if err := domain.TextError("note", note, domain.MaxLongText); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		var grantID int64
		err := tx.QueryRow(ctx, `
			UPDATE coping_windows SET status = $4, decision_note = $3, decided_by = $2, decided_at = $6
			WHERE id = $1 AND status = $5 RETURNING grant_id`, id, userID, note, to, from, db.now()).Scan(&grantID)
		if errors.Is(err, pgx.ErrNoRows) {
			return domain.Errorf(domain.ECONFLICT, "%s", decided)
		}
		if err != nil {
			return fmt.Errorf("decide coping window %d: %w", id, err)
		}
		return logGrantChange(ctx, tx, domain.ActionUpdate, grantID, domain.EntityCoping, id)
	})
}

// CitizenCosts sums delivered minutes (sessions not discarded) per budget per
// month for the citizen, and their cost at the rate in force on each
// session's day, rounded like the budget report (domain.CostOre).
func (db *DB) CitizenCosts(ctx context.Context, citizenID int64, months int) ([]domain.CostRow, error) {
	today := domain.DateOf(db.now())
	from := domain.AddMonthsClamped(domain.MakeDate(today.Year(), today.Month(), 1), -(months - 1))
	rows, err := db.Pool.Query(ctx, `
		SELECT x.month, x.name, sum(x.minutes), sum((x.minutes::bigint * x.rate + 30) / 60)::float8 / 100
		FROM (
			-- priced like the budget report: per month, budget, person and rate
			SELECT date_trunc('month', s.occurred_on)::date AS month, b.id, b.name, s.author_id, sum(s.minutes) AS minutes,
			       (COALESCE(r.hourly_cost, 0) * 100)::bigint AS rate
			FROM mentor_sessions s
			JOIN grants g ON g.id = s.grant_id
			JOIN budgets b ON b.id = g.budget_id
			LEFT JOIN LATERAL (SELECT r.hourly_cost FROM budget_rates r WHERE r.budget_id = b.id AND r.valid_from <= s.occurred_on
			                   ORDER BY r.valid_from DESC LIMIT 1) r ON true
			WHERE s.citizen_id = $1 AND s.discarded_at IS NULL AND s.occurred_on >= $2
			GROUP BY 1, 2, 3, 4, 6
		) x
		GROUP BY 1, 2
		ORDER BY 1 DESC, 2`, citizenID, from)
	if err != nil {
		return nil, fmt.Errorf("citizen costs: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.CostRow, error) {
		var c domain.CostRow
		return c, r.Scan(&c.Month, &c.Budget, &c.Minutes, &c.Cost)
	})
}
