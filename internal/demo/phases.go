package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// The demo municipality's phase log and everyday-coping windows. The phase
// log is derived from the grants already seeded, so it tells the truth:
// every LAB → § 85 and § 85 → LAB change, every parallel grant added and
// every "end all". When no citizen has made the full Case 2 round trip
// (LAB → § 85 → LAB with one person), one is given the mentor grant that
// came before their § 85 support. The coping windows are placed relative
// to today: open ones with 20 and 3 days left and one overdue, one closed
// as met around the everyday-coping sessions already logged, one converted
// to § 85 by a phase switch, and a mentor's pending request.

// Preferred citizens for each window; when one no longer fits the script
// (or the day), the first citizen in a fixed order that does is used.
var (
	demoCopingOverdue  = []string{"Helle Sand Christiansen", "Daniel Engelbrecht", "Ida Bisgaard"}
	demoCopingSoon     = []string{"Daniel Engelbrecht", "Helle Sand Christiansen", "Ida Bisgaard"}
	demoCopingLater    = []string{"Line Mølgaard", "Morten Skov Larsen", "Pernille Juhl"}
	demoCopingRequest  = []string{"Ahmad Rahimi", "Nadia Hussein", "Daniel Engelbrecht"}
	demoRoundTripFirst = []string{"Brian Kvist Madsen"}
)

// Danish texts of the demo phase log.
const (
	demoReasonLABTo85 = "Behovet er vedvarende efter hverdagsmestringsperioden; mentoren bliver støttekontaktperson efter SEL § 85."
	demoReason85ToLAB = "Beskæftigelsesfokus er muligt igen; støttekontaktpersonen fortsætter som mentor efter LAB § 167."
	demoReasonEnd     = "Al støtte afsluttes."
	// The mentor grant before a § 85 grant, for the Case 2 round trip.
	demoReasonRoundTrip = "Borgeren er i en periode med ustabil hverdag og kan ikke deltage i beskæftigelsesrettede " +
		"aktiviteter; mentoren bliver støttekontaktperson efter SEL § 85. Samme person fortsætter."
	demoReasonParallelSame = "Borgeren har brug for socialpædagogisk støtte efter SEL § 85 ved siden af mentorstøtten. " +
		"Mentoren varetager også § 85-støtten, så borgeren har én person."
	demoReasonParallelOther = "Borgeren har brug for socialpædagogisk støtte efter SEL § 85 ved siden af mentorstøtten. " +
		"Mentoren er ikke kvalificeret som støttekontaktperson, så en anden person varetager § 85-støtten."
	demoReasonParallelChosen = "Borgeren har brug for støtte efter begge love på samme tid. Efter aftale med borgeren " +
		"varetager en anden person den nye støtte."
)

// demoPhaseGrant is a granted or ended grant as the phase log needs it.
type demoPhaseGrant struct {
	id, citizenID, personID int64
	citizen                 string
	decider                 *int64 // the citizen's caseworker, else the grant's author
	mentor                  bool   // LAB; otherwise SEL § 85
	ended                   bool   // afsluttet
	start                   domain.Date
	last                    *domain.Date // ended_on, else end_date
	hours                   float64
	endReason               string
	createdAt, updatedAt    time.Time
	personMentor            bool // the person is qualified as mentor
	personSupport           bool // and as støttekontaktperson
	caseworker              string
}

func (g *demoPhaseGrant) activeOn(day domain.Date) bool {
	return !day.Before(g.start) && (g.last == nil || !day.After(*g.last))
}

// runsThrough reports whether g is still running on day.
func (g *demoPhaseGrant) runsThrough(day domain.Date) bool {
	return g.last == nil || !g.last.Before(day)
}

// demoSwitch is one row of the phase log.
type demoSwitch struct {
	citizenID     int64
	kind          domain.SwitchKind
	effectiveOn   domain.Date
	reason        string
	ended         []*demoPhaseGrant
	newGrant      *demoPhaseGrant
	before, after *int64
	same          bool
	decider       int64
	at            time.Time
	id            int64
}

// demoWindow is one coping window.
type demoWindow struct {
	g                    *demoPhaseGrant
	status               string
	requestedBy          *int64
	requestedAt          *time.Time
	requestNeed          string
	start, expires       *domain.Date
	need                 string
	startedBy, decidedBy *int64
	startedAt, decidedAt *time.Time
	decisionNote         string
	sw                   *demoSwitch
	createdAt            time.Time
	role                 func(*Script) *string // where the script names this window's citizen
}

// seedPhases writes the demo's phase log and coping windows inside
// Seed's transaction, after the citizens and sessions. It does nothing
// when any phase switch or coping window exists.
func seedPhases(ctx context.Context, tx pgx.Tx, today domain.Date, script *Script) error {
	if err := seedPhasesTx(ctx, tx, domain.MakeDate(today.Date()), script); err != nil {
		return fmt.Errorf("seed demo phases: %w", err)
	}
	return nil
}

func seedPhasesTx(ctx context.Context, tx pgx.Tx, today domain.Date, script *Script) error {
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM phase_switches) OR EXISTS (SELECT 1 FROM coping_windows)`).
		Scan(&exists); err != nil {
		return fmt.Errorf("look for phase log: %w", err)
	}
	if exists {
		return nil
	}
	grants, err := loadDemoPhaseGrants(ctx, tx)
	if err != nil || len(grants) == 0 {
		return err
	}
	switches := demoSwitches(grants, today)
	if !slices.ContainsFunc(groupSwitches(switches), demoRoundTrip) {
		added, err := addDemoRoundTrip(ctx, tx, grants, switches)
		if err != nil {
			return err
		}
		if added {
			if grants, err = loadDemoPhaseGrants(ctx, tx); err != nil {
				return err
			}
			switches = demoSwitches(grants, today)
		}
	}

	// The phase log. The newest LAB → § 85 switch with one person came
	// from a proposal the social administration approved (demoProposals).
	approved, social, err := demoApprovedSwitch(ctx, tx, switches)
	if err != nil {
		return err
	}
	batch := &pgx.Batch{}
	for _, s := range switches {
		var proposedBy, approvedBy *int64
		if s == approved {
			proposedBy, approvedBy = &s.decider, &social
		}
		ended := make([]int64, 0, len(s.ended))
		for _, g := range s.ended {
			ended = append(ended, g.id)
		}
		var newID *int64
		if s.newGrant != nil {
			newID = &s.newGrant.id
		}
		batch.Queue(`
			INSERT INTO phase_switches (citizen_id, kind, effective_on, reason, ended_grant_ids, new_grant_id,
				person_before_id, person_after_id, same_person, decided_by, created_at, proposed_by, approved_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, LEAST($11::timestamptz, current_setting('mentorspor.demo_now')::timestamptz), $12, $13)
			RETURNING id`,
			s.citizenID, string(s.kind), s.effectiveOn, s.reason, ended, newID, s.before, s.after, s.same, s.decider, s.at,
			proposedBy, approvedBy)
	}
	ids, err := batchIDs(ctx, tx, batch)
	if err != nil {
		return fmt.Errorf("phase switches: %w", err)
	}
	for i, s := range switches {
		s.id = ids[i]
	}

	// The coping windows.
	windows, err := planDemoWindows(ctx, tx, grants, switches, today)
	if err != nil {
		return err
	}
	batch = &pgx.Batch{}
	for _, w := range windows {
		if w.role != nil {
			*w.role(script) = w.g.citizen
		}
		var switchID *int64
		if w.sw != nil {
			switchID = &w.sw.id
		}
		batch.Queue(`
			INSERT INTO coping_windows (citizen_id, grant_id, status, requested_by, requested_at, request_need, start_on,
				expires_on, need, started_by, started_at, decision_note, decided_by, decided_at, switch_id, created_at)
			VALUES ($1, $2, $3, $4, CASE WHEN $5::timestamptz IS NOT NULL THEN LEAST($5::timestamptz, current_setting('mentorspor.demo_now')::timestamptz) END, $6, $7,
				$8, $9, $10, CASE WHEN $11::timestamptz IS NOT NULL THEN LEAST($11::timestamptz, current_setting('mentorspor.demo_now')::timestamptz) END, $12, $13,
				CASE WHEN $14::timestamptz IS NOT NULL THEN LEAST($14::timestamptz, current_setting('mentorspor.demo_now')::timestamptz) END, $15,
				LEAST($16::timestamptz, current_setting('mentorspor.demo_now')::timestamptz))`,
			w.g.citizenID, w.g.id, w.status, w.requestedBy, w.requestedAt, w.requestNeed, w.start, w.expires, w.need,
			w.startedBy, w.startedAt, w.decisionNote, w.decidedBy, w.decidedAt, switchID, w.createdAt)
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("coping windows: %w", err)
	}
	return nil
}

// loadDemoPhaseGrants reads every granted and ended grant, by citizen and start.
func loadDemoPhaseGrants(ctx context.Context, tx pgx.Tx) ([]*demoPhaseGrant, error) {
	rows, err := tx.Query(ctx, `
		SELECT g.id, g.citizen_id, c.name, g.person_id, COALESCE(c.caseworker_id, g.created_by), g.function = 'mentor',
		       g.status = 'afsluttet', g.start_date, COALESCE(g.ended_on, g.end_date), g.hours_per_week::float8,
		       g.end_reason, g.created_at, g.updated_at, COALESCE(p.qualified_mentor, false),
		       COALESCE(p.qualified_support, false), COALESCE(cw.username, '')
		FROM grants g
		JOIN citizens c ON c.id = g.citizen_id
		LEFT JOIN users cw ON cw.id = c.caseworker_id
		LEFT JOIN mentor_profiles p ON p.user_id = g.person_id
		WHERE g.status IN ('bevilget', 'afsluttet')
		ORDER BY g.citizen_id, g.start_date, g.id`)
	if err != nil {
		return nil, fmt.Errorf("load grants: %w", err)
	}
	grants, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*demoPhaseGrant, error) {
		g := &demoPhaseGrant{}
		return g, r.Scan(&g.id, &g.citizenID, &g.citizen, &g.personID, &g.decider, &g.mentor, &g.ended, &g.start,
			&g.last, &g.hours, &g.endReason, &g.createdAt, &g.updatedAt, &g.personMentor, &g.personSupport,
			&g.caseworker)
	})
	if err != nil {
		return nil, fmt.Errorf("load grants: %w", err)
	}
	return grants, nil
}

// byCitizen groups grants (in load order) per citizen, in citizen order.
func byCitizen(grants []*demoPhaseGrant) [][]*demoPhaseGrant {
	var out [][]*demoPhaseGrant
	for _, g := range grants {
		if n := len(out); n > 0 && out[n-1][0].citizenID == g.citizenID {
			out[n-1] = append(out[n-1], g)
		} else {
			out = append(out, []*demoPhaseGrant{g})
		}
	}
	return out
}

// demoSwitches derives the phase log from the grants: wherever the set of
// active grants changes on a day up to today in a way a phase switch makes
// it change. Extensions (LAB after LAB) and a single grant ending are not
// phase switches.
func demoSwitches(grants []*demoPhaseGrant, today domain.Date) []*demoSwitch {
	var out []*demoSwitch
	for _, cg := range byCitizen(grants) {
		if cg[0].decider == nil {
			continue
		}
		var days []domain.Date
		for _, g := range cg {
			days = append(days, g.start)
			if g.ended && g.last != nil {
				days = append(days, g.last.AddDate(0, 0, 1))
			}
		}
		slices.SortFunc(days, func(a, b domain.Date) int { return a.Compare(b) })
		days = slices.CompactFunc(days, func(a, b domain.Date) bool { return a.Equal(b) })
		for _, day := range days {
			if day.After(today) {
				continue
			}
			var before, after, started, stopped []*demoPhaseGrant
			for _, g := range cg {
				was, is := g.activeOn(day.AddDate(0, 0, -1)), g.activeOn(day)
				switch {
				case was && is:
					before, after = append(before, g), append(after, g)
				case was:
					before = append(before, g)
					if g.ended {
						stopped = append(stopped, g)
					}
				case is:
					after = append(after, g)
					started = append(started, g)
				}
			}
			s := &demoSwitch{citizenID: cg[0].citizenID, effectiveOn: day, decider: *cg[0].decider}
			switch {
			case len(before) == 1 && len(after) == 1 && len(started) == 1 && len(stopped) == 1 &&
				before[0].mentor != after[0].mentor:
				s.kind, s.ended, s.newGrant = domain.SwitchLABTo85, stopped, started[0]
				s.reason = demoSwitchReason(stopped[0].endReason, demoReasonLABTo85)
				if !before[0].mentor {
					s.kind, s.reason = domain.Switch85ToLAB, demoSwitchReason(stopped[0].endReason, demoReason85ToLAB)
				}
			case len(before) == 1 && len(after) == 2 && len(started) == 1 && len(stopped) == 0 &&
				before[0].mentor != started[0].mentor:
				s.kind, s.newGrant = domain.SwitchAddParallel, started[0]
				switch {
				case before[0].personID == started[0].personID:
					s.reason = demoReasonParallelSame
				case before[0].mentor && !before[0].personSupport:
					s.reason = demoReasonParallelOther
				default:
					s.reason = demoReasonParallelChosen
				}
			case len(before) == 2 && len(after) == 1 && len(started) == 0 && len(stopped) == 1:
				s.kind, s.ended = domain.SwitchEndOne, stopped
				s.reason = demoSwitchReason(stopped[0].endReason, demoReasonEnd)
			case len(before) == 2 && len(after) == 0 && len(stopped) == 2:
				s.kind, s.ended = domain.SwitchEndAll, stopped
				s.reason = demoSwitchReason(stopped[0].endReason, demoReasonEnd)
			default:
				continue
			}
			// Decided when the new grant was written, or when the last
			// grant was ended.
			if s.newGrant != nil {
				s.at = s.newGrant.createdAt
			} else {
				for _, g := range s.ended {
					if g.updatedAt.After(s.at) {
						s.at = g.updatedAt
					}
				}
			}
			switch {
			case len(s.ended) > 0:
				s.before = &s.ended[0].personID
			case len(before) > 0:
				s.before = &before[0].personID
			}
			if s.newGrant != nil {
				s.after = &s.newGrant.personID
			}
			s.same = s.before == nil || s.after == nil || *s.before == *s.after
			out = append(out, s)
		}
	}
	return out
}

// demoSwitchReason is the reason a grant was ended with ("Faseskift: …"),
// as the caseworker wrote it; def when there is none.
func demoSwitchReason(endReason, def string) string {
	r := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(endReason), "Faseskift:"))
	if r == "" {
		return def
	}
	first, n := utf8.DecodeRuneInString(r)
	return string(unicode.ToUpper(first)) + r[n:]
}

func groupSwitches(switches []*demoSwitch) [][]*demoSwitch {
	var out [][]*demoSwitch
	for _, s := range switches {
		if n := len(out); n > 0 && out[n-1][0].citizenID == s.citizenID {
			out[n-1] = append(out[n-1], s)
		} else {
			out = append(out, []*demoSwitch{s})
		}
	}
	return out
}

// demoRoundTrip reports whether a citizen's switches hold Case 2: LAB →
// § 85 and back to LAB from that § 85 grant, one person throughout.
func demoRoundTrip(cs []*demoSwitch) bool {
	for i, a := range cs {
		if a.kind != domain.SwitchLABTo85 || !a.same || a.newGrant == nil {
			continue
		}
		for _, b := range cs[i+1:] {
			if b.kind == domain.Switch85ToLAB && b.same && slices.Contains(b.ended, a.newGrant) &&
				a.before != nil && b.after != nil && *a.before == *b.after {
				return true
			}
		}
	}
	return false
}

// addDemoRoundTrip gives a citizen who went § 85 → LAB with one person,
// and had no grant before the § 85 one, the LAB mentor grant that came
// first, held by the same person and ended by the switch to § 85.
func addDemoRoundTrip(ctx context.Context, tx pgx.Tx, grants []*demoPhaseGrant, switches []*demoSwitch) (bool, error) {
	var cands []*demoPhaseGrant
	for _, s := range switches {
		if s.kind != domain.Switch85ToLAB || !s.same || len(s.ended) != 1 {
			continue
		}
		sel := s.ended[0]
		first := !slices.ContainsFunc(grants, func(g *demoPhaseGrant) bool {
			return g.citizenID == sel.citizenID && g.start.Before(sel.start)
		})
		if first && sel.personMentor {
			cands = append(cands, sel)
		}
	}
	sel := pickDemo(cands, demoRoundTripFirst, func(*demoPhaseGrant) bool { return true })
	if sel == nil {
		return false, nil
	}
	refs, err := loadDemoRefs(ctx, tx)
	if err != nil {
		return false, err
	}
	var validFrom domain.Date
	if err := tx.QueryRow(ctx, `SELECT valid_from FROM legal_bases WHERE id = $1`, refs.lab.id).Scan(&validFrom); err != nil {
		return false, fmt.Errorf("legal basis LAB: %w", err)
	}
	// Five months of mentor support, ended the day before § 85 started.
	start := domain.AddMonthsClamped(sel.start, -5)
	if start.Before(validFrom) && !validFrom.After(sel.start.AddDate(0, 0, -30)) {
		start = validFrom
	}
	end := domain.AddMonthsClamped(start, 6)
	endedOn := sel.start.AddDate(0, 0, -1)
	created, updated := demoTime(start.AddDate(0, 0, -3), 10), demoTime(endedOn, 12)
	var grantID int64
	err = tx.QueryRow(ctx, `
		INSERT INTO grants (citizen_id, legal_basis_id, function, person_id, purpose, hours_per_week, start_date,
			end_date, review_date, budget_id, status, ended_on, end_reason, complaint_info_on, min_plan_on, revision,
			created_by, created_at, updated_at)
		VALUES ($1, $2, 'mentor', $3, $4, $5, $6, $7, $8, $9, 'afsluttet', $10, $11, $6, $12, 1, $13,
			LEAST($14::timestamptz, current_setting('mentorspor.demo_now')::timestamptz), LEAST($15::timestamptz, current_setting('mentorspor.demo_now')::timestamptz))
		RETURNING id`,
		sel.citizenID, refs.lab.id, sel.personID,
		"Mentorstøtte, så borgeren kan deltage i virksomhedspraktik og opbygge en fast ugerytme.",
		sel.hours, start, end, domain.DefaultReview(start), refs.lab.budget, endedOn, "Faseskift: "+demoReasonRoundTrip,
		start.AddDate(0, 0, 2), *sel.decider, created, updated).Scan(&grantID)
	if err != nil {
		return false, fmt.Errorf("round-trip grant: %w", err)
	}
	var revID int64
	err = tx.QueryRow(ctx, `
		INSERT INTO grant_revisions (grant_id, number, reason, person_id, hours_per_week, created_by, created_at)
		VALUES ($1, 1, 'Bevilling oprettet', $2, $3, $4, LEAST($5::timestamptz, current_setting('mentorspor.demo_now')::timestamptz)) RETURNING id`,
		grantID, sel.personID, sel.hours, *sel.decider, created).Scan(&revID)
	if err != nil {
		return false, fmt.Errorf("round-trip revision: %w", err)
	}
	batch := &pgx.Batch{}
	for _, part := range []struct {
		kind  domain.CatalogueKind
		items []domain.Item
	}{
		{domain.KindTask, refs.items(domain.FunctionMentor, domain.KindTask, []string{taskMotivate, taskMorning})},
		{domain.KindExclusion, refs.standardEx},
		{domain.KindGoal, refs.items(domain.FunctionMentor, domain.KindGoal, []string{"Møde stabilt 2 dage om ugen i virksomhedspraktik"})},
	} {
		for pos, it := range part.items {
			batch.Queue(`INSERT INTO grant_revision_items (revision_id, kind, position, catalogue_item_id, text)
				VALUES ($1, $2, $3, $4, $5)`, revID, string(part.kind), pos+1, it.CatalogueID, it.Text)
		}
	}
	batch.Queue(`
		INSERT INTO goals (citizen_id, text)
		SELECT DISTINCT $1::bigint, i.text FROM grant_revision_items i WHERE i.revision_id = $2 AND i.kind = 'maal'
		ON CONFLICT (citizen_id, text) DO NOTHING`, sel.citizenID, revID)
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return false, fmt.Errorf("round-trip items: %w", err)
	}
	return true, nil
}

// pickDemo returns the first of cands matching ok whose citizen is named
// in prefer (in that order), else the first matching one.
func pickDemo(cands []*demoPhaseGrant, prefer []string, ok func(*demoPhaseGrant) bool) *demoPhaseGrant {
	for _, name := range prefer {
		for _, g := range cands {
			if g.citizen == name && ok(g) {
				return g
			}
		}
	}
	for _, g := range cands {
		if ok(g) {
			return g
		}
	}
	return nil
}

// demoCopingStart is the latest start whose one-month window expires on
// target, or as close before it as the calendar allows (no window expires
// on 29–31 March in a common year: 28.02 → 28.03).
func demoCopingStart(target domain.Date) domain.Date {
	s := target.AddDate(0, 0, -27)
	for domain.CopingExpiry(s, 1).After(target) {
		s = s.AddDate(0, 0, -1)
	}
	return s
}

// demoPrevWorkday is the workday before d.
func demoPrevWorkday(d domain.Date) domain.Date { return demoWorkdayBy(d.AddDate(0, 0, -1)) }

// demoWorkdayBy is d, or the Friday before when d falls on a weekend: a
// window starting on a Saturday was agreed on the Friday.
func demoWorkdayBy(d domain.Date) domain.Date {
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// planDemoWindows places the coping windows.
func planDemoWindows(ctx context.Context, tx pgx.Tx, grants []*demoPhaseGrant, switches []*demoSwitch,
	today domain.Date) ([]*demoWindow, error) {
	// Everyday-coping sessions already logged, per citizen.
	rows, err := tx.Query(ctx, `
		SELECT citizen_id, occurred_on FROM mentor_sessions
		WHERE everyday_coping AND discarded_at IS NULL ORDER BY citizen_id, occurred_on`)
	if err != nil {
		return nil, fmt.Errorf("coping sessions: %w", err)
	}
	coping := map[int64][]domain.Date{}
	var copingOrder []int64
	err = func() error {
		defer rows.Close()
		for rows.Next() {
			var c int64
			var on domain.Date
			if err := rows.Scan(&c, &on); err != nil {
				return err
			}
			if coping[c] == nil {
				copingOrder = append(copingOrder, c)
			}
			coping[c] = append(coping[c], on)
		}
		return rows.Err()
	}()
	if err != nil {
		return nil, fmt.Errorf("coping sessions: %w", err)
	}
	hasSupport := map[int64]bool{}  // an active § 85 grant today
	supportEver := map[int64]bool{} // any § 85 grant
	for _, g := range grants {
		if !g.mentor {
			supportEver[g.citizenID] = true
			if !g.ended && g.activeOn(today) {
				hasSupport[g.citizenID] = true
			}
		}
	}
	// A § 85 draft counts as well: that citizen is on the way to § 85, not
	// a LAB-only citizen (the phase grants above are granted or ended).
	drafts, err := tx.Query(ctx, `SELECT DISTINCT citizen_id FROM grants WHERE function <> 'mentor' AND status = 'kladde'`)
	if err != nil {
		return nil, fmt.Errorf("§ 85 drafts: %w", err)
	}
	draftCitizens, err := pgx.CollectRows(drafts, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("§ 85 drafts: %w", err)
	}
	for _, c := range draftCitizens {
		supportEver[c] = true
	}
	used := map[int64]bool{}
	var out []*demoWindow
	ptrDate := func(d domain.Date) *domain.Date { return &d }
	ptrTime := func(t time.Time) *time.Time { return &t }
	// A window is agreed at 9 on its start day, or on the Friday before.
	agreed := func(start domain.Date) time.Time { return demoTime(demoWorkdayBy(start), 9) }

	// Closed as met: around the run of everyday-coping sessions of a
	// LAB-only citizen (the one with most of them, at least four).
	var cluster int64
	for _, c := range copingOrder {
		if len(coping[c]) >= 4 && !supportEver[c] && (cluster == 0 || len(coping[c]) > len(coping[cluster])) {
			cluster = c
		}
	}
	if cluster != 0 {
		first, last := coping[cluster][0], coping[cluster][len(coping[cluster])-1]
		for back := 2; back >= 0; back-- {
			start := first.AddDate(0, 0, -back)
			expires := domain.CopingExpiry(start, 1)
			i := slices.IndexFunc(grants, func(g *demoPhaseGrant) bool {
				return g.citizenID == cluster && g.mentor && g.activeOn(start)
			})
			if i < 0 || expires.Before(last) {
				continue
			}
			g := grants[i]
			decided := demoTime(demoWorkdayAfter(expires), 10)
			if domain.DateOf(decided).After(today) {
				decided = demoTime(today, 8) // the need was met before the month was up
			}
			out = append(out, &demoWindow{g: g, status: domain.CopingMet, start: ptrDate(start), expires: ptrDate(expires),
				need: "Støtte til at få overblik over post og regninger og lave en plan for indkøb og madpakker, så " +
					"praktikdagene kan hænge sammen med livet derhjemme.",
				startedBy: g.decider, startedAt: ptrTime(agreed(start)), createdAt: agreed(start),
				decidedBy: g.decider, decidedAt: &decided,
				decisionNote: "Borgeren har nu selv styr på post og faste regninger og bruger dagsplanen. Behovet er " +
					"dækket; mentorstøtten fortsætter med fokus på praktikken.",
				role: func(d *Script) *string { return &d.CopingMet }})
			used[cluster] = true
			break
		}
	}

	// Converted to § 85: the mentor became the citizen's støttekontaktperson.
	for _, s := range switches {
		if s.kind != domain.SwitchLABTo85 || !s.same || used[s.citizenID] ||
			strings.HasSuffix(s.ended[0].endReason, demoReasonRoundTrip) {
			continue
		}
		g := s.ended[0]
		target := domain.DateOf(s.at)
		if target.After(*g.last) {
			target = *g.last
		}
		start := demoCopingStart(target)
		if !g.activeOn(start) {
			continue
		}
		requested := demoTime(demoPrevWorkday(demoWorkdayBy(start)), 14)
		out = append(out, &demoWindow{g: g, status: domain.CopingConverted, start: ptrDate(start),
			expires:     ptrDate(domain.CopingExpiry(start, 1)),
			requestedBy: &g.personID, requestedAt: &requested, createdAt: requested,
			requestNeed: "Borgeren kan ikke overskue post, regninger og lægeaftaler, og det går ud over holdforløbet. " +
				"Jeg foreslår en måned, hvor jeg hjælper med at få struktur på hverdagen.",
			need:      "Støtte til struktur i hverdagen, post og kontakt til egen læge, så borgeren kan blive i holdforløbet.",
			startedBy: g.decider, startedAt: ptrTime(agreed(start)),
			decidedBy: &s.decider, decidedAt: ptrTime(s.at), decisionNote: s.reason, sw: s,
			role: func(d *Script) *string { return &d.CopingConverted }})
		used[s.citizenID] = true
		break
	}

	// Open windows on running LAB grants of LAB-only citizens without
	// everyday-coping sessions of their own (those stay "uden for aftalt
	// ramme"); the demo caseworker has the overdue and the expiring one.
	var running []*demoPhaseGrant
	for _, g := range grants {
		if g.mentor && !g.ended && g.activeOn(today) && !hasSupport[g.citizenID] && coping[g.citizenID] == nil {
			running = append(running, g)
		}
	}
	for _, o := range []struct {
		prefer     []string
		caseworker string
		target     domain.Date
		need       string
		requested  bool
		role       func(*Script) *string
	}{
		{demoCopingOverdue, demoCaseworker1, today.AddDate(0, 0, -5),
			"Borgeren har svært ved at få hverdagen til at hænge sammen ved siden af arbejdsprøvningen: indkøb, " +
				"madpakker og faste sengetider. Mentor støtter i en måned med en ugeplan og faste rutiner.", true,
			func(d *Script) *string { return &d.CopingOverdue }},
		{demoCopingSoon, demoCaseworker1, today.AddDate(0, 0, 3),
			"Hjælp til at skabe overblik over post, regninger og aftaler efter flytning til egen bolig, så " +
				"skolegangen kan fastholdes.", false, func(d *Script) *string { return &d.CopingSoon }},
		{demoCopingLater, "", today.AddDate(0, 0, 20),
			"Borgeren har brug for hjælp til at skabe struktur på ugen – indkøb, tøjvask og faste sengetider – så " +
				"fremmødet på holdforløbet kan holdes.", true, func(d *Script) *string { return &d.CopingLater }},
	} {
		start := demoCopingStart(o.target)
		expires := domain.CopingExpiry(start, 1)
		g := pickDemo(running, o.prefer, func(g *demoPhaseGrant) bool {
			return !used[g.citizenID] && (o.caseworker == "" || g.caseworker == o.caseworker) &&
				g.activeOn(start) && g.runsThrough(expires)
		})
		if g == nil {
			continue
		}
		used[g.citizenID] = true
		w := &demoWindow{g: g, status: domain.CopingOpen, start: ptrDate(start), expires: ptrDate(expires), need: o.need, role: o.role,
			startedBy: g.decider, startedAt: ptrTime(agreed(start)), createdAt: demoTime(demoWorkdayBy(start), 9)}
		if o.requested {
			at := demoTime(demoPrevWorkday(demoWorkdayBy(start)), 15)
			w.requestedBy, w.requestedAt, w.createdAt = &g.personID, &at, at
			w.requestNeed = o.need
		}
		out = append(out, w)
	}

	// A mentor's pending request, on the demo caseworker's home.
	if g := pickDemo(running, demoCopingRequest, func(g *demoPhaseGrant) bool {
		return !used[g.citizenID] && g.caseworker == demoCaseworker1
	}); g != nil {
		at := demoTime(demoPrevWorkday(today), 15).Add(20 * time.Minute)
		out = append(out, &demoWindow{g: g, status: domain.CopingRequested, requestedBy: &g.personID, requestedAt: &at,
			createdAt: at,
			requestNeed: "Borgeren har svært ved at åbne og forstå post og få styr på husleje og regninger, og det fylder " +
				"så meget, at fremmødet til danskundervisningen lider. Jeg foreslår en måned, hvor jeg hjælper med at " +
				"skabe overblik.",
			role: func(d *Script) *string { return &d.CopingRequest }})
	}
	return out, nil
}

// demoWorkdayAfter is the first workday after d.
func demoWorkdayAfter(d domain.Date) domain.Date { return demoWorkday(d.AddDate(0, 0, 1)) }
