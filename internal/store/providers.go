package store

import (
	"context"
	"fmt"
)

// AddProvider stores a provider's name; a changed name replaces the old one.
func (im *Import) AddProvider(ctx context.Context, agb, name string) (Outcome, error) {
	res, err := im.tx.ExecContext(ctx, `INSERT INTO providers (agb, name, import_id) VALUES ($1, $2, $3) ON CONFLICT (agb) DO NOTHING`, agb, name, im.ID)
	if err != nil {
		return 0, fmt.Errorf("aanbieder opslaan / store provider: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return Accepted, nil
	}
	var old string
	if err := im.tx.QueryRowContext(ctx, `SELECT name FROM providers WHERE agb = $1`, agb).Scan(&old); err != nil {
		return 0, err
	}
	if old == name {
		return Duplicate, nil
	}
	if _, err := im.tx.ExecContext(ctx, `UPDATE providers SET name = $1, import_id = $2 WHERE agb = $3`, name, im.ID, agb); err != nil {
		return 0, err
	}
	return Accepted, nil
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
