package domain

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
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
	TargetGroupID    *int64
	TargetGroupName  string
	CaseworkerID     *int64
	CaseworkerName   string
	Version          int
	CreatedAt        time.Time
	UpdatedAt        time.Time
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
	} else if utf8.RuneCountInString(in.Name) > 200 {
		v.Add("name", "Navnet må højst være 200 tegn.")
	}
	if in.Email != "" {
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
	Offset   int
	Limit    int
}
