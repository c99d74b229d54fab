package dynamodb

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/resources/dynamodb/attr"
	"iamconsole/resources/dynamodb/expr"
	"iamconsole/store"
)

// WriteOutput is the answer of PutItem, UpdateItem and DeleteItem.
type WriteOutput struct {
	Attributes       json.RawMessage   `json:"Attributes,omitempty"`
	ConsumedCapacity *ConsumedCapacity `json:"ConsumedCapacity,omitempty"`
}

// GetItemOutput is GetItem's answer: Item is nil when there is none.
type GetItemOutput struct {
	Item             json.RawMessage   `json:"Item,omitempty"`
	ConsumedCapacity *ConsumedCapacity `json:"ConsumedCapacity,omitempty"`
}

// keyParams is a key as CloudTrail's requestParameters show it.
func keyParams(key attr.Item) map[string]any {
	out := make(map[string]any, len(key))
	for k, v := range key {
		out[k] = v.Str
	}
	return out
}

// itemRequest is what the item operations share before they touch the
// store: the table, the caller's authorization and the item's key.
type itemRequest struct {
	o      *iam.Op
	ref    tableRef
	t      *table
	hk, rk []byte
}

// key is the request's item in the item cache.
func (r *itemRequest) key() itemKey { return itemKey{r.t.row.ID, string(r.hk), string(r.rk)} }

// prepare resolves the table, authorizes action with the partition key and
// the other condition keys, and checks key (from a Key, or an Item when
// fromItem) against the schema.
func (s *Service) prepare(ctx context.Context, o *iam.Op, c *iam.Caller, name, action string, key attr.Item, fromItem bool, keys map[string][]string) (*itemRequest, error) {
	ref, err := resolveName(c, name, "tableName")
	if err != nil {
		return nil, o.Fail(err)
	}
	t, err := s.table(ctx, ref)
	if err != nil {
		return nil, o.Fail(err)
	}
	if keys == nil {
		keys = map[string][]string{}
	}
	if t != nil {
		if h, ok := key[t.hash]; ok && h.Type.IsScalar() {
			keys["dynamodb:LeadingKeys"] = []string{leadingKey(h)}
		}
	}
	if err := s.authorize(o, action, ref, t, keys); err != nil {
		return nil, err
	}
	if err := found(t); err != nil {
		return nil, o.Fail(err)
	}
	r := &itemRequest{o: o, ref: ref, t: t}
	if fromItem {
		r.hk, r.rk, err = t.itemKey(key)
	} else {
		r.hk, r.rk, err = t.keyOf(key)
	}
	if err != nil {
		return nil, o.Fail(err)
	}
	return r, nil
}

// readItem reads the request's item, nil when there is none: a strongly
// consistent read from the store, an eventually consistent one possibly
// from the item cache.
func (s *Service) readItem(ctx context.Context, r *itemRequest, consistent bool) (*store.DDBItem, error) {
	k := r.key()
	if s.shared {
		row, err := s.svc.Store().Read(ctx).DDBItem(r.t.row.ID, r.hk, r.rk)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil
		}
		return row, err
	}
	if !consistent {
		if row, ok := s.items.get(k); ok {
			return row, nil
		}
	}
	gen := s.items.begin()
	at := time.Now()
	row, err := s.svc.Store().Read(ctx).DDBItem(r.t.row.ID, r.hk, r.rk)
	if errors.Is(err, store.ErrNotFound) {
		row, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	s.items.fill(k, gen, row, at)
	return row, nil
}

// readItem decodes a stored item.
func readItem(b []byte) (attr.Item, error) {
	var w WireItem
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, iam.Internal(err)
	}
	return attr.ItemOf(w)
}

// PutItem writes an item, replacing any with its key, when its condition
// holds.
func (s *Service) PutItem(ctx context.Context, c *iam.Caller, in PutItemInput) (*WriteOutput, error) {
	o := s.begin(ctx, c, "PutItem", tableRef{account: c.AccountID, region: regionOf(c), name: in.TableName}, map[string]any{"tableName": in.TableName}, true)
	if err := legacy(map[string]bool{"Expected": present(in.Expected), "ConditionalOperator": in.ConditionalOperator != ""},
		map[string]bool{"ConditionExpression": in.ConditionExpression != nil}); err != nil {
		return nil, o.Fail(err)
	}
	it, err := itemOf(in.Item)
	if err != nil {
		return nil, o.Fail(err)
	}
	env, err := exprEnv(in.ExpressionAttributeNames, in.ExpressionAttributeValues, in.ConditionExpression != nil, in.ConditionExpression != nil, "ConditionExpression is null")
	if err != nil {
		return nil, o.Fail(err)
	}
	var cond *expr.Cond
	if in.ConditionExpression != nil {
		if cond, err = expr.ParseCondition("ConditionExpression", *in.ConditionExpression, env); err != nil {
			return nil, o.Fail(attrError(err))
		}
		if err := env.Unused(); err != nil {
			return nil, o.Fail(attrError(err))
		}
	}
	if err := returnValues(in.ReturnValues, "ALL_OLD", "NONE"); err != nil {
		return nil, o.Fail(err)
	}
	if err := checkRCC(in.ReturnConsumedCapacity); err != nil {
		return nil, o.Fail(err)
	}
	size := it.Size()
	if size > attr.MaxItemSize {
		return nil, o.Fail(validation("Item size has exceeded the maximum allowed size"))
	}
	names := make([]string, 0, len(it))
	for _, k := range sortedKeys(it) {
		names = append(names, k)
	}
	keys := map[string][]string{"dynamodb:Attributes": names}
	if in.ReturnValues != "" {
		keys["dynamodb:ReturnValues"] = []string{in.ReturnValues}
	}
	r, err := s.prepare(ctx, o, c, in.TableName, catalog.DynamoDBPutItem.String(), it, true, keys)
	if err != nil {
		return nil, err
	}
	o.Rec.RequestParameters = map[string]any{"tableName": r.ref.name, "key": keyParams(r.t.keyItem(r.hk, r.rk))}
	enc := attr.AppendItemJSON(make([]byte, 0, 64+size), it)
	var old []byte
	// Only a condition or the old item's return needs the item read first.
	readFirst := cond != nil || in.ReturnValues == "ALL_OLD"
	err = s.svc.Store().Batch(ctx, func(q *store.Q) error {
		if !readFirst {
			return q.PutDDBItem(r.t.row.ID, store.DDBItem{HK: r.hk, RK: r.rk, Size: int64(size), Item: enc})
		}
		prev, err := q.DDBItem(r.t.row.ID, r.hk, r.rk)
		switch {
		case errors.Is(err, store.ErrNotFound):
			prev = nil
		case err != nil:
			return err
		}
		if prev != nil {
			old = prev.Item
		}
		if cond != nil {
			cur := attr.Item{}
			if prev != nil {
				if cur, err = readItem(prev.Item); err != nil {
					return err
				}
			}
			if !cond.Eval(cur) {
				return ErrConditionalCheckFailed
			}
		}
		return q.PutDDBItem(r.t.row.ID, store.DDBItem{HK: r.hk, RK: r.rk, Size: int64(size), Item: enc})
	})
	s.items.drop(r.key())
	if err := o.Done(storeError(err)); err != nil {
		return nil, err
	}
	out := &WriteOutput{ConsumedCapacity: capacity(in.ReturnConsumedCapacity, r.ref.name, size, true, false)}
	if in.ReturnValues == "ALL_OLD" && old != nil {
		out.Attributes = old
	}
	return out, nil
}

// storeError maps a write's failure: the service's own errors pass, a
// table deleted meanwhile is not found, the rest is internal.
func storeError(err error) error {
	var ie *iam.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ie):
		return ie
	case errors.Is(err, store.ErrConflict):
		return notFound(msgNotFound)
	}
	return iam.Internal(err)
}

// GetItem reads an item, or the attributes a projection names.
func (s *Service) GetItem(ctx context.Context, c *iam.Caller, in GetItemInput) (*GetItemOutput, error) {
	o := s.begin(ctx, c, "GetItem", tableRef{account: c.AccountID, region: regionOf(c), name: in.TableName}, map[string]any{"tableName": in.TableName}, true)
	o.Rec.ReadOnly = true
	if err := legacy(map[string]bool{"AttributesToGet": in.AttributesToGet != nil}, map[string]bool{"ProjectionExpression": in.ProjectionExpression != nil}); err != nil {
		return nil, o.Fail(err)
	}
	key, err := itemOf(in.Key)
	if err != nil {
		return nil, o.Fail(err)
	}
	if err := checkRCC(in.ReturnConsumedCapacity); err != nil {
		return nil, o.Fail(err)
	}
	env, err := exprEnv(in.ExpressionAttributeNames, nil, in.ProjectionExpression != nil, false, "")
	if err != nil {
		return nil, o.Fail(err)
	}
	var paths []expr.Path
	switch {
	case in.ProjectionExpression != nil:
		if paths, err = expr.ParseProjection(*in.ProjectionExpression, env); err != nil {
			return nil, o.Fail(attrError(err))
		}
		if err := env.Unused(); err != nil {
			return nil, o.Fail(attrError(err))
		}
	case in.AttributesToGet != nil:
		if paths, err = attributesToGet(in.AttributesToGet); err != nil {
			return nil, o.Fail(err)
		}
	}
	keys := map[string][]string{"dynamodb:Select": {"ALL_ATTRIBUTES"}}
	if paths != nil {
		keys["dynamodb:Select"] = []string{"SPECIFIC_ATTRIBUTES"}
		keys["dynamodb:Attributes"] = topNames(paths)
	}
	r, err := s.prepare(ctx, o, c, in.TableName, catalog.DynamoDBGetItem.String(), key, false, keys)
	if err != nil {
		return nil, err
	}
	o.Rec.RequestParameters = map[string]any{"tableName": r.ref.name, "key": keyParams(key), "consistentRead": in.ConsistentRead}
	row, err := s.readItem(ctx, r, in.ConsistentRead)
	if err != nil {
		return nil, o.Fail(iam.Internal(err))
	}
	if row == nil {
		return &GetItemOutput{ConsumedCapacity: capacity(in.ReturnConsumedCapacity, r.ref.name, 0, false, in.ConsistentRead)}, o.Read(nil)
	}
	out := &GetItemOutput{Item: row.Item, ConsumedCapacity: capacity(in.ReturnConsumedCapacity, r.ref.name, int(row.Size), false, in.ConsistentRead)}
	if paths != nil {
		it, err := readItem(row.Item)
		if err != nil {
			return nil, o.Fail(iam.Internal(err))
		}
		out.Item = attr.AppendItemJSON(nil, expr.Project(it, paths))
	}
	return out, o.Read(nil)
}

// DeleteItem deletes an item when its condition holds.
func (s *Service) DeleteItem(ctx context.Context, c *iam.Caller, in DeleteItemInput) (*WriteOutput, error) {
	o := s.begin(ctx, c, "DeleteItem", tableRef{account: c.AccountID, region: regionOf(c), name: in.TableName}, map[string]any{"tableName": in.TableName}, true)
	if err := legacy(map[string]bool{"Expected": present(in.Expected), "ConditionalOperator": in.ConditionalOperator != ""},
		map[string]bool{"ConditionExpression": in.ConditionExpression != nil}); err != nil {
		return nil, o.Fail(err)
	}
	key, err := itemOf(in.Key)
	if err != nil {
		return nil, o.Fail(err)
	}
	env, err := exprEnv(in.ExpressionAttributeNames, in.ExpressionAttributeValues, in.ConditionExpression != nil, in.ConditionExpression != nil, "ConditionExpression is null")
	if err != nil {
		return nil, o.Fail(err)
	}
	var cond *expr.Cond
	if in.ConditionExpression != nil {
		if cond, err = expr.ParseCondition("ConditionExpression", *in.ConditionExpression, env); err != nil {
			return nil, o.Fail(attrError(err))
		}
		if err := env.Unused(); err != nil {
			return nil, o.Fail(attrError(err))
		}
	}
	if err := returnValues(in.ReturnValues, "ALL_OLD", "NONE"); err != nil {
		return nil, o.Fail(err)
	}
	if err := checkRCC(in.ReturnConsumedCapacity); err != nil {
		return nil, o.Fail(err)
	}
	keys := map[string][]string{}
	if in.ReturnValues != "" {
		keys["dynamodb:ReturnValues"] = []string{in.ReturnValues}
	}
	r, err := s.prepare(ctx, o, c, in.TableName, catalog.DynamoDBDeleteItem.String(), key, false, keys)
	if err != nil {
		return nil, err
	}
	o.Rec.RequestParameters = map[string]any{"tableName": r.ref.name, "key": keyParams(key)}
	var old []byte
	size := 0
	err = s.svc.Store().Batch(ctx, func(q *store.Q) error {
		prev, err := q.DDBItem(r.t.row.ID, r.hk, r.rk)
		switch {
		case errors.Is(err, store.ErrNotFound):
			prev = nil
		case err != nil:
			return err
		}
		if cond != nil {
			cur := attr.Item{}
			if prev != nil {
				if cur, err = readItem(prev.Item); err != nil {
					return err
				}
			}
			if !cond.Eval(cur) {
				return ErrConditionalCheckFailed
			}
		}
		if prev == nil {
			return nil
		}
		old, size = prev.Item, int(prev.Size)
		_, err = q.DeleteDDBItem(r.t.row.ID, r.hk, r.rk)
		return err
	})
	s.items.drop(r.key())
	if err := o.Done(storeError(err)); err != nil {
		return nil, err
	}
	out := &WriteOutput{ConsumedCapacity: capacity(in.ReturnConsumedCapacity, r.ref.name, size, true, false)}
	if in.ReturnValues == "ALL_OLD" && old != nil {
		out.Attributes = old
	}
	return out, nil
}

// UpdateItem changes an item's attributes, creating the item when there is
// none, when its condition holds.
func (s *Service) UpdateItem(ctx context.Context, c *iam.Caller, in UpdateItemInput) (*WriteOutput, error) {
	o := s.begin(ctx, c, "UpdateItem", tableRef{account: c.AccountID, region: regionOf(c), name: in.TableName}, map[string]any{"tableName": in.TableName}, true)
	if err := legacy(map[string]bool{"AttributeUpdates": present(in.AttributeUpdates), "Expected": present(in.Expected), "ConditionalOperator": in.ConditionalOperator != ""},
		map[string]bool{"UpdateExpression": in.UpdateExpression != nil, "ConditionExpression": in.ConditionExpression != nil}); err != nil {
		return nil, o.Fail(err)
	}
	key, err := itemOf(in.Key)
	if err != nil {
		return nil, o.Fail(err)
	}
	hasExpr := in.UpdateExpression != nil || in.ConditionExpression != nil
	env, err := exprEnv(in.ExpressionAttributeNames, in.ExpressionAttributeValues, hasExpr, hasExpr, "UpdateExpression and ConditionExpression are null")
	if err != nil {
		return nil, o.Fail(err)
	}
	var upd *expr.Update
	if in.UpdateExpression != nil {
		if upd, err = expr.ParseUpdate(*in.UpdateExpression, env); err != nil {
			return nil, o.Fail(attrError(err))
		}
	}
	var cond *expr.Cond
	if in.ConditionExpression != nil {
		if cond, err = expr.ParseCondition("ConditionExpression", *in.ConditionExpression, env); err != nil {
			return nil, o.Fail(attrError(err))
		}
	}
	if hasExpr {
		if err := env.Unused(); err != nil {
			return nil, o.Fail(attrError(err))
		}
	}
	if err := returnValues(in.ReturnValues, "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"); err != nil {
		return nil, o.Fail(err)
	}
	if err := checkRCC(in.ReturnConsumedCapacity); err != nil {
		return nil, o.Fail(err)
	}
	var paths []expr.Path
	if upd != nil {
		paths = upd.Paths()
	}
	keys := map[string][]string{}
	if names := topNames(paths); len(names) > 0 {
		keys["dynamodb:Attributes"] = names
	}
	if in.ReturnValues != "" {
		keys["dynamodb:ReturnValues"] = []string{in.ReturnValues}
	}
	r, err := s.prepare(ctx, o, c, in.TableName, catalog.DynamoDBUpdateItem.String(), key, false, keys)
	if err != nil {
		return nil, err
	}
	o.Rec.RequestParameters = map[string]any{"tableName": r.ref.name, "key": keyParams(key)}
	for _, p := range paths {
		if p.Top() == r.t.hash || p.Top() == r.t.rangeKey {
			return nil, o.Fail(validation("One or more parameter values were invalid: Cannot update attribute %s. This attribute is part of the key", p.Top()))
		}
	}
	var oldItem, newItem attr.Item
	var existed bool
	size := 0
	err = s.svc.Store().Batch(ctx, func(q *store.Q) error {
		prev, err := q.DDBItem(r.t.row.ID, r.hk, r.rk)
		switch {
		case errors.Is(err, store.ErrNotFound):
			prev = nil
		case err != nil:
			return err
		}
		oldItem, existed = attr.Item{}, prev != nil
		if prev != nil {
			if oldItem, err = readItem(prev.Item); err != nil {
				return err
			}
		}
		if cond != nil && !cond.Eval(oldItem) {
			return ErrConditionalCheckFailed
		}
		base := oldItem
		if !existed {
			base = key.Clone()
		}
		newItem = base
		if upd != nil {
			if newItem, err = upd.Apply(base); err != nil {
				return attrError(err)
			}
		}
		if size = newItem.Size(); size > attr.MaxItemSize {
			return validation("Item size to update has exceeded the maximum allowed size")
		}
		return q.PutDDBItem(r.t.row.ID, store.DDBItem{HK: r.hk, RK: r.rk, Size: int64(size), Item: attr.AppendItemJSON(nil, newItem)})
	})
	s.items.drop(r.key())
	if err := o.Done(storeError(err)); err != nil {
		return nil, err
	}
	out := &WriteOutput{ConsumedCapacity: capacity(in.ReturnConsumedCapacity, r.ref.name, size, true, false)}
	var ret attr.Item
	switch in.ReturnValues {
	case "ALL_OLD":
		if existed {
			ret = oldItem
		}
	case "ALL_NEW":
		ret = newItem
	case "UPDATED_OLD":
		ret = expr.Project(oldItem, paths)
	case "UPDATED_NEW":
		ret = expr.Project(newItem, paths)
	}
	if len(ret) > 0 {
		out.Attributes = attr.AppendItemJSON(nil, ret)
	}
	return out, nil
}
