package domain

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day (midnight UTC), free of time-zone drift; days are
// entered and shown in Copenhagen time.
type Date = time.Time

// MakeDate returns the calendar day y-m-d.
func MakeDate(y int, m time.Month, d int) Date { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// DateOf returns the Copenhagen calendar day of t.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Copenhagen).Date()
	return MakeDate(y, m, d)
}

// AddMonthsClamped returns the same day of the month n months later, or that
// month's last day when the day does not exist there: 31.01 + 1 → 28.02
// (29.02 in leap years), 30.11 + 1 → 30.12. Go's AddDate would normalise
// 31 January + 1 month to 3 March.
func AddMonthsClamped(d Date, n int) Date {
	y, m, day := d.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if day > last {
		day = last
	}
	return time.Date(first.Year(), first.Month(), day, 0, 0, 0, 0, time.UTC)
}

// MaxEnd is the last day a period of maxMonths starting on start may run:
// the same day maxMonths later, clamped to the month's end.
func MaxEnd(start Date, maxMonths int) Date { return AddMonthsClamped(start, maxMonths) }

// ParseHours reads hours per week typed as "7,5", "7.5" or "7": a positive
// number of quarter hours from 0.25 to 40.
func ParseHours(s string) (float64, string) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	if s == "" {
		return 0, "Skriv antal timer pr. uge, fx 2,5."
	}
	h, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(h) || math.IsInf(h, 0) {
		return 0, "Skriv timer som et tal, fx 2,5 eller 3,75."
	}
	return h, HoursProblem(h)
}

// HoursProblem returns a Danish message unless h is 0.25–40 in quarter hours.
func HoursProblem(h float64) string {
	if math.IsNaN(h) || h < 0.25 || h > 40 {
		return "Timer pr. uge skal være mellem 0,25 og 40."
	}
	if q := h * 4; math.Abs(q-math.Round(q)) > 1e-9 {
		return "Skriv hele eller kvarte timer, fx 2, 2,25, 2,5 eller 2,75."
	}
	return ""
}

// FormatHours shows hours the Danish way: 7,5 – 2,25 – 3.
func FormatHours(h float64) string {
	s := strconv.FormatFloat(h, 'f', -1, 64)
	return strings.ReplaceAll(s, ".", ",")
}

// FormatKr shows an amount as 1.234,50 kr.
func FormatKr(v float64) string {
	neg := v < 0
	if neg {
		v = -v
	}
	cents := int64(math.Round(v * 100))
	whole, frac := cents/100, cents%100
	ws := strconv.FormatInt(whole, 10)
	var b strings.Builder
	for i, r := range ws {
		if i > 0 && (len(ws)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	out := fmt.Sprintf("%s,%02d kr.", b.String(), frac)
	if neg {
		out = "-" + out
	}
	return out
}
