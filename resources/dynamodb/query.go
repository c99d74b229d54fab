package dynamodb

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strconv"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/resources/dynamodb/attr"
	"iamconsole/resources/dynamodb/expr"
	"iamconsole/store"
)

// maxPage is the most item data one Query or Scan page reads: 1 MB.
const maxPage = 1 << 20

// readBatch is how many rows a page reads from the store at a time.
const readBatch = 256

// ReadOutput is a page of Query or Scan.
type ReadOutput struct {
	// Items are the items of the page as wire JSON; nil with Select COUNT.
	Items            [][]byte
	Count            int
	ScannedCount     int
	LastEvaluatedKey attr.Item
	ConsumedCapacity *ConsumedCapacity
	count            bool
}

// AppendJSON appends the page as DynamoDB's response: the items as they
// are stored, without decoding them again.
func (r *ReadOutput) AppendJSON(b []byte) []byte {
	b = append(b, `{"Count":`...)
	b = strconv.AppendInt(b, int64(r.Count), 10)
	if !r.count {
		b = append(b, `,"Items":[`...)
		for i, it := range r.Items {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, it...)
		}
		b = append(b, ']')
	}
	if r.LastEvaluatedKey != nil {
		b = append(b, `,"LastEvaluatedKey":`...)
		b = attr.AppendItemJSON(b, r.LastEvaluatedKey)
	}
	b = append(b, `,"ScannedCount":`...)
	b = strconv.AppendInt(b, int64(r.ScannedCount), 10)
	if r.ConsumedCapacity != nil {
		cc, _ := json.Marshal(r.ConsumedCapacity)
		b = append(b, `,"ConsumedCapacity":`...)
		b = append(b, cc...)
	}
	return append(b, '}')
}

// readPlan is what Query and Scan share once their parameters are read.
type readPlan struct {
	filter    *expr.Cond
	paths     []expr.Path
	selectVal string
	limit     int
}

// planRead validates the parameters Query and Scan share: Select, Limit,
// the projection and the filter.
func planRead(env *expr.Env, sel string, limit *int, limitField string, filter, projection *string, attrsToGet []string, index *string) (*readPlan, error) {
	var problems []string
	switch sel {
	case "", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT":
	default:
		problems = append(problems, fmt.Sprintf("Value '%s' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]", sel))
	}
	if limit != nil && *limit < 1 {
		problems = append(problems, fmt.Sprintf("Value '%d' at '%s' failed to satisfy constraint: Member must have value greater than or equal to 1", *limit, limitField))
	}
	if index != nil && (len(*index) < 3 || len(*index) > 255 || !validTableChars(*index)) {
		problems = append(problems, fmt.Sprintf("Value '%s' at 'indexName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+", *index))
	}
	if err := constraintErrors(problems); err != nil {
		return nil, err
	}
	p := &readPlan{selectVal: sel, limit: 1 << 30}
	if limit != nil {
		p.limit = *limit
	}
	var err error
	if filter != nil {
		if p.filter, err = expr.ParseCondition("FilterExpression", *filter, env); err != nil {
			return nil, attrError(err)
		}
	}
	switch {
	case projection != nil:
		if p.paths, err = expr.ParseProjection(*projection, env); err != nil {
			return nil, attrError(err)
		}
	case attrsToGet != nil:
		if p.paths, err = attributesToGet(attrsToGet); err != nil {
			return nil, err
		}
	}
	hasProjection := p.paths != nil
	what := "ProjectionExpression"
	if attrsToGet != nil {
		what = "AttributesToGet"
	}
	switch {
	case sel == "SPECIFIC_ATTRIBUTES" && !hasProjection:
		return nil, validation("One or more parameter values were invalid: Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
	case sel == "COUNT" && hasProjection:
		return nil, validation("One or more parameter values were invalid: Cannot specify the %s when choosing to get only the Count", what)
	case sel == "ALL_ATTRIBUTES" && hasProjection:
		return nil, validation("One or more parameter values were invalid: Cannot specify the %s when choosing to get ALL_ATTRIBUTES", what)
	case sel == "ALL_PROJECTED_ATTRIBUTES" && index == nil:
		return nil, validation("One or more parameter values were invalid: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
	}
	if p.selectVal == "" {
		p.selectVal = "ALL_ATTRIBUTES"
		if hasProjection {
			p.selectVal = "SPECIFIC_ATTRIBUTES"
		}
	}
	return p, nil
}

// conditionKeys are the condition keys of a read.
func (p *readPlan) conditionKeys() map[string][]string {
	keys := map[string][]string{"dynamodb:Select": {p.selectVal}}
	if p.paths != nil {
		keys["dynamodb:Attributes"] = topNames(p.paths)
	}
	return keys
}

// page evaluates rows for a page: the filter, the projection, the count.
type page struct {
	plan    *readPlan
	t       *table
	out     *ReadOutput
	size    int
	lastHK  []byte
	lastRK  []byte
	stopped bool
}

// take evaluates one row; it reports false once the page is full.
func (pg *page) take(row store.DDBItem) (bool, error) {
	pg.out.ScannedCount++
	pg.size += int(row.Size)
	pg.lastHK, pg.lastRK = row.HK, row.RK
	raw := row.Item
	if pg.plan.filter != nil || pg.plan.paths != nil {
		it, err := readItem(row.Item)
		if err != nil {
			return false, iam.Internal(err)
		}
		if pg.plan.filter == nil || pg.plan.filter.Eval(it) {
			pg.out.Count++
			if !pg.out.count {
				if pg.plan.paths != nil {
					raw = attr.AppendItemJSON(nil, expr.Project(it, pg.plan.paths))
				}
				pg.out.Items = append(pg.out.Items, raw)
			}
		}
	} else {
		pg.out.Count++
		if !pg.out.count {
			pg.out.Items = append(pg.out.Items, raw)
		}
	}
	if pg.out.ScannedCount >= pg.plan.limit || pg.size >= maxPage {
		pg.stopped = true
		return false, nil
	}
	return true, nil
}

// finish sets the page's LastEvaluatedKey when it stopped early.
func (pg *page) finish() {
	if pg.stopped {
		pg.out.LastEvaluatedKey = pg.t.keyItem(pg.lastHK, pg.lastRK)
	}
}

// Query reads the items of one partition in sort-key order.
func (s *Service) Query(ctx context.Context, c *iam.Caller, in QueryInput) (*ReadOutput, error) {
	o := s.begin(ctx, c, "Query", tableRef{account: c.AccountID, region: regionOf(c), name: in.TableName}, map[string]any{"tableName": in.TableName}, true)
	o.Rec.ReadOnly = true
	fail := func(err error) (*ReadOutput, error) { return nil, o.Fail(err) }
	if _, err := resolveName(c, in.TableName, "tableName"); err != nil {
		return fail(err)
	}
	if err := legacy(map[string]bool{"AttributesToGet": in.AttributesToGet != nil, "QueryFilter": present(in.QueryFilter),
		"ConditionalOperator": in.ConditionalOperator != "", "KeyConditions": present(in.KeyConditions)},
		map[string]bool{"ProjectionExpression": in.ProjectionExpression != nil, "FilterExpression": in.FilterExpression != nil,
			"KeyConditionExpression": in.KeyConditionExpression != nil}); err != nil {
		return fail(err)
	}
	esk, err := itemOf(in.ExclusiveStartKey)
	if err != nil {
		return fail(startKeyError(err))
	}
	if in.KeyConditionExpression == nil {
		return fail(validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."))
	}
	usesValues := in.KeyConditionExpression != nil || in.FilterExpression != nil
	env, err := exprEnv(in.ExpressionAttributeNames, in.ExpressionAttributeValues, usesValues || in.ProjectionExpression != nil, usesValues, "FilterExpression and KeyConditionExpression are null")
	if err != nil {
		return fail(err)
	}
	if err := checkRCC(in.ReturnConsumedCapacity); err != nil {
		return fail(err)
	}
	keyCond, err := expr.ParseCondition("KeyConditionExpression", *in.KeyConditionExpression, env)
	if err != nil {
		return fail(attrError(err))
	}
	plan, err := planRead(env, in.Select, in.Limit, "Limit", in.FilterExpression, in.ProjectionExpression, in.AttributesToGet, in.IndexName)
	if err != nil {
		return fail(err)
	}
	if err := env.Unused(); err != nil {
		return fail(attrError(err))
	}
	parts, err := expr.KeyConditions(keyCond)
	if err != nil {
		return fail(attrError(err))
	}
	ref, _ := resolveName(c, in.TableName, "tableName")
	t, err := s.table(ctx, ref)
	if err != nil {
		return fail(err)
	}
	keys := plan.conditionKeys()
	if t != nil {
		for _, p := range parts {
			if p.Name == t.hash && len(p.Values) == 1 && p.Values[0].Type.IsScalar() {
				keys["dynamodb:LeadingKeys"] = []string{leadingKey(p.Values[0])}
			}
		}
	}
	if err := s.authorize(o, catalog.DynamoDBQuery.String(), ref, t, keys); err != nil {
		return nil, err
	}
	if err := found(t); err != nil {
		return fail(err)
	}
	if in.IndexName != nil {
		return fail(validation("The table does not have the specified index: %s", *in.IndexName))
	}
	r, hashValue, err := t.keyRange(parts)
	if err != nil {
		return fail(err)
	}
	if plan.filter != nil {
		for _, n := range plan.filter.Names() {
			if n == t.hash || n == t.rangeKey {
				return fail(validation("Filter Expression can only contain non-primary key attributes: Primary key attribute: %s", n))
			}
		}
	}
	if in.ScanIndexForward != nil && !*in.ScanIndexForward {
		r.Desc = true
	}
	if in.ExclusiveStartKey != nil {
		hk, rk, err := t.keyOf(esk)
		if err != nil {
			return fail(validation("The provided starting key is invalid: The provided key element does not match the schema"))
		}
		if !bytes.Equal(hk, attr.Key(hashValue)) {
			return fail(validation("The provided starting key is outside query boundaries based on provided conditions"))
		}
		if !r.contains(rk) {
			return fail(validation("The provided starting key does not match the range key predicate"))
		}
		r.After = rk
	}
	o.Rec.RequestParameters = map[string]any{"tableName": ref.name, "keyConditionExpression": *in.KeyConditionExpression}
	out := &ReadOutput{count: plan.selectVal == "COUNT"}
	pg := &page{plan: plan, t: t, out: out}
	q := s.svc.Store().Read(ctx)
	for {
		r.Limit = min(readBatch, plan.limit-out.ScannedCount)
		rows, err := q.QueryDDBItems(t.row.ID, r.DDBRange)
		if err != nil {
			return fail(iam.Internal(err))
		}
		more := true
		for _, row := range rows {
			if more, err = pg.take(row); err != nil {
				return fail(err)
			} else if !more {
				break
			}
		}
		if !more || len(rows) < r.Limit {
			break
		}
		r.After = pg.lastRK
	}
	pg.finish()
	out.ConsumedCapacity = capacity(in.ReturnConsumedCapacity, ref.name, pg.size, false, in.ConsistentRead)
	return out, o.Read(nil)
}

// startKeyError words an invalid ExclusiveStartKey as DynamoDB does: most
// problems after "The provided starting key is invalid: ".
func startKeyError(err error) error {
	msg := iam.AsError(attrError(err)).Message
	for _, bare := range []string{"contains duplicates", "number set", "numeric value", "significant digits", "number with magnitude"} {
		if bytes.Contains([]byte(msg), []byte(bare)) {
			return validation("%s", msg)
		}
	}
	return validation("The provided starting key is invalid: %s", msg)
}

// keyRange is a Query's key conditions as a range of one partition.
type keyRange struct {
	store.DDBRange
	prefix []byte // begins_with, checked on a starting key
}

// contains reports whether a range key is inside the range's bounds.
func (r *keyRange) contains(rk []byte) bool {
	if r.Lo != nil {
		c := bytes.Compare(rk, r.Lo)
		if c < 0 || c == 0 && r.LoOpen {
			return false
		}
	}
	if r.Hi != nil {
		c := bytes.Compare(rk, r.Hi)
		if c > 0 || c == 0 && r.HiOpen {
			return false
		}
	}
	return r.prefix == nil || bytes.HasPrefix(rk, r.prefix)
}

// keyRange turns a Query's key conditions into a range, checking them
// against the schema.
func (t *table) keyRange(parts []expr.KeyPart) (*keyRange, attr.Value, error) {
	var hashPart, rangePart *expr.KeyPart
	for i := range parts {
		switch parts[i].Name {
		case t.hash:
			hashPart = &parts[i]
		case t.rangeKey:
			rangePart = &parts[i]
		}
	}
	if hashPart == nil {
		return nil, attr.Value{}, validation("Query condition missed key schema element: %s", t.hash)
	}
	if len(parts) == 2 && rangePart == nil {
		if t.rangeKey == "" {
			return nil, attr.Value{}, validation("Query key condition not supported")
		}
		return nil, attr.Value{}, validation("Query condition missed key schema element: %s", t.rangeKey)
	}
	if hashPart.Op != expr.CondEQ {
		return nil, attr.Value{}, validation("Query key condition not supported")
	}
	for _, p := range parts {
		want := t.hashType
		if p.Name == t.rangeKey {
			want = t.rangeKeyType
		}
		for _, v := range p.Values {
			if v.Type.String() != want {
				return nil, attr.Value{}, validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
			}
		}
	}
	h := hashPart.Values[0]
	if err := t.keyValueOK(t.hash, h); err != nil {
		return nil, attr.Value{}, err
	}
	r := &keyRange{DDBRange: store.DDBRange{HK: attr.Key(h)}}
	if rangePart == nil {
		return r, h, nil
	}
	vals := make([][]byte, len(rangePart.Values))
	for i, v := range rangePart.Values {
		vals[i] = attr.Key(v)
	}
	switch rangePart.Op {
	case expr.CondEQ:
		r.Lo, r.Hi = vals[0], vals[0]
	case expr.CondLT:
		r.Hi, r.HiOpen = vals[0], true
	case expr.CondLE:
		r.Hi = vals[0]
	case expr.CondGT:
		r.Lo, r.LoOpen = vals[0], true
	case expr.CondGE:
		r.Lo = vals[0]
	case expr.CondBetween:
		r.Lo, r.Hi = vals[0], vals[1]
	case expr.CondBeginsWith:
		if t.rangeKeyType == "N" {
			return nil, attr.Value{}, validation("Query key condition not supported")
		}
		r.prefix, r.Lo = vals[0], vals[0]
		if next := successor(vals[0]); next != nil {
			r.Hi, r.HiOpen = next, true
		}
	}
	return r, h, nil
}

// successor is the least byte string greater than every string with
// prefix p; nil when there is none (p is all 0xff).
func successor(p []byte) []byte {
	s := bytes.Clone(p)
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < 0xff {
			s[i]++
			return s[:i+1]
		}
	}
	return nil
}

// Scan reads a table's items (or one segment's) in pages.
func (s *Service) Scan(ctx context.Context, c *iam.Caller, in ScanInput) (*ReadOutput, error) {
	o := s.begin(ctx, c, "Scan", tableRef{account: c.AccountID, region: regionOf(c), name: in.TableName}, map[string]any{"tableName": in.TableName}, true)
	o.Rec.ReadOnly = true
	fail := func(err error) (*ReadOutput, error) { return nil, o.Fail(err) }
	ref, err := resolveName(c, in.TableName, "tableName")
	if err != nil {
		return fail(err)
	}
	if err := legacy(map[string]bool{"AttributesToGet": in.AttributesToGet != nil, "ScanFilter": present(in.ScanFilter), "ConditionalOperator": in.ConditionalOperator != ""},
		map[string]bool{"ProjectionExpression": in.ProjectionExpression != nil, "FilterExpression": in.FilterExpression != nil}); err != nil {
		return fail(err)
	}
	esk, err := itemOf(in.ExclusiveStartKey)
	if err != nil {
		return fail(startKeyError(err))
	}
	switch {
	case in.Segment != nil && in.TotalSegments == nil:
		return fail(validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present"))
	case in.Segment == nil && in.TotalSegments != nil:
		return fail(validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present"))
	case in.Segment != nil:
		var problems []string
		if *in.TotalSegments < 1 {
			problems = append(problems, fmt.Sprintf("Value '%d' at 'totalSegments' failed to satisfy constraint: Member must have value greater than or equal to 1", *in.TotalSegments))
		}
		if *in.TotalSegments > 1000000 {
			problems = append(problems, fmt.Sprintf("Value '%d' at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000", *in.TotalSegments))
		}
		if *in.Segment < 0 {
			problems = append(problems, fmt.Sprintf("Value '%d' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0", *in.Segment))
		}
		if err := constraintErrors(problems); err != nil {
			return fail(err)
		}
		if *in.Segment >= *in.TotalSegments {
			return fail(validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: %d is not less than TotalSegments: %d", *in.Segment, *in.TotalSegments))
		}
	}
	env, err := exprEnv(in.ExpressionAttributeNames, in.ExpressionAttributeValues, in.FilterExpression != nil || in.ProjectionExpression != nil, in.FilterExpression != nil, "FilterExpression is null")
	if err != nil {
		return fail(err)
	}
	if err := checkRCC(in.ReturnConsumedCapacity); err != nil {
		return fail(err)
	}
	plan, err := planRead(env, in.Select, in.Limit, "limit", in.FilterExpression, in.ProjectionExpression, in.AttributesToGet, in.IndexName)
	if err != nil {
		return fail(err)
	}
	if in.FilterExpression != nil || in.ProjectionExpression != nil {
		if err := env.Unused(); err != nil {
			return fail(attrError(err))
		}
	}
	t, err := s.table(ctx, ref)
	if err != nil {
		return fail(err)
	}
	if err := s.authorize(o, catalog.DynamoDBScan.String(), ref, t, plan.conditionKeys()); err != nil {
		return nil, err
	}
	if err := found(t); err != nil {
		return fail(err)
	}
	if in.IndexName != nil {
		return fail(validation("The table does not have the specified index: %s", *in.IndexName))
	}
	var afterHK, afterRK []byte
	if in.ExclusiveStartKey != nil {
		if afterHK, afterRK, err = t.keyOf(esk); err != nil {
			return fail(validation("The provided starting key is invalid: The provided key element does not match the schema"))
		}
	}
	o.Rec.RequestParameters = map[string]any{"tableName": ref.name}
	out := &ReadOutput{count: plan.selectVal == "COUNT"}
	pg := &page{plan: plan, t: t, out: out}
	q := s.svc.Store().Read(ctx)
	for {
		rows, err := q.ScanDDBItems(t.row.ID, afterHK, afterRK, readBatch)
		if err != nil {
			return fail(iam.Internal(err))
		}
		more := true
		for _, row := range rows {
			afterHK, afterRK = row.HK, row.RK
			if in.Segment != nil && segmentOf(row.HK, *in.TotalSegments) != *in.Segment {
				continue
			}
			if more, err = pg.take(row); err != nil {
				return fail(err)
			} else if !more {
				break
			}
		}
		if !more || len(rows) < readBatch {
			break
		}
	}
	pg.finish()
	out.ConsumedCapacity = capacity(in.ReturnConsumedCapacity, ref.name, pg.size, false, in.ConsistentRead)
	return out, o.Read(nil)
}

// segmentOf assigns a partition to one of n scan segments.
func segmentOf(hk []byte, n int) int {
	h := fnv.New32a()
	h.Write(hk)
	return int(h.Sum32() % uint32(n))
}
