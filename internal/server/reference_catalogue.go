package server

import (
	"context"
	"net/http"
	"net/url"
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
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	item, err := s.findCatalogueItem(r.Context(), id)
	if err != nil {
		return err
	}
	// Retiring again would move the retirement date; there is nothing to do.
	if (item.RetiredAt != nil) != retire {
		if err := s.store.RetireCatalogueItem(r.Context(), id, retire); err != nil {
			return err
		}
		s.audit(r, domain.ActionUpdate, nil, domain.EntityCatalogueItem, strconv.FormatInt(id, 10), retiredDetail(retire))
	}
	s.flash(r, retireFlash(item.Text, retire))
	http.Redirect(w, r, "/admin/stamdata/katalog", http.StatusSeeOther)
	return nil
}

// findCatalogueItem looks an entry up among both kinds, retired included.
func (s *Server) findCatalogueItem(ctx context.Context, id int64) (domain.CatalogueItem, error) {
	for _, kind := range []domain.CatalogueKind{domain.KindTask, domain.KindExclusion} {
		items, err := s.store.FindCatalogue(ctx, kind, true)
		if err != nil {
			return domain.CatalogueItem{}, err
		}
		for _, it := range items {
			if it.ID == id {
				return it, nil
			}
		}
	}
	return domain.CatalogueItem{}, domain.Errorf(domain.ENOTFOUND, "Katalogpunktet findes ikke.")
}

// --- Target groups (målgrupper) ---------------------------------------------

// targetGroupsView is the target-group page with its list, read as it renders.
func (s *Server) targetGroupsView(r *http.Request, page views.ReferenceTargetGroupsPage) templ.Component {
	return deferred(func(ctx context.Context) (templ.Component, error) {
		var err error
		if page.Groups, err = s.store.FindTargetGroups(ctx, true); err != nil {
			return nil, err
		}
		page.Base = s.base(r, "Målgrupper")
		return views.ReferenceTargetGroups(page), nil
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
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	groups, err := s.store.FindTargetGroups(r.Context(), true)
	if err != nil {
		return err
	}
	var group *domain.TargetGroup
	for i := range groups {
		if groups[i].ID == id {
			group = &groups[i]
		}
	}
	if group == nil {
		return domain.Errorf(domain.ENOTFOUND, "Målgruppen findes ikke.")
	}
	if (group.RetiredAt != nil) != retire {
		if err := s.store.RetireTargetGroup(r.Context(), id, retire); err != nil {
			return err
		}
		s.audit(r, domain.ActionUpdate, nil, domain.EntityTargetGroup, strconv.FormatInt(id, 10), retiredDetail(retire))
	}
	s.flash(r, retireFlash(group.Name, retire))
	http.Redirect(w, r, "/admin/stamdata/maalgrupper", http.StatusSeeOther)
	return nil
}

// retiredDetail is the access-log detail of a retirement or its undoing.
func retiredDetail(retire bool) string {
	if retire {
		return "udgået"
	}
	return "taget i brug igen"
}
