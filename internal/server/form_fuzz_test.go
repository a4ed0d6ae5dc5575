package server

import (
	"math"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"mentorspor/internal/domain"
	"mentorspor/internal/postgres/pgtest"
	"mentorspor/web/views"
)

// The property every form decoder keeps, checked by the FuzzXxxForm targets
// over any body: the decoder never panics, and either the validation (the
// decoder's own and, where it needs no database, the domain rule the store
// runs) reports a problem, or the decoded input is storable — every string
// valid UTF-8 without control characters other than \n \r \t and within its
// field's length limit, every date inside the window the domain allows.

// bounds are what an accepted input may hold.
type bounds struct {
	// text is the limit of each string field by its Go field name; a field
	// not listed may hold domain.MaxLongText characters, one listed with a
	// negative limit is not stored as text (a password: only its hash).
	text map[string]int
	// earliest and latest bound every date; zero means the plausible window
	// counted from the test clock's day (PastYears back, FutureYears ahead
	// plus SpanYears for an end or review after a late start).
	earliest, latest domain.Date
}

// fuzzToday is the test clock's day: the fuzz targets never read the wall clock.
func fuzzToday() domain.Date { return domain.DateOf(pgtest.Start()) }

// checkAccepted fails when v is empty and in holds a string or date that
// could not be stored as is. It also checks that the re-rendered form holds
// only usable strings, accepted or not.
func checkAccepted(t testing.TB, form, in any, v domain.Validation, b bounds) {
	t.Helper()
	checkUsable(t, "form", form)
	checkUsable(t, "input", in)
	if len(v) > 0 {
		return
	}
	earliest, latest := b.earliest, b.latest
	if earliest.IsZero() {
		earliest = domain.EarliestDate(fuzzToday())
	}
	if latest.IsZero() {
		latest = domain.LatestDate(fuzzToday()).AddDate(domain.SpanYears, 0, 0)
	}
	var walk func(path, field string, rv reflect.Value)
	walk = func(path, field string, rv reflect.Value) {
		if rv.Type() == reflect.TypeFor[time.Time]() {
			d := rv.Interface().(time.Time)
			if !d.IsZero() && (d.Before(earliest) || d.After(latest)) {
				t.Fatalf("accepted input%s holds the date %s outside %s–%s", path,
					domain.FormatDate(d), domain.FormatDate(earliest), domain.FormatDate(latest))
			}
			return
		}
		switch rv.Kind() {
		case reflect.String:
			limit, ok := b.text[field]
			if !ok {
				limit = domain.MaxLongText
			}
			if limit < 0 {
				return
			}
			if msg := domain.TextProblem(rv.String(), limit); msg != "" {
				t.Fatalf("accepted input%s holds %q: %s", path, rv.String(), msg)
			}
		case reflect.Pointer, reflect.Interface:
			if !rv.IsNil() {
				walk(path, field, rv.Elem())
			}
		case reflect.Struct:
			for i := range rv.NumField() {
				if f := rv.Type().Field(i); f.IsExported() {
					walk(path+"."+f.Name, f.Name, rv.Field(i))
				}
			}
		case reflect.Slice, reflect.Array:
			for i := range rv.Len() {
				walk(path+"[]", field, rv.Index(i))
			}
		case reflect.Map:
			for _, k := range rv.MapKeys() {
				walk(path+"[key]", field, k)
				walk(path+"[]", field, rv.MapIndex(k))
			}
		}
	}
	walk("", "", reflect.ValueOf(in))
}

// merged is the decoder's messages with a domain rule's error added.
func merged(v domain.Validation, err error) domain.Validation {
	out := domain.Validation{}
	for k, msg := range v {
		out[k] = msg
	}
	for k, msg := range domain.FieldErrors(err) {
		out.Add(k, msg)
	}
	if err != nil && len(out) == 0 {
		out["form"] = domain.ErrorMessage(err)
	}
	return out
}

func FuzzCitizenForm(f *testing.F) {
	f.Add("cpr=010190-1234&name=Anna+Hansen&phone=%2B45+12345678&email=a%40b.dk&address=Vej+1&target_group_id=2&caseworker_id=3&version=1")
	f.Add("cpr=%00&name=%FF&phone=12%0A34&email=%01&caseworker_id=-1&version=x")
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest("POST", "/borgere", strings.NewReader(""))
		r.PostForm = decodedBody(raw)
		form, in := citizenForm(r)
		_, err := in.Validate()
		checkAccepted(t, form, in, merged(nil, err), bounds{text: map[string]int{
			"Name": domain.MaxShortText, "Address": domain.MaxShortText, "Email": domain.MaxShortText, "Phone": 30}})
	})
}

func FuzzConcernForm(f *testing.F) {
	f.Add("category=trivsel&urgency=normal&description=Bekymret&session_id=4")
	f.Add("category=%00&urgency=akut&description=%FF%01&session_id=-9")
	f.Fuzz(func(t *testing.T, raw string) {
		form, in := concernForm(decodedBody(raw))
		checkAccepted(t, form, in, merged(nil, in.Validate()), bounds{})
	})
}

func FuzzConcernHandlingForm(f *testing.F) {
	f.Add("handling=Talt+med+borgeren&outcome=Afsluttet")
	f.Add("handling=%00&outcome=%FF")
	f.Fuzz(func(t *testing.T, raw string) {
		// The store holds the rule (a text check per field, no database
		// needed for it but run there); here: only usable strings.
		h := concernHandlingForm(decodedBody(raw))
		checkUsable(t, "handling", h)
	})
}

func FuzzMeetingForm(f *testing.F) {
	f.Add("held_on=20.11.2026&participants=borger&participants=mentor&others=Leder&summary=Referat&decisions=&change_tasks=1")
	f.Add("held_on=01.01.1000&participants=%00&others=%FF&summary=%01")
	f.Fuzz(func(t *testing.T, raw string) {
		form, in, v := meetingForm(decodedBody(raw))
		err := domain.ValidateMeeting(&in, fuzzToday(), v)
		checkAccepted(t, form, in, merged(v, err), bounds{text: map[string]int{"Others": domain.MaxShortText}})
	})
}

func FuzzRevisionForm(f *testing.F) {
	f.Add("reason=Nyt+m%C3%A5l&person_id=5&hours=3%2C5&goals=M%C3%A5l&task_ids=1&exclusion_ids=2&other_tasks=Ekstra&version=2&meeting_id=7")
	f.Add("reason=%00&hours=1e309&goals=%01&other_exclusions=%FF&task_ids=%00")
	cat := views.Catalogue{Tasks: []domain.CatalogueItem{{ID: 1, Text: "Opgave"}},
		Exclusions: []domain.CatalogueItem{{ID: 2, Text: "Undtagelse"}}}
	person := &domain.Person{UserID: 5, Name: "Mentor", QualifiedMentor: true}
	f.Fuzz(func(t *testing.T, raw string) {
		form, in, v := revisionForm(decodedBody(raw), cat)
		err := domain.ValidateRevision(&in, domain.Revision{}, person, domain.FunctionMentor, v)
		checkAccepted(t, form, in, merged(v, err), bounds{text: map[string]int{"Text": domain.MaxLineText}})
	})
}

func FuzzExtensionForm(f *testing.F) {
	f.Add("assessment=Fortsat+behov&hours=2&end=31.05.2027&review=01.03.2027&version=3")
	f.Add("assessment=%00&hours=-1&end=31.12.9999&review=00.00.0000")
	f.Fuzz(func(t *testing.T, raw string) {
		// The store checks the assessment and the dates against the grant.
		form, in, _ := extensionForm(decodedBody(raw))
		checkUsable(t, "form", form)
		checkUsable(t, "input", in)
	})
}

func FuzzEndForm(f *testing.F) {
	f.Add("ended_on=25.11.2026&reason=I+job&version=2")
	f.Add("ended_on=31.12.9999&reason=%00%FF&version=99999999999999999999")
	f.Fuzz(func(t *testing.T, raw string) {
		// The store checks the reason and the date window.
		form, in, _ := endForm(decodedBody(raw))
		checkUsable(t, "form", form)
		checkUsable(t, "input", in)
	})
}

func FuzzCopingStartForm(f *testing.F) {
	f.Add("start=25.11.2026&need=St%C3%B8tte+i+hverdagen&repeat_reason=&request_id=3")
	f.Add("start=01.01.1000&need=%00&repeat_reason=%FF&request_id=x")
	today := fuzzToday()
	g := domain.Grant{Function: domain.FunctionMentor, Status: domain.StatusGranted, Start: today.AddDate(-1, 0, 0)}
	last := today.AddDate(0, -2, 0)
	f.Fuzz(func(t *testing.T, raw string) {
		form, in, v := copingStartForm(decodedBody(raw))
		err := domain.ValidateCopingStart(&in, g, &last, 6, today, v)
		checkAccepted(t, form, in, merged(v, err), bounds{})
	})
}

func FuzzUserForm(f *testing.F) {
	f.Add("username=anna.h&display_name=Anna+H&email=a%40b.dk&phone=12345678&team_id=1&roles=mentor&password=langt-kodeord-1")
	f.Add("username=%00&display_name=%FF&roles=admin&roles=%01&team_id=x&password=%00")
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest("POST", "/admin/brugere", strings.NewReader(""))
		r.PostForm = decodedBody(raw)
		form, in, err := userForm(r)
		if err == nil {
			err = in.Validate(true)
		}
		checkAccepted(t, form, in, merged(nil, err), bounds{text: map[string]int{"Username": 64,
			"DisplayName": domain.MaxShortText, "Email": domain.MaxShortText, "Phone": 30, "Password": -1}})
	})
}

func FuzzTeamForm(f *testing.F) {
	f.Add("name=Team+Nord")
	f.Add("name=%00%FF")
	f.Fuzz(func(t *testing.T, raw string) {
		in := teamForm(decodedBody(raw))
		checkAccepted(t, in, in, merged(nil, in.Validate()), bounds{text: map[string]int{"Name": 100}})
	})
}

func FuzzLegalBasisForm(f *testing.F) {
	f.Add("code=LAB&law=LAB&paragraph=%C2%A7+31&title=Mentor&function=mentor&valid_from=01.01.2020&valid_to=&max_months=6&default_budget_id=1")
	f.Add("code=%00&valid_from=01.01.1000&valid_to=2026-13-01&max_months=1e9&default_budget_id=%FF")
	budgets := []domain.Budget{{ID: 1, Name: "Budget"}}
	f.Fuzz(func(t *testing.T, raw string) {
		// The store checks texts and the 1980–2100 window.
		r := httptest.NewRequest("POST", "/admin/stamdata/lovgrundlag", strings.NewReader(""))
		r.PostForm = decodedBody(raw)
		form, in, _ := legalBasisForm(r, budgets)
		checkUsable(t, "form", form)
		checkUsable(t, "input", in)
	})
}

func FuzzSwitchForm(f *testing.F) {
	f.Add("effective_on=25.11.2026&reason=Skift&end_grant_id=3&confirm_different=1&person_id=5&hours=2&goals=M%C3%A5l&task_ids=1")
	f.Add("effective_on=31.12.9999&reason=%00&coping_window_id=%FF&hours=NaN&end=01.01.1000&follow_up=x")
	page := views.SwitchPage{Kind: domain.SwitchKinds[0], LegalBasis: domain.LegalBasis{ID: 1},
		Catalogue: views.Catalogue{Tasks: []domain.CatalogueItem{{ID: 1, Text: "Opgave"}}}}
	f.Fuzz(func(t *testing.T, raw string) {
		// The store checks the reason, the date window and the new grant.
		r := httptest.NewRequest("POST", "/borgere/1/faseskift", strings.NewReader(""))
		r.PostForm = decodedBody(raw)
		form, in, _ := (&Server{}).switchForm(r, page)
		checkUsable(t, "form", form)
		checkUsable(t, "input", in)
	})
}

// recorder is a testing.TB that notes a failure instead of stopping.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Fatalf(string, ...any) { r.failed = true }

// TestCheckAcceptedCatches proves the property bites: what a decoder must
// not hand on unvalidated fails it, a validation message excuses it.
func TestCheckAcceptedCatches(t *testing.T) {
	today := fuzzToday()
	type input struct {
		Name  string
		Note  string
		Start domain.Date
		Items []domain.Item
	}
	b := bounds{text: map[string]int{"Name": 5, "Text": 3}}
	for _, c := range []struct {
		name string
		in   input
		bad  bool
	}{
		{"fine", input{Name: "Anna", Note: "a\n\tb", Start: today, Items: []domain.Item{{Text: "ok"}}}, false},
		{"too long", input{Name: "Annette"}, true},
		{"control character", input{Note: "a\x07"}, true},
		{"replacement character", input{Note: "a\uFFFD"}, true},
		{"year 9999", input{Start: domain.MakeDate(9999, 12, 31)}, true},
		{"year 1000", input{Start: domain.MakeDate(1000, 1, 1)}, true},
		{"long line in a list", input{Items: []domain.Item{{Text: "four"}}}, true},
	} {
		r := &recorder{TB: t}
		checkAccepted(r, nil, c.in, nil, b)
		if r.failed != c.bad {
			t.Errorf("%s: failed %v, want %v", c.name, r.failed, c.bad)
		}
		r = &recorder{TB: t}
		checkAccepted(r, nil, c.in, domain.Validation{"x": "fejl"}, b)
		if r.failed {
			t.Errorf("%s: failed although validation reported a problem", c.name)
		}
	}
}

func FuzzSupervisionForm(f *testing.F) {
	f.Add("held_on=20.11.2026&form=gruppe&facilitator=Ekstern&themes=Gr%C3%A6nser&note=Godt&participants=4&participants=5")
	f.Add("held_on=01.01.1000&form=%00&facilitator=%FF&participants=x&participants=%00")
	f.Fuzz(func(t *testing.T, raw string) {
		// The store checks the texts, the form and the date window.
		form, in, _ := supervisionForm(decodedBody(raw))
		checkUsable(t, "form", form)
		checkUsable(t, "input", in)
	})
}

func FuzzProfileForm(f *testing.F) {
	f.Add("presentation=Hej&specialties=Angst%2C+ADHD&languages=Dansk%3B+Engelsk&qualified_mentor=1&employment=fast&capacity_hours=12%2C5")
	f.Add("presentation=%00&specialties=%FF%0A%0A&languages=%01&capacity_hours=NaN")
	f.Fuzz(func(t *testing.T, raw string) {
		// The store checks the texts and the employment; the capacity is
		// read here.
		for _, lead := range []bool{false, true} {
			form, in, v := profileForm(decodedBody(raw), lead)
			checkUsable(t, "form", form)
			checkUsable(t, "input", in)
			if len(v) == 0 && in.Terms != nil && (in.Terms.CapacityHours < 0 || in.Terms.CapacityHours > 80) {
				t.Fatalf("accepted capacity %v", in.Terms.CapacityHours)
			}
		}
	})
}

func FuzzComplaintTextForm(f *testing.F) {
	f.Add("letter_sender=Jobcentret&complaint_text=Du+kan+klage+inden+4+uger.%0D%0AMed+venlig+hilsen")
	f.Add("letter_sender=%0D%0A&complaint_text=%00%FF%07")
	f.Fuzz(func(t *testing.T, raw string) {
		p := decodedBody(raw)
		in := domain.AdministrationText{LetterSender: p.Get("letter_sender"), ComplaintText: p.Get("complaint_text")}
		if in.Validate(domain.Validation{}) != nil {
			return
		}
		for field, s := range map[string]string{"letter_sender": in.LetterSender, "complaint_text": in.ComplaintText} {
			if s == "" || s != strings.TrimSpace(s) || !utf8.ValidString(s) || strings.Contains(s, "\r\n") {
				t.Fatalf("accepted %s %q", field, s)
			}
		}
		if utf8.RuneCountInString(in.LetterSender) > domain.LetterSenderMax || strings.ContainsAny(in.LetterSender, "\r\n") ||
			utf8.RuneCountInString(in.ComplaintText) > domain.ComplaintTextMax {
			t.Fatalf("accepted %q / %d characters", in.LetterSender, utf8.RuneCountInString(in.ComplaintText))
		}
	})
}

func FuzzFlagSettingsForm(f *testing.F) {
	seed := url.Values{}
	for _, k := range domain.FlagSettingKeys {
		seed.Set(k.Key, strconv.Itoa(k.Min))
	}
	f.Add(seed.Encode())
	f.Add("flag_x=%00&" + domain.FlagSettingKeys[0].Key + "=99999999999999999999")
	f.Fuzz(func(t *testing.T, raw string) {
		values, errs := flagSettingsForm(decodedBody(raw))
		checkAccepted(t, values, values, errs, bounds{})
		if len(errs) == 0 {
			for _, k := range domain.FlagSettingKeys {
				if n, err := strconv.Atoi(values[k.Key]); err != nil || n < k.Min || n > k.Max {
					t.Fatalf("accepted %s=%q", k.Key, values[k.Key])
				}
			}
		}
	})
}

// FuzzAmountForm covers the budget's hourly cost and the mentor capacity
// (admin), both read by parseDanishAmount.
func FuzzAmountForm(f *testing.F) {
	f.Add("hourly_cost=1.234%2C50")
	f.Add("hourly_cost=425+kr.")
	f.Add("hourly_cost=1e309&capacity_hours=%00")
	f.Fuzz(func(t *testing.T, raw string) {
		p := decodedBody(raw)
		for _, field := range []string{"hourly_cost", "capacity_hours"} {
			n, msg := parseDanishAmount(p.Get(field), "Skriv et beløb.")
			if msg == "" && (math.IsNaN(n) || math.IsInf(n, 0) || math.Abs(n) >= 1e15) {
				t.Fatalf("%s=%q accepted as %v", field, p.Get(field), n)
			}
		}
	})
}

func FuzzBudgetPeriodForm(f *testing.F) {
	f.Add("fra=08.2026&til=11.2026&visning=borger")
	f.Add("fra=2026-01&til=2026-12")
	f.Add("fra=%00&til=13.2026&visning=%FF")
	s := &Server{now: pgtest.Start}
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest("GET", "/budget", nil)
		r.URL.RawQuery = decodedBody(raw).Encode()
		form, from, to, errs := s.budgetPeriod(r)
		checkAccepted(t, form, struct{ From, To domain.Date }{from, to}, errs,
			bounds{earliest: domain.MakeDate(2000, 1, 1), latest: domain.MakeDate(2099, 12, 1)})
		if len(errs) == 0 && (to.Before(from) || from.AddDate(0, budgetMaxMonths, 0).Before(to.AddDate(0, 1, 0))) {
			t.Fatalf("accepted the period %s–%s", domain.FormatDate(from), domain.FormatDate(to))
		}
	})
}

func FuzzCatalogueForm(f *testing.F) {
	f.Add("kind=exclusion&text=Ingen+praktisk+hj%C3%A6lp&standard=1")
	f.Add("kind=%00&text=%FF&standard=1")
	f.Fuzz(func(t *testing.T, raw string) {
		// The store checks the text (domain.MaxLineText).
		form := catalogueForm(decodedBody(raw))
		checkUsable(t, "form", form)
		if form.Standard && form.Kind != domain.KindExclusion {
			t.Fatalf("a %q item made standard", form.Kind)
		}
	})
}

func FuzzLoginForm(f *testing.F) {
	f.Add("username=+Anna.H+&password=hemmeligt&next=%2Fborgere%3Fq%3D1")
	f.Add("username=%00&password=%FF&next=%2F%2Fevil.example")
	f.Add("next=%2F%5Cevil.example&username=a")
	f.Fuzz(func(t *testing.T, raw string) {
		username, password, typed, next := loginForm(decodedBody(raw))
		checkUsable(t, "login", []string{username, password, typed, next})
		u, err := url.Parse(next)
		if err != nil || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, `/\`) ||
			u.Scheme != "" || u.Host != "" || strings.ContainsAny(next, "\r\n\t") {
			t.Fatalf("next %q leaves the site", next)
		}
	})
}
