package server

// Placeholder, replaced by the real pages.
type caseloadStore interface{}

func (s *Server) registerCaseloadRoutes() {}
