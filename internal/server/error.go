package server

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/puddle/v2"

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
	dropReads(r) // an error page shows no citizen data
	if ri.errorServed {
		// An error page is already on its way (a session commit failed while
		// an earlier one was written); one page per response.
		return
	}
	status := http.StatusInternalServerError
	page := views.ErrorPage{RequestID: ri.id}
	unavailable := dbUnavailable(err)
	if unavailable {
		// Build the page without the database: no concern count, and the
		// flash stays in the session for the next page that works.
		page.Base = views.Base{Path: r.URL.Path}
		if u := currentUser(r.Context()); u != nil {
			page.User = &views.CurrentUser{Name: u.DisplayName, Username: u.Username, Roles: u.Roles}
		}
	} else {
		page.Base = s.base(r, "Der opstod en fejl")
	}
	switch {
	case unavailable:
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
	ri.errorServed = true
}

// dbUnavailable reports whether err means the database cannot serve the
// request right now — it is down, restarting, refusing connections, or the
// connection broke mid-request — so that the user gets the 503 page ("try
// again in a moment") and not the 500 page ("something is wrong with us").
func dbUnavailable(err error) bool {
	if err == nil {
		return false
	}
	// Any failure to connect: refused, timed out, "the database system is
	// starting up" (57P03) during the handshake, and so on.
	var connErr *pgconn.ConnectError
	if errors.As(err, &connErr) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return unavailableSQLState(pgErr.Code)
	}
	var netErr net.Error
	switch {
	case errors.As(err, &netErr), // reset, broken pipe, refused, i/o timeout
		errors.Is(err, puddle.ErrClosedPool), // the pool was closed (shutdown)
		errors.Is(err, pgconn.ErrConnClosed), // pgx closed the connection after an earlier failure
		errors.Is(err, io.EOF),               // the server closed the connection
		errors.Is(err, io.ErrUnexpectedEOF),  // ... in the middle of a message
		errors.Is(err, syscall.ECONNRESET),   // not always wrapped in a net.Error
		errors.Is(err, syscall.EPIPE),
		errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, context.DeadlineExceeded), // the database did not answer in time
		pgconn.Timeout(err),
		pgconn.SafeToRetry(err): // failed before anything was sent: trying again is safe
		return true
	}
	return false
}

// unavailableSQLState reports whether a server error code means the server
// or the connection is going away, rather than that the statement is wrong.
func unavailableSQLState(code string) bool {
	switch {
	case strings.HasPrefix(code, "08"): // connection exception
		return true
	case strings.HasPrefix(code, "57P"): // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 57P04 database_dropped, 57P05 idle_session_timeout
		return true
	}
	switch code {
	case "53300", // too_many_connections
		"57014", // query_canceled: statement_timeout or an operator's pg_cancel_backend
		"25006": // read_only_sql_transaction: a standby during failover
		return true
	}
	return false
}
