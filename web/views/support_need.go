package views

import (
	"mentorspor/internal/domain"
)

// SupportChoices are the FFB areas and purposes a § 85 grant form offers
// (none on a LAB form).
type SupportChoices struct {
	Areas, Purposes []domain.SupportTerm
}

// SupportNeedForm is the FFB part of a grant form as typed: the level
// chosen per area id ("" is Ikke vurderet) and the purpose's id.
type SupportNeedForm struct {
	Levels    map[string]string
	PurposeID string
}

// SupportNeedFieldName is the name of an area's level select.
func SupportNeedFieldName(areaID int64) string { return "need_" + formatInt64(areaID) }

// SupportNeedFormFrom fills the FFB part of the form from a stored grant.
func SupportNeedFormFrom(g domain.Grant) SupportNeedForm {
	f := SupportNeedForm{Levels: map[string]string{}}
	for _, n := range g.SupportNeeds {
		f.Levels[formatInt64(n.AreaID)] = string(n.Level)
	}
	if g.SupportPurposeID != nil {
		f.PurposeID = formatInt64(*g.SupportPurposeID)
	}
	return f
}

// supportLevelOptions are an area's choices: not assessed, then FFB's levels.
func supportLevelOptions() []domain.Option {
	opts := []domain.Option{{Value: "", Label: "Ikke vurderet"}}
	for _, l := range domain.SupportLevels {
		opts = append(opts, domain.Option{Value: string(l), Label: l.Label()})
	}
	return opts
}

func supportTermOption(t domain.SupportTerm) domain.Option {
	return domain.Option{Value: formatInt64(t.ID), Label: t.Name}
}

// followUpPassed reports whether a § 85 grant still running has passed its
// follow-up date on today: the support need is due to be looked at again.
func followUpPassed(g domain.Grant, today domain.Date) bool {
	return g.Function == domain.FunctionSupport && g.FollowUp != nil && g.Status == domain.StatusGranted &&
		today.After(*g.FollowUp)
}

// SupportTermList is what an FFB reference page is about: its list, its
// address and its words.
type SupportTermList struct {
	Kind                 domain.SupportTermKind
	Path                 string // "/admin/stamdata/stoettebehov-omraader"
	Title, One, Intro    string // "Områder for støttebehov", "område", …
	AddLabel, AddHint    string
	UseText, EmptyInList string
}

// SupportTermLists are the two FFB lists, areas first.
var SupportTermLists = []SupportTermList{
	{Kind: domain.SupportTermArea, Path: "/admin/stamdata/stoettebehov-omraader", Title: "Områder for støttebehov", One: "område",
		Intro: "De områder (temaer i KL's Fælles Faglige Begreber), som støttebehovet vurderes på i en bevilling efter § 85: " +
			"Intet, Let, Moderat, Højt eller Fuldstændigt for hvert område, der er vurderet.",
		AddLabel: "Områdets navn", AddHint: "Fx Socialt liv."},
	{Kind: domain.SupportTermPurpose, Path: "/admin/stamdata/indsatsformaal", Title: "Indsatsformål", One: "indsatsformål",
		Intro:    "Formålet med støtten efter § 85 i KL's Fælles Faglige Begreber, som sagsbehandleren vælger på bevillingen.",
		AddLabel: "Indsatsformål", AddHint: "Fx Udvikle funktionsevne."},
}

// SupportTermsPage lists an FFB reference list with a form to add to it.
type SupportTermsPage struct {
	Base
	FormState
	List  SupportTermList
	Terms []domain.SupportTerm
	Name  string
}

// SupportTermEditPage renames a row of an FFB list.
type SupportTermEditPage struct {
	Base
	FormState
	List SupportTermList
	Term domain.SupportTerm
	Name string
}
