package benchmark

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/store"
)

// Document is one year's Iv3 document of every gemeente.
type Document struct {
	Jaar       int
	Document   string
	Gemeenten  []store.Iv3Gemeente
	Taakvelden []store.Iv3Taakveld
}

// Result is the comparison of one gemeente with its peers in one document.
type Result struct {
	Gemeente   string   `json:"gemeente"`
	Code       string   `json:"code,omitempty"` // GM code where the kerncijfers give one
	Jaar       int      `json:"jaar"`
	Document   string   `json:"document"`
	Inwoners   int64    `json:"inwoners"`
	Peers      []string `json:"peers"`
	PeersBasis string   `json:"peers_basis"`
	Taakvelden []Row    `json:"taakvelden"`
	Groepen    []Row    `json:"groepen"`
	Totaal     Row      `json:"totaal"`
	Groei      *Growth  `json:"groei,omitempty"`
	// Meting names the release whose spend stands beside the groups
	// (ReleasedUnassigned: released spend of zorgsoorten without a taakveld).
	Meting             string   `json:"meting,omitempty"`
	ReleasedUnassigned *int64   `json:"vrijgegeven_niet_toe_te_wijzen_eur,omitempty"`
	Unmatched          []string `json:"niet_gekoppeld,omitempty"`
	Notes              []string `json:"opmerkingen,omitempty"`
	self               peerData
	peerSet            []peerData
}

// Row is one taakveld (or group) of the gemeente beside its peers. Amounts
// are whole euros: CBS publishes thousands of euros, so more is false
// precision.
type Row struct {
	Taakveld    string `json:"taakveld"`
	Naam        string `json:"naam"`
	Lasten      int64  `json:"lasten_eur"`
	PerInwoner  int64  `json:"per_inwoner_eur"`
	PeersMedian *int64 `json:"peers_mediaan_per_inwoner_eur"`
	// Subtotal marks an old parent code that equals the sum of its
	// refinements; it is shown but not counted in groups or the total.
	Subtotal bool `json:"subtotaal,omitempty"`
	// Released is Ontschot's own released spend for the group (rounded to
	// €1,000 as the release is); nil where a cell is withheld or no
	// release was asked for.
	Released *int64 `json:"vrijgegeven_eur,omitempty"`
}

// Growth is the change between two documents, the gemeente's against the
// peers' (median of each peer's own change).
type Growth struct {
	Vanaf         int         `json:"vanaf"`
	VanafDocument string      `json:"vanaf_document"`
	Groepen       []GrowthRow `json:"groepen"`
	Totaal        GrowthRow   `json:"totaal"`
}

// GrowthRow is one group's change in lasten, in percent with one decimal;
// nil where a year has nothing to compare (a group that did not exist, or
// zero spend in the first year).
type GrowthRow struct {
	Groep         string   `json:"groep"`
	Naam          string   `json:"naam"`
	VanafEur      int64    `json:"vanaf_eur"`
	TotEur        int64    `json:"tot_eur"`
	Pct           *float64 `json:"groei_pct"`
	PeersMedian   *float64 `json:"peers_mediaan_groei_pct"`
	Vergelijkbaar bool     `json:"vergelijkbaar"`
}

type peerData struct {
	name     string
	inwoners int64
	byCode   map[string]money.Cents
	byGroup  map[string]money.Cents
}

// ErrUnknownGemeente says a name is not in the document; its text lists the
// nearest known names.
var ErrUnknownGemeente = errors.New("onbekende gemeente / unknown municipality")

// Compare compares gemeente (an Iv3 name, or a GM code that codeNames
// resolves) with peers (names or codes; empty: the gemeenten in the same
// Iv3 classes of gemeentegrootte, stedelijkheid and sociale structuur).
// codeNames maps GM codes to names (from the kerncijfers); it may be nil.
func Compare(doc Document, gemeente string, peers []string, codeNames map[string]string) (*Result, error) {
	if len(doc.Gemeenten) == 0 {
		return nil, fmt.Errorf("geen Iv3-gegevens voor %s %d (importeer ze met ontschot import iv3) / no Iv3 data for %s %d", doc.Document, doc.Jaar, doc.Document, doc.Jaar)
	}
	names := make([]string, 0, len(doc.Gemeenten))
	byName := map[string]store.Iv3Gemeente{}
	for _, g := range doc.Gemeenten {
		if g.Gemeente != Nederland {
			names = append(names, g.Gemeente)
			byName[g.Gemeente] = g
		}
	}
	codes, unmatched := Codes(names, codeNames)
	resolve := resolver(names, codes)
	self, err := resolve(gemeente)
	if err != nil {
		return nil, err
	}
	g := byName[self]
	res := &Result{Gemeente: self, Code: codes[self], Jaar: doc.Jaar, Document: doc.Document, Inwoners: g.Inwoners}
	if codeNames != nil {
		res.Unmatched = unmatched
	}
	var peerNames []string
	if len(peers) == 0 {
		res.PeersBasis = fmt.Sprintf("Iv3-klasse: %s, %s, sociale structuur %s", g.Grootte, g.Stedelijkheid, strings.ToLower(g.SocialeStructuur))
		for _, n := range names {
			o := byName[n]
			if n != self && o.Grootte == g.Grootte && o.Stedelijkheid == g.Stedelijkheid && o.SocialeStructuur == g.SocialeStructuur {
				peerNames = append(peerNames, n)
			}
		}
	} else {
		res.PeersBasis = "genoemd"
		for _, p := range peers {
			n, err := resolve(p)
			if err != nil {
				return nil, err
			}
			if n != self && !contains(peerNames, n) {
				peerNames = append(peerNames, n)
			}
		}
	}
	sort.Strings(peerNames)
	res.Peers = peerNames
	if len(peerNames) == 0 {
		res.Notes = append(res.Notes, "geen vergelijkbare gemeenten gevonden; noem ze met --peers / no peers found")
	}
	data := gather(doc)
	me := data[self]
	if me == nil {
		return nil, fmt.Errorf("%s heeft geen taakvelden in %s %d / has no taakvelden", self, doc.Document, doc.Jaar)
	}
	for _, p := range peerNames {
		if d := data[p]; d != nil && d.inwoners > 0 {
			res.peerSet = append(res.peerSet, *d)
		}
	}
	res.self = *me
	res.Taakvelden = taakveldRows(doc, self, me, res.peerSet)
	res.Groepen, res.Totaal = groupRows(doc.Jaar, me, res.peerSet)
	return res, nil
}

// resolver returns a function that turns a name or GM code into the Iv3
// name, or an error naming the nearest known names. codes maps Iv3 names
// to GM codes.
func resolver(names []string, codes map[string]string) func(string) (string, error) {
	folded := map[string]string{}
	for _, n := range names {
		folded[NormalizeName(n)] = n
	}
	byCode := map[string]string{}
	for n, c := range codes {
		byCode[c] = n
	}
	return func(q string) (string, error) {
		q = strings.TrimSpace(q)
		if up := strings.ToUpper(q); strings.HasPrefix(up, "GM") && len(up) == 6 {
			name, ok := byCode[up]
			if !ok {
				return "", fmt.Errorf("%w: code %s is aan geen Iv3-gemeente gekoppeld (importeer de kerncijfers met ontschot import kerncijfers, of noem de gemeente bij naam) / code not linked to an Iv3 municipality", ErrUnknownGemeente, up)
			}
			return name, nil
		}
		if n, ok := folded[NormalizeName(q)]; ok {
			return n, nil
		}
		near := Nearest(q, names, 3)
		if len(near) == 0 {
			return "", fmt.Errorf("%w: %q", ErrUnknownGemeente, q)
		}
		return "", fmt.Errorf("%w: %q; bedoelt u / did you mean: %s", ErrUnknownGemeente, q, strings.Join(near, ", "))
	}
}

// gather sums each gemeente's lasten per taakveld and per group, leaving
// out subtotal rows.
func gather(doc Document) map[string]*peerData {
	inw := map[string]int64{}
	for _, g := range doc.Gemeenten {
		inw[g.Gemeente] = g.Inwoners
	}
	perGemeente := map[string][]store.Iv3Taakveld{}
	for _, t := range doc.Taakvelden {
		perGemeente[t.Gemeente] = append(perGemeente[t.Gemeente], t)
	}
	out := map[string]*peerData{}
	for name, rows := range perGemeente {
		d := &peerData{name: name, inwoners: inw[name], byCode: map[string]money.Cents{}, byGroup: map[string]money.Cents{}}
		sub := Subtotals(rows)
		for _, r := range rows {
			d.byCode[r.Taakveld] = r.Lasten
			if !sub[r.Taakveld] {
				d.byGroup[GroupOf(r.Taakveld)] += r.Lasten
			}
		}
		out[name] = d
	}
	return out
}

func taakveldRows(doc Document, self string, me *peerData, peers []peerData) []Row {
	var rows []Row
	var mine []store.Iv3Taakveld
	for _, t := range doc.Taakvelden {
		if t.Gemeente == self {
			mine = append(mine, t)
		}
	}
	sub := Subtotals(mine)
	for _, t := range mine {
		rows = append(rows, Row{Taakveld: t.Taakveld, Naam: t.Naam, Lasten: euros(t.Lasten), PerInwoner: perInhabitant(t.Lasten, me.inwoners),
			PeersMedian: peersMedian(peers, func(p peerData) (money.Cents, bool) { v, ok := p.byCode[t.Taakveld]; return v, ok }),
			Subtotal:    sub[t.Taakveld]})
	}
	sort.SliceStable(rows, func(i, j int) bool { return taakveldLess(rows[i].Taakveld, rows[j].Taakveld) })
	return rows
}

func groupRows(jaar int, me *peerData, peers []peerData) ([]Row, Row) {
	var rows []Row
	var total money.Cents
	for _, g := range Groups {
		v, ok := me.byGroup[g.Code]
		if !ok && (g.Code == "overig" || jaar < g.Since) {
			continue
		}
		total += v
		rows = append(rows, Row{Taakveld: g.Code, Naam: g.Naam, Lasten: euros(v), PerInwoner: perInhabitant(v, me.inwoners),
			PeersMedian: peersMedian(peers, func(p peerData) (money.Cents, bool) { return p.byGroup[g.Code], true })})
	}
	totalRow := Row{Taakveld: "6", Naam: "Sociaal domein (taakveld 6) totaal", Lasten: euros(total), PerInwoner: perInhabitant(total, me.inwoners),
		PeersMedian: peersMedian(peers, func(p peerData) (money.Cents, bool) {
			var s money.Cents
			for _, v := range p.byGroup {
				s += v
			}
			return s, true
		})}
	return rows, totalRow
}

// peersMedian is the median of the peers' amounts per inhabitant, in whole
// euros; nil without peers that have the figure.
func peersMedian(peers []peerData, value func(peerData) (money.Cents, bool)) *int64 {
	var xs []float64
	for _, p := range peers {
		if v, ok := value(p); ok && p.inwoners > 0 {
			xs = append(xs, float64(v)/100/float64(p.inwoners))
		}
	}
	if len(xs) == 0 {
		return nil
	}
	m := int64(math.Round(median(xs)))
	return &m
}

func median(xs []float64) float64 {
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

func euros(c money.Cents) int64 { return int64(math.Round(float64(c) / 100)) }

func perInhabitant(c money.Cents, inwoners int64) int64 {
	if inwoners <= 0 {
		return 0
	}
	return int64(math.Round(float64(c) / 100 / float64(inwoners)))
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// taakveldLess orders "6.1" < "6.2" < "6.60" < "6.71" < "6.71a" < "6.711".
func taakveldLess(a, b string) bool {
	ka, kb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(ka) && i < len(kb); i++ {
		if ka[i] != kb[i] {
			return ka[i] < kb[i]
		}
	}
	return len(ka) < len(kb)
}

// AddGrowth compares the result's gemeente and peers with an earlier
// document: per group the change in lasten, the gemeente's against the
// median of each peer's own change. Groups without a counterpart in both
// years (e.g. 6.9, new in 2025) are shown but not compared, and left out of
// the comparable total.
func (r *Result) AddGrowth(from Document) error {
	if len(from.Gemeenten) == 0 {
		return fmt.Errorf("geen Iv3-gegevens voor %s %d / no Iv3 data for %s %d", from.Document, from.Jaar, from.Document, from.Jaar)
	}
	then := gather(from)
	mineThen := then[r.Gemeente]
	if mineThen == nil {
		return fmt.Errorf("%s staat niet in %s %d (gemeentelijke herindeling?) / not in that document", r.Gemeente, from.Document, from.Jaar)
	}
	g := &Growth{Vanaf: from.Jaar, VanafDocument: from.Document}
	nowSelf := r.self.byGroup
	var a, b money.Cents
	for _, grp := range Groups {
		comparable := !(from.Jaar < grp.Since && r.Jaar >= grp.Since) && grp.Code != "overig"
		v0, v1 := mineThen.byGroup[grp.Code], nowSelf[grp.Code]
		if v0 == 0 && v1 == 0 {
			continue
		}
		row := GrowthRow{Groep: grp.Code, Naam: grp.Naam, VanafEur: euros(v0), TotEur: euros(v1), Vergelijkbaar: comparable}
		if comparable {
			row.Pct = pctChange(v0, v1)
			row.PeersMedian = r.peersGrowth(then, func(p peerData) money.Cents { return p.byGroup[grp.Code] })
			a, b = a+v0, b+v1
		}
		g.Groepen = append(g.Groepen, row)
	}
	g.Totaal = GrowthRow{Groep: "6", Naam: "Sociaal domein, vergelijkbare taakvelden", VanafEur: euros(a), TotEur: euros(b), Pct: pctChange(a, b), Vergelijkbaar: true,
		PeersMedian: r.peersGrowth(then, func(p peerData) money.Cents {
			var s money.Cents
			for _, grp := range Groups {
				if !(from.Jaar < grp.Since && r.Jaar >= grp.Since) && grp.Code != "overig" {
					s += p.byGroup[grp.Code]
				}
			}
			return s
		})}
	r.Groei = g
	return nil
}

// peersGrowth is the median of each peer's own change in percent.
func (r *Result) peersGrowth(then map[string]*peerData, value func(peerData) money.Cents) *float64 {
	var xs []float64
	for _, p := range r.peerSet {
		old := then[p.name]
		if old == nil {
			continue
		}
		if pct := pctChange(value(*old), value(p)); pct != nil {
			xs = append(xs, *pct)
		}
	}
	if len(xs) == 0 {
		return nil
	}
	m := math.Round(median(xs)*10) / 10
	return &m
}

// pctChange is the change from a to b in percent with one decimal; nil
// where a is not positive.
func pctChange(a, b money.Cents) *float64 {
	if a <= 0 {
		return nil
	}
	p := math.Round(float64(b-a)/float64(a)*1000) / 10
	return &p
}
