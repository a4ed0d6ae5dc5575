package views

import (
	"fmt"

	"mentorspor/internal/domain"
)

// TeamPage is the team lead's caseload review.
type TeamPage struct {
	Base
	Mentors  []domain.MentorLoad
	Teams    []domain.Team
	Team     string
	Sort     string
	Settings domain.FlagSettings
	// OverdueProposals counts the team's proposals unanswered by the social
	// administration for more than Settings.ProposalDays.
	OverdueProposals int
}

// FlagQueuePage lists the citizens (or mentors) behind a flag.
type FlagQueuePage struct {
	Base
	Flag     string
	Team     string
	Settings domain.FlagSettings
	Citizens []domain.FlaggedCitizen
	Mentors  []domain.MentorLoad
}

// WorkQueuePage is a caseworker's flags for their own citizens.
type WorkQueuePage struct {
	Base
	Settings domain.FlagSettings
	Flag     string
	Counts   map[string]int
	Citizens []domain.FlaggedCitizen
	// The caseworker's proposals waiting for the social administration.
	Proposals []domain.Proposal
	Today     domain.Date
}

// FlagSettingsPage edits the thresholds.
type FlagSettingsPage struct {
	Base
	FormState
	Values map[string]string
}

// FlagLabel words a flag with its threshold.
func FlagLabel(flag string, fs domain.FlagSettings) string {
	switch flag {
	case domain.FlagCoping:
		return fmt.Sprintf("Hverdagsmestring udløber inden for %d dage eller er overskredet", fs.CopingDays)
	case domain.FlagGrantEnd:
		return fmt.Sprintf("Bevilling udløber inden for %d dage", fs.GrantEndDays)
	case domain.FlagReview:
		return "Revurdering eller opfølgning er forfalden"
	case domain.FlagNoContact:
		return fmt.Sprintf("Ingen kontakt i %d dage", fs.NoContactDays)
	case domain.FlagFading:
		return fmt.Sprintf("Beskæftigelsesfokus forsvinder (kun § 85 i over %d dage, eller ingen samtale mod arbejdsmarkedet blandt de seneste %d)", fs.SEL85OnlyDays, fs.DirectionSessions)
	case domain.FlagOutsideFrame:
		return fmt.Sprintf("Hverdagsmestring uden for aftalt ramme (%d dage)", domain.OutsideFrameDays)
	case domain.FlagConcerns:
		return "Uhåndterede bekymringer"
	case domain.FlagOverCapacity:
		return "Bevilget flere timer end kapaciteten"
	case domain.FlagSupervision:
		return fmt.Sprintf("Ingen supervision i %d uger", fs.SupervisionWeeks)
	}
	return flag
}

// flagShort is the column header.
func flagShort(flag string) string {
	switch flag {
	case domain.FlagCoping:
		return "Hverdags\u00admestring"
	case domain.FlagGrantEnd:
		return "Udløber"
	case domain.FlagReview:
		return "Revurdering"
	case domain.FlagNoContact:
		return "Ingen kontakt"
	case domain.FlagFading:
		return "Beskæft.\u00adfokus"
	case domain.FlagOutsideFrame:
		return "Uden for ramme"
	case domain.FlagConcerns:
		return "Bekymringer"
	case domain.FlagOverCapacity:
		return "Over kapacitet"
	case domain.FlagSupervision:
		return "Supervision"
	}
	return flag
}

func allFlags() []string {
	return append(append([]string{}, domain.Flags...), domain.MentorFlags...)
}

func teamQuery(team string) string {
	if team == "" {
		return ""
	}
	return "&team=" + team
}

func flagHref(flag string, mentorID int64, team string) string {
	if flag == domain.FlagSupervision {
		return "/supervision"
	}
	return "/team/flag/" + flag + "?mentor=" + formatInt64(mentorID) + teamQuery(team)
}

func sortHref(by, team string) string { return "/team?sort=" + by + teamQuery(team) }

func hoursVsCapacity(m domain.MentorLoad) string {
	return domain.FormatHours(m.GrantedHours) + " / " + domain.FormatHours(m.Capacity)
}

func functionsShort(fns []domain.Function) string {
	if len(fns) == 2 {
		return "Begge"
	}
	if len(fns) == 1 {
		return fns[0].Label()
	}
	return "–"
}

func flagsOf(c domain.FlaggedCitizen, fs domain.FlagSettings) []string {
	var out []string
	for _, f := range domain.Flags {
		if c.Flags[f] {
			out = append(out, flagShort(f))
		}
	}
	return out
}

func settingLabel(key string) string {
	for _, k := range domain.FlagSettingKeys {
		if k.Key == key {
			return k.Label
		}
	}
	return key
}

func flagSettingKeys() []string {
	var out []string
	for _, k := range domain.FlagSettingKeys {
		out = append(out, k.Key)
	}
	return out
}

// FlaggedCitizenRow and FlagSettingsT are short names for the templates.
type (
	FlaggedCitizenRow = domain.FlaggedCitizen
	FlagSettingsT     = domain.FlagSettings
)

func postgresFlags() []string { return domain.Flags }

var sortOptions = []domain.Option{{Value: "navn", Label: "navn"}, {Value: "borgere", Label: "borgere"},
	{Value: "timer", Label: "belastning"}, {Value: "levering", Label: "levering"}, {Value: "flag", Label: "opmærksomhedspunkter"}}
