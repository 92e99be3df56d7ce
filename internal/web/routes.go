package web

import "net/http"

// route is one entry of the app's surface. roles lists who is expected to
// be let in (the matrix test holds every handler to it; access.Decide is
// what enforces it); personal marks routes that show or change personal
// data, which must write an audit record on every request.
type route struct {
	method, pattern string
	h               http.HandlerFunc
	public          bool
	noCSRF          bool // checks its own (log-in) or is an API call
	upload          bool // a provider upload: capped at MaxUploadBytes, streamed
	token           bool // reachable with a provider's machine upload token
	roles           []string
	personal        bool
}

const (
	rAnalyst      = "analyst"
	rProfessional = "professional"
	rMember       = "member"
	rProvider     = "provider"
	rAdmin        = "admin"
	rTeamLead     = "teamleider"
)

// routes is the whole surface of the web app and the API, in one place.
func (s *server) routes() []route {
	a := s.analyst
	bc := s.businessCases()
	return append(s.oidcRoutes(), []route{
		{method: "GET", pattern: "/{$}", h: s.home, public: true},
		{method: "GET", pattern: "/static/{name}", h: s.serveStatic, public: true},
		{method: "GET", pattern: "/inloggen", h: s.loginForm, public: true},
		{method: "POST", pattern: "/inloggen", h: s.login, public: true, noCSRF: true},
		{method: "POST", pattern: "/uitloggen", h: s.logout, roles: allRoles},
		{method: "GET", pattern: "/toegankelijkheid", h: s.accessibility, public: true},
		{method: "GET", pattern: "/wachtwoord", h: s.passwordForm, roles: allRoles},
		{method: "POST", pattern: "/wachtwoord", h: s.changePassword, roles: allRoles},

		// Gemeente (analyst): released tables only.
		{method: "GET", pattern: "/gemeente", h: a.releases(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/concentratie", h: a.concentrationLatest(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/trend", h: a.trend(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/verschil", h: a.diffInDiff(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/trajecten", h: a.trajectoriesLatest(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/stapeling", h: a.stackingLatest(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/vergelijking", h: s.benchmarkPage, roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/vergelijking.csv", h: s.benchmarkDownload("csv"), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/vergelijking.xlsx", h: s.benchmarkDownload("xlsx"), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}", h: a.mapPage(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/tabel.csv", h: a.tableCSV(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/tabel.xlsx", h: a.tableXLSX(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/rapport.pdf", h: a.reportPDF(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/concentratie", h: a.concentration(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/trajecten", h: a.trajectories(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/trajecten.csv", h: a.trajectoriesDownload(s, "csv"), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/trajecten.xlsx", h: a.trajectoriesDownload(s, "xlsx"), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/financiering", h: a.fundingLatest(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/populatiebudget", h: a.populationLatest(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/financiering", h: a.funding(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/financiering.csv", h: a.fundingDownload(s, "csv"), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/financiering.xlsx", h: a.fundingDownload(s, "xlsx"), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/financiering.pdf", h: a.fundingDownload(s, "pdf"), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/financiering/{contract}", h: a.contract(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/financiering/{contract}/contract.csv", h: a.contractDownload(s, "csv"), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/financiering/{contract}/contract.xlsx", h: a.contractDownload(s, "xlsx"), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/financiering/{contract}/contract.pdf", h: a.contractDownload(s, "pdf"), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/populatiebudget", h: a.population(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/populatiebudget.csv", h: a.populationDownload(s, "csv"), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/populatiebudget.xlsx", h: a.populationDownload(s, "xlsx"), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/populatiebudget.pdf", h: a.populationDownload(s, "pdf"), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/stapeling", h: a.stacking(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/stapeling.csv", h: a.stackingDownload(s, "csv"), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/stapeling.xlsx", h: a.stackingDownload(s, "xlsx"), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/gemeente/{period}/verwijzers.csv", h: a.trajectoriesDownload(s, "csv", "verwijzers"), roles: []string{rAnalyst, rAdmin}},

		// Businesscases (mBC's): policy documents of the Gemeente; the
		// forecast beside them reads released tables only.
		{method: "GET", pattern: "/businesscases", h: bc.list(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/businesscases/nieuw", h: bc.newForm(s), roles: []string{rAnalyst, rAdmin}},
		{method: "POST", pattern: "/businesscases/nieuw", h: bc.create(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/businesscases/{name}", h: bc.view(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/businesscases/{name}/bewerken", h: bc.editForm(s), roles: []string{rAnalyst, rAdmin}},
		{method: "POST", pattern: "/businesscases/{name}/bewerken", h: bc.update(s), roles: []string{rAnalyst, rAdmin}},
		{method: "POST", pattern: "/businesscases/{name}/verwijderen", h: bc.remove(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/businesscases/{name}/businesscase.xlsx", h: bc.xlsx(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/businesscases/{name}/businesscase.pdf", h: bc.pdf(s), roles: []string{rAnalyst, rAdmin}},

		// Hulpverlener (professional).
		{method: "GET", pattern: "/huishoudens", h: s.households, roles: []string{rProfessional}, personal: true},
		{method: "GET", pattern: "/huishoudens/{id}", h: s.household, roles: []string{rProfessional}, personal: true},
		{method: "GET", pattern: "/huishoudens/{id}/plan", h: s.planForm, roles: []string{rProfessional}, personal: true},
		{method: "POST", pattern: "/huishoudens/{id}/plan", h: s.savePlan, roles: []string{rProfessional}, personal: true},
		{method: "POST", pattern: "/huishoudens/{id}/correcties/{cid}/afgehandeld", h: s.handleHouseholdCorrection, roles: []string{rProfessional}, personal: true},

		// Gezin (member).
		{method: "GET", pattern: "/mijn", h: s.portal, roles: []string{rMember}, personal: true},
		{method: "POST", pattern: "/mijn/feedback", h: s.giveFeedback, roles: []string{rMember}, personal: true},
		{method: "POST", pattern: "/mijn/correctie", h: s.askCorrection, roles: []string{rMember}, personal: true},
		{method: "GET", pattern: "/mijn/inzage", h: s.accessLog, roles: []string{rMember}, personal: true},

		// Aanbieder (provider).
		{method: "GET", pattern: "/aanlevering", h: s.uploads, roles: []string{rProvider}, personal: true},
		{method: "POST", pattern: "/aanlevering", h: s.upload, roles: []string{rProvider}, personal: true, upload: true},
		{method: "GET", pattern: "/aanlevering/feedback", h: s.providerFeedback, roles: []string{rProvider}, personal: true},
		{method: "POST", pattern: "/aanlevering/token", h: s.newToken, roles: []string{rProvider}, personal: true},
		{method: "GET", pattern: "/aanlevering/{id}", h: s.uploadReport, roles: []string{rProvider}, personal: true},
		{method: "GET", pattern: "/aanlevering/{id}/afwijzingen.csv", h: s.uploadRejectionsCSV, roles: []string{rProvider}, personal: true},
		{method: "GET", pattern: "/aanlevering/sjabloon.csv", h: s.uploadTemplate, roles: []string{rProvider}},
		{method: "GET", pattern: "/aanlevering/velden", h: s.uploadFields, roles: []string{rProvider}},

		// Beheer (admin).
		{method: "GET", pattern: "/beheer", h: s.admin, roles: []string{rAdmin}, personal: true},
		{method: "POST", pattern: "/beheer/gebruikers", h: s.addUser, roles: []string{rAdmin}, personal: true},
		{method: "POST", pattern: "/beheer/toewijzingen", h: s.addAssignment, roles: []string{rAdmin}, personal: true},
		{method: "POST", pattern: "/beheer/toewijzingen/{id}/beeindigen", h: s.endAssignment, roles: []string{rAdmin}, personal: true},
		{method: "GET", pattern: "/beheer/correcties", h: s.adminCorrections, roles: []string{rAdmin}, personal: true},
		{method: "POST", pattern: "/beheer/correcties/{cid}/afgehandeld", h: s.handleAdminCorrection, roles: []string{rAdmin}, personal: true},
		{method: "GET", pattern: "/beheer/audit", h: s.auditPage, roles: []string{rAdmin}, personal: true},
		{method: "POST", pattern: "/beheer/gebruikers/{id}/blokkeren", h: s.disableUser, roles: []string{rAdmin}, personal: true},
		{method: "POST", pattern: "/beheer/gebruikers/{id}/toelaten", h: s.enableUser, roles: []string{rAdmin}, personal: true},

		// Teamleider (and a second admin): approve assignments.
		{method: "GET", pattern: "/toewijzingen", h: s.approvals, roles: []string{rTeamLead, rAdmin}, personal: true},
		{method: "POST", pattern: "/toewijzingen/{id}/goedkeuren", h: s.approveAssignment, roles: []string{rTeamLead, rAdmin}, personal: true},

		// API (SPEC §7), described in openapi.go.
		{method: "GET", pattern: "/api/v1/openapi.json", h: s.apiOpenAPI, public: true},
		{method: "POST", pattern: "/api/v1/login", h: s.apiLogin, public: true, noCSRF: true},
		{method: "POST", pattern: "/api/v1/logout", h: s.apiLogout, roles: allRoles},
		{method: "GET", pattern: "/api/v1/releases", h: a.apiReleases(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/api/v1/releases/{period}/cells", h: a.apiCells(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/api/v1/releases/{period}/concentration", h: a.apiConcentration(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/api/v1/releases/{period}/map", h: a.apiMap(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/api/v1/releases/{period}/trajectories", h: a.apiTrajectories(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/api/v1/releases/{period}/funding", h: a.apiFundingAll(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/api/v1/releases/{period}/funding/{contract}", h: a.apiFundingContract(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/api/v1/releases/{period}/population", h: a.apiPopulation(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/api/v1/releases/{period}/stacking", h: a.apiStacking(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/api/v1/benchmark", h: s.apiBenchmark, roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/api/v1/businesscases", h: bc.apiList(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/api/v1/businesscases/{name}", h: bc.apiOne(s), roles: []string{rAnalyst, rAdmin}},
		{method: "GET", pattern: "/api/v1/households", h: s.apiHouseholds, roles: []string{rProfessional}, personal: true},
		{method: "GET", pattern: "/api/v1/households/{id}", h: s.apiHousehold, roles: []string{rProfessional}, personal: true},
		{method: "GET", pattern: "/api/v1/me", h: s.apiMe, roles: []string{rMember}, personal: true},
		{method: "GET", pattern: "/api/v1/feedback", h: s.apiFeedback, roles: []string{rMember, rProvider}, personal: true},
		{method: "POST", pattern: "/api/v1/feedback", h: s.apiGiveFeedback, roles: []string{rMember}, personal: true},
		{method: "GET", pattern: "/api/v1/uploads", h: s.apiUploads, roles: []string{rProvider}, personal: true, token: true},
		{method: "POST", pattern: "/api/v1/uploads", h: s.apiUpload, roles: []string{rProvider}, personal: true, token: true, upload: true},
		{method: "GET", pattern: "/api/v1/uploads/{id}", h: s.apiUploadReport, roles: []string{rProvider}, personal: true, token: true},
	}...)
}

var allRoles = []string{rAnalyst, rProfessional, rMember, rProvider, rAdmin, rTeamLead}
