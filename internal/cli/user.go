package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/store"
)

func init() {
	register(command{name: "user", usage: "user add|assign|approve|end|disable|enable|list — gebruikers en toewijzingen beheren", run: runUser})
}

func runUser(e *env, args []string) error {
	if len(args) == 0 {
		return errors.New("gebruik: ontschot user add|assign|approve|end|disable|enable|list … / usage: user add|assign|approve|end|disable|enable|list")
	}
	switch args[0] {
	case "add":
		return runUserAdd(e, args[1:])
	case "assign":
		return runUserAssign(e, args[1:])
	case "approve":
		return runUserApprove(e, args[1:])
	case "end":
		return runUserEnd(e, args[1:])
	case "disable", "enable":
		return runUserDisable(e, args[0] == "disable", args[1:])
	case "list":
		return runUserList(e, args[1:])
	}
	return fmt.Errorf("onbekende opdracht user %q: kies add, assign, approve, end, disable, enable of list / unknown subcommand", args[0])
}

func runUserAdd(e *env, args []string) error {
	fs := e.flags("user add")
	username := fs.String("username", "", "gebruikersnaam")
	role := fs.String("role", "", "rol: analyst, professional, member, provider of admin")
	password := fs.String("password", "", "wachtwoord (leeg: er wordt een sterk wachtwoord gemaakt en getoond)")
	name := fs.String("name", "", "weergavenaam")
	bsn := fs.String("person-bsn", "", "member: BSN van de persoon (wordt direct een pseudoniem; niet opgeslagen)")
	agb := fs.String("agb", "", "provider: AGB-code")
	gemeente := fs.String("gemeente", "", "analyst in een regio: alleen deze gemeente (GMxxxx); leeg = de hele regio")
	email := fs.String("email", "", "e-mailadres waarop gezinnen een hulpverlener bereiken (optioneel)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	var person string
	if *bsn != "" {
		k, err := e.openKluis()
		if err != nil {
			return err
		}
		person, err = k.PseudonymBSN(*bsn)
		if err != nil {
			return fmt.Errorf("--person-bsn: %w", err)
		}
	}
	pw, generated := *password, false
	if pw == "" {
		pw, generated = access.RandomToken()[:20], true
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	id, err := access.CreateUser(e.ctx, st, access.NewUser{Username: *username, Password: pw, Role: *role, DisplayName: *name, Person: person, AGB: *agb, Gemeente: strings.ToUpper(strings.TrimSpace(*gemeente))})
	if err != nil {
		return err
	}
	if *email != "" {
		if err := st.SetUserEmail(e.ctx, id, *email); err != nil {
			return err
		}
	}
	out := map[string]any{"id": id, "username": *username, "role": *role, "gemeente": strings.ToUpper(strings.TrimSpace(*gemeente))}
	if generated {
		out["password"] = pw
	}
	if e.json {
		return e.printJSON(out)
	}
	fmt.Fprintf(e.stdout, "gebruiker %s (%s) aangemaakt\n", *username, access.RoleName(*role))
	if generated {
		fmt.Fprintf(e.stdout, "wachtwoord: %s\n", pw)
	}
	return nil
}

func runUserAssign(e *env, args []string) error {
	fs := e.flags("user assign")
	username := fs.String("username", "", "gebruikersnaam van de hulpverlener")
	household := fs.String("household", "", "huishouden: adrespseudoniem (ha…)")
	bsn := fs.String("bsn", "", "of: het BSN van iemand uit het huishouden (de kluis zoekt het huishouden op; niet bewaard)")
	from := fs.String("from", "", "geldig vanaf (JJJJ-MM-DD)")
	to := fs.String("to", "", "geldig tot en met (JJJJ-MM-DD)")
	basis := fs.String("basis", "", "wettelijke grondslag")
	zaak := fs.String("zaaknummer", "", "het zaaknummer in het eigen systeem van de hulpverlener (letters, cijfers, - / . _; nooit een BSN)")
	by := fs.String("by", "(cli)", "wie de toewijzing maakt (gebruikersnaam van de beheerder; komt in het auditlog)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	f, ok1 := intake.ParseDate(*from)
	t, ok2 := intake.ParseDate(*to)
	if !ok1 || !ok2 {
		return fmt.Errorf("--from en --to zijn datums (JJJJ-MM-DD) / --from and --to are dates")
	}
	// Checked before anything is looked up: a BSN typed as a zaaknummer is
	// refused with its own message.
	z, err := access.CheckZaaknummer(*zaak)
	if err != nil {
		return fmt.Errorf("--zaaknummer: %w", err)
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := userNamed(e, st, *username, false)
	if err != nil {
		return err
	}
	if *bsn != "" {
		k, err := e.openKluis()
		if err != nil {
			return err
		}
		if *household, err = access.ResolveHousehold(e.ctx, st, k, *bsn); err != nil {
			return err
		}
	}
	id, err := access.Assign(e.ctx, st, access.Assignment{UserID: u.ID, Household: *household, ValidFrom: f, ValidTo: t, LegalBasis: *basis, CreatedBy: *by, Zaaknummer: z})
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"id": id, "username": u.Username, "household": *household, "from": f.String(), "to": t.String(), "basis": *basis,
			"zaaknummer": z, "approved": false})
	}
	fmt.Fprintf(e.stdout, "toewijzing %d: %s aan huishouden %s van %s t/m %s\n", id, u.Username, *household, f, t)
	fmt.Fprintf(e.stdout, "zij geeft toegang na goedkeuring door een tweede persoon: ontschot user approve --id %d --by TEAMLEIDER\n", id)
	return nil
}

// runUserApprove is the second person's step: a teamleider, or an admin
// who did not make the assignment, approves it by name (both in the audit log).
func runUserApprove(e *env, args []string) error {
	fs := e.flags("user approve")
	id := fs.Int64("id", 0, "nummer van de toewijzing (uit user assign of de pagina Toewijzingen goedkeuren)")
	by := fs.String("by", "", "gebruikersnaam van wie goedkeurt: een teamleider, of een andere beheerder dan wie haar maakte")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *id <= 0 || *by == "" {
		return errors.New("noem --id en --by / --id and --by are required")
	}
	st, err := e.openExistingStore()
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := userNamed(e, st, *by, true)
	if err != nil {
		return err
	}
	if err := access.ApproveAssignment(e.ctx, st, *id, access.ActorOf(u)); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"id": *id, "approved_by": u.Username, "approved": true})
	}
	fmt.Fprintf(e.stdout, "toewijzing %d goedgekeurd door %s\n", *id, u.Username)
	return nil
}

// runUserEnd ends an assignment as of a date (default today): from that
// day on the professional no longer reaches the household. Only an admin
// ends one, by name (in the audit log).
func runUserEnd(e *env, args []string) error {
	fs := e.flags("user end")
	id := fs.Int64("id", 0, "nummer van de toewijzing")
	per := fs.String("per", "", "vanaf deze dag geen toegang meer (JJJJ-MM-DD; leeg: vandaag)")
	by := fs.String("by", "", "gebruikersnaam van de beheerder die haar beëindigt")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *id <= 0 || *by == "" {
		return errors.New("noem --id en --by / --id and --by are required")
	}
	end := intake.Date(access.Today())
	if *per != "" {
		d, ok := intake.ParseDate(*per)
		if !ok {
			return errors.New("--per is een datum (JJJJ-MM-DD) / --per is a date")
		}
		end = d
	}
	st, err := e.openExistingStore()
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := userNamed(e, st, *by, true)
	if err != nil {
		return err
	}
	if err := access.EndAssignment(e.ctx, st, *id, end, access.ActorOf(u)); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"id": *id, "ended_by": u.Username, "end": end.String()})
	}
	fmt.Fprintf(e.stdout, "toewijzing %d beëindigd per %s door %s\n", *id, end, u.Username)
	return nil
}

// runUserDisable blocks a user (ending every session and API token) or
// lets them in again.
func runUserDisable(e *env, disable bool, args []string) error {
	name := "user enable"
	if disable {
		name = "user disable"
	}
	fs := e.flags(name)
	username := fs.String("username", "", "gebruikersnaam")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	st, err := e.openExistingStore()
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := userNamed(e, st, *username, false)
	if err != nil {
		return err
	}
	if err := st.SetDisabled(e.ctx, u.ID, disable); err != nil {
		return err
	}
	what := "weer toegelaten"
	if disable {
		what = "geblokkeerd; sessies en API-tokens beëindigd"
	}
	access.Record(e.ctx, st, access.Actor{Username: "(cli)", Role: access.Admin}, "write user", "allow", "beheer via de opdrachtregel", "gebruiker "+u.Username+" "+what)
	if e.json {
		return e.printJSON(map[string]any{"username": u.Username, "disabled": disable})
	}
	fmt.Fprintf(e.stdout, "%s %s\n", u.Username, what)
	return nil
}

func runUserList(e *env, args []string) error {
	fs := e.flags("user list")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	st, err := e.openExistingStore()
	if err != nil {
		return err
	}
	defer st.Close()
	us, err := st.Users(e.ctx)
	if err != nil {
		return err
	}
	type row struct {
		ID       int64  `json:"id"`
		Username string `json:"username"`
		Role     string `json:"role"`
		AGB      string `json:"agb,omitempty"`
		Gemeente string `json:"gemeente,omitempty"` // an analyst's scope; empty = the whole region
		Disabled bool   `json:"disabled"`
	}
	rows := []row{}
	for _, u := range us {
		rows = append(rows, row{u.ID, u.Username, u.Role, u.AGB, u.Gemeente, u.Disabled})
	}
	if e.json {
		return e.printJSON(map[string]any{"users": rows})
	}
	for _, r := range rows {
		state := ""
		if r.Disabled {
			state = "geblokkeerd"
		}
		scope := r.AGB
		if r.Gemeente != "" {
			scope = r.Gemeente
		}
		fmt.Fprintf(e.stdout, "%-20s %-13s %-8s %s\n", r.Username, access.RoleName(r.Role), scope, state)
	}
	return nil
}

// userNamed reads a user by name, saying so when there is none; active
// also refuses a blocked user (one who approves or ends an assignment).
func userNamed(e *env, st *store.Store, name string, active bool) (store.User, error) {
	u, err := st.UserByName(e.ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return u, fmt.Errorf("gebruiker %q bestaat niet / no such user", name)
	}
	if err != nil {
		return u, err
	}
	if active && u.Disabled {
		return u, fmt.Errorf("gebruiker %q is geblokkeerd / user is disabled", name)
	}
	return u, nil
}
