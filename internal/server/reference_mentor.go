package server

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

// The administrator records who may be assigned as LAB mentor and as
// støttekontaktperson (SEL § 85), and how many hours a week each can take.

func (s *Server) handleMentorProfileIndex(w http.ResponseWriter, r *http.Request) error {
	rows, err := s.mentorRows(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.ReferenceMentors(views.ReferenceMentorsPage{
		Base: s.base(r, "Mentorer og kapacitet"), Rows: rows}))
}

func (s *Server) handleMentorProfileUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	rows, err := s.mentorRows(r.Context())
	if err != nil {
		return err
	}
	// Only the people on the page can be given a profile.
	i := slices.IndexFunc(rows, func(row views.MentorRow) bool { return row.Person.UserID == id })
	if i < 0 {
		return domain.Errorf(domain.ENOTFOUND, "Personen findes ikke eller er ikke mentor.")
	}
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	person := rows[i].Person
	row := views.MentorRow{Person: person,
		QualifiedMentor:  r.PostForm.Get("qualified_mentor") != "",
		QualifiedSupport: r.PostForm.Get("qualified_support") != "",
		Capacity:         r.PostForm.Get("capacity_hours"),
	}
	capacity, msg := parseDanishAmount(row.Capacity,
		"Skriv kapaciteten i timer pr. uge, fx 12,5. Skriv 0, hvis personen ikke skal have flere borgere.")
	if msg == "" {
		if msg, err = refusedField(s.store.SetQualifications(r.Context(), id, row.QualifiedMentor, row.QualifiedSupport, capacity),
			"capacity_hours"); err != nil {
			return err
		}
	}
	if msg != "" {
		row.Error = msg
		rows[i] = row
		return s.render(w, r, http.StatusUnprocessableEntity, views.ReferenceMentors(views.ReferenceMentorsPage{
			Base: s.base(r, "Mentorer og kapacitet"), Rows: rows}))
	}
	s.audit(r, domain.ActionUpdate, nil, domain.EntityMentorProfile, strconv.FormatInt(id, 10),
		"LAB-mentor: "+qualifiedText(row.QualifiedMentor)+", § 85: "+qualifiedText(row.QualifiedSupport)+
			", kapacitet: "+domain.FormatHours(capacity)+" t/uge")
	s.flash(r, "Kvalifikationer og kapacitet for "+person.Name+" er gemt."+overCapacityNote(person.Name, person.BookedHours, capacity))
	http.Redirect(w, r, "/admin/stamdata/mentorer", http.StatusSeeOther)
	return nil
}

// mentorRows is one row per person with a mentor profile and per active
// user with the mentor role, so that a new mentor can be given a profile.
func (s *Server) mentorRows(ctx context.Context) ([]views.MentorRow, error) {
	persons, err := s.store.FindPersons(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var rows []views.MentorRow
	for _, p := range persons {
		seen[p.UserID] = true
		rows = append(rows, views.MentorRowFromPerson(p))
	}
	const batch = 200
	for offset := 0; ; offset += batch {
		users, total, err := s.store.FindUsers(ctx, domain.UserFilter{Role: domain.RoleMentor, Offset: offset, Limit: batch})
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if u.Active && !seen[u.ID] {
				seen[u.ID] = true
				rows = append(rows, views.MentorRowFromPerson(domain.Person{
					UserID: u.ID, Name: u.DisplayName, Email: u.Email, Phone: u.Phone}))
			}
		}
		if len(users) == 0 || offset+len(users) >= total {
			return rows, nil
		}
	}
}

// overCapacityNote is what a saved capacity adds to its confirmation when
// the person already has more hours on active grants: "" or " Bemærk: …".
func overCapacityNote(name string, booked, capacity float64) string {
	if booked <= capacity {
		return ""
	}
	return " Bemærk: " + name + " har allerede " + domain.FormatHours(booked) +
		" timer pr. uge på aktive bevillinger, mere end kapaciteten."
}

func qualifiedText(b bool) string {
	if b {
		return "ja"
	}
	return "nej"
}
