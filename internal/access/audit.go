package access

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/ontschot/ontschot/internal/store"
)

// MaxAuditField is the most bytes any free-text field of an audit record holds.
const MaxAuditField = 500

// recordHash chains a record to its predecessor: SHA-256 over the previous
// hash and every field, each length-prefixed so no two records can be made
// to hash alike by moving text between fields.
func recordHash(r store.AuditRecord) string {
	h := sha256.New()
	fields := []string{"ontschot-audit-v1", r.PrevHash, strconv.FormatInt(r.Seq, 10), r.At, r.Event, r.Outcome,
		r.Username, r.Role, r.OnBehalf, r.Purpose, r.Client, r.Basis, r.Detail}
	if r.Source != "" || r.Session != "" {
		// The NEN 7513 fields of migration 004; records written before
		// them hash as they always did.
		fields = append(fields, "v2", r.Source, r.Session)
	}
	for _, f := range fields {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// VerifyReport is the result of checking the audit chain.
type VerifyReport struct {
	OK       bool   `json:"ok"`
	Records  int64  `json:"records"`
	HeadSeq  int64  `json:"head_seq"`
	HeadHash string `json:"head_hash"` // keep this outside the database to detect a cut-off tail
	BadSeq   int64  `json:"bad_seq,omitempty"`
	Problem  string `json:"problem,omitempty"`
}

// VerifyAudit walks the audit log and checks every link: each record's
// hash, its pointer to the previous hash, and that sequence numbers have no
// gaps (a deleted record breaks the chain at the next one).
func VerifyAudit(ctx context.Context, st *store.Store) (VerifyReport, error) {
	rep := VerifyReport{OK: true}
	prev := ""
	var want int64 = 1
	err := st.AuditLog(ctx, func(r store.AuditRecord) error {
		rep.Records++
		if !rep.OK {
			return nil
		}
		fail := func(msg string) {
			rep.OK, rep.BadSeq, rep.Problem = false, r.Seq, msg
		}
		switch {
		case r.Seq != want:
			fail(fmt.Sprintf("regel %d ontbreekt (volgende is %d) / record %d missing", want, r.Seq, want))
		case r.PrevHash != prev:
			fail(fmt.Sprintf("regel %d wijst niet naar de hash van regel %d / broken link", r.Seq, r.Seq-1))
		case recordHash(r) != r.Hash:
			fail(fmt.Sprintf("regel %d is gewijzigd: hash klopt niet / record %d was modified", r.Seq, r.Seq))
		}
		prev, want = r.Hash, r.Seq+1
		rep.HeadSeq, rep.HeadHash = r.Seq, r.Hash
		return nil
	})
	return rep, err
}
