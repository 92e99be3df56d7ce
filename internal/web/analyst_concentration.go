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
}

type concRow struct {
	concentration
	Name string
	Href string
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
		rank := map[string]int{"gemeente": 0, "wijk": 1, "buurt": 2, "blok": 3}
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
			return code
		}
		for i := range cs {
			c := &cs[i]
			if want == "" && c.Level == "gemeente" {
				want = c.Area
			}
			if c.Area == want {
				v.Selected, v.Name = c, nameOf(c.Area)
			}
			v.Areas = append(v.Areas, option{c.Area, nameOf(c.Area) + " (" + c.Level + ")", c.Area == want})
			if c.Level == level || c.Level == "gemeente" {
				v.Rows = append(v.Rows, concRow{concentration: *c, Name: nameOf(c.Area), Href: "/gemeente/" + url.PathEscape(period) + "/concentratie?gebied=" + url.QueryEscape(c.Area) + "&niveau=" + url.QueryEscape(level)})
			}
		}
		for _, l := range []string{"wijk", "buurt"} {
			v.LevelOpts = append(v.LevelOpts, option{l, l, l == level})
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
