package domain

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Team groups mentors and caseworkers under a team lead.
type Team struct {
	ID        int64
	Name      string
	Members   int
	CreatedAt time.Time
}

// User is a person who signs in.
type User struct {
	ID           int64
	Username     string
	DisplayName  string
	Email        string
	Phone        string
	Roles        Roles
	TeamID       *int64
	TeamName     string
	Active       bool
	SessionEpoch int
	IsDemo       bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// UserInput is what an administrator types to create or edit a user.
// Password is only used when creating.
type UserInput struct {
	Username    string
	DisplayName string
	Email       string
	Phone       string
	Roles       Roles
	TeamID      *int64
	Password    string
	FormToken   string // the create form's one-time token (see AlreadySaved)
}

var usernamePattern = regexp.MustCompile(`^[a-z0-9._-]{2,64}$`)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// Normalize trims the fields and lower-cases the username.
func (in *UserInput) Normalize() {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	in.Email = strings.TrimSpace(in.Email)
	in.Phone = strings.TrimSpace(in.Phone)
	in.Roles = in.Roles.Normalize()
}

// Validate checks the input; creating also checks the password.
func (in UserInput) Validate(creating bool) error {
	v := Validation{}
	if !usernamePattern.MatchString(in.Username) {
		v.Add("username", "Brugernavnet skal være 2–64 tegn: små bogstaver a–z, tal, punktum, bindestreg eller understreg.")
	}
	if in.DisplayName == "" {
		v.Add("display_name", "Skriv brugerens navn.")
	} else {
		v.Text("display_name", in.DisplayName, MaxShortText)
	}
	v.Text("phone", in.Phone, 30)
	if v.Text("email", in.Email, MaxShortText) && in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
			v.Add("email", "Skriv en gyldig e-mailadresse, fx navn@kommune.dk.")
		}
	}
	if len(in.Roles) == 0 {
		v.Add("roles", "Vælg mindst én rolle.")
	}
	if creating {
		if msg := PasswordProblem(in.Password); msg != "" {
			v.Add("password", msg)
		}
	}
	return v.Err()
}

// PasswordProblem returns a Danish message when password is not acceptable.
func PasswordProblem(password string) string {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return "Adgangskoden skal være mindst 10 tegn."
	}
	if len(password) > 256 {
		return "Adgangskoden må højst være 256 tegn."
	}
	return ""
}

// TeamInput is what an administrator types to create or rename a team.
type TeamInput struct {
	Name      string
	FormToken string // the create form's one-time token (see AlreadySaved)
}

// Validate checks the team name.
func (in *TeamInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	v := Validation{}
	if in.Name == "" {
		v.Add("name", "Skriv teamets navn.")
	} else {
		v.Text("name", in.Name, 100)
	}
	return v.Err()
}

// UserFilter selects users for the administrator's list.
type UserFilter struct {
	Query  string // part of username or display name
	TeamID *int64
	Role   Role
	Offset int
	Limit  int
}
