package domain

import (
	"strings"
	"time"
)

// CPR is a Danish personal identification number, stored as ten digits.
// It is never put in a URL or an application log.
type CPR string

// ParseCPR accepts DDMMÅÅ-LLLL or ten digits (spaces ignored). The first six
// digits must be a real date; the old modulus-11 check is not applied, since
// numbers issued since 2007 may fail it.
func ParseCPR(s string) (CPR, string) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if len(s) == 11 && s[6] == '-' {
		s = s[:6] + s[7:]
	}
	if len(s) != 10 {
		return "", "Skriv CPR-nummeret som DDMMÅÅ-LLLL eller 10 cifre."
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return "", "Et CPR-nummer består af 10 cifre, fx 010190-1234."
		}
	}
	c := CPR(s)
	if c.BirthDate().IsZero() {
		return "", "De første seks cifre skal være en gyldig fødselsdato (DDMMÅÅ)."
	}
	return c, ""
}

func digits(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// BirthDate is the date in the number, with the century taken from the 7th
// digit by CPR's rules; the zero time when it is not a real date.
func (c CPR) BirthDate() time.Time {
	if len(c) != 10 {
		return time.Time{}
	}
	s := string(c)
	day, month, yy, d7 := digits(s[0:2]), digits(s[2:4]), digits(s[4:6]), digits(s[6:7])
	var year int
	switch {
	case d7 <= 3:
		year = 1900 + yy
	case d7 == 4 || d7 == 9:
		if yy <= 36 {
			year = 2000 + yy
		} else {
			year = 1900 + yy
		}
	default: // 5–8
		if yy <= 57 {
			year = 2000 + yy
		} else {
			year = 1800 + yy
		}
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || t.Day() != day || t.Month() != time.Month(month) {
		return time.Time{}
	}
	return t
}

// Formatted is DDMMÅÅ-LLLL.
func (c CPR) Formatted() string {
	if len(c) != 10 {
		return string(c)
	}
	return string(c[:6]) + "-" + string(c[6:])
}

// Masked is DDMMÅÅ-xxxx, shown to everyone but caseworkers and team leads.
func (c CPR) Masked() string {
	if len(c) != 10 {
		return "xxxxxx-xxxx"
	}
	return string(c[:6]) + "-xxxx"
}

// CanSeeFullCPR reports whether roles may see whole CPR numbers.
func CanSeeFullCPR(roles Roles) bool { return roles.Has(RoleCaseworker, RoleTeamLead) }
