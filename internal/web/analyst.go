package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/areas"
	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/model"
)

// The Gemeente's pages, one file per page: analyst_map.go (the map and its
// table), analyst_table.go (CSV and XLSX of that table),
// analyst_concentration.go, analyst_trend.go, did.go (difference-in-
// differences) and analyst_report.go (the release PDF). This file holds
// what they share: the areas with their outlines, drawn once.

// analystPages are the Gemeente's pages. They hold a ReleaseReader and
// nothing else: there is no road from here to a household.
type analystPages struct {
	rel ReleaseReader

	mu    sync.Mutex
	geo   map[string]*geoIndex // by the analyst's scope ("" = everything)
	drawn map[string]drawnMap  // by scope + "|" + level + "|" + parent
}

func newAnalystPages(rel ReleaseReader) *analystPages {
	return &analystPages{rel: rel}
}

// geoArea is an area with its outline decoded.
type geoArea struct {
	model.Area
	Geom orb.MultiPolygon
}

type geoIndex struct {
	scope    string // the analyst's scope these areas were read for
	loadedAt time.Time
	byCode   map[string]*geoArea
	byLevel  map[string][]*geoArea
}

const geoTTL = 5 * time.Minute

// index returns the areas of the request's scope, decoded once and kept
// for a few minutes.
func (a *analystPages) index(ctx context.Context) (*geoIndex, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	scope := scopeOf(ctx)
	if g := a.geo[scope]; g != nil && time.Since(g.loadedAt) < geoTTL {
		return g, nil
	}
	as, err := a.rel.Areas(ctx)
	if err != nil {
		return nil, err
	}
	g := &geoIndex{scope: scope, loadedAt: time.Now(), byCode: map[string]*geoArea{}, byLevel: map[string][]*geoArea{}}
	for _, ar := range as {
		mp, err := areas.DecodeGeometry(ar.Geometry)
		if err != nil {
			mp = nil // an undrawable area still has its table row
		}
		ga := &geoArea{Area: ar, Geom: mp}
		ga.Geometry = nil
		g.byCode[ar.Code] = ga
		g.byLevel[ar.Level] = append(g.byLevel[ar.Level], ga)
	}
	if a.geo == nil {
		a.geo = map[string]*geoIndex{}
	}
	a.geo[scope] = g
	// Drawings of this scope were made from the old areas.
	for k := range a.drawn {
		if strings.HasPrefix(k, scope+"|") {
			delete(a.drawn, k)
		}
	}
	if a.drawn == nil {
		a.drawn = map[string]drawnMap{}
	}
	return g, nil
}

// children returns the areas of level inside parent ("" for all).
func (g *geoIndex) children(level, parent string) []*geoArea {
	var out []*geoArea
	for _, ar := range g.byLevel[level] {
		switch {
		case parent == "":
		case strings.HasPrefix(parent, "GM") && ar.Gemeente != parent:
			continue
		case strings.HasPrefix(parent, "WK") && ar.Wijk != parent:
			continue
		case strings.HasPrefix(parent, "BU"):
			continue
		}
		out = append(out, ar)
	}
	return out
}

type drawnMap struct {
	areas  []chart.Area
	extra  []chart.Area // outlines drawn over them (wijk borders, the area in focus)
	height float64
}

// drawnFor projects list (and extra, into the same viewport) once per key.
func (a *analystPages) drawnFor(g *geoIndex, key string, list []*geoArea, extra ...*geoArea) drawnMap {
	key = g.scope + "|" + key
	a.mu.Lock()
	d, ok := a.drawn[key]
	a.mu.Unlock()
	if ok {
		return d
	}
	outlines := func(list []*geoArea) []chart.Outline {
		in := make([]chart.Outline, len(list))
		for i, x := range list {
			in[i] = chart.Outline{Code: x.Code, Name: x.Name, Geom: x.Geom}
		}
		return in
	}
	d.areas, d.extra, d.height = chart.ProjectWith(outlines(list), outlines(extra))
	a.mu.Lock()
	a.drawn[key] = d
	a.mu.Unlock()
	return d
}

// blokParent returns the buurt of a blok code: BL + buurt digits + 2-digit sequence.
func blokParent(code string) string {
	if !strings.HasPrefix(code, "BL") || len(code) < 6 {
		return ""
	}
	return "BU" + code[2:len(code)-2]
}

// option is one choice of a select or a set of links.
type option struct {
	Value, Label string
	Selected     bool
}

func (a *analystPages) releases(s *server) http.HandlerFunc {
	return a.toLatest(s, "")
}

// toLatest sends the analyst to a page of the newest period (Releases is
// sorted newest first), or shows that there is no release yet.
func (a *analystPages) toLatest(s *server, suffix string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, "*"), "beleidsanalyse"); !ok {
			return
		}
		rels, err := a.rel.Releases(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if len(rels) == 0 {
			s.render(w, r, http.StatusOK, "releases", page{Title: "Metingen"})
			return
		}
		http.Redirect(w, r, "/gemeente/"+url.PathEscape(rels[0].Period)+suffix, http.StatusSeeOther)
	}
}
