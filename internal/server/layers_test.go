package server_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayers keeps the wall between the layers: the handlers and the views
// know the domain and the Store interface, never the PostgreSQL adapter;
// the domain knows neither the database nor HTTP. Test-only imports do not
// count (go list -deps lists what the packages themselves build on).
func TestLayers(t *testing.T) {
	for pkg, forbidden := range map[string][]string{
		"mentorspor/internal/server": {"mentorspor/internal/postgres", "mentorspor/internal/demo"},
		"mentorspor/web/views":       {"mentorspor/internal/postgres", "mentorspor/internal/demo", "mentorspor/internal/server"},
		"mentorspor/internal/domain": {"mentorspor/internal/postgres", "mentorspor/web/views", "github.com/jackc/pgx/v5", "net/http"},
	} {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 2 {
			t.Fatalf("go list -deps %s listed %d packages", pkg, len(deps))
		}
		for _, d := range deps {
			for _, f := range forbidden {
				if d == f {
					t.Errorf("%s depends on %s", pkg, f)
				}
			}
		}
	}
}
