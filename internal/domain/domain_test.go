package domain

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	h, err := HashPassword("mentorspor")
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(h, "mentorspor") {
		t.Fatal("right password rejected")
	}
	for _, bad := range []string{"Mentorspor", "", "mentorspor "} {
		if CheckPassword(h, bad) {
			t.Fatalf("wrong password %q accepted", bad)
		}
	}
	h2, _ := HashPassword("mentorspor")
	if h == h2 {
		t.Fatal("hashes must be salted")
	}
	for _, broken := range []string{"", "plain", "$argon2id$v=19$m=1,t=1,p=1$$", "$bcrypt$x$y$z$w"} {
		if CheckPassword(broken, "mentorspor") {
			t.Fatalf("malformed hash %q accepted", broken)
		}
	}
	if CheckPasswordOrDummy("", "mentorspor") {
		t.Fatal("no user must never sign in")
	}
}

func TestLockedUntil(t *testing.T) {
	base := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	at := func(mins ...int) []time.Time {
		var ts []time.Time
		for _, m := range mins {
			ts = append(ts, base.Add(time.Duration(m)*time.Minute))
		}
		return ts
	}
	tests := []struct {
		name     string
		failures []time.Time
		now      time.Time
		want     time.Time
	}{
		{"none", nil, base, time.Time{}},
		{"four failures", at(0, 1, 2, 3), base.Add(4 * time.Minute), time.Time{}},
		{"five within 15 min", at(0, 1, 2, 3, 4), base.Add(5 * time.Minute), base.Add(19 * time.Minute)},
		{"five spread over 20 min", at(0, 5, 10, 15, 20), base.Add(21 * time.Minute), time.Time{}},
		{"lock expired", at(0, 1, 2, 3, 4), base.Add(19 * time.Minute), time.Time{}},
		{"unsorted input", at(4, 0, 3, 1, 2), base.Add(5 * time.Minute), base.Add(19 * time.Minute)},
		{"later window locks", at(0, 20, 21, 22, 23, 24), base.Add(25 * time.Minute), base.Add(39 * time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LockedUntil(tt.failures, tt.now); !got.Equal(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAddressLockedUntil(t *testing.T) {
	base := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	every := func(n int, step time.Duration) []time.Time {
		ts := make([]time.Time, n)
		for i := range ts {
			ts[i] = base.Add(time.Duration(i) * step)
		}
		return ts
	}
	tests := []struct {
		name     string
		failures []time.Time
		now      time.Time
		want     time.Time
	}{
		{"none", nil, base, time.Time{}},
		{"nineteen within 15 min", every(19, 30*time.Second), base.Add(10 * time.Minute), time.Time{}},
		{"twenty within 15 min", every(20, 30*time.Second), base.Add(10 * time.Minute), base.Add(19*30*time.Second + 15*time.Minute)},
		{"twenty over 19 min", every(20, time.Minute), base.Add(20 * time.Minute), time.Time{}},
		{"lock expired", every(20, 30*time.Second), base.Add(19*30*time.Second + 15*time.Minute), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AddressLockedUntil(tt.failures, tt.now); !got.Equal(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
	// Five failures lock a username but not an address.
	if got := AddressLockedUntil(every(5, time.Second), base.Add(time.Minute)); !got.IsZero() {
		t.Fatalf("five failures locked an address until %v", got)
	}
}

func TestRolesNormalizeAndHas(t *testing.T) {
	rs := Roles{RoleAdmin, "hacker", RoleCaseworker, RoleAdmin}.Normalize()
	if len(rs) != 2 || rs[0] != RoleCaseworker || rs[1] != RoleAdmin {
		t.Fatalf("got %v", rs)
	}
	if !rs.Has(RoleMentor, RoleAdmin) || rs.Has(RoleMentor) {
		t.Fatal("Has is wrong")
	}
	if Role("hacker").Valid() || !RoleTeamLead.Valid() || RoleTeamLead.Label() != "Teamleder" {
		t.Fatal("Valid/Label wrong")
	}
}

func TestUserInputValidate(t *testing.T) {
	in := UserInput{Username: "  Ny.Bruger ", DisplayName: " Ny ", Email: "ny@kommune.dk", Roles: Roles{RoleMentor}, Password: "0123456789"}
	in.Normalize()
	if in.Username != "ny.bruger" || in.DisplayName != "Ny" {
		t.Fatalf("normalize: %+v", in)
	}
	if err := in.Validate(true); err != nil {
		t.Fatalf("valid input rejected: %v", FieldErrors(err))
	}
	bad := UserInput{Username: "æøå", Email: "Navn <x@y.dk>", Password: "123456789"}
	fields := FieldErrors(bad.Validate(true))
	for _, f := range []string{"username", "display_name", "email", "roles", "password"} {
		if fields[f] == "" {
			t.Errorf("no message for %s", f)
		}
	}
	if FieldErrors(bad.Validate(false))["password"] != "" {
		t.Error("editing must not validate the password")
	}
}

func TestDanishDates(t *testing.T) {
	// 23:30 UTC on 23 November is 00:30 on 24 November in Copenhagen.
	ts := time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC)
	if FormatDate(ts) != "24.11.2026" || FormatTime(ts) != "00:30" || FormatDateTime(ts) != "24.11.2026 00:30" {
		t.Fatalf("got %s %s", FormatDate(ts), FormatTime(ts))
	}
	summer := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	if FormatTime(summer) != "14:00" {
		t.Fatalf("summer time: %s", FormatTime(summer))
	}
	if FormatDate(time.Time{}) != "" {
		t.Fatal("zero date must be empty")
	}
	for _, s := range []string{"2026-11-24", "24.11.2026", "4.1.2026"} {
		if _, ok := ParseDate(s); !ok {
			t.Errorf("ParseDate(%q) failed", s)
		}
	}
	for _, s := range []string{"", "31.02.2026", "2026-13-01", "i morgen"} {
		if _, ok := ParseDate(s); ok {
			t.Errorf("ParseDate(%q) must fail", s)
		}
	}
}

func TestErrorHelpers(t *testing.T) {
	v := Validation{}
	if v.Err() != nil {
		t.Fatal("empty validation must be nil")
	}
	v.Add("x", "første")
	v.Add("x", "anden")
	err := v.Err()
	if ErrorCode(err) != EINVALID || FieldErrors(err)["x"] != "første" {
		t.Fatalf("got %v", err)
	}
	if ErrorMessage(Errorf(EINTERNAL, "hemmelig detalje")) == "hemmelig detalje" {
		t.Fatal("internal text must not reach users")
	}
	if ErrorCode(nil) != "" || ErrorCode(errString("x")) != EINTERNAL {
		t.Fatal("ErrorCode wrong")
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func TestCanSeeAddress(t *testing.T) {
	own, other := int64(1), int64(2)
	protected := Citizen{Address: "Skjult Vej 1", AddressProtected: true, CaseworkerID: &own}
	open := Citizen{Address: "Åben Vej 2", CaseworkerID: &own}
	user := func(id int64, roles ...Role) *User { return &User{ID: id, Roles: roles} }
	tests := []struct {
		name string
		u    *User
		c    Citizen
		want bool
	}{
		{"responsible caseworker", user(own, RoleCaseworker), protected, true},
		{"caseworker of another team", user(other, RoleCaseworker), protected, false},
		{"team lead", user(other, RoleTeamLead), protected, true},
		{"mentor", user(other, RoleMentor), protected, false},
		{"mentor with the caseworker's id but not the role", user(own, RoleMentor), protected, false},
		{"admin", user(other, RoleAdmin), protected, false},
		{"nobody", nil, protected, false},
		{"unprotected, mentor", user(other, RoleMentor), open, true},
		{"protected, no caseworker", user(other, RoleCaseworker), Citizen{Address: "x", AddressProtected: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanSeeAddress(tt.u, tt.c); got != tt.want {
				t.Fatalf("CanSeeAddress = %v, want %v", got, tt.want)
			}
			v := tt.c.VisibleTo(tt.u)
			if tt.want && (v.Address != tt.c.Address || v.AddressHidden) {
				t.Fatalf("VisibleTo hid an address the user may see: %+v", v)
			}
			if !tt.want && (v.Address != "" || !v.AddressHidden || !v.AddressProtected) {
				t.Fatalf("VisibleTo kept an address the user may not see: %+v", v)
			}
		})
	}
}

// FuzzTextProblem: text the check accepts is storable and within the limit.
func FuzzTextProblem(f *testing.F) {
	f.Add("Almindelig tekst\nmed linjeskift", 100)
	f.Add("\x00\xff\uFFFD\x07", 5)
	f.Fuzz(func(t *testing.T, s string, max int) {
		if TextProblem(s, max) != "" {
			return
		}
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) || strings.ContainsRune(s, utf8.RuneError) ||
			utf8.RuneCountInString(s) > max {
			t.Fatalf("accepted %q (max %d)", s, max)
		}
	})
}

func TestTextAndDateBounds(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"Linje et\nLinje to\tmed tab", 100, ""},
		{"æøå ÆØÅ", 7, ""},
		{"æøå ÆØÅ!", 7, "Teksten må højst være 7 tegn (du har skrevet 8)."},
		{"ab\x00cd", 100, UnusableText},
		{"ab\uFFFDcd", 100, UnusableText},
		{"ab\x07cd", 100, UnusableText},
		{"ab\xffcd", 100, UnusableText},
	} {
		if got := TextProblem(c.in, c.max); got != c.want {
			t.Errorf("TextProblem(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
	today := MakeDate(2026, 8, 1)
	for _, c := range []struct {
		d  Date
		ok bool
	}{
		{MakeDate(1000, 1, 1), false}, {MakeDate(2016, 7, 31), false}, {MakeDate(2016, 8, 1), true},
		{today, true}, {MakeDate(2028, 8, 1), true}, {MakeDate(2028, 8, 2), false}, {MakeDate(9999, 12, 31), false},
	} {
		v := Validation{}
		if got := v.DateWithin("d", c.d, EarliestDate(today), LatestDate(today)); got != c.ok || (v["d"] == "") != c.ok {
			t.Errorf("DateWithin(%s) = %v %q", FormatDate(c.d), got, v["d"])
		}
	}
}
