package domain

import (
	"strings"
	"time"
)

// A proposal (indstilling) is how § 85 support comes about when the need is
// found on the job centre's side: the caseworker who finds that the need
// persists (the coping-window decision, or a switch LAB → § 85 or "add
// parallel") proposes the support, prefilled with person, hours, need and
// tasks, to the social administration, which grants § 85. The social side
// approves it (with any changes; the phase switch happens then, in the same
// transaction) or rejects it with a reason.

// ProposalStatus is where a proposal stands.
type ProposalStatus string

const (
	ProposalPending  ProposalStatus = "afventer"
	ProposalApproved ProposalStatus = "godkendt"
	ProposalRejected ProposalStatus = "afvist"
)

// ProposalStatuses in the order shown.
var ProposalStatuses = []ProposalStatus{ProposalPending, ProposalApproved, ProposalRejected}

// Label is the status as shown.
func (s ProposalStatus) Label() string {
	switch s {
	case ProposalPending:
		return "Afventer Socialforvaltningen"
	case ProposalApproved:
		return "Godkendt"
	case ProposalRejected:
		return "Afvist"
	}
	return string(s)
}

// ProposalKinds are the switches a proposal can ask for: both create a
// § 85 grant.
var ProposalKinds = []SwitchKind{SwitchLABTo85, SwitchAddParallel}

// ProposalAdministration is the administration proposals go to.
const ProposalAdministration = AdministrationSocial

// ProposeLabel is the action's name, which messages point to.
const ProposeLabel = "Indstil til Socialforvaltningen"

// Proposal is one proposal as stored.
type Proposal struct {
	ID             int64
	CitizenID      int64
	CitizenName    string
	FromGrantID    *int64
	CopingWindowID *int64
	Kind           SwitchKind
	EffectiveOn    Date
	PersonID       int64
	PersonName     string
	HoursPerWeek   float64
	Need           string
	Purpose        string
	Goals          []Item
	Tasks          []Item
	Exclusions     []Item
	ProposedBy     int64
	ProposedByName string
	ProposedAt     time.Time
	Status         ProposalStatus
	DecidedBy      *int64
	DecidedByName  string
	DecidedAt      *time.Time
	Reason         string
	SwitchID       *int64
	GrantID        *int64
	Version        int
}

// AgeDays is how many whole days the proposal has waited by today (until
// its decision, once decided).
func (p Proposal) AgeDays(today Date) int {
	until := today
	if p.DecidedAt != nil {
		until = DateOf(*p.DecidedAt)
	}
	n := int(until.Sub(DateOf(p.ProposedAt)).Hours() / 24)
	return max(n, 0)
}

// Overdue reports whether a pending proposal has waited more than days (the
// setting flag_proposal_days): an attention flag on both sides.
func (p Proposal) Overdue(today Date, days int) bool {
	return p.Status == ProposalPending && p.AgeDays(today) > days
}

// ProposalInput is a proposal as the caseworker wrote it.
type ProposalInput struct {
	Kind           SwitchKind
	EffectiveOn    Date
	PersonID       int64
	HoursPerWeek   float64
	Need           string
	Purpose        string
	Goals          []Item
	Tasks          []Item
	Exclusions     []Item
	CopingWindowID *int64
	FormToken      string
}

// Validate checks the proposal's own fields; v may hold messages from
// reading the form. The citizen's grants are checked by CheckProposal.
func (in *ProposalInput) Validate(today Date, v Validation) error {
	in.Need, in.Purpose = strings.TrimSpace(in.Need), strings.TrimSpace(in.Purpose)
	in.Goals, in.Tasks, in.Exclusions = CleanItems(in.Goals), CleanItems(in.Tasks), CleanItems(in.Exclusions)
	if !isProposalKind(in.Kind) {
		v.Add("kind", "En indstilling gælder et skift fra mentor til støttekontaktperson eller § 85-støtte parallelt med mentorstøtten.")
	}
	if _, bad := v["effective_on"]; !bad {
		if in.EffectiveOn.IsZero() {
			v.Add("effective_on", "Skriv den dato, støtten efter § 85 foreslås at gælde fra.")
		} else {
			v.DateWithin("effective_on", in.EffectiveOn, EarliestDate(today), LatestDate(today))
		}
	}
	if in.PersonID <= 0 {
		v.Add("person_id", "Vælg den foreslåede støttekontaktperson.")
	}
	if _, bad := v["hours"]; !bad {
		if msg := HoursProblem(in.HoursPerWeek); msg != "" {
			v.Add("hours", msg)
		}
	}
	if in.Need == "" {
		v.Add("reason", "Beskriv behovet og begrundelsen for indstillingen.")
	} else {
		v.Text("reason", in.Need, MaxLongText)
	}
	v.Text("purpose", in.Purpose, MaxLongText)
	v.Items("goals", in.Goals)
	v.Items("tasks", in.Tasks)
	v.Items("exclusions", in.Exclusions)
	return v.Err()
}

func isProposalKind(k SwitchKind) bool {
	for _, pk := range ProposalKinds {
		if pk == k {
			return true
		}
	}
	return false
}

// CheckProposal checks that a proposal of kind fits the citizen's grants
// active on today: it builds on an active LAB grant (returned) and asks
// for a switch the grants allow.
func CheckProposal(kind SwitchKind, active []Grant, v Validation) *Grant {
	var lab *Grant
	for i := range active {
		if active[i].Function == FunctionMentor {
			lab = &active[i]
		}
	}
	if lab == nil {
		v.Add("kind", "En indstilling til Socialforvaltningen kræver, at borgeren har en aktiv mentorbevilling efter LAB.")
		return nil
	}
	if len(active) != 1 {
		v.Add("kind", "Borgeren har allerede støtte efter § 85.")
	}
	return lab
}

// MayPropose reports whether a user with roles may propose § 85 support:
// the job centre's caseworker.
func MayPropose(roles Roles) bool { return roles.Has(RoleCaseworker) }

// MayDecideProposal reports whether a user with roles may decide a
// proposal: whoever grants under the § 85 legal basis (its
// administration's granting role, as data).
func MayDecideProposal(roles Roles, lb LegalBasis) bool { return lb.MayGrant(roles) }

// GrantRefusal says why a user with roles may not grant under lb, pointing
// the job centre to the proposal; "" when they may.
func GrantRefusal(roles Roles, lb LegalBasis) string {
	if lb.MayGrant(roles) {
		return ""
	}
	name := lb.Administration.Name
	if name == "" {
		name = "lovgrundlagets forvaltning"
	}
	msg := "Bevillinger efter " + lb.Paragraph + " træffes af " + name + "."
	if lb.Function == FunctionSupport && roles.Has(RoleCaseworker) {
		msg += " Brug »" + ProposeLabel + "« i stedet."
	}
	return msg
}

// CheckDecision checks that p can be decided now: only a pending proposal,
// at the version the decider saw; a rejection needs a reason.
func CheckDecision(p Proposal, version int, reject bool, reason string, v Validation) error {
	if p.Status != ProposalPending {
		return Errorf(ECONFLICT, "Indstillingen er allerede %s.", strings.ToLower(p.Status.Label()))
	}
	if version != p.Version {
		return Errorf(ECONFLICT, "Indstillingen er ændret af en anden i mellemtiden. Se den igen, og prøv igen.")
	}
	if reject {
		reason = strings.TrimSpace(reason)
		if reason == "" {
			v.Add("reject_reason", "Skriv begrundelsen for afvisningen. Den vises for sagsbehandleren.")
		} else {
			v.Text("reject_reason", reason, MaxLongText)
		}
	}
	return v.Err()
}

// ProposalFilter selects proposals for a work queue.
type ProposalFilter struct {
	CitizenID  *int64
	ProposedBy *int64
	TeamID     *int64 // proposed by a member of the team
	Status     ProposalStatus
	Limit      int
}
