package server

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"

	"mentorspor/internal/domain"
)

type accessLogStore interface {
	LogAccess(ctx context.Context, e domain.AccessEntry) error
	FindAccessEntries(ctx context.Context, f domain.AccessFilter) ([]domain.AccessEntry, int, error)
	EachAccessEntry(ctx context.Context, f domain.AccessFilter, fn func(domain.AccessEntry) error) error
}

// clientAddr is the client address the clientIP middleware trusted.
func clientAddr(r *http.Request) string {
	return middleware.GetClientIP(r.Context())
}

// logAccess is the one helper every handler uses when it reads or writes a
// citizen's data: it writes who, which citizen, what, when and from where.
// Reads of personal data must not go ahead unlogged, so the error is returned.
func (s *Server) logAccess(r *http.Request, action string, citizenID *int64, entity, entityID string) error {
	e := s.entry(r, action, citizenID, entity, entityID, "")
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
	return domain.AccessEntry{Action: action, CitizenID: citizenID, Entity: entity, EntityID: entityID,
		Detail: detail, RequestID: ri.id, IP: clientAddr(r)}
}
