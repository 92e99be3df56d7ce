package businesscase

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ontschot/ontschot/internal/money"
)

// WriteText writes a readable Dutch report of one evaluated case for the terminal.
func WriteText(w io.Writer, r *Result) error {
	ew := &errWriter{w: w}
	ew.printf("Businesscase: %s\n", r.Name)
	if r.Description != "" {
		ew.printf("%s\n", r.Description)
	}
	ew.printf("%s\n\n", SettingsLine(r))

	var t table
	t.row("Contante waarde kosten", euros(r.PVCostsCents))
	t.row("Contante waarde baten", euros(r.PVBenefitsCents))
	t.row("Netto contante waarde", euros(r.NPVCents))
	t.row("Baten/kosten-ratio", Ratio(r.Ratio))
	t.row("Netto rendement", percent(r.NetROI))
	t.row("Terugverdiend", payback(r))
	t.writeTo(ew)

	ew.printf("\nWie betaalt, wie wint (contante waarde)\n")
	t = table{}
	t.row("belanghebbende", "betaalt", "wint", "saldo", "ratio")
	for _, s := range r.Stakeholders {
		t.row(s.Label, euros(s.PaysCents), euros(s.GainsCents), euros(s.NetCents), Ratio(s.Ratio))
	}
	t.row("totaal", euros(r.PVCostsCents), euros(r.PVBenefitsCents), euros(r.NPVCents), Ratio(r.Ratio))
	t.writeTo(ew)

	if len(r.ValueTypes) > 0 {
		ew.printf("\nBaten naar waardesoort\n")
		t = table{}
		t.row("waardesoort", "contante waarde", "nominaal")
		for _, v := range r.ValueTypes {
			t.row(v.Label, euros(v.PVBenefitsCents), euros(v.BenefitsCents))
		}
		t.writeTo(ew)
		ew.printf("Baten/kosten-ratio met alleen fiscaal kasbare baten: %s\n", Ratio(r.RatioFiscalCashable))
	}

	ew.printf("\nPlanexploitatie (nominaal, en cumulatief contant)\n")
	t = table{}
	t.row("jaar", "kosten", "baten", "saldo", "cumulatief", "cumulatief contant")
	for _, y := range r.Years {
		label := strconv.Itoa(y.Year)
		if y.CalendarYear != 0 {
			label = strconv.Itoa(y.CalendarYear)
		}
		t.row(label, euros(y.CostsCents), euros(y.BenefitsCents), euros(y.NetCents), euros(y.CumulativeCents), euros(y.CumulativePVCents))
	}
	t.row("totaal", euros(r.CostsCents), euros(r.BenefitsCents), euros(r.BenefitsCents-r.CostsCents), "", "")
	t.writeTo(ew)

	ew.printf("\nGevoeligheid\n")
	t = table{}
	t.row("scenario", "kosten (cw)", "baten (cw)", "netto contante waarde", "ratio")
	for _, s := range r.Sensitivity {
		t.row(s.Label, euros(s.PVCostsCents), euros(s.PVBenefitsCents), euros(s.NPVCents), Ratio(s.Ratio))
	}
	t.writeTo(ew)

	if len(r.Tornado) > 0 {
		ew.printf("\nTornado: netto contante waarde als één parameter varieert (breedste eerst)\n")
		t = table{}
		t.row("parameter", "laag", "ncw laag", "hoog", "ncw hoog", "breedte")
		for _, b := range r.Tornado {
			t.row(b.Label, b.LowLabel, euros(b.NPVLowCents), b.HighLabel, euros(b.NPVHighCents), euros(b.Width()))
		}
		t.writeTo(ew)
	}
	return ew.err
}

// WritePortfolioText writes a readable Dutch report of a portfolio of cases.
func WritePortfolioText(w io.Writer, p *Portfolio) error {
	ew := &errWriter{w: w}
	ew.printf("Portefeuille van %d businesscases (contante waarden)\n\n", len(p.Cases))
	var t table
	t.row("businesscase", "kosten", "baten", "netto", "ratio", "aandeel investering")
	for _, c := range p.Cases {
		t.row(c.Name, euros(c.PVCostsCents), euros(c.PVBenefitsCents), euros(c.NPVCents), Ratio(c.Ratio), percent(c.InvestmentShare))
	}
	t.row("totaal", euros(p.PVCostsCents), euros(p.PVBenefitsCents), euros(p.NPVCents), Ratio(p.Ratio), "")
	t.writeTo(ew)

	ew.printf("\nWie betaalt, wie wint\n")
	t = table{}
	t.row("belanghebbende", "betaalt", "wint", "saldo", "ratio")
	for _, s := range p.Stakeholders {
		t.row(s.Label, euros(s.PaysCents), euros(s.GainsCents), euros(s.NetCents), Ratio(s.Ratio))
	}
	t.writeTo(ew)
	for _, warn := range p.Warnings {
		ew.printf("\nLet op: %s\n", warn)
	}
	return ew.err
}

// Ratio formats a benefit/cost ratio with two decimals and a decimal comma ("1,24"); a missing
// ratio (no costs) reads "n.v.t.".
func Ratio(r *float64) string {
	if r == nil {
		return "n.v.t."
	}
	return strings.Replace(strconv.FormatFloat(*r, 'f', 2, 64), ".", ",", 1)
}

func percent(r *float64) string {
	if r == nil {
		return "n.v.t."
	}
	return strings.Replace(strconv.FormatFloat(*r*100, 'f', 1, 64), ".", ",", 1) + "%"
}

func euros(c int64) string { return money.FormatEuros(money.Cents(c).Euros()) }

// SettingsLine says in one Dutch line how a result was computed: horizon,
// price year, discount rate and convention, optimism bias.
func SettingsLine(r *Result) string {
	var parts []string
	span := fmt.Sprintf("horizon %d jaar", r.HorizonYears)
	if r.StartYear != 0 {
		span += fmt.Sprintf(" (%d–%d)", r.StartYear, r.StartYear+r.HorizonYears-1)
	}
	parts = append(parts, span)
	if r.PriceYear != 0 {
		parts = append(parts, fmt.Sprintf("prijspeil %d", r.PriceYear))
	}
	rate := "discontovoet " + dutchNumber(r.DiscountRate) + "%"
	if r.FirstYear == FirstYearDiscounted {
		rate += " (vanaf het eerste jaar)"
	} else {
		rate += " (eerste jaar niet verdisconteerd)"
	}
	parts = append(parts, rate)
	if r.OptimismBias {
		parts = append(parts, "optimism bias aan")
	} else {
		parts = append(parts, "optimism bias uit")
	}
	if r.CostOptimismBias {
		parts = append(parts, "optimism bias op kosten aan")
	}
	return strings.Join(parts, ", ")
}

func payback(r *Result) string {
	if r.PaybackYear == nil {
		return "niet binnen de horizon"
	}
	s := fmt.Sprintf("jaar %d", *r.PaybackYear)
	if r.PaybackCalendarYear != nil {
		s += fmt.Sprintf(" (%d)", *r.PaybackCalendarYear)
	}
	return s
}

// errWriter keeps the first write error so the report code reads straight through.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }

// table lays out rows in columns: the first left-aligned, the numbers right-aligned.
type table struct{ rows [][]string }

func (t *table) row(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) writeTo(w io.Writer) {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range t.rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
