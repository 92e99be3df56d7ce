package access

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/store"
)

// MaxZaaknummer is the longest case number an assignment takes.
const MaxZaaknummer = 32

// ErrZaaknummerBSN refuses a case number that looks like a BSN. It does
// not repeat what was typed: that may be someone's BSN.
var ErrZaaknummerBSN = errors.New("dit zaaknummer lijkt op een BSN (negen cijfers die de elfproef doorstaan); vul het zaaknummer uit uw eigen systeem in, nooit een BSN / the case number looks like a BSN")

// CheckZaaknummer checks a professional's case number: a short code of
// letters, digits and - / . _ or spaces, at most MaxZaaknummer characters,
// and never a BSN — also not one typed in groups ("123 456 782"). It
// returns the trimmed number; "" is allowed (none given).
func CheckZaaknummer(z string) (string, error) {
	z = strings.TrimSpace(z)
	if z == "" {
		return "", nil
	}
	if len(z) > MaxZaaknummer {
		return "", fmt.Errorf("een zaaknummer heeft hoogstens %d tekens / a case number has at most %d characters", MaxZaaknummer, MaxZaaknummer)
	}
	for _, r := range z {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-/._ ", r)) {
			return "", errors.New("een zaaknummer bestaat uit letters, cijfers en - / . _ (geen andere tekens) / a case number is a code of letters, digits and - / . _")
		}
	}
	if store.MaskGroupedBSN(z) != z {
		return "", ErrZaaknummerBSN
	}
	return z, nil
}

// EndAssignment ends assignment id as of endDate: from that day on it gives
// no access (valid_to becomes the day before; an assignment already ending
// earlier keeps its end). Only an admin ends an assignment; it is written
// to the audit log with the household as client, so the family sees it.
func EndAssignment(ctx context.Context, st *store.Store, id int64, endDate intake.Date, by Actor) error {
	if by.Role != Admin {
		return fmt.Errorf("%s mag geen toewijzingen beëindigen (rol %s) / may not end assignments", by.Username, by.Role)
	}
	if endDate == 0 {
		return errors.New("noem de datum waarop de toewijzing eindigt / end date required")
	}
	a, err := st.AssignmentByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("toewijzing %d bestaat niet / no such assignment", id)
	}
	if err != nil {
		return err
	}
	day := time.Date(endDate.Year(), time.Month(endDate.Month()), endDate.Day()-1, 0, 0, 0, 0, time.UTC)
	last := int64(intake.MakeDate(day.Year(), int(day.Month()), day.Day()))
	if err := st.EndAssignment(ctx, id, last, by.Username); err != nil {
		return fmt.Errorf("toewijzing %d: %w", id, err)
	}
	return appendAudit(ctx, st, store.AuditRecord{Event: "end assignment", Outcome: "allow", Username: by.Username, Role: by.Role,
		OnBehalf: a.Username, Purpose: "toewijzing beëindigen", Client: a.Household, Basis: a.LegalBasis,
		Detail: fmt.Sprintf("toewijzing %d van %s beëindigd per %s (geen toegang meer vanaf die dag)", id, a.Username, endDate)})
}
