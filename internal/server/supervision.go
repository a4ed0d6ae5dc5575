package server

// Placeholder, replaced by the real pages.
type supervisionStore interface{}

func (s *Server) registerSupervisionRoutes() {}
