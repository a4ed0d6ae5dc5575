package domain

// CaseloadFilter selects the team page.
type CaseloadFilter struct {
	TeamID       *int64
	CaseworkerID *int64 // a caseworker's own citizens (work queues)
}

// CaseloadRow is one citizen on a mentor's "my citizens" page.
type CaseloadRow struct {
	CitizenID      int64
	CitizenName    string
	Phone          string
	Functions      []Function
	ActiveGrantIDs []int64
	HoursPerWeek   float64
	WeekMinutes    int
	MonthMinutes   int
	LastContact    *Date
	OpenConcerns   int
	ReadOnly       bool  // only grants ended in the last 30 days
	CopingExpires  *Date // the open coping window's last day
}
