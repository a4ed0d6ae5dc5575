package domain

import "testing"

func TestLegalBasisMayGrant(t *testing.T) {
	lab := LegalBasis{Administration: Administration{Code: AdministrationEmployment, GrantingRole: RoleCaseworker}}
	sel := LegalBasis{Administration: Administration{Code: AdministrationSocial, GrantingRole: RoleSocialWorker}}
	tests := []struct {
		name  string
		lb    LegalBasis
		roles Roles
		want  bool
	}{
		{"sagsbehandler bevilger LAB", lab, Roles{RoleCaseworker}, true},
		{"sagsbehandler bevilger ikke § 85", sel, Roles{RoleCaseworker}, false},
		{"socialrådgiver bevilger § 85", sel, Roles{RoleSocialWorker}, true},
		{"socialrådgiver bevilger ikke LAB", lab, Roles{RoleSocialWorker}, false},
		{"teamleder bevilger ingen af dem", sel, Roles{RoleTeamLead, RoleAdmin}, false},
		{"begge roller bevilger begge", sel, Roles{RoleCaseworker, RoleSocialWorker}, true},
		{"lovgrundlag uden forvaltning: ingen", LegalBasis{}, Roles{RoleCaseworker, RoleSocialWorker}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.lb.MayGrant(tt.roles); got != tt.want {
				t.Fatalf("MayGrant(%v) = %v, want %v", tt.roles, got, tt.want)
			}
		})
	}
}

func TestBudgetProblem(t *testing.T) {
	sel := LegalBasis{Paragraph: "§ 85", Administration: Administration{Code: AdministrationSocial, Name: "Socialforvaltningen"}}
	if msg := BudgetProblem(sel, Budget{Name: "Social", Administration: AdministrationSocial}); msg != "" {
		t.Fatalf("own budget refused: %q", msg)
	}
	want := "Budgettet Beskæftigelse hører ikke til Socialforvaltningen. En bevilling efter § 85 betales af Socialforvaltningens budget."
	if msg := BudgetProblem(sel, Budget{Name: "Beskæftigelse", Administration: AdministrationEmployment}); msg != want {
		t.Fatalf("got %q, want %q", msg, want)
	}
	unnamed := LegalBasis{Paragraph: "§ 85", Administration: Administration{Code: AdministrationSocial}}
	if msg := BudgetProblem(unnamed, Budget{Name: "X"}); msg == "" {
		t.Fatal("a budget without administration must be refused")
	}
}
