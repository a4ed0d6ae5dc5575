package domain

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestFunctionPersonNoun(t *testing.T) {
	tests := []struct {
		f                        Function
		noun, definite, lawLabel string
	}{
		{FunctionMentor, "mentor", "mentoren", "Mentor (LAB)"},
		{FunctionSupport, "støttekontaktperson", "støttekontaktpersonen", "Støttekontaktperson (SEL § 85)"},
	}
	for _, tt := range tests {
		t.Run(string(tt.f), func(t *testing.T) {
			if got := tt.f.PersonNoun(); got != tt.noun {
				t.Errorf("PersonNoun() = %q, want %q", got, tt.noun)
			}
			if got := tt.f.PersonNounDefinite(); got != tt.definite {
				t.Errorf("PersonNounDefinite() = %q, want %q", got, tt.definite)
			}
			if got := tt.f.LawLabel(); got != tt.lawLabel {
				t.Errorf("LawLabel() = %q, want %q", got, tt.lawLabel)
			}
			if !tt.f.Valid() {
				t.Error("not Valid")
			}
		})
	}
	if Function("terapeut").Valid() || Function("").Valid() {
		t.Error("an unknown function is Valid")
	}
	// A § 85 grant never speaks of a mentor.
	for _, s := range []string{FunctionSupport.PersonNoun(), FunctionSupport.PersonNounDefinite(), FunctionSupport.LawLabel()} {
		if strings.Contains(strings.ToLower(s), "mentor") {
			t.Errorf("§ 85 wording %q names a mentor", s)
		}
	}
}

func TestCatalogueItemInputValidate(t *testing.T) {
	tests := []struct {
		name         string
		in           CatalogueItemInput
		want         map[string]string
		wantText     string
		wantStandard bool
	}{
		{name: "§ 85-undtagelse, standard", in: CatalogueItemInput{Function: FunctionSupport, Kind: KindExclusion,
			Text: "  Ikke behandling  ", Standard: true}, wantText: "Ikke behandling", wantStandard: true},
		{name: "LAB-opgave", in: CatalogueItemInput{Function: FunctionMentor, Kind: KindTask, Text: "Følge til samtale"},
			wantText: "Følge til samtale"},
		{name: "en opgave kan ikke være standard", in: CatalogueItemInput{Function: FunctionMentor, Kind: KindTask,
			Text: "Følge til samtale", Standard: true}, wantText: "Følge til samtale"},
		{name: "ingen funktion", in: CatalogueItemInput{Kind: KindTask, Text: "x"},
			want: map[string]string{"function": "Vælg, om punktet hører til mentor (LAB) eller støttekontaktperson (SEL § 85)."}},
		{name: "ukendt funktion", in: CatalogueItemInput{Function: "terapeut", Kind: KindTask, Text: "x"},
			want: map[string]string{"function": "Vælg, om punktet hører til mentor (LAB) eller støttekontaktperson (SEL § 85)."}},
		{name: "ukendt art", in: CatalogueItemInput{Function: FunctionSupport, Kind: KindGoal, Text: "x"},
			want: map[string]string{"kind": "Vælg, om punktet er en opgave eller en undtagelse."}},
		{name: "tom tekst", in: CatalogueItemInput{Function: FunctionSupport, Kind: KindTask, Text: "   "},
			want: map[string]string{"text": "Skriv teksten."}},
		{name: "for lang tekst", in: CatalogueItemInput{Function: FunctionSupport, Kind: KindTask, Text: strings.Repeat("a", MaxLineText+1)},
			want: map[string]string{"text": "Teksten må højst være 500 tegn (du har skrevet 501)."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			err := in.Validate(Validation{})
			got := map[string]string{}
			if err != nil {
				e, ok := err.(*Error)
				if !ok || e.Code != EINVALID {
					t.Fatalf("err = %v, want EINVALID", err)
				}
				got = e.Fields
			}
			if !maps.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Fatalf("errors %v\nwant %v", got, tt.want)
			}
			if tt.want == nil && (in.Text != tt.wantText || in.Standard != tt.wantStandard) {
				t.Errorf("cleaned to %q standard=%v, want %q standard=%v", in.Text, in.Standard, tt.wantText, tt.wantStandard)
			}
		})
	}
}

func TestStandardIDs(t *testing.T) {
	sel := []CatalogueItem{
		{ID: 2, Function: FunctionSupport, Text: "Ikke behandling", Standard: true},
		{ID: 3, Function: FunctionSupport, Text: "Ikke praktisk hjælp"},
		{ID: 4, Function: FunctionSupport, Text: "Ikke økonomisk rådgivning", Standard: true},
	}
	if got := StandardIDs(sel); !slices.Equal(got, []int64{2, 4}) {
		t.Errorf("StandardIDs = %v, want [2 4]", got)
	}
	if got := StandardIDs(nil); got != nil {
		t.Errorf("StandardIDs(nil) = %v", got)
	}
}

func TestWithChosen(t *testing.T) {
	id := func(n int64) *int64 { return &n }
	cat := []CatalogueItem{{ID: 10, Text: "Struktur i hverdagen"}, {ID: 11, Text: "Post og økonomi"}}
	tests := []struct {
		name   string
		chosen []Item
		want   []int64
	}{
		{"intet valgt", nil, []int64{10, 11}},
		{"kun fra kataloget", []Item{{CatalogueID: id(11), Text: "Post og økonomi"}}, []int64{10, 11}},
		{"fri linje tilføjer intet", []Item{{Text: "Egen linje"}}, []int64{10, 11}},
		{"linje fra et andet katalog eller udgået bliver stående",
			[]Item{{CatalogueID: id(3), Text: "Hjælp til at kontakte egen læge"}, {CatalogueID: id(10), Text: "Struktur i hverdagen"}},
			[]int64{10, 11, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := WithChosen(cat, tt.chosen)
			var ids []int64
			for _, c := range got {
				ids = append(ids, c.ID)
			}
			if !slices.Equal(ids, tt.want) {
				t.Fatalf("ids %v, want %v", ids, tt.want)
			}
		})
	}
	if len(cat) != 2 {
		t.Error("WithChosen changed the catalogue it was given")
	}
}

func TestCarriedAndPickCarried(t *testing.T) {
	id := func(n int64) *int64 { return &n }
	door := Item{CatalogueID: id(7), Text: "Ingen opgaver inden for borgerens hoveddør"}
	doctor := Item{CatalogueID: id(4), Text: "Hjælp til at kontakte egen læge"}
	free := Item{Text: "Sms-påmindelse aftenen før"}
	selCat := []CatalogueItem{{ID: 20, Text: "Ikke behandling (terapi eller misbrugsbehandling)"}, {ID: 21, Text: "Sms-påmindelse aftenen før"}}

	carried := Carried([]Item{door, doctor, free, {CatalogueID: id(20), Text: "Ikke behandling (terapi eller misbrugsbehandling)"}}, selCat)
	if len(carried) != 2 || carried[0] != door || carried[1] != doctor {
		t.Fatalf("Carried = %+v: want the old lines the new catalogue does not offer (same entry or same text left out)", carried)
	}

	tests := []struct {
		name  string
		texts []string
		want  []Item
	}{
		{"intet valgt: intet føres over", nil, nil},
		{"valgt linje beholder sit katalogpunkt", []string{doctor.Text}, []Item{doctor}},
		{"hoveddøren kun, når den vælges", []string{door.Text, doctor.Text}, []Item{door, doctor}},
		{"ukendt tekst bliver en fri linje", []string{"Noget andet"}, []Item{{Text: "Noget andet"}}},
		{"tom tekst ignoreres", []string{"  "}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PickCarried(carried, tt.texts)
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i].Text != tt.want[i].Text || (got[i].CatalogueID == nil) != (tt.want[i].CatalogueID == nil) ||
					got[i].CatalogueID != nil && *got[i].CatalogueID != *tt.want[i].CatalogueID {
					t.Errorf("item %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}
