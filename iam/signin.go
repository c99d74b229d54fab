package iam

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"iamconsole/iam/arn"
	"iamconsole/store"
)

// Console session states.
const (
	StateMFA      = "mfa"      // password accepted, waiting for the MFA code
	StatePassword = "password" // signed in, must set a new password first
	StateActive   = "active"
)

// msgBadCredentials is AWS's one message for every wrong sign-in, so that the
// page never tells which part was wrong.
const msgBadCredentials = "Your authentication information is incorrect. Please try again."

// SignInInput is a console sign-in attempt: an IAM user (Account, UserName)
// or the root user (Email).
type SignInInput struct {
	Root      bool
	Account   string // 12-digit ID or alias
	UserName  string
	Email     string
	Password  string
	SourceIP  string
	UserAgent string
}

// SignInResult carries the new session's ID for the cookie (a fresh random
// ID on every sign-in) and its state.
type SignInResult struct {
	SessionID string
	State     string
}

// hashID is how a session ID is stored.
func hashID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// ResolveAccount finds an account by 12-digit ID or alias.
func ResolveAccount(q *store.Q, idOrAlias string) (*store.Account, error) {
	idOrAlias = strings.TrimSpace(idOrAlias)
	if arn.IsAccountID(idOrAlias) {
		return q.Account(idOrAlias)
	}
	return q.AccountByAlias(strings.ToLower(idOrAlias))
}

// SignIn checks credentials and opens a console session.
func (s *Service) SignIn(ctx context.Context, in SignInInput) (*SignInResult, error) {
	now := s.Now()
	var key string
	if in.Root {
		key = "root:" + strings.ToLower(strings.TrimSpace(in.Email))
	} else {
		key = "user:" + strings.ToLower(strings.TrimSpace(in.Account)) + "/" + strings.ToLower(in.UserName)
	}
	ipKey := "ip:" + in.SourceIP
	if w := s.throttle.wait(now, key, ipKey); w > 0 {
		return nil, &Error{Kind: KindThrottled, Code: "Throttling",
			Message: fmt.Sprintf("Too many failed sign-in attempts. Try again in %d seconds.", int(w.Seconds()+0.999))}
	}
	q := s.st.Read(ctx)
	fail := func(acct *store.Account, userName, why string) error {
		s.throttle.fail(now, key, ipKey)
		if acct != nil {
			s.recordLogin(ctx, nil, acct, userName, in, false, why)
		}
		return &Error{Kind: KindUnauthenticated, Code: "AuthFailure", Message: msgBadCredentials}
	}

	sess := &store.ConsoleSession{State: StateActive, SourceIP: in.SourceIP, UserAgent: truncate(in.UserAgent, 512),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.opts.SessionTTL)}
	var caller *Caller
	if in.Root {
		acct, err := q.AccountByRootEmail(strings.TrimSpace(in.Email))
		if err != nil {
			CheckPassword("", in.Password)
			if errors.Is(err, store.ErrNotFound) {
				return nil, fail(nil, "", "")
			}
			return nil, Internal(err)
		}
		if !CheckPassword(acct.RootPasswordHash, in.Password) {
			return nil, fail(acct, "", "Failed authentication")
		}
		sess.AccountID, sess.Root = acct.ID, true
		devs, err := q.EnabledMFAForRoot(acct.ID)
		if err != nil {
			return nil, Internal(err)
		}
		if len(devs) > 0 {
			sess.State = StateMFA
		}
		caller = RootCaller(acct)
	} else {
		acct, err := ResolveAccount(q, in.Account)
		if err != nil {
			CheckPassword("", in.Password)
			if errors.Is(err, store.ErrNotFound) {
				return nil, fail(nil, "", "")
			}
			return nil, Internal(err)
		}
		u, err := q.UserByName(acct.ID, in.UserName)
		if err != nil {
			CheckPassword("", in.Password)
			if errors.Is(err, store.ErrNotFound) {
				return nil, fail(acct, "", "No username found in supplied account")
			}
			return nil, Internal(err)
		}
		hash := ""
		if u.PasswordHash != nil {
			hash = *u.PasswordHash
		}
		if !CheckPassword(hash, in.Password) {
			return nil, fail(acct, u.Name, "Failed authentication")
		}
		sess.AccountID, sess.UserID = acct.ID, &u.ID
		devs, err := q.EnabledMFAForUser(u.ID)
		if err != nil {
			return nil, Internal(err)
		}
		switch {
		case len(devs) > 0:
			sess.State = StateMFA
		case u.PasswordResetRequired:
			sess.State = StatePassword
		}
		caller = UserCaller(acct, u)
	}
	s.throttle.succeed(key, ipKey)
	id := NewToken(32)
	sess.IDHash = hashID(id)
	err := s.st.Tx(ctx, func(q *store.Q) error {
		if err := q.CreateConsoleSession(sess); err != nil {
			return err
		}
		if !sess.Root && sess.State != StateMFA {
			return q.SetPasswordLastUsed(*sess.UserID, now)
		}
		return nil
	})
	if err != nil {
		return nil, Internal(err)
	}
	if sess.State != StateMFA {
		caller.SourceIP, caller.UserAgent = in.SourceIP, in.UserAgent
		s.recordLogin(ctx, caller, nil, "", in, true, "")
	}
	return &SignInResult{SessionID: id, State: sess.State}, nil
}

// recordLogin appends a ConsoleLogin event. For a failure with no known
// caller, acct and userName identify what was tried.
func (s *Service) recordLogin(ctx context.Context, c *Caller, acct *store.Account, userName string, in SignInInput, ok bool, why string) {
	r := NewEvent(ctx, c, SourceSignIn, "ConsoleLogin", s.Now())
	r.EventType = "AwsConsoleSignIn"
	r.SourceIPAddress, r.UserAgent = in.SourceIP, in.UserAgent
	r.RequestParameters = nil
	result := "Success"
	if !ok {
		result = "Failure"
		r.ErrorMessage = why
		id := acct.ID
		r.RecipientAccountID = id
		if in.Root {
			r.UserIdentity = UserIdentity{Type: "Root", PrincipalID: id, ARN: arn.Root(id), AccountID: id}
		} else {
			name := userName
			if name == "" {
				name = "HIDDEN_DUE_TO_SECURITY_REASONS"
			}
			r.UserIdentity = UserIdentity{Type: "IAMUser", AccountID: id, UserName: name}
		}
	}
	mfa := "No"
	if c != nil && c.MFA {
		mfa = "Yes"
	}
	r.ResponseElements = map[string]string{"ConsoleLogin": result}
	r.AdditionalEventData = map[string]any{"LoginTo": s.opts.ConsoleURL + "/console/home", "MobileVersion": "No", "MFAUsed": mfa}
	s.Record(r)
}

// CompleteMFA checks the MFA code of a session waiting for one and, when it
// is right, rotates the session ID and returns the new one.
func (s *Service) CompleteMFA(ctx context.Context, sessionID, code string) (*SignInResult, error) {
	now := s.Now()
	q := s.st.Read(ctx)
	sess, err := q.ConsoleSession(hashID(sessionID))
	if err != nil || sess.State != StateMFA || now.After(sess.ExpiresAt) {
		return nil, &Error{Kind: KindUnauthenticated, Code: "AuthFailure", Message: "Your sign-in session has expired. Sign in again."}
	}
	key := "mfa:" + sess.IDHash
	if w := s.throttle.wait(now, key); w > 0 {
		return nil, &Error{Kind: KindThrottled, Code: "Throttling", Message: fmt.Sprintf("Too many wrong codes. Try again in %d seconds.", int(w.Seconds()+0.999))}
	}
	var devs []store.MFADevice
	if sess.Root {
		devs, err = q.EnabledMFAForRoot(sess.AccountID)
	} else {
		devs, err = q.EnabledMFAForUser(*sess.UserID)
	}
	if err != nil {
		return nil, Internal(err)
	}
	code = strings.TrimSpace(code)
	var matched bool
	for _, d := range devs {
		seed, err := s.sealer.Open(d.SeedSealed, d.Serial)
		if err != nil {
			return nil, Internal(err)
		}
		step := MatchTOTP(seed, code, now)
		if step == 0 {
			continue
		}
		fresh, err := s.useStep(ctx, d.Serial, step)
		if err != nil {
			return nil, err
		}
		matched = fresh
		break
	}
	if !matched {
		s.throttle.fail(now, key)
		return nil, &Error{Kind: KindUnauthenticated, Code: "InvalidAuthenticationCode", Field: "mfa_code",
			Message: "Your authentication information is incorrect. Please try again."}
	}
	s.throttle.succeed(key)
	newID := NewToken(32)
	state := StateActive
	var caller *Caller
	err = s.st.Tx(ctx, func(q *store.Q) error {
		acct, err := q.Account(sess.AccountID)
		if err != nil {
			return err
		}
		if sess.Root {
			caller = RootCaller(acct)
		} else {
			u, err := q.UserByID(*sess.UserID)
			if err != nil {
				return err
			}
			if u.PasswordResetRequired {
				state = StatePassword
			}
			caller = UserCaller(acct, u)
			if err := q.SetPasswordLastUsed(u.ID, now); err != nil {
				return err
			}
		}
		if err := q.DeleteConsoleSession(sess.IDHash); err != nil {
			return err
		}
		sess.IDHash, sess.State = hashID(newID), state
		sess.MFAAuthenticated, sess.MFAAuthTime, sess.LastSeenAt = true, &now, now
		return q.CreateConsoleSession(sess)
	})
	if err != nil {
		return nil, Internal(err)
	}
	caller.MFA, caller.SourceIP, caller.UserAgent = true, sess.SourceIP, sess.UserAgent
	s.recordLogin(ctx, caller, nil, "", SignInInput{Root: sess.Root, SourceIP: sess.SourceIP, UserAgent: sess.UserAgent}, true, "")
	return &SignInResult{SessionID: newID, State: state}, nil
}

// useStep marks a TOTP step used; a replayed code reports false.
func (s *Service) useStep(ctx context.Context, serial string, step int64) (bool, error) {
	var fresh bool
	err := s.st.Tx(ctx, func(q *store.Q) error {
		var err error
		fresh, err = q.UseMFAStep(serial, step)
		return err
	})
	if err != nil {
		return false, Internal(err)
	}
	return fresh, nil
}

// SignOut ends a console session.
func (s *Service) SignOut(ctx context.Context, sessionID string) error {
	if sessionID == "" {
		return nil
	}
	// Batch, not Tx: its queue is in order, so the delete lands after a
	// switch of this session that is still being written.
	return StoreErr(s.st.Batch(ctx, func(q *store.Q) error { return q.DeleteConsoleSession(hashID(sessionID)) }), nil)
}

// Console is a resolved console session.
type Console struct {
	State     string
	Base      *Caller // the signed-in root user or IAM user
	Role      *Caller // the active role session, nil when none
	ExpiresAt time.Time
	// RoleExpired is set when the role session ran out and the session was
	// switched back on this request.
	RoleExpired     bool
	ExpiredRoleName string
	hash            string
	row             *store.ConsoleSession // the session row as resolved
}

// Effective is the principal the console acts as.
func (c *Console) Effective() *Caller {
	if c.Role != nil {
		return c.Role
	}
	return c.Base
}

// ErrNoSession is returned for a missing, unknown or expired session.
var ErrNoSession = &Error{Kind: KindUnauthenticated, Code: "NoSession", Message: "Your session has expired. Sign in again."}

// ResolveConsole loads the console session behind a cookie's session ID,
// enforcing the absolute and idle timeouts and the role session's expiry.
func (s *Service) ResolveConsole(ctx context.Context, sessionID string) (*Console, error) {
	if sessionID == "" {
		return nil, ErrNoSession
	}
	now := s.Now()
	q := s.st.Read(ctx)
	h := hashID(sessionID)
	// The session row comes from the store's write-through cache; expiry and
	// idleness are checked against it on every request.
	sess, rs, err := s.st.CachedConsoleSession(ctx, h)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNoSession
	} else if err != nil {
		return nil, Internal(err)
	}
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.opts.IdleTTL {
		s.SignOut(ctx, sessionID)
		return nil, ErrNoSession
	}
	acct, err := s.cachedAccount(q, sess.AccountID)
	if err != nil {
		return nil, Internal(err)
	}
	c := &Console{State: sess.State, ExpiresAt: sess.ExpiresAt, hash: h, row: sess}
	if sess.Root {
		c.Base = RootCaller(acct)
	} else {
		u, err := s.cachedUser(q, *sess.UserID)
		if err != nil {
			return nil, ErrNoSession
		}
		c.Base = UserCaller(acct, u)
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
				return nil, Internal(err)
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
			return nil, Internal(err)
		}
	}
	return c, nil
}

func RootCaller(a *store.Account) *Caller {
	c := &Caller{Type: CallerRoot, AccountID: a.ID, ARN: arn.Root(a.ID), UniqueID: a.ID}
	if a.Alias != nil {
		c.AccountAlias = *a.Alias
	}
	return c
}

func UserCaller(a *store.Account, u *store.User) *Caller {
	c := &Caller{Type: CallerUser, AccountID: a.ID, ARN: arn.IAM(a.ID, "user", u.Path, u.Name), UniqueID: u.ID,
		Path: u.Path, UserID: u.ID, UserName: u.Name}
	if a.Alias != nil {
		c.AccountAlias = *a.Alias
	}
	return c
}

func roleSessionCaller(a *store.Account, rs *store.RoleSession) *Caller {
	c := &Caller{Type: CallerAssumedRole, AccountID: a.ID, ARN: arn.AssumedRole(a.ID, rs.RoleName, rs.SessionName),
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

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// ChangeInitialPassword sets the new password a session in the password
// state must choose, and activates the session.
func (s *Service) ChangeInitialPassword(ctx context.Context, sessionID, oldPassword, newPassword string) error {
	sess, err := s.st.Read(ctx).ConsoleSession(hashID(sessionID))
	if err != nil || sess.State != StatePassword || sess.UserID == nil {
		return ErrNoSession
	}
	if err := ValidatePassword("new_password", newPassword); err != nil {
		return err
	}
	if oldPassword == newPassword {
		return &Error{Kind: KindInvalid, Code: "PasswordPolicyViolation", Field: "new_password", Message: "The new password must differ from the old one."}
	}
	hash, err := HashPassword(newPassword)
	if err != nil {
		return Internal(err)
	}
	return s.Tx(ctx, func(q *store.Q) error {
		u, err := q.UserByID(*sess.UserID)
		if err != nil {
			return StoreErr(err, ErrNoSession)
		}
		if u.PasswordHash == nil || !CheckPassword(*u.PasswordHash, oldPassword) {
			return &Error{Kind: KindInvalid, Code: "InvalidInput", Field: "old_password", Message: "The old password is incorrect."}
		}
		now := s.Now()
		u.PasswordHash, u.PasswordResetRequired, u.PasswordCreatedAt = &hash, false, &now
		if err := q.UpdateUser(u); err != nil {
			return err
		}
		sess.State = StateActive
		return q.UpdateConsoleSession(sess)
	})
}
