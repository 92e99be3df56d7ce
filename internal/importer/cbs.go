package importer

import (
	"bufio"
	"context"
	"hash"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/store"
)

// iv3 imports CBS Iv3 lasten and baten per taakveld per gemeente.
func (im *Importer) iv3(ctx context.Context, br *bufio.Reader, h hash.Hash, meta store.ImportMeta) (store.Summary, error) {
	return im.rowImport(ctx, br, h, meta, func(imp *store.Import, reject func(intake.Rejection)) error {
		seen := map[store.Iv3Document]map[string]bool{} // a gemeente's classes are on each of its rows
		_, err := intake.ParseIv3(br, func(r *intake.Iv3Row) error {
			doc := store.Iv3Document{Jaar: r.Jaar, Document: r.Document}
			if seen[doc] == nil {
				seen[doc] = map[string]bool{}
			}
			if !seen[doc][r.Gemeente] {
				seen[doc][r.Gemeente] = true
				if err := imp.AddIv3Gemeente(ctx, store.Iv3Gemeente{Jaar: r.Jaar, Document: r.Document, Gemeente: r.Gemeente,
					Inwoners: r.Inwoners, Provincie: r.Provincie, Grootte: r.Grootte, Stedelijkheid: r.Stedelijkheid,
					Centrumfunctie: r.Centrumfunctie, SocialeStructuur: r.SocialeStructuur}); err != nil {
					return err
				}
			}
			o, err := imp.AddIv3Taakveld(ctx, store.Iv3Taakveld{Jaar: r.Jaar, Document: r.Document, Gemeente: r.Gemeente,
				Taakveld: r.Taakveld, Naam: r.TaakveldNaam, Lasten: r.Lasten, Baten: r.Baten})
			if err != nil {
				return err
			}
			imp.Counted(o)
			return nil
		}, reject)
		return err
	})
}

// kerncijfers imports CBS key figures per gemeente per year.
func (im *Importer) kerncijfers(ctx context.Context, br *bufio.Reader, h hash.Hash, meta store.ImportMeta) (store.Summary, error) {
	return im.rowImport(ctx, br, h, meta, func(imp *store.Import, reject func(intake.Rejection)) error {
		_, err := intake.ParseKerncijfers(br, func(k *intake.Kerncijfers) error {
			row := store.Kerncijfers{Jaar: k.Jaar, Code: k.Code, Naam: k.Naam, Inwoners: k.Inwoners, Huishoudens: k.Huishoudens, AgePct: k.AgePct}
			for col, dst := range map[string]**float64{"pct_rond_sociaal_min": &row.RondSociaalMin, "pct_hh_laag_inkomen": &row.LaagInkomen,
				"wmo_per_1000": &row.WmoPer1000, "pct_jeugdzorg": &row.JeugdzorgPct} {
				if v, ok := k.Indicators[col]; ok {
					*dst = &v
				}
			}
			o, err := imp.AddKerncijfers(ctx, row)
			if err != nil {
				return err
			}
			imp.Counted(o)
			return nil
		}, reject)
		return err
	})
}
