package server

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

// The catalogues of tasks and exclusions, and the target groups,
// are lists the caseworker chooses from. An entry is never deleted: it is
// retired (udgår), stays on the grants and citizens that use it, and can be
// taken back into use.

// --- Catalogue -------------------------------------------------------------

// Each function has its own catalogue: the page shows one function's lists
// (?funktion=…, the LAB mentor's by default), and a new entry names its
// function.

// catalogueFunction is the function whose catalogue the page shows.
func catalogueFunction(r *http.Request) domain.Function {
	if fn := domain.Function(r.URL.Query().Get("funktion")); fn.Valid() {
		return fn
	}
	return domain.FunctionMentor
}

// cataloguePath is the catalogue page of function fn.
func cataloguePath(fn domain.Function) string {
	return "/admin/stamdata/katalog?funktion=" + url.QueryEscape(string(fn))
}

// catalogueView is the catalogue page with page.Function's two lists, read
// as it renders.
func (s *Server) catalogueView(r *http.Request, page views.ReferenceCataloguePage) templ.Component {
	return deferred(func(ctx context.Context) (templ.Component, error) {
		var err error
		if page.Tasks, err = s.store.FindCatalogue(ctx, page.Function, domain.KindTask, true); err != nil {
			return nil, err
		}
		if page.Exclusions, err = s.store.FindCatalogue(ctx, page.Function, domain.KindExclusion, true); err != nil {
			return nil, err
		}
		page.Base = s.base(r, "Opgaver og undtagelser")
		return views.ReferenceCatalogue(page), nil
	})
}

func (s *Server) handleCatalogueIndex(w http.ResponseWriter, r *http.Request) error {
	fn := catalogueFunction(r)
	page := views.ReferenceCataloguePage{Function: fn, Form: views.CatalogueForm{Function: fn}}
	return s.render(w, r, http.StatusOK, s.catalogueView(r, page))
}

func (s *Server) handleCatalogueCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	page := views.ReferenceCataloguePage{Form: catalogueForm(r.PostForm)}
	page.Function = page.Form.Function
	if !page.Function.Valid() {
		page.Function = domain.FunctionMentor
	}
	if page.Form.Kind != domain.KindTask && page.Form.Kind != domain.KindExclusion {
		// Keep what was typed: it goes back in the task form, with the message.
		page.Form = views.CatalogueForm{Function: page.Form.Function, Kind: domain.KindTask, Text: page.Form.Text}
		page.Errors = map[string]string{"text": "Vælg, om punktet er en opgave eller en undtagelse."}
		return s.render(w, r, http.StatusUnprocessableEntity, s.catalogueView(r, page))
	}
	in := domain.CatalogueItemInput{Function: page.Form.Function, Kind: page.Form.Kind, Text: page.Form.Text,
		Standard: page.Form.Standard, FormToken: postedFormToken(r)}
	id, err := s.store.CreateCatalogueItem(r.Context(), in, currentUser(r.Context()).ID)
	if err != nil {
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return s.catalogueView(r, page) })
	}
	shown := strings.TrimSpace(page.Form.Text)
	s.audit(r, domain.ActionCreate, nil, domain.EntityCatalogueItem, strconv.FormatInt(id, 10),
		string(in.Function)+" "+string(in.Kind)+": "+shown)
	s.flash(r, "»"+shown+"« er tilføjet til "+views.CatalogueKindLabel(in.Kind)+" for "+in.Function.LowerLabel()+".")
	http.Redirect(w, r, cataloguePath(in.Function), http.StatusSeeOther)
	return nil
}

// catalogueForm reads the posted catalogue item. Only exclusions are ticked
// in advance on a new grant, so only they can be standard.
func catalogueForm(p url.Values) views.CatalogueForm {
	kind := domain.CatalogueKind(p.Get("kind"))
	return views.CatalogueForm{Function: domain.Function(p.Get("function")), Kind: kind, Text: p.Get("text"),
		Standard: kind == domain.KindExclusion && p.Get("standard") != ""}
}

func (s *Server) handleCatalogueRetire(w http.ResponseWriter, r *http.Request) error {
	return s.setCatalogueRetired(w, r, true)
}

func (s *Server) handleCatalogueReuse(w http.ResponseWriter, r *http.Request) error {
	return s.setCatalogueRetired(w, r, false)
}

// setCatalogueRetired retires the URL's entry (or takes it back) and goes
// back to its function's catalogue.
func (s *Server) setCatalogueRetired(w http.ResponseWriter, r *http.Request, retire bool) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	it, err := s.store.FindCatalogueItemByID(r.Context(), id)
	if err != nil {
		return err
	}
	state := func(context.Context, int64) (string, bool, error) { return it.Text, it.RetiredAt != nil, nil }
	return s.setRetired(w, r, retire, domain.EntityCatalogueItem, cataloguePath(it.Function), state, s.store.RetireCatalogueItem)
}

// --- Target groups (målgrupper) ---------------------------------------------

// targetGroupsView is the target-group page with its list, read as it renders.
func (s *Server) targetGroupsView(r *http.Request, page views.ReferenceTargetGroupsPage) templ.Component {
	all := func(ctx context.Context) ([]domain.TargetGroup, error) { return s.store.FindTargetGroups(ctx, true) }
	return listing(all, func(groups []domain.TargetGroup) templ.Component {
		page.Base, page.Groups = s.base(r, "Målgrupper"), groups
		return views.ReferenceTargetGroups(page)
	})
}

func (s *Server) handleTargetGroupIndex(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, s.targetGroupsView(r, views.ReferenceTargetGroupsPage{}))
}

func (s *Server) handleTargetGroupCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	page := views.ReferenceTargetGroupsPage{Name: r.PostForm.Get("name")}
	id, err := s.store.CreateTargetGroup(r.Context(), page.Name, postedFormToken(r), currentUser(r.Context()).ID)
	if err != nil {
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return s.targetGroupsView(r, page) })
	}
	name := strings.TrimSpace(page.Name)
	s.audit(r, domain.ActionCreate, nil, domain.EntityTargetGroup, strconv.FormatInt(id, 10), name)
	s.flash(r, "Målgruppen »"+name+"« er oprettet.")
	http.Redirect(w, r, "/admin/stamdata/maalgrupper", http.StatusSeeOther)
	return nil
}

func (s *Server) handleTargetGroupRetire(w http.ResponseWriter, r *http.Request) error {
	return s.setTargetGroupRetired(w, r, true)
}

func (s *Server) handleTargetGroupReuse(w http.ResponseWriter, r *http.Request) error {
	return s.setTargetGroupRetired(w, r, false)
}

func (s *Server) setTargetGroupRetired(w http.ResponseWriter, r *http.Request, retire bool) error {
	return s.setRetired(w, r, retire, domain.EntityTargetGroup, "/admin/stamdata/maalgrupper", s.targetGroupState, s.store.RetireTargetGroup)
}

// targetGroupState is the name of a target group, retired included, and
// whether it is retired.
func (s *Server) targetGroupState(ctx context.Context, id int64) (string, bool, error) {
	groups, err := s.store.FindTargetGroups(ctx, true)
	if err != nil {
		return "", false, err
	}
	i := slices.IndexFunc(groups, func(g domain.TargetGroup) bool { return g.ID == id })
	if i < 0 {
		return "", false, domain.Errorf(domain.ENOTFOUND, "Målgruppen findes ikke.")
	}
	return groups[i].Name, groups[i].RetiredAt != nil, nil
}

// setRetired takes the URL's row of a reference list out of use (retire) or
// back into use, and goes back to the list's page. state says the row's
// name and whether it is retired now: a row that is so already is left as
// it is (retiring again would move its retirement date). A change is
// logged as entity.
func (s *Server) setRetired(w http.ResponseWriter, r *http.Request, retire bool, entity, list string,
	state func(ctx context.Context, id int64) (name string, retired bool, err error),
	store func(ctx context.Context, id int64, retire bool) error) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	name, retired, err := state(r.Context(), id)
	if err != nil {
		return err
	}
	if retired != retire {
		if err := store(r.Context(), id, retire); err != nil {
			return err
		}
		s.audit(r, domain.ActionUpdate, nil, entity, strconv.FormatInt(id, 10), retiredDetail(retire))
	}
	s.flash(r, retireFlash(name, retire))
	http.Redirect(w, r, list, http.StatusSeeOther)
	return nil
}

// retiredDetail is the access-log detail of a retirement or its undoing.
func retiredDetail(retire bool) string {
	if retire {
		return "udgået"
	}
	return "taget i brug igen"
}
