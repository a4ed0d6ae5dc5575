package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// seedDemoTeamLead adds profiles and supervision sessions to the demo.
func seedDemoTeamLead(ctx context.Context, tx pgx.Tx, today domain.Date) error {
	return nil
}
