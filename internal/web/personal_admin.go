package web

import (
	"context"
	"errors"
	"fmt"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/model"
)

// The vault's reads and writes for the administration and the team lead:
// users, assignments and their approval, the audit log, upload tokens.

// adminData is what the administration page shows.
type adminData struct {
	Users       []model.User
	Assignments []model.Assignment
}

func (v *vault) adminOverview(ctx context.Context, actor access.Actor, purpose string) (adminData, error) {
	var ad adminData
	d, err := v.gate.DecideAndRead(ctx, actor, access.List, access.KindUsers, purpose, func(r *access.PersonalReader) error {
		var err error
		if ad.Users, err = r.Users(ctx); err != nil {
			return err
		}
		ad.Assignments, err = r.Assignments(ctx, 0)
		return err
	})
	if err := allowed(d, err); err != nil {
		return adminData{}, err
	}
	return ad, nil
}

func (v *vault) addUser(ctx context.Context, actor access.Actor, u access.NewUser, purpose string) error {
	if _, err := v.decide(ctx, actor, access.Write, access.KindUsers, purpose); err != nil {
		return err
	}
	_, err := v.gate.CreateUser(ctx, u)
	return err
}

func (v *vault) assign(ctx context.Context, actor access.Actor, username string, a access.Assignment, purpose string) error {
	if _, err := v.decide(ctx, actor, access.Write, access.KindAssignments, purpose); err != nil {
		return err
	}
	u, err := v.gate.UserByName(ctx, username)
	if errors.Is(err, model.ErrNotFound) {
		return errInput(fmt.Sprintf("Gebruiker %q bestaat niet.", username))
	}
	if err != nil {
		return err
	}
	a.UserID, a.CreatedBy = u.ID, actor.Username
	if v.gate.CanResolveBSN() {
		// Every valid BSN takes the same path and gets the same answer:
		// one without a household (unknown, or a secret address) becomes a
		// request that can never be approved, so the form does not tell
		// whether a BSN has a household.
		h, err := v.gate.ResolveHousehold(ctx, a.Household)
		switch {
		case errors.Is(err, access.ErrNoHousehold):
			h = ""
		case err != nil:
			return errInput(err.Error())
		}
		a.Household = h
	}
	if _, err := v.gate.Assign(ctx, a); err != nil {
		return errInput(err.Error())
	}
	return nil
}

// approvals lists the assignments for the approval page.
func (v *vault) approvals(ctx context.Context, actor access.Actor, purpose string) ([]model.Assignment, error) {
	var as []model.Assignment
	d, err := v.gate.DecideAndRead(ctx, actor, access.List, access.KindAssignments, purpose, func(r *access.PersonalReader) error {
		var err error
		as, err = r.Assignments(ctx, 0)
		return err
	})
	if err := allowed(d, err); err != nil {
		return nil, err
	}
	return as, nil
}

// approve approves an assignment as the second person.
func (v *vault) approve(ctx context.Context, actor access.Actor, id int64, purpose string) error {
	if _, err := v.decide(ctx, actor, access.Approve, access.KindAssignments, purpose); err != nil {
		return err
	}
	if err := v.gate.ApproveAssignment(ctx, id, actor); err != nil {
		return errInput(err.Error())
	}
	return nil
}

// setDisabled disables a user (ending every session and token) or enables
// them again, and logs it.
func (v *vault) setDisabled(ctx context.Context, actor access.Actor, id int64, disabled bool, purpose string) error {
	if _, err := v.decide(ctx, actor, access.Write, access.KindUsers, purpose); err != nil {
		return err
	}
	if id == actor.UserID {
		return errInput("U kunt uw eigen account niet blokkeren.")
	}
	if err := v.gate.SetDisabled(ctx, id, disabled); err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return errInput("Deze gebruiker bestaat niet.")
		}
		return err
	}
	what := "geblokkeerd; sessies en API-tokens beëindigd"
	if !disabled {
		what = "weer toegelaten"
	}
	return v.gate.Record(ctx, actor, "write user", "allow", purpose, fmt.Sprintf("gebruiker %d %s", id, what))
}

func (v *vault) audit(ctx context.Context, actor access.Actor, purpose string) ([]model.AuditRecord, access.VerifyReport, error) {
	var recs []model.AuditRecord
	d, err := v.gate.DecideAndRead(ctx, actor, access.Read, access.KindAudit, purpose, func(r *access.PersonalReader) error {
		var err error
		recs, err = r.RecentAudit(ctx, 300)
		return err
	})
	if err := allowed(d, err); err != nil {
		return nil, access.VerifyReport{}, err
	}
	// The chain check reads hashes, not whose data: it runs after the
	// decision, on the committed log.
	rep, err := v.gate.VerifyAudit(ctx)
	return recs, rep, err
}

// newToken replaces a provider's machine upload token and returns the new one.
func (v *vault) newToken(ctx context.Context, actor access.Actor, purpose string) (string, error) {
	if _, err := v.decide(ctx, actor, access.Upload, access.Resource(access.KindProvider, actor.AGB), purpose); err != nil {
		return "", err
	}
	if err := v.gate.DeleteUserSessions(ctx, actor.UserID, access.SessionToken); err != nil {
		return "", err
	}
	tok, _, err := v.gate.NewSession(ctx, actor.UserID, access.SessionToken)
	return tok, err
}
