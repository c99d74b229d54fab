package sts_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sts"
	"iamconsole/store"
)

// mfa enables a virtual MFA device for a user and returns its serial and seed.
func (e *stsEnv) mfa(t testing.TB, c *iam.Caller) (string, []byte) {
	t.Helper()
	seed, _ := iam.NewMFASeed()
	serial := "arn:aws:iam::" + c.AccountID + ":mfa/" + c.UserName
	db, err := sql.Open("sqlite", e.path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := e.k.Now()
	_, err = db.Exec(`INSERT INTO mfa_devices (serial, account_id, name, path, user_id, root, seed_sealed, enabled_at, last_used_step, created_at)
		VALUES (?, ?, ?, '/', ?, 0, ?, ?, 0, ?)`, serial, c.AccountID, c.UserName, c.UserID, e.k.Sealer().Seal(seed, serial), now, now)
	if err != nil {
		t.Fatal(err)
	}
	return serial, seed
}

func code(t testing.TB, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	return iam.AsError(err).Code + ": " + iam.AsError(err).Message
}

const updateAPP = "arn:aws:iam::123456789012:role/UpdateAPP"

func intp(n int) *int { return &n }

func TestAssumeRoleDemo(t *testing.T) {
	t.Parallel()
	e := newSTSEnv(t)
	ctx := context.Background()
	david, _, _ := e.key(t, organizations.DemoDevelopmentID, "david")
	out, err := e.s.AssumeRole(ctx, david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "david-session"})
	if err != nil {
		t.Fatal(err)
	}
	if out.ARN != "arn:aws:sts::123456789012:assumed-role/UpdateAPP/david-session" {
		t.Errorf("ARN = %s", out.ARN)
	}
	if !strings.HasPrefix(out.AssumedRoleID, "AROA") || !strings.HasSuffix(out.AssumedRoleID, ":david-session") {
		t.Errorf("AssumedRoleID = %s", out.AssumedRoleID)
	}
	cr := out.Credentials
	if !strings.HasPrefix(cr.AccessKeyID, "ASIA") || len(cr.AccessKeyID) != 20 || len(cr.SecretAccessKey) != 40 {
		t.Errorf("credentials %+v", cr)
	}
	if got := cr.Expiration.Sub(e.k.Now()); got != time.Hour {
		t.Errorf("lifetime = %v, want 1h", got)
	}
	if out.PackedPolicySize != nil {
		t.Error("PackedPolicySize set without session policy or tags")
	}
	c, secret, err := e.s.AuthenticateAccessKey(ctx, cr.AccessKeyID, cr.SessionToken)
	if err != nil || secret != cr.SecretAccessKey {
		t.Fatalf("AuthenticateAccessKey(ASIA) = %v", err)
	}
	uid, acct, a := e.s.GetCallerIdentity(context.Background(), c)
	if uid != out.AssumedRoleID || acct != organizations.DemoProductionID || a != out.ARN {
		t.Errorf("GetCallerIdentity = %s %s %s", uid, acct, a)
	}
	if c.SourceARN != david.ARN || c.Chained {
		t.Errorf("session caller %+v", c)
	}

	// Events: one in each account, linked by sharedEventID; no secret.
	e.k.FlushEvents()
	var shared []string
	for _, account := range []string{organizations.DemoDevelopmentID, organizations.DemoProductionID} {
		evs, err := e.k.Store().Read(ctx).Events(store.EventFilter{AccountID: account, Attribute: "EventName", Value: "AssumeRole", Limit: 10})
		if err != nil || len(evs) != 1 {
			t.Fatalf("%s: %d AssumeRole events, %v", account, len(evs), err)
		}
		if strings.Contains(evs[0].Record, cr.SecretAccessKey) {
			t.Error("the secret key was recorded")
		}
		shared = append(shared, evs[0].SharedEventID)
	}
	if shared[0] == "" || shared[0] != shared[1] {
		t.Errorf("sharedEventID %q", shared)
	}
}

func TestAssumeRoleRefusals(t *testing.T) {
	t.Parallel()
	e := newSTSEnv(t)
	ctx := context.Background()
	theresa, _, _ := e.key(t, organizations.DemoDevelopmentID, "theresa")
	david, _, _ := e.key(t, organizations.DemoDevelopmentID, "david")
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoDevelopmentID, ARN: "arn:aws:iam::111122223333:root", UniqueID: organizations.DemoDevelopmentID}
	denied := "AccessDenied: User: arn:aws:iam::111122223333:user/theresa is not authorized to perform: sts:AssumeRole on resource: " + updateAPP
	tests := []struct {
		name   string
		c      *iam.Caller
		in     sts.AssumeRoleInput
		prefix string
	}{
		{"testers are denied", theresa, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "s1"}, denied},
		{"root may not assume roles", root, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "s1"}, "AccessDenied: Roles may not be assumed by root accounts."},
		{"unknown role", david, sts.AssumeRoleInput{RoleArn: "arn:aws:iam::123456789012:role/Nope", RoleSessionName: "s1"},
			"AccessDenied: User: arn:aws:iam::111122223333:user/david is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Nope"},
		{"wrong path", david, sts.AssumeRoleInput{RoleArn: "arn:aws:iam::123456789012:role/x/UpdateAPP", RoleSessionName: "s1"}, "AccessDenied: User:"},
		{"session name pattern", david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "a:b"},
			`ValidationError: 1 validation error detected: Value 'a:b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*`},
		{"session name short", david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "a"},
			"ValidationError: 1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"},
		{"two errors", david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: strings.Repeat("x", 65), DurationSeconds: intp(100)},
			"ValidationError: 2 validation errors detected: Value '" + strings.Repeat("x", 65) + "' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64; Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"},
		{"duration too long for the role", david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "s1", DurationSeconds: intp(7200)},
			"ValidationError: The requested DurationSeconds exceeds the MaxSessionDuration set for this role."},
		{"duration above 12h", david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "s1", DurationSeconds: intp(43201)},
			"ValidationError: 1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"},
		{"token code", david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "s1", SerialNumber: "arn:aws:iam::111122223333:mfa/david", TokenCode: "12a456"},
			`ValidationError: 1 validation error detected: Value '12a456' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\d]*`},
		{"serial without code", david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "s1", SerialNumber: "arn:aws:iam::111122223333:mfa/david"},
			"AccessDenied: " + sts.MsgMFABoth},
		{"unknown serial", david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "s1", SerialNumber: "arn:aws:iam::111122223333:mfa/nobody", TokenCode: "123456"},
			"AccessDenied: " + sts.MsgMFAUnknown},
		{"malformed session policy", david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "s1", Policy: `{"Version":"2012-10-17"`}, "MalformedPolicyDocument: "},
		{"tags need sts:TagSession", david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "s1", Tags: []iam.Tag{{Key: "team", Value: "dev"}}},
			"AccessDenied: User: arn:aws:iam::111122223333:user/david is not authorized to perform: sts:TagSession"},
		{"source identity needs sts:SetSourceIdentity", david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "s1", SourceIdentity: "david"},
			"AccessDenied: User: arn:aws:iam::111122223333:user/david is not authorized to perform: sts:SetSourceIdentity"},
		{"source identity prefix", david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "s1", SourceIdentity: "aws:x"}, "ValidationError: "},
		{"transitive key not among tags", david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "s1", TransitiveTagKeys: []string{"a"}}, "InvalidParameterValue: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.s.AssumeRole(ctx, tc.c, tc.in)
			if got := code(t, err); !strings.HasPrefix(got, tc.prefix) || err == nil {
				t.Errorf("got  %q\nwant %q…", got, tc.prefix)
			}
		})
	}
}

func TestAssumeRoleChainingAndExpiry(t *testing.T) {
	t.Parallel()
	e := newSTSEnv(t)
	ctx := context.Background()
	david, _, _ := e.key(t, organizations.DemoDevelopmentID, "david")
	out, err := e.s.AssumeRole(ctx, david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "hop1"})
	if err != nil {
		t.Fatal(err)
	}
	chain := e.role(t, organizations.DemoProductionID, "Chained", 43200, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"`+updateAPP+`"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`)
	c1, _, err := e.s.AuthenticateAccessKey(ctx, out.Credentials.AccessKeyID, out.Credentials.SessionToken)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.s.AssumeRole(ctx, c1, sts.AssumeRoleInput{RoleArn: chain, RoleSessionName: "hop2", DurationSeconds: intp(3601)})
	if got := code(t, err); got != "ValidationError: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining." {
		t.Errorf("chained 3601 s: %s", got)
	}
	out2, err := e.s.AssumeRole(ctx, c1, sts.AssumeRoleInput{RoleArn: chain, RoleSessionName: "hop2", DurationSeconds: intp(3600),
		Tags: []iam.Tag{{Key: "Project", Value: "blue"}}, TransitiveTagKeys: []string{"Project"}})
	if err != nil {
		t.Fatalf("chained 3600 s: %v", err)
	}
	if out2.PackedPolicySize == nil {
		t.Error("PackedPolicySize missing with tags")
	}
	c2, _, err := e.s.AuthenticateAccessKey(ctx, out2.Credentials.AccessKeyID, out2.Credentials.SessionToken)
	if err != nil {
		t.Fatal(err)
	}
	if !c2.Chained || c2.SessionTags["Project"] != "blue" || len(c2.TransitiveTagKeys) != 1 {
		t.Errorf("chained caller %+v", c2)
	}
	// A transitive tag cannot be set again further down the chain.
	_, err = e.s.AssumeRole(ctx, c2, sts.AssumeRoleInput{RoleArn: chain, RoleSessionName: "hop3", Tags: []iam.Tag{{Key: "project", Value: "red"}}})
	if !iam.IsKind(err, iam.KindInvalid) {
		t.Errorf("overriding a transitive tag: %v", err)
	}

	// Tampered and expired tokens.
	tok := out.Credentials.SessionToken
	bad := tok[:len(tok)-4] + "AAAA"
	if _, _, err := e.s.AuthenticateAccessKey(ctx, out.Credentials.AccessKeyID, bad); code(t, err) != "InvalidClientTokenId: "+sts.MsgInvalidToken {
		t.Errorf("tampered token: %v", err)
	}
	if _, _, err := e.s.AuthenticateAccessKey(ctx, "ASIAAAAAAAAAAAAAAAAA", tok); code(t, err) != "InvalidClientTokenId: "+sts.MsgInvalidToken {
		t.Errorf("token of another key: %v", err)
	}
	e.clock.Advance(time.Hour)
	if _, _, err := e.s.AuthenticateAccessKey(ctx, out.Credentials.AccessKeyID, tok); code(t, err) != "ExpiredToken: "+sts.MsgExpiredToken {
		t.Errorf("expired token: %v", err)
	}
}

func TestAssumeRoleExternalIDAndMFA(t *testing.T) {
	t.Parallel()
	e := newSTSEnv(t)
	ctx := context.Background()
	david, _, _ := e.key(t, organizations.DemoDevelopmentID, "david")
	ext := e.role(t, organizations.DemoDevelopmentID, "Vendor", 3600, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/david"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"Unique-42"}}}]}`)
	if _, err := e.s.AssumeRole(ctx, david, sts.AssumeRoleInput{RoleArn: ext, RoleSessionName: "s1"}); !iam.IsKind(err, iam.KindDenied) {
		t.Errorf("without ExternalId: %v", err)
	}
	if _, err := e.s.AssumeRole(ctx, david, sts.AssumeRoleInput{RoleArn: ext, RoleSessionName: "s1", ExternalID: "Unique-42"}); err != nil {
		t.Errorf("with ExternalId: %v", err)
	}

	mfaRole := e.role(t, organizations.DemoDevelopmentID, "NeedsMFA", 3600, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/david"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`)
	serial, seed := e.mfa(t, david)
	if _, err := e.s.AssumeRole(ctx, david, sts.AssumeRoleInput{RoleArn: mfaRole, RoleSessionName: "s1"}); !iam.IsKind(err, iam.KindDenied) {
		t.Errorf("without MFA: %v", err)
	}
	now := e.k.Now()
	good := iam.TOTP(seed, iam.TOTPStep(now))
	wrong := iam.TOTP(seed, iam.TOTPStep(now)+5)
	_, err := e.s.AssumeRole(ctx, david, sts.AssumeRoleInput{RoleArn: mfaRole, RoleSessionName: "s1", SerialNumber: serial, TokenCode: wrong})
	if code(t, err) != "AccessDenied: "+sts.MsgMFAInvalidCode {
		t.Errorf("wrong code: %v", err)
	}
	out, err := e.s.AssumeRole(ctx, david, sts.AssumeRoleInput{RoleArn: mfaRole, RoleSessionName: "s1", SerialNumber: serial, TokenCode: good})
	if err != nil {
		t.Fatalf("with MFA: %v", err)
	}
	c, _, _ := e.s.AuthenticateAccessKey(ctx, out.Credentials.AccessKeyID, out.Credentials.SessionToken)
	if !c.MFA {
		t.Error("session not MFA-authenticated")
	}
	_, err = e.s.AssumeRole(ctx, david, sts.AssumeRoleInput{RoleArn: mfaRole, RoleSessionName: "s1", SerialNumber: serial, TokenCode: good})
	if code(t, err) != "AccessDenied: "+sts.MsgMFAInvalidCode {
		t.Errorf("reused code: %v", err)
	}

	// GetSessionToken with MFA, then AssumeRole with those credentials.
	e.clock.Advance(30 * time.Second)
	st, err := e.s.GetSessionToken(ctx, david, sts.GetSessionTokenInput{SerialNumber: serial, TokenCode: iam.TOTP(seed, iam.TOTPStep(e.k.Now()))})
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Expiration.Sub(e.k.Now()); got != 12*time.Hour {
		t.Errorf("GetSessionToken lifetime %v", got)
	}
	sc, _, err := e.s.AuthenticateAccessKey(ctx, st.AccessKeyID, st.SessionToken)
	if err != nil || sc.Type != iam.CallerUser || !sc.MFA || !sts.IsSessionTokenCaller(sc) {
		t.Fatalf("session-token caller %+v %v", sc, err)
	}
	if _, err := e.s.AssumeRole(ctx, sc, sts.AssumeRoleInput{RoleArn: mfaRole, RoleSessionName: "s1"}); err != nil {
		t.Errorf("AssumeRole with MFA session credentials: %v", err)
	}
	if _, err := e.s.GetSessionToken(ctx, sc, sts.GetSessionTokenInput{}); code(t, err) != "AccessDenied: Cannot call GetSessionToken with session credentials" {
		t.Errorf("GetSessionToken with session credentials: %v", err)
	}
}

func TestAssumeRoleSessionPolicy(t *testing.T) {
	t.Parallel()
	e := newSTSEnv(t)
	ctx := context.Background()
	david, _, _ := e.key(t, organizations.DemoDevelopmentID, "david")
	pol := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	out, err := e.s.AssumeRole(ctx, david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "s1", Policy: pol,
		PolicyArns: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}})
	if err != nil {
		t.Fatal(err)
	}
	if out.PackedPolicySize == nil || *out.PackedPolicySize <= 0 {
		t.Errorf("PackedPolicySize %v", out.PackedPolicySize)
	}
	c, _, _ := e.s.AuthenticateAccessKey(ctx, out.Credentials.AccessKeyID, out.Credentials.SessionToken)
	if !e.k.Allowed(ctx, c, "s3:GetObject", "arn:aws:s3:::productionapp/a") {
		t.Error("session policy ∩ role policy should allow s3:GetObject")
	}
	if e.k.Allowed(ctx, c, "s3:PutObject", "arn:aws:s3:::productionapp/a") {
		t.Error("session policy must restrict s3:PutObject")
	}
	_, err = e.s.AssumeRole(ctx, david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "s1", PolicyArns: []string{"arn:aws:iam::999999999999:policy/x"}})
	if !iam.IsKind(err, iam.KindInvalid) {
		t.Errorf("policy from another account: %v", err)
	}
}

func TestAuthenticateAccessKey(t *testing.T) {
	t.Parallel()
	e := newSTSEnv(t)
	ctx := context.Background()
	c, id, _ := e.key(t, organizations.DemoDevelopmentID, "david")
	if c.Type != iam.CallerUser || c.ARN != "arn:aws:iam::111122223333:user/david" || c.AccessKeyID != id {
		t.Errorf("caller %+v", c)
	}
	for _, tc := range []struct{ name, id, token string }{
		{"unknown", "AKIAAAAAAAAAAAAAAAAA", ""},
		{"long-term key with a token", id, "abc"},
		{"temporary key without token", "ASIAAAAAAAAAAAAAAAAA", ""},
		{"garbage token", "ASIAAAAAAAAAAAAAAAAA", "!!!"},
		{"empty", "", ""},
	} {
		if _, _, err := e.s.AuthenticateAccessKey(ctx, tc.id, tc.token); code(t, err) != "InvalidClientTokenId: "+sts.MsgInvalidToken {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	db, err := sql.Open("sqlite", e.path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE access_keys SET status = 'Inactive' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	e.k.InvalidateCaches()
	if _, _, err := e.s.AuthenticateAccessKey(ctx, id, ""); code(t, err) != "InvalidClientTokenId: "+sts.MsgInvalidToken {
		t.Errorf("inactive key: %v", err)
	}
}

// BenchmarkAssumeRole measures the service side of AssumeRole (no HTTP).
func BenchmarkAssumeRole(b *testing.B) {
	e := newSTSEnv(b)
	ctx := context.Background()
	david, _, _ := e.key(b, organizations.DemoDevelopmentID, "david")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.s.AssumeRole(ctx, david, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "bench"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestAssumeRoleEventsSlim checks that AssumeRole's events carry neither the
// session token nor the secret key, as in CloudTrail.
func TestAssumeRoleEventsSlim(t *testing.T) {
	t.Parallel()
	e := newSTSEnv(t)
	ctx := context.Background()
	c, _, _ := e.key(t, organizations.DemoDevelopmentID, "david")
	out, err := e.s.AssumeRole(ctx, c, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "slim", DurationSeconds: intp(900)})
	if err != nil {
		t.Fatal(err)
	}
	e.k.FlushEvents()
	for _, acct := range []string{organizations.DemoDevelopmentID, organizations.DemoProductionID} {
		es, err := e.k.Store().Read(ctx).Events(store.EventFilter{AccountID: acct, Attribute: "EventName", Value: "AssumeRole"})
		if err != nil || len(es) != 1 {
			t.Fatalf("%s: %d events, %v", acct, len(es), err)
		}
		rec := es[0].Record
		if strings.Contains(rec, out.Credentials.SessionToken) || strings.Contains(rec, out.Credentials.SecretAccessKey) ||
			strings.Contains(rec, "sessionToken") {
			t.Errorf("%s: the event carries a secret: %s", acct, rec)
		}
		var r struct {
			RequestParameters struct {
				RoleArn         string `json:"roleArn"`
				DurationSeconds int    `json:"durationSeconds"`
			} `json:"requestParameters"`
			ResponseElements struct {
				Credentials map[string]string `json:"credentials"`
			} `json:"responseElements"`
		}
		if err := json.Unmarshal([]byte(rec), &r); err != nil {
			t.Fatal(err)
		}
		cr := r.ResponseElements.Credentials
		if r.RequestParameters.RoleArn != updateAPP || r.RequestParameters.DurationSeconds != 900 ||
			cr["accessKeyId"] != out.Credentials.AccessKeyID || cr["expiration"] == "" || len(cr) != 2 {
			t.Errorf("%s: record %s", acct, rec)
		}
		if len(rec) > 1500 {
			t.Errorf("%s: record of %d bytes", acct, len(rec))
		}
	}
}
