package iamapi_test

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"iamconsole/handlers/api/apitest"
	"iamconsole/iam"
	"iamconsole/store"
)

// TestEventsCarryTheResponseRequestID checks that the event of every IAM
// call, read or write, allowed or refused, records the request ID its
// response carries in x-amzn-RequestId.
func TestEventsCarryTheResponseRequestID(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	admin, david := e.Keys["admin"], e.Keys["david"]
	e.Role(t, apitest.DevAccount, "Tagged", 3600, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}`)
	form := func(action string, kv ...string) url.Values {
		v := url.Values{"Action": {action}, "Version": {"2010-05-08"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	tests := []struct {
		name, event string
		key         [2]string
		form        url.Values
		status      int
	}{
		{"read", "GetRole", admin, form("GetRole", "RoleName", "Tagged"), 200},
		{"write", "TagRole", admin, form("TagRole", "RoleName", "Tagged", "Tags.member.1.Key", "team", "Tags.member.1.Value", "blue"), 200},
		{"refused", "DeleteRole", david, form("DeleteRole", "RoleName", "Tagged"), 403},
		{"not found", "ListRoleTags", admin, form("ListRoleTags", "RoleName", "Nobody"), 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, body, h := e.Call(t, "iam", tc.key[0], tc.key[1], "", tc.form)
			if st != tc.status {
				t.Fatalf("%s: %d %s", tc.event, st, body)
			}
			e.Svc.FlushEvents()
			evs, err := e.Store.Read(context.Background()).Events(store.EventFilter{AccountID: apitest.DevAccount, Attribute: "EventName", Value: tc.event, Limit: 5})
			if err != nil || len(evs) != 1 {
				t.Fatalf("%s: %d events, %v", tc.event, len(evs), err)
			}
			var rec iam.Record
			if err := json.Unmarshal([]byte(evs[0].Record), &rec); err != nil {
				t.Fatal(err)
			}
			if want := h.Get("x-amzn-RequestId"); want == "" || rec.RequestID != want {
				t.Errorf("%s: event requestID %q, response x-amzn-RequestId %q", tc.event, rec.RequestID, want)
			}
			if tc.status != 200 && rec.ErrorCode == "" {
				t.Errorf("%s: the failed call's event has no errorCode", tc.event)
			}
		})
	}
}
