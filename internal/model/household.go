package model

import "github.com/ontschot/ontschot/internal/money"

// Feedback is one score with text, about a provider or one delivery.
type Feedback struct {
	ID         int64  `json:"id"`
	Author     string `json:"author"`  // user name of the member who wrote it
	Subject    string `json:"subject"` // person pseudonym the feedback is about
	AGB        string `json:"agb"`
	DeliveryID *int64 `json:"delivery_id"`
	Score      int    `json:"score"`
	Body       string `json:"body"`
	CreatedAt  string `json:"created_at"`
}

// HouseholdPerson is one person of a household on a date.
type HouseholdPerson struct {
	Person        string
	Geboortedatum int64 // YYYYMMDD, 0 when unknown
}

// Minor says whether the person is under 18 on date (YYYYMMDD).
func (p HouseholdPerson) Minor(date int64) bool {
	return p.Geboortedatum != 0 && p.Geboortedatum+180000 > date
}

// DeliveryRow is one delivery as the household and family pages show it,
// with its assigned product when the delivery names one.
type DeliveryRow struct {
	ID          int64       `json:"id"`
	Person      string      `json:"person"`
	AGB         string      `json:"agb"`
	Referentie  string      `json:"referentie"`
	Credit      bool        `json:"credit"`
	Geldstroom  string      `json:"geldstroom"`
	Categorie   string      `json:"categorie"`
	Productcode string      `json:"productcode"`
	Begin       int64       `json:"begindatum"`
	Eind        int64       `json:"einddatum"`
	Volume      int64       `json:"volume"`
	Eenheid     string      `json:"eenheid"`
	AmountCent  money.Cents `json:"amount_cent"` // signed: credits negative
	Toewijzing  string      `json:"toewijzing,omitempty"`
}

// AssignedProduct is a toewijzing with what was delivered against it.
type AssignedProduct struct {
	AGB              string      `json:"agb"`
	ToewijzingNummer string      `json:"toewijzingnummer"`
	Person           string      `json:"person"`
	Geldstroom       string      `json:"geldstroom"`
	Categorie        string      `json:"categorie"`
	Productcode      string      `json:"productcode"`
	Ingangsdatum     int64       `json:"ingangsdatum"`
	Einddatum        int64       `json:"einddatum"`
	Volume           int64       `json:"volume"`
	Eenheid          string      `json:"eenheid"`
	Frequentie       string      `json:"frequentie"`
	BudgetCent       money.Cents `json:"budget_cent"`
	DeliveredCent    money.Cents `json:"delivered_cent"`
	DeliveredVolume  int64       `json:"delivered_volume"`
}
