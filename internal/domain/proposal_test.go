package domain

import (
	"maps"
	"testing"
	"time"
)

func TestProposalInputValidate(t *testing.T) {
	today := MakeDate(2026, 3, 10)
	good := func() ProposalInput {
		return ProposalInput{Kind: SwitchLABTo85, EffectiveOn: today, PersonID: 7, HoursPerWeek: 2.5, Need: "  Behovet består  "}
	}
	tests := []struct {
		name   string
		change func(*ProposalInput)
		want   map[string]string
	}{
		{"gyldig: skift", func(*ProposalInput) {}, nil},
		{"gyldig: parallel", func(in *ProposalInput) { in.Kind = SwitchAddParallel }, nil},
		{"forkert slags skift", func(in *ProposalInput) { in.Kind = Switch85ToLAB },
			map[string]string{"kind": "En indstilling gælder et skift fra mentor til støttekontaktperson eller § 85-støtte parallelt med mentorstøtten."}},
		{"afslutning er ingen indstilling", func(in *ProposalInput) { in.Kind = SwitchEndAll },
			map[string]string{"kind": "En indstilling gælder et skift fra mentor til støttekontaktperson eller § 85-støtte parallelt med mentorstøtten."}},
		{"ingen dato", func(in *ProposalInput) { in.EffectiveOn = Date{} },
			map[string]string{"effective_on": "Skriv den dato, støtten efter § 85 foreslås at gælde fra."}},
		{"ingen person", func(in *ProposalInput) { in.PersonID = 0 },
			map[string]string{"person_id": "Vælg den foreslåede støttekontaktperson."}},
		{"for mange timer", func(in *ProposalInput) { in.HoursPerWeek = 41 },
			map[string]string{"hours": "Timer pr. uge skal være mellem 0,25 og 40."}},
		{"ikke kvarte timer", func(in *ProposalInput) { in.HoursPerWeek = 2.1 },
			map[string]string{"hours": "Skriv hele eller kvarte timer, fx 2, 2,25, 2,5 eller 2,75."}},
		{"intet behov (kun mellemrum)", func(in *ProposalInput) { in.Need = "   " },
			map[string]string{"reason": "Beskriv behovet og begrundelsen for indstillingen."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good()
			tt.change(&in)
			err := in.Validate(today, Validation{})
			if tt.want == nil {
				if err != nil {
					t.Fatalf("refused: %v %v", err, FieldErrors(err))
				}
				if in.Need != "Behovet består" {
					t.Fatalf("need not trimmed: %q", in.Need)
				}
				return
			}
			if ErrorCode(err) != EINVALID || !maps.Equal(FieldErrors(err), tt.want) {
				t.Fatalf("got %v %v, want %v", ErrorCode(err), FieldErrors(err), tt.want)
			}
		})
	}
	// A message from reading the form is kept, not replaced.
	in := good()
	err := in.Validate(today, Validation{"hours": "Skriv timer som et tal, fx 2,5 eller 3,75."})
	if FieldErrors(err)["hours"] != "Skriv timer som et tal, fx 2,5 eller 3,75." {
		t.Fatalf("form message lost: %v", FieldErrors(err))
	}
}

func TestCheckProposal(t *testing.T) {
	lab := Grant{ID: 1, Function: FunctionMentor}
	sel := Grant{ID: 2, Function: FunctionSupport}
	tests := []struct {
		name    string
		active  []Grant
		wantLAB bool
		want    string
	}{
		{"aktiv LAB alene", []Grant{lab}, true, ""},
		{"ingen bevilling", nil, false, "En indstilling til Socialforvaltningen kræver, at borgeren har en aktiv mentorbevilling efter LAB."},
		{"kun § 85", []Grant{sel}, false, "En indstilling til Socialforvaltningen kræver, at borgeren har en aktiv mentorbevilling efter LAB."},
		{"LAB og § 85", []Grant{lab, sel}, true, "Borgeren har allerede støtte efter § 85."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Validation{}
			got := CheckProposal(SwitchLABTo85, tt.active, v)
			if (got != nil) != tt.wantLAB || (got != nil && got.ID != lab.ID) {
				t.Fatalf("LAB grant = %v, want found=%v", got, tt.wantLAB)
			}
			if v["kind"] != tt.want {
				t.Fatalf("message %q, want %q", v["kind"], tt.want)
			}
		})
	}
}

func TestProposalRoles(t *testing.T) {
	sel := LegalBasis{Paragraph: "§ 85", Function: FunctionSupport,
		Administration: Administration{Code: AdministrationSocial, Name: "Socialforvaltningen", GrantingRole: RoleSocialWorker}}
	lab := LegalBasis{Paragraph: "§ 31", Function: FunctionMentor,
		Administration: Administration{Code: AdministrationEmployment, Name: "Jobcentret", GrantingRole: RoleCaseworker}}
	tests := []struct {
		name       string
		roles      Roles
		propose    bool
		decide     bool
		refusal85  string
		refusalLAB string
	}{
		{"sagsbehandler", Roles{RoleCaseworker}, true, false,
			"Bevillinger efter § 85 træffes af Socialforvaltningen. Brug »Indstil til Socialforvaltningen« i stedet.", ""},
		{"socialrådgiver", Roles{RoleSocialWorker}, false, true,
			"", "Bevillinger efter § 31 træffes af Jobcentret."},
		{"teamleder", Roles{RoleTeamLead}, false, false,
			"Bevillinger efter § 85 træffes af Socialforvaltningen.", "Bevillinger efter § 31 træffes af Jobcentret."},
		{"mentor", Roles{RoleMentor}, false, false,
			"Bevillinger efter § 85 træffes af Socialforvaltningen.", "Bevillinger efter § 31 træffes af Jobcentret."},
		{"ingen roller", nil, false, false,
			"Bevillinger efter § 85 træffes af Socialforvaltningen.", "Bevillinger efter § 31 træffes af Jobcentret."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MayPropose(tt.roles); got != tt.propose {
				t.Errorf("MayPropose = %v, want %v", got, tt.propose)
			}
			if got := MayDecideProposal(tt.roles, sel); got != tt.decide {
				t.Errorf("MayDecideProposal = %v, want %v", got, tt.decide)
			}
			if got := GrantRefusal(tt.roles, sel); got != tt.refusal85 {
				t.Errorf("GrantRefusal(§ 85) = %q, want %q", got, tt.refusal85)
			}
			if got := GrantRefusal(tt.roles, lab); got != tt.refusalLAB {
				t.Errorf("GrantRefusal(LAB) = %q, want %q", got, tt.refusalLAB)
			}
		})
	}
	unnamed := LegalBasis{Paragraph: "§ 85", Function: FunctionSupport}
	if got := GrantRefusal(Roles{RoleSocialWorker}, unnamed); got != "Bevillinger efter § 85 træffes af lovgrundlagets forvaltning." {
		t.Fatalf("unnamed administration: %q", got)
	}
}

func TestCheckDecision(t *testing.T) {
	pending := Proposal{Status: ProposalPending, Version: 3}
	tests := []struct {
		name    string
		p       Proposal
		version int
		reject  bool
		reason  string
		code    string
		field   string
	}{
		{"godkend ventende", pending, 3, false, "", "", ""},
		{"afvis med begrundelse", pending, 3, true, "Borgeren har ikke behov", "", ""},
		{"afvis uden begrundelse", pending, 3, true, "  ", EINVALID, "Skriv begrundelsen for afvisningen. Den vises for sagsbehandleren."},
		{"godkendt kan ikke afgøres igen", Proposal{Status: ProposalApproved, Version: 3}, 3, false, "", ECONFLICT, ""},
		{"afvist kan ikke afvises igen", Proposal{Status: ProposalRejected, Version: 3}, 3, true, "igen", ECONFLICT, ""},
		{"forældet version", pending, 2, false, "", ECONFLICT, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckDecision(tt.p, tt.version, tt.reject, tt.reason, Validation{})
			if ErrorCode(err) != tt.code {
				t.Fatalf("code %q (%v), want %q", ErrorCode(err), err, tt.code)
			}
			if tt.field != "" && FieldErrors(err)["reject_reason"] != tt.field {
				t.Fatalf("field message %v", FieldErrors(err))
			}
		})
	}
	if msg := ErrorMessage(CheckDecision(Proposal{Status: ProposalApproved}, 0, false, "", Validation{})); msg != "Indstillingen er allerede godkendt." {
		t.Fatalf("message %q", msg)
	}
}

func TestProposalAgeAndOverdue(t *testing.T) {
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, time.UTC) }
	decided := at(3, 4, 9)
	tests := []struct {
		name    string
		p       Proposal
		today   Date
		age     int
		overdue bool
	}{
		{"samme dag", Proposal{Status: ProposalPending, ProposedAt: at(3, 1, 15)}, MakeDate(2026, 3, 1), 0, false},
		{"på grænsen (5 dage)", Proposal{Status: ProposalPending, ProposedAt: at(3, 1, 15)}, MakeDate(2026, 3, 6), 5, false},
		{"over grænsen (6 dage)", Proposal{Status: ProposalPending, ProposedAt: at(3, 1, 15)}, MakeDate(2026, 3, 7), 6, true},
		{"afgjort: alder til afgørelsen, aldrig forsinket", Proposal{Status: ProposalApproved, ProposedAt: at(3, 1, 15), DecidedAt: &decided}, MakeDate(2026, 4, 1), 3, false},
		{"afvist er ikke forsinket", Proposal{Status: ProposalRejected, ProposedAt: at(3, 1, 15), DecidedAt: &decided}, MakeDate(2026, 6, 1), 3, false},
		{"dato før indstillingen giver 0", Proposal{Status: ProposalPending, ProposedAt: at(3, 10, 8)}, MakeDate(2026, 3, 1), 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.AgeDays(tt.today); got != tt.age {
				t.Errorf("AgeDays = %d, want %d", got, tt.age)
			}
			if got := tt.p.Overdue(tt.today, 5); got != tt.overdue {
				t.Errorf("Overdue = %v, want %v", got, tt.overdue)
			}
		})
	}
}
