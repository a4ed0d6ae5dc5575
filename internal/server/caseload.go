package server

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

type caseloadStore interface {
	TeamCaseload(ctx context.Context, f domain.CaseloadFilter) ([]domain.MentorLoad, []domain.FlaggedCitizen, domain.FlagSettings, error)
	WorkQueue(ctx context.Context, caseworkerID int64) ([]domain.FlaggedCitizen, domain.FlagSettings, error)
}

var teamLeadOnly = rolesOnly(domain.RoleTeamLead)

func (s *Server) registerCaseloadRoutes() {
	s.handle("GET", "/team", teamLeadOnly, s.handleTeam)
	s.handle("GET", "/team/flag/{flag}", teamLeadOnly, s.handleTeamFlag)
	s.handle("GET", "/arbejdskoe", caseworkerOnly, s.handleWorkQueue)
	s.handle("GET", "/admin/stamdata/flag", adminOnly, s.handleFlagSettingsForm)
	s.handle("POST", "/admin/stamdata/flag", adminOnly, s.handleFlagSettingsSave)
}

// teamFilter reads ?team=; a team lead starts on their own team.
func (s *Server) teamFilter(r *http.Request) (domain.CaseloadFilter, string) {
	raw := r.URL.Query().Get("team")
	if raw == "" {
		if u := currentUser(r.Context()); u != nil && u.TeamID != nil {
			raw = strconv.FormatInt(*u.TeamID, 10)
		}
	}
	if raw == "alle" {
		return domain.CaseloadFilter{}, raw
	}
	return domain.CaseloadFilter{TeamID: optionalID(raw)}, raw
}

func (s *Server) handleTeam(w http.ResponseWriter, r *http.Request) error {
	f, team := s.teamFilter(r)
	// The page shows counts per mentor and no citizen: nothing to log per
	// citizen. The flag queues behind the counts show names and log them.
	mentors, _, fs, err := s.store.TeamCaseload(r.Context(), f)
	if err != nil {
		return err
	}
	sortBy := r.URL.Query().Get("sort")
	domain.SortMentors(mentors, sortBy)
	teams, err := s.store.FindTeams(r.Context())
	if err != nil {
		return err
	}
	// Proposals of the team's caseworkers unanswered by the social
	// administration: a count (the page names no citizen).
	pending, err := s.store.FindProposals(r.Context(), domain.ProposalFilter{TeamID: f.TeamID, Status: domain.ProposalPending})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.TeamView(views.TeamPage{Base: s.base(r, "Team"), Mentors: mentors,
		Teams: teams, Team: team, Sort: sortBy, Settings: fs,
		OverdueProposals: views.OverdueProposals(pending, domain.DateOf(s.now()), fs.ProposalDays)}))
}

// logCitizenList writes one access-log entry per citizen a list shows.
func (s *Server) logCitizenList(r *http.Request, pairs []domain.FlaggedCitizen, entity string) error {
	u := currentUser(r.Context())
	var entries []domain.AccessEntry
	seen := map[int64]bool{}
	for i := range pairs {
		if seen[pairs[i].CitizenID] {
			continue
		}
		seen[pairs[i].CitizenID] = true
		e := s.entry(r, domain.ActionView, &pairs[i].CitizenID, entity, "", "")
		e.UserID, e.Username = &u.ID, u.Username
		entries = append(entries, e)
	}
	return s.store.LogAccessMany(r.Context(), entries)
}

func (s *Server) handleTeamFlag(w http.ResponseWriter, r *http.Request) error {
	flag := chi.URLParam(r, "flag")
	if !slices.Contains(domain.Flags, flag) && !slices.Contains(domain.MentorFlags, flag) {
		return domain.Errorf(domain.ENOTFOUND, "Siden findes ikke.")
	}
	f, team := s.teamFilter(r)
	mentors, pairs, fs, err := s.store.TeamCaseload(r.Context(), f)
	if err != nil {
		return err
	}
	page := views.FlagQueuePage{Base: s.base(r, views.FlagLabel(flag, fs)), Flag: flag, Settings: fs, Team: team}
	mentorID := optionalID(r.URL.Query().Get("mentor"))
	if slices.Contains(domain.MentorFlags, flag) {
		for _, m := range mentors {
			if m.Flags[flag] > 0 && (mentorID == nil || m.UserID == *mentorID) {
				page.Mentors = append(page.Mentors, m)
			}
		}
		return s.render(w, r, http.StatusOK, views.FlagQueue(page))
	}
	for _, p := range pairs {
		if p.Flags[flag] && (mentorID == nil || p.PersonID == *mentorID) {
			page.Citizens = append(page.Citizens, p)
		}
	}
	if err := s.logCitizenList(r, page.Citizens, "arbejdskoe"); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.FlagQueue(page))
}

// handleWorkQueue gives a caseworker the same queues for their own citizens.
func (s *Server) handleWorkQueue(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r.Context())
	pairs, fs, err := s.store.WorkQueue(r.Context(), u.ID)
	if err != nil {
		return err
	}
	flag := r.URL.Query().Get("flag")
	page := views.WorkQueuePage{Base: s.base(r, "Arbejdskø"), Settings: fs, Flag: flag, Counts: map[string]int{}}
	for _, p := range pairs {
		for k := range p.Flags {
			page.Counts[k]++
		}
		if flag != "" && p.Flags[flag] {
			page.Citizens = append(page.Citizens, p)
		}
	}
	if err := s.logCitizenList(r, page.Citizens, "arbejdskoe"); err != nil {
		return err
	}
	// The caseworker's proposals waiting for the social administration,
	// with their age (the overdue ones are an attention point).
	page.Today = domain.DateOf(s.now())
	if page.Proposals, err = s.store.FindProposals(r.Context(), domain.ProposalFilter{ProposedBy: &u.ID, Status: domain.ProposalPending}); err != nil {
		return err
	}
	entries := make([]domain.AccessEntry, len(page.Proposals))
	for i := range page.Proposals {
		entries[i] = s.entry(r, domain.ActionView, &page.Proposals[i].CitizenID, "indstillingsliste", strconv.FormatInt(page.Proposals[i].ID, 10), "")
		entries[i].UserID, entries[i].Username = &u.ID, u.Username
	}
	if err := s.store.LogAccessMany(r.Context(), entries); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.WorkQueue(page))
}

func (s *Server) handleFlagSettingsForm(w http.ResponseWriter, r *http.Request) error {
	values := map[string]string{}
	for _, k := range domain.FlagSettingKeys {
		v, err := s.store.Setting(r.Context(), k.Key)
		if err != nil {
			return err
		}
		if v == "" {
			v = strconv.Itoa(k.Def)
		}
		values[k.Key] = v
	}
	return s.render(w, r, http.StatusOK, views.FlagSettings(views.FlagSettingsPage{Base: s.base(r, "Opmærksomhedspunkter"), Values: values}))
}

func (s *Server) handleFlagSettingsSave(w http.ResponseWriter, r *http.Request) error {
	_ = r.ParseForm()
	values, errs := flagSettingsForm(r.PostForm)
	if len(errs) > 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, views.FlagSettings(views.FlagSettingsPage{
			Base: s.base(r, "Opmærksomhedspunkter"), Values: values, FormState: views.FormState{Errors: errs}}))
	}
	for _, k := range domain.FlagSettingKeys {
		if err := s.store.SetSetting(r.Context(), k.Key, values[k.Key]); err != nil {
			return err
		}
	}
	s.audit(r, domain.ActionUpdate, nil, domain.EntitySetting, "flag_*", "")
	s.flash(r, "Grænserne for opmærksomhedspunkterne er gemt.")
	http.Redirect(w, r, "/admin/stamdata/flag", http.StatusSeeOther)
	return nil
}

// flagSettingsForm reads the posted flag limits: what was typed per key and
// a message for each that is not a whole number in its range.
func flagSettingsForm(p url.Values) (values, errs map[string]string) {
	values, errs = map[string]string{}, map[string]string{}
	for _, k := range domain.FlagSettingKeys {
		raw := strings.TrimSpace(p.Get(k.Key))
		values[k.Key] = raw
		if n, err := strconv.Atoi(raw); err != nil || n < k.Min || n > k.Max {
			errs[k.Key] = "Skriv et helt tal fra " + strconv.Itoa(k.Min) + " til " + strconv.Itoa(k.Max) + "."
		}
	}
	return values, errs
}
