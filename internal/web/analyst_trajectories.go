package web

// The page "Eigen en gecontracteerd": the trajectories a release published
// (own teams against contracted care), with its downloads and API.

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/export"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

type trajectoriesView struct {
	Release   model.ReleaseInfo
	Periods   []option
	T         *model.Trajectories // nil: the release has no trajectories
	Compared  []comparisonRow
	Rows      []trajectoryRow
	Waiting   []waitingRow
	Referrers []referrerRow
	Base      string // /gemeente/{period}/trajecten
	Versions  string // ?versie=N when not the newest
	// Gemeenten is the chooser of a region's release (the region's analyst
	// only): the region or one gemeente; Gemeente the chosen one's name.
	Gemeenten []option
	Gemeente  string
	Query     string // ?gm=GMxxxx of the chosen gemeente, for the downloads
}

// trajectoryRow is one published cell as the page shows it: withheld
// figures read "n.v.t.".
type trajectoryRow struct {
	Type, Category, Name                         string
	Trajectories, Inflow, Outflow                string
	CostMean, CostMedian, CostP90, Duration      string
	Satisfaction, Responses, Reentry, Escalation string
	Suppressed                                   bool
	Reason                                       string
}

func newTrajectoryRow(c model.TrajectoryCell) trajectoryRow {
	count := func(p *int64) string {
		if p == nil {
			return "n.v.t."
		}
		return money.Group(*p)
	}
	euro := func(p *int64) string {
		if p == nil {
			return "n.v.t."
		}
		return eur(money.FormatEuros(*p))
	}
	unit := func(p *int64, u string) string {
		if p == nil {
			return "n.v.t."
		}
		return strconv.FormatInt(*p, 10) + u
	}
	score := "n.v.t."
	if c.SatisfactionMean != nil {
		score = strings.Replace(strconv.FormatFloat(*c.SatisfactionMean, 'f', 1, 64), ".", ",", 1)
	}
	kind := "gecontracteerd"
	if c.Type == "eigen" {
		kind = "eigen team"
	}
	return trajectoryRow{Type: kind, Category: c.Category, Name: zorgsoortNaam(c.Category), Trajectories: count(c.Trajectories), Inflow: count(c.Inflow),
		Outflow: count(c.Outflow), CostMean: euro(c.CostMeanEUR), CostMedian: euro(c.CostMedianEUR), CostP90: euro(c.CostP90EUR),
		Duration: unit(c.DurationMedianDays, " dagen"), Satisfaction: score, Responses: count(c.Responses), Reentry: unit(c.ReentryPct, "%"),
		Escalation: unit(c.EscalationPct, "%"), Suppressed: c.Suppressed, Reason: c.Reason}
}

// comparisonRow is one category where own and contracted cells are both
// published: the headline and its figures.
type comparisonRow struct {
	Name, Headline                          string
	Ratio, Interval                         string
	Share                                   float64 // own cost as a share of contracted, for the bar
	DurationOwn, DurationContracted         string
	SatisfactionOwn, SatisfactionContracted string
}

func newComparisonRow(c model.TrajectoryComparison) comparisonRow {
	score := func(p *float64) string {
		if p == nil {
			return "n.v.t."
		}
		return decimal(*p, 1)
	}
	days := func(p *int64) string {
		if p == nil {
			return "n.v.t."
		}
		return strconv.FormatInt(*p, 10) + " dagen"
	}
	row := comparisonRow{Name: zorgsoortNaam(c.Category), Headline: c.Headline, Ratio: "n.v.t.", Interval: "n.v.t.",
		DurationOwn: days(c.DurationOwnDays), DurationContracted: days(c.DurationContractedDays),
		SatisfactionOwn: score(c.SatisfactionOwn), SatisfactionContracted: score(c.SatisfactionContracted)}
	if c.CostRatio != nil {
		row.Ratio, row.Share = wholePct(*c.CostRatio), min(*c.CostRatio, 1)
	}
	if c.CostRatioInterval != nil {
		row.Interval = wholePct(c.CostRatioInterval[0]) + " – " + wholePct(c.CostRatioInterval[1])
	}
	return row
}

// referrerRow is youth care of one kind of referrer as the page shows it.
type referrerRow struct {
	Code, Name, Trajectories, Spend, SharePct string
	Share                                     float64 // for the bar
	Suppressed                                bool
	Reason                                    string
}

func newReferrerRow(v model.TrajectoryReferrer) referrerRow {
	row := referrerRow{Code: v.Referrer, Name: v.Name, Trajectories: "n.v.t.", Spend: "n.v.t.", SharePct: "n.v.t.", Suppressed: v.Suppressed, Reason: v.Reason}
	if v.Trajectories != nil {
		row.Trajectories = money.Group(*v.Trajectories)
	}
	if v.SpendEUR != nil {
		row.Spend = eur(money.FormatEuros(*v.SpendEUR))
	}
	if v.SpendPct != nil {
		row.SharePct, row.Share = strconv.FormatInt(*v.SpendPct, 10)+"%", float64(*v.SpendPct)/100
	}
	return row
}

type waitingRow struct {
	model.TrajectoryWaiting
	Name string
}

// loadTrajectories decides, reads the release (?versie=N, default the
// newest) and its trajectories; ok is false when a response was written.
func (a *analystPages) loadTrajectories(s *server, w http.ResponseWriter, r *http.Request, purpose string) (model.ReleaseInfo, *model.Trajectories, bool) {
	rel, t, _, ok := a.loadTrajectoriesOf(s, w, r, purpose)
	return rel, t, ok
}

// loadTrajectoriesOf is loadTrajectories with every gemeente's extra of
// the release (for the chooser); the trajectories are the chosen
// gemeente's (?gm=) or the region's.
func (a *analystPages) loadTrajectoriesOf(s *server, w http.ResponseWriter, r *http.Request, purpose string) (model.ReleaseInfo, *model.Trajectories, []model.ReleaseExtra, bool) {
	rel, ok := a.loadRelease(s, w, r, purpose)
	if !ok {
		return rel, nil, nil, false
	}
	xs, err := a.rel.ReleaseExtras(r.Context(), rel.ID, analysis.TrajectoriesExtra)
	if err != nil {
		s.serverError(w, r, err)
		return rel, nil, nil, false
	}
	t, err := analysis.Trajectories(ofGemeente(r, xs))
	if err != nil {
		s.serverError(w, r, err)
		return rel, nil, nil, false
	}
	return rel, t, xs, true
}

func (a *analystPages) trajectoriesLatest(s *server) http.HandlerFunc {
	return a.toLatest(s, "/trajecten")
}

func (a *analystPages) trajectories(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, t, xs, ok := a.loadTrajectoriesOf(s, w, r, "beleidsanalyse: eigen en gecontracteerd")
		if !ok {
			return
		}
		v := trajectoriesView{Release: rel, T: t, Base: "/gemeente/" + rel.Period + "/trajecten",
			Gemeenten: gemeenteChoice(r, xs, func(code string) string { return a.areaName(r, code) })}
		if r.URL.Query().Get("versie") != "" {
			v.Versions = "?versie=" + strconv.Itoa(rel.Version)
		}
		if gm := r.URL.Query().Get(gemeenteParam); gm != "" {
			v.Gemeente, v.Query = a.areaName(r, gm), gemeenteParam+"="+url.QueryEscape(gm)
			if v.Versions == "" {
				v.Versions = "?" + v.Query
			} else {
				v.Versions += "&" + v.Query
			}
		}
		if t != nil {
			for _, c := range t.Comparisons {
				v.Compared = append(v.Compared, newComparisonRow(c))
			}
			for _, c := range t.Cells {
				v.Rows = append(v.Rows, newTrajectoryRow(c))
			}
			for _, wt := range t.Waiting {
				v.Waiting = append(v.Waiting, waitingRow{wt, s.providers.label(wt.Provider)})
			}
			for _, rf := range t.Referrers {
				v.Referrers = append(v.Referrers, newReferrerRow(rf))
			}
		}
		v.Periods = a.periodOptions(r, rel.Period)
		s.render(w, r, http.StatusOK, "trajectories", page{Title: "Eigen en gecontracteerd, meting " + rel.Period, Wide: true, Data: v, Current: "/gemeente/trajecten"})
	}
}

// trajectoriesDownload sends the trajectory cells (what "trajecten"), or
// youth care by referrer (what "verwijzers", CSV only: the workbook holds
// it as a sheet).
func (a *analystPages) trajectoriesDownload(s *server, ext string, what ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, t, ok := a.loadTrajectories(s, w, r, "beleidsanalyse: download trajecten")
		if !ok {
			return
		}
		if t == nil {
			s.fail(w, r, http.StatusNotFound, "Meting "+rel.Period+" heeft geen trajecten (gemaakt voordat ze berekend werden); maak een nieuwe versie.")
			return
		}
		if len(what) > 0 && what[0] == "verwijzers" {
			name := fmt.Sprintf("ontschot-%s-v%d-verwijzers.csv", rel.Period, rel.Version)
			s.sendFile(w, r, typeCSV, name, func(w io.Writer) error { return export.WriteCSV(w, export.ReferrerRecords(t)) })
			return
		}
		name := fmt.Sprintf("ontschot-%s-v%d-trajecten.%s", rel.Period, rel.Version, ext)
		if ext == "csv" {
			s.sendFile(w, r, typeCSV, name, func(w io.Writer) error { return export.WriteCSV(w, export.TrajectoryRecords(t, zorgsoortNaam)) })
			return
		}
		s.sendFile(w, r, typeXLSX, name, func(w io.Writer) error {
			return export.WriteXLSX(w, export.TrajectorySheets(t, rel.Version, zorgsoortNaam, s.providers.name)...)
		})
	}
}

// apiTrajectories returns a release's trajectories as `ontschot
// trajectories --json` prints them, with the release's version.
func (a *analystPages) apiTrajectories(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, ok := a.apiRelease(s, w, r)
		if !ok {
			return
		}
		xs, err := a.rel.ReleaseExtras(r.Context(), rel.ID, analysis.TrajectoriesExtra)
		if err != nil {
			s.apiErr(w, r, err)
			return
		}
		t, err := analysis.Trajectories(ofGemeente(r, xs))
		if err != nil {
			s.apiErr(w, r, err)
			return
		}
		if t == nil {
			writeJSON(w, http.StatusNotFound, apiError{Error: "meting " + rel.Period + " versie " + strconv.Itoa(rel.Version) + " heeft geen trajecten"})
			return
		}
		writeJSON(w, http.StatusOK, struct {
			Version int `json:"version"`
			*model.Trajectories
		}{rel.Version, t})
	}
}

// wholePct writes a ratio as whole percent, as the headline does: the
// bootstrap interval is wider than a decimal could claim.
func wholePct(f float64) string { return strconv.Itoa(int(math.Round(f*100))) + "%" }
