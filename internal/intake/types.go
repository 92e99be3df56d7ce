// Package intake reads what comes in — the BRP extract, the delivery CSV
// template, the address → buurt table and iJw/iWmo XML — and turns every
// input row into either a valid record or a Rejection with line, field and
// reason in Dutch and English. It never stores anything and never puts a
// full BSN into a message; the importer hands its records to the kluis and
// the store.
package intake

import (
	"fmt"
	"strings"

	"github.com/ontschot/ontschot/internal/model"

	"github.com/ontschot/ontschot/internal/money"
)

// Date is model.Date: the one calendar date every package speaks (kept
// here as an alias so intake's callers read on).
type Date = model.Date

// MakeDate returns the Date of y-m-d without checking it.
func MakeDate(y, m, d int) Date { return model.MakeDate(y, m, d) }

// Delivery is one delivered product in a period (a levering / prestatie).
type Delivery struct {
	Line        int    // line in the input file (CSV row, XML line of the Prestatie)
	AGB         string // provider's AGB code
	Referentie  string // provider's reference; (AGB, Geldstroom, Referentie, Credit) identifies a row (TR314)
	BSN         string // normalised 9-digit BSN; goes only to the kluis
	Geldstroom  string // lower-case geldstroom code, see Geldstromen
	Categorie   string // zorgsoort: iJw/iWmo category or a municipal code
	Productcode string
	Begin, Eind Date
	Volume      int64
	Eenheid     string // WJ756 code, see Eenheden
	Bedrag      money.Cents
	Credit      bool   // debet_credit C: a correction of an earlier debit
	Toewijzing  string // assignment number, optional
	Bron        string // where it came from: "csv", "JW323", "WMO323"
	Gemeente    string // JW323/WMO323: the municipality (Ontvanger, CBS code without GM); "" in a CSV row
}

// Signed returns the amount with its sign: credits count negative.
func (d *Delivery) Signed() money.Cents {
	if d.Credit {
		return -d.Bedrag
	}
	return d.Bedrag
}

// Toewijzing is one assigned product from a JW301/WMO301 message.
type Toewijzing struct {
	Line             int
	AGB              string // the provider it is assigned to
	Gemeente         string // the municipality that assigned it (CBS code without GM, as in the message)
	ToewijzingNummer string
	BSN              string
	Geldstroom       string // "jeugdwet" or "wmo"
	Categorie        string
	Productcode      string
	Ingangsdatum     Date
	Einddatum        Date // zero when open-ended
	Volume           int64
	Eenheid          string
	Frequentie       string // WJ757 code
	Budget           money.Cents
	Reden            string // RedenWijziging, when present
	Adres            *Adres // the client's BRP address (Contact Soort 01), when present
	Bron             string // "JW301" or "WMO301"
	// ReferentieAanbieder is the provider's reference of the request
	// (JW315) this assignment answers (IV094, IV097); empty when the
	// municipality assigned on its own initiative.
	ReferentieAanbieder string
}

// Verzoek is one requested product of a JW315 (verzoek om toewijzing): a
// provider asks the municipality to assign care and says who referred the
// client. Only the kind of referrer (COD327) is kept; the referrer's name
// and AGB code are read past, never handed on.
type Verzoek struct {
	Line                int
	AGB                 string // the provider (Afzender)
	Gemeente            string // the municipality (Ontvanger)
	BSN                 string // goes only to the kluis
	Geldstroom          string // "jeugdwet"
	ReferentieAanbieder string // the provider's reference of the request; the JW301 that answers repeats it
	Categorie           string // optional
	Productcode         string // optional
	Ingangsdatum        Date   // ToewijzingIngangsdatum asked for
	Verwijzer           string // COD327 Type: 01 gemeente, 02 huisarts, …
	Bron                string // "JW315"
}

// StartStop is one product whose care started (JW305/WMO305) or stopped
// (JW307/WMO307): the real start and end of care as the provider reports
// it, beside the assignment (301) that allowed it.
type StartStop struct {
	Line             int
	AGB              string // the provider (Afzender)
	Gemeente         string // the municipality (Ontvanger)
	ToewijzingNummer string
	BSN              string // goes only to the kluis
	Geldstroom       string // "jeugdwet" or "wmo"
	Categorie        string
	Productcode      string // optional
	Stop             bool   // 307: care stopped
	Toewijzing       Date   // ToewijzingIngangsdatum, when given
	Begindatum       Date   // the day care began
	Einddatum        Date   // 307: the day care ended
	Reden            string // 307: RedenBeeindiging (JZ588 / WMO588)
	Status           string // StatusAanlevering (COD467): 1 first, 2 changed, 3 withdrawn
	Bron             string // "JW305", "WMO305", "JW307", "WMO307"
}

// Adres is a residential address as it arrives. It is turned into an
// address pseudonym by the importer and never stored.
type Adres struct {
	Postcode   string // normalised "1234AB"
	Huisnummer int
	Huisletter string
	Toevoeging string
}

// Key returns the canonical text of the address for pseudonymisation.
func (a Adres) Key() string {
	return fmt.Sprintf("%s|%d|%s|%s", a.Postcode, a.Huisnummer, strings.ToUpper(a.Huisletter), strings.ToUpper(a.Toevoeging))
}

// HouseKey returns postcode + huisnummer, the key of the CBS address → buurt table.
func (a Adres) HouseKey() string { return fmt.Sprintf("%s|%d", a.Postcode, a.Huisnummer) }

// Rejection says why one input row was not stored. Reason is Dutch,
// ReasonEN English; neither contains a full BSN. For XML messages the
// optional fields locate the element.
type Rejection struct {
	Line      int    `json:"line"`
	Field     string `json:"field"`
	Reason    string `json:"reason"`
	ReasonEN  string `json:"reason_en"`
	Message   string `json:"message,omitempty"`   // XML: e.g. "JW323 12345"
	Client    int    `json:"client,omitempty"`    // XML: 1-based client index
	Prestatie int    `json:"prestatie,omitempty"` // XML: 1-based prestatie index within the client
	// Rule names the kind of problem for the report's groups; "" lets
	// RuleOf derive it from Reason.
	Rule string `json:"rule,omitempty"`
	// Value is the rejected value as the file had it, masked (a BSN as
	// kluis.MaskBSN, free text as kluis.MaskFreeText); "" when not known.
	Value string `json:"value,omitempty"`
	// Further marks another problem of a line already rejected: it is
	// reported, but the line counts once.
	Further bool `json:"further,omitempty"`
}

// Sink receives what a parser reads, in input order. A non-nil error from
// Delivery, Toewijzing, StartStop or Verzoek stops the parse and is returned by the
// parser.
type Sink interface {
	Delivery(d *Delivery) error
	Toewijzing(t *Toewijzing) error
	StartStop(s *StartStop) error
	Verzoek(v *Verzoek) error
	Reject(r Rejection)
}

// FileError refuses a whole file (wrong header, wrong message version, a
// declaration whose total does not match). Nothing of such a file is stored.
type FileError struct {
	Line     int
	Reason   string // Dutch
	ReasonEN string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("regel %d: %s / line %d: %s", e.Line, e.Reason, e.Line, e.ReasonEN)
	}
	return e.Reason + " / " + e.ReasonEN
}

// Geldstromen and Eenheden are model's code lists (aliases kept for
// intake's callers).
var (
	Geldstromen = model.Geldstromen
	Eenheden    = model.Eenheden
)

// Codes are the code lists one import validates against. The zero value is
// not usable; start from DefaultCodes.
type Codes struct {
	Geldstromen map[string]bool
}

// DefaultCodes returns the standard code lists plus extra geldstroom codes
// the municipality added.
func DefaultCodes(extraGeldstromen ...string) Codes {
	c := Codes{Geldstromen: map[string]bool{}}
	for _, g := range Geldstromen {
		c.Geldstromen[g] = true
	}
	for _, g := range extraGeldstromen {
		c.Geldstromen[strings.ToLower(strings.TrimSpace(g))] = true
	}
	return c
}

// MunicipalZorgsoorten are model.MunicipalZorgsoorten.
var MunicipalZorgsoorten = model.MunicipalZorgsoorten

// ZorgsoortNaam returns the Dutch name of a care type code (see
// model.ZorgsoortOmschrijving).
func ZorgsoortNaam(code string) (string, bool) { return model.ZorgsoortOmschrijving(code) }
