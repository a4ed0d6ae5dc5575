package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"mentorspor/internal/domain"
)

// demoBooklet is what the demo mentors write in the profile booklet.
var demoBooklet = []struct {
	username, presentation, employment string
	specialties, languages             []string
}{
	{demoMentor1,
		"Jeg er uddannet socialrådgiver og har været mentor i jobcentret i otte år. Jeg arbejder roligt og " +
			"struktureret og er god til at skabe tryghed for borgere med angst, så vi sammen kan tage de små " +
			"skridt mod uddannelse eller job. Jeg er også støttekontaktperson og hjælper med at holde de to roller adskilt.",
		"fastansat", []string{"angst", "psykiatri", "fleksjob", "sociale kompetencer"}, []string{"dansk", "engelsk"}},
	{demoMentor2,
		"Jeg har baggrund som pædagog og har arbejdet med unge i udsatte positioner i mange år. Jeg er direkte, " +
			"praktisk og holder aftaler. Jeg ledsager gerne til uddannelsessteder og arbejdspladser og tager " +
			"snakken med kolleger og ledere, når en borger starter i fleksjob.",
		"fastansat", []string{"unge", "misbrug", "uddannelse", "fleksjob"}, []string{"dansk", "engelsk", "tysk"}},
	{demoMentor3,
		"Jeg er uddannet sundhedsfaglig og arbejder som mentor på timebasis. Jeg taler arabisk og hjælper " +
			"borgere, der er nye i Danmark, med at forstå jobcentret, sundhedsvæsenet og omgangstonen på en " +
			"dansk arbejdsplads.",
		"timeloennet", []string{"sprog", "integration", "sundhed", "virksomhedspraktik"}, []string{"dansk", "arabisk", "engelsk"}},
}

// demoSupervision is one session, daysAgo before today.
type demoSupervision struct {
	daysAgo                   int
	form, facilitator, themes string
	note                      string
	participants              []string
}

// demoSupervisions cover the last four months so that Mette's last session
// was 3 weeks ago, Jonas's 5 weeks ago and Fatima's 11 weeks ago: past the
// 8-week flag.
var demoSupervisions = []demoSupervision{
	{16 * 7, "supervision", "Anne Krogh, autoriseret psykolog",
		"Adskillelse af roller som mentor og støttekontaktperson",
		"Hvordan siger vi til borgeren, hvilken rolle vi er i? Aftale: sig det højt ved hver samtale, når begge bevillinger er aktive.",
		[]string{demoMentor1, demoMentor2, demoMentor3}},
	{11 * 7, "kollegial_sparring", "Lars Nielsen, teamleder",
		"Tavshedspligt og indberetningspligt",
		"Gennemgang af, hvornår en bekymring skal indberettes, og hvornår tavshedspligten gælder. Underretning om børn går altid forud.",
		[]string{demoMentor2, demoMentor3}},
	{8 * 7, "reflekterende_team", "Lars Nielsen, teamleder",
		"Hverdagsmestring: hvornår er behovet vedvarende?",
		"En sag om en borger med angst, hvor månedens hverdagsmestring ikke var nok. Teamet anbefalede § 85 med samme person.",
		[]string{demoMentor1, demoMentor2}},
	{5 * 7, "kollegial_sparring", "Mette Jensen, mentor",
		"Beskæftigelsesfokus i parallelle forløb",
		"Hvordan holder vi retningen mod arbejdsmarkedet, når borgeren også har støttekontaktperson?",
		[]string{demoMentor1, demoMentor2}},
	{3 * 7, "supervision", "Anne Krogh, autoriseret psykolog",
		"Adskillelse af roller; egne grænser ved ledsagelse",
		"",
		[]string{demoMentor1}},
}

// seedTeamLead adds the mentors' pages of the profile booklet and four
// months of supervision. It does nothing when supervisions exist, and never
// overwrites a presentation someone has written.
func seedTeamLead(ctx context.Context, tx pgx.Tx, today domain.Date) error {
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM supervisions)`).Scan(&exists); err != nil {
		return fmt.Errorf("check supervisions: %w", err)
	}
	if exists {
		return nil
	}
	users := map[string]int64{}
	rows, err := tx.Query(ctx, `SELECT username, id FROM users WHERE username = ANY ($1)`,
		[]string{demoMentor1, demoMentor2, demoMentor3, "teamleder"})
	if err != nil {
		return fmt.Errorf("find demo users: %w", err)
	}
	if err := scanPairs(rows, users); err != nil {
		return fmt.Errorf("find demo users: %w", err)
	}
	lead := users["teamleder"]
	if lead == 0 {
		return fmt.Errorf("demo user %q is missing", "teamleder")
	}

	batch := &pgx.Batch{}
	for _, b := range demoBooklet {
		batch.Queue(`
			UPDATE mentor_profiles SET presentation = $2, specialties = $3, languages = $4, employment = $5, updated_at = now()
			WHERE user_id = $1 AND presentation = ''`,
			users[b.username], b.presentation, b.specialties, b.languages, b.employment)
	}
	for _, s := range demoSupervisions {
		ids := make([]int64, len(s.participants))
		for i, u := range s.participants {
			ids[i] = users[u]
		}
		batch.Queue(`
			WITH s AS (
				INSERT INTO supervisions (held_on, form, facilitator, themes, note, team_id, created_by)
				VALUES ($1, $2, $3, $4, $5, (SELECT team_id FROM users WHERE id = $6), $6)
				RETURNING id
			)
			INSERT INTO supervision_participants (supervision_id, user_id)
			SELECT s.id, p FROM s, unnest($7::bigint[]) p`,
			today.AddDate(0, 0, -s.daysAgo), s.form, s.facilitator, s.themes, s.note, lead, ids)
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("seed profiles and supervision: %w", err)
	}
	return nil
}
