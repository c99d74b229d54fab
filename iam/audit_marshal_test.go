package iam

import (
	"context"
	"encoding/json"
	"testing"
	"time"
)

// TestRecordMarshal checks that a stored record is json.Marshal's text,
// byte for byte, buffer reuse or not.
func TestRecordMarshal(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	user := &Caller{Type: CallerUser, AccountID: "111122223333", ARN: "arn:aws:iam::111122223333:user/a<b>&c", UniqueID: "AIDAEXAMPLE", UserName: "a<b>&c"}
	role := &Caller{Type: CallerAssumedRole, AccountID: "111122223333", ARN: "arn:aws:sts::111122223333:assumed-role/R/s", UniqueID: "AROAEXAMPLE",
		RoleName: "R", SessionName: "s", Temporary: true, IssuedAt: at}
	tests := []struct {
		name string
		rec  *Record
	}{
		{"plain", NewEvent(context.Background(), user, SourceIAM, "GetUser", at)},
		{"html and unicode", func() *Record {
			r := NewEvent(context.Background(), user, SourceIAM, "CreateRole", at)
			r.RequestParameters = map[string]any{"description": "<script>&\u2028é", "n": 3}
			r.ErrorMessage = "quote \" and backslash \\"
			return r
		}()},
		{"role session", func() *Record {
			r := NewEvent(context.Background(), role, SourceSTS, "AssumeRole", at)
			r.Resources = []Resource{{ARN: "arn:aws:iam::111122223333:role/R", AccountID: "111122223333", Type: "AWS::IAM::Role"}}
			r.AdditionalEventData = map[string]any{"MFAUsed": "No"}
			return r
		}()},
		{"large", func() *Record {
			r := NewEvent(context.Background(), user, SourceIAM, "PutRolePolicy", at)
			big := make([]byte, 100<<10)
			for i := range big {
				big[i] = 'a' + byte(i%26)
			}
			r.RequestParameters = map[string]string{"policyDocument": string(big)}
			return r
		}()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			want, err := json.Marshal(tc.rec)
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				if got := tc.rec.Row().Record; got != string(want) {
					t.Fatalf("row().Record =\n%s\nwant\n%s", got, want)
				}
			}
		})
	}
}
