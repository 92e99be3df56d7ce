package access_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// TestReadInDecisionTransaction proves SPEC §4 "an assignment checked in the
// same transaction as the read" on both engines, with a second handle on
// the same database standing in for an administrator in another process:
//
//  1. While a professional's read is in progress, ending their assignment
//     fails at once (the second connection is told not to wait): SQLite
//     because the access transaction holds the write lock, PostgreSQL
//     because ValidAssignment holds the assignment row FOR SHARE. So the
//     assignment is still valid for as long as the read runs.
//  2. Once the read has committed the same change goes through, and the
//     next decision is denied, its deny record is committed and the read
//     function is never called.
//
// Failing for a lock (not for some other error) is asserted, so the test
// cannot pass because the update was simply wrong.
func TestReadInDecisionTransaction(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, path string) {
		ctx := context.Background()
		f := accesstest.Seed(t, s)
		other, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		pro := f.Users[access.Professional]
		const endSQL = `UPDATE assignments SET valid_to = 20201231 WHERE user_id = $1 AND household = $2`

		// endNow tries to end the assignment without waiting for locks.
		endNow := func() error {
			conn, err := other.DB().Conn(ctx)
			if err != nil {
				return err
			}
			defer conn.Close()
			noWait, wait := `PRAGMA busy_timeout = 0`, `PRAGMA busy_timeout = 10000`
			if other.Dialect() == store.Postgres {
				noWait, wait = `SET lock_timeout = '100ms'`, `RESET lock_timeout`
			}
			if _, err := conn.ExecContext(ctx, noWait); err != nil {
				return err
			}
			defer conn.ExecContext(ctx, wait)
			_, err = conn.ExecContext(ctx, endSQL, pro.UserID, f.HouseholdA)
			return err
		}

		var members []store.HouseholdPerson
		var endErr error
		d, err := access.DecideAndRead(ctx, s, pro, access.Read, access.Resource(access.KindHousehold, f.HouseholdA), "test", func(r *store.PersonalReader) error {
			endErr = endNow()
			var err error
			members, err = r.HouseholdMembers(ctx, f.HouseholdA, access.Today())
			return err
		})
		if err != nil || !d.Allowed {
			t.Fatalf("read with a valid assignment: %+v %v", d, err)
		}
		if endErr == nil {
			t.Fatal("the assignment was ended while the read it allowed was in progress")
		}
		if !strings.Contains(strings.ToLower(endErr.Error()), "lock") {
			t.Fatalf("ending the assignment failed, but not for the lock: %v", endErr)
		}
		if len(members) != 3 {
			t.Fatalf("household A read %d persons, want 3", len(members))
		}

		// After the commit the administrator gets through.
		if _, err := other.DB().ExecContext(ctx, endSQL, pro.UserID, f.HouseholdA); err != nil {
			t.Fatalf("ending the assignment after the read: %v", err)
		}
		before, _ := s.AuditCount(ctx)
		called := false
		d, err = access.DecideAndRead(ctx, s, pro, access.Read, access.Resource(access.KindHousehold, f.HouseholdA), "test", func(r *store.PersonalReader) error {
			called = true
			return nil
		})
		if err != nil || d.Allowed {
			t.Fatalf("read after the assignment ended: %+v %v", d, err)
		}
		if called {
			t.Fatal("read function called on a deny")
		}
		after, _ := s.AuditCount(ctx)
		recs, _ := s.RecentAudit(ctx, 1)
		if after != before+1 || recs[0].Outcome != "deny" || recs[0].Client != f.HouseholdA {
			t.Fatalf("deny record: %d new, last %+v", after-before, recs[0])
		}
	})
}

// TestDecideAndReadFailure: a read that fails rolls back the whole
// transaction, its allow record included (nothing was shown), and its error
// comes back unchanged; a reader kept past its transaction reads nothing.
func TestDecideAndReadFailure(t *testing.T) {
	f := accesstest.New(t)
	ctx := context.Background()
	member := f.Users[access.Member]
	before, _ := f.Store.AuditCount(ctx)
	boom := errors.New("boom")
	d, err := access.DecideAndRead(ctx, f.Store, member, access.Read, access.Resource(access.KindPerson, f.A1), "test", func(r *store.PersonalReader) error {
		if _, err := r.DeliveriesOf(ctx, []string{f.A1}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) || d.Allowed {
		t.Fatalf("failed read: %+v %v, want boom and no allow", d, err)
	}
	if after, _ := f.Store.AuditCount(ctx); after != before {
		t.Fatalf("a failed read left %d audit records", after-before)
	}

	var kept *store.PersonalReader
	d, err = access.DecideAndRead(ctx, f.Store, member, access.Read, access.Resource(access.KindPerson, f.A1), "test", func(r *store.PersonalReader) error {
		kept = r
		return nil
	})
	if err != nil || !d.Allowed || d.AuditSeq == 0 {
		t.Fatalf("read: %+v %v", d, err)
	}
	if after, _ := f.Store.AuditCount(ctx); after != before+1 {
		t.Fatalf("audit records after one allowed read: %d, want 1", after-before)
	}
	if _, err := kept.DeliveriesOf(ctx, []string{f.A1}); err == nil {
		t.Fatal("a reader read after its transaction ended")
	}
}
