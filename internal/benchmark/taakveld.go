package benchmark

import (
	"strings"

	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/store"
)

// Group is a set of taakvelden that means the same before and after the Iv3
// code changes of 2023 (refinements a–d) and 2025 (new codes), so that
// growth can be compared across years. docs/benchmark.md lists the mapping.
type Group struct {
	Code string `json:"groep"`
	Naam string `json:"naam"`
	// Since is the first year the group exists (0: in every year held).
	Since int `json:"-"`
}

// Groups in report order.
var Groups = []Group{
	{Code: "6.1", Naam: "Samenkracht en burgerparticipatie"},
	{Code: "6.2", Naam: "Toegang en wijkteams"},
	{Code: "6.3", Naam: "Inkomensregelingen"},
	{Code: "6.4", Naam: "Begeleide participatie, Wsw en beschut werk"},
	{Code: "6.5", Naam: "Arbeidsparticipatie"},
	{Code: "6.6", Naam: "Hulpmiddelen en diensten (Wmo)"},
	{Code: "6.71", Naam: "Maatwerk Wmo 18+ (incl. pgb)"},
	{Code: "jeugd", Naam: "Jeugdhulp, jeugdbescherming en jeugdreclassering (incl. pgb)"},
	{Code: "6.81", Naam: "Geëscaleerde zorg 18+ (beschermd wonen, opvang)"},
	{Code: "6.9", Naam: "Coördinatie en beleid", Since: 2025},
	{Code: "overig", Naam: "Overige taakvelden"},
}

// GroupOf returns the group code of a taakveld code. The code sets of
// 2023–2024 and of 2025 do not overlap where their meaning differs, so the
// code alone decides.
func GroupOf(code string) string {
	switch {
	case code == "6.1", code == "6.3", code == "6.4", code == "6.5":
		return code
	case code == "6.2", code == "6.21", code == "6.22", code == "6.23":
		return "6.2"
	case code == "6.6", code == "6.60":
		return "6.6"
	case strings.HasPrefix(code, "6.71"), code == "6.791":
		return "6.71"
	case strings.HasPrefix(code, "6.72"), strings.HasPrefix(code, "6.73"), strings.HasPrefix(code, "6.74"),
		strings.HasPrefix(code, "6.75"), strings.HasPrefix(code, "6.76"), code == "6.792",
		strings.HasPrefix(code, "6.82"):
		return "jeugd"
	case strings.HasPrefix(code, "6.81"):
		return "6.81"
	case code == "6.91", code == "6.92":
		return "6.9"
	}
	return "overig"
}

// parentOf returns the old parent code of a 2023 refinement ("6.71b" →
// "6.71"), or "" for a code without one.
func parentOf(code string) string {
	if n := len(code); n > 0 && code[n-1] >= 'a' && code[n-1] <= 'z' {
		return code[:n-1]
	}
	return ""
}

// Subtotals returns, for one gemeente's rows of one document, the parent
// codes whose amount is exactly the sum of their refinements (6.71 =
// 6.71a+…+6.71d): those are subtotals and must not be counted beside the
// refinements. A parent that differs from that sum holds what was booked on
// the old code itself (the CBS extract for 2023–2024 has only those), and
// counts as its own amount.
func Subtotals(rows []store.Iv3Taakveld) map[string]bool {
	sum := map[string]money.Cents{}
	kids := map[string]int{}
	for _, r := range rows {
		if p := parentOf(r.Taakveld); p != "" {
			sum[p] += r.Lasten
			kids[p]++
		}
	}
	out := map[string]bool{}
	for _, r := range rows {
		if kids[r.Taakveld] > 0 && r.Lasten != 0 && sum[r.Taakveld] == r.Lasten {
			out[r.Taakveld] = true
		}
	}
	return out
}
