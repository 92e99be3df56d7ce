package cli

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"

	"github.com/ontschot/ontschot/internal/evaluation"
	"github.com/ontschot/ontschot/internal/funding"

	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/trajectory"

	"github.com/ontschot/ontschot/internal/export"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
)

func init() {
	register(command{name: "release", usage: "release create|list|show|audit|report — metingen vastleggen en bekijken", run: runRelease})
}

func runRelease(e *env, args []string) error {
	fs := e.flags("release")
	period := fs.String("period", "", "periode: 2025 of 2025-Q3")
	level := fs.String("level", "wijk", "niveau: gemeente, wijk, buurt of blok")
	by := fs.String("by", "total", "uitsplitsing: total, geldstroom of zorgsoort")
	version := fs.Int("version", 0, "versie (0 = de nieuwste)")
	sample := fs.Int("sample", 200, "audit: aantal willekeurige huishoudens naast de grootste per cel")
	out := fs.String("out", "", "report: het PDF-bestand om te schrijven")
	gemeente := fs.String("gemeente", "", "show: alleen deze gemeente (GMxxxx); zonder: de hele meting (in een regio: elke gemeente)")
	levels := fs.String("rapportageniveaus", os.Getenv("ONTSCHOT_RAPPORTAGENIVEAUS"), "create: laagste niveau per zorgsoort, bijv. 54=wijk,43=wijk (env ONTSCHOT_RAPPORTAGENIVEAUS)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Gebruik: ontschot release create --period P | list | stacking --period P [--level L] | show --period P [--level L] [--by B] [--gemeente GMxxxx] [--version N] | audit --period P | report --period P [--version N] --out FILE.pdf")
		fs.PrintDefaults()
	}
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errors.New("noem één opdracht: create, list, show, audit of report / name one subcommand")
	}
	st, err := e.openExistingStore()
	if err != nil {
		return err
	}
	defer st.Close()
	needPeriod := func() (release.Period, error) {
		if *period == "" {
			return release.Period{}, errors.New("--period ontbreekt (2025 of 2025-Q3) / --period is missing")
		}
		return release.ParsePeriod(*period)
	}
	switch pos[0] {
	case "create":
		p, err := needPeriod()
		if err != nil {
			return err
		}
		rules := release.DefaultRules()
		if rules.LowestLevel, err = release.ParseReportLevels(*levels); err != nil {
			return err
		}
		if err := release.CheckReportLevels(rules.LowestLevel, func(c string) bool { _, ok := model.ZorgsoortOmschrijving(c); return ok }); err != nil {
			return err
		}
		info, tables, err := release.Freeze(e.ctx, st, p, "cli", rules, trajectory.Source(money.Cents(e.config().HourlyCostOwnCents)), evaluation.Source(), funding.Source())
		if err != nil {
			return err
		}
		suppressed := 0
		for _, c := range tables.Cells {
			if c.Suppressed {
				suppressed++
			}
		}
		if e.json {
			return e.printJSON(map[string]any{"period": info.Period, "version": info.Version, "created_at": info.CreatedAt, "cells": len(tables.Cells), "suppressed": suppressed})
		}
		fmt.Fprintf(e.stdout, "Meting %s versie %d vastgelegd: %d cellen, waarvan %d onderdrukt.\n", info.Period, info.Version, len(tables.Cells), suppressed)
		return nil
	case "report":
		p, err := needPeriod()
		if err != nil {
			return err
		}
		if *out == "" {
			return errors.New("--out ontbreekt (het PDF-bestand) / --out is missing")
		}
		// Render into memory first: a failed report leaves no half-written file.
		var buf bytes.Buffer
		if err := export.ReleasePDF(e.ctx, st, p.String(), *version, &buf); errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("geen meting %s (versie %d); zie `ontschot release list` / no such release", p, *version)
		} else if err != nil {
			return err
		}
		if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("rapport schrijven: %w", err)
		}
		if e.json {
			return e.printJSON(map[string]any{"period": p.String(), "file": *out, "bytes": buf.Len()})
		}
		fmt.Fprintf(e.stdout, "Rapport van meting %s geschreven naar %s (%d bytes).\n", p, *out, buf.Len())
		return nil
	case "stacking", "stapeling":
		p, err := needPeriod()
		if err != nil {
			return err
		}
		return showStacking(e, st, p.String(), *version, *level)
	case "list":
		list, err := st.Releases(e.ctx)
		if err != nil {
			return err
		}
		if list == nil {
			list = []store.ReleaseInfo{}
		}
		if e.json {
			return e.printJSON(map[string]any{"releases": list})
		}
		if len(list) == 0 {
			fmt.Fprintln(e.stdout, "Nog geen metingen. Maak er een met: ontschot release create --period 2025")
		}
		for _, r := range list {
			fmt.Fprintf(e.stdout, "%-8s versie %d  %s  door %s\n", r.Period, r.Version, r.CreatedAt[:19], r.CreatedBy)
		}
		return nil
	case "show":
		p, err := needPeriod()
		if err != nil {
			return err
		}
		levels := append([]string{release.LevelRegio}, release.Levels...)
		if !oneOf(*level, levels) || !oneOf(*by, release.Breakdowns) {
			return fmt.Errorf("--level is een van %s en --by een van %s / unknown level or breakdown", strings.Join(levels, ", "), strings.Join(release.Breakdowns, ", "))
		}
		info, err := st.Release(e.ctx, p.String(), *version)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("geen meting %s (versie %d); zie `ontschot release list` / no such release", p, *version)
		}
		if err != nil {
			return err
		}
		cells, err := st.ReleaseCells(e.ctx, info.ID, *level, *by)
		if err != nil {
			return err
		}
		scope := "alle gemeenten"
		if *gemeente != "" {
			if cells, err = gemeenteCells(e, st, info, *gemeente, cells); err != nil {
				return err
			}
			scope = *gemeente
		}
		if cells == nil {
			cells = []store.ReleaseCell{}
		}
		if e.json {
			return e.printJSON(map[string]any{"period": info.Period, "version": info.Version, "level": *level, "by": *by, "gemeente": *gemeente, "cells": cells})
		}
		fmt.Fprintf(e.stdout, "Meting %s versie %d — %s, %s, %s\n", info.Period, info.Version, *level, *by, scope)
		fmt.Fprintf(e.stdout, "%-14s %-16s %12s %10s %16s  %s\n", "gebied", "categorie", "huishoudens", "personen", "bedrag", "")
		for _, c := range cells {
			fmt.Fprintf(e.stdout, "%-14s %-16s %12s %10s %16s  %s\n", c.Area, c.Category, count(c.Households), count(c.Persons), euros(c.AmountEUR), c.Reason)
		}
		return nil
	case "audit":
		p, err := needPeriod()
		if err != nil {
			return err
		}
		info, err := st.Release(e.ctx, p.String(), *version)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("geen meting %s; maak die eerst / no such release", p)
		}
		if err != nil {
			return err
		}
		in, _, err := release.LoadInput(e.ctx, st, p, info.MaxDeliveryID, info.MaxImportID)
		if err != nil {
			return err
		}
		tables, err := release.LoadTables(e.ctx, st, info)
		if err != nil {
			return err
		}
		rep := release.Audit(in, tables, release.AuditOptions{Seed: 1, Sample: *sample})
		return printAudit(e, info, rep)
	}
	return fmt.Errorf("onbekende opdracht %q / unknown subcommand", pos[0])
}

// auditLine is what the audit prints per check: the cell and how wide the
// interval is relative to the true amount — never the amount itself.
type auditLine struct {
	Level    string  `json:"level"`
	Area     string  `json:"area"`
	By       string  `json:"by"`
	Category string  `json:"category"`
	WidthPct float64 `json:"interval_width_pct_of_true"` // (max−min)/true×100; ≥ 40 is safe
	Bounded  bool    `json:"bounded"`
	Pinned   bool    `json:"pinned"`
}

func printAudit(e *env, info store.ReleaseInfo, rep release.AuditReport) error {
	line := func(f release.Finding) auditLine {
		l := auditLine{Level: f.Level, Area: f.Area, By: f.By, Category: f.Category, Bounded: !f.Unbounded, Pinned: f.Pinned, WidthPct: math.Inf(1)}
		if !f.Unbounded && f.True != 0 {
			l.WidthPct = math.Round(float64(f.Max-f.Min)/math.Abs(float64(f.True))*1000) / 10
		}
		if math.IsInf(l.WidthPct, 1) {
			l.WidthPct = -1 // JSON has no infinity: -1 means unbounded
		}
		return l
	}
	var pinned []auditLine
	for _, f := range rep.Pinned {
		pinned = append(pinned, line(f))
	}
	bounded := 0
	for _, f := range rep.Checks {
		if !f.Unbounded {
			bounded++
		}
	}
	if e.json {
		if pinned == nil {
			pinned = []auditLine{}
		}
		if err := e.printJSON(map[string]any{"period": info.Period, "version": info.Version, "model": rep.Model, "tried": rep.Tried,
			"bounded": bounded, "pinned": pinned, "errors": rep.Errors, "ok": rep.OK()}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.stdout, "Audit van meting %s versie %d (model %s): %d huishoudens geprobeerd vast te pinnen (de grootste per cel en een steekproef).\n",
			info.Period, info.Version, rep.Model, rep.Tried)
		fmt.Fprintf(e.stdout, "%d kregen een begrensd interval, %d zijn binnen ±20%% vast te pinnen.\n", bounded, len(pinned))
		for _, p := range pinned {
			fmt.Fprintf(e.stdout, "  VAST TE PINNEN: %s %s %s %s (interval %.1f%% van het werkelijke bedrag)\n", p.Level, p.Area, p.By, p.Category, p.WidthPct)
		}
		for _, s := range rep.Errors {
			fmt.Fprintln(e.stdout, "  fout: "+s)
		}
	}
	if !rep.OK() {
		return &exitError{code: 3, msg: fmt.Sprintf("%d huishoudens zijn vast te pinnen of de audit had fouten / households can be pinned", len(pinned))}
	}
	return nil
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func count(p *int64) string {
	if p == nil {
		return "–"
	}
	return money.Group(*p)
}

func euros(p *int64) string {
	if p == nil {
		return "–"
	}
	return money.FormatEuros(*p)
}

// gemeenteCells narrows a release's cells to one gemeente: its own cell and
// the areas inside it, never the region's. A gemeente the release does not
// hold is refused, naming those it does.
func gemeenteCells(e *env, st *store.Store, info store.ReleaseInfo, gemeente string, cells []store.ReleaseCell) ([]store.ReleaseCell, error) {
	gemeente = strings.ToUpper(strings.TrimSpace(gemeente))
	top, err := st.ReleaseCells(e.ctx, info.ID, release.LevelGemeente, release.ByTotal)
	if err != nil {
		return nil, err
	}
	var held []string
	for _, c := range top {
		held = append(held, c.Area)
	}
	if !oneOf(gemeente, held) {
		return nil, fmt.Errorf("gemeente %q zit niet in meting %s (wel: %s) / not in this release", gemeente, info.Period, strings.Join(held, ", "))
	}
	var out []store.ReleaseCell
	for _, c := range cells {
		if model.GemeenteOfCode(c.Area) == gemeente {
			out = append(out, c)
		}
	}
	return out, nil
}
