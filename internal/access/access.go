// Package access decides who may read or write which personal data, and
// keeps the audit log of every such decision. It is the one gate between
// the web (pages and API) and the household-level data in the store: a
// handler reads personal data only inside DecideAndRead (writes inside
// DecideAndWrite), which decides, writes one hash-chained audit record for
// every allow and every deny, and reads in the same transaction (SPEC §4).
//
// It must never allow by default: an action, role or resource it does not
// know is denied and logged.
package access

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/store"
)

// Roles (SPEC §1). The UI names are in RoleName.
const (
	Analyst      = "analyst"
	Professional = "professional"
	Member       = "member"
	Provider     = "provider"
	Admin        = "admin"
	// TeamLead approves the assignments an admin makes (separation of
	// duties); it sees no household data.
	TeamLead = "teamleider"
)

// Roles lists every role.
var Roles = []string{Analyst, Professional, Member, Provider, Admin, TeamLead}

// RoleName is the Dutch name of a role as the UI shows it.
func RoleName(role string) string {
	switch role {
	case Analyst:
		return "Gemeente"
	case Professional:
		return "Hulpverlener"
	case Member:
		return "Gezin"
	case Provider:
		return "Aanbieder"
	case Admin:
		return "Beheer"
	case TeamLead:
		return "Teamleider"
	}
	return "Onbekend"
}

// ValidRole says whether role is one of Roles.
func ValidRole(role string) bool {
	for _, r := range Roles {
		if r == role {
			return true
		}
	}
	return false
}

// Actions.
const (
	Read     = "read"
	List     = "list"
	Write    = "write"
	Upload   = "upload"
	Feedback = "feedback"
	Approve  = "approve" // a second person approves an assignment
	Correct  = "correct" // a family asks for a correction ("klopt er iets niet?")
)

// Resources are "kind:id" strings; kinds without an id stand alone.
const (
	KindHousehold   = "household"   // household:<address pseudonym>
	KindHouseholds  = "households"  // the professional's case list
	KindPerson      = "person"      // person:<person pseudonym>
	KindDelivery    = "delivery"    // delivery:<id>
	KindProvider    = "provider"    // provider:<AGB>
	KindImport      = "import"      // import:<id>
	KindAccessLog   = "accesslog"   // accesslog:<person pseudonym>: who looked at my data
	KindUsers       = "users"       // user administration
	KindAssignments = "assignments" // assignment administration
	KindAudit       = "audit"       // the whole audit log
	// KindCorrections are the families' correction requests:
	// corrections:<household> for the professional assigned to it (mark
	// handled), plain corrections for the admin (list, mark handled).
	KindCorrections = "corrections"
	KindRelease     = "release" // release:<period> — released, non-personal tables
	// Policy documents: the municipality's own plans and figures, no
	// personal data. Read and list like released tables; every write is
	// decided and logged as itself, not as a read of releases.
	KindBusinessCase = "businesscase" // businesscase:<name> — an mBC business case
	KindBudget       = "budget"       // budget:<name> — budgets and contracts
)

// policyDocument says whether kind is a policy document.
func policyDocument(kind string) bool { return kind == KindBusinessCase || kind == KindBudget }

// Resource builds a resource string.
func Resource(kind, id string) string {
	if id == "" {
		return kind
	}
	return kind + ":" + id
}

// Actor is who asks: a logged-in user, or the zero Actor for anonymous.
type Actor struct {
	UserID   int64
	Username string
	Role     string
	Person   string // member: own person pseudonym
	AGB      string // provider: own AGB code
	Gemeente string // analyst in a region: the one gemeente whose figures they see; "" = the whole region
}

// Anonymous says whether nobody is logged in.
func (a Actor) Anonymous() bool { return a.UserID == 0 }

// ActorOf returns the Actor of a stored user.
func ActorOf(u store.User) Actor {
	return Actor{UserID: u.ID, Username: u.Username, Role: u.Role, Person: u.Person, AGB: u.AGB, Gemeente: u.Gemeente}
}

// Decision is the answer of Decide.
type Decision struct {
	Allowed bool
	Reason  string // Dutch, fit to show: why allowed or denied
	Basis   string // the authorisation basis of an allow
	Client  string // the person or household pseudonym concerned
	// OnBehalf names the person a member acts for (a minor under authority).
	OnBehalf string
	AuditSeq int64 // the audit record written; 0 when none was needed
}

// Today returns the date decisions are made for, as YYYYMMDD. Tests replace it.
var Today = func() int64 {
	t := time.Now()
	return int64(t.Year()*10000 + int(t.Month())*100 + t.Day())
}

// Decide decides whether actor may do action on resource for purpose, and
// writes the audit record of the decision in the same transaction as the
// checks. Non-personal reads that are allowed (an analyst reading a
// release) are not logged; every deny is. A database failure is an error
// and allows nothing. Decide is for decisions that read no personal data
// afterwards; a read uses DecideAndRead, so it cannot outlive its check.
func Decide(ctx context.Context, st *store.Store, actor Actor, action, resource, purpose string) (Decision, error) {
	return decideThen(ctx, st, actor, action, resource, purpose, nil)
}

// DecideAndRead decides like Decide and, only when allowed, calls read with
// a reader on the same transaction, before that transaction commits: the
// assignment or entitlement that allowed the read still holds while it
// reads (see store.AccessTx for how each engine keeps it so). A deny
// commits its audit record and returns the Decision (Allowed false) with a
// nil error; read is not called.
//
// When read fails, everything is rolled back, the allow record included,
// and read's error is returned as is: nothing was shown, so there is no
// disclosure to log, and a half-read page is never served. (A deny is
// never rolled back.) The reader must not be kept: after the commit every
// read with it fails.
func DecideAndRead(ctx context.Context, st *store.Store, actor Actor, action, resource, purpose string, read func(r *store.PersonalReader) error) (Decision, error) {
	if read == nil {
		return Decision{}, errors.New("toegang beslissen / decide access: geen leesfunctie / no read function")
	}
	return decideThen(ctx, st, actor, action, resource, purpose, func(tx *store.AccessTx) error { return read(tx.Read()) })
}

// DecideAndWrite is DecideAndRead for writes of personal data (a family's
// feedback): the checks, the audit record and the write commit together or
// not at all.
func DecideAndWrite(ctx context.Context, st *store.Store, actor Actor, action, resource, purpose string, write func(w *store.PersonalWriter) error) (Decision, error) {
	if write == nil {
		return Decision{}, errors.New("toegang beslissen / decide access: geen schrijffunctie / no write function")
	}
	return decideThen(ctx, st, actor, action, resource, purpose, func(tx *store.AccessTx) error { return write(tx.Write()) })
}

// decideThen decides, appends the audit record and, when allowed and use is
// not nil, calls use on the same transaction before committing.
func decideThen(ctx context.Context, st *store.Store, actor Actor, action, resource, purpose string, use func(*store.AccessTx) error) (Decision, error) {
	tx, err := st.BeginAccess(ctx)
	if err != nil {
		return Decision{}, fmt.Errorf("toegang beslissen / decide access: %w", err)
	}
	defer tx.Rollback()
	kind, id, _ := strings.Cut(resource, ":")
	d, err := decide(ctx, tx, actor, action, kind, id)
	if err != nil {
		return Decision{}, fmt.Errorf("toegang beslissen / decide access: %w", err)
	}
	if d.Allowed && (kind == KindRelease || policyDocument(kind) && (action == Read || action == List)) {
		// Released tables and policy documents are not personal: an allowed
		// read is not logged (a write is).
		if use == nil {
			return d, nil
		}
		if err := use(tx); err != nil {
			return Decision{}, err
		}
		return d, tx.Commit()
	}
	if purpose == "" {
		purpose = "onbekend"
	}
	rec := store.AuditRecord{
		Event:    action + " " + kind,
		Outcome:  outcome(d.Allowed),
		Username: actor.Username,
		Role:     actor.Role,
		OnBehalf: d.OnBehalf,
		Purpose:  purpose,
		Client:   d.Client,
		Basis:    d.Basis,
		Detail:   resource + " — " + d.Reason,
	}
	if actor.Anonymous() {
		rec.Username, rec.Role = "(anoniem)", "-"
	}
	rec, err = appendRecord(ctx, tx, rec)
	if err != nil {
		return Decision{}, err
	}
	if d.Allowed && use != nil {
		if err := use(tx); err != nil {
			return Decision{}, err
		}
	}
	if err := tx.Commit(); err != nil {
		return Decision{}, fmt.Errorf("auditregel vastleggen / commit audit record: %w", err)
	}
	d.AuditSeq = rec.Seq
	return d, nil
}

func outcome(allowed bool) string {
	if allowed {
		return "allow"
	}
	return "deny"
}

func deny(reason, client string) Decision { return Decision{Reason: reason, Client: client} }

func allow(reason, basis, client string) Decision {
	return Decision{Allowed: true, Reason: reason, Basis: basis, Client: client}
}

// validPseudonym keeps junk (and SQL-looking input) out of the audit log's
// client column: pseudonyms are "h" + domain letter + version + ":" + base32.
func validPseudonym(s string) bool {
	if len(s) < 5 || len(s) > 80 || s[0] != 'h' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == ':') {
			return false
		}
	}
	return true
}

func decide(ctx context.Context, tx *store.AccessTx, a Actor, action, kind, id string) (Decision, error) {
	if a.Anonymous() {
		return deny("niet ingelogd", safeClient(id)), nil
	}
	if !ValidRole(a.Role) {
		return deny("onbekende rol", safeClient(id)), nil
	}
	today := Today()
	switch kind {
	case KindRelease:
		if action == Read && (a.Role == Analyst || a.Role == Admin) {
			return allow("vrijgegeven tabellen", "vrijgegeven meting", ""), nil
		}
		return deny("alleen Gemeente en Beheer lezen metingen", ""), nil

	case KindBusinessCase, KindBudget:
		if action != Read && action != List && action != Write {
			return deny("actie niet toegestaan op een beleidsdocument", ""), nil
		}
		if a.Role == Analyst || a.Role == Admin {
			return allow("beleidsdocument van de gemeente", "beleidsdocument", ""), nil
		}
		return deny("alleen Gemeente en Beheer lezen en schrijven beleidsdocumenten", ""), nil

	case KindHouseholds:
		if action == List && a.Role == Professional {
			return allow("eigen caseload", "eigen toewijzingen", ""), nil
		}
		return deny("alleen een hulpverlener heeft een caseload", ""), nil

	case KindHousehold:
		if !validPseudonym(id) {
			return deny("ongeldige huishoudcode", ""), nil
		}
		// Write is the household's plan (1Gezin1Plan1Budget), which the
		// assigned professional keeps; the family reads it.
		if action != Read && action != Write {
			return deny("actie niet toegestaan op een huishouden", id), nil
		}
		switch a.Role {
		case Professional:
			as, err := tx.ValidAssignment(ctx, a.UserID, id, today)
			if errors.Is(err, store.ErrNotFound) {
				return deny("geen geldige toewijzing aan dit huishouden", id), nil
			}
			if err != nil {
				return Decision{}, err
			}
			return allow(fmt.Sprintf("toewijzing %d geldig t/m %s", as.ID, intake.Date(as.ValidTo)), as.LegalBasis, id), nil
		case Member:
			if action != Read {
				return deny("alleen de hulpverlener past het plan van een huishouden aan", id), nil
			}
			return memberHousehold(ctx, tx, a, id, today)
		}
		return deny("deze rol ziet geen huishoudens", id), nil

	case KindPerson:
		if !validPseudonym(id) {
			return deny("ongeldige persoonscode", ""), nil
		}
		if action != Read && action != Feedback && action != Correct {
			return deny("actie niet toegestaan op een persoon", id), nil
		}
		switch a.Role {
		case Member:
			return memberPerson(ctx, tx, a, id, today)
		case Professional:
			if action != Read {
				return deny("alleen het gezin geeft feedback of vraagt om correctie", id), nil
			}
			hh, err := tx.HouseholdOf(ctx, id, today)
			if err != nil {
				return Decision{}, err
			}
			if hh == "" {
				return deny("persoon hoort bij geen huishouden", id), nil
			}
			as, err := tx.ValidAssignment(ctx, a.UserID, hh, today)
			if errors.Is(err, store.ErrNotFound) {
				return deny("geen geldige toewijzing aan het huishouden van deze persoon", id), nil
			}
			if err != nil {
				return Decision{}, err
			}
			return allow(fmt.Sprintf("toewijzing %d", as.ID), as.LegalBasis, id), nil
		}
		return deny("deze rol ziet geen personen", id), nil

	case KindDelivery:
		// One answer whether or not the delivery exists: the reason must
		// not tell a guesser which ids are taken.
		if a.Role != Member || action != Feedback {
			return deny("alleen het gezin geeft feedback op een levering", ""), nil
		}
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			return deny(notYourDelivery, ""), nil
		}
		person, agb, err := tx.DeliveryOwner(ctx, n)
		if errors.Is(err, store.ErrNotFound) {
			return deny(notYourDelivery, ""), nil
		}
		if err != nil {
			return Decision{}, err
		}
		d, err := memberPerson(ctx, tx, a, person, today)
		if err != nil {
			return Decision{}, err
		}
		if !d.Allowed {
			return deny(notYourDelivery, person), nil
		}
		d.Reason += "; levering van AGB " + agb
		return d, nil

	case KindAccessLog:
		if !validPseudonym(id) {
			return deny("ongeldige persoonscode", ""), nil
		}
		if action == Read && a.Role == Member {
			return memberPerson(ctx, tx, a, id, today)
		}
		return deny("alleen het gezin leest wie hun gegevens bekeek", id), nil

	case KindProvider:
		if a.Role == Provider && a.AGB != "" && id == a.AGB && (action == Read || action == Upload) {
			return allow("eigen aanleveringen", "aanbieder AGB "+a.AGB, ""), nil
		}
		return deny("alleen de aanbieder zelf", ""), nil

	case KindImport:
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			return deny("ongeldig uploadnummer", ""), nil
		}
		if a.Role != Provider || action != Read {
			return deny("alleen de aanbieder zelf", ""), nil
		}
		agb, err := tx.ImportAGB(ctx, n)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return Decision{}, err
		}
		if agb == "" || agb != a.AGB { // one answer whether or not it exists
			return deny("geen upload van deze aanbieder", ""), nil
		}
		return allow("eigen upload", "aanbieder AGB "+a.AGB, ""), nil

	case KindAssignments:
		if a.Role == Admin && (action == Read || action == Write || action == List || action == Approve) {
			return allow("functioneel beheer", "rol Beheer", ""), nil
		}
		if a.Role == TeamLead && (action == Read || action == List || action == Approve) {
			return allow("toewijzingen goedkeuren", "rol Teamleider", ""), nil
		}
		return deny("alleen Beheer en Teamleider", ""), nil

	case KindCorrections:
		switch {
		case a.Role == Admin && id == "" && (action == List || action == Write):
			return allow("vragen om correctie doorzetten", "rol Beheer", ""), nil
		case a.Role == Professional && action == Write:
			if !validPseudonym(id) {
				return deny("ongeldige huishoudcode", ""), nil
			}
			as, err := tx.ValidAssignment(ctx, a.UserID, id, today)
			if errors.Is(err, store.ErrNotFound) {
				return deny("geen geldige toewijzing aan dit huishouden", id), nil
			}
			if err != nil {
				return Decision{}, err
			}
			return allow(fmt.Sprintf("toewijzing %d", as.ID), as.LegalBasis, id), nil
		}
		return deny("alleen de toegewezen hulpverlener en Beheer", safeClient(id)), nil

	case KindUsers, KindAudit:
		if a.Role == Admin && (action == Read || action == Write || action == List) {
			return allow("functioneel beheer", "rol Beheer", ""), nil
		}
		return deny("alleen Beheer", ""), nil
	}
	return deny("onbekend soort gegevens", ""), nil
}

const notYourDelivery = "geen levering aan u of een kind onder uw gezag"

func safeClient(id string) string {
	if validPseudonym(id) {
		return id
	}
	return ""
}

// memberPerson allows a member their own data and that of minors under
// their authority.
func memberPerson(ctx context.Context, tx *store.AccessTx, a Actor, person string, today int64) (Decision, error) {
	if a.Person == "" {
		return deny("account is aan geen persoon gekoppeld", person), nil
	}
	if person == a.Person {
		return allow("eigen gegevens", "eigen gegevens (AVG art. 15)", person), nil
	}
	ok, err := tx.HasAuthority(ctx, a.Person, person, today)
	if err != nil {
		return Decision{}, err
	}
	if ok {
		d := allow("minderjarige onder gezag", "gezag over minderjarige (BRP)", person)
		d.OnBehalf = person
		return d, nil
	}
	return deny("geen eigen gegevens en geen gezag", person), nil
}

// memberHousehold allows household totals only where the member lives there
// and every adult of the household is an entitled member (SPEC §4).
func memberHousehold(ctx context.Context, tx *store.AccessTx, a Actor, household string, today int64) (Decision, error) {
	if a.Person == "" {
		return deny("account is aan geen persoon gekoppeld", household), nil
	}
	own, err := tx.HouseholdOf(ctx, a.Person, today)
	if err != nil {
		return Decision{}, err
	}
	if own != household {
		return deny("niet uw huishouden", household), nil
	}
	members, err := tx.HouseholdMembers(ctx, household, today)
	if err != nil {
		return Decision{}, err
	}
	var adults []string
	for _, m := range members {
		if !m.Minor(today) {
			adults = append(adults, m.Person)
		}
	}
	entitled, err := tx.MemberPersons(ctx, adults)
	if err != nil {
		return Decision{}, err
	}
	for _, p := range adults {
		if !entitled[p] {
			return deny("niet elke volwassene van het huishouden heeft toegang", household), nil
		}
	}
	return allow("eigen huishouden; elke volwassene heeft toegang", "eigen gegevens (AVG art. 15)", household), nil
}
