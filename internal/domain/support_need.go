package domain

import (
	"slices"
	"strconv"
	"time"
)

// A § 85 grant records the citizen's support need in KL's Fælles Faglige
// Begreber (FFB, voksenområdet): for each area assessed a level of
// støttebehov, the purpose of the support (indsatsformål) and when it is
// followed up. The areas and purposes are reference data the administrator
// edits; the levels are FFB's own five and fixed. A LAB grant has none of
// it.

// SupportLevel is an FFB støttebehov.
type SupportLevel string

const (
	SupportNone     SupportLevel = "intet"
	SupportLight    SupportLevel = "let"
	SupportModerate SupportLevel = "moderat"
	SupportHigh     SupportLevel = "hoejt"
	SupportTotal    SupportLevel = "fuldstaendigt"
)

// SupportLevels are the levels in FFB's order.
var SupportLevels = []SupportLevel{SupportNone, SupportLight, SupportModerate, SupportHigh, SupportTotal}

// Valid reports whether l is one of SupportLevels.
func (l SupportLevel) Valid() bool { return slices.Contains(SupportLevels, l) }

// Label is the level as FFB writes it.
func (l SupportLevel) Label() string {
	switch l {
	case SupportNone:
		return "Intet"
	case SupportLight:
		return "Let"
	case SupportModerate:
		return "Moderat"
	case SupportHigh:
		return "Højt"
	case SupportTotal:
		return "Fuldstændigt"
	}
	return string(l)
}

// SupportTermKind says which reference list a SupportTerm belongs to.
type SupportTermKind string

const (
	SupportTermArea    SupportTermKind = "omraade" // an area (tema) assessed
	SupportTermPurpose SupportTermKind = "formaal" // an indsatsformål
)

// Label is the list's Danish name.
func (k SupportTermKind) Label() string {
	if k == SupportTermPurpose {
		return "Indsatsformål"
	}
	return "Område"
}

// EntitySupportTerm is what an access-log entry about a change of the FFB
// lists is about.
const EntitySupportTerm = "support_term"

// SupportTerm is a row of the FFB reference lists: an area or a purpose.
type SupportTerm struct {
	ID        int64
	Name      string
	Position  int
	RetiredAt *time.Time
	InUse     int // the grants that use it
}

// SupportNeed is the støttebehov assessed in one area.
type SupportNeed struct {
	AreaID   int64
	AreaName string
	Level    SupportLevel
}

// FollowUpMaxMonths bounds a § 85 grant's follow-up: the support need is
// looked at again within a year of the start.
const FollowUpMaxMonths = 12

// ValidateSupportNeed checks the FFB part of a grant against its legal
// basis and the areas and purposes that can be chosen (not retired). It runs
// beside ValidateGrant, which has already checked the follow-up date against
// the start; messages go to v. A grant of another function than § 85 has no
// FFB part: what was posted for it is dropped.
func ValidateSupportNeed(in *GrantInput, lb LegalBasis, areas, purposes []SupportTerm, v Validation) {
	if lb.Function != FunctionSupport {
		in.SupportNeeds, in.SupportPurposeID = nil, nil
		return
	}
	known := func(terms []SupportTerm, id int64) (SupportTerm, bool) {
		i := slices.IndexFunc(terms, func(t SupportTerm) bool { return t.ID == id && t.RetiredAt == nil })
		if i < 0 {
			return SupportTerm{}, false
		}
		return terms[i], true
	}
	var needs []SupportNeed
	for _, n := range in.SupportNeeds {
		area, ok := known(areas, n.AreaID)
		switch {
		case !ok:
			v.Add("support_needs", "Vælg områderne fra listen.")
		case !n.Level.Valid():
			v.Add("support_needs", "Vælg støttebehovet for "+area.Name+": Intet, Let, Moderat, Højt eller Fuldstændigt.")
		case slices.ContainsFunc(needs, func(m SupportNeed) bool { return m.AreaID == n.AreaID }):
			v.Add("support_needs", "Vurdér hvert område én gang.")
		default:
			n.AreaName = area.Name
			needs = append(needs, n)
		}
	}
	in.SupportNeeds = needs
	if _, bad := v["support_needs"]; !bad && len(needs) == 0 {
		v.Add("support_needs", "Vurdér støttebehovet på mindst ét område.")
	}
	switch {
	case in.SupportPurposeID == nil:
		v.Add("support_purpose_id", "Vælg indsatsformålet.")
	default:
		if _, ok := known(purposes, *in.SupportPurposeID); !ok {
			v.Add("support_purpose_id", "Vælg et indsatsformål fra listen.")
		}
	}
	if _, bad := v["follow_up"]; bad {
		return
	}
	if in.FollowUp == nil {
		v.Add("follow_up", "Sæt en opfølgningsdato for støttebehovet.")
		return
	}
	if _, bad := v["start"]; bad || in.Start.IsZero() {
		return
	}
	latest := AddMonthsClamped(in.Start, FollowUpMaxMonths)
	if in.End != nil && in.End.Before(latest) && !in.End.Before(in.Start) {
		latest = *in.End
	}
	if in.FollowUp.After(latest) {
		v.Add("follow_up", "Følg op på støttebehovet inden for bevillingens periode og senest "+
			strconv.Itoa(FollowUpMaxMonths)+" måneder efter start: senest "+FormatDate(latest)+".")
	}
}
