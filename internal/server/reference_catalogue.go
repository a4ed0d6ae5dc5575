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

// The catalogue of the mentor's tasks and exclusions, and the target groups,
// are lists the caseworker chooses from. An entry is never deleted: it is
// retired (udgår), stays on the grants and citizens that use it, and can be
// taken back into use.

// --- Catalogue -------------------------------------------------------------

// catalogueView is the catalogue page with both lists, read as it renders.
func (s *Server) catalogueView(r *http.Request, page views.ReferenceCataloguePage) templ.Component {
	return deferred(func(ctx context.Context) (templ.Component, error) {
		var err error
		if page.Tasks, err = s.store.FindCatalogue(ctx, domain.KindTask, true); err != nil {
			return nil, err
		}
		if page.Exclusions, err = s.store.FindCatalogue(ctx, domain.KindExclusion, true); err != nil {
			return nil, err
		}
		page.Base = s.base(r, "Opgaver og undtagelser")
		return views.ReferenceCatalogue(page), nil
	})
}

func (s *Server) handleCatalogueIndex(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, s.catalogueView(r, views.ReferenceCataloguePage{}))
}

func (s *Server) handleCatalogueCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	page := views.ReferenceCataloguePage{Form: catalogueForm(r.PostForm)}
	kind := page.Form.Kind
	if kind != domain.KindTask && kind != domain.KindExclusion {
		// Keep what was typed: it goes back in the task form, with the message.
		page.Form = views.CatalogueForm{Kind: domain.KindTask, Text: page.Form.Text}
		page.Errors = map[string]string{"text": "Vælg, om punktet er en opgave eller en undtagelse."}
		return s.render(w, r, http.StatusUnprocessableEntity, s.catalogueView(r, page))
	}
	id, err := s.store.CreateCatalogueItem(r.Context(), kind, page.Form.Text, page.Form.Standard, postedFormToken(r), currentUser(r.Context()).ID)
	if err != nil {
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return s.catalogueView(r, page) })
	}
	shown := strings.TrimSpace(page.Form.Text)
	s.audit(r, domain.ActionCreate, nil, domain.EntityCatalogueItem, strconv.FormatInt(id, 10), string(kind)+": "+shown)
	s.flash(r, "»"+shown+"« er tilføjet til "+views.CatalogueKindLabel(kind)+".")
	http.Redirect(w, r, "/admin/stamdata/katalog", http.StatusSeeOther)
	return nil
}

// catalogueForm reads the posted catalogue item. Only exclusions are ticked
// in advance on a new LAB grant, so only they can be standard.
func catalogueForm(p url.Values) views.CatalogueForm {
	kind := domain.CatalogueKind(p.Get("kind"))
	return views.CatalogueForm{Kind: kind, Text: p.Get("text"),
		Standard: kind == domain.KindExclusion && p.Get("standard") != ""}
}

func (s *Server) handleCatalogueRetire(w http.ResponseWriter, r *http.Request) error {
	return s.setCatalogueRetired(w, r, true)
}

func (s *Server) handleCatalogueReuse(w http.ResponseWriter, r *http.Request) error {
	return s.setCatalogueRetired(w, r, false)
}

func (s *Server) setCatalogueRetired(w http.ResponseWriter, r *http.Request, retire bool) error {
	return s.setRetired(w, r, retire, domain.EntityCatalogueItem, "/admin/stamdata/katalog", s.catalogueItemState, s.store.RetireCatalogueItem)
}

// catalogueItemState is the text of an entry of either kind, retired
// included, and whether it is retired.
func (s *Server) catalogueItemState(ctx context.Context, id int64) (string, bool, error) {
	for _, kind := range []domain.CatalogueKind{domain.KindTask, domain.KindExclusion} {
		items, err := s.store.FindCatalogue(ctx, kind, true)
		if err != nil {
			return "", false, err
		}
		if i := slices.IndexFunc(items, func(it domain.CatalogueItem) bool { return it.ID == id }); i >= 0 {
			return items[i].Text, items[i].RetiredAt != nil, nil
		}
	}
	return "", false, domain.Errorf(domain.ENOTFOUND, "Katalogpunktet findes ikke.")
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
