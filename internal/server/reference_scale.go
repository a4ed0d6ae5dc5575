package server

import (
	"net/http"
	"strconv"
	"strings"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

// goalScaleKey is the setting holding the top of the progress scale.
const goalScaleKey = "goal_scale_max"

func (s *Server) registerScaleRoutes() {
	s.handle("GET", "/admin/stamdata/skala", adminOnly, s.handleScaleForm)
	s.handle("POST", "/admin/stamdata/skala", adminOnly, s.handleScaleSave)
}

func (s *Server) handleScaleForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, views.ReferenceScale(views.ReferenceScalePage{
		Base: s.base(r, "Skala for fremskridt"), Value: strconv.Itoa(s.store.GoalScaleMax(r.Context()))}))
}

func (s *Server) handleScaleSave(w http.ResponseWriter, r *http.Request) error {
	_ = r.ParseForm()
	typed := strings.TrimSpace(r.PostForm.Get("scale_max"))
	n, err := strconv.Atoi(typed)
	if err != nil || n < 2 || n > 10 {
		return s.render(w, r, http.StatusUnprocessableEntity, views.ReferenceScale(views.ReferenceScalePage{
			Base: s.base(r, "Skala for fremskridt"), Value: typed,
			FormState: views.FormState{Errors: map[string]string{"scale_max": "Skriv et helt tal fra 2 til 10."}}}))
	}
	if err := s.store.SetSetting(r.Context(), goalScaleKey, strconv.Itoa(n)); err != nil {
		return err
	}
	s.audit(r, domain.ActionUpdate, nil, domain.EntitySetting, goalScaleKey, strconv.Itoa(n))
	s.flash(r, "Skalaen går nu fra 1 til "+strconv.Itoa(n)+".")
	http.Redirect(w, r, "/admin/stamdata/skala", http.StatusSeeOther)
	return nil
}
