package domain

import (
	"sort"
	"strings"
)

// The budget report's splits.
const (
	BudgetByMentor  = "mentor"
	BudgetByCitizen = "borger"
)

// BudgetLine is the time delivered in one month on one budget by one mentor
// (the session's author: who delivered it, even if the grant has since moved
// to someone else) to one citizen at one rate (a month in which the
// budget's rate changes has a line per rate). It is the CSV's row and the unit every
// figure on the budget page is summed from, so the page and the export
// always agree.
type BudgetLine struct {
	Month       Date // first day of the month
	BudgetID    int64
	Budget      string
	RateOre     int64 // the hourly cost in øre in force on the line's sessions' days
	MentorID    int64
	Mentor      string
	CitizenID   int64
	CitizenName string // for the page only; the CSV leaves names out
	Minutes     int
	CostOre     int64 // CostOre(Minutes, RateOre): rounded to whole øre per line
}

// BudgetAmount is delivered time and its cost.
type BudgetAmount struct {
	Minutes int
	CostOre int64
}

func (a *BudgetAmount) Add(b BudgetAmount) {
	a.Minutes += b.Minutes
	a.CostOre += b.CostOre
}

// BudgetRow is one row of the report: a month, or a mentor or citizen.
// PerBudget lines up with BudgetReport.Budgets.
type BudgetRow struct {
	Month     Date  // month rows
	ID        int64 // the mentor's or citizen's id (split rows)
	Name      string
	PerBudget []BudgetAmount
	Total     BudgetAmount
}

// BudgetReport is the team lead's budget page for whole months From–To.
type BudgetReport struct {
	From, To Date   // first days of the first and the last month
	By       string // BudgetByMentor or BudgetByCitizen
	Budgets  []Budget
	Months   []BudgetRow // every month of the period, also those without sessions
	Split    []BudgetRow // per mentor or per citizen, by name
	Total    BudgetRow
	Lines    []BudgetLine
}

// DeliveryDays is the follow-up window: the 28 whole days ending yesterday.
// Today is left out because today's sessions are usually not logged yet;
// counting it would make every grant look behind in the morning.
const DeliveryDays = 28

// DeliveryWindow returns the first and last day of the follow-up window
// for today.
func DeliveryWindow(today Date) (from, to Date) {
	return today.AddDate(0, 0, -DeliveryDays), today.AddDate(0, 0, -1)
}

// GrantDeliveryRow is one active grant's granted hours against the hours
// delivered on it in the follow-up window.
type GrantDeliveryRow struct {
	GrantID          int64
	CitizenID        int64
	CitizenName      string
	Function         Function
	PersonID         int64
	PersonName       string
	Budget           string
	HoursPerWeek     float64
	Start            Date
	End              *Date // ended_on, else end_date
	Days             int   // days of the window the grant has run: 28 unless it started inside it
	DeliveredMinutes int
	ThresholdPercent int // the setting flag_underdelivery_percent
}

// ExpectedHours is the granted time in the window: hours per week × 4, or
// in proportion for a grant that started inside the window.
func (r GrantDeliveryRow) ExpectedHours() float64 { return r.HoursPerWeek * float64(r.Days) / 7 }

// DeliveredHours is the delivered time in the window.
func (r GrantDeliveryRow) DeliveredHours() float64 { return float64(r.DeliveredMinutes) / 60 }

// Percent is delivered as a percentage of expected; ok is false for a grant
// that starts today (nothing was expected yet).
func (r GrantDeliveryRow) Percent() (pct float64, ok bool) {
	exp := r.ExpectedHours()
	if exp <= 0 {
		return 0, false
	}
	return 100 * r.DeliveredHours() / exp, true
}

// Under reports whether delivery is below the threshold: the follow-up
// that audits of mentor support find missing.
func (r GrantDeliveryRow) Under() bool {
	pct, ok := r.Percent()
	return ok && pct < float64(r.ThresholdPercent)
}

// NewBudgetReport sums the lines of whole months from–to into the report:
// every month (also those without sessions), the split per mentor or per
// citizen (by) sorted by name, and the total, each per budget. Every figure
// is a sum of lines, so the page and the CSV always agree.
func NewBudgetReport(from, to Date, by string, budgets []Budget, lines []BudgetLine) BudgetReport {
	rep := BudgetReport{From: from, To: to, By: by, Budgets: budgets, Lines: lines}
	col := make(map[int64]int, len(rep.Budgets))
	for i, b := range rep.Budgets {
		col[b.ID] = i
	}
	newRow := func() BudgetRow {
		return BudgetRow{PerBudget: make([]BudgetAmount, len(rep.Budgets))}
	}
	month := map[Date]int{}
	for m := from; !m.After(to); m = m.AddDate(0, 1, 0) {
		month[m] = len(rep.Months)
		r := newRow()
		r.Month = m
		rep.Months = append(rep.Months, r)
	}
	split := map[int64]int{}
	rep.Total = newRow()
	for _, l := range rep.Lines {
		a, i := BudgetAmount{Minutes: l.Minutes, CostOre: l.CostOre}, col[l.BudgetID]
		id, name := l.MentorID, l.Mentor
		if rep.By == BudgetByCitizen {
			id, name = l.CitizenID, l.CitizenName
		}
		k, ok := split[id]
		if !ok {
			k = len(rep.Split)
			split[id] = k
			r := newRow()
			r.ID, r.Name = id, name
			rep.Split = append(rep.Split, r)
		}
		for _, r := range []*BudgetRow{&rep.Months[month[l.Month]], &rep.Split[k], &rep.Total} {
			r.PerBudget[i].Add(a)
			r.Total.Add(a)
		}
	}
	sort.SliceStable(rep.Split, func(i, j int) bool {
		a, b := strings.ToLower(rep.Split[i].Name), strings.ToLower(rep.Split[j].Name)
		return a < b || (a == b && rep.Split[i].ID < rep.Split[j].ID)
	})
	return rep
}
