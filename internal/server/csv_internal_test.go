package server

import (
	"bytes"
	"net/http/httptest"
	"testing"
)

func TestGuardFormula(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "",
		"Mentorteam Nord":      "Mentorteam Nord",
		"=HYPERLINK(\"x\")":    "'=HYPERLINK(\"x\")",
		"+45 12345678":         "'+45 12345678",
		"-12,50":               "'-12,50",
		"@SUM(A1)":             "'@SUM(A1)",
		"\t=1":                 "'\t=1",
		"\r=1":                 "'\r=1",
		"a=b":                  "a=b",
		"2026-03-01 12:00":     "2026-03-01 12:00",
		"'allerede citeret":    "'allerede citeret",
		" =1 (space is inert)": " =1 (space is inert)",
	} {
		if got := guardFormula(in); got != want {
			t.Errorf("guardFormula(%q) = %q, want %q", in, got, want)
		}
	}
}

// Text cells are guarded; number cells, made only from Go numbers, stay
// numbers a spreadsheet can sum — a negative amount too.
func TestCSVExportGuardsTextNotNumbers(t *testing.T) {
	rec := httptest.NewRecorder()
	out, err := startCSV(rec, "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := out.Header("=Navn", "Beløb"); err != nil {
		t.Fatal(err)
	}
	if err := out.Row(csvText("-1+1"), csvOre(-1250), csvInt(-3), csvHours(75)); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFF'=Navn;Beløb\r\n'-1+1;-12,50;-3;1,25\r\n"
	if got := rec.Body.String(); got != want {
		t.Fatalf("CSV %q, want %q", got, want)
	}
	if rec.Header().Get("Content-Type") != "text/csv; charset=utf-8" ||
		!bytes.Contains([]byte(rec.Header().Get("Content-Disposition")), []byte(`filename="x.csv"`)) {
		t.Fatalf("headers %v", rec.Header())
	}
}
