package web

// The page "Stapeling": per area the households with support from two or
// more geldstromen or providers and their share of the spend, as a release
// published them (extra kind "stacking"), with downloads and the API.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/export"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

type stackingView struct {
	Release   model.ReleaseInfo
	Periods   []option
	LevelOpts []option
	Level     string
	Tops      []stackingRow // the region (when the instance is one) and its gemeenten, or the municipality
	Rows      []stackingRow
	Base      string // /gemeente/{period}/stapeling
	Versions  string // ?versie=N when not the newest
	None      bool   // the release has no stacking table
}

// stackingRow is one area's stacking as the page shows it.
type stackingRow struct {
	Code, Name, Level                    string
	Households                           string
	Streams, StreamsPct                  string
	Providers, ProvidersPct              string
	StreamsShare, ProvidersShare         float64 // for the bars
	StreamsHidden, ProvidersHidden, Area bool    // Area: the area itself is withheld
	Reason                               string
	LookName, LookHref                   string // where its withheld figures can be seen
}

func newStackingRow(s model.Stacking, name string) stackingRow {
	row := stackingRow{Code: s.Area, Name: name, Level: s.Level, Households: "n.v.t.", Reason: s.Reason,
		Area: s.Households == nil, StreamsHidden: s.Streams == nil, ProvidersHidden: s.Providers == nil}
	if s.Households != nil {
		row.Households = money.Group(*s.Households)
	}
	row.Streams, row.StreamsPct, row.StreamsShare = stackFigures(s.Streams, s.StreamsSharePct)
	row.Providers, row.ProvidersPct, row.ProvidersShare = stackFigures(s.Providers, s.ProvidersSharePct)
	return row
}

func stackFigures(n *int64, pct *float64) (count, share string, bar float64) {
	count, share = "n.v.t.", "n.v.t."
	if n != nil {
		count = money.Group(*n)
	}
	if pct != nil {
		share, bar = strconv.FormatFloat(*pct, 'f', 0, 64)+"%", *pct/100
	}
	return count, share, bar
}

// parentOf returns the area one level up: blok → buurt, buurt → wijk,
// wijk → gemeente.
func (g *geoIndex) parentOf(level, code string) (string, string) {
	switch level {
	case "blok":
		if len(code) >= 10 && strings.HasPrefix(code, "BL") {
			return "buurt", "BU" + code[2:10] // BL + the buurt's 8 digits + the blok's number
		}
	case "buurt", "wijk":
		if ar := g.byCode[code]; ar != nil {
			if level == "buurt" {
				return "wijk", ar.Wijk
			}
			return "gemeente", ar.Gemeente
		}
	}
	return "", ""
}

func (g *geoIndex) nameOf(level, code string) string {
	if ar := g.byCode[code]; ar != nil {
		return ar.Name
	}
	if level == "blok" {
		if _, buurt := g.parentOf(level, code); buurt != "" && g.byCode[buurt] != nil {
			return "Blok " + strings.TrimLeft(code[10:], "0") + " in " + g.byCode[buurt].Name
		}
	}
	return code
}

// loadStacking decides and reads the release (?versie=N, default the
// newest) and its stacking table; ok is false when a response was written.
func (a *analystPages) loadStacking(s *server, w http.ResponseWriter, r *http.Request, purpose string) (model.ReleaseInfo, []model.Stacking, bool) {
	rel, ok := a.loadRelease(s, w, r, purpose)
	if !ok {
		return rel, nil, false
	}
	rows, err := a.stackings(r.Context(), rel.ID)
	if err != nil {
		s.serverError(w, r, err)
		return rel, nil, false
	}
	return rel, rows, true
}

func (a *analystPages) stackings(ctx context.Context, releaseID int64) ([]model.Stacking, error) {
	xs, err := a.rel.ReleaseExtras(ctx, releaseID, analysis.StackingExtra)
	if err != nil {
		return nil, err
	}
	return analysis.Stackings(xs)
}

func (a *analystPages) stackingLatest(s *server) http.HandlerFunc {
	return a.toLatest(s, "/stapeling")
}

func (a *analystPages) stacking(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, all, ok := a.loadStacking(s, w, r, "beleidsanalyse: stapeling")
		if !ok {
			return
		}
		g, err := a.index(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		level := r.URL.Query().Get("niveau")
		if level != "buurt" && level != "blok" {
			level = "wijk"
		}
		v := stackingView{Release: rel, Level: level, Base: "/gemeente/" + url.PathEscape(rel.Period) + "/stapeling", None: len(all) == 0}
		if r.URL.Query().Get("versie") != "" {
			v.Versions = "?versie=" + strconv.Itoa(rel.Version)
		}
		byArea := map[string]model.Stacking{}
		for _, st := range all {
			byArea[st.Area] = st
		}
		for _, st := range all {
			if st.Level != level && st.Level != "gemeente" && st.Level != model.LevelRegio {
				continue
			}
			name := g.nameOf(st.Level, st.Area)
			if st.Level == model.LevelRegio {
				name = "Hele regio"
			}
			row := newStackingRow(st, name)
			if row.Area || row.StreamsHidden || row.ProvidersHidden {
				// No dead end: the nearest area up whose figures are published.
				for pl, pc := g.parentOf(st.Level, st.Area); pc != ""; pl, pc = g.parentOf(pl, pc) {
					if p, ok := byArea[pc]; ok && p.Streams != nil && p.Providers != nil {
						row.LookName = g.nameOf(pl, pc)
						row.LookHref = v.Base + "?niveau=" + url.QueryEscape(pl) + v.versionParam("&") + "#" + url.PathEscape(pc)
						if pl == "gemeente" {
							row.LookHref = v.Base + v.versionParam("?") + "#" + url.PathEscape(pc)
						}
						break
					}
				}
			}
			if st.Level == "gemeente" || st.Level == model.LevelRegio {
				v.Tops = append(v.Tops, row)
				continue
			}
			v.Rows = append(v.Rows, row)
		}
		// The region first, then its gemeenten by name.
		sort.SliceStable(v.Tops, func(i, j int) bool {
			if (v.Tops[i].Level == model.LevelRegio) != (v.Tops[j].Level == model.LevelRegio) {
				return v.Tops[i].Level == model.LevelRegio
			}
			return v.Tops[i].Name < v.Tops[j].Name
		})
		for _, l := range []string{"wijk", "buurt", "blok"} {
			v.LevelOpts = append(v.LevelOpts, option{l, l, l == level})
		}
		v.Periods = a.periodOptions(r, rel.Period)
		s.render(w, r, http.StatusOK, "stacking", page{Title: "Stapeling, meting " + rel.Period, Wide: true, Data: v, Current: "/gemeente/stapeling"})
	}
}

// versionParam is "?versie=N" (or "&versie=N") when a version was asked for.
func (v stackingView) versionParam(sep string) string {
	if v.Versions == "" {
		return ""
	}
	return sep + strings.TrimPrefix(v.Versions, "?")
}

func (a *analystPages) stackingDownload(s *server, ext string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, rows, ok := a.loadStacking(s, w, r, "beleidsanalyse: download stapeling")
		if !ok {
			return
		}
		if len(rows) == 0 {
			s.fail(w, r, http.StatusNotFound, "Meting "+rel.Period+" heeft geen stapelingstabel (gemaakt voordat die berekend werd); maak een nieuwe versie.")
			return
		}
		g, err := a.index(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		name := func(code string) string {
			for _, st := range rows {
				if st.Area == code {
					return g.nameOf(st.Level, code)
				}
			}
			return code
		}
		file := fmt.Sprintf("ontschot-%s-v%d-stapeling.%s", rel.Period, rel.Version, ext)
		if ext == "csv" {
			s.sendFile(w, r, typeCSV, file, func(w io.Writer) error { return export.WriteCSV(w, export.StackingRecords(rows, name)) })
			return
		}
		s.sendFile(w, r, typeXLSX, file, func(w io.Writer) error {
			return export.WriteXLSX(w, export.StackingSheet(rel.Period, rel.Version, rows, name))
		})
	}
}

// apiStacking returns a release's stacking table as `ontschot release
// stacking --json` prints it: every level, or the one asked for.
func (a *analystPages) apiStacking(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, ok := a.apiRelease(s, w, r)
		if !ok {
			return
		}
		rows, err := a.stackings(r.Context(), rel.ID)
		if err != nil {
			s.apiErr(w, r, err)
			return
		}
		level := r.URL.Query().Get("level")
		out := []model.Stacking{}
		for _, st := range rows {
			if level == "" || st.Level == level {
				out = append(out, st)
			}
		}
		writeJSON(w, http.StatusOK, map[string]any{"period": rel.Period, "version": rel.Version, "level": level, "stacking": out})
	}
}
