package domain

import (
	"strconv"
	"strings"
	"time"
)

// Function is what a grant makes the person: the citizen's mentor (LAB) or
// støttekontaktperson (SEL § 85).
type Function string

const (
	FunctionMentor  Function = "mentor"
	FunctionSupport Function = "stoettekontaktperson"
)

// Label is the function's Danish name.
func (f Function) Label() string {
	if f == FunctionSupport {
		return "Støttekontaktperson"
	}
	return "Mentor"
}

// LowerLabel is the label inside a sentence: "mentor", "støttekontaktperson".
func (f Function) LowerLabel() string { return strings.ToLower(f.Label()) }

// Functions are the functions a grant can give, in the order shown.
var Functions = []Function{FunctionMentor, FunctionSupport}

// Valid reports whether f is a known function.
func (f Function) Valid() bool { return f == FunctionMentor || f == FunctionSupport }

// PersonNoun names the grant's person inside a sentence, indefinite:
// "din mentor", "en støttekontaktperson". A § 85 grant speaks of its
// støttekontaktperson, never of a mentor.
func (f Function) PersonNoun() string {
	if f == FunctionSupport {
		return "støttekontaktperson"
	}
	return "mentor"
}

// PersonNounDefinite is PersonNoun in the definite form: "mentoren",
// "støttekontaktpersonen".
func (f Function) PersonNounDefinite() string {
	if f == FunctionSupport {
		return "støttekontaktpersonen"
	}
	return "mentoren"
}

// LawLabel is the function with its law, as the catalogue and the phase
// pages name it: "Mentor (LAB)", "Støttekontaktperson (SEL § 85)".
func (f Function) LawLabel() string {
	if f == FunctionSupport {
		return "Støttekontaktperson (SEL § 85)"
	}
	return "Mentor (LAB)"
}

// GrantStatus is a grant's place in its life: kladde → bevilget → afsluttet.
type GrantStatus string

const (
	StatusDraft   GrantStatus = "kladde"
	StatusGranted GrantStatus = "bevilget"
	StatusEnded   GrantStatus = "afsluttet"
)

// Label is the status as shown.
func (s GrantStatus) Label() string {
	switch s {
	case StatusDraft:
		return "Kladde"
	case StatusGranted:
		return "Bevilget"
	case StatusEnded:
		return "Afsluttet"
	}
	return string(s)
}

// Budget pays for delivered hours at an hourly cost.
type Budget struct {
	ID             int64
	Name           string
	HourlyCost     float64
	Administration string // the code of the administration whose budget it is
}

// LegalBasis is reference data: the law a grant is given under.
type LegalBasis struct {
	ID              int64
	Code            string
	Law             string
	Paragraph       string
	Title           string
	Function        Function
	ValidFrom       Date
	ValidTo         *Date
	MaxMonths       *int
	DefaultBudgetID int64
	Administration  Administration // decides and pays grants under it
}

// Label is "§ 167, stk. 1 – Mentorstøtte".
func (lb LegalBasis) Label() string { return lb.Paragraph + " – " + lb.Title }

// Choosable reports whether a new grant may be given under lb on day.
func (lb LegalBasis) Choosable(day Date) bool {
	return !day.Before(lb.ValidFrom) && (lb.ValidTo == nil || !day.After(*lb.ValidTo))
}

// CatalogueKind is a catalogue entry's kind.
type CatalogueKind string

const (
	KindTask      CatalogueKind = "opgave"
	KindExclusion CatalogueKind = "undtagelse"
	KindGoal      CatalogueKind = "maal"
)

// CatalogueItem is a task or exclusion in the municipality's catalogue of
// one function: a § 85 grant is framed in § 85's own words. Standard
// entries are ticked in advance on a new grant of their function.
type CatalogueItem struct {
	ID        int64
	Function  Function
	Kind      CatalogueKind
	Text      string
	Standard  bool
	Position  int
	RetiredAt *time.Time
	InUse     int
}

// TargetGroup (målgruppe) is reference data.
type TargetGroup struct {
	ID        int64
	Name      string
	RetiredAt *time.Time
}

// Person is someone a grant can be given to, with their qualifications and
// the hours a week already booked on active grants.
type Person struct {
	UserID           int64
	Name             string
	Email            string
	Phone            string
	QualifiedMentor  bool
	QualifiedSupport bool
	CapacityHours    float64
	BookedHours      float64
}

// QualifiedFor reports whether p may hold function f.
func (p Person) QualifiedFor(f Function) bool {
	if f == FunctionSupport {
		return p.QualifiedSupport
	}
	return p.QualifiedMentor
}

// OverCapacity reports whether p is booked above their capacity.
func (p Person) OverCapacity() bool { return OverCapacity(p.BookedHours, p.CapacityHours) }

// Item is a task, exclusion or goal line of a grant: from the catalogue
// (CatalogueID set) or written freely.
type Item struct {
	CatalogueID *int64
	Text        string
}

// Grant is support given to a citizen under a legal basis.
type Grant struct {
	ID              int64
	CitizenID       int64
	CitizenName     string
	LegalBasis      LegalBasis
	Function        Function
	PersonID        int64
	PersonName      string
	PersonEmail     string
	PersonPhone     string
	Purpose         string
	HoursPerWeek    float64
	Start           Date
	End             *Date
	FollowUp        *Date
	Review          Date
	BudgetID        int64
	BudgetName      string
	Status          GrantStatus
	EndedOn         *Date
	EndReason       string
	ComplaintInfoOn *Date
	MinPlanOn       *Date
	PreviousID      *int64
	NextID          *int64
	ExtensionNote   string
	Revision        int
	Tasks           []Item
	Exclusions      []Item
	Goals           []Item
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time

	// § 85 only: the FFB support need (see ValidateSupportNeed).
	SupportNeeds       []SupportNeed
	SupportPurposeID   *int64
	SupportPurposeName string
}

// LastDay is the grant's last day: the day it was ended on, else the end of
// its period (nil: open-ended). The database's exclusion constraint on a
// citizen's grants uses the same COALESCE(ended_on, end_date).
func (g Grant) LastDay() *Date {
	if g.EndedOn != nil {
		return g.EndedOn
	}
	return g.End
}

// Active reports whether the grant runs on day: granted or ended (a phase
// switch may end a grant from a future date), started, and not past its
// LastDay. It is the one definition of an active grant; the SQL function
// grant_active in the migrations says the same, and a store test holds the
// two together.
func (g Grant) Active(day Date) bool {
	if g.Status != StatusGranted && g.Status != StatusEnded || day.Before(g.Start) {
		return false
	}
	last := g.LastDay()
	return last == nil || !day.After(*last)
}

// Excludes reports whether the grant's exclusions contain text (used by the
// "inden for hoveddøren" guardrail).
func (g Grant) Excludes(part string) bool {
	for _, e := range g.Exclusions {
		if strings.Contains(strings.ToLower(e.Text), strings.ToLower(part)) {
			return true
		}
	}
	return false
}

// GrantInput is a grant as the caseworker wrote it.
type GrantInput struct {
	LegalBasisID    int64
	PersonID        int64
	Purpose         string
	HoursPerWeek    float64
	Start           Date
	End             *Date
	FollowUp        *Date
	Review          Date
	BudgetID        int64
	Goals           []Item
	Tasks           []Item
	Exclusions      []Item
	ComplaintInfoOn *Date
	MinPlanOn       *Date
	Version         int
	FormToken       string // the create form's one-time token (see AlreadySaved)

	// § 85 only: the FFB support need (see ValidateSupportNeed).
	SupportNeeds     []SupportNeed
	SupportPurposeID *int64
}

// CleanItems trims the lines and drops empty ones and duplicates.
func CleanItems(items []Item) []Item {
	var out []Item
	seen := map[string]bool{}
	for _, it := range items {
		it.Text = strings.TrimSpace(it.Text)
		key := strings.ToLower(it.Text)
		if it.Text == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, it)
	}
	return out
}

// ValidateGrant checks a grant against its legal basis and the person
// chosen, and its dates against today (see EarliestDate). v may already
// hold messages from parsing the form.
func ValidateGrant(in *GrantInput, lb LegalBasis, person *Person, budget *Budget, today Date, v Validation) error {
	in.Purpose = strings.TrimSpace(in.Purpose)
	in.Goals, in.Tasks, in.Exclusions = CleanItems(in.Goals), CleanItems(in.Tasks), CleanItems(in.Exclusions)
	if person == nil {
		v.Add("person_id", "Vælg den person, der skal varetage støtten.")
	} else if !person.QualifiedFor(lb.Function) {
		v.Add("person_id", person.Name+" er ikke kvalificeret som "+lb.Function.LowerLabel()+".")
	}
	if in.Purpose == "" {
		v.Add("purpose", "Beskriv formålet med støtten.")
	} else {
		v.Text("purpose", in.Purpose, MaxLongText)
	}
	v.Items("goals", in.Goals)
	v.Items("tasks", in.Tasks)
	v.Items("exclusions", in.Exclusions)
	if _, bad := v["start"]; !bad && !in.Start.IsZero() && v.DateWithin("start", in.Start, EarliestDate(today), LatestDate(today)) {
		// Only the upper bound here: a date before the start has its own message below.
		earliest, latest := EarliestDate(today), in.Start.AddDate(SpanYears, 0, 0)
		v.optDateWithin("end", in.End, earliest, latest)
		v.optDateWithin("follow_up", in.FollowUp, earliest, latest)
		if !in.Review.IsZero() {
			v.DateWithin("review", in.Review, earliest, latest)
		}
	}
	v.optDateWithin("complaint_info_on", in.ComplaintInfoOn, EarliestDate(today), LatestDate(today))
	v.optDateWithin("min_plan_on", in.MinPlanOn, EarliestDate(today), LatestDate(today))
	if _, bad := v["hours"]; !bad {
		if msg := HoursProblem(in.HoursPerWeek); msg != "" {
			v.Add("hours", msg)
		}
	}
	if _, bad := v["start"]; !bad && !in.Start.IsZero() {
		if !lb.Choosable(in.Start) {
			v.Add("legal_basis_id", lb.Paragraph+" gælder ikke på startdatoen.")
		}
		if lb.MaxMonths != nil {
			maxEnd := MaxEnd(in.Start, *lb.MaxMonths)
			switch {
			case in.End == nil:
				v.Add("end", "En bevilling efter "+lb.Paragraph+" skal have en slutdato (højst "+FormatDate(maxEnd)+").")
			case in.End.Before(in.Start):
				v.Add("end", "Slutdatoen skal være efter startdatoen.")
			case in.End.After(maxEnd):
				v.Add("end", "En bevilling efter "+lb.Paragraph+" kan højst vare "+itoaMonths(*lb.MaxMonths)+
					": seneste slutdato er "+FormatDate(maxEnd)+". En ny periode kræver en forlængelse.")
			}
		} else {
			if in.End != nil && in.End.Before(in.Start) {
				v.Add("end", "Slutdatoen skal være efter startdatoen.")
			}
			if in.FollowUp == nil {
				if _, bad := v["follow_up"]; !bad {
					v.Add("follow_up", "Sæt en opfølgningsdato: "+lb.Paragraph+" har ingen fast slutdato.")
				}
			} else if in.FollowUp.Before(in.Start) {
				v.Add("follow_up", "Opfølgningsdatoen skal være efter startdatoen.")
			}
		}
		if _, bad := v["review"]; !bad && !in.Review.IsZero() && in.Review.Before(in.Start) {
			v.Add("review", "Revurderingsdatoen skal være efter startdatoen.")
		}
	}
	if in.Start.IsZero() {
		v.Add("start", "Skriv startdatoen, fx 01.12.2026.")
	}
	if in.Review.IsZero() {
		v.Add("review", "Skriv revurderingsdatoen.")
	}
	v.frame(lb.Function, in.Goals, in.Tasks, in.Exclusions)
	if in.BudgetID == 0 || budget == nil {
		v.Add("budget_id", "Vælg budget.")
	} else if msg := BudgetProblem(lb, *budget); msg != "" {
		v.Add("budget_id", msg)
	}
	return v.Err()
}

func itoaMonths(n int) string {
	if n == 1 {
		return "1 måned"
	}
	return strconv.Itoa(n) + " måneder"
}

// DefaultReview is the review date a new grant gets: start + 3 months.
func DefaultReview(start Date) Date { return AddMonthsClamped(start, 3) }

// LegalBasisInput is the administrator's legal-basis form.
type LegalBasisInput struct {
	Code, Law, Paragraph, Title string
	Function                    Function
	ValidFrom                   Date
	ValidTo                     *Date
	MaxMonths                   *int
	DefaultBudgetID             int64  // its budget's administration decides and pays grants under it
	FormToken                   string // the create form's one-time token (see domain.AlreadySaved)
}

// frame checks that a grant's framing is whole: at least one goal, one task
// and one thing the grant's person (of function f) does not do.
func (v Validation) frame(f Function, goals, tasks, exclusions []Item) {
	if len(goals) == 0 {
		v.Add("goals", "Skriv mindst ét mål for støtten.")
	}
	if len(tasks) == 0 {
		v.Add("tasks", "Vælg eller skriv mindst én opgave, "+f.PersonNounDefinite()+" løser.")
	}
	if len(exclusions) == 0 {
		v.Add("exclusions", "Vælg eller skriv mindst én ting, "+f.PersonNounDefinite()+" ikke gør.")
	}
}

// Validate trims and checks the legal-basis form.
func (in *LegalBasisInput) Validate(v Validation) error {
	in.Code, in.Law, in.Paragraph, in.Title = strings.TrimSpace(in.Code), strings.TrimSpace(in.Law),
		strings.TrimSpace(in.Paragraph), strings.TrimSpace(in.Title)
	if in.Code == "" {
		v.Add("code", "Skriv en kort kode, fx LAB-167.")
	}
	if in.Law == "" {
		v.Add("law", "Skriv loven, fx Lov om en aktiv beskæftigelsesindsats.")
	}
	if in.Paragraph == "" {
		v.Add("paragraph", "Skriv paragraffen, fx § 167, stk. 1.")
	}
	if in.Title == "" {
		v.Add("title", "Skriv en titel.")
	}
	if in.Function != FunctionMentor && in.Function != FunctionSupport {
		v.Add("function", "Vælg funktion.")
	}
	if _, bad := v["valid_from"]; !bad && in.ValidFrom.IsZero() {
		v.Add("valid_from", "Skriv den dato, lovgrundlaget gælder fra.")
	}
	if in.ValidTo != nil && !in.ValidFrom.IsZero() && in.ValidTo.Before(in.ValidFrom) {
		v.Add("valid_to", "Slutdatoen skal være efter startdatoen.")
	}
	if in.MaxMonths != nil && (*in.MaxMonths < 1 || *in.MaxMonths > 120) {
		v.Add("max_months", "Maksimal periode skal være 1–120 måneder, eller tom for ingen grænse.")
	}
	if in.DefaultBudgetID == 0 {
		v.Add("default_budget_id", "Vælg standardbudget.")
	}
	v.Text("code", in.Code, 50)
	v.Text("law", in.Law, MaxShortText)
	v.Text("paragraph", in.Paragraph, 100)
	v.Text("title", in.Title, MaxShortText)
	// A legal basis is reference data for decades, not centuries.
	earliest, latest := MakeDate(1980, 1, 1), MakeDate(2100, 12, 31)
	if _, bad := v["valid_from"]; !bad {
		v.DateWithin("valid_from", in.ValidFrom, earliest, latest)
	}
	if in.ValidTo != nil {
		v.DateWithin("valid_to", *in.ValidTo, earliest, latest)
	}
	return v.Err()
}
