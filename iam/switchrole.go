package iam

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"iamconsole/iam/arn"
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
		return in, ValidationError("account", "Enter the account ID or alias.")
	case !arn.IsAccountID(in.Account) && ValidateAlias(strings.ToLower(in.Account)) != nil:
		return in, ValidationError("account", "The account must be a 12-digit account ID or an account alias.")
	case in.RoleName == "":
		return in, ValidationError("roleName", "Enter the role name.")
	case utf8.RuneCountInString(in.RoleName) > MaxSwitchRoleName:
		return in, ValidationError("roleName", "The path and role name together must be %d characters or fewer.", MaxSwitchRoleName)
	case utf8.RuneCountInString(in.DisplayName) > MaxSwitchDisplayName:
		return in, ValidationError("displayName", "The display name must be %d characters or fewer.", MaxSwitchDisplayName)
	}
	if !arn.IsAccountID(in.Account) {
		in.Account = strings.ToLower(in.Account)
	}
	path, name := splitRoleName(in.RoleName)
	if err := ValidateName("roleName", "roleName", name, 64); err != nil {
		return in, err
	}
	if err := ValidatePath("roleName", path); err != nil {
		return in, ValidationError("roleName", "The role path may contain only the characters U+0021 to U+007E.")
	}
	c, ok := NormalizeColor(in.Color)
	if !ok {
		return in, ValidationError("color", "Choose one of the colors offered, or none.")
	}
	in.Color = c
	return in, nil
}

// refusal is the generic Switch Role denial with an explanation.
func refusal(action, resource, layer, reason string, from *Explanation) *Error {
	ex := &Explanation{Action: action, Resource: resource, Layer: layer, Reason: reason}
	if from != nil {
		ex.Layer, ex.Policy, ex.Sid, ex.Explicit = from.Layer, from.Policy, from.Sid, from.Explicit
	}
	return &Error{Kind: KindDenied, Code: "AccessDenied", Message: MsgSwitchRoleInvalid, Explanation: ex}
}

// SwitchRole switches the console session sessionID to a role session,
// authorized with the session's signed-in identity (never the active role:
// the console does not chain roles). It rotates the session ID and returns
// the new one with the new effective principal.
func (s *Service) SwitchRole(ctx context.Context, sessionID string, in SwitchRoleInput) (string, *Caller, error) {
	con, err := s.ResolveConsole(ctx, sessionID)
	if err != nil {
		return "", nil, err
	}
	if con.State != StateActive {
		return "", nil, ErrNoSession
	}
	base := con.Base
	in, err = validateSwitch(in)
	if err != nil {
		s.recordSwitchFailure(ctx, base, nil, in, err)
		return "", nil, err
	}
	now := s.Now()
	const action = "sts:AssumeRole"
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
		return "", nil, Internal(err)
	}
	roleARN := arn.IAM(acct.ID, "role", path, name)
	target, err := s.FindAssumeTarget(q, acct.ID, path, name)
	if errors.Is(err, ErrNoRole) {
		e := refusal(action, roleARN, "", fmt.Sprintf("The account has no role %s (role names and paths are case-sensitive; a role with a path is entered as path/name).", roleARN), nil)
		s.recordSwitchFailure(ctx, base, nil, in, e)
		return "", nil, e
	} else if err != nil {
		return "", nil, err
	}
	role, trust := target.Role, target.Trust
	_, derr := s.DecideAssume(ctx, base, target, action, map[string][]string{"sts:RoleSessionName": {base.UserName}})
	if derr != nil {
		de := AsError(derr)
		if de.Kind != KindDenied || de.Explanation == nil {
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
	rs := &store.RoleSession{ID: NewAccessKeyID(PrefixTempAccessKey), RoleID: role.ID, AccountID: acct.ID, RoleName: role.Name,
		RolePath: role.Path, SessionName: base.UserName, SourceARN: base.ARN, SourceID: base.UserID, SourceAccountID: base.AccountID,
		DisplayName: in.DisplayName, Color: in.Color, MFAAuthenticated: base.MFA, IssuedAt: now, ExpiresAt: now.Add(dur)}
	if base.MFA {
		t := base.MFAAuthTime
		rs.MFAAuthTime = &t
	}
	caller := roleSessionCaller(acct, rs)
	caller.Console, caller.SourceIP, caller.UserAgent = true, base.SourceIP, base.UserAgent
	events := s.switchEvents(ctx, base, caller, role, in.RedirectURI, now)
	newID := NewToken(32)
	hist := RoleLink{Account: acct.ID, RoleName: in.RoleName, DisplayName: in.DisplayName, Color: in.Color, UsedAt: now}
	if acct.Alias != nil {
		hist.Account = *acct.Alias
	}
	rows := []store.Event{events[0].Row(), events[1].Row()}
	// The switch answers once its writes are queued: from then on the store
	// answers for the new session ID, and the group commit writes the role
	// session, the rotated console session, the history entry and the
	// switch's events, all or none of them.
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
		})
	})
	// The role is in use from now on, as the session is.
	s.NoteRoleUse(role.ID, now, "us-east-1")
	return newID, caller, nil
}

// explainSwitchDenial says which side refused the switch and why.
func explainSwitchDenial(de *Error, trust *policy.Policy, base *Caller) string {
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

// switchEvents builds the two records of a console switch: SwitchRole in the
// role's account and AssumeRole in the user's, linked by one sharedEventID.
func (s *Service) switchEvents(ctx context.Context, base, sess *Caller, role *store.Role, redirect string, now time.Time) []*Record {
	shared := NewUUID()
	sw := NewEvent(ctx, sess, SourceSignIn, "SwitchRole", now)
	sw.EventType, sw.RequestParameters, sw.SharedEventID = "AwsConsoleSignIn", nil, shared
	sw.ResponseElements = map[string]string{"SwitchRole": "Success"}
	sw.AdditionalEventData = map[string]any{"SwitchFrom": base.ARN, "RedirectTo": s.redirectURL(redirect)}

	ar := s.assumeEvent(ctx, base, role, sess.AccountID, shared, now)
	ar.ResponseElements = map[string]any{
		"credentials": map[string]string{"accessKeyId": sess.AccessKeyID,
			"expiration": sess.Expires.UTC().Format(ExpirationFormat)},
		"assumedRoleUser": map[string]string{"assumedRoleId": sess.UniqueID + ":" + sess.SessionName, "arn": sess.ARN},
	}
	return []*Record{ar, sw}
}

// assumeEvent starts the AssumeRole record the console makes on the user's
// behalf, in the user's account.
func (s *Service) assumeEvent(ctx context.Context, base *Caller, role *store.Role, roleAcct, shared string, now time.Time) *Record {
	roleARN := arn.IAM(roleAcct, "role", role.Path, role.Name)
	ar := NewEvent(ctx, base, SourceSTS, "AssumeRole", now)
	ar.SourceIPAddress, ar.UserAgent, ar.SharedEventID = "AWS Internal", "AWS Internal", shared
	ar.UserIdentity.InvokedBy = "AWS Internal"
	ar.RequestParameters = map[string]string{"roleArn": roleARN, "roleSessionName": base.UserName}
	ar.Resources = []Resource{{ARN: roleARN, AccountID: roleAcct, Type: "AWS::IAM::Role"}}
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
func (s *Service) recordSwitchFailure(ctx context.Context, base *Caller, role *store.Role, in SwitchRoleInput, err error) {
	e := AsError(err)
	r := NewEvent(ctx, base, SourceSignIn, "SwitchRole", s.Now())
	r.EventType, r.RequestParameters = "AwsConsoleSignIn", nil
	r.ResponseElements = map[string]string{"SwitchRole": "Failure"}
	r.ErrorMessage = e.Message
	if e.Explanation != nil && e.Explanation.Reason != "" {
		r.ErrorMessage = e.Explanation.Reason
	}
	r.AdditionalEventData = map[string]any{"SwitchFrom": base.ARN, "RedirectTo": s.redirectURL(in.RedirectURI),
		"Account": in.Account, "RoleName": in.RoleName}
	s.Record(r)
}

// recordAssumeFailure records a denied switch: the refused AssumeRole and the
// failed SwitchRole, in the user's account, with one sharedEventID.
func (s *Service) recordAssumeFailure(ctx context.Context, base *Caller, role *store.Role, acct *store.Account, e *Error, awsMessage string) {
	now := s.Now()
	shared := NewUUID()
	ar := s.assumeEvent(ctx, base, role, acct.ID, shared, now)
	ar.ErrorCode, ar.ErrorMessage, ar.ResponseElements = "AccessDenied", awsMessage, nil
	s.Record(ar)
	sw := NewEvent(ctx, base, SourceSignIn, "SwitchRole", now)
	sw.EventType, sw.RequestParameters, sw.SharedEventID = "AwsConsoleSignIn", nil, shared
	sw.ResponseElements = map[string]string{"SwitchRole": "Failure"}
	sw.ErrorMessage = e.Explanation.Reason
	sw.AdditionalEventData = map[string]any{"SwitchFrom": base.ARN, "RedirectTo": s.redirectURL(""),
		"Account": acct.ID, "RoleName": role.Name}
	s.Record(sw)
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
	now := s.Now()
	r := NewEvent(ctx, con.Base, SourceSignIn, "SwitchBack", now)
	r.EventType, r.RequestParameters = "AwsConsoleSignIn", nil
	r.ResponseElements = map[string]string{"SwitchBack": "Success"}
	r.AdditionalEventData = map[string]any{"SwitchFrom": con.Role.ARN}
	newID := NewToken(32)
	row := []store.Event{r.Row()}
	// As a switch: answered once queued, written with its event.
	s.st.RotateConsoleSessionLater(ctx, con.row, hashID(newID), nil, now, func(q *store.Q) error { return q.InsertEvents(row) },
		func(err error) {
			if err != nil {
				s.log.Error("switch back: write", "err", err)
			}
		})
	return newID, nil
}

// RoleHistory lists the roles base switched to, most recent first (up to
// 50; the identity menu shows the first RoleHistoryShown). Root has none.
func (s *Service) RoleHistory(ctx context.Context, base *Caller) ([]RoleLink, error) {
	if base == nil || base.Type != CallerUser {
		return nil, nil
	}
	// The navigation bar shows the history on every page: it is kept in
	// memory per user, with every switch applied to it in the order the
	// switches are written (see switchHistory).
	h := s.history(base.UserID)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.failed.Swap(false) {
		h.list = nil
	}
	gen := s.gen.Load() // account aliases are shown as of this generation
	if h.list != nil && h.gen == gen {
		return slices.Clone(*h.list), nil
	}
	if h.queued.Load() > 0 {
		// Read after the user's switches being written. No other can be
		// queued meanwhile (that takes h.mu), and none of theirs waits for
		// h.mu to be written.
		if err := s.st.WaitQueued(ctx); err != nil {
			return nil, Internal(err)
		}
		h.failed.Store(false)
	}
	out, err := s.readHistory(ctx, base.UserID)
	if err != nil {
		return nil, err
	}
	h.list, h.gen = &out, gen
	return slices.Clone(out), nil
}

// readHistory reads a user's role history from the store.
func (s *Service) readHistory(ctx context.Context, userID string) ([]RoleLink, error) {
	hs, err := s.st.Read(ctx).RoleHistoryFor(userID, roleHistoryKept)
	if err != nil {
		return nil, Internal(err)
	}
	// One entry per role: rows written before history kept account IDs
	// may name the account by alias. Accounts show by alias when they have one.
	q := s.st.Read(ctx)
	out := make([]RoleLink, 0, len(hs))
	seen := make(map[string]bool, len(hs))
	for _, h := range hs {
		account, label := h.Account, h.Account
		if a, err := s.cachedAccountByIDOrAlias(q, h.Account); err == nil {
			account, label = a.ID, a.ID
			if a.Alias != nil {
				label = *a.Alias
			}
		}
		key := account + "\x00" + h.RoleName
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, RoleLink{Account: label, RoleName: h.RoleName, DisplayName: h.DisplayName, Color: h.Color, UsedAt: h.UsedAt})
	}
	return out, nil
}

// historyState is a user's role history in memory.
type historyState struct {
	mu   sync.Mutex
	list *[]RoleLink // nil: not known, read it from the store
	gen  uint64      // configuration generation list was read at
	// queued counts the user's switches queued but not yet written; failed
	// says one of them failed, so the list is not the store's.
	queued atomic.Int32
	failed atomic.Bool
	// last is the latest history time handed out: the times of one user's
	// switches rise in the order they are written, so that the store orders
	// them as the list in memory does.
	last time.Time
}

func (s *Service) history(userID string) *historyState {
	if v, ok := s.caches.history.Load(userID); ok {
		return v.(*historyState)
	}
	v, _ := s.caches.history.LoadOrStore(userID, new(historyState))
	return v.(*historyState)
}

// switchHistory queues a switch's writes (queue) with its history entry l
// applied to the user's history in memory, in the same order: the list in
// memory stays what the store will read once the queued writes are in.
// queue gets the entry's time, l.UsedAt or just after the user's previous
// switch, and must call settle once its writes committed or failed.
func (s *Service) switchHistory(userID string, l RoleLink, queue func(usedAt time.Time, settle func(ok bool))) {
	h := s.history(userID)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.failed.Swap(false) {
		h.list = nil
	}
	if !l.UsedAt.After(h.last) {
		l.UsedAt = h.last.Add(time.Nanosecond)
	}
	h.last = l.UsedAt
	if h.list != nil {
		list := touchHistory(*h.list, l)
		h.list = &list
	}
	h.queued.Add(1)
	// settle runs on the group commit's goroutine, which queue may be
	// waiting for when the queue is full: it must not take h.mu.
	queue(l.UsedAt, func(ok bool) {
		if !ok {
			h.failed.Store(true)
		}
		h.queued.Add(-1)
	})
}

// touchHistory returns hs with l first, its older entry for the same role
// removed, at most roleHistoryKept long: what the store's history reads
// after l's upsert.
func touchHistory(hs []RoleLink, l RoleLink) []RoleLink {
	out := make([]RoleLink, 0, min(len(hs)+1, roleHistoryKept))
	out = append(out, l)
	for _, h := range hs {
		if len(out) == roleHistoryKept {
			break
		}
		if h.Account == l.Account && h.RoleName == l.RoleName {
			continue
		}
		out = append(out, h)
	}
	return out
}

// FavoriteRoles lists the roles published to base's groups, without
// duplicates (the first group by name wins).
func (s *Service) FavoriteRoles(ctx context.Context, base *Caller) ([]RoleLink, error) {
	if base == nil || base.Type != CallerUser {
		return nil, nil
	}
	out, err := genCached(s, s.caches.rows, "favorites\x00"+base.UserID, func() ([]RoleLink, error) {
		return readFavorites(s.st.Read(ctx), base.UserID)
	})
	return slices.Clone(out), err
}

// readFavorites reads the roles published to a user's groups from the store.
func readFavorites(q *store.Q, userID string) ([]RoleLink, error) {
	gs, err := q.GroupsForUser(userID)
	if err != nil {
		return nil, Internal(err)
	}
	names := make(map[string]string, len(gs))
	ids := make([]string, 0, len(gs))
	for _, g := range gs {
		names[g.ID] = g.Name
		ids = append(ids, g.ID)
	}
	fs, err := q.FavoriteRolesForGroups(ids)
	if err != nil {
		return nil, Internal(err)
	}
	seen := map[string]bool{}
	var out []RoleLink
	for _, f := range fs {
		k := f.Account + "\x00" + f.RoleName
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, RoleLink{Account: f.Account, RoleName: f.RoleName, DisplayName: f.DisplayName, Color: f.Color, Group: names[f.GroupID]})
	}
	return out, nil
}

// groupForUpdate finds a group of c's account and authorizes iam:UpdateGroup on it.
func (s *Service) groupForUpdate(ctx context.Context, c *Caller, groupName string) (*store.Group, error) {
	g, err := s.st.Read(ctx).GroupByName(c.AccountID, groupName)
	resource := arn.IAM(c.AccountID, "group", "/", groupName)
	if err == nil {
		resource = arn.IAM(c.AccountID, "group", g.Path, g.Name)
	}
	if aerr := s.Authorize(ctx, c, "iam:UpdateGroup", resource); aerr != nil {
		return nil, aerr
	}
	if err != nil {
		return nil, StoreErr(err, NoSuchEntity("The group with name %s cannot be found.", groupName))
	}
	return g, nil
}

// PublishFavoriteRole offers a role to every member of a group in their
// identity menu. It needs iam:UpdateGroup on the group.
func (s *Service) PublishFavoriteRole(ctx context.Context, c *Caller, groupName string, link RoleLink) error {
	g, err := s.groupForUpdate(ctx, c, groupName)
	if err != nil {
		s.recordFavorite(ctx, c, "PublishFavoriteRole", groupName, link, err)
		return err
	}
	in, err := validateSwitch(SwitchRoleInput{Account: link.Account, RoleName: link.RoleName, DisplayName: link.DisplayName, Color: link.Color})
	if err != nil {
		return err
	}
	// A favourite that points at no account would only ever fail; say so
	// now rather than at every member's click.
	if _, err := ResolveAccount(s.st.Read(ctx), in.Account); err != nil {
		return StoreErr(err, ValidationError("account", "No account with the ID or alias %s exists in this organization.", in.Account))
	}
	r := s.favoriteEvent(ctx, c, "PublishFavoriteRole", g.Name, link, nil)
	// s.tx: the favourites shown in navigation bars are cached per generation.
	return StoreErr(s.Tx(ctx, func(q *store.Q) error {
		if err := q.PutFavoriteRole(&store.FavoriteRole{GroupID: g.ID, Account: in.Account, RoleName: in.RoleName,
			DisplayName: in.DisplayName, Color: in.Color, CreatedAt: s.Now()}); err != nil {
			return err
		}
		return q.InsertEvents([]store.Event{r.Row()})
	}), nil)
}

// UnpublishFavoriteRole withdraws a group's favourite role.
func (s *Service) UnpublishFavoriteRole(ctx context.Context, c *Caller, groupName, account, roleName string) error {
	link := RoleLink{Account: account, RoleName: roleName}
	g, err := s.groupForUpdate(ctx, c, groupName)
	if err != nil {
		s.recordFavorite(ctx, c, "UnpublishFavoriteRole", groupName, link, err)
		return err
	}
	account = strings.TrimSpace(account)
	if !arn.IsAccountID(account) {
		account = strings.ToLower(account)
	}
	r := s.favoriteEvent(ctx, c, "UnpublishFavoriteRole", g.Name, link, nil)
	// s.tx: the favourites shown in navigation bars are cached per generation.
	return StoreErr(s.Tx(ctx, func(q *store.Q) error {
		if err := q.DeleteFavoriteRole(g.ID, account, strings.Trim(strings.TrimSpace(roleName), "/")); err != nil {
			return err
		}
		return q.InsertEvents([]store.Event{r.Row()})
	}), NoSuchEntity("The group %s has no favorite role %s in account %s.", groupName, roleName, account))
}

func (s *Service) favoriteEvent(ctx context.Context, c *Caller, name, group string, link RoleLink, err error) *Record {
	r := NewEvent(ctx, c, SourceIAM, name, s.Now())
	r.RequestParameters = map[string]string{"groupName": group, "account": link.Account, "roleName": link.RoleName}
	if err != nil {
		e := AsError(err)
		r.ErrorCode, r.ErrorMessage = e.Code, e.Message
	}
	r.Resources = []Resource{{ARN: arn.IAM(c.AccountID, "group", "/", group), AccountID: c.AccountID, Type: "AWS::IAM::Group"}}
	return r
}

func (s *Service) recordFavorite(ctx context.Context, c *Caller, name, group string, link RoleLink, err error) {
	if IsKind(err, KindDenied) {
		s.Record(s.favoriteEvent(ctx, c, name, group, link, err))
	}
}
