package importer

import (
	"context"
	"fmt"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/store"
)

// A delivery file is for one gemeente, stored with every row (on
// PostgreSQL: the partition it goes to, docs/partitioning.md). It is, in
// this order: the gemeente the sender names (--gemeente, Source.Gemeente);
// an XML message's Ontvanger; the instance's only gemeente; else unknown
// (""). A CSV needs no gemeente column: providers' files stay as they are.

// fileGemeente sets meta.Gemeente to what src names, else to the
// instance's only gemeente; an XML header may still name it (ontvanger).
func (im *Importer) fileGemeente(ctx context.Context, meta *store.ImportMeta, src Source) error {
	if src.Gemeente != "" {
		if !store.ValidGemeente(src.Gemeente) {
			return fmt.Errorf("gemeente %q is geen CBS-gemeentecode zoals GM0642 / is not a CBS municipality code like GM0642", src.Gemeente)
		}
		meta.Gemeente = src.Gemeente
		return nil
	}
	g, err := im.Store.OnlyGemeente(ctx)
	if err != nil {
		return fmt.Errorf("gemeente van de instantie opzoeken / look up the instance's municipality: %w", err)
	}
	meta.Gemeente = g
	return nil
}

// ontvanger takes the gemeente an XML message is addressed to (code: its
// CBS code without GM, "" for a CSV row) as the file's gemeente. A file
// for another gemeente than the sender named is refused as a whole.
func (p *pipeSink) ontvanger(line int, code string) error {
	if code == "" {
		return nil
	}
	g := "GM" + code
	if g == p.gemeente {
		return nil
	}
	if p.src.Gemeente != "" {
		return &intake.FileError{Line: line,
			Reason: fmt.Sprintf("het bericht is gericht aan gemeente %s (Ontvanger %s), maar u levert aan voor gemeente %s. "+
				"Lever het bestand aan voor de gemeente in de Ontvanger. Het bestand is niet verwerkt", g, code, p.src.Gemeente),
			ReasonEN: fmt.Sprintf("the message is addressed to municipality %s (Ontvanger %s), but you upload for municipality %s. "+
				"Upload the file for the municipality in its Ontvanger. Nothing of the file was stored", g, code, p.src.Gemeente)}
	}
	if !store.ValidGemeente(g) {
		return &intake.FileError{Line: line,
			Reason:   fmt.Sprintf("Ontvanger %q is geen gemeentecode van 4 cijfers", code),
			ReasonEN: fmt.Sprintf("Ontvanger %q is not a 4-digit municipality code", code)}
	}
	p.gemeente = g
	return nil
}
