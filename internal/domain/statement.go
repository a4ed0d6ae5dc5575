package domain

import (
	"sort"
	"strings"
	"time"
)

// A month's statement (Månedsopgørelse): the hours and cost booked to one
// administration's budgets in one month, per person (mentor or
// støttekontaktperson) and citizen, which the administration's controller
// approves. Once approved, the approved figures stay; a later change to the
// month (a session added, changed or deleted, or a rate) shows as a
// correction beside them, never as a silent change.

// StatementRow is one person's time with one citizen in the month.
type StatementRow struct {
	PersonID    int64
	Person      string
	CitizenID   int64
	CitizenName string
	BudgetAmount
}

// StatementApproval is who approved the month, when, and what they saw.
type StatementApproval struct {
	ApprovedByID int64
	ApprovedBy   string // display name
	ApprovedAt   time.Time
	Total        BudgetAmount
	Rows         []StatementRow
}

// Statement is one administration's month.
type Statement struct {
	Administration Administration
	Month          Date // first day
	Rows           []StatementRow
	Total          BudgetAmount
	Approval       *StatementApproval // nil: not approved
}

// StatementCorrection is a row whose current figures differ from the
// approved: "Rettelse efter godkendelse".
type StatementCorrection struct {
	PersonID    int64
	Person      string
	CitizenID   int64
	CitizenName string
	Approved    BudgetAmount
	Current     BudgetAmount
	Difference  BudgetAmount // current minus approved
}

// StatementRows sums priced lines into one row per person and citizen,
// ordered by person and citizen name. Costs are sums of the lines' rounded
// costs (see CostOre).
func StatementRows(lines []BudgetLine) ([]StatementRow, BudgetAmount) {
	type key struct{ person, citizen int64 }
	at := map[key]int{}
	var rows []StatementRow
	var total BudgetAmount
	for _, l := range lines {
		k := key{l.MentorID, l.CitizenID}
		i, ok := at[k]
		if !ok {
			i = len(rows)
			at[k] = i
			rows = append(rows, StatementRow{PersonID: l.MentorID, Person: l.Mentor, CitizenID: l.CitizenID, CitizenName: l.CitizenName})
		}
		a := BudgetAmount{Minutes: l.Minutes, CostOre: l.CostOre}
		rows[i].Add(a)
		total.Add(a)
	}
	SortStatementRows(rows)
	return rows, total
}

// SortStatementRows orders rows by person, then citizen name, then ids.
func SortStatementRows(rows []StatementRow) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if pa, pb := strings.ToLower(a.Person), strings.ToLower(b.Person); pa != pb {
			return pa < pb
		}
		if a.PersonID != b.PersonID {
			return a.PersonID < b.PersonID
		}
		if ca, cb := strings.ToLower(a.CitizenName), strings.ToLower(b.CitizenName); ca != cb {
			return ca < cb
		}
		return a.CitizenID < b.CitizenID
	})
}

// Corrections compares the current rows with the approved ones: every
// person and citizen whose minutes or cost changed after approval (also
// rows that appeared or went), in the order of SortStatementRows. None
// when the month is not approved.
func (s Statement) Corrections() []StatementCorrection {
	if s.Approval == nil {
		return nil
	}
	type key struct{ person, citizen int64 }
	byKey := map[key]*StatementCorrection{}
	var order []key
	get := func(r StatementRow) *StatementCorrection {
		k := key{r.PersonID, r.CitizenID}
		c, ok := byKey[k]
		if !ok {
			c = &StatementCorrection{PersonID: r.PersonID, Person: r.Person, CitizenID: r.CitizenID, CitizenName: r.CitizenName}
			byKey[k] = c
			order = append(order, k)
		}
		if c.Person == "" {
			c.Person = r.Person
		}
		if c.CitizenName == "" {
			c.CitizenName = r.CitizenName
		}
		return c
	}
	for _, r := range s.Approval.Rows {
		get(r).Approved.Add(r.BudgetAmount)
	}
	for _, r := range s.Rows {
		get(r).Current.Add(r.BudgetAmount)
	}
	var out []StatementCorrection
	for _, k := range order {
		c := byKey[k]
		c.Difference = BudgetAmount{Minutes: c.Current.Minutes - c.Approved.Minutes, CostOre: c.Current.CostOre - c.Approved.CostOre}
		if c.Difference != (BudgetAmount{}) {
			out = append(out, *c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if pa, pb := strings.ToLower(a.Person), strings.ToLower(b.Person); pa != pb {
			return pa < pb
		}
		if ca, cb := strings.ToLower(a.CitizenName), strings.ToLower(b.CitizenName); ca != cb {
			return ca < cb
		}
		return a.PersonID < b.PersonID || (a.PersonID == b.PersonID && a.CitizenID < b.CitizenID)
	})
	return out
}

// CorrectionTotal is the current total minus the approved (zero when not
// approved).
func (s Statement) CorrectionTotal() BudgetAmount {
	if s.Approval == nil {
		return BudgetAmount{}
	}
	return BudgetAmount{Minutes: s.Total.Minutes - s.Approval.Total.Minutes, CostOre: s.Total.CostOre - s.Approval.Total.CostOre}
}

// Status is the statement's status in Danish.
func (s Statement) Status() string {
	if s.Approval == nil {
		return "Ikke godkendt"
	}
	return "Godkendt af " + s.Approval.ApprovedBy + " den " + FormatDateTime(s.Approval.ApprovedAt)
}

// ApprovalProblem says why a user with roles cannot approve the month of
// adm today: only the administration's controller role approves, and only
// a month that has ended. nil when they can.
func ApprovalProblem(adm Administration, roles Roles, month, today Date) error {
	if adm.ControllerRole == "" || !roles.Has(adm.ControllerRole) {
		return Errorf(EFORBIDDEN, "Kun en %s kan godkende %ss månedsopgørelse.", strings.ToLower(adm.ControllerRole.Label()), adm.Name)
	}
	if !month.Before(MakeDate(today.Year(), today.Month(), 1)) {
		return Errorf(EINVALID, "Måneden %s er ikke slut endnu og kan ikke godkendes.", FormatMonth(month))
	}
	return nil
}
