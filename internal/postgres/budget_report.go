package postgres

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// The budget report: delivered hours and their cost per budget per month,
// split per mentor or per citizen, and the delivery follow-up per active
// grant. Cost is delivered minutes / 60 × the budget's hourly cost;
// discarded sessions never count and transport is never in the minutes.

// The budget report's splits.
const (
	BudgetByMentor  = "mentor"
	BudgetByCitizen = "borger"
)

// BudgetLine is the time delivered in one month on one budget by one mentor
// (the session's author: who delivered it, even if the grant has since moved
// to someone else) to one citizen. It is the CSV's row and the unit every
// figure on the budget page is summed from, so the page and the export
// always agree.
type BudgetLine struct {
	Month       domain.Date // first day of the month
	BudgetID    int64
	Budget      string
	RateOre     int64 // the budget's hourly cost in øre (its current rate)
	MentorID    int64
	Mentor      string
	CitizenID   int64
	CitizenName string // for the page only; the CSV leaves names out
	Minutes     int
	CostOre     int64 // rounded to whole øre, see roundLines
}

// BudgetAmount is delivered time and its cost.
type BudgetAmount struct {
	Minutes int
	CostOre int64
}

func (a *BudgetAmount) add(b BudgetAmount) {
	a.Minutes += b.Minutes
	a.CostOre += b.CostOre
}

// BudgetRow is one row of the report: a month, or a mentor or citizen.
// PerBudget lines up with BudgetReport.Budgets.
type BudgetRow struct {
	Month     domain.Date // month rows
	ID        int64       // the mentor's or citizen's id (split rows)
	Name      string
	PerBudget []BudgetAmount
	Total     BudgetAmount
}

// BudgetReport is the team lead's budget page for whole months From–To.
type BudgetReport struct {
	From, To domain.Date // first days of the first and the last month
	By       string      // BudgetByMentor or BudgetByCitizen
	Budgets  []domain.Budget
	Months   []BudgetRow // every month of the period, also those without sessions
	Split    []BudgetRow // per mentor or per citizen, by name
	Total    BudgetRow
	Lines    []BudgetLine
}

// BudgetReport returns hours and cost per budget per month for the whole
// months from–to (any day in a month selects it), split per mentor or per
// citizen (by). Two queries: the budgets and the lines.
func (db *DB) BudgetReport(ctx context.Context, from, to domain.Date, by string) (BudgetReport, error) {
	from, to = firstOfMonth(from), firstOfMonth(to)
	rep := BudgetReport{From: from, To: to, By: by}
	if by != BudgetByCitizen {
		rep.By = BudgetByMentor
	}
	rows, err := db.Pool.Query(ctx, `SELECT id, name, hourly_cost::float8 FROM budgets ORDER BY name, id`)
	if err != nil {
		return rep, fmt.Errorf("budget report budgets: %w", err)
	}
	rep.Budgets, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Budget, error) {
		var b domain.Budget
		return b, r.Scan(&b.ID, &b.Name, &b.HourlyCost)
	})
	if err != nil {
		return rep, fmt.Errorf("budget report budgets: %w", err)
	}
	if rep.Lines, err = db.BudgetLines(ctx, from, to); err != nil {
		return rep, err
	}
	col := make(map[int64]int, len(rep.Budgets))
	for i, b := range rep.Budgets {
		col[b.ID] = i
	}
	newRow := func() BudgetRow { return BudgetRow{PerBudget: make([]BudgetAmount, len(rep.Budgets))} }
	month := map[domain.Date]int{}
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
			r.PerBudget[i].add(a)
			r.Total.add(a)
		}
	}
	sort.SliceStable(rep.Split, func(i, j int) bool {
		a, b := strings.ToLower(rep.Split[i].Name), strings.ToLower(rep.Split[j].Name)
		return a < b || (a == b && rep.Split[i].ID < rep.Split[j].ID)
	})
	return rep, nil
}

// BudgetLines returns one line per month × budget × mentor × citizen with
// delivered time in the whole months from–to, ordered by month, budget,
// mentor and citizen: the CSV export. One query; the lines are rounded to
// the øre together (roundLines needs a whole budget at once), so they are
// returned as a slice rather than streamed — at most one line per citizen
// and mentor per month.
func (db *DB) BudgetLines(ctx context.Context, from, to domain.Date) ([]BudgetLine, error) {
	from, to = firstOfMonth(from), firstOfMonth(to)
	rows, err := db.Pool.Query(ctx, `
		SELECT date_trunc('month', s.occurred_on)::date, b.id, b.name, (b.hourly_cost * 100)::bigint,
		       s.author_id, u.display_name, s.citizen_id, c.name, sum(s.minutes)::int
		FROM mentor_sessions s
		JOIN grants g ON g.id = s.grant_id
		JOIN budgets b ON b.id = g.budget_id
		JOIN users u ON u.id = s.author_id
		JOIN citizens c ON c.id = s.citizen_id
		WHERE s.discarded_at IS NULL AND s.occurred_on >= $1 AND s.occurred_on < $2
		GROUP BY 1, b.id, s.author_id, u.display_name, s.citizen_id, c.name
		ORDER BY 1, b.name, b.id, u.display_name, s.author_id, s.citizen_id`, from, to.AddDate(0, 1, 0))
	if err != nil {
		return nil, fmt.Errorf("budget lines: %w", err)
	}
	lines, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (BudgetLine, error) {
		var l BudgetLine
		return l, r.Scan(&l.Month, &l.BudgetID, &l.Budget, &l.RateOre, &l.MentorID, &l.Mentor, &l.CitizenID,
			&l.CitizenName, &l.Minutes)
	})
	if err != nil {
		return nil, fmt.Errorf("budget lines: %w", err)
	}
	roundLines(lines)
	return lines, nil
}

func firstOfMonth(d domain.Date) domain.Date { return domain.MakeDate(d.Year(), d.Month(), 1) }

// roundLines sets each line's cost in whole øre. The exact cost, minutes ×
// rate in øre / 60, is rarely a whole øre (25 minutes at 425 kr. is
// 177,0833 kr.), and rounding every line on its own lets the totals drift
// from the exact amount. So the rounding is controlled top-down: a budget's
// total is its exact cost rounded to the øre; its months share that total,
// and each month's lines share the month's, by the largest remainder. Every
// figure is then within an øre of its exact value and is the sum of the
// figures below it, on the page and in the CSV alike.
func roundLines(lines []BudgetLine) {
	type group struct {
		key   domain.Date
		lines []int
	}
	byBudget := map[int64][]*group{}
	var budgets []int64
	for i, l := range lines {
		months, ok := byBudget[l.BudgetID]
		if !ok {
			budgets = append(budgets, l.BudgetID)
		}
		if len(months) == 0 || !months[len(months)-1].key.Equal(l.Month) {
			months = append(months, &group{key: l.Month})
		}
		g := months[len(months)-1]
		g.lines = append(g.lines, i)
		byBudget[l.BudgetID] = months
	}
	exact := func(i int) int64 { return int64(lines[i].Minutes) * lines[i].RateOre } // sixtieths of an øre
	for _, b := range budgets {
		months := byBudget[b]
		monthExact := make([]int64, len(months))
		var total int64
		for k, g := range months {
			for _, i := range g.lines {
				monthExact[k] += exact(i)
			}
			total += monthExact[k]
		}
		monthOre := apportion(monthExact, (total+30)/60)
		for k, g := range months {
			lineExact := make([]int64, len(g.lines))
			for j, i := range g.lines {
				lineExact[j] = exact(i)
			}
			for j, ore := range apportion(lineExact, monthOre[k]) {
				lines[g.lines[j]].CostOre = ore
			}
		}
	}
}

// apportion turns exact amounts in sixtieths of an øre into whole øre that
// add up to target (within the amounts' floors and ceilings): each amount is
// rounded down, and the øre left over go one each to the largest
// remainders, the earliest first on a tie.
func apportion(exact []int64, target int64) []int64 {
	out := make([]int64, len(exact))
	order := make([]int, len(exact))
	left := target
	for i, e := range exact {
		out[i] = e / 60
		left -= out[i]
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return exact[order[a]]%60 > exact[order[b]]%60 })
	for k := 0; left > 0 && k < len(order); k++ {
		out[order[k]]++
		left--
	}
	return out
}

// DeliveryDays is the follow-up window: the 28 whole days ending yesterday.
// Today is left out because today's sessions are usually not logged yet;
// counting it would make every grant look behind in the morning.
const DeliveryDays = 28

// DeliveryWindow returns the first and last day of the follow-up window
// for today.
func DeliveryWindow(today domain.Date) (from, to domain.Date) {
	return today.AddDate(0, 0, -DeliveryDays), today.AddDate(0, 0, -1)
}

// GrantDeliveryRow is one active grant's granted hours against the hours
// delivered on it in the follow-up window.
type GrantDeliveryRow struct {
	GrantID          int64
	CitizenID        int64
	CitizenName      string
	Function         domain.Function
	PersonID         int64
	PersonName       string
	Budget           string
	HoursPerWeek     float64
	Start            domain.Date
	End              *domain.Date // ended_on, else end_date
	Days             int          // days of the window the grant has run: 28 unless it started inside it
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

// GrantDelivery returns every active grant (granted, its period covering
// today) with the minutes delivered on it in DeliveryWindow(today), lowest
// delivery first. One query, plus the threshold setting.
func (db *DB) GrantDelivery(ctx context.Context, today domain.Date) ([]GrantDeliveryRow, error) {
	threshold := db.intSetting(ctx, "flag_underdelivery_percent", 50, 1, 100)
	from, to := DeliveryWindow(today)
	rows, err := db.Pool.Query(ctx, `
		SELECT g.id, g.citizen_id, c.name, g.function, g.person_id, p.display_name, b.name, g.hours_per_week::float8,
		       g.start_date, COALESCE(g.ended_on, g.end_date),
		       GREATEST(0, $2::date - GREATEST($1::date, g.start_date) + 1),
		       COALESCE(sum(s.minutes), 0)::int
		FROM grants g
		JOIN citizens c ON c.id = g.citizen_id
		JOIN users p ON p.id = g.person_id
		JOIN budgets b ON b.id = g.budget_id
		LEFT JOIN mentor_sessions s ON s.grant_id = g.id AND s.discarded_at IS NULL
		     AND s.occurred_on BETWEEN $1 AND $2
		WHERE g.status = 'bevilget' AND g.start_date <= $3
		  AND (COALESCE(g.ended_on, g.end_date) IS NULL OR COALESCE(g.ended_on, g.end_date) >= $3)
		GROUP BY g.id, c.name, p.display_name, b.name
		ORDER BY COALESCE(sum(s.minutes), 0)::float8 / 60
		         / NULLIF(g.hours_per_week * GREATEST(0, $2::date - GREATEST($1::date, g.start_date) + 1) / 7, 0)
		         NULLS LAST, c.name, g.id`, from, to, today)
	if err != nil {
		return nil, fmt.Errorf("grant delivery: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (GrantDeliveryRow, error) {
		var d GrantDeliveryRow
		var fn string
		err := r.Scan(&d.GrantID, &d.CitizenID, &d.CitizenName, &fn, &d.PersonID, &d.PersonName, &d.Budget,
			&d.HoursPerWeek, &d.Start, &d.End, &d.Days, &d.DeliveredMinutes)
		d.Function, d.ThresholdPercent = domain.Function(fn), threshold
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("grant delivery: %w", err)
	}
	return out, nil
}
