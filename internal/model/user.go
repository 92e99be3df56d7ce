package model

import "time"

// User is a log-in account. PasswordHash is the argon2id PHC string.
type User struct {
	ID           int64
	Username     string
	PasswordHash string
	Role         string
	DisplayName  string
	Person       string // member: their person pseudonym
	AGB          string // provider: their AGB code
	Gemeente     string // analyst in a region: the one gemeente (GMxxxx) they may see; "" = the whole region
	Disabled     bool
	CreatedAt    string
}

// Session is a logged-in session or API token, found by the hash of its token.
type Session struct {
	TokenHash string
	Kind      string // "web", "api" or "token" (a provider's long-lived upload token)
	CSRF      string
	ExpiresAt time.Time
	User      User
}

// Assignment ties a professional to a household for a period, on a legal basis.
type Assignment struct {
	ID         int64
	UserID     int64
	Username   string
	Household  string
	ValidFrom  int64 // YYYYMMDD
	ValidTo    int64 // YYYYMMDD, inclusive
	LegalBasis string
	CreatedBy  string
	CreatedAt  string
	// ApprovedBy is the second person who approved it; until then it gives
	// no access.
	ApprovedBy string
	ApprovedAt string
	// Zaaknummer is the professional's own case number for the household
	// (a short code, never a BSN): how they recognise it.
	Zaaknummer string
	// EndedBy is the admin who ended the assignment early (ValidTo then is
	// the day before the end date); empty while it runs its course.
	EndedBy string
	EndedAt string
}

// AuditRecord is one line of the audit log, with the NEN 7513 fields.
type AuditRecord struct {
	Seq      int64  `json:"seq"`
	At       string `json:"at"`
	Event    string `json:"event"`   // action and resource kind, e.g. "read household"
	Outcome  string `json:"outcome"` // "allow" or "deny"
	Username string `json:"user"`
	Role     string `json:"role"`
	OnBehalf string `json:"on_behalf"` // whose data or on whose behalf the user acts
	Purpose  string `json:"purpose"`
	Client   string `json:"client"` // person or household pseudonym
	Basis    string `json:"basis"`  // the authorisation basis
	Detail   string `json:"detail"`
	Source   string `json:"source,omitempty"`  // the client address of the request (NEN 7513)
	Session  string `json:"session,omitempty"` // a short hash of the session that made it
	PrevHash string `json:"prev_hash"`
	Hash     string `json:"hash"`
}
