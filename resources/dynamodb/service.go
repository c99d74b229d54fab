package dynamodb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// Source is DynamoDB's CloudTrail event source.
const Source = "dynamodb.amazonaws.com"

// ResourceType is the CloudTrail resource type of a table.
const ResourceType = "AWS::DynamoDB::Table"

// DefaultRegion is the region of console requests.
const DefaultRegion = "us-east-1"

// Service carries out DynamoDB's operations through the iam kernel.
type Service struct {
	svc    *iam.Service
	tables tableCache
	items  *itemCache
	// shared: other instances write the database too (store.Shared),
	// whose writes this one would not hear of before it answers from its
	// caches; then it keeps none, and every read goes to the database.
	shared bool
}

// New builds the DynamoDB service over the kernel.
func New(svc *iam.Service) *Service {
	s := &Service{svc: svc, items: newItemCache(), shared: svc.Store().Shared()}
	s.tables.m = map[tableKey]*cachedTable{}
	return s
}

// Errors, with DynamoDB's codes.

func validation(format string, args ...any) *iam.Error {
	return &iam.Error{Kind: iam.KindInvalid, Code: "ValidationException", Message: fmt.Sprintf(format, args...)}
}

func notFound(msg string) *iam.Error {
	return &iam.Error{Kind: iam.KindNotFound, Code: "ResourceNotFoundException", Message: msg}
}

// msgNotFound is the message of a table that item operations do not find.
const msgNotFound = "Requested resource not found"

func tableNotFound(name string) *iam.Error {
	return notFound("Requested resource not found: Table: " + name + " not found")
}

// ErrConditionalCheckFailed is a write whose condition was false.
var ErrConditionalCheckFailed = &iam.Error{Kind: iam.KindConflict, Code: "ConditionalCheckFailedException", Message: "The conditional request failed"}

// regionOf is the region of c's request: its signature's, or the
// console's default.
func regionOf(c *iam.Caller) string {
	if c != nil && c.Region != "" {
		return c.Region
	}
	return DefaultRegion
}

// TableARN is a table's ARN.
func TableARN(region, account, name string) string {
	return catalog.DynamoDBTable.ARN(region, account, name)
}

// tableRef is where a request's TableName points: a name in the caller's
// account and region, or a table ARN.
type tableRef struct{ account, region, name string }

func (r tableRef) arn() string { return TableARN(r.region, r.account, r.name) }

// resolveName reads TableName: a table name, or a table ARN.
func resolveName(c *iam.Caller, name, field string) (tableRef, error) {
	ref := tableRef{account: c.AccountID, region: regionOf(c), name: name}
	if strings.HasPrefix(name, "arn:") {
		a, err := arn.Parse(name)
		rest, ok := strings.CutPrefix(a.Resource, "table/")
		if err != nil || a.Service != "dynamodb" || !ok || !arn.IsAccountID(a.Account) || a.Region == "" {
			return ref, validation("Invalid TableArn: Invalid ResourceArn provided as input %s", name)
		}
		ref = tableRef{account: a.Account, region: a.Region, name: rest}
	}
	if err := checkTableName(ref.name, field); err != nil {
		return ref, err
	}
	return ref, nil
}

// checkTableName validates a table name with DynamoDB's constraint
// messages.
func checkTableName(name, field string) error {
	var problems []string
	if !validTableChars(name) {
		problems = append(problems, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+", name, field))
	}
	if len(name) < 3 {
		problems = append(problems, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must have length greater than or equal to 3", name, field))
	}
	if len(name) > 255 {
		problems = append(problems, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must have length less than or equal to 255", name, field))
	}
	return constraintErrors(problems)
}

func validTableChars(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// constraintErrors joins constraint problems as DynamoDB reports them.
func constraintErrors(problems []string) error {
	switch len(problems) {
	case 0:
		return nil
	case 1:
		return validation("1 validation error detected: %s", problems[0])
	}
	return validation("%d validation errors detected: %s", len(problems), strings.Join(problems, "; "))
}

// tableKey names a table in the cache.
type tableKey struct{ account, region, name string }

// table is a table's settings as operations need them.
type table struct {
	row  store.DDBTable
	tags map[string]string
	// keys: the hash and range key names and types.
	hash, rangeKey         string
	hashType, rangeKeyType string
}

type cachedTable struct {
	t       *table // nil: known not to exist
	fetched time.Time
}

// tableCache keeps tables' settings for item operations; writes to
// tables drop their entry, and entries are refreshed after tableTTL so
// that other server instances' changes are seen.
type tableCache struct {
	mu sync.RWMutex
	m  map[tableKey]*cachedTable
}

const tableTTL = 2 * time.Second

func (tc *tableCache) drop(k tableKey) {
	tc.mu.Lock()
	delete(tc.m, k)
	tc.mu.Unlock()
}

// table finds a table; nil when it does not exist.
func (s *Service) table(ctx context.Context, ref tableRef) (*table, error) {
	k := tableKey(ref)
	now := time.Now()
	if !s.shared {
		s.tables.mu.RLock()
		ct, ok := s.tables.m[k]
		s.tables.mu.RUnlock()
		if ok && now.Sub(ct.fetched) < tableTTL {
			return ct.t, nil
		}
	}
	q := s.svc.Store().Read(ctx)
	row, err := q.DDBTable(ref.account, ref.region, ref.name)
	var t *table
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return nil, iam.Internal(err)
	default:
		tags, err := q.DDBTags(row.ID)
		if err != nil {
			return nil, iam.Internal(err)
		}
		t = &table{row: *row, tags: map[string]string{}, hash: row.HashKey, hashType: row.HashType, rangeKey: row.RangeKey, rangeKeyType: row.RangeType}
		for _, tg := range tags {
			t.tags[tg.Key] = tg.Value
		}
	}
	if s.shared {
		return t, nil
	}
	s.tables.mu.Lock()
	if len(s.tables.m) > 10000 {
		s.tables.m = map[tableKey]*cachedTable{}
	}
	s.tables.m[k] = &cachedTable{t: t, fetched: now}
	s.tables.mu.Unlock()
	return t, nil
}

// begin starts the record of an operation on a table.
func (s *Service) begin(ctx context.Context, c *iam.Caller, event string, ref tableRef, params any, data bool) *iam.Op {
	o := s.svc.StartOp(ctx, c, Source, event, params)
	o.Rec.AWSRegion = ref.region
	if data {
		o.Rec.ManagementEvent, o.Rec.EventCategory = false, "Data"
	}
	if ref.name != "" {
		o.Rec.Resources = append(o.Rec.Resources, iam.Resource{ARN: ref.arn(), AccountID: ref.account, Type: ResourceType})
	}
	return o
}

// authorize checks action on the table with the request's condition keys;
// a table that does not exist is checked without the table's tags.
func (s *Service) authorize(o *iam.Op, action string, ref tableRef, t *table, keys map[string][]string) error {
	ctxKeys := map[string][]string{"aws:RequestedRegion": {ref.region}}
	for k, v := range keys {
		ctxKeys[k] = v
	}
	if t != nil {
		for k, v := range t.tags {
			ctxKeys["aws:ResourceTag/"+k] = []string{v}
		}
	}
	return o.Decide(iam.Check{Action: action, Resource: ref.arn(), ResourceAccount: ref.account, Context: ctxKeys})
}

// found is t, or ResourceNotFoundException with the item operations'
// message.
func found(t *table) error {
	if t == nil {
		return notFound(msgNotFound)
	}
	return nil
}
