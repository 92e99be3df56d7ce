// Package budget is the funding side of the social domain (SPEC §5.8):
// contracts with their uitvoeringsvariant, budgets per contract and year
// from one or more paying partners, spend against each budget, a year-end
// forecast, lump sums spread over reported volume, population-based
// budgets per area, and payment on results.
//
// It is pure: plain values in, figures out; no store, no I/O. It never sees
// a household: spend and volumes arrive aggregated per contract, month or
// area, and what leaves for the analyst is disclosure-controlled by the
// caller under the release rules.
package budget

import (
	"fmt"
	"strings"

	"github.com/ontschot/ontschot/internal/money"
)

// Variant is the iStandaarden uitvoeringsvariant of a contract.
type Variant string

const (
	Inspanning Variant = "inspanning" // effort: time × rate, declared per client
	Output     Variant = "output"     // a product per period, declared per client
	Taak       Variant = "taak"       // task-oriented: a lump sum, no declaration per client
)

// ParseVariant reads a variant, case-insensitively.
func ParseVariant(s string) (Variant, bool) {
	switch v := Variant(strings.ToLower(strings.TrimSpace(s))); v {
	case Inspanning, Output, Taak:
		return v, true
	}
	return "", false
}

// Contract is one funding arrangement: who is paid (Opdrachtnemer: a
// provider, consortium or cooperative), which providers deliver under it,
// and whose care counts (streams, categories, area; empty is all).
type Contract struct {
	Code          string
	Naam          string
	Variant       Variant
	Opdrachtnemer string
	Aanbieders    []string // AGB codes of members and subcontractors
	Geldstromen   []string
	Categorieen   []string
	Gebied        string // GM/WK/BU code; "" = every resident the instance holds
	Begin, Eind   Day    // inclusive
}

// Day is a calendar day as yyyymmdd (20250131), which orders like a date.
type Day int

// Year returns the year of d.
func (d Day) Year() int { return int(d) / 10000 }

// Month returns the month of d (1–12).
func (d Day) Month() int { return int(d) / 100 % 100 }

// Covers reports whether the contract runs in (part of) year y.
func (c Contract) Covers(y int) bool { return c.Begin.Year() <= y && y <= c.Eind.Year() }

// Overlaps reports whether a and b could both claim the same delivery: a
// shared provider, overlapping streams and categories, overlapping areas
// and overlapping dates. Such contracts are refused on import (naming
// both), because a euro of spend must count against one budget only.
func Overlaps(a, b Contract) bool {
	return a.Begin <= b.Eind && b.Begin <= a.Eind &&
		intersects(a.Aanbieders, b.Aanbieders) &&
		filtersOverlap(a.Geldstromen, b.Geldstromen) &&
		filtersOverlap(a.Categorieen, b.Categorieen) &&
		AreasOverlap(a.Gebied, b.Gebied)
}

// AreasOverlap reports whether two CBS area codes (or "" for everything)
// share ground. CBS codes nest by their digits: GM0642 ⊃ WK064201 ⊃
// BU06420101, so one contains the other when its digits are a prefix.
func AreasOverlap(a, b string) bool {
	if a == "" || b == "" {
		return true
	}
	da, db := a[2:], b[2:]
	return strings.HasPrefix(da, db) || strings.HasPrefix(db, da)
}

// AreaContains reports whether area (or "" for everything) contains code.
func AreaContains(area, code string) bool {
	if area == "" {
		return true
	}
	if len(code) < 2 || len(area) < 2 {
		return false
	}
	return strings.HasPrefix(code[2:], area[2:])
}

// Matches reports whether a delivery of provider agb, in stream and
// category, to a resident of area code, falls under the contract's filters
// (dates are the caller's).
func (c Contract) Matches(agb, geldstroom, categorie, area string) bool {
	return contains(c.Aanbieders, agb) &&
		(len(c.Geldstromen) == 0 || contains(c.Geldstromen, geldstroom)) &&
		(len(c.Categorieen) == 0 || contains(c.Categorieen, categorie)) &&
		AreaContains(c.Gebied, area)
}

func filtersOverlap(a, b []string) bool { return len(a) == 0 || len(b) == 0 || intersects(a, b) }

func intersects(a, b []string) bool {
	for _, x := range a {
		if contains(b, x) {
			return true
		}
	}
	return false
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// Line is one partner's contribution to a contract's budget in one year.
type Line struct {
	Contract string
	Jaar     int
	Partner  string // "gemeente", an AGB code, "zorgverzekeraar", "woningcorporatie", …
	Bedrag   money.Cents
}

// PartnerKinds are the kinds of paying partner besides an AGB code.
var PartnerKinds = []string{"gemeente", "zorgverzekeraar", "woningcorporatie", "uwv", "onderwijs", "politie", "rijk", "provincie", "fonds"}

// ValidPartner reports whether p is a known partner kind or an AGB code.
func ValidPartner(p string) bool {
	if len(p) == 8 && strings.Trim(p, "0123456789") == "" {
		return true
	}
	return contains(PartnerKinds, strings.ToLower(p))
}

// CheckLine says what is wrong with a budget line, given its contract
// (nil when unknown); nil when it is fine.
func CheckLine(l Line, c *Contract) error {
	switch {
	case c == nil:
		return fmt.Errorf("onbekend contract %q / unknown contract", l.Contract)
	case !c.Covers(l.Jaar):
		return fmt.Errorf("jaar %d valt buiten het contract (%d–%d) / year outside the contract", l.Jaar, c.Begin.Year(), c.Eind.Year())
	case l.Bedrag < 0:
		return fmt.Errorf("een budget kan niet negatief zijn / a budget cannot be negative")
	case !ValidPartner(l.Partner):
		return fmt.Errorf("onbekende partner %q: een AGB-code of een van %s / unknown partner", l.Partner, strings.Join(PartnerKinds, ", "))
	}
	return nil
}
