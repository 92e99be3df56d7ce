package cli

import (
	"errors"
	"fmt"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/store"
)

func init() {
	register(command{name: "user", usage: "user add|assign|list — gebruikers en toewijzingen beheren", run: runUser})
}

func runUser(e *env, args []string) error {
	if len(args) == 0 {
		return errors.New("gebruik: ontschot user add|assign|list … / usage: user add|assign|list")
	}
	switch args[0] {
	case "add":
		return runUserAdd(e, args[1:])
	case "assign":
		return runUserAssign(e, args[1:])
	case "list":
		return runUserList(e, args[1:])
	}
	return fmt.Errorf("onbekende opdracht user %q: kies add, assign of list / unknown subcommand", args[0])
}

func runUserAdd(e *env, args []string) error {
	fs := e.flags("user add")
	username := fs.String("username", "", "gebruikersnaam")
	role := fs.String("role", "", "rol: analyst, professional, member, provider of admin")
	password := fs.String("password", "", "wachtwoord (leeg: er wordt een sterk wachtwoord gemaakt en getoond)")
	name := fs.String("name", "", "weergavenaam")
	bsn := fs.String("person-bsn", "", "member: BSN van de persoon (wordt direct een pseudoniem; niet opgeslagen)")
	agb := fs.String("agb", "", "provider: AGB-code")
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
	id, err := access.CreateUser(e.ctx, st, access.NewUser{Username: *username, Password: pw, Role: *role, DisplayName: *name, Person: person, AGB: *agb})
	if err != nil {
		return err
	}
	out := map[string]any{"id": id, "username": *username, "role": *role}
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
	if _, err := parse(fs, args); err != nil {
		return err
	}
	f, ok1 := intake.ParseDate(*from)
	t, ok2 := intake.ParseDate(*to)
	if !ok1 || !ok2 {
		return fmt.Errorf("--from en --to zijn datums (JJJJ-MM-DD) / --from and --to are dates")
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.UserByName(e.ctx, *username)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("gebruiker %q bestaat niet / no such user", *username)
	}
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
	if err := access.Assign(e.ctx, st, access.Assignment{UserID: u.ID, Household: *household, ValidFrom: f, ValidTo: t, LegalBasis: *basis, CreatedBy: "(cli)"}); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"username": u.Username, "household": *household, "from": f.String(), "to": t.String(), "basis": *basis})
	}
	fmt.Fprintf(e.stdout, "%s is toegewezen aan huishouden %s van %s t/m %s\n", u.Username, *household, f, t)
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
	}
	rows := []row{}
	for _, u := range us {
		rows = append(rows, row{u.ID, u.Username, u.Role, u.AGB})
	}
	if e.json {
		return e.printJSON(map[string]any{"users": rows})
	}
	for _, r := range rows {
		fmt.Fprintf(e.stdout, "%-20s %-13s %s\n", r.Username, access.RoleName(r.Role), r.AGB)
	}
	return nil
}
