package web

import (
	"net/http"
	"sync"

	"github.com/ontschot/ontschot/internal/model"
)

// openAPI is the OpenAPI 3 description of /api/v1. A test holds it to the
// routes both ways: every API route is described, every description routed.
func openAPI() map[string]any {
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
	jsonBody := func(schema map[string]any) map[string]any {
		return map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": schema}}}
	}
	resp := func(desc string, schema map[string]any) map[string]any {
		r := map[string]any{"description": desc}
		if schema != nil {
			r["content"] = map[string]any{"application/json": map[string]any{"schema": schema}}
		}
		return r
	}
	errs := func(extra map[string]any) map[string]any {
		m := map[string]any{
			"401": resp("niet ingelogd", ref("Error")),
			"403": resp("deze rol mag dit niet (vastgelegd in het auditlog)", ref("Error")),
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	obj := map[string]any{"type": "object"}
	nullInt := map[string]any{"type": "integer", "nullable": true}
	nullNum := map[string]any{"type": "number", "nullable": true}
	nullPair := map[string]any{"type": "array", "nullable": true, "items": map[string]any{"type": "number"}, "minItems": 2, "maxItems": 2}
	param := func(name, in, desc string, required bool) map[string]any {
		return map[string]any{"name": name, "in": in, "description": desc, "required": required, "schema": map[string]any{"type": "string"}}
	}
	period := param("period", "path", "periode van de meting, bijv. 2025 of 2025-Q3", true)
	version := param("version", "query", "versie; leeg = de nieuwste", false)
	level := map[string]any{"name": "level", "in": "query", "required": false, "schema": map[string]any{"type": "string", "enum": model.Levels}}
	by := map[string]any{"name": "by", "in": "query", "required": false, "schema": map[string]any{"type": "string", "enum": []string{"total", "geldstroom", "zorgsoort"}}}
	op := func(summary, role string, params []any, body, ok map[string]any, okCode string, extra map[string]any) map[string]any {
		o := map[string]any{"summary": summary, "description": "Rol: " + role + ".", "responses": errs(extra)}
		o["responses"].(map[string]any)[okCode] = ok
		if params != nil {
			o["parameters"] = params
		}
		if body != nil {
			o["requestBody"] = body
		}
		return o
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "Ontschot API", "version": "1",
			"description": "Waar gaat het geld in het sociaal domein naartoe, zonder een huishouden te zien. Elke aanvraag op persoonsgegevens gaat door één toegangsbeslissing en komt in het auditlog."},
		"servers":  []any{map[string]any{"url": "/"}},
		"security": []any{map[string]any{"bearer": []any{}}},
		"paths": map[string]any{
			"/api/v1/openapi.json": map[string]any{"get": map[string]any{"summary": "Dit document", "security": []any{},
				"responses": map[string]any{"200": resp("OpenAPI 3", obj)}}},
			"/api/v1/login": map[string]any{"post": map[string]any{"summary": "Inloggen; geeft een token voor Authorization: Bearer", "security": []any{},
				"requestBody": jsonBody(ref("Login")),
				"responses": map[string]any{"200": resp("token", ref("Token")), "401": resp("onjuiste gebruikersnaam of wachtwoord", ref("Error")),
					"429": resp("te veel mislukte pogingen", ref("Error"))}}},
			"/api/v1/logout": map[string]any{"post": op("Token intrekken", "elke rol", nil, nil, map[string]any{"description": "ingetrokken"}, "204", nil)},
			"/api/v1/releases": map[string]any{"get": op("Metingen (alle versies)", "analyst, admin", nil, nil,
				resp("metingen", map[string]any{"type": "object", "properties": map[string]any{"releases": map[string]any{"type": "array", "items": ref("Release")}}}), "200", nil)},
			"/api/v1/releases/{period}/cells": map[string]any{"get": op("Cellen van een meting (als `release show --json`)", "analyst, admin",
				[]any{period, version, level, by}, nil, resp("cellen", ref("Cells")), "200", map[string]any{"404": resp("geen meting", ref("Error"))})},
			"/api/v1/releases/{period}/concentration": map[string]any{"get": op("Concentratie: aandeel top 1/3/5/10%, Lorenzcurve, huishoudens boven €100k/€500k", "analyst, admin",
				[]any{period, version}, nil, resp("concentratie", obj), "200", map[string]any{"404": resp("geen meting", ref("Error"))})},
			"/api/v1/releases/{period}/map": map[string]any{"get": op("Kaart als GeoJSON (WGS84) met de cellen als eigenschappen", "analyst, admin",
				[]any{period, version, level, by, param("category", "query", "categorie van de indeling", false)}, nil,
				map[string]any{"description": "GeoJSON FeatureCollection", "content": map[string]any{"application/geo+json": map[string]any{"schema": obj}}}, "200", nil)},
			"/api/v1/releases/{period}/trajectories": map[string]any{"get": op("Eigen trajecten tegen gecontracteerde zorg (als `trajectories --json`; zie docs/trajectories.md)", "analyst, admin",
				[]any{period, version}, nil, resp("trajecten", ref("Trajectories")), "200", map[string]any{"404": resp("geen meting, of een meting zonder trajecten", ref("Error"))})},
			"/api/v1/releases/{period}/funding": map[string]any{"get": op("Financiering: elk contract van het jaar met budget, besteding, prognose, betaling op resultaat en nazorg (zie model/funding.go); onderdrukte cijfers zijn null", "analyst, admin",
				[]any{period, version}, nil, resp("financiering", ref("Funding")), "200", map[string]any{"404": resp("geen meting, of een meting zonder financieringsoverzicht", ref("Error"))})},
			"/api/v1/releases/{period}/funding/{contract}": map[string]any{"get": op("Eén contract van het financieringsoverzicht", "analyst, admin",
				[]any{period, param("contract", "path", "contractcode", true), version}, nil, resp("contract", ref("FundingContract")), "200",
				map[string]any{"404": resp("geen meting, geen financieringsoverzicht of geen contract met deze code", ref("Error"))})},
			"/api/v1/releases/{period}/population": map[string]any{"get": op("Populatiegebonden budget per gebied tegen de vrijgegeven uitgaven", "analyst, admin",
				[]any{period, version}, nil, resp("populatiegebonden budget", ref("PopulationBudget")), "200",
				map[string]any{"404": resp("geen meting, geen financieringsoverzicht of geen normen ingesteld voor het jaar", ref("Error"))})},
			"/api/v1/releases/{period}/stacking": map[string]any{"get": op("Stapeling: per gebied de huishoudens met zorg uit ≥ 2 geldstromen of van ≥ 2 aanbieders en hun aandeel in de uitgaven (als `release stacking --json`)", "analyst, admin",
				[]any{period, version, param("level", "query", "gemeente, wijk, buurt of blok; leeg: alle niveaus", false)}, nil, resp("stapeling", ref("Stacking")), "200", map[string]any{"404": resp("geen meting", ref("Error"))})},
			"/api/v1/benchmark": map[string]any{"get": op("Iv3-lasten per inwoner tegen vergelijkbare gemeenten (als `benchmark --json`; zie docs/benchmark.md); zonder parameters: de eigen gemeente, het nieuwste document", "analyst, admin",
				[]any{param("gemeente", "query", "naam of GM-code", false), param("jaar", "query", "jaar van het Iv3-document", false),
					param("document", "query", "begroting of jaarrekening", false), param("peers", "query", "vergelijkingsgemeenten, komma-gescheiden; leeg: dezelfde Iv3-klasse", false),
					param("vanaf", "query", "groei sinds dit jaar (0: geen)", false), param("meting", "query", "vrijgegeven uitgaven van deze meting ernaast", false)}, nil,
				resp("vergelijking", obj), "200", map[string]any{"422": resp("onbekende gemeente of geen gegevens voor dat jaar", ref("Error"))})},
			"/api/v1/businesscases": map[string]any{"get": op("Alle businesscases, doorgerekend, met de portefeuille", "analyst, admin", nil, nil,
				resp("businesscases", map[string]any{"type": "object", "properties": map[string]any{
					"cases":     map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{"name": map[string]any{"type": "string"}, "result": ref("BusinessCaseResult"), "problem": map[string]any{"type": "string"}}}},
					"portfolio": obj}}), "200", nil)},
			"/api/v1/businesscases/{name}": map[string]any{"get": op("Eén businesscase doorgerekend (als `businesscase eval --json`)", "analyst, admin",
				[]any{param("name", "path", "naam van de businesscase zoals in de URL, bijv. transformatie-jeugdzorg", true)}, nil, resp("resultaat", ref("BusinessCaseResult")), "200",
				map[string]any{"404": resp("geen businesscase met deze naam", ref("Error")), "422": resp("opgeslagen case kan niet worden doorgerekend", ref("Error"))})},
			"/api/v1/households": map[string]any{"get": op("De huishoudens die nu aan mij zijn toegewezen", "professional", nil, nil, resp("caseload", obj), "200", nil)},
			"/api/v1/households/{id}": map[string]any{"get": op("Eén toegewezen huishouden: personen, alle leveringen, toewijzingen, totalen, feedback en het plan (null als er geen is)", "professional",
				[]any{param("id", "path", "huishouden (adrespseudoniem)", true)}, nil, resp("huishouden", obj), "200", nil)},
			"/api/v1/me": map[string]any{"get": op("Eigen gegevens en die van minderjarigen onder gezag", "member", nil, nil, resp("gegevens", obj), "200", nil)},
			"/api/v1/feedback": map[string]any{
				"get":  op("Feedback: die van het gezin (member) of over de aanbieder (provider)", "member, provider", nil, nil, resp("feedback", obj), "200", nil),
				"post": op("Feedback geven op een aanbieder of levering", "member", nil, jsonBody(ref("FeedbackIn")), resp("opgeslagen", obj), "201", map[string]any{"400": resp("ongeldige invoer", ref("Error"))}),
			},
			"/api/v1/uploads": map[string]any{
				"get": op("Eigen uploads", "provider", nil, nil, resp("uploads", obj), "200", nil),
				"post": op("Leveringen aanleveren (CSV of iJw/iWmo-XML), als multipart-veld file of als ruwe body met ?name=", "provider",
					[]any{param("name", "query", "bestandsnaam bij een ruwe body", false)},
					map[string]any{"content": map[string]any{
						"multipart/form-data":      map[string]any{"schema": map[string]any{"type": "object", "properties": map[string]any{"file": map[string]any{"type": "string", "format": "binary"}}}},
						"application/octet-stream": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}},
					}},
					resp("validatierapport", ref("Summary")), "201", map[string]any{"422": resp("bestand geweigerd", ref("Error"))}),
			},
			"/api/v1/uploads/{id}": map[string]any{"get": op("Validatierapport van een eigen upload", "provider",
				[]any{param("id", "path", "uploadnummer", true)}, nil, resp("rapport", obj), "200", nil)},
		},
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas": map[string]any{
				"Error": map[string]any{"type": "object", "properties": map[string]any{"error": map[string]any{"type": "string"}}},
				"BusinessCaseResult": map[string]any{"type": "object", "description": "Zie docs/businesscase.md, Outputs; bedragen in eurocent.", "properties": map[string]any{
					"name": map[string]any{"type": "string"}, "pv_costs_cents": map[string]any{"type": "integer"}, "pv_benefits_cents": map[string]any{"type": "integer"},
					"npv_cents": map[string]any{"type": "integer"}, "ratio": map[string]any{"type": "number", "nullable": true},
					"payback_year": map[string]any{"type": "integer", "nullable": true}, "stakeholders": map[string]any{"type": "array", "items": obj},
					"years": map[string]any{"type": "array", "items": obj}, "sensitivity": map[string]any{"type": "array", "items": obj}}},
				"Login": map[string]any{"type": "object", "required": []string{"username", "password"}, "properties": map[string]any{
					"username": map[string]any{"type": "string"}, "password": map[string]any{"type": "string"}}},
				"Token": map[string]any{"type": "object", "properties": map[string]any{"token": map[string]any{"type": "string"}, "role": map[string]any{"type": "string"}}},
				"Release": map[string]any{"type": "object", "properties": map[string]any{"id": map[string]any{"type": "integer"}, "period": map[string]any{"type": "string"},
					"version": map[string]any{"type": "integer"}, "created_at": map[string]any{"type": "string"}, "created_by": map[string]any{"type": "string"}}},
				"Cells": map[string]any{"type": "object", "properties": map[string]any{
					"period": map[string]any{"type": "string"}, "version": map[string]any{"type": "integer"}, "level": map[string]any{"type": "string"}, "by": map[string]any{"type": "string"},
					"cells": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
						"area": map[string]any{"type": "string"}, "category": map[string]any{"type": "string"},
						"households": map[string]any{"type": "integer", "nullable": true}, "persons": map[string]any{"type": "integer", "nullable": true},
						"amount_eur": map[string]any{"type": "integer", "nullable": true}, "suppressed": map[string]any{"type": "boolean"}, "reason": map[string]any{"type": "string"}}}}}},
				"Trajectories": map[string]any{"type": "object", "description": "Zie docs/trajectories.md; onderdrukte cijfers zijn null.", "properties": map[string]any{
					"period": map[string]any{"type": "string"}, "version": map[string]any{"type": "integer"}, "hourly_cost_own_cent": map[string]any{"type": "integer"},
					"cells": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
						"type": map[string]any{"type": "string", "enum": []string{"eigen", "gecontracteerd"}}, "category": map[string]any{"type": "string"},
						"trajectories": nullInt, "cost_mean_eur": nullInt, "cost_median_eur": nullInt, "cost_p90_eur": nullInt, "duration_median_days": nullInt,
						"satisfaction_mean": nullNum, "responses": nullInt, "reentry_pct": nullInt, "escalation_pct": nullInt, "inflow": nullInt, "outflow": nullInt,
						"suppressed": map[string]any{"type": "boolean"}, "reason": map[string]any{"type": "string"}}}},
					"comparisons": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
						"category": map[string]any{"type": "string"}, "cost_ratio": nullNum, "cost_ratio_interval": nullPair,
						"duration_own_median_days": nullInt, "duration_contracted_median_days": nullInt, "satisfaction_own": nullNum, "satisfaction_contracted": nullNum,
						"satisfaction_difference_interval": nullPair, "headline": map[string]any{"type": "string"}}}},
					"waiting": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
						"provider": map[string]any{"type": "string"}, "cases": nullInt, "median_days": nullInt, "suppressed": map[string]any{"type": "boolean"}, "reason": map[string]any{"type": "string"}}}},
					"referrers": map[string]any{"type": "array", "description": "Jeugdhulp naar verwijzer (JW315, COD327; 'onbekend': geen verzoek gekoppeld): trajecten actief in de periode en hun uitgaven erin.",
						"items": map[string]any{"type": "object", "properties": map[string]any{
							"referrer": map[string]any{"type": "string", "enum": []string{"01", "02", "03", "04", "05", "06", "08", "onbekend"}}, "name": map[string]any{"type": "string"},
							"trajectories": nullInt, "spend_eur": nullInt, "spend_pct": nullInt, "suppressed": map[string]any{"type": "boolean"}, "reason": map[string]any{"type": "string"}}}}}},
				"Stacking": map[string]any{"type": "object", "description": "Onderdrukte cijfers zijn null; reason zegt waarom.", "properties": map[string]any{
					"period": map[string]any{"type": "string"}, "version": map[string]any{"type": "integer"}, "level": map[string]any{"type": "string"},
					"stacking": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
						"level": map[string]any{"type": "string"}, "area": map[string]any{"type": "string"}, "households": nullInt,
						"stacked_streams": nullInt, "stacked_streams_spend_pct": nullNum, "stacked_providers": nullInt, "stacked_providers_spend_pct": nullNum,
						"suppressed": map[string]any{"type": "boolean"}, "reason": map[string]any{"type": "string"}}}}}},
				"Funding": map[string]any{"type": "object", "description": "Bedragen in eurocent; een cijfer dat op huishoudens rust is null onder de drempel van de meting (suppressed, reason). spread_cent is het deel van spent_cent dat verdeeld lumpsumbudget is, geen declaratie.", "properties": map[string]any{
					"period": map[string]any{"type": "string"}, "version": map[string]any{"type": "integer"}, "year": map[string]any{"type": "integer"},
					"through_month": map[string]any{"type": "integer", "minimum": 1, "maximum": 12},
					"contracts":     map[string]any{"type": "array", "items": ref("FundingContract")},
					"population":    ref("PopulationBudget")}},
				"FundingContract": map[string]any{"type": "object", "description": "Eén contractjaar; bedragen in eurocent.", "properties": map[string]any{
					"contract": map[string]any{"type": "string"}, "naam": map[string]any{"type": "string"}, "variant": map[string]any{"type": "string", "enum": []string{"inspanning", "output", "taak"}},
					"opdrachtnemer": map[string]any{"type": "string"}, "aanbieders": map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
					"gebied": map[string]any{"type": "string"}, "begindatum": map[string]any{"type": "string"}, "einddatum": map[string]any{"type": "string"},
					"partners": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
						"partner": map[string]any{"type": "string"}, "bedrag_cent": map[string]any{"type": "integer"}}}},
					"budget_cent": map[string]any{"type": "integer"}, "spent_cent": nullInt, "forecast_cent": nullInt, "over_under_cent": nullInt, "households": nullInt,
					"spread_cent": nullInt, "method": map[string]any{"type": "string"},
					"months_cent": map[string]any{"type": "array", "items": nullInt},
					"payment": map[string]any{"type": "object", "nullable": true, "properties": map[string]any{
						"budget_cent": map[string]any{"type": "integer"}, "fixed_cent": map[string]any{"type": "integer"}, "payment_cent": map[string]any{"type": "integer"}, "pending_cent": map[string]any{"type": "integer"},
						"results": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
							"indicator": map[string]any{"type": "string"}, "target": map[string]any{"type": "number"}, "measured": nullNum, "attainment": nullNum,
							"at_stake_cent": map[string]any{"type": "integer"}, "paid_cent": map[string]any{"type": "integer"}, "source": map[string]any{"type": "string", "enum": []string{"gemeten", "aangeleverd"}}}}}}},
					"aftercare": map[string]any{"type": "object", "nullable": true, "properties": map[string]any{
						"conversations": nullInt, "score_mean": nullNum, "helped_pct": nullNum, "suppressed": map[string]any{"type": "boolean"}, "reason": map[string]any{"type": "string"}}},
					"suppressed": map[string]any{"type": "boolean"}, "reason": map[string]any{"type": "string"}}},
				"PopulationBudget": map[string]any{"type": "object", "nullable": true, "description": "Inwoners per leeftijdsgroep maal een norm per groep; bedragen in eurocent.", "properties": map[string]any{
					"level": map[string]any{"type": "string"}, "norms_cent": map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "integer"}},
					"calibrated_on": map[string]any{"type": "string"},
					"areas": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
						"area": map[string]any{"type": "string"}, "level": map[string]any{"type": "string"}, "inhabitants": map[string]any{"type": "integer"},
						"bands":       map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "integer"}},
						"budget_cent": nullInt, "spent_cent": nullInt, "difference_cent": nullInt, "note": map[string]any{"type": "string"}}}}}},
				"FeedbackIn": map[string]any{"type": "object", "required": []string{"person", "score"}, "properties": map[string]any{
					"person": map[string]any{"type": "string"}, "agb": map[string]any{"type": "string"}, "delivery_id": map[string]any{"type": "integer"},
					"score": map[string]any{"type": "integer", "minimum": 1, "maximum": 5}, "body": map[string]any{"type": "string"}}},
				"Summary": map[string]any{"type": "object", "properties": map[string]any{
					"file": map[string]any{"type": "string"}, "rows": map[string]any{"type": "integer"}, "accepted": map[string]any{"type": "integer"},
					"duplicates": map[string]any{"type": "integer"}, "rejected": map[string]any{"type": "integer"},
					"rejections": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
						"line": map[string]any{"type": "integer"}, "field": map[string]any{"type": "string"}, "reason": map[string]any{"type": "string"}}}}}},
			},
		},
	}
}

var openAPIDoc = sync.OnceValue(openAPI)

func (s *server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, openAPIDoc())
}
