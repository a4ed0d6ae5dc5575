package views

import (
	"fmt"
	"strings"

	"mentorspor/internal/domain"
)

// ProgressChart is the goal-progress chart, drawn on the server as SVG with
// the same figures in a table beside it.
type ProgressChart struct {
	Goals    []ProgressLine
	ScaleMax int
	From, To domain.Date
	// Since is the first day shown, zero when the whole course is shown;
	// Path is the citizen page the "show all / last year" link leads to.
	Since domain.Date
	Path  string
}

// ProgressLine is one goal's scores over time.
type ProgressLine struct {
	Text   string
	Color  string
	Points []domain.ProgressPoint
}

// Chart geometry (SVG user units).
const (
	chartW, chartH        = 480.0, 220.0
	chartLeft, chartRight = 40.0, 16.0
	chartTop, chartBottom = 16.0, 32.0
)

// A palette that keeps contrast on white and differs in lightness too.
var lineColors = []string{"#1f5fa8", "#b4411b", "#2b7a3d", "#6b3fa0", "#8a6d00", "#0b6f7a"}

// NewProgressChart groups points by goal, keeping only goals in keep (nil
// keeps all).
func NewProgressChart(points []domain.ProgressPoint, scaleMax int, keep []string) ProgressChart {
	c := ProgressChart{ScaleMax: scaleMax}
	index := map[int64]int{}
	for _, p := range points {
		if keep != nil && !containsString(keep, p.GoalText) {
			continue
		}
		i, ok := index[p.GoalID]
		if !ok {
			i = len(c.Goals)
			index[p.GoalID] = i
			c.Goals = append(c.Goals, ProgressLine{Text: p.GoalText, Color: lineColors[i%len(lineColors)]})
		}
		c.Goals[i].Points = append(c.Goals[i].Points, p)
		if c.From.IsZero() || p.On.Before(c.From) {
			c.From = p.On
		}
		if p.On.After(c.To) {
			c.To = p.On
		}
	}
	return c
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (c ProgressChart) x(d domain.Date) float64 {
	span := c.To.Sub(c.From).Hours()
	if span <= 0 {
		return chartLeft + (chartW-chartLeft-chartRight)/2
	}
	return chartLeft + (chartW-chartLeft-chartRight)*d.Sub(c.From).Hours()/span
}

func (c ProgressChart) y(score int) float64 {
	return chartTop + (chartH-chartTop-chartBottom)*(1-float64(score-1)/float64(max(c.ScaleMax-1, 1)))
}

// Polyline is the "x,y x,y" list of a goal's points.
func (c ProgressChart) Polyline(l ProgressLine) string {
	var b strings.Builder
	for i, p := range l.Points {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.1f,%.1f", c.x(p.On), c.y(p.Score))
	}
	return b.String()
}

// GridLine is a horizontal line at a score with its label.
type GridLine struct {
	Y     string
	Label string
}

// Grid returns one line per score on the scale.
func (c ProgressChart) Grid() []GridLine {
	var out []GridLine
	for s := 1; s <= c.ScaleMax; s++ {
		out = append(out, GridLine{Y: fmt.Sprintf("%.1f", c.y(s)), Label: fmt.Sprint(s)})
	}
	return out
}

func f1(v float64) string { return fmt.Sprintf("%.1f", v) }

func (c ProgressChart) viewBox() string { return fmt.Sprintf("0 0 %.0f %.0f", chartW, chartH) }

func (c ProgressChart) left() string   { return f1(chartLeft) }
func (c ProgressChart) right() string  { return f1(chartW - chartRight) }
func (c ProgressChart) labelY() string { return f1(chartH - 10) }

// chartSpan says how much of the course the chart shows, and links to the
// other view: the last year (the default) or the whole course (?forloeb=alle).
type chartSpan struct{ Text, Link, Href string }

func (c ProgressChart) span() chartSpan {
	whole := chartSpan{Link: "Vis hele forløbet", Href: c.Path + "?forloeb=alle#progress-heading"}
	switch {
	case len(c.Goals) == 0 && c.Since.IsZero():
		return chartSpan{Text: "Der er ikke givet fremskridt på målene endnu."}
	case len(c.Goals) == 0:
		whole.Text = "Der er ikke givet fremskridt på målene det seneste år."
	case c.Since.IsZero():
		return chartSpan{Text: "Viser hele forløbet.", Link: "Vis kun det seneste år", Href: c.Path + "#progress-heading"}
	default:
		whole.Text = "Viser det seneste år (fra " + domain.FormatDate(c.Since) + ")."
	}
	return whole
}

func (c ProgressChart) description() string {
	return fmt.Sprintf("Fremskridt på %d mål fra %s til %s på en skala fra 1 til %d. Tallene står i tabellen.",
		len(c.Goals), domain.FormatDate(c.From), domain.FormatDate(c.To), c.ScaleMax)
}

// DirectionText words the direction of the latest sessions and whether the
// employment focus is fading (no session "mod arbejdsmarkedet" among them).
func DirectionText(dirs []string) (string, bool) {
	if len(dirs) == 0 {
		return "Ingen samtaler endnu.", false
	}
	counts := map[string]int{}
	for _, d := range dirs {
		counts[d]++
	}
	text := fmt.Sprintf("Seneste %d samtaler: %d mod arbejdsmarkedet, %d uændret, %d væk fra.",
		len(dirs), counts["mod"], counts["uaendret"], counts["vaek"])
	return text, len(dirs) >= 3 && counts["mod"] == 0
}
