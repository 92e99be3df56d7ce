package export

import (
	"fmt"
	"strconv"

	"github.com/ontschot/ontschot/internal/benchmark"
)

// BenchmarkColumns is the header of the peer comparison download.
var BenchmarkColumns = []string{"soort", "taakveld", "naam", "lasten_eur", "per_inwoner_eur", "peers_mediaan_per_inwoner_eur", "subtotaal", "vrijgegeven_eur"}

func benchmarkRows(r *benchmark.Result) [][]any {
	var out [][]any
	add := func(kind string, row benchmark.Row) {
		sub := 0
		if row.Subtotal {
			sub = 1
		}
		var peers, rel any
		if row.PeersMedian != nil {
			peers = Euros(*row.PeersMedian)
		}
		if row.Released != nil {
			rel = Euros(*row.Released)
		}
		out = append(out, []any{kind, row.Taakveld, row.Naam, Euros(row.Lasten), Euros(row.PerInwoner), peers, sub, rel})
	}
	for _, row := range r.Groepen {
		add("groep", row)
	}
	add("totaal", r.Totaal)
	for _, row := range r.Taakvelden {
		add("taakveld", row)
	}
	return out
}

// BenchmarkRecords is the comparison per group, in total and per taakveld
// as CSV records (whole euros; an empty field has no figure).
func BenchmarkRecords(r *benchmark.Result) [][]string {
	out := [][]string{BenchmarkColumns}
	for _, row := range benchmarkRows(r) {
		rec := make([]string, len(row))
		for i, c := range row {
			switch c := c.(type) {
			case nil:
			case Euros:
				rec[i] = strconv.FormatInt(int64(c), 10)
			default:
				rec[i] = fmt.Sprint(c)
			}
		}
		out = append(out, rec)
	}
	return out
}

// BenchmarkSheets are the workbook: the comparison, and the growth when
// asked, with the source named.
func BenchmarkSheets(r *benchmark.Result) []Sheet {
	source := fmt.Sprintf("%s, %s %d, %d inwoners; vergelijkingsgemeenten (%s): %v. Bron: CBS, Iv3 (bedragen × € 1.000, hier in euro's).",
		r.Gemeente, r.Document, r.Jaar, r.Inwoners, r.PeersBasis, r.Peers)
	sh := Sheet{Name: "Vergelijking", Rows: benchmarkRows(r), Notes: []string{source}}
	for _, c := range BenchmarkColumns {
		sh.Columns = append(sh.Columns, Column{Title: c})
	}
	out := []Sheet{sh}
	if g := r.Groei; g != nil {
		gs := Sheet{Name: "Groei", Columns: []Column{{Title: "groep"}, {Title: "naam"}, {Title: "vanaf_eur"}, {Title: "tot_eur"}, {Title: "groei_pct"},
			{Title: "peers_mediaan_groei_pct"}, {Title: "vergelijkbaar"}},
			Notes: []string{fmt.Sprintf("Groei sinds %s %d. Bron: CBS, Iv3.", g.VanafDocument, g.Vanaf)}}
		for _, row := range append(append([]benchmark.GrowthRow{}, g.Groepen...), g.Totaal) {
			cmp := 0
			if row.Vergelijkbaar {
				cmp = 1
			}
			gs.Rows = append(gs.Rows, []any{row.Groep, row.Naam, Euros(row.VanafEur), Euros(row.TotEur), row.Pct, row.PeersMedian, cmp})
		}
		out = append(out, gs)
	}
	return out
}
