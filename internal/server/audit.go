package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5/middleware"

	"mentorspor/internal/domain"
)

type accessLogStore interface {
	LogAccess(ctx context.Context, e domain.AccessEntry) error
	LogAccessMany(ctx context.Context, entries []domain.AccessEntry) error
	FindAccessEntries(ctx context.Context, f domain.AccessFilter) ([]domain.AccessEntry, int, error)
	EachAccessEntry(ctx context.Context, f domain.AccessFilter, fn func(domain.AccessEntry) error) error
}

// clientAddr is the client address the clientIP middleware trusted.
func clientAddr(r *http.Request) string {
	return middleware.GetClientIP(r.Context())
}

// logAccess writes one entry at once (the access-log export). Reads of a
// citizen's data are noted by the loaders and written by render (noteRead);
// changes are logged by the store in their own transaction. Reads of
// personal data must not go ahead unlogged, so the error is returned.
func (s *Server) logAccess(r *http.Request, action string, citizenID *int64, entity, entityID, purpose string) error {
	e := s.entry(r, action, citizenID, entity, entityID, "")
	e.Purpose = purpose
	if u := currentUser(r.Context()); u != nil {
		e.UserID, e.Username = &u.ID, u.Username
	}
	return s.store.LogAccess(r.Context(), e)
}

// audit records an event (sign-out, a denial) for the signed-in user; a
// failure to write is logged, not shown, since the event already happened.
func (s *Server) audit(r *http.Request, action string, citizenID *int64, entity, entityID, detail string) {
	var uid *int64
	username := ""
	if u := currentUser(r.Context()); u != nil {
		uid, username = &u.ID, u.Username
	}
	s.auditAs(r, uid, username, action, citizenID, entity, entityID, detail)
}

// auditAs is audit for a named user (sign-in, before the session has one).
func (s *Server) auditAs(r *http.Request, userID *int64, username, action string, citizenID *int64, entity, entityID, detail string) {
	e := s.entry(r, action, citizenID, entity, entityID, detail)
	e.UserID, e.Username = userID, username
	if err := s.store.LogAccess(r.Context(), e); err != nil {
		s.log.Error("access log write failed", "request_id", e.RequestID, "action", action, "err", err)
	}
}

func (s *Server) entry(r *http.Request, action string, citizenID *int64, entity, entityID, detail string) domain.AccessEntry {
	ri := info(r.Context())
	e := domain.AccessEntry{Action: action, CitizenID: citizenID, Entity: entity, EntityID: entityID,
		Detail: detail, RequestID: ri.id, IP: clientAddr(r)}
	if citizenID != nil {
		// A list's entries say which list showed the citizen; the loaders
		// and the store set a more precise purpose.
		e.Purpose = domain.ListPurpose(entity)
	}
	return e
}

// reads are the citizen reads of one request, written to the access log
// before the page that shows them is sent (render flushes them). The
// loaders that fetch a citizen, grant, session, concern or coping window
// for a request note the read, so a handler cannot show a citizen's data
// unlogged; error pages show none and drop them. One entry per citizen:
// the most specific thing read (a grant rather than the citizen it
// belongs to) names the entry and its purpose.
type reads struct {
	entries []domain.AccessEntry
}

type readsKey struct{}

// withReads gives the request its read list (wrap does it for every route).
func withReads(r *http.Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), readsKey{}, &reads{}))
}

// noteRead records that the request reads a citizen's data.
func (s *Server) noteRead(r *http.Request, citizenID int64, entity string, entityID int64, purpose string) {
	rs, ok := r.Context().Value(readsKey{}).(*reads)
	if !ok {
		return
	}
	e := s.entry(r, domain.ActionView, &citizenID, entity, strconv.FormatInt(entityID, 10), "")
	e.Purpose = purpose
	if u := currentUser(r.Context()); u != nil {
		e.UserID, e.Username = &u.ID, u.Username
	}
	for i, old := range rs.entries {
		if *old.CitizenID == citizenID {
			if entity != domain.EntityCitizen {
				rs.entries[i] = e
			}
			return
		}
	}
	rs.entries = append(rs.entries, e)
}

// flushReads writes the request's noted reads in one round trip; a page is
// not sent when its reads cannot be logged.
func (s *Server) flushReads(r *http.Request) error {
	rs, ok := r.Context().Value(readsKey{}).(*reads)
	if !ok || len(rs.entries) == 0 {
		return nil
	}
	err := s.store.LogAccessMany(r.Context(), rs.entries)
	rs.entries = nil
	return err
}

// dropReads forgets the noted reads (an error page shows no citizen data).
func dropReads(r *http.Request) {
	if rs, ok := r.Context().Value(readsKey{}).(*reads); ok {
		rs.entries = nil
	}
}
