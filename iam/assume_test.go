package iam_test

import (
	"context"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sessions"
	"iamconsole/iam/sts"
)

// TestOneTrustCompilePerRole checks that Switch Role and AssumeRole share the
// compiled trust policy of a role.
func TestOneTrustCompilePerRole(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	ctx := context.Background()
	sid := f.signIn(t, "development", "david")
	if _, _, err := f.sessions.SwitchRole(ctx, sid, sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"}); err != nil {
		t.Fatal(err)
	}
	before := iam.CompiledLen(f.k)
	user, _, _ := f.Key(t, organizations.DemoDevelopmentID, "david")
	if _, err := f.sts.AssumeRole(ctx, user, sts.AssumeRoleInput{RoleArn: "arn:aws:iam::" + organizations.DemoProductionID + ":role/UpdateAPP", RoleSessionName: "api"}); err != nil {
		t.Fatal(err)
	}
	if after := iam.CompiledLen(f.k); after != before {
		t.Errorf("AssumeRole compiled %d more documents after the switch compiled the trust policy", after-before)
	}
}
