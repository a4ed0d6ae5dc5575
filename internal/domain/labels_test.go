package domain

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCapacityProblem(t *testing.T) {
	const rangeMsg = "Kapaciteten skal være mellem 0 og 80 timer pr. uge."
	const quarterMsg = "Skriv hele eller kvarte timer, fx 12, 12,25, 12,5 eller 12,75."
	tests := []struct {
		name string
		h    float64
		want string
	}{
		{"nul: tager ingen nye borgere", 0, ""},
		{"hele timer", 37, ""},
		{"kvarte timer", 12.25, ""},
		{"halve timer", 37.5, ""},
		{"80 er loftet", 80, ""},
		{"12,3 er ikke kvarte timer", 12.3, quarterMsg},
		{"0,1 er ikke kvarte timer", 0.1, quarterMsg},
		{"over 80", 80.25, rangeMsg},
		{"negativ", -0.25, rangeMsg},
		{"NaN", math.NaN(), rangeMsg},
		{"uendelig", math.Inf(1), rangeMsg},
		{"minus uendelig", math.Inf(-1), rangeMsg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CapacityProblem(tt.h); got != tt.want {
				t.Fatalf("CapacityProblem(%v) = %q, want %q", tt.h, got, tt.want)
			}
		})
	}
}

func TestProfileFreeHoursAndEmployment(t *testing.T) {
	profile := func(capacity, booked float64, employment string) Profile {
		return Profile{Person: Person{CapacityHours: capacity, BookedHours: booked}, Employment: employment}
	}
	for _, c := range []struct {
		name    string
		p       Profile
		free    float64
		employs string
	}{
		{"ledig tid", profile(20, 12.5, "fastansat"), 7.5, "Fastansat"},
		{"fuldt booket", profile(20, 20, "timeloennet"), 0, "Timelønnet"},
		{"overbooket er aldrig negativ", profile(10, 14, "ekstern_konsulent"), 0, "Ekstern konsulent"},
		{"ingen kapacitet", profile(0, 0, ""), 0, ""},
		{"ukendt ansættelse vises som den er", profile(5, 0, "frivillig"), 5, "frivillig"},
	} {
		if got := c.p.FreeHours(); got != c.free {
			t.Errorf("%s: FreeHours = %v, want %v", c.name, got, c.free)
		}
		if got := c.p.EmploymentLabel(); got != c.employs {
			t.Errorf("%s: EmploymentLabel = %q, want %q", c.name, got, c.employs)
		}
	}
}

func TestSupervisionOverdue(t *testing.T) {
	today := MakeDate(2026, 6, 15)
	eightWeeksAgo := MakeDate(2026, 4, 20)
	tests := []struct {
		name  string
		last  time.Time
		ok    bool
		weeks int
		want  bool
	}{
		{"aldrig haft supervision", time.Time{}, false, 8, true},
		{"i går", MakeDate(2026, 6, 14), true, 8, false},
		{"præcis 8 uger siden", eightWeeksAgo, true, 8, false},
		{"8 uger og en dag siden", eightWeeksAgo.AddDate(0, 0, -1), true, 8, true},
		{"senere på dagen for 8 uger siden", eightWeeksAgo.Add(14 * time.Hour), true, 8, false},
		{"kortere frist: 2 uger", MakeDate(2026, 5, 31), true, 2, true},
		{"kortere frist: præcis 2 uger", MakeDate(2026, 6, 1), true, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SupervisionOverdue(tt.last, tt.ok, today, tt.weeks); got != tt.want {
				t.Fatalf("SupervisionOverdue = %v, want %v", got, tt.want)
			}
		})
	}
	for form, want := range map[string]string{
		"supervision": "Supervision", "kollegial_sparring": "Kollegial sparring",
		"reflekterende_team": "Reflekterende team", "ukendt": "ukendt",
	} {
		if got := (Supervision{Form: form}).FormLabel(); got != want {
			t.Errorf("FormLabel(%q) = %q, want %q", form, got, want)
		}
	}
}

func TestActionLabel(t *testing.T) {
	want := map[string]string{
		ActionLogin:        "Logget ind",
		ActionLoginFailed:  "Mislykket login",
		ActionLoginLocked:  "Login spærret",
		ActionLogout:       "Logget ud",
		ActionDenied:       "Adgang nægtet",
		ActionNotFound:     "Forsøg på adgang til ukendt/fremmed data",
		ActionView:         "Visning",
		ActionCreate:       "Oprettelse",
		ActionUpdate:       "Ændring",
		ActionExport:       "Eksport",
		ActionSessionEnded: "Session afsluttet",
		"noget_andet":      "noget_andet",
	}
	for action, label := range want {
		if got := ActionLabel(action); got != label {
			t.Errorf("ActionLabel(%q) = %q, want %q", action, got, label)
		}
	}
	if got := EntityLabel("bekymringsliste"); got != "Liste over bekymringer" {
		t.Errorf("EntityLabel(bekymringsliste) = %q", got)
	}
	if got := EntityLabel("faseskiftliste"); got != "Liste over faseskift" {
		t.Errorf("EntityLabel(faseskiftliste) = %q", got)
	}
}

func TestActorInContextAndEntry(t *testing.T) {
	if _, ok := ActorFrom(context.Background()); ok {
		t.Fatal("an empty context has no actor")
	}
	a := Actor{UserID: 5, Username: "mette", RequestID: "req-1", IP: "10.0.0.1"}
	got, ok := ActorFrom(WithActor(context.Background(), a))
	if !ok || got != a {
		t.Fatalf("ActorFrom = %+v %v", got, ok)
	}

	e := a.Entry(ActionUpdate, 42, EntityGrant, 1234, "Mentorstøtte")
	if e.UserID == nil || *e.UserID != 5 || e.Username != "mette" || e.Action != ActionUpdate ||
		e.CitizenID == nil || *e.CitizenID != 42 || e.Entity != EntityGrant || e.EntityID != "1234" ||
		e.Purpose != "Mentorstøtte" || e.RequestID != "req-1" || e.IP != "10.0.0.1" {
		t.Fatalf("Entry = %+v", e)
	}
	// The entry must not share the actor's memory.
	*e.UserID = 99
	if a.UserID != 5 {
		t.Fatal("Entry aliases the actor")
	}
	if anon := (Actor{Username: "ukendt"}).Entry(ActionView, 1, EntityCitizen, 1, ""); anon.UserID != nil {
		t.Fatalf("an actor without a user id has no UserID: %v", *anon.UserID)
	}
}

func TestPurposes(t *testing.T) {
	start := MakeDate(2026, 3, 1)
	lab := LegalBasis{Paragraph: "§ 167, stk. 1", Law: "Lov om en aktiv beskæftigelsesindsats (LAB)"}
	sel := LegalBasis{Paragraph: "§ 85", Law: "Serviceloven"}
	grants := []struct {
		name string
		g    Grant
		want string
	}{
		{"mentor efter LAB", Grant{Function: FunctionMentor, LegalBasis: lab, Start: start},
			"Mentorstøtte efter § 167, stk. 1 i Lov om en aktiv beskæftigelsesindsats, bevilget fra 01.03.2026"},
		{"støttekontaktperson efter § 85", Grant{Function: FunctionSupport, LegalBasis: sel, Start: start},
			"Støtte fra støttekontaktperson efter § 85 i Serviceloven, bevilget fra 01.03.2026"},
		{"paragraf uden lov", Grant{Function: FunctionMentor, LegalBasis: LegalBasis{Paragraph: "§ 167"}, Start: start},
			"Mentorstøtte efter § 167, bevilget fra 01.03.2026"},
		{"intet lovgrundlag", Grant{Function: FunctionMentor, Start: start}, "Mentorstøtte, bevilget fra 01.03.2026"},
	}
	for _, c := range grants {
		if got := GrantPurpose(c.g); got != c.want {
			t.Errorf("GrantPurpose %s = %q, want %q", c.name, got, c.want)
		}
	}
	for category, want := range map[string]string{
		"barn":    "Bekymring: Underretning om et barn (barnets lov §§ 133–135)",
		"politi":  "Bekymring: Oplysninger til politiet",
		"ukendt":  "Bekymring om borgeren",
		"":        "Bekymring om borgeren",
		"Politi ": "Bekymring om borgeren",
	} {
		if got := ConcernPurpose(category); got != want {
			t.Errorf("ConcernPurpose(%q) = %q, want %q", category, got, want)
		}
	}
	s := Session{Function: FunctionSupport, OccurredOn: MakeDate(2026, 3, 2)}
	if got := SessionPurpose(s); got != "Støttekontaktperson: samtale den 02.03.2026" {
		t.Errorf("SessionPurpose = %q", got)
	}
	lists := map[string]string{
		EntityCitizens:    "Vist i borgerlisten eller en søgning",
		EntityMyCitizens:  "Vist på mentorens liste over egne borgere",
		EntityTeam:        "Vist i teamlederens teamoversigt",
		EntityWorkQueue:   "Vist i en arbejdskø over borgere, der kræver opmærksomhed",
		EntityBudget:      "Timer og udgifter i budgetopfølgningen",
		EntityDelivery:    "Opfølgning på leverede timer mod bevilgede",
		EntityStatement:   "Timer og udgift i forvaltningens månedsopgørelse",
		"bekymringsliste": "Vist på listen over bekymringer",
		"faseskiftliste":  "Vist i loggen over faseskift",
		EntityGrant:       "",
	}
	for entity, want := range lists {
		if got := ListPurpose(entity); got != want {
			t.Errorf("ListPurpose(%q) = %q, want %q", entity, got, want)
		}
	}
}

func TestDeliveredPercent(t *testing.T) {
	for _, c := range []struct {
		delivered, granted float64
		want               int
	}{
		{0, 0, 0},
		{5, 0, 0},
		{5, -1, 0},
		{4, 8, 50},
		{3, 8, 38}, // 37,5 rounds up
		{1, 3, 33},
		{2, 3, 67},
		{12, 8, 150},
	} {
		m := MentorLoad{Delivered4w: c.delivered, Granted4w: c.granted}
		if got := m.DeliveredPercent(); got != c.want {
			t.Errorf("DeliveredPercent(%v of %v) = %d, want %d", c.delivered, c.granted, got, c.want)
		}
	}
}

func TestSortMentors(t *testing.T) {
	ms := []MentorLoad{
		{Name: "Anne", Citizens: 3, GrantedHours: 10, Capacity: 20, Delivered4w: 30, Granted4w: 40, Flags: map[string]int{"a": 1}},
		{Name: "Bo", Citizens: 5, GrantedHours: 18, Capacity: 20, Delivered4w: 10, Granted4w: 40, Flags: map[string]int{"a": 2, "b": 2}},
		{Name: "Carl", Citizens: 3, GrantedHours: 2, Capacity: 0, Delivered4w: 0, Granted4w: 0},
		{Name: "Dina", Citizens: 1, GrantedHours: 5, Capacity: 40, Delivered4w: 40, Granted4w: 40, Flags: map[string]int{"c": 3}},
	}
	tests := []struct {
		by   string
		want []string
	}{
		{"borgere", []string{"Bo", "Anne", "Carl", "Dina"}},  // most citizens first, ties keep their order
		{"timer", []string{"Carl", "Bo", "Anne", "Dina"}},    // booked share of capacity, no capacity first
		{"levering", []string{"Carl", "Bo", "Anne", "Dina"}}, // lowest delivery first
		{"flag", []string{"Bo", "Dina", "Anne", "Carl"}},     // most flags first
		{"navn", []string{"Anne", "Bo", "Carl", "Dina"}},     // unknown column: unchanged
		{"", []string{"Anne", "Bo", "Carl", "Dina"}},         // no column: unchanged
	}
	for _, tt := range tests {
		t.Run(tt.by, func(t *testing.T) {
			got := slices.Clone(ms)
			SortMentors(got, tt.by)
			var names []string
			for _, m := range got {
				names = append(names, m.Name)
			}
			if !slices.Equal(names, tt.want) {
				t.Fatalf("SortMentors(%q) = %v, want %v", tt.by, names, tt.want)
			}
		})
	}
}

func TestRoleLabels(t *testing.T) {
	want := map[Role]string{RoleCaseworker: "Sagsbehandler", RoleMentor: "Mentor", RoleTeamLead: "Teamleder",
		RoleAdmin: "Administrator", "gæst": "gæst"}
	for r, label := range want {
		if got := r.Label(); got != label {
			t.Errorf("Role(%q).Label() = %q, want %q", r, got, label)
		}
	}
	rs := Roles{RoleMentor, RoleAdmin}
	if got := rs.Strings(); !slices.Equal(got, []string{"mentor", "administrator"}) {
		t.Errorf("Strings = %v", got)
	}
	if got := rs.Labels(); !slices.Equal(got, []string{"Mentor", "Administrator"}) {
		t.Errorf("Labels = %v", got)
	}
	if len(Roles{}.Strings()) != 0 || len(Roles{}.Labels()) != 0 {
		t.Error("no roles, no strings")
	}
	for _, c := range []struct {
		roles Roles
		want  bool
	}{
		{Roles{RoleCaseworker}, true}, {Roles{RoleTeamLead}, true}, {Roles{RoleMentor}, false},
		{Roles{RoleAdmin}, false}, {nil, false}, {Roles{RoleMentor, RoleTeamLead}, true},
	} {
		if got := CanSeeFullCPR(c.roles); got != c.want {
			t.Errorf("CanSeeFullCPR(%v) = %v, want %v", c.roles, got, c.want)
		}
	}
}

func TestErrorsAndForms(t *testing.T) {
	e := Errorf(EINVALID, "Ret %d felter.", 2)
	if e.Error() != "mentorspor error: code=invalid message=Ret 2 felter." {
		t.Errorf("Error() = %q", e.Error())
	}
	saved := &AlreadySaved{Kind: FormGrant, ID: 42}
	if saved.Error() != "mentorspor: form already saved as grant 42" {
		t.Errorf("AlreadySaved.Error() = %q", saved.Error())
	}
	wrapped := fmt.Errorf("create grant: %w", saved)
	tests := []struct {
		name    string
		err     error
		code    string
		message string
		fields  bool
	}{
		{"nil", nil, "", "Der opstod en intern fejl.", false},
		{"valideringsfejl", Validation{"x": "y"}.Err(), EINVALID, "Formularen indeholder fejl. Ret de markerede felter.", true},
		{"ikke fundet", Errorf(ENOTFOUND, "Borgeren findes ikke."), ENOTFOUND, "Borgeren findes ikke.", false},
		{"indpakket fejl af vores slags", fmt.Errorf("ctx: %w", Errorf(EFORBIDDEN, "Ingen adgang.")), EFORBIDDEN, "Ingen adgang.", false},
		{"intern fejl skjules", Errorf(EINTERNAL, "pq: hemmeligt"), EINTERNAL, "Der opstod en intern fejl.", false},
		{"fremmed fejl skjules", fmt.Errorf("pq: hemmeligt"), EINTERNAL, "Der opstod en intern fejl.", false},
		{"allerede gemt", saved, ECONFLICT, "Formularen er allerede gemt.", false},
		{"allerede gemt, indpakket", wrapped, ECONFLICT, "Formularen er allerede gemt.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q", got, tt.code)
			}
			if got := ErrorMessage(tt.err); got != tt.message {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.message)
			}
			if got := FieldErrors(tt.err); (got != nil) != tt.fields {
				t.Errorf("FieldErrors = %v", got)
			}
		})
	}
	if a, ok := IsAlreadySaved(wrapped); !ok || a.Kind != FormGrant || a.ID != 42 {
		t.Errorf("IsAlreadySaved(wrapped) = %+v %v", a, ok)
	}
	if _, ok := IsAlreadySaved(Errorf(ECONFLICT, "x")); ok {
		t.Error("a conflict is not an earlier save")
	}

	for _, c := range []struct {
		token string
		want  bool
	}{
		{"0123456789abcdef0123456789abcdef", true},
		{"0123456789abcdef0123456789abcde", false},   // 31
		{"0123456789abcdef0123456789abcdef0", false}, // 33
		{"0123456789ABCDEF0123456789ABCDEF", false},  // upper case
		{"0123456789abcdef0123456789abcdeg", false},
		{"0123456789abcdef0123456789abcd-f", false},
		{"", false},
	} {
		if got := ValidFormToken(c.token); got != c.want {
			t.Errorf("ValidFormToken(%q) = %v, want %v", c.token, got, c.want)
		}
	}
}

func TestItemsAndTextError(t *testing.T) {
	many := make([]Item, MaxItems+1)
	for i := range many {
		many[i] = Item{Text: "linje"}
	}
	tests := []struct {
		name  string
		items []Item
		ok    bool
		msg   string
	}{
		{"ingen linjer", nil, true, ""},
		{"50 linjer", many[:MaxItems], true, ""},
		{"51 linjer", many, false, "Skriv højst 50 linjer."},
		{"for lang linje", []Item{{Text: "kort"}, {Text: strings.Repeat("l", MaxLineText+1)}}, false,
			"Teksten må højst være 500 tegn (du har skrevet 501)."},
		{"linje på præcis 500 tegn", []Item{{Text: strings.Repeat("æ", MaxLineText)}}, true, ""},
		{"ubrugeligt tegn", []Item{{Text: "a\uFFFDb"}}, false, UnusableText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Validation{}
			if got := v.Items("tasks", tt.items); got != tt.ok || v["tasks"] != tt.msg || len(v) > 1 {
				t.Fatalf("Items = %v, messages %v", got, v)
			}
		})
	}
	if err := TextError("note", "fin tekst", 20); err != nil {
		t.Fatalf("TextError on fine text: %v", err)
	}
	err := TextError("note", "for lang tekst", 5)
	if ErrorCode(err) != EINVALID || FieldErrors(err)["note"] != "Teksten må højst være 5 tegn (du har skrevet 14)." || len(FieldErrors(err)) != 1 {
		t.Fatalf("TextError = %v", FieldErrors(err))
	}
}

func TestSmallHelpers(t *testing.T) {
	d := Delivered{WeekMinutes: 90, MonthMinutes: 615}
	if d.WeekHours() != 1.5 || d.MonthHours() != 10.25 {
		t.Errorf("WeekHours %v, MonthHours %v", d.WeekHours(), d.MonthHours())
	}
	if (Delivered{}).WeekHours() != 0 || (Delivered{}).MonthHours() != 0 {
		t.Error("nothing delivered is 0 hours")
	}
	for s, want := range map[string]string{
		ConcernNew: "Ny – ikke set", ConcernAcknowledged: "Kvitteret – under behandling", ConcernClosed: "Håndteret", "x": "x",
	} {
		if got := ConcernStatusLabel(s); got != want {
			t.Errorf("ConcernStatusLabel(%q) = %q, want %q", s, got, want)
		}
	}
	for _, c := range []struct {
		cpr               CPR
		formatted, masked string
	}{
		{"0101901234", "010190-1234", "010190-xxxx"},
		{"12345", "12345", "xxxxxx-xxxx"},
		{"", "", "xxxxxx-xxxx"},
	} {
		if c.cpr.Formatted() != c.formatted || c.cpr.Masked() != c.masked {
			t.Errorf("CPR %q: %q %q", c.cpr, c.cpr.Formatted(), c.cpr.Masked())
		}
	}
	// 23:30 UTC on 23 November is 24 November in Copenhagen; 21:30 UTC in
	// summer is 23:30 the same day.
	for _, c := range []struct {
		at   time.Time
		want Date
	}{
		{time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC), MakeDate(2026, 11, 24)},
		{time.Date(2026, 7, 1, 21, 30, 0, 0, time.UTC), MakeDate(2026, 7, 1)},
		{time.Date(2026, 7, 1, 22, 0, 0, 0, time.UTC), MakeDate(2026, 7, 2)},
	} {
		if got := DateOf(c.at); !got.Equal(c.want) {
			t.Errorf("DateOf(%v) = %v, want %v", c.at, got, c.want)
		}
	}
	for v, want := range map[float64]string{
		0: "0,00 kr.", 1234.5: "1.234,50 kr.", -1234.5: "-1.234,50 kr.", 1234567.891: "1.234.567,89 kr.", 999.999: "1.000,00 kr.",
	} {
		if got := FormatKr(v); got != want {
			t.Errorf("FormatKr(%v) = %q, want %q", v, got, want)
		}
	}
	if FormatTime(time.Time{}) != "" || FormatDateTime(time.Time{}) != "" {
		t.Error("the zero time shows as empty")
	}
	if got := FormatDateTime(time.Date(2026, 11, 24, 13, 30, 0, 0, time.UTC)); got != "24.11.2026 14:30" {
		t.Errorf("FormatDateTime = %q", got)
	}
}

func TestTeamInputAndPasswordProblem(t *testing.T) {
	for _, c := range []struct {
		name, want string
	}{
		{" Team Nord ", ""},
		{"   ", "Skriv teamets navn."},
		{strings.Repeat("t", 101), "Teksten må højst være 100 tegn (du har skrevet 101)."},
	} {
		in := TeamInput{Name: c.name}
		if got := FieldErrors(in.Validate())["name"]; got != c.want {
			t.Errorf("TeamInput(%q): %q, want %q", c.name, got, c.want)
		}
		if c.want == "" && in.Name != "Team Nord" {
			t.Errorf("name not trimmed: %q", in.Name)
		}
	}
	for _, c := range []struct {
		pw, want string
	}{
		{"123456789", "Adgangskoden skal være mindst 10 tegn."},
		{"æøåæøåæøåæ", ""}, // 10 characters, 20 bytes
		{strings.Repeat("p", 256), ""},
		{strings.Repeat("p", 257), "Adgangskoden må højst være 256 tegn."},
	} {
		if got := PasswordProblem(c.pw); got != c.want {
			t.Errorf("PasswordProblem(%d runes) = %q, want %q", len([]rune(c.pw)), got, c.want)
		}
	}
}
