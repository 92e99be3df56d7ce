package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ontschot/ontschot/internal/money"
)

// Iv3Gemeente is one gemeente in one year's Iv3 document: its inhabitants
// and the classes CBS groups municipalities by.
type Iv3Gemeente struct {
	Jaar     int
	Document string // "begroting" | "jaarrekening"
	Gemeente string // the name as CBS writes it
	Inwoners int64
	// Iv3 classes.
	Provincie, Grootte, Stedelijkheid, Centrumfunctie, SocialeStructuur string
}

// Iv3Taakveld is what one gemeente booked on one taakveld in one document.
type Iv3Taakveld struct {
	Jaar     int
	Document string
	Gemeente string
	Taakveld string // "6.71b"
	Naam     string
	Lasten   money.Cents
	Baten    money.Cents
}

// Kerncijfers are one gemeente's CBS key figures for one year; nil where
// CBS has no figure.
type Kerncijfers struct {
	Jaar        int
	Code        string // GM0642
	Naam        string
	Inwoners    *int64
	Huishoudens *int64
	// AgePct: percentage of inhabitants aged 0–15, 15–25, 25–45, 45–65, 65+.
	AgePct         [5]*float64
	RondSociaalMin *float64
	LaagInkomen    *float64
	WmoPer1000     *float64
	JeugdzorgPct   *float64
}

// AddIv3Gemeente stores a gemeente's classes and inhabitants for a document;
// newer figures replace older ones.
func (im *Import) AddIv3Gemeente(ctx context.Context, g Iv3Gemeente) error {
	_, err := im.tx.ExecContext(ctx, `INSERT INTO iv3_gemeenten (jaar, document, gemeente, inwoners, provincie, grootte, stedelijkheid, centrumfunctie, sociale_structuur, import_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (jaar, document, gemeente) DO UPDATE SET inwoners = excluded.inwoners, provincie = excluded.provincie,
			grootte = excluded.grootte, stedelijkheid = excluded.stedelijkheid, centrumfunctie = excluded.centrumfunctie,
			sociale_structuur = excluded.sociale_structuur, import_id = excluded.import_id
		WHERE iv3_gemeenten.inwoners <> excluded.inwoners OR iv3_gemeenten.provincie <> excluded.provincie
			OR iv3_gemeenten.grootte <> excluded.grootte OR iv3_gemeenten.stedelijkheid <> excluded.stedelijkheid
			OR iv3_gemeenten.centrumfunctie <> excluded.centrumfunctie OR iv3_gemeenten.sociale_structuur <> excluded.sociale_structuur`,
		g.Jaar, g.Document, g.Gemeente, g.Inwoners, g.Provincie, g.Grootte, g.Stedelijkheid, g.Centrumfunctie, g.SocialeStructuur, im.ID)
	if err != nil {
		return fmt.Errorf("Iv3-gemeente opslaan / store Iv3 municipality: %w", err)
	}
	return nil
}

// AddIv3Taakveld stores one taakveld row: Accepted when new or revised,
// Duplicate when the same figures are already there.
func (im *Import) AddIv3Taakveld(ctx context.Context, t Iv3Taakveld) (Outcome, error) {
	res, err := im.tx.ExecContext(ctx, `INSERT INTO iv3_taakvelden (jaar, document, gemeente, taakveld, taakveld_naam, lasten_cent, baten_cent, import_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (jaar, document, gemeente, taakveld) DO UPDATE SET taakveld_naam = excluded.taakveld_naam,
			lasten_cent = excluded.lasten_cent, baten_cent = excluded.baten_cent, import_id = excluded.import_id
		WHERE iv3_taakvelden.lasten_cent <> excluded.lasten_cent OR iv3_taakvelden.baten_cent <> excluded.baten_cent
			OR iv3_taakvelden.taakveld_naam <> excluded.taakveld_naam`,
		t.Jaar, t.Document, t.Gemeente, t.Taakveld, t.Naam, int64(t.Lasten), int64(t.Baten), im.ID)
	return upserted(res, err, "Iv3-taakveld opslaan / store Iv3 taakveld")
}

// AddKerncijfers stores one gemeente-year of key figures: Accepted when new
// or revised, Duplicate when unchanged.
func (im *Import) AddKerncijfers(ctx context.Context, k Kerncijfers) (Outcome, error) {
	res, err := im.tx.ExecContext(ctx, `INSERT INTO cbs_kerncijfers (jaar, gemeentecode, gemeentenaam, inwoners, huishoudens,
			pct_0_15, pct_15_25, pct_25_45, pct_45_65, pct_65plus, pct_rond_sociaal_min, pct_hh_laag_inkomen, wmo_per_1000, pct_jeugdzorg, import_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (jaar, gemeentecode) DO UPDATE SET gemeentenaam = excluded.gemeentenaam, inwoners = excluded.inwoners,
			huishoudens = excluded.huishoudens, pct_0_15 = excluded.pct_0_15, pct_15_25 = excluded.pct_15_25,
			pct_25_45 = excluded.pct_25_45, pct_45_65 = excluded.pct_45_65, pct_65plus = excluded.pct_65plus,
			pct_rond_sociaal_min = excluded.pct_rond_sociaal_min, pct_hh_laag_inkomen = excluded.pct_hh_laag_inkomen,
			wmo_per_1000 = excluded.wmo_per_1000, pct_jeugdzorg = excluded.pct_jeugdzorg, import_id = excluded.import_id
		WHERE (cbs_kerncijfers.gemeentenaam, cbs_kerncijfers.inwoners, cbs_kerncijfers.huishoudens, cbs_kerncijfers.pct_0_15,
			cbs_kerncijfers.pct_15_25, cbs_kerncijfers.pct_25_45, cbs_kerncijfers.pct_45_65, cbs_kerncijfers.pct_65plus,
			cbs_kerncijfers.pct_rond_sociaal_min, cbs_kerncijfers.pct_hh_laag_inkomen, cbs_kerncijfers.wmo_per_1000, cbs_kerncijfers.pct_jeugdzorg)
			IS DISTINCT FROM (excluded.gemeentenaam, excluded.inwoners, excluded.huishoudens, excluded.pct_0_15,
			excluded.pct_15_25, excluded.pct_25_45, excluded.pct_45_65, excluded.pct_65plus,
			excluded.pct_rond_sociaal_min, excluded.pct_hh_laag_inkomen, excluded.wmo_per_1000, excluded.pct_jeugdzorg)`,
		k.Jaar, k.Code, k.Naam, nullInt(k.Inwoners), nullInt(k.Huishoudens),
		nullFloat(k.AgePct[0]), nullFloat(k.AgePct[1]), nullFloat(k.AgePct[2]), nullFloat(k.AgePct[3]), nullFloat(k.AgePct[4]),
		nullFloat(k.RondSociaalMin), nullFloat(k.LaagInkomen), nullFloat(k.WmoPer1000), nullFloat(k.JeugdzorgPct), im.ID)
	return upserted(res, err, "kerncijfers opslaan / store key figures")
}

// upserted reads the outcome of an insert-or-update-when-changed: a row
// written (new or revised) is Accepted, an unchanged one a Duplicate.
func upserted(res sql.Result, err error, what string) (Outcome, error) {
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Duplicate, nil
	}
	return Accepted, nil
}

func nullInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func nullFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// Iv3Document names one year's document that the store holds.
type Iv3Document struct {
	Jaar     int
	Document string
}

// Iv3Documents lists the Iv3 documents held, oldest first.
func (s *Store) Iv3Documents(ctx context.Context) ([]Iv3Document, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT jaar, document FROM iv3_gemeenten ORDER BY jaar, document`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Iv3Document
	for rows.Next() {
		var d Iv3Document
		if err := rows.Scan(&d.Jaar, &d.Document); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Iv3 returns every gemeente and taakveld of one year's document.
func (s *Store) Iv3(ctx context.Context, jaar int, document string) ([]Iv3Gemeente, []Iv3Taakveld, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT gemeente, inwoners, provincie, grootte, stedelijkheid, centrumfunctie, sociale_structuur
		FROM iv3_gemeenten WHERE jaar = $1 AND document = $2 ORDER BY gemeente`, jaar, document)
	if err != nil {
		return nil, nil, err
	}
	var gs []Iv3Gemeente
	for rows.Next() {
		g := Iv3Gemeente{Jaar: jaar, Document: document}
		if err := rows.Scan(&g.Gemeente, &g.Inwoners, &g.Provincie, &g.Grootte, &g.Stedelijkheid, &g.Centrumfunctie, &g.SocialeStructuur); err != nil {
			rows.Close()
			return nil, nil, err
		}
		gs = append(gs, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT gemeente, taakveld, taakveld_naam, lasten_cent, baten_cent
		FROM iv3_taakvelden WHERE jaar = $1 AND document = $2 ORDER BY gemeente, taakveld`, jaar, document)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ts []Iv3Taakveld
	for rows.Next() {
		t := Iv3Taakveld{Jaar: jaar, Document: document}
		if err := rows.Scan(&t.Gemeente, &t.Taakveld, &t.Naam, &t.Lasten, &t.Baten); err != nil {
			return nil, nil, err
		}
		ts = append(ts, t)
	}
	return gs, ts, rows.Err()
}

// KerncijfersOf returns the key figures of every gemeente for one year, or
// of every year when jaar is 0.
func (s *Store) KerncijfersOf(ctx context.Context, jaar int) ([]Kerncijfers, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT jaar, gemeentecode, gemeentenaam, inwoners, huishoudens,
			pct_0_15, pct_15_25, pct_25_45, pct_45_65, pct_65plus, pct_rond_sociaal_min, pct_hh_laag_inkomen, wmo_per_1000, pct_jeugdzorg
		FROM cbs_kerncijfers WHERE $1 = 0 OR jaar = $1 ORDER BY jaar, gemeentecode`, jaar)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Kerncijfers
	for rows.Next() {
		var k Kerncijfers
		var inw, hh sql.NullInt64
		var f [9]sql.NullFloat64
		if err := rows.Scan(&k.Jaar, &k.Code, &k.Naam, &inw, &hh, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8]); err != nil {
			return nil, err
		}
		k.Inwoners, k.Huishoudens = intPtr(inw), intPtr(hh)
		for i := range k.AgePct {
			k.AgePct[i] = floatPtr(f[i])
		}
		k.RondSociaalMin, k.LaagInkomen, k.WmoPer1000, k.JeugdzorgPct = floatPtr(f[5]), floatPtr(f[6]), floatPtr(f[7]), floatPtr(f[8])
		out = append(out, k)
	}
	return out, rows.Err()
}

func intPtr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

func floatPtr(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	return &n.Float64
}

// SetAreaAges stores the age percentages of an area (newest wins).
func (im *Import) SetAreaAges(ctx context.Context, code string, pct [5]float64) error {
	_, err := im.tx.ExecContext(ctx, `INSERT INTO area_ages (code, pct_0_15, pct_15_25, pct_25_45, pct_45_65, pct_65plus, import_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (code) DO UPDATE SET pct_0_15 = excluded.pct_0_15, pct_15_25 = excluded.pct_15_25, pct_25_45 = excluded.pct_25_45,
			pct_45_65 = excluded.pct_45_65, pct_65plus = excluded.pct_65plus, import_id = excluded.import_id`,
		code, pct[0], pct[1], pct[2], pct[3], pct[4], im.ID)
	if err != nil {
		return fmt.Errorf("leeftijdsopbouw opslaan / store age make-up: %w", err)
	}
	return nil
}

// AreaAges returns the age percentages of every area that has them.
func (s *Store) AreaAges(ctx context.Context) (map[string][5]float64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT code, pct_0_15, pct_15_25, pct_25_45, pct_45_65, pct_65plus FROM area_ages`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][5]float64{}
	for rows.Next() {
		var code string
		var p [5]float64
		if err := rows.Scan(&code, &p[0], &p[1], &p[2], &p[3], &p[4]); err != nil {
			return nil, err
		}
		out[code] = p
	}
	return out, rows.Err()
}
