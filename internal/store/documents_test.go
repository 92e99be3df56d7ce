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
