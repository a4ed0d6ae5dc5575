package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// The demo municipality's citizens and grants: about 40 fictitious citizens
// in the fictional town of Demoby, with grants in every state (drafts,
// active LAB mentor support, active SEL § 85 support, both at once held by
// one person as in Case 2, phase switches, extensions, revisions and ended
// grants). Every date is relative to the day the demo is seeded, so the
// caseload, review and expiry views always have something to show.

// Demo user names (see Users).
const (
	demoCaseworker1 = "sagsbehandler"  // Signe Holm
	demoCaseworker2 = "sagsbehandler2" // Peter Lund
	demoMentor1     = "mentor"         // Mette Jensen: LAB + § 85, 30 h
	demoMentor2     = "mentor2"        // Jonas Østergaard: LAB + § 85, 25 h
	demoMentor3     = "mentor3"        // Fatima Ali: LAB only, 20 h
)

// demoProfiles are the mentors' qualifications and capacity.
var demoProfiles = []struct {
	username        string
	mentor, support bool
	capacityPerWeek float64
}{
	{demoMentor1, true, true, 30},
	{demoMentor2, true, true, 25},
	{demoMentor3, true, false, 20},
}

// Catalogue texts (migration 000002). A text missing from the catalogue
// (edited or retired by the administrator) is written as a free-text line.
const (
	taskMotivate = "Motivere og støtte borgeren i at gennemføre forløb og aktiviteter"
	taskTone     = "Støtte til at håndtere den sociale omgangstone på uddannelse eller arbejdsplads"
	taskMorning  = "Hjælp til at komme op om morgenen og møde til tiden"
	taskDoctor   = "Hjælp til at kontakte egen læge"
	taskSocial   = "Støtte til udvikling af sociale kompetencer"
	taskFlexJob  = "Støtte ved opstart i fleksjob med skånehensyn, så kollegerne forstår og accepterer dem"

	exclDoor      = "Ingen opgaver inden for borgerens hoveddør"
	exclAuthority = "Ingen opgaver, der kræver bevillingskompetence"
	exclTaxi      = "Ikke fast transport (taxakørsel) for borgeren"
	exclTherapy   = "Ingen terapeutiske samtaler"
)

// The støttekontaktperson's catalogue (SEL § 85, migration 000025): § 85
// grants are framed in these, never in the LAB mentor's.
const (
	selStructure   = "Struktur i hverdagen: faste rutiner, døgnrytme og overblik over aftaler"
	selPost        = "Post og økonomi: åbne og forstå post, overblik over faste udgifter og budget"
	selAuthorities = "Kontakt til myndigheder: forberede og følge borgeren til møder med fx kommunen, egen læge og psykiatrien"
	selShopping    = "Indkøb og bolig: træning i at planlægge indkøb og mad og i at holde styr på boligen"
	selRelations   = "Sociale relationer: støtte til at skabe og holde kontakt med familie, netværk og fællesskaber"

	selExclTreatment = "Ikke behandling (terapi eller misbrugsbehandling)"
	selExclMoney     = "Ikke økonomisk rådgivning eller forvaltning af borgerens penge"
	selExclDecisions = "Ingen afgørelser om hjælp eller ydelser (dem træffer socialrådgiveren)"
)

// Target group names (migration 000002).
const (
	tgCash      = "Aktivitetsparat kontanthjælpsmodtager"
	tgEducation = "Uddannelseshjælpsmodtager (aktivitetsparat)"
	tgResource  = "Ressourceforløb"
	tgClarify   = "Jobafklaringsforløb"
	tgSick      = "Sygedagpengemodtager"
	tgFlexJob   = "Fleksjob / ledighedsydelse"
	tgSocial    = "Borger uden ydelse (SEL)"
)

const (
	demoPurposeLAB = "Mentorstøtte, så borgeren kan gennemføre sine aktiviteter i jobcentret og komme tættere på job eller uddannelse."
	demoPurposeSEL = "Socialpædagogisk bistand til struktur i hverdagen, post og aftaler, så borgeren kan klare sig i egen bolig."
)

// demoSELExclusions are what a støttekontaktperson does not do: § 85's
// standard exclusions. Support in the home is allowed under § 85, so the
// front-door rule is not among them.
var demoSELExclusions = []string{selExclTreatment, selExclMoney, selExclDecisions}

type demoMeeting struct {
	summary, decisions string
	others             string
}

// demoRevision is a change of a granted grant; zero fields keep the value.
type demoRevision struct {
	day     int // days after the grant's start
	reason  string
	person  string
	hours   float64
	tasks   []string
	goals   []string
	meeting *demoMeeting // the adjustment meeting that decided it, held the same day
}

// demoGrant is one grant as written in the demo script.
type demoGrant struct {
	support    bool // SEL § 85 støttekontaktperson; otherwise LAB § 167 mentor
	status     domain.GrantStatus
	person     string
	hours      float64
	start      int // days from today
	months     int // LAB: period (≤ 6 months); § 85: months to the follow-up date
	ended      int // afsluttet: ended_on in days from today
	endedAtEnd bool
	endReason  string
	follows    bool // starts the day after the previous grant in the list ends
	extends    bool // and is its extension (previous_grant_id)
	assessment string
	purpose    string
	tasks      []string
	goals      []string
	extraExcl  []string
	noPaper    bool // klagevejledning and Min Plan not registered yet
	revisions  []demoRevision
	meeting    *demoMeeting // a meeting that changed nothing
	meetingDay int
}

func lab(person string, hours float64, start int) demoGrant {
	return demoGrant{status: domain.StatusGranted, person: person, hours: hours, start: start, months: 6}
}

func sel(person string, hours float64, start int) demoGrant {
	return demoGrant{support: true, status: domain.StatusGranted, person: person, hours: hours, start: start, months: 6}
}

// extension is a new LAB period linked to the previous grant in the list;
// unset person, hours, purpose, tasks and goals are carried over.
func extension(assessment string) demoGrant {
	return demoGrant{status: domain.StatusGranted, months: 6, follows: true, extends: true, assessment: assessment}
}

func (g demoGrant) period(months int) demoGrant { g.months = months; return g }
func (g demoGrant) draft() demoGrant            { g.status = domain.StatusDraft; return g }
func (g demoGrant) afterPrevious() demoGrant    { g.follows = true; return g }
func (g demoGrant) withoutPaperwork() demoGrant { g.noPaper = true; return g }
func (g demoGrant) because(p string) demoGrant  { g.purpose = p; return g }

func (g demoGrant) endOn(day int, reason string) demoGrant {
	g.status, g.ended, g.endReason = domain.StatusEnded, day, reason
	return g
}

func (g demoGrant) endAtPeriodEnd(reason string) demoGrant {
	g.status, g.endedAtEnd, g.endReason = domain.StatusEnded, true, reason
	return g
}

func (g demoGrant) doing(tasks ...string) demoGrant      { g.tasks = tasks; return g }
func (g demoGrant) aiming(goals ...string) demoGrant     { g.goals = goals; return g }
func (g demoGrant) alsoExcluding(ex ...string) demoGrant { g.extraExcl = ex; return g }
func (g demoGrant) revised(r demoRevision) demoGrant {
	g.revisions = append(g.revisions[:len(g.revisions):len(g.revisions)], r)
	return g
}

func (g demoGrant) met(day int, m demoMeeting) demoGrant {
	g.meeting, g.meetingDay = &m, day
	return g
}

type demoCitizen struct {
	name       string
	born       domain.Date
	male       bool
	group      string
	caseworker string
	protected  bool
	grants     []demoGrant
}

func citizen(name string, y int, m time.Month, d int, male bool, group, caseworker string, grants ...demoGrant) demoCitizen {
	return demoCitizen{name: name, born: domain.MakeDate(y, m, d), male: male, group: group, caseworker: caseworker, grants: grants}
}

func (c demoCitizen) addressProtected() demoCitizen { c.protected = true; return c }

// demoCitizens is the script. Mette (mentor) holds 9 active citizens, three
// of them with both functions, at 31,5 h a week against 30 h capacity;
// Jonas (mentor2) 9 citizens at 25 h; Fatima (mentor3, LAB only) 9 at 18,5 h.
var demoCitizens = []demoCitizen{
	// --- Mette Jensen (mentor) ---
	citizen("Jannik Sommer Vestergaard", 1991, time.March, 14, true, tgCash, demoCaseworker1,
		lab(demoMentor1, 3, -120).
			because("Mentorstøtte, så borgeren kan gennemføre virksomhedspraktik hos Demoby Genbrug og på sigt komme i ordinært job.").
			doing(taskMotivate, taskMorning, "Følge borgeren de første dage i praktik hos Demoby Genbrug").
			aiming("Møde stabilt 3 dage om ugen i praktik", "Afklare ønsker til job inden for lager eller genbrug").
			met(60, demoMeeting{
				summary: "Trepartssamtale om praktikken. Borgeren møder 2–3 dage om ugen, men har svært ved at få " +
					"hverdagen til at hænge sammen derhjemme (post, regninger, indkøb).",
				decisions: "Mentoropgaverne fortsætter uændret. Sagsbehandler undersøger behov for støttekontaktperson " +
					"efter SEL § 85; borgeren ønsker, at det bliver samme person.",
			}),
		sel(demoMentor1, 3, -40).
			doing(selStructure, selPost, selAuthorities).
			aiming("Holde aftaler med egen læge og kommunen", "Have styr på faste regninger hver måned")),
	citizen("Louise Brandt Thygesen", 1988, time.November, 2, false, tgResource, demoCaseworker1,
		lab(demoMentor1, 2, -90).
			because("Mentorstøtte i ressourceforløbet, så borgeren kan gennemføre praktik og opbygge en fast ugerytme.").
			doing(taskMotivate, taskTone, taskSocial).
			aiming("Gennemføre ressourceforløbets aktiviteter").
			revised(demoRevision{day: 42, reason: "Justeret efter justeringsmøde: fokus på fremmøde", hours: 2.5,
				tasks: []string{taskMorning, taskMotivate, "Sms-påmindelse aftenen før praktikdage"},
				goals: []string{"Møde stabilt 3 dage om ugen i praktik", "Gennemføre ressourceforløbets aktiviteter"},
				meeting: &demoMeeting{
					summary: "Borgeren er udeblevet fra praktikken flere gange, især om mandagen. Borger, mentor og " +
						"sagsbehandler gennemgik ugens rytme og hvad der gør mandagene svære.",
					decisions: "Opgaverne ændres: mentor hjælper med at komme op og møde til tiden og sender påmindelse " +
						"aftenen før. Timetallet hæves fra 2 til 2,5 timer om ugen.",
				}}),
		sel(demoMentor1, 2, -60).
			doing("Træning i at tage bussen alene til faste aftaler", selRelations).
			aiming("Kunne tage bussen alene til praktik og lægebesøg")),
	citizen("Mikkel Bak Rasmussen", 1979, time.June, 23, true, tgClarify, demoCaseworker2,
		lab(demoMentor1, 2, -150).
			because("Mentorstøtte under jobafklaringsforløbet, så borgeren kan deltage i afklaring på Demoby Produktionsskole.").
			doing(taskMotivate, taskDoctor).
			aiming("Deltage i afklaring på Demoby Produktionsskole 2 dage om ugen"),
		sel(demoMentor1, 4, -100).
			doing(selStructure, selAuthorities).
			aiming("Klare morgenrutinen selv mindst 4 dage om ugen", "Holde aftaler i psykiatrien").
			revised(demoRevision{day: 30, reason: "Opgave tilføjet efter opfølgning: ledsagelse til psykiatrien",
				tasks: []string{selStructure, selAuthorities, "Ledsagelse til de første samtaler i distriktspsykiatrien"}})),
	citizen("Sofie Kjær Andersen", 1996, time.January, 31, false, tgCash, demoCaseworker1,
		lab(demoMentor1, 3, -140).
			doing(taskMotivate, taskSocial).
			aiming("Deltage i jobcentrets holdforløb hver uge").
			endOn(-45, "Faseskift: borgeren har i en periode brug for en støttekontaktperson efter SEL § 85 i stedet for mentor. Samme person fortsætter."),
		sel(demoMentor1, 3, 0).afterPrevious().
			doing(selStructure, selAuthorities, selPost).
			aiming("Få en stabil hverdag, så beskæftigelsesfokus kan genoptages")),
	citizen("Rasmus Vinther", 1984, time.September, 9, true, tgCash, demoCaseworker1,
		lab(demoMentor1, 3, -230).
			because("Mentorstøtte, så borgeren kan starte og fastholde virksomhedspraktik hos Demoby Auto.").
			doing(taskMotivate, taskTone).
			aiming("Møde stabilt 4 dage om ugen i praktik").
			endAtPeriodEnd("Perioden er udløbet; mentorstøtten er forlænget med en ny bevilling."),
		extension("Borgeren er kommet godt i gang i praktikken, men fremmødet er endnu ikke stabilt. En ny periode på "+
			"6 måneder vurderes nødvendig for at fastholde praktikken og arbejde hen mod løntimer.")),
	citizen("Camilla Dyrberg", 1993, time.May, 17, false, tgResource, demoCaseworker2,
		lab(demoMentor1, 2, -165).
			doing(taskMotivate, taskSocial).
			aiming("Deltage i samtalegruppe på jobcentret hver uge"),
		sel(demoMentor1, 2, 0).afterPrevious().draft().
			because("Faseskift forberedes: støttekontaktperson efter SEL § 85, når mentorperioden udløber. Samme person fortsætter.").
			doing(selStructure, selAuthorities).
			aiming("Holde faste aftaler med læge og kommune")),
	citizen("Tobias Lauridsen", 2001, time.August, 5, true, tgEducation, demoCaseworker1,
		lab(demoMentor1, 4, -110).
			because("Mentorstøtte, så borgeren kan starte og gennemføre FGU i Demoby.").
			doing(taskMotivate, taskMorning).
			aiming("Starte på FGU i Demoby").
			revised(demoRevision{day: 30, reason: "Timetal nedsat: borgeren klarer selv at komme op om morgenen", hours: 3,
				tasks: []string{taskMotivate, taskTone}}).
			revised(demoRevision{day: 75, reason: "Justeret: fokus på den sociale omgangstone på FGU", hours: 2.5,
				tasks: []string{taskTone, taskSocial, "Ugentlig opfølgning med kontaktlæreren på FGU (med borgerens samtykke)"},
				goals: []string{"Gennemføre første halvår på FGU", "Have en fast makker i klassen"}})),
	citizen("Marianne Fog Poulsen", 1968, time.December, 1, false, tgSocial, demoCaseworker2,
		sel(demoMentor1, 2, -300).
			doing(selShopping, selAuthorities).
			aiming("Handle ind selv én gang om ugen")),
	citizen("Ahmad Rahimi", 1998, time.February, 28, true, tgCash, demoCaseworker1,
		lab(demoMentor1, 2.5, -10).withoutPaperwork().
			doing(taskMotivate, "Støtte til at forstå breve og aftaler fra jobcentret").
			aiming("Deltage i danskundervisning og virksomhedspraktik hver uge")),

	// --- Jonas Østergaard (mentor2) ---
	citizen("Henrik Schou", 1972, time.April, 11, true, tgResource, demoCaseworker2,
		lab(demoMentor2, 3, -80).
			doing(taskMotivate, taskSocial).
			aiming("Deltage i praktik på Demoby Kommunes materielgård 3 dage om ugen"),
		sel(demoMentor2, 2.5, -50).
			doing(selPost, selAuthorities).
			aiming("Åbne og sortere posten selv hver uge")),
	citizen("Emilie Gram Nørgaard", 2002, time.October, 19, false, tgEducation, demoCaseworker2,
		lab(demoMentor2, 2, -60).period(4).
			doing(taskMotivate, taskTone).
			aiming("Gennemføre brobygningsforløb til uddannelse"),
		sel(demoMentor2, 2, -20).
			doing(selStructure, selRelations).
			aiming("Stå op før kl. 9 på hverdage")),
	citizen("Brian Kvist Madsen", 1976, time.July, 30, true, tgResource, demoCaseworker2,
		sel(demoMentor2, 3, -200).
			doing(selStructure).
			aiming("Have en stabil hverdag uden akutte kriser").
			endOn(-30, "Faseskift: beskæftigelsesfokus er muligt igen, og støtten fortsætter som mentor efter LAB § 167. Samme person fortsætter."),
		lab(demoMentor2, 3, 0).afterPrevious().
			doing(taskMotivate, taskMorning).
			aiming("Møde stabilt 2 dage om ugen i virksomhedspraktik")),
	citizen("Natasja Bech", 1990, time.March, 3, false, tgCash, demoCaseworker1,
		lab(demoMentor2, 2.5, -200).
			because("Mentorstøtte, så borgeren kan gennemføre praktik i Demoby Supermarked og komme i job.").
			doing(taskMotivate, taskTone).
			aiming("Gennemføre praktikken i Demoby Supermarked"),
		extension("Borgeren har gennemført praktikken og søger nu job med løntilskud. Mentorstøtten forlænges i 6 "+
			"måneder for at støtte overgangen til job.").
			aiming("Starte i job med løntilskud", "Fastholde jobbet de første 3 måneder")),
	citizen("Jesper Ravn", 1967, time.August, 25, true, tgSick, demoCaseworker2,
		lab(demoMentor2, 1.5, -45).period(3).
			doing(taskMotivate, taskDoctor).
			aiming("Gennemføre delvis raskmelding med 10 timer om ugen")),
	citizen("Line Mølgaard", 1995, time.December, 12, false, tgCash, demoCaseworker2,
		lab(demoMentor3, 2, -70).
			doing(taskMotivate, taskSocial).
			aiming("Deltage i jobcentrets holdforløb hver uge").
			revised(demoRevision{day: 20, reason: "Skift af mentor: Jonas Østergaard overtager, så borgeren kan beholde " +
				"samme person, hvis der bliver behov for støtte efter SEL § 85", person: demoMentor2})),
	citizen("Oliver Krogh Sørensen", 1987, time.February, 14, true, tgSocial, demoCaseworker2,
		sel(demoMentor2, 3, -180).period(12).
			doing(selStructure, "Hjælp til at holde aftaler med misbrugsbehandlingen").
			aiming("Holde alle aftaler i behandlingen")).addressProtected(),
	citizen("Ida Bisgaard", 1981, time.October, 7, false, tgFlexJob, demoCaseworker1,
		lab(demoMentor2, 1.5, -35).period(4).
			because("Mentorstøtte ved opstart i fleksjob hos Demoby Bageri.").
			doing(taskFlexJob, taskTone).
			aiming("Fastholde fleksjob på 12 timer om ugen hos Demoby Bageri")),

	// --- Fatima Ali (mentor3, LAB only) ---
	citizen("Morten Skov Larsen", 1974, time.January, 20, true, tgCash, demoCaseworker2,
		lab(demoMentor3, 3, -100).
			doing(taskMotivate, taskMorning, taskDoctor).
			aiming("Møde stabilt 3 dage om ugen i praktik")),
	citizen("Pernille Juhl", 1999, time.June, 6, false, tgEducation, demoCaseworker2,
		lab(demoMentor3, 2, -50).
			doing(taskMotivate, taskTone).
			aiming("Søge ind på en erhvervsuddannelse til sommer")),
	citizen("Daniel Engelbrecht", 2003, time.March, 29, true, tgEducation, demoCaseworker1,
		lab(demoMentor3, 4, -95).
			doing(taskMorning, taskMotivate).
			aiming("Møde til tiden på skolen 5 dage om ugen").
			revised(demoRevision{day: 50, reason: "Timetal nedsat fra 4 til 2,5: borgeren møder nu selv på skolen", hours: 2.5,
				tasks: []string{taskMotivate, taskSocial},
				goals: []string{"Møde til tiden på skolen 5 dage om ugen", "Deltage i en fritidsaktivitet med jævnaldrende"}})),
	citizen("Amalie Friis", 1997, time.September, 15, false, tgCash, demoCaseworker2,
		lab(demoMentor3, 2, -170).
			doing(taskMotivate, taskSocial).
			aiming("Deltage i virksomhedspraktik 15 timer om ugen")),
	citizen("Thomas Bundgaard", 1969, time.November, 11, true, tgSick, demoCaseworker2,
		lab(demoMentor3, 2, -25).period(3).
			doing(taskMotivate, taskDoctor).
			aiming("Vende tilbage til arbejdspladsen på nedsat tid")),
	citizen("Helle Sand Christiansen", 1965, time.April, 4, false, tgClarify, demoCaseworker1,
		lab(demoMentor3, 1.5, -60).
			doing(taskMotivate).
			aiming("Gennemføre arbejdsprøvning hos Demoby Plejecenter")),
	citizen("Mathias Lykke", 2000, time.July, 7, true, tgCash, demoCaseworker2,
		lab(demoMentor3, 2, -75).
			doing(taskMotivate, taskTone).
			aiming("Møde stabilt i praktik på Demoby Lager"),
		sel(demoMentor2, 2, -30).
			doing(selStructure, selAuthorities).
			aiming("Holde aftaler med egen læge")),
	citizen("Nadia Hussein", 1992, time.August, 18, false, tgCash, demoCaseworker1,
		lab(demoMentor3, 2, -15).
			doing(taskMotivate, taskSocial, "Støtte til at finde børnepasning, der passer med praktiktiderne").
			aiming("Starte i virksomhedspraktik 20 timer om ugen").
			alsoExcluding("Ingen kontakt til borgerens familie uden borgerens samtykke")),
	citizen("Nikolaj Brink", 1985, time.June, 30, true, tgCash, demoCaseworker2,
		lab(demoMentor3, 1.5, -5).withoutPaperwork().
			doing(taskMotivate).
			aiming("Deltage i jobsøgningsforløb hver uge")),

	// --- Drafts ---
	citizen("Kenneth Fabricius", 1983, time.May, 27, true, tgCash, demoCaseworker1,
		lab(demoMentor1, 2, 14).draft().
			doing(taskMotivate, taskMorning).
			aiming("Møde stabilt i virksomhedspraktik")),
	citizen("Maja Eskildsen", 2004, time.February, 29, false, tgEducation, demoCaseworker2,
		lab(demoMentor3, 2, 7).draft().
			doing(taskMotivate, taskTone).
			aiming("Starte på FGU efter sommerferien")),

	// --- Ended ---
	citizen("Frederik Ulrich", 1986, time.October, 10, true, tgCash, demoCaseworker1,
		lab(demoMentor1, 3, -260).
			doing(taskMotivate, taskTone).
			aiming("Komme i ordinært job").
			endOn(-150, "Borgeren er startet i ordinært job på 30 timer om ugen hos Demoby Maskinfabrik.")),
	citizen("Tina Warming", 1978, time.March, 21, false, tgResource, demoCaseworker2,
		lab(demoMentor2, 2, -320).
			doing(taskMotivate, taskSocial).
			aiming("Deltage i ressourceforløbets aktiviteter").
			endAtPeriodEnd("Perioden er udløbet, og målene er nået."),
		lab(demoMentor2, 2, 10).draft().
			because("Ny mentorperiode ved opstart i virksomhedspraktik efter en pause.").
			doing(taskMotivate, taskTone).
			aiming("Starte i virksomhedspraktik 10 timer om ugen")),
	citizen("Martin Kallehave", 1989, time.December, 24, true, tgSocial, demoCaseworker1,
		sel(demoMentor2, 2, -400).
			doing(selStructure).
			aiming("Klare egen bolig uden restancer").
			endOn(-120, "Borgeren er fraflyttet kommunen.")),
	citizen("Sara Bjerre", 2000, time.January, 1, false, tgEducation, demoCaseworker2,
		lab(demoMentor3, 2.5, -240).
			doing(taskMotivate, taskMorning).
			aiming("Starte på en ungdomsuddannelse").
			endOn(-90, "Borgeren er startet på hf og har ikke længere brug for mentor.")),
	citizen("Lasse Dam Winther", 1980, time.May, 5, true, tgClarify, demoCaseworker1,
		lab(demoMentor1, 2, -300).
			doing(taskMotivate).
			aiming("Gennemføre jobafklaringsforløbet").
			endOn(-130, "Al støtte afsluttes: borgeren klarer sig nu uden mentor og støttekontaktperson."),
		sel(demoMentor1, 2, -250).
			doing(selStructure).
			aiming("Klare hverdagen uden støtte").
			endOn(-130, "Al støtte afsluttes: borgeren klarer sig nu uden mentor og støttekontaktperson.")),
	citizen("Michael Truelsen", 1971, time.September, 2, true, tgCash, demoCaseworker2,
		lab(demoMentor2, 2, -190).
			doing(taskMotivate, taskDoctor).
			aiming("Deltage i virksomhedspraktik").
			endOn(-100, "Borgeren er overgået til sygedagpenge og kan ikke deltage i aktiviteter i en periode.")),

	// --- Registered, no grant yet ---
	citizen("Dorthe Ebbesen", 1966, time.July, 19, false, tgSick, demoCaseworker1),
	citizen("Emre Yilmaz", 1994, time.April, 22, true, tgCash, demoCaseworker2),
	citizen("Julie Mortensen Haahr", 2002, time.December, 3, false, tgEducation, demoCaseworker1),
	citizen("Stine Abildgaard", 1975, time.October, 30, false, tgFlexJob, demoCaseworker2),
	citizen("Zainab Karimi", 1999, time.November, 8, false, tgCash, demoCaseworker1),
	citizen("Bo Thorsen", 1970, time.February, 17, true, tgSick, demoCaseworker2),
}

// demoCPR makes a CPR number for a birth date: the 7th digit follows the
// century rule, the last digit is odd for a man and even for a woman, and
// the number deliberately fails the old modulus-11 check, so it cannot be
// the number of anyone born before 2007.
func demoCPR(born domain.Date, male bool, i int) string {
	d7 := i % 4 // 0–3: 1900–1999
	if born.Year() >= 2000 {
		d7 = 4 // 4: 2000–2036
		if i%2 == 1 {
			d7 = 9
		}
	}
	s := fmt.Sprintf("%02d%02d%02d%d%02d", born.Day(), int(born.Month()), born.Year()%100, d7, (i*37+11)%100)
	weights := []int{4, 3, 2, 7, 6, 5, 4, 3, 2}
	sum := 0
	for k, w := range weights {
		sum += int(s[k]-'0') * w
	}
	last := 0
	if male {
		last = 1
	}
	for ; (sum+last)%11 == 0; last += 2 {
	}
	return s + fmt.Sprint(last)
}

var demoStreets = []string{"Skolevej", "Møllegade", "Kirkestræde", "Stationsvej", "Engtoften", "Bøgevej",
	"Havnegade", "Rosenvænget", "Lærkevej", "Torvegade", "Æblehaven", "Søndergade", "Vestergade"}

var demoFloors = []string{"", ", st. tv.", ", 1. th.", "", ", 2. tv.", ", 3. mf.", ""}

var demoPhonePrefixes = []int{20, 21, 22, 23, 25, 26, 27, 28, 29, 30, 31, 40, 41, 42, 50, 51, 52, 53, 60, 61}

// demoContact gives citizen i a phone number (a few have none), an address
// in Demoby and an e-mail on example.dk (every third has none).
func demoContact(i int, name string) (phone, email, address string) {
	if i%11 != 10 {
		phone = fmt.Sprintf("%d %02d %02d %02d", demoPhonePrefixes[i%len(demoPhonePrefixes)], (i*37+13)%100,
			(i*53+29)%100, (i*71+7)%100)
	}
	address = fmt.Sprintf("%s %d%s, 9999 Demoby", demoStreets[i%len(demoStreets)], 1+(i*17)%58, demoFloors[i%len(demoFloors)])
	if i%3 != 2 {
		parts := strings.Fields(name)
		email = asciiFold(parts[0]) + "." + asciiFold(parts[len(parts)-1]) + "@example.dk"
	}
	return phone, email, address
}

func asciiFold(s string) string {
	return strings.NewReplacer("æ", "ae", "ø", "oe", "å", "aa", "é", "e").Replace(strings.ToLower(s))
}

type plannedRevision struct {
	number                   int
	reason                   string
	personID                 int64
	hours                    float64
	tasks, exclusions, goals []domain.Item
	at                       time.Time
	meeting                  *demoMeeting
	meetingOn                domain.Date
	id                       int64
}

type plannedGrant struct {
	citizen            int
	prev               int // the extended grant's index, or -1
	function           domain.Function
	legalBasisID       int64
	budgetID           int64
	purpose            string
	start, review      domain.Date
	end, followUp      *domain.Date
	status             domain.GrantStatus
	endedOn            *domain.Date
	endReason          string
	complaint, minPlan *domain.Date
	note               string
	createdBy          int64
	createdAt          time.Time
	updatedAt          time.Time
	revisions          []plannedRevision
	meeting            *demoMeeting
	meetingOn          domain.Date
	id                 int64
}

func (g *plannedGrant) current() *plannedRevision { return &g.revisions[len(g.revisions)-1] }

// lastDay is the last day the grant runs: ended_on, else end_date.
func (g *plannedGrant) lastDay() *domain.Date {
	if g.endedOn != nil {
		return g.endedOn
	}
	return g.end
}

// demoRefs is the reference data the script is resolved against.
type demoRefs struct {
	users       map[string]int64
	groups      map[string]int64
	catalogue   map[string]int64 // function + "|" + kind + "|" + text
	standardEx  []domain.Item
	lab, social struct{ id, budget int64 }
}

// items are the lines texts of kind on a grant of function fn: from fn's
// catalogue when it has the text, else free lines.
func (r *demoRefs) items(fn domain.Function, kind domain.CatalogueKind, texts []string) []domain.Item {
	out := make([]domain.Item, 0, len(texts))
	for _, t := range texts {
		it := domain.Item{Text: t}
		if id, ok := r.catalogue[string(fn)+"|"+string(kind)+"|"+t]; ok {
			it.CatalogueID = &id
		}
		out = append(out, it)
	}
	return out
}

// seedCitizens creates the demo citizens, mentor profiles, grants,
// revisions and adjustment meetings inside Seed's transaction, after
// the demo users exist. today is the Copenhagen date every date is relative
// to. It does nothing when any citizen exists.
func seedCitizens(ctx context.Context, tx pgx.Tx, today domain.Date) error {
	if err := seedCitizensTx(ctx, tx, domain.MakeDate(today.Date())); err != nil {
		return fmt.Errorf("seed demo citizens: %w", err)
	}
	return nil
}

func seedCitizensTx(ctx context.Context, tx pgx.Tx, today domain.Date) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM citizens`).Scan(&n); err != nil {
		return fmt.Errorf("count citizens: %w", err)
	}
	if n > 0 {
		return nil
	}
	refs, err := loadDemoRefs(ctx, tx)
	if err != nil {
		return err
	}
	batch := &pgx.Batch{}
	for _, p := range demoProfiles {
		batch.Queue(`
			INSERT INTO mentor_profiles (user_id, qualified_mentor, qualified_support, capacity_hours)
			VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id) DO UPDATE SET qualified_mentor = EXCLUDED.qualified_mentor,
				qualified_support = EXCLUDED.qualified_support, capacity_hours = EXCLUDED.capacity_hours, updated_at = now()`,
			refs.users[p.username], p.mentor, p.support, p.capacityPerWeek)
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("mentor profiles: %w", err)
	}
	grants, err := planDemoGrants(refs, today)
	if err != nil {
		return err
	}

	// Citizens, registered two weeks before their first grant was written.
	batch = &pgx.Batch{}
	for i, c := range demoCitizens {
		registered := today.AddDate(0, 0, -(i % 9))
		for _, g := range grants {
			if g.citizen == i && g.createdAt.Before(registered) {
				registered = g.createdAt
			}
		}
		phone, email, address := demoContact(i, c.name)
		var group *int64
		if id, ok := refs.groups[c.group]; ok {
			group = &id
		}
		at := demoTime(registered.AddDate(0, 0, -14), 9)
		batch.Queue(`
			INSERT INTO citizens (cpr, name, phone, email, address, address_protected, target_group_id, caseworker_id,
				created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, LEAST($9::timestamptz, current_setting('mentorspor.demo_now')::timestamptz), LEAST($9::timestamptz, current_setting('mentorspor.demo_now')::timestamptz))
			RETURNING id`,
			demoCPR(c.born, c.male, i), c.name, phone, email, address, c.protected, group, refs.users[c.caseworker], at)
	}
	citizenIDs, err := batchIDs(ctx, tx, batch)
	if err != nil {
		return fmt.Errorf("citizens: %w", err)
	}

	// Grants: first those without a predecessor, then the extensions.
	for _, wave := range []bool{false, true} {
		batch = &pgx.Batch{}
		var in []*plannedGrant
		for k := range grants {
			g := &grants[k]
			if (g.prev >= 0) != wave {
				continue
			}
			var prevID *int64
			if g.prev >= 0 {
				prevID = &grants[g.prev].id
			}
			cur := g.current()
			batch.Queue(`
				INSERT INTO grants (citizen_id, legal_basis_id, function, person_id, purpose, hours_per_week, start_date,
					end_date, follow_up_date, review_date, budget_id, status, ended_on, end_reason, complaint_info_on,
					min_plan_on, previous_grant_id, extension_note, revision, created_by, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
					LEAST($21::timestamptz, current_setting('mentorspor.demo_now')::timestamptz), LEAST($22::timestamptz, current_setting('mentorspor.demo_now')::timestamptz))
				RETURNING id`,
				citizenIDs[g.citizen], g.legalBasisID, string(g.function), cur.personID, g.purpose, cur.hours, g.start,
				g.end, g.followUp, g.review, g.budgetID, string(g.status), g.endedOn, g.endReason, g.complaint,
				g.minPlan, prevID, g.note, cur.number, g.createdBy, g.createdAt, g.updatedAt)
			in = append(in, g)
		}
		ids, err := batchIDs(ctx, tx, batch)
		if err != nil {
			return fmt.Errorf("grants: %w", err)
		}
		for k, g := range in {
			g.id = ids[k]
		}
	}
	if err := seedSupportNeeds(ctx, tx, grants); err != nil {
		return err
	}

	// Revisions, then their items and the adjustment meetings.
	batch = &pgx.Batch{}
	var revs []*plannedRevision
	for k := range grants {
		g := &grants[k]
		for r := range g.revisions {
			rev := &g.revisions[r]
			if rev.number == 1 && g.prev >= 0 {
				rev.reason = fmt.Sprintf("Forlængelse af bevilling nr. %d", grants[g.prev].id)
			}
			batch.Queue(`
				INSERT INTO grant_revisions (grant_id, number, reason, person_id, hours_per_week, created_by, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, LEAST($7::timestamptz, current_setting('mentorspor.demo_now')::timestamptz)) RETURNING id`,
				g.id, rev.number, rev.reason, rev.personID, rev.hours, g.createdBy, rev.at)
			revs = append(revs, rev)
		}
	}
	ids, err := batchIDs(ctx, tx, batch)
	if err != nil {
		return fmt.Errorf("revisions: %w", err)
	}
	for k, rev := range revs {
		rev.id = ids[k]
	}
	batch = &pgx.Batch{}
	for k := range grants {
		g := &grants[k]
		for _, rev := range g.revisions {
			for _, part := range []struct {
				kind  domain.CatalogueKind
				items []domain.Item
			}{{domain.KindTask, rev.tasks}, {domain.KindExclusion, rev.exclusions}, {domain.KindGoal, rev.goals}} {
				for pos, it := range part.items {
					batch.Queue(`INSERT INTO grant_revision_items (revision_id, kind, position, catalogue_item_id, text)
						VALUES ($1, $2, $3, $4, $5)`, rev.id, string(part.kind), pos+1, it.CatalogueID, it.Text)
				}
			}
			if rev.meeting != nil {
				queueDemoMeeting(batch, g, rev.meeting, rev.meetingOn, &rev.id)
			}
		}
		if g.meeting != nil {
			queueDemoMeeting(batch, g, g.meeting, g.meetingOn, nil)
		}
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("revision items and meetings: %w", err)
	}
	return nil
}

func queueDemoMeeting(b *pgx.Batch, g *plannedGrant, m *demoMeeting, on domain.Date, revisionID *int64) {
	b.Queue(`
		INSERT INTO adjustment_meetings (grant_id, held_on, participants, others, summary, decisions, change_tasks,
			revision_id, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, LEAST($10::timestamptz, current_setting('mentorspor.demo_now')::timestamptz))`,
		g.id, on, domain.MeetingParticipants, m.others, m.summary, m.decisions, revisionID != nil, revisionID,
		g.createdBy, demoTime(on, 15))
}

// batchIDs sends a batch of INSERT … RETURNING id and returns the ids in order.
func batchIDs(ctx context.Context, tx pgx.Tx, b *pgx.Batch) ([]int64, error) {
	br := tx.SendBatch(ctx, b)
	ids := make([]int64, b.Len())
	for i := range ids {
		if err := br.QueryRow().Scan(&ids[i]); err != nil {
			br.Close()
			return nil, err
		}
	}
	return ids, br.Close()
}

// demoTime is hour o'clock in Copenhagen on day d.
func demoTime(d domain.Date, hour int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, domain.Copenhagen)
}

func loadDemoRefs(ctx context.Context, tx pgx.Tx) (*demoRefs, error) {
	refs := &demoRefs{users: map[string]int64{}, groups: map[string]int64{}, catalogue: map[string]int64{}}
	names := []string{demoCaseworker1, demoCaseworker2, demoMentor1, demoMentor2, demoMentor3}
	rows, err := tx.Query(ctx, `SELECT username, id FROM users WHERE username = ANY ($1)`, names)
	if err != nil {
		return nil, fmt.Errorf("find demo users: %w", err)
	}
	if err := scanPairs(rows, refs.users); err != nil {
		return nil, fmt.Errorf("find demo users: %w", err)
	}
	for _, u := range names {
		if refs.users[u] == 0 {
			return nil, fmt.Errorf("demo user %q is missing", u)
		}
	}
	rows, err = tx.Query(ctx, `SELECT name, id FROM target_groups WHERE retired_at IS NULL`)
	if err != nil {
		return nil, fmt.Errorf("target groups: %w", err)
	}
	if err := scanPairs(rows, refs.groups); err != nil {
		return nil, fmt.Errorf("target groups: %w", err)
	}
	rows, err = tx.Query(ctx, `
		SELECT function || '|' || kind || '|' || text, id FROM catalogue_items WHERE retired_at IS NULL
		ORDER BY function, kind, position, id`)
	if err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	if err := scanPairs(rows, refs.catalogue); err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	rows, err = tx.Query(ctx, `
		SELECT id, text FROM catalogue_items
		WHERE function = 'mentor' AND kind = 'undtagelse' AND standard AND retired_at IS NULL ORDER BY position, id`)
	if err != nil {
		return nil, fmt.Errorf("standard exclusions: %w", err)
	}
	refs.standardEx, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Item, error) {
		var it domain.Item
		var id int64
		err := r.Scan(&id, &it.Text)
		it.CatalogueID = &id
		return it, err
	})
	if err != nil {
		return nil, fmt.Errorf("standard exclusions: %w", err)
	}
	if len(refs.standardEx) == 0 {
		refs.standardEx = refs.items(domain.FunctionMentor, domain.KindExclusion, []string{exclDoor, exclAuthority, exclTaxi, exclTherapy})
	}
	for _, lb := range []struct {
		code string
		dst  *struct{ id, budget int64 }
	}{{"LAB-167", &refs.lab}, {"SEL-85", &refs.social}} {
		err := tx.QueryRow(ctx, `SELECT id, default_budget_id FROM legal_bases WHERE code = $1`, lb.code).
			Scan(&lb.dst.id, &lb.dst.budget)
		if err != nil {
			return nil, fmt.Errorf("legal basis %s: %w", lb.code, err)
		}
	}
	return refs, nil
}

func scanPairs(rows pgx.Rows, dst map[string]int64) error {
	defer rows.Close()
	for rows.Next() {
		var k string
		var v int64
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		dst[k] = v
	}
	return rows.Err()
}

// planDemoGrants resolves the script against today and the reference data.
func planDemoGrants(refs *demoRefs, today domain.Date) ([]plannedGrant, error) {
	day := func(n int) domain.Date { return today.AddDate(0, 0, n) }
	ptr := func(d domain.Date) *domain.Date { return &d }
	var out []plannedGrant
	for ci, c := range demoCitizens {
		for gi, spec := range c.grants {
			where := fmt.Sprintf("%s, grant %d", c.name, gi+1)
			var prev *plannedGrant
			if spec.follows {
				if gi == 0 {
					return nil, fmt.Errorf("%s: nothing to follow", where)
				}
				prev = &out[len(out)-1]
			}
			g := plannedGrant{citizen: ci, prev: -1, status: spec.status, purpose: spec.purpose,
				endReason: spec.endReason, note: spec.assessment, createdBy: refs.users[c.caseworker]}
			person, hours, tasks, goals := spec.person, spec.hours, spec.tasks, spec.goals
			if prev != nil {
				g.start = prev.lastDay().AddDate(0, 0, 1)
				if spec.extends {
					g.prev = len(out) - 1
					cur := prev.current()
					if person == "" {
						person = usernameOf(refs, cur.personID)
					}
					if hours == 0 {
						hours = cur.hours
					}
					if g.purpose == "" {
						g.purpose = prev.purpose
					}
					if tasks == nil {
						tasks = itemTexts(cur.tasks)
					}
					if goals == nil {
						goals = itemTexts(cur.goals)
					}
				}
			} else {
				g.start = day(spec.start)
			}
			g.function = domain.FunctionMentor
			g.legalBasisID, g.budgetID = refs.lab.id, refs.lab.budget
			exclusions := append(refs.standardEx[:len(refs.standardEx):len(refs.standardEx)],
				refs.items(domain.FunctionMentor, domain.KindExclusion, spec.extraExcl)...)
			if spec.support {
				g.function = domain.FunctionSupport
				g.legalBasisID, g.budgetID = refs.social.id, refs.social.budget
				exclusions = refs.items(domain.FunctionSupport, domain.KindExclusion, append(demoSELExclusions[:len(demoSELExclusions):len(demoSELExclusions)], spec.extraExcl...))
				g.followUp = ptr(domain.AddMonthsClamped(g.start, spec.months))
			} else {
				if spec.months < 1 || spec.months > 6 {
					return nil, fmt.Errorf("%s: a LAB period is 1–6 months", where)
				}
				g.end = ptr(domain.AddMonthsClamped(g.start, spec.months))
			}
			if g.purpose == "" {
				g.purpose = demoPurposeLAB
				if spec.support {
					g.purpose = demoPurposeSEL
				}
			}
			g.review = domain.DefaultReview(g.start)
			switch {
			case spec.status == domain.StatusEnded && spec.endedAtEnd:
				g.endedOn = g.end
			case spec.status == domain.StatusEnded:
				g.endedOn = ptr(day(spec.ended))
			}
			if g.endedOn != nil && (g.endedOn.Before(g.start) || (g.end != nil && g.endedOn.After(*g.end))) {
				return nil, fmt.Errorf("%s: ended outside its period", where)
			}
			if spec.status != domain.StatusDraft && !spec.noPaper {
				g.complaint = ptr(g.start)
				if !spec.support {
					g.minPlan = ptr(g.start.AddDate(0, 0, 2))
				}
			}
			// Written a few days before the start, but never after today.
			written := g.start.AddDate(0, 0, -3)
			if spec.status == domain.StatusDraft || written.After(today) {
				written = day(-1)
			}
			g.createdAt = demoTime(written, 10)
			if len(tasks) == 0 || len(goals) == 0 || refs.users[person] == 0 {
				return nil, fmt.Errorf("%s: needs a person, a task and a goal", where)
			}
			rev := plannedRevision{number: 1, reason: "Bevilling oprettet", personID: refs.users[person], hours: hours,
				tasks: refs.items(g.function, domain.KindTask, tasks), exclusions: exclusions, goals: refs.items(g.function, domain.KindGoal, goals),
				at: g.createdAt}
			g.revisions = append(g.revisions, rev)
			for _, r := range spec.revisions {
				if spec.status == domain.StatusDraft {
					return nil, fmt.Errorf("%s: a draft is not revised", where)
				}
				on := g.start.AddDate(0, 0, r.day)
				if on.After(today) {
					on = today
				}
				next := *g.current()
				next.number++
				next.reason, next.at, next.meeting, next.meetingOn = r.reason, demoTime(on, 14), r.meeting, on
				if r.person != "" {
					next.personID = refs.users[r.person]
				}
				if r.hours != 0 {
					next.hours = r.hours
				}
				if r.tasks != nil {
					next.tasks = refs.items(g.function, domain.KindTask, r.tasks)
				}
				if r.goals != nil {
					next.goals = refs.items(g.function, domain.KindGoal, r.goals)
				}
				g.revisions = append(g.revisions, next)
			}
			if spec.meeting != nil {
				g.meeting, g.meetingOn = spec.meeting, g.start.AddDate(0, 0, spec.meetingDay)
				if g.meetingOn.After(today) {
					g.meetingOn = today
				}
			}
			g.updatedAt = g.current().at
			if g.endedOn != nil {
				g.updatedAt = demoTime(*g.endedOn, 12)
			}
			out = append(out, g)
		}
	}
	return out, nil
}

func usernameOf(refs *demoRefs, id int64) string {
	for name, uid := range refs.users {
		if uid == id {
			return name
		}
	}
	return ""
}

func itemTexts(items []domain.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Text
	}
	return out
}
