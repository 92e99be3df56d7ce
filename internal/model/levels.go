package model

// Level names, coarse to fine. Strictly nested (SPEC §2).
const (
	LevelRegio    = "regio" // above the gemeenten, in an instance that holds several (a region)
	LevelGemeente = "gemeente"
	LevelWijk     = "wijk"
	LevelBuurt    = "buurt"
	LevelBlok     = "blok"
)

// Breakdown names and the category of the total breakdown.
const (
	ByTotal       = "total"
	ByGeldstroom  = "geldstroom"
	ByZorgsoort   = "zorgsoort"
	CategoryTotal = "totaal"
)

// Levels lists the published levels, coarse to fine; a region's release
// has LevelRegio above them.
var Levels = []string{LevelGemeente, LevelWijk, LevelBuurt, LevelBlok}

// Breakdowns lists the published breakdowns.
var Breakdowns = []string{ByTotal, ByGeldstroom, ByZorgsoort}

// MapLevels are the levels a map or trend page offers, coarse to fine
// (blok is published for tables, not drawn as a choice).
var MapLevels = []string{LevelGemeente, LevelWijk, LevelBuurt}

// BreakdownLabel is the Dutch label of a breakdown as pages offer it.
var BreakdownLabel = map[string]string{ByTotal: "Totaal", ByGeldstroom: "Per geldstroom", ByZorgsoort: "Per zorgsoort"}

// RegionCode is the area code of the regio level: the whole instance when
// it holds several gemeenten (a region, e.g. a gemeenschappelijke regeling).
const RegionCode = "regio"

// GemeenteOfCode returns the gemeente of a CBS-style area code: GM0642 for
// GM0642, WK064201, BU06420101 and the blok BL0642010103 (CBS codes carry
// their gemeente's four digits). "" for the region or a code of another
// shape, which no gemeente scope then contains.
func GemeenteOfCode(code string) string {
	if len(code) < 6 {
		return ""
	}
	switch code[:2] {
	case "GM", "WK", "BU", "BL":
		for _, c := range code[2:6] {
			if c < '0' || c > '9' {
				return ""
			}
		}
		return "GM" + code[2:6]
	}
	return ""
}
