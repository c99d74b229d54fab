package sts

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// Messages of STS's authentication errors.
const (
	msgInvalidToken = "The security token included in the request is invalid."
	msgExpiredToken = "The security token included in the request is expired"
)

var (
	errInvalidToken = &iam.Error{Kind: iam.KindUnauthenticated, Code: "InvalidClientTokenId", Message: msgInvalidToken}
	errExpiredToken = &iam.Error{Kind: iam.KindExpired, Code: "ExpiredToken", Message: msgExpiredToken}
)

// tokenAD binds sealed session tokens to their purpose.
const tokenAD = "sts-session-token"

// tokenVersion is the first byte of every session token's plaintext.
const tokenVersion = 1

// Kinds of temporary credentials a session token stands for.
const (
	tokenRole    = 1 // AssumeRole
	tokenSession = 2 // GetSessionToken for an IAM user
	tokenRoot    = 3 // GetSessionToken for the root user
	// tokenFederated is GetFederationToken: userID is the asking IAM user
	// ("" for the root user), sessionName the federated user's name.
	tokenFederated = 4
)

// tempSession is everything temporary credentials stand for. It travels
// sealed inside the session token, so issuing credentials writes nothing.
type tempSession struct {
	kind        byte
	accessKeyID string
	secret      string
	accountID   string
	issuedAt    time.Time
	expires     time.Time
	mfa         bool
	mfaAuthTime time.Time

	// Role sessions.
	roleID, roleName, rolePath, sessionName string
	sourceARN, sourceIdentity               string
	sessionPolicy                           string
	policyARNs                              []string
	tags                                    []iam.Tag
	transitive                              []string
	chained                                 bool

	// GetSessionToken: the IAM user.
	userID string
}

// encoder writes a compact binary form: uvarint lengths and integers.
type encoder struct{ b []byte }

func (e *encoder) str(s string) {
	e.b = binary.AppendUvarint(e.b, uint64(len(s)))
	e.b = append(e.b, s...)
}
func (e *encoder) num(n int64) { e.b = binary.AppendVarint(e.b, n) }
func (e *encoder) time(t time.Time) {
	if t.IsZero() {
		e.num(0)
		return
	}
	e.num(t.Unix())
}
func (e *encoder) flag(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}
func (e *encoder) strs(ss []string) {
	e.b = binary.AppendUvarint(e.b, uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

// decoder reads what encoder wrote; the first error sticks.
type decoder struct {
	b   []byte
	err error
}

var errShortToken = errors.New("iam: truncated session token")

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errShortToken
		return 0
	}
	d.b = d.b[n:]
	return v
}
func (d *decoder) str() string {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errShortToken
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}
func (d *decoder) num() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errShortToken
		return 0
	}
	d.b = d.b[n:]
	return v
}
func (d *decoder) time() time.Time {
	if v := d.num(); v != 0 {
		return time.Unix(v, 0).UTC()
	}
	return time.Time{}
}
func (d *decoder) flag() bool {
	if d.err != nil || len(d.b) == 0 {
		d.err = errShortToken
		return false
	}
	v := d.b[0] == 1
	d.b = d.b[1:]
	return v
}
func (d *decoder) strs() []string {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errShortToken
		return nil
	}
	var out []string
	for range n {
		out = append(out, d.str())
	}
	return out
}

func (t *tempSession) marshal() []byte {
	e := &encoder{b: make([]byte, 0, 256)}
	e.b = append(e.b, tokenVersion, t.kind)
	e.str(t.accessKeyID)
	e.str(t.secret)
	e.str(t.accountID)
	e.time(t.issuedAt)
	e.time(t.expires)
	e.flag(t.mfa)
	e.time(t.mfaAuthTime)
	e.str(t.roleID)
	e.str(t.roleName)
	e.str(t.rolePath)
	e.str(t.sessionName)
	e.str(t.sourceARN)
	e.str(t.sourceIdentity)
	e.str(t.sessionPolicy)
	e.strs(t.policyARNs)
	kv := make([]string, 0, 2*len(t.tags))
	for _, tg := range t.tags {
		kv = append(kv, tg.Key, tg.Value)
	}
	e.strs(kv)
	e.strs(t.transitive)
	e.flag(t.chained)
	e.str(t.userID)
	return e.b
}

func unmarshalSession(b []byte) (*tempSession, error) {
	if len(b) < 2 || b[0] != tokenVersion {
		return nil, errShortToken
	}
	t := &tempSession{kind: b[1]}
	d := &decoder{b: b[2:]}
	t.accessKeyID, t.secret, t.accountID = d.str(), d.str(), d.str()
	t.issuedAt, t.expires = d.time(), d.time()
	t.mfa, t.mfaAuthTime = d.flag(), d.time()
	t.roleID, t.roleName, t.rolePath, t.sessionName = d.str(), d.str(), d.str(), d.str()
	t.sourceARN, t.sourceIdentity, t.sessionPolicy = d.str(), d.str(), d.str()
	t.policyARNs = d.strs()
	kv := d.strs()
	for i := 0; i+1 < len(kv); i += 2 {
		t.tags = append(t.tags, iam.Tag{Key: kv[i], Value: kv[i+1]})
	}
	t.transitive = d.strs()
	t.chained = d.flag()
	t.userID = d.str()
	if d.err != nil {
		return nil, d.err
	}
	return t, nil
}

// sealToken turns a session into its opaque session token.
func (s *Service) sealToken(t *tempSession) string {
	return base64.StdEncoding.EncodeToString(s.k.Sealer().Seal(t.marshal(), tokenAD))
}

// openToken reads a session token; any tampering fails.
func (s *Service) openToken(token string) (*tempSession, error) {
	raw, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		return nil, err
	}
	plain, err := s.k.Sealer().Open(raw, tokenAD)
	if err != nil {
		return nil, err
	}
	return unmarshalSession(plain)
}

// caller builds the principal temporary credentials stand for.
func (t *tempSession) caller(acct *store.Account, u *store.User) *iam.Caller {
	var c *iam.Caller
	switch t.kind {
	case tokenRole:
		c = &iam.Caller{Type: iam.CallerAssumedRole, AccountID: t.accountID, ARN: arn.AssumedRole(t.accountID, t.roleName, t.sessionName),
			UniqueID: t.roleID, RoleID: t.roleID, RoleName: t.roleName, RolePath: t.rolePath,
			RoleARN: arn.IAM(t.accountID, "role", t.rolePath, t.roleName), SessionName: t.sessionName,
			RoleSessionID: t.accessKeyID, Expires: t.expires, Chained: t.chained, SourceARN: t.sourceARN,
			SourceIdentity: t.sourceIdentity, SessionPolicy: t.sessionPolicy, SessionPolicyARNs: t.policyARNs,
			TransitiveTagKeys: t.transitive}
		if len(t.tags) > 0 {
			c.SessionTags = make(map[string]string, len(t.tags))
			for _, tg := range t.tags {
				c.SessionTags[tg.Key] = tg.Value
			}
		}
		if acct != nil && acct.Alias != nil {
			c.AccountAlias = *acct.Alias
		}
	case tokenRoot:
		c = iam.RootCaller(acct)
	case tokenFederated:
		c = &iam.Caller{Type: iam.CallerFederatedUser, AccountID: t.accountID, ARN: catalog.STSFederatedUser.ARN(t.accountID, t.sessionName),
			SessionName: t.sessionName, SessionPolicy: t.sessionPolicy, SessionPolicyARNs: t.policyARNs, SourceARN: t.sourceARN}
		if u != nil {
			c.UserID, c.UserName = u.ID, u.Name
		}
		if len(t.tags) > 0 {
			c.SessionTags = make(map[string]string, len(t.tags))
			for _, tg := range t.tags {
				c.SessionTags[tg.Key] = tg.Value
			}
		}
		if acct != nil && acct.Alias != nil {
			c.AccountAlias = *acct.Alias
		}
	default:
		c = iam.UserCaller(acct, u)
	}
	c.Temporary, c.MFA, c.MFAAuthTime, c.IssuedAt = true, t.mfa, t.mfaAuthTime, t.issuedAt
	c.AccessKeyID, c.Expires = t.accessKeyID, t.expires
	return c
}

// IsSessionTokenCaller reports whether c signs with credentials from
// GetSessionToken: temporary credentials of an IAM user or the root user.
// AWS lets them call IAM only when MFA was used, and of STS only
// AssumeRole and GetCallerIdentity.
func IsSessionTokenCaller(c *iam.Caller) bool {
	return c != nil && c.Temporary && !c.Console && c.Type != iam.CallerAssumedRole && strings.HasPrefix(c.AccessKeyID, iam.PrefixTempAccessKey)
}

// keyEntry is a cached long-term access key: its principal and secret, kept
// for one configuration generation (every IAM write through the kernel retires it).
type keyEntry struct {
	caller iam.Caller
	secret string
}

// AuthenticateAccessKey finds who signs with accessKeyID: an IAM user's
// long-term key (AKIA…), or temporary credentials (ASIA…) whose session token
// carries the session. It returns the principal and the secret to verify the
// signature with. Unknown or inactive keys and forged tokens are
// InvalidClientTokenId; an expired token is ExpiredToken.
func (s *Service) AuthenticateAccessKey(ctx context.Context, accessKeyID, sessionToken string) (*iam.Caller, string, error) {
	if strings.HasPrefix(accessKeyID, iam.PrefixTempAccessKey) {
		return s.authenticateTemporary(ctx, accessKeyID, sessionToken)
	}
	if sessionToken != "" || accessKeyID == "" {
		return nil, "", errInvalidToken
	}
	e, err := s.keys.Load("key\x00"+accessKeyID, func() (keyEntry, error) { return s.readAccessKey(ctx, accessKeyID) })
	if err != nil {
		return nil, "", err
	}
	c := e.caller
	return &c, e.secret, nil
}

// readAccessKey reads an active long-term access key's principal and secret.
func (s *Service) readAccessKey(ctx context.Context, accessKeyID string) (keyEntry, error) {
	q := s.st.Read(ctx)
	k, err := q.AccessKey(accessKeyID)
	if errors.Is(err, store.ErrNotFound) {
		return keyEntry{}, errInvalidToken
	} else if err != nil {
		return keyEntry{}, iam.Internal(err)
	}
	if k.Status != "Active" {
		return keyEntry{}, errInvalidToken
	}
	secret, err := s.k.Sealer().Open(k.SecretSealed, k.ID)
	if err != nil {
		return keyEntry{}, iam.Internal(err)
	}
	acct, err := q.Account(k.AccountID)
	if err != nil {
		return keyEntry{}, iam.StoreErr(err, errInvalidToken)
	}
	u, err := q.UserByID(k.UserID)
	if err != nil {
		return keyEntry{}, iam.StoreErr(err, errInvalidToken)
	}
	c := iam.UserCaller(acct, u)
	c.AccessKeyID = k.ID
	return keyEntry{caller: *c, secret: string(secret)}, nil
}

func (s *Service) authenticateTemporary(ctx context.Context, accessKeyID, token string) (*iam.Caller, string, error) {
	if token == "" {
		return nil, "", errInvalidToken
	}
	t, err := s.openToken(token)
	if err != nil || t.accessKeyID != accessKeyID {
		return nil, "", errInvalidToken
	}
	if !s.k.Now().Before(t.expires) {
		return nil, "", errExpiredToken
	}
	q := s.st.Read(ctx)
	acct, err := q.Account(t.accountID)
	if err != nil {
		return nil, "", iam.StoreErr(err, errInvalidToken)
	}
	var u *store.User
	if t.kind == tokenSession || t.kind == tokenFederated && t.userID != "" {
		if u, err = q.UserByID(t.userID); err != nil {
			return nil, "", iam.StoreErr(err, errInvalidToken)
		}
	}
	return t.caller(acct, u), t.secret, nil
}

// keyUseInterval is how often a key's last use is written at most: AWS
// reports it at coarse granularity, and a write per request would cost
// the API its throughput.
const keyUseInterval = time.Minute

// keyUse is when a key's last use was last written.
type keyUse struct{ at time.Time }

// NoteAccessKeyUse records that a long-term access key signed a request for
// service in region, at most once per key every keyUseInterval. Temporary
// keys are not tracked, as in AWS.
func (s *Service) NoteAccessKeyUse(ctx context.Context, accessKeyID, service, region string) {
	if !strings.HasPrefix(accessKeyID, iam.PrefixAccessKey) {
		return
	}
	now := s.k.Now()
	if v, ok := s.keyUses.Get(accessKeyID); ok && now.Sub(v.at) < keyUseInterval {
		return
	}
	s.keyUses.Put(accessKeyID, keyUse{at: now})
	// Not the kernel's Tx: a key's last use is not IAM configuration, so caches stay.
	err := s.st.Tx(ctx, func(q *store.Q) error { return q.TouchAccessKey(accessKeyID, now, service, region) })
	if err != nil {
		s.log.Warn("sts: record access key use", "key", accessKeyID, "err", err)
	}
}
