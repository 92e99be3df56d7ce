package model

// Level names, coarse to fine. Strictly nested (SPEC §2).
const (
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

// Levels lists the published levels, coarse to fine.
var Levels = []string{LevelGemeente, LevelWijk, LevelBuurt, LevelBlok}

// Breakdowns lists the published breakdowns.
var Breakdowns = []string{ByTotal, ByGeldstroom, ByZorgsoort}

// MapLevels are the levels a map or trend page offers, coarse to fine
// (blok is published for tables, not drawn as a choice).
var MapLevels = []string{LevelGemeente, LevelWijk, LevelBuurt}

// BreakdownLabel is the Dutch label of a breakdown as pages offer it.
var BreakdownLabel = map[string]string{ByTotal: "Totaal", ByGeldstroom: "Per geldstroom", ByZorgsoort: "Per zorgsoort"}
