package domain

import (
	"slices"
	"strings"
)

// CatalogueItemInput is the administrator's form for a new catalogue entry:
// which function's catalogue, task or exclusion, the text, and whether it
// is ticked in advance on a new grant of that function.
type CatalogueItemInput struct {
	Function  Function
	Kind      CatalogueKind
	Text      string
	Standard  bool
	FormToken string // the create form's one-time token (see AlreadySaved)
}

// Validate trims and checks the entry. Only an exclusion can be standard:
// the tasks are chosen for each citizen, while the municipality's
// exclusions hold for every grant of the function until removed.
func (in *CatalogueItemInput) Validate(v Validation) error {
	in.Text = strings.TrimSpace(in.Text)
	if !in.Function.Valid() {
		v.Add("function", "Vælg, om punktet hører til mentor (LAB) eller støttekontaktperson (SEL § 85).")
	}
	if in.Kind != KindTask && in.Kind != KindExclusion {
		v.Add("kind", "Vælg, om punktet er en opgave eller en undtagelse.")
	}
	if in.Kind != KindExclusion {
		in.Standard = false
	}
	if in.Text == "" {
		v.Add("text", "Skriv teksten.")
	} else {
		v.Text("text", in.Text, MaxLineText)
	}
	return v.Err()
}

// StandardIDs are the ids of the standard entries among items: what a new
// grant of their function has ticked in advance.
func StandardIDs(items []CatalogueItem) []int64 {
	var out []int64
	for _, it := range items {
		if it.Standard {
			out = append(out, it.ID)
		}
	}
	return out
}

// WithChosen is the catalogue a grant's form offers: items, plus the
// grant's own catalogue lines that items lacks (retired since, or taken from
// another function's catalogue at a phase switch), so that a revision or a
// draft shows them ticked and never drops them unseen.
func WithChosen(items []CatalogueItem, chosen []Item) []CatalogueItem {
	out := items
	for _, it := range chosen {
		if it.CatalogueID == nil || slices.ContainsFunc(out, func(c CatalogueItem) bool { return c.ID == *it.CatalogueID }) {
			continue
		}
		if len(out) == len(items) {
			out = slices.Clone(items)
		}
		out = append(out, CatalogueItem{ID: *it.CatalogueID, Text: it.Text})
	}
	return out
}

// Carried are the lines of the grant a phase switch follows (or runs
// beside) that its form offers apart from the new function's catalogue:
// unticked, because a switch starts from the new function's own catalogue
// (a LAB exclusion such as "Ingen opgaver inden for borgerens hoveddør"
// would forbid the very support a § 85 grant exists for). Lines the new
// catalogue already offers (same entry or same text) are left out.
func Carried(old []Item, catalogue []CatalogueItem) []Item {
	var out []Item
	for _, it := range old {
		same := func(c CatalogueItem) bool {
			return it.CatalogueID != nil && c.ID == *it.CatalogueID || strings.EqualFold(c.Text, it.Text)
		}
		if !slices.ContainsFunc(catalogue, same) {
			out = append(out, it)
		}
	}
	return out
}

// PickCarried turns the texts ticked among the carried lines into items,
// keeping the catalogue entry a line came from. A text that is no longer
// among them (the old grant changed in between) is kept as a free line:
// it is what the caseworker saw and chose.
func PickCarried(carried []Item, texts []string) []Item {
	var out []Item
	for _, t := range texts {
		i := slices.IndexFunc(carried, func(it Item) bool { return it.Text == t })
		if i >= 0 {
			out = append(out, carried[i])
		} else if strings.TrimSpace(t) != "" {
			out = append(out, Item{Text: t})
		}
	}
	return out
}
