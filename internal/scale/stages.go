package scale

import (
	"fmt"
	"strings"
)

// Texts the generator draws from.
var (
	maleFirst = arr("Anders", "Mads", "Mikkel", "Jesper", "Søren", "Thomas", "Martin", "Rasmus", "Jonas", "Frederik",
		"Lars", "Henrik", "Peter", "Morten", "Kasper", "Emil", "Mathias", "Oliver", "Lucas", "Magnus", "Ali", "Omar",
		"Ahmed", "Tobias", "Nikolaj", "Christian", "Kim", "Bo", "René", "Jørgen", "Niels", "Ole", "Brian", "Jakob")
	femaleFirst = arr("Anne", "Mette", "Louise", "Camilla", "Maria", "Sofie", "Ida", "Emma", "Laura", "Julie",
		"Signe", "Karen", "Hanne", "Susanne", "Lene", "Pia", "Marianne", "Line", "Cecilie", "Freja", "Nadia", "Fatima",
		"Amira", "Sara", "Maja", "Kirsten", "Birgitte", "Tina", "Helle", "Stine", "Rikke", "Bente", "Åse", "Zainab")
	middleNames = arr("Juhl", "Kjær", "Bach", "Dam", "Skov", "Holm", "Lund", "Bech", "Munk", "Krogh", "Lykke", "Friis")
	surnames    = arr("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
		"Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen",
		"Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen", "Mikkelsen", "Frederiksen", "Laursen", "Henriksen",
		"Lauridsen", "Schmidt", "Kjeldsen", "Østergaard", "Nørgaard", "Bertelsen", "Søndergaard", "Vestergaard",
		"Damgaard", "Mølgaard", "Ærenlund", "Holm", "Eriksen", "Yilmaz", "Hussein", "Ali", "Karimi", "Nguyen")
	streets = arr("Skolevej", "Møllegade", "Kirkestræde", "Stationsvej", "Engtoften", "Bøgevej", "Havnegade",
		"Rosenvænget", "Lærkevej", "Torvegade", "Æblehaven", "Søndergade", "Vestergade", "Østerbrogade", "Nørregade")
	towns = arr("8000 Aarhus C", "5000 Odense C", "9000 Aalborg", "6700 Esbjerg", "8900 Randers", "6000 Kolding",
		"8700 Horsens", "7100 Vejle", "4000 Roskilde", "7400 Herning", "3400 Hillerød", "4700 Næstved")
	specialties = arr("angst", "psykiatri", "fleksjob", "sociale kompetencer", "unge", "misbrug", "uddannelse",
		"sprog", "integration", "sundhed", "virksomhedspraktik")
	selTasks = arr("Støtte til struktur i hverdagen og søvnrytme", "Hjælp til at holde styr på aftaler i kalenderen",
		"Hjælp til at åbne og forstå post fra det offentlige", "Støtte til indkøb og madlavning",
		"Træning i at tage bussen alene til faste aftaler", "Støtte til kontakt med egen læge og psykiatrien")
	selExclusions = arr("Ingen opgaver, der kræver bevillingskompetence", "Ingen terapeutiske samtaler",
		"Ingen håndtering af borgerens penge eller betalinger")
	labGoals = arr("Møde stabilt 3 dage om ugen i praktik", "Deltage i jobcentrets holdforløb hver uge",
		"Starte på en ungdomsuddannelse", "Gennemføre ressourceforløbets aktiviteter", "Komme i ordinært job",
		"Fastholde fleksjob på 12 timer om ugen", "Starte i job med løntilskud", "Møde til tiden på skolen 5 dage om ugen",
		"Deltage i virksomhedspraktik 15 timer om ugen", "Gennemføre delvis raskmelding med 10 timer om ugen")
	selGoals = arr("Klare morgenrutinen selv mindst 4 dage om ugen", "Holde aftaler med egen læge",
		"Åbne og sortere posten selv hver uge", "Handle ind selv én gang om ugen", "Have en stabil hverdag uden akutte kriser",
		"Klare egen bolig uden restancer", "Kunne tage bussen alene til faste aftaler", "Stå op før kl. 9 på hverdage")
	endReasons = arr("Borgeren er startet i ordinært job.", "Borgeren er startet på uddannelse og har ikke længere brug for støtte.",
		"Borgeren er fraflyttet kommunen.", "Borgeren er overgået til sygedagpenge og kan ikke deltage i aktiviteter i en periode.",
		"Målene er nået, og borgeren klarer sig nu uden støtte.", "Borgeren ønsker ikke længere støtten.")
	sessionNotes = arr("Gennemgik ugens aftaler og lavede en plan for de næste dage.",
		"Borgeren var i godt humør og fortalte om praktikken.", "Talte om søvnrytme og hvad der gør morgenerne svære.",
		"Fulgte med til samtale i jobcentret.", "Borgeren var træt og havde haft en svær uge; aftalte en kortere samtale.",
		"Øvede busturen til praktikstedet sammen.", "Kort opfølgning på telefon; alt går efter planen.", "")
	forms = arr("fremmoede", "fremmoede", "fremmoede", "fremmoede", "telefon", "telefon", "video", "sms_mail",
		"ledsagelse", "virksomhedsbesoeg")
	concernDescriptions = arr("Borgeren fortalte om vold i hjemmet, hvor der bor børn.",
		"Borgeren gav udtryk for tanker om at gøre skade på sig selv.", "Bekymring for borgerens børns trivsel og skolegang.",
		"Borgeren fortalte om trusler fra en tidligere samlever.", "Borgeren virkede stærkt påvirket og kunne ikke passe sin medicin.")
)

const (
	purposeLAB = "Mentorstøtte, så borgeren kan gennemføre sine aktiviteter i jobcentret og komme tættere på job eller uddannelse."
	purposeSEL = "Socialpædagogisk bistand til struktur i hverdagen, post og aftaler, så borgeren kan klare sig i egen bolig."
	extReason  = "Perioden er udløbet; mentorstøtten er forlænget med en ny bevilling."
	extNote    = "Borgeren er kommet godt i gang, men har brug for støtte i en ny periode på 6 måneder for at fastholde fremskridtene."
	homeReason = "Borgeren var syg og kunne ikke møde op; kort samtale i døren efter aftale."
	copingNeed = "Borgeren har brug for hjælp til at få styr på morgenrutinen, før praktikken kan lykkes."
	lab85      = "Faseskift: borgeren har i en periode brug for en støttekontaktperson efter SEL § 85 i stedet for mentor. Samme person fortsætter."
	sel85LAB   = "Faseskift: beskæftigelsesfokus er muligt igen, og støtten fortsætter som mentor efter LAB § 167. Samme person fortsætter."
	parEnd     = "Borgeren har ikke længere brug for støtte efter SEL § 85; mentorstøtten fortsætter."
	reasonPar  = "Borgeren har brug for socialpædagogisk støtte efter SEL § 85 ved siden af mentorstøtten."
	reasonEnd  = "Al støtte afsluttes."
	tz         = "'Europe/Copenhagen'"
)

// q quotes a Go string as an SQL literal.
func q(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// rnd is a deterministic random number in [0, 1) from a seed expression.
func rnd(seed string, salt int) string {
	return fmt.Sprintf("pg_temp.rnd((%s)::bigint, %d)", seed, salt)
}

// pad writes an integer expression with at least n digits.
func pad(expr string, n int) string {
	return fmt.Sprintf("right(repeat('0', %d) || (%s)::text, greatest(%d, length((%s)::text)))", n, expr, n, expr)
}

// at is the instant of a day (date expression) at a Copenhagen clock hour.
func at(day string, hours string) string {
	return fmt.Sprintf("(((%s)::timestamp + interval '1 hour' * (%s)) AT TIME ZONE %s)", day, hours, tz)
}

type stage struct {
	name   string
	sql    []string
	each   string // run once per chunk, with $1 the chunk and $2 the number of chunks
	chunks int
}

var stages = []stage{
	{name: "hold og personale", sql: []string{
		`CREATE TEMP TABLE gteam AS
		 SELECT k, nextval(pg_get_serial_sequence('teams', 'id')) AS id FROM gp, generate_series(1, gp.nteams) k`,
		`INSERT INTO teams (id, name, created_at) OVERRIDING SYSTEM VALUE
		 SELECT id, 'Mentorteam ' || ` + pad("k + 2", 2) + `, gp.now - interval '3 years' FROM gteam, gp`,
		`CREATE TEMP TABLE gu AS
		 SELECT nextval(pg_get_serial_sequence('users', 'id')) AS id, x.kind, x.k,
			CASE x.kind
				WHEN 'mentor' THEN CASE WHEN x.k <= gp.nnord THEN gp.nord
					ELSE (SELECT id FROM gteam WHERE gteam.k = 1 + (x.k - gp.nnord - 1) % gp.nteams) END
				WHEN 'case' THEN (SELECT id FROM gteam WHERE gteam.k = 1 + (x.k - 1) % gp.nteams)
				WHEN 'lead' THEN (SELECT id FROM gteam WHERE gteam.k = x.k)
			END AS team_id,
			CASE x.kind WHEN 'mentor' THEN 'mentor' || ` + pad("x.k", 4) + `
				WHEN 'case' THEN 'sagsbeh' || ` + pad("x.k", 3) + `
				WHEN 'lead' THEN 'teamleder' || ` + pad("x.k", 2) + `
				ELSE 'admin' || ` + pad("x.k", 2) + ` END AS username
		 FROM gp, (
			SELECT 'mentor' AS kind, k FROM gp, generate_series(1, gp.nmentors) k
			UNION ALL SELECT 'case', k FROM gp, generate_series(1, gp.ncase) k
			UNION ALL SELECT 'lead', k FROM gp, generate_series(1, gp.nteams) k
			UNION ALL SELECT 'admin', k FROM gp, generate_series(1, gp.nadmin) k) x`,
		`INSERT INTO users (id, username, display_name, email, roles, team_id, password_hash, is_demo, created_at, updated_at)
		 OVERRIDING SYSTEM VALUE
		 SELECT gu.id, gu.username,
			CASE WHEN gu.id % 2 = 0 THEN ` + pick(maleFirst, rnd("gu.id", 1)) + ` ELSE ` + pick(femaleFirst, rnd("gu.id", 1)) + ` END
				|| ' ' || ` + pick(surnames, rnd("gu.id", 2)) + `,
			gu.username || '@skala.kommune.dk',
			ARRAY[CASE gu.kind WHEN 'mentor' THEN 'mentor' WHEN 'case' THEN 'sagsbehandler' WHEN 'lead' THEN 'teamleder'
				ELSE 'administrator' END],
			gu.team_id, gp.hash, true, gp.now - interval '3 years', gp.now - interval '3 years'
		 FROM gu, gp`,
		`INSERT INTO mentor_profiles (user_id, qualified_mentor, qualified_support, capacity_hours, presentation, specialties,
			languages, employment, updated_at)
		 SELECT gu.id, true, gu.k % 5 <> 0, 20 + 5 * (gu.k % 4),
			'Jeg arbejder som mentor i kommunen og hjælper borgere med at komme tættere på job eller uddannelse.',
			ARRAY[` + pick(specialties, rnd("gu.id", 3)) + `, ` + pick(specialties, rnd("gu.id", 4)) + `],
			CASE WHEN gu.k % 3 = 0 THEN ARRAY['dansk', 'engelsk'] WHEN gu.k % 7 = 0 THEN ARRAY['dansk', 'arabisk'] ELSE ARRAY['dansk'] END,
			CASE WHEN gu.k % 6 = 0 THEN 'timeloennet' WHEN gu.k % 17 = 0 THEN 'ekstern_konsulent' ELSE 'fastansat' END,
			gp.now - interval '1 year'
		 FROM gu, gp WHERE gu.kind = 'mentor'`,
		`CREATE TEMP TABLE gm AS
		 SELECT (row_number() OVER (ORDER BY id) - 1)::int AS i, id, k % 5 <> 0 AS support FROM gu WHERE kind = 'mentor'`,
		`CREATE TEMP TABLE gms AS SELECT (row_number() OVER (ORDER BY id) - 1)::int AS i, id FROM gm WHERE support`,
		`CREATE TEMP TABLE gcw AS
		 SELECT 0 AS i, demo_case AS id FROM gp
		 UNION ALL SELECT (row_number() OVER (ORDER BY id))::int, id FROM gu WHERE kind = 'case'`,
		`CREATE UNIQUE INDEX ON gm (i)`, `CREATE UNIQUE INDEX ON gms (i)`, `CREATE UNIQUE INDEX ON gcw (i)`,
		`ANALYZE gteam, gu, gm, gms, gcw`,
	}},
	{name: "borgere", sql: []string{
		// pattern: sel = active § 85, lab = active LAB (with extensions), par = both at once, l85 = LAB then § 85,
		// 85l = § 85 then LAB, draft = a draft only, ended = ended grants only, none = no grant.
		`CREATE TEMP TABLE gc AS
		 SELECT x.*, nextval(pg_get_serial_sequence('citizens', 'id')) AS id,
			CASE WHEN x.n <= 7 THEN (ARRAY['sel', 'lab', 'par', 'l85', '85l', 'draft', 'ended'])[x.n]
				WHEN x.r < 0.07 THEN 'lab' WHEN x.r < 0.10 THEN 'sel' WHEN x.r < 0.12 THEN 'par' WHEN x.r < 0.135 THEN 'l85'
				WHEN x.r < 0.15 THEN '85l' WHEN x.r < 0.19 THEN 'draft' WHEN x.r < 0.96 THEN 'ended' ELSE 'none' END AS pat,
			(SELECT id FROM gcw WHERE gcw.i = floor(` + rnd("x.n", 3) + ` * (SELECT count(*) FROM gcw))::int) AS caseworker,
			` + rnd("x.n", 11) + ` AS r1, ` + rnd("x.n", 12) + ` AS r2, ` + rnd("x.n", 13) + ` AS r3,
			` + rnd("x.n", 14) + ` AS r4, ` + rnd("x.n", 15) + ` AS r5
		 FROM (SELECT n::bigint AS n, n % 2 = 1 AS male, DATE '1955-01-01' + ((n::bigint * 7919) % 18262)::int AS born,
				(n - 1) / 18262 AS q, ` + rnd("n", 2) + ` AS r
			FROM gp, generate_series(1, gp.ncit) n) x`,
		`INSERT INTO citizens (id, cpr, name, phone, email, address, address_protected, target_group_id, caseworker_id,
			created_at, updated_at) OVERRIDING SYSTEM VALUE
		 SELECT c.id,
			to_char(c.born, 'DDMMYY') || CASE WHEN extract(year FROM c.born) < 2000
				THEN (c.q % 4)::text || right('00' || ((c.q / 4) * 2 + c.male::int)::text, 3)
				ELSE (CASE WHEN c.q % 2 = 0 THEN '4' ELSE '9' END) || right('00' || ((c.q / 2) * 2 + c.male::int)::text, 3) END,
			c.first || CASE WHEN ` + rnd("c.n", 5) + ` < 0.3 THEN ' ' || ` + pick(middleNames, rnd("c.n", 6)) + ` ELSE '' END
				|| ' ' || ` + pick(surnames, rnd("c.n", 7)) + `,
			CASE WHEN c.n % 11 <> 10 THEN substr(p::text, 1, 2) || ' ' || substr(p::text, 3, 2) || ' ' || substr(p::text, 5, 2)
				|| ' ' || substr(p::text, 7, 2) ELSE '' END,
			CASE WHEN c.n % 3 <> 2 THEN replace(replace(replace(lower(c.first), 'æ', 'ae'), 'ø', 'oe'), 'å', 'aa')
				|| '.' || c.n || '@example.dk' ELSE '' END,
			` + pick(streets, rnd("c.n", 8)) + ` || ' ' || (1 + c.n % 97) || ', ' || ` + pick(towns, rnd("c.n", 9)) + `,
			` + rnd("c.n", 10) + ` < 0.005,
			tg.ids[1 + floor(` + rnd("c.n", 16) + ` * cardinality(tg.ids))::int],
			c.caseworker,
			gp.now - make_interval(days => 1100 + floor(c.r1 * 300)::int),
			gp.now - make_interval(days => floor(c.r2 * 300)::int)
		 FROM (SELECT gc.*, CASE WHEN gc.male THEN ` + pick(maleFirst, rnd("gc.n", 4)) + ` ELSE ` + pick(femaleFirst, rnd("gc.n", 4)) + ` END AS first,
				20000000 + (gc.n * 104729) % 70000000 AS p FROM gc) c, gp,
			(SELECT array_agg(id ORDER BY id) AS ids FROM target_groups WHERE retired_at IS NULL) tg`,
		// Mentors: the first active citizens go to the demo mentor.
		`CREATE TEMP TABLE gc2 AS
		 SELECT c.n, c.id, c.caseworker AS cw, c.pat, c.r1, c.r2, c.r3, c.r4, c.r5,
			CASE WHEN c.demo THEN gp.demo_mentor ELSE m.id END AS pm,
			CASE WHEN c.demo THEN true ELSE m.support END AS pm_sup,
			CASE WHEN c.demo THEN gp.demo_mentor ELSE s.id END AS ps
		 FROM (SELECT gc.*, gc.pat IN ('sel', 'lab', 'par', 'l85', '85l')
				AND row_number() OVER (PARTITION BY gc.pat IN ('sel', 'lab', 'par', 'l85', '85l') ORDER BY gc.n) <= gp.ndemo AS demo
			FROM gc, gp) c
		 CROSS JOIN gp
		 JOIN gm m ON m.i = floor(` + rnd("c.n", 20) + ` * (SELECT count(*) FROM gm))::int
		 JOIN gms s ON s.i = floor(` + rnd("c.n", 21) + ` * (SELECT count(*) FROM gms))::int`,
		`ANALYZE gc, gc2`,
	}},
	{name: "bevillinger", sql: []string{
		`CREATE TEMP TABLE gg0 AS
		 -- LAB chains: active (lab) or ended (ended, three in four)
		 SELECT c.n AS cn, c.id AS cid, c.cw, c.pat,
			CASE WHEN c.pat = 'lab' THEN 'lab' WHEN j = c.l THEN 'ended_last' ELSE 'ended' END AS role, j AS ord,
			'mentor' AS fn, c.pm AS person,
			CASE WHEN c.pat = 'lab' AND j = c.l THEN 'bevilget' ELSE 'afsluttet' END AS status,
			(c.s1 + make_interval(months => 6 * (j - 1)))::date AS start_date,
			(c.s1 + make_interval(months => 6 * j))::date - 1 AS end_date,
			CASE WHEN c.pat = 'lab' AND j = c.l THEN NULL
				WHEN j < c.l OR c.r3 < 0.5 THEN (c.s1 + make_interval(months => 6 * j))::date - 1
				ELSE (c.s1 + make_interval(months => 6 * (j - 1)))::date + 30 + floor(c.r4 * 140)::int END AS ended_on,
			CASE WHEN c.pat = 'lab' AND j = c.l THEN '' WHEN j < c.l THEN ` + q(extReason) + `
				WHEN c.r3 < 0.5 THEN 'Perioden er udløbet, og målene er nået.'
				ELSE ` + pick(endReasons, rnd("c.n", 30)) + ` END AS end_reason,
			NULL::date AS follow_up, 1 + floor(` + rnd("c.n * 10 + j", 31) + ` * 9) * 0.5 AS hours, j > 1 AS ext
		 FROM (SELECT x.*, CASE WHEN x.pat = 'lab'
					THEN (x.today - floor(x.r2 * 170)::int - make_interval(months => 6 * (x.l - 1)))::date
					ELSE x.today - (x.l * 183 + 10) - floor(x.r2 * (1090 - x.l * 183 - 10))::int END AS s1
			FROM (SELECT gc2.*, gp.today, CASE WHEN gc2.pat = 'lab' THEN 1 + floor(gc2.r1 * 4)::int
					WHEN gc2.r1 < 0.5 THEN 1 WHEN gc2.r1 < 0.86 THEN 2 ELSE 3 END AS l
				FROM gc2, gp WHERE gc2.pat = 'lab' OR (gc2.pat = 'ended' AND gc2.r5 < 0.75)) x) c,
			generate_series(1, c.l) j
		 UNION ALL -- active § 85; citizen 1 is the demo mentor's long-running one
		 SELECT c.n, c.id, c.cw, c.pat, 'sel', 1, 'stoettekontaktperson', c.ps, 'bevilget', s.start_date, NULL, NULL, '',
			(s.start_date + make_interval(months => 6 * (1 + floor((gp.today - s.start_date) / 182.5)::int)))::date,
			1 + floor(` + rnd("c.n", 32) + ` * 7) * 0.5, false
		 FROM gc2 c, gp, LATERAL (SELECT CASE WHEN c.n = 1 THEN gp.today - 1090
			ELSE gp.today - floor(c.r2 * 1000)::int END AS start_date) s
		 WHERE c.pat = 'sel'
		 UNION ALL -- ended § 85 (one in four ended citizens)
		 SELECT c.n, c.id, c.cw, c.pat, 'ended_last', 1, 'stoettekontaktperson', c.ps, 'afsluttet', s.start_date, NULL,
			s.start_date + floor((gp.today - 1 - s.start_date) * (0.3 + 0.7 * c.r3))::int,
			` + pick(endReasons, rnd("c.n", 30)) + `,
			(s.start_date + interval '6 months')::date, 1 + floor(` + rnd("c.n", 32) + ` * 7) * 0.5, false
		 FROM gc2 c, gp, LATERAL (SELECT gp.today - 100 - floor(c.r2 * 990)::int AS start_date) s
		 WHERE c.pat = 'ended' AND c.r5 >= 0.75
		 UNION ALL -- parallel: LAB
		 SELECT c.n, c.id, c.cw, c.pat, 'par_lab', 1, 'mentor', c.pm, 'bevilget', gp.today - a.a,
			(gp.today - a.a + interval '6 months')::date - 1, NULL, '', NULL, 1 + floor(` + rnd("c.n", 31) + ` * 9) * 0.5, false
		 FROM gc2 c, gp, LATERAL (SELECT 30 + floor(c.r2 * 140)::int AS a) a WHERE c.pat = 'par'
		 UNION ALL -- parallel: § 85 added later; one in four has ended again
		 SELECT c.n, c.id, c.cw, c.pat, 'par_sel', 2, 'stoettekontaktperson',
			CASE WHEN c.pm_sup AND c.r5 < 0.6 THEN c.pm ELSE c.ps END,
			CASE WHEN c.r4 < 0.25 OR c.n = 3 THEN 'afsluttet' ELSE 'bevilget' END, s.s, NULL,
			CASE WHEN c.r4 < 0.25 OR c.n = 3 THEN s.s + (gp.today - 1 - s.s) / 2 END,
			CASE WHEN c.r4 < 0.25 OR c.n = 3 THEN ` + q(parEnd) + ` ELSE '' END,
			(s.s + interval '6 months')::date, 1 + floor(` + rnd("c.n", 32) + ` * 7) * 0.5, false
		 FROM gc2 c, gp, LATERAL (SELECT 30 + floor(c.r2 * 140)::int AS a) a,
			LATERAL (SELECT gp.today - a.a + 5 + floor(c.r3 * (a.a - 10))::int AS s) s
		 WHERE c.pat = 'par'
		 UNION ALL -- LAB, then § 85 with the same person
		 SELECT c.n, c.id, c.cw, c.pat, 'l85_lab', 1, 'mentor', c.ps, 'afsluttet', s.s, (s.s + interval '6 months')::date - 1,
			s.s + 60 + floor(c.r3 * 110)::int, ` + q(lab85) + `, NULL, 1 + floor(` + rnd("c.n", 31) + ` * 9) * 0.5, false
		 FROM gc2 c, gp, LATERAL (SELECT gp.today - 200 - floor(c.r2 * 500)::int AS s) s WHERE c.pat = 'l85'
		 UNION ALL
		 SELECT c.n, c.id, c.cw, c.pat, 'l85_sel', 2, 'stoettekontaktperson', c.ps, 'bevilget', s.e + 1, NULL, NULL, '',
			(s.e + 1 + make_interval(months => 6 * (1 + floor((gp.today - s.e - 1) / 182.5)::int)))::date,
			1 + floor(` + rnd("c.n", 32) + ` * 7) * 0.5, false
		 FROM gc2 c, gp, LATERAL (SELECT gp.today - 200 - floor(c.r2 * 500)::int + 60 + floor(c.r3 * 110)::int AS e) s
		 WHERE c.pat = 'l85'
		 UNION ALL -- § 85, then LAB with the same person
		 SELECT c.n, c.id, c.cw, c.pat, '85l_sel', 1, 'stoettekontaktperson', c.ps, 'afsluttet',
			gp.today - 250 - floor(c.r2 * 650)::int, NULL, s.e, ` + q(sel85LAB) + `,
			(gp.today - 250 - floor(c.r2 * 650)::int + interval '6 months')::date, 1 + floor(` + rnd("c.n", 32) + ` * 7) * 0.5, false
		 FROM gc2 c, gp, LATERAL (SELECT gp.today - 10 - floor(c.r3 * 150)::int AS e) s WHERE c.pat = '85l'
		 UNION ALL
		 SELECT c.n, c.id, c.cw, c.pat, '85l_lab', 2, 'mentor', c.ps, 'bevilget', s.e + 1,
			(s.e + 1 + interval '6 months')::date - 1, NULL, '', NULL, 1 + floor(` + rnd("c.n", 31) + ` * 9) * 0.5, false
		 FROM gc2 c, gp, LATERAL (SELECT gp.today - 10 - floor(c.r3 * 150)::int AS e) s WHERE c.pat = '85l'
		 UNION ALL -- drafts, one in five for § 85
		 SELECT c.n, c.id, c.cw, c.pat, 'draft', 1, f.fn, CASE WHEN f.fn = 'mentor' THEN c.pm ELSE c.ps END, 'kladde',
			s.s, CASE WHEN f.fn = 'mentor' THEN (s.s + interval '6 months')::date - 1 END, NULL, '',
			CASE WHEN f.fn <> 'mentor' THEN (s.s + interval '6 months')::date END, 1 + floor(` + rnd("c.n", 31) + ` * 7) * 0.5, false
		 FROM gc2 c, gp, LATERAL (SELECT CASE WHEN c.r2 < 0.8 THEN 'mentor' ELSE 'stoettekontaktperson' END AS fn) f,
			LATERAL (SELECT gp.today + 7 + floor(c.r3 * 24)::int AS s) s
		 WHERE c.pat = 'draft'`,
		`CREATE TEMP TABLE gg1 AS
		 SELECT g.*, CASE WHEN g.ext THEN lag(g.id) OVER (PARTITION BY g.cid ORDER BY g.ord) END AS prev_id,
			CASE WHEN g.status <> 'kladde' THEN least(coalesce(g.ended_on, g.end_date, gp.today), gp.today) - g.start_date + 1
				ELSE 0 END AS span
		 FROM (SELECT nextval(pg_get_serial_sequence('grants', 'id')) AS id, x.* FROM (SELECT * FROM gg0 ORDER BY cid, ord) x) g, gp`,
		// Revisions, coping windows to come, and how many sessions each grant gets: the total is spread in
		// proportion to the days each grant has run, exactly (cumulative rounding).
		`CREATE TEMP TABLE gg AS
		 SELECT y.*,
			CASE WHEN y.cn = 1 THEN gp.nlong
				WHEN y.span <= 0 THEN 0
				ELSE (round(y.cum * y.k) - round((y.cum - y.span) * y.k))::int END AS nsess,
			CASE WHEN y.elig AND y.rk <= y.b1 THEN 'aaben' WHEN y.elig AND y.rk <= y.b2 THEN 'anmodet'
				WHEN y.elig AND y.rk <= y.b3 THEN 'afvist' WHEN y.elig AND y.rk <= y.b4 THEN 'afsluttet'
				WHEN y.role = 'l85_lab' AND (` + rnd("y.cn", 14) + ` < 0.6 OR y.cn = 4) THEN 'omlagt' END AS w_status
		 FROM (SELECT x.*,
				sum(CASE WHEN x.cn = 1 THEN 0 ELSE greatest(x.span, 0) END) OVER (ORDER BY x.id) AS cum,
				greatest(gp.nsessions - gp.nlong, 0)::float8
					/ greatest(1, sum(CASE WHEN x.cn = 1 THEN 0 ELSE greatest(x.span, 0) END) OVER ()) AS k,
				row_number() OVER (PARTITION BY x.elig ORDER BY ` + rnd("x.id", 40) + `) AS rk,
				greatest(1, round(0.04 * count(*) OVER (PARTITION BY x.elig))) AS b1,
				greatest(1, round(0.04 * count(*) OVER (PARTITION BY x.elig)))
					+ greatest(1, round(0.02 * count(*) OVER (PARTITION BY x.elig))) AS b2,
				greatest(1, round(0.04 * count(*) OVER (PARTITION BY x.elig)))
					+ greatest(1, round(0.02 * count(*) OVER (PARTITION BY x.elig)))
					+ greatest(1, round(0.01 * count(*) OVER (PARTITION BY x.elig))) AS b3,
				greatest(1, round(0.04 * count(*) OVER (PARTITION BY x.elig)))
					+ greatest(1, round(0.02 * count(*) OVER (PARTITION BY x.elig)))
					+ greatest(1, round(0.01 * count(*) OVER (PARTITION BY x.elig)))
					+ greatest(1, round(0.04 * count(*) OVER (PARTITION BY x.elig))) AS b4
			FROM (SELECT g.*, g.status = 'bevilget' AND g.fn = 'mentor' AND g.start_date <= gp.today - 10 AS elig,
					CASE WHEN g.status <> 'kladde' AND g.span >= 75 AND ` + rnd("g.id", 33) + ` < 0.15
						THEN g.start_date + 30 + floor(` + rnd("g.id", 34) + ` * 30)::int END AS rev2_on
				FROM gg1 g, gp) x, gp) y, gp`,
		`ALTER TABLE gg ADD COLUMN w_start date, ADD COLUMN w_exp date`,
		`UPDATE gg SET w_start = s.ws, w_exp = (s.ws + interval '1 month')::date
		 FROM (SELECT g.id, CASE g.w_status
				WHEN 'aaben' THEN greatest(g.start_date, gp.today - floor(` + rnd("g.id", 41) + ` * 40)::int)
				WHEN 'afsluttet' THEN g.start_date + 3
				WHEN 'omlagt' THEN (g.ended_on + 1 - interval '1 month')::date END AS ws
			FROM gg g, gp WHERE g.w_status IN ('aaben', 'afsluttet', 'omlagt')) s
		 WHERE gg.id = s.id`,
		`UPDATE gg SET w_exp = least(w_exp, (SELECT today - 1 FROM gp)) WHERE w_status = 'afsluttet'`,
		`CREATE UNIQUE INDEX ON gg (id)`,
		`ANALYZE gg`,
		`INSERT INTO grants (id, citizen_id, legal_basis_id, function, person_id, purpose, hours_per_week, start_date, end_date,
			follow_up_date, review_date, budget_id, status, ended_on, end_reason, complaint_info_on, min_plan_on,
			previous_grant_id, extension_note, revision, created_by, created_at, updated_at) OVERRIDING SYSTEM VALUE
		 SELECT g.id, g.cid, CASE WHEN g.fn = 'mentor' THEN gp.lab_id ELSE gp.sel_id END, g.fn, g.person,
			CASE WHEN g.fn = 'mentor' THEN ` + q(purposeLAB) + ` ELSE ` + q(purposeSEL) + ` END,
			g.hours, g.start_date, g.end_date, g.follow_up, (g.start_date + interval '3 months')::date,
			CASE WHEN g.fn = 'mentor' THEN gp.lab_budget ELSE gp.sel_budget END, g.status, g.ended_on, g.end_reason,
			CASE WHEN g.status <> 'kladde' AND (g.status = 'afsluttet' OR ` + rnd("g.id", 35) + ` > 0.05) THEN g.start_date END,
			CASE WHEN g.status <> 'kladde' AND (g.status = 'afsluttet' OR ` + rnd("g.id", 35) + ` > 0.05)
				THEN least(g.start_date + 2, gp.today) END,
			g.prev_id, CASE WHEN g.prev_id IS NOT NULL THEN ` + q(extNote) + ` ELSE '' END,
			CASE WHEN g.rev2_on IS NOT NULL THEN 2 ELSE 1 END, g.cw,
			least(gp.now - interval '1 hour', ` + at("g.start_date - 5", "10") + `),
			greatest(least(gp.now - interval '1 hour', ` + at("g.start_date - 5", "10") + `),
				least(gp.now, ` + at("coalesce(g.ended_on, g.rev2_on, g.start_date)", "11") + `))
		 FROM gg g, gp`,
	}},
	{name: "revisioner og mål", sql: []string{
		`CREATE TEMP TABLE grev AS
		 SELECT nextval(pg_get_serial_sequence('grant_revisions', 'id')) AS id, g.id AS grant_id, r.number
		 FROM gg g, (VALUES (1), (2)) r(number) WHERE r.number = 1 OR g.rev2_on IS NOT NULL`,
		`CREATE UNIQUE INDEX ON grev (grant_id, number)`,
		`ANALYZE grev`,
		`INSERT INTO grant_revisions (id, grant_id, number, reason, person_id, hours_per_week, created_by, created_at)
		 OVERRIDING SYSTEM VALUE
		 SELECT r.id, g.id, r.number, CASE r.number WHEN 1 THEN 'Bevilling oprettet' ELSE 'Justeret efter justeringsmøde: færre timer' END,
			g.person, CASE WHEN r.number = 1 AND g.rev2_on IS NOT NULL THEN g.hours + 0.5 ELSE g.hours END, g.cw,
			CASE r.number WHEN 1 THEN least(gp.now - interval '1 hour', ` + at("g.start_date - 5", "10") + `)
				ELSE least(gp.now, ` + at("g.rev2_on", "11") + `) END
		 FROM grev r JOIN gg g ON g.id = r.grant_id, gp`,
		`INSERT INTO adjustment_meetings (grant_id, held_on, participants, summary, decisions, change_tasks, revision_id,
			created_by, created_at)
		 SELECT g.id, g.rev2_on, ARRAY['Borger', 'Mentor', 'Sagsbehandler'],
			'Borger, mentor og sagsbehandler gennemgik forløbet og hvad der fungerer.',
			'Opgaverne justeres, og timetallet sænkes med en halv time om ugen.', true, r.id, g.cw,
			least(gp.now, ` + at("g.rev2_on", "15") + `)
		 FROM grev r JOIN gg g ON g.id = r.grant_id, gp WHERE r.number = 2`,
		`CREATE TEMP TABLE gcat AS
		 SELECT kind, (row_number() OVER (PARTITION BY kind ORDER BY position, id) - 1)::int AS i, id, text, standard
		 FROM catalogue_items WHERE retired_at IS NULL AND function = 'mentor'`,
		// Items: tasks (LAB from the catalogue, § 85 free text), exclusions and the citizen's goals.
		`CREATE TEMP TABLE gitem AS
		 SELECT r.id AS rev_id, 'opgave' AS kind, p AS pos, t.id AS cat, t.text
		 FROM grev r JOIN gg g ON g.id = r.grant_id, generate_series(1, 3) p,
			LATERAL (SELECT id, text FROM gcat WHERE gcat.kind = 'opgave'
				AND gcat.i = (g.id + r.number - 1 + p - 1) % (SELECT count(*) FROM gcat WHERE kind = 'opgave')) t
		 WHERE g.fn = 'mentor' AND p <= 2 + g.id % 2
		 UNION ALL
		 SELECT r.id, 'opgave', p, NULL, (` + selTasks + `)[1 + (g.id + r.number - 1 + p - 1) % cardinality(` + selTasks + `)]
		 FROM grev r JOIN gg g ON g.id = r.grant_id, generate_series(1, 3) p
		 WHERE g.fn <> 'mentor' AND p <= 2 + g.id % 2
		 UNION ALL
		 SELECT r.id, 'undtagelse', (row_number() OVER (PARTITION BY r.id ORDER BY c.i))::int, c.id, c.text
		 FROM grev r JOIN gg g ON g.id = r.grant_id JOIN gcat c ON c.kind = 'undtagelse' AND c.standard
		 WHERE g.fn = 'mentor'
		 UNION ALL
		 SELECT r.id, 'undtagelse', e.pos::int, (SELECT id FROM gcat WHERE gcat.kind = 'undtagelse' AND gcat.text = e.text), e.text
		 FROM grev r JOIN gg g ON g.id = r.grant_id, unnest(` + selExclusions + `) WITH ORDINALITY e(text, pos)
		 WHERE g.fn <> 'mentor'
		 UNION ALL
		 SELECT r.id, 'maal', p, NULL, CASE WHEN g.fn = 'mentor'
				THEN (` + labGoals + `)[1 + (g.cn * 7 + p - 1) % cardinality(` + labGoals + `)]
				ELSE (` + selGoals + `)[1 + (g.cn * 7 + p - 1) % cardinality(` + selGoals + `)] END
		 FROM grev r JOIN gg g ON g.id = r.grant_id, generate_series(1, 2) p
		 WHERE p <= 1 + g.cn % 2`,
		`INSERT INTO grant_revision_items (revision_id, kind, position, catalogue_item_id, text)
		 SELECT rev_id, kind, pos, cat, text FROM gitem`,
		`CREATE INDEX ON gitem (rev_id, kind)`,
		`ANALYZE gitem`,
		`INSERT INTO goals (citizen_id, text, created_at)
		 SELECT g.cid, i.text, min(least(gp.now - interval '1 hour', ` + at("g.start_date - 5", "10") + `))
		 FROM gitem i JOIN grev r ON r.id = i.rev_id JOIN gg g ON g.id = r.grant_id, gp
		 WHERE i.kind = 'maal' GROUP BY g.cid, i.text`,
		`CREATE TEMP TABLE ggoal AS
		 SELECT DISTINCT r.grant_id, gl.id AS goal_id
		 FROM gitem i JOIN grev r ON r.id = i.rev_id AND r.number = 1 JOIN gg g ON g.id = r.grant_id
			JOIN goals gl ON gl.citizen_id = g.cid AND gl.text = i.text
		 WHERE i.kind = 'maal'`,
		`CREATE INDEX ON ggoal (grant_id)`,
		`ANALYZE ggoal`,
	}},
	{name: "samtaler", chunks: 10, each: `
		INSERT INTO mentor_sessions (id, grant_id, citizen_id, author_id, occurred_on, start_time, minutes, form, contact, place,
			everyday_coping, home_justification, home_flag, direction, note, discarded_at, discarded_by, discard_reason,
			version, created_at, updated_at) OVERRIDING SYSTEM VALUE
		SELECT nextval(pg_get_serial_sequence('mentor_sessions', 'id')), s.id, s.cid, s.person, s.day, s.clock, s.minutes,
			s.form, s.contact, s.place,
			coalesce(s.fn = 'mentor' AND s.day BETWEEN s.w_start AND s.w_exp AND ` + rnd("s.seed", 5) + ` < 0.7, false),
			CASE WHEN s.fn = 'mentor' AND s.place = 'i_hjemmet' THEN ` + q(homeReason) + ` ELSE '' END,
			s.fn = 'mentor' AND s.place = 'i_hjemmet',
			CASE WHEN s.contact <> 'kontakt' THEN 'uaendret' WHEN ` + rnd("s.seed", 6) + ` < 0.42 THEN 'mod'
				WHEN ` + rnd("s.seed", 6) + ` < 0.85 THEN 'uaendret' ELSE 'vaek' END,
			` + pick(sessionNotes, rnd("s.seed", 7)) + `,
			CASE WHEN s.discard THEN least(gp.now, s.created + interval '1 day') END,
			CASE WHEN s.discard THEN s.person END,
			CASE WHEN s.discard THEN 'Registreret på den forkerte borger.' ELSE '' END,
			CASE WHEN NOT s.discard AND ` + rnd("s.seed", 9) + ` < 0.005 THEN 2 ELSE 1 END,
			s.created, s.created
		FROM (SELECT x.*, least(gp.now, ((x.day + x.clock)::timestamp + make_interval(mins => x.minutes)) AT TIME ZONE ` + tz + `) AS created
			FROM (SELECT g.id, g.cid, g.person, g.fn, g.w_start, g.w_exp, g.id * 100000 + i AS seed,
					g.start_date + floor((i - ` + rnd("g.id * 100000 + i", 1) + `) * g.span / g.nsess)::int AS day,
					time '08:00' + make_interval(mins => 15 * floor(` + rnd("g.id * 100000 + i", 2) + ` * 36)::int) AS clock,
					30 + 15 * floor(` + rnd("g.id * 100000 + i", 3) + ` * 11)::int AS minutes,
					` + pick(forms, rnd("g.id * 100000 + i", 4)) + ` AS form,
					CASE WHEN ` + rnd("g.id * 100000 + i", 10) + ` < 0.86 THEN 'kontakt'
						WHEN ` + rnd("g.id * 100000 + i", 10) + ` < 0.95 THEN 'forsoegt' ELSE 'udeblevet' END AS contact,
					CASE WHEN ` + rnd("g.id * 100000 + i", 11) + ` < CASE WHEN g.fn = 'mentor' THEN 0.05 ELSE 0.5 END
						THEN 'i_hjemmet' ELSE 'uden_for_hjemmet' END AS place,
					` + rnd("g.id * 100000 + i", 8) + ` < 0.01 AS discard
				FROM gg g, generate_series(1, g.nsess) i
				WHERE g.nsess > 0 AND g.id % $2 = $1) x, gp) s, gp`},
	{name: "opgaver, scorer, rettelser", sql: []string{
		`CREATE TEMP TABLE gs AS
		 SELECT s.id, s.grant_id, s.occurred_on, s.contact, s.discarded_at IS NOT NULL AS discarded, s.version, s.author_id,
			s.minutes, s.created_at, s.citizen_id
		 FROM mentor_sessions s WHERE s.grant_id IN (SELECT id FROM gg)`,
		`CREATE INDEX ON gs (occurred_on)`,
		`ANALYZE gs`,
		`INSERT INTO session_tasks (session_id, position, catalogue_item_id, text)
		 SELECT s.id, i.pos, i.cat, i.text
		 FROM gs s JOIN gg g ON g.id = s.grant_id
			JOIN grev r ON r.grant_id = g.id
				AND r.number = CASE WHEN g.rev2_on IS NOT NULL AND s.occurred_on >= g.rev2_on THEN 2 ELSE 1 END
			JOIN gitem i ON i.rev_id = r.id AND i.kind = 'opgave' AND i.pos <= 1 + s.id % 2
		 WHERE s.contact <> 'udeblevet'`,
		`INSERT INTO session_goal_scores (session_id, goal_id, score)
		 SELECT s.id, gl.goal_id, 1 + floor(least(0.999, (s.occurred_on - g.start_date)::float8 / greatest(1, g.span) * 0.6
			+ ` + rnd("s.id * 7 + gl.goal_id", 60) + ` * 0.4) * 5)::int
		 FROM gs s JOIN gg g ON g.id = s.grant_id JOIN ggoal gl ON gl.grant_id = g.id
		 WHERE s.contact = 'kontakt' AND NOT s.discarded`,
		`INSERT INTO session_amendments (session_id, author_id, reason, changes, created_at)
		 SELECT s.id, s.author_id, 'Varigheden var registreret forkert.',
			'Varighed: ' || (s.minutes + 15) || ' → ' || s.minutes || ' minutter', least(gp.now, s.created_at + interval '9 days')
		 FROM gs s, gp WHERE s.version = 2`,
	}},
	{name: "faseskift og hverdagsmestring", sql: []string{
		`CREATE TEMP TABLE gsw AS
		 SELECT nextval(pg_get_serial_sequence('phase_switches', 'id')) AS id, x.* FROM (
			SELECT l.cid, 'tilfoej_parallel' AS kind, s.start_date AS eff, ` + q(reasonPar) + ` AS reason,
				'{}'::bigint[] AS ended, s.id AS new_id, l.person AS before, s.person AS after, l.person = s.person AS same,
				l.cw AS decider, NULL::bigint AS lab_grant
			FROM gg l JOIN gg s ON s.cid = l.cid AND s.role = 'par_sel' WHERE l.role = 'par_lab'
			UNION ALL
			SELECT s.cid, 'afslut_en', s.ended_on + 1, ` + q(parEnd) + `, ARRAY[s.id], NULL, s.person, l.person,
				s.person = l.person, s.cw, NULL
			FROM gg s JOIN gg l ON l.cid = s.cid AND l.role = 'par_lab' WHERE s.role = 'par_sel' AND s.status = 'afsluttet'
			UNION ALL
			SELECT l.cid, 'lab_til_85', s.start_date, ` + q(lab85) + `, ARRAY[l.id], s.id, l.person, s.person, true, l.cw, l.id
			FROM gg l JOIN gg s ON s.cid = l.cid AND s.role = 'l85_sel' WHERE l.role = 'l85_lab'
			UNION ALL
			SELECT s.cid, '85_til_lab', l.start_date, ` + q(sel85LAB) + `, ARRAY[s.id], l.id, s.person, l.person, true, s.cw, NULL
			FROM gg s JOIN gg l ON l.cid = s.cid AND l.role = '85l_lab' WHERE s.role = '85l_sel'
			UNION ALL
			SELECT cid, 'afslut_alle', ended_on + 1, ` + q(reasonEnd) + `, ARRAY[id], NULL, person, NULL, false, cw, NULL
			FROM gg WHERE role = 'ended_last' AND (` + rnd("id", 50) + ` < 0.25 OR cn = 7)) x`,
		`INSERT INTO phase_switches (id, citizen_id, kind, effective_on, reason, ended_grant_ids, new_grant_id,
			person_before_id, person_after_id, same_person, decided_by, created_at) OVERRIDING SYSTEM VALUE
		 SELECT w.id, w.cid, w.kind, w.eff, w.reason, w.ended, w.new_id, w.before, w.after, w.same, w.decider,
			least(gp.now, ` + at("w.eff - 2", "10") + `)
		 FROM gsw w, gp`,
		`ANALYZE gsw`,
		`INSERT INTO coping_windows (citizen_id, grant_id, status, requested_by, requested_at, request_need, start_on,
			expires_on, need, started_by, started_at, decision_note, decided_by, decided_at, switch_id, created_at)
		 SELECT x.cid, x.id, x.w_status, x.req_by, x.req_at, x.req_need, x.w_start, x.w_exp, x.need, x.started_by, x.started_at,
			x.note, x.decided_by,
			CASE x.w_status WHEN 'afvist' THEN x.req_at + interval '2 days'
				WHEN 'afsluttet' THEN least(gp.now, ` + at("x.w_exp + 1", "10") + `)
				WHEN 'omlagt' THEN least(gp.now, ` + at("x.w_exp - 1", "10") + `) END,
			sw.id, coalesce(x.req_at, x.started_at, gp.now)
		 FROM (SELECT g.*,
				CASE WHEN g.w_status IN ('anmodet', 'afvist') THEN g.person END AS req_by,
				CASE g.w_status WHEN 'anmodet' THEN gp.now - make_interval(days => 1 + floor(` + rnd("g.id", 42) + ` * 9)::int)
					WHEN 'afvist' THEN gp.now - make_interval(days => 20 + floor(` + rnd("g.id", 42) + ` * 60)::int) END AS req_at,
				CASE WHEN g.w_status IN ('anmodet', 'afvist') THEN ` + q(copingNeed) + ` ELSE '' END AS req_need,
				CASE WHEN g.w_status IN ('aaben', 'afsluttet', 'omlagt') THEN ` + q(copingNeed) + ` ELSE '' END AS need,
				CASE WHEN g.w_status IN ('aaben', 'afsluttet', 'omlagt') THEN g.cw END AS started_by,
				CASE WHEN g.w_status IN ('aaben', 'afsluttet', 'omlagt') THEN least(gp.now, ` + at("g.w_start", "9") + `) END AS started_at,
				CASE g.w_status WHEN 'afsluttet' THEN 'Behovet er dækket: borgeren klarer nu selv morgenrutinen.'
					WHEN 'afvist' THEN 'Behovet kan dækkes inden for mentorstøtten.'
					WHEN 'omlagt' THEN 'Behovet er vedvarende; støtten fortsætter efter SEL § 85.' ELSE '' END AS note,
				CASE WHEN g.w_status IN ('afsluttet', 'afvist', 'omlagt') THEN g.cw END AS decided_by
			FROM gg g, gp WHERE g.w_status IS NOT NULL) x
		 CROSS JOIN gp
		 LEFT JOIN gsw sw ON x.w_status = 'omlagt' AND sw.kind = 'lab_til_85' AND sw.lab_grant = x.id`,
	}},
	{name: "bekymringer og supervision", sql: []string{
		`INSERT INTO concerns (citizen_id, session_id, reporter_id, category, urgency, description, status, acknowledged_by,
			acknowledged_at, handling, outcome, handled_by, handled_at, created_at)
		 SELECT c.cid, s.id, s.author_id,
			(ARRAY['barn', 'politi', 'anden_myndighed', 'helbred_sikkerhed'])[1 + c.rk % 4],
			(ARRAY['normal', 'hoej', 'akut', 'normal', 'hoej'])[1 + c.rk % 5],
			` + pick(concernDescriptions, rnd("c.cid", 72)) + `,
			st.status,
			CASE WHEN st.status <> 'ny' THEN c.cw END,
			CASE WHEN st.status <> 'ny' THEN least(gp.now, s.created_at + interval '1 day') END,
			CASE WHEN st.status = 'afsluttet' THEN 'Underretning sendt til rette myndighed efter samtale med borgeren.' ELSE '' END,
			CASE WHEN st.status = 'afsluttet' THEN 'Sagen følges op af familieafdelingen.' ELSE '' END,
			CASE WHEN st.status = 'afsluttet' THEN c.cw END,
			CASE WHEN st.status = 'afsluttet' THEN least(gp.now, s.created_at + interval '3 days') END,
			s.created_at
		 FROM (SELECT DISTINCT ON (s.citizen_id) c.cid, c.cw, c.rk, s.id, s.author_id, s.created_at
			FROM (SELECT x.cid, x.cw, x.rk FROM (
					SELECT y.cid, y.cw, row_number() OVER (ORDER BY ` + rnd("y.cid", 71) + `) AS rk
					FROM (SELECT DISTINCT g.cid, g.cw FROM gg g WHERE g.nsess > 0 AND g.cn <> 1) y) x, gp
				WHERE x.rk <= greatest(3, round(0.02 * gp.ncit))) c
			JOIN gs s ON s.citizen_id = c.cid AND s.contact = 'kontakt' AND NOT s.discarded
			ORDER BY s.citizen_id, s.occurred_on DESC) s
		 CROSS JOIN gp
		 CROSS JOIN LATERAL (SELECT (ARRAY['ny', 'kvitteret', 'afsluttet'])[1 + s.rk % 3] AS status) st
		 JOIN LATERAL (SELECT s.cid, s.cw, s.rk) c ON true`,
		`CREATE TEMP TABLE gsup AS
		 SELECT nextval(pg_get_serial_sequence('supervisions', 'id')) AS id, t.team_id, t.lead, j, gp.today - 10 - 28 * j AS held_on
		 FROM gp, (SELECT team_id, id AS lead FROM gu WHERE kind = 'lead' UNION ALL SELECT nord, demo_lead FROM gp) t,
			generate_series(0, 38) j`,
		`INSERT INTO supervisions (id, held_on, form, facilitator, themes, note, team_id, created_by, created_at)
		 OVERRIDING SYSTEM VALUE
		 SELECT s.id, s.held_on, (ARRAY['supervision', 'kollegial_sparring', 'reflekterende_team'])[1 + s.j % 3],
			CASE WHEN s.j % 3 = 0 THEN 'Ekstern supervisor' ELSE 'Teamlederen' END,
			'Grænser mellem mentorrollen og støttekontaktpersonrollen; svære samtaler.', '', s.team_id, s.lead,
			least(gp.now, ` + at("s.held_on", "15") + `)
		 FROM gsup s, gp`,
		`INSERT INTO supervision_participants (supervision_id, user_id)
		 SELECT s.id, u.id FROM gsup s JOIN users u ON u.team_id = s.team_id AND 'mentor' = ANY (u.roles)
		 WHERE ` + rnd("s.id * 100000 + u.id", 80) + ` < 0.85`,
	}},
	// Each session leaves about naccess/sessions access-log rows: its
	// creation, views of the citizen and the grant, the author's sign-in.
	// Written in ten slices of the three years, each in time order.
	{name: "adgangslog", sql: []string{
		`CREATE TEMP TABLE gpa AS
		 SELECT floor(gp.naccess::float8 / greatest(1, t.s))::int AS base,
			gp.naccess::float8 / greatest(1, t.s) - floor(gp.naccess::float8 / greatest(1, t.s)) AS frac
		 FROM gp, (SELECT count(*) AS s FROM gs) t`,
		`CREATE TEMP TABLE gname AS SELECT id, username FROM users`,
		`ANALYZE gpa, gname`,
	}, chunks: 10, each: `
		INSERT INTO access_log (at, user_id, username, action, citizen_id, entity, entity_id, purpose, request_id, ip)
		SELECT x.at, x.uid, u.username, x.action, x.citizen_id, x.entity, x.entity_id, x.purpose,
			to_hex(hashint8extended(x.seed, 91)), '10.' || (x.uid % 250) || '.' || (x.seed % 250) || '.' || (1 + x.seed % 253)
		FROM (SELECT s.id * 16 + j AS seed,
				least(gp.now, CASE
					WHEN j = 1 THEN s.created_at
					WHEN j = 2 THEN s.created_at + make_interval(hours => 1 + floor(` + rnd("s.id * 16 + j", 92) + ` * 72)::int)
					WHEN j = 3 THEN s.created_at - interval '10 minutes'
					WHEN j = 4 THEN s.created_at - interval '20 minutes'
					WHEN j = 5 THEN s.created_at + make_interval(hours => 2 + floor(` + rnd("s.id * 16 + j", 92) + ` * 72)::int)
					ELSE s.created_at + make_interval(days => j) END) AS at,
				CASE WHEN j IN (2, 5) THEN g.cw ELSE s.author_id END AS uid,
				CASE j WHEN 1 THEN 'create' WHEN 4 THEN 'login' ELSE 'view' END AS action,
				CASE WHEN j = 4 THEN NULL ELSE s.citizen_id END AS citizen_id,
				CASE j WHEN 1 THEN 'session' WHEN 2 THEN 'citizen' WHEN 3 THEN 'citizen' WHEN 4 THEN '' WHEN 5 THEN 'grant'
					ELSE 'session' END AS entity,
				CASE j WHEN 2 THEN s.citizen_id::text WHEN 3 THEN s.citizen_id::text WHEN 4 THEN '' WHEN 5 THEN g.id::text
					ELSE s.id::text END AS entity_id,
				CASE WHEN j IN (2, 3) THEN 'Borgerens sag: oversigt over støtten'
					WHEN j = 5 THEN CASE WHEN g.fn = 'mentor'
						THEN 'Mentorstøtte efter § 167, stk. 1 i Lov om en aktiv beskæftigelsesindsats, bevilget fra '
						ELSE 'Støtte fra støttekontaktperson efter § 85 i Serviceloven, bevilget fra ' END
						|| to_char(g.start_date, 'DD.MM.YYYY')
					WHEN j = 4 THEN ''
					ELSE CASE WHEN g.fn = 'mentor' THEN 'Mentor' ELSE 'Støttekontaktperson' END || ': samtale den '
						|| to_char(s.occurred_on, 'DD.MM.YYYY') END AS purpose
			FROM gs s JOIN gg g ON g.id = s.grant_id, gp, gpa,
				generate_series(1, gpa.base + (` + rnd("s.id", 90) + ` < gpa.frac)::int) j
			WHERE s.occurred_on >= gp.today - 1100 + ($1::int * 1101) / $2::int
				AND s.occurred_on < gp.today - 1100 + (($1::int + 1) * 1101) / $2::int) x
		JOIN gname u ON u.id = x.uid
		ORDER BY x.at`},
}
