package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/export"
	"github.com/ontschot/ontschot/internal/model"
)

func (a *analystPages) reportPDF(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		period := r.PathValue("period")
		if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, period), "beleidsanalyse: rapport"); !ok {
			return
		}
		version, _ := strconv.Atoi(r.URL.Query().Get("versie")) // absent or wrong: the newest
		if _, err := a.rel.Release(r.Context(), period, version); errors.Is(err, model.ErrNotFound) {
			s.fail(w, r, http.StatusNotFound, "Er is geen meting voor periode "+period+".")
			return
		}
		name := "ontschot-rapport-" + strings.NewReplacer(`"`, "", "/", "-", `\`, "").Replace(period) + ".pdf"
		s.sendFile(w, r, typePDF, name, func(w io.Writer) error { return export.ReleasePDF(r.Context(), a.rel, period, version, w) })
	}
}
