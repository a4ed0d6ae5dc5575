package domain

import (
	"net/mail"
	"strings"
	"time"
)

// Citizen is a person who receives support.
type Citizen struct {
	ID               int64
	CPR              CPR
	Name             string
	Phone            string
	Email            string
	Address          string
	AddressProtected bool
	// AddressHidden is set by VisibleTo when Address was blanked because
	// the user may not see it (pages say "Beskyttet adresse").
	AddressHidden   bool
	TargetGroupID   *int64
	TargetGroupName string
	CaseworkerID    *int64
	CaseworkerName  string
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// CitizenInput is the citizen form as typed.
type CitizenInput struct {
	CPR              string
	Name             string
	Phone            string
	Email            string
	Address          string
	AddressProtected bool
	TargetGroupID    *int64
	CaseworkerID     *int64
	Version          int    // the version the user edited (optimistic locking)
	FormToken        string // the create form's one-time token (see AlreadySaved)
	// KeepAddress leaves the stored address and its protection as they are:
	// the form of a user who may not see a protected address carries neither.
	KeepAddress bool
}

// CanSeeAddress is the one rule for a citizen's address: an address under
// name and address protection is shown only to team leads and to the
// citizen's responsible caseworker — not to other caseworkers, nor to
// mentors. An unprotected address is shown to everyone who sees the citizen.
func CanSeeAddress(u *User, c Citizen) bool {
	if !c.AddressProtected {
		return true
	}
	if u == nil {
		return false
	}
	return u.Roles.Has(RoleTeamLead) ||
		(u.Roles.Has(RoleCaseworker) && c.CaseworkerID != nil && *c.CaseworkerID == u.ID)
}

// VisibleTo returns the citizen as u may see them: a protected address u may
// not see is blanked and marked hidden, so that no page can show it.
func (c Citizen) VisibleTo(u *User) Citizen {
	if !CanSeeAddress(u, c) {
		c.Address, c.AddressHidden = "", true
	}
	return c
}

// Validate checks the input and returns the parsed CPR number.
func (in *CitizenInput) Validate() (CPR, error) {
	in.Name = strings.TrimSpace(in.Name)
	in.Phone = strings.TrimSpace(in.Phone)
	in.Email = strings.TrimSpace(in.Email)
	in.Address = strings.TrimSpace(in.Address)
	v := Validation{}
	cpr, msg := ParseCPR(in.CPR)
	if msg != "" {
		v.Add("cpr", msg)
	}
	if in.Name == "" {
		v.Add("name", "Skriv borgerens navn.")
	} else {
		v.Text("name", in.Name, MaxShortText)
	}
	v.Text("address", in.Address, MaxShortText)
	v.Text("phone", in.Phone, 30)
	v.Text("email", in.Email, MaxShortText)
	if in.Email != "" && v["email"] == "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
			v.Add("email", "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk.")
		}
	}
	if in.Phone != "" && strings.Trim(in.Phone, "+0123456789 -") != "" {
		v.Add("phone", "Et telefonnummer må kun indeholde tal, mellemrum, bindestreg og +.")
	}
	if in.CaseworkerID == nil {
		v.Add("caseworker_id", "Vælg den ansvarlige sagsbehandler.")
	}
	return cpr, v.Err()
}

// CitizenFilter selects citizens for the list.
type CitizenFilter struct {
	Query    string // name part, or CPR prefix (digits)
	PersonID *int64 // only citizens with a grant held by this person (mentors)
	Social   bool   // only citizens the social administration has (socialrådgivere)
	Offset   int
	Limit    int
}

// CitizenCountCap is how far a citizen search counts its matches. A common
// surname matches thousands of citizens; counting and sorting them all cost
// more than finding the page, so past the cap the list says "Mere end 1.000
// borgere" (the count is CitizenCountCap + 1).
const CitizenCountCap = 1000

// DuplicateCPRError says the CPR number is registered already and names the
// citizen, so the page can link to them for those allowed to see them.
type DuplicateCPRError struct{ CitizenID int64 }

func (e *DuplicateCPRError) Error() string { return "cpr already registered" }
