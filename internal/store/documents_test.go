package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestDocumentsBothEngines(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		ok, err := s.CreateDocument(ctx, store.Document{Kind: "businesscase", Name: "ips", Body: `{"a":1}`, UpdatedBy: "t"})
		if err != nil || !ok {
			t.Fatalf("create: %v %v", ok, err)
		}
		if ok, err := s.CreateDocument(ctx, store.Document{Kind: "businesscase", Name: "ips", Body: `{"a":2}`, UpdatedBy: "t"}); err != nil || ok {
			t.Fatalf("second create of the same name: %v %v", ok, err)
		}
		if err := s.UpdateDocument(ctx, store.Document{Kind: "businesscase", Name: "ips", Body: `{"a":3}`, UpdatedBy: "u"}); err != nil {
			t.Fatal(err)
		}
		d, err := s.Document(ctx, "businesscase", "ips")
		if err != nil || d.Body != `{"a":3}` || d.UpdatedBy != "u" {
			t.Fatalf("read: %+v %v", d, err)
		}
		list, err := s.Documents(ctx, "businesscase")
		if err != nil || len(list) != 1 {
			t.Fatalf("list: %+v %v", list, err)
		}
		if err := s.DeleteDocument(ctx, "businesscase", "ips"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Document(ctx, "businesscase", "ips"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("after delete: %v", err)
		}
		// Household plans are personal: not through these methods.
		if _, err := s.Documents(ctx, "plan"); err == nil {
			t.Fatal("plans listed outside the access decision")
		}
		if _, err := s.CreateDocument(ctx, store.Document{Kind: "plan", Name: "ha1:x", Body: "{}"}); err == nil {
			t.Fatal("plan written outside the access decision")
		}
	})
}

// TestPlansMoveToTheirOwnTable rebuilds the state before migration 008 — a
// household plan kept in documents beside a business case — and opens the
// store again: the plan moves to household_plans on both engines, the
// business case stays, and the plan reads back through the reader.
func TestPlansMoveToTheirOwnTable(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, path string) {
		ctx := context.Background()
		db := s.DB()
		for _, q := range []string{
			`DROP TABLE household_plans`,
			`DELETE FROM schema_migrations WHERE name LIKE '%008_plans%'`,
			`INSERT INTO documents (kind, name, body, updated_at, updated_by) VALUES ('plan', 'hA1:oldplan', '{"doelen":["wonen"]}', '2025-01-02T10:00:00Z', 'prof')`,
			`INSERT INTO documents (kind, name, body, updated_at, updated_by) VALUES ('businesscase', 'ips', '{"a":1}', '2025-01-02T10:00:00Z', 'ana')`,
		} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		s.Close()
		s2, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s2.Close()
		var n int
		if err := s2.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM documents WHERE kind = 'plan'`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("plans left in documents: %d %v", n, err)
		}
		if d, err := s2.Document(ctx, "businesscase", "ips"); err != nil || d.Body != `{"a":1}` {
			t.Fatalf("business case after the move: %+v %v", d, err)
		}
		tx, err := s2.BeginAccess(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		p, err := tx.Read().Plan(ctx, "hA1:oldplan")
		if err != nil || p.Body != `{"doelen":["wonen"]}` || p.UpdatedBy != "prof" || p.Kind != "plan" || p.Name != "hA1:oldplan" {
			t.Fatalf("moved plan: %+v %v", p, err)
		}
		if err := tx.Write().SavePlan(ctx, "hA1:oldplan", `{"doelen":["werk"]}`, "prof2"); err != nil {
			t.Fatal(err)
		}
		if p, err := tx.Read().Plan(ctx, "hA1:oldplan"); err != nil || p.Body != `{"doelen":["werk"]}` || p.UpdatedBy != "prof2" {
			t.Fatalf("saved over the moved plan: %+v %v", p, err)
		}
		if _, err := tx.Read().Plan(ctx, "hA1:none"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("no plan: %v", err)
		}
	})
}
