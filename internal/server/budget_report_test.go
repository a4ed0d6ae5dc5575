package server_test

import (
	"encoding/csv"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres/pgtest"
	"mentorspor/internal/servertest"
)

// parseOre reads "1234,56" as øre.
func parseOre(t *testing.T, s string) int64 {
	t.Helper()
	f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil {
		t.Fatalf("amount %q: %v", s, err)
	}
	return int64(f*100 + 0.5)
}

// pricedSessions prices the sessions as the rule says, independently of the
// store's query: the rate in force on each session's day, one rounded
// amount per month, budget, mentor, citizen and rate.
const pricedSessions = `
	WITH s AS (
		SELECT date_trunc('month', s.occurred_on) AS month, g.budget_id, s.author_id, s.citizen_id, s.minutes,
		       (SELECT r.hourly_cost FROM budget_rates r WHERE r.budget_id = g.budget_id AND r.valid_from <= s.occurred_on
		        ORDER BY r.valid_from DESC LIMIT 1) AS rate
		FROM mentor_sessions s JOIN grants g ON g.id = s.grant_id
		WHERE s.discarded_at IS NULL
	),
	priced AS (
		SELECT budget_id, author_id, round(sum(minutes) * rate * 100 / 60) AS ore
		FROM s GROUP BY month, budget_id, author_id, citizen_id, rate
	)
	`

// TestBudgetReportCSVMatchesTheSessions downloads the demo municipality's
// whole session log as CSV and checks it against the sessions themselves,
// and the page's totals against the CSV.
func TestBudgetReportCSVMatchesTheSessions(t *testing.T) {
	app := servertest.New(t)
	ctx := servertest.Ctx(t)
	var first, last time.Time
	if err := app.DB.Pool.QueryRow(ctx, `SELECT min(occurred_on), max(occurred_on) FROM mentor_sessions`).
		Scan(&first, &last); err != nil {
		t.Fatal(err)
	}
	var discarded int
	_ = app.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM mentor_sessions WHERE discarded_at IS NOT NULL`).Scan(&discarded)
	if discarded == 0 {
		t.Fatal("the demo should hold a discarded session")
	}
	lead := app.Client(t)
	app.Login(t, lead, "teamleder")
	// Both spellings of a month are accepted; the whole municipality.
	period := "fra=" + first.Format("01.2006") + "&til=" + last.Format("2006-01") + "&team=alle"
	r := app.Get(t, lead, "/rapporter/budget.csv?"+period)
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	wantName := `attachment; filename="budget-` + first.Format("2006-01") + "-" + last.Format("2006-01") + `.csv"`
	if got := r.Header.Get("Content-Disposition"); got != wantName {
		t.Fatalf("Content-Disposition %q, want %q", got, wantName)
	}
	body, ok := strings.CutPrefix(r.Body, "\uFEFF")
	if !ok {
		t.Fatal("no byte-order mark: Danish Excel would misread æøå")
	}
	if !strings.HasPrefix(body, "Måned;Budget;Mentor;Borger-id;Timer;Kostpris pr. time;Udgift\r\n") {
		t.Fatalf("header: %q", body[:min(len(body), 80)])
	}
	if strings.Count(body, "\n") != strings.Count(body, "\r\n") {
		t.Fatal("every line must end in CRLF")
	}
	if !strings.Contains(body, ";425,00;") || !strings.Contains(body, ";390,00;") {
		t.Fatal("hourly costs with a decimal comma expected")
	}
	// No citizen names and no CPR numbers.
	var name, cpr string
	_ = app.DB.Pool.QueryRow(ctx, `SELECT c.name, c.cpr FROM citizens c JOIN mentor_sessions s ON s.citizen_id = c.id LIMIT 1`).
		Scan(&name, &cpr)
	if strings.Contains(body, name) || strings.Contains(body, cpr) || strings.Contains(body, cpr[:6]+"-") {
		t.Fatalf("the CSV holds a citizen's name or CPR number (%s)", name)
	}

	cr := csv.NewReader(strings.NewReader(body))
	cr.Comma = ';'
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) < 10 {
		t.Fatalf("suspiciously few rows: %d", len(records))
	}
	perBudget := map[string]int64{}
	citizens := map[string]bool{}
	month := regexp.MustCompile(`^\d{4}-\d{2}$`)
	for _, rec := range records[1:] {
		if len(rec) != 7 || !month.MatchString(rec[0]) {
			t.Fatalf("row %q", rec)
		}
		// Hours × 100, øre per hour, øre; hours are shown to two decimals.
		hours, rate, cost := parseOre(t, rec[4]), parseOre(t, rec[5]), parseOre(t, rec[6])
		if d := hours*rate/100 - cost; d < -rate/200-1 || d > rate/200+1 {
			t.Errorf("row %q: %d × %d is not %d", rec, hours, rate, cost)
		}
		perBudget[rec[1]] += cost
		citizens[rec[3]] = true
	}

	// The same, computed independently from the sessions: each session at
	// the rate in force on its day, minutes / 60 × rate per month, budget,
	// mentor, citizen and rate rounded to the øre, discarded sessions left
	// out.
	rows, err := app.DB.Pool.Query(ctx, pricedSessions+`SELECT b.name, sum(p.ore)::bigint FROM priced p JOIN budgets b ON b.id = p.budget_id
		GROUP BY b.name`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{}
	for rows.Next() {
		var b string
		var ore int64
		if err := rows.Scan(&b, &ore); err != nil {
			t.Fatal(err)
		}
		want[b] = ore
	}
	if len(want) != 2 {
		t.Fatalf("the demo should use both budgets: %v", want)
	}
	var total int64
	for b, ore := range want {
		if perBudget[b] != ore {
			t.Errorf("%s: the CSV adds up to %d øre, the sessions to %d", b, perBudget[b], ore)
		}
		total += perBudget[b]
	}
	// The export is logged once per citizen in it.
	var logged int
	_ = app.DB.Pool.QueryRow(ctx, `SELECT count(DISTINCT citizen_id) FROM access_log
		WHERE action = $1 AND entity = 'budgetrapport' AND username = 'teamleder'`, domain.ActionExport).Scan(&logged)
	if logged != len(citizens) {
		t.Fatalf("export logged for %d citizens, the CSV holds %d", logged, len(citizens))
	}

	// The page's totals per budget are the CSV's.
	page := app.Get(t, lead, "/rapporter/budget?"+period)
	if page.StatusCode != http.StatusOK {
		t.Fatalf("page: %d", page.StatusCode)
	}
	for b, ore := range perBudget {
		cell := regexp.MustCompile(`data-testid="budget-total-cost" data-budget="` + regexp.QuoteMeta(b) + `">([^<]+)<`)
		m := cell.FindStringSubmatch(page.Body)
		if m == nil || m[1] != domain.FormatKr(float64(ore)/100) {
			t.Errorf("%s on the page: %v, want %s", b, m, domain.FormatKr(float64(ore)/100))
		}
	}
	if m := regexp.MustCompile(`data-testid="total-cost">([^<]+)<`).FindStringSubmatch(page.Body); m == nil ||
		m[1] != domain.FormatKr(float64(total)/100) {
		t.Errorf("total on the page: %v, want %s", m, domain.FormatKr(float64(total)/100))
	}
	if !strings.Contains(page.Body, `data-testid="budget-split"`) || !strings.Contains(page.Body, "Mette Jensen") {
		t.Error("the split per mentor is missing")
	}
	// Per citizen: names link to the citizen.
	byCitizen := app.Get(t, lead, "/rapporter/budget?"+period+"&visning=borger")
	if byCitizen.StatusCode != http.StatusOK || !strings.Contains(byCitizen.Body, "Fordelt pr. borger") ||
		!regexp.MustCompile(`<a href="/borgere/\d+">`).MatchString(byCitizen.Body) {
		t.Fatalf("per citizen: %d", byCitizen.StatusCode)
	}

	// Without a team chosen, the team lead sees their own team: the
	// sessions its members wrote, and no one else's.
	own := app.Get(t, lead, "/rapporter/budget?fra="+first.Format("01.2006")+"&til="+last.Format("01.2006"))
	var teamOre int64
	var teamName string
	if err := app.DB.Pool.QueryRow(ctx, `
		`+pricedSessions+`SELECT t.name, sum(p.ore)::bigint
		FROM priced p JOIN users a ON a.id = p.author_id JOIN teams t ON t.id = a.team_id
		WHERE t.id = (SELECT team_id FROM users WHERE username = 'teamleder')
		GROUP BY t.name`).Scan(&teamName, &teamOre); err != nil {
		t.Fatal(err)
	}
	if teamOre == 0 || teamOre >= total {
		t.Fatalf("the team's sessions cost %d øre of the municipality's %d", teamOre, total)
	}
	m := regexp.MustCompile(`data-testid="total-cost">([^<]+)<`).FindStringSubmatch(own.Body)
	if own.StatusCode != http.StatusOK || m == nil || m[1] != domain.FormatKr(float64(teamOre)/100) ||
		!strings.Contains(own.Body, ": "+teamName+"</h2>") {
		t.Fatalf("own team's report: %d, total %v, want %s for %s", own.StatusCode, m, domain.FormatKr(float64(teamOre)/100), teamName)
	}
	if strings.Contains(own.Body, "Jonas Østergaard") {
		t.Fatal("a mentor of another team is in the team's report")
	}
}

func TestBudgetReportDefaultPeriodAndBadInput(t *testing.T) {
	app := servertest.New(t)
	lead := app.Client(t)
	app.Login(t, lead, "teamleder")
	today := domain.DateOf(pgtest.Start())
	current := domain.MakeDate(today.Year(), today.Month(), 1)
	r := app.Get(t, lead, "/rapporter/budget")
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `value="`+current.AddDate(0, -3, 0).Format("01.2006")+`"`) ||
		!strings.Contains(r.Body, `value="`+current.Format("01.2006")+`"`) || !strings.Contains(r.Body, `href="/rapporter/levering?team=`) {
		t.Fatalf("default period: %d", r.StatusCode)
	}
	if n := strings.Count(r.Body, "<th scope=\"row\">"); n < 4+1 {
		t.Fatalf("want four month rows and a sum row, got %d row headers", n)
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"fra=13.2026&til=november", []string{"Skriv fra-måneden som MM.ÅÅÅÅ", "Skriv til-måneden som MM.ÅÅÅÅ",
			`value="13.2026"`, `value="november"`}},
		{"fra=11.2026&til=2026-08", []string{"samme måned som eller efter", `value="11.2026"`, `value="2026-08"`}},
		{"fra=01.2020&til=12.2026", []string{"højst 24 måneder"}},
	} {
		for _, path := range []string{"/rapporter/budget?", "/rapporter/budget.csv?"} {
			r := app.Get(t, lead, path+tc.query)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s%s: want 422, got %d", path, tc.query, r.StatusCode)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("%s%s lacks %q", path, tc.query, w)
				}
			}
			if strings.Contains(r.Body, `data-testid="budget-months"`) {
				t.Errorf("%s%s: no report on bad input", path, tc.query)
			}
		}
	}
}

func TestBudgetReportIsForTeamLeadsOnly(t *testing.T) {
	app := servertest.New(t)
	for _, who := range []string{"mentor", "sagsbehandler"} {
		c := app.Client(t)
		app.Login(t, c, who)
		for _, path := range []string{"/rapporter/budget", "/rapporter/budget.csv", "/rapporter/levering"} {
			if r := app.Get(t, c, path); r.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s: want 403, got %d", who, path, r.StatusCode)
			}
		}
	}
}

func TestGrantDeliveryFlagsAGrantWithoutSessions(t *testing.T) {
	app := servertest.New(t)
	ctx := servertest.Ctx(t)
	cw, _, _ := app.DB.FindUserForLogin(ctx, "sagsbehandler")
	mentor, _, _ := app.DB.FindUserForLogin(ctx, "mentor")
	c, err := app.DB.CreateCitizen(ctx, domain.CitizenInput{CPR: "0101901235", Name: "Tavs Testesen", CaseworkerID: &cw.ID}, 0)
	if err != nil {
		t.Fatal(err)
	}
	bases, _ := app.DB.FindLegalBases(ctx)
	tasks, _ := app.DB.FindCatalogue(ctx, domain.FunctionMentor, domain.KindTask, false)
	exclusions, _ := app.DB.FindCatalogue(ctx, domain.FunctionMentor, domain.KindExclusion, false)
	budgets, _ := app.DB.FindBudgets(ctx)
	in := domain.GrantInput{PersonID: mentor.ID, Purpose: "Fastholde praktik", HoursPerWeek: 2,
		Goals: []domain.Item{{Text: "Møde stabilt"}}, Tasks: []domain.Item{{CatalogueID: &tasks[0].ID, Text: tasks[0].Text}},
		Exclusions: []domain.Item{{CatalogueID: &exclusions[0].ID, Text: exclusions[0].Text}}}
	in.Start = domain.DateOf(pgtest.Start()).AddDate(0, -2, 0)
	end, review := domain.MaxEnd(in.Start, 6), domain.DefaultReview(in.Start)
	in.End, in.Review = &end, review
	for _, lb := range bases {
		if lb.Code == "LAB-167" {
			in.LegalBasisID = lb.ID
		}
	}
	for _, b := range budgets {
		if b.Name == "Beskæftigelse" {
			in.BudgetID = b.ID
		}
	}
	grantID, err := app.DB.CreateGrant(ctx, c.ID, in, domain.StatusGranted, cw.ID, domain.Validation{})
	if err != nil {
		t.Fatal(domain.FieldErrors(err), err)
	}

	lead := app.Client(t)
	app.Login(t, lead, "teamleder")
	r := app.Get(t, lead, "/rapporter/levering")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("delivery: %d", r.StatusCode)
	}
	row := regexp.MustCompile(`(?s)<tr data-testid="delivery-row" data-grant="` + itoa(grantID) + `">(.*?)</tr>`).FindStringSubmatch(r.Body)
	if row == nil {
		t.Fatal("the new grant is not listed")
	}
	for _, want := range []string{`href="/borgere/` + itoa(c.ID) + `"`, "Tavs Testesen", `data-testid="delivery-pct">0 %`,
		`data-testid="under-flag">Under 50 %`} {
		if !strings.Contains(row[1], want) {
			t.Errorf("the grant's row lacks %q: %s", want, row[1])
		}
	}
	// Lowest first by default, so the grant with nothing delivered is near the top;
	// highest first puts it at the bottom among the 0 % grants.
	pcts := func(body string) []int {
		var out []int
		for _, m := range regexp.MustCompile(`data-testid="delivery-pct">(\d+) %`).FindAllStringSubmatch(body, -1) {
			n, _ := strconv.Atoi(m[1])
			out = append(out, n)
		}
		return out
	}
	low, high := pcts(r.Body), pcts(app.Get(t, lead, "/rapporter/levering?sortering=hoej").Body)
	if len(low) < 5 || len(low) != len(high) {
		t.Fatalf("percentages: %v %v", low, high)
	}
	for i := 1; i < len(low); i++ {
		if low[i] < low[i-1] || high[i] > high[i-1] {
			t.Fatalf("not sorted: lowest first %v, highest first %v", low, high)
		}
	}
	if !strings.Contains(r.Body, `aria-sort="ascending"`) || !strings.Contains(r.Body, `href="/rapporter/levering?sortering=hoej&amp;team=`) {
		t.Error("the % header should show the order and link to the other")
	}
	var logged int
	_ = app.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM access_log WHERE citizen_id = $1 AND entity = 'leveringsopfoelgning'`,
		c.ID).Scan(&logged)
	if logged != 2 {
		t.Errorf("want the two views of the list logged for the citizen, got %d", logged)
	}
}
