package domain

import (
	"maps"
	"strings"
	"testing"
)

func TestOnePersonBoth(t *testing.T) {
	today := MakeDate(2026, 11, 25)
	day := func(n int) Date { return today.AddDate(0, 0, n) }
	ptr := func(d Date) *Date { return &d }
	const mette, jonas int64 = 7, 8
	grant := func(id int64, fn Function, person int64, start Date) Grant {
		return Grant{ID: id, Function: fn, PersonID: person, PersonName: "Mette Jensen", Status: StatusGranted, Start: start}
	}
	lab := grant(1, FunctionMentor, mette, day(-60))
	sel := grant(2, FunctionSupport, mette, day(-10))
	selJonas := grant(3, FunctionSupport, jonas, day(-10))
	selTomorrow := grant(4, FunctionSupport, mette, day(1))
	selEnded := grant(5, FunctionSupport, mette, day(-90))
	selEnded.Status, selEnded.EndedOn = StatusEnded, ptr(day(-1))
	selDraft := grant(6, FunctionSupport, mette, day(-10))
	selDraft.Status = StatusDraft
	labOld := grant(7, FunctionMentor, mette, day(-300))
	labOld.End = ptr(day(-120))

	cases := []struct {
		name     string
		grants   []Grant
		lab, sel int64 // 0: not one person in both
	}{
		{"parallelt hos samme person", []Grant{sel, lab}, 1, 2},
		{"med afsluttede og kladder ved siden af", []Grant{labOld, selEnded, selDraft, lab, sel}, 1, 2},
		{"to forskellige personer", []Grant{lab, selJonas}, 0, 0},
		{"kun mentor", []Grant{lab}, 0, 0},
		{"kun støttekontaktperson", []Grant{sel}, 0, 0},
		{"§ 85 starter først i morgen", []Grant{lab, selTomorrow}, 0, 0},
		{"§ 85 sluttede i går", []Grant{lab, selEnded}, 0, 0},
		{"§ 85 er en kladde", []Grant{lab, selDraft}, 0, 0},
		{"ingen bevillinger", nil, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, s, ok := OnePersonBoth(c.grants, today)
			if ok != (c.lab != 0) || l.ID != c.lab || s.ID != c.sel {
				t.Errorf("OnePersonBoth = %d, %d, %v; want %d, %d", l.ID, s.ID, ok, c.lab, c.sel)
			}
		})
	}
}

func TestOverviewSentence(t *testing.T) {
	lab := Grant{Function: FunctionMentor, PersonName: "Mette Jensen", HoursPerWeek: 3,
		LegalBasis: LegalBasis{Paragraph: "§ 167, stk. 1"}}
	sel := Grant{Function: FunctionSupport, PersonName: "Mette Jensen", HoursPerWeek: 2.5,
		LegalBasis: LegalBasis{Paragraph: "§ 85"}}
	want := "Mette Jensen er din mentor (3 timer pr. uge, efter § 167, stk. 1) og din støttekontaktperson (2,5 timer pr. uge, efter § 85)."
	if got := OverviewSentence(lab, sel); got != want {
		t.Errorf("OverviewSentence = %q\nwant %q", got, want)
	}
	sel.HoursPerWeek, sel.LegalBasis = 1, LegalBasis{}
	want = "Mette Jensen er din mentor (3 timer pr. uge, efter § 167, stk. 1) og din støttekontaktperson (1 time pr. uge, Støttekontaktperson)."
	if got := OverviewSentence(lab, sel); got != want {
		t.Errorf("OverviewSentence = %q\nwant %q", got, want)
	}
	// With the administrations as data, each decision names who made it.
	lab.LegalBasis.Administration = Administration{Code: AdministrationEmployment, Name: "Jobcentret"}
	sel.HoursPerWeek, sel.LegalBasis.Administration = 2, Administration{Code: AdministrationSocial, Name: "Socialforvaltningen"}
	want = "Mette Jensen er din mentor (3 timer pr. uge, Jobcentret) og din støttekontaktperson (2 timer pr. uge, Socialforvaltningen)."
	if got := OverviewSentence(lab, sel); got != want {
		t.Errorf("OverviewSentence = %q\nwant %q", got, want)
	}
}

func TestAdministrationTextValidate(t *testing.T) {
	tests := []struct {
		name       string
		in         AdministrationText
		want       map[string]string
		wantSender string
		wantText   string
	}{
		{name: "trimmed, CRLF stored as LF", in: AdministrationText{LetterSender: "  Jobcentret ", ComplaintText: " Klag inden 4 uger.\r\nRing til os. "},
			wantSender: "Jobcentret", wantText: "Klag inden 4 uger.\nRing til os."},
		{name: "both empty", in: AdministrationText{LetterSender: " ", ComplaintText: "\r\n"},
			want: map[string]string{"letter_sender": "Skriv afsenderen, fx Jobcentret.", "complaint_text": "Skriv klagevejledningen."}},
		{name: "sender on two lines", in: AdministrationText{LetterSender: "Jobcentret\nAfdeling 2", ComplaintText: "x"},
			want: map[string]string{"letter_sender": "Afsenderen skal stå på én linje."}},
		{name: "sender too long", in: AdministrationText{LetterSender: strings.Repeat("a", LetterSenderMax+1), ComplaintText: "x"},
			want: map[string]string{"letter_sender": "Teksten må højst være 200 tegn (du har skrevet 201)."}},
		{name: "complaint too long", in: AdministrationText{LetterSender: "Jobcentret", ComplaintText: strings.Repeat("æ", ComplaintTextMax+1)},
			want: map[string]string{"complaint_text": "Klagevejledningen må højst være 4000 tegn. Den er nu 4001 tegn."}},
		{name: "unusable characters", in: AdministrationText{LetterSender: "Jobcentret", ComplaintText: "Klag\x00"},
			want: map[string]string{"complaint_text": UnusableText}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			v := Validation{}
			err := in.Validate(v)
			if (err != nil) != (tt.want != nil) || !maps.Equal(map[string]string(v), tt.want) && tt.want != nil {
				t.Fatalf("Validate: %v %v, want %v", err, v, tt.want)
			}
			if tt.want == nil && (in.LetterSender != tt.wantSender || in.ComplaintText != tt.wantText) {
				t.Errorf("stored %q / %q, want %q / %q", in.LetterSender, in.ComplaintText, tt.wantSender, tt.wantText)
			}
		})
	}
}
