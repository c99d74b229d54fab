package sts

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
)

// GetFederationToken limits (AWS-REFERENCE §2.7 and the botocore model).
const (
	MaxFederationDuration     = 129600
	DefaultFederationDuration = 43200
)

var federatedNamePattern = regexp.MustCompile(`^[\w+=,.@-]*$`)

// GetFederationTokenInput carries GetFederationToken's parameters.
type GetFederationTokenInput struct {
	Name            string
	Policy          string
	PolicyArns      []string
	DurationSeconds *int
	Tags            []iam.Tag
}

// FederationTokenOutput is GetFederationToken's result.
type FederationTokenOutput struct {
	Credentials     Credentials
	FederatedUserID string // ACCOUNT:Name
	ARN             string // arn:aws:sts::ACCOUNT:federated-user/Name
	// PackedPolicySize is set when session policies or tags were passed.
	PackedPolicySize *int
}

type federatedUser struct {
	FederatedUserID string `json:"federatedUserId"`
	ARN             string `json:"arn"`
}

type federationResponse struct {
	Credentials      eventCredentials `json:"credentials"`
	FederatedUser    federatedUser    `json:"federatedUser"`
	PackedPolicySize *int             `json:"packedPolicySize,omitempty"`
}

// GetFederationToken issues temporary credentials for a federated user
// named in.Name on behalf of the calling IAM user (or root user), which
// must sign with long-term credentials and be allowed
// sts:GetFederationToken on the federated user. The federated user may do
// what both the caller's policies and the session policies passed allow:
// without session policies, nothing. Its credentials call neither IAM nor
// STS beyond GetCallerIdentity.
func (s *Service) GetFederationToken(ctx context.Context, c *iam.Caller, in GetFederationTokenInput) (out *FederationTokenOutput, err error) {
	now := s.k.Now()
	ev := iam.NewEvent(ctx, c, iam.SourceSTS, "GetFederationToken", now)
	params := map[string]any{"name": in.Name}
	if in.DurationSeconds != nil {
		params["durationSeconds"] = *in.DurationSeconds
	}
	if in.Policy != "" {
		params["policy"] = in.Policy
	}
	if len(in.PolicyArns) > 0 {
		arns := make([]policyARNParam, 0, len(in.PolicyArns))
		for _, a := range in.PolicyArns {
			arns = append(arns, policyARNParam{ARN: a})
		}
		params["policyArns"] = arns
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
			ev.ResponseElements = nil
		} else {
			ev.ResponseElements = &federationResponse{Credentials: eventCredentials{AccessKeyID: out.Credentials.AccessKeyID,
				Expiration: out.Credentials.Expiration.UTC().Format(iam.ExpirationFormat)},
				FederatedUser: federatedUser{FederatedUserID: out.FederatedUserID, ARN: out.ARN}, PackedPolicySize: out.PackedPolicySize}
		}
		s.k.Record(ev)
	}()
	if c == nil {
		return nil, errInvalidToken
	}
	var v validation
	if v.length(in.Name, "name", 2, 32) {
		v.pattern(in.Name, "name", federatedNamePattern, `[\w+=,.@-]*`)
	}
	v.duration(in.DurationSeconds, MaxFederationDuration)
	if len(in.PolicyArns) > maxPolicyARNs {
		v.msgs = append(v.msgs, fmt.Sprintf("Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to %d", maxPolicyARNs))
	}
	for i, a := range in.PolicyArns {
		v.length(a, fmt.Sprintf("policyArns.%d.member.arn", i+1), 20, 2048)
	}
	if len(in.Tags) > maxSessionTags {
		v.msgs = append(v.msgs, fmt.Sprintf("Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to %d", maxSessionTags))
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	if c.Temporary {
		return nil, &iam.Error{Kind: iam.KindDenied, Code: "AccessDenied", Message: "Cannot call GetFederationToken with session credentials"}
	}
	if c.Type != iam.CallerUser && !c.IsRoot() {
		return nil, &iam.Error{Kind: iam.KindDenied, Code: "AccessDenied", Message: "Cannot call GetFederationToken with session credentials"}
	}
	fedARN := catalog.STSFederatedUser.ARN(c.AccountID, in.Name)
	ev.Resources = []iam.Resource{{ARN: fedARN, AccountID: c.AccountID, Type: "AWS::STS::FederatedUser"}}
	if err := s.k.Authorize(ctx, c, catalog.STSGetFederationToken.String(), fedARN); err != nil {
		return nil, err
	}
	q := s.st.Read(ctx)
	ar := &AssumeRoleInput{Policy: in.Policy, PolicyArns: in.PolicyArns, Tags: in.Tags}
	tags, _, err := sessionTags(c, false, ar)
	if err != nil {
		return nil, err
	}
	packed, err := s.checkSessionPolicies(q, ar, c.AccountID, tags)
	if err != nil {
		return nil, err
	}
	maxD, d := MaxFederationDuration, DefaultFederationDuration
	if c.IsRoot() {
		maxD, d = DefaultSessionDuration, DefaultSessionDuration
	}
	if in.DurationSeconds != nil {
		d = min(*in.DurationSeconds, maxD)
	}
	t := &tempSession{kind: tokenFederated, accessKeyID: iam.NewAccessKeyID(iam.PrefixTempAccessKey), secret: iam.NewSecretAccessKey(),
		accountID: c.AccountID, issuedAt: now, expires: now.Add(time.Duration(d) * time.Second), userID: c.UserID,
		sessionName: in.Name, sourceARN: c.ARN, sessionPolicy: in.Policy, policyARNs: in.PolicyArns, tags: tags}
	out = &FederationTokenOutput{
		Credentials:     Credentials{AccessKeyID: t.accessKeyID, SecretAccessKey: t.secret, SessionToken: s.sealToken(t), Expiration: t.expires},
		FederatedUserID: c.AccountID + ":" + in.Name,
		ARN:             fedARN,
	}
	if in.Policy != "" || len(in.PolicyArns) > 0 || len(in.Tags) > 0 {
		out.PackedPolicySize = &packed
	}
	return out, nil
}
