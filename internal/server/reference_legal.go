package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

// Legal bases are reference data: a new act (such as the new LAB from
// 1.1.2027) is added as a new legal basis, and the old one gets an end date.

func (s *Server) handleLegalBasisIndex(w http.ResponseWriter, r *http.Request) error {
	bases, err := s.store.FindLegalBases(r.Context())
	if err != nil {
		return err
	}
	budgets, err := s.store.FindBudgets(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.ReferenceLegalBases(views.ReferenceLegalBasesPage{
		Base: s.base(r, "Lovgrundlag"), Bases: bases, Budgets: budgets, Today: domain.DateOf(s.now())}))
}

func (s *Server) handleLegalBasisNew(w http.ResponseWriter, r *http.Request) error {
	form := views.LegalBasisForm{Function: string(domain.FunctionMentor)}
	return s.render(w, r, http.StatusOK, s.legalBasisView(r, views.ReferenceLegalBasisPage{IsNew: true, Form: form}))
}

func (s *Server) handleLegalBasisCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveLegalBasis(w, r, views.ReferenceLegalBasisPage{IsNew: true})
}

func (s *Server) handleLegalBasisEdit(w http.ResponseWriter, r *http.Request) error {
	lb, id, err := byIDParam(r, s.store.FindLegalBasisByID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, s.legalBasisView(r, views.ReferenceLegalBasisPage{
		ID: id, Code: lb.Code, Form: views.FormFromLegalBasis(lb)}))
}

func (s *Server) handleLegalBasisUpdate(w http.ResponseWriter, r *http.Request) error {
	lb, id, err := byIDParam(r, s.store.FindLegalBasisByID)
	if err != nil {
		return err
	}
	return s.saveLegalBasis(w, r, views.ReferenceLegalBasisPage{ID: id, Code: lb.Code})
}

// saveLegalBasis creates (page.IsNew) or updates the legal basis page.ID
// from the form.
func (s *Server) saveLegalBasis(w http.ResponseWriter, r *http.Request, page views.ReferenceLegalBasisPage) error {
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	budgets, err := s.store.FindBudgets(r.Context())
	if err != nil {
		return err
	}
	form, in, v := legalBasisForm(r, budgets)
	action, verb := domain.ActionUpdate, "er gemt"
	if page.IsNew {
		in.FormToken = postedFormToken(r)
		action, verb = domain.ActionCreate, "er oprettet"
	}
	savedID, err := s.store.SaveLegalBasis(r.Context(), page.ID, in, currentUser(r.Context()).ID, v)
	if err != nil {
		page.Form = form
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return s.legalBasisView(r, page) })
	}
	s.audit(r, action, nil, domain.EntityLegalBasis, strconv.FormatInt(savedID, 10), strings.TrimSpace(in.Code))
	s.flash(r, "Lovgrundlaget "+strings.TrimSpace(in.Code)+" "+verb+".")
	http.Redirect(w, r, "/admin/stamdata/lovgrundlag", http.StatusSeeOther)
	return nil
}

// legalBasisView is the legal-basis form with the budgets to choose from,
// read as it renders.
func (s *Server) legalBasisView(r *http.Request, page views.ReferenceLegalBasisPage) templ.Component {
	return listing(s.store.FindBudgets, func(budgets []domain.Budget) templ.Component {
		title := "Nyt lovgrundlag"
		if !page.IsNew {
			title = "Rediger lovgrundlag " + page.Code
		}
		page.Base, page.Budgets = s.base(r, title), budgets
		return views.ReferenceLegalBasis(page)
	})
}

// legalBasisForm reads the legal-basis form: what was typed, the input for
// the store, and the messages for what could not be read at all.
func legalBasisForm(r *http.Request, budgets []domain.Budget) (views.LegalBasisForm, domain.LegalBasisInput, domain.Validation) {
	f := views.LegalBasisForm{
		Code:            r.PostForm.Get("code"),
		Law:             r.PostForm.Get("law"),
		Paragraph:       r.PostForm.Get("paragraph"),
		Title:           r.PostForm.Get("title"),
		Function:        r.PostForm.Get("function"),
		ValidFrom:       r.PostForm.Get("valid_from"),
		ValidTo:         r.PostForm.Get("valid_to"),
		MaxMonths:       r.PostForm.Get("max_months"),
		DefaultBudgetID: r.PostForm.Get("default_budget_id"),
	}
	in := domain.LegalBasisInput{Code: f.Code, Law: f.Law, Paragraph: f.Paragraph, Title: f.Title,
		Function: domain.Function(f.Function)}
	v := domain.Validation{}
	if d, ok := parseOptionalDay(v, "valid_from", f.ValidFrom); ok {
		in.ValidFrom = d
	}
	if d, ok := parseOptionalDay(v, "valid_to", f.ValidTo); ok {
		in.ValidTo = &d
	}
	if m := strings.TrimSpace(f.MaxMonths); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil {
			v.Add("max_months", "Skriv et helt antal måneder, fx 6, eller lad feltet stå tomt for ingen grænse.")
		} else {
			in.MaxMonths = &n
		}
	}
	if id, err := strconv.ParseInt(f.DefaultBudgetID, 10, 64); err == nil {
		for _, b := range budgets {
			if b.ID == id {
				in.DefaultBudgetID = id
			}
		}
	}
	return f, in, v
}

// parseOptionalDay reads an optional date typed as 24.11.2026 or 2026-11-24.
// ok is false when the field is empty or (with a message in v) unreadable.
func parseOptionalDay(v domain.Validation, field, s string) (domain.Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return domain.Date{}, false
	}
	t, ok := domain.ParseDate(s)
	if !ok {
		v.Add(field, "Skriv datoen som dd.mm.åååå, fx 01.01.2027.")
		return domain.Date{}, false
	}
	return domain.DateOf(t), true
}
