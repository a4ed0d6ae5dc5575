package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// SeedDemoCitizens exposes seedDemoCitizens to the external test package
// (pgtest imports postgres, so the tests cannot live in package postgres),
// with the demo clock at 07:30 on today.
func SeedDemoCitizens(ctx context.Context, tx pgx.Tx, today domain.Date) error {
	if err := setDemoNow(ctx, tx, demoTime(today, 7).Add(30*time.Minute)); err != nil {
		return err
	}
	return seedDemoCitizens(ctx, tx, today)
}
