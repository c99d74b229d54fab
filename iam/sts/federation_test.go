package sts_test

import (
	"context"
	"testing"

	"iamconsole/iam/iamtest"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sts"
)

// TestGetFederationToken: a federated user may do what both the asking
// user's policies and the session policy allow, nothing without a session
// policy; it is named by its federated-user ARN and ACCOUNT:name; its
// credentials call neither AssumeRole nor GetFederationToken.
func TestGetFederationToken(t *testing.T) {
	t.Parallel()
	e := newSTSEnv(t)
	ctx := context.Background()
	dev := organizations.DemoDevelopmentID
	root := e.Root(t, dev)
	// The asking user may federate and read objects, not write them.
	if err := e.Identity.PutInlinePolicy(ctx, root, "user", "theresa", "broker",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:GetFederationToken","s3:GetObject"],"Resource":"*"}]}`); err != nil {
		t.Fatal(err)
	}
	broker, _, _ := e.key(t, dev, "theresa")
	session := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]}`
	out, err := e.s.GetFederationToken(ctx, broker, sts.GetFederationTokenInput{Name: "Bob", Policy: session})
	if err != nil {
		t.Fatal(err)
	}
	if out.ARN != "arn:aws:sts::111122223333:federated-user/Bob" || out.FederatedUserID != "111122223333:Bob" || out.PackedPolicySize == nil {
		t.Errorf("out = %+v", out)
	}
	if d := out.Credentials.Expiration.Sub(e.k.Now()); d.Hours() != 12 {
		t.Errorf("default duration %v, want 12h", d)
	}
	fed, secret, err := e.s.AuthenticateAccessKey(ctx, out.Credentials.AccessKeyID, out.Credentials.SessionToken)
	if err != nil || secret != out.Credentials.SecretAccessKey {
		t.Fatal(err)
	}
	if uid, _, arn := e.s.GetCallerIdentity(ctx, fed); uid != "111122223333:Bob" || arn != out.ARN {
		t.Errorf("GetCallerIdentity = %s %s", uid, arn)
	}
	// The intersection: GetObject both allow; PutObject only the session
	// policy; iam:ListUsers neither.
	for action, allowed := range map[string]bool{"s3:GetObject": true, "s3:PutObject": false, "iam:ListUsers": false} {
		if got := e.k.Allowed(ctx, fed, action, "arn:aws:s3:::productionapp/x"); got != allowed {
			t.Errorf("%s allowed = %v, want %v", action, got, allowed)
		}
	}
	// Without a session policy the federated user may do nothing.
	bare, err := e.s.GetFederationToken(ctx, broker, sts.GetFederationTokenInput{Name: "Nobody"})
	if err != nil {
		t.Fatal(err)
	}
	nobody, _, err := e.s.AuthenticateAccessKey(ctx, bare.Credentials.AccessKeyID, bare.Credentials.SessionToken)
	if err != nil {
		t.Fatal(err)
	}
	if e.k.Allowed(ctx, nobody, "s3:GetObject", "*") {
		t.Error("a federated user without session policies may act")
	}
	_, err = e.s.AssumeRole(ctx, fed, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "x1"})
	iamtest.WantErr(t, err, "AccessDenied", "federated-user/Bob is not authorized to perform: sts:AssumeRole")
	_, err = e.s.GetFederationToken(ctx, fed, sts.GetFederationTokenInput{Name: "Again"})
	iamtest.WantErr(t, err, "AccessDenied", "Cannot call GetFederationToken with session credentials")
	// The caller needs sts:GetFederationToken; names are 2–32 of [\w+=,.@-].
	david, _, _ := e.key(t, dev, "david")
	_, err = e.s.GetFederationToken(ctx, david, sts.GetFederationTokenInput{Name: "Bob"})
	iamtest.WantErr(t, err, "AccessDenied", "is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::111122223333:federated-user/Bob")
	_, err = e.s.GetFederationToken(ctx, broker, sts.GetFederationTokenInput{Name: "B"})
	iamtest.WantErr(t, err, "ValidationError", "1 validation error detected: Value 'B' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 2")
	_, err = e.s.GetFederationToken(ctx, broker, sts.GetFederationTokenInput{Name: "Bob", DurationSeconds: intp(129601)})
	iamtest.WantErr(t, err, "ValidationError", "Member must have value less than or equal to 129600")
	// Recorded as CloudTrail does, the federated user's events naming it.
	evs := e.Events(t, dev, "GetFederationToken")
	if len(evs) == 0 || evs[0].Username == "" {
		t.Errorf("GetFederationToken events: %+v", evs)
	}
}
