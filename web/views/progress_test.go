package views

import (
	"strings"
	"testing"

	"mentorspor/internal/domain"
)

func TestProgressChart(t *testing.T) {
	pts := []domain.ProgressPoint{
		{GoalID: 1, GoalText: "Møde til tiden", On: domain.MakeDate(2026, 9, 1), Score: 1},
		{GoalID: 1, GoalText: "Møde til tiden", On: domain.MakeDate(2026, 11, 1), Score: 5},
		{GoalID: 2, GoalText: "Ringe til lægen", On: domain.MakeDate(2026, 10, 1), Score: 3},
	}
	c := NewProgressChart(pts, 5, nil)
	if len(c.Goals) != 2 || !c.From.Equal(pts[0].On) || !c.To.Equal(pts[1].On) {
		t.Fatalf("chart: %+v", c)
	}
	// Score 1 at the bottom-left, score 5 at the top-right of the plot area.
	if got := c.Polyline(c.Goals[0]); got != "40.0,188.0 464.0,16.0" {
		t.Fatalf("polyline %q", got)
	}
	if len(c.Grid()) != 5 || !strings.Contains(c.description(), "2 mål") {
		t.Fatal("grid and description")
	}
	if only := NewProgressChart(pts, 5, []string{"Ringe til lægen"}); len(only.Goals) != 1 {
		t.Fatal("a mentor sees only the goals of their grants")
	}
}

func TestDirectionText(t *testing.T) {
	if text, fading := DirectionText([]string{"uaendret", "vaek", "uaendret"}); !fading || !strings.Contains(text, "0 mod") {
		t.Fatalf("fading: %q %v", text, fading)
	}
	if _, fading := DirectionText([]string{"mod", "vaek", "uaendret"}); fading {
		t.Fatal("one session towards work is not fading")
	}
	if text, _ := DirectionText(nil); text != "Ingen samtaler endnu." {
		t.Fatal(text)
	}
}

func TestChartSpan(t *testing.T) {
	since := domain.MakeDate(2026, 1, 5)
	goals := []ProgressLine{{Text: "Møde til tiden"}}
	tests := []struct {
		name          string
		chart         ProgressChart
		text, link    string
		hrefWholeCase bool
	}{
		{"nothing ever", ProgressChart{Path: "/borgere/7"}, "Der er ikke givet fremskridt på målene endnu.", "", false},
		{"nothing this year", ProgressChart{Path: "/borgere/7", Since: since}, "Der er ikke givet fremskridt på målene det seneste år.", "Vis hele forløbet", true},
		{"the last year", ProgressChart{Path: "/borgere/7", Since: since, Goals: goals}, "Viser det seneste år (fra 05.01.2026).", "Vis hele forløbet", true},
		{"the whole course", ProgressChart{Path: "/borgere/7", Goals: goals}, "Viser hele forløbet.", "Vis kun det seneste år", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.chart.span()
			if s.Text != tt.text || s.Link != tt.link {
				t.Fatalf("span %+v, want %q and link %q", s, tt.text, tt.link)
			}
			if tt.link != "" && strings.Contains(s.Href, "forloeb=alle") != tt.hrefWholeCase {
				t.Fatalf("href %q", s.Href)
			}
		})
	}
}
