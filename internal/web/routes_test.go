package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/store"
)

// TestRouteInventory fails when code in this package reaches the store
// without going through the vault, reads personal data anywhere but inside
// an access.DecideAndRead (or DecideAndWrite) callback, or calls the store
// in a vault method before it decides. Together with TestRoleRouteMatrix
// (which checks at run time that every personal route writes an audit
// record) this keeps every read of personal data in the transaction of its
// decision (SPEC §4).
func TestRouteInventory(t *testing.T) {
	fset := token.NewFileSet()
	names, _ := filepath.Glob("*.go")
	var files []*ast.File
	for _, fn := range names {
		if strings.HasSuffix(fn, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, fn, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	for _, p := range inventoryProblems(fset, files) {
		t.Error(p)
	}
	// The analyst's pages hold nothing but a ReleaseReader.
	typ := reflect.TypeOf(analystPages{})
	for i := 0; i < typ.NumField(); i++ {
		ft := typ.Field(i).Type
		if ft == reflect.TypeOf(&store.Store{}) || ft == reflect.TypeOf(&vault{}) || ft == reflect.TypeOf(&access.Gate{}) {
			t.Errorf("analystPages.%s gives the analyst a road to personal data", typ.Field(i).Name)
		}
	}
	rr := reflect.TypeOf((*ReleaseReader)(nil)).Elem()
	for i := 0; i < rr.NumMethod(); i++ {
		m := rr.Method(i).Name
		if !strings.HasPrefix(m, "Release") && m != "Areas" {
			t.Errorf("ReleaseReader.%s is not a release read", m)
		}
	}
	// The gate reads nothing personal outside a decision.
	personal := personalReads()
	gt := reflect.TypeOf(&access.Gate{})
	for i := 0; i < gt.NumMethod(); i++ {
		if personal[gt.Method(i).Name] {
			t.Errorf("access.Gate.%s reads personal data outside a decision", gt.Method(i).Name)
		}
	}
	// Every route is classified.
	s := &server{analyst: &analystPages{}}
	for _, rt := range s.routes() {
		if !rt.public && len(rt.roles) == 0 {
			t.Errorf("%s %s: no roles and not public", rt.method, rt.pattern)
		}
		if rt.public && rt.personal {
			t.Errorf("%s %s: public and personal", rt.method, rt.pattern)
		}
	}
}

// TestWebDoesNotImportStore keeps the boundary the compiler enforces: the
// web's own code (tests aside) never imports the store, so it can only
// reach data through the narrow views of Sources.
func TestWebDoesNotImportStore(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkg.Imports) < 5 {
		t.Fatalf("read only %d imports of package web: %v", len(pkg.Imports), pkg.Imports)
	}
	for _, imp := range pkg.Imports {
		if imp == "github.com/ontschot/ontschot/internal/store" || strings.HasPrefix(imp, "github.com/ontschot/ontschot/internal/store/") {
			t.Errorf("package web imports %s: it must take the narrow interfaces of Sources instead", imp)
		}
	}
	// The importer holds the store in an exported field: the web knows it
	// only as an Uploader and never names the concrete type (a type
	// assertion would be a road around the gate).
	fset := token.NewFileSet()
	for _, fn := range pkg.GoFiles {
		f, err := parser.ParseFile(fset, fn, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Importer" {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "importer" {
					t.Errorf("%s: names importer.Importer, whose Store field reaches around the gate", fset.Position(sel.Pos()))
				}
			}
			return true
		})
	}
}

// personalReads names every method of the store's personal reader and
// writer: a call of one of these names is a personal read (or write),
// whatever it is called on.
func personalReads() map[string]bool {
	out := map[string]bool{}
	typ := reflect.TypeOf(&store.PersonalWriter{})
	for i := 0; i < typ.NumMethod(); i++ {
		out[typ.Method(i).Name] = true
	}
	return out
}

// isGate says whether x is the access gate: a field named gate (s.gate,
// v.gate) or the package access itself.
func isGate(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		return x.Name == "access"
	case *ast.SelectorExpr:
		return x.Sel.Name == "gate"
	}
	return false
}

// decisions are the gate's methods that decide (and log) first.
var decisions = map[string]bool{"Decide": true, "DecideAndRead": true, "DecideAndWrite": true}

// sessionCalls are the gate's methods that read no one's data but the
// caller's own account: log-in, sessions, the audit record of a request.
// Any other gate method (users, assignments, the audit chain) belongs in
// the vault, after a decision.
var sessionCalls = map[string]bool{"Record": true, "RecordAnonymousFailure": true, "NewSession": true, "SessionOf": true,
	"Logout": true, "LoginWait": true, "LoginFailed": true, "LoginSucceeded": true, "Authenticate": true, "ChangePassword": true,
	"AccountForIdentity": true} // the log-in through an identity provider: an account, never personal data

// inventoryProblems checks the package's source: see TestRouteInventory.
func inventoryProblems(fset *token.FileSet, files []*ast.File) []string {
	personal := personalReads()
	var problems []string
	report := func(pos token.Pos, format string, args ...any) {
		problems = append(problems, fset.Position(pos).String()+": "+fmt.Sprintf(format, args...))
	}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			recv := ""
			if fd.Recv != nil && len(fd.Recv.List) == 1 {
				if st, ok := fd.Recv.List[0].Type.(*ast.StarExpr); ok {
					if id, ok := st.X.(*ast.Ident); ok {
						recv = id.Name
					}
				}
			}
			// The callbacks of DecideAndRead/DecideAndWrite in this function
			// and the name each gives its reader.
			type callback struct {
				body   *ast.BlockStmt
				reader string
			}
			var callbacks []callback
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || (sel.Sel.Name != "DecideAndRead" && sel.Sel.Name != "DecideAndWrite") {
					return true
				}
				if !isGate(sel.X) {
					return true
				}
				lit, ok := call.Args[len(call.Args)-1].(*ast.FuncLit)
				if !ok || len(lit.Type.Params.List) != 1 || len(lit.Type.Params.List[0].Names) != 1 {
					report(call.Pos(), "%s: the callback of %s must be a function literal with one named reader, so this test can check it", fd.Name.Name, sel.Sel.Name)
					return true
				}
				callbacks = append(callbacks, callback{lit.Body, lit.Type.Params.List[0].Names[0].Name})
				return true
			})
			insideWith := func(call *ast.CallExpr, sel *ast.SelectorExpr) bool {
				id, ok := sel.X.(*ast.Ident)
				for _, cb := range callbacks {
					if call.Pos() >= cb.body.Pos() && call.End() <= cb.body.End() && ok && id.Name == cb.reader {
						return true
					}
				}
				return false
			}
			firstStore, firstDecide := token.NoPos, token.NoPos
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if personal[sel.Sel.Name] && !insideWith(call, sel) {
					report(call.Pos(), "%s reads personal data (%s) outside the reader of an access.DecideAndRead callback", fd.Name.Name, sel.Sel.Name)
				}
				if inner, ok := sel.X.(*ast.SelectorExpr); ok && inner.Sel.Name == "gate" && !decisions[sel.Sel.Name] {
					if firstStore == token.NoPos || call.Pos() < firstStore {
						firstStore = call.Pos()
					}
					if recv != "vault" && !sessionCalls[sel.Sel.Name] {
						report(call.Pos(), "%s calls the store (%s) outside the vault", fd.Name.Name, sel.Sel.Name)
					}
				}
				switch sel.Sel.Name {
				case "decide", "Decide", "DecideAndRead", "DecideAndWrite":
					if firstDecide == token.NoPos || call.Pos() < firstDecide {
						firstDecide = call.Pos()
					}
				}
				return true
			})
			if recv == "vault" && firstStore != token.NoPos && fd.Name.Name != "decide" {
				if firstDecide == token.NoPos || firstDecide > firstStore {
					report(firstStore, "vault.%s calls the store before it decides", fd.Name.Name)
				}
			}
		}
	}
	return problems
}

// TestRouteInventoryCatches feeds the inventory code that breaks its rules
// (and code that keeps them), so a checker that has gone blind fails here.
func TestRouteInventoryCatches(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want string // part of the one problem expected; "" for none
	}{
		{"read inside the callback", `
func (v *vault) ok(ctx context.Context, a access.Actor) error {
	_, err := v.gate.DecideAndRead(ctx, a, "read", "household:x", "test", func(r *access.PersonalReader) error {
		_, err := r.DeliveriesOf(ctx, nil)
		return err
	})
	return err
}`, ""},
		{"read after the decision", `
func (v *vault) bad(ctx context.Context, a access.Actor, r *access.PersonalReader) error {
	if _, err := v.decide(ctx, a, "read", "household:x", "test"); err != nil {
		return err
	}
	_, err := r.DeliveriesOf(ctx, nil)
	return err
}`, "outside the reader"},
		{"reader kept past the callback", `
func (v *vault) bad(ctx context.Context, a access.Actor) error {
	var keep *access.PersonalReader
	v.gate.DecideAndRead(ctx, a, "read", "household:x", "test", func(r *access.PersonalReader) error { keep = r; return nil })
	_, err := keep.HouseholdMembers(ctx, "x", 1)
	return err
}`, "outside the reader"},
		{"store read inside the callback", `
func (v *vault) bad(ctx context.Context, a access.Actor) error {
	_, err := v.gate.DecideAndRead(ctx, a, "read", "household:x", "test", func(r *access.PersonalReader) error {
		_, err := v.gate.HouseholdOf(ctx, "p", 1)
		return err
	})
	return err
}`, "outside the reader"},
		{"callback not a literal", `
func (v *vault) bad(ctx context.Context, a access.Actor, read func(*access.PersonalReader) error) error {
	_, err := v.gate.DecideAndRead(ctx, a, "read", "household:x", "test", read)
	return err
}`, "must be a function literal"},
		{"store outside the vault", `
func (s *server) bad(ctx context.Context) {
	s.gate.DeleteUserSessions(ctx, 1, "token")
}`, "outside the vault"},
		{"store before the decision", `
func (v *vault) bad(ctx context.Context, a access.Actor) error {
	v.gate.DeleteUserSessions(ctx, 1, "token")
	_, err := v.decide(ctx, a, "upload", "provider:1", "test")
	return err
}`, "before it decides"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "case.go", "package web\n"+c.src, 0)
			if err != nil {
				t.Fatal(err)
			}
			got := inventoryProblems(fset, []*ast.File{f})
			switch {
			case c.want == "" && len(got) > 0:
				t.Errorf("problems in code that keeps the rules: %q", got)
			case c.want != "" && (len(got) != 1 || !strings.Contains(got[0], c.want)):
				t.Errorf("got %q, want one problem with %q", got, c.want)
			}
		})
	}
}

type matrixEnv struct {
	h       *harness
	pages   map[string]*client
	tokens  map[string]string
	ownUp   int64 // an upload of the logged-in provider
	counter int
}

func (m *matrixEnv) path(rt route) string {
	p := rt.pattern
	p = strings.ReplaceAll(p, "{period}", "2025")
	p = strings.TrimSuffix(p, "{$}")
	if strings.Contains(p, "/aanlevering/{id}") || strings.Contains(p, "/uploads/{id}") {
		p = strings.ReplaceAll(p, "{id}", fmt.Sprint(m.ownUp))
	}
	if strings.HasPrefix(p, "/beheer/gebruikers/{id}") {
		p = strings.ReplaceAll(p, "{id}", fmt.Sprint(m.h.f.Member2.UserID))
	}
	if strings.Contains(p, "{cid}") {
		// A fresh correction request of household A (the professional's),
		// asked by its member.
		f := m.h.f
		var cid int64
		_, err := access.DecideAndWrite(context.Background(), f.Store, f.Users["member"], access.Correct, access.Resource(access.KindPerson, f.AChild), "matrix",
			func(w *access.PersonalWriter) error {
				var err error
				cid, err = w.InsertCorrection(context.Background(), model.CorrectionRequest{Household: f.HouseholdA, Subject: f.AChild, Author: "gezin", Body: "matrix"})
				return err
			})
		if err != nil || cid == 0 {
			m.h.t.Fatalf("correction request: %v", err)
		}
		p = strings.ReplaceAll(p, "{cid}", fmt.Sprint(cid))
	}
	if strings.HasPrefix(p, "/toewijzingen/{id}") || strings.HasPrefix(p, "/beheer/toewijzingen/{id}") {
		// A fresh assignment made by someone else, waiting for approval.
		f := m.h.f
		id, err := access.Assign(context.Background(), f.Store, access.Assignment{UserID: f.Users["professional"].UserID, Household: f.HouseholdB,
			ValidFrom: 20250101, ValidTo: 20250102, LegalBasis: "matrix", CreatedBy: "matrix"})
		if err != nil {
			m.h.t.Fatal(err)
		}
		p = strings.ReplaceAll(p, "{id}", fmt.Sprint(id))
	}
	p = strings.ReplaceAll(p, "{id}", m.h.f.HouseholdA)
	p = strings.ReplaceAll(p, "{name}", "none")
	p = strings.ReplaceAll(p, "{contract}", accesstest.ContractLumpSum)
	return p
}

const csvBody = "agb,referentie,bsn,geldstroom,categorie,productcode,begindatum,einddatum,volume,eenheid,bedrag_cent,debet_credit\n"

func (m *matrixEnv) request(rt route, role string) *http.Response {
	h := m.h
	m.counter++
	path := m.path(rt)
	if strings.Contains(rt.pattern, "/businesscases/{name}") {
		// The {name} routes act on a stored case; an earlier delete may have removed it.
		h.f.Store.CreateDocument(context.Background(), store.Document{Kind: "businesscase", Name: "none",
			Body: `{"name":"none","costs":[{"payer":"gemeente","per_year_cents":[100]}]}`, UpdatedBy: "matrix"})
	}
	isAPI := strings.HasPrefix(path, "/api/")
	var body []byte
	ctype := ""
	if rt.method == "POST" {
		if isAPI {
			switch path {
			case "/api/v1/feedback":
				body, _ = json.Marshal(map[string]any{"person": h.f.AChild, "agb": accesstest.AGB1, "score": 4, "body": "matrix"})
				ctype = "application/json"
			case "/api/v1/uploads":
				body = []byte(csvBody + accesstest.AGB1 + fmt.Sprintf(",MX%d,", m.counter) + accesstest.BSN(1) + ",wmo,02,02A01,2025-05-01,2025-05-31,1,04,1000,D\n")
				ctype = "text/csv"
			case "/api/v1/login":
				body = []byte(`{"username":"beheer","password":"` + accesstest.Password + `"}`)
			}
		} else {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			if c := m.pages[role]; c != nil {
				mw.WriteField("csrf", c.csrf)
			}
			for k, v := range map[string]string{
				"doel": h.f.AChild + "|agb:" + accesstest.AGB1, "score": "3", "toelichting": "matrix",
				"gebruikersnaam": fmt.Sprintf("nieuw%d", m.counter), "rol": "analyst", "wachtwoord": "een-lang-wachtwoord",
				"hulpverlener": "hulpverlener", "huishouden": h.f.HouseholdB, "van": "2025-01-01", "tot": "2025-01-02", "grondslag": "test", "zaaknummer": "JZ-2025/001",
				"over": h.f.AChild, "vraag": "matrix",
				"budget": "1.000,00", "afgesproken": "matrix", "doel-0-tekst": "matrix", "doel-0-status": "bezig",
				"huidig": accesstest.Password, "nieuw": accesstest.Password, "herhaal": accesstest.Password,
			} {
				mw.WriteField(k, v)
			}
			fw, _ := mw.CreateFormFile("bestand", "m.csv")
			fw.Write([]byte(csvBody + accesstest.AGB1 + fmt.Sprintf(",MP%d,", m.counter) + accesstest.BSN(1) + ",wmo,02,02A01,2025-05-01,2025-05-31,1,04,1000,D\n"))
			mw.Close()
			body, ctype = buf.Bytes(), mw.FormDataContentType()
			if path == "/inloggen" {
				body, ctype = nil, ""
			}
		}
	}
	req, _ := http.NewRequest(rt.method, h.srv.URL+path, bytes.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if role == "" {
		resp, _ := h.anon().do(req)
		return resp
	}
	if isAPI {
		tok := m.tokens[role]
		if path == "/api/v1/logout" {
			tok = h.apiToken(roleUser[role])
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			h.t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	c := m.pages[role]
	if path == "/uitloggen" {
		c = h.login(roleUser[role])
		req, _ = http.NewRequest("POST", h.srv.URL+path, strings.NewReader("csrf="+c.csrf))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, _ := c.do(req)
	return resp
}

var roleUser = map[string]string{"analyst": "analist", "professional": "hulpverlener", "member": "gezin", "provider": "aanbieder", "admin": "beheer", "teamleider": "teamleider"}

// TestRoleRouteMatrix runs every role (and nobody) against every route and
// holds the answer to the route's roles; every request on a personal route,
// allowed or not, must leave an audit record.
func TestRoleRouteMatrix(t *testing.T) {
	h := newHarness(t)
	m := &matrixEnv{h: h, pages: map[string]*client{}, tokens: map[string]string{}}
	for role, user := range roleUser {
		m.pages[role] = h.login(user)
		m.tokens[role] = h.apiToken(user)
	}
	resp, body := h.api("POST", "/api/v1/uploads?name=eigen.csv", m.tokens["provider"], strings.NewReader(csvBody+accesstest.AGB1+",OWN1,"+accesstest.BSN(1)+",wmo,02,02A01,2025-05-01,2025-05-31,1,04,1000,D\n"), "text/csv")
	var sum store.Summary
	if resp.StatusCode != 201 || json.Unmarshal([]byte(body), &sum) != nil || sum.ImportID == 0 {
		t.Fatalf("provider upload: %d %s", resp.StatusCode, body)
	}
	m.ownUp = sum.ImportID

	s := &server{analyst: &analystPages{}}
	routes := s.routes()
	ends := func(rt route) bool { // log-outs and password changes end sessions
		return strings.Contains(rt.pattern, "logout") || strings.Contains(rt.pattern, "uitloggen") || rt.method == "POST" && rt.pattern == "/wachtwoord"
	}
	sort.SliceStable(routes, func(i, j int) bool { return !ends(routes[i]) && ends(routes[j]) })
	for _, rt := range routes {
		if rt.public {
			continue
		}
		for _, role := range append([]string{""}, allRoles...) {
			name := role
			if name == "" {
				name = "anonymous"
			}
			t.Run(rt.method+" "+rt.pattern+" as "+name, func(t *testing.T) {
				before := h.auditCount()
				resp := m.request(rt, role)
				after := h.auditCount()
				allowed := false
				for _, r := range rt.roles {
					allowed = allowed || r == role
				}
				isAPI := strings.HasPrefix(rt.pattern, "/api/")
				switch {
				case role == "" && isAPI:
					if resp.StatusCode != 401 {
						t.Errorf("status %d, want 401", resp.StatusCode)
					}
				case role == "":
					if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/inloggen") {
						t.Errorf("status %d to %q, want 303 to /inloggen", resp.StatusCode, resp.Header.Get("Location"))
					}
				case allowed:
					if resp.StatusCode >= 400 {
						t.Errorf("status %d, want success", resp.StatusCode)
					}
				default:
					if resp.StatusCode != 403 {
						t.Errorf("status %d, want 403", resp.StatusCode)
					}
				}
				if (rt.personal || !allowed) && after == before {
					t.Errorf("no audit record for this attempt")
				}
			})
		}
	}
}

// TestOpenAPIMatchesRoutes checks the document against the routes both ways.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	s := &server{analyst: &analystPages{}}
	routed := map[string]bool{}
	for _, rt := range s.routes() {
		if strings.HasPrefix(rt.pattern, "/api/") {
			routed[strings.ToLower(rt.method)+" "+rt.pattern] = true
		}
	}
	b, _ := json.Marshal(openAPI())
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("not an OpenAPI 3 document: %v", err)
	}
	described := map[string]bool{}
	for p, ops := range doc.Paths {
		for method := range ops {
			described[method+" "+p] = true
			if !routed[method+" "+p] {
				t.Errorf("openapi.json describes %s %s, which is not routed", method, p)
			}
		}
	}
	for r := range routed {
		if !described[r] {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	// And it is served.
	h := newHarness(t)
	resp, body := h.anon().get("/api/v1/openapi.json")
	if resp.StatusCode != 200 || !strings.Contains(body, `"openapi": "3.0.3"`) {
		t.Fatalf("served openapi: %d", resp.StatusCode)
	}
}
