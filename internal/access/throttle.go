package access

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/ontschot/ontschot/internal/store"
)

// Log-in throttling (issue 11.4). Failures are counted in the store (so a
// restart resets nothing) under two keys: the account, and the pair of
// client address and account. Past a number of free attempts each key
// makes the next attempt wait, doubling with every failure up to a cap.
// There is no per-address lock: colleagues behind one office address are
// not locked out by each other's typos.
const (
	pairFreeAttempts    = 5  // per (address, account)
	accountFreeAttempts = 10 // per account, from all addresses together
	maxLoginDelay       = 15 * time.Minute
)

// loginDelay is how long after the last of n failures the next attempt
// must wait when free attempts are allowed without delay.
func loginDelay(n, free int) time.Duration {
	if n < free {
		return 0
	}
	exp := n - free
	if exp > 20 {
		return maxLoginDelay
	}
	d := time.Duration(math.Pow(2, float64(exp))) * time.Second
	return min(d, maxLoginDelay)
}

// accountKey normalises a user name as log-in does (trimmed), and folds
// case, so padded or re-cased names share one counter.
func accountKey(username string) string {
	u := strings.ToLower(strings.TrimSpace(username))
	if len(u) > 64 { // longer than any user name: never a real account
		u = u[:64]
	}
	return u
}

func throttleKeys(ip, username string) []string {
	// Stored hashed: the table holds no user names (which may be a BSN
	// typed in the wrong field) and no addresses.
	acc := accountKey(username)
	return []string{TokenHash("a:" + acc), TokenHash("p:" + ip + "|" + acc)}
}

// LoginWait returns how long a log-in as username from address ip must
// still wait; 0 lets it through.
func LoginWait(ctx context.Context, st *store.Store, ip, username string) (time.Duration, error) {
	keys := throttleKeys(ip, username)
	got, err := st.LoginFailures(ctx, keys)
	if err != nil {
		return 0, err
	}
	var wait time.Duration
	for i, k := range keys {
		free := accountFreeAttempts
		if i == 1 {
			free = pairFreeAttempts
		}
		th, ok := got[k]
		if !ok {
			continue
		}
		if left := time.Until(th.Last.Add(loginDelay(th.Failures, free))); left > wait {
			wait = left
		}
	}
	return wait, nil
}

// LoginFailed counts a failed log-in as username from ip.
func LoginFailed(ctx context.Context, st *store.Store, ip, username string) error {
	return st.AddLoginFailure(ctx, throttleKeys(ip, username))
}

// LoginSucceeded clears the counts of a good log-in.
func LoginSucceeded(ctx context.Context, st *store.Store, ip, username string) error {
	return st.ClearLoginFailures(ctx, throttleKeys(ip, username))
}
