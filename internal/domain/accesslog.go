package domain

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Access log actions. Every read or write of a citizen's data, every sign-in
// and sign-out and every access denial is written with one of these.
const (
	ActionLogin        = "login"
	ActionLoginFailed  = "login_failed"
	ActionLoginLocked  = "login_locked"
	ActionLogout       = "logout"
	ActionDenied       = "access_denied"
	ActionNotFound     = "not_found_denied"
	ActionView         = "view"
	ActionCreate       = "create"
	ActionUpdate       = "update"
	ActionExport       = "export"
	ActionSessionEnded = "session_ended"
)

// ActionLabel is the Danish description of an action.
func ActionLabel(action string) string {
	switch action {
	case ActionLogin:
		return "Logget ind"
	case ActionLoginFailed:
		return "Mislykket login"
	case ActionLoginLocked:
		return "Login spærret"
	case ActionLogout:
		return "Logget ud"
	case ActionDenied:
		return "Adgang nægtet"
	case ActionNotFound:
		return "Forsøg på adgang til ukendt/fremmed data"
	case ActionView:
		return "Visning"
	case ActionCreate:
		return "Oprettelse"
	case ActionUpdate:
		return "Ændring"
	case ActionExport:
		return "Eksport"
	case ActionSessionEnded:
		return "Session afsluttet"
	}
	return action
}

// AccessEntry is one row of the append-only access log.
type AccessEntry struct {
	ID        int64
	At        time.Time
	UserID    *int64
	Username  string
	Action    string
	CitizenID *int64
	Entity    string
	EntityID  string
	Detail    string
	Purpose   string // which support the read or change served, in plain Danish
	RequestID string
	IP        string
}

// AccessFilter selects access-log rows. Zero values mean "any".
type AccessFilter struct {
	Username  string // the user as they signed in (indexed; the log keeps it)
	CitizenID *int64
	From, To  time.Time // To is exclusive
	// A page is found by key, never by offset: the entries older than the
	// entry BeforeID (the next page, newest first) or newer than AfterID
	// (the previous page), ordered by (at, id).
	BeforeID, AfterID int64
	Limit             int
}

// AccessCountCap is how far the access log's matching rows are counted: a
// search shows "mere end 1.000 hændelser" rather than count millions (the
// count is read from the index on every page view, so it is kept small).
const AccessCountCap = 1000

// Actor is who acts in a request, as the access log records it: the store
// writes an access-log row with every change of a citizen's data, in the
// change's own transaction, and takes the actor from the context.
type Actor struct {
	UserID    int64
	Username  string
	RequestID string
	IP        string
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx; ok is false when there is none.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// Entry is the access-log entry for the actor's action on a citizen's data.
func (a Actor) Entry(action string, citizenID int64, entity string, entityID int64, purpose string) AccessEntry {
	var uid *int64
	if a.UserID != 0 {
		id := a.UserID
		uid = &id
	}
	return AccessEntry{UserID: uid, Username: a.Username, Action: action, CitizenID: &citizenID, Entity: entity,
		EntityID: strconv.FormatInt(entityID, 10), Purpose: purpose, RequestID: a.RequestID, IP: a.IP}
}

// What the access log says was read or changed: the entity names stored in
// the log, and their Danish names for the citizen's access-request export.
const (
	EntityCitizen    = "citizen"
	EntityGrant      = "grant"
	EntityLetter     = "bevillingsbrev"
	EntityOverview   = "stoettebrev" // the overview letter "Din støtte"
	EntitySession    = "session"
	EntityConcern    = "concern"
	EntityCoping     = "coping_window"
	EntityMeeting    = "adjustment_meeting"
	EntityRevision   = "revision"
	EntitySwitch     = "phase_switch"
	EntityProposal   = "indstilling" // a proposal of § 85 support to the social administration
	EntityAccessLog  = "access_log"
	EntityTeam       = "teamoversigt"
	EntityWorkQueue  = "arbejdskoe"
	EntityBudget     = "budgetrapport"
	EntityDelivery   = "leveringsopfoelgning"
	EntityStatement  = "maanedsopgoerelse"
	EntityMyCitizens = "mine_borgere"
	EntityCitizens   = "borgerliste"
)

// What administration entries are about (no citizen's data).
const (
	EntityUser           = "user"
	EntityTeamRecord     = "team"
	EntityLegalBasis     = "legal_basis"
	EntityCatalogueItem  = "catalogue_item"
	EntitySupervision    = "supervision"
	EntityTargetGroup    = "target_group"
	EntityBudgetRecord   = "budget"
	EntityMentorProfile  = "mentor_profile"
	EntitySetting        = "setting"
	EntityAdministration = "administration"
	EntityCSRF           = "csrf"
	EntityRoute          = "route"
)

// EntityLabel is the Danish name of what an entry is about.
func EntityLabel(entity string) string {
	switch entity {
	case EntityCitizen:
		return "Borgerens stamoplysninger og oversigt"
	case EntityGrant:
		return "Bevilling"
	case EntityLetter:
		return "Bevillingsbrev"
	case EntityOverview:
		return "Brevet »Din støtte« om én person i begge funktioner"
	case EntitySession:
		return "Samtale eller aktivitet"
	case EntityConcern:
		return "Bekymring"
	case EntityCoping:
		return "Hverdagsmestringsperiode"
	case EntityMeeting:
		return "Justeringsmøde"
	case EntityRevision:
		return "Revision af bevilling"
	case EntitySwitch:
		return "Faseskift"
	case EntityProposal:
		return "Indstilling til Socialforvaltningen"
	case EntityAccessLog:
		return "Adgangsloggen"
	case EntityTeam:
		return "Teamoversigt"
	case EntityWorkQueue:
		return "Arbejdskø"
	case EntityBudget:
		return "Budgetrapport"
	case EntityDelivery:
		return "Opfølgning på leverede timer"
	case EntityStatement:
		return "Månedsopgørelse over timer og udgift"
	case EntityMyCitizens:
		return "Mentorens liste over egne borgere"
	case EntityCitizens:
		return "Borgerliste"
	case "bekymringsliste":
		return "Liste over bekymringer"
	case "faseskiftliste":
		return "Liste over faseskift"
	case "indstillingsliste":
		return "Liste over indstillinger til Socialforvaltningen"
	case EntityUser:
		return "Brugerkonto"
	case EntityTeamRecord:
		return "Team"
	case EntityLegalBasis:
		return "Lovgrundlag"
	case EntityCatalogueItem:
		return "Opgave eller undtagelse i kataloget"
	case EntitySupervision:
		return "Supervision"
	case EntityTargetGroup:
		return "Målgruppe"
	case EntitySupportTerm:
		return "Område eller indsatsformål for støttebehov (FFB)"
	case EntityBudgetRecord:
		return "Budget og timepris"
	case EntityMentorProfile:
		return "Mentorprofil"
	case EntitySetting:
		return "Indstilling"
	case EntityAdministration:
		return "Forvaltningens afsender og klagevejledning"
	case EntityCSRF:
		return "Anmodning fra et andet websted"
	case EntityRoute:
		return "Side"
	case "":
		return ""
	}
	return "Andre oplysninger"
}

// GrantPurpose says in plain Danish which support a read or change served,
// for the citizen's access-request export: the function, the law and the
// period, never an internal id.
func GrantPurpose(g Grant) string {
	s := "Mentorstøtte"
	if g.Function == FunctionSupport {
		s = "Støtte fra støttekontaktperson"
	}
	if p := g.LegalBasis.Paragraph; p != "" {
		s += " efter " + p
		if law, _, _ := strings.Cut(g.LegalBasis.Law, " ("); law != "" {
			s += " i " + law
		}
	}
	return s + ", bevilget fra " + FormatDate(g.Start)
}

// OverviewPurpose says which support the overview letter served: both grants.
func OverviewPurpose(lab, sel Grant) string {
	return "Brevet »Din støtte«: " + GrantPurpose(lab) + "; " + GrantPurpose(sel)
}

// ConcernPurpose says which concern a read or change served.
func ConcernPurpose(category string) string {
	if c, ok := ConcernCategoryOf(category); ok {
		return "Bekymring: " + c.Label
	}
	return "Bekymring om borgeren"
}

// Purposes of reads that serve the case as a whole.
const (
	CitizenPurpose = "Borgerens sag: oversigt over støtten"
	CopingPurpose  = "Hverdagsmestringsperiode under mentorstøtten"
	// ProposalPurpose: a proposal of § 85 support to the social administration.
	ProposalPurpose = "Indstilling om støtte efter SEL § 85 til Socialforvaltningen"
)

// SessionPurpose says which session a read or change served.
func SessionPurpose(s Session) string {
	return s.Function.Label() + ": samtale den " + FormatDate(s.OccurredOn)
}

// ListPurpose says why a list showed a citizen (lists write one entry per
// citizen shown, with the list as the purpose).
func ListPurpose(entity string) string {
	switch entity {
	case EntityCitizens:
		return "Vist i borgerlisten eller en søgning"
	case EntityMyCitizens:
		return "Vist på mentorens liste over egne borgere"
	case EntityTeam:
		return "Vist i teamlederens teamoversigt"
	case EntityWorkQueue:
		return "Vist i en arbejdskø over borgere, der kræver opmærksomhed"
	case EntityBudget:
		return "Timer og udgifter i budgetopfølgningen"
	case EntityDelivery:
		return "Opfølgning på leverede timer mod bevilgede"
	case EntityStatement:
		return "Timer og udgift i forvaltningens månedsopgørelse"
	case "bekymringsliste":
		return "Vist på listen over bekymringer"
	case "faseskiftliste":
		return "Vist i loggen over faseskift"
	case "indstillingsliste":
		return "Vist i en liste over indstillinger til Socialforvaltningen"
	}
	return ""
}
