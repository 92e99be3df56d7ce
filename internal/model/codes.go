package model

// The code lists every layer speaks: funding streams, care types (iJw
// JZ020, iWmo WMO020 and the municipality's own) and WJ756 units, with
// their Dutch names.

// Geldstromen are the funding streams every municipality has (SPEC §3.2);
// a municipality may add its own codes (see Codes).
var Geldstromen = []string{"jeugdwet", "wmo", "participatiewet", "wlz", "zvw", "schuldhulp", "lumpsum"}

// Eenheden are the WJ756 units: code → Dutch name.
var Eenheden = map[string]string{
	"01": "minuut",
	"04": "uur",
	"14": "etmaal",
	"16": "dagdeel (4 uur)",
	"82": "stuks (inspanning)",
	"83": "euro's",
	"84": "stuks (output)",
}

// JZ020 are the iJw 3.2 product categories: code → Dutch name.
var JZ020 = map[string]string{
	"31": "(2015) zonder verblijf: wijk- of buurtteam", "32": "(2015) zonder verblijf: ambulant op locatie aanbieder",
	"33": "(2015) zonder verblijf: daghulp op locatie aanbieder", "34": "(2015) zonder verblijf: in het netwerk van de jeugdige",
	"35": "(2015) met verblijf: pleegzorg", "36": "(2015) met verblijf: gezinsgericht", "37": "(2015) met verblijf: gesloten plaatsing",
	"38": "(2015) met verblijf: overig residentieel", "40": "persoonlijke verzorging", "41": "dagbehandeling", "42": "vervoerdiensten",
	"43": "jeugdhulp verblijf (incl. behandeling)", "44": "jeugdhulp verblijf (excl. behandeling)", "45": "jeugdhulp ambulant",
	"46": "jeugdhulp crisis", "47": "jeugdreclassering", "48": "jeugdbescherming", "49": "preventief justitieel kader",
	"50": "maatwerkarrangementen jeugd", "51": "generalistische basis-ggz", "52": "specialistische ggz", "53": "kindergeneeskunde",
	"54": "jeugd-ggz", "55": "landelijk ingekochte zorg",
}

// WMO020 are the iWmo 3.2 product categories: code → Dutch name.
var WMO020 = map[string]string{
	"01": "hulp bij het huishouden", "02": "begeleiding", "03": "persoonlijke verzorging", "04": "kortdurend verblijf",
	"05": "woondiensten", "06": "overige ondersteuning individu/huishouden", "07": "dagbesteding", "08": "vervoerdiensten",
	"09": "overige groepsgerichte ondersteuning", "10": "overige maatwerkarrangementen", "11": "rolstoelen",
	"12": "vervoervoorzieningen", "13": "woonvoorzieningen", "14": "overige hulpmiddelen", "15": "beschermd wonen",
	"16": "opvang", "17": "spoedopvang", "18": "overige beschermd wonen en opvang",
}

// MunicipalZorgsoorten are the care types the municipality uses for flows
// without a declaration (SPEC §2); the demo uses them too.
var MunicipalZorgsoorten = map[string]string{
	"bijstand":     "bijstandsuitkering",
	"reintegratie": "re-integratie naar werk",
	"wijkteam":     "begeleiding door het wijkteam",
	"schuldhulp":   "schuldhulpverlening",
	"subsidie":     "gesubsidieerde voorziening",
}

// ZorgsoortOmschrijving returns the Dutch name of a care type code: iJw JZ020,
// iWmo WMO020 or a municipal code. The iJw and iWmo ranges do not overlap.
func ZorgsoortOmschrijving(code string) (string, bool) {
	if n, ok := JZ020[code]; ok {
		return n, true
	}
	if n, ok := WMO020[code]; ok {
		return n, true
	}
	n, ok := MunicipalZorgsoorten[code]
	return n, ok
}

// COD327 are the iJw 3.2 kinds of referrer (Verwijzer Type in a JW315):
// code → Dutch name.
var COD327 = map[string]string{
	"01": "Gemeente",
	"02": "Huisarts",
	"03": "Jeugdarts",
	"04": "Gecertificeerde instelling",
	"05": "Medisch specialist",
	"06": "Zelfverwijzer / geen verwijzer",
	"08": "Rechter, officier van justitie of justitiële jeugdinrichting",
}

// VerwijzerOnbekend is the referrer of youth care no JW315 is linked to:
// an assignment on the municipality's own initiative, or care without one.
const VerwijzerOnbekend = "onbekend"

// VerwijzerNaam returns the Dutch name of a COD327 code, or of
// VerwijzerOnbekend.
func VerwijzerNaam(code string) string {
	if n, ok := COD327[code]; ok {
		return n
	}
	if code == VerwijzerOnbekend {
		return "Geen verzoek om toewijzing (JW315) bekend"
	}
	return code
}
