package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// demoSupportLevels are the støttebehov the demo's § 85 grants are assessed
// with, area by area in the seeded order (Egenomsorg, Praktiske opgaver i
// hjemmet, Mobilitet, Kommunikation, Samfundsliv, Socialt liv, Sundhed); ""
// is not assessed. The k-th § 85 grant takes pattern k mod len.
var demoSupportLevels = [][]domain.SupportLevel{
	{domain.SupportLight, domain.SupportModerate, "", "", domain.SupportHigh, domain.SupportModerate, domain.SupportLight},
	{domain.SupportNone, domain.SupportModerate, domain.SupportLight, "", domain.SupportModerate, domain.SupportHigh, ""},
	{domain.SupportModerate, domain.SupportHigh, "", domain.SupportLight, domain.SupportHigh, domain.SupportModerate, domain.SupportModerate},
	{"", domain.SupportLight, "", "", domain.SupportModerate, domain.SupportModerate, domain.SupportTotal},
}

// seedSupportNeeds gives every § 85 grant of the demo its FFB assessment
// and purpose (its follow-up date is set with the grant), in the order the
// grants were planned: the same demo every time.
func seedSupportNeeds(ctx context.Context, tx pgx.Tx, grants []plannedGrant) error {
	ids := func(table string) ([]int64, error) {
		rows, err := tx.Query(ctx, `SELECT id FROM `+table+` WHERE retired_at IS NULL ORDER BY position, id`)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, pgx.RowTo[int64])
	}
	areas, err := ids("support_areas")
	if err != nil {
		return fmt.Errorf("support areas: %w", err)
	}
	purposes, err := ids("support_purposes")
	if err != nil {
		return fmt.Errorf("support purposes: %w", err)
	}
	if len(areas) == 0 || len(purposes) == 0 {
		return nil // the administrator has retired them all: nothing to assess with
	}
	batch := &pgx.Batch{}
	k := 0
	for _, g := range grants {
		if g.function != domain.FunctionSupport {
			continue
		}
		// Most are to develop the citizen's abilities; every third to keep them.
		purpose := purposes[0]
		if k%3 == 2 && len(purposes) > 1 {
			purpose = purposes[1]
		}
		batch.Queue(`UPDATE grants SET support_purpose_id = $2 WHERE id = $1`, g.id, purpose)
		assessed := 0
		for i, level := range demoSupportLevels[k%len(demoSupportLevels)] {
			if level == "" || i >= len(areas) {
				continue
			}
			assessed++
			batch.Queue(`INSERT INTO grant_support_needs (grant_id, area_id, level) VALUES ($1, $2, $3)`, g.id, areas[i], string(level))
		}
		if assessed == 0 {
			batch.Queue(`INSERT INTO grant_support_needs (grant_id, area_id, level) VALUES ($1, $2, 'moderat')`, g.id, areas[0])
		}
		k++
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("support needs: %w", err)
	}
	return nil
}
