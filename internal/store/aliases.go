package store

import "github.com/ontschot/ontschot/internal/model"

// The store's old names for the shared types, which now live in model.
// They stay as aliases so that code written against them (and parallel
// work) keeps compiling; new code names the model type.
type (
	Assignment      = model.Assignment
	AuditRecord     = model.AuditRecord
	Document        = model.Document
	Feedback        = model.Feedback
	HouseholdPerson = model.HouseholdPerson
	DeliveryRow     = model.DeliveryRow
	AssignedProduct = model.AssignedProduct
	Area            = model.Area
	ReleaseInfo     = model.ReleaseInfo
	ReleaseCell     = model.Cell
	ReleaseExtra    = model.ReleaseExtra
	Session         = model.Session
	ImportInfo      = model.ImportInfo
	RejectionRow    = model.RejectionRow
	User            = model.User
)
