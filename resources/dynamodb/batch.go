package dynamodb

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/resources/dynamodb/attr"
	"iamconsole/resources/dynamodb/expr"
	"iamconsole/store"
)

// Batch limits.
const (
	maxBatchGet   = 100
	maxBatchWrite = 25
)

// BatchGetItemOutput is BatchGetItem's answer: the items found per table.
type BatchGetItemOutput struct {
	Responses        map[string][][]byte
	UnprocessedKeys  map[string]*KeysAndAttributes
	ConsumedCapacity []ConsumedCapacity
}

// AppendJSON appends the answer as DynamoDB's response, items as stored.
func (o *BatchGetItemOutput) AppendJSON(b []byte) []byte {
	b = append(b, `{"Responses":{`...)
	for i, name := range sortedKeys(o.Responses) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, name)
		b = append(b, ':', '[')
		for j, it := range o.Responses[name] {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, it...)
		}
		b = append(b, ']')
	}
	b = append(b, `},"UnprocessedKeys":{}`...)
	if o.ConsumedCapacity != nil {
		b = append(b, `,"ConsumedCapacity":[`...)
		for i, c := range o.ConsumedCapacity {
			if i > 0 {
				b = append(b, ',')
			}
			b = fmt.Appendf(b, `{"TableName":%s,"CapacityUnits":%g}`, string(appendJSONString(nil, c.TableName)), c.CapacityUnits)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendJSONString appends s quoted as JSON.
func appendJSONString(b []byte, s string) []byte {
	enc := attr.AppendJSON(nil, attr.Str(s)) // {"S":"…"}
	return append(b, enc[5:len(enc)-1]...)
}

// batchTable is one table's part of a batch, checked and authorized.
type batchTable struct {
	ref    tableRef
	t      *table
	name   string
	keys   []attr.Item
	items  []attr.Item // BatchWriteItem: nil for a delete
	paths  []expr.Path
	hashes []string
}

// BatchGetItem reads up to 100 items from one or more tables.
func (s *Service) BatchGetItem(ctx context.Context, c *iam.Caller, in BatchGetItemInput) (*BatchGetItemOutput, error) {
	o := s.begin(ctx, c, "BatchGetItem", tableRef{region: regionOf(c)}, nil, true)
	o.Rec.ReadOnly = true
	fail := func(err error) (*BatchGetItemOutput, error) { return nil, o.Fail(err) }
	if err := checkRCC(in.ReturnConsumedCapacity); err != nil {
		return fail(err)
	}
	if in.RequestItems == nil {
		return fail(validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null"))
	}
	if len(in.RequestItems) == 0 {
		return fail(validation("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1"))
	}
	var parts []*batchTable
	total := 0
	for _, name := range sortedKeys(in.RequestItems) {
		ka := in.RequestItems[name]
		ref, err := resolveName(c, name, "requestItems.member.key")
		if err != nil {
			return fail(err)
		}
		if ka == nil || len(ka.Keys) == 0 {
			return fail(validation("1 validation error detected: Value '[]' at 'requestItems.%s.member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1", name))
		}
		if err := legacy(map[string]bool{"AttributesToGet": ka.AttributesToGet != nil}, map[string]bool{"ProjectionExpression": ka.ProjectionExpression != nil}); err != nil {
			return fail(err)
		}
		bt := &batchTable{ref: ref, name: name}
		env, err := exprEnv(ka.ExpressionAttributeNames, nil, ka.ProjectionExpression != nil, false, "")
		if err != nil {
			return fail(err)
		}
		switch {
		case ka.ProjectionExpression != nil:
			if bt.paths, err = expr.ParseProjection(*ka.ProjectionExpression, env); err != nil {
				return fail(attrError(err))
			}
			if err := env.Unused(); err != nil {
				return fail(attrError(err))
			}
		case ka.AttributesToGet != nil:
			if bt.paths, err = attributesToGet(ka.AttributesToGet); err != nil {
				return fail(err)
			}
		}
		for _, w := range ka.Keys {
			k, err := itemOf(w)
			if err != nil {
				return fail(err)
			}
			bt.keys = append(bt.keys, k)
		}
		total += len(bt.keys)
		parts = append(parts, bt)
	}
	if total > maxBatchGet {
		return fail(validation("Too many items requested for the BatchGetItem call"))
	}
	if err := s.authorizeBatch(ctx, o, catalog.DynamoDBBatchGetItem.String(), parts, true); err != nil {
		return nil, err
	}
	out := &BatchGetItemOutput{Responses: map[string][][]byte{}, UnprocessedKeys: map[string]*KeysAndAttributes{}}
	for _, bt := range parts {
		seen := map[string]bool{}
		items := [][]byte{}
		size := 0
		for _, k := range bt.keys {
			hk, rk, err := bt.t.keyOf(k)
			if err != nil {
				return fail(err)
			}
			id := string(hk) + "\x00" + string(rk)
			if seen[id] {
				return fail(validation("Provided list of item keys contains duplicates"))
			}
			seen[id] = true
			row, err := s.readItem(ctx, &itemRequest{t: bt.t, hk: hk, rk: rk}, in.RequestItems[bt.name].ConsistentRead)
			if err != nil {
				return fail(iam.Internal(err))
			}
			if row == nil {
				continue
			}
			size += int(row.Size)
			raw := row.Item
			if bt.paths != nil {
				it, err := readItem(row.Item)
				if err != nil {
					return fail(iam.Internal(err))
				}
				raw = attr.AppendItemJSON(nil, expr.Project(it, bt.paths))
			}
			items = append(items, raw)
		}
		out.Responses[bt.name] = items
		if cc := capacity(in.ReturnConsumedCapacity, bt.ref.name, size, false, false); cc != nil {
			out.ConsumedCapacity = append(out.ConsumedCapacity, *cc)
		}
	}
	return out, o.Read(nil)
}

// authorizeBatch finds each table of a batch and authorizes action on it
// with every partition key of its part; a missing table fails the batch.
func (s *Service) authorizeBatch(ctx context.Context, o *iam.Op, action string, parts []*batchTable, read bool) error {
	var tables []string
	for _, bt := range parts {
		t, err := s.table(ctx, bt.ref)
		if err != nil {
			return o.Fail(err)
		}
		bt.t = t
		keys := map[string][]string{}
		if t != nil {
			var lead []string
			for _, k := range bt.keys {
				if h, ok := k[t.hash]; ok && h.Type.IsScalar() && !slices.Contains(lead, leadingKey(h)) {
					lead = append(lead, leadingKey(h))
				}
			}
			keys["dynamodb:LeadingKeys"] = lead
		}
		if read {
			keys["dynamodb:Select"] = []string{"ALL_ATTRIBUTES"}
			if bt.paths != nil {
				keys["dynamodb:Select"] = []string{"SPECIFIC_ATTRIBUTES"}
				keys["dynamodb:Attributes"] = topNames(bt.paths)
			}
		} else {
			var names []string
			for _, it := range bt.items {
				for k := range it {
					if !slices.Contains(names, k) {
						names = append(names, k)
					}
				}
			}
			if len(names) > 0 {
				slices.Sort(names)
				keys["dynamodb:Attributes"] = names
			}
		}
		o.Rec.Resources = append(o.Rec.Resources, iam.Resource{ARN: bt.ref.arn(), AccountID: bt.ref.account, Type: ResourceType})
		tables = append(tables, bt.ref.name)
		if err := s.authorize(o, action, bt.ref, t, keys); err != nil {
			return err
		}
	}
	o.Rec.RequestParameters = map[string]any{"requestItems": tables}
	for _, bt := range parts {
		if err := found(bt.t); err != nil {
			return o.Fail(err)
		}
	}
	return nil
}

// BatchWriteItemOutput is BatchWriteItem's answer: every write was made.
type BatchWriteItemOutput struct {
	UnprocessedItems map[string][]WriteRequest `json:"UnprocessedItems"`
	ConsumedCapacity []ConsumedCapacity        `json:"ConsumedCapacity,omitempty"`
}

// BatchWriteItem puts and deletes up to 25 items in one or more tables;
// here every write is made, in one transaction.
func (s *Service) BatchWriteItem(ctx context.Context, c *iam.Caller, in BatchWriteItemInput) (*BatchWriteItemOutput, error) {
	o := s.begin(ctx, c, "BatchWriteItem", tableRef{region: regionOf(c)}, nil, true)
	fail := func(err error) (*BatchWriteItemOutput, error) { return nil, o.Fail(err) }
	var problems []string
	switch in.ReturnConsumedCapacity {
	case "", "NONE", "TOTAL", "INDEXES":
	default:
		problems = append(problems, fmt.Sprintf("Value '%s' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]", in.ReturnConsumedCapacity))
	}
	switch in.ReturnItemCollectionMetrics {
	case "", "NONE", "SIZE":
	default:
		problems = append(problems, fmt.Sprintf("Value '%s' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]", in.ReturnItemCollectionMetrics))
	}
	if in.RequestItems == nil {
		problems = append(problems, "Value null at 'requestItems' failed to satisfy constraint: Member must not be null")
	} else if len(in.RequestItems) == 0 {
		problems = append(problems, "Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1")
	}
	for _, name := range sortedKeys(in.RequestItems) {
		if reqs := in.RequestItems[name]; len(reqs) == 0 || len(reqs) > maxBatchWrite {
			problems = append(problems, "Value '"+javaRequestItems(in.RequestItems)+"' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]")
			break
		}
	}
	if err := constraintErrors(problems); err != nil {
		return fail(err)
	}
	var parts []*batchTable
	total := 0
	for _, name := range sortedKeys(in.RequestItems) {
		ref, err := resolveName(c, name, "requestItems.member.key")
		if err != nil {
			return fail(err)
		}
		bt := &batchTable{ref: ref, name: name}
		for _, wr := range in.RequestItems[name] {
			switch {
			case wr.PutRequest != nil && wr.DeleteRequest == nil:
				if wr.PutRequest.Item == nil {
					return fail(validation("1 validation error detected: Value null at 'requestItems.%s.member.1.member.putRequest.item' failed to satisfy constraint: Member must not be null", name))
				}
				it, err := itemOf(wr.PutRequest.Item)
				if err != nil {
					return fail(err)
				}
				if it.Size() > attr.MaxItemSize {
					return fail(validation("Item size has exceeded the maximum allowed size"))
				}
				bt.items = append(bt.items, it)
				bt.keys = append(bt.keys, it)
			case wr.DeleteRequest != nil && wr.PutRequest == nil:
				if wr.DeleteRequest.Key == nil {
					return fail(validation("1 validation error detected: Value null at 'requestItems.%s.member.1.member.deleteRequest.key' failed to satisfy constraint: Member must not be null", name))
				}
				k, err := itemOf(wr.DeleteRequest.Key)
				if err != nil {
					return fail(err)
				}
				bt.items = append(bt.items, nil)
				bt.keys = append(bt.keys, k)
			default:
				return fail(validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"))
			}
		}
		total += len(bt.keys)
		parts = append(parts, bt)
	}
	if total > maxBatchWrite {
		return fail(validation("Too many items requested for the BatchWriteItem call"))
	}
	if err := s.authorizeBatch(ctx, o, catalog.DynamoDBBatchWriteItem.String(), parts, false); err != nil {
		return nil, err
	}
	type write struct {
		table  int64
		hk, rk []byte
		item   []byte
		size   int
	}
	var writes []write
	out := &BatchWriteItemOutput{UnprocessedItems: map[string][]WriteRequest{}}
	for _, bt := range parts {
		seen := map[string]bool{}
		size := 0
		for i, k := range bt.keys {
			var hk, rk []byte
			var err error
			if it := bt.items[i]; it != nil {
				hk, rk, err = bt.t.itemKey(it)
			} else {
				hk, rk, err = bt.t.keyOf(k)
			}
			if err != nil {
				return fail(err)
			}
			id := string(hk) + "\x00" + string(rk)
			if seen[id] {
				return fail(validation("Provided list of item keys contains duplicates"))
			}
			seen[id] = true
			w := write{table: bt.t.row.ID, hk: hk, rk: rk}
			if it := bt.items[i]; it != nil {
				w.size = it.Size()
				w.item = attr.AppendItemJSON(nil, it)
				size += w.size
			}
			writes = append(writes, w)
		}
		if cc := capacity(in.ReturnConsumedCapacity, bt.ref.name, size, true, false); cc != nil {
			out.ConsumedCapacity = append(out.ConsumedCapacity, *cc)
		}
	}
	err := s.svc.Store().Batch(ctx, func(q *store.Q) error {
		for _, w := range writes {
			var err error
			if w.item != nil {
				err = q.PutDDBItem(w.table, store.DDBItem{HK: w.hk, RK: w.rk, Size: int64(w.size), Item: w.item})
			} else {
				_, err = q.DeleteDDBItem(w.table, w.hk, w.rk)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	keys := make([]itemKey, len(writes))
	for i, w := range writes {
		keys[i] = itemKey{w.table, string(w.hk), string(w.rk)}
	}
	s.items.drop(keys...)
	if err := o.Done(storeError(err)); err != nil {
		return nil, err
	}
	return out, nil
}

// javaRequestItems renders RequestItems as DynamoDB's constraint messages
// quote it (Java's toString of the request).
func javaRequestItems(m map[string][]WriteRequest) string {
	var tables []string
	for _, name := range sortedKeys(m) {
		var reqs []string
		for _, wr := range m[name] {
			put, del := "null", "null"
			if wr.PutRequest != nil {
				put = "PutRequest(item=" + javaItem(wr.PutRequest.Item) + ")"
			}
			if wr.DeleteRequest != nil {
				del = "DeleteRequest(key=" + javaItem(wr.DeleteRequest.Key) + ")"
			}
			reqs = append(reqs, "WriteRequest(putRequest="+put+", deleteRequest="+del+")")
		}
		tables = append(tables, name+"=["+strings.Join(reqs, ", ")+"]")
	}
	return "{" + strings.Join(tables, ", ") + "}"
}

func javaItem(w WireItem) string {
	var parts []string
	for _, k := range sortedKeys(w) {
		h := fnv.New32a()
		if v, err := w[k].Value(); err == nil {
			h.Write(attr.AppendJSON(nil, v))
		}
		parts = append(parts, fmt.Sprintf("%s=com.amazonaws.dynamodb.v20120810.AttributeValue@%x", k, h.Sum32()))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
