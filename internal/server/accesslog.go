package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

func (s *Server) registerAccessLogRoutes() {
	s.handle("GET", "/admin/adgangslog", adminOnly, s.handleAccessLogIndex)
	s.handle("GET", "/admin/adgangslog/eksport", adminOnly, s.handleAccessLogExport)
}

// accessFilterForm reads the search form; messages go next to the fields.
func accessFilterForm(r *http.Request) (views.AccessFilterForm, domain.AccessFilter, map[string]string) {
	q := r.URL.Query()
	form := views.AccessFilterForm{Username: strings.TrimSpace(q.Get("bruger")), Citizen: strings.TrimSpace(q.Get("borger")),
		From: q.Get("fra"), To: q.Get("til"), Anonymize: q.Get("uden_navne") == "1"}
	f := domain.AccessFilter{Username: strings.ToLower(form.Username)}
	errs := map[string]string{}
	if form.Citizen != "" {
		id, err := strconv.ParseInt(form.Citizen, 10, 64)
		if err != nil || id <= 0 {
			errs["borger"] = "Skriv borgerens id-nummer (kun tal)."
		} else {
			f.CitizenID = &id
		}
	}
	if form.From != "" {
		if t, ok := domain.ParseDate(form.From); ok {
			f.From = t
		} else {
			errs["fra"] = "Skriv en gyldig dato, fx 24.11.2026."
		}
	}
	if form.To != "" {
		if t, ok := domain.ParseDate(form.To); ok {
			f.To = t.AddDate(0, 0, 1) // the whole day is included
		} else {
			errs["til"] = "Skriv en gyldig dato, fx 24.11.2026."
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		errs["til"] = "Slutdatoen skal være samme dag som eller efter startdatoen."
	}
	return form, f, errs
}

func (s *Server) handleAccessLogIndex(w http.ResponseWriter, r *http.Request) error {
	form, f, errs := accessFilterForm(r)
	page := views.AccessLogPage{Base: s.base(r, "Adgangslog"), Form: form, FormState: views.FormState{Errors: errs}}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
		return s.render(w, r, status, views.AccessLog(page))
	}
	// One row more than a page tells whether there is a page beyond.
	f.BeforeID, _ = strconv.ParseInt(r.URL.Query().Get("foer"), 10, 64)
	f.AfterID, _ = strconv.ParseInt(r.URL.Query().Get("efter"), 10, 64)
	f.Limit = pageSize + 1
	entries, total, err := s.store.FindAccessEntries(r.Context(), f)
	if err != nil {
		return err
	}
	var newer, older bool
	if f.AfterID != 0 {
		newer, older = len(entries) > pageSize, true
		if newer {
			entries = entries[1:]
		}
	} else {
		newer, older = f.BeforeID != 0, len(entries) > pageSize
		if older {
			entries = entries[:pageSize]
		}
	}
	var first, last int64
	if len(entries) > 0 {
		first, last = entries[0].ID, entries[len(entries)-1].ID
	}
	page.Entries = entries
	page.Pager = views.NewKeyPager(r.URL, total, domain.AccessCountCap, newer, older, first, last)
	return s.render(w, r, status, views.AccessLog(page))
}

// handleAccessLogExport writes one citizen's log as CSV for an access
// request (GDPR art. 15), optionally without staff names. The export is
// itself logged.
func (s *Server) handleAccessLogExport(w http.ResponseWriter, r *http.Request) error {
	form, f, errs := accessFilterForm(r)
	if f.CitizenID == nil && errs["borger"] == "" {
		errs["borger"] = "Vælg den borger, hvis log skal udleveres."
	}
	if f.CitizenID != nil {
		// The export's own log row refers to the citizen: an unknown id is
		// the admin's typo, not a database error.
		if _, err := s.store.FindCitizenByID(r.Context(), *f.CitizenID); domain.ErrorCode(err) == domain.ENOTFOUND {
			errs["borger"] = "Der findes ingen borger med id-nummer " + strconv.FormatInt(*f.CitizenID, 10) + "."
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, views.AccessLog(views.AccessLogPage{
			Base: s.base(r, "Adgangslog"), Form: form, FormState: views.FormState{Errors: errs}}))
	}
	f.Username = "" // an access request covers everyone who touched the data
	if err := s.logAccess(r, domain.ActionExport, f.CitizenID, domain.EntityAccessLog, "",
		"Aktindsigt: borgerens log udleveret"); err != nil {
		return err
	}
	name := fmt.Sprintf("adgangslog-borger-%d-%s.csv", *f.CitizenID, s.now().In(domain.Copenhagen).Format("2006-01-02"))
	out, err := startCSV(w, name)
	if err != nil {
		return err
	}
	// The citizen's own copy: plain Danish, no internal ids or codes. Each
	// row says when, who, what was done, with what, and why (the support
	// the read or change served).
	if err := out.Header("Tidspunkt", "Medarbejder", "Handling", "Oplysninger", "Formål", "Bemærkning"); err != nil {
		return err
	}
	err = s.store.EachAccessEntry(r.Context(), f, func(e domain.AccessEntry) error {
		who := e.Username
		if form.Anonymize {
			who = "Medarbejder i kommunen"
		}
		return out.Row(csvText(domain.FormatDateTime(e.At)), csvText(who), csvText(domain.ActionLabel(e.Action)),
			csvText(domain.EntityLabel(e.Entity)), csvText(e.Purpose), csvText(e.Detail))
	})
	if err != nil {
		s.log.Error("access log export failed", "request_id", info(r.Context()).id, "err", err)
	}
	return out.Close()
}
