package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/money"
)

// The funding module's reads (SPEC §5.8, issue 13): care of the contracts'
// providers per person and month, with the month each part arrived (for
// the declaration lag), flows booked to contracts, and the assignments
// behind the forecast's floor. They return pseudonyms only; the funding
// module aggregates them per contract and area before anything leaves.

// ContractCare is one person's care from one provider in one stream,
// category and month, as far as it arrived in one calendar month.
type ContractCare struct {
	Person, AGB, Geldstroom, Categorie string
	Month                              int // yyyymm of the delivery's begin date
	Arrived                            int // yyyymm of the import that brought it
	Amount                             money.Cents
	Minutes                            int64 // volume in minutes (eenheid 01, or hours × 60 for 04); 0 for other units
	Rows                               int64
}

// EachContractCare calls fn for the care of the providers agbs that began
// in months fromYM..toYM (yyyymm, inclusive) with id ≤ maxDel, grouped per
// person, provider, stream, category, month and month of arrival; agbs nil
// reads every provider's care. Credits count negative.
func (s *Store) EachContractCare(ctx context.Context, agbs []string, fromYM, toYM int, maxDel int64, fn func(ContractCare) error) error {
	if agbs != nil && len(agbs) == 0 {
		return nil
	}
	args := []any{fromYM*100 + 1, toYM*100 + 31, maxDel}
	filter := ""
	if agbs != nil {
		ph := make([]string, len(agbs))
		for i, a := range agbs {
			args = append(args, a)
			ph[i] = "$" + strconv.Itoa(len(args))
		}
		filter = " AND d.agb IN (" + strings.Join(ph, ", ") + ")"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.pseudonym, g.agb, g.geldstroom, g.categorie, g.ym, g.arrived, g.amount, g.minutes, g.n
		FROM (SELECT d.person_id, d.agb, d.geldstroom, d.categorie, d.begindatum / 100 AS ym, substr(i.created_at, 1, 7) AS arrived,
				SUM(CASE WHEN d.credit = 1 THEN -d.bedrag_cent ELSE d.bedrag_cent END) AS amount,
				SUM(CASE WHEN d.eenheid = '01' THEN d.volume WHEN d.eenheid = '04' THEN d.volume * 60 ELSE 0 END * CASE WHEN d.credit = 1 THEN -1 ELSE 1 END) AS minutes,
				COUNT(*) AS n
			FROM deliveries d JOIN imports i ON i.id = d.import_id
			WHERE d.begindatum >= $1 AND d.begindatum <= $2 AND d.id <= $3`+filter+`
			GROUP BY d.person_id, d.agb, d.geldstroom, d.categorie, d.begindatum / 100, substr(i.created_at, 1, 7)) g
		JOIN pseudonyms p ON p.id = g.person_id`, args...)
	if err != nil {
		return fmt.Errorf("zorg onder contracten lezen / read contract care: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c ContractCare
		var arrived string
		if err := rows.Scan(&c.Person, &c.AGB, &c.Geldstroom, &c.Categorie, &c.Month, &arrived, &c.Amount, &c.Minutes, &c.Rows); err != nil {
			return err
		}
		c.Arrived = yearMonthOf(arrived)
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// yearMonthOf reads "2025-03" as 202503 (0 when unreadable).
func yearMonthOf(s string) int {
	if len(s) < 7 {
		return 0
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:7])
	if err1 != nil || err2 != nil {
		return 0
	}
	return y*100 + m
}

// ContractFlow is the flows booked to one contract in one month, per area
// (Gebied) or per person (Person, a pseudonym).
type ContractFlow struct {
	Contract, Soort, Gebied, Person string
	Month                           int // yyyymm of the flow's begin date
	Amount                          money.Cents
	Minutes                         int64
}

// ContractFlows returns the flows booked to a contract whose begin date
// lies in months fromYM..toYM, imported up to maxImp. Credits count
// negative.
func (s *Store) ContractFlows(ctx context.Context, fromYM, toYM int, maxImp int64) ([]ContractFlow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT contract, soort, gebied, person, begindatum / 100,
			SUM(CASE WHEN credit = 1 THEN -bedrag_cent ELSE bedrag_cent END),
			SUM(CASE WHEN eenheid = '01' THEN volume WHEN eenheid = '04' THEN volume * 60 ELSE 0 END * CASE WHEN credit = 1 THEN -1 ELSE 1 END)
		FROM flows WHERE contract <> '' AND begindatum >= $1 AND begindatum <= $2 AND import_id <= $3
		GROUP BY contract, soort, gebied, person, begindatum / 100 ORDER BY contract, begindatum / 100`, fromYM*100+1, toYM*100+31, maxImp)
	if err != nil {
		return nil, fmt.Errorf("stromen per contract lezen / read contract flows: %w", err)
	}
	defer rows.Close()
	var out []ContractFlow
	for rows.Next() {
		var f ContractFlow
		if err := rows.Scan(&f.Contract, &f.Soort, &f.Gebied, &f.Person, &f.Month, &f.Amount, &f.Minutes); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// OpenAssignment is one assignment (JW301/WMO301) of a provider with what
// was declared under it between from and to.
type OpenAssignment struct {
	Person, AGB, Geldstroom, Categorie, Productcode string
	Begin, End                                      int // yyyymmdd; End 0 = open-ended
	Volume                                          int64
	Eenheid, Frequentie                             string
	Budget                                          money.Cents
	DeclaredVolume                                  int64       // in the assignment's unit, between from and to
	DeclaredAmount                                  money.Cents // between from and to
}

// OpenAssignments returns the assignments of the providers agbs that run
// in [from, to] (yyyymmdd), imported up to maxImp, each with the volume
// and amount declared under it (deliveries up to maxDel) in [from, to].
func (s *Store) OpenAssignments(ctx context.Context, agbs []string, from, to int, maxImp, maxDel int64) ([]OpenAssignment, error) {
	if len(agbs) == 0 {
		return nil, nil
	}
	args := []any{from, to, maxImp, maxDel}
	ph := make([]string, len(agbs))
	for i, a := range agbs {
		args = append(args, a)
		ph[i] = "$" + strconv.Itoa(len(args))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT t.person, t.agb, t.geldstroom, t.categorie, t.productcode, t.ingangsdatum, t.einddatum,
			t.volume, t.eenheid, t.frequentie, t.budget_cent,
			COALESCE((SELECT SUM(CASE WHEN d.credit = 1 THEN -d.volume ELSE d.volume END) FROM deliveries d
				WHERE d.agb = t.agb AND d.toewijzing = t.toewijzingnummer AND d.begindatum >= $1 AND d.begindatum <= $2 AND d.id <= $4), 0),
			COALESCE((SELECT SUM(CASE WHEN d.credit = 1 THEN -d.bedrag_cent ELSE d.bedrag_cent END) FROM deliveries d
				WHERE d.agb = t.agb AND d.toewijzing = t.toewijzingnummer AND d.begindatum >= $1 AND d.begindatum <= $2 AND d.id <= $4), 0)
		FROM toewijzingen t
		WHERE t.import_id <= $3 AND t.ingangsdatum <= $2 AND (t.einddatum = 0 OR t.einddatum >= $1) AND t.agb IN (`+strings.Join(ph, ", ")+`)
		ORDER BY t.agb, t.toewijzingnummer`, args...)
	if err != nil {
		return nil, fmt.Errorf("toewijzingen lezen / read assignments: %w", err)
	}
	defer rows.Close()
	var out []OpenAssignment
	for rows.Next() {
		var a OpenAssignment
		if err := rows.Scan(&a.Person, &a.AGB, &a.Geldstroom, &a.Categorie, &a.Productcode, &a.Begin, &a.End,
			&a.Volume, &a.Eenheid, &a.Frequentie, &a.Budget, &a.DeclaredVolume, &a.DeclaredAmount); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ProductTariffs returns, per provider and product code ("agb|product"),
// the mean declared price per unit of volume over deliveries up to maxDel
// with a volume and an amount: the tariff that values open assignments.
func (s *Store) ProductTariffs(ctx context.Context, agbs []string, maxDel int64) (map[string]money.Cents, error) {
	out := map[string]money.Cents{}
	if len(agbs) == 0 {
		return out, nil
	}
	args := []any{maxDel}
	ph := make([]string, len(agbs))
	for i, a := range agbs {
		args = append(args, a)
		ph[i] = "$" + strconv.Itoa(len(args))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT agb, productcode, SUM(bedrag_cent), SUM(volume) FROM deliveries
		WHERE id <= $1 AND credit = 0 AND volume > 0 AND bedrag_cent > 0 AND agb IN (`+strings.Join(ph, ", ")+`)
		GROUP BY agb, productcode`, args...)
	if err != nil {
		return nil, fmt.Errorf("tarieven lezen / read tariffs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var agb, product string
		var amount, volume int64
		if err := rows.Scan(&agb, &product, &amount, &volume); err != nil {
			return nil, err
		}
		if volume > 0 {
			out[agb+"|"+product] = money.Cents((amount + volume/2) / volume)
		}
	}
	return out, rows.Err()
}
