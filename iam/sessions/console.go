package sessions

import (
	"context"
	"errors"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/store"
)

// Console is a resolved console session.
type Console struct {
	State     string
	Base      *iam.Caller // the signed-in root user or IAM user
	Role      *iam.Caller // the active role session, nil when none
	ExpiresAt time.Time
	// RoleExpired is set when the role session ran out and the session was
	// switched back on this request.
	RoleExpired     bool
	ExpiredRoleName string
	hash            string
	row             *store.ConsoleSession // the session row as resolved
}

// Effective is the principal the console acts as.
func (c *Console) Effective() *iam.Caller {
	if c.Role != nil {
		return c.Role
	}
	return c.Base
}

// ResolveConsole loads the console session behind a cookie's session ID,
// enforcing the absolute and idle timeouts and the role session's expiry.
func (s *Service) ResolveConsole(ctx context.Context, sessionID string) (*Console, error) {
	if sessionID == "" {
		return nil, iam.ErrNoSession
	}
	now := s.k.Now()
	q := s.st.Read(ctx)
	h := hashID(sessionID)
	// The session row comes from the store's write-through cache; expiry and
	// idleness are checked against it on every request.
	sess, rs, err := s.st.CachedConsoleSession(ctx, h)
	if errors.Is(err, store.ErrNotFound) {
		return nil, iam.ErrNoSession
	} else if err != nil {
		return nil, iam.Internal(err)
	}
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.opts.IdleTTL {
		s.SignOut(ctx, sessionID)
		return nil, iam.ErrNoSession
	}
	acct, err := s.cachedAccount(q, sess.AccountID)
	if err != nil {
		return nil, iam.Internal(err)
	}
	c := &Console{State: sess.State, ExpiresAt: sess.ExpiresAt, hash: h, row: sess}
	if sess.Root {
		c.Base = iam.RootCaller(acct)
	} else {
		u, err := s.cachedUser(q, *sess.UserID)
		if err != nil {
			return nil, iam.ErrNoSession
		}
		c.Base = iam.UserCaller(acct, u)
	}
	c.Base.Console, c.Base.Temporary = true, true
	c.Base.MFA = sess.MFAAuthenticated
	if sess.MFAAuthTime != nil {
		c.Base.MFAAuthTime = *sess.MFAAuthTime
	}
	c.Base.IssuedAt, c.Base.SourceIP, c.Base.UserAgent = sess.CreatedAt, sess.SourceIP, sess.UserAgent
	touch := now.Sub(sess.LastSeenAt) > time.Minute
	if sess.RoleSessionID != nil {
		switch {
		case rs != nil && now.Before(rs.ExpiresAt):
			ra, err := s.cachedAccount(q, rs.AccountID)
			if err != nil {
				return nil, iam.Internal(err)
			}
			c.Role = roleSessionCaller(ra, rs)
			c.Role.Console, c.Role.SourceIP, c.Role.UserAgent = true, sess.SourceIP, sess.UserAgent
		default:
			c.RoleExpired = true
			if rs != nil {
				c.ExpiredRoleName = rs.RoleName
			}
			sess.RoleSessionID = nil
			touch = true
		}
	}
	if touch {
		sess.LastSeenAt = now
		if err := s.st.Batch(ctx, func(q *store.Q) error { return q.UpdateConsoleSession(sess) }); err != nil {
			return nil, iam.Internal(err)
		}
	}
	return c, nil
}

func roleSessionCaller(a *store.Account, rs *store.RoleSession) *iam.Caller {
	c := &iam.Caller{Type: iam.CallerAssumedRole, AccountID: a.ID, ARN: arn.AssumedRole(a.ID, rs.RoleName, rs.SessionName),
		UniqueID: rs.RoleID, RoleID: rs.RoleID, RoleName: rs.RoleName, RolePath: rs.RolePath,
		RoleARN: arn.IAM(a.ID, "role", rs.RolePath, rs.RoleName), SessionName: rs.SessionName, RoleSessionID: rs.ID,
		DisplayName: rs.DisplayName, Color: rs.Color, Expires: rs.ExpiresAt, SourceARN: rs.SourceARN,
		SourceIdentity: rs.SourceIdentity, MFA: rs.MFAAuthenticated, IssuedAt: rs.IssuedAt, Temporary: true,
		AccessKeyID: rs.ID, SessionPolicy: rs.SessionPolicy}
	if rs.MFAAuthTime != nil {
		c.MFAAuthTime = *rs.MFAAuthTime
	}
	if a.Alias != nil {
		c.AccountAlias = *a.Alias
	}
	return c
}

// cachedAccount reads an account by ID, from memory while no IAM write has
// happened since. Callers must not modify it.
func (s *Service) cachedAccount(q *store.Q, id string) (*store.Account, error) {
	return s.accounts.Load("account\x00"+id, func() (*store.Account, error) { return q.Account(id) })
}

// cachedAccountByIDOrAlias is resolveAccount from memory, like cachedAccount.
func (s *Service) cachedAccountByIDOrAlias(q *store.Q, idOrAlias string) (*store.Account, error) {
	if arn.IsAccountID(idOrAlias) {
		return s.cachedAccount(q, idOrAlias)
	}
	return s.accounts.Load("alias\x00"+idOrAlias, func() (*store.Account, error) { return iam.ResolveAccount(q, idOrAlias) })
}

// cachedUser reads a user by ID like cachedAccount.
func (s *Service) cachedUser(q *store.Q, id string) (*store.User, error) {
	return s.users.Load("user\x00"+id, func() (*store.User, error) { return q.UserByID(id) })
}
