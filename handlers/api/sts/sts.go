package sts

import (
	"context"
	"log/slog"

	"iamconsole/handlers/api/query"
	"iamconsole/iam"
	iamsts "iamconsole/iam/sts"
	"iamconsole/resources/authzmsg"
)

// credentialsXML is STS's Credentials element.
type credentialsXML struct {
	AccessKeyID     string `xml:"AccessKeyId"`
	SecretAccessKey string
	SessionToken    string
	Expiration      string
}

func credentialsOf(cr iamsts.Credentials) credentialsXML {
	return credentialsXML{AccessKeyID: cr.AccessKeyID, SecretAccessKey: cr.SecretAccessKey, SessionToken: cr.SessionToken, Expiration: query.Timestamp(cr.Expiration)}
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

// Namespace and Version of STS's Query protocol.
const (
	Namespace = "https://sts.amazonaws.com/doc/2011-06-15/"
	Version   = "2011-06-15"
)

// Service answers STS over the service layer.
type Service struct {
	svc  *iamsts.Service
	k    *iam.Service // authorizes DecodeAuthorizationMessage
	msgs *authzmsg.Codec
}

// New builds the STS API over svc; k authorizes and records
// DecodeAuthorizationMessage, msgs opens the authorization messages of
// refusals (nil: none decodes).
func New(svc *iamsts.Service, k *iam.Service, msgs *authzmsg.Codec, log *slog.Logger) *query.Service {
	a := &Service{svc: svc, k: k, msgs: msgs}
	return query.NewService("sts", Version, Namespace, map[string]query.Action{
		"AssumeRole":                 a.assumeRole,
		"DecodeAuthorizationMessage": a.decodeAuthorizationMessage,
		"GetCallerIdentity":          a.getCallerIdentity,
		"GetFederationToken":         a.getFederationToken,
		"GetSessionToken":            a.getSessionToken,
	}, log)
}

func (a *Service) assumeRole(r *query.Reader) query.Invoke {
	p := r.P
	roleARN, name, dur := r.Required("RoleArn"), r.Required("RoleSessionName"), r.IntP("DurationSeconds", "durationSeconds")
	in := iamsts.AssumeRoleInput{RoleArn: roleARN, RoleSessionName: name, DurationSeconds: dur,
		Policy: p.Get("Policy"), PolicyArns: p.List("PolicyArns", ".arn"), Tags: p.Tags("Tags"),
		TransitiveTagKeys: p.List("TransitiveTagKeys", ""), ExternalID: p.Get("ExternalId"),
		SerialNumber: p.Get("SerialNumber"), TokenCode: p.Get("TokenCode"), SourceIdentity: p.Get("SourceIdentity")}
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		out, err := a.svc.AssumeRole(ctx, c, in)
		if err != nil {
			return nil, err
		}
		res := &assumeRoleResult{Credentials: credentialsOf(out.Credentials), PackedPolicySize: out.PackedPolicySize, SourceIdentity: out.SourceIdentity}
		res.AssumedRoleUser.AssumedRoleID, res.AssumedRoleUser.Arn = out.AssumedRoleID, out.ARN
		return res, nil
	}
}

func (a *Service) getCallerIdentity(*query.Reader) query.Invoke {
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		uid, acct, arn := a.svc.GetCallerIdentity(ctx, c)
		return &getCallerIdentityResult{Arn: arn, UserID: uid, Account: acct}, nil
	}
}

func (a *Service) getSessionToken(r *query.Reader) query.Invoke {
	dur := r.IntP("DurationSeconds", "durationSeconds")
	in := iamsts.GetSessionTokenInput{DurationSeconds: dur, SerialNumber: r.P.Get("SerialNumber"), TokenCode: r.P.Get("TokenCode")}
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		cr, err := a.svc.GetSessionToken(ctx, c, in)
		if err != nil {
			return nil, err
		}
		return &getSessionTokenResult{Credentials: credentialsOf(*cr)}, nil
	}
}

type getFederationTokenResult struct {
	Credentials   credentialsXML
	FederatedUser struct {
		FederatedUserID string `xml:"FederatedUserId"`
		Arn             string
	}
	PackedPolicySize *int `xml:",omitempty"`
}

func (a *Service) getFederationToken(r *query.Reader) query.Invoke {
	p := r.P
	in := iamsts.GetFederationTokenInput{Name: r.Required("Name"), Policy: p.Get("Policy"), PolicyArns: p.List("PolicyArns", ".arn"),
		DurationSeconds: r.IntP("DurationSeconds", "durationSeconds"), Tags: p.Tags("Tags")}
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		out, err := a.svc.GetFederationToken(ctx, c, in)
		if err != nil {
			return nil, err
		}
		res := &getFederationTokenResult{Credentials: credentialsOf(out.Credentials), PackedPolicySize: out.PackedPolicySize}
		res.FederatedUser.FederatedUserID, res.FederatedUser.Arn = out.FederatedUserID, out.ARN
		return res, nil
	}
}
