package domain

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// Employments are the ways a mentor can be employed (LAB § 168: an employee
// of the municipality or a company, or an external consultant), in the order
// shown. The values are the database's.
var Employments = []Option{
	{Value: "fastansat", Label: "Fastansat"},
	{Value: "timeloennet", Label: "Timelønnet"},
	{Value: "ekstern_konsulent", Label: "Ekstern konsulent"},
}

// Limits of a profile's free text.
const (
	MaxPresentation = 2000 // characters
	MaxListEntries  = 15   // specialties, and languages
	MaxListEntry    = 40   // characters per specialty or language
)

// Profile is one page of the booklet: the person with their qualifications,
// capacity and current load, and what they write about themselves.
type Profile struct {
	Person
	Presentation string
	Specialties  []string
	Languages    []string
	Employment   string
}

// FreeHours is the capacity not yet booked on active grants (never negative).
func (p Profile) FreeHours() float64 { return math.Max(0, p.CapacityHours-p.BookedHours) }

// EmploymentLabel is the employment's Danish name.
func (p Profile) EmploymentLabel() string { return OptionLabel(Employments, p.Employment) }

// ProfileFilter selects profiles for the booklet; the zero value is everyone.
type ProfileFilter struct {
	Function     Function // only people qualified for it; "" for all
	Specialty    string   // only people with this specialty (any case)
	FreeCapacity bool     // only people with hours left this week
}

// ProfileInput is what may be changed in a profile. The person may change
// their own presentation, specialties and languages; Terms is what the team
// lead decides, and nil leaves it as it is.
type ProfileInput struct {
	Presentation string
	Specialties  []string
	Languages    []string
	Terms        *ProfileTerms
}

// ProfileTerms are the team lead's part of a profile: what the person may be
// assigned, how they are employed and how many hours a week they can take.
type ProfileTerms struct {
	QualifiedMentor  bool
	QualifiedSupport bool
	Employment       string
	CapacityHours    float64
}

// CapacityProblem returns a Danish message unless h is 0–80 hours a week in
// quarter hours. Zero is allowed: the person takes no new citizens.
func CapacityProblem(h float64) string {
	if math.IsNaN(h) || h < 0 || h > 80 {
		return "Kapaciteten skal være mellem 0 og 80 timer pr. uge."
	}
	if q := h * 4; math.Abs(q-math.Round(q)) > 1e-9 {
		return "Skriv hele eller kvarte timer, fx 12, 12,25, 12,5 eller 12,75."
	}
	return ""
}

// Validate trims the profile and checks it; the messages go to v, which may
// already hold the form's parse errors.
func (in *ProfileInput) Validate(v Validation) {
	in.Presentation = strings.TrimSpace(in.Presentation)
	if utf8.RuneCountInString(in.Presentation) > MaxPresentation {
		v.Add("presentation", fmt.Sprintf("Præsentationen må højst være %d tegn.", MaxPresentation))
	}
	v.Text("presentation", in.Presentation, MaxPresentation)
	in.Specialties = cleanList(in.Specialties, "specialties", "specialer", v)
	in.Languages = cleanList(in.Languages, "languages", "sprog", v)
	if t := in.Terms; t != nil {
		if !slices.ContainsFunc(Employments, func(o Option) bool { return o.Value == t.Employment }) {
			v.Add("employment", "Vælg ansættelsesform.")
		}
		if msg := CapacityProblem(t.CapacityHours); msg != "" {
			v.Add("capacity_hours", msg)
		}
	}
}

// cleanList trims the entries, drops empty ones and repeats (any case), and
// checks the count and length; what names the list in messages.
func cleanList(list []string, field, what string, v Validation) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, e := range list {
		e = strings.Join(strings.Fields(e), " ")
		if e == "" || seen[strings.ToLower(e)] {
			continue
		}
		seen[strings.ToLower(e)] = true
		if msg := TextProblem(e, MaxListEntry); msg == UnusableText {
			v.Add(field, msg)
		} else if utf8.RuneCountInString(e) > MaxListEntry {
			v.Add(field, fmt.Sprintf("»%s« er for lang: højst %d tegn pr. linje.", e, MaxListEntry))
		}
		out = append(out, e)
	}
	if len(out) > MaxListEntries {
		v.Add(field, fmt.Sprintf("Skriv højst %d %s (du har skrevet %d).", MaxListEntries, what, len(out)))
	}
	return out
}
