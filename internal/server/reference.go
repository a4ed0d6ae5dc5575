package server

import (
	"context"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

// referenceStore is what the administrator's reference-data pages
// (Stamdata) need: budgets, legal bases, the catalogue, target groups,
// settings and the mentors' qualifications.
type referenceStore interface {
	FindBudgets(ctx context.Context) ([]domain.Budget, error)
	FindBudgetByID(ctx context.Context, id int64) (domain.Budget, error)
	FindBudgetRates(ctx context.Context, budgetID int64) (domain.Rates, error)
	CreateBudgetRate(ctx context.Context, budgetID int64, in domain.RateInput, userID int64, v domain.Validation) error
	LastApprovedMonth(ctx context.Context, adm string) (*domain.Date, error)
	FindLegalBases(ctx context.Context) ([]domain.LegalBasis, error)
	FindLegalBasisByID(ctx context.Context, id int64) (domain.LegalBasis, error)
	SaveLegalBasis(ctx context.Context, id int64, in domain.LegalBasisInput, userID int64, v domain.Validation) (int64, error)
	FindCatalogue(ctx context.Context, fn domain.Function, kind domain.CatalogueKind, includeRetired bool) ([]domain.CatalogueItem, error)
	FindCatalogueItemByID(ctx context.Context, id int64) (domain.CatalogueItem, error)
	CreateCatalogueItem(ctx context.Context, in domain.CatalogueItemInput, userID int64) (int64, error)
	RetireCatalogueItem(ctx context.Context, id int64, retire bool) error
	FindTargetGroups(ctx context.Context, includeRetired bool) ([]domain.TargetGroup, error)
	CreateTargetGroup(ctx context.Context, name, formToken string, userID int64) (int64, error)
	RetireTargetGroup(ctx context.Context, id int64, retire bool) error
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	FindAdministrations(ctx context.Context) ([]domain.Administration, error)
	UpdateAdministrationText(ctx context.Context, code string, in domain.AdministrationText) error
	FindPersons(ctx context.Context) ([]domain.Person, error)
	SetQualifications(ctx context.Context, userID int64, mentor, support bool, capacity float64) error
	FindUsers(ctx context.Context, f domain.UserFilter) ([]domain.User, int, error)
}

func (s *Server) registerReferenceRoutes() {
	s.handle("GET", "/admin/stamdata", adminOnly, s.handleReferenceIndex)

	s.handle("GET", "/admin/stamdata/lovgrundlag", adminOnly, s.handleLegalBasisIndex)
	s.handle("GET", "/admin/stamdata/lovgrundlag/ny", adminOnly, s.handleLegalBasisNew)
	s.handle("POST", "/admin/stamdata/lovgrundlag", adminOnly, s.handleLegalBasisCreate)
	s.handle("GET", "/admin/stamdata/lovgrundlag/{id}", adminOnly, s.handleLegalBasisEdit)
	s.handle("POST", "/admin/stamdata/lovgrundlag/{id}", adminOnly, s.handleLegalBasisUpdate)

	s.handle("GET", "/admin/stamdata/katalog", adminOnly, s.handleCatalogueIndex)
	s.handle("POST", "/admin/stamdata/katalog", adminOnly, s.handleCatalogueCreate)
	s.handle("POST", "/admin/stamdata/katalog/{id}/udgaa", adminOnly, s.handleCatalogueRetire)
	s.handle("POST", "/admin/stamdata/katalog/{id}/genbrug", adminOnly, s.handleCatalogueReuse)

	s.handle("GET", "/admin/stamdata/maalgrupper", adminOnly, s.handleTargetGroupIndex)
	s.handle("POST", "/admin/stamdata/maalgrupper", adminOnly, s.handleTargetGroupCreate)
	s.handle("POST", "/admin/stamdata/maalgrupper/{id}/udgaa", adminOnly, s.handleTargetGroupRetire)
	s.handle("POST", "/admin/stamdata/maalgrupper/{id}/genbrug", adminOnly, s.handleTargetGroupReuse)

	s.handle("GET", "/admin/stamdata/budgetter", adminOnly, s.handleBudgetIndex)
	s.handle("GET", "/admin/stamdata/budgetter/{id}", adminOnly, s.handleBudgetRates)
	s.handle("POST", "/admin/stamdata/budgetter/{id}", adminOnly, s.handleBudgetRateCreate)

	s.handle("GET", "/admin/stamdata/klagevejledning", adminOnly, s.handleComplaintTextForm)
	s.handle("POST", "/admin/stamdata/klagevejledning/{code}", adminOnly, s.handleComplaintTextSave)

	s.registerSupportTermRoutes()

	s.handle("GET", "/admin/stamdata/mentorer", adminOnly, s.handleMentorProfileIndex)
	s.handle("POST", "/admin/stamdata/mentorer/{id}", adminOnly, s.handleMentorProfileUpdate)
}

func (s *Server) handleReferenceIndex(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, views.ReferenceIndex(views.ReferenceIndexPage{Base: s.base(r, "Stamdata")}))
}

// --- Budgets ---------------------------------------------------------------

// budgetsView is the budget list with each budget's rate today, read as it
// renders.
func (s *Server) budgetsView(r *http.Request, page views.ReferenceBudgetsPage) templ.Component {
	return listing(s.store.FindBudgets, func(budgets []domain.Budget) templ.Component {
		page.Base, page.Budgets = s.base(r, "Budgetter og timepriser"), budgets
		return views.ReferenceBudgets(page)
	})
}

func (s *Server) handleBudgetIndex(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, s.budgetsView(r, views.ReferenceBudgetsPage{}))
}

// budgetRatesView is a budget's rate history with the form for a new rate,
// read as it renders.
func (s *Server) budgetRatesView(r *http.Request, page views.BudgetRatesPage) (templ.Component, error) {
	var err error
	if page.Rates, err = s.store.FindBudgetRates(r.Context(), page.Budget.ID); err != nil {
		return nil, err
	}
	if page.LastApproved, err = s.store.LastApprovedMonth(r.Context(), page.Budget.Administration); err != nil {
		return nil, err
	}
	page.Base, page.Today = s.base(r, "Timepriser: "+page.Budget.Name), domain.DateOf(s.now())
	return views.BudgetRatesView(page), nil
}

func (s *Server) handleBudgetRates(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	budget, err := s.store.FindBudgetByID(r.Context(), id)
	if err != nil {
		return err
	}
	page, err := s.budgetRatesView(r, views.BudgetRatesPage{Budget: budget})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, page)
}

// handleBudgetRateCreate adds a dated rate to a budget: it prices the
// sessions from its day on and never a month already approved.
func (s *Server) handleBudgetRateCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	budget, err := s.store.FindBudgetByID(r.Context(), id)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	form := views.BudgetRateForm{ValidFrom: r.PostForm.Get("valid_from"), Cost: r.PostForm.Get("hourly_cost")}
	v := domain.Validation{}
	var in domain.RateInput
	if day, ok := parseOptionalDay(v, "valid_from", form.ValidFrom); ok {
		in.ValidFrom = &day
	}
	cost, msg := parseDanishAmount(form.Cost, "Skriv timeprisen i kroner, fx 425,50.")
	if msg != "" {
		v.Add("hourly_cost", msg)
	} else {
		in.Cost, in.CostTyped = cost, true
	}
	if v["valid_from"] != "" {
		// The date could not be read: keep its message, check the cost.
		err = domain.ValidateRate(domain.RateInput{ValidFrom: &domain.RateOpening, Cost: in.Cost, CostTyped: in.CostTyped}, nil, nil, v)
	} else {
		err = s.store.CreateBudgetRate(r.Context(), id, in, currentUser(r.Context()).ID, v)
	}
	if err != nil {
		page := views.BudgetRatesPage{Budget: budget, Form: form}
		return s.refused(w, r, err, &page.FormState, func() templ.Component {
			return deferred(func(context.Context) (templ.Component, error) { return s.budgetRatesView(r, page) })
		})
	}
	s.audit(r, domain.ActionCreate, nil, domain.EntityBudgetRecord, strconv.FormatInt(id, 10),
		"timepris "+domain.FormatKr(cost)+" fra "+domain.FormatDate(*in.ValidFrom))
	s.flash(r, "Timeprisen for "+budget.Name+" er "+domain.FormatKr(cost)+" fra "+domain.FormatDate(*in.ValidFrom)+".")
	http.Redirect(w, r, "/admin/stamdata/budgetter/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// --- Afsender og klagevejledning ------------------------------------------

// complaintTextPage is the administrations' letter texts as stored.
func (s *Server) complaintTextPage(r *http.Request) (views.ReferenceComplaintTextPage, error) {
	admins, err := s.store.FindAdministrations(r.Context())
	return views.ReferenceComplaintTextPage{Base: s.base(r, "Afsender og klagevejledning"), Administrations: admins,
		Max: domain.ComplaintTextMax, SenderMax: domain.LetterSenderMax}, err
}

func (s *Server) handleComplaintTextForm(w http.ResponseWriter, r *http.Request) error {
	page, err := s.complaintTextPage(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.ReferenceComplaintText(page))
}

// handleComplaintTextSave stores one administration's sender and complaint
// text; a refused form comes back with what was typed in that
// administration's fields and the other's as stored.
func (s *Server) handleComplaintTextSave(w http.ResponseWriter, r *http.Request) error {
	code := chi.URLParam(r, "code")
	page, err := s.complaintTextPage(r)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(page.Administrations, func(a domain.Administration) bool { return a.Code == code })
	if i < 0 {
		return domain.Errorf(domain.ENOTFOUND, "Forvaltningen findes ikke.")
	}
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	in := domain.AdministrationText{LetterSender: r.PostForm.Get("letter_sender"), ComplaintText: r.PostForm.Get("complaint_text")}
	page.Administrations[i].LetterSender = in.LetterSender
	page.Administrations[i].ComplaintText = strings.ReplaceAll(in.ComplaintText, "\r\n", "\n")
	v := domain.Validation{}
	err = in.Validate(v)
	if err == nil {
		err = s.store.UpdateAdministrationText(r.Context(), code, in)
	}
	if err != nil {
		errs := map[string]string{}
		for field, msg := range domain.FieldErrors(err) {
			errs[views.AdministrationFieldID(code, field)] = msg
		}
		if len(errs) == 0 {
			return err
		}
		page.Errors = errs
		return s.render(w, r, http.StatusUnprocessableEntity, views.ReferenceComplaintText(page))
	}
	s.audit(r, domain.ActionUpdate, nil, domain.EntityAdministration, code, "afsender og klagevejledning")
	s.flash(r, "Afsender og klagevejledning for "+page.Administrations[i].Name+" er gemt.")
	http.Redirect(w, r, "/admin/stamdata/klagevejledning", http.StatusSeeOther)
	return nil
}

// --- Shared helpers --------------------------------------------------------

// plainDecimal is a number after parseDanishAmount has removed thousands
// separators and turned the decimal comma into a point.
var plainDecimal = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// parseDanishAmount reads a number typed the Danish way: "425,50", "1.234,50",
// "12,5" or "425 kr.". Without a comma a point is read as the decimal mark
// ("425.50"), as a copy from elsewhere may give. At most two decimals are
// accepted, since the database keeps two. It returns a Danish message
// (empty when the number is usable; ranges are the store's to check).
func parseDanishAmount(s, emptyMsg string) (float64, string) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "kr."), "kr"))
	s = strings.NewReplacer(" ", "", "\u00a0", "").Replace(s)
	if s == "" {
		return 0, emptyMsg
	}
	if strings.Contains(s, ",") {
		s = strings.Replace(strings.ReplaceAll(s, ".", ""), ",", ".", 1)
	}
	if !plainDecimal.MatchString(s) {
		return 0, "Skriv et tal, fx 12,5."
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, "Skriv et tal, fx 12,5."
	}
	if _, frac, ok := strings.Cut(s, "."); ok && len(frac) > 2 {
		return 0, "Skriv højst to decimaler, fx 12,25."
	}
	return v, ""
}

// refusedField is refused for a page that shows one message in a row of a
// table (a row's one field): an EINVALID err's message for field, or its
// own message; "" when err is nil. Any other error is returned.
func refusedField(err error, field string) (string, error) {
	if domain.ErrorCode(err) != domain.EINVALID {
		return "", err
	}
	if m := domain.FieldErrors(err)[field]; m != "" {
		return m, nil
	}
	return domain.ErrorMessage(err), nil
}

// retireFlash is the confirmation after taking name out of use or back.
func retireFlash(name string, retire bool) string {
	if retire {
		return "»" + name + "« er udgået og kan ikke længere vælges. Det står fortsat, hvor det allerede er brugt."
	}
	return "»" + name + "« er taget i brug igen og kan vælges."
}
