package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// The month's statement (Månedsopgørelse) of one administration: its
// budgets' priced lines for one month (budgetLines, scoped to the month and
// the administration's budgets through session_months' month index), and
// the approval with the figures approved.

// statementLines scopes budgetLines to the budgets of one administration ($4).
var statementLines = strings.Replace(budgetLines, "/*team*/",
	"AND m.budget_id IN (SELECT b.id FROM budgets b WHERE b.administration = $4)", 1)

// FindStatement returns the statement of administration adm for the month
// (any day in it), with the approval if there is one.
func (db *DB) FindStatement(ctx context.Context, adm string, month domain.Date) (domain.Statement, error) {
	var st domain.Statement
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		st, err = loadStatement(ctx, tx, adm, firstOfMonth(month), false)
		return err
	})
	return st, err
}

// loadStatement reads the administration (locked for update when lock),
// the month's rows and the approval.
func loadStatement(ctx context.Context, tx pgx.Tx, adm string, month domain.Date, lock bool) (domain.Statement, error) {
	st := domain.Statement{Month: month}
	a := &st.Administration
	var grant, ctrl string
	q := `SELECT code, name, letter_sender, complaint_text, granting_role, controller_role FROM administrations WHERE code = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	err := tx.QueryRow(ctx, q, adm).Scan(&a.Code, &a.Name, &a.LetterSender, &a.ComplaintText, &grant, &ctrl)
	if errors.Is(err, pgx.ErrNoRows) {
		return st, notFound("Forvaltningen")
	}
	if err != nil {
		return st, fmt.Errorf("statement administration: %w", err)
	}
	a.GrantingRole, a.ControllerRole = domain.Role(grant), domain.Role(ctrl)
	var lines []domain.BudgetLine
	err = scanBudgetLines(ctx, tx, statementLines, []any{month, month.AddDate(0, 1, 0), true, adm}, func(l domain.BudgetLine) error {
		lines = append(lines, l)
		return nil
	})
	if err != nil {
		return st, err
	}
	st.Rows, st.Total = domain.StatementRows(lines)

	ap := domain.StatementApproval{}
	err = tx.QueryRow(ctx, `
		SELECT s.approved_by, u.display_name, s.approved_at, s.minutes, s.cost_ore
		FROM statement_approvals s JOIN users u ON u.id = s.approved_by
		WHERE s.administration = $1 AND s.month = $2`, adm, month).
		Scan(&ap.ApprovedByID, &ap.ApprovedBy, &ap.ApprovedAt, &ap.Total.Minutes, &ap.Total.CostOre)
	if errors.Is(err, pgx.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("statement approval: %w", err)
	}
	rows, err := tx.Query(ctx, `
		SELECT r.person_id, u.display_name, r.citizen_id, c.name, r.minutes, r.cost_ore
		FROM statement_approval_rows r JOIN users u ON u.id = r.person_id JOIN citizens c ON c.id = r.citizen_id
		WHERE r.administration = $1 AND r.month = $2`, adm, month)
	if err != nil {
		return st, fmt.Errorf("statement approval rows: %w", err)
	}
	ap.Rows, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.StatementRow, error) {
		var x domain.StatementRow
		return x, r.Scan(&x.PersonID, &x.Person, &x.CitizenID, &x.CitizenName, &x.Minutes, &x.CostOre)
	})
	if err != nil {
		return st, fmt.Errorf("statement approval rows: %w", err)
	}
	domain.SortStatementRows(ap.Rows)
	st.Approval = &ap
	return st, nil
}

// ApproveStatement records that the user (with roles) approved the month
// of administration adm as it stands now: who, when, and the figures, per
// person and citizen. Only the administration's controller role approves,
// only a month that has ended (domain.ApprovalProblem), and only once: a
// second approval is a conflict. The administration stays locked until
// the approval is written, so no rate can be added to re-price it meanwhile.
func (db *DB) ApproveStatement(ctx context.Context, adm string, month domain.Date, userID int64, roles domain.Roles) (domain.Statement, error) {
	var st domain.Statement
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if st, err = loadStatement(ctx, tx, adm, firstOfMonth(month), true); err != nil {
			return err
		}
		now := db.now()
		if err := domain.ApprovalProblem(st.Administration, roles, st.Month, domain.DateOf(now)); err != nil {
			return err
		}
		if st.Approval != nil {
			return domain.Errorf(domain.ECONFLICT, "Månedsopgørelsen for %s er allerede %s.",
				domain.FormatMonth(st.Month), strings.ToLower(st.Status()[:1])+st.Status()[1:])
		}
		return insertApproval(ctx, tx, st, userID, now)
	})
	return st, err
}

// insertApproval writes the approval of st with its figures.
func insertApproval(ctx context.Context, tx pgx.Tx, st domain.Statement, userID int64, at time.Time) error {
	if _, err := tx.Exec(ctx, `
		INSERT INTO statement_approvals (administration, month, approved_by, approved_at, minutes, cost_ore)
		VALUES ($1, $2, $3, $4, $5, $6)`, st.Administration.Code, st.Month, userID, at, st.Total.Minutes, st.Total.CostOre); err != nil {
		return fmt.Errorf("approve statement: %w", err)
	}
	n := len(st.Rows)
	persons, citizens, minutes, costs := make([]int64, n), make([]int64, n), make([]int32, n), make([]int64, n)
	for i, r := range st.Rows {
		persons[i], citizens[i], minutes[i], costs[i] = r.PersonID, r.CitizenID, int32(r.Minutes), r.CostOre
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO statement_approval_rows (administration, month, person_id, citizen_id, minutes, cost_ore)
		SELECT $1, $2, x.p, x.c, x.m, x.k FROM unnest($3::bigint[], $4::bigint[], $5::int[], $6::bigint[]) AS x(p, c, m, k)`,
		st.Administration.Code, st.Month, persons, citizens, minutes, costs); err != nil {
		return fmt.Errorf("approve statement rows: %w", err)
	}
	return nil
}

// SeedApproval approves the month of administration adm as it stands in
// tx, by userID at at, unless it is approved already: the demo's approved
// month. It checks no role; the demo says who its controller is.
func SeedApproval(ctx context.Context, tx pgx.Tx, adm string, month domain.Date, userID int64, at time.Time) error {
	st, err := loadStatement(ctx, tx, adm, firstOfMonth(month), true)
	if err != nil || st.Approval != nil {
		return err
	}
	return insertApproval(ctx, tx, st, userID, at)
}
