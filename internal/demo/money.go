package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
)

// The demo's money (issue 12): the job centre's hourly cost rose in the
// middle of the month before last, so that month is priced at two rates,
// and the team lead approved last month's statement for the job centre on
// the 3rd of this month (or just now, early in a month).

// DemoRateChange is the job centre's new rate in kroner.
const DemoRateChange = 440.00

// DemoRateDay is the day the job centre's new rate starts: the 15th of the
// month before last.
func DemoRateDay(today domain.Date) domain.Date {
	return domain.MakeDate(today.Year(), today.Month(), 15).AddDate(0, -2, 0)
}

// DemoApprovedMonth is the job centre's approved month: last month.
func DemoApprovedMonth(today domain.Date) domain.Date {
	return domain.MakeDate(today.Year(), today.Month(), 1).AddDate(0, -1, 0)
}

// seedMoney adds the rate change and the approval unless they exist.
func seedMoney(ctx context.Context, tx pgx.Tx, today domain.Date, now time.Time) error {
	var admin, lead, budget int64
	if err := tx.QueryRow(ctx, `SELECT (SELECT id FROM users WHERE username = 'admin'), (SELECT id FROM users WHERE username = 'teamleder'),
		(SELECT id FROM budgets WHERE administration = 'beskaeftigelse' ORDER BY id LIMIT 1)`).Scan(&admin, &lead, &budget); err != nil {
		return fmt.Errorf("demo money: %w", err)
	}
	day := DemoRateDay(today)
	created := time.Date(day.Year(), day.Month(), 1, 10, 0, 0, 0, domain.Copenhagen)
	if _, err := tx.Exec(ctx, `
		INSERT INTO budget_rates (budget_id, valid_from, hourly_cost, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (budget_id, valid_from) DO NOTHING`,
		budget, day, DemoRateChange, admin, created); err != nil {
		return fmt.Errorf("demo rate: %w", err)
	}
	at := time.Date(today.Year(), today.Month(), 3, 10, 0, 0, 0, domain.Copenhagen)
	if at.After(now) {
		at = now.Add(-time.Minute)
	}
	return postgres.SeedApproval(ctx, tx, "beskaeftigelse", DemoApprovedMonth(today), lead, at)
}
