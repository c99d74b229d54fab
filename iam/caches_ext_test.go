package iam_test

import (
	"context"
	"fmt"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sts"
)

// TestCachesBoundedByCallerChosenInput assumes a role many times, each with
// a session policy of its own, and uses every session: the compiled
// policies and the per-session policy sets stay within their bounds.
func TestCachesBoundedByCallerChosenInput(t *testing.T) {
	t.Parallel()
	e := newSTSEnv(t)
	const bound, sessions = 50, 300
	iam.BoundCaches(e.k, bound)
	ctx := context.Background()
	david, _, _ := e.Key(t, organizations.DemoDevelopmentID, "david")
	for i := range sessions {
		doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"S%d","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::productionapp/%d"}]}`, i, i)
		out, err := e.sts.AssumeRole(ctx, david, sts.AssumeRoleInput{RoleArn: "arn:aws:iam::" + organizations.DemoProductionID + ":role/UpdateAPP", RoleSessionName: "bounded", Policy: doc})
		if err != nil {
			t.Fatalf("AssumeRole %d: %v", i, err)
		}
		sess, _, err := e.sts.AuthenticateAccessKey(ctx, out.Credentials.AccessKeyID, out.Credentials.SessionToken)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.k.Authorize(ctx, sess, "s3:GetObject", fmt.Sprintf("arn:aws:s3:::productionapp/%d", i)); err != nil {
			t.Fatalf("session %d: %v", i, err)
		}
	}
	if n := iam.CompiledCache(e.k).Len(); n > bound {
		t.Errorf("compiled policies: %d entries, bound %d", n, bound)
	}
	if n := iam.SetsCache(e.k).Len(); n > bound {
		t.Errorf("policy sets: %d entries, bound %d", n, bound)
	}
	if iam.CompiledCache(e.k).Evictions() == 0 || iam.SetsCache(e.k).Evictions() == 0 {
		t.Error("nothing was evicted: the test did not reach the bounds")
	}
}
