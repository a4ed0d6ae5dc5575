package server

// Placeholder, replaced by the real pages.
type profileStore interface{}

func (s *Server) registerProfileRoutes() {}
