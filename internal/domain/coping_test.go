package domain

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCopingExpiry(t *testing.T) {
	tests := []struct {
		name   string
		start  Date
		months int
		want   Date
	}{
		{"midt i måneden", MakeDate(2026, 1, 15), 1, MakeDate(2026, 2, 15)},
		{"31. januar giver 28. februar", MakeDate(2026, 1, 31), 1, MakeDate(2026, 2, 28)},
		{"31. januar i skudår giver 29. februar", MakeDate(2028, 1, 31), 1, MakeDate(2028, 2, 29)},
		{"30. januar i skudår giver 29. februar", MakeDate(2028, 1, 30), 1, MakeDate(2028, 2, 29)},
		{"29. januar uden skudår giver 28. februar", MakeDate(2026, 1, 29), 1, MakeDate(2026, 2, 28)},
		{"år 2100 er ikke skudår", MakeDate(2100, 1, 31), 1, MakeDate(2100, 2, 28)},
		{"29. februar giver 29. marts", MakeDate(2028, 2, 29), 1, MakeDate(2028, 3, 29)},
		{"31. marts giver 30. april", MakeDate(2026, 3, 31), 1, MakeDate(2026, 4, 30)},
		{"30. november giver 30. december", MakeDate(2026, 11, 30), 1, MakeDate(2026, 12, 30)},
		{"31. december giver 31. januar næste år", MakeDate(2026, 12, 31), 1, MakeDate(2027, 1, 31)},
		{"tre måneder fra 30. november", MakeDate(2026, 11, 30), 3, MakeDate(2027, 2, 28)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CopingExpiry(tt.start, tt.months); !got.Equal(tt.want) {
				t.Fatalf("CopingExpiry(%s, %d) = %s, want %s", FormatDate(tt.start), tt.months, FormatDate(got), FormatDate(tt.want))
			}
		})
	}
}

func TestCopingWindowDays(t *testing.T) {
	expires := MakeDate(2026, 2, 15)
	open := CopingWindow{Status: CopingOpen, Expires: &expires}
	with := func(status string) CopingWindow { w := open; w.Status = status; return w }
	tests := []struct {
		name        string
		w           CopingWindow
		today       Date
		daysLeft    int
		overdue     bool
		daysOverdue int
	}{
		{"fem dage tilbage", open, MakeDate(2026, 2, 10), 5, false, 0},
		{"en måned tilbage", open, MakeDate(2026, 1, 15), 31, false, 0},
		{"udløbsdagen: 0 dage, ikke overskredet", open, expires, 0, false, 0},
		{"dagen efter: overskredet med 1 dag", open, MakeDate(2026, 2, 16), -1, true, 1},
		{"overskredet over månedsskifte", open, MakeDate(2026, 3, 2), -15, true, 15},
		{"anmodet periode er aldrig overskredet", with(CopingRequested), MakeDate(2026, 3, 2), -15, false, 0},
		{"afsluttet periode er aldrig overskredet", with(CopingMet), MakeDate(2026, 3, 2), -15, false, 0},
		{"omlagt periode er aldrig overskredet", with(CopingConverted), MakeDate(2026, 3, 2), -15, false, 0},
		{"uden udløbsdato", CopingWindow{Status: CopingOpen}, MakeDate(2026, 3, 2), 0, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.w.DaysLeft(tt.today); got != tt.daysLeft {
				t.Errorf("DaysLeft = %d, want %d", got, tt.daysLeft)
			}
			if got := tt.w.Overdue(tt.today); got != tt.overdue {
				t.Errorf("Overdue = %v, want %v", got, tt.overdue)
			}
			if got := tt.w.DaysOverdue(tt.today); got != tt.daysOverdue {
				t.Errorf("DaysOverdue = %d, want %d", got, tt.daysOverdue)
			}
		})
	}
}

func TestCopingWindowCovers(t *testing.T) {
	start := MakeDate(2026, 1, 31)
	expires := CopingExpiry(start, 1) // 28.02.2026
	w := CopingWindow{Status: CopingOpen, Start: &start, Expires: &expires}
	tests := []struct {
		name string
		w    CopingWindow
		day  Date
		want bool
	}{
		{"dagen før start", w, MakeDate(2026, 1, 30), false},
		{"startdagen", w, start, true},
		{"midt i perioden", w, MakeDate(2026, 2, 14), true},
		{"udløbsdagen", w, expires, true},
		{"dagen efter udløb", w, MakeDate(2026, 3, 1), false},
		{"ikke startet (anmodning)", CopingWindow{Status: CopingRequested, Expires: &expires}, MakeDate(2026, 2, 14), false},
		{"uden udløbsdato", CopingWindow{Status: CopingOpen, Start: &start}, MakeDate(2026, 2, 14), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.w.Covers(tt.day); got != tt.want {
				t.Fatalf("Covers(%s) = %v, want %v", FormatDate(tt.day), got, tt.want)
			}
		})
	}
}

func TestCopingStatusLabel(t *testing.T) {
	expires := MakeDate(2026, 2, 15)
	before, after := MakeDate(2026, 2, 15), MakeDate(2026, 2, 16)
	tests := []struct {
		status string
		today  Date
		want   string
	}{
		{CopingRequested, after, "Anmodet af mentor"},
		{CopingOpen, before, "Åben"},
		{CopingOpen, after, "Overskredet – mangler afgørelse"},
		{CopingMet, after, "Afsluttet – behovet er dækket"},
		{CopingConverted, after, "Behovet er vedvarende – bevilget SEL § 85"},
		{CopingRejected, after, "Anmodning afvist"},
		{"ukendt", after, "ukendt"},
	}
	for _, tt := range tests {
		t.Run(tt.status+" "+FormatDate(tt.today), func(t *testing.T) {
			w := CopingWindow{Status: tt.status, Expires: &expires}
			if got := w.StatusLabel(tt.today); got != tt.want {
				t.Fatalf("StatusLabel = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidateCopingStart(t *testing.T) {
	today := MakeDate(2026, 6, 15)
	d := func(y int, m time.Month, day int) Date { return MakeDate(y, m, day) }
	p := func(d Date) *Date { return &d }
	grantEnd := d(2026, 12, 31)
	lab := Grant{Function: FunctionMentor, Status: StatusGranted, Start: d(2026, 1, 1), End: &grantEnd}
	base := func() CopingStartInput {
		return CopingStartInput{GrantID: 1, Start: d(2026, 6, 1), Need: "  Hjælp til at åbne og læse post  "}
	}
	const repeatMsg = "Borgeren havde en periode, der startede 01.03.2026. Begrund en ny periode inden for 6 måneder – et vedvarende behov taler for en støttekontaktperson efter § 85."
	notActive := "Borgeren havde ingen aktiv mentorbevilling på startdatoen. Perioden skal starte, mens en mentorbevilling efter LAB er aktiv."
	long := strings.Repeat("a", MaxLongText+1)
	tooLong := "Teksten må højst være 4000 tegn (du har skrevet 4001)."

	tests := []struct {
		name      string
		edit      func(in *CopingStartInput, g *Grant)
		lastStart *Date
		preset    Validation
		want      map[string]string // field → exact message
	}{
		{name: "gyldig start"},
		{name: "startdato på bevillingens første dag", edit: func(in *CopingStartInput, _ *Grant) { in.Start = d(2026, 1, 1) }},
		{name: "bevilling efter § 85", edit: func(_ *CopingStartInput, g *Grant) { g.Function = FunctionSupport },
			want: map[string]string{"grant_id": "En hverdagsmestringsperiode hører til en aktiv mentorbevilling efter LAB."}},
		{name: "ingen startdato", edit: func(in *CopingStartInput, _ *Grant) { in.Start = Date{} },
			want: map[string]string{"start": "Skriv startdatoen."}},
		{name: "startdato uden for det mulige", edit: func(in *CopingStartInput, _ *Grant) { in.Start = d(2040, 1, 1) },
			want: map[string]string{"start": "Datoen skal ligge mellem 15.06.2016 og 15.06.2028."}},
		{name: "startdato før bevillingen", edit: func(in *CopingStartInput, _ *Grant) { in.Start = d(2025, 12, 31) },
			want: map[string]string{"start": notActive}},
		{name: "startdato efter bevillingens slutdato", edit: func(in *CopingStartInput, _ *Grant) { in.Start = d(2027, 1, 1) },
			want: map[string]string{"start": notActive}},
		{name: "bevillingen afsluttet dagen før", edit: func(in *CopingStartInput, g *Grant) {
			g.Status, g.EndedOn = StatusEnded, p(d(2026, 5, 31))
		}, want: map[string]string{"start": notActive}},
		{name: "startdato i sidste uge på en bevilling, der siden er afsluttet", edit: func(in *CopingStartInput, g *Grant) {
			g.Status, g.EndedOn, in.Start = StatusEnded, p(d(2026, 6, 10)), d(2026, 6, 8)
		}},
		{name: "startdato på bevillingens sidste dag", edit: func(in *CopingStartInput, g *Grant) {
			g.End, in.Start = p(d(2028, 1, 31)), d(2028, 1, 31)
		}},
		{name: "kladde er ikke aktiv", edit: func(_ *CopingStartInput, g *Grant) { g.Status = StatusDraft },
			want: map[string]string{"start": notActive}},
		{name: "fejl fra formularen bevares", edit: func(in *CopingStartInput, _ *Grant) { in.Start = Date{} },
			preset: Validation{"start": "Skriv datoen som dd.mm.åååå."},
			want:   map[string]string{"start": "Skriv datoen som dd.mm.åååå."}},
		{name: "intet behov", edit: func(in *CopingStartInput, _ *Grant) { in.Need = " \n " },
			want: map[string]string{"need": "Beskriv behovet for støtte til hverdagsmestring."}},
		{name: "for langt behov", edit: func(in *CopingStartInput, _ *Grant) { in.Need = long },
			want: map[string]string{"need": tooLong}},
		{name: "for lang begrundelse", edit: func(in *CopingStartInput, _ *Grant) { in.RepeatReason = long },
			want: map[string]string{"repeat_reason": tooLong}},
		{name: "ny periode inden for 6 måneder uden begrundelse", lastStart: p(d(2026, 3, 1)),
			want: map[string]string{"repeat_reason": repeatMsg}},
		{name: "ny periode inden for 6 måneder med begrundelse", lastStart: p(d(2026, 3, 1)),
			edit: func(in *CopingStartInput, _ *Grant) { in.RepeatReason = "Ny flytning" }},
		{name: "blank begrundelse tæller ikke", lastStart: p(d(2026, 3, 1)),
			edit: func(in *CopingStartInput, _ *Grant) { in.RepeatReason = "   " },
			want: map[string]string{"repeat_reason": repeatMsg}},
		{name: "præcis 6 måneder efter sidste start", lastStart: p(d(2025, 12, 1))},
		{name: "en dag for tidligt", lastStart: p(d(2025, 12, 2)),
			want: map[string]string{"repeat_reason": "Borgeren havde en periode, der startede 02.12.2025. Begrund en ny periode inden for 6 måneder – et vedvarende behov taler for en støttekontaktperson efter § 85."}},
		{name: "31.12 + 6 måneder er 30.06", lastStart: p(d(2025, 12, 31)),
			edit: func(in *CopingStartInput, _ *Grant) { in.Start = d(2026, 6, 30) }},
		{name: "29.06 er før 30.06", lastStart: p(d(2025, 12, 31)),
			edit: func(in *CopingStartInput, _ *Grant) { in.Start = d(2026, 6, 29) },
			want: map[string]string{"repeat_reason": "Borgeren havde en periode, der startede 31.12.2025. Begrund en ny periode inden for 6 måneder – et vedvarende behov taler for en støttekontaktperson efter § 85."}},
		{name: "uden startdato kræves ingen begrundelse", lastStart: p(d(2026, 3, 1)),
			edit: func(in *CopingStartInput, _ *Grant) { in.Start = Date{} },
			want: map[string]string{"start": "Skriv startdatoen."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, g := base(), lab
			if tt.edit != nil {
				tt.edit(&in, &g)
			}
			v := Validation{}
			maps.Copy(v, tt.preset)
			err := ValidateCopingStart(&in, g, tt.lastStart, 6, today, v)
			got := FieldErrors(err)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected errors: %v", got)
				}
			} else if ErrorCode(err) != EINVALID || !maps.Equal(got, tt.want) {
				t.Fatalf("errors %v\nwant %v", got, tt.want)
			}
			if strings.TrimSpace(in.Need) != in.Need || strings.TrimSpace(in.RepeatReason) != in.RepeatReason {
				t.Fatalf("texts not trimmed: %q %q", in.Need, in.RepeatReason)
			}
		})
	}
	// The need is stored trimmed.
	in := base()
	if err := ValidateCopingStart(&in, lab, nil, 6, today, Validation{}); err != nil || in.Need != "Hjælp til at åbne og læse post" {
		t.Fatalf("need %q, err %v", in.Need, err)
	}
}

func TestCopingGrants(t *testing.T) {
	today := MakeDate(2028, 2, 7) // a window agreed on 31.01.2028 is recorded a week later
	d := func(y int, m time.Month, day int) Date { return MakeDate(y, m, day) }
	p := func(d Date) *Date { return &d }
	lab := func(id int64, start Date, end *Date) Grant {
		return Grant{ID: id, Function: FunctionMentor, Status: StatusGranted, Start: start, End: end}
	}
	endsJan := lab(1, d(2027, 8, 1), p(d(2028, 1, 31)))
	running := lab(2, d(2028, 2, 1), p(d(2028, 7, 31))) // the extension
	endedEarly := lab(3, d(2027, 8, 1), p(d(2028, 1, 31)))
	endedEarly.Status, endedEarly.EndedOn = StatusEnded, p(d(2027, 12, 31))
	sel := Grant{ID: 4, Function: FunctionSupport, Status: StatusGranted, Start: d(2027, 8, 1)}
	draft := lab(5, d(2027, 8, 1), p(d(2028, 1, 31)))
	draft.Status = StatusDraft
	future := lab(6, d(2028, 3, 1), p(d(2028, 8, 31)))
	lastMonth := lab(7, d(2027, 8, 1), p(d(2028, 1, 8))) // its last day is 30 days ago
	tooLong := lab(8, d(2027, 8, 1), p(d(2028, 1, 7)))   // 31 days ago
	startedToday := lab(9, today, p(d(2028, 8, 6)))

	cases := []struct {
		name   string
		grants []Grant
		want   []int64
	}{
		{"ingen bevillinger", nil, nil},
		{"udløbet for en uge siden", []Grant{endsJan}, []int64{1}},
		{"aktiv i dag", []Grant{running}, []int64{2}},
		{"afsluttet for over 30 dage siden", []Grant{endedEarly}, nil},
		{"§ 85 og kladde tæller ikke", []Grant{sel, draft}, nil},
		{"ikke startet endnu", []Grant{future}, nil},
		{"sidste dag for præcis 30 dage siden", []Grant{lastMonth}, []int64{7}},
		{"sidste dag for 31 dage siden", []Grant{tooLong}, nil},
		{"startet i dag", []Grant{startedToday}, []int64{9}},
		{"i den givne rækkefølge", []Grant{running, sel, endsJan, draft}, []int64{2, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []int64
			for _, g := range CopingGrants(c.grants, today) {
				got = append(got, g.ID)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("CopingGrants = %v, want %v", got, c.want)
			}
		})
	}

	on := []struct {
		name  string
		start Date
		want  int64 // 0: none
	}{
		{"31.01.2028, bevillingens sidste dag", d(2028, 1, 31), 1},
		{"01.02.2028, efter den udløbne, i den løbende", d(2028, 2, 1), 2},
		{"før begge", d(2027, 7, 31), 0},
		{"midt i den udløbne", d(2028, 1, 15), 1},
	}
	for _, c := range on {
		t.Run("CopingGrantOn "+c.name, func(t *testing.T) {
			g, ok := CopingGrantOn([]Grant{endsJan, running}, c.start)
			if ok != (c.want != 0) || g.ID != c.want {
				t.Errorf("CopingGrantOn(%s) = %d, %v; want %d", FormatDate(c.start), g.ID, ok, c.want)
			}
		})
	}
	// The window from the last day runs to 29.02.2028 (a leap year).
	if got := CopingExpiry(d(2028, 1, 31), 1); !got.Equal(d(2028, 2, 29)) {
		t.Errorf("window from 31.01.2028 expires %s", FormatDate(got))
	}
}
