package domain

import (
	"maps"
	"testing"
	"time"
)

func TestSupportLevelLabels(t *testing.T) {
	want := map[SupportLevel]string{SupportNone: "Intet", SupportLight: "Let", SupportModerate: "Moderat",
		SupportHigh: "Højt", SupportTotal: "Fuldstændigt"}
	if len(SupportLevels) != len(want) {
		t.Fatalf("levels %v", SupportLevels)
	}
	for _, l := range SupportLevels {
		if !l.Valid() || l.Label() != want[l] {
			t.Errorf("%s: valid %v, label %q, want %q", l, l.Valid(), l.Label(), want[l])
		}
	}
	if SupportLevel("svaert").Valid() || SupportLevel("").Valid() {
		t.Error("an unknown level is valid")
	}
	if l := EntityLabel(EntitySupportTerm); l == EntityLabel("x") || l == "" {
		t.Errorf("no Danish label for the FFB lists in the access log: %q", l)
	}
	if SupportTermArea.Label() != "Område" || SupportTermPurpose.Label() != "Indsatsformål" {
		t.Error("term kind labels")
	}
}

func TestValidateSupportNeed(t *testing.T) {
	d := func(y int, m time.Month, day int) Date { return MakeDate(y, m, day) }
	p := func(d Date) *Date { return &d }
	id := func(n int64) *int64 { return &n }
	retired := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sel := LegalBasis{Paragraph: "§ 85", Function: FunctionSupport}
	lab := LegalBasis{Paragraph: "§ 167", Function: FunctionMentor}
	areas := []SupportTerm{{ID: 1, Name: "Egenomsorg"}, {ID: 2, Name: "Socialt liv"}, {ID: 3, Name: "Gammelt", RetiredAt: &retired}}
	purposes := []SupportTerm{{ID: 10, Name: "Udvikle funktionsevne"}, {ID: 11, Name: "Udgået", RetiredAt: &retired}}
	base := func() GrantInput {
		return GrantInput{Start: d(2026, 9, 1), FollowUp: p(d(2026, 12, 1)), SupportPurposeID: id(10),
			SupportNeeds: []SupportNeed{{AreaID: 1, Level: SupportModerate}, {AreaID: 2, Level: SupportLight}}}
	}
	const followUpMsg = "Følg op på støttebehovet inden for bevillingens periode og senest 12 måneder efter start: senest "
	tests := []struct {
		name      string
		lb        LegalBasis
		edit      func(in *GrantInput)
		preset    Validation
		want      map[string]string
		wantNeeds int
	}{
		{name: "gyldig vurdering", lb: sel, wantNeeds: 2},
		{name: "ét område er nok", lb: sel, edit: func(in *GrantInput) { in.SupportNeeds = in.SupportNeeds[:1] }, wantNeeds: 1},
		{name: "intet vurderet", lb: sel, edit: func(in *GrantInput) { in.SupportNeeds = nil },
			want: map[string]string{"support_needs": "Vurdér støttebehovet på mindst ét område."}},
		{name: "ukendt niveau", lb: sel, edit: func(in *GrantInput) { in.SupportNeeds[1].Level = "svaert" },
			want: map[string]string{"support_needs": "Vælg støttebehovet for Socialt liv: Intet, Let, Moderat, Højt eller Fuldstændigt."}},
		{name: "ukendt område", lb: sel, edit: func(in *GrantInput) { in.SupportNeeds[0].AreaID = 99 },
			want: map[string]string{"support_needs": "Vælg områderne fra listen."}},
		{name: "udgået område", lb: sel, edit: func(in *GrantInput) { in.SupportNeeds[0].AreaID = 3 },
			want: map[string]string{"support_needs": "Vælg områderne fra listen."}},
		{name: "samme område to gange", lb: sel, edit: func(in *GrantInput) { in.SupportNeeds[1].AreaID = 1 },
			want: map[string]string{"support_needs": "Vurdér hvert område én gang."}},
		{name: "intet indsatsformål", lb: sel, edit: func(in *GrantInput) { in.SupportPurposeID = nil },
			want: map[string]string{"support_purpose_id": "Vælg indsatsformålet."}},
		{name: "udgået indsatsformål", lb: sel, edit: func(in *GrantInput) { in.SupportPurposeID = id(11) },
			want: map[string]string{"support_purpose_id": "Vælg et indsatsformål fra listen."}},
		{name: "ukendt indsatsformål", lb: sel, edit: func(in *GrantInput) { in.SupportPurposeID = id(12) },
			want: map[string]string{"support_purpose_id": "Vælg et indsatsformål fra listen."}},
		{name: "ingen opfølgningsdato", lb: sel, edit: func(in *GrantInput) { in.FollowUp = nil },
			want: map[string]string{"follow_up": "Sæt en opfølgningsdato for støttebehovet."}},
		{name: "opfølgningsfejl fra ValidateGrant bevares", lb: sel, edit: func(in *GrantInput) { in.FollowUp = nil },
			preset: Validation{"follow_up": "Opfølgningsdatoen skal være efter startdatoen."},
			want:   map[string]string{"follow_up": "Opfølgningsdatoen skal være efter startdatoen."}},
		{name: "opfølgning præcis 12 måneder efter start", lb: sel, edit: func(in *GrantInput) { in.FollowUp = p(d(2027, 9, 1)) }, wantNeeds: 2},
		{name: "opfølgning dagen efter 12 måneder", lb: sel, edit: func(in *GrantInput) { in.FollowUp = p(d(2027, 9, 2)) },
			want: map[string]string{"follow_up": followUpMsg + "01.09.2027."}},
		{name: "opfølgning efter slutdatoen", lb: sel, edit: func(in *GrantInput) { in.End, in.FollowUp = p(d(2026, 11, 30)), p(d(2026, 12, 1)) },
			want: map[string]string{"follow_up": followUpMsg + "30.11.2026."}},
		{name: "opfølgning på slutdatoen", lb: sel, edit: func(in *GrantInput) { in.End = p(d(2026, 12, 1)) }, wantNeeds: 2},
		{name: "31.01 + 12 måneder", lb: sel, edit: func(in *GrantInput) { in.Start, in.FollowUp = d(2027, 1, 31), p(d(2028, 2, 1)) },
			want: map[string]string{"follow_up": followUpMsg + "31.01.2028."}},
		{name: "startfejl: opfølgning tjekkes ikke mod start", lb: sel, edit: func(in *GrantInput) { in.FollowUp = p(d(2030, 1, 1)) },
			preset: Validation{"start": "Skriv datoen som dd.mm.åååå."}, want: map[string]string{"start": "Skriv datoen som dd.mm.åååå."}, wantNeeds: 2},
		{name: "LAB: det indsendte droppes", lb: lab, edit: func(in *GrantInput) { in.FollowUp = nil; in.SupportNeeds[0].Level = "x" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			if tt.edit != nil {
				tt.edit(&in)
			}
			v := Validation{}
			maps.Copy(v, tt.preset)
			ValidateSupportNeed(&in, tt.lb, areas, purposes, v)
			if !maps.Equal(map[string]string(v), tt.want) && !(len(v) == 0 && len(tt.want) == 0) {
				t.Fatalf("messages %v\nwant %v", v, tt.want)
			}
			if len(tt.want) == 0 || tt.wantNeeds > 0 {
				if len(in.SupportNeeds) != tt.wantNeeds {
					t.Fatalf("needs %v, want %d", in.SupportNeeds, tt.wantNeeds)
				}
				for _, n := range in.SupportNeeds {
					if n.AreaName == "" {
						t.Fatalf("need without its area's name: %v", n)
					}
				}
			}
			if tt.lb.Function == FunctionMentor && (in.SupportNeeds != nil || in.SupportPurposeID != nil) {
				t.Fatalf("LAB grant kept an FFB part: %v %v", in.SupportNeeds, in.SupportPurposeID)
			}
		})
	}
}
