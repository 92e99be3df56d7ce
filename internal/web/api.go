package web

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/areas"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// The HTTP API under /api/v1 (SPEC §7): the same decisions as the pages,
// JSON in and out, a bearer token from POST /api/v1/login.

func (s *server) apiErr(w http.ResponseWriter, r *http.Request, err error) {
	var den errDenied
	var in errInput
	switch {
	case errors.As(err, &den):
		writeJSON(w, http.StatusForbidden, apiError{Error: "geen toegang / forbidden: " + den.d.Reason})
	case errors.As(err, &in):
		writeJSON(w, http.StatusBadRequest, apiError{Error: string(in)})
	case errors.Is(err, model.ErrNotFound):
		writeJSON(w, http.StatusNotFound, apiError{Error: "niet gevonden / not found"})
	default:
		s.log.Error("api", "path", r.URL.Path, "err", err)
		writeJSON(w, http.StatusInternalServerError, apiError{Error: "interne fout / internal error"})
	}
}

func (s *server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&in); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Error: `verwacht {"username": "...", "password": "..."} / expected JSON credentials`})
		return
	}
	u, code, msg := s.authenticate(r, in.Username, in.Password, "login api")
	switch code {
	case 0:
	case http.StatusInternalServerError:
		s.apiErr(w, r, errors.New(msg))
		return
	case http.StatusUnauthorized:
		writeJSON(w, code, apiError{Error: access.ErrLogin.Error()})
		return
	default:
		writeJSON(w, code, apiError{Error: msg + " / too many attempts"})
		return
	}
	token, _, err := s.gate.NewSession(r.Context(), u.ID, access.SessionAPI)
	if err != nil {
		s.apiErr(w, r, err)
		return
	}
	ctx := access.WithRequest(r.Context(), access.RequestInfo{Source: s.clientIP(r), Session: access.SessionRef(token)})
	s.gate.Record(ctx, access.ActorOf(u), "login api", "allow", "inloggen", "token uitgegeven")
	writeJSON(w, http.StatusOK, map[string]string{"token": token, "role": u.Role})
}

func (s *server) apiLogout(w http.ResponseWriter, r *http.Request) {
	rs := stateOf(r)
	s.gate.Logout(r.Context(), rs.token)
	w.WriteHeader(http.StatusNoContent)
}

// --- Gemeente (analyst) ---

func (a *analystPages) apiReleases(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, "*"), "api: metingen"); !ok {
			return
		}
		rels, err := a.rel.Releases(r.Context())
		if err != nil {
			s.apiErr(w, r, err)
			return
		}
		if rels == nil {
			rels = []model.ReleaseInfo{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"releases": rels})
	}
}

func (a *analystPages) apiRelease(s *server, w http.ResponseWriter, r *http.Request) (model.ReleaseInfo, bool) {
	period := r.PathValue("period")
	if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, period), "api: meting"); !ok {
		return model.ReleaseInfo{}, false
	}
	version, _ := strconv.Atoi(r.URL.Query().Get("version"))
	rel, err := a.rel.Release(r.Context(), period, version)
	if err != nil {
		s.apiErr(w, r, err)
		return rel, false
	}
	return rel, true
}

func (a *analystPages) apiCells(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, ok := a.apiRelease(s, w, r)
		if !ok {
			return
		}
		q := r.URL.Query()
		level, by := q.Get("level"), q.Get("by")
		if level == "" {
			level = "gemeente"
		}
		if by == "" {
			by = "total"
		}
		if _, err := areas.ParseLevel(level); err != nil && level != model.LevelRegio {
			writeJSON(w, http.StatusBadRequest, apiError{Error: err.Error()})
			return
		}
		if by != "total" && by != "geldstroom" && by != "zorgsoort" {
			writeJSON(w, http.StatusBadRequest, apiError{Error: "by is total, geldstroom of zorgsoort"})
			return
		}
		cells, err := a.rel.ReleaseCells(r.Context(), rel.ID, level, by)
		if err != nil {
			s.apiErr(w, r, err)
			return
		}
		type cell struct {
			Area       string `json:"area"`
			Category   string `json:"category"`
			Households *int64 `json:"households"`
			Persons    *int64 `json:"persons"`
			AmountEUR  *int64 `json:"amount_eur"`
			Suppressed bool   `json:"suppressed"`
			Reason     string `json:"reason"`
		}
		out := make([]cell, 0, len(cells))
		for _, c := range cells {
			out = append(out, cell{c.Area, c.Category, c.Households, c.Persons, c.AmountEUR, c.Suppressed, c.Reason})
		}
		writeJSON(w, http.StatusOK, map[string]any{"period": rel.Period, "version": rel.Version, "level": level, "by": by, "cells": out})
	}
}

func (a *analystPages) apiConcentration(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, ok := a.apiRelease(s, w, r)
		if !ok {
			return
		}
		cs, err := a.concentrations(r.Context(), rel.ID)
		if err != nil {
			s.apiErr(w, r, err)
			return
		}
		if cs == nil {
			cs = []concentration{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"period": rel.Period, "version": rel.Version, "concentration": cs})
	}
}

// apiMap returns the areas of one level as GeoJSON (WGS84, as RFC 7946
// requires) with the release's cells of one breakdown category as properties.
func (a *analystPages) apiMap(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, ok := a.apiRelease(s, w, r)
		if !ok {
			return
		}
		q := r.URL.Query()
		level, by, cat := q.Get("level"), q.Get("by"), q.Get("category")
		if level == "" {
			level = "wijk"
		}
		if level == "blok" {
			writeJSON(w, http.StatusBadRequest, apiError{Error: "blokken hebben geen eigen grens (clusters van postcodes); gebruik /cells?level=blok"})
			return
		}
		if _, err := areas.ParseLevel(level); err != nil {
			writeJSON(w, http.StatusBadRequest, apiError{Error: err.Error()})
			return
		}
		if by == "" {
			by = "total"
		}
		if cat == "" && by == "total" {
			cat = "totaal"
		}
		g, err := a.index(r.Context())
		if err != nil {
			s.apiErr(w, r, err)
			return
		}
		cells, err := a.rel.ReleaseCells(r.Context(), rel.ID, level, by)
		if err != nil {
			s.apiErr(w, r, err)
			return
		}
		byArea := map[string]model.Cell{}
		for _, c := range cells {
			if c.Category == cat {
				byArea[c.Area] = c
			}
		}
		type feature struct {
			Type       string         `json:"type"`
			Geometry   map[string]any `json:"geometry"`
			Properties map[string]any `json:"properties"`
		}
		feats := []feature{}
		for _, ar := range g.byLevel[level] {
			props := map[string]any{"code": ar.Code, "name": ar.Name, "level": ar.Level, "inhabitants": ar.Inhabitants}
			if c, ok := byArea[ar.Code]; ok {
				props["category"] = c.Category
				props["households"], props["persons"], props["amount_eur"] = c.Households, c.Persons, c.AmountEUR
				props["suppressed"], props["reason"] = c.Suppressed, c.Reason
			}
			var coords [][][][2]float64
			for _, poly := range ar.Geom {
				var rings [][][2]float64
				for _, ring := range poly {
					var pts [][2]float64
					for _, p := range ring {
						lat, lon := areas.RDToWGS84(p[0], p[1])
						pts = append(pts, [2]float64{round6(lon), round6(lat)})
					}
					rings = append(rings, pts)
				}
				coords = append(coords, rings)
			}
			var geom map[string]any
			if len(coords) > 0 {
				geom = map[string]any{"type": "MultiPolygon", "coordinates": coords}
			}
			feats = append(feats, feature{Type: "Feature", Geometry: geom, Properties: props})
		}
		w.Header().Set("Content-Type", "application/geo+json")
		enc := json.NewEncoder(w)
		enc.Encode(map[string]any{"type": "FeatureCollection", "period": rel.Period, "version": rel.Version, "level": level, "by": by, "category": cat, "features": feats})
	}
}

func round6(f float64) float64 { return float64(int64(f*1e6+0.5)) / 1e6 }

// --- Hulpverlener (professional) ---

func (s *server) apiHouseholds(w http.ResponseWriter, r *http.Request) {
	rows, err := s.vault.caseload(r.Context(), actorOf(r), "api: caseload")
	if err != nil {
		s.apiErr(w, r, err)
		return
	}
	type hh struct {
		ID         string      `json:"id"`
		Zaaknummer string      `json:"zaaknummer"`
		ValidFrom  string      `json:"valid_from"`
		ValidTo    string      `json:"valid_to"`
		Basis      string      `json:"legal_basis"`
		Persons    int         `json:"persons"`
		Providers  int         `json:"providers"`
		AmountCent money.Cents `json:"amount_cent"`
		// The period amount_cent covers: the first and last day delivered.
		From string `json:"amount_from,omitempty"`
		To   string `json:"amount_to,omitempty"`
	}
	out := []hh{}
	for _, c := range rows {
		out = append(out, hh{c.Household, c.Zaaknummer, isoDate(c.ValidFrom), isoDate(c.ValidTo), c.Basis, c.Persons, c.Providers, c.AmountCent, isoDate(c.First), isoDate(c.Last)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"households": out})
}

type apiPerson struct {
	Pseudonym     string `json:"pseudonym"`
	Geboortedatum string `json:"geboortedatum,omitempty"`
	Minor         bool   `json:"minor"`
}

func (s *server) apiHousehold(w http.ResponseWriter, r *http.Request) {
	h, sp, err := s.vault.householdWithPlan(r.Context(), actorOf(r), r.PathValue("id"), "api: huishouden")
	if err != nil {
		s.apiErr(w, r, err)
		return
	}
	today := access.Today()
	v := buildHousehold(h, today)
	// The period total_cent and the per-stream totals cover.
	totalFrom, totalTo := spanOf(h.Delivered)
	var plan any // null when the household has no plan
	if sp.Found {
		spend := spendAgainst(sp.Plan, h.Delivered)
		plan = map[string]any{"goals": sp.Plan.Goals, "support": sp.Plan.Support, "budget_cent": sp.Plan.BudgetCent,
			"from": isoDate(sp.Plan.From), "to": isoDate(sp.Plan.To), "agreed_by": sp.Plan.AgreedBy,
			"spent_cent": spend.Total, "updated_at": sp.UpdatedAt, "updated_by": sp.UpdatedBy}
	}
	persons := []apiPerson{}
	for _, p := range h.Persons {
		persons = append(persons, apiPerson{p.Person, isoDate(p.Geboortedatum), p.Minor(today)})
	}
	nz := func(x any) any { return x }
	deliveries := h.Delivered
	if deliveries == nil {
		deliveries = []model.DeliveryRow{}
	}
	fb := h.Feedback
	if fb == nil {
		fb = []model.Feedback{}
	}
	as := h.Assigned
	if as == nil {
		as = []model.AssignedProduct{}
	}
	tot := func(rows []totalRow) []map[string]any {
		out := []map[string]any{}
		for _, t := range rows {
			out = append(out, map[string]any{"key": t.Key, "amount_cent": t.Amount, "deliveries": t.Count})
		}
		return out
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": h.ID, "legal_basis": h.Decision.Basis, "persons": persons, "deliveries": nz(deliveries), "assigned": as,
		"total_cent": v.Total, "total_from": isoDate(totalFrom), "total_to": isoDate(totalTo), "zaaknummer": h.Zaaknummer,
		"per_geldstroom": tot(v.PerStream), "per_provider": tot(v.PerProvider), "feedback": fb,
		"plan": plan,
	})
}

// --- Gezin (member) ---

func (s *server) apiMe(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	pd, err := s.vault.portal(r.Context(), a, "api: eigen gegevens")
	if err != nil {
		s.apiErr(w, r, err)
		return
	}
	today := access.Today()
	type person struct {
		apiPerson
		Self       bool                    `json:"self"`
		Deliveries []model.DeliveryRow     `json:"deliveries"`
		Assigned   []model.AssignedProduct `json:"assigned"`
		Explained  []string                `json:"explained"`
	}
	out := []person{}
	for _, p := range pd.People {
		pp := person{apiPerson: apiPerson{p.Person.Person, isoDate(p.Person.Geboortedatum), p.Person.Minor(today)}, Self: p.Self,
			Deliveries: p.Delivered, Assigned: p.Assigned, Explained: []string{}}
		if pp.Deliveries == nil {
			pp.Deliveries = []model.DeliveryRow{}
		}
		if pp.Assigned == nil {
			pp.Assigned = []model.AssignedProduct{}
		}
		for _, d := range p.Delivered {
			pp.Explained = append(pp.Explained, explain(d, p.Self, s.providers.label))
		}
		out = append(out, pp)
	}
	fb := pd.Feedback
	if fb == nil {
		fb = []model.Feedback{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"username": a.Username, "persons": out, "household_total_cent": pd.HouseholdTotal,
		"household_total_withheld": pd.HouseholdDenied, "feedback": fb})
}

func (s *server) apiFeedback(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	var fb []model.Feedback
	var err error
	if a.Role == access.Member {
		var pd portalData
		pd, err = s.vault.portal(r.Context(), a, "api: eigen feedback")
		fb = pd.Feedback
	} else {
		fb, err = s.vault.providerFeedback(r.Context(), a, "api: feedback van gezinnen")
	}
	if err != nil {
		s.apiErr(w, r, err)
		return
	}
	if fb == nil {
		fb = []model.Feedback{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"feedback": fb})
}

func (s *server) apiGiveFeedback(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Person     string `json:"person"`
		AGB        string `json:"agb"`
		DeliveryID int64  `json:"delivery_id"`
		Score      int    `json:"score"`
		Body       string `json:"body"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&in); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Error: "ongeldige JSON / invalid JSON"})
		return
	}
	if in.DeliveryID == 0 && in.AGB == "" {
		writeJSON(w, http.StatusBadRequest, apiError{Error: "noem agb of delivery_id / agb or delivery_id required"})
		return
	}
	id, err := s.vault.giveFeedback(r.Context(), actorOf(r), feedbackInput{Person: in.Person, AGB: in.AGB, DeliveryID: in.DeliveryID, Score: in.Score, Body: in.Body}, "api: feedback geven")
	if err != nil {
		s.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id})
}

// --- Aanbieder (provider) ---

func (s *server) apiUploads(w http.ResponseWriter, r *http.Request) {
	ups, err := s.vault.providerUploads(r.Context(), actorOf(r), "api: eigen uploads")
	if err != nil {
		s.apiErr(w, r, err)
		return
	}
	if ups == nil {
		ups = []model.ImportInfo{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"uploads": ups})
}

// apiUpload takes the file as multipart field "file" or as the raw body
// (name in ?name=).
func (s *server) apiUpload(w http.ResponseWriter, r *http.Request) {
	// wrap capped r.Body at MaxUploadBytes; the file streams into the importer.
	var body io.Reader = r.Body
	name := filepath.Base(r.URL.Query().Get("name"))
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		mr, err := r.MultipartReader()
		var p *multipart.Part
		if err == nil {
			p, err = filePart(mr, "file")
		}
		if err != nil {
			writeJSON(w, http.StatusBadRequest, apiError{Error: `multipart-veld "file" ontbreekt / missing field "file"`})
			return
		}
		defer p.Close()
		body, name = p, filepath.Base(p.FileName())
	}
	capped := &capReader{r: body}
	body = capped
	if name == "" || name == "." || name == "/" {
		name = "upload.csv"
	}
	sum, err := s.vault.upload(r.Context(), s.imp, actorOf(r), "api", name, body, "api: bestand uploaden")
	if capped.hit {
		writeJSON(w, http.StatusRequestEntityTooLarge, apiError{Error: "bestand te groot: hoogstens " + sizeText(s.opts.MaxUploadBytes) + " / file too large"})
		return
	}
	if err != nil {
		var den errDenied
		if errors.As(err, &den) {
			s.apiErr(w, r, err)
			return
		}
		writeJSON(w, http.StatusUnprocessableEntity, apiError{Error: err.Error()})
		return
	}
	writeJSON(w, http.StatusCreated, sum)
}

func (s *server) apiUploadReport(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.gate.Decide(r.Context(), actorOf(r), access.Read, access.Resource(access.KindImport, r.PathValue("id")), "api: validatierapport")
		writeJSON(w, http.StatusBadRequest, apiError{Error: "ongeldig uploadnummer / invalid upload id"})
		return
	}
	info, groups, rej, err := s.vault.uploadReportGroups(r.Context(), actorOf(r), id, 5000, "api: validatierapport")
	if err != nil {
		s.apiErr(w, r, err)
		return
	}
	if rej == nil {
		rej = []model.RejectionRow{}
	}
	if groups == nil {
		groups = []model.RejectionGroup{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"upload": info, "rejections": rej, "groups": groups})
}
