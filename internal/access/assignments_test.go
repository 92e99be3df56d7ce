package access_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

func TestCheckZaaknummer(t *testing.T) {
	b := kluis.SyntheticBSN(99)
	for _, c := range []struct {
		in, want string
		bsn, bad bool
	}{
		{in: " JZ-2025/0042 ", want: "JZ-2025/0042"},
		{in: "", want: ""},
		{in: "WMO.2024_17", want: "WMO.2024_17"},
		{in: "123456789", want: "123456789"}, // nine digits, no 11-proef
		{in: b, bsn: true},
		{in: "Z-" + b, bsn: true},
		{in: b[:3] + " " + b[3:6] + " " + b[6:], bsn: true},
		{in: b[:3] + "-" + b[3:6] + "-" + b[6:], bsn: true},
		{in: "zaak <1>", bad: true},
		{in: "ä-1", bad: true},
		{in: "0123456789012345678901234567890123", bad: true},
	} {
		got, err := access.CheckZaaknummer(c.in)
		switch {
		case c.bsn:
			if !errors.Is(err, access.ErrZaaknummerBSN) {
				t.Errorf("%s: err %v, want the BSN refusal", kluis.MaskFreeText(c.in), err)
			}
		case c.bad:
			if err == nil || errors.Is(err, access.ErrZaaknummerBSN) {
				t.Errorf("%q: err %v, want a refusal", c.in, err)
			}
		case err != nil || got != c.want:
			t.Errorf("%q: %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// Both engines: Assign refuses a BSN as zaaknummer and keeps a good one;
// EndAssignment moves valid_to to the day before the end, only for an
// admin, and writes the audit record.
func TestZaaknummerAndEnd(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		f := accesstest.Seed(t, st)
		pro := f.Users[access.Professional].UserID
		a := access.Assignment{UserID: pro, Household: f.HouseholdB, ValidFrom: 20250101, ValidTo: 20991231, LegalBasis: "Jeugdwet", CreatedBy: "beheer",
			Zaaknummer: kluis.SyntheticBSN(12)}
		if _, err := access.Assign(ctx, st, a); !errors.Is(err, access.ErrZaaknummerBSN) {
			t.Fatalf("Assign with a BSN as zaaknummer: %v", err)
		}
		a.Zaaknummer = "JZ-7"
		id, err := access.Assign(ctx, st, a)
		if err != nil {
			t.Fatal(err)
		}
		if err := access.EndAssignment(ctx, st, id, 20260301, f.Users[access.TeamLead]); err == nil {
			t.Error("a teamleider ended an assignment")
		}
		if err := access.EndAssignment(ctx, st, id, 20260301, f.Users[access.Admin]); err != nil {
			t.Fatal(err)
		}
		got, err := st.AssignmentByID(ctx, id)
		if err != nil || got.ValidTo != 20260228 {
			t.Fatalf("valid_to %d, want 20260228 (%v)", got.ValidTo, err)
		}
		// Ending later never lengthens it.
		if err := access.EndAssignment(ctx, st, id, 20270101, f.Users[access.Admin]); err != nil {
			t.Fatal(err)
		}
		as, _ := st.Assignments(ctx, pro)
		if as[0].ID != id || as[0].ValidTo != 20260228 || as[0].Zaaknummer != "JZ-7" || as[0].EndedBy != "beheer" {
			t.Errorf("after a later end: %+v", as[0])
		}
		recs, _ := st.RecentAudit(ctx, 5)
		if recs[0].Event != "end assignment" || recs[0].Client != f.HouseholdB {
			t.Errorf("newest audit record %q about %q", recs[0].Event, recs[0].Client)
		}
	})
}
