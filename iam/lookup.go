package iam

import (
	"strings"

	"iamconsole/iam/arn"
	"iamconsole/store"
)

// ResolveAccount finds an account by 12-digit ID or alias.
func ResolveAccount(q *store.Q, idOrAlias string) (*store.Account, error) {
	idOrAlias = strings.TrimSpace(idOrAlias)
	if arn.IsAccountID(idOrAlias) {
		return q.Account(idOrAlias)
	}
	return q.AccountByAlias(strings.ToLower(idOrAlias))
}

// ErrNoSession is returned for a missing, unknown or expired session.
var ErrNoSession = &Error{Kind: KindUnauthenticated, Code: "NoSession", Message: "Your session has expired. Sign in again."}
