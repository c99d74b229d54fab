package handlers

import (
	"context"

	"iamconsole/iam"
)

// credentialsXML is STS's Credentials element.
type credentialsXML struct {
	AccessKeyID     string `xml:"AccessKeyId"`
	SecretAccessKey string
	SessionToken    string
	Expiration      string
}

func credentialsOf(cr iam.Credentials) credentialsXML {
	return credentialsXML{AccessKeyID: cr.AccessKeyID, SecretAccessKey: cr.SecretAccessKey, SessionToken: cr.SessionToken, Expiration: isoTime(cr.Expiration)}
}

type assumeRoleResult struct {
	Credentials     credentialsXML
	AssumedRoleUser struct {
		AssumedRoleID string `xml:"AssumedRoleId"`
		Arn           string
	}
	PackedPolicySize *int   `xml:",omitempty"`
	SourceIdentity   string `xml:",omitempty"`
}

type getCallerIdentityResult struct {
	Arn     string
	UserID  string `xml:"UserId"`
	Account string
}

type getSessionTokenResult struct {
	Credentials credentialsXML
}

// stsActions is STS's action table.
func (a *API) stsActions() map[string]queryAction {
	return map[string]queryAction{
		"AssumeRole":        a.assumeRole,
		"GetCallerIdentity": a.getCallerIdentity,
		"GetSessionToken":   a.getSessionToken,
	}
}

func (a *API) assumeRole(ctx context.Context, c *iam.Caller, p params) (any, error) {
	r := &iamReader{p: p}
	roleARN, name, dur := r.required("RoleArn"), r.required("RoleSessionName"), r.intp("DurationSeconds", "durationSeconds")
	if err := r.err(); err != nil {
		return nil, err
	}
	in := iam.AssumeRoleInput{RoleArn: roleARN, RoleSessionName: name, DurationSeconds: dur,
		Policy: p.get("Policy"), PolicyArns: p.list("PolicyArns", ".arn"), Tags: p.tags("Tags"),
		TransitiveTagKeys: p.list("TransitiveTagKeys", ""), ExternalID: p.get("ExternalId"),
		SerialNumber: p.get("SerialNumber"), TokenCode: p.get("TokenCode"), SourceIdentity: p.get("SourceIdentity")}
	out, err := a.svc.AssumeRole(ctx, c, in)
	if err != nil {
		return nil, err
	}
	res := &assumeRoleResult{Credentials: credentialsOf(out.Credentials), PackedPolicySize: out.PackedPolicySize, SourceIdentity: out.SourceIdentity}
	res.AssumedRoleUser.AssumedRoleID, res.AssumedRoleUser.Arn = out.AssumedRoleID, out.ARN
	return res, nil
}

func (a *API) getCallerIdentity(_ context.Context, c *iam.Caller, _ params) (any, error) {
	uid, acct, arn := a.svc.GetCallerIdentity(c)
	return &getCallerIdentityResult{Arn: arn, UserID: uid, Account: acct}, nil
}

func (a *API) getSessionToken(ctx context.Context, c *iam.Caller, p params) (any, error) {
	r := &iamReader{p: p}
	dur := r.intp("DurationSeconds", "durationSeconds")
	if err := r.err(); err != nil {
		return nil, err
	}
	cr, err := a.svc.GetSessionToken(ctx, c, iam.GetSessionTokenInput{DurationSeconds: dur, SerialNumber: p.get("SerialNumber"), TokenCode: p.get("TokenCode")})
	if err != nil {
		return nil, err
	}
	return &getSessionTokenResult{Credentials: credentialsOf(*cr)}, nil
}
