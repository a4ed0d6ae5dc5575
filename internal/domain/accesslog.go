package domain

import "time"

// Access log actions. Every read or write of a citizen's data, every sign-in
// and sign-out and every access denial is written with one of these.
const (
	ActionLogin        = "login"
	ActionLoginFailed  = "login_failed"
	ActionLoginLocked  = "login_locked"
	ActionLogout       = "logout"
	ActionDenied       = "access_denied"
	ActionNotFound     = "not_found_denied"
	ActionView         = "view"
	ActionCreate       = "create"
	ActionUpdate       = "update"
	ActionExport       = "export"
	ActionSessionEnded = "session_ended"
)

// ActionLabel is the Danish description of an action.
func ActionLabel(action string) string {
	switch action {
	case ActionLogin:
		return "Logget ind"
	case ActionLoginFailed:
		return "Mislykket login"
	case ActionLoginLocked:
		return "Login spærret"
	case ActionLogout:
		return "Logget ud"
	case ActionDenied:
		return "Adgang nægtet"
	case ActionNotFound:
		return "Forsøg på adgang til ukendt/fremmed data"
	case ActionView:
		return "Visning"
	case ActionCreate:
		return "Oprettelse"
	case ActionUpdate:
		return "Ændring"
	case ActionExport:
		return "Eksport"
	case ActionSessionEnded:
		return "Session afsluttet"
	}
	return action
}

// AccessEntry is one row of the append-only access log.
type AccessEntry struct {
	ID        int64
	At        time.Time
	UserID    *int64
	Username  string
	Action    string
	CitizenID *int64
	Entity    string
	EntityID  string
	Detail    string
	RequestID string
	IP        string
}

// AccessFilter selects access-log rows. Zero values mean "any".
type AccessFilter struct {
	UserID    *int64
	Username  string
	CitizenID *int64
	From, To  time.Time // To is exclusive
	Offset    int
	Limit     int
}
