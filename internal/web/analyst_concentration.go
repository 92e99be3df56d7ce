package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"sort"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/model"
)

// concentration is the published concentration of one area.
type concentration = analysis.Concentration

type lorenzPoint = analysis.LorenzPoint

func lorenzPoints(ps []lorenzPoint) []chart.LorenzPoint {
	out := make([]chart.LorenzPoint, len(ps))
	for i, p := range ps {
		out[i] = chart.LorenzPoint(p)
	}
	return out
}

func (a *analystPages) concentrations(ctx context.Context, releaseID int64) ([]concentration, error) {
	xs, err := a.rel.ReleaseExtras(ctx, releaseID, "concentration")
	if err != nil {
		return nil, err
	}
	return analysis.Concentrations(xs)
}

type concentrationView struct {
	Release   model.ReleaseInfo
	Periods   []option
	Areas     []option
	Selected  *concentration
	Name      string
	Lorenz    template.HTML
	Rows      []concRow
	LevelOpts []option
	Shares    []model.TopShare // of the selected area
	Partial   bool
	Parent    string // where the selected area's figures can be seen when withheld
	ParentURL string
	Missing   string // the area asked for, when the release has no figures for it
	LevelRows int    // rows of the chosen level (besides the municipality)
}

type concRow struct {
	concentration
	Name    string
	Href    string
	Shares  []model.TopShare // the shares shown: all, or the broader ones that may be shown
	Partial bool             // some shares are withheld, broader ones shown
}

// shownShares are the top shares to show for c: all of them, or where those
// are withheld, the broader ones the release still publishes.
func shownShares(c concentration) ([]model.TopShare, bool) {
	if !c.Suppressed || len(c.Partial) == 0 {
		return c.TopShares, false
	}
	out := make([]model.TopShare, len(c.TopShares))
	for i, t := range c.TopShares {
		out[i] = model.TopShare{Pct: t.Pct}
		for _, p := range c.Partial {
			if p.Pct == t.Pct {
				out[i].Share = p.Share
			}
		}
	}
	return out, true
}

func (a *analystPages) concentrationLatest(s *server) http.HandlerFunc {
	return a.toLatest(s, "/concentratie")
}

func (a *analystPages) concentration(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		period := r.PathValue("period")
		if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, period), "beleidsanalyse: concentratie"); !ok {
			return
		}
		rel, err := a.rel.Release(r.Context(), period, 0)
		if errors.Is(err, model.ErrNotFound) {
			s.fail(w, r, http.StatusNotFound, "Er is geen meting voor periode "+period+".")
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		cs, err := a.concentrations(r.Context(), rel.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		g, err := a.index(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		level := r.URL.Query().Get("niveau")
		if level == "" {
			level = "wijk"
		}
		v := concentrationView{Release: rel}
		want := r.URL.Query().Get("gebied")
		rank := map[string]int{model.LevelRegio: -1, "gemeente": 0, "wijk": 1, "buurt": 2, "blok": 3}
		sort.SliceStable(cs, func(i, j int) bool {
			if rank[cs[i].Level] != rank[cs[j].Level] {
				return rank[cs[i].Level] < rank[cs[j].Level]
			}
			return cs[i].Area < cs[j].Area
		})
		nameOf := func(code string) string {
			if ar := g.byCode[code]; ar != nil {
				return ar.Name
			}
			if code == model.RegionCode {
				return "de regio"
			}
			return code
		}
		found := false
		for i := range cs {
			found = found || cs[i].Area == want
		}
		if want != "" && !found {
			// No dead end: say so, and show the municipality instead.
			v.Missing, want = nameOf(want), ""
		}
		for i := range cs {
			c := &cs[i]
			if want == "" && (c.Level == model.LevelRegio || c.Level == "gemeente") {
				want = c.Area
			}
			if c.Level == level {
				v.LevelRows++
			}
			if c.Area == want {
				v.Selected, v.Name = c, nameOf(c.Area)
			}
			v.Areas = append(v.Areas, option{c.Area, nameOf(c.Area) + " (" + c.Level + ")", c.Area == want})
			if c.Level == level || c.Level == "gemeente" || c.Level == model.LevelRegio {
				sh, part := shownShares(*c)
				v.Rows = append(v.Rows, concRow{concentration: *c, Shares: sh, Partial: part, Name: nameOf(c.Area), Href: "/gemeente/" + url.PathEscape(period) + "/concentratie?gebied=" + url.QueryEscape(c.Area) + "&niveau=" + url.QueryEscape(level)})
			}
		}
		for _, l := range []string{"wijk", "buurt"} {
			v.LevelOpts = append(v.LevelOpts, option{l, l, l == level})
		}
		if v.Selected != nil {
			v.Shares, v.Partial = shownShares(*v.Selected)
			if v.Selected.Suppressed {
				// No dead end: the figures of the area one level up.
				up := ""
				if ar := g.byCode[v.Selected.Area]; ar != nil {
					switch v.Selected.Level {
					case "buurt":
						up = ar.Wijk
					case "wijk":
						up = ar.Gemeente
					}
				} else if v.Selected.Level == "gemeente" {
					up = model.RegionCode
				}
				for _, c := range cs {
					if c.Area == up && !c.Suppressed {
						v.Parent = nameOf(up)
						v.ParentURL = "/gemeente/" + url.PathEscape(period) + "/concentratie?gebied=" + url.QueryEscape(up) + "&niveau=" + url.QueryEscape(level)
					}
				}
			}
		}
		if v.Selected != nil && !v.Selected.Suppressed && len(v.Selected.Lorenz) > 1 {
			v.Lorenz = chart.Lorenz("Lorenzcurve van de uitgaven per huishouden in "+v.Name+", meting "+rel.Period, lorenzPoints(v.Selected.Lorenz))
		}
		rels, _ := a.rel.Releases(r.Context())
		seen := map[string]bool{}
		for _, rl := range rels {
			if !seen[rl.Period] {
				seen[rl.Period] = true
				v.Periods = append(v.Periods, option{rl.Period, rl.Period, rl.Period == period})
			}
		}
		s.render(w, r, http.StatusOK, "concentration", page{Title: "Concentratie van de uitgaven, meting " + rel.Period, Wide: true, Data: v})
	}
}
