package server

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// csvExport writes a CSV download that opens correctly in Danish Excel
// (semicolons, CRLF, a byte-order mark) and cannot smuggle a formula into
// the spreadsheet: every row is written through Row, whose cells are either
// text, which is guarded, or numbers made by this file from Go numbers.
type csvExport struct{ w *csv.Writer }

// csvCell is one cell: text (from the database or a user) or a number.
type csvCell struct {
	value  string
	number bool
}

// startCSV sets the download headers and writes the byte-order mark.
func startCSV(w http.ResponseWriter, filename string) (*csvExport, error) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	if _, err := w.Write([]byte("\uFEFF")); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	return &csvExport{w: cw}, nil
}

// Header writes the column names.
func (e *csvExport) Header(names ...string) error {
	cells := make([]csvCell, len(names))
	for i, n := range names {
		cells[i] = csvText(n)
	}
	return e.Row(cells...)
}

// Row writes one row.
func (e *csvExport) Row(cells ...csvCell) error {
	rec := make([]string, len(cells))
	for i, c := range cells {
		rec[i] = c.value
		if !c.number {
			rec[i] = guardFormula(c.value)
		}
	}
	return e.w.Write(rec)
}

// Close flushes the rows and reports any write error.
func (e *csvExport) Close() error {
	e.w.Flush()
	return e.w.Error()
}

// guardFormula keeps a text from being read as a formula by a spreadsheet
// (CSV injection): a text starting with = + - @, a tab or a carriage return
// gets a leading apostrophe, which Excel and LibreOffice show as text.
func guardFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// csvText is a text cell: guarded.
func csvText(s string) csvCell { return csvCell{value: s} }

// Number cells are built only from Go numbers, so no text can pass the guard
// as a "number"; a negative amount stays a number the spreadsheet can sum.

// csvInt is a whole number: 42.
func csvInt(n int64) csvCell { return csvCell{value: strconv.FormatInt(n, 10), number: true} }

// csvHours is minutes as hours with two decimals and a decimal comma: 1,25.
func csvHours(minutes int) csvCell {
	return csvCell{value: strings.Replace(strconv.FormatFloat(float64(minutes)/60, 'f', 2, 64), ".", ",", 1), number: true}
}

// csvOre is an amount in øre as kroner with a decimal comma: -1234,50.
func csvOre(ore int64) csvCell {
	sign := ""
	if ore < 0 {
		sign, ore = "-", -ore
	}
	return csvCell{value: fmt.Sprintf("%s%d,%02d", sign, ore/100, ore%100), number: true}
}
