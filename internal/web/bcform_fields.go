package web

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/businesscase"
)

// bcField is one input of the business case form, as the template shows it.
type bcField struct {
	Name, ID, Label, Hint, Value, Kind string // kind: text, textarea, select, checkbox
	Options                            []option
	Checked                            bool
	Errors                             []string
	Size                               string // s, m, l: the width of the input
	InputMode                          string
	context                            string
}

// Described lists the ids that describe the input: its hint and its error.
func (f *bcField) Described() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-uitleg")
	}
	if len(f.Errors) > 0 {
		ids = append(ids, f.ID+"-fout")
	}
	return strings.Join(ids, " ")
}

type bcGroup struct {
	ID, Legend, Hint string
	Heading          bool // a top-level section: legend styled as a heading
	Errors           []string
	Fields           []*bcField
	Rows             []*bcGroup // repeated rows: cohorts, shares, grades, or whole items
	Years            *bcGroup   // a row of amounts per year
	Compact          bool       // an inline row
	Add, Remove      *bcButton
	Refresh          bool
	name             string // the case-file path of the group, for errors
}

type bcButton struct{ Value, Label string }

type summaryItem struct{ Href, Text string }

type caseFormView struct {
	Action, Cancel string
	Editing        bool
	Slug           string
	Summary        []summaryItem
	Sections       []*bcGroup
	Delete         string
}

type formBuilder struct {
	d      *caseDraft
	fields map[string]*bcField
	groups map[string]*bcGroup
}

func fieldID(name string) string {
	var b strings.Builder
	b.WriteString("f-")
	for _, r := range name {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else if !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func (fb *formBuilder) field(ctx, name, label, value string) *bcField {
	f := &bcField{Name: name, ID: fieldID(name), Label: label, Value: value, Kind: "text", Size: "m", context: ctx}
	fb.fields[name] = f
	return f
}

func (fb *formBuilder) group(name, legend string) *bcGroup {
	g := &bcGroup{ID: fieldID(name), Legend: legend, name: name}
	fb.groups[name] = g
	return g
}

func (f *bcField) hint(h string) *bcField       { f.Hint = h; return f }
func (f *bcField) size(s string) *bcField       { f.Size = s; return f }
func (f *bcField) numeric(mode string) *bcField { f.InputMode = mode; return f }
func (f *bcField) sel(opts []option) *bcField {
	f.Kind, f.Options = "select", nil
	found := false
	for _, o := range opts {
		o.Selected = o.Value == f.Value
		found = found || o.Selected
		f.Options = append(f.Options, o)
	}
	if !found && f.Value != "" {
		f.Options = append(f.Options, option{Value: f.Value, Label: f.Value + " (onbekend)", Selected: true})
	}
	return f
}

func (fb *formBuilder) stakeholderOptions() []option {
	var ids []string
	for id := range businesscase.Stakeholders {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		return businesscase.StakeholderLabel(ids[i]) < businesscase.StakeholderLabel(ids[j])
	})
	var out []option
	for _, id := range ids {
		out = append(out, option{Value: id, Label: businesscase.StakeholderLabel(id)})
	}
	for _, id := range splitList(fb.d.Extra) {
		out = append(out, option{Value: id, Label: id + " (eigen)"})
	}
	return out
}

func (fb *formBuilder) interventionOptions() []option {
	out := []option{{Value: "", Label: "— (de enige interventie)"}}
	for _, in := range fb.d.Interventions {
		if in.Name != "" {
			out = append(out, option{Value: in.Name, Label: in.Name})
		}
	}
	return out
}

func (fb *formBuilder) gradeOptions(optional bool) []option {
	return gradeChoices(optional, businesscase.DefaultConfidenceGrades, fb.d.Grades, "")
}

// costGradeOptions are the grades of a cost line, with the uplift of each.
func (fb *formBuilder) costGradeOptions() []option {
	return gradeChoices(true, businesscase.DefaultCostConfidenceGrades, fb.d.CostGrades, "+")
}

func valueTypeOptions() []option {
	out := []option{{Value: "", Label: "niet ingedeeld"}}
	for _, v := range businesscase.ValueTypes {
		out = append(out, option{Value: v.ID, Label: v.Label})
	}
	return out
}

func gradeChoices(optional bool, defaults map[string]float64, own []gradeDraft, sign string) []option {
	var out []option
	if optional {
		out = append(out, option{Value: "", Label: "geen (geen optimism bias)"})
	}
	seen := map[string]bool{}
	for _, g := range []string{"A", "B", "C"} {
		seen[g] = true
		out = append(out, option{Value: g, Label: fmt.Sprintf("%s (%s%s%%)", g, sign, decimalTrim(defaults[g]))})
	}
	for _, g := range own {
		if g.Grade != "" && !seen[g.Grade] {
			seen[g.Grade] = true
			out = append(out, option{Value: g.Grade, Label: g.Grade + " (eigen)"})
		}
	}
	return out
}

// yearLabels are the columns of the per-year amounts: calendar years when
// the start year is known.
func (d caseDraft) yearLabels() []string {
	h, err := strconv.Atoi(d.Horizon)
	if err != nil || h < 1 || h > businesscase.MaxHorizonYears {
		h = businesscase.DefaultHorizonYears
	}
	for _, c := range d.Costs {
		h = max(h, len(c.PerYear))
	}
	for _, b := range d.Benefits {
		h = max(h, len(b.PerYear))
	}
	start, _ := strconv.Atoi(d.StartYear)
	out := make([]string, h)
	for i := range out {
		if start >= 1900 && start <= 2200 {
			out[i] = strconv.Itoa(start + i)
		} else {
			out[i] = "Jaar " + strconv.Itoa(i)
		}
	}
	return out
}

func (fb *formBuilder) years(ctx, name string, vals []string, labels []string) *bcGroup {
	g := fb.group(name, "Bedragen per jaar (euro)")
	g.Hint = "In hele euro's of met een decimale komma, bijv. 1.234,50. Lege jaren tellen als 0."
	g.Compact = true
	for j, l := range labels {
		v := ""
		if j < len(vals) {
			v = vals[j]
		}
		g.Fields = append(g.Fields, fb.field(ctx, fmt.Sprintf("%s[%d]", name, j), l, v).size("s").numeric("decimal"))
	}
	return g
}

// repeated fills g with n rows of a list, path[0], path[1], …, each with
// the legend "noun i" and a remove button, and an add button under them.
// owner names the item the list belongs to ("interventie 2"), "" for a
// list of the case itself; fill puts the fields in row i.
func (fb *formBuilder) repeated(g *bcGroup, path, noun, owner string, compact bool, n int, fill func(i int, p string, row *bcGroup)) {
	of, to := "", ""
	if owner != "" {
		of, to = " van "+owner, " aan "+owner
	}
	for i := 0; i < n; i++ {
		p := fmt.Sprintf("%s[%d]", path, i)
		row := fb.group(p, fmt.Sprintf("%s %d", noun, i+1))
		row.Compact = compact
		fill(i, p, row)
		row.Remove = &bcButton{"remove:" + p, row.Legend + of + " verwijderen"}
		g.Rows = append(g.Rows, row)
	}
	g.Add = &bcButton{"add:" + path, noun + " toevoegen" + to}
}

func pctField(fb *formBuilder, ctx, name, label, value, hint string) *bcField {
	return fb.field(ctx, name, label, value).size("s").numeric("decimal").hint(hint)
}

func (d *caseDraft) form(errs []*businesscase.FieldError) caseFormView {
	fb := &formBuilder{d: d, fields: map[string]*bcField{}, groups: map[string]*bcGroup{}}
	years := d.yearLabels()
	var v caseFormView

	gen := fb.group("", "Algemeen")
	gen.ID, gen.Heading = "sec-algemeen", true
	ctx := "Algemeen"
	fy := fb.field(ctx, "first_year", "Eerste jaar", d.FirstYear).sel([]option{
		{Value: businesscase.FirstYearUndiscounted, Label: "niet verdisconteren (jaar 0 is nu)"},
		{Value: businesscase.FirstYearDiscounted, Label: "ook verdisconteren (SROI)"}})
	ob := fb.field(ctx, "optimism_bias", "Optimism bias toepassen", "ja")
	ob.Kind, ob.Checked = "checkbox", d.OptimismBias
	ob.Hint = "Haalt per effect het percentage van zijn betrouwbaarheidsklasse af."
	desc := fb.field(ctx, "description", "Omschrijving", d.Description).size("l")
	desc.Kind = "textarea"
	notes := fb.field(ctx, "notes", "Bronnen en aannames", d.Notes).size("l").hint("Eén per regel: wat komt uit een bron, wat is aangenomen.")
	notes.Kind = "textarea"
	gen.Fields = []*bcField{
		fb.field(ctx, "name", "Naam", d.Name).size("l"),
		desc, notes,
		fb.field(ctx, "start_year", "Startjaar", d.StartYear).size("s").numeric("numeric").hint("Kalenderjaar van jaar 0; nodig voor de vergelijking met de monitor."),
		fb.field(ctx, "price_year", "Prijspeil (jaar)", d.PriceYear).size("s").numeric("numeric"),
		fb.field(ctx, "horizon_years", "Horizon (jaren)", d.Horizon).size("s").numeric("numeric").hint(fmt.Sprintf("1 tot en met %d; na wijzigen: ‘Jaren bijwerken’.", businesscase.MaxHorizonYears)),
		pctField(fb, ctx, "discount_rate_percent", "Discontovoet (%)", d.Discount, "Standaard 2,25 (Werkgroep discontovoet 2020)."),
		fy, ob,
	}
	gen.Refresh = true

	gr := fb.group("confidence_grades", "Betrouwbaarheidsklassen (optimism bias)")
	gr.Heading = true
	gr.Hint = "Standaard: A 0%, B 15%, C 30% eraf. Voeg een klasse toe om die te wijzigen of een eigen klasse te maken."
	fb.repeated(gr, "confidence_grades", "Klasse", "", true, len(d.Grades), func(i int, p string, row *bcGroup) {
		g, c := d.Grades[i], row.Legend
		row.Fields = []*bcField{fb.field(c, p+".grade", "Klasse", g.Grade).size("s"), pctField(fb, c, p+".percent", "Eraf (%)", g.Percent, "")}
	})

	cb := fb.field("Kosten", "cost_optimism_bias", "Optimism bias op kosten toepassen", "ja")
	cb.Kind, cb.Checked = "checkbox", d.CostOptimismBias
	cb.Hint = "Verhoogt elke kostenregel met het percentage van zijn betrouwbaarheidsklasse (Green Book); elke kostenregel heeft dan een klasse nodig."
	kg := fb.group("cost_confidence_grades", "Betrouwbaarheidsklassen van kosten (optimism bias op kosten)")
	kg.Heading = true
	kg.Hint = "Standaard: A +0%, B +10%, C +25% erbij. Voeg een klasse toe om die te wijzigen of een eigen klasse te maken."
	kg.Fields = []*bcField{cb}
	fb.repeated(kg, "cost_confidence_grades", "Kostenklasse", "", true, len(d.CostGrades), func(i int, p string, row *bcGroup) {
		g, c := d.CostGrades[i], row.Legend
		row.Fields = []*bcField{fb.field(c, p+".grade", "Klasse", g.Grade).size("s"), pctField(fb, c, p+".percent", "Erbij (%)", g.Percent, "")}
	})

	tg := fb.group("targets", "Belanghebbenden en doelgroep in de monitor")
	tg.Heading = true
	ctx = tg.Legend
	tg.Fields = []*bcField{
		fb.field(ctx, "extra_stakeholders", "Eigen belanghebbenden", d.Extra).size("l").hint("Naast de standaardlijst; kleine letters, gescheiden door komma's, bijv. sportclub, wijkraad. Daarna ‘Jaren bijwerken’ om ze te kunnen kiezen."),
		fb.field(ctx, "targets.zorgsoorten", "Zorgsoorten", d.Zorgsoorten).size("l").hint("Codes gescheiden door komma's, bijv. 43, 45 (jeugd), 02, 15 (Wmo), bijstand."),
		fb.field(ctx, "targets.areas", "Gebieden", d.Areas).size("l").hint("CBS-codes gescheiden door komma's: GM…, WK… of BU…."),
	}

	ig := fb.group("interventions", "Interventies")
	ig.Heading = true
	fb.repeated(ig, "interventions", "Interventie", "", false, len(d.Interventions), func(i int, p string, row *bcGroup) {
		in, c := d.Interventions[i], row.Legend
		row.Fields = []*bcField{
			fb.field(c, p+".name", "Naam", in.Name).size("l"),
			fb.field(c, p+".target_group", "Doelgroep", in.TargetGroup).size("l"),
			fb.field(c, p+".target_group_size", "Omvang doelgroep (personen)", in.Size).size("s").numeric("numeric"),
			fb.field(c, p+".partners", "Aantal partners", in.Partners).size("s").numeric("numeric"),
		}
		cg := fb.group(p+".cohorts", "Cohorten: personen die per jaar starten")
		fb.repeated(cg, p+".cohorts", "Cohort", fmt.Sprintf("interventie %d", i+1), true, len(in.Cohorts), func(j int, q string, cr *bcGroup) {
			co, cc := in.Cohorts[j], c+", "+cr.Legend
			cr.Fields = []*bcField{
				fb.field(cc, q+".year", "Jaar (0 = startjaar)", co.Year).size("s").numeric("numeric"),
				fb.field(cc, q+".persons", "Personen", co.Persons).size("s").numeric("numeric"),
			}
		})
		row.Rows = []*bcGroup{cg}
	})

	cg := fb.group("costs", "Kosten per betaler")
	cg.Heading = true
	cg.Hint = "Vaste bedragen per jaar, een prijs per persoon van elk cohort, een vast bedrag per gestart cohort, of een combinatie."
	fb.repeated(cg, "costs", "Kostenregel", "", false, len(d.Costs), func(i int, p string, row *bcGroup) {
		co, c := d.Costs[i], row.Legend
		row.Fields = []*bcField{
			fb.field(c, p+".payer", "Betaler", co.Payer).sel(fb.stakeholderOptions()),
			fb.field(c, p+".description", "Omschrijving", co.Description).size("l"),
			fb.field(c, p+".intervention", "Interventie", co.Intervention).sel(fb.interventionOptions()),
			fb.field(c, p+".per_person_cents", "Prijs per persoon (euro)", co.PerPerson).size("s").numeric("decimal"),
			fb.field(c, p+".per_cohort_cents", "Vast bedrag per gestart cohort (euro)", co.PerCohort).size("s").numeric("decimal").hint("Ongeacht de omvang, in het startjaar van elk cohort."),
			fb.field(c, p+".confidence", "Betrouwbaarheid", co.Confidence).sel(fb.costGradeOptions()),
		}
		row.Years = fb.years(c, p+".per_year_cents", co.PerYear, years)
	})

	eg := fb.group("effects", "Effecten")
	eg.Heading = true
	eg.Hint = "Wat de interventie per persoon oplevert. Percentages als getal van 0 tot 100."
	fb.repeated(eg, "effects", "Effect", "", false, len(d.Effects), func(i int, p string, row *bcGroup) {
		e, c := d.Effects[i], row.Legend
		row.Fields = []*bcField{
			fb.field(c, p+".name", "Naam", e.Name).size("l"),
			fb.field(c, p+".intervention", "Interventie", e.Intervention).sel(fb.interventionOptions()),
			pctField(fb, c, p+".engagement_percent", "Bereik (%)", e.Engagement, "Leeg = 100"),
			pctField(fb, c, p+".success_percent", "Succes (%)", e.Success, "Leeg = 100"),
			pctField(fb, c, p+".deadweight_percent", "Deadweight (%)", e.Deadweight, "Was toch gebeurd"),
			pctField(fb, c, p+".attribution_percent", "Attributie (%)", e.Attribution, "Door anderen"),
			pctField(fb, c, p+".displacement_percent", "Verplaatsing (%)", e.Displacement, ""),
			pctField(fb, c, p+".drop_off_percent", "Uitval per jaar (%)", e.DropOff, ""),
			fb.field(c, p+".confidence", "Betrouwbaarheid", e.Confidence).sel(fb.gradeOptions(false)),
			fb.field(c, p+".value_type", "Waardesoort", e.ValueType).sel(valueTypeOptions()),
			fb.field(c, p+".start_after_years", "Begint na (jaren)", e.StartAfter).size("s").numeric("numeric"),
			fb.field(c, p+".duration_years", "Duur (jaren)", e.Duration).size("s").numeric("numeric"),
			fb.field(c, p+".unit_value_cents", "Waarde per persoon per jaar (euro)", e.UnitValue).size("s").numeric("decimal"),
		}
		sg := fb.group(p+".stakeholders", "Bij wie landt de besparing (samen 100%)")
		fb.repeated(sg, p+".stakeholders", "Belanghebbende", fmt.Sprintf("effect %d", i+1), true, len(e.Shares), func(j int, q string, sr *bcGroup) {
			s, sc := e.Shares[j], c+", "+sr.Legend
			sr.Fields = []*bcField{
				fb.field(sc, q+".name", "Belanghebbende", s.Name).sel(fb.stakeholderOptions()),
				pctField(fb, sc, q+".share", "Aandeel (%)", s.Percent, ""),
			}
		})
		row.Rows = []*bcGroup{sg}
	})

	bg := fb.group("benefits_per_year", "Baten per jaar per belanghebbende")
	bg.Heading = true
	bg.Hint = "Voor gepubliceerde cijfers zonder effectdetail. Een negatief bedrag is een nadeel."
	fb.repeated(bg, "benefits_per_year", "Batenregel", "", false, len(d.Benefits), func(i int, p string, row *bcGroup) {
		bn, c := d.Benefits[i], row.Legend
		row.Fields = []*bcField{
			fb.field(c, p+".stakeholder", "Belanghebbende", bn.Stakeholder).sel(fb.stakeholderOptions()),
			fb.field(c, p+".description", "Omschrijving", bn.Description).size("l"),
			fb.field(c, p+".confidence", "Betrouwbaarheid", bn.Confidence).sel(fb.gradeOptions(true)),
			fb.field(c, p+".value_type", "Waardesoort", bn.ValueType).sel(valueTypeOptions()),
		}
		row.Years = fb.years(c, p+".per_year_cents", bn.PerYear, years)
	})

	v.Sections = []*bcGroup{gen, gr, kg, tg, ig, cg, eg, bg}
	for _, e := range errs {
		msg := fileWords.Replace(e.NL)
		if f, g := fb.resolve(e.Field); f != nil {
			f.Errors = append(f.Errors, msg)
			v.Summary = append(v.Summary, summaryItem{"#" + f.ID, f.context + " – " + f.Label + ": " + msg})
		} else if g != nil {
			g.Errors = append(g.Errors, msg)
			v.Summary = append(v.Summary, summaryItem{"#" + g.ID, g.Legend + ": " + msg})
		} else {
			v.Summary = append(v.Summary, summaryItem{"#bc-form", msg})
		}
	}
	return v
}

// fileWords turns the case file's field names in the engine's messages
// into the words of the form.
var fileWords = strings.NewReplacer("geef per_year_cents, per_person_cents of per_cohort_cents", "vul bedragen per jaar, een prijs per persoon of een bedrag per cohort in",
	"cost_optimism_bias staat aan", "optimism bias op kosten staat aan",
	"extra_stakeholders", "eigen belanghebbenden")

var gradeKey = regexp.MustCompile(`^(cost_)?confidence_grades\["(.*)"\]$`)

// resolve finds the input (or else the group) an error's field path names,
// walking up the path until something on the form matches.
func (fb *formBuilder) resolve(path string) (*bcField, *bcGroup) {
	if m := gradeKey.FindStringSubmatch(path); m != nil {
		list := fb.d.Grades
		if m[1] != "" {
			list = fb.d.CostGrades
		}
		for i, g := range list {
			if g.Grade == m[2] {
				path = fmt.Sprintf("%sconfidence_grades[%d].percent", m[1], i)
			}
		}
	}
	for p := path; p != ""; {
		if f := fb.fields[p]; f != nil {
			return f, nil
		}
		if g := fb.groups[p]; g != nil {
			return nil, g
		}
		i := strings.LastIndexAny(p, ".[")
		if i <= 0 {
			break
		}
		p = p[:i]
	}
	return nil, nil
}
