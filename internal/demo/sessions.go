package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// The demo municipality's session log: about three months of sessions on
// every granted or ended grant, with the tasks worked on, goal scores that
// mostly trend upward, a few citizens nobody has reached for over two weeks,
// sessions in the home where the grant excludes it, everyday-coping
// sessions, a discarded and an amended session, and concerns in every
// state. Everything is derived from the grants in the database and a fixed
// random seed, so the same day always gives the same log.

// demoSessionDays is how far back the log of a running grant goes; a grant
// that ended before that gets its last demoEndedDays.
const (
	demoSessionDays = 91
	demoEndedDays   = 56
	demoScaleMax    = 5 // the seeded goal_scale_max
)

var demoNotesLAB = []string{
	"Gennemgik ugeplanen; borgeren mødte til tiden to af tre dage.",
	"Samtale om praktikken: borgeren trives med opgaverne, men synes pauserne er svære.",
	"Fulgte op på fremmødet; vi aftalte sms-påmindelse aftenen før.",
	"Borgeren fortalte om en konflikt med en kollega; vi øvede, hvordan den kan tages op.",
	"Kort opfølgning; borgeren har været i praktik alle aftalte dage.",
	"Talte om jobønsker og lavede en liste med tre virksomheder, borgeren vil kontakte.",
	"Borgeren var træt og uoplagt; vi holdt samtalen kort og aftalte ny tid.",
	"Øvede en jobsamtale; borgeren var mere sikker end sidst.",
	"Gennemgik brev fra jobcentret og skrev aftalerne ind i kalenderen.",
	"Borgeren har selv ringet til lægen og fået en tid; god udvikling.",
	"Drøftede morgenrutinen; borgeren er kommet op til vækkeuret fire dage i træk.",
	"Borgeren er usikker på næste skridt efter forløbet; tages op på næste møde med sagsbehandler.",
	"Talte om at sige fra over for opgaver, der ikke passer med skånehensynene.",
}

var demoNotesSEL = []string{
	"Lavede madplan og indkøbsliste for ugen sammen med borgeren.",
	"Gennemgik posten; to breve fra kommunen blev besvaret sammen.",
	"Borgeren har holdt sine faste rutiner hele ugen.",
	"Borgeren har sovet dårligt; vi talte om faste sengetider.",
	"Ryddede op i kalenderen og skrev næste uges aftaler ind.",
	"Borgeren var nedtrykt; vi gik en tur og aftalte kontakt igen i næste uge.",
	"Gennemgik de faste udgifter; huslejen er betalt til tiden.",
	"Handlede ind sammen; borgeren stod selv for betalingen ved kassen.",
}

var demoNotesByForm = map[string][]string{
	"ledsagelse":        {"Ledsagede borgeren til samtale i jobcentret; borgeren førte selv ordet det meste af tiden.", "Fulgte borgeren til lægen; borgeren fortalte selv om sine symptomer.", "Øvede busturen til den faste aftale; borgeren klarede skiftet selv."},
	"virksomhedsbesoeg": {"Besøg på praktikstedet sammen med borgeren; kontaktpersonen er tilfreds med indsatsen.", "Opfølgning på arbejdspladsen med borger og nærmeste leder om arbejdstider og pauser."},
}

var (
	demoNotesAttempted = []string{
		"Ringede to gange uden svar; sendte sms med tilbud om ny tid.",
		"Sms om aftalen sendt; intet svar.",
		"Ringede uden svar og lagde besked på telefonsvareren.",
	}
	demoNotesNoShow = []string{
		"Borgeren mødte ikke op; forsøgte at ringe bagefter uden svar.",
		"Ventede en halv time ved mødestedet; borgeren kom ikke.",
	}
	demoNotesCoping = []string{
		"Hjalp borgeren med at få overblik over post og regninger og lave en plan for ugens indkøb.",
		"Lavede en skriftlig dagsplan sammen med borgeren, så praktikdagene kan hænge sammen med hjemmet.",
		"Støttede borgeren i at ringe til boligselskabet om en rykker for huslejen.",
		"Lavede madplan for ugen, så borgeren har madpakke med på praktikdagene.",
	}
	demoHomeReasons = []string{
		"Borgeren var syg; kort samtale i døren efter aftale med sagsbehandler.",
		"Borgeren havde forstuvet anklen og kunne ikke komme ud; samtalen blev holdt hjemme efter aftale med sagsbehandler.",
		"Borgeren havde et angstanfald og kunne ikke forlade lejligheden; kort samtale i entréen om næste skridt.",
		"Mødestedet var lukket; samtalen blev holdt hjemme hos borgeren, og sagsbehandler blev orienteret.",
	}
)

// demoSessionGrant is a granted or ended grant as the log needs it.
type demoSessionGrant struct {
	id, citizenID, personID int64
	caseworkerID            *int64
	support                 bool
	active                  bool // bevilget
	start                   domain.Date
	last                    *domain.Date // ended_on, else end_date
	hours                   float64
	doorExcluded            bool
	supportDraft            bool // the citizen has a § 85 grant in draft: not LAB-only
	tasks                   []domain.Item
	goals                   []int64
	from, to                domain.Date // the logged days
}

type demoScore struct {
	goalID int64
	score  int
}

type demoSession struct {
	g                         *demoSessionGrant
	on                        domain.Date
	startMin, minutes         int // start in minutes after midnight
	form, contact, place, dir string
	note, homeReason          string
	homeFlag, coping          bool
	trend                     string  // of the citizen's goal scores
	progress                  float64 // 0–1 through the citizen's logged period
	tasks                     []domain.Item
	scores                    []demoScore
	created, updated          time.Time
	discardedAt               *time.Time
	version                   int
	id                        int64
}

func (s *demoSession) clock() string { return fmt.Sprintf("%02d:%02d", s.startMin/60, s.startMin%60) }

// demoAt is the Copenhagen time minute minutes after midnight on day d.
func demoAt(d domain.Date, minute int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, minute, 0, 0, domain.Copenhagen)
}

// demoWorkday is d, or the Monday after when d falls on a weekend.
func demoWorkday(d domain.Date) domain.Date {
	switch d.Weekday() {
	case time.Saturday:
		return d.AddDate(0, 0, 2)
	case time.Sunday:
		return d.AddDate(0, 0, 1)
	}
	return d
}

// seedSessions adds three months of sessions, goal scores and concerns
// to the demo municipality (idempotent: nothing when sessions exist).
func seedSessions(ctx context.Context, tx pgx.Tx, today domain.Date) error {
	if err := seedSessionsTx(ctx, tx, domain.MakeDate(today.Date())); err != nil {
		return fmt.Errorf("seed demo sessions: %w", err)
	}
	return nil
}

func seedSessionsTx(ctx context.Context, tx pgx.Tx, today domain.Date) error {
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM mentor_sessions)`).Scan(&exists); err != nil {
		return fmt.Errorf("count sessions: %w", err)
	}
	if exists {
		return nil
	}
	grants, err := loadDemoSessionGrants(ctx, tx)
	if err != nil || len(grants) == 0 {
		return err
	}
	var teamLead *int64
	var id int64
	if err := tx.QueryRow(ctx, `SELECT id FROM users WHERE username = 'teamleder'`).Scan(&id); err == nil {
		teamLead = &id
	}

	p := &demoLogPlanner{rng: rand.New(rand.NewPCG(167, 85)), today: today, grants: grants,
		busy: map[demoDayKey][][2]int{}, citizenDay: map[demoDayKey]bool{}}
	p.planSessions()
	p.keepInTouch()
	p.silence()
	p.homeVisits()
	p.everydayCoping()
	p.discard()
	amendment := p.amend()
	slices.SortStableFunc(p.sessions, func(a, b *demoSession) int { return a.created.Compare(b.created) })

	batch := &pgx.Batch{}
	for _, s := range p.sessions {
		batch.Queue(`
			INSERT INTO mentor_sessions (grant_id, citizen_id, author_id, occurred_on, start_time, minutes, form, contact,
				place, everyday_coping, home_justification, home_flag, direction, note, discarded_at, discarded_by,
				discard_reason, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
				CASE WHEN $15::timestamptz IS NOT NULL THEN LEAST($15::timestamptz, current_setting('mentorspor.demo_now')::timestamptz) END,
				$16, $17, $18, LEAST($19::timestamptz, current_setting('mentorspor.demo_now')::timestamptz), LEAST($20::timestamptz, current_setting('mentorspor.demo_now')::timestamptz))
			RETURNING id`,
			s.g.id, s.g.citizenID, s.g.personID, s.on, s.clock(), s.minutes, s.form, s.contact, s.place, s.coping,
			s.homeReason, s.homeFlag, s.dir, s.note, s.discardedAt, discardedBy(s), discardReason(s), s.version,
			s.created, s.updated)
	}
	ids, err := batchIDs(ctx, tx, batch)
	if err != nil {
		return fmt.Errorf("sessions: %w", err)
	}
	for k, s := range p.sessions {
		s.id = ids[k]
	}

	var tSession []int64
	var tPos []int32
	var tCat []*int64
	var tText []string
	var sSession, sGoal []int64
	var sScore []int32
	for _, s := range p.sessions {
		for i, it := range s.tasks {
			tSession, tPos, tCat, tText = append(tSession, s.id), append(tPos, int32(i+1)), append(tCat, it.CatalogueID),
				append(tText, it.Text)
		}
		for _, sc := range s.scores {
			sSession, sGoal, sScore = append(sSession, s.id), append(sGoal, sc.goalID), append(sScore, int32(sc.score))
		}
	}
	batch = &pgx.Batch{}
	batch.Queue(`
		INSERT INTO session_tasks (session_id, position, catalogue_item_id, text)
		SELECT * FROM unnest($1::bigint[], $2::int[], $3::bigint[], $4::text[])`, tSession, tPos, tCat, tText)
	batch.Queue(`
		INSERT INTO session_goal_scores (session_id, goal_id, score)
		SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[])`, sSession, sGoal, sScore)
	if amendment != nil {
		batch.Queue(`
			INSERT INTO session_amendments (session_id, author_id, reason, changes, created_at)
			VALUES ($1, $2, $3, $4, LEAST($5::timestamptz, current_setting('mentorspor.demo_now')::timestamptz))`,
			amendment.session.id, amendment.session.g.personID, amendment.reason, amendment.changes, amendment.at)
	}
	for _, c := range p.concerns(teamLead) {
		var sessionID *int64
		if c.session != nil {
			sessionID = &c.session.id
		}
		batch.Queue(`
			INSERT INTO concerns (citizen_id, session_id, reporter_id, category, urgency, description, status,
				acknowledged_by, acknowledged_at, handling, outcome, handled_by, handled_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
				CASE WHEN $9::timestamptz IS NOT NULL THEN LEAST($9::timestamptz, current_setting('mentorspor.demo_now')::timestamptz) END, $10, $11, $12,
				CASE WHEN $13::timestamptz IS NOT NULL THEN LEAST($13::timestamptz, current_setting('mentorspor.demo_now')::timestamptz) END,
				LEAST($14::timestamptz, current_setting('mentorspor.demo_now')::timestamptz))`,
			c.g.citizenID, sessionID, c.g.personID, c.category, c.urgency, c.description, c.status, c.ackBy, c.ackAt,
			c.handling, c.outcome, c.handledBy, c.handledAt, c.at)
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("session details and concerns: %w", err)
	}
	return nil
}

func discardedBy(s *demoSession) *int64 {
	if s.discardedAt == nil {
		return nil
	}
	return &s.g.personID
}

func discardReason(s *demoSession) string {
	if s.discardedAt == nil {
		return ""
	}
	return "Registreret på forkert borger"
}

// loadDemoSessionGrants reads the granted and ended grants with their
// current revision's tasks and goals, in citizen order.
func loadDemoSessionGrants(ctx context.Context, tx pgx.Tx) ([]*demoSessionGrant, error) {
	rows, err := tx.Query(ctx, `
		SELECT g.id, g.citizen_id, g.person_id, c.caseworker_id, g.function = 'stoettekontaktperson',
		       g.status = 'bevilget', g.start_date, COALESCE(g.ended_on, g.end_date), g.hours_per_week::float8,
		       EXISTS (SELECT 1 FROM grant_revision_items i WHERE i.revision_id = r.id AND i.kind = 'undtagelse'
		               AND lower(i.text) LIKE '%' || $1 || '%'),
		       EXISTS (SELECT 1 FROM grants d WHERE d.citizen_id = g.citizen_id AND d.function = 'stoettekontaktperson'
		               AND d.status = 'kladde')
		FROM grants g
		JOIN citizens c ON c.id = g.citizen_id
		JOIN grant_revisions r ON r.grant_id = g.id AND r.number = g.revision
		WHERE g.status IN ('bevilget', 'afsluttet')
		ORDER BY g.citizen_id, g.start_date, g.id`, strings.ToLower(domain.FrontDoorExclusion))
	if err != nil {
		return nil, fmt.Errorf("load grants: %w", err)
	}
	grants, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*demoSessionGrant, error) {
		g := &demoSessionGrant{}
		return g, r.Scan(&g.id, &g.citizenID, &g.personID, &g.caseworkerID, &g.support, &g.active, &g.start, &g.last,
			&g.hours, &g.doorExcluded, &g.supportDraft)
	})
	if err != nil {
		return nil, fmt.Errorf("load grants: %w", err)
	}
	byID := map[int64]*demoSessionGrant{}
	for _, g := range grants {
		byID[g.id] = g
	}
	rows, err = tx.Query(ctx, `
		SELECT g.id, i.kind, i.catalogue_item_id, i.text, gl.id
		FROM grants g
		JOIN grant_revisions r ON r.grant_id = g.id AND r.number = g.revision
		JOIN grant_revision_items i ON i.revision_id = r.id AND i.kind IN ('opgave', 'maal')
		LEFT JOIN goals gl ON gl.citizen_id = g.citizen_id AND gl.text = i.text
		WHERE g.status IN ('bevilget', 'afsluttet')
		ORDER BY g.id, i.kind, i.position`)
	if err != nil {
		return nil, fmt.Errorf("load grant items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var grantID int64
		var kind string
		var it domain.Item
		var goalID *int64
		if err := rows.Scan(&grantID, &kind, &it.CatalogueID, &it.Text, &goalID); err != nil {
			return nil, fmt.Errorf("load grant items: %w", err)
		}
		g := byID[grantID]
		switch {
		case g == nil:
		case kind == string(domain.KindTask):
			g.tasks = append(g.tasks, it)
		case goalID != nil:
			g.goals = append(g.goals, *goalID)
		}
	}
	return grants, rows.Err()
}

type demoDayKey struct {
	id  int64
	day domain.Date
}

// demoLogPlanner plans the log in memory before anything is written.
type demoLogPlanner struct {
	rng        *rand.Rand
	today      domain.Date
	grants     []*demoSessionGrant
	sessions   []*demoSession
	busy       map[demoDayKey][][2]int // a person's booked minutes on a day
	citizenDay map[demoDayKey]bool     // a citizen has a session that day
	silent     []int64                 // citizens not reached for over 14 days
}

func (p *demoLogPlanner) chance(f float64) bool { return p.rng.Float64() < f }

func pickOne[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// wv is a value with its weight.
type wv struct {
	v string
	w int
}

// weighted picks one of the values by weight.
func weighted(r *rand.Rand, choices ...wv) string {
	total := 0
	for _, c := range choices {
		total += c.w
	}
	n := r.IntN(total)
	for _, c := range choices {
		if n -= c.w; n < 0 {
			return c.v
		}
	}
	return choices[len(choices)-1].v
}

// trend is how a citizen's goal scores move: most go up, a few stay flat
// or go down.
func demoTrend(citizenIndex int) string {
	switch citizenIndex % 9 {
	case 4:
		return "flat"
	case 7:
		return "down"
	}
	return "up"
}

func (p *demoLogPlanner) planSessions() {
	yesterday := p.today.AddDate(0, 0, -1) // today's sessions are not logged yet
	type span struct{ from, to domain.Date }
	spans := map[int64]*span{}
	var citizens []int64
	for _, g := range p.grants {
		g.to = yesterday
		if g.last != nil && g.last.Before(g.to) {
			g.to = *g.last
		}
		g.from = p.today.AddDate(0, 0, -demoSessionDays)
		if back := g.to.AddDate(0, 0, -demoEndedDays); back.Before(g.from) {
			g.from = back
		}
		if g.start.After(g.from) {
			g.from = g.start
		}
		if g.from.After(g.to) {
			continue
		}
		sp := spans[g.citizenID]
		if sp == nil {
			sp = &span{g.from, g.to}
			spans[g.citizenID] = sp
			citizens = append(citizens, g.citizenID)
		}
		if g.from.Before(sp.from) {
			sp.from = g.from
		}
		if g.to.After(sp.to) {
			sp.to = g.to
		}
	}
	trend := map[int64]string{}
	for i, c := range citizens {
		trend[c] = demoTrend(i)
	}
	for _, g := range p.grants {
		if g.from.After(g.to) {
			continue
		}
		sp := spans[g.citizenID]
		twice := min(max(0.3+0.1*g.hours, 0.25), 0.75)
		monday := g.from.AddDate(0, 0, -((int(g.from.Weekday()) + 6) % 7))
		logged := false
		for week := monday; !week.After(g.to); week = week.AddDate(0, 0, 7) {
			n := 1
			if p.chance(twice) {
				n = 2
			}
			days := p.rng.Perm(5)
			for _, d := range days {
				if n == 0 {
					break
				}
				on := week.AddDate(0, 0, d)
				if on.Before(g.from) || on.After(g.to) || p.citizenDay[demoDayKey{g.citizenID, on}] {
					continue
				}
				progress := 1.0
				if total := sp.to.Sub(sp.from); total > 0 {
					progress = float64(on.Sub(sp.from)) / float64(total)
				}
				if s := p.session(g, on, trend[g.citizenID], progress, !logged); s != nil {
					p.sessions = append(p.sessions, s)
					n--
					logged = true
				}
			}
		}
	}
}

// session plans one session on day on; nil when the person is fully booked.
func (p *demoLogPlanner) session(g *demoSessionGrant, on domain.Date, trend string, progress float64, first bool) *demoSession {
	s := &demoSession{g: g, on: on, version: 1, place: "uden_for_hjemmet", trend: trend, progress: progress}
	if g.support {
		s.form = weighted(p.rng, wv{"fremmoede", 55}, wv{"telefon", 25}, wv{"ledsagelse", 12}, wv{"sms_mail", 5}, wv{"video", 3})
		s.dir = weighted(p.rng, wv{"mod", 20}, wv{"uaendret", 55}, wv{"vaek", 25})
	} else {
		s.form = weighted(p.rng, wv{"fremmoede", 50}, wv{"telefon", 25}, wv{"ledsagelse", 8}, wv{"virksomhedsbesoeg", 7}, wv{"video", 5}, wv{"sms_mail", 5})
		s.dir = weighted(p.rng, wv{"mod", 72}, wv{"uaendret", 21}, wv{"vaek", 7})
	}
	if trend == "down" && s.dir == "mod" && p.chance(0.5) {
		s.dir = "uaendret"
	}
	s.contact = weighted(p.rng, wv{"kontakt", 86}, wv{"forsoegt", 8}, wv{"udeblevet", 6})
	switch s.form {
	case "telefon":
		s.minutes = 15 + 5*p.rng.IntN(4)
	case "sms_mail":
		s.minutes = 15
	case "video":
		s.minutes = 20 + 5*p.rng.IntN(6)
	case "ledsagelse":
		s.minutes = 60 + 15*p.rng.IntN(5)
	case "virksomhedsbesoeg":
		s.minutes = 45 + 15*p.rng.IntN(4)
	default:
		s.minutes = 30 + 15*p.rng.IntN(5)
	}
	if g.support && !g.doorExcluded && s.form == "fremmoede" && p.chance(0.6) {
		s.place = "i_hjemmet" // § 85 support in the citizen's own home
	}
	if s.contact == "kontakt" || first { // the first meeting takes place
		p.reach(s)
	} else {
		p.unreached(s)
	}
	if !p.book(s) {
		return nil
	}
	p.citizenDay[demoDayKey{g.citizenID, on}] = true
	return s
}

// demoGoalScore is a score on the 1–5 scale for a citizen's trend at
// progress 0–1 through the logged period.
func demoGoalScore(r *rand.Rand, trend string, progress float64, goalIndex int) int {
	base := 1.6 + 2.8*progress
	switch trend {
	case "flat":
		base = 3
	case "down":
		base = 3.9 - 2.2*progress
	}
	v := base - 0.3*float64(goalIndex) + (r.Float64()-0.5)*1.4
	return min(max(int(v+0.5), 1), demoScaleMax)
}

// reach makes s a session with contact: a note, one or two of the grant's
// tasks and, mostly, scores on its goals.
func (p *demoLogPlanner) reach(s *demoSession) {
	s.contact = "kontakt"
	s.note = pickOne(p.rng, demoNotesLAB)
	if s.g.support {
		s.note = pickOne(p.rng, demoNotesSEL)
	}
	if notes, ok := demoNotesByForm[s.form]; ok {
		s.note = pickOne(p.rng, notes)
	}
	tasks := slices.Clone(s.g.tasks)
	p.rng.Shuffle(len(tasks), func(i, j int) { tasks[i], tasks[j] = tasks[j], tasks[i] })
	s.tasks = tasks[:min(len(tasks), 1+p.rng.IntN(2))]
	s.scores = nil
	if p.chance(0.85) {
		for i, goal := range s.g.goals {
			s.scores = append(s.scores, demoScore{goal, demoGoalScore(p.rng, s.trend, s.progress, i)})
		}
	}
}

// unreached turns s into an attempt without contact.
func (p *demoLogPlanner) unreached(s *demoSession) {
	s.tasks, s.scores, s.dir, s.place, s.homeFlag, s.homeReason = nil, nil, "uaendret", "uden_for_hjemmet", false, ""
	if s.contact == "udeblevet" {
		s.form, s.minutes, s.note = "fremmoede", 30, pickOne(p.rng, demoNotesNoShow)
		return
	}
	s.contact, s.minutes, s.note = "forsoegt", 15, pickOne(p.rng, demoNotesAttempted)
	if s.form != "sms_mail" {
		s.form = "telefon"
	}
}

// book finds a start time 08:00–16:00 that does not overlap the person's
// other sessions that day, and sets the registration time.
func (p *demoLogPlanner) book(s *demoSession) bool {
	key := demoDayKey{s.g.personID, s.on}
	for range 12 {
		start := 8*60 + 15*p.rng.IntN(33)
		end := start + s.minutes
		if slices.ContainsFunc(p.busy[key], func(b [2]int) bool { return start < b[1]+15 && b[0] < end+15 }) {
			continue
		}
		p.busy[key] = append(p.busy[key], [2]int{start, end})
		s.startMin = start
		// Logged a few minutes after the session ended.
		s.created = demoAt(s.on, end+3+p.rng.IntN(18))
		s.updated = s.created
		return true
	}
	return false
}

// running reports whether g runs today.
func (p *demoLogPlanner) running(g *demoSessionGrant) bool {
	return g.active && !g.start.After(p.today) && (g.last == nil || !g.last.Before(p.today))
}

// keepInTouch makes sure every citizen with a running grant has had contact
// in the last 14 days (only the citizens silence picks have not): the
// latest session is made one with contact.
func (p *demoLogPlanner) keepInTouch() {
	since := p.today.AddDate(0, 0, -14)
	latest := map[int64]*demoSession{}
	reached := map[int64]bool{}
	for _, s := range p.sessions {
		if !p.running(s.g) {
			continue
		}
		if l := latest[s.g.citizenID]; l == nil || s.on.After(l.on) {
			latest[s.g.citizenID] = s
		}
		if s.contact == "kontakt" && !s.on.Before(since) {
			reached[s.g.citizenID] = true
		}
	}
	for _, g := range p.grants { // in a fixed order
		if s := latest[g.citizenID]; s != nil && !reached[g.citizenID] {
			p.reach(s)
			reached[g.citizenID] = true
		}
	}
}

// silence leaves three or four citizens with running grants unreached for
// 15–24 days: since then only attempts and no-shows, fewer than usual.
func (p *demoLogPlanner) silence() {
	var eligible []int64
	for _, g := range p.grants {
		if p.running(g) && !g.start.After(p.today.AddDate(0, 0, -45)) && !slices.Contains(eligible, g.citizenID) {
			eligible = append(eligible, g.citizenID)
		}
	}
	for i, c := range eligible {
		if i%5 != 1 || len(p.silent) == 4 {
			continue
		}
		cutoff := p.today.AddDate(0, 0, -(15 + p.rng.IntN(10)))
		var before *demoSession
		kept := p.sessions[:0]
		for _, s := range p.sessions {
			switch {
			case s.g.citizenID != c:
			case s.on.After(cutoff):
				if p.chance(0.35) {
					continue // fewer attempts than there would have been sessions
				}
				if s.contact == "kontakt" {
					s.contact = weighted(p.rng, wv{"forsoegt", 2}, wv{"udeblevet", 1})
					p.unreached(s)
				}
			case before == nil || s.on.After(before.on):
				before = s
			}
			kept = append(kept, s)
		}
		p.sessions = kept
		if before != nil && before.contact != "kontakt" {
			p.reach(before)
		}
		p.silent = append(p.silent, c)
	}
}

// candidates are reached, kept sessions matching ok, in a shuffled but
// fixed order.
func (p *demoLogPlanner) candidates(ok func(s *demoSession) bool) []*demoSession {
	var out []*demoSession
	for _, s := range p.sessions {
		if s.contact == "kontakt" && s.discardedAt == nil && !slices.Contains(p.silent, s.g.citizenID) && ok(s) {
			out = append(out, s)
		}
	}
	p.rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// pickDistinct takes up to n candidates, one per citizen not in used.
func pickDistinct(cands []*demoSession, n int, used map[int64]bool) []*demoSession {
	var out []*demoSession
	for _, s := range cands {
		if len(out) == n {
			break
		}
		if !used[s.g.citizenID] {
			used[s.g.citizenID] = true
			out = append(out, s)
		}
	}
	return out
}

// homeVisits puts four sessions in the home on grants that exclude work
// inside the front door, each with the reason; one of them recent.
func (p *demoLogPlanner) homeVisits() {
	used := map[int64]bool{}
	recent := p.today.AddDate(0, 0, -10)
	door := func(s *demoSession) bool { return s.g.doorExcluded && !s.coping }
	picked := pickDistinct(p.candidates(func(s *demoSession) bool { return door(s) && !s.on.Before(recent) }), 1, used)
	picked = append(picked, pickDistinct(p.candidates(func(s *demoSession) bool { return door(s) && s.on.Before(recent) }), 3, used)...)
	for i, s := range picked {
		s.form, s.place, s.homeFlag, s.homeReason = "fremmoede", "i_hjemmet", true, demoHomeReasons[i%len(demoHomeReasons)]
		s.minutes = min(s.minutes, 30)
	}
}

// everydayCoping marks seven sessions as everyday coping: four in a row
// for one LAB citizen (the kind of month a coping window is agreed for),
// one on another LAB grant and two on § 85 grants.
func (p *demoLogPlanner) everydayCoping() {
	onlyLAB := map[int64]bool{}
	for _, g := range p.grants {
		if _, seen := onlyLAB[g.citizenID]; !seen {
			onlyLAB[g.citizenID] = true
		}
		if g.support || g.supportDraft {
			onlyLAB[g.citizenID] = false
		}
	}
	from, to := p.today.AddDate(0, 0, -50), p.today.AddDate(0, 0, -20)
	counts := map[int64]int{}
	for _, s := range p.candidates(func(s *demoSession) bool {
		return !s.g.support && s.g.active && onlyLAB[s.g.citizenID] && !s.homeFlag && !s.on.Before(from) && !s.on.After(to)
	}) {
		counts[s.g.citizenID]++
	}
	var cluster int64
	for _, g := range p.grants { // the first citizen, in a fixed order, with enough sessions
		if counts[g.citizenID] >= 4 {
			cluster = g.citizenID
			break
		}
	}
	mark := func(s *demoSession) {
		s.coping, s.note = true, pickOne(p.rng, demoNotesCoping)
	}
	n := 0
	for _, s := range p.sessions {
		if n < 4 && s.g.citizenID == cluster && s.contact == "kontakt" && !s.homeFlag && !s.on.Before(from) && !s.on.After(to) {
			mark(s)
			n++
		}
	}
	used := map[int64]bool{cluster: true}
	for _, s := range pickDistinct(p.candidates(func(s *demoSession) bool {
		return !s.g.support && !s.homeFlag && !s.on.Before(p.today.AddDate(0, 0, -14))
	}), 1, used) {
		mark(s)
	}
	for _, s := range pickDistinct(p.candidates(func(s *demoSession) bool { return s.g.support && !s.homeFlag }), 2, used) {
		mark(s)
	}
}

// discard kasserer two sessions registered on the wrong citizen; the author
// noticed the next day.
func (p *demoLogPlanner) discard() {
	for _, s := range pickDistinct(p.candidates(func(s *demoSession) bool {
		return !s.homeFlag && !s.coping && !s.on.Before(p.today.AddDate(0, 0, -40)) && !s.on.After(p.today.AddDate(0, 0, -8))
	}), 2, map[int64]bool{}) {
		at := demoAt(demoWorkday(s.on.AddDate(0, 0, 1)), 8*60+40)
		s.discardedAt, s.version, s.scores = &at, 2, nil
	}
}

type demoAmendment struct {
	session         *demoSession
	reason, changes string
	at              time.Time
}

// amend corrects the duration of one session after the 7-day window.
func (p *demoLogPlanner) amend() *demoAmendment {
	cands := p.candidates(func(s *demoSession) bool {
		return s.form == "fremmoede" && !s.homeFlag && !s.coping &&
			!s.on.Before(p.today.AddDate(0, 0, -60)) && !s.on.After(p.today.AddDate(0, 0, -15))
	})
	if len(cands) == 0 {
		return nil
	}
	s := cands[0]
	old := s.minutes
	s.minutes += 15
	at := demoAt(demoWorkday(s.on.AddDate(0, 0, 9)), 9*60+12)
	s.version, s.updated = 2, at
	return &demoAmendment{session: s, at: at,
		reason:  "Varigheden var registreret forkert: samtalen trak ud, fordi vi også gennemgik et brev fra jobcentret.",
		changes: fmt.Sprintf("varighed %d → %d min.", old, s.minutes)}
}

type demoConcern struct {
	g                              *demoSessionGrant
	session                        *demoSession
	category, urgency, status      string
	description, handling, outcome string
	at                             time.Time
	ackBy, handledBy               *int64
	ackAt, handledAt               *time.Time
}

// concerns are five reports in every state: a new acute one about a child,
// a new one about a citizen nobody has reached, one acknowledged and two
// handled.
func (p *demoLogPlanner) concerns(teamLead *int64) []demoConcern {
	var out []demoConcern
	used := map[int64]bool{}
	between := func(from, to int) func(s *demoSession) bool {
		return func(s *demoSession) bool {
			return !s.on.Before(p.today.AddDate(0, 0, -from)) && !s.on.After(p.today.AddDate(0, 0, -to))
		}
	}
	childTask := func(s *demoSession) bool {
		return slices.ContainsFunc(s.g.tasks, func(it domain.Item) bool { return strings.Contains(it.Text, "børn") })
	}
	// New and acute: a child; at the latest session of the citizen whose
	// tasks mention children if there is one, otherwise of anyone seen in
	// the last week.
	latestFirst := func(c []*demoSession) []*demoSession {
		slices.SortStableFunc(c, func(a, b *demoSession) int { return b.on.Compare(a.on) })
		return c
	}
	child := pickDistinct(latestFirst(p.candidates(func(s *demoSession) bool { return between(14, 1)(s) && childTask(s) })), 1, used)
	if len(child) == 0 {
		child = pickDistinct(latestFirst(p.candidates(between(7, 1))), 1, used)
	}
	for _, s := range child {
		out = append(out, demoConcern{g: s.g, session: s, category: "barn", urgency: "akut", status: domain.ConcernNew,
			at: s.created.Add(12 * time.Minute),
			description: "Under samtalen fortalte borgeren, at barnet på fire år flere gange i denne uge ikke er blevet " +
				"hentet i børnehaven, fordi borgeren ikke har kunnet overskue det. Borgeren virkede meget presset og " +
				"siger, at der ikke er andre voksne, der kan hjælpe lige nu."})
	}
	// New: a citizen nobody has reached for weeks.
	for _, c := range p.silent {
		var g *demoSessionGrant
		for _, gr := range p.grants {
			if gr.citizenID == c && gr.active {
				g = gr
			}
		}
		if g == nil || used[c] {
			continue
		}
		used[c] = true
		out = append(out, demoConcern{g: g, category: "helbred_sikkerhed", urgency: "hoej", status: domain.ConcernNew,
			at: demoAt(demoWorkday(p.today.AddDate(0, 0, -3)), 10*60+20),
			description: "Borgeren har ikke svaret på opkald eller sms i over to uger og er ikke mødt op til de sidste " +
				"aftaler. Borgeren har tidligere fortalt om perioder med meget lavt humør, og jeg er bekymret for, " +
				"hvordan borgeren har det."})
		break
	}
	caseworker := func(g *demoSessionGrant) *int64 {
		if g.caseworkerID != nil {
			return g.caseworkerID
		}
		return teamLead
	}
	ptr := func(t time.Time) *time.Time { return &t }
	// Acknowledged by the caseworker, still being looked into.
	for _, s := range pickDistinct(p.candidates(func(s *demoSession) bool { return !s.g.support && between(20, 5)(s) }), 1, used) {
		at := s.created.Add(20 * time.Minute)
		out = append(out, demoConcern{g: s.g, session: s, category: "anden_myndighed", urgency: "normal",
			status: domain.ConcernAcknowledged, at: at, ackBy: caseworker(s.g), ackAt: ptr(demoAt(demoWorkday(s.on.AddDate(0, 0, 1)), 9*60+5)),
			description: "Borgeren fortalte, at borgeren har taget ekstra vagter ved siden af praktikken, som måske ikke " +
				"er meldt til ydelseskontoret. Jeg har ikke selv givet oplysningerne videre."})
	}
	// Handled.
	for _, s := range pickDistinct(p.candidates(between(70, 35)), 1, used) {
		at := s.created.Add(15 * time.Minute)
		out = append(out, demoConcern{g: s.g, session: s, category: "helbred_sikkerhed", urgency: "hoej",
			status: domain.ConcernClosed, at: at, ackBy: caseworker(s.g), ackAt: ptr(at.Add(2 * time.Hour)),
			handledBy: caseworker(s.g), handledAt: ptr(demoAt(demoWorkday(s.on.AddDate(0, 0, 2)), 14*60+30)),
			description: "Borgeren fortalte, at borgeren i perioder ikke tager sin medicin og har haft tanker om, at det " +
				"hele er ligegyldigt. Vi talte om Livslinien, og borgeren gav lov til, at jeg orienterede sagsbehandleren.",
			handling: "Sagsbehandler ringede til borgeren samme dag, og borgeren fik en tid hos egen læge. Mentor fulgte " +
				"borgeren til lægen to dage senere.",
			outcome: "Borgeren er i behandling via egen læge og følges af distriktspsykiatrien. Ingen yderligere tiltag."})
	}
	for _, s := range pickDistinct(p.candidates(between(90, 45)), 1, used) {
		at := s.created.Add(25 * time.Minute)
		by := teamLead
		if by == nil {
			by = caseworker(s.g)
		}
		out = append(out, demoConcern{g: s.g, session: s, category: "politi", urgency: "normal",
			status: domain.ConcernClosed, at: at, ackBy: caseworker(s.g), ackAt: ptr(demoAt(demoWorkday(s.on.AddDate(0, 0, 1)), 10*60)),
			handledBy: by, handledAt: ptr(demoAt(demoWorkday(s.on.AddDate(0, 0, 7)), 11*60+45)),
			description: "Borgeren fortalte, at en bekendt opbevarer tyvekoster i borgerens kælderrum, og at borgeren " +
				"ikke tør sige nej. Borgeren er ikke selv involveret i tyverierne.",
			handling: "Sagsbehandler og teamleder vurderede, at der ikke er hjemmel til at videregive oplysningerne uden " +
				"borgerens samtykke. Borgeren blev vejledt om selv at kontakte politiet og fik tilbud om følgeskab.",
			outcome: "Borgeren har selv kontaktet politiet med mentor som følge. Afsluttet."})
	}
	return out
}
