package views

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"mentorspor/internal/domain"
)

// Catalogue is the task and exclusion catalogue of the grant's function
// offered on grant forms. On a phase switch it also offers, apart and
// unticked, the lines of the grant the new one follows or runs beside
// (domain.Carried).
type Catalogue struct {
	Function       domain.Function // whose catalogue Tasks and Exclusions are
	Tasks          []domain.CatalogueItem
	Exclusions     []domain.CatalogueItem
	From           domain.Function // the function of the grant the lines below come from
	FromTasks      []domain.Item
	FromExclusions []domain.Item
}

// GrantForm is the grant form as typed.
type GrantForm struct {
	LegalBasisID, PersonID, Purpose, Hours, Start, End, FollowUp, Review, BudgetID string
	Goals, OtherTasks, OtherExclusions, ComplaintInfoOn, MinPlanOn, Version        string
	TaskIDs, ExclusionIDs                                                          []string
	FromTasks, FromExclusions                                                      []string // ticked lines of Catalogue.FromTasks/FromExclusions

	Support SupportNeedForm // § 85 only
}

// NewGrantForm prefills a new grant: today as start, the longest period the
// law allows, review in 3 months, the basis's budget, the standard
// exclusions of its function's catalogue ticked, and the signed-in user when
// they are a qualified person.
func NewGrantForm(lb domain.LegalBasis, cat Catalogue, today domain.Date, userID int64, persons []domain.Person) GrantForm {
	f := GrantForm{LegalBasisID: formatInt64(lb.ID), Start: domain.FormatDate(today),
		Review: domain.FormatDate(domain.DefaultReview(today)), BudgetID: formatInt64(lb.DefaultBudgetID), Hours: ""}
	if lb.MaxMonths != nil {
		f.End = domain.FormatDate(domain.MaxEnd(today, *lb.MaxMonths))
	} else {
		f.FollowUp = domain.FormatDate(domain.DefaultReview(today))
	}
	f.ExclusionIDs = standardIDs(cat.Exclusions)
	for _, p := range persons {
		if p.UserID == userID {
			f.PersonID = formatInt64(userID)
		}
	}
	return f
}

// standardIDs are the standard entries of a catalogue list, as ticked ids.
func standardIDs(items []domain.CatalogueItem) []string {
	var out []string
	for _, id := range domain.StandardIDs(items) {
		out = append(out, formatInt64(id))
	}
	return out
}

// splitItems separates catalogue entries (ticked ids) from free lines.
func splitItems(items []domain.Item) (ids []string, other string) {
	var free []string
	for _, it := range items {
		if it.CatalogueID != nil {
			ids = append(ids, formatInt64(*it.CatalogueID))
		} else {
			free = append(free, it.Text)
		}
	}
	return ids, strings.Join(free, "\n")
}

func joinItems(items []domain.Item) string {
	var out []string
	for _, it := range items {
		out = append(out, it.Text)
	}
	return strings.Join(out, "\n")
}

func dateOrEmpty(d *domain.Date) string {
	if d == nil {
		return ""
	}
	return domain.FormatDate(*d)
}

// GrantFormFrom fills the form from a stored draft.
func GrantFormFrom(g domain.Grant, _ Catalogue) GrantForm {
	f := GrantForm{LegalBasisID: formatInt64(g.LegalBasis.ID), PersonID: formatInt64(g.PersonID), Purpose: g.Purpose,
		Hours: domain.FormatHours(g.HoursPerWeek), Start: domain.FormatDate(g.Start), End: dateOrEmpty(g.End),
		FollowUp: dateOrEmpty(g.FollowUp), Review: domain.FormatDate(g.Review), BudgetID: formatInt64(g.BudgetID),
		Goals: joinItems(g.Goals), ComplaintInfoOn: dateOrEmpty(g.ComplaintInfoOn), MinPlanOn: dateOrEmpty(g.MinPlanOn),
		Version: strconv.Itoa(g.Version)}
	f.TaskIDs, f.OtherTasks = splitItems(g.Tasks)
	f.ExclusionIDs, f.OtherExclusions = splitItems(g.Exclusions)
	f.Support = SupportNeedFormFrom(g)
	return f
}

// GrantFormPage creates a grant or edits a draft.
type GrantFormPage struct {
	Base
	FormState
	IsNew      bool
	Citizen    domain.Citizen
	Grant      domain.Grant
	LegalBasis domain.LegalBasis
	Persons    []domain.Person
	Budgets    []domain.Budget
	Catalogue  Catalogue
	Form       GrantForm

	SupportChoices SupportChoices // § 85 only
}

// GrantChooseBasisPage is step 1 of a new grant: which law.
type GrantChooseBasisPage struct {
	Base
	Citizen domain.Citizen
	Bases   []domain.LegalBasis
}

// GrantPage shows one grant.
type GrantPage struct {
	Base
	Grant     domain.Grant
	Revisions []domain.Revision
	Meetings  []domain.Meeting
	CanAct    bool

	Today domain.Date // for the follow-up flag
}

// EndForm is the form that ends a grant.
type EndForm struct{ EndedOn, Reason, Version string }

// GrantEndPage ends a grant.
type GrantEndPage struct {
	Base
	FormState
	Grant domain.Grant
	Form  EndForm
}

// GrantLetterPage is the print-ready letter to the citizen.
type GrantLetterPage struct {
	Base
	Grant   domain.Grant
	Citizen domain.Citizen
	Today   time.Time
}

func personLabel(p domain.Person) string {
	s := p.Name + " – " + domain.FormatHours(p.BookedHours) + " af " + domain.FormatHours(p.CapacityHours) + " t/uge bevilget"
	if p.CapacityHours > 0 && p.BookedHours >= p.CapacityHours {
		s += " (fuld)"
	}
	return s
}

// taskChoice is what a form has ticked and written of the catalogue's tasks
// and exclusions.
type taskChoice struct {
	TaskIDs, ExclusionIDs       []string
	FromTasks, FromExclusions   []string
	OtherTasks, OtherExclusions string
}

func (f GrantForm) taskChoice() taskChoice {
	return taskChoice{TaskIDs: f.TaskIDs, ExclusionIDs: f.ExclusionIDs, FromTasks: f.FromTasks, FromExclusions: f.FromExclusions,
		OtherTasks: f.OtherTasks, OtherExclusions: f.OtherExclusions}
}

func (f RevisionForm) taskChoice() taskChoice {
	return taskChoice{TaskIDs: f.TaskIDs, ExclusionIDs: f.ExclusionIDs, OtherTasks: f.OtherTasks, OtherExclusions: f.OtherExclusions}
}

func ticked(ids []string, id int64) bool { return slices.Contains(ids, formatInt64(id)) }

// revisionChanges pairs each revision with what changed from the previous.
type revisionChange struct {
	Rev     domain.Revision
	Changes []domain.Change
}

func revisionHistory(revs []domain.Revision) []revisionChange {
	out := make([]revisionChange, len(revs))
	for i, r := range revs {
		out[i].Rev = r
		if i > 0 {
			out[i].Changes = domain.DiffRevisions(revs[i-1], r)
		}
	}
	slices.Reverse(out)
	return out
}

func joinParticipants(m domain.Meeting) string {
	ps := append([]string{}, m.Participants...)
	if m.Others != "" {
		ps = append(ps, m.Others)
	}
	return strings.Join(ps, ", ")
}

// RevisionForm is the revision form as typed.
type RevisionForm struct {
	Reason, PersonID, Hours, Goals, OtherTasks, OtherExclusions, Version, MeetingID string
	TaskIDs, ExclusionIDs                                                           []string
}

// RevisionFormFrom fills the revision form from the grant's current state.
func RevisionFormFrom(g domain.Grant, _ Catalogue) RevisionForm {
	f := RevisionForm{PersonID: formatInt64(g.PersonID), Hours: domain.FormatHours(g.HoursPerWeek), Goals: joinItems(g.Goals),
		Version: strconv.Itoa(g.Version)}
	f.TaskIDs, f.OtherTasks = splitItems(g.Tasks)
	f.ExclusionIDs, f.OtherExclusions = splitItems(g.Exclusions)
	return f
}

// RevisionPage changes a granted grant.
type RevisionPage struct {
	Base
	FormState
	Grant     domain.Grant
	Persons   []domain.Person
	Catalogue Catalogue
	Form      RevisionForm
	Meeting   *domain.Meeting
	Conflict  bool // refused for a conflict: Grant is what is stored now, shown beside the form
}

// ExtensionForm is the extension form as typed.
type ExtensionForm struct{ Assessment, Hours, End, Review, Version string }

// ExtensionPage extends a LAB grant.
type ExtensionPage struct {
	Base
	FormState
	Grant            domain.Grant
	NewStart, MaxEnd domain.Date
	Form             ExtensionForm
}

// ExtensionDates are the new period's first day and latest end.
func ExtensionDates(g domain.Grant) (start, maxEnd domain.Date) {
	prev := g.Start
	if g.EndedOn != nil {
		prev = *g.EndedOn
	} else if g.End != nil {
		prev = *g.End
	}
	start = prev.AddDate(0, 0, 1)
	maxEnd = start
	if g.LegalBasis.MaxMonths != nil {
		maxEnd = domain.MaxEnd(start, *g.LegalBasis.MaxMonths)
	}
	return start, maxEnd
}

// MeetingForm is the adjustment-meeting form as typed.
type MeetingForm struct {
	HeldOn, Others, Summary, Decisions string
	Participants                       []string
	ChangeTasks                        bool
}

// participantLabel shows the participant "Mentor" by the grant's function:
// on a § 85 grant the support person takes part as støttekontaktperson.
func participantLabel(who string, f domain.Function) string {
	if who == "Mentor" {
		return f.Label()
	}
	return who
}

// MeetingPage records an adjustment meeting.
type MeetingPage struct {
	Base
	FormState
	Grant domain.Grant
	Form  MeetingForm
}

func joinItemsInline(items []domain.Item) string {
	var out []string
	for _, it := range items {
		out = append(out, it.Text)
	}
	return strings.Join(out, " · ")
}

// lowerFirstRune lower-cases the first letter ("Lov om …" → "lov om …").
func lowerFirstRune(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}

func caseworkerText(c domain.Citizen) string {
	if c.CaseworkerName == "" {
		return ""
	}
	return ", " + c.CaseworkerName
}

// changeWord is the singular of a revision part: "Opgave tilføjet: …".
func changeWord(what string) string {
	switch what {
	case "Opgaver":
		return "Opgave"
	case "Undtagelser":
		return "Undtagelse"
	}
	return what
}

// overCapacity returns the chosen person when they are booked to capacity.
func overCapacity(persons []domain.Person, selected string) *domain.Person {
	for _, p := range persons {
		if formatInt64(p.UserID) == selected && p.CapacityHours > 0 && p.BookedHours >= p.CapacityHours {
			return &p
		}
	}
	return nil
}
