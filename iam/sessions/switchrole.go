package sessions

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// MsgSwitchRoleInvalid is the console's one banner for every refused switch:
// unknown account or role, missing trust, missing permission.
const MsgSwitchRoleInvalid = "Invalid information in one or more fields. Check your information or contact your administrator."

// SwitchColors is the console's Switch Role palette (red, orange, yellow,
// green, blue), as 6-digit lower-case hex.
var SwitchColors = []string{"f2b0a9", "fbc8aa", "efda95", "b7ca9d", "83d4e8"}

// Limits of the Switch Role form.
const (
	// MaxSwitchRoleName bounds path + role name as typed in the form (AWS
	// keeps it in a cookie).
	MaxSwitchRoleName = 64
	// MaxSwitchDisplayName bounds the display name.
	MaxSwitchDisplayName = 64
	// roleHistoryKept is how many roles are remembered per user; the identity
	// menu shows the first RoleHistoryShown.
	roleHistoryKept = 50
	// RoleHistoryShown is how many recent roles the identity menu lists.
	RoleHistoryShown = 5
)

// SwitchRoleInput is the Switch Role form. Field names of errors are the
// form's: account, roleName, displayName, color.
type SwitchRoleInput struct {
	Account     string // 12-digit ID or alias
	RoleName    string // "name" or "path/name", case-sensitive
	DisplayName string // optional, ≤ 64 characters
	Color       string // one of SwitchColors (any case) or ""
	// RedirectURI is the same-origin path the console goes to afterwards;
	// it is recorded in the SwitchRole event.
	RedirectURI string
}

// NormalizeColor returns c lower-cased when it is in the palette, "" for
// "", and ok=false for anything else.
func NormalizeColor(c string) (string, bool) {
	c = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(c), "#"))
	if c == "" {
		return "", true
	}
	for _, p := range SwitchColors {
		if c == p {
			return c, true
		}
	}
	return "", false
}

// splitRoleName splits the form's "path/name" into an IAM path and a name.
func splitRoleName(s string) (path, name string) {
	s = strings.Trim(s, "/")
	i := strings.LastIndexByte(s, '/')
	if i < 0 {
		return "/", s
	}
	return "/" + s[:i+1], s[i+1:]
}

// validateSwitch checks the form and returns it normalized.
func validateSwitch(in SwitchRoleInput) (SwitchRoleInput, error) {
	in.Account = strings.TrimSpace(in.Account)
	in.RoleName = strings.Trim(strings.TrimSpace(in.RoleName), "/")
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	switch {
	case in.Account == "":
		return in, iam.ValidationError("account", "Enter the account ID or alias.")
	case !arn.IsAccountID(in.Account) && iam.ValidateAlias(strings.ToLower(in.Account)) != nil:
		return in, iam.ValidationError("account", "The account must be a 12-digit account ID or an account alias.")
	case in.RoleName == "":
		return in, iam.ValidationError("roleName", "Enter the role name.")
	case utf8.RuneCountInString(in.RoleName) > MaxSwitchRoleName:
		return in, iam.ValidationError("roleName", "The path and role name together must be %d characters or fewer.", MaxSwitchRoleName)
	case utf8.RuneCountInString(in.DisplayName) > MaxSwitchDisplayName:
		return in, iam.ValidationError("displayName", "The display name must be %d characters or fewer.", MaxSwitchDisplayName)
	}
	if !arn.IsAccountID(in.Account) {
		in.Account = strings.ToLower(in.Account)
	}
	path, name := splitRoleName(in.RoleName)
	if err := iam.ValidateName("roleName", "roleName", name, 64); err != nil {
		return in, err
	}
	if err := iam.ValidatePath("roleName", path); err != nil {
		return in, iam.ValidationError("roleName", "The role path may contain only the characters U+0021 to U+007E.")
	}
	c, ok := NormalizeColor(in.Color)
	if !ok {
		return in, iam.ValidationError("color", "Choose one of the colors offered, or none.")
	}
	in.Color = c
	return in, nil
}

// refusal is the generic Switch Role denial with an explanation.
func refusal(action, resource, layer, reason string, from *iam.Explanation) *iam.Error {
	ex := &iam.Explanation{Action: action, Resource: resource, Layer: layer, Reason: reason}
	if from != nil {
		ex.Layer, ex.Policy, ex.Sid, ex.Explicit = from.Layer, from.Policy, from.Sid, from.Explicit
	}
	return &iam.Error{Kind: iam.KindDenied, Code: "AccessDenied", Message: MsgSwitchRoleInvalid, Explanation: ex}
}

// SwitchRole switches the console session sessionID to a role session,
// authorized with the session's signed-in identity (never the active role:
// the console does not chain roles). It rotates the session ID and returns
// the new one with the new effective principal.
func (s *Service) SwitchRole(ctx context.Context, sessionID string, in SwitchRoleInput) (string, *iam.Caller, error) {
	con, err := s.ResolveConsole(ctx, sessionID)
	if err != nil {
		return "", nil, err
	}
	if con.State != StateActive {
		return "", nil, iam.ErrNoSession
	}
	base := con.Base
	in, err = validateSwitch(in)
	if err != nil {
		s.recordSwitchFailure(ctx, base, nil, in, err)
		return "", nil, err
	}
	now := s.k.Now()
	action := catalog.STSAssumeRole.String()
	if base.IsRoot() {
		e := refusal(action, "", "", "Roles may not be assumed by root accounts. Sign in as an IAM user to switch roles.", nil)
		s.recordSwitchFailure(ctx, base, nil, in, e)
		return "", nil, e
	}
	path, name := splitRoleName(in.RoleName)
	q := s.st.Read(ctx)
	acct, err := s.cachedAccountByIDOrAlias(q, in.Account)
	if errors.Is(err, store.ErrNotFound) {
		e := refusal(action, "", "", fmt.Sprintf("No account has the ID or alias %q.", in.Account), nil)
		s.recordSwitchFailure(ctx, base, nil, in, e)
		return "", nil, e
	} else if err != nil {
		return "", nil, iam.Internal(err)
	}
	roleARN := arn.IAM(acct.ID, "role", path, name)
	target, err := s.k.FindAssumeTarget(q, acct.ID, path, name)
	if errors.Is(err, iam.ErrNoRole) {
		e := refusal(action, roleARN, "", fmt.Sprintf("The account has no role %s (role names and paths are case-sensitive; a role with a path is entered as path/name).", roleARN), nil)
		s.recordSwitchFailure(ctx, base, nil, in, e)
		return "", nil, e
	} else if err != nil {
		return "", nil, err
	}
	role, trust := target.Role, target.Trust
	_, derr := s.k.DecideAssume(ctx, base, target, action, map[string][]string{"sts:RoleSessionName": {base.UserName}})
	if derr != nil {
		de := iam.AsError(derr)
		if de.Kind != iam.KindDenied || de.Explanation == nil {
			return "", nil, de
		}
		e := refusal(action, roleARN, "", explainSwitchDenial(de, trust, base), de.Explanation)
		s.recordAssumeFailure(ctx, base, role, acct, e, de.Message)
		return "", nil, e
	}

	// Allowed: open the role session, point the console session at it.
	left := con.ExpiresAt.Sub(now)
	dur := time.Duration(role.MaxSessionDuration) * time.Second
	if dur <= 0 {
		dur = time.Hour
	}
	dur = min(dur, left)
	rs := &store.RoleSession{ID: iam.NewAccessKeyID(iam.PrefixTempAccessKey), RoleID: role.ID, AccountID: acct.ID, RoleName: role.Name,
		RolePath: role.Path, SessionName: base.UserName, SourceARN: base.ARN, SourceID: base.UserID, SourceAccountID: base.AccountID,
		DisplayName: in.DisplayName, Color: in.Color, MFAAuthenticated: base.MFA, IssuedAt: now, ExpiresAt: now.Add(dur)}
	if base.MFA {
		t := base.MFAAuthTime
		rs.MFAAuthTime = &t
	}
	caller := roleSessionCaller(acct, rs)
	caller.Console, caller.SourceIP, caller.UserAgent = true, base.SourceIP, base.UserAgent
	events := s.switchEvents(ctx, base, caller, role, in.RedirectURI, now)
	newID := iam.NewToken(32)
	hist := iam.RoleLink{Account: acct.ID, RoleName: in.RoleName, DisplayName: in.DisplayName, Color: in.Color, UsedAt: now}
	if acct.Alias != nil {
		hist.Account = *acct.Alias
	}
	rows := make([]store.Event, 0, len(events))
	for _, ev := range events {
		rows = append(rows, ev.Row())
	}
	// The switch answers once its writes are queued: from then on the store
	// answers for the new session ID, and the group commit writes the role
	// session, the rotated console session, the history entry and the
	// switch's events, all or none of them.
	// On a shared database the switch is answered only once written:
	// another instance may get the next request, and this one may be lost.
	written := make(chan error, 1)
	s.switchHistory(base.UserID, hist, func(usedAt time.Time, settle func(ok bool)) {
		s.st.RotateConsoleSessionLater(ctx, con.row, hashID(newID), rs, now, func(q *store.Q) error {
			// History keeps the canonical account ID, so that the alias and
			// the ID of one role are one entry.
			if err := q.TouchRoleHistory(&store.RoleHistory{UserID: base.UserID, Account: acct.ID, RoleName: in.RoleName,
				DisplayName: in.DisplayName, Color: in.Color, UsedAt: usedAt}, roleHistoryKept); err != nil {
				return err
			}
			return q.InsertEvents(rows)
		}, func(err error) {
			settle(err == nil)
			if err != nil {
				s.log.Error("switch role: write", "role", roleARN, "err", err)
			}
			written <- err
		})
	})
	if s.st.Shared() {
		if err := <-written; err != nil {
			return "", nil, iam.Internal(err)
		}
	}
	// The role is in use from now on, as the session is.
	s.k.NoteRoleUse(role.ID, now, "us-east-1")
	return newID, caller, nil
}

// explainSwitchDenial says which side refused the switch and why.
func explainSwitchDenial(de *iam.Error, trust *policy.Policy, base *iam.Caller) string {
	var b strings.Builder
	if de.Explanation.Layer == policy.LayerTrust.String() {
		b.WriteString("The role's trust policy refuses you: ")
	} else {
		b.WriteString("Your own policies refuse the switch: ")
	}
	b.WriteString(de.Message + ".")
	if de.Explanation.Layer == policy.LayerTrust.String() && !de.Explanation.Explicit {
		keys := trustConditionKeys(trust)
		switch {
		case keys["sts:externalid"]:
			b.WriteString(" The trust policy requires an external ID (sts:ExternalId), which the console cannot send; use the AssumeRole API with --external-id.")
		case (keys["aws:multifactorauthpresent"] || keys["aws:multifactorauthage"]) && !base.MFA:
			b.WriteString(" The trust policy requires MFA, and you signed in without an MFA code: sign in again with your MFA device.")
		}
	}
	return b.String()
}

// trustConditionKeys lists the condition keys (lower case) of a trust
// policy's Allow statements.
func trustConditionKeys(p *policy.Policy) map[string]bool {
	keys := map[string]bool{}
	if p == nil || p.Document() == nil {
		return keys
	}
	for _, st := range p.Document().Statements {
		if st.Effect != "Allow" {
			continue
		}
		for _, c := range st.Conditions {
			keys[strings.ToLower(c.Key)] = true
		}
	}
	return keys
}

// switchEvents builds the records of a console switch: AssumeRole in the
// user's account, SwitchRole in the role's, and, across accounts, the
// AssumeRole again in the role's account (as the API's AssumeRole is
// recorded in both), all linked by one sharedEventID.
func (s *Service) switchEvents(ctx context.Context, base, sess *iam.Caller, role *store.Role, redirect string, now time.Time) []*iam.Record {
	shared := iam.NewUUID()
	sw := iam.NewEvent(ctx, sess, iam.SourceSignIn, "SwitchRole", now)
	sw.EventType, sw.RequestParameters, sw.SharedEventID = "AwsConsoleSignIn", nil, shared
	sw.ResponseElements = map[string]string{"SwitchRole": "Success"}
	sw.AdditionalEventData = map[string]any{"SwitchFrom": base.ARN, "RedirectTo": s.redirectURL(redirect)}

	ar := s.assumeEvent(ctx, base, role, sess.AccountID, shared, now)
	ar.ResponseElements = map[string]any{
		"credentials": map[string]string{"accessKeyId": sess.AccessKeyID,
			"expiration": sess.Expires.UTC().Format(iam.ExpirationFormat)},
		"assumedRoleUser": map[string]string{"assumedRoleId": sess.UniqueID + ":" + sess.SessionName, "arn": sess.ARN},
	}
	out := []*iam.Record{ar, sw}
	if other := crossAccountCopy(ar, base, sess.AccountID, now); other != nil {
		out = append(out, other)
	}
	return out
}

// crossAccountCopy is the AssumeRole record as the role's account sees a
// caller from another account (userIdentity AWSAccount), or nil within one
// account.
func crossAccountCopy(ar *iam.Record, base *iam.Caller, roleAcct string, now time.Time) *iam.Record {
	if roleAcct == base.AccountID {
		return nil
	}
	other := *ar
	other.EventID = iam.NewEventID(now)
	other.RecipientAccountID = roleAcct
	other.UserIdentity = iam.UserIdentity{Type: "AWSAccount", PrincipalID: base.UserIDKey(), AccountID: base.AccountID, InvokedBy: "AWS Internal"}
	return &other
}

// assumeEvent starts the AssumeRole record the console makes on the user's
// behalf, in the user's account.
func (s *Service) assumeEvent(ctx context.Context, base *iam.Caller, role *store.Role, roleAcct, shared string, now time.Time) *iam.Record {
	roleARN := arn.IAM(roleAcct, "role", role.Path, role.Name)
	ar := iam.NewEvent(ctx, base, iam.SourceSTS, "AssumeRole", now)
	ar.SourceIPAddress, ar.UserAgent, ar.SharedEventID = "AWS Internal", "AWS Internal", shared
	ar.UserIdentity.InvokedBy = "AWS Internal"
	ar.RequestParameters = map[string]string{"roleArn": roleARN, "roleSessionName": base.UserName}
	ar.Resources = []iam.Resource{{ARN: roleARN, AccountID: roleAcct, Type: "AWS::IAM::Role"}}
	return ar
}

func (s *Service) redirectURL(redirect string) string {
	if redirect == "" {
		redirect = "/"
	}
	return strings.TrimRight(s.opts.ConsoleURL, "/") + redirect
}

// recordSwitchFailure records a refused switch that never reached the
// authorization step, in the user's account.
func (s *Service) recordSwitchFailure(ctx context.Context, base *iam.Caller, role *store.Role, in SwitchRoleInput, err error) {
	e := iam.AsError(err)
	r := iam.NewEvent(ctx, base, iam.SourceSignIn, "SwitchRole", s.k.Now())
	r.EventType, r.RequestParameters = "AwsConsoleSignIn", nil
	r.ResponseElements = map[string]string{"SwitchRole": "Failure"}
	r.ErrorMessage = e.Message
	if e.Explanation != nil && e.Explanation.Reason != "" {
		r.ErrorMessage = e.Explanation.Reason
	}
	r.AdditionalEventData = map[string]any{"SwitchFrom": base.ARN, "RedirectTo": s.redirectURL(in.RedirectURI),
		"Account": in.Account, "RoleName": in.RoleName}
	s.k.Record(r)
}

// recordAssumeFailure records a denied switch: the refused AssumeRole and the
// failed SwitchRole, in the user's account, with one sharedEventID.
func (s *Service) recordAssumeFailure(ctx context.Context, base *iam.Caller, role *store.Role, acct *store.Account, e *iam.Error, awsMessage string) {
	now := s.k.Now()
	shared := iam.NewUUID()
	ar := s.assumeEvent(ctx, base, role, acct.ID, shared, now)
	ar.ErrorCode, ar.ErrorMessage, ar.ResponseElements = "AccessDenied", awsMessage, nil
	s.k.Record(ar)
	if other := crossAccountCopy(ar, base, acct.ID, now); other != nil {
		s.k.Record(other)
	}
	sw := iam.NewEvent(ctx, base, iam.SourceSignIn, "SwitchRole", now)
	sw.EventType, sw.RequestParameters, sw.SharedEventID = "AwsConsoleSignIn", nil, shared
	sw.ResponseElements = map[string]string{"SwitchRole": "Failure"}
	sw.ErrorMessage = e.Explanation.Reason
	sw.AdditionalEventData = map[string]any{"SwitchFrom": base.ARN, "RedirectTo": s.redirectURL(""),
		"Account": acct.ID, "RoleName": role.Name}
	s.k.Record(sw)
}

// SwitchBack ends the console session's active role session, if any,
// rotates the session ID and returns the new one. It records a SwitchBack
// event (eventSource signin.amazonaws.com) in the user's account; AWS
// documents no event for it.
func (s *Service) SwitchBack(ctx context.Context, sessionID string) (string, error) {
	con, err := s.ResolveConsole(ctx, sessionID)
	if err != nil {
		return "", err
	}
	if con.Role == nil {
		return sessionID, nil
	}
	now := s.k.Now()
	r := iam.NewEvent(ctx, con.Base, iam.SourceSignIn, "SwitchBack", now)
	r.EventType, r.RequestParameters = "AwsConsoleSignIn", nil
	r.ResponseElements = map[string]string{"SwitchBack": "Success"}
	r.AdditionalEventData = map[string]any{"SwitchFrom": con.Role.ARN}
	newID := iam.NewToken(32)
	row := []store.Event{r.Row()}
	// As a switch: answered once queued (written, on a shared database),
	// written with its event.
	written := make(chan error, 1)
	s.st.RotateConsoleSessionLater(ctx, con.row, hashID(newID), nil, now, func(q *store.Q) error { return q.InsertEvents(row) },
		func(err error) {
			if err != nil {
				s.log.Error("switch back: write", "err", err)
			}
			written <- err
		})
	if s.st.Shared() {
		if err := <-written; err != nil {
			return "", iam.Internal(err)
		}
	}
	return newID, nil
}
