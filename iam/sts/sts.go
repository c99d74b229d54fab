package sts

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/identity"
	"iamconsole/iam/managed"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// STS limits (AWS-REFERENCE §2.2, §2.7).
const (
	MinSessionDuration     = 900
	DefaultSessionDuration = 3600
	ChainedSessionLimit    = 3600
	MaxSessionTokenUser    = 129600
	DefaultSessionTokenTTL = 43200
	maxSessionPolicySize   = 2048
	maxPolicyARNs          = 10
	maxSessionTags         = 50
)

// AWS's MFA messages; the second has two spaces after its first period.
const (
	msgMFAInvalidCode = "MultiFactorAuthentication failed with invalid MFA one time pass code."
	msgMFAUnknown     = "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user."
	msgMFABoth        = "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code."
)

var (
	sessionNamePattern = regexp.MustCompile(`^[\w+=,.@-]*$`)
	externalIDPattern  = regexp.MustCompile(`^[\w+=,.@:/-]*$`)
	serialPattern      = regexp.MustCompile(`^[\w+=/:,.@-]*$`)
	tokenCodePattern   = regexp.MustCompile(`^\d*$`)
)

// AssumeRoleInput carries every parameter of STS AssumeRole.
type AssumeRoleInput struct {
	RoleArn           string
	RoleSessionName   string
	DurationSeconds   *int
	Policy            string
	PolicyArns        []string
	Tags              []iam.Tag
	TransitiveTagKeys []string
	ExternalID        string
	SerialNumber      string
	TokenCode         string
	SourceIdentity    string
}

// Credentials are temporary security credentials.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	Expiration      time.Time
}

// AssumeRoleOutput is AssumeRole's result.
type AssumeRoleOutput struct {
	Credentials   Credentials
	AssumedRoleID string // AROA…:session
	ARN           string // arn:aws:sts::ACCT:assumed-role/Role/session
	// PackedPolicySize is set when session policies or tags were passed.
	PackedPolicySize *int
	SourceIdentity   string
}

// GetSessionTokenInput carries GetSessionToken's parameters.
type GetSessionTokenInput struct {
	DurationSeconds *int
	SerialNumber    string
	TokenCode       string
}

// validation collects parameter constraint violations into AWS's
// "N validation errors detected: …; …" message.
type validation struct{ msgs []string }

func (v *validation) add(value, param, constraint string) {
	v.msgs = append(v.msgs, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must %s", value, param, constraint))
}

func (v *validation) length(value, param string, min, max int) bool {
	n := len([]rune(value))
	switch {
	case n < min:
		v.add(value, param, fmt.Sprintf("have length greater than or equal to %d", min))
	case n > max:
		v.add(value, param, fmt.Sprintf("have length less than or equal to %d", max))
	default:
		return true
	}
	return false
}

func (v *validation) pattern(value, param string, re *regexp.Regexp, shown string) {
	if !re.MatchString(value) {
		v.add(value, param, "satisfy regular expression pattern: "+shown)
	}
}

func (v *validation) patternFunc(value, param string, ok func(string) bool, shown string) {
	if !ok(value) {
		v.add(value, param, "satisfy regular expression pattern: "+shown)
	}
}

func (v *validation) err() error {
	switch len(v.msgs) {
	case 0:
		return nil
	case 1:
		return iam.ValidationError("", "1 validation error detected: %s", v.msgs[0])
	default:
		return iam.ValidationError("", "%d validation errors detected: %s", len(v.msgs), strings.Join(v.msgs, "; "))
	}
}

func (v *validation) duration(d *int, max int) {
	if d == nil {
		return
	}
	switch {
	case *d < MinSessionDuration:
		v.add(strconv.Itoa(*d), "durationSeconds", fmt.Sprintf("have value greater than or equal to %d", MinSessionDuration))
	case *d > max:
		v.add(strconv.Itoa(*d), "durationSeconds", fmt.Sprintf("have value less than or equal to %d", max))
	}
}

func (v *validation) mfa(serial, code string) {
	if serial != "" && v.length(serial, "serialNumber", 9, 256) {
		v.pattern(serial, "serialNumber", serialPattern, `[\w+=/:,.@-]*`)
	}
	if code != "" && v.length(code, "tokenCode", 6, 6) {
		v.pattern(code, "tokenCode", tokenCodePattern, `[\d]*`)
	}
}

func validateAssumeRole(in *AssumeRoleInput) error {
	var v validation
	v.length(in.RoleArn, "roleArn", 20, 2048)
	if v.length(in.RoleSessionName, "roleSessionName", 2, 64) {
		v.pattern(in.RoleSessionName, "roleSessionName", sessionNamePattern, `[\w+=,.@-]*`)
	}
	v.duration(in.DurationSeconds, identity.MaxRoleSessionDuration)
	if in.Policy != "" {
		for _, r := range in.Policy {
			if r != '\t' && r != '\n' && r != '\r' && (r < 0x20 || r > 0xff) {
				v.add(in.Policy, "policy", `satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u00FF]+`)
				break
			}
		}
	}
	if len(in.PolicyArns) > maxPolicyARNs {
		v.msgs = append(v.msgs, fmt.Sprintf("Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to %d", maxPolicyARNs))
	}
	for i, a := range in.PolicyArns {
		v.length(a, fmt.Sprintf("policyArns.%d.member.arn", i+1), 20, 2048)
	}
	if len(in.Tags) > maxSessionTags {
		v.msgs = append(v.msgs, fmt.Sprintf("Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to %d", maxSessionTags))
	}
	for i, t := range in.Tags {
		kp, vp := fmt.Sprintf("tags.%d.member.key", i+1), fmt.Sprintf("tags.%d.member.value", i+1)
		if v.length(t.Key, kp, 1, 128) {
			v.patternFunc(t.Key, kp, iam.IsTagText, `[\p{L}\p{Z}\p{N}_.:/=+\-@]+`)
		}
		if v.length(t.Value, vp, 0, 256) {
			v.patternFunc(t.Value, vp, iam.IsTagText, `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`)
		}
	}
	if len(in.TransitiveTagKeys) > maxSessionTags {
		v.msgs = append(v.msgs, fmt.Sprintf("Value at 'transitiveTagKeys' failed to satisfy constraint: Member must have length less than or equal to %d", maxSessionTags))
	}
	if in.ExternalID != "" && v.length(in.ExternalID, "externalId", 2, 1224) {
		v.pattern(in.ExternalID, "externalId", externalIDPattern, `[\w+=,.@:\/-]*`)
	}
	v.mfa(in.SerialNumber, in.TokenCode)
	if in.SourceIdentity != "" && v.length(in.SourceIdentity, "sourceIdentity", 2, 64) {
		v.pattern(in.SourceIdentity, "sourceIdentity", sessionNamePattern, `[\w+=,.@-]*`)
	}
	if err := v.err(); err != nil {
		return err
	}
	if strings.HasPrefix(strings.ToLower(in.SourceIdentity), "aws:") {
		return iam.ValidationError("", "Source identity cannot start with the reserved prefix 'aws:'.")
	}
	return nil
}

// accessDenied is STS's short AccessDenied text.
func accessDenied(c *iam.Caller, action, resource string) *iam.Error {
	return &iam.Error{Kind: iam.KindDenied, Code: "AccessDenied",
		Message:     fmt.Sprintf("User: %s is not authorized to perform: %s on resource: %s", c.ARN, action, resource),
		Explanation: &iam.Explanation{Action: action, Resource: resource}}
}

// checkMFA validates SerialNumber + TokenCode for c; a code is accepted once.
func (s *Service) checkMFA(ctx context.Context, c *iam.Caller, serial, code string, now time.Time) (bool, error) {
	if serial == "" && code == "" {
		return false, nil
	}
	if serial == "" || code == "" {
		return false, &iam.Error{Kind: iam.KindDenied, Code: "AccessDenied", Message: msgMFABoth}
	}
	unknown := &iam.Error{Kind: iam.KindDenied, Code: "AccessDenied", Message: msgMFAUnknown}
	q := s.st.Read(ctx)
	var devs []store.MFADevice
	var err error
	switch c.Type {
	case iam.CallerUser:
		devs, err = q.EnabledMFAForUser(c.UserID)
	case iam.CallerRoot:
		devs, err = q.EnabledMFAForRoot(c.AccountID)
	default:
		return false, unknown
	}
	if err != nil {
		return false, iam.Internal(err)
	}
	for _, d := range devs {
		if d.Serial != serial {
			continue
		}
		matched, fresh, err := s.id.CheckMFACode(ctx, &d, code, now)
		if err != nil {
			return false, err
		}
		if !matched || !fresh {
			return false, &iam.Error{Kind: iam.KindDenied, Code: "AccessDenied", Message: msgMFAInvalidCode}
		}
		return true, nil
	}
	return false, unknown
}

// parseRoleARN splits arn:aws:iam::ACCT:role/path/name.
func parseRoleARN(s string) (account, path, name string, ok bool) {
	a, err := arn.Parse(s)
	if err != nil || a.Service != "iam" || !arn.IsAccountID(a.Account) || !strings.HasPrefix(a.Resource, "role/") {
		return "", "", "", false
	}
	rest := strings.TrimPrefix(a.Resource, "role")
	i := strings.LastIndex(rest, "/")
	path, name = rest[:i+1], rest[i+1:]
	return a.Account, path, name, name != ""
}

// AssumeRole issues temporary credentials for a role with STS's semantics:
// the caller may not be a root user; the role's trust policy and (across
// accounts, or when the trust names the account) the caller's own policies
// must allow sts:AssumeRole, plus sts:TagSession and sts:SetSourceIdentity
// when used; MFA codes are single-use; session duration is bounded by the
// role's MaxSessionDuration and, when chaining, by one hour. The session
// lives entirely in the sealed session token.
func (s *Service) AssumeRole(ctx context.Context, c *iam.Caller, in AssumeRoleInput) (out *AssumeRoleOutput, err error) {
	now := s.k.Now()
	ev := iam.NewEvent(ctx, c, iam.SourceSTS, "AssumeRole", now)
	ev.RequestParameters = assumeRoleParams(&in)
	var roleAcct string
	var role *store.Role
	defer func() {
		if err != nil {
			if e := iam.AsError(err); e.Kind != iam.KindInternal {
				ev.ErrorCode, ev.ErrorMessage = e.Code, e.Message
			}
			ev.ResponseElements = nil
		}
		if c == nil {
			return
		}
		if role != nil {
			ev.Resources = []iam.Resource{{ARN: in.RoleArn, AccountID: roleAcct, Type: "AWS::IAM::Role"}}
		}
		if roleAcct != "" && roleAcct != c.AccountID && role != nil {
			ev.SharedEventID = iam.NewUUID()
			other := *ev
			other.EventID = iam.NewEventID(now)
			other.RecipientAccountID = roleAcct
			other.UserIdentity = iam.UserIdentity{Type: "AWSAccount", PrincipalID: c.UserIDKey(), AccountID: c.AccountID}
			s.k.Record(&other)
		}
		s.k.Record(ev)
	}()
	if c == nil {
		return nil, errInvalidToken
	}
	if c.IsRoot() {
		return nil, &iam.Error{Kind: iam.KindDenied, Code: "AccessDenied", Message: "Roles may not be assumed by root accounts."}
	}
	if c.Type == iam.CallerFederatedUser {
		// Federated users' credentials call no STS action but GetCallerIdentity.
		return nil, accessDenied(c, catalog.STSAssumeRole.String(), in.RoleArn)
	}
	if err := validateAssumeRole(&in); err != nil {
		return nil, err
	}
	acct, path, name, ok := parseRoleARN(in.RoleArn)
	if !ok {
		return nil, iam.ValidationError("", "%s is invalid", in.RoleArn)
	}
	mfa, err := s.checkMFA(ctx, c, in.SerialNumber, in.TokenCode, now)
	if err != nil {
		return nil, err
	}
	q := s.st.Read(ctx)
	target, err := s.k.FindAssumeTarget(q, acct, path, name)
	if errors.Is(err, iam.ErrNoRole) || errors.Is(err, iam.ErrBadTrust) {
		// An unknown role and a trust policy that cannot be read are refused
		// alike, as AWS does, without telling which.
		return nil, accessDenied(c, catalog.STSAssumeRole.String(), in.RoleArn)
	} else if err != nil {
		return nil, err
	}
	r := target.Role
	role, roleAcct = r, acct

	// Session tags: inherited transitive tags, then the passed ones.
	chained := c.Type == iam.CallerAssumedRole && !c.Console
	tags, transitive, err := sessionTags(c, chained, &in)
	if err != nil {
		return nil, err
	}
	sourceIdentity := in.SourceIdentity
	inheritedSI := chained && c.SourceIdentity != ""
	if inheritedSI {
		if sourceIdentity != "" && sourceIdentity != c.SourceIdentity {
			return nil, &iam.Error{Kind: iam.KindDenied, Code: "AccessDenied", Message: fmt.Sprintf("User: %s is not authorized to perform: sts:SetSourceIdentity on resource: %s because the source identity of a role session cannot be changed", c.ARN, in.RoleArn)}
		}
		sourceIdentity = c.SourceIdentity
	}

	cx := map[string][]string{"sts:RoleSessionName": {in.RoleSessionName}}
	if in.ExternalID != "" {
		cx["sts:ExternalId"] = []string{in.ExternalID}
	}
	if sourceIdentity != "" {
		cx["sts:SourceIdentity"] = []string{sourceIdentity}
	}
	if mfa {
		cx["aws:MultiFactorAuthPresent"] = []string{"true"}
		cx["aws:MultiFactorAuthAge"] = []string{"0"}
	}
	if len(in.Tags) > 0 {
		keys := make([]string, 0, len(in.Tags))
		for _, t := range in.Tags {
			cx["aws:RequestTag/"+t.Key] = []string{t.Value}
			keys = append(keys, t.Key)
		}
		cx["aws:TagKeys"] = keys
	}
	if len(in.TransitiveTagKeys) > 0 {
		cx["sts:TransitiveTagKeys"] = in.TransitiveTagKeys
	}
	if _, err := s.k.DecideAssume(ctx, c, target, catalog.STSAssumeRole.String(), cx); err != nil {
		return nil, err
	}
	if len(in.Tags) > 0 || len(transitive) > 0 && chained && len(in.TransitiveTagKeys) > 0 {
		if _, err := s.k.DecideAssume(ctx, c, target, catalog.STSTagSession.String(), cx); err != nil {
			return nil, err
		}
	}
	if in.SourceIdentity != "" || inheritedSI {
		if _, err := s.k.DecideAssume(ctx, c, target, catalog.STSSetSourceIdentity.String(), cx); err != nil {
			return nil, err
		}
	}

	duration := DefaultSessionDuration
	if in.DurationSeconds != nil {
		duration = *in.DurationSeconds
	}
	switch {
	case chained && duration > ChainedSessionLimit:
		return nil, iam.ValidationError("", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
	case duration > max(r.MaxSessionDuration, DefaultSessionDuration):
		return nil, iam.ValidationError("", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
	}

	packed, err := s.checkSessionPolicies(q, &in, acct, tags)
	if err != nil {
		return nil, err
	}

	t := &tempSession{kind: tokenRole, accessKeyID: iam.NewAccessKeyID(iam.PrefixTempAccessKey), secret: iam.NewSecretAccessKey(),
		accountID: acct, issuedAt: now, expires: now.Add(time.Duration(duration) * time.Second),
		mfa: mfa || (chained && c.MFA), roleID: r.ID, roleName: r.Name, rolePath: r.Path, sessionName: in.RoleSessionName,
		sourceARN: c.ARN, sourceIdentity: sourceIdentity, sessionPolicy: in.Policy, policyARNs: in.PolicyArns,
		tags: tags, transitive: transitive, chained: chained}
	if mfa {
		t.mfaAuthTime = now
	} else if t.mfa {
		t.mfaAuthTime = c.MFAAuthTime
	}
	out = &AssumeRoleOutput{
		Credentials:    Credentials{AccessKeyID: t.accessKeyID, SecretAccessKey: t.secret, SessionToken: s.sealToken(t), Expiration: t.expires},
		AssumedRoleID:  r.ID + ":" + in.RoleSessionName,
		ARN:            arn.AssumedRole(acct, r.Name, in.RoleSessionName),
		SourceIdentity: in.SourceIdentity,
	}
	if in.Policy != "" || len(in.PolicyArns) > 0 || len(in.Tags) > 0 {
		out.PackedPolicySize = &packed
	}
	// CloudTrail logs neither the secret key nor the session token.
	resp := &assumeRoleResponse{Credentials: eventCredentials{AccessKeyID: t.accessKeyID, Expiration: t.expires.UTC().Format(iam.ExpirationFormat)},
		AssumedRoleUser: assumedRoleUser{AssumedRoleID: out.AssumedRoleID, ARN: out.ARN}, PackedPolicySize: out.PackedPolicySize,
		SourceIdentity: sourceIdentity}
	s.k.NoteRoleUse(r.ID, now, ev.AWSRegion)
	ev.ResponseElements = resp
	return out, nil
}

// eventCredentials is responseElements.credentials: CloudTrail shows the
// access key ID and the expiration, never the secret or the session token.
type eventCredentials struct {
	AccessKeyID string `json:"accessKeyId"`
	Expiration  string `json:"expiration"`
}

type assumedRoleUser struct {
	AssumedRoleID string `json:"assumedRoleId"`
	ARN           string `json:"arn"`
}

// assumeRoleResponse is CloudTrail's responseElements for AssumeRole.
type assumeRoleResponse struct {
	Credentials      eventCredentials `json:"credentials"`
	AssumedRoleUser  assumedRoleUser  `json:"assumedRoleUser"`
	PackedPolicySize *int             `json:"packedPolicySize,omitempty"`
	SourceIdentity   string           `json:"sourceIdentity,omitempty"`
}

type policyARNParam struct {
	ARN string `json:"arn"`
}

type tagParam struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// assumeRoleRequest is CloudTrail's requestParameters for AssumeRole.
type assumeRoleRequest struct {
	RoleARN           string           `json:"roleArn"`
	RoleSessionName   string           `json:"roleSessionName"`
	DurationSeconds   *int             `json:"durationSeconds,omitempty"`
	ExternalID        string           `json:"externalId,omitempty"`
	SerialNumber      string           `json:"serialNumber,omitempty"`
	Policy            string           `json:"policy,omitempty"`
	PolicyARNs        []policyARNParam `json:"policyArns,omitempty"`
	Tags              []tagParam       `json:"tags,omitempty"`
	TransitiveTagKeys []string         `json:"transitiveTagKeys,omitempty"`
	SourceIdentity    string           `json:"sourceIdentity,omitempty"`
}

// assumeRoleParams is CloudTrail's requestParameters for AssumeRole.
func assumeRoleParams(in *AssumeRoleInput) *assumeRoleRequest {
	p := &assumeRoleRequest{RoleARN: in.RoleArn, RoleSessionName: in.RoleSessionName, DurationSeconds: in.DurationSeconds,
		ExternalID: in.ExternalID, SerialNumber: in.SerialNumber, Policy: in.Policy, TransitiveTagKeys: in.TransitiveTagKeys,
		SourceIdentity: in.SourceIdentity}
	for _, a := range in.PolicyArns {
		p.PolicyARNs = append(p.PolicyARNs, policyARNParam{ARN: a})
	}
	for _, t := range in.Tags {
		p.Tags = append(p.Tags, tagParam(t))
	}
	return p
}

// sessionTags merges the caller's transitive tags (when chaining) with the
// passed tags; keys compare case-insensitively and an inherited transitive
// key may not be passed again.
func sessionTags(c *iam.Caller, chained bool, in *AssumeRoleInput) ([]iam.Tag, []string, error) {
	seen := map[string]bool{}
	var tags []iam.Tag
	var transitive []string
	if chained {
		for _, k := range c.TransitiveTagKeys {
			if v, ok := c.SessionTags[k]; ok {
				tags = append(tags, iam.Tag{Key: k, Value: v})
				transitive = append(transitive, k)
				seen[strings.ToLower(k)] = true
			}
		}
	}
	passed := map[string]bool{}
	for _, t := range in.Tags {
		lk := strings.ToLower(t.Key)
		if seen[lk] {
			return nil, nil, &iam.Error{Kind: iam.KindInvalid, Code: "InvalidParameterValue",
				Message: fmt.Sprintf("One or more of the specified transitive tag keys can't be set because it conflicts with a transitive tag inherited from the calling session: %s", t.Key)}
		}
		if passed[lk] {
			return nil, nil, &iam.Error{Kind: iam.KindInvalid, Code: "InvalidParameterValue", Message: "Duplicate tag keys found. Please note that Tag keys are case insensitive."}
		}
		passed[lk] = true
		tags = append(tags, t)
	}
	for _, k := range in.TransitiveTagKeys {
		if !passed[strings.ToLower(k)] {
			return nil, nil, &iam.Error{Kind: iam.KindInvalid, Code: "InvalidParameterValue",
				Message: "The specified transitive tag key must be included in the requested tags."}
		}
		transitive = append(transitive, k)
	}
	return tags, transitive, nil
}

// checkSessionPolicies checks the inline and managed session policies and the
// tags against the packed size limit and returns the packed size in percent.
func (s *Service) checkSessionPolicies(q *store.Q, in *AssumeRoleInput, roleAcct string, tags []iam.Tag) (int, error) {
	size := 0
	if in.Policy != "" {
		if _, err := s.k.Compile("session policy", in.Policy, policy.KindSession); err != nil {
			e := &iam.Error{Kind: iam.KindMalformedPolicy, Code: "MalformedPolicyDocument", Message: "Syntax errors in policy.", Err: err}
			var pe policy.Errors
			var one *policy.Error
			switch {
			case errors.As(err, &pe) && len(pe) > 0:
				e.Message = pe[0].Message
				for _, p := range pe {
					e.Positions = append(e.Positions, iam.Position{Line: p.Line, Column: p.Column, Message: p.Message})
				}
			case errors.As(err, &one):
				e.Message = one.Message
			}
			if strings.Contains(e.Message, "validation error detected") {
				e.Kind, e.Code = iam.KindInvalid, "ValidationError"
			}
			return 0, e
		}
		size += policy.Size([]byte(in.Policy))
	}
	for _, a := range in.PolicyArns {
		if managed.IsAWSManaged(a) {
			size += len(a)
			continue
		}
		pa, err := arn.Parse(a)
		if err != nil || pa.Service != "iam" || !strings.HasPrefix(pa.Resource, "policy/") {
			return 0, &iam.Error{Kind: iam.KindInvalid, Code: "InvalidParameterValue", Message: fmt.Sprintf("The specified policy ARN %s is not valid.", a)}
		}
		if pa.Account != roleAcct {
			return 0, &iam.Error{Kind: iam.KindInvalid, Code: "InvalidParameterValue", Message: fmt.Sprintf("The policy %s must be in the same account as the role.", a)}
		}
		if _, err := q.PolicyByARN(a); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return 0, identity.NoSuchPolicy(a)
			}
			return 0, iam.Internal(err)
		}
		size += len(a)
	}
	for _, t := range tags {
		size += len(t.Key) + len(t.Value)
	}
	pct := size * 100 / maxSessionPolicySize
	if pct > 100 {
		return 0, &iam.Error{Kind: iam.KindInvalid, Code: "PackedPolicyTooLarge", Message: packedMessage(size)}
	}
	return pct, nil
}

func packedMessage(size int) string {
	return fmt.Sprintf("Packed policy consumes %d%% of allotted space, please use smaller policy.", size*100/maxSessionPolicySize)
}

// GetCallerIdentity answers who c is; it needs no permission.
func (s *Service) GetCallerIdentity(ctx context.Context, c *iam.Caller) (userID, account, arnStr string) {
	ev := iam.NewEvent(ctx, c, iam.SourceSTS, "GetCallerIdentity", s.k.Now())
	ev.ReadOnly = true
	s.k.Record(ev)
	return c.UserIDKey(), c.AccountID, c.ARN
}

// GetSessionToken issues temporary credentials for an IAM user or the root
// user, optionally MFA-authenticated. It needs no permission but long-term
// credentials.
func (s *Service) GetSessionToken(ctx context.Context, c *iam.Caller, in GetSessionTokenInput) (out *Credentials, err error) {
	now := s.k.Now()
	ev := iam.NewEvent(ctx, c, iam.SourceSTS, "GetSessionToken", now)
	params := map[string]any{}
	if in.DurationSeconds != nil {
		params["durationSeconds"] = *in.DurationSeconds
	}
	if in.SerialNumber != "" {
		params["serialNumber"] = in.SerialNumber
	}
	ev.RequestParameters = params
	defer func() {
		if c == nil {
			return
		}
		if err != nil {
			if e := iam.AsError(err); e.Kind != iam.KindInternal {
				ev.ErrorCode, ev.ErrorMessage = e.Code, e.Message
			}
		} else {
			ev.ResponseElements = map[string]eventCredentials{"credentials": {AccessKeyID: out.AccessKeyID,
				Expiration: out.Expiration.UTC().Format(iam.ExpirationFormat)}}
		}
		s.k.Record(ev)
	}()
	if c == nil {
		return nil, errInvalidToken
	}
	if c.Temporary {
		return nil, &iam.Error{Kind: iam.KindDenied, Code: "AccessDenied", Message: "Cannot call GetSessionToken with session credentials"}
	}
	var v validation
	maxD, def := MaxSessionTokenUser, DefaultSessionTokenTTL
	if c.IsRoot() {
		maxD, def = DefaultSessionDuration, DefaultSessionDuration
	}
	v.duration(in.DurationSeconds, MaxSessionTokenUser)
	v.mfa(in.SerialNumber, in.TokenCode)
	if err := v.err(); err != nil {
		return nil, err
	}
	mfa, err := s.checkMFA(ctx, c, in.SerialNumber, in.TokenCode, now)
	if err != nil {
		return nil, err
	}
	d := def
	if in.DurationSeconds != nil {
		d = min(*in.DurationSeconds, maxD)
	}
	t := &tempSession{kind: tokenSession, accessKeyID: iam.NewAccessKeyID(iam.PrefixTempAccessKey), secret: iam.NewSecretAccessKey(),
		accountID: c.AccountID, issuedAt: now, expires: now.Add(time.Duration(d) * time.Second), mfa: mfa, userID: c.UserID}
	if c.IsRoot() {
		t.kind = tokenRoot
	}
	if mfa {
		t.mfaAuthTime = now
	}
	return &Credentials{AccessKeyID: t.accessKeyID, SecretAccessKey: t.secret, SessionToken: s.sealToken(t), Expiration: t.expires}, nil
}
