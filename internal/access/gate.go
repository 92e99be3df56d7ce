package access

import (
	"context"
	"time"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/store"
)

// PersonalReader and PersonalWriter are the store's readers of personal
// data, named here so that a caller of DecideAndRead needs no store
// import: a caller only ever gets one inside the callback of a decision.
type (
	PersonalReader = store.PersonalReader
	PersonalWriter = store.PersonalWriter
)

// Gate is the access package bound to one store (and the kluis, for the
// forward look-up of a typed BSN): what the web holds instead of the
// store. Its methods are the package's functions; it keeps the store to
// itself, so a holder of a Gate reaches personal data only inside a
// DecideAndRead or DecideAndWrite callback. It must never gain a method
// that reads a household, person, delivery or assignment outside one.
type Gate struct {
	st *store.Store
	k  *kluis.Kluis
}

// NewGate binds the access decision to st; k may be nil (then a BSN typed
// by an administrator is not looked up).
func NewGate(st *store.Store, k *kluis.Kluis) *Gate { return &Gate{st: st, k: k} }

// Decide is Decide on the gate's store.
func (g *Gate) Decide(ctx context.Context, actor Actor, action, resource, purpose string) (Decision, error) {
	return Decide(ctx, g.st, actor, action, resource, purpose)
}

// DecideAndRead is DecideAndRead on the gate's store.
func (g *Gate) DecideAndRead(ctx context.Context, actor Actor, action, resource, purpose string, read func(r *PersonalReader) error) (Decision, error) {
	return DecideAndRead(ctx, g.st, actor, action, resource, purpose, read)
}

// DecideAndWrite is DecideAndWrite on the gate's store.
func (g *Gate) DecideAndWrite(ctx context.Context, actor Actor, action, resource, purpose string, write func(w *PersonalWriter) error) (Decision, error) {
	return DecideAndWrite(ctx, g.st, actor, action, resource, purpose, write)
}

// Record writes one audit record (see Record).
func (g *Gate) Record(ctx context.Context, actor Actor, event, outcome, purpose, detail string) error {
	return Record(ctx, g.st, actor, event, outcome, purpose, detail)
}

// RecordAnonymousFailure is RecordAnonymousFailure on the gate's store.
func (g *Gate) RecordAnonymousFailure(ctx context.Context, username, event, purpose, detail string) error {
	return RecordAnonymousFailure(ctx, g.st, username, event, purpose, detail)
}

// VerifyAudit checks the audit chain (hashes, not whose data).
func (g *Gate) VerifyAudit(ctx context.Context) (VerifyReport, error) { return VerifyAudit(ctx, g.st) }

// Authenticate checks a user name and password.
func (g *Gate) Authenticate(ctx context.Context, username, password string) (model.User, error) {
	return Authenticate(ctx, g.st, username, password)
}

// LoginWait, LoginFailed and LoginSucceeded keep the log-in throttle.
func (g *Gate) LoginWait(ctx context.Context, ip, username string) (time.Duration, error) {
	return LoginWait(ctx, g.st, ip, username)
}

// LoginFailed counts a failed log-in.
func (g *Gate) LoginFailed(ctx context.Context, ip, username string) error {
	return LoginFailed(ctx, g.st, ip, username)
}

// LoginSucceeded clears the failures of ip and username.
func (g *Gate) LoginSucceeded(ctx context.Context, ip, username string) error {
	return LoginSucceeded(ctx, g.st, ip, username)
}

// NewSession starts a session (web, API or upload token) for a user.
func (g *Gate) NewSession(ctx context.Context, userID int64, kind string) (token, csrf string, err error) {
	return NewSession(ctx, g.st, userID, kind)
}

// SessionOf finds the live session of a token.
func (g *Gate) SessionOf(ctx context.Context, token string) (model.Session, error) {
	return SessionOf(ctx, g.st, token)
}

// Logout ends the session of a token.
func (g *Gate) Logout(ctx context.Context, token string) error { return Logout(ctx, g.st, token) }

// DeleteUserSessions ends a user's sessions of one kind (a provider's
// upload token, before a new one is made).
func (g *Gate) DeleteUserSessions(ctx context.Context, userID int64, kind string) error {
	return g.st.DeleteUserSessions(ctx, userID, kind)
}

// ChangePassword is ChangePassword on the gate's store.
func (g *Gate) ChangePassword(ctx context.Context, userID int64, old, new, keepToken string) error {
	return ChangePassword(ctx, g.st, userID, old, new, keepToken)
}

// CreateUser is CreateUser on the gate's store. Call it after a decision.
func (g *Gate) CreateUser(ctx context.Context, u NewUser) (int64, error) {
	return CreateUser(ctx, g.st, u)
}

// UserByName finds an account by name (no household data). Call it after
// a decision.
func (g *Gate) UserByName(ctx context.Context, username string) (model.User, error) {
	return g.st.UserByName(ctx, username)
}

// SetDisabled blocks a user (ending every session) or lets them in again.
// Call it after a decision.
func (g *Gate) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	return g.st.SetDisabled(ctx, userID, disabled)
}

// CanResolveBSN says whether the gate can look up the household of a BSN.
func (g *Gate) CanResolveBSN() bool { return g.k != nil }

// ResolveHousehold is ResolveHousehold with the gate's kluis.
func (g *Gate) ResolveHousehold(ctx context.Context, input string) (string, error) {
	return ResolveHousehold(ctx, g.st, g.k, input)
}

// Assign records an assignment request. Call it after a decision.
func (g *Gate) Assign(ctx context.Context, a Assignment) (int64, error) { return Assign(ctx, g.st, a) }

// ApproveAssignment approves an assignment as the second person.
func (g *Gate) ApproveAssignment(ctx context.Context, id int64, approver Actor) error {
	return ApproveAssignment(ctx, g.st, id, approver)
}

// EndAssignment ends an assignment as of a date. Call it after a decision.
func (g *Gate) EndAssignment(ctx context.Context, id int64, end model.Date, by Actor) error {
	return EndAssignment(ctx, g.st, id, end, by)
}

// SetUserEmail stores how families reach a staff account. Call it after a
// decision.
func (g *Gate) SetUserEmail(ctx context.Context, userID int64, email string) error {
	return g.st.SetUserEmail(ctx, userID, email)
}

// AccountForIdentity finds the account of someone the identity provider
// logged in (staff by user name and role, a family member by pseudonym).
func (g *Gate) AccountForIdentity(ctx context.Context, username, role, person string) (model.User, error) {
	return AccountForIdentity(ctx, g.st, username, role, person)
}
