package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/export"
	"github.com/ontschot/ontschot/internal/store"
)

func (a *analystPages) reportPDF(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		period := r.PathValue("period")
		if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, period), "beleidsanalyse: rapport"); !ok {
			return
		}
		version, _ := strconv.Atoi(r.URL.Query().Get("versie")) // absent or wrong: the newest
		var buf bytes.Buffer
		err := export.ReleasePDF(r.Context(), a.rel, period, version, &buf)
		if errors.Is(err, store.ErrNotFound) {
			s.fail(w, r, http.StatusNotFound, "Er is geen meting voor periode "+period+".")
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="ontschot-rapport-%s.pdf"`, strings.NewReplacer(`"`, "", "/", "-", `\`, "").Replace(period)))
		w.Write(buf.Bytes())
	}
}
