package demo

import (
	"context"
	"errors"
	"fmt"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
)

// maxPlanFamilies bounds the demo's 1Gezin1Plan1Budget families.
const maxPlanFamilies = 60

// choosePlanFamilies picks the demo's plan families and gives the plan its
// effect: families whose ambulant youth care runs across the middle of the
// demo (1 July of the second year, from at least 6 months before to 6
// after, so the plan saves enough to be seen through the release's
// rounding), every second one, up to 60. Their
// ambulant care ends in the month the plan began — "effectievere hulp
// drukt de kosten" — where comparable families' care runs on as drawn.
// It uses no randomness, so the rest of the demo is unchanged. It returns
// the plan families' addresses and the plan's start (yyyymmdd), or nothing
// when the demo is too short for 12 months before and after.
func choosePlanFamilies(pop *population, eps []*episode, firstYear, years int) ([]intake.Adres, int) {
	if years < 3 {
		return nil, 0
	}
	planMonth := 12 + 6 // month index of 1 July of the second year
	start := (firstYear+1)*10000 + 701
	byPerson := map[*Person][]*episode{}
	for _, e := range eps {
		byPerson[e.person] = append(byPerson[e.person], e)
	}
	var out []intake.Adres
	qualifying := 0
	for _, h := range pop.households {
		if len(out) == maxPlanFamilies {
			break
		}
		if len(h.Kids) == 0 || h.Moved != nil || h.Adults[0].Secret {
			continue
		}
		var ambulant []*episode
		for _, k := range h.Kids {
			for _, e := range byPerson[k] {
				if (e.categorie == "45" || e.categorie == "54") && e.start <= planMonth-6 && e.end >= planMonth+6 {
					ambulant = append(ambulant, e)
				}
			}
		}
		if len(ambulant) == 0 {
			continue
		}
		qualifying++
		if qualifying%2 == 0 {
			continue // every second family is left as it is: the comparison
		}
		for _, e := range ambulant {
			e.end = planMonth
		}
		a := h.Addr
		out = append(out, intake.Adres{Postcode: a.Postcode, Huisnummer: a.Huisnummer, Huisletter: a.Huisletter})
	}
	return out, start
}

// planFamiliesDemo assigns the plan families to the demo's second
// gezinscoach (approved by the teamleider, as every assignment) and writes
// each family's plan through the access decision, as the web does.
func planFamiliesDemo(ctx context.Context, imp *importer.Importer, coach access.Actor, approver access.Actor, st Stats) error {
	if len(st.PlanAddr) == 0 {
		return nil
	}
	have, err := imp.Store.Assignments(ctx, coach.UserID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	now := timeNow()
	from := intake.MakeDate(now.Year()-3, 1, 1)
	to := intake.MakeDate(now.Year()+1, 12, 31)
	end := st.PlanStart + 10000 - 1 // a year later, the day before
	body := fmt.Sprintf(`{"goals":[{"text":"Eén gezinscoach en één plan voor het hele gezin","status":"bereikt"},`+
		`{"text":"Ambulante jeugdhulp afbouwen zodra het thuis weer gaat","status":"bezig"}],`+
		`"support":[{"description":"Gezinscoaching door het wijkteam","geldstroom":"lumpsum"},`+
		`{"description":"Ambulante jeugdhulp, korter en gerichter","geldstroom":"jeugdwet","categorie":"45"}],`+
		`"budget_cent":1200000,"from":%d,"to":%d,"agreed_by":"ouders en gezinscoach (demo)"}`, st.PlanStart, end)
	for i, a := range st.PlanAddr {
		household := imp.Kluis.Pseudonym(kluis.Address, a.Key())
		var id int64
		approved := false
		for _, h := range have {
			if h.Household == household {
				id, approved = h.ID, h.ApprovedBy != ""
			}
		}
		if id == 0 {
			if id, err = access.Assign(ctx, imp.Store, access.Assignment{UserID: coach.UserID, Household: household, ValidFrom: from, ValidTo: to,
				LegalBasis: "Jeugdwet art. 7.4.4 lid 1 (toestemming gezin, demo)", CreatedBy: "demo", Zaaknummer: demoZaaknummer("GP", now.Year(), i)}); err != nil {
				return err
			}
		}
		if !approved {
			if err := access.ApproveAssignment(ctx, imp.Store, id, approver); err != nil {
				return err
			}
		}
		d, err := access.DecideAndWrite(ctx, imp.Store, coach, access.Write, access.Resource(access.KindHousehold, household), "demo: gezinsplan vastleggen", func(w *store.PersonalWriter) error {
			return w.SavePlan(ctx, household, body, coach.Username)
		})
		if err != nil {
			return err
		}
		if !d.Allowed {
			return fmt.Errorf("demo: gezinsplan niet toegestaan voor de gezinscoach / plan refused")
		}
	}
	return nil
}
