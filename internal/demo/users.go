package demo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
)

// createUsers makes one demo user per role with a fresh random password
// (an existing demo user gets a new one, so the printed log-ins always
// work), and assigns the professional to the three most expensive families.
func createUsers(ctx context.Context, imp *importer.Importer, st Stats, res *Result, progress io.Writer) error {
	member, err := imp.Kluis.PseudonymBSN(st.MemberBSN)
	if err != nil {
		return fmt.Errorf("demo-gezinslid: %w", err)
	}
	users := []struct {
		role, name, display, person, agb, note string
	}{
		{access.Analyst, "gemeente", "Beleidsmedewerker sociaal domein", "", "", "ziet alleen vastgestelde, beschermde cijfers"},
		{access.Professional, "hulpverlener", "Gezinscoach wijkteam", "", "", fmt.Sprintf("gekoppeld aan %d gezinnen (ook het demogezin)", len(st.ProfessionalAddr)+1)},
		{access.Member, "gezin", "Ouder (demo)", member, "", fmt.Sprintf("ouder met %d kind(eren) in zorg", st.MemberChildren)},
		{access.Provider, "aanbieder", "Backoffice jeugdhulpaanbieder", "", st.ProviderAGB, "AGB " + st.ProviderAGB},
		{access.Admin, "beheer", "Functioneel beheerder", "", "", "gebruikers, koppelingen, auditlog"},
		{access.TeamLead, "teamleider", "Teamleider wijkteam", "", "", "keurt toewijzingen van beheer goed"},
		{access.Professional, "gezinscoach", "Gezinscoach 1Gezin1Plan1Budget", "", "", fmt.Sprintf("gezinsplannen van %d gezinnen", len(st.PlanAddr))},
	}
	// A region's demo adds an analyst per gemeente; "gemeente" sees the
	// whole region.
	scopeOf := map[string]string{}
	if len(st.Gemeenten) > 1 {
		users[0].note = "ziet de hele regio (elke gemeente); alleen vastgestelde, beschermde cijfers"
		for _, g := range st.Gemeenten {
			name := scopedAnalystNames[g.Code]
			users = append(users, struct{ role, name, display, person, agb, note string }{
				access.Analyst, name, "Beleidsmedewerker " + g.Name, "", "", "ziet alleen " + g.Name + " (" + g.Code + ")"})
			scopeOf[name] = g.Code
		}
	}
	approver := access.Actor{}
	for _, u := range users {
		pw := password()
		id, err := access.CreateUser(ctx, imp.Store, access.NewUser{Username: u.name, Password: pw, Role: u.role, DisplayName: u.display, Person: u.person, AGB: u.agb, Gemeente: scopeOf[u.name]})
		if err != nil {
			existing, lookErr := imp.Store.UserByName(ctx, u.name)
			if lookErr != nil {
				return fmt.Errorf("demogebruiker %s: %w", u.name, err)
			}
			if existing.Role != u.role {
				return fmt.Errorf("gebruiker %s bestaat al met rol %s / exists with another role", u.name, existing.Role)
			}
			id = existing.ID
			if err := imp.Store.SetPassword(ctx, id, access.HashPassword(pw)); err != nil {
				return err
			}
			if existing.Gemeente != scopeOf[u.name] {
				if err := imp.Store.SetUserGemeente(ctx, id, scopeOf[u.name]); err != nil {
					return err
				}
			}
		}
		res.Users = append(res.Users, Login{Role: u.role, Username: u.name, Password: pw, Note: u.note})
		if u.role == access.TeamLead {
			approver = access.Actor{UserID: id, Username: u.name, Role: u.role}
		}
	}
	// The professional's families: assigned by "demo", approved by the
	// demo's teamleider (a second person, as for every assignment).
	pro, err := imp.Store.UserByName(ctx, "hulpverlener")
	if err != nil {
		return err
	}
	if err := assignDemo(ctx, imp, pro.ID, approver, st); err != nil {
		return err
	}
	coach, err := imp.Store.UserByName(ctx, "gezinscoach")
	if err != nil {
		return err
	}
	if err := planFamiliesDemo(ctx, imp, access.ActorOf(coach), approver, st); err != nil {
		return err
	}
	if err := rolesDemo(ctx, imp, approver, st); err != nil {
		return err
	}
	return planDemo(ctx, imp, access.ActorOf(pro), st)
}

// scopedAnalystNames are the demo's analysts of one gemeente.
var scopedAnalystNames = map[string]string{"GM0642": "zwijndrecht", "GM0531": "hia"}

func assignDemo(ctx context.Context, imp *importer.Importer, userID int64, approver access.Actor, st Stats) error {
	have, err := imp.Store.Assignments(ctx, userID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	now := timeNow()
	from := intake.MakeDate(now.Year()-1, 1, 1)
	to := intake.MakeDate(now.Year()+1, 12, 31)
	for i, a := range st.ProfessionalAddr {
		household := imp.Kluis.Pseudonym(kluis.Address, a.Key())
		var id int64
		approved := false
		for _, h := range have {
			if h.Household == household {
				id, approved = h.ID, h.ApprovedBy != ""
			}
		}
		if approved {
			continue
		}
		if id == 0 {
			if id, err = access.Assign(ctx, imp.Store, access.Assignment{UserID: userID, Household: household, ValidFrom: from, ValidTo: to,
				LegalBasis: "Jeugdwet art. 7.4.4 lid 1 (toestemming gezin, demo)", CreatedBy: "demo", Zaaknummer: demoZaaknummer("JZ", now.Year(), i)}); err != nil {
				return err
			}
		}
		if err := access.ApproveAssignment(ctx, imp.Store, id, approver); err != nil {
			return err
		}
	}
	return nil
}

// planDemo gives the costliest family a plan for the last demo year, made
// by the professional through the same access decision the web uses; a
// family that has a plan keeps it.
func planDemo(ctx context.Context, imp *importer.Importer, pro access.Actor, st Stats) error {
	if len(st.ProfessionalAddr) == 0 || len(st.Periods) == 0 {
		return nil
	}
	household := imp.Kluis.Pseudonym(kluis.Address, st.ProfessionalAddr[0].Key())
	year := st.Periods[len(st.Periods)-1]
	body := `{"goals":[` +
		`{"text":"De oudste thuis laten wonen met ambulante hulp in plaats van verblijf","status":"bezig"},` +
		`{"text":"Eén vaste gezinscoach voor het hele gezin","status":"bereikt"},` +
		`{"text":"Ouders weer aan het werk of in een traject naar werk","status":"open"}],` +
		`"support":[{"description":"Verblijf met behandeling afbouwen naar ambulante jeugdhulp","geldstroom":"jeugdwet","categorie":"43"},` +
		`{"description":"Gezinscoaching door het wijkteam","geldstroom":"lumpsum"}],` +
		`"budget_cent":30000000,"from":` + year + `0101,"to":` + year + `1231,"agreed_by":"ouders en gezinscoach (demo)"}`
	d, err := access.DecideAndRead(ctx, imp.Store, pro, access.Read, access.Resource(access.KindHousehold, household), "demo: bestaand plan?", func(r *store.PersonalReader) error {
		_, err := r.Plan(ctx, household)
		return err
	})
	if err == nil && d.Allowed {
		return nil // the family has a plan already
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	_, err = access.DecideAndWrite(ctx, imp.Store, pro, access.Write, access.Resource(access.KindHousehold, household), "demo: gezinsplan vastleggen", func(w *store.PersonalWriter) error {
		return w.SavePlan(ctx, household, body, pro.Username)
	})
	return err
}

// password returns a random demo password like "demo-k3m9-x2qp-7tfa".
func password() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	b := make([]byte, 12)
	rand.Read(b)
	out := []byte("demo-")
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			out = append(out, '-')
		}
		out = append(out, alphabet[int(c)%len(alphabet)])
	}
	return string(out)
}
