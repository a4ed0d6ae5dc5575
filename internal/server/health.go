package server

import (
	"context"
	"net/http"
	"time"
)

func (s *Server) registerHealthRoutes() {
	s.handle("GET", "/healthz", public, s.handleHealthz)
	s.handle("GET", "/readyz", public, s.handleReadyz)
}

// handleHealthz says the process is alive; it does not touch the database.
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}

// handleReadyz says whether the database answers and its schema is current.
func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.store.Ready(ctx); err != nil {
		s.log.Warn("not ready", "request_id", info(r.Context()).id, "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, err := w.Write([]byte("not ready\n"))
		return err
	}
	_, err := w.Write([]byte("ready\n"))
	return err
}
