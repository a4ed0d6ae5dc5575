package domain

import (
	"strings"
	"testing"
	"time"
)

func sessionGrant() Grant {
	end := MakeDate(2027, 2, 28)
	return Grant{Start: MakeDate(2026, 9, 1), End: &end, Status: StatusGranted,
		Tasks:      []Item{{Text: "Hjælp til at komme op om morgenen"}},
		Exclusions: []Item{{Text: "Ingen opgaver inden for borgerens hoveddør"}}}
}

func validSession() SessionInput {
	return SessionInput{OccurredOn: MakeDate(2026, 11, 24), StartTime: "9.05", Minutes: 45, Form: "fremmoede",
		Contact: "kontakt", Place: "uden_for_hjemmet", Direction: "mod", Tasks: []string{"Hjælp til at komme op om morgenen"},
		Scores: map[int64]int{7: 3}}
}

func TestValidateSession(t *testing.T) {
	today := MakeDate(2026, 11, 24)
	goals := []Goal{{ID: 7, Text: "Møde til tiden"}}
	in := validSession()
	if flag, err := ValidateSession(&in, sessionGrant(), goals, today, 5, Validation{}); err != nil || flag {
		t.Fatalf("valid session: %v %v", FieldErrors(err), flag)
	}
	if in.StartTime != "09:05" {
		t.Fatalf("clock normalised to %q", in.StartTime)
	}
	tests := []struct {
		name  string
		edit  func(*SessionInput)
		field string
	}{
		{"future", func(s *SessionInput) { s.OccurredOn = today.AddDate(0, 0, 1) }, "occurred_on"},
		{"before grant", func(s *SessionInput) { s.OccurredOn = MakeDate(2026, 8, 31) }, "occurred_on"},
		{"too short", func(s *SessionInput) { s.Minutes = 4 }, "minutes"},
		{"too long", func(s *SessionInput) { s.Minutes = 601 }, "minutes"},
		{"bad clock", func(s *SessionInput) { s.StartTime = "24:00" }, "start_time"},
		{"unknown form", func(s *SessionInput) { s.Form = "brev" }, "form"},
		{"unknown contact", func(s *SessionInput) { s.Contact = "" }, "contact"},
		{"unknown direction", func(s *SessionInput) { s.Direction = "op" }, "direction"},
		{"foreign task", func(s *SessionInput) { s.Tasks = []string{"Gøre rent"} }, "tasks"},
		{"foreign goal", func(s *SessionInput) { s.Scores = map[int64]int{99: 3} }, "scores"},
		{"score above scale", func(s *SessionInput) { s.Scores = map[int64]int{7: 6} }, "scores"},
		{"home without reason", func(s *SessionInput) { s.Place = "i_hjemmet" }, "home_justification"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validSession()
			tt.edit(&in)
			_, err := ValidateSession(&in, sessionGrant(), goals, today, 5, Validation{})
			if FieldErrors(err)[tt.field] == "" {
				t.Fatalf("want a message for %s, got %v", tt.field, FieldErrors(err))
			}
		})
	}
	in = validSession()
	in.Place, in.HomeJustification = "i_hjemmet", "Borgeren var syg"
	if flag, err := ValidateSession(&in, sessionGrant(), goals, today, 5, Validation{}); err != nil || !flag {
		t.Fatalf("justified home session must be saved and flagged: %v %v", err, flag)
	}
	noExclusion := sessionGrant()
	noExclusion.Exclusions = []Item{{Text: "Ingen terapeutiske samtaler"}}
	in = validSession()
	in.Place = "i_hjemmet"
	if flag, err := ValidateSession(&in, noExclusion, goals, today, 5, Validation{}); err != nil || flag {
		t.Fatal("the home is fine when the grant does not exclude it")
	}
}

func TestCorrectionWindow(t *testing.T) {
	created := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	s := Session{AuthorID: 1, CreatedAt: created}
	if !s.CorrectableBy(1, created.Add(7*24*time.Hour)) || s.CorrectableBy(1, created.Add(7*24*time.Hour+time.Minute)) {
		t.Fatal("the author corrects for exactly 7 days")
	}
	if s.CorrectableBy(2, created) {
		t.Fatal("only the author corrects")
	}
	discarded := created.Add(time.Hour)
	s.DiscardedAt = &discarded
	if s.CorrectableBy(1, created) {
		t.Fatal("a discarded session is not corrected")
	}
}

func TestConcernValidation(t *testing.T) {
	in := ConcernInput{Category: "barn", Urgency: "akut", Description: "  Barnet var alene  "}
	if err := in.Validate(); err != nil || in.Description != "Barnet var alene" {
		t.Fatalf("valid concern: %v", err)
	}
	bad := ConcernInput{Category: "sladder", Urgency: "nu", Description: strings.Repeat("x", 4001)}
	f := FieldErrors(bad.Validate())
	if f["category"] == "" || f["urgency"] == "" || f["description"] == "" {
		t.Fatalf("bad concern: %v", f)
	}
	for _, c := range ConcernCategories {
		if c.Guidance == "" || c.Label == "" {
			t.Fatalf("category %s lacks guidance", c.Value)
		}
	}
}

func TestDirectionOptions(t *testing.T) {
	if OptionLabel(Directions, "mod") != "Mod arbejdsmarkedet" || OptionLabel(Places, "x") != "x" {
		t.Fatal("labels")
	}
}
