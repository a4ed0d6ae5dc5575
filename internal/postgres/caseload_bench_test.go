package postgres_test

import (
	"testing"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/postgres/pgtest"
)

// BenchmarkTeamCaseload measures the team page's queries on the demo data.
func BenchmarkTeamCaseload(b *testing.B) {
	db := pgtest.NewDB(b)
	if err := demo.Seed(ctx, db); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		mentors, _, _, err := db.TeamCaseload(ctx, domain.CaseloadFilter{})
		if err != nil || len(mentors) != 3 {
			b.Fatalf("%d mentors, %v", len(mentors), err)
		}
	}
}
