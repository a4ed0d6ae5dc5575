package domain

import (
	"sort"
	"time"
)

// Rate is a budget's hourly cost from a day on: the rate in force on a day
// is the latest whose ValidFrom is on or before it. A new rate prices the
// sessions from its day, so a month already reported keeps its price.
type Rate struct {
	BudgetID  int64
	ValidFrom Date
	CostOre   int64 // the hourly cost in øre
	CreatedBy string
	CreatedAt time.Time
}

// HourlyCost is the rate in kroner.
func (r Rate) HourlyCost() float64 { return float64(r.CostOre) / 100 }

// Rates is one budget's rate history, earliest first.
type Rates []Rate

// SortRates orders rs earliest first.
func SortRates(rs Rates) {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].ValidFrom.Before(rs[j].ValidFrom) })
}

// RateFor returns the rate in force on d (rs earliest first); ok is false
// before the first rate.
func (rs Rates) RateFor(d Date) (r Rate, ok bool) {
	for _, x := range rs {
		if x.ValidFrom.After(d) {
			break
		}
		r, ok = x, true
	}
	return r, ok
}

// RateOpening is the day the rate a budget had before rates were dated is
// valid from: before any session.
var RateOpening = MakeDate(2000, 1, 1)

// MaxHourlyCost bounds a typed rate, in kroner.
const MaxHourlyCost = 100000

// RateInput is a new dated rate as typed.
type RateInput struct {
	ValidFrom *Date   // nil: not given or not a date
	Cost      float64 // in kroner
	CostTyped bool    // false: the cost was empty or not a number (its message is already there)
}

// ValidateRate checks a new rate for a budget with the rates existing (its
// history) and the last approved month of the budget's administration
// (nil: none). A rate may not start in or before an approved month: it
// would re-price a month its controller has approved.
func ValidateRate(in RateInput, existing Rates, lastApproved *Date, v Validation) error {
	switch {
	case in.ValidFrom == nil:
		v.Add("valid_from", "Skriv den dag, timeprisen gælder fra, som DD.MM.ÅÅÅÅ.")
	case lastApproved != nil && in.ValidFrom.Before(lastApproved.AddDate(0, 1, 0)):
		v.Add("valid_from", "Måneden "+FormatMonth(*lastApproved)+" er godkendt. En ny timepris kan tidligst gælde fra "+
			FormatDate(lastApproved.AddDate(0, 1, 0))+", så en godkendt måned ikke får en ny pris.")
	case in.ValidFrom.Before(RateOpening):
		v.Add("valid_from", "Timeprisen kan tidligst gælde fra "+FormatDate(RateOpening)+".")
	default:
		for _, r := range existing {
			if r.ValidFrom.Equal(*in.ValidFrom) {
				v.Add("valid_from", "Budgettet har allerede en timepris fra "+FormatDate(r.ValidFrom)+".")
			}
		}
	}
	if in.CostTyped && (in.Cost < 0 || in.Cost > MaxHourlyCost) {
		v.Add("hourly_cost", "Timeprisen skal være mellem 0 og 100.000 kr.")
	}
	return v.Err()
}

// FormatMonth shows a month as 11.2026.
func FormatMonth(d Date) string { return d.Format("01.2006") }

// CostOre is the cost of minutes at rateOre (øre per hour), rounded to
// whole øre, half up. It is the one rounding rule for money: the report and
// the statement price each line — one month, one budget, one person, one
// citizen, one rate — with it, and every total is the sum of the rounded
// lines. A citizen's cost therefore never depends on other citizens' rows,
// and the page, the CSV and the statement always add up.
func CostOre(minutes int, rateOre int64) int64 {
	exact := int64(minutes) * rateOre // in øre × 60
	if exact < 0 {
		return -((-exact + 30) / 60)
	}
	return (exact + 30) / 60
}
