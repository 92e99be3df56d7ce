package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/ontschot/ontschot/internal/money"
)

// Contract is a stored funding contract (SPEC §5.8). Lists are kept
// ';'-joined; an empty list means "all".
type Contract struct {
	Code, Naam, Variant, Opdrachtnemer   string
	Aanbieders, Geldstromen, Categorieen []string
	Gebied                               string
	Begin, Eind                          int // yyyymmdd
}

func (c Contract) equal(o Contract) bool {
	return c.Code == o.Code && c.Naam == o.Naam && c.Variant == o.Variant && c.Opdrachtnemer == o.Opdrachtnemer &&
		join(c.Aanbieders) == join(o.Aanbieders) && join(c.Geldstromen) == join(o.Geldstromen) &&
		join(c.Categorieen) == join(o.Categorieen) && c.Gebied == o.Gebied && c.Begin == o.Begin && c.Eind == o.Eind
}

func join(xs []string) string { return strings.Join(xs, ";") }

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ";")
}

// AddContract stores a contract: Accepted when new or changed (a contract
// may be extended or its members changed), Duplicate when the same.
func (im *Import) AddContract(ctx context.Context, c Contract) (Outcome, error) {
	old, err := contractByCode(ctx, im.tx, c.Code)
	switch {
	case errors.Is(err, ErrNotFound):
		_, err = im.tx.ExecContext(ctx, `INSERT INTO contracts (code, naam, variant, opdrachtnemer, aanbieders, geldstromen, categorieen, gebied, begindatum, einddatum, import_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			c.Code, c.Naam, c.Variant, c.Opdrachtnemer, join(c.Aanbieders), join(c.Geldstromen), join(c.Categorieen), c.Gebied, c.Begin, c.Eind, im.ID)
	case err != nil:
	case old.equal(c):
		return Duplicate, nil
	default:
		_, err = im.tx.ExecContext(ctx, `UPDATE contracts SET naam = $2, variant = $3, opdrachtnemer = $4, aanbieders = $5, geldstromen = $6,
			categorieen = $7, gebied = $8, begindatum = $9, einddatum = $10, import_id = $11 WHERE code = $1`,
			c.Code, c.Naam, c.Variant, c.Opdrachtnemer, join(c.Aanbieders), join(c.Geldstromen), join(c.Categorieen), c.Gebied, c.Begin, c.Eind, im.ID)
	}
	if err != nil {
		return 0, fmt.Errorf("contract opslaan / store contract: %w", err)
	}
	return Accepted, nil
}

type queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func contractByCode(ctx context.Context, q queryer, code string) (Contract, error) {
	cs, err := contracts(ctx, q, `WHERE code = $1`, code)
	if err != nil {
		return Contract{}, err
	}
	if len(cs) == 0 {
		return Contract{}, ErrNotFound
	}
	return cs[0], nil
}

func contracts(ctx context.Context, q queryer, where string, args ...any) ([]Contract, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, naam, variant, opdrachtnemer, aanbieders, geldstromen, categorieen, gebied, begindatum, einddatum
		FROM contracts `+where+` ORDER BY code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Contract
	for rows.Next() {
		var c Contract
		var a, g, k string
		if err := rows.Scan(&c.Code, &c.Naam, &c.Variant, &c.Opdrachtnemer, &a, &g, &k, &c.Gebied, &c.Begin, &c.Eind); err != nil {
			return nil, err
		}
		c.Aanbieders, c.Geldstromen, c.Categorieen = split(a), split(g), split(k)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Contracts returns every contract as the import sees it (in its
// transaction, so contracts earlier in the same file count too).
func (im *Import) Contracts(ctx context.Context) ([]Contract, error) {
	return contracts(ctx, im.tx, "")
}

// Contracts returns every stored contract.
func (s *Store) Contracts(ctx context.Context) ([]Contract, error) { return contracts(ctx, s.db, "") }

// BudgetLine is one partner's contribution to a contract in one year.
type BudgetLine struct {
	Contract string
	Jaar     int
	Partner  string
	Bedrag   money.Cents
}

// AddBudgetLine stores a budget line; a changed amount replaces the old one.
func (im *Import) AddBudgetLine(ctx context.Context, b BudgetLine) (Outcome, error) {
	res, err := im.tx.ExecContext(ctx, `INSERT INTO budget_lines (contract, jaar, partner, bedrag_cent, import_id) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (contract, jaar, partner) DO UPDATE SET bedrag_cent = excluded.bedrag_cent, import_id = excluded.import_id
		WHERE budget_lines.bedrag_cent <> excluded.bedrag_cent`, b.Contract, b.Jaar, b.Partner, int64(b.Bedrag), im.ID)
	return upserted(res, err, "budgetregel opslaan / store budget line")
}

// BudgetLines returns the budget lines of one year (0: every year).
func (s *Store) BudgetLines(ctx context.Context, jaar int) ([]BudgetLine, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT contract, jaar, partner, bedrag_cent FROM budget_lines WHERE $1 = 0 OR jaar = $1 ORDER BY contract, jaar, partner`, jaar)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BudgetLine
	for rows.Next() {
		var b BudgetLine
		if err := rows.Scan(&b.Contract, &b.Jaar, &b.Partner, &b.Bedrag); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// ResultAgreement is one result indicator of a contract in one year.
type ResultAgreement struct {
	Contract  string
	Jaar      int
	Indicator string
	Doel      float64
	Aandeel   float64
	Gemeten   *float64 // a value the municipality measured and imported
}

// AddResultAgreement stores a result agreement; changed figures replace
// the old ones.
func (im *Import) AddResultAgreement(ctx context.Context, r ResultAgreement) (Outcome, error) {
	res, err := im.tx.ExecContext(ctx, `INSERT INTO result_agreements (contract, jaar, indicator, doel, aandeel, gemeten, import_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (contract, jaar, indicator) DO UPDATE SET doel = excluded.doel, aandeel = excluded.aandeel, gemeten = excluded.gemeten, import_id = excluded.import_id
		WHERE (result_agreements.doel, result_agreements.aandeel, result_agreements.gemeten) IS DISTINCT FROM (excluded.doel, excluded.aandeel, excluded.gemeten)`,
		r.Contract, r.Jaar, r.Indicator, r.Doel, r.Aandeel, nullFloat(r.Gemeten), im.ID)
	return upserted(res, err, "resultaatafspraak opslaan / store result agreement")
}

// ResultAgreements returns the result agreements of one year.
func (s *Store) ResultAgreements(ctx context.Context, jaar int) ([]ResultAgreement, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT contract, jaar, indicator, doel, aandeel, gemeten FROM result_agreements WHERE jaar = $1 ORDER BY contract, indicator`, jaar)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ResultAgreement
	for rows.Next() {
		var r ResultAgreement
		var g sql.NullFloat64
		if err := rows.Scan(&r.Contract, &r.Jaar, &r.Indicator, &r.Doel, &r.Aandeel, &g); err != nil {
			return nil, err
		}
		r.Gemeten = floatPtr(g)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Flow is a stored flow without a declaration: per area (Gebied) or per
// person (Person, a pseudonym).
type Flow struct {
	Bron, Referentie                  string
	Credit                            bool
	Soort, Geldstroom, Categorie      string
	Begin, Eind                       int // yyyymmdd
	Gebied, Person, Contract, Eenheid string
	Volume                            int64
	Bedrag                            money.Cents
	Line                              int
}

func (f *Flow) hash() int64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%s|%s|%d|%d|%s|%s|%s|%s|%d|%d", f.Soort, f.Geldstroom, f.Categorie, f.Begin, f.Eind, f.Gebied, f.Person, f.Contract, f.Eenheid, f.Volume, f.Bedrag)
	return int64(h.Sum64() >> 1)
}

// AddFlow stores a flow. (bron, referentie, credit) identifies it: the same
// again is a Duplicate, other content under the same key a Conflict (the
// reporter sends a credit and a new reference instead, as for deliveries).
func (im *Import) AddFlow(ctx context.Context, f Flow) (Outcome, int64, error) {
	h := f.hash()
	var oldHash, oldImport, oldLine int64
	err := im.tx.QueryRowContext(ctx, `SELECT content_hash, import_id, line FROM flows WHERE bron = $1 AND referentie = $2 AND credit = $3`,
		f.Bron, f.Referentie, b2i(f.Credit)).Scan(&oldHash, &oldImport, &oldLine)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return 0, 0, fmt.Errorf("stroom opzoeken / look up flow: %w", err)
	case oldHash == h:
		return Duplicate, 0, nil
	case oldImport == im.ID:
		return Conflict, oldLine, nil
	default:
		return Conflict, 0, nil
	}
	_, err = im.tx.ExecContext(ctx, `INSERT INTO flows (bron, referentie, credit, soort, geldstroom, categorie, begindatum, einddatum, gebied, person, contract, volume, eenheid, bedrag_cent, content_hash, import_id, line)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		f.Bron, f.Referentie, b2i(f.Credit), f.Soort, f.Geldstroom, f.Categorie, f.Begin, f.Eind, f.Gebied, f.Person, f.Contract, f.Volume, f.Eenheid, int64(f.Bedrag), h, im.ID, f.Line)
	if err != nil {
		return 0, 0, fmt.Errorf("stroom opslaan / store flow: %w", err)
	}
	return Accepted, 0, nil
}
