package importer

import (
	"bufio"
	"context"
	"fmt"
	"hash"
	"strings"

	"github.com/ontschot/ontschot/internal/budget"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
)

func toBudgetContract(c store.Contract) budget.Contract {
	return budget.Contract{Code: c.Code, Naam: c.Naam, Variant: budget.Variant(c.Variant), Opdrachtnemer: c.Opdrachtnemer,
		Aanbieders: c.Aanbieders, Geldstromen: c.Geldstromen, Categorieen: c.Categorieen, Gebied: c.Gebied,
		Begin: budget.Day(c.Begin), Eind: budget.Day(c.Eind)}
}

// contracts imports funding contracts. A contract that could claim the same
// delivery as another (shared provider, overlapping filters, area and
// dates) is refused naming the other: a euro counts against one budget.
func (im *Importer) contracts(ctx context.Context, br *bufio.Reader, h hash.Hash, meta store.ImportMeta) (store.Summary, error) {
	return im.rowImport(ctx, br, h, meta, func(imp *store.Import, reject func(intake.Rejection)) error {
		known, err := imp.Contracts(ctx)
		if err != nil {
			return err
		}
		_, err = intake.ParseContracts(br, im.Codes, func(c *intake.Contract) error {
			sc := store.Contract{Code: c.Code, Naam: c.Naam, Variant: c.Variant, Opdrachtnemer: c.Opdrachtnemer, Aanbieders: c.Aanbieders,
				Geldstromen: c.Geldstromen, Categorieen: c.Categorieen, Gebied: c.Gebied, Begin: int(c.Begin), Eind: int(c.Eind)}
			for _, k := range known {
				if k.Code != sc.Code && budget.Overlaps(toBudgetContract(k), toBudgetContract(sc)) {
					reject(intake.Rejection{Line: c.Line, Field: "contract",
						Reason:   fmt.Sprintf("contract %s overlapt met contract %s (dezelfde aanbieder, filters, gebied en periode); een euro telt maar voor één budget", sc.Code, k.Code),
						ReasonEN: fmt.Sprintf("contract %s overlaps contract %s (same provider, filters, area and period); a euro counts against one budget only", sc.Code, k.Code)})
					return nil
				}
			}
			o, err := imp.AddContract(ctx, sc)
			if err != nil {
				return err
			}
			imp.Counted(o)
			known = replaceContract(known, sc)
			return nil
		}, reject)
		return err
	})
}

func replaceContract(cs []store.Contract, c store.Contract) []store.Contract {
	for i := range cs {
		if cs[i].Code == c.Code {
			cs[i] = c
			return cs
		}
	}
	return append(cs, c)
}

// budgets imports budget lines; the contract must exist and run that year.
func (im *Importer) budgets(ctx context.Context, br *bufio.Reader, h hash.Hash, meta store.ImportMeta) (store.Summary, error) {
	return im.rowImport(ctx, br, h, meta, func(imp *store.Import, reject func(intake.Rejection)) error {
		byCode, err := contractIndex(ctx, imp)
		if err != nil {
			return err
		}
		_, err = intake.ParseBudgets(br, func(b *intake.BudgetLine) error {
			line := budget.Line{Contract: b.Contract, Jaar: b.Jaar, Partner: b.Partner, Bedrag: b.Bedrag}
			if err := budget.CheckLine(line, byCode[b.Contract]); err != nil {
				reject(bilingual(b.Line, budgetField(line, byCode[b.Contract]), err))
				return nil
			}
			o, err := imp.AddBudgetLine(ctx, store.BudgetLine{Contract: b.Contract, Jaar: b.Jaar, Partner: b.Partner, Bedrag: b.Bedrag})
			if err != nil {
				return err
			}
			imp.Counted(o)
			return nil
		}, reject)
		return err
	})
}

func budgetField(l budget.Line, c *budget.Contract) string {
	switch {
	case c == nil:
		return "contract"
	case !c.Covers(l.Jaar):
		return "jaar"
	case l.Bedrag < 0:
		return "bedrag_cent"
	}
	return "partner"
}

func contractIndex(ctx context.Context, imp *store.Import) (map[string]*budget.Contract, error) {
	cs, err := imp.Contracts(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]*budget.Contract{}
	for _, c := range cs {
		bc := toBudgetContract(c)
		out[c.Code] = &bc
	}
	return out, nil
}

// results imports result agreements. Their shares of one contract's year
// may not exceed the whole budget; a file that would make them do so has
// those rows refused.
func (im *Importer) results(ctx context.Context, br *bufio.Reader, h hash.Hash, meta store.ImportMeta) (store.Summary, error) {
	return im.rowImport(ctx, br, h, meta, func(imp *store.Import, reject func(intake.Rejection)) error {
		byCode, err := contractIndex(ctx, imp)
		if err != nil {
			return err
		}
		share := map[string]float64{} // contract|jaar|indicator → share, this file's rows
		_, err = intake.ParseResults(br, func(r *intake.ResultLine) error {
			c := byCode[r.Contract]
			switch {
			case c == nil:
				reject(intake.Rejection{Line: r.Line, Field: "contract", Reason: fmt.Sprintf("onbekend contract %q", r.Contract), ReasonEN: fmt.Sprintf("unknown contract %q", r.Contract)})
				return nil
			case !c.Covers(r.Jaar):
				reject(intake.Rejection{Line: r.Line, Field: "jaar", Reason: fmt.Sprintf("jaar %d valt buiten het contract", r.Jaar), ReasonEN: fmt.Sprintf("year %d lies outside the contract", r.Jaar)})
				return nil
			}
			var sum float64
			prefix := fmt.Sprintf("%s|%d|", r.Contract, r.Jaar)
			share[prefix+r.Indicator] = r.Aandeel
			for k, v := range share {
				if len(k) > len(prefix) && k[:len(prefix)] == prefix {
					sum += v
				}
			}
			if sum > 1+1e-9 {
				delete(share, prefix+r.Indicator)
				reject(intake.Rejection{Line: r.Line, Field: "aandeel",
					Reason:   fmt.Sprintf("de resultaatafhankelijke aandelen van %s in %d komen boven 100%% van het budget", r.Contract, r.Jaar),
					ReasonEN: fmt.Sprintf("the result-dependent shares of %s in %d exceed 100%% of the budget", r.Contract, r.Jaar)})
				return nil
			}
			o, err := imp.AddResultAgreement(ctx, store.ResultAgreement{Contract: r.Contract, Jaar: r.Jaar, Indicator: r.Indicator, Doel: r.Doel, Aandeel: r.Aandeel, Gemeten: r.Gemeten})
			if err != nil {
				return err
			}
			imp.Counted(o)
			return nil
		}, reject)
		return err
	})
}

// flows imports flows without declarations; a person's BSN goes to the
// kluis at once, and only the pseudonym is stored.
func (im *Importer) flows(ctx context.Context, br *bufio.Reader, h hash.Hash, meta store.ImportMeta) (store.Summary, error) {
	return im.rowImport(ctx, br, h, meta, func(imp *store.Import, reject func(intake.Rejection)) error {
		byCode, err := contractIndex(ctx, imp)
		if err != nil {
			return err
		}
		_, err = intake.ParseFlows(br, im.Codes, func(f *intake.Flow) error {
			if f.Contract != "" && byCode[f.Contract] == nil {
				reject(intake.Rejection{Line: f.Line, Field: "contract", Reason: fmt.Sprintf("onbekend contract %q; importeer eerst de contracten", f.Contract), ReasonEN: fmt.Sprintf("unknown contract %q; import the contracts first", f.Contract)})
				return nil
			}
			sf := store.Flow{Bron: f.Bron, Referentie: f.Referentie, Credit: f.Credit, Soort: f.Soort, Geldstroom: f.Geldstroom, Categorie: f.Categorie,
				Begin: int(f.Begin), Eind: int(f.Eind), Gebied: f.Gebied, Contract: f.Contract, Volume: f.Volume, Eenheid: f.Eenheid, Bedrag: f.Bedrag, Line: f.Line}
			if f.BSN != "" {
				sf.Person = im.Kluis.Pseudonym(kluis.Person, f.BSN)
			}
			o, otherLine, err := imp.AddFlow(ctx, sf)
			if err != nil {
				return err
			}
			if o == store.Conflict {
				r := intake.Rejection{Line: f.Line, Field: "referentie",
					Reason:   "deze bron + referentie is al eerder aangeleverd met andere inhoud; stuur een creditregel en een nieuwe referentie",
					ReasonEN: "this bron + referentie was sent before with different content; send a credit row and a new reference"}
				if otherLine > 0 {
					r.Reason = fmt.Sprintf("deze bron + referentie staat al op regel %d van dit bestand met andere inhoud", otherLine)
					r.ReasonEN = fmt.Sprintf("this bron + referentie is already on line %d of this file with different content", otherLine)
				}
				reject(r)
				return nil
			}
			imp.Counted(o)
			return nil
		}, reject)
		return err
	})
}

// bilingual turns an "nl / en" error into a rejection.
func bilingual(line int, field string, err error) intake.Rejection {
	nl, en, ok := strings.Cut(err.Error(), " / ")
	if !ok {
		en = nl
	}
	return intake.Rejection{Line: line, Field: field, Reason: nl, ReasonEN: en}
}

// survey imports the answers of a client-experience survey as feedback
// about providers; the BSN goes to the kluis at once. The trajectories
// publish their mean only over ten or more answers.
func (im *Importer) survey(ctx context.Context, br *bufio.Reader, h hash.Hash, meta store.ImportMeta) (store.Summary, error) {
	return im.rowImport(ctx, br, h, meta, func(imp *store.Import, reject func(intake.Rejection)) error {
		_, err := intake.ParseSurvey(br, func(a *intake.SurveyAnswer) error {
			o, err := imp.AddSurveyAnswer(ctx, a.Onderzoek, a.Referentie, im.Kluis.Pseudonym(kluis.Person, a.BSN), a.AGB, a.Score)
			if err != nil {
				return err
			}
			if o == store.Conflict {
				reject(intake.Rejection{Line: a.Line, Field: "referentie",
					Reason:   "dit antwoord (onderzoek + referentie) is al aangeleverd met een andere score",
					ReasonEN: "this answer (survey + reference) was sent before with another score"})
				return nil
			}
			imp.Counted(o)
			return nil
		}, reject)
		return err
	})
}

// nazorg imports aftercare conversations: the BSN pseudonymised at once, a
// conversation for an unknown contract or outside the contract's dates
// refused, the same conversation again stored once, another outcome under
// the same contract, person and date refused.
func (im *Importer) nazorg(ctx context.Context, br *bufio.Reader, h hash.Hash, meta store.ImportMeta) (store.Summary, error) {
	return im.rowImport(ctx, br, h, meta, func(imp *store.Import, reject func(intake.Rejection)) error {
		byCode, err := contractIndex(ctx, imp)
		if err != nil {
			return err
		}
		_, err = intake.ParseNazorg(br, func(n *intake.Nazorg) error {
			c := byCode[n.Contract]
			switch {
			case c == nil:
				reject(intake.Rejection{Line: n.Line, Field: "contract", Reason: fmt.Sprintf("onbekend contract %q", n.Contract), ReasonEN: fmt.Sprintf("unknown contract %q", n.Contract)})
				return nil
			case budget.Day(n.Datum) < c.Begin:
				reject(intake.Rejection{Line: n.Line, Field: "datum", Reason: fmt.Sprintf("het gesprek ligt vóór het begin van contract %s", n.Contract), ReasonEN: fmt.Sprintf("the conversation is before contract %s began", n.Contract)})
				return nil
			}
			o, err := imp.AddAftercare(ctx, store.Aftercare{Contract: n.Contract, Person: im.Kluis.Pseudonym(kluis.Person, n.BSN),
				Datum: int(n.Datum), Score: n.Score, Geholpen: n.Geholpen, Line: n.Line})
			if err != nil {
				return err
			}
			if o == store.Conflict {
				reject(intake.Rejection{Line: n.Line, Field: "score",
					Reason:   "dit gesprek (contract, persoon, datum) is al aangeleverd met een andere uitkomst",
					ReasonEN: "this conversation (contract, person, date) was sent before with another outcome"})
				return nil
			}
			imp.Counted(o)
			return nil
		}, reject)
		return err
	})
}
