package domain

import (
	"time"
	_ "time/tzdata" // the zone database travels with the binary
)

// Copenhagen is the time zone every date and time is shown in.
var Copenhagen = mustLoad("Europe/Copenhagen")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// FormatDate shows t as 24.11.2026 in Copenhagen time; the zero time is "".
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Copenhagen).Format("02.01.2006")
}

// FormatTime shows t as 14:30 in Copenhagen time.
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Copenhagen).Format("15:04")
}

// FormatDateTime shows t as 24.11.2026 14:30.
func FormatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Copenhagen).Format("02.01.2006 15:04")
}

// ParseDate reads a date typed as 24.11.2026 or sent by a date input as
// 2026-11-24, as midnight in Copenhagen.
func ParseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "02.01.2006", "2.1.2006"} {
		if t, err := time.ParseInLocation(layout, s, Copenhagen); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
