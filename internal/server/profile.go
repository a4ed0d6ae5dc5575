package server

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

// The profile booklet (profilhæfte): one page per mentor, browsable,
// filterable and printable. A mentor writes their own presentation,
// specialties and languages; the team lead decides what they may be assigned,
// how they are employed and their capacity.

type profileStore interface {
	FindProfiles(ctx context.Context, f domain.ProfileFilter) ([]domain.Profile, error)
	FindProfile(ctx context.Context, userID int64) (domain.Profile, error)
	FindSpecialties(ctx context.Context) ([]string, error)
	UpdateProfile(ctx context.Context, userID int64, in domain.ProfileInput, v domain.Validation) error
}

var (
	bookletReaders = rolesOnly(domain.RoleCaseworker, domain.RoleTeamLead, domain.RoleMentor)
	profileEditors = rolesOnly(domain.RoleTeamLead, domain.RoleMentor)
)

func (s *Server) registerProfileRoutes() {
	s.handle("GET", "/profilhaefte", bookletReaders, s.handleProfileIndex)
	s.handle("GET", "/profilhaefte/udskriv", bookletReaders, s.handleProfilePrint)
	s.handle("GET", "/profilhaefte/{id}", bookletReaders, s.handleProfileView)
	s.handle("GET", "/profilhaefte/{id}/rediger", profileEditors, s.handleProfileEdit)
	s.handle("POST", "/profilhaefte/{id}/rediger", profileEditors, s.handleProfileUpdate)
}

func (s *Server) handleProfileIndex(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page := views.ProfileIndexPage{Function: q.Get("funktion"), Specialty: strings.TrimSpace(q.Get("speciale")),
		FreeCapacity: q.Get("ledig") == "1"}
	f := domain.ProfileFilter{Specialty: page.Specialty, FreeCapacity: page.FreeCapacity}
	switch fn := domain.Function(page.Function); fn {
	case domain.FunctionMentor, domain.FunctionSupport:
		f.Function = fn
	default:
		page.Function = ""
	}
	profiles, err := s.store.FindProfiles(r.Context(), f)
	if err != nil {
		return err
	}
	specialties, err := s.store.FindSpecialties(r.Context())
	if err != nil {
		return err
	}
	page.Base = s.base(r, "Profilhæfte")
	page.Profiles, page.Specialties = profiles, specialties
	page.OwnID = currentUser(r.Context()).ID
	page.CanEditAll = currentUser(r.Context()).Roles.Has(domain.RoleTeamLead)
	return s.render(w, r, http.StatusOK, views.ProfileIndex(page))
}

func (s *Server) handleProfilePrint(w http.ResponseWriter, r *http.Request) error {
	profiles, err := s.store.FindProfiles(r.Context(), domain.ProfileFilter{})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.ProfilePrint(views.ProfilePrintPage{
		Title: "Profilhæfte", Today: domain.DateOf(s.now()), Profiles: profiles}))
}

func (s *Server) handleProfileView(w http.ResponseWriter, r *http.Request) error {
	p, _, err := byIDParam(r, s.store.FindProfile)
	if err != nil {
		return err
	}
	u := currentUser(r.Context())
	return s.render(w, r, http.StatusOK, views.ProfileView(views.ProfilePage{Base: s.base(r, p.Name),
		Profile: p, CanEdit: u.Roles.Has(domain.RoleTeamLead) || (u.Roles.Has(domain.RoleMentor) && u.ID == p.UserID)}))
}

// profileFor loads the profile the user may edit: a team lead any profile,
// a mentor only their own. Another mentor's profile is "not found", and the
// attempt is logged.
func (s *Server) profileFor(r *http.Request) (domain.Profile, bool, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return domain.Profile{}, false, err
	}
	u := currentUser(r.Context())
	lead := u.Roles.Has(domain.RoleTeamLead)
	if !lead && u.ID != id {
		s.audit(r, domain.ActionNotFound, nil, domain.EntityMentorProfile, strconv.FormatInt(id, 10), "ikke egen profil")
		return domain.Profile{}, false, domain.Errorf(domain.ENOTFOUND, "Profilen findes ikke.")
	}
	p, err := s.store.FindProfile(r.Context(), id)
	return p, lead, err
}

func (s *Server) handleProfileEdit(w http.ResponseWriter, r *http.Request) error {
	p, lead, err := s.profileFor(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.ProfileFormView(s.profileFormPage(r, p, lead, views.ProfileFormFrom(p))))
}

func (s *Server) profileFormPage(r *http.Request, p domain.Profile, lead bool, form views.ProfileForm) views.ProfileFormPage {
	title := "Rediger profil"
	if currentUser(r.Context()).ID == p.UserID {
		title = "Rediger min profil"
	}
	return views.ProfileFormPage{Base: s.base(r, title), Profile: p, Lead: lead, Form: form}
}

func (s *Server) handleProfileUpdate(w http.ResponseWriter, r *http.Request) error {
	p, lead, err := s.profileFor(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	form, in, v := profileForm(r.PostForm, lead)
	detail := "præsentation, specialer og sprog"
	if t := in.Terms; t != nil {
		detail += "; LAB-mentor: " + qualifiedText(t.QualifiedMentor) + ", § 85: " + qualifiedText(t.QualifiedSupport) +
			", " + domain.OptionLabel(domain.Employments, t.Employment) + ", kapacitet: " + domain.FormatHours(t.CapacityHours) + " t/uge"
	}
	if err := s.store.UpdateProfile(r.Context(), p.UserID, in, v); err != nil {
		page := s.profileFormPage(r, p, lead, form)
		return s.refused(w, r, err, &page.FormState, func() templ.Component { return views.ProfileFormView(page) })
	}
	s.audit(r, domain.ActionUpdate, nil, domain.EntityMentorProfile, strconv.FormatInt(p.UserID, 10), detail)
	msg := "Profilen for " + p.Name + " er gemt."
	if currentUser(r.Context()).ID == p.UserID {
		msg = "Din profil er gemt."
	}
	if in.Terms != nil {
		msg += overCapacityNote(p.Name, p.BookedHours, in.Terms.CapacityHours)
	}
	s.flash(r, msg)
	http.Redirect(w, r, "/profilhaefte/"+strconv.FormatInt(p.UserID, 10), http.StatusSeeOther)
	return nil
}

// profileForm reads the posted profile form: what was typed, the input, and
// messages for fields that could not be read. Only a team lead's form
// carries the terms; a mentor's posted qualifications, employment or
// capacity are ignored.
func profileForm(p url.Values, lead bool) (views.ProfileForm, domain.ProfileInput, domain.Validation) {
	form := views.ProfileForm{Presentation: p.Get("presentation"),
		Specialties: p.Get("specialties"), Languages: p.Get("languages")}
	in := domain.ProfileInput{Presentation: form.Presentation,
		Specialties: splitList(form.Specialties), Languages: splitList(form.Languages)}
	v := domain.Validation{}
	if lead {
		form.QualifiedMentor = p.Get("qualified_mentor") != ""
		form.QualifiedSupport = p.Get("qualified_support") != ""
		form.Employment, form.Capacity = p.Get("employment"), p.Get("capacity_hours")
		t := &domain.ProfileTerms{QualifiedMentor: form.QualifiedMentor, QualifiedSupport: form.QualifiedSupport,
			Employment: form.Employment}
		if h, msg := parseCapacity(form.Capacity); msg != "" {
			v.Add("capacity_hours", msg)
		} else {
			t.CapacityHours = h
		}
		in.Terms = t
	}
	return form, in, v
}

// splitList reads specialties or languages written one per line or
// separated by commas or semicolons.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' })
}

// parseCapacity reads hours a week typed as "12,5", "12.5" or "0": 0–80 in
// quarter hours. Unlike domain.ParseHours it accepts 0 (no new citizens).
func parseCapacity(s string) (float64, string) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	if s == "" {
		return 0, "Skriv kapaciteten i timer pr. uge, fx 12,5. Skriv 0, hvis personen ikke skal have flere borgere."
	}
	h, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(h) || math.IsInf(h, 0) {
		return 0, "Skriv kapaciteten som et tal, fx 12,5."
	}
	return h, domain.CapacityProblem(h)
}
