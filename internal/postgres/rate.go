package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// A budget's dated rates (budget_rates): the history on the admin's budget
// page, and a new rate, which may not re-price a month its administration
// has approved.

// FindBudgetRates returns a budget's rates, earliest first, with who added
// each.
func (db *DB) FindBudgetRates(ctx context.Context, budgetID int64) (domain.Rates, error) {
	return queryAll(ctx, db, scanRate, "find budget rates", `
		SELECT r.budget_id, r.valid_from, (r.hourly_cost * 100)::bigint, COALESCE(u.display_name, ''), r.created_at
		FROM budget_rates r LEFT JOIN users u ON u.id = r.created_by
		WHERE r.budget_id = $1 ORDER BY r.valid_from`, budgetID)
}

func scanRate(r pgx.Row) (domain.Rate, error) {
	var x domain.Rate
	return x, r.Scan(&x.BudgetID, &x.ValidFrom, &x.CostOre, &x.CreatedBy, &x.CreatedAt)
}

// CreateBudgetRate adds a rate to a budget from in.ValidFrom on, after the
// rules of domain.ValidateRate. The budget's administration is locked, so
// its month cannot be approved while a rate that would re-price it is
// being added (ApproveStatement takes the same lock).
func (db *DB) CreateBudgetRate(ctx context.Context, budgetID int64, in domain.RateInput, userID int64, v domain.Validation) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		var adm string
		err := tx.QueryRow(ctx, `
			SELECT a.code FROM budgets b JOIN administrations a ON a.code = b.administration
			WHERE b.id = $1 FOR UPDATE OF a`, budgetID).Scan(&adm)
		if errors.Is(err, pgx.ErrNoRows) {
			return notFound("Budgettet")
		}
		if err != nil {
			return fmt.Errorf("lock budget %d: %w", budgetID, err)
		}
		rows, err := tx.Query(ctx, `
			SELECT r.budget_id, r.valid_from, (r.hourly_cost * 100)::bigint, '', r.created_at
			FROM budget_rates r WHERE r.budget_id = $1 ORDER BY r.valid_from`, budgetID)
		if err != nil {
			return fmt.Errorf("budget rates: %w", err)
		}
		existing, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Rate, error) { return scanRate(r) })
		if err != nil {
			return fmt.Errorf("budget rates: %w", err)
		}
		last, err := lastApprovedMonth(ctx, tx, adm)
		if err != nil {
			return err
		}
		if err := domain.ValidateRate(in, existing, last, v); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO budget_rates (budget_id, valid_from, hourly_cost, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5)`, budgetID, *in.ValidFrom, in.Cost, userID, db.now())
		if isUniqueViolation(err, "budget_rates_pkey") {
			v.Add("valid_from", "Budgettet har allerede en timepris fra "+domain.FormatDate(*in.ValidFrom)+".")
			return v.Err()
		}
		if err != nil {
			return fmt.Errorf("create budget rate: %w", err)
		}
		return nil
	})
}

// lastApprovedMonth is the latest approved month of an administration, or
// nil.
func lastApprovedMonth(ctx context.Context, tx pgx.Tx, adm string) (*domain.Date, error) {
	var last *domain.Date
	if err := tx.QueryRow(ctx, `SELECT max(month) FROM statement_approvals WHERE administration = $1`, adm).Scan(&last); err != nil {
		return nil, fmt.Errorf("last approved month: %w", err)
	}
	return last, nil
}

// LastApprovedMonth is the latest approved month of administration adm,
// or nil when none is.
func (db *DB) LastApprovedMonth(ctx context.Context, adm string) (*domain.Date, error) {
	var last *domain.Date
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		last, err = lastApprovedMonth(ctx, tx, adm)
		return err
	})
	return last, err
}
