package access

import (
	"context"
	"errors"

	"github.com/ontschot/ontschot/internal/store"
)

// ErrNoAccount is the answer when an identity provider vouches for
// someone Ontschot has no (active) account for, or whose IdP role does not
// match the account's.
var ErrNoAccount = errors.New("u bent bij de inlogdienst bekend, maar heeft hier geen (actief) account met die rol; vraag het functioneel beheer / no matching active account")

// AccountForIdentity finds the account an identity provider's log-in opens:
// for staff the account with the IdP's user name, whose role must be the
// role the IdP's groups map to (so the IdP cannot silently raise a role);
// for a family member (person set, from the DigiD broker through the
// kluis) the member account of that person pseudonym. Assignments and
// approvals stay on the Ontschot account.
func AccountForIdentity(ctx context.Context, st *store.Store, username, role, person string) (store.User, error) {
	if person != "" {
		users, err := st.Users(ctx)
		if err != nil {
			return store.User{}, err
		}
		for _, u := range users {
			if u.Person == person && u.Role == Member && !u.Disabled {
				return u, nil
			}
		}
		return store.User{}, ErrNoAccount
	}
	u, err := st.UserByName(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		return store.User{}, ErrNoAccount
	}
	if err != nil {
		return store.User{}, err
	}
	if u.Disabled || u.Role != role || role == Member {
		return store.User{}, ErrNoAccount
	}
	return u, nil
}
