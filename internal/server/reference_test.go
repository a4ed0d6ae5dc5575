package server_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres/pgtest"
	"mentorspor/internal/servertest"
)

// adminApp starts the application and signs in the administrator.
func refAdminApp(t *testing.T) (*servertest.App, *http.Client) {
	t.Helper()
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "admin")
	return app, c
}

// element returns the HTML from the element marked data-testid=id to the
// end of its table row (or the rest of the page when it is not in a row).
func refElement(t *testing.T, body, id string) string {
	t.Helper()
	i := strings.Index(body, `data-testid="`+id+`"`)
	if i < 0 {
		t.Fatalf("no element with data-testid=%q", id)
	}
	rest := body[i:]
	if j := strings.Index(rest, "</tr>"); j >= 0 {
		return rest[:j]
	}
	return rest
}

// inputTag returns the <input …> element with the given id.
func refInputTag(t *testing.T, body, id string) string {
	t.Helper()
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no input with id=%q", id)
	}
	start := strings.LastIndex(body[:i], "<input")
	end := i + strings.Index(body[i:], ">")
	return body[start : end+1]
}

func refWantStatus(t *testing.T, r *servertest.Response, status int) {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d; body:\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, status, r.Body)
	}
}

func refWantBody(t *testing.T, r *servertest.Response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.Body, p) {
			t.Errorf("%s %s: body lacks %q", r.Request.Method, r.Request.URL.Path, p)
		}
	}
}

func TestStamdataPagesShowSeededData(t *testing.T) {
	app, c := refAdminApp(t)
	for _, tc := range []struct {
		path string
		want []string
	}{
		{"/admin/stamdata", []string{"Lovgrundlag", "Opgaver og undtagelser", "Målgrupper", "Budgetter og timepriser",
			"Afsender og klagevejledning", "Mentorer og kapacitet", `href="/admin/stamdata/mentorer"`}},
		{"/admin/stamdata/lovgrundlag", []string{"LAB-167", "§ 167, stk. 1", "Mentorstøtte", "01.03.2024", "6 måneder",
			"SEL-85", "§ 85", "Støttekontaktperson", "01.07.1998", "Ingen", "Beskæftigelse", "Social", "ny LAB fra 1.1.2027"}},
		{"/admin/stamdata/lovgrundlag/ny", []string{"Nyt lovgrundlag", "dd.mm.åååå", "Beskæftigelse", "Social"}},
		{"/admin/stamdata/katalog", []string{"Opgaver", "Undtagelser (det gør mentoren ikke)",
			"Hjælp til at kontakte egen læge", "Ingen opgaver inden for borgerens hoveddør", "Ingen terapeutiske samtaler",
			"Standard", "Mentor (LAB)", "Bruges på", "Aktiv", "Udgår"}},
		{"/admin/stamdata/maalgrupper", []string{"Ressourceforløb", "Jobafklaringsforløb", "Borger uden ydelse (SEL)", "Udgår"}},
		{"/admin/stamdata/budgetter", []string{"Beskæftigelse", "Social", "Se og tilføj timepriser"}},
		{"/admin/stamdata/klagevejledning", []string{"Du kan klage over afgørelsen", "Ankestyrelsen", "Højst 4000 tegn",
			"Jobcentret", "Socialforvaltningen, Voksenområdet", "serviceloven § 85"}},
		{"/admin/stamdata/mentorer", []string{"Mette Jensen", "Jonas Østergaard", "Fatima Ali", "LAB-mentor",
			"Støttekontaktperson (§ 85)"}},
	} {
		r := app.Get(t, c, tc.path)
		refWantStatus(t, r, http.StatusOK)
		refWantBody(t, r, tc.want...)
	}
	// Only mentors are listed for qualifications.
	if r := app.Get(t, c, "/admin/stamdata/mentorer"); strings.Contains(r.Body, "Karin Berg</th>") {
		t.Error("the administrator is listed as a mentor")
	}
}

func TestStamdataLegalBasisEditShowsStoredValues(t *testing.T) {
	app, c := refAdminApp(t)
	lb := refLegalBasisByCode(t, app, "LAB-167")
	r := app.Get(t, c, "/admin/stamdata/lovgrundlag/"+itoa(lb.ID))
	refWantStatus(t, r, http.StatusOK)
	refWantBody(t, r, `value="LAB-167"`, `value="01.03.2024"`, `value="6"`, "Rediger lovgrundlag LAB-167")
	if tag := refInputTag(t, r.Body, "function"); !strings.Contains(tag, "checked") {
		t.Errorf("function mentor not checked: %s", tag)
	}
	if r := app.Get(t, c, "/admin/stamdata/lovgrundlag/999999"); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown legal basis: %d, want 404", r.StatusCode)
	}
}

func refLegalBasisByCode(t *testing.T, app *servertest.App, code string) domain.LegalBasis {
	t.Helper()
	bases, err := app.DB.FindLegalBases(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, lb := range bases {
		if lb.Code == code {
			return lb
		}
	}
	t.Fatalf("no legal basis %s", code)
	return domain.LegalBasis{}
}

func refBudgetByName(t *testing.T, app *servertest.App, name string) domain.Budget {
	t.Helper()
	budgets, err := app.DB.FindBudgets(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range budgets {
		if b.Name == name {
			return b
		}
	}
	t.Fatalf("no budget %s", name)
	return domain.Budget{}
}

func refLegalBasisValues(budgetID int64, change func(url.Values)) url.Values {
	v := url.Values{
		"code": {"LAB-2027"}, "law": {"Lov om en aktiv beskæftigelsesindsats (ny lov 2027)"},
		"paragraph": {"§ 100"}, "title": {"Mentorstøtte"}, "function": {"mentor"},
		"valid_from": {"01.01.2027"}, "valid_to": {""}, "max_months": {"6"}, "default_budget_id": {itoa(budgetID)},
	}
	if change != nil {
		change(v)
	}
	return v
}

func TestStamdataLegalBasisInvalidKeepsInput(t *testing.T) {
	app, c := refAdminApp(t)
	budget := refBudgetByName(t, app, "Beskæftigelse")
	for _, tc := range []struct {
		name   string
		change func(url.Values)
		want   []string
	}{
		{"empty code, end before start, months not a number", func(v url.Values) {
			v.Set("code", "")
			v.Set("valid_from", "01.01.2027")
			v.Set("valid_to", "31.12.2026")
			v.Set("max_months", "abc")
		}, []string{"Skriv en kort kode", "Slutdatoen skal være efter startdatoen", "Skriv et helt antal måneder",
			`value="31.12.2026"`, `value="01.01.2027"`, `value="abc"`, `value="§ 100"`, "Der er 3 fejl i formularen"}},
		{"unreadable date", func(v url.Values) { v.Set("valid_from", "31.02.2027") },
			[]string{"Skriv datoen som dd.mm.åååå", `value="31.02.2027"`, `value="LAB-2027"`}},
		{"months out of range", func(v url.Values) { v.Set("max_months", "0") },
			[]string{"Maksimal periode skal være 1–120 måneder", `value="0"`}},
		{"no function, unknown budget", func(v url.Values) {
			v.Del("function")
			v.Set("default_budget_id", "999999")
		}, []string{"Vælg funktion.", "Vælg standardbudget."}},
		{"code in use", func(v url.Values) { v.Set("code", "LAB-167") },
			[]string{"Der findes allerede et lovgrundlag med den kode.", `value="LAB-167"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := app.PostForm(t, c, "/admin/stamdata/lovgrundlag", refLegalBasisValues(budget.ID, tc.change))
			refWantStatus(t, r, http.StatusUnprocessableEntity)
			refWantBody(t, r, tc.want...)
			refWantBody(t, r, `data-testid="error-summary"`)
		})
	}
	if n := len(refMustLegalBases(t, app)); n != 2 {
		t.Fatalf("invalid forms saved something: %d legal bases", n)
	}
}

func refMustLegalBases(t *testing.T, app *servertest.App) []domain.LegalBasis {
	t.Helper()
	bases, err := app.DB.FindLegalBases(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return bases
}

func TestStamdataLegalBasisCreateAndEnd(t *testing.T) {
	app, c := refAdminApp(t)
	budget := refBudgetByName(t, app, "Beskæftigelse")
	// A date input's ISO form is read too.
	r := app.PostForm(t, c, "/admin/stamdata/lovgrundlag", refLegalBasisValues(budget.ID, func(v url.Values) {
		v.Set("valid_from", "2027-01-01")
	}))
	refWantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/admin/stamdata/lovgrundlag" {
		t.Fatalf("redirect to %q", loc)
	}
	r = app.Get(t, c, "/admin/stamdata/lovgrundlag")
	refWantBody(t, r, "Lovgrundlaget LAB-2027 er oprettet.")
	row := refElement(t, r.Body, "legal-basis-LAB-2027")
	for _, want := range []string{"§ 100", "Mentorstøtte", "Mentor", "01.01.2027", "6 måneder", "Beskæftigelse"} {
		if !strings.Contains(row, want) {
			t.Errorf("new row lacks %q: %s", want, row)
		}
	}
	lb := refLegalBasisByCode(t, app, "LAB-2027")
	if got := lb.ValidFrom.Format("2006-01-02"); got != "2027-01-01" || lb.ValidTo != nil {
		t.Errorf("stored valid from %s, to %v", got, lb.ValidTo)
	}

	// The old act gets an end date; the rest is kept.
	old := refLegalBasisByCode(t, app, "LAB-167")
	form := url.Values{}
	for k, v := range map[string]string{"code": old.Code, "law": old.Law, "paragraph": old.Paragraph, "title": old.Title,
		"function": string(old.Function), "valid_from": "01.03.2024", "valid_to": "31.12.2026", "max_months": "6",
		"default_budget_id": itoa(old.DefaultBudgetID)} {
		form.Set(k, v)
	}
	refWantStatus(t, app.PostForm(t, c, "/admin/stamdata/lovgrundlag/"+itoa(old.ID), form), http.StatusSeeOther)
	old = refLegalBasisByCode(t, app, "LAB-167")
	if old.ValidTo == nil || old.ValidTo.Format("2006-01-02") != "2026-12-31" || old.MaxMonths == nil || *old.MaxMonths != 6 {
		t.Fatalf("LAB-167 after edit: to %v, months %v", old.ValidTo, old.MaxMonths)
	}
	r = app.Get(t, c, "/admin/stamdata/lovgrundlag")
	if row := refElement(t, r.Body, "legal-basis-LAB-167"); !strings.Contains(row, "31.12.2026") {
		t.Errorf("end date not shown: %s", row)
	}
	if !old.Choosable(domain.MakeDate(2026, 12, 31)) || old.Choosable(domain.MakeDate(2027, 1, 1)) {
		t.Error("LAB-167 should be choosable to and including 31.12.2026 only")
	}

	// Editing a legal basis that does not exist is not found.
	if r := app.PostForm(t, c, "/admin/stamdata/lovgrundlag/999999", form); r.StatusCode != http.StatusNotFound {
		t.Errorf("update unknown: %d, want 404", r.StatusCode)
	}
}

func refCatalogueByText(t *testing.T, app *servertest.App, kind domain.CatalogueKind, includeRetired bool) map[string]domain.CatalogueItem {
	t.Helper()
	items, err := app.DB.FindCatalogue(t.Context(), domain.FunctionMentor, kind, includeRetired)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]domain.CatalogueItem{}
	for _, it := range items {
		out[it.Text] = it
	}
	return out
}

func TestStamdataCatalogueRetireAndReuse(t *testing.T) {
	app, c := refAdminApp(t)
	const text = "Hjælp til at kontakte egen læge"
	item, ok := refCatalogueByText(t, app, domain.KindTask, false)[text]
	if !ok {
		t.Fatalf("seeded task %q missing", text)
	}
	path := "/admin/stamdata/katalog/" + itoa(item.ID)

	refWantStatus(t, app.PostForm(t, c, path+"/udgaa", nil), http.StatusSeeOther)
	r := app.Get(t, c, "/admin/stamdata/katalog")
	refWantBody(t, r, "er udgået")
	row := refElement(t, r.Body, "catalogue-item-"+itoa(item.ID))
	if !strings.Contains(row, "Udgået") || !strings.Contains(row, "Tag i brug igen") || !strings.Contains(row, path+"/genbrug") {
		t.Errorf("retired row: %s", row)
	}
	if _, offered := refCatalogueByText(t, app, domain.KindTask, false)[text]; offered {
		t.Error("a retired task is still offered")
	}
	if kept, ok := refCatalogueByText(t, app, domain.KindTask, true)[text]; !ok || kept.RetiredAt == nil {
		t.Error("a retired task must be kept, marked retired")
	}

	refWantStatus(t, app.PostForm(t, c, path+"/genbrug", nil), http.StatusSeeOther)
	if _, offered := refCatalogueByText(t, app, domain.KindTask, false)[text]; !offered {
		t.Error("a task taken back into use is not offered")
	}
	if r := app.PostForm(t, c, "/admin/stamdata/katalog/999999/udgaa", nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("retire unknown: %d, want 404", r.StatusCode)
	}
}

func TestStamdataCatalogueAdd(t *testing.T) {
	app, c := refAdminApp(t)
	add := func(kind, text, standard string) *servertest.Response {
		return app.PostForm(t, c, "/admin/stamdata/katalog",
			url.Values{"function": {"mentor"}, "kind": {kind}, "text": {text}, "standard": {standard}})
	}
	refWantStatus(t, add("undtagelse", "Ingen økonomisk rådgivning", "1"), http.StatusSeeOther)
	if it, ok := refCatalogueByText(t, app, domain.KindExclusion, false)["Ingen økonomisk rådgivning"]; !ok || !it.Standard {
		t.Errorf("new exclusion: %+v, %v", it, ok)
	}
	r := app.Get(t, c, "/admin/stamdata/katalog")
	refWantBody(t, r, "Ingen økonomisk rådgivning")

	// Only exclusions can be standard.
	refWantStatus(t, add("opgave", "Følge borgeren til første samtale", "1"), http.StatusSeeOther)
	if it := refCatalogueByText(t, app, domain.KindTask, false)["Følge borgeren til første samtale"]; it.Standard {
		t.Error("a task was made standard")
	}

	r = add("undtagelse", "Ingen terapeutiske samtaler", "")
	refWantStatus(t, r, http.StatusUnprocessableEntity)
	refWantBody(t, r, "Den tekst findes allerede i kataloget for mentor.", `value="Ingen terapeutiske samtaler"`, `id="undtagelse-text-error"`)

	r = add("opgave", "  ", "")
	refWantStatus(t, r, http.StatusUnprocessableEntity)
	refWantBody(t, r, "Skriv teksten.", `id="opgave-text-error"`)

	if r := add("maal", "Noget", ""); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown kind: %d, want 422", r.StatusCode)
	}
}

func TestStamdataTargetGroups(t *testing.T) {
	app, c := refAdminApp(t)
	r := app.PostForm(t, c, "/admin/stamdata/maalgrupper", url.Values{"name": {"Ressourceforløb"}})
	refWantStatus(t, r, http.StatusUnprocessableEntity)
	refWantBody(t, r, "Målgruppen findes allerede.", `id="name-error"`, `value="Ressourceforløb"`)

	refWantStatus(t, app.PostForm(t, c, "/admin/stamdata/maalgrupper", url.Values{"name": {"Unge under 30 uden uddannelse"}}),
		http.StatusSeeOther)
	r = app.Get(t, c, "/admin/stamdata/maalgrupper")
	refWantBody(t, r, "Unge under 30 uden uddannelse")

	groups, err := app.DB.FindTargetGroups(t.Context(), false)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(groups, func(g domain.TargetGroup) bool { return g.Name == "Ressourceforløb" })
	if i < 0 {
		t.Fatal("seeded target group missing")
	}
	id := groups[i].ID
	refWantStatus(t, app.PostForm(t, c, "/admin/stamdata/maalgrupper/"+itoa(id)+"/udgaa", nil), http.StatusSeeOther)
	r = app.Get(t, c, "/admin/stamdata/maalgrupper")
	if row := refElement(t, r.Body, "target-group-"+itoa(id)); !strings.Contains(row, "Udgået") {
		t.Errorf("retired group row: %s", row)
	}
	active, err := app.DB.FindTargetGroups(t.Context(), false)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(active, func(g domain.TargetGroup) bool { return g.ID == id }) {
		t.Error("a retired target group is still offered")
	}
	refWantStatus(t, app.PostForm(t, c, "/admin/stamdata/maalgrupper/"+itoa(id)+"/genbrug", nil), http.StatusSeeOther)
	r = app.Get(t, c, "/admin/stamdata/maalgrupper")
	if row := refElement(t, r.Body, "target-group-"+itoa(id)); strings.Contains(row, "Udgået") {
		t.Errorf("group taken back into use: %s", row)
	}
}

// TestStamdataBudgetRates: the administrator adds a dated rate to a budget
// and sees the history; a refused rate comes back with what was typed and
// the message next to its field.
func TestStamdataBudgetRates(t *testing.T) {
	app, c := refAdminApp(t)
	b := refBudgetByName(t, app, "Beskæftigelse")
	path := "/admin/stamdata/budgetter/" + itoa(b.ID)
	today := domain.DateOf(pgtest.Start())
	next := domain.MakeDate(today.Year(), today.Month(), 15).AddDate(0, 2, 0) // after any approved month
	typed := domain.FormatDate(next)

	r := app.Get(t, c, "/admin/stamdata/budgetter")
	refWantBody(t, r, `href="`+path+`"`)
	refWantStatus(t, app.PostForm(t, c, path, url.Values{"valid_from": {typed}, "hourly_cost": {"1.234,5 kr."}}), http.StatusSeeOther)
	r = app.Get(t, c, path)
	refWantBody(t, r, "Timeprisen for Beskæftigelse er 1.234,50 kr. fra "+typed+".", "Historik")
	if row := refElement(t, r.Body, "rate-"+next.Format("2006-01-02")); !strings.Contains(row, "1.234,50 kr.") ||
		!strings.Contains(row, "Karin Berg") {
		t.Errorf("new rate row: %s", row)
	}
	// Today's rate is unchanged: the new one starts later.
	if got := refBudgetByName(t, app, "Beskæftigelse").HourlyCost; got != b.HourlyCost {
		t.Fatalf("rate today %v, want %v", got, b.HourlyCost)
	}

	before, err := app.DB.FindBudgetRates(t.Context(), b.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ field, day, cost, msg string }{
		{"hourly_cost", domain.FormatDate(next.AddDate(0, 1, 0)), "-1", "Timeprisen skal være mellem 0 og 100.000 kr."},
		{"hourly_cost", domain.FormatDate(next.AddDate(0, 1, 0)), "abc", "Skriv et tal"},
		{"hourly_cost", domain.FormatDate(next.AddDate(0, 1, 0)), "", "Skriv timeprisen i kroner"},
		{"hourly_cost", domain.FormatDate(next.AddDate(0, 1, 0)), "12,345", "Skriv højst to decimaler"},
		{"valid_from", "", "450", "Skriv den dag, timeprisen gælder fra"},
		{"valid_from", "31.02.2027", "450", "Skriv datoen som dd.mm.åååå"},
		{"valid_from", typed, "450", "Budgettet har allerede en timepris fra " + typed + "."},
	} {
		r := app.PostForm(t, c, path, url.Values{"valid_from": {tc.day}, "hourly_cost": {tc.cost}})
		refWantStatus(t, r, http.StatusUnprocessableEntity)
		refWantBody(t, r, tc.msg, `value="`+tc.cost+`"`, `value="`+tc.day+`"`, `id="`+tc.field+`-error"`)
	}
	rates, err := app.DB.FindBudgetRates(t.Context(), b.ID)
	if err != nil || len(rates) != len(before) {
		t.Fatalf("a refused rate was saved: %+v %v", rates, err)
	}
	if r := app.PostForm(t, c, "/admin/stamdata/budgetter/999999", url.Values{"valid_from": {typed}, "hourly_cost": {"1"}}); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown budget: %d, want 404", r.StatusCode)
	}
	if r := app.Get(t, c, "/admin/stamdata/budgetter/999999"); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown budget page: %d, want 404", r.StatusCode)
	}
}

func TestStamdataComplaintText(t *testing.T) {
	app, c := refAdminApp(t)
	post := func(code, sender, text string) *servertest.Response {
		return app.PostForm(t, c, "/admin/stamdata/klagevejledning/"+code, url.Values{"letter_sender": {sender}, "complaint_text": {text}})
	}
	stored := func() map[string]domain.Administration {
		admins, err := app.DB.FindAdministrations(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]domain.Administration{}
		for _, a := range admins {
			out[a.Code] = a
		}
		return out
	}
	before := stored()

	r := post("social", "   ", "   ")
	refWantStatus(t, r, http.StatusUnprocessableEntity)
	refWantBody(t, r, "Skriv afsenderen, fx Jobcentret.", "Skriv klagevejledningen.",
		`id="letter_sender-social-error"`, before["beskaeftigelse"].LetterSender)

	long := strings.Repeat("æ", 4001)
	r = post("social", "Socialforvaltningen", long)
	refWantStatus(t, r, http.StatusUnprocessableEntity)
	refWantBody(t, r, "højst være 4000 tegn", long)
	if got := stored(); got["social"] != before["social"] {
		t.Fatalf("a refused text was saved: %+v", got["social"])
	}

	text := "Du kan klage inden 4 uger.\r\nKlagen sendes til Ankestyrelsen."
	refWantStatus(t, post("social", " Socialforvaltningen, Voksenområdet ", text), http.StatusSeeOther)
	got := stored()
	if got["social"].ComplaintText != "Du kan klage inden 4 uger.\nKlagen sendes til Ankestyrelsen." ||
		got["social"].LetterSender != "Socialforvaltningen, Voksenområdet" || got["beskaeftigelse"] != before["beskaeftigelse"] {
		t.Fatalf("stored %+v", got)
	}
	r = app.Get(t, c, "/admin/stamdata/klagevejledning")
	refWantBody(t, r, "Afsender og klagevejledning for Socialforvaltningen er gemt.", "Klagen sendes til Ankestyrelsen.")

	if r := post("ingen", "x", "y"); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown administration: %d, want 404", r.StatusCode)
	}
}

func TestStamdataQualifications(t *testing.T) {
	app, c := refAdminApp(t)
	u, _, err := app.DB.FindUserForLogin(t.Context(), "mentor2")
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/stamdata/mentorer/" + itoa(u.ID)

	r := app.PostForm(t, c, path, url.Values{"qualified_mentor": {"1"}, "capacity_hours": {"12,5"}})
	refWantStatus(t, r, http.StatusSeeOther)
	p, err := app.DB.FindPerson(t.Context(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !p.QualifiedMentor || p.QualifiedSupport || p.CapacityHours != 12.5 {
		t.Fatalf("stored %+v", p)
	}
	r = app.Get(t, c, "/admin/stamdata/mentorer")
	refWantBody(t, r, "Kvalifikationer og kapacitet for Jonas Østergaard er gemt.")
	uid := itoa(u.ID)
	if tag := refInputTag(t, r.Body, "qualified_mentor-"+uid); !strings.Contains(tag, "checked") {
		t.Errorf("LAB-mentor not shown checked: %s", tag)
	}
	if tag := refInputTag(t, r.Body, "qualified_support-"+uid); strings.Contains(tag, "checked") {
		t.Errorf("§ 85 shown checked: %s", tag)
	}
	if tag := refInputTag(t, r.Body, "capacity_hours-"+uid); !strings.Contains(tag, `value="12,5"`) {
		t.Errorf("capacity not shown: %s", tag)
	}

	for _, tc := range []struct{ typed, msg string }{
		{"90", "Kapaciteten skal være 0–80 timer pr. uge."},
		{"mange", "Skriv et tal"},
		{"", "Skriv kapaciteten"},
	} {
		r := app.PostForm(t, c, path, url.Values{"qualified_support": {"1"}, "capacity_hours": {tc.typed}})
		refWantStatus(t, r, http.StatusUnprocessableEntity)
		refWantBody(t, r, tc.msg, `id="capacity_hours-`+uid+`-error"`)
		refWantBody(t, r, "Jonas Østergaard: "+tc.msg)
		// What was typed is kept: § 85 ticked, LAB-mentor not.
		if tag := refInputTag(t, r.Body, "qualified_support-"+uid); !strings.Contains(tag, "checked") {
			t.Errorf("%q: typed § 85 lost: %s", tc.typed, tag)
		}
		if tag := refInputTag(t, r.Body, "capacity_hours-"+uid); !strings.Contains(tag, `value="`+tc.typed+`"`) {
			t.Errorf("%q: typed capacity lost: %s", tc.typed, tag)
		}
	}
	if p, _ := app.DB.FindPerson(t.Context(), u.ID); p.CapacityHours != 12.5 || p.QualifiedSupport {
		t.Fatalf("a rejected row was saved: %+v", p)
	}

	// Someone who is not a mentor cannot be given a profile.
	admin, _, err := app.DB.FindUserForLogin(t.Context(), "admin")
	if err != nil {
		t.Fatal(err)
	}
	r = app.PostForm(t, c, "/admin/stamdata/mentorer/"+itoa(admin.ID), url.Values{"qualified_mentor": {"1"}, "capacity_hours": {"5"}})
	if r.StatusCode != http.StatusNotFound {
		t.Errorf("profile for a non-mentor: %d, want 404", r.StatusCode)
	}
}

func TestStamdataIsForAdministratorsOnly(t *testing.T) {
	app := servertest.New(t)
	for _, who := range []string{"sagsbehandler", "mentor", "teamleder"} {
		c := app.Client(t)
		app.Login(t, c, who)
		if r := app.Get(t, c, "/admin/stamdata/katalog"); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", who, r.StatusCode)
		}
	}
}

func TestGoalScaleSetting(t *testing.T) {
	app := servertest.New(t)
	c := app.Client(t)
	app.Login(t, c, "admin")
	if r := app.PostForm(t, c, "/admin/stamdata/skala", url.Values{"scale_max": {"11"}}); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, `value="11"`) {
		t.Fatalf("scale 11: %d", r.StatusCode)
	}
	if r := app.PostForm(t, c, "/admin/stamdata/skala", url.Values{"scale_max": {"7"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("scale 7: %d", r.StatusCode)
	}
	if n := app.DB.GoalScaleMax(t.Context()); n != 7 {
		t.Fatalf("scale stored as %d", n)
	}
}
