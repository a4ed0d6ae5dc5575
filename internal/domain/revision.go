package domain

import (
	"slices"
	"strings"
	"time"
)

// Revision is a numbered state of a grant after a change.
type Revision struct {
	ID            int64
	Number        int
	Reason        string
	PersonID      int64
	PersonName    string
	HoursPerWeek  float64
	Tasks         []Item
	Exclusions    []Item
	Goals         []Item
	CreatedByName string
	CreatedAt     time.Time
}

// RevisionInput is a change to a granted grant.
type RevisionInput struct {
	Reason       string
	PersonID     int64
	HoursPerWeek float64
	Tasks        []Item
	Exclusions   []Item
	Goals        []Item
	Version      int
	MeetingID    *int64 // the adjustment meeting that decided the change
	FormToken    string // the create form's one-time token (see AlreadySaved)
}

// Change is one difference between two revisions, worded for the history.
type Change struct {
	What    string
	Added   []string
	Removed []string
	From    string
	To      string
}

// DiffRevisions lists what changed from a to b.
func DiffRevisions(a, b Revision) []Change {
	var out []Change
	if a.PersonID != b.PersonID {
		out = append(out, Change{What: "Person", From: a.PersonName, To: b.PersonName})
	}
	if a.HoursPerWeek != b.HoursPerWeek {
		out = append(out, Change{What: "Timer pr. uge", From: FormatHours(a.HoursPerWeek), To: FormatHours(b.HoursPerWeek)})
	}
	for _, part := range []struct {
		what   string
		before []Item
		after  []Item
	}{
		{"Opgaver", a.Tasks, b.Tasks},
		{"Undtagelser", a.Exclusions, b.Exclusions},
		{"Mål", a.Goals, b.Goals},
	} {
		added, removed := diffTexts(part.before, part.after)
		if len(added)+len(removed) > 0 {
			out = append(out, Change{What: part.what, Added: added, Removed: removed})
		}
	}
	return out
}

func texts(items []Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Text
	}
	return out
}

func diffTexts(before, after []Item) (added, removed []string) {
	b, a := texts(before), texts(after)
	for _, t := range a {
		if !slices.Contains(b, t) {
			added = append(added, t)
		}
	}
	for _, t := range b {
		if !slices.Contains(a, t) {
			removed = append(removed, t)
		}
	}
	return added, removed
}

// ValidateRevision checks a revision: a reason, valid hours, a qualified
// person, and at least one task, exclusion and goal; and that something
// actually changed.
func ValidateRevision(in *RevisionInput, current Revision, person *Person, f Function, v Validation) error {
	in.Tasks, in.Exclusions, in.Goals = CleanItems(in.Tasks), CleanItems(in.Exclusions), CleanItems(in.Goals)
	if strings.TrimSpace(in.Reason) == "" {
		v.Add("reason", "Skriv begrundelsen for ændringen.")
	} else {
		v.Text("reason", in.Reason, MaxLongText)
	}
	v.Items("tasks", in.Tasks)
	v.Items("exclusions", in.Exclusions)
	v.Items("goals", in.Goals)
	if _, bad := v["hours"]; !bad {
		if msg := HoursProblem(in.HoursPerWeek); msg != "" {
			v.Add("hours", msg)
		}
	}
	if person == nil {
		v.Add("person_id", "Vælg den person, der skal varetage støtten.")
	} else if !person.QualifiedFor(f) {
		v.Add("person_id", person.Name+" er ikke kvalificeret som "+f.LowerLabel()+".")
	}
	v.frame(f, in.Goals, in.Tasks, in.Exclusions)
	if len(v) == 0 {
		next := Revision{PersonID: in.PersonID, HoursPerWeek: in.HoursPerWeek, Tasks: in.Tasks,
			Exclusions: in.Exclusions, Goals: in.Goals}
		if person != nil {
			next.PersonName = person.Name
		}
		if len(DiffRevisions(current, next)) == 0 {
			v.Add("reason", "Der er ingen ændringer at gemme: ret opgaver, undtagelser, mål, timer eller person.")
		}
	}
	return v.Err()
}
