package store

import (
	"context"
)

// AddProvider stores a provider's name and whether it is one of the
// municipality's own teams; a change replaces the old record.
func (im *Import) AddProvider(ctx context.Context, agb, name string, eigen bool) (Outcome, error) {
	res, err := im.tx.ExecContext(ctx, `INSERT INTO providers (agb, name, eigen, import_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (agb) DO UPDATE SET name = excluded.name, eigen = excluded.eigen, import_id = excluded.import_id
		WHERE providers.name <> excluded.name OR providers.eigen <> excluded.eigen`, agb, name, b2i(eigen), im.ID)
	return upserted(res, err, "aanbieder opslaan / store provider")
}

// ProviderNames returns every known provider name by AGB code.
func (s *Store) ProviderNames(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT agb, name FROM providers`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var agb, name string
		if err := rows.Scan(&agb, &name); err != nil {
			return nil, err
		}
		out[agb] = name
	}
	return out, rows.Err()
}
