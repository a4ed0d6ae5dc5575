package domain

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The municipality's two administrations, equal parties: the job centre
// decides LAB mentor support and pays it from the employment budget; the
// social administration decides SEL § 85 and pays it from the social
// budget. Which is which is data (table administrations); these are the
// codes the seed data and the demo use.
const (
	AdministrationEmployment = "beskaeftigelse"
	AdministrationSocial     = "social"
)

// Administration is one administration as data: who grants under its legal
// bases, who approves its budget's month, and what its letters say.
type Administration struct {
	Code           string
	Name           string // "Jobcentret"
	LetterSender   string // the sender block of its letters
	ComplaintText  string // how to complain about its decisions
	GrantingRole   Role   // may grant under its legal bases
	ControllerRole Role   // approves its budget's monthly statement
}

// MayGrant reports whether a user with roles may grant under lb.
func (lb LegalBasis) MayGrant(roles Roles) bool {
	return lb.Administration.GrantingRole != "" && roles.Has(lb.Administration.GrantingRole)
}

// BudgetProblem says why budget cannot pay for a grant under lb: a grant is
// paid by its own administration's budget, so that its hours land where the
// law puts them. "" when it can.
func BudgetProblem(lb LegalBasis, budget Budget) string {
	if budget.Administration == lb.Administration.Code {
		return ""
	}
	name := lb.Administration.Name
	if name == "" {
		name = "lovgrundlagets forvaltning"
	}
	return "Budgettet " + budget.Name + " hører ikke til " + name + ". En bevilling efter " + lb.Paragraph +
		" betales af " + name + "s budget."
}

// AdministrationText is what the administrator writes for an
// administration's letters: the sender block and how to complain about its
// decisions.
type AdministrationText struct {
	LetterSender  string
	ComplaintText string
}

// The longest sender and complaint text accepted, in characters.
const (
	LetterSenderMax  = 200
	ComplaintTextMax = 4000
)

// Validate trims the texts (browsers send line breaks as CRLF; they are
// stored as LF) and adds Danish messages for the fields letter_sender and
// complaint_text.
func (in *AdministrationText) Validate(v Validation) error {
	in.LetterSender = strings.TrimSpace(in.LetterSender)
	in.ComplaintText = strings.TrimSpace(strings.ReplaceAll(in.ComplaintText, "\r\n", "\n"))
	if in.LetterSender == "" {
		v.Add("letter_sender", "Skriv afsenderen, fx Jobcentret.")
	} else if strings.ContainsAny(in.LetterSender, "\r\n") {
		v.Add("letter_sender", "Afsenderen skal stå på én linje.")
	}
	v.Text("letter_sender", in.LetterSender, LetterSenderMax)
	if in.ComplaintText == "" {
		v.Add("complaint_text", "Skriv klagevejledningen.")
	} else if n := utf8.RuneCountInString(in.ComplaintText); n > ComplaintTextMax {
		v.Add("complaint_text", fmt.Sprintf("Klagevejledningen må højst være %d tegn. Den er nu %d tegn.", ComplaintTextMax, n))
	}
	v.Text("complaint_text", in.ComplaintText, ComplaintTextMax)
	return v.Err()
}
