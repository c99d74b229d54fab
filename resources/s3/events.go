package s3

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/store"
)

// call is one S3 operation in flight: the kernel's Op with S3's shape of
// the CloudTrail record (data or management event, resources, the bucket
// owner's copy of a cross-account call). It ends exactly once: read,
// fail, or committed with the rows of rows in the write's own transaction.
type call struct {
	s  *Service
	op *iam.Op
	c  *iam.Caller
	b  *bucket
	// key is the object the call is about, "" for a bucket call.
	key   string
	ended bool
}

// eventKind is how CloudTrail classes a call: object-level calls are data
// events, bucket-level ones management events; each reads or writes.
type eventKind uint8

const (
	mgmtRead eventKind = iota
	mgmtWrite
	dataRead
	dataWrite
)

// start begins the record of an S3 call on bucket (and key).
func (s *Service) start(ctx context.Context, c *iam.Caller, name, bucketName, key string, kind eventKind, params map[string]any) *call {
	if params == nil {
		params = map[string]any{}
	}
	r := requestOf(ctx)
	if bucketName != "" {
		params["bucketName"] = bucketName
	}
	if key != "" {
		params["key"] = key
	}
	if r.Host != "" {
		params["Host"] = r.Host
	}
	op := s.iam.StartOp(ctx, c, Source, name, params)
	if c.Type == iam.CallerAssumedRole && c.RoleID != "" {
		// RoleLastUsed counts the role's S3 requests too (to the second).
		region := c.Region
		if region == "" {
			region = DefaultRegion
		}
		s.iam.NoteRoleUse(c.RoleID, s.iam.Now().Truncate(time.Second), region)
	}
	rec := op.Rec
	if kind == dataRead || kind == dataWrite {
		rec.ManagementEvent, rec.EventCategory = false, "Data"
	}
	rec.ReadOnly = kind == mgmtRead || kind == dataRead
	if r.AuthType != "" {
		method := "AuthHeader"
		if r.AuthType == "REST-QUERY-STRING" {
			method = "QueryString"
		}
		rec.AdditionalEventData = map[string]any{"SignatureVersion": "SigV4", "AuthenticationMethod": method}
	}
	return &call{s: s, op: op, c: c, key: key}
}

// on sets the bucket the call acts on, once found: the record's resources
// and, for a caller of another account, the copy the owner's event history
// gets.
func (k *call) on(b *bucket) {
	k.b = b
	rec := k.op.Rec
	rec.Resources = rec.Resources[:0]
	if k.key != "" {
		rec.Resources = append(rec.Resources, iam.Resource{ARN: ObjectARN(b.name, k.key), AccountID: b.owner, Type: "AWS::S3::Object"})
	}
	rec.Resources = append(rec.Resources, iam.Resource{ARN: b.arn, AccountID: b.owner, Type: "AWS::S3::Bucket"})
	if b.owner != k.c.AccountID && rec.SharedEventID == "" {
		rec.SharedEventID = iam.NewUUID()
	}
}

// extra adds to the record's additionalEventData.
func (k *call) extra(name string, v any) {
	rec := k.op.Rec
	if rec.AdditionalEventData == nil {
		rec.AdditionalEventData = map[string]any{}
	}
	rec.AdditionalEventData[name] = v
}

// ownerCopy is the bucket owner's copy of a cross-account call's record,
// nil for a call within one account.
func (k *call) ownerCopy() *iam.Record {
	if k.b == nil || k.b.owner == k.c.AccountID {
		return nil
	}
	cp := *k.op.Rec
	cp.RecipientAccountID = k.b.owner
	cp.EventID = iam.NewUUID()
	cp.UserIdentity = iam.UserIdentity{Type: "AWSAccount", PrincipalID: principalIDOf(k.c), AccountID: k.c.AccountID}
	return &cp
}

func principalIDOf(c *iam.Caller) string {
	switch c.Type {
	case iam.CallerAssumedRole:
		return c.UniqueID + ":" + c.SessionName
	case iam.CallerRoot:
		return c.AccountID
	}
	return c.UniqueID
}

// read ends a read-only call with its outcome.
func (k *call) read(err error) error {
	if err != nil {
		return k.fail(err)
	}
	if k.ended {
		return nil
	}
	k.ended = true
	_ = k.op.Done(nil)
	if cp := k.ownerCopy(); cp != nil {
		k.s.iam.Record(cp)
	}
	return nil
}

// fail ends the call as failed; it returns err as S3's error.
func (k *call) fail(err error) error {
	se := AsError(err)
	if k.ended {
		return se
	}
	k.ended = true
	// Denials were already recorded by authorize; every other failure is
	// recorded here.
	_ = k.op.Fail(se)
	if cp := k.ownerCopy(); cp != nil {
		k.s.iam.Record(cp)
	}
	if se.Status == 500 {
		k.s.log.Error("s3: "+k.op.Rec.EventName, "err", err)
	}
	return se
}

// authorize checks one permission of the call; a refusal ends it.
func (k *call) authorize(ctx context.Context, action, resource string, keys map[string][]string) error {
	if err := k.s.decide(ctx, k.c, k.b, action, resource, keys); err != nil {
		return k.fail(err)
	}
	return nil
}

// rows are the call's event rows, stored in the write that commits it; the
// call has ended once they are.
func (k *call) rows() []store.Event {
	k.ended = true
	out := []store.Event{eventRow(k.op.Rec)}
	if cp := k.ownerCopy(); cp != nil {
		out = append(out, eventRow(cp))
	}
	return out
}

// eventRow is a record as the events table stores it, as the kernel's
// event writer stores it: the columns the event history filters on, and
// the record itself as JSON.
func eventRow(r *iam.Record) store.Event {
	t, _ := time.Parse(time.RFC3339, r.EventTime)
	b, _ := json.Marshal(r)
	e := store.Event{EventID: r.EventID, AccountID: r.RecipientAccountID, EventTime: t, EventName: r.EventName,
		EventSource: r.EventSource, ReadOnly: r.ReadOnly, AccessKeyID: r.UserIdentity.AccessKeyID,
		ErrorCode: r.ErrorCode, SharedEventID: r.SharedEventID, Record: string(b), Username: r.UserIdentity.UserName}
	if sc := r.UserIdentity.SessionContext; e.Username == "" && sc != nil && sc.SessionIssuer != nil {
		_, e.Username, _ = strings.Cut(r.UserIdentity.PrincipalID, ":")
	}
	if e.Username == "" && r.UserIdentity.Type == "Root" {
		e.Username = "root"
	}
	if len(r.Resources) > 0 {
		e.ResourceType, e.ResourceName = r.Resources[0].Type, r.Resources[0].ARN
	}
	return e
}

// write commits a call's changes and its event rows in one transaction of
// the group commit; on failure the call is recorded as failed.
func (k *call) write(ctx context.Context, fn func(q *store.Q) error) error {
	if k.key != "" && k.b != nil {
		k.s.objectChanged(k.b.name, k.key)
		defer k.s.objectChanged(k.b.name, k.key)
	}
	err := k.s.st.Batch(ctx, func(q *store.Q) error {
		if err := fn(q); err != nil {
			return err
		}
		return q.InsertEvents(k.rows())
	})
	if err != nil {
		k.ended = false
		return k.fail(err)
	}
	return nil
}
