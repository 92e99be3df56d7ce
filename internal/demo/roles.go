package demo

import (
	"context"
	"errors"
	"fmt"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/store"
)

// The roles of issue #15.9 in the demo: the professionals can be reached
// by e-mail, every assignment carries the professional's own zaaknummer,
// the demo family has the hulpverlener as theirs, and it has asked one
// correction that is still open — so the household list, the household
// page, the family portal and Beheer's list all show them.

// demoZaaknummer is the demo's case number of the i-th family of a
// professional: prefix, year, a running number.
func demoZaaknummer(prefix string, year, i int) string {
	return fmt.Sprintf("%s-%d-%04d", prefix, year, 101+i)
}

// demoCorrection is what the demo family asks to correct.
const demoCorrection = "Over deze maand staat er een hele maand, maar twee afspraken gingen niet door. Kunt u dit nakijken?"

// rolesDemo gives the professionals an e-mail address, assigns the
// hulpverlener to the demo family (approved by the teamleider) and lets the
// family ask one correction through the access decision, as the portal
// does. Run again, it changes nothing.
func rolesDemo(ctx context.Context, imp *importer.Importer, approver access.Actor, st Stats) error {
	for name, email := range map[string]string{"hulpverlener": "hulpverlener@wijkteam.example", "gezinscoach": "gezinscoach@wijkteam.example"} {
		u, err := imp.Store.UserByName(ctx, name)
		if err != nil {
			return err
		}
		if err := imp.Store.SetUserEmail(ctx, u.ID, email); err != nil {
			return err
		}
	}
	if st.MemberBSN == "" {
		return nil
	}
	household, err := access.ResolveHousehold(ctx, imp.Store, imp.Kluis, st.MemberBSN)
	if errors.Is(err, access.ErrNoHousehold) {
		return nil
	}
	if err != nil {
		return err
	}
	pro, err := imp.Store.UserByName(ctx, "hulpverlener")
	if err != nil {
		return err
	}
	have, err := imp.Store.Assignments(ctx, pro.ID)
	if err != nil {
		return err
	}
	id, approved := int64(0), false
	for _, h := range have {
		if h.Household == household {
			id, approved = h.ID, h.ApprovedBy != ""
		}
	}
	now := timeNow()
	if id == 0 {
		if id, err = access.Assign(ctx, imp.Store, access.Assignment{UserID: pro.ID, Household: household,
			ValidFrom: intake.MakeDate(now.Year()-1, 1, 1), ValidTo: intake.MakeDate(now.Year()+1, 12, 31),
			LegalBasis: "Jeugdwet art. 7.4.4 lid 1 (toestemming gezin, demo)", CreatedBy: "demo",
			Zaaknummer: demoZaaknummer("JZ", now.Year(), len(st.ProfessionalAddr))}); err != nil {
			return err
		}
	}
	if !approved {
		if err := access.ApproveAssignment(ctx, imp.Store, id, approver); err != nil {
			return err
		}
	}
	member, err := imp.Store.UserByName(ctx, "gezin")
	if err != nil {
		return err
	}
	actor := access.ActorOf(member)
	// One open question, about the family's most recent delivery.
	d, err := access.DecideAndWrite(ctx, imp.Store, actor, access.Correct, access.Resource(access.KindPerson, actor.Person), "demo: vraag om correctie",
		func(w *store.PersonalWriter) error {
			asked, err := w.CorrectionsAbout(ctx, []string{actor.Person})
			if err != nil || len(asked) > 0 {
				return err
			}
			c := model.CorrectionRequest{Household: household, Subject: actor.Person, Author: actor.Username, Body: demoCorrection}
			ds, err := w.DeliveriesOf(ctx, []string{actor.Person})
			if err != nil {
				return err
			}
			for i := len(ds) - 1; i >= 0; i-- {
				if !ds[i].Credit {
					id := ds[i].ID
					c.DeliveryID = &id
					break
				}
			}
			_, err = w.InsertCorrection(ctx, c)
			return err
		})
	if err != nil {
		return err
	}
	if !d.Allowed {
		return fmt.Errorf("demo: vraag om correctie niet toegestaan / correction refused: %s", d.Reason)
	}
	return nil
}
