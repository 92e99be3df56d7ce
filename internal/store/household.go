package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/ontschot/ontschot/internal/money"
)

// This file answers questions about one household or person: who lives
// there, what they received. These are personal data: they are methods of
// PersonalReader, which exists only inside an access transaction (see
// AccessTx.Read), so every read runs in the transaction that checked the
// assignment or entitlement and wrote the audit record. Only HouseholdOf
// stays on *Store, for the fixtures that name households.

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

type residenceRow struct {
	person    string
	peildatum int64
	bron      string
	address   string
	secret    bool
	geb       int64
}

// effective picks the residence that counts on date from one person's rows:
// the latest peildatum on or before date, else the earliest after it. An
// assignment's address (JW301/WMO301) counts only for a person no BRP
// extract covers: it never overrides a BRP residence, whatever its date,
// and never places a person whose BRP address is secret (issue 11.1).
func effective(rows []residenceRow, date int64) (residenceRow, bool) {
	if coveredByBRP(rows) {
		brp := make([]residenceRow, 0, len(rows))
		for _, r := range rows {
			if r.bron == "brp" {
				brp = append(brp, r)
			}
		}
		rows = brp
	}
	var best residenceRow
	found := false
	better := func(a, b residenceRow, before bool) bool { // is a better than b
		if a.peildatum != b.peildatum {
			if before {
				return a.peildatum > b.peildatum
			}
			return a.peildatum < b.peildatum
		}
		return a.bron == "brp" && b.bron != "brp"
	}
	for _, r := range rows {
		if r.peildatum <= date && (!found || better(r, best, true)) {
			best, found = r, true
		}
	}
	if found {
		return best, true
	}
	for _, r := range rows {
		if !found || better(r, best, false) {
			best, found = r, true
		}
	}
	return best, found
}

func coveredByBRP(rows []residenceRow) bool {
	for _, r := range rows {
		if r.bron == "brp" {
			return true
		}
	}
	return false
}

func householdOf(ctx context.Context, q querier, person string, date int64) (string, error) {
	rows, err := q.QueryContext(ctx, `SELECT person, peildatum, bron, address, secret FROM residences WHERE person = $1`, person)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var rs []residenceRow
	for rows.Next() {
		var r residenceRow
		var sec int64
		if err := rows.Scan(&r.person, &r.peildatum, &r.bron, &r.address, &sec); err != nil {
			return "", err
		}
		r.secret = sec == 1
		rs = append(rs, r)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	r, ok := effective(rs, date)
	if !ok || r.secret {
		return "", nil
	}
	return r.address, nil
}

func householdMembers(ctx context.Context, q querier, household string, date int64) ([]HouseholdPerson, error) {
	if household == "" {
		return nil, nil // a secret address is never a household
	}
	rows, err := q.QueryContext(ctx, `SELECT r.person, r.peildatum, r.bron, r.address, r.secret, COALESCE(p.geboortedatum, 0)
		FROM residences r LEFT JOIN persons p ON p.pseudonym = r.person
		WHERE r.person IN (SELECT person FROM residences WHERE address = $1) ORDER BY r.person`, household)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byPerson := map[string][]residenceRow{}
	for rows.Next() {
		var r residenceRow
		var sec int64
		if err := rows.Scan(&r.person, &r.peildatum, &r.bron, &r.address, &sec, &r.geb); err != nil {
			return nil, err
		}
		r.secret = sec == 1
		byPerson[r.person] = append(byPerson[r.person], r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []HouseholdPerson
	for p, rs := range byPerson {
		if r, ok := effective(rs, date); ok && !r.secret && r.address == household {
			out = append(out, HouseholdPerson{Person: p, Geboortedatum: rs[0].geb})
		}
	}
	// Adults first, oldest first: the order a professional reads a family in.
	sort.Slice(out, func(i, j int) bool {
		if out[i].Geboortedatum != out[j].Geboortedatum {
			return out[i].Geboortedatum < out[j].Geboortedatum
		}
		return out[i].Person < out[j].Person
	})
	return out, nil
}

// children returns the minors parent has authority over on date, by the
// authority rows of the latest peildatum on or before date (else the
// earliest after it).
func children(ctx context.Context, q querier, parent string, date int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.child, a.peildatum, COALESCE(p.geboortedatum, 0) FROM authorities a
		LEFT JOIN persons p ON p.pseudonym = a.child WHERE a.parent = $1 ORDER BY a.peildatum, a.child`, parent)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type row struct {
		child    string
		peil     int64
		birthday int64
	}
	var rs []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.child, &r.peil, &r.birthday); err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var use int64 = -1
	for _, r := range rs {
		if r.peil <= date && r.peil > use {
			use = r.peil
		}
	}
	if use < 0 && len(rs) > 0 {
		use = rs[0].peil
	}
	var out []string
	for _, r := range rs {
		if r.peil == use && r.birthday != 0 && r.birthday+180000 > date {
			out = append(out, r.child)
		}
	}
	return out, nil
}

// HouseholdOf returns the household of person on date ("" for none).
func (s *Store) HouseholdOf(ctx context.Context, person string, date int64) (string, error) {
	return householdOf(ctx, s.db, person, date)
}

// PersonalReader reads personal data inside one access transaction: it is
// made by AccessTx.Read and is dead once that transaction ends (every
// method then fails with sql.ErrTxDone), so nothing can read with it after
// the decision it belongs to.
type PersonalReader struct {
	q querier
}

// HouseholdOf returns the household of person on date ("" for none).
func (r *PersonalReader) HouseholdOf(ctx context.Context, person string, date int64) (string, error) {
	return householdOf(ctx, r.q, person, date)
}

// HouseholdMembers returns the persons of a household on date.
func (r *PersonalReader) HouseholdMembers(ctx context.Context, household string, date int64) ([]HouseholdPerson, error) {
	return householdMembers(ctx, r.q, household, date)
}

// Children returns the minors parent has authority over on date.
func (r *PersonalReader) Children(ctx context.Context, parent string, date int64) ([]string, error) {
	return children(ctx, r.q, parent, date)
}

// Person returns one person's birth date.
func (r *PersonalReader) Person(ctx context.Context, pseudonym string) (HouseholdPerson, error) {
	p := HouseholdPerson{Person: pseudonym}
	err := r.q.QueryRowContext(ctx, `SELECT geboortedatum FROM persons WHERE pseudonym = $1`, pseudonym).Scan(&p.Geboortedatum)
	if err == sql.ErrNoRows {
		return p, ErrNotFound
	}
	return p, err
}

func inList(start, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", start+i)
	}
	return b.String()
}

// personFilter returns a condition on deliveries.person_id for the persons
// (pseudonyms; the row holds the integer id, see migration 010) and its
// arguments.
func personFilter(persons []string) (string, []any) {
	return "person_id IN (SELECT id FROM pseudonyms WHERE pseudonym IN (" + inList(1, len(persons)) + "))", anys(persons)
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// DeliveriesOf returns every delivery of the persons, oldest first.
func (r *PersonalReader) DeliveriesOf(ctx context.Context, persons []string) ([]DeliveryRow, error) {
	if len(persons) == 0 {
		return nil, nil
	}
	cond, args := personFilter(persons)
	rows, err := r.q.QueryContext(ctx, `SELECT id, (SELECT pseudonym FROM pseudonyms WHERE pseudonyms.id = person_id), agb, referentie, credit, geldstroom, categorie, productcode, begindatum, einddatum, volume, eenheid, bedrag_cent, toewijzing
		FROM deliveries WHERE `+cond+` ORDER BY begindatum, einddatum, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DeliveryRow
	for rows.Next() {
		var d DeliveryRow
		var credit int64
		if err := rows.Scan(&d.ID, &d.Person, &d.AGB, &d.Referentie, &credit, &d.Geldstroom, &d.Categorie, &d.Productcode, &d.Begin, &d.Eind, &d.Volume, &d.Eenheid, &d.AmountCent, &d.Toewijzing); err != nil {
			return nil, err
		}
		d.Credit = credit == 1
		if d.Credit {
			d.AmountCent = -d.AmountCent
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// AssignedProductsOf returns the toewijzingen of the persons with the net
// amount and volume delivered against each.
func (r *PersonalReader) AssignedProductsOf(ctx context.Context, persons []string) ([]AssignedProduct, error) {
	if len(persons) == 0 {
		return nil, nil
	}
	rows, err := r.q.QueryContext(ctx, `SELECT t.agb, t.toewijzingnummer, t.person, t.geldstroom, t.categorie, t.productcode, t.ingangsdatum, t.einddatum, t.volume, t.eenheid, t.frequentie, t.budget_cent,
		COALESCE(SUM(CASE WHEN d.credit = 1 THEN -d.bedrag_cent ELSE d.bedrag_cent END), 0),
		COALESCE(SUM(CASE WHEN d.credit = 1 THEN -d.volume ELSE d.volume END), 0)
		FROM toewijzingen t LEFT JOIN deliveries d ON d.toewijzing = t.toewijzingnummer AND d.agb = t.agb
		WHERE t.person IN (`+inList(1, len(persons))+`)
		GROUP BY t.agb, t.toewijzingnummer, t.person, t.geldstroom, t.categorie, t.productcode, t.ingangsdatum, t.einddatum, t.volume, t.eenheid, t.frequentie, t.budget_cent
		ORDER BY t.ingangsdatum, t.toewijzingnummer`, anys(persons)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AssignedProduct
	for rows.Next() {
		var a AssignedProduct
		if err := rows.Scan(&a.AGB, &a.ToewijzingNummer, &a.Person, &a.Geldstroom, &a.Categorie, &a.Productcode, &a.Ingangsdatum, &a.Einddatum, &a.Volume, &a.Eenheid, &a.Frequentie, &a.BudgetCent, &a.DeliveredCent, &a.DeliveredVolume); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// HouseholdSummary is one line of a professional's case list.
type HouseholdSummary struct {
	Assignment Assignment
	Persons    int
	AmountCent int64
	Providers  int
}

// SummarizeHousehold counts the persons of a household on date and totals
// their deliveries.
func (r *PersonalReader) SummarizeHousehold(ctx context.Context, household string, date int64) (persons, providers int, amount money.Cents, err error) {
	ps, err := r.HouseholdMembers(ctx, household, date)
	if err != nil || len(ps) == 0 {
		return len(ps), 0, 0, err
	}
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.Person
	}
	cond, args := personFilter(ids)
	err = r.q.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN credit = 1 THEN -bedrag_cent ELSE bedrag_cent END), 0), COUNT(DISTINCT agb)
		FROM deliveries WHERE `+cond, args...).Scan(&amount, &providers)
	return len(ps), providers, amount, err
}

// AuditAbout returns the audit records about any of the clients (person or
// household pseudonyms), newest first: the member's "who looked at my data".
func (r *PersonalReader) AuditAbout(ctx context.Context, clients []string, limit int) ([]AuditRecord, error) {
	if len(clients) == 0 {
		return nil, nil
	}
	args := append(anys(clients), limit)
	rows, err := r.q.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_log WHERE client IN (`+inList(1, len(clients))+`) ORDER BY seq DESC LIMIT $`+fmt.Sprint(len(clients)+1), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditRecord
	for rows.Next() {
		rec, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}
