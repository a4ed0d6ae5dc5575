package domain

import "slices"

// Role is what a user may do. A user can hold several.
type Role string

const (
	RoleCaseworker   Role = "sagsbehandler"   // the job centre's caseworker
	RoleSocialWorker Role = "socialraadgiver" // the social administration's caseworker
	RoleMentor       Role = "mentor"
	RoleTeamLead     Role = "teamleder"
	RoleAdmin        Role = "administrator"
)

// AllRoles in the order they are shown.
var AllRoles = []Role{RoleCaseworker, RoleSocialWorker, RoleMentor, RoleTeamLead, RoleAdmin}

// Label is the role's Danish name as shown in the UI.
func (r Role) Label() string {
	switch r {
	case RoleCaseworker:
		return "Sagsbehandler"
	case RoleSocialWorker:
		return "Socialrådgiver"
	case RoleMentor:
		return "Mentor"
	case RoleTeamLead:
		return "Teamleder"
	case RoleAdmin:
		return "Administrator"
	}
	return string(r)
}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool { return slices.Contains(AllRoles, r) }

// Roles is a set of roles kept in AllRoles order.
type Roles []Role

// Has reports whether any of want is held.
func (rs Roles) Has(want ...Role) bool {
	for _, w := range want {
		if slices.Contains(rs, w) {
			return true
		}
	}
	return false
}

// Normalize removes duplicates and unknown roles and sorts in AllRoles order.
func (rs Roles) Normalize() Roles {
	out := Roles{}
	for _, r := range AllRoles {
		if slices.Contains(rs, r) {
			out = append(out, r)
		}
	}
	return out
}

// Strings returns the roles as plain strings (for storage).
func (rs Roles) Strings() []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

// Labels returns the Danish labels joined for display.
func (rs Roles) Labels() []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Label()
	}
	return out
}
