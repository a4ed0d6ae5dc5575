package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

// The catalogue of the mentor's tasks and exclusions, and the target groups,
// are lists the caseworker chooses from. An entry is never deleted: it is
// retired (udgår), stays on the grants and citizens that use it, and can be
// taken back into use.

// --- Catalogue -------------------------------------------------------------

func (s *Server) renderCatalogue(w http.ResponseWriter, r *http.Request, status int, page views.ReferenceCataloguePage) error {
	var err error
	if page.Tasks, err = s.store.FindCatalogue(r.Context(), domain.KindTask, true); err != nil {
		return err
	}
	if page.Exclusions, err = s.store.FindCatalogue(r.Context(), domain.KindExclusion, true); err != nil {
		return err
	}
	page.Base = s.base(r, "Opgaver og undtagelser")
	return s.render(w, r, status, views.ReferenceCatalogue(page))
}

func (s *Server) handleCatalogueIndex(w http.ResponseWriter, r *http.Request) error {
	return s.renderCatalogue(w, r, http.StatusOK, views.ReferenceCataloguePage{})
}

func (s *Server) handleCatalogueCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	form := catalogueForm(r.PostForm)
	kind, text := form.Kind, form.Text
	if kind != domain.KindTask && kind != domain.KindExclusion {
		// Keep what was typed: it goes back in the task form, with the message.
		return s.renderCatalogue(w, r, http.StatusUnprocessableEntity, views.ReferenceCataloguePage{
			Form:      views.CatalogueForm{Kind: domain.KindTask, Text: text},
			FormState: views.FormState{Errors: map[string]string{"text": "Vælg, om punktet er en opgave eller en undtagelse."}}})
	}
	shown := strings.TrimSpace(text)
	standard := form.Standard
	id, err := s.store.CreateCatalogueItem(r.Context(), kind, text, standard, postedFormToken(r), currentUser(r.Context()).ID)
	if err == nil {
		s.audit(r, domain.ActionCreate, nil, domain.EntityCatalogueItem, strconv.FormatInt(id, 10), string(kind)+": "+shown)
		s.flash(r, "»"+shown+"« er tilføjet til "+views.CatalogueKindLabel(kind)+".")
		http.Redirect(w, r, "/admin/stamdata/katalog", http.StatusSeeOther)
		return nil
	}
	if domain.ErrorCode(err) != domain.EINVALID {
		return err
	}
	return s.renderCatalogue(w, r, http.StatusUnprocessableEntity, views.ReferenceCataloguePage{
		Form:      views.CatalogueForm{Kind: kind, Text: text, Standard: standard},
		FormState: views.FormState{Errors: map[string]string{"text": storeFieldMessage(err, "text")}}})
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

func (s *Server) renderTargetGroups(w http.ResponseWriter, r *http.Request, status int, page views.ReferenceTargetGroupsPage) error {
	groups, err := s.store.FindTargetGroups(r.Context(), true)
	if err != nil {
		return err
	}
	page.Base = s.base(r, "Målgrupper")
	page.Groups = groups
	return s.render(w, r, status, views.ReferenceTargetGroups(page))
}

func (s *Server) handleTargetGroupIndex(w http.ResponseWriter, r *http.Request) error {
	return s.renderTargetGroups(w, r, http.StatusOK, views.ReferenceTargetGroupsPage{})
}

func (s *Server) handleTargetGroupCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	name := r.PostForm.Get("name")
	id, err := s.store.CreateTargetGroup(r.Context(), name, postedFormToken(r), currentUser(r.Context()).ID)
	if err == nil {
		s.audit(r, domain.ActionCreate, nil, domain.EntityTargetGroup, strconv.FormatInt(id, 10), strings.TrimSpace(name))
		s.flash(r, "Målgruppen »"+strings.TrimSpace(name)+"« er oprettet.")
		http.Redirect(w, r, "/admin/stamdata/maalgrupper", http.StatusSeeOther)
		return nil
	}
	if domain.ErrorCode(err) != domain.EINVALID {
		return err
	}
	return s.renderTargetGroups(w, r, http.StatusUnprocessableEntity, views.ReferenceTargetGroupsPage{
		Name: name, FormState: views.FormState{Errors: map[string]string{"name": storeFieldMessage(err, "name")}}})
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
