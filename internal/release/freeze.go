package release

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/paulmach/orb"
	"sort"
	"time"

	"github.com/ontschot/ontschot/internal/areas"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/store"
)

// This file connects the pure release engine to the store: it reads the
// household-level data of a closed period once, aggregates it with Create
// (or CreateRevision) and publishes only the resulting tables.

// Now is the clock that decides whether a period is closed; tests pin it.
var Now = time.Now

// ErrNotClosed and ErrNoData refuse a period that cannot be released.
var (
	ErrNotClosed = errors.New("periode is nog niet afgesloten / period is not closed yet")
	ErrNoData    = errors.New("periode heeft geen leveringen / period has no deliveries")
)

// StackingKind is the kind of release extra that holds the stacking table.
const StackingKind = "stacking"

// An ExtraSource adds figure sets to a release (e.g. trajectories),
// computed from the release's own snapshot — deliveries up to maxDel,
// imports up to maxImp — and disclosure-controlled by its maker. They are
// published with the release, in the same transaction.
type ExtraSource func(ctx context.Context, st *store.Store, p Period, maxDel, maxImp int64) ([]store.ReleaseExtra, error)

// Freeze releases period p from the store: version 1 the first time, a
// revision (audited against the previous version's data) after that.
func Freeze(ctx context.Context, st *store.Store, p Period, createdBy string, rules Rules, extras ...ExtraSource) (store.ReleaseInfo, *Tables, error) {
	end, _ := intake.ParseDate(p.End())
	if today := Now(); int(end) >= today.Year()*10000+int(today.Month())*100+today.Day() {
		return store.ReleaseInfo{}, nil, fmt.Errorf("%s: %w (loopt tot %s)", p, ErrNotClosed, p.End())
	}
	start, _ := intake.ParseDate(p.Start())
	n, err := st.CountDeliveries(ctx, start, end)
	if err != nil {
		return store.ReleaseInfo{}, nil, err
	}
	if n == 0 {
		return store.ReleaseInfo{}, nil, fmt.Errorf("%s: %w", p, ErrNoData)
	}
	maxDel, maxImp, err := st.MaxIDs(ctx)
	if err != nil {
		return store.ReleaseInfo{}, nil, err
	}
	in, deliveries, err := LoadInput(ctx, st, p, maxDel, maxImp)
	if err != nil {
		return store.ReleaseInfo{}, nil, err
	}
	// The tables and every extra figure set are computed side by side
	// (at most workers() at a time): each reads the same snapshot, and
	// LoadInput has frozen the year's bloks that Places reads.
	prev, err := st.Release(ctx, p.String(), 0)
	first := errors.Is(err, store.ErrNotFound)
	if err != nil && !first {
		return store.ReleaseInfo{}, nil, err
	}
	var tables *Tables
	xs := make([][]store.ReleaseExtra, len(extras))
	errs := make([]error, len(extras)+1)
	jobs := []func(){func() {
		if first {
			tables, errs[0] = Create(in, rules)
			return
		}
		prevIn, _, err := LoadInput(ctx, st, p, prev.MaxDeliveryID, prev.MaxImportID)
		var prevTables *Tables
		if err == nil {
			prevTables, err = LoadTables(ctx, st, prev)
		}
		if err == nil {
			tables, err = CreateRevision(prevIn, prevTables, in, rules)
		}
		errs[0] = err
	}}
	for i, src := range extras {
		jobs = append(jobs, func() { xs[i], errs[i+1] = src(ctx, st, p, maxDel, maxImp) })
	}
	runAll(jobs)
	for _, err := range errs {
		if err != nil {
			return store.ReleaseInfo{}, nil, fmt.Errorf("meting %s maken / create release: %w", p, err)
		}
	}
	rulesJSON, _ := json.Marshal(rules)
	nr := store.NewRelease{Period: p.String(), CreatedBy: createdBy, Rules: string(rulesJSON),
		MaxDeliveryID: maxDel, MaxImportID: maxImp, Households: int64(len(in.Households)), Deliveries: deliveries}
	for _, c := range tables.Cells {
		nr.Cells = append(nr.Cells, store.ReleaseCell{Level: c.Level, Area: c.Area, By: c.By, Category: c.Category,
			Households: c.Households, Persons: c.Persons, AmountEUR: c.AmountEUR, Suppressed: c.Suppressed, Reason: c.Reason, Rule: c.Rule})
	}
	for _, c := range tables.Concentration {
		body, err := json.Marshal(c)
		if err != nil {
			return store.ReleaseInfo{}, nil, err
		}
		nr.Extras = append(nr.Extras, store.ReleaseExtra{Kind: "concentration", Level: c.Level, Area: c.Area, Body: string(body)})
	}
	for _, s := range tables.Stacking {
		body, err := json.Marshal(s)
		if err != nil {
			return store.ReleaseInfo{}, nil, err
		}
		nr.Extras = append(nr.Extras, store.ReleaseExtra{Kind: StackingKind, Level: s.Level, Area: s.Area, Body: string(body)})
	}
	for _, x := range xs {
		nr.Extras = append(nr.Extras, x...)
	}
	info, err := st.PublishRelease(ctx, nr)
	if err != nil {
		return info, nil, err
	}
	tables.Version = info.Version
	return info, tables, nil
}

// LoadTables reads a published release back as Tables.
func LoadTables(ctx context.Context, st *store.Store, info store.ReleaseInfo) (*Tables, error) {
	p, err := ParsePeriod(info.Period)
	if err != nil {
		return nil, err
	}
	t := &Tables{Period: p, Version: info.Version}
	if err := json.Unmarshal([]byte(info.Rules), &t.Rules); err != nil {
		return nil, fmt.Errorf("regels van meting %s / release rules: %w", info.Period, err)
	}
	cells, err := st.ReleaseCells(ctx, info.ID, "", "")
	if err != nil {
		return nil, err
	}
	for _, c := range cells {
		t.Cells = append(t.Cells, Cell{Level: c.Level, Area: c.Area, By: c.By, Category: c.Category, Households: c.Households,
			Persons: c.Persons, AmountEUR: c.AmountEUR, Suppressed: c.Suppressed, Reason: c.Reason, Rule: c.Rule})
		switch c.Level {
		case LevelRegio:
			t.Region = c.Area
		case LevelGemeente:
			t.Gemeente = c.Area
		}
	}
	if t.Region != "" {
		t.Gemeente = ""
	}
	extras, err := st.ReleaseExtras(ctx, info.ID, "concentration")
	if err != nil {
		return nil, err
	}
	for _, x := range extras {
		var c Concentration
		if err := json.Unmarshal([]byte(x.Body), &c); err != nil {
			return nil, err
		}
		t.Concentration = append(t.Concentration, c)
	}
	return t, nil
}

// LoadInput builds the household-level input of period p from the store as
// it was when deliveries up to maxDel and imports up to maxImp were in. It
// also returns the number of deliveries read.
//
// A person belongs to the household of their address at the end of the
// period: the latest BRP registration on or before the end (an assignment's
// client address only where no BRP registration exists), else the earliest
// after it. Secret addresses and persons without any registration count at
// gemeente level only, each as a household of their own.
func LoadInput(ctx context.Context, st *store.Store, p Period, maxDel, maxImp int64) (Input, int64, error) {
	start, _ := intake.ParseDate(p.Start())
	end, _ := intake.ParseDate(p.End())
	ix, err := areaIndex(ctx, st)
	if err != nil {
		return Input{}, 0, err
	}
	// Deliveries per person, interned: a million rows repeat a few
	// thousand strings, so each is allocated once.
	personIdx := map[string]int32{}
	var persons []string
	type prow struct {
		person int32
		row    Row
	}
	expect, err := st.CountDeliveries(ctx, start, end)
	if err != nil {
		return Input{}, 0, err
	}
	rows := make([]prow, 0, expect)
	intern := map[string]string{}
	str := func(b []byte) string {
		if v, ok := intern[string(b)]; ok {
			return v
		}
		s := string(b)
		intern[s] = s
		return s
	}
	var deliveries int64
	err = st.EachPeriodDelivery(ctx, start, end, maxDel, func(d *store.PeriodDelivery) error {
		deliveries++
		i, ok := personIdx[string(d.Person)]
		if !ok {
			i = int32(len(persons))
			persons = append(persons, string(d.Person))
			personIdx[persons[i]] = i
		}
		rows = append(rows, prow{i, Row{Person: i, Provider: str(d.AGB), Geldstroom: str(d.Geldstroom), Zorgsoort: str(d.Categorie), Amount: money.Cents(d.Amount)}})
		return nil
	})
	if err != nil {
		return Input{}, 0, err
	}
	places, err := placesOf(ctx, st, p, maxImp, persons, ix)
	if err != nil {
		return Input{}, 0, err
	}
	// Each person's household, once per person rather than once per row.
	hhIdx := map[string]int32{}
	in := Input{Period: p, Gemeente: ix.gemeente, Region: ix.region}
	if ix.region != "" {
		in.Gemeenten = ix.gemeenten
	}
	hhOf := make([]int32, len(persons))
	for i, pl := range places {
		j, ok := hhIdx[pl.Key]
		if !ok {
			j = int32(len(in.Households))
			hhIdx[pl.Key] = j
			in.Households = append(in.Households, Household{ID: int64(j + 1), Gemeente: pl.Gemeente, Wijk: pl.Wijk, Buurt: pl.Buurt, Blok: pl.Blok})
		}
		hhOf[i] = j
	}
	// Rows into their households, each slice allocated once at its size.
	perHH := make([]int32, len(in.Households))
	for _, pr := range rows {
		perHH[hhOf[pr.person]]++
	}
	for j := range in.Households {
		in.Households[j].Rows = make([]Row, 0, perHH[j])
	}
	for _, pr := range rows {
		h := &in.Households[hhOf[pr.person]]
		h.Rows = append(h.Rows, pr.row)
	}
	return in, deliveries, nil
}

// Place is where a person counts in a release: the key of their household
// (an address, or a key of their own when the address is secret or
// unknown) and its areas ("" below gemeente when unknown or secret).
type Place struct {
	Key                         string
	Gemeente, Wijk, Buurt, Blok string
}

// Places returns where each of persons (pseudonyms) counts in a release of
// period p as imports up to maxImp left it — the residence logic of
// LoadInput, for figure sets that group the release's people otherwise
// (e.g. the funding module's spend per contract and area).
func Places(ctx context.Context, st *store.Store, p Period, maxImp int64, persons []string) ([]Place, error) {
	ix, err := areaIndex(ctx, st)
	if err != nil {
		return nil, err
	}
	return placesOf(ctx, st, p, maxImp, persons, ix)
}

func placesOf(ctx context.Context, st *store.Store, p Period, maxImp int64, persons []string, ix areaIdx) ([]Place, error) {
	end, _ := intake.ParseDate(p.End())
	personIdx := make(map[string]int, len(persons))
	for i, q := range persons {
		personIdx[q] = i
	}
	// The residence that counts for each person with deliveries.
	type pick struct {
		r     store.ResidenceRow
		rank  int // lower is better
		found bool
	}
	picks := make([]pick, len(persons))
	// Any BRP row beats any assignment's address (JW301/WMO301), which
	// counts only for a person no BRP extract covers (issue 11.1); within
	// each, the latest on or before the period's end, else the earliest
	// after it.
	rank := func(r *store.ResidenceRow) int {
		k := 0
		if r.Bron != "brp" {
			k = 2
		}
		if r.Peildatum > end {
			k++
		}
		return k
	}
	err := st.EachResidence(ctx, maxImp, func(r *store.ResidenceRow) error {
		i, ok := personIdx[r.Person]
		if !ok {
			return nil
		}
		k := rank(r)
		pk := &picks[i]
		before := k%2 == 0
		better := !pk.found || k < pk.rank ||
			(k == pk.rank && before && r.Peildatum > pk.r.Peildatum) ||
			(k == pk.rank && !before && r.Peildatum < pk.r.Peildatum)
		if better {
			pk.r, pk.rank, pk.found = *r, k, true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Address → buurt, and the bloks frozen for this year.
	buurtOf := map[string]store.HouseBuurt{}
	counts := map[string]map[string]int{}
	err = st.EachHouseBuurt(ctx, maxImp, func(h *store.HouseBuurt) error {
		buurtOf[h.House] = *h
		if counts[h.Buurt] == nil {
			counts[h.Buurt] = map[string]int{}
		}
		counts[h.Buurt][h.PC6]++
		return nil
	})
	if err != nil {
		return nil, err
	}
	blokOf, err := yearBloks(ctx, st, p.Year, counts)
	if err != nil {
		return nil, err
	}
	out := make([]Place, len(persons))
	for i := range persons {
		pk := picks[i]
		// In a region a household's gemeente is that of its buurt; without a
		// known address it counts at region level only.
		h := Place{Gemeente: ix.gemeente}
		var key string
		switch {
		case !pk.found:
			key = "onbekend:" + persons[i]
		case pk.r.Secret || pk.r.Address == "":
			key = "geheim:" + persons[i]
		default:
			key = pk.r.Address
			if hb, ok := buurtOf[pk.r.House]; ok {
				h.Buurt = hb.Buurt
				h.Wijk = ix.wijkOf[hb.Buurt]
				h.Blok = blokOf[hb.Buurt+"|"+pk.r.PC6]
				if h.Blok == "" {
					h.Blok = blokOf[hb.Buurt+"|"+hb.PC6]
				}
				if ix.region != "" {
					h.Gemeente = ix.gemeenteOf[hb.Buurt]
				}
				if h.Wijk == "" || h.Blok == "" || (ix.region != "" && h.Gemeente == "") {
					h.Gemeente, h.Wijk, h.Buurt, h.Blok = ix.gemeente, "", "", ""
				}
			}
		}
		h.Key = key
		out[i] = h
	}
	return out, nil
}

// areaIdx is the instance's areas as a release needs them: its gemeenten
// (sorted), the gemeente of a single-gemeente instance or the region code
// of several, and buurt → wijk and buurt → gemeente.
type areaIdx struct {
	gemeenten          []string
	gemeente, region   string // one of the two is set
	wijkOf, gemeenteOf map[string]string
}

// areaIndex reads the areas. With several gemeenten the instance is a
// region and its release has a regio level above them.
func areaIndex(ctx context.Context, st *store.Store) (areaIdx, error) {
	all, err := st.Areas(ctx)
	if err != nil {
		return areaIdx{}, err
	}
	gemeenten := map[string]bool{}
	ix := areaIdx{wijkOf: map[string]string{}, gemeenteOf: map[string]string{}}
	for _, a := range all {
		if a.Gemeente != "" {
			gemeenten[a.Gemeente] = true
		}
		if a.Level == string(areas.Gemeente) {
			gemeenten[a.Code] = true
		}
		if a.Level == string(areas.Buurt) {
			ix.wijkOf[a.Code] = a.Wijk
			ix.gemeenteOf[a.Code] = a.Gemeente
		}
	}
	if len(gemeenten) == 0 {
		return areaIdx{}, errors.New("er zijn nog geen gebieden; importeer eerst de wijken en buurten (ontschot import areas) / no areas imported yet")
	}
	for g := range gemeenten {
		ix.gemeenten = append(ix.gemeenten, g)
	}
	sort.Strings(ix.gemeenten)
	ix.gemeente = ix.gemeenten[0]
	if len(ix.gemeenten) > 1 {
		ix.gemeente, ix.region = "", model.RegionCode
	}
	return ix, nil
}

// yearBloks returns "buurt|pc6" → blok for a release year, freezing the
// bloks the first time a period of that year is released.
func yearBloks(ctx context.Context, st *store.Store, year int, counts map[string]map[string]int) (map[string]string, error) {
	rows, err := st.Bloks(ctx, year)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 && len(counts) > 0 {
		for _, b := range areas.AllBloks(counts, areas.DefaultBlokMin) {
			for _, pc := range b.Postcodes {
				rows = append(rows, store.BlokRow{Buurt: b.Buurt, PC6: pc, Blok: b.Code})
			}
		}
		if err := st.FreezeBloks(ctx, year, rows); err != nil {
			return nil, err
		}
		if err := freezeBlokOutlines(ctx, st, year, areas.AllBloks(counts, areas.DefaultBlokMin)); err != nil {
			return nil, err
		}
		if rows, err = st.Bloks(ctx, year); err != nil {
			return nil, err
		}
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Buurt+"|"+r.PC6] = r.Blok
	}
	return out, nil
}

// freezeBlokOutlines draws every blok of a release year from the points of
// its postcodes (store.PC6Point) inside its buurt (areas.BlokOutlines) and
// freezes the outlines with the bloks. Buurten without outline or points
// leave their bloks without one; the map then draws the buurt alone.
func freezeBlokOutlines(ctx context.Context, st *store.Store, year int, bloks []areas.BlokCluster) error {
	pts, err := st.PC6Points(ctx)
	if err != nil {
		return err
	}
	sites := map[string]map[string]orb.Point{}
	for _, p := range pts {
		if sites[p.Buurt] == nil {
			sites[p.Buurt] = map[string]orb.Point{}
		}
		sites[p.Buurt][p.PC6] = orb.Point{p.X, p.Y}
	}
	bs, err := st.AreasOfLevel(ctx, string(areas.Buurt))
	if err != nil {
		return err
	}
	geom := map[string][]byte{}
	for _, b := range bs {
		geom[b.Code] = b.Geometry
	}
	perBuurt := map[string][]areas.BlokCluster{}
	var order []string
	for _, b := range bloks {
		if perBuurt[b.Buurt] == nil {
			order = append(order, b.Buurt)
		}
		perBuurt[b.Buurt] = append(perBuurt[b.Buurt], b)
	}
	var out []store.BlokOutline
	for _, buurt := range order {
		g, err := areas.DecodeGeometry(geom[buurt])
		if err != nil || len(g) == 0 || (len(sites[buurt]) == 0 && len(perBuurt[buurt]) > 1) {
			continue
		}
		outlines := areas.BlokOutlines(g, perBuurt[buurt], sites[buurt])
		for _, b := range perBuurt[buurt] {
			if o := outlines[b.Code]; len(o) > 0 {
				enc, err := areas.EncodeGeometry(o)
				if err != nil {
					return fmt.Errorf("blok %s: %w", b.Code, err)
				}
				out = append(out, store.BlokOutline{Blok: b.Code, Geometry: enc})
			}
		}
	}
	return st.FreezeBlokOutlines(ctx, year, out)
}
