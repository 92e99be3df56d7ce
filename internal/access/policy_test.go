package access_test

import (
	"context"
	"testing"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/access/accesstest"
)

// TestPolicyDocuments: business cases and budgets are their own resource
// kinds. The Gemeente and Beheer read (unlogged, like released tables) and
// write (logged as a write of the document, not as a read of releases);
// nobody else does either, and every deny is logged.
func TestPolicyDocuments(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *accesstest.Fixture) {
		ctx := context.Background()
		u := f.Users
		R := access.Resource
		for _, c := range []struct {
			name        string
			actor       access.Actor
			action, res string
			want        bool
			records     int64
			event       string
		}{
			{"analyst reads a case", u["analyst"], access.Read, R(access.KindBusinessCase, "ips"), true, 0, ""},
			{"admin lists budgets", u["admin"], access.List, R(access.KindBudget, ""), true, 0, ""},
			{"analyst writes a case", u["analyst"], access.Write, R(access.KindBusinessCase, "ips"), true, 1, "write businesscase"},
			{"admin writes a budget", u["admin"], access.Write, R(access.KindBudget, "2026"), true, 1, "write budget"},
			{"professional reads a case", u["professional"], access.Read, R(access.KindBusinessCase, "ips"), false, 1, "read businesscase"},
			{"member writes a case", u["member"], access.Write, R(access.KindBusinessCase, "ips"), false, 1, "write businesscase"},
			{"provider reads a budget", u["provider"], access.Read, R(access.KindBudget, "2026"), false, 1, "read budget"},
			{"analyst uploads a case", u["analyst"], access.Upload, R(access.KindBusinessCase, "ips"), false, 1, "upload businesscase"},
			{"anonymous reads a case", access.Actor{}, access.Read, R(access.KindBusinessCase, "ips"), false, 1, "read businesscase"},
		} {
			t.Run(c.name, func(t *testing.T) {
				before, _ := f.Store.AuditCount(ctx)
				d, err := access.Decide(ctx, f.Store, c.actor, c.action, c.res, "test")
				if err != nil {
					t.Fatal(err)
				}
				if d.Allowed != c.want {
					t.Fatalf("allowed %v (%s), want %v", d.Allowed, d.Reason, c.want)
				}
				after, _ := f.Store.AuditCount(ctx)
				if after-before != c.records {
					t.Fatalf("audit records: %d, want %d", after-before, c.records)
				}
				if c.records == 1 {
					recs, _ := f.Store.RecentAudit(ctx, 1)
					if recs[0].Event != c.event || recs[0].Outcome != map[bool]string{true: "allow", false: "deny"}[c.want] {
						t.Fatalf("audit record %+v, want event %q", recs[0], c.event)
					}
				}
			})
		}
	})
}
