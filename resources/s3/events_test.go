package s3

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"iamconsole/iam/organizations"
	"iamconsole/store"
)

// record is the part of a CloudTrail record the tests look at.
type record struct {
	EventSource, EventName, EventCategory, ErrorCode, SharedEventID, RecipientAccountID string
	ManagementEvent, ReadOnly                                                           bool
	UserIdentity                                                                        struct{ Type, AccountID string }
	Resources                                                                           []struct{ ARN, AccountID, Type string }
}

func (f *fixture) events(t *testing.T, account, name string) []record {
	t.Helper()
	f.svc.FlushEvents()
	es, err := f.st.Read(context.Background()).Events(store.EventFilter{AccountID: account, Attribute: "EventName", Value: name, IncludeReads: true, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []record
	for _, e := range es {
		var r record
		if err := json.Unmarshal([]byte(e.Record), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// S3 calls are recorded as CloudTrail records them: object-level calls as
// data events, bucket-level ones as management events, with S3's resource
// types, refusals with their code, and a call across accounts in both.
func TestEvents(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	assumed, _ := f.svc.RoleLastUse(f.updateApp.RoleID)
	time.Sleep(time.Until(assumed.At.Add(1100 * time.Millisecond))) // into the next second
	if _, err := f.put(t, f.updateApp, DemoAppBucket, "ev.txt", "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.get(t, f.updateApp, DemoFinanceBucket, "2024/q4-summary.csv"); err == nil {
		t.Fatal("the finance bucket was readable")
	}
	if _, err := f.get(t, f.updateApp, DemoSharedBucket, "README.txt"); err != nil {
		t.Fatal(err)
	}
	if err := f.s3.PutBucketTagging(ctx, f.prodAdmin, DemoAppBucket, []Tag{{"k", "v"}}); err != nil {
		t.Fatal(err)
	}
	prod, dev := organizations.DemoProductionID, organizations.DemoDevelopmentID
	if use, ok := f.svc.RoleLastUse(f.updateApp.RoleID); !ok || !use.At.After(assumed.At) {
		t.Errorf("the role's S3 calls did not count as its last use: %v, assumed %v", use.At, assumed.At)
	}

	put := f.events(t, prod, "PutObject")
	var mine *record
	for i := range put {
		if len(put[i].Resources) > 0 && put[i].Resources[0].ARN == "arn:aws:s3:::productionapp/ev.txt" {
			mine = &put[i]
		}
	}
	if mine == nil || mine.EventSource != Source || mine.EventCategory != "Data" || mine.ManagementEvent || mine.ReadOnly ||
		len(mine.Resources) != 2 || mine.Resources[0].Type != "AWS::S3::Object" || mine.Resources[1].Type != "AWS::S3::Bucket" ||
		mine.Resources[1].AccountID != prod || mine.UserIdentity.Type != "AssumedRole" {
		t.Errorf("PutObject record: %+v", mine)
	}
	var denied, read *record
	for _, r := range f.events(t, prod, "GetObject") {
		if r.ErrorCode == "AccessDenied" && r.Resources[0].ARN == "arn:aws:s3:::production-finance-reports/2024/q4-summary.csv" {
			denied = &r
		}
	}
	if denied == nil || !denied.ReadOnly || denied.EventCategory != "Data" {
		t.Errorf("the refused GetObject: %+v", denied)
	}
	// The cross-account read is in the caller's account and in the bucket
	// owner's, linked by a shared event ID.
	for _, r := range f.events(t, prod, "GetObject") {
		if r.ErrorCode == "" && r.Resources[0].ARN == "arn:aws:s3:::development-shared-builds/README.txt" {
			read = &r
		}
	}
	if read == nil || read.SharedEventID == "" {
		t.Fatalf("the cross-account read in the caller's account: %+v", read)
	}
	found := false
	for _, r := range f.events(t, dev, "GetObject") {
		if r.SharedEventID == read.SharedEventID && r.RecipientAccountID == dev && r.UserIdentity.Type == "AWSAccount" && r.UserIdentity.AccountID == prod {
			found = true
		}
	}
	if !found {
		t.Error("the bucket owner has no copy of the cross-account read")
	}
	tag := f.events(t, prod, "PutBucketTagging") // the admin's, then the demo's
	if len(tag) != 2 || tag[0].EventCategory != "Management" || !tag[0].ManagementEvent || tag[0].Resources[0].Type != "AWS::S3::Bucket" {
		t.Errorf("PutBucketTagging record: %+v", tag)
	}
}
