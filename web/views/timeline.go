package views

import (
	"fmt"

	"mentorspor/internal/domain"
)

// TimelineBar is one phase drawn on the timeline.
type TimelineBar struct {
	X, W  string
	Color string
	Phase domain.Phase
}

var phaseColors = map[domain.PhaseKind]string{
	domain.PhaseMentor:   "#1f5fa8",
	domain.PhaseSupport:  "#2b7a3d",
	domain.PhaseParallel: "#6b3fa0",
	domain.PhaseNone:     "#bdbdbd",
}

// Timeline lays the phases out over 640 units from the first phase's start
// to today or the last end, whichever is later.
func Timeline(phases []domain.Phase, today domain.Date) []TimelineBar {
	if len(phases) == 0 {
		return nil
	}
	from := phases[0].From
	to := today
	for _, p := range phases {
		if p.To != nil && p.To.After(to) {
			to = *p.To
		}
		// An open-ended phase is drawn at least 30 days long.
		if p.To == nil && p.From.AddDate(0, 0, 30).After(to) {
			to = p.From.AddDate(0, 0, 30)
		}
	}
	span := to.Sub(from).Hours()/24 + 1
	var out []TimelineBar
	for _, p := range phases {
		end := to
		if p.To != nil {
			end = *p.To
		}
		x := 640 * (p.From.Sub(from).Hours() / 24) / span
		w := 640 * (end.Sub(p.From).Hours()/24 + 1) / span
		out = append(out, TimelineBar{X: fmt.Sprintf("%.1f", x), W: fmt.Sprintf("%.1f", max(w, 2)), Color: phaseColors[p.Kind], Phase: p})
	}
	return out
}

func phasePeriod(p domain.Phase) string {
	if p.To == nil {
		return domain.FormatDate(p.From) + " –"
	}
	return domain.FormatDate(p.From) + " – " + domain.FormatDate(*p.To)
}

func monthLabel(d domain.Date) string {
	months := []string{"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"}
	return months[d.Month()-1] + " " + fmt.Sprint(d.Year())
}
