package access_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// eachEngine runs f on a fixture in SQLite and in PostgreSQL.
func eachEngine(t *testing.T, f func(t *testing.T, fx *accesstest.Fixture)) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) { f(t, accesstest.Seed(t, s)) })
}

func TestDecideMatrix(t *testing.T) {
	eachEngine(t, testDecideMatrix)
}

func testDecideMatrix(t *testing.T, f *accesstest.Fixture) {
	ctx := context.Background()
	u := f.Users
	anon := access.Actor{}
	type tc struct {
		name     string
		actor    access.Actor
		action   string
		resource string
		want     bool
	}
	R := access.Resource
	cases := []tc{
		// Professional: valid, expired and absent assignment.
		{"pro assigned household", u["professional"], "read", R("household", f.HouseholdA), true},
		{"pro expired assignment", u["professional"], "read", R("household", f.HouseholdC), false},
		{"pro no assignment", u["professional"], "read", R("household", f.HouseholdB), false},
		{"pro person in assigned", u["professional"], "read", R("person", f.AChild), true},
		{"pro person not assigned", u["professional"], "read", R("person", f.BChild), false},
		{"pro person expired", u["professional"], "read", R("person", f.C1), false},
		{"pro write household (plan)", u["professional"], "write", R("household", f.HouseholdA), true},
		{"pro write household no assignment", u["professional"], "write", R("household", f.HouseholdB), false},
		{"pro write household expired", u["professional"], "write", R("household", f.HouseholdC), false},
		{"pro upload household", u["professional"], "upload", R("household", f.HouseholdA), false},
		{"pro caseload", u["professional"], "list", "households", true},
		{"pro feedback", u["professional"], "feedback", R("person", f.AChild), false},
		{"pro release", u["professional"], "read", R("release", "2025"), false},
		{"pro secret person", u["professional"], "read", R("person", f.Secret), false},
		// Member: self, minor under authority, other adult, other family.
		{"member self", u["member"], "read", R("person", f.A1), true},
		{"member own child", u["member"], "read", R("person", f.AChild), true},
		{"member partner", u["member"], "read", R("person", f.A2), false},
		{"member other family", u["member"], "read", R("person", f.BChild), false},
		{"member feedback self", u["member"], "feedback", R("person", f.A1), true},
		{"member household not all adults", u["member"], "read", R("household", f.HouseholdA), false},
		{"member2 household sole adult", f.Member2, "read", R("household", f.HouseholdB), true},
		{"member2 other household", f.Member2, "read", R("household", f.HouseholdA), false},
		{"member2 write own household", f.Member2, "write", R("household", f.HouseholdB), false},
		{"member caseload", u["member"], "list", "households", false},
		{"member own access log", u["member"], "read", R("accesslog", f.A1), true},
		{"member other access log", u["member"], "read", R("accesslog", f.B1), false},
		{"member release", u["member"], "read", R("release", "2025"), false},
		// Analyst: releases only.
		{"analyst release", u["analyst"], "read", R("release", "2025"), true},
		{"analyst household", u["analyst"], "read", R("household", f.HouseholdA), false},
		{"analyst write household", u["analyst"], "write", R("household", f.HouseholdA), false},
		{"analyst person", u["analyst"], "read", R("person", f.A1), false},
		{"analyst caseload", u["analyst"], "list", "households", false},
		{"analyst users", u["analyst"], "read", "users", false},
		// Provider: own uploads only.
		{"provider own", u["provider"], "upload", R("provider", accesstest.AGB1), true},
		{"provider other", u["provider"], "read", R("provider", accesstest.AGB2), false},
		{"provider other import", u["provider"], "read", R("import", fmt.Sprint(f.ImportAGB2)), false},
		{"provider household", u["provider"], "read", R("household", f.HouseholdA), false},
		{"provider write household", u["provider"], "write", R("household", f.HouseholdA), false},
		{"provider person", u["provider"], "read", R("person", f.AChild), false},
		// Admin: administration, no household data.
		{"admin users", u["admin"], "write", "users", true},
		{"admin assignments", u["admin"], "write", "assignments", true},
		{"admin audit", u["admin"], "read", "audit", true},
		{"admin household", u["admin"], "read", R("household", f.HouseholdA), false},
		{"admin write household", u["admin"], "write", R("household", f.HouseholdA), false},
		{"admin person", u["admin"], "read", R("person", f.A1), false},
		// Anonymous and junk.
		{"anon household", anon, "read", R("household", f.HouseholdA), false},
		{"anon release", anon, "read", R("release", "2025"), false},
		{"unknown kind", u["admin"], "read", "secrets", false},
		{"sql-ish household", u["professional"], "read", R("household", "ha1:x' OR '1'='1"), false},
		{"sql-ish import", u["provider"], "read", R("import", "1 OR 1=1"), false},
		{"unknown role", access.Actor{UserID: 99, Username: "x", Role: "root"}, "read", R("household", f.HouseholdA), false},
		// Policy documents (business cases, budgets): the Gemeente and Beheer
		// read them unlogged, like released tables, and write them logged as a
		// write of the document, not as a read of releases; nobody else does
		// either.
		{"analyst reads a case", u["analyst"], "read", R("businesscase", "ips"), true},
		{"admin lists budgets", u["admin"], "list", "budget", true},
		{"analyst writes a case", u["analyst"], "write", R("businesscase", "ips"), true},
		{"admin writes a budget", u["admin"], "write", R("budget", "2026"), true},
		{"professional reads a case", u["professional"], "read", R("businesscase", "ips"), false},
		{"member writes a case", u["member"], "write", R("businesscase", "ips"), false},
		{"provider reads a budget", u["provider"], "read", R("budget", "2026"), false},
		{"analyst uploads a case", u["analyst"], "upload", R("businesscase", "ips"), false},
		{"anon reads a case", anon, "read", R("businesscase", "ips"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := f.Store.AuditCount(ctx)
			d, err := access.Decide(ctx, f.Store, c.actor, c.action, c.resource, "test")
			if err != nil {
				t.Fatal(err)
			}
			if d.Allowed != c.want {
				t.Fatalf("Decide(%s, %s, %s) = %v (%s), want %v", c.actor.Role, c.action, c.resource, d.Allowed, d.Reason, c.want)
			}
			after, _ := f.Store.AuditCount(ctx)
			wantRecords := int64(1)
			kind, _, _ := strings.Cut(c.resource, ":")
			policyRead := (kind == "businesscase" || kind == "budget") && c.action != "write"
			if c.want && (kind == "release" || policyRead) {
				wantRecords = 0 // released tables and policy documents are not personal data
			}
			if after-before != wantRecords {
				t.Fatalf("audit records written: %d, want %d", after-before, wantRecords)
			}
			if wantRecords == 1 {
				recs, _ := f.Store.RecentAudit(ctx, 1)
				r := recs[0]
				if r.Outcome != map[bool]string{true: "allow", false: "deny"}[c.want] || r.Purpose != "test" || r.Hash == "" {
					t.Fatalf("audit record %+v", r)
				}
				if c.want && r.Basis == "" {
					t.Fatalf("allow without basis: %+v", r)
				}
				if r.Event != c.action+" "+kind {
					t.Fatalf("audit event %q, want %q", r.Event, c.action+" "+kind)
				}
			}
		})
	}
	rep, err := access.VerifyAudit(ctx, f.Store)
	if err != nil || !rep.OK {
		t.Fatalf("chain after matrix: %+v %v", rep, err)
	}
}

func TestAuditRecordFields(t *testing.T) {
	f := accesstest.New(t)
	ctx := context.Background()
	d, err := access.Decide(ctx, f.Store, f.Users["member"], "read", access.Resource("person", f.AChild), "portaal")
	if err != nil || !d.Allowed {
		t.Fatal(d, err)
	}
	recs, _ := f.Store.RecentAudit(ctx, 1)
	r := recs[0]
	want := store.AuditRecord{Event: "read person", Outcome: "allow", Username: "gezin", Role: "member", OnBehalf: f.AChild, Purpose: "portaal", Client: f.AChild, Basis: "gezag over minderjarige (BRP)"}
	if r.Event != want.Event || r.Outcome != want.Outcome || r.Username != want.Username || r.Role != want.Role ||
		r.OnBehalf != want.OnBehalf || r.Purpose != want.Purpose || r.Client != want.Client || r.Basis != want.Basis || r.At == "" {
		t.Fatalf("record\n got %+v\nwant %+v", r, want)
	}
}

func TestVerifyDetectsTampering(t *testing.T) {
	for _, tamper := range []struct {
		name, sql string
	}{
		{"modified", `UPDATE audit_log SET outcome = CASE outcome WHEN 'allow' THEN 'deny' ELSE 'allow' END WHERE seq = 3`},
		{"deleted", `DELETE FROM audit_log WHERE seq = 2`},
		{"relinked", `UPDATE audit_log SET prev_hash = 'x' WHERE seq = 4`},
		{"rehashed without chain", `UPDATE audit_log SET detail = 'nothing', hash = 'abc' WHERE seq = 3`},
	} {
		t.Run(tamper.name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T, f *accesstest.Fixture) { testTamper(t, f, tamper.sql) })
		})
	}
}

func testTamper(t *testing.T, f *accesstest.Fixture, tamperSQL string) {
	ctx := context.Background()
	for i := 0; i < 4; i++ {
		access.Decide(ctx, f.Store, f.Users["analyst"], "read", access.Resource("household", f.HouseholdA), "test")
	}
	rep, err := access.VerifyAudit(ctx, f.Store)
	if err != nil || !rep.OK || rep.Records < 5 {
		t.Fatalf("before tampering: %+v %v", rep, err)
	}
	if _, err := f.Store.DB().Exec(tamperSQL); err != nil {
		t.Fatal(err)
	}
	rep, err = access.VerifyAudit(ctx, f.Store)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK || rep.Problem == "" {
		t.Fatalf("tampering not detected: %+v", rep)
	}
}

func TestPasswords(t *testing.T) {
	h := access.HashPassword("een lang wachtwoord")
	if !strings.HasPrefix(h, "$argon2id$v=19$") {
		t.Fatalf("hash %q", h)
	}
	if !access.CheckPassword(h, "een lang wachtwoord") || access.CheckPassword(h, "een lang wachtwoorD") {
		t.Fatal("CheckPassword")
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$x$y$z$w", "$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA"} {
		if access.CheckPassword(bad, "x") {
			t.Fatalf("accepted %q", bad)
		}
	}
}

func TestLoginAndSessions(t *testing.T) {
	f := accesstest.New(t)
	ctx := context.Background()
	if _, _, err := access.Login(ctx, f.Store, "gezin", "fout", access.SessionWeb); err != access.ErrLogin {
		t.Fatalf("wrong password: %v", err)
	}
	if _, _, err := access.Login(ctx, f.Store, "niemand", accesstest.Password, access.SessionWeb); err != access.ErrLogin {
		t.Fatalf("unknown user: %v", err)
	}
	tok, u, err := access.Login(ctx, f.Store, "gezin", accesstest.Password, access.SessionWeb)
	if err != nil || u.Role != "member" {
		t.Fatal(err)
	}
	tok2, _, _ := access.Login(ctx, f.Store, "gezin", accesstest.Password, access.SessionWeb)
	if tok == tok2 {
		t.Fatal("two log-ins share a token (session fixation)")
	}
	s, err := access.SessionOf(ctx, f.Store, tok)
	if err != nil || s.User.Username != "gezin" || s.CSRF == "" {
		t.Fatalf("session %+v %v", s, err)
	}
	if err := access.Logout(ctx, f.Store, tok); err != nil {
		t.Fatal(err)
	}
	if _, err := access.SessionOf(ctx, f.Store, tok); err == nil {
		t.Fatal("session alive after log-out")
	}
}

func TestCreateUserAndAssignChecks(t *testing.T) {
	f := accesstest.New(t)
	ctx := context.Background()
	for _, u := range []access.NewUser{
		{Username: "x", Password: accesstest.Password, Role: "analyst"},
		{Username: "nieuw", Password: "kort", Role: "analyst"},
		{Username: "nieuw", Password: accesstest.Password, Role: "root"},
		{Username: "nieuw", Password: accesstest.Password, Role: "member"},
		{Username: "nieuw", Password: accesstest.Password, Role: "provider", AGB: "12"},
		{Username: "gezin", Password: accesstest.Password, Role: "analyst"},
		{Username: "a b", Password: accesstest.Password, Role: "analyst"},
	} {
		if _, err := access.CreateUser(ctx, f.Store, u); err == nil {
			t.Errorf("CreateUser(%+v) accepted", u)
		}
	}
	pro := f.Users["professional"].UserID
	for _, a := range []access.Assignment{
		{UserID: f.Users["analyst"].UserID, Household: f.HouseholdB, ValidFrom: 20250101, ValidTo: 20251231, LegalBasis: "x"},
		{UserID: pro, Household: "BU0001", ValidFrom: 20250101, ValidTo: 20251231, LegalBasis: "x"},
		{UserID: pro, Household: f.HouseholdB, ValidFrom: 20251231, ValidTo: 20250101, LegalBasis: "x"},
		{UserID: pro, Household: f.HouseholdB, ValidFrom: 20250101, ValidTo: 20251231, LegalBasis: " "},
	} {
		if _, err := access.Assign(ctx, f.Store, a); err == nil {
			t.Errorf("Assign(%+v) accepted", a)
		}
	}
}

func TestResolveHousehold(t *testing.T) {
	f := accesstest.New(t)
	ctx := context.Background()
	h, err := access.ResolveHousehold(ctx, f.Store, f.Kluis, accesstest.BSN(2))
	if err != nil || h != f.HouseholdA {
		t.Fatalf("BSN of a parent of A: %q, %v; want %q", h, err, f.HouseholdA)
	}
	if h, err := access.ResolveHousehold(ctx, f.Store, f.Kluis, f.HouseholdB); err != nil || h != f.HouseholdB {
		t.Fatalf("pseudonym passes through: %q, %v", h, err)
	}
	// A secret address and an unknown person get the same answer.
	_, errSecret := access.ResolveHousehold(ctx, f.Store, f.Kluis, accesstest.BSN(7))
	_, errUnknown := access.ResolveHousehold(ctx, f.Store, f.Kluis, accesstest.BSN(99))
	if errSecret != access.ErrNoHousehold || errUnknown != access.ErrNoHousehold {
		t.Fatalf("secret: %v, unknown: %v; want the same ErrNoHousehold", errSecret, errUnknown)
	}
	if _, err := access.ResolveHousehold(ctx, f.Store, f.Kluis, "123456789"); err == nil || strings.Contains(err.Error(), "123456789") {
		t.Fatalf("invalid BSN: %v", err)
	}
}

// Issue 11.8: an admin alone cannot give a professional access.
func TestAssignmentNeedsASecondPerson(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *accesstest.Fixture) {
		ctx := context.Background()
		admin, pro := f.Users[access.Admin], f.Users[access.Professional]
		id, err := access.Assign(ctx, f.Store, access.Assignment{UserID: pro.UserID, Household: f.HouseholdB, ValidFrom: 20200101, ValidTo: 20991231, LegalBasis: "Jeugdwet art. 7.4.4", CreatedBy: admin.Username})
		if err != nil {
			t.Fatal(err)
		}
		read := func() bool {
			d, err := access.Decide(ctx, f.Store, pro, access.Read, access.Resource(access.KindHousehold, f.HouseholdB), "test")
			if err != nil {
				t.Fatal(err)
			}
			return d.Allowed
		}
		if read() {
			t.Fatal("an unapproved assignment gave access")
		}
		if err := access.ApproveAssignment(ctx, f.Store, id, admin); err == nil {
			t.Fatal("the admin approved their own assignment")
		}
		if err := access.ApproveAssignment(ctx, f.Store, id, pro); err == nil {
			t.Fatal("a professional approved an assignment")
		}
		if read() {
			t.Fatal("access after refused approvals")
		}
		if err := access.ApproveAssignment(ctx, f.Store, id, f.Users[access.TeamLead]); err != nil {
			t.Fatal(err)
		}
		if !read() {
			t.Fatal("no access after the teamleider approved")
		}
		recs, _ := f.Store.RecentAudit(ctx, 20)
		var made, approved bool
		for _, r := range recs {
			made = made || r.Event == "write assignment" && r.Username == admin.Username && r.Client == f.HouseholdB
			approved = approved || r.Event == "approve assignment" && r.Username == "teamleider" && r.Client == f.HouseholdB
		}
		if !made || !approved {
			t.Fatalf("audit log: made %v, approved %v", made, approved)
		}
	})
}

// Issue 11.9: weak passwords are refused.
func TestWeakPasswordsRefused(t *testing.T) {
	for _, pw := range []string{"kort-wacht", "wachtwoord123", "Welkom2024!!", "qwertyuiop123", "123456789012", "P@ssw0rd2024"} {
		if err := access.CheckPasswordStrength("jan", pw); err == nil {
			t.Errorf("%q accepted", pw)
		}
	}
	if err := access.CheckPasswordStrength("marieke.jansen", "marieke.jansen1"); err == nil {
		t.Error("the user name as password accepted")
	}
	for _, pw := range []string{accesstest.Password, "demo-k3m9-x2qp-7tfa", "paars-fietsbel-onweer"} {
		if err := access.CheckPasswordStrength("jan", pw); err != nil {
			t.Errorf("%q refused: %v", pw, err)
		}
	}
}

// Issue 11.6: repeated anonymous failures become one record plus a count,
// flushed on shutdown; the chain still verifies.
func TestAnonymousFailuresCollapse(t *testing.T) {
	f := accesstest.New(t)
	ctx := access.WithRequest(context.Background(), access.RequestInfo{Source: "192.0.2.1"})
	before, _ := f.Store.AuditCount(ctx)
	for i := 0; i < 25; i++ {
		if err := access.RecordAnonymousFailure(ctx, f.Store, "gok"+strings.Repeat("x", i*100), "login", "inloggen", "onjuist"); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := f.Store.AuditCount(ctx); n != before+1 {
		t.Fatalf("25 failures wrote %d records, want 1", n-before)
	}
	if err := access.FlushCollapsed(ctx, f.Store); err != nil {
		t.Fatal(err)
	}
	recs, _ := f.Store.RecentAudit(ctx, 2)
	if !strings.Contains(recs[0].Detail, "nog 24 keer") || recs[0].Source != "192.0.2.1" || recs[1].Source != "192.0.2.1" {
		t.Fatalf("summary %+v", recs[0])
	}
	for _, r := range recs {
		if len(r.Username) > access.MaxAuditField || len(r.Detail) > access.MaxAuditField {
			t.Fatalf("uncapped field in %+v", r)
		}
	}
	if rep, err := access.VerifyAudit(ctx, f.Store); err != nil || !rep.OK {
		t.Fatalf("chain: %+v %v", rep, err)
	}
}
