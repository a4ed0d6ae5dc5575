package domain

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// checkFields asserts that err carries exactly the wanted field messages
// (none: err is nil).
func checkFields(t *testing.T, err error, want map[string]string) {
	t.Helper()
	got := FieldErrors(err)
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("unexpected errors: %v", got)
		}
		return
	}
	if ErrorCode(err) != EINVALID || !maps.Equal(got, want) {
		t.Fatalf("errors %v\nwant %v", got, want)
	}
}

func TestValidateMeeting(t *testing.T) {
	today := MakeDate(2026, 6, 15)
	base := func() MeetingInput {
		return MeetingInput{HeldOn: MakeDate(2026, 6, 10), Participants: []string{"Mentor", "Borger"}, Summary: " Vi aftalte nye opgaver "}
	}
	long := strings.Repeat("x", MaxLongText+1)
	tests := []struct {
		name         string
		edit         func(in *MeetingInput)
		preset       Validation
		want         map[string]string
		participants []string // after validation, when the input is valid
	}{
		{name: "gyldigt møde, deltagere i fast rækkefølge", participants: []string{"Borger", "Mentor"}},
		{name: "ukendte og dobbelte deltagere fjernes",
			edit:         func(in *MeetingInput) { in.Participants = []string{"Sagsbehandler", "Chef", "Borger", "Borger"} },
			participants: []string{"Borger", "Sagsbehandler"}},
		{name: "møde i dag", edit: func(in *MeetingInput) { in.HeldOn = today }, participants: []string{"Borger", "Mentor"}},
		{name: "møde præcis 10 år tilbage", edit: func(in *MeetingInput) { in.HeldOn = MakeDate(2016, 6, 15) }, participants: []string{"Borger", "Mentor"}},
		{name: "ingen dato", edit: func(in *MeetingInput) { in.HeldOn = Date{} },
			want: map[string]string{"held_on": "Skriv mødedatoen."}},
		{name: "dato i morgen", edit: func(in *MeetingInput) { in.HeldOn = MakeDate(2026, 6, 16) },
			want: map[string]string{"held_on": "Mødedatoen kan ikke ligge i fremtiden."}},
		{name: "dato mere end 10 år tilbage", edit: func(in *MeetingInput) { in.HeldOn = MakeDate(2016, 6, 14) },
			want: map[string]string{"held_on": "Datoen skal ligge mellem 15.06.2016 og 15.06.2026."}},
		{name: "datofejl fra formularen bevares", edit: func(in *MeetingInput) { in.HeldOn = Date{} },
			preset: Validation{"held_on": "Skriv datoen som dd.mm.åååå."},
			want:   map[string]string{"held_on": "Skriv datoen som dd.mm.åååå."}},
		{name: "kun ukendte deltagere", edit: func(in *MeetingInput) { in.Participants = []string{"Chef"} },
			want: map[string]string{"participants": "Vælg hvem der deltog: mindst én af borger, mentor og sagsbehandler."}},
		{name: "for lang tekst om andre deltagere", edit: func(in *MeetingInput) { in.Others = strings.Repeat("a", MaxShortText+1) },
			want: map[string]string{"others": "Teksten må højst være 200 tegn (du har skrevet 201)."}},
		{name: "intet referat", edit: func(in *MeetingInput) { in.Summary = "  " },
			want: map[string]string{"summary": "Skriv et kort referat."}},
		{name: "for langt referat", edit: func(in *MeetingInput) { in.Summary = long },
			want: map[string]string{"summary": "Teksten må højst være 4000 tegn (du har skrevet 4001)."}},
		{name: "for lang beslutning", edit: func(in *MeetingInput) { in.Decisions = long },
			want: map[string]string{"decisions": "Teksten må højst være 4000 tegn (du har skrevet 4001)."}},
		{name: "ændrede opgaver uden beslutning", edit: func(in *MeetingInput) { in.ChangeTasks, in.Decisions = true, " " },
			want: map[string]string{"decisions": "Beskriv beslutningen om at ændre opgaverne."}},
		{name: "ændrede opgaver med beslutning",
			edit:         func(in *MeetingInput) { in.ChangeTasks, in.Decisions = true, "Ny opgave: jobsøgning" },
			participants: []string{"Borger", "Mentor"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			if tt.edit != nil {
				tt.edit(&in)
			}
			v := Validation{}
			maps.Copy(v, tt.preset)
			err := ValidateMeeting(&in, today, v)
			checkFields(t, err, tt.want)
			if in.Participants == nil {
				t.Fatal("participants must never be nil (the column is NOT NULL)")
			}
			if tt.want == nil && !slices.Equal(in.Participants, tt.participants) {
				t.Fatalf("participants %v, want %v", in.Participants, tt.participants)
			}
			if in.Summary != strings.TrimSpace(in.Summary) {
				t.Fatalf("summary not trimmed: %q", in.Summary)
			}
		})
	}
}

func TestValidateRevision(t *testing.T) {
	items := func(texts ...string) []Item {
		var out []Item
		for _, s := range texts {
			out = append(out, Item{Text: s})
		}
		return out
	}
	mette := &Person{UserID: 7, Name: "Mette", QualifiedMentor: true}
	jonas := &Person{UserID: 8, Name: "Jonas", QualifiedMentor: true, QualifiedSupport: true}
	current := Revision{PersonID: 7, PersonName: "Mette", HoursPerWeek: 2, Tasks: items("Jobsøgning"),
		Exclusions: items("Rengøring"), Goals: items("Job inden sommer")}
	base := func() RevisionInput {
		return RevisionInput{Reason: "Aftalt på justeringsmøde", PersonID: 7, HoursPerWeek: 3, Tasks: items("Jobsøgning"),
			Exclusions: items("Rengøring"), Goals: items("Job inden sommer")}
	}
	const noChange = "Der er ingen ændringer at gemme: ret opgaver, undtagelser, mål, timer eller person."
	tests := []struct {
		name   string
		edit   func(in *RevisionInput)
		person *Person
		fn     Function
		preset Validation
		want   map[string]string
	}{
		{name: "flere timer", person: mette, fn: FunctionMentor},
		{name: "ny person", person: jonas, fn: FunctionMentor, edit: func(in *RevisionInput) { in.HoursPerWeek, in.PersonID = 2, 8 }},
		{name: "ny opgave", person: mette, fn: FunctionMentor,
			edit: func(in *RevisionInput) { in.HoursPerWeek, in.Tasks = 2, items("Jobsøgning", "CV") }},
		{name: "ingen ændringer", person: mette, fn: FunctionMentor,
			edit: func(in *RevisionInput) { in.HoursPerWeek = 2 },
			want: map[string]string{"reason": noChange}},
		{name: "tomme og dobbelte linjer er ingen ændring", person: mette, fn: FunctionMentor,
			edit: func(in *RevisionInput) { in.HoursPerWeek, in.Tasks = 2, items(" Jobsøgning ", "jobsøgning", "") },
			want: map[string]string{"reason": noChange}},
		{name: "ingen begrundelse", person: mette, fn: FunctionMentor, edit: func(in *RevisionInput) { in.Reason = " \t" },
			want: map[string]string{"reason": "Skriv begrundelsen for ændringen."}},
		{name: "ingen begrundelse og ingen ændring: kun begrundelsen nævnes", person: mette, fn: FunctionMentor,
			edit: func(in *RevisionInput) { in.Reason, in.HoursPerWeek = "", 2 },
			want: map[string]string{"reason": "Skriv begrundelsen for ændringen."}},
		{name: "for lang begrundelse", person: mette, fn: FunctionMentor, edit: func(in *RevisionInput) { in.Reason = strings.Repeat("b", MaxLongText+1) },
			want: map[string]string{"reason": "Teksten må højst være 4000 tegn (du har skrevet 4001)."}},
		{name: "for lang undtagelse", person: mette, fn: FunctionMentor, edit: func(in *RevisionInput) { in.Exclusions = items(strings.Repeat("u", MaxLineText+1)) },
			want: map[string]string{"exclusions": "Teksten må højst være 500 tegn (du har skrevet 501)."}},
		{name: "ugyldige timer", person: mette, fn: FunctionMentor, edit: func(in *RevisionInput) { in.HoursPerWeek = 41 },
			want: map[string]string{"hours": "Timer pr. uge skal være mellem 0,25 og 40."}},
		{name: "timefejl fra formularen bevares", person: mette, fn: FunctionMentor, edit: func(in *RevisionInput) { in.HoursPerWeek = 0 },
			preset: Validation{"hours": "Skriv timer som et tal, fx 2,5 eller 3,75."},
			want:   map[string]string{"hours": "Skriv timer som et tal, fx 2,5 eller 3,75."}},
		{name: "ingen person", person: nil, fn: FunctionMentor,
			want: map[string]string{"person_id": "Vælg den person, der skal varetage støtten."}},
		{name: "person ikke kvalificeret til § 85", person: mette, fn: FunctionSupport,
			want: map[string]string{"person_id": "Mette er ikke kvalificeret som støttekontaktperson."}},
		{name: "ingen mål, opgaver eller undtagelser", person: mette, fn: FunctionMentor,
			edit: func(in *RevisionInput) { in.Goals, in.Tasks, in.Exclusions = nil, items(" "), nil },
			want: map[string]string{
				"goals":      "Skriv mindst ét mål for støtten.",
				"tasks":      "Vælg eller skriv mindst én opgave, mentoren løser.",
				"exclusions": "Vælg eller skriv mindst én ting, mentoren ikke gør.",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			if tt.edit != nil {
				tt.edit(&in)
			}
			v := Validation{}
			maps.Copy(v, tt.preset)
			checkFields(t, ValidateRevision(&in, current, tt.person, tt.fn, v), tt.want)
		})
	}
}

func TestCitizenInputValidate(t *testing.T) {
	cw := int64(3)
	base := func() CitizenInput {
		return CitizenInput{CPR: " 010190-1234 ", Name: " Mette Jensen ", Phone: " +45 12 34-56 78 ", Email: " mette@eksempel.dk ",
			Address: " Vestergade 1 ", CaseworkerID: &cw}
	}
	tests := []struct {
		name string
		edit func(in *CitizenInput)
		want map[string]string
	}{
		{name: "gyldig borger"},
		{name: "uden telefon og e-mail", edit: func(in *CitizenInput) { in.Phone, in.Email = "", "" }},
		{name: "CPR med forkert længde", edit: func(in *CitizenInput) { in.CPR = "01019012" },
			want: map[string]string{"cpr": "Skriv CPR-nummeret som DDMMÅÅ-LLLL eller 10 cifre."}},
		{name: "CPR med ugyldig dato", edit: func(in *CitizenInput) { in.CPR = "3102901234" },
			want: map[string]string{"cpr": "De første seks cifre skal være en gyldig fødselsdato (DDMMÅÅ)."}},
		{name: "intet navn", edit: func(in *CitizenInput) { in.Name = "   " },
			want: map[string]string{"name": "Skriv borgerens navn."}},
		{name: "for langt navn", edit: func(in *CitizenInput) { in.Name = strings.Repeat("n", MaxShortText+1) },
			want: map[string]string{"name": "Teksten må højst være 200 tegn (du har skrevet 201)."}},
		{name: "for lang adresse", edit: func(in *CitizenInput) { in.Address = strings.Repeat("a", MaxShortText+1) },
			want: map[string]string{"address": "Teksten må højst være 200 tegn (du har skrevet 201)."}},
		{name: "for langt telefonnummer", edit: func(in *CitizenInput) { in.Phone = strings.Repeat("1", 31) },
			want: map[string]string{"phone": "Teksten må højst være 30 tegn (du har skrevet 31)."}},
		{name: "bogstaver i telefonnummer", edit: func(in *CitizenInput) { in.Phone = "12 34 AB" },
			want: map[string]string{"phone": "Et telefonnummer må kun indeholde tal, mellemrum, bindestreg og +."}},
		{name: "ufuldstændig e-mail", edit: func(in *CitizenInput) { in.Email = "mette@" },
			want: map[string]string{"email": "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk."}},
		{name: "e-mail med navn", edit: func(in *CitizenInput) { in.Email = "Mette <mette@eksempel.dk>" },
			want: map[string]string{"email": "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk."}},
		{name: "ubrugelige tegn i e-mail", edit: func(in *CitizenInput) { in.Email = "mette\x00@eksempel.dk" },
			want: map[string]string{"email": UnusableText}},
		{name: "ingen sagsbehandler", edit: func(in *CitizenInput) { in.CaseworkerID = nil },
			want: map[string]string{"caseworker_id": "Vælg den ansvarlige sagsbehandler."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			if tt.edit != nil {
				tt.edit(&in)
			}
			cpr, err := in.Validate()
			checkFields(t, err, tt.want)
			if _, bad := tt.want["cpr"]; bad != (cpr == "") {
				t.Fatalf("cpr %q with errors %v", cpr, FieldErrors(err))
			}
			if tt.want == nil {
				if cpr != "0101901234" || in.Name != "Mette Jensen" || in.Address != "Vestergade 1" ||
					in.Phone != strings.TrimSpace(in.Phone) || in.Email != strings.TrimSpace(in.Email) {
					t.Fatalf("not normalised: %q %+v", cpr, in)
				}
			}
		})
	}
	if got := (&DuplicateCPRError{CitizenID: 4}).Error(); got != "cpr already registered" {
		t.Errorf("DuplicateCPRError: %q", got)
	}
}
