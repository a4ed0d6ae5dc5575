package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
)

// Result is one page at one number of connections.
type Result struct {
	Page       string
	Conns      int
	Users      int           // distinct users the connections signed in as
	Alone      time.Duration // one request with nothing else running (0: not measured)
	Elapsed    time.Duration // wall time of the run
	Latencies  []time.Duration
	Errors     int // wrong status or transport error
	Unfinished int // requests cut off when the run's time was up
	RSSMaxKB   int64
	FirstError string
}

// OK is the number of requests that finished with the expected status.
func (r Result) OK() int { return len(r.Latencies) }

// ReqPerSec counts finished requests, errors included, per second of the run.
func (r Result) ReqPerSec() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(len(r.Latencies)+r.Errors) / r.Elapsed.Seconds()
}

// Percentile returns the nearest-rank percentile p (0 < p <= 100) of
// sorted latencies: the smallest value with at least p % of the values at
// or below it. An empty slice gives 0.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// Summary is a Result reduced to the figures the table shows.
type Summary struct {
	P50, P95, P99, Max time.Duration
}

func (r Result) Summary() Summary {
	s := slices.Clone(r.Latencies)
	slices.Sort(s)
	if len(s) == 0 {
		return Summary{}
	}
	return Summary{P50: Percentile(s, 50), P95: Percentile(s, 95), P99: Percentile(s, 99), Max: s[len(s)-1]}
}

// ms formats a duration as milliseconds, "–" when nothing was measured.
func ms(d time.Duration, measured bool) string {
	if !measured {
		return "–"
	}
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

func mb(kb int64) string {
	if kb <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f", float64(kb)/1024)
}

var tableHeader = []string{"page", "conns", "users", "alone ms", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms",
	"ok", "errors", "unfinished", "RSS max MB"}

// rows turns results into table cells, one row per result.
func rows(results []Result) [][]string {
	out := make([][]string, 0, len(results))
	for _, r := range results {
		s := r.Summary()
		n := r.OK() > 0
		out = append(out, []string{r.Page, fmt.Sprint(r.Conns), fmt.Sprint(r.Users), ms(r.Alone, r.Alone > 0),
			fmt.Sprintf("%.1f", r.ReqPerSec()), ms(s.P50, n), ms(s.P95, n), ms(s.P99, n), ms(s.Max, n),
			fmt.Sprint(r.OK()), fmt.Sprint(r.Errors), fmt.Sprint(r.Unfinished), mb(r.RSSMaxKB)})
	}
	return out
}

// WriteText writes results as an aligned plain-text table.
func WriteText(w io.Writer, results []Result) error {
	all := append([][]string{tableHeader}, rows(results)...)
	width := make([]int, len(tableHeader))
	for _, row := range all {
		for i, c := range row {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	var b strings.Builder
	for _, row := range all {
		for i, c := range row {
			pad := width[i] - len([]rune(c))
			if i == 0 {
				b.WriteString(c + strings.Repeat(" ", pad))
			} else {
				b.WriteString("  " + strings.Repeat(" ", pad) + c)
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown writes results as a Markdown table, numbers right-aligned.
func WriteMarkdown(w io.Writer, results []Result) error {
	var b strings.Builder
	b.WriteString("| " + strings.Join(tableHeader, " | ") + " |\n|---")
	b.WriteString(strings.Repeat("|---:", len(tableHeader)-1) + "|\n")
	for _, row := range rows(results) {
		row[0] = "`" + strings.ReplaceAll(row[0], "|", `\|`) + "`"
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
