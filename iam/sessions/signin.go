package sessions

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"iamconsole/iam"
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

// SignIn checks credentials and opens a console session. Failures are
// throttled per (source address, account, user) and per source address,
// never per user alone (see throttle.go); an account named by its alias
// and by its ID shares one count.
func (s *Service) SignIn(ctx context.Context, in SignInInput) (*SignInResult, error) {
	now := s.k.Now()
	q := s.st.Read(ctx)
	// The account is resolved first, so that its alias and its ID count
	// as one; an unknown account is counted under the name given.
	var acct *store.Account
	var acctErr error
	var key string
	if in.Root {
		key = "pw:root:" + strings.ToLower(strings.TrimSpace(in.Email)) + "@" + in.SourceIP
	} else {
		acct, acctErr = iam.ResolveAccount(q, in.Account)
		name := "?" + strings.ToLower(strings.TrimSpace(in.Account))
		if acctErr == nil {
			name = acct.ID
		}
		key = "pw:" + name + "/" + strings.ToLower(in.UserName) + "@" + in.SourceIP
	}
	keys := []keyed{{key, passwordRule}, {"ip:" + in.SourceIP, addressRule}}
	if w, err := s.throttle.wait(ctx, now, keys...); err != nil {
		return nil, iam.Internal(err)
	} else if w > 0 {
		return nil, &iam.Error{Kind: iam.KindThrottled, Code: "Throttling",
			Message: fmt.Sprintf("Too many failed sign-in attempts. Try again in %d seconds.", int(w.Seconds()+0.999))}
	}
	fail := func(acct *store.Account, userName, why string) error {
		if err := s.throttle.fail(ctx, now, keys...); err != nil {
			s.log.Error("sign-in: count failure", "err", err)
		}
		if acct != nil {
			s.recordLogin(ctx, nil, acct, userName, in, false, why)
		}
		return &iam.Error{Kind: iam.KindUnauthenticated, Code: "AuthFailure", Message: msgBadCredentials}
	}

	sess := &store.ConsoleSession{State: StateActive, SourceIP: in.SourceIP, UserAgent: truncate(in.UserAgent, 512),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.opts.SessionTTL)}
	var caller *iam.Caller
	if in.Root {
		acct, err := q.AccountByRootEmail(strings.TrimSpace(in.Email))
		if err != nil {
			iam.CheckPassword("", in.Password)
			if errors.Is(err, store.ErrNotFound) {
				return nil, fail(nil, "", "")
			}
			return nil, iam.Internal(err)
		}
		if !iam.CheckPassword(acct.RootPasswordHash, in.Password) {
			return nil, fail(acct, "", "Failed authentication")
		}
		sess.AccountID, sess.Root = acct.ID, true
		devs, err := q.EnabledMFAForRoot(acct.ID)
		if err != nil {
			return nil, iam.Internal(err)
		}
		if len(devs) > 0 {
			sess.State = StateMFA
		}
		caller = iam.RootCaller(acct)
	} else {
		if acctErr != nil {
			iam.CheckPassword("", in.Password)
			if errors.Is(acctErr, store.ErrNotFound) {
				return nil, fail(nil, "", "")
			}
			return nil, iam.Internal(acctErr)
		}
		u, err := q.UserByName(acct.ID, in.UserName)
		if err != nil {
			iam.CheckPassword("", in.Password)
			if errors.Is(err, store.ErrNotFound) {
				return nil, fail(acct, "", "No username found in supplied account")
			}
			return nil, iam.Internal(err)
		}
		hash := ""
		if u.PasswordHash != nil {
			hash = *u.PasswordHash
		}
		if !iam.CheckPassword(hash, in.Password) {
			return nil, fail(acct, u.Name, "Failed authentication")
		}
		sess.AccountID, sess.UserID = acct.ID, &u.ID
		devs, err := q.EnabledMFAForUser(u.ID)
		if err != nil {
			return nil, iam.Internal(err)
		}
		expired, hard, err := s.id.PasswordExpired(q, acct.ID, u, now)
		if err != nil {
			return nil, err
		}
		if hard {
			// An expired password the user may not change: only an
			// administrator can let them in again.
			return nil, fail(acct, u.Name, "Password expired")
		}
		switch {
		case len(devs) > 0:
			sess.State = StateMFA
		case u.PasswordResetRequired || expired:
			sess.State = StatePassword
		}
		caller = iam.UserCaller(acct, u)
	}
	if err := s.throttle.succeed(ctx, keys[0]); err != nil {
		s.log.Error("sign-in: clear failures", "err", err)
	}
	id := iam.NewToken(32)
	sess.IDHash = hashID(id)
	// The ConsoleLogin event is written with the session it opens: no
	// later event of the session can be stored without it.
	var login []store.Event
	if sess.State != StateMFA {
		caller.SourceIP, caller.UserAgent = in.SourceIP, in.UserAgent
		login = []store.Event{s.loginEvent(ctx, caller, nil, "", in, true, "").Row()}
	}
	err := s.st.Tx(ctx, func(q *store.Q) error {
		if err := q.CreateConsoleSession(sess); err != nil {
			return err
		}
		if !sess.Root && sess.State != StateMFA {
			if err := q.SetPasswordLastUsed(*sess.UserID, now); err != nil {
				return err
			}
		}
		return q.InsertEvents(login)
	})
	if err != nil {
		return nil, iam.Internal(err)
	}
	return &SignInResult{SessionID: id, State: sess.State}, nil
}

// recordLogin queues a ConsoleLogin event of a failed sign-in: acct and
// userName identify what was tried.
func (s *Service) recordLogin(ctx context.Context, c *iam.Caller, acct *store.Account, userName string, in SignInInput, ok bool, why string) {
	s.k.Record(s.loginEvent(ctx, c, acct, userName, in, ok, why))
}

// loginEvent builds a ConsoleLogin event. For a failure with no known
// caller, acct and userName identify what was tried.
func (s *Service) loginEvent(ctx context.Context, c *iam.Caller, acct *store.Account, userName string, in SignInInput, ok bool, why string) *iam.Record {
	r := iam.NewEvent(ctx, c, iam.SourceSignIn, "ConsoleLogin", s.k.Now())
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
			r.UserIdentity = iam.UserIdentity{Type: "Root", PrincipalID: id, ARN: arn.Root(id), AccountID: id}
		} else {
			name := userName
			if name == "" {
				name = "HIDDEN_DUE_TO_SECURITY_REASONS"
			}
			r.UserIdentity = iam.UserIdentity{Type: "IAMUser", AccountID: id, UserName: name}
		}
	}
	mfa := "No"
	if c != nil && c.MFA {
		mfa = "Yes"
	}
	r.ResponseElements = map[string]string{"ConsoleLogin": result}
	r.AdditionalEventData = map[string]any{"LoginTo": s.opts.ConsoleURL + "/console/home", "MobileVersion": "No", "MFAUsed": mfa}
	return r
}

// CompleteMFA checks the MFA code of a session waiting for one and, when it
// is right, rotates the session ID and returns the new one.
func (s *Service) CompleteMFA(ctx context.Context, sessionID, code string) (*SignInResult, error) {
	now := s.k.Now()
	q := s.st.Read(ctx)
	sess, err := q.ConsoleSession(hashID(sessionID))
	if err != nil || sess.State != StateMFA || now.After(sess.ExpiresAt) {
		return nil, &iam.Error{Kind: iam.KindUnauthenticated, Code: "AuthFailure", Message: "Your sign-in session has expired. Sign in again."}
	}
	// Per user (or root account), across sign-ins: signing in again does
	// not give anyone who knows the password more guesses.
	who := "root:" + sess.AccountID
	if !sess.Root {
		who = "user:" + *sess.UserID
	}
	mfaKey := keyed{"mfa:" + who, mfaRule}
	if w, err := s.throttle.wait(ctx, now, mfaKey); err != nil {
		return nil, iam.Internal(err)
	} else if w > 0 {
		return nil, &iam.Error{Kind: iam.KindThrottled, Code: "Throttling", Field: "mfa_code", Message: fmt.Sprintf("Too many wrong codes. Try again in %d seconds.", int(w.Seconds()+0.999))}
	}
	var devs []store.MFADevice
	if sess.Root {
		devs, err = q.EnabledMFAForRoot(sess.AccountID)
	} else {
		devs, err = q.EnabledMFAForUser(*sess.UserID)
	}
	if err != nil {
		return nil, iam.Internal(err)
	}
	code = strings.TrimSpace(code)
	var matched bool
	for _, d := range devs {
		ok, fresh, err := s.id.CheckMFACode(ctx, &d, code, now)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		matched = fresh
		break
	}
	if !matched {
		if err := s.throttle.fail(ctx, now, mfaKey); err != nil {
			s.log.Error("sign-in: count MFA failure", "err", err)
		}
		return nil, &iam.Error{Kind: iam.KindUnauthenticated, Code: "InvalidAuthenticationCode", Field: "mfa_code",
			Message: "Your authentication information is incorrect. Please try again."}
	}
	if err := s.throttle.succeed(ctx, mfaKey); err != nil {
		s.log.Error("sign-in: clear MFA failures", "err", err)
	}
	newID := iam.NewToken(32)
	state := StateActive
	var caller *iam.Caller
	err = s.st.Tx(ctx, func(q *store.Q) error {
		acct, err := q.Account(sess.AccountID)
		if err != nil {
			return err
		}
		if sess.Root {
			caller = iam.RootCaller(acct)
		} else {
			u, err := q.UserByID(*sess.UserID)
			if err != nil {
				return err
			}
			if u.PasswordResetRequired {
				state = StatePassword
			}
			caller = iam.UserCaller(acct, u)
			if err := q.SetPasswordLastUsed(u.ID, now); err != nil {
				return err
			}
		}
		if err := q.DeleteConsoleSession(sess.IDHash); err != nil {
			return err
		}
		sess.IDHash, sess.State = hashID(newID), state
		sess.MFAAuthenticated, sess.MFAAuthTime, sess.LastSeenAt = true, &now, now
		if err := q.CreateConsoleSession(sess); err != nil {
			return err
		}
		// Written with the session, as at a sign-in without MFA.
		caller.MFA, caller.SourceIP, caller.UserAgent = true, sess.SourceIP, sess.UserAgent
		ev := s.loginEvent(ctx, caller, nil, "", SignInInput{Root: sess.Root, SourceIP: sess.SourceIP, UserAgent: sess.UserAgent}, true, "")
		return q.InsertEvents([]store.Event{ev.Row()})
	})
	if err != nil {
		return nil, iam.Internal(err)
	}
	return &SignInResult{SessionID: newID, State: state}, nil
}

// SignOut ends a console session.
func (s *Service) SignOut(ctx context.Context, sessionID string) error {
	if sessionID == "" {
		return nil
	}
	// Batch, not Tx: its queue is in order, so the delete lands after a
	// switch of this session that is still being written.
	return iam.StoreErr(s.st.Batch(ctx, func(q *store.Q) error { return q.DeleteConsoleSession(hashID(sessionID)) }), nil)
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
		return iam.ErrNoSession
	}
	if err := s.id.CheckNewPassword(s.st.Read(ctx), sess.AccountID, *sess.UserID, "new_password", newPassword); err != nil {
		return err
	}
	if oldPassword == newPassword {
		return &iam.Error{Kind: iam.KindInvalid, Code: "PasswordPolicyViolation", Field: "new_password", Message: "The new password must differ from the old one."}
	}
	hash, err := iam.HashPassword(newPassword)
	if err != nil {
		return iam.Internal(err)
	}
	return s.k.Tx(ctx, func(q *store.Q) error {
		u, err := q.UserByID(*sess.UserID)
		if err != nil {
			return iam.StoreErr(err, iam.ErrNoSession)
		}
		if u.PasswordHash == nil || !iam.CheckPassword(*u.PasswordHash, oldPassword) {
			return &iam.Error{Kind: iam.KindInvalid, Code: "InvalidInput", Field: "old_password", Message: "The old password is incorrect."}
		}
		now := s.k.Now()
		if err := q.RememberPassword(u.ID, hash, now); err != nil {
			return err
		}
		u.PasswordHash, u.PasswordResetRequired, u.PasswordCreatedAt = &hash, false, &now
		if err := q.UpdateUser(u); err != nil {
			return err
		}
		sess.State = StateActive
		return q.UpdateConsoleSession(sess)
	})
}
