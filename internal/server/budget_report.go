package server

// Placeholder, replaced by the real pages.
type budgetReportStore interface{}

func (s *Server) registerBudgetReportRoutes() {}
