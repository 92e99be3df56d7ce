package cli

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/ontschot/ontschot/internal/demo"
	"github.com/ontschot/ontschot/internal/importer"
)

func init() {
	register(command{name: "demo", usage: "demo [--out MAP] [--households N] [--years J] [--seed S] [--gemeente GMxxxx] — synthetische regio (of één gemeente) maken en laden", run: runDemo})
}

func runDemo(e *env, args []string) error {
	fs := e.flags("demo")
	out := fs.String("out", "", "map voor de invoerbestanden van de demo (standaard DATA/demo-invoer)")
	households := fs.Int("households", demo.DefaultRegionHouseholds, "aantal huishoudens (in de regio: verdeeld naar de CBS-omvang van de gemeenten)")
	gemeente := fs.String("gemeente", "", "alleen deze pilotgemeente (GM0642 of GM0531); leeg = de regio met beide")
	years := fs.Int("years", 3, "aantal afgesloten jaren met leveringen")
	seed := fs.Uint64("seed", 1, "startgetal: dezelfde seed geeft dezelfde gemeente")
	serve := fs.Bool("serve", false, "na het laden meteen de webapplicatie starten")
	addr := fs.String("addr", "127.0.0.1:8080", "adres voor --serve")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *households < 100 || *households > 2000000 {
		return fmt.Errorf("--households moet tussen 100 en 2.000.000 liggen / must be between 100 and 2,000,000")
	}
	if *years < 1 || *years > 10 {
		return fmt.Errorf("--years moet tussen 1 en 10 liggen / must be between 1 and 10")
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join(e.config().DataDir, "demo-invoer")
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	k, err := e.openKluis()
	if err != nil {
		return err
	}
	progress := e.stdout
	if e.json {
		progress = io.Discard
	}
	res, err := demo.Run(e.ctx, importer.New(st, k), dir, demo.Options{Households: *households, Years: *years, Seed: *seed, Gemeente: *gemeente}, progress)
	if err != nil {
		return err
	}
	if e.json {
		if err := e.printJSON(res); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.stdout, "\nKlaar: %d huishoudens, %d personen, %d leveringen; metingen: %v.\n", res.Households, res.Persons, res.Deliveries, res.Releases)
		fmt.Fprintf(e.stdout, "Scheefheid: de duurste 3%% van de gezinnen met jeugdhulp krijgt %.0f%% van het jeugdhulpgeld; %d huishoudens kosten samen meer dan € 500.000.\n",
			res.Stats.YouthTop3Share*100, res.Stats.Above500k)
		if len(res.Users) > 0 {
			fmt.Fprintln(e.stdout, "\nInloggen (alleen voor de demo):")
			for _, u := range res.Users {
				fmt.Fprintf(e.stdout, "  %-13s gebruiker %-14s wachtwoord %s  %s\n", u.Role, u.Username, u.Password, u.Note)
			}
		}
	}
	if *serve {
		return serveHook(e, *addr)
	}
	return nil
}

// serveHook starts the web application; serve.go sets it.
var serveHook = func(e *env, addr string) error {
	return fmt.Errorf("de webapplicatie is in deze versie niet ingebouwd / web application not built in")
}
