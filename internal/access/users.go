package access

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
)

// NewUser is a user to create. Members carry their person pseudonym,
// providers their AGB code.
type NewUser struct {
	Username    string
	Password    string
	Role        string
	DisplayName string
	Person      string
	AGB         string
	Gemeente    string // analyst: the gemeente (GMxxxx) they are scoped to; "" = the whole region
}

// CreateUser checks u and stores it with an argon2id password hash.
func CreateUser(ctx context.Context, st *store.Store, u NewUser) (int64, error) {
	u.Username = strings.TrimSpace(u.Username)
	if err := checkUsername(u.Username); err != nil {
		return 0, err
	}
	if !ValidRole(u.Role) {
		return 0, fmt.Errorf("onbekende rol %q: kies %s / unknown role", u.Role, strings.Join(Roles, ", "))
	}
	if err := CheckPasswordStrength(u.Username, u.Password); err != nil {
		return 0, err
	}
	if kluis.MaskFreeText(u.Username) != u.Username {
		return 0, errors.New("een gebruikersnaam mag geen BSN bevatten / a user name may not contain a BSN")
	}
	switch u.Role {
	case Member:
		if !validPseudonym(u.Person) {
			return 0, errors.New("een gezinslid heeft een persoon nodig (--person-bsn) / a member needs a person")
		}
	case Provider:
		if len(u.AGB) != 8 || strings.Trim(u.AGB, "0123456789") != "" {
			return 0, fmt.Errorf("AGB-code %q moet 8 cijfers zijn / AGB code must be 8 digits", u.AGB)
		}
	}
	if u.Gemeente != "" {
		if u.Role != Analyst {
			return 0, fmt.Errorf("alleen een beleidsmedewerker (analyst) heeft een gemeente als bereik, niet rol %s / only an analyst is scoped to a gemeente", u.Role)
		}
		if !validGemeenteCode(u.Gemeente) {
			return 0, fmt.Errorf("gemeentecode %q: verwacht GM en vier cijfers, bijv. GM0642 / expected GM and four digits", u.Gemeente)
		}
		if err := knownGemeente(ctx, st, u.Gemeente); err != nil {
			return 0, err
		}
	}
	if u.Role != Member {
		u.Person = ""
	}
	if u.Role != Provider {
		u.AGB = ""
	}
	if u.DisplayName == "" {
		u.DisplayName = u.Username
	}
	return st.InsertUser(ctx, store.User{Username: u.Username, PasswordHash: HashPassword(u.Password), Role: u.Role,
		DisplayName: u.DisplayName, Person: u.Person, AGB: u.AGB, Gemeente: u.Gemeente})
}

// validGemeenteCode accepts a CBS gemeentecode: GM and four digits.
func validGemeenteCode(s string) bool {
	return len(s) == 6 && s[:2] == "GM" && strings.Trim(s[2:], "0123456789") == ""
}

// knownGemeente refuses a scope on a gemeente the instance holds no areas
// of, once it holds any (before the first area import every code is taken
// on trust).
func knownGemeente(ctx context.Context, st *store.Store, code string) error {
	all, err := st.AreasOfLevel(ctx, "gemeente")
	if err != nil || len(all) == 0 {
		return err
	}
	var held []string
	for _, a := range all {
		if a.Code == code {
			return nil
		}
		held = append(held, a.Code)
	}
	return fmt.Errorf("gemeente %s zit niet in deze installatie (wel: %s) / not in this instance", code, strings.Join(held, ", "))
}

func checkUsername(s string) error {
	if len(s) < 2 || len(s) > 64 {
		return fmt.Errorf("gebruikersnaam %q moet 2 tot 64 tekens hebben / user name must be 2–64 characters", s)
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' || r == '@') {
			return fmt.Errorf("gebruikersnaam %q mag alleen letters, cijfers en . - _ @ bevatten / invalid user name", s)
		}
	}
	return nil
}

// argon2id parameters: OWASP's second recommendation (19 MiB, 2 passes),
// which keeps a log-in under ~50 ms on a small server.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns the argon2id PHC string of password.
func HashPassword(password string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// CheckPassword says whether password matches the PHC string hash.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || m > 1<<20 || t == 0 || t > 10 || p == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked when a user name is unknown, so that a log-in takes
// as long for a wrong name as for a wrong password.
var dummyHash = HashPassword("ontschot-dummy-password")

// ErrLogin is the one answer to a failed log-in: it does not say whether
// the name or the password was wrong.
var ErrLogin = errors.New("gebruikersnaam of wachtwoord onjuist / wrong user name or password")

// Session kinds and lifetimes.
const (
	SessionWeb   = "web"
	SessionAPI   = "api"
	SessionToken = "token" // a provider's upload token for machines
)

var lifetimes = map[string]time.Duration{SessionWeb: 8 * time.Hour, SessionAPI: 8 * time.Hour, SessionToken: 365 * 24 * time.Hour}

// Authenticate checks a user name and password.
func Authenticate(ctx context.Context, st *store.Store, username, password string) (store.User, error) {
	u, err := st.UserByName(ctx, strings.TrimSpace(username))
	if errors.Is(err, store.ErrNotFound) {
		CheckPassword(dummyHash, password)
		return u, ErrLogin
	}
	if err != nil {
		return u, err
	}
	if !CheckPassword(u.PasswordHash, password) || u.Disabled {
		return u, ErrLogin
	}
	return u, nil
}

// NewSession starts a session of kind for the user and returns its token
// (only its hash is stored) and CSRF secret. Every log-in gets a fresh
// token, so a session id planted before the log-in is worthless.
func NewSession(ctx context.Context, st *store.Store, userID int64, kind string) (token, csrf string, err error) {
	life, ok := lifetimes[kind]
	if !ok {
		return "", "", fmt.Errorf("onbekend soort sessie %q", kind)
	}
	token, csrf = RandomToken(), RandomToken()
	// Every new session sweeps out the expired ones.
	if err := st.DeleteExpiredSessions(ctx); err != nil {
		return "", "", err
	}
	if err := st.InsertSession(ctx, TokenHash(token), userID, kind, csrf, time.Now().Add(life)); err != nil {
		return "", "", err
	}
	return token, csrf, nil
}

// Login authenticates and starts a session in one step.
func Login(ctx context.Context, st *store.Store, username, password, kind string) (token string, u store.User, err error) {
	u, err = Authenticate(ctx, st, username, password)
	if err != nil {
		return "", u, err
	}
	token, _, err = NewSession(ctx, st, u.ID, kind)
	return token, u, err
}

// SessionOf returns the live session of token.
func SessionOf(ctx context.Context, st *store.Store, token string) (store.Session, error) {
	if token == "" || len(token) > 200 {
		return store.Session{}, store.ErrNotFound
	}
	return st.SessionByHash(ctx, TokenHash(token))
}

// Logout ends the session of token.
func Logout(ctx context.Context, st *store.Store, token string) error {
	return st.DeleteSession(ctx, TokenHash(token))
}

// RandomToken returns 32 random bytes, URL-safe base64.
func RandomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// TokenHash is what the store keeps of a token.
func TokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Assignment assigns a professional to a household.
type Assignment struct {
	UserID     int64
	Household  string // address pseudonym
	ValidFrom  intake.Date
	ValidTo    intake.Date // inclusive
	LegalBasis string
	CreatedBy  string
	// Zaaknummer is the professional's own case number (CheckZaaknummer).
	Zaaknummer string
}

// Assign stores an assignment after checking it, and logs it in the audit
// log. It gives no access until a second person approves it (ApproveAssignment). An
// empty Household is a request for a BSN without a household: it is kept
// and logged like any other, so the form answers the same for every BSN,
// and can never be approved.
func Assign(ctx context.Context, st *store.Store, a Assignment) (int64, error) {
	u, err := st.UserByID(ctx, a.UserID)
	if err != nil {
		return 0, fmt.Errorf("gebruiker %d: %w", a.UserID, err)
	}
	if u.Role != Professional {
		return 0, fmt.Errorf("%s is geen hulpverlener (rol %s) / not a professional", u.Username, u.Role)
	}
	if a.Household != "" && (!validPseudonym(a.Household) || !strings.HasPrefix(a.Household, "ha")) {
		return 0, fmt.Errorf("huishouden %q is geen adrespseudoniem (ha…) / not an address pseudonym", a.Household)
	}
	if a.ValidFrom == 0 || a.ValidTo == 0 || a.ValidTo < a.ValidFrom {
		return 0, fmt.Errorf("geldig van %s tot %s klopt niet / invalid validity", a.ValidFrom, a.ValidTo)
	}
	a.LegalBasis = strings.TrimSpace(a.LegalBasis)
	if a.LegalBasis == "" {
		return 0, errors.New("noem de wettelijke grondslag (bijv. Jeugdwet art. 7.4.4) / legal basis required")
	}
	if a.Zaaknummer, err = CheckZaaknummer(a.Zaaknummer); err != nil {
		return 0, err
	}
	if a.CreatedBy == "" {
		a.CreatedBy = "(cli)"
	}
	id, err := st.InsertAssignment(ctx, store.Assignment{UserID: a.UserID, Household: a.Household, ValidFrom: int64(a.ValidFrom), ValidTo: int64(a.ValidTo),
		LegalBasis: a.LegalBasis, CreatedBy: a.CreatedBy, Zaaknummer: a.Zaaknummer})
	if err != nil {
		return 0, err
	}
	return id, appendAudit(ctx, st, store.AuditRecord{Event: "write assignment", Outcome: "allow", Username: a.CreatedBy, Role: Admin,
		OnBehalf: u.Username, Purpose: "toewijzing hulpverlener", Client: a.Household, Basis: a.LegalBasis,
		Detail: fmt.Sprintf("toewijzing %d: %s aan huishouden van %s t/m %s; wacht op goedkeuring door een tweede persoon", id, u.Username, a.ValidFrom, a.ValidTo)})
}

// ApproveAssignment approves assignment id as approver, a teamleider or an admin who
// did not make it: only then does it give access (separation of duties).
// The approval is in the audit log beside the assignment.
func ApproveAssignment(ctx context.Context, st *store.Store, id int64, approver Actor) error {
	if approver.Role != TeamLead && approver.Role != Admin {
		return fmt.Errorf("%s mag geen toewijzingen goedkeuren (rol %s) / may not approve", approver.Username, approver.Role)
	}
	a, err := st.AssignmentByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("toewijzing %d bestaat niet / no such assignment", id)
	}
	if err != nil {
		return err
	}
	switch {
	case a.ApprovedBy != "":
		return fmt.Errorf("toewijzing %d is al goedgekeurd door %s / already approved", id, a.ApprovedBy)
	case a.CreatedBy == approver.Username:
		return fmt.Errorf("u maakte toewijzing %d zelf; een tweede persoon keurt haar goed / the maker may not approve", id)
	case a.Household == "":
		return fmt.Errorf("bij toewijzing %d is geen huishouden te koppelen; zij kan niet worden goedgekeurd / no household", id)
	}
	if err := st.ApproveAssignment(ctx, id, approver.Username); err != nil {
		return fmt.Errorf("toewijzing %d: %w", id, err)
	}
	return appendAudit(ctx, st, store.AuditRecord{Event: "approve assignment", Outcome: "allow", Username: approver.Username, Role: approver.Role,
		OnBehalf: a.Username, Purpose: "toewijzing goedkeuren", Client: a.Household, Basis: a.LegalBasis,
		Detail: fmt.Sprintf("toewijzing %d van %s (gemaakt door %s) goedgekeurd", id, a.Username, a.CreatedBy)})
}

// ChangePassword replaces a user's password after checking the old one
// and the strength of the new one, and ends every other session and API
// token of the user (keepToken is the session that asked).
func ChangePassword(ctx context.Context, st *store.Store, userID int64, old, new, keepToken string) error {
	u, err := st.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if !CheckPassword(u.PasswordHash, old) {
		return ErrLogin
	}
	if err := CheckPasswordStrength(u.Username, new); err != nil {
		return err
	}
	if err := st.SetPassword(ctx, userID, HashPassword(new)); err != nil {
		return err
	}
	return st.DeleteOtherSessions(ctx, userID, TokenHash(keepToken))
}

// Record writes an audit record for an event outside Decide (log-in,
// log-out, an upload's result).
func Record(ctx context.Context, st *store.Store, actor Actor, event, outcome, purpose, detail string) error {
	return appendAudit(ctx, st, store.AuditRecord{Event: event, Outcome: outcome, Username: actor.Username, Role: actor.Role, Purpose: purpose, Detail: detail})
}

func appendAudit(ctx context.Context, st *store.Store, r store.AuditRecord) error {
	tx, err := st.BeginAccess(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := appendRecord(ctx, tx, r); err != nil {
		return err
	}
	return tx.Commit()
}

// ErrNoHousehold is returned when a BSN cannot be linked to a household. It
// deliberately does not say why (unknown, or a secret address): the answer
// must not reveal that someone lives at a shelter.
var ErrNoHousehold = errors.New("voor dit BSN is geen huishouden te koppelen / no household can be linked to this BSN")

// ResolveHousehold turns what an administrator typed into a household
// pseudonym: an address pseudonym ("ha…") as it is, or the BSN of a member
// of the household, looked up forward through the kluis (the BSN is never
// stored or logged).
func ResolveHousehold(ctx context.Context, st *store.Store, k *kluis.Kluis, input string) (string, error) {
	input = strings.TrimSpace(input)
	if strings.HasPrefix(input, "ha") {
		return input, nil
	}
	person, err := k.PseudonymBSN(input)
	if err != nil {
		return "", fmt.Errorf("geen adrespseudoniem en geen geldig BSN / neither an address pseudonym nor a valid BSN: %w", err)
	}
	h, err := st.HouseholdOf(ctx, person, Today())
	if err != nil {
		return "", err
	}
	if h == "" {
		return "", ErrNoHousehold
	}
	return h, nil
}
