package iam

import (
	"context"
	"fmt"
	"testing"

	"iamconsole/iam/cache"
	"iamconsole/iam/policy"
)

// TestCachesBoundedByCallerChosenInput assumes a role many times, each with
// a session policy of its own, and uses every session: the compiled
// policies and the per-session policy sets stay within their bounds.
func TestCachesBoundedByCallerChosenInput(t *testing.T) {
	t.Parallel()
	e := newSTSEnv(t)
	const bound, sessions = 50, 300
	e.s.caches.compiled = cache.NewLRU[string, *policy.Policy](bound)
	e.s.caches.sets = cache.NewLRU[string, *cachedSet](bound)
	ctx := context.Background()
	david, _, _ := e.key(t, DemoDevelopmentID, "david")
	for i := range sessions {
		doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"S%d","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::productionapp/%d"}]}`, i, i)
		out, err := e.s.AssumeRole(ctx, david, AssumeRoleInput{RoleArn: "arn:aws:iam::" + DemoProductionID + ":role/UpdateAPP", RoleSessionName: "bounded", Policy: doc})
		if err != nil {
			t.Fatalf("AssumeRole %d: %v", i, err)
		}
		sess, _, err := e.s.AuthenticateAccessKey(ctx, out.Credentials.AccessKeyID, out.Credentials.SessionToken)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.s.Authorize(ctx, sess, "s3:GetObject", fmt.Sprintf("arn:aws:s3:::productionapp/%d", i)); err != nil {
			t.Fatalf("session %d: %v", i, err)
		}
	}
	if n := e.s.caches.compiled.Len(); n > bound {
		t.Errorf("compiled policies: %d entries, bound %d", n, bound)
	}
	if n := e.s.caches.sets.Len(); n > bound {
		t.Errorf("policy sets: %d entries, bound %d", n, bound)
	}
	if e.s.caches.compiled.Evictions() == 0 || e.s.caches.sets.Evictions() == 0 {
		t.Error("nothing was evicted: the test did not reach the bounds")
	}
}
