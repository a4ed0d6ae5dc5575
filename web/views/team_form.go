package views

import (
	"fmt"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
)

// TeamPage is the team lead's caseload review.
type TeamPage struct {
	Base
	Mentors  []postgres.MentorLoad
	Teams    []domain.Team
	Team     string
	Sort     string
	Settings postgres.FlagSettings
}

// FlagQueuePage lists the citizens (or mentors) behind a flag.
type FlagQueuePage struct {
	Base
	Flag     string
	Team     string
	Settings postgres.FlagSettings
	Citizens []postgres.FlaggedCitizen
	Mentors  []postgres.MentorLoad
}

// WorkQueuePage is a caseworker's flags for their own citizens.
type WorkQueuePage struct {
	Base
	Settings postgres.FlagSettings
	Flag     string
	Counts   map[string]int
	Citizens []postgres.FlaggedCitizen
}

// FlagSettingsPage edits the thresholds.
type FlagSettingsPage struct {
	Base
	Values map[string]string
	Errors map[string]string
}

// FlagLabel words a flag with its threshold.
func FlagLabel(flag string, fs postgres.FlagSettings) string {
	switch flag {
	case postgres.FlagCoping:
		return fmt.Sprintf("Hverdagsmestring udløber inden for %d dage eller er overskredet", fs.CopingDays)
	case postgres.FlagGrantEnd:
		return fmt.Sprintf("Bevilling udløber inden for %d dage", fs.GrantEndDays)
	case postgres.FlagReview:
		return "Revurdering eller opfølgning er forfalden"
	case postgres.FlagNoContact:
		return fmt.Sprintf("Ingen kontakt i %d dage", fs.NoContactDays)
	case postgres.FlagFading:
		return fmt.Sprintf("Beskæftigelsesfokus forsvinder (kun § 85 i over %d dage, eller ingen samtale mod arbejdsmarkedet blandt de seneste %d)", fs.SEL85OnlyDays, fs.DirectionSessions)
	case postgres.FlagOutsideFrame:
		return "Hverdagsmestring uden for aftalt ramme (90 dage)"
	case postgres.FlagConcerns:
		return "Uhåndterede bekymringer"
	case postgres.FlagSupervision:
		return fmt.Sprintf("Ingen supervision i %d uger", fs.SupervisionWeeks)
	}
	return flag
}

// flagShort is the column header.
func flagShort(flag string) string {
	switch flag {
	case postgres.FlagCoping:
		return "Hverdags\u00admestring"
	case postgres.FlagGrantEnd:
		return "Udløber"
	case postgres.FlagReview:
		return "Revurdering"
	case postgres.FlagNoContact:
		return "Ingen kontakt"
	case postgres.FlagFading:
		return "Beskæft.\u00adfokus"
	case postgres.FlagOutsideFrame:
		return "Uden for ramme"
	case postgres.FlagConcerns:
		return "Bekymringer"
	case postgres.FlagSupervision:
		return "Supervision"
	}
	return flag
}

func allFlags() []string {
	return append(append([]string{}, postgres.Flags...), postgres.FlagSupervision)
}

func teamQuery(team string) string {
	if team == "" {
		return ""
	}
	return "&team=" + team
}

func flagHref(flag string, mentorID int64, team string) string {
	if flag == postgres.FlagSupervision {
		return "/supervision"
	}
	return "/team/flag/" + flag + "?mentor=" + formatInt64(mentorID) + teamQuery(team)
}

func sortHref(by, team string) string { return "/team?sort=" + by + teamQuery(team) }

func hoursVsCapacity(m postgres.MentorLoad) string {
	return domain.FormatHours(m.GrantedHours) + " / " + domain.FormatHours(m.Capacity)
}

func overCapacityLoad(m postgres.MentorLoad) bool {
	return m.Capacity > 0 && m.GrantedHours > m.Capacity
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

func flagsOf(c postgres.FlaggedCitizen, fs postgres.FlagSettings) []string {
	var out []string
	for _, f := range postgres.Flags {
		if c.Flags[f] {
			out = append(out, flagShort(f))
		}
	}
	return out
}

func settingLabel(key string) string {
	for _, k := range postgres.FlagSettingKeys {
		if k.Key == key {
			return k.Label
		}
	}
	return key
}

func flagSettingKeys() []string {
	var out []string
	for _, k := range postgres.FlagSettingKeys {
		out = append(out, k.Key)
	}
	return out
}

// FlaggedCitizenRow and FlagSettingsT are short names for the templates.
type (
	FlaggedCitizenRow = postgres.FlaggedCitizen
	FlagSettingsT     = postgres.FlagSettings
)

func postgresFlags() []string { return postgres.Flags }

var sortOptions = []domain.Option{{Value: "navn", Label: "navn"}, {Value: "borgere", Label: "borgere"},
	{Value: "timer", Label: "belastning"}, {Value: "levering", Label: "levering"}, {Value: "flag", Label: "opmærksomhedspunkter"}}
