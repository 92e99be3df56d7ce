// Package release freezes a closed period into the disclosure-controlled tables
// an analyst may see (SPEC §4, "What the analyst gets"): households, persons and
// amount per area of gemeente > wijk > buurt > blok, each by total, geldstroom
// and zorgsoort, plus concentration figures; and it audits such tables with a
// linear-programming attacker.
//
// The engine (Create, CreateRevision, Audit) is pure computation: it takes
// plain values and returns plain values, with no I/O, and never keeps
// household data: after the freeze only the returned Tables are published.
// freeze.go is the one bridge to the store: it reads a closed period's
// household-level data once, runs the engine and publishes the tables. The
// only time household data is needed again is a re-release (CreateRevision),
// which compares the new input with the input of the previous version so that
// the difference between two versions cannot pin one household's change.
//
// See docs/releases.md for the rules, the additive relations, the temporal
// mechanism and the attacker model of the audit.
package release

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/model"

	"github.com/ontschot/ontschot/internal/money"
)

// Levels and breakdowns are model's (kept here under their old names).
const (
	LevelRegio                                        = model.LevelRegio
	LevelGemeente, LevelWijk, LevelBuurt, LevelBlok   = model.LevelGemeente, model.LevelWijk, model.LevelBuurt, model.LevelBlok
	ByTotal, ByGeldstroom, ByZorgsoort, CategoryTotal = model.ByTotal, model.ByGeldstroom, model.ByZorgsoort, model.CategoryTotal
)

// Levels and Breakdowns are model.Levels and model.Breakdowns.
var (
	Levels     = model.Levels
	Breakdowns = model.Breakdowns
)

// Rule codes in Cell.Rule: stable identifiers next to the Dutch Reason.
const (
	RuleMinHouseholds = "min-huishoudens"
	RulePPercent      = "p-procent"
	RuleSecondary     = "secundair"
	RuleReportLevel   = "rapportageniveau"
	RuleRevision      = "revisie"
)

// Period is a closed period: a whole year (Quarter 0) or one quarter.
type Period struct {
	Year    int
	Quarter int // 0 = whole year, 1..4 = quarter
}

// ParsePeriod reads "2025" or "2025-Q3" (the q may be lower case).
func ParsePeriod(s string) (Period, error) {
	bad := func() (Period, error) {
		return Period{}, fmt.Errorf("periode %q: verwacht JJJJ of JJJJ-Qn (ook JJJJ-Kn), bijvoorbeeld 2025 of 2025-Q3 (period: expected YYYY or YYYY-Qn, e.g. 2025 or 2025-Q3)", s)
	}
	t := strings.TrimSpace(s)
	yearPart, qPart, hasQ := strings.Cut(t, "-")
	if len(yearPart) != 4 {
		return bad()
	}
	y, err := strconv.Atoi(yearPart)
	if err != nil || y < 1900 || y > 9999 {
		return bad()
	}
	if !hasQ {
		return Period{Year: y}, nil
	}
	// Q for quarter, K for kwartaal: both are written in the municipality.
	if len(qPart) != 2 || !strings.ContainsRune("QqKk", rune(qPart[0])) || qPart[1] < '1' || qPart[1] > '4' {
		return bad()
	}
	return Period{Year: y, Quarter: int(qPart[1] - '0')}, nil
}

// String gives the canonical form: "2025" or "2025-Q3".
func (p Period) String() string {
	if p.Quarter == 0 {
		return strconv.Itoa(p.Year)
	}
	return fmt.Sprintf("%d-Q%d", p.Year, p.Quarter)
}

// Start is the first day of the period as a civil date, "2025-07-01".
func (p Period) Start() string {
	m := 1
	if p.Quarter > 0 {
		m = 3*(p.Quarter-1) + 1
	}
	return fmt.Sprintf("%04d-%02d-01", p.Year, m)
}

// End is the last day of the period (inclusive) as a civil date, "2025-09-30".
func (p Period) End() string {
	if p.Quarter == 0 {
		return fmt.Sprintf("%04d-12-31", p.Year)
	}
	last := [...]string{"03-31", "06-30", "09-30", "12-31"}[p.Quarter-1]
	return fmt.Sprintf("%04d-%s", p.Year, last)
}

// MarshalText writes the canonical form, so a Period is a JSON string.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads the canonical form.
func (p *Period) UnmarshalText(b []byte) error {
	q, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// Row is one delivery of the period, signed: credits are negative.
type Row struct {
	Person     int32
	Provider   string // AGB code; only the stacking table reads it
	Geldstroom string
	Zorgsoort  string
	Amount     money.Cents
}

// Household is one household with its deliveries in the period. Wijk, Buurt
// and Blok are "" when the address is unknown or secret; the household is then
// counted down to the last known level only (a "" level hides every finer one).
type Household struct {
	ID       int64
	Gemeente string
	Wijk     string
	Buurt    string
	Blok     string
	Rows     []Row
}

// Input is the household-level data of one closed period, as the store hands it over.
//
// A region's input (Region set, Gemeente empty) holds the households of
// several gemeenten, each with its Household.Gemeente ("" when its address
// is unknown or secret: it then counts at region level only). Its release
// has one more level, regio, above the gemeenten, so that one suppression
// protects the relation region = Σ gemeenten with every other one
// (docs/decisions.md); a gemeente's release is that release restricted to
// the gemeente (Tables.ForGemeente).
type Input struct {
	Period     Period
	Gemeente   string
	Region     string   // the region's code ("" for one gemeente)
	Gemeenten  []string // a region's gemeenten, when known (a household of another one is refused)
	Households []Household
}

// LevelRules overrides Rules for one level; a zero field means "as Rules".
type LevelRules struct {
	MinHouseholds    int     `json:"min_households,omitempty"`
	PPercent         float64 `json:"p_percent,omitempty"`
	RoundCount       int     `json:"round_count,omitempty"`
	RoundAmountCents int64   `json:"round_amount_cents,omitempty"`
	MinBucket        int     `json:"min_bucket,omitempty"`
}

// Rules are the disclosure thresholds of SPEC §4, each configurable per level.
type Rules struct {
	MinHouseholds    int                   `json:"min_households"`     // primary: fewer households → suppressed
	PPercent         float64               `json:"p_percent"`          // primary: p%-rule on amounts
	RoundCount       int                   `json:"round_count"`        // counts rounded to a multiple of this
	RoundAmountCents int64                 `json:"round_amount_cents"` // amounts rounded to a multiple of this (a multiple of 100)
	MinBucket        int                   `json:"min_bucket"`         // concentration: households per bucket
	PerLevel         map[string]LevelRules `json:"per_level,omitempty"`
	// LowestLevel is the finest level at which a care type (zorgsoort) may
	// be published ("niveaus van rapportage"): e.g. jeugd-GGZ and verblijf
	// only at gemeente and wijk. Finer cells of that type are withheld,
	// and secondary suppression protects the relations they touch.
	LowestLevel map[string]string `json:"lowest_level,omitempty"`
}

// DefaultRules are the values of SPEC §4.
func DefaultRules() Rules {
	return Rules{MinHouseholds: 10, PPercent: 20, RoundCount: 5, RoundAmountCents: 100000, MinBucket: 10}
}

// For resolves the rules of one level: the level's overrides on top of the defaults.
func (r Rules) For(level string) LevelRules {
	lr := LevelRules{MinHouseholds: r.MinHouseholds, PPercent: r.PPercent, RoundCount: r.RoundCount,
		RoundAmountCents: r.RoundAmountCents, MinBucket: r.MinBucket}
	if o, ok := r.PerLevel[level]; ok {
		if o.MinHouseholds != 0 {
			lr.MinHouseholds = o.MinHouseholds
		}
		if o.PPercent != 0 {
			lr.PPercent = o.PPercent
		}
		if o.RoundCount != 0 {
			lr.RoundCount = o.RoundCount
		}
		if o.RoundAmountCents != 0 {
			lr.RoundAmountCents = o.RoundAmountCents
		}
		if o.MinBucket != 0 {
			lr.MinBucket = o.MinBucket
		}
	}
	return lr
}

func (r Rules) validate() error {
	check := func(where string, lr LevelRules) error {
		switch {
		case lr.MinHouseholds < 1:
			return fmt.Errorf("regels %s: minimum aantal huishoudens moet minstens 1 zijn, niet %d", where, lr.MinHouseholds)
		case lr.PPercent < 0:
			return fmt.Errorf("regels %s: p van de p%%-regel mag niet negatief zijn (%g)", where, lr.PPercent)
		case lr.RoundCount < 1:
			return fmt.Errorf("regels %s: afrondingsbasis voor aantallen moet minstens 1 zijn, niet %d", where, lr.RoundCount)
		case lr.RoundAmountCents < 100 || lr.RoundAmountCents%100 != 0:
			return fmt.Errorf("regels %s: afrondingsbasis voor bedragen moet een positief veelvoud van 100 eurocent zijn, niet %d", where, lr.RoundAmountCents)
		case lr.MinBucket < 1:
			return fmt.Errorf("regels %s: minimum per concentratiegroep moet minstens 1 zijn, niet %d", where, lr.MinBucket)
		}
		return nil
	}
	if err := check("(standaard)", r.For("")); err != nil {
		return err
	}
	for l := range r.PerLevel {
		if err := check("niveau "+l, r.For(l)); err != nil {
			return err
		}
	}
	return nil
}

// Cell is one published number triple. A suppressed cell has nil numbers and
// a Dutch Reason; Rule is the stable code of that reason.
type Cell struct {
	Level      string `json:"level"`
	Area       string `json:"area"`
	By         string `json:"by"`
	Category   string `json:"category"`
	Households *int64 `json:"households"`
	Persons    *int64 `json:"persons"`
	AmountEUR  *int64 `json:"amount_eur"`
	Suppressed bool   `json:"suppressed"`
	Reason     string `json:"reason,omitempty"`
	Rule       string `json:"rule,omitempty"`
}

// Concentration, TopShare and LorenzPoint are model's: readers (analysis,
// web) decode the published body into the same types.
type (
	Concentration = model.Concentration
	TopShare      = model.TopShare
	LorenzPoint   = model.LorenzPoint
)

// Tables is one frozen release: what the store persists and the analyst sees.
type Tables struct {
	Period        Period          `json:"period"`
	Gemeente      string          `json:"gemeente"`
	Region        string          `json:"region,omitempty"` // set on a region's release (Gemeente is then "")
	Version       int             `json:"version"`
	Rules         Rules           `json:"rules"`
	Cells         []Cell          `json:"cells"`
	Concentration []Concentration `json:"concentration"`
	Stacking      []Stacking      `json:"stacking"`
}

// Select returns the cells of one level and breakdown, in table order.
func (t *Tables) Select(level, by string) []Cell {
	var out []Cell
	for _, c := range t.Cells {
		if c.Level == level && c.By == by {
			out = append(out, c)
		}
	}
	return out
}

func ptr(v int64) *int64 { return &v }

// ForGemeente restricts a region's release to one gemeente: its cells,
// concentration and stacking figures, without the region's (which, less
// the gemeente's, would give away the other gemeenten's). The figures are
// the region's own, so one suppression protects both views. A gemeente's
// own release (no region) is returned as it is when the code matches.
func (t *Tables) ForGemeente(gemeente string) (*Tables, error) {
	if t.Region == "" {
		if t.Gemeente != gemeente {
			return nil, fmt.Errorf("gemeente %s komt niet voor in deze meting (die is van %s) / not in this release", gemeente, t.Gemeente)
		}
		return t, nil
	}
	out := &Tables{Period: t.Period, Gemeente: gemeente, Version: t.Version, Rules: t.Rules}
	in := func(area string) bool { return model.GemeenteOfCode(area) == gemeente }
	for _, c := range t.Cells {
		if in(c.Area) {
			out.Cells = append(out.Cells, c)
		}
	}
	if len(out.Cells) == 0 {
		return nil, fmt.Errorf("gemeente %s komt niet voor in deze meting van de regio / not in this release", gemeente)
	}
	for _, c := range t.Concentration {
		if in(c.Area) {
			out.Concentration = append(out.Concentration, c)
		}
	}
	for _, s := range t.Stacking {
		if in(s.Area) {
			out.Stacking = append(out.Stacking, s)
		}
	}
	return out, nil
}

// Gemeenten lists the gemeenten of a release, in code order.
func (t *Tables) Gemeenten() []string {
	var out []string
	for _, c := range t.Cells {
		if c.Level == LevelGemeente && c.By == ByTotal && !slices.Contains(out, c.Area) {
			out = append(out, c.Area)
		}
	}
	slices.Sort(out)
	return out
}
