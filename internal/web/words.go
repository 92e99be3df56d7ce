package web

import (
	"strings"
	"time"
	_ "time/tzdata" // Europe/Amsterdam on a machine without a zone database

	"github.com/ontschot/ontschot/internal/access"
)

// The UI speaks Dutch: the audit log's events and roles are stored in the
// English of the code (they are part of the hash chain and never change),
// and shown here in words a person reads; times are shown in the
// municipality's time zone.

// amsterdam is the municipality's time zone; the binary carries its rules.
var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.UTC
	}
	return loc
}()

var eventVerbs = map[string]string{
	"read": "inzien", "list": "overzicht", "write": "wijzigen", "approve": "goedkeuren", "delete": "verwijderen",
	"upload": "aanleveren", "feedback": "feedback geven over", "correct": "correctie vragen over", "end": "beëindigen",
}

var eventNouns = map[string]string{
	access.KindHousehold: "huishouden", access.KindHouseholds: "huishoudens", access.KindPerson: "persoon",
	access.KindDelivery: "levering", access.KindProvider: "aanbieder", access.KindImport: "aanlevering",
	access.KindAccessLog: "inzagelog", access.KindUsers: "gebruikers", access.KindAssignments: "koppelingen",
	access.KindAudit: "auditlog", access.KindRelease: "meting", access.KindBusinessCase: "businesscase",
	access.KindBudget: "begroting", "assignment": "koppeling", "user": "gebruiker", "password": "wachtwoord",
	access.KindCorrections: "vragen om correctie",
}

var eventWhole = map[string]string{
	"login": "inloggen", "login api": "inloggen (API)", "upload provider": "bestand aanleveren", "logout": "uitloggen", "upload result": "uitkomst aanlevering",
	"gok": "inlogpoging",
}

// eventName is an audit event in Dutch: "read audit" → "auditlog inzien".
// An event it does not know is shown as it is stored.
func eventName(e string) string {
	if w, ok := eventWhole[e]; ok {
		return w
	}
	verb, noun, ok := strings.Cut(e, " ")
	if !ok {
		return e
	}
	if strings.HasPrefix(e, "csrf ") {
		return "formuliercontrole mislukt (" + noun + ")"
	}
	if strings.HasPrefix(e, "token ") {
		return "API-sleutel: " + noun
	}
	v, okV := eventVerbs[verb]
	n, okN := eventNouns[noun]
	if !okV || !okN {
		return e
	}
	if verb == "feedback" || verb == "correct" {
		return v + " " + n
	}
	return n + " " + v
}

// roleWord is a role as the audit log shows it: the Dutch name, or "—" for
// none (an anonymous attempt) and "systeem" for the system itself.
func roleWord(r string) string {
	switch r {
	case "", "-":
		return "—"
	case "system":
		return "systeem"
	}
	return access.RoleName(r)
}

// when writes an RFC 3339 time as a short Dutch date and the time of day
// in Amsterdam: "3 mrt 2026, 11:15".
func when(rfc string) string {
	t, err := time.Parse(time.RFC3339Nano, rfc)
	if err != nil {
		return rfc
	}
	t = t.In(amsterdam)
	return datumKort(int64(t.Year()*10000+int(t.Month())*100+t.Day())) + ", " + t.Format("15:04")
}
