package intake

import (
	"strings"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/model"
)

// DeliveryField explains one column of the delivery CSV template, for the
// page that explains the template and for its example row.
type DeliveryField struct {
	Name     string
	Required bool
	Format   string // what a value looks like
	Example  string // the example row's value ("" for agb and bsn: see TemplateRow)
	Rule     string // what is checked, and what rejects the row
}

// DeliveryFields are the columns of the template in order (DeliveryColumns,
// then the optional toewijzing), with what parseDeliveryRow checks.
var DeliveryFields = []DeliveryField{
	{"agb", true, "8 cijfers", "", "uw eigen AGB-code; een regel van een andere AGB-code wordt afgewezen"},
	{"referentie", true, "tekst, hoogstens 64 tekens, zonder BSN", "DEC-2025-000123", "uw kenmerk van de regel; met agb, geldstroom en debet_credit uniek (TR314): dezelfde regel nog eens sturen telt als dubbel, dezelfde referentie met andere inhoud wordt afgewezen"},
	{"bsn", true, "9 cijfers", "", "het BSN van de cliënt, dat de elfproef doorstaat; Ontschot bewaart het nooit, alleen een pseudoniem"},
	{"geldstroom", true, "een van: " + strings.Join(model.Geldstromen, ", "), "jeugdwet", "een bekende geldstroom (de gemeente kan eigen codes toevoegen)"},
	{"categorie", true, "code, hoogstens 10 letters, cijfers, - of _", "45", "de zorgsoort: productcategorie uit JZ020/WMO020 of een gemeentelijke code"},
	{"productcode", true, "code, hoogstens 20 letters, cijfers, - of _", "45A06", "de productcode uit uw contract"},
	{"begindatum", true, "JJJJ-MM-DD, DD-MM-JJJJ of JJJJMMDD", "2025-03-01", "een bestaande datum"},
	{"einddatum", true, "JJJJ-MM-DD, DD-MM-JJJJ of JJJJMMDD", "2025-03-31", "een bestaande datum, niet vóór de begindatum"},
	{"volume", true, "geheel getal, 0 of meer", "12", "het geleverde aantal eenheden"},
	{"eenheid", true, "code uit WJ756: 01, 04, 14, 16, 82, 83, 84", "04", "01 minuut, 04 uur, 14 etmaal, 16 dagdeel, 82 stuks (inspanning), 83 euro's, 84 stuks (output); Excel's 1 en 4 worden 01 en 04"},
	{"bedrag_cent", true, "geheel aantal eurocent, 0 of meer, zonder punt of komma", "93600", "het bedrag in eurocent: € 936,00 is 93600"},
	{"debet_credit", true, "D of C", "D", "D voor een levering, C voor een correctie (credit) van een eerdere regel"},
	{"toewijzing", false, "tekst, hoogstens 64 tekens", "TW-2025-0042", "het toewijzingnummer van de gemeente, als u dat heeft"},
}

// TemplateRow is the example row of the template for provider agb, with a
// synthetic BSN (kluis.SyntheticBSN): a row that imports cleanly.
func TemplateRow(agb string) []string {
	row := make([]string, len(DeliveryFields))
	for i, f := range DeliveryFields {
		row[i] = f.Example
		switch f.Name {
		case "agb":
			row[i] = agb
		case "bsn":
			row[i] = kluis.SyntheticBSN(0)
		}
	}
	return row
}

// TemplateHeader is the header of the template: every column, the
// optional last.
func TemplateHeader() []string {
	h := make([]string, len(DeliveryFields))
	for i, f := range DeliveryFields {
		h[i] = f.Name
	}
	return h
}
