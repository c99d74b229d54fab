package sts

import (
	"testing"
	"time"

	"iamconsole/iam"
)

func TestSessionTokenRoundTrip(t *testing.T) {
	t.Parallel()
	in := &tempSession{kind: tokenRole, accessKeyID: "ASIAX", secret: "s", accountID: "123456789012",
		issuedAt: time.Unix(100, 0).UTC(), expires: time.Unix(200, 0).UTC(), mfa: true, roleID: "AROAX", roleName: "R",
		rolePath: "/p/", sessionName: "n", sourceIdentity: "si", sessionPolicy: "{}", policyARNs: []string{"a", "b"},
		tags: []iam.Tag{{Key: "k", Value: "v"}}, transitive: []string{"k"}, chained: true}
	out, err := unmarshalSession(in.marshal())
	if err != nil {
		t.Fatal(err)
	}
	if out.roleName != "R" || out.rolePath != "/p/" || !out.chained || out.tags[0].Value != "v" || len(out.policyARNs) != 2 || !out.expires.Equal(in.expires) {
		t.Errorf("round trip %+v", out)
	}
	b := in.marshal()
	for i := range b {
		unmarshalSession(b[:i]) // must not panic
	}
}

// FuzzSessionToken checks that no session-token plaintext makes the decoder
// panic, and that what it accepts encodes back to the same bytes.
func FuzzSessionToken(f *testing.F) {
	f.Add((&tempSession{kind: tokenRole, accessKeyID: "ASIAX", roleName: "R", tags: []iam.Tag{{Key: "k", Value: "v"}}}).marshal())
	f.Add((&tempSession{kind: tokenSession, userID: "AIDAX"}).marshal())
	f.Add([]byte{tokenVersion})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := unmarshalSession(b)
		if err != nil {
			return
		}
		if _, err := unmarshalSession(s.marshal()); err != nil {
			t.Errorf("re-encoded session does not decode: %v", err)
		}
	})
}
