package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/servertest"
)

// statementSocialWorker signs in a social worker (socialrådgiver), made
// for the test unless the demo has one.
func statementSocialWorker(t *testing.T, app *servertest.App) (*http.Client, domain.User) {
	t.Helper()
	u, _, err := app.DB.FindUserForLogin(servertest.Ctx(t), "socialraadgiver")
	if err != nil {
		if u, err = app.DB.CreateUser(servertest.Ctx(t), domain.UserInput{Username: "socialraadgiver", DisplayName: "Sofie Dahl",
			Roles: domain.Roles{domain.RoleSocialWorker}, Password: demo.Password}, 0); err != nil {
			t.Fatal(err)
		}
	}
	c := app.Client(t)
	app.Login(t, c, "socialraadgiver")
	return c, u
}

// statementSession logs a session of minutes on day on a granted grant of
// the administration, as the grant's person, and returns the person and
// citizen.
func statementSession(t *testing.T, app *servertest.App, adm string, day domain.Date, minutes int) (person, citizen int64) {
	t.Helper()
	ctx := servertest.Ctx(t)
	var grant int64
	if err := app.DB.Pool.QueryRow(ctx, `
		SELECT g.id, g.person_id, g.citizen_id FROM grants g JOIN legal_bases lb ON lb.id = g.legal_basis_id
		WHERE lb.administration = $1 AND g.status = 'bevilget' AND g.person_id IS NOT NULL AND g.start_date <= $2
		  AND COALESCE(g.ended_on, g.end_date, 'infinity') >= $2
		ORDER BY g.id LIMIT 1`, adm, day).Scan(&grant, &person, &citizen); err != nil {
		t.Fatalf("a %s grant on %s: %v", adm, domain.FormatDate(day), err)
	}
	_, err := app.DB.CreateSession(ctx, domain.SessionInput{GrantID: grant, OccurredOn: day, StartTime: "23:15",
		Minutes: minutes, Form: "fremmoede", Contact: "kontakt", Place: "uden_for_hjemmet", Direction: "uaendret"},
		person, domain.Validation{})
	if err != nil {
		t.Fatalf("session: %v %v", domain.FieldErrors(err), err)
	}
	return person, citizen
}

// danishMonth is the page's month heading, e.g. "november 2026".
func danishMonth(d domain.Date) string {
	months := []string{"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"}
	return months[d.Month()-1] + " " + strconv.Itoa(d.Year())
}

func statementPath(adm string, month domain.Date) string {
	return "/rapporter/maanedsopgoerelse?" + url.Values{"forvaltning": {adm}, "maaned": {month.Format("01.2006")}}.Encode()
}

// TestStatementApprovedBySocialWorker: the social administration's month is
// approved by a socialrådgiver after the confirmation, once; the team lead
// and the caseworker are refused.
func TestStatementApprovedBySocialWorker(t *testing.T) {
	app := servertest.New(t)
	ctx := servertest.Ctx(t)
	month := demo.DemoApprovedMonth(app.Today())
	approve := url.Values{"forvaltning": {"social"}, "maaned": {month.Format("01.2006")}, "bekraeft": {"ja"}}

	lead := app.Client(t)
	app.Login(t, lead, "teamleder")
	r := app.Get(t, lead, statementPath("social", month))
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Ikke godkendt") || strings.Contains(r.Body, `data-testid="approve"`) ||
		!strings.Contains(r.Body, "godkendes af en socialrådgiver") {
		t.Fatalf("the team lead's view of the social month: %d", r.StatusCode)
	}
	if r := app.PostForm(t, lead, "/rapporter/maanedsopgoerelse/godkend", approve); r.StatusCode != http.StatusForbidden ||
		!strings.Contains(r.Body, "Kun en socialrådgiver kan godkende Socialforvaltningens månedsopgørelse.") {
		t.Fatalf("the team lead approving the social month: %d", r.StatusCode)
	}
	cw := app.Client(t)
	app.Login(t, cw, "sagsbehandler")
	for _, path := range []string{statementPath("social", month), "/rapporter/maanedsopgoerelse.csv"} {
		if r := app.Get(t, cw, path); r.StatusCode != http.StatusForbidden {
			t.Errorf("caseworker %s: %d, want 403", path, r.StatusCode)
		}
	}
	if r := app.PostForm(t, cw, "/rapporter/maanedsopgoerelse/godkend", approve); r.StatusCode != http.StatusForbidden {
		t.Fatalf("the caseworker approving: %d", r.StatusCode)
	}
	mentor := app.Client(t)
	app.Login(t, mentor, "mentor")
	if r := app.PostForm(t, mentor, "/rapporter/maanedsopgoerelse/godkend", approve); r.StatusCode != http.StatusForbidden {
		t.Fatalf("the mentor approving: %d", r.StatusCode)
	}
	if r := app.Get(t, mentor, statementPath("social", month)); r.StatusCode != http.StatusForbidden {
		t.Fatalf("the mentor opening the statement: %d", r.StatusCode)
	}

	social, u := statementSocialWorker(t, app)
	r = app.Get(t, social, "/rapporter/maanedsopgoerelse")
	// Their own administration and last month by default, with the button.
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Socialforvaltningen: "+danishMonth(month)) ||
		!strings.Contains(r.Body, `data-testid="approve"`) || !strings.Contains(r.Body, `data-testid="statement-rows"`) {
		t.Fatalf("the social worker's default statement: %d", r.StatusCode)
	}
	total := regexp.MustCompile(`data-testid="statement-total-cost">([^<]+)<`).FindStringSubmatch(r.Body)
	if total == nil {
		t.Fatal("no total")
	}
	// Without the confirmation ticked: refused next to the box, nothing saved.
	noConfirm := url.Values{"forvaltning": {"social"}, "maaned": {month.Format("01.2006")}}
	r = app.PostForm(t, social, "/rapporter/maanedsopgoerelse/godkend", noConfirm)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="bekraeft-error"`) ||
		!strings.Contains(r.Body, "Sæt kryds for at bekræfte") {
		t.Fatalf("without confirmation: %d", r.StatusCode)
	}
	if st, _ := app.DB.FindStatement(ctx, "social", month); st.Approval != nil {
		t.Fatal("approved without the confirmation")
	}
	r = app.PostForm(t, social, "/rapporter/maanedsopgoerelse/godkend", approve)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", r.StatusCode, r.Body)
	}
	r = app.Get(t, social, statementPath("social", month))
	if !strings.Contains(r.Body, "Godkendt af "+u.DisplayName+" den ") || strings.Contains(r.Body, `data-testid="approve"`) ||
		!strings.Contains(r.Body, `data-testid="no-corrections"`) || !strings.Contains(r.Body, total[1]) {
		t.Fatalf("after approval: %s", r.Body)
	}
	// Approving twice is a conflict.
	if r := app.PostForm(t, social, "/rapporter/maanedsopgoerelse/godkend", approve); r.StatusCode != http.StatusConflict ||
		!strings.Contains(r.Body, "er allerede godkendt af "+u.DisplayName) {
		t.Fatalf("second approval: %d", r.StatusCode)
	}
	// The current month cannot be approved yet.
	current := url.Values{"forvaltning": {"social"}, "maaned": {month.AddDate(0, 1, 0).Format("01.2006")}, "bekraeft": {"ja"}}
	if r := app.PostForm(t, social, "/rapporter/maanedsopgoerelse/godkend", current); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "er ikke slut endnu") {
		t.Fatalf("the current month: %d", r.StatusCode)
	}
}

// TestStatementCorrectionAfterApproval: the demo's job-centre month is
// approved; a session added to it afterwards shows as "Rettelse efter
// godkendelse" with the approved figures unchanged, on the page and in the
// CSV, and the citizens are logged.
func TestStatementCorrectionAfterApproval(t *testing.T) {
	app := servertest.New(t)
	ctx := servertest.Ctx(t)
	month := demo.DemoApprovedMonth(app.Today())
	before, err := app.DB.FindStatement(ctx, "beskaeftigelse", month)
	if err != nil || before.Approval == nil {
		t.Fatalf("the demo's approved month: %+v %v", before.Approval, err)
	}
	person, citizen := statementSession(t, app, "beskaeftigelse", month.AddDate(0, 0, 9), 60)

	lead := app.Client(t)
	app.Login(t, lead, "teamleder")
	r := app.Get(t, lead, statementPath("beskaeftigelse", month))
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Godkendt af Lars Nielsen") ||
		!strings.Contains(r.Body, "Rettelse efter godkendelse") {
		t.Fatalf("statement: %d", r.StatusCode)
	}
	if cur := refElement(t, r.Body, "statement-row-"+itoa(person)+"-"+itoa(citizen)); !strings.Contains(cur, "/borgere/"+itoa(citizen)) {
		t.Errorf("the person-and-citizen row lacks the citizen: %s", cur)
	}
	row := refElement(t, r.Body, "correction-"+itoa(person)+"-"+itoa(citizen))
	if !strings.Contains(row, ">+1<") {
		t.Errorf("the correction row lacks +1 hour: %s", row)
	}
	approved := regexp.MustCompile(`data-testid="approved-total-cost">([^<]+)<`).FindStringSubmatch(r.Body)
	if approved == nil || approved[1] != domain.FormatKr(float64(before.Approval.Total.CostOre)/100) {
		t.Fatalf("the approved total changed: %v, want %s", approved, domain.FormatKr(float64(before.Approval.Total.CostOre)/100))
	}
	if m := regexp.MustCompile(`data-testid="correction-total-hours">([^<]+)<`).FindStringSubmatch(r.Body); m == nil || m[1] != "+1" {
		t.Fatalf("correction total: %v", m)
	}

	csv := app.Get(t, lead, "/rapporter/maanedsopgoerelse.csv?"+url.Values{"forvaltning": {"beskaeftigelse"},
		"maaned": {month.Format("2006-01")}}.Encode())
	body, ok := strings.CutPrefix(csv.Body, "\uFEFF")
	if csv.StatusCode != http.StatusOK || !ok || !strings.HasPrefix(body, "Forvaltning;Måned;Person;Borger-id;Timer;Udgift;"+
		"Godkendt timer;Godkendt udgift;Rettelse efter godkendelse, timer;Rettelse efter godkendelse, udgift\r\n") {
		t.Fatalf("csv: %d %q", csv.StatusCode, body[:min(len(body), 200)])
	}
	if !strings.Contains(body, ";"+itoa(citizen)+";") || strings.Contains(body, before.Rows[0].CitizenName) {
		t.Fatal("the CSV holds citizen ids, never names")
	}
	var logged int
	_ = app.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM access_log WHERE citizen_id = $1 AND entity = $2 AND action = $3`,
		citizen, domain.EntityStatement, domain.ActionExport).Scan(&logged)
	if logged != 1 {
		t.Fatalf("export logged %d times for the citizen, want 1", logged)
	}
	_ = app.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM access_log WHERE entity = $1 AND action = $2`,
		domain.EntityStatement, domain.ActionView).Scan(&logged)
	if logged < len(before.Rows) {
		t.Fatalf("the page's view logged for %d citizens, it shows %d", logged, len(before.Rows))
	}
}

// TestStatementRoutesInTheMatrix: the statement's routes are served with
// their rule (team lead and social worker only), so TestRouteRoleMatrix
// requests them as every role.
func TestStatementRoutesInTheMatrix(t *testing.T) {
	app := servertest.New(t)
	routes := registeredRoutes(t, app.Server)
	for _, route := range []string{"GET /rapporter/maanedsopgoerelse", "GET /rapporter/maanedsopgoerelse.csv",
		"POST /rapporter/maanedsopgoerelse/godkend"} {
		if !slices.Contains(routes, route) {
			t.Errorf("%s is not served", route)
			continue
		}
		method, pattern, _ := strings.Cut(route, " ")
		public, roles, ok := app.Server.AccessRule(method, pattern)
		if !ok || public || !slices.Equal(roles, []domain.Role{domain.RoleTeamLead, domain.RoleSocialWorker}) {
			t.Errorf("%s: rule public=%v roles=%v ok=%v", route, public, roles, ok)
		}
	}
}
