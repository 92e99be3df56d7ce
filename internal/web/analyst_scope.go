package web

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/benchmark"
	"github.com/ontschot/ontschot/internal/model"
)

// In an instance that holds several gemeenten (a region), an analyst is
// scoped to one gemeente or to the whole region (access.Actor.Gemeente,
// "" = the region). The scope is enforced in two places that every
// analyst page, download and API route passes, so a new page cannot
// forget it:
//
//   - scopedReleases is the only ReleaseReader the analyst's and the
//     business-case pages get: for a scoped analyst it leaves out every
//     cell, extra and area outside their gemeente — the region's own
//     figures too, since the region less their gemeente is the other
//     gemeenten;
//   - outOfScope (in wrap) turns away, with 404 and a deny in the audit
//     log, a request that names an area of another gemeente (?in=,
//     ?gebied=), before the handler runs.
//
// The figures themselves are the region's release, whose suppression
// covers region = Σ gemeenten (docs/decisions.md), so what a gemeente's
// analyst and the region's analyst see together pins nobody.

// scopeOf returns the gemeente the request's analyst is scoped to; "" for
// the whole instance.
func scopeOf(ctx context.Context) string {
	if st, ok := ctx.Value(sessionKey).(*reqState); ok {
		return st.actor.Gemeente
	}
	return ""
}

// inScope says whether area code lies in the scope.
func inScope(scope, code string) bool {
	return scope == "" || model.GemeenteOfCode(code) == scope
}

// scopedReleases narrows a ReleaseReader to the request's scope.
type scopedReleases struct {
	ReleaseReader

	mu     sync.Mutex
	region map[int64]bool // release id → holds a regio level
}

func newScopedReleases(rel ReleaseReader) *scopedReleases {
	if rel == nil {
		return nil
	}
	return &scopedReleases{ReleaseReader: rel, region: map[int64]bool{}}
}

func (s *scopedReleases) ReleaseCells(ctx context.Context, releaseID int64, level, by string) ([]model.Cell, error) {
	cells, err := s.ReleaseReader.ReleaseCells(ctx, releaseID, level, by)
	scope := scopeOf(ctx)
	if err != nil || scope == "" {
		return cells, err
	}
	out := cells[:0:0]
	for _, c := range cells {
		if inScope(scope, c.Area) {
			out = append(out, c)
		}
	}
	return out, nil
}

// ReleaseExtras keeps, for a scoped analyst, the extras of areas in the
// scope. An extra of no area (trajectories, plan evaluation, funding:
// computed over the whole instance) is the region's in a region's
// release, so it is left out there; in a one-gemeente release it is that
// gemeente's. A region's release also holds each gemeente's trajectories,
// plan evaluation and funding under the gemeente's code (suppressed with
// region = Σ gemeenten), which the scope keeps.
func (s *scopedReleases) ReleaseExtras(ctx context.Context, releaseID int64, kind string) ([]model.ReleaseExtra, error) {
	xs, err := s.ReleaseReader.ReleaseExtras(ctx, releaseID, kind)
	scope := scopeOf(ctx)
	if err != nil || scope == "" {
		return xs, err
	}
	region, err := s.isRegion(ctx, releaseID)
	if err != nil {
		return nil, err
	}
	out := xs[:0:0]
	for _, x := range xs {
		if (x.Area == "" && !region) || (x.Area != "" && inScope(scope, x.Area)) {
			out = append(out, x)
		}
	}
	return out, nil
}

// gemeenteParam is the query parameter of the gemeente chooser on the
// pages of figure sets a region's release holds per gemeente
// (trajectories, plan evaluation, funding): ?gm=GMxxxx.
const gemeenteParam = "gm"

// ofGemeente picks, from a release's extras of one kind as the scoped
// reader left them, the ones of the gemeente the request chose (?gm=):
// none chosen, the region's (Area "") — or, for a scoped analyst, who has
// no region's, their own gemeente's. A release made before extras were
// computed per gemeente has only the region's: a chosen gemeente then
// gets nothing.
func ofGemeente(r *http.Request, xs []model.ReleaseExtra) []model.ReleaseExtra {
	want := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get(gemeenteParam)))
	if want == "" {
		want = scopeOf(r.Context())
	}
	var out []model.ReleaseExtra
	for _, x := range xs {
		if x.Area == want || (want == scopeOf(r.Context()) && x.Area == "") {
			out = append(out, x)
		}
	}
	if len(out) > 1 { // a scoped analyst in a one-gemeente release: the release's own
		for _, x := range out {
			if x.Area == want {
				return []model.ReleaseExtra{x}
			}
		}
	}
	return out
}

// gemeenteChoice is the gemeente chooser of a page whose release holds its
// figures per gemeente: the region and each gemeente with an extra, for
// the region's analyst; nothing for a scoped analyst or a release of one
// gemeente.
func gemeenteChoice(r *http.Request, xs []model.ReleaseExtra, name func(code string) string) []option {
	if scopeOf(r.Context()) != "" {
		return nil
	}
	chosen := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get(gemeenteParam)))
	var out []option
	for _, x := range xs {
		if x.Area == "" || model.GemeenteOfCode(x.Area) != x.Area {
			continue
		}
		if out == nil {
			out = append(out, option{"", "Hele regio", chosen == ""})
		}
		out = append(out, option{x.Area, name(x.Area), chosen == x.Area})
	}
	return out
}

func (s *scopedReleases) isRegion(ctx context.Context, releaseID int64) (bool, error) {
	s.mu.Lock()
	v, ok := s.region[releaseID]
	s.mu.Unlock()
	if ok {
		return v, nil
	}
	cells, err := s.ReleaseReader.ReleaseCells(ctx, releaseID, model.LevelRegio, model.ByTotal)
	if err != nil {
		return false, err
	}
	s.mu.Lock()
	s.region[releaseID] = len(cells) > 0
	s.mu.Unlock()
	return len(cells) > 0, nil
}

func (s *scopedReleases) Areas(ctx context.Context) ([]model.Area, error) {
	as, err := s.ReleaseReader.Areas(ctx)
	scope := scopeOf(ctx)
	if err != nil || scope == "" {
		return as, err
	}
	out := as[:0:0]
	for _, a := range as {
		if inScope(scope, a.Code) {
			out = append(out, a)
		}
	}
	return out, nil
}

// areaParams are the query parameters that name an area on the analyst's
// pages and downloads.
var areaParams = []string{"in", "gebied", gemeenteParam}

// outOfScope answers (404, with a deny in the audit log) a request of a
// scoped analyst that names an area outside their gemeente; true when it
// answered.
func (s *server) outOfScope(w http.ResponseWriter, r *http.Request) bool {
	actor := actorOf(r)
	if actor.Gemeente == "" {
		return false
	}
	q := r.URL.Query()
	for _, p := range areaParams {
		for _, v := range q[p] {
			for _, code := range strings.Split(v, ",") {
				if code = strings.TrimSpace(code); code == "" || inScope(actor.Gemeente, code) {
					continue
				}
				s.gate.Record(r.Context(), actor, "read "+access.KindRelease, "deny", "beleidsanalyse",
					"buiten het bereik "+actor.Gemeente+": "+p+"="+code)
				if isAPI(r) {
					writeJSON(w, http.StatusNotFound, apiError{Error: "gebied niet gevonden / area not found"})
				} else {
					s.notFound(w, r)
				}
				return true
			}
		}
	}
	return false
}

// scopedBenchmark leaves Ontschot's own released figures out of a peer
// comparison of a gemeente outside the analyst's scope: the CBS figures of
// any municipality are public, another gemeente's released spend is not
// theirs to see.
type scopedBenchmark struct{ BenchmarkReader }

func (s scopedBenchmark) Benchmark(ctx context.Context, q benchmark.Query) (*benchmark.Result, error) {
	scope := scopeOf(ctx)
	if scope != "" && strings.HasPrefix(strings.ToUpper(q.Gemeente), "GM") && strings.ToUpper(q.Gemeente) != scope {
		q.Meting = ""
	}
	res, err := s.BenchmarkReader.Benchmark(ctx, q)
	if err != nil || res == nil || scope == "" || res.Code == scope {
		return res, err
	}
	res.Meting, res.ReleasedUnassigned = "", nil
	for i := range res.Taakvelden {
		res.Taakvelden[i].Released = nil
	}
	for i := range res.Groepen {
		res.Groepen[i].Released = nil
	}
	res.Totaal.Released = nil
	return res, nil
}
