package domain

import (
	"strings"
	"time"
)

// ConcernCategory is what kind of report a concern is, with the guidance a
// mentor sees when choosing it.
type ConcernCategory struct {
	Value, Label, Guidance string
}

// ConcernCategories are the categories of tavshedspligt og indberetningspligt.
var ConcernCategories = []ConcernCategory{
	{"barn", "Underretning om et barn (barnets lov §§ 133–135)",
		"Du har en personlig pligt til at underrette kommunen, hvis du får kendskab til, at et barn eller en ung under 18 år kan have behov for særlig støtte. Pligten går forud for din tavshedspligt, og du kan ikke overlade den til andre. Registrér bekymringen her, så sagsbehandleren og teamlederen ser den med det samme. Er barnet i akut fare, så ring 112."},
	{"politi", "Oplysninger til politiet",
		"Er nogen i akut fare, så ring 112 først. Ellers må du som udgangspunkt ikke selv give oplysninger om borgeren til politiet: beskriv her, hvad du ved, og sagsbehandleren vurderer, om der er hjemmel til at videregive dem, fx for at afværge en forbrydelse."},
	{"anden_myndighed", "Oplysninger til anden myndighed",
		"Oplysninger om borgeren må kun gives videre med borgerens samtykke eller med hjemmel i loven. Beskriv her, hvad du ved, og hvilken myndighed det angår; sagsbehandleren vurderer videregivelsen."},
	{"helbred_sikkerhed", "Bekymring for borgerens helbred eller sikkerhed",
		"Er borgeren i akut fare, så ring 112. Ved tanker om selvmord kan du sammen med borgeren ringe til Livslinien på 70 201 201. Beskriv her, hvad du har set eller hørt, så sagsbehandleren kan følge op."},
}

// ConcernUrgencies in the order shown.
var ConcernUrgencies = []Option{{"akut", "Akut – skal ses i dag"}, {"hoej", "Høj – inden for få dage"}, {"normal", "Normal"}}

// ConcernCategoryOf returns the category with value, or false.
func ConcernCategoryOf(value string) (ConcernCategory, bool) {
	for _, c := range ConcernCategories {
		if c.Value == value {
			return c, true
		}
	}
	return ConcernCategory{}, false
}

// Concern statuses.
const (
	ConcernNew          = "ny"
	ConcernAcknowledged = "kvitteret"
	ConcernClosed       = "afsluttet"
)

// ConcernStatusLabel is the status as shown.
func ConcernStatusLabel(s string) string {
	switch s {
	case ConcernNew:
		return "Ny – ikke set"
	case ConcernAcknowledged:
		return "Kvitteret – under behandling"
	case ConcernClosed:
		return "Håndteret"
	}
	return s
}

// Concern is a mentor's report under the duty to report.
type Concern struct {
	ID                 int64
	CitizenID          int64
	CitizenName        string
	SessionID          *int64
	ReporterID         int64
	ReporterName       string
	Category           string
	Urgency            string
	Description        string
	Status             string
	AcknowledgedByName string
	AcknowledgedAt     *time.Time
	Handling           string
	Outcome            string
	HandledByName      string
	HandledAt          *time.Time
	CreatedAt          time.Time
}

// ConcernInput is the concern form.
type ConcernInput struct {
	CitizenID   int64
	SessionID   *int64
	Category    string
	Urgency     string
	Description string
	FormToken   string // the create form's one-time token (see AlreadySaved)
}

// Validate checks the concern form.
func (in *ConcernInput) Validate() error {
	in.Description = strings.TrimSpace(in.Description)
	v := Validation{}
	if _, ok := ConcernCategoryOf(in.Category); !ok {
		v.Add("category", "Vælg hvilken slags bekymring det er.")
	}
	if !validOption(ConcernUrgencies, in.Urgency) {
		v.Add("urgency", "Vælg hvor hurtigt der skal handles.")
	}
	if in.Description == "" {
		v.Add("description", "Beskriv hvad du har set eller hørt.")
	} else {
		v.Text("description", in.Description, MaxLongText)
	}
	return v.Err()
}

// ConcernHandling is how case staff handled a concern.
type ConcernHandling struct {
	Handling string
	Outcome  string
}

// ConcernFilter selects concerns. For case staff: CaseworkerID limits to the
// citizens they are responsible for; AllCitizens is for team leads.
type ConcernFilter struct {
	CitizenID    *int64
	ReporterID   *int64
	CaseworkerID *int64
	OpenOnly     bool
}
