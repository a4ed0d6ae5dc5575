package domain

import (
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Length limits of the free texts, in characters. A field that is not listed
// uses one of the general sizes.
const (
	MaxShortText = 200  // names, codes, a line in a list
	MaxLineText  = 500  // a goal, task or exclusion line
	MaxLongText  = 4000 // notes, descriptions, reasons
	MaxItems     = 50   // lines in a goal, task or exclusion list
)

// UnusableText is the message for text that holds characters that cannot be
// stored or shown.
const UnusableText = "Teksten indeholder tegn, der ikke kan bruges. Fjern dem og prøv igen."

// TextProblem returns a Danish message when s is longer than max characters
// or holds characters that cannot be stored: control characters other than
// tab and line breaks, and U+FFFD. The server turns NUL bytes and invalid
// UTF-8 into U+FFFD when a request arrives (see the server's cleanInput), so
// rejecting U+FFFD here is what gives the user a field message instead of a
// silently stored replacement character.
func TextProblem(s string, max int) string {
	for _, r := range s {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t') {
			return UnusableText
		}
	}
	if n := utf8.RuneCountInString(s); n > max {
		return fmt.Sprintf("Teksten må højst være %d tegn (du har skrevet %d).", max, n)
	}
	return ""
}

// Text adds a message for field when value is too long or holds characters
// that cannot be stored; it reports whether value is fine.
func (v Validation) Text(field, value string, max int) bool {
	if msg := TextProblem(value, max); msg != "" {
		v.Add(field, msg)
		return false
	}
	return true
}

// Items checks a list of lines (goals, tasks, exclusions): at most MaxItems
// lines of at most MaxLineText characters each, all storable.
func (v Validation) Items(field string, items []Item) bool {
	if len(items) > MaxItems {
		v.Add(field, "Skriv højst "+strconv.Itoa(MaxItems)+" linjer.")
		return false
	}
	for _, it := range items {
		if !v.Text(field, it.Text, MaxLineText) {
			return false
		}
	}
	return true
}

// DateWithin adds a message for field unless d lies from earliest to latest,
// both included. A zero d is left to the field's own "required" rule.
func (v Validation) DateWithin(field string, d, earliest, latest Date) bool {
	if d.IsZero() || (!d.Before(earliest) && !d.After(latest)) {
		return true
	}
	v.Add(field, "Datoen skal ligge mellem "+FormatDate(earliest)+" og "+FormatDate(latest)+".")
	return false
}

// Plausible date windows, counted from today. A date outside them is a typo
// (year 1000 or 9999 instead of 2026), not a decision.
const (
	PastYears   = 10 // grants, meetings, sessions: at most this far back
	FutureYears = 2  // a grant or switch planned at most this far ahead
	SpanYears   = 10 // an end, follow-up or review at most this long after the start
)

// EarliestDate and LatestDate are the bounds of the plausible window.
func EarliestDate(today Date) Date { return today.AddDate(-PastYears, 0, 0) }
func LatestDate(today Date) Date   { return today.AddDate(FutureYears, 0, 0) }

// optDateWithin is DateWithin for an optional date.
func (v Validation) optDateWithin(field string, d *Date, earliest, latest Date) {
	if d != nil {
		v.DateWithin(field, *d, earliest, latest)
	}
}

// TextError is Text for a form with one text field: nil, or an EINVALID
// error with the field's message.
func TextError(field, value string, max int) error {
	v := Validation{}
	v.Text(field, value, max)
	return v.Err()
}
