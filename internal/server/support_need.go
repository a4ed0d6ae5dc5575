package server

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

// The FFB support need of § 85 grants: the administrator's two reference
// lists (areas and purposes), and the grant form's part of it.

type supportNeedStore interface {
	FindSupportTerms(ctx context.Context, kind domain.SupportTermKind, includeRetired bool) ([]domain.SupportTerm, error)
	CreateSupportTerm(ctx context.Context, kind domain.SupportTermKind, name, formToken string, userID int64) (int64, error)
	RenameSupportTerm(ctx context.Context, kind domain.SupportTermKind, id int64, name string) error
	RetireSupportTerm(ctx context.Context, kind domain.SupportTermKind, id int64, retire bool) error
}

func (s *Server) registerSupportTermRoutes() {
	for _, list := range views.SupportTermLists {
		h := supportTermHandlers{s: s, list: list}
		s.handle("GET", list.Path, adminOnly, h.index)
		s.handle("POST", list.Path, adminOnly, h.create)
		s.handle("GET", list.Path+"/{id}", adminOnly, h.edit)
		s.handle("POST", list.Path+"/{id}", adminOnly, h.rename)
		s.handle("POST", list.Path+"/{id}/udgaa", adminOnly, h.retire)
		s.handle("POST", list.Path+"/{id}/genbrug", adminOnly, h.reuse)
	}
}

// supportNeedForm reads the FFB part of a posted grant form: what was typed,
// the levels of the areas assessed (in the order of their ids; "Ikke
// vurderet" is left out) and the purpose. The domain checks them against
// the lists; a LAB grant drops them.
func supportNeedForm(p url.Values) (views.SupportNeedForm, []domain.SupportNeed, *int64) {
	f := views.SupportNeedForm{Levels: map[string]string{}, PurposeID: p.Get("support_purpose_id")}
	var needs []domain.SupportNeed
	for key := range p {
		raw, ok := strings.CutPrefix(key, "need_")
		if !ok {
			continue
		}
		level := p.Get(key)
		f.Levels[raw] = level
		id, err := strconv.ParseInt(raw, 10, 64)
		if level == "" || err != nil {
			continue
		}
		needs = append(needs, domain.SupportNeed{AreaID: id, Level: domain.SupportLevel(level)})
	}
	sort.Slice(needs, func(i, j int) bool { return needs[i].AreaID < needs[j].AreaID })
	return f, needs, optionalID(f.PurposeID)
}

// supportChoices are what a grant form under lb offers of the FFB lists:
// the areas and purposes in use for § 85, nothing for LAB.
func (s *Server) supportChoices(ctx context.Context, lb domain.LegalBasis) (views.SupportChoices, error) {
	var c views.SupportChoices
	if lb.Function != domain.FunctionSupport {
		return c, nil
	}
	var err error
	if c.Areas, err = s.store.FindSupportTerms(ctx, domain.SupportTermArea, false); err != nil {
		return c, err
	}
	c.Purposes, err = s.store.FindSupportTerms(ctx, domain.SupportTermPurpose, false)
	return c, err
}

// supportTermHandlers serve one FFB list's pages.
type supportTermHandlers struct {
	s    *Server
	list views.SupportTermList
}

// view is the list's page, read as it renders.
func (h supportTermHandlers) view(r *http.Request, page views.SupportTermsPage) templ.Component {
	all := func(ctx context.Context) ([]domain.SupportTerm, error) {
		return h.s.store.FindSupportTerms(ctx, h.list.Kind, true)
	}
	return listing(all, func(terms []domain.SupportTerm) templ.Component {
		page.Base, page.List, page.Terms = h.s.base(r, h.list.Title), h.list, terms
		return views.SupportTerms(page)
	})
}

func (h supportTermHandlers) index(w http.ResponseWriter, r *http.Request) error {
	return h.s.render(w, r, http.StatusOK, h.view(r, views.SupportTermsPage{}))
}

func (h supportTermHandlers) create(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	page := views.SupportTermsPage{Name: r.PostForm.Get("name")}
	id, err := h.s.store.CreateSupportTerm(r.Context(), h.list.Kind, page.Name, postedFormToken(r), currentUser(r.Context()).ID)
	if err != nil {
		return h.s.refused(w, r, err, &page.FormState, func() templ.Component { return h.view(r, page) })
	}
	name := strings.TrimSpace(page.Name)
	h.s.audit(r, domain.ActionCreate, nil, domain.EntitySupportTerm, strconv.FormatInt(id, 10), h.list.Kind.Label()+": "+name)
	h.s.flash(r, "»"+name+"« er tilføjet.")
	http.Redirect(w, r, h.list.Path, http.StatusSeeOther)
	return nil
}

// term is the URL's row of the list, retired included.
func (h supportTermHandlers) term(r *http.Request) (domain.SupportTerm, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return domain.SupportTerm{}, err
	}
	terms, err := h.s.store.FindSupportTerms(r.Context(), h.list.Kind, true)
	if err != nil {
		return domain.SupportTerm{}, err
	}
	i := slices.IndexFunc(terms, func(t domain.SupportTerm) bool { return t.ID == id })
	if i < 0 {
		return domain.SupportTerm{}, domain.Errorf(domain.ENOTFOUND, "%s findes ikke.", h.list.Kind.Label())
	}
	return terms[i], nil
}

func (h supportTermHandlers) edit(w http.ResponseWriter, r *http.Request) error {
	t, err := h.term(r)
	if err != nil {
		return err
	}
	return h.s.render(w, r, http.StatusOK, views.SupportTermEdit(views.SupportTermEditPage{
		Base: h.s.base(r, "Ret "+h.list.One), List: h.list, Term: t, Name: t.Name}))
}

func (h supportTermHandlers) rename(w http.ResponseWriter, r *http.Request) error {
	t, err := h.term(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	page := views.SupportTermEditPage{List: h.list, Term: t, Name: r.PostForm.Get("name")}
	if err := h.s.store.RenameSupportTerm(r.Context(), h.list.Kind, t.ID, page.Name); err != nil {
		return h.s.refused(w, r, err, &page.FormState, func() templ.Component {
			page.Base = h.s.base(r, "Ret "+h.list.One)
			return views.SupportTermEdit(page)
		})
	}
	name := strings.TrimSpace(page.Name)
	h.s.audit(r, domain.ActionUpdate, nil, domain.EntitySupportTerm, strconv.FormatInt(t.ID, 10), "»"+t.Name+"« → »"+name+"«")
	h.s.flash(r, "»"+t.Name+"« hedder nu »"+name+"«.")
	http.Redirect(w, r, h.list.Path, http.StatusSeeOther)
	return nil
}

func (h supportTermHandlers) retire(w http.ResponseWriter, r *http.Request) error {
	return h.setRetired(w, r, true)
}

func (h supportTermHandlers) reuse(w http.ResponseWriter, r *http.Request) error {
	return h.setRetired(w, r, false)
}

func (h supportTermHandlers) setRetired(w http.ResponseWriter, r *http.Request, retire bool) error {
	state := func(ctx context.Context, id int64) (string, bool, error) {
		t, err := h.term(r)
		return t.Name, t.RetiredAt != nil, err
	}
	store := func(ctx context.Context, id int64, retire bool) error {
		return h.s.store.RetireSupportTerm(ctx, h.list.Kind, id, retire)
	}
	return h.s.setRetired(w, r, retire, domain.EntitySupportTerm, h.list.Path, state, store)
}
