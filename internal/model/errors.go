package model

import "errors"

// ErrNotFound is the answer to a question about something that is not
// there: a user, document, release or import (store.ErrNotFound is it).
var ErrNotFound = errors.New("niet gevonden / not found")
