package server

import (
	"context"
	"errors"
	"net"
	"net/http"

	"github.com/jackc/pgx/v5/pgconn"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

// serveError is the one place errors become pages. Users see a Danish text
// and the request id; an internal error's own text goes only to the log.
func (s *Server) serveError(w http.ResponseWriter, r *http.Request, err error) {
	ri := info(r.Context())
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		// The client went away; nobody is there to see a page.
		s.log.Debug("request canceled", "request_id", ri.id, "path", r.URL.Path)
		return
	}
	if s.answerAlreadySaved(w, r, err) {
		return
	}
	status := http.StatusInternalServerError
	page := views.ErrorPage{Base: s.base(r, "Der opstod en fejl"), RequestID: ri.id}
	switch {
	case dbUnavailable(err):
		status = http.StatusServiceUnavailable
		page.Title, page.Heading = "Midlertidigt utilgængelig", "Mentorspor er midlertidigt utilgængelig"
		page.Message = "Databasen svarer ikke lige nu. Prøv igen om lidt. Det, du har skrevet, er ikke gemt."
		s.log.Error("database unavailable", "request_id", ri.id, "err", err)
	default:
		switch domain.ErrorCode(err) {
		case domain.ENOTFOUND:
			status = http.StatusNotFound
			page.Title, page.Heading = "Siden findes ikke", "Siden findes ikke"
			page.Message = "Siden eller oplysningen findes ikke, eller du har ikke adgang til den."
		case domain.EFORBIDDEN:
			status = http.StatusForbidden
			page.Title, page.Heading = "Ingen adgang", "Du har ikke adgang"
			page.Message = domain.ErrorMessage(err)
		case domain.EINVALID:
			status = http.StatusUnprocessableEntity
			page.Title, page.Heading = "Ugyldige oplysninger", "Oplysningerne kan ikke bruges"
			page.Message = domain.ErrorMessage(err)
		case domain.ECONFLICT:
			status = http.StatusConflict
			page.Title, page.Heading = "Konflikt", "Ændringen kunne ikke gemmes"
			page.Message = domain.ErrorMessage(err)
		default:
			page.Title, page.Heading = "Der opstod en fejl", "Der opstod en fejl"
			page.Message = "Der skete en uventet fejl hos os. Prøv igen, og kontakt support med fejl-id'et, hvis det sker igen."
			s.log.Error("internal error", "request_id", ri.id, "method", r.Method, "path", r.URL.Path, "err", err)
		}
	}
	page.Status = status
	if rerr := s.render(w, r, status, views.Error(page)); rerr != nil {
		s.log.Error("render error page", "request_id", ri.id, "err", rerr)
	}
}

// dbUnavailable reports whether err means the database cannot be reached.
func dbUnavailable(err error) bool {
	var connErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connErr) || errors.As(err, &netErr) || errors.Is(err, context.DeadlineExceeded) ||
		pgconn.Timeout(err)
}
