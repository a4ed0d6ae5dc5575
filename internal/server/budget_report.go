package server

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

type budgetReportStore interface {
	BudgetReport(ctx context.Context, from, to domain.Date, by string, teamID *int64) (domain.BudgetReport, error)
	EachBudgetLine(ctx context.Context, from, to domain.Date, teamID *int64, fn func(domain.BudgetLine) error) error
	LogBudgetExport(ctx context.Context, e domain.AccessEntry, from, to domain.Date, teamID *int64) error
	GrantDelivery(ctx context.Context, today domain.Date, teamID *int64) ([]domain.GrantDeliveryRow, error)
	LogAccessMany(ctx context.Context, entries []domain.AccessEntry) error
}

func (s *Server) registerBudgetReportRoutes() {
	lead := rolesOnly(domain.RoleTeamLead)
	s.handle("GET", "/rapporter/budget", lead, s.handleBudgetReport)
	s.handle("GET", "/rapporter/budget.csv", lead, s.handleBudgetReportCSV)
	s.handle("GET", "/rapporter/levering", lead, s.handleGrantDelivery)
}

// budgetMaxMonths bounds the period, so one request cannot ask for decades.
const budgetMaxMonths = 24

var (
	monthDotted = regexp.MustCompile(`^(\d{1,2})[./-](\d{4})$`) // 11.2026, as Danes write it
	monthISO    = regexp.MustCompile(`^(\d{4})-(\d{1,2})$`)     // 2026-11, as <input type="month"> sends it
)

// parseReportMonth reads a month typed as 11.2026 or 2026-11.
func parseReportMonth(s string) (domain.Date, bool) {
	s = strings.TrimSpace(s)
	var ys, ms string
	if m := monthDotted.FindStringSubmatch(s); m != nil {
		ms, ys = m[1], m[2]
	} else if m := monthISO.FindStringSubmatch(s); m != nil {
		ys, ms = m[1], m[2]
	} else {
		return domain.Date{}, false
	}
	y, _ := strconv.Atoi(ys)
	mo, _ := strconv.Atoi(ms)
	if mo < 1 || mo > 12 || y < 2000 || y > 2099 {
		return domain.Date{}, false
	}
	return domain.MakeDate(y, time.Month(mo), 1), true
}

// budgetPeriod reads the period picker. Empty fields default to the last
// three whole months and the current month; messages go next to the fields
// and what was typed is kept.
func (s *Server) budgetPeriod(r *http.Request) (views.BudgetPeriodForm, domain.Date, domain.Date, map[string]string) {
	q := r.URL.Query()
	today := domain.DateOf(s.now())
	current := domain.MakeDate(today.Year(), today.Month(), 1)
	f, team := s.teamFilter(r)
	form := views.BudgetPeriodForm{From: strings.TrimSpace(q.Get("fra")), To: strings.TrimSpace(q.Get("til")),
		By: domain.BudgetByMentor, Team: team, TeamID: f.TeamID}
	if q.Get("visning") == domain.BudgetByCitizen {
		form.By = domain.BudgetByCitizen
	}
	if form.From == "" {
		form.From = views.MonthInput(current.AddDate(0, -3, 0))
	}
	if form.To == "" {
		form.To = views.MonthInput(current)
	}
	errs := map[string]string{}
	from, okFrom := parseReportMonth(form.From)
	if !okFrom {
		errs["fra"] = "Skriv fra-måneden som MM.ÅÅÅÅ, fx 08.2026."
	}
	to, okTo := parseReportMonth(form.To)
	if !okTo {
		errs["til"] = "Skriv til-måneden som MM.ÅÅÅÅ, fx 11.2026."
	}
	if okFrom && okTo {
		switch span := (to.Year()-from.Year())*12 + int(to.Month()-from.Month()) + 1; {
		case span < 1:
			errs["til"] = "Til-måneden skal være samme måned som eller efter fra-måneden."
		case span > budgetMaxMonths:
			errs["til"] = fmt.Sprintf("Vælg en periode på højst %d måneder.", budgetMaxMonths)
		}
	}
	return form, from, to, errs
}

func (s *Server) handleBudgetReport(w http.ResponseWriter, r *http.Request) error {
	form, from, to, errs := s.budgetPeriod(r)
	teams, err := s.store.FindTeams(r.Context())
	if err != nil {
		return err
	}
	page := views.BudgetReportPage{Base: s.base(r, "Budget"), Form: form, FormState: views.FormState{Errors: errs}, Teams: teams}
	if len(errs) > 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, views.BudgetReportView(page))
	}
	rep, err := s.store.BudgetReport(r.Context(), from, to, form.By, form.TeamID)
	if err != nil {
		return err
	}
	if rep.By == domain.BudgetByCitizen {
		// The split per citizen shows names: a view of personal data.
		ids := make([]int64, len(rep.Split))
		for i, row := range rep.Split {
			ids[i] = row.ID
		}
		if err := s.logCitizenAccess(r, domain.ActionView, ids, "budgetrapport"); err != nil {
			return err
		}
	}
	page.Report = &rep
	return s.render(w, r, http.StatusOK, views.BudgetReportView(page))
}

// handleBudgetReportCSV exports the period's lines for Danish Excel: UTF-8
// with a byte-order mark, semicolons, decimal commas and CRLF. It holds the
// citizen's id and the mentor's name, never a citizen's name or CPR number,
// and the export is logged once for every citizen in it.
func (s *Server) handleBudgetReportCSV(w http.ResponseWriter, r *http.Request) error {
	form, from, to, errs := s.budgetPeriod(r)
	if len(errs) > 0 {
		teams, err := s.store.FindTeams(r.Context())
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusUnprocessableEntity, views.BudgetReportView(views.BudgetReportPage{
			Base: s.base(r, "Budget"), Form: form, FormState: views.FormState{Errors: errs}, Teams: teams}))
	}
	// One access-log row per citizen in the export, in one statement.
	u := currentUser(r.Context())
	e := s.entry(r, domain.ActionExport, nil, "budgetrapport", "", "")
	e.UserID, e.Username, e.Purpose = &u.ID, u.Username, domain.ListPurpose("budgetrapport")
	if err := s.store.LogBudgetExport(r.Context(), e, from, to, form.TeamID); err != nil {
		return err
	}
	out, err := startCSV(w, fmt.Sprintf("budget-%s-%s.csv", from.Format("2006-01"), to.Format("2006-01")))
	if err != nil {
		return err
	}
	if err := out.Header("Måned", "Budget", "Mentor", "Borger-id", "Timer", "Kostpris pr. time", "Udgift"); err != nil {
		return err
	}
	// The lines stream from the database to the client.
	err = s.store.EachBudgetLine(r.Context(), from, to, form.TeamID, func(l domain.BudgetLine) error {
		return out.Row(csvText(l.Month.Format("2006-01")), csvText(l.Budget), csvText(l.Mentor),
			csvInt(l.CitizenID), csvHours(l.Minutes), csvOre(l.RateOre), csvOre(l.CostOre))
	})
	if err != nil {
		s.log.Error("budget export failed", "request_id", info(r.Context()).id, "err", err)
	}
	return out.Close()
}

// logCitizenAccess writes one access-log entry per citizen, in one batch.
func (s *Server) logCitizenAccess(r *http.Request, action string, citizenIDs []int64, entity string) error {
	u := currentUser(r.Context())
	entries := make([]domain.AccessEntry, len(citizenIDs))
	for i := range citizenIDs {
		entries[i] = s.entry(r, action, &citizenIDs[i], entity, "", "")
		entries[i].UserID, entries[i].Username = &u.ID, u.Username
	}
	return s.store.LogAccessMany(r.Context(), entries)
}

// Sort orders of the delivery list.
const (
	deliveryLowFirst  = "lav"
	deliveryHighFirst = "hoej"
	deliveryByName    = "navn"
)

// handleGrantDelivery lists every active grant's granted hours against the
// hours delivered over the last four weeks, flagging low delivery.
func (s *Server) handleGrantDelivery(w http.ResponseWriter, r *http.Request) error {
	today := domain.DateOf(s.now())
	f, team := s.teamFilter(r)
	rows, err := s.store.GrantDelivery(r.Context(), today, f.TeamID)
	if err != nil {
		return err
	}
	teams, err := s.store.FindTeams(r.Context())
	if err != nil {
		return err
	}
	order := r.URL.Query().Get("sortering")
	switch order {
	case deliveryHighFirst:
		// Highest first; a grant that starts today has no percentage and goes last.
		slices.SortStableFunc(rows, func(a, b domain.GrantDeliveryRow) int {
			pa, oka := a.Percent()
			pb, okb := b.Percent()
			if oka != okb {
				if oka {
					return -1
				}
				return 1
			}
			return cmp.Compare(pb, pa)
		})
	case deliveryByName:
		slices.SortStableFunc(rows, func(a, b domain.GrantDeliveryRow) int {
			return strings.Compare(strings.ToLower(a.CitizenName), strings.ToLower(b.CitizenName))
		})
	default:
		order = deliveryLowFirst // the store's order
	}
	ids := make([]int64, 0, len(rows))
	for _, row := range rows {
		ids = append(ids, row.CitizenID)
	}
	slices.Sort(ids)
	if err := s.logCitizenAccess(r, domain.ActionView, slices.Compact(ids), "leveringsopfoelgning"); err != nil {
		return err
	}
	from, to := domain.DeliveryWindow(today)
	return s.render(w, r, http.StatusOK, views.GrantDeliveryView(views.GrantDeliveryPage{
		Base: s.base(r, "Levering pr. bevilling"), Rows: rows, Order: order, From: from, To: to, Teams: teams, Team: team}))
}
