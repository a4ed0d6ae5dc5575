package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/a-h/templ"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

// The month's statement (Månedsopgørelse) of one administration: the hours
// and cost booked to its budgets in one month, per person and citizen,
// which the administration's controller role approves. Corrections after
// approval show beside the approved figures.
type statementStore interface {
	FindAdministrations(ctx context.Context) ([]domain.Administration, error)
	FindStatement(ctx context.Context, adm string, month domain.Date) (domain.Statement, error)
	ApproveStatement(ctx context.Context, adm string, month domain.Date, userID int64, roles domain.Roles) (domain.Statement, error)
	LogAccessMany(ctx context.Context, entries []domain.AccessEntry) error
}

// statementRoles may open the statements; only an administration's
// controller role approves its own (domain.ApprovalProblem).
var statementRoles = rolesOnly(domain.RoleTeamLead, domain.RoleSocialWorker)

func (s *Server) registerStatementRoutes() {
	s.handle("GET", "/rapporter/maanedsopgoerelse", statementRoles, s.handleStatement)
	s.handle("GET", "/rapporter/maanedsopgoerelse.csv", statementRoles, s.handleStatementCSV)
	s.handle("POST", "/rapporter/maanedsopgoerelse/godkend", statementRoles, s.handleStatementApprove)
}

// statementQuery reads the administration and the month (forvaltning,
// maaned) from the query or the posted form. The administration defaults
// to the first the user controls, the month to the last ended one.
func (s *Server) statementQuery(r *http.Request, values url.Values) (views.StatementForm, []domain.Administration, domain.Date, map[string]string, error) {
	adms, err := s.store.FindAdministrations(r.Context())
	if err != nil {
		return views.StatementForm{}, nil, domain.Date{}, nil, err
	}
	today := domain.DateOf(s.now())
	form := views.StatementForm{Administration: strings.TrimSpace(values.Get("forvaltning")),
		Month: strings.TrimSpace(values.Get("maaned"))}
	if form.Administration == "" && len(adms) > 0 {
		form.Administration = adms[0].Code
		roles := currentUser(r.Context()).Roles
		if i := slices.IndexFunc(adms, func(a domain.Administration) bool { return roles.Has(a.ControllerRole) }); i >= 0 {
			form.Administration = adms[i].Code
		}
	}
	if form.Month == "" {
		form.Month = views.MonthInput(domain.MakeDate(today.Year(), today.Month(), 1).AddDate(0, -1, 0))
	}
	errs := map[string]string{}
	if !slices.ContainsFunc(adms, func(a domain.Administration) bool { return a.Code == form.Administration }) {
		errs["forvaltning"] = "Vælg en forvaltning fra listen."
	}
	month, ok := parseReportMonth(form.Month)
	if !ok {
		errs["maaned"] = "Skriv måneden som MM.ÅÅÅÅ, fx 11.2026."
	}
	return form, adms, month, errs, nil
}

// statementPage loads the statement and logs the citizens on it as viewed
// (one batch: the current rows and the approved ones).
func (s *Server) statementPage(r *http.Request, form views.StatementForm, adms []domain.Administration, month domain.Date, errs map[string]string, action string) (views.StatementPage, error) {
	page := views.StatementPage{Base: s.base(r, "Månedsopgørelse"), Form: form, Administrations: adms,
		FormState: views.FormState{Errors: errs}, Today: domain.DateOf(s.now())}
	if len(errs) > 0 {
		return page, nil
	}
	st, err := s.store.FindStatement(r.Context(), form.Administration, month)
	if err != nil {
		return page, err
	}
	if err := s.logCitizenAccess(r, action, statementCitizens(st), domain.EntityStatement); err != nil {
		return page, err
	}
	page.Statement = &st
	page.MayApprove = domain.ApprovalProblem(st.Administration, currentUser(r.Context()).Roles, st.Month, page.Today) == nil
	return page, nil
}

// statementCitizens is every citizen on the statement, once, in order.
func statementCitizens(st domain.Statement) []int64 {
	var ids []int64
	for _, row := range st.Rows {
		ids = append(ids, row.CitizenID)
	}
	if st.Approval != nil {
		for _, row := range st.Approval.Rows {
			ids = append(ids, row.CitizenID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func (s *Server) handleStatement(w http.ResponseWriter, r *http.Request) error {
	form, adms, month, errs, err := s.statementQuery(r, r.URL.Query())
	if err != nil {
		return err
	}
	page, err := s.statementPage(r, form, adms, month, errs, domain.ActionView)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return s.render(w, r, status, views.StatementView(page))
}

// handleStatementApprove approves the month for the administration, after
// the confirmation box is ticked. The store refuses the wrong role, a month
// not ended, and a second approval (409).
func (s *Server) handleStatementApprove(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	form, adms, month, errs, err := s.statementQuery(r, r.PostForm)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return domain.Errorf(domain.EINVALID, "Vælg en forvaltning og en måned.")
	}
	u := currentUser(r.Context())
	if r.PostForm.Get("bekraeft") != "ja" {
		err = &domain.Error{Code: domain.EINVALID, Message: "Bekræft godkendelsen.",
			Fields: map[string]string{"bekraeft": "Sæt kryds for at bekræfte, at du har gennemgået opgørelsen."}}
	} else {
		_, err = s.store.ApproveStatement(r.Context(), form.Administration, month, u.ID, u.Roles)
	}
	if err != nil {
		if domain.ErrorCode(err) == domain.EFORBIDDEN {
			s.audit(r, domain.ActionDenied, nil, domain.EntityStatement, form.Administration+" "+month.Format("2006-01"), domain.ErrorMessage(err))
			return err
		}
		var page views.StatementPage
		return s.refused(w, r, err, &page.FormState, func() templ.Component {
			return deferred(func(context.Context) (templ.Component, error) {
				p, err := s.statementPage(r, form, adms, month, nil, domain.ActionView)
				p.FormState = page.FormState
				return views.StatementView(p), err
			})
		})
	}
	s.audit(r, domain.ActionCreate, nil, domain.EntityStatement, form.Administration+" "+month.Format("2006-01"), "godkendt")
	s.flash(r, "Månedsopgørelsen for "+domain.FormatMonth(month)+" er godkendt.")
	http.Redirect(w, r, "/rapporter/maanedsopgoerelse?"+url.Values{"forvaltning": {form.Administration},
		"maaned": {views.MonthInput(month)}}.Encode(), http.StatusSeeOther)
	return nil
}

// handleStatementCSV exports the statement for Danish Excel (see csv.go):
// one row per person and citizen with the citizen's id (never a name or
// CPR number), then the total; after approval the approved figures and
// the correction on each row. The export is logged for every citizen in it.
func (s *Server) handleStatementCSV(w http.ResponseWriter, r *http.Request) error {
	form, adms, month, errs, err := s.statementQuery(r, r.URL.Query())
	if err != nil {
		return err
	}
	page, err := s.statementPage(r, form, adms, month, errs, domain.ActionExport)
	if err != nil {
		return err
	}
	if page.Statement == nil {
		return s.render(w, r, http.StatusUnprocessableEntity, views.StatementView(page))
	}
	st := *page.Statement
	out, err := startCSV(w, fmt.Sprintf("maanedsopgoerelse-%s-%s.csv", st.Administration.Code, st.Month.Format("2006-01")))
	if err != nil {
		return err
	}
	if err := out.Header("Forvaltning", "Måned", "Person", "Borger-id", "Timer", "Udgift",
		"Godkendt timer", "Godkendt udgift", "Rettelse efter godkendelse, timer", "Rettelse efter godkendelse, udgift"); err != nil {
		return err
	}
	approved := map[[2]int64]domain.BudgetAmount{}
	if st.Approval != nil {
		for _, a := range st.Approval.Rows {
			approved[[2]int64{a.PersonID, a.CitizenID}] = a.BudgetAmount
		}
	}
	row := func(person string, citizen csvCell, cur, app domain.BudgetAmount) error {
		cells := []csvCell{csvText(st.Administration.Name), csvText(st.Month.Format("2006-01")), csvText(person), citizen,
			csvHours(cur.Minutes), csvOre(cur.CostOre)}
		if st.Approval == nil {
			cells = append(cells, csvText(""), csvText(""), csvText(""), csvText(""))
		} else {
			cells = append(cells, csvHours(app.Minutes), csvOre(app.CostOre), csvHours(cur.Minutes-app.Minutes), csvOre(cur.CostOre-app.CostOre))
		}
		return out.Row(cells...)
	}
	seen := map[[2]int64]bool{}
	for _, x := range st.Rows {
		k := [2]int64{x.PersonID, x.CitizenID}
		seen[k] = true
		if err := row(x.Person, csvInt(x.CitizenID), x.BudgetAmount, approved[k]); err != nil {
			return err
		}
	}
	if st.Approval != nil {
		// Rows approved and since gone: nothing now, the approved figures, all corrected away.
		for _, a := range st.Approval.Rows {
			if k := [2]int64{a.PersonID, a.CitizenID}; !seen[k] {
				if err := row(a.Person, csvInt(a.CitizenID), domain.BudgetAmount{}, a.BudgetAmount); err != nil {
					return err
				}
			}
		}
	}
	var app domain.BudgetAmount
	if st.Approval != nil {
		app = st.Approval.Total
	}
	if err := row("I alt", csvText(""), st.Total, app); err != nil {
		return err
	}
	return out.Close()
}
