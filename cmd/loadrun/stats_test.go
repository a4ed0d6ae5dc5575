package main

import (
	"strings"
	"testing"
	"time"
)

func TestPercentileNearestRank(t *testing.T) {
	ms := func(n ...int) []time.Duration {
		out := make([]time.Duration, len(n))
		for i, v := range n {
			out[i] = time.Duration(v) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 95, 0},
		{"one value is every percentile", ms(7), 50, 7 * time.Millisecond},
		{"one value, p99", ms(7), 99, 7 * time.Millisecond},
		{"median of four is the second", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p95 of 1..100", ms(hundred...), 95, 95 * time.Millisecond},
		{"p99 of 1..100", ms(hundred...), 99, 99 * time.Millisecond},
		{"p100 is the max", ms(hundred...), 100, 100 * time.Millisecond},
		{"p95 of ten is the tenth", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 95, 10 * time.Millisecond},
		{"tiny p is the min", ms(3, 5, 9), 0.1, 3 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("Percentile(%v, %v) = %v, want %v", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
}

func TestSummarySortsAndRates(t *testing.T) {
	r := Result{Page: "/team", Conns: 8, Elapsed: 2 * time.Second, Errors: 2,
		Latencies: []time.Duration{30 * time.Millisecond, 10 * time.Millisecond, 20 * time.Millisecond}}
	s := r.Summary()
	if s.P50 != 20*time.Millisecond || s.P99 != 30*time.Millisecond || s.Max != 30*time.Millisecond {
		t.Errorf("summary = %+v", s)
	}
	if got := r.ReqPerSec(); got != 2.5 {
		t.Errorf("req/s = %v, want 2.5 (five finished in two seconds)", got)
	}
	if r.Latencies[0] != 30*time.Millisecond {
		t.Error("Summary sorted the caller's slice")
	}
}

func TestTables(t *testing.T) {
	results := []Result{
		{Page: "/borgere?q=a|b", Conns: 8, Users: 8, Alone: 1500 * time.Microsecond, Elapsed: time.Second, RSSMaxKB: 81920,
			Latencies: []time.Duration{2 * time.Millisecond, 4 * time.Millisecond}},
		{Page: "/team", Conns: 32, Users: 3, Elapsed: 10 * time.Second, Unfinished: 32},
	}
	var md strings.Builder
	if err := WriteMarkdown(&md, results); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(md.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("markdown has %d lines, want header, rule and two rows:\n%s", len(lines), md.String())
	}
	for _, want := range []string{"| `/borgere?q=a\\|b` | 8 | 8 | 1.50 | 2.0 | 2.00 | 4.00 | 4.00 | 4.00 | 2 | 0 | 0 | 80 |",
		"| `/team` | 32 | 3 | – | 0.0 | – | – | – | – | 0 | 0 | 32 | – |"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks row %q:\n%s", want, md.String())
		}
	}
	if cells := strings.Count(lines[1], "|"); cells != len(tableHeader)+1 {
		t.Errorf("rule has %d bars, want %d", cells, len(tableHeader)+1)
	}
	var txt strings.Builder
	if err := WriteText(&txt, results); err != nil {
		t.Fatal(err)
	}
	tl := strings.Split(strings.TrimRight(txt.String(), "\n"), "\n")
	if len(tl) != 3 || len([]rune(tl[0])) != len([]rune(tl[1])) || len([]rune(tl[1])) != len([]rune(tl[2])) {
		t.Errorf("text table is not aligned:\n%s", txt.String())
	}
}
