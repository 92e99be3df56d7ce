package model

// ImportInfo is one uploaded file as its provider sees it.
type ImportInfo struct {
	ID         int64  `json:"id"`
	Kind       string `json:"kind"`
	FileName   string `json:"file"`
	Format     string `json:"format"`
	UploadedBy string `json:"uploaded_by"`
	AGB        string `json:"agb"`
	Rows       int    `json:"rows"`
	Accepted   int    `json:"accepted"`
	Duplicates int    `json:"duplicates"`
	Rejected   int    `json:"rejected"`
	CreatedAt  string `json:"created_at"`
	// Channel is how the file came in: "web" (upload page), "api" (token),
	// "cli" (read in by the municipality with `ontschot import`).
	Channel string `json:"channel"`
}

// RejectionRow is one rejected line of an import (one problem of it: a
// line with three problems has three rows).
type RejectionRow struct {
	Line     int    `json:"line"`
	Field    string `json:"field"`
	Reason   string `json:"reason"`
	ReasonEN string `json:"reason_en"`
	// Value is the rejected value, masked (a BSN never in full); "" when
	// not known or personal.
	Value string `json:"value,omitempty"`
}

// RejectionGroup is one kind of problem in an upload report: its field and
// rule, how often it occurs and its first lines.
type RejectionGroup struct {
	Field string         `json:"field"`
	Rule  string         `json:"rule"`
	Count int            `json:"count"`
	First []RejectionRow `json:"first"`
}

// Delivered is one file in a provider's history: an upload of its own
// (Own: with its report), or a file the municipality read in that holds the
// provider's rows (declarations, flows), of which Accepted counts the
// provider's stored rows.
type Delivered struct {
	ImportInfo
	Own bool `json:"own"`
}
