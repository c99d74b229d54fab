package dynamodb

import (
	"encoding/base64"
	"slices"
	"strings"

	"iamconsole/resources/dynamodb/attr"
	"iamconsole/resources/dynamodb/expr"
)

// Key size limits.
const (
	maxHashKey  = 2048
	maxRangeKey = 1024
)

// attrError turns an AttributeValue refusal into ValidationException.
func attrError(err error) error {
	if ae, ok := err.(*attr.Error); ok {
		return validation("%s", ae.Message)
	}
	if ee, ok := err.(*expr.Error); ok {
		return validation("%s", ee.Message)
	}
	return err
}

// itemOf validates a wire item.
func itemOf(w WireItem) (attr.Item, error) {
	it, err := attr.ItemOf(w)
	if err != nil {
		return nil, attrError(err)
	}
	return it, nil
}

// keyOf checks that key holds exactly the table's key attributes, of
// their types, and returns their encodings.
func (t *table) keyOf(key attr.Item) (hk, rk []byte, err error) {
	want := 1
	if t.rangeKey != "" {
		want = 2
	}
	h, ok := key[t.hash]
	if len(key) != want || !ok || h.Type.String() != t.hashType {
		return nil, nil, validation("The provided key element does not match the schema")
	}
	if err := t.keyValueOK(t.hash, h); err != nil {
		return nil, nil, err
	}
	rk = []byte{}
	if t.rangeKey != "" {
		r, ok := key[t.rangeKey]
		if !ok || r.Type.String() != t.rangeKeyType {
			return nil, nil, validation("The provided key element does not match the schema")
		}
		if err := t.keyValueOK(t.rangeKey, r); err != nil {
			return nil, nil, err
		}
		rk = attr.Key(r)
	}
	return attr.Key(h), rk, nil
}

// keyValueOK refuses empty key values and oversized keys.
func (t *table) keyValueOK(name string, v attr.Value) error {
	if (v.Type == attr.S || v.Type == attr.B) && v.Str == "" {
		kind := "string"
		if v.Type == attr.B {
			kind = "binary"
		}
		return validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty %s value. Key: %s", kind, name)
	}
	if name == t.hash && len(v.Str) > maxHashKey {
		return validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes")
	}
	if name == t.rangeKey && len(v.Str) > maxRangeKey {
		return validation("One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
	}
	return nil
}

// itemKey checks an item's key attributes (PutItem's messages) and
// returns their encodings.
func (t *table) itemKey(it attr.Item) (hk, rk []byte, err error) {
	names := []string{t.hash}
	types := []string{t.hashType}
	if t.rangeKey != "" {
		names, types = append(names, t.rangeKey), append(types, t.rangeKeyType)
	}
	for i, n := range names {
		v, ok := it[n]
		if !ok {
			return nil, nil, validation("One or more parameter values were invalid: Missing the key %s in the item", n)
		}
		if v.Type.String() != types[i] {
			return nil, nil, validation("One or more parameter values were invalid: Type mismatch for key %s expected: %s actual: %s", n, types[i], v.Type)
		}
		if err := t.keyValueOK(n, v); err != nil {
			return nil, nil, err
		}
	}
	key := attr.Item{t.hash: it[t.hash]}
	if t.rangeKey != "" {
		key[t.rangeKey] = it[t.rangeKey]
	}
	return t.keyOf(key)
}

// keyItem decodes a stored item's key.
func (t *table) keyItem(hk, rk []byte) attr.Item {
	k := attr.Item{t.hash: attr.KeyValue(attr.TypeNamed(t.hashType), hk)}
	if t.rangeKey != "" {
		k[t.rangeKey] = attr.KeyValue(attr.TypeNamed(t.rangeKeyType), rk)
	}
	return k
}

// leadingKey is a partition key value as dynamodb:LeadingKeys holds it.
func leadingKey(v attr.Value) string {
	if v.Type == attr.B {
		return base64.StdEncoding.EncodeToString([]byte(v.Str))
	}
	return v.Str
}

// exprEnv validates a request's expression attribute names and values.
// usesNames and usesValues say whether the request has an expression that
// may use them; nullMsg names the expressions missing, for DynamoDB's
// "can only be specified" message.
func exprEnv(names map[string]string, values WireItem, usesNames, usesValues bool, nullMsg string) (*expr.Env, error) {
	if names != nil && !usesNames {
		return nil, validation("ExpressionAttributeNames can only be specified when using expressions")
	}
	if values != nil && !usesValues {
		return nil, validation("ExpressionAttributeValues can only be specified when using expressions: %s", nullMsg)
	}
	if names != nil && len(names) == 0 {
		return nil, validation("ExpressionAttributeNames must not be empty")
	}
	for _, k := range sortedKeys(names) {
		if !validPlaceholder(k, '#') {
			return nil, validation("ExpressionAttributeNames contains invalid key: Syntax error; key: %q", k)
		}
	}
	if values != nil && len(values) == 0 {
		return nil, validation("ExpressionAttributeValues must not be empty")
	}
	vals := make(map[string]attr.Value, len(values))
	for _, k := range sortedKeys(values) {
		if !validPlaceholder(k, ':') {
			return nil, validation("ExpressionAttributeValues contains invalid key: Syntax error; key: %q", k)
		}
		v, err := values[k].Value()
		if err != nil {
			return nil, validation("ExpressionAttributeValues contains invalid value: %s for key %s", err.Error(), k)
		}
		vals[k] = v
	}
	return expr.NewEnv(names, vals), nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func validPlaceholder(k string, lead byte) bool {
	if len(k) < 2 || k[0] != lead {
		return false
	}
	for i := 1; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// returnValues validates ReturnValues against the values an operation
// allows.
func returnValues(rv string, allowed ...string) error {
	switch rv {
	case "", "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW":
	default:
		return validation("1 validation error detected: Value '%s' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]", rv)
	}
	if rv == "" || slices.Contains(allowed, rv) {
		return nil
	}
	return validation("ReturnValues can only be %s", strings.Join(allowed, " or "))
}

// legacy refuses the parameters DynamoDB kept from before expressions,
// with DynamoDB's message when they are mixed with expressions.
func legacy(nonExpr map[string]bool, exprs map[string]bool) error {
	order := []string{"AttributesToGet", "AttributeUpdates", "Expected", "QueryFilter", "ScanFilter", "ConditionalOperator", "KeyConditions"}
	var ne, ex []string
	for _, k := range order {
		if nonExpr[k] {
			ne = append(ne, k)
		}
	}
	for _, k := range []string{"ProjectionExpression", "FilterExpression", "UpdateExpression", "ConditionExpression", "KeyConditionExpression"} {
		if exprs[k] {
			ex = append(ex, k)
		}
	}
	if len(ne) == 0 {
		return nil
	}
	if len(ex) > 0 {
		return validation("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {%s} Expression parameters: {%s}",
			strings.Join(ne, ", "), strings.Join(ex, ", "))
	}
	for _, k := range ne {
		if k != "AttributesToGet" {
			return validation("One or more parameter values were invalid: %s is not supported here; use the expression parameters instead", k)
		}
	}
	return nil
}

// present reports whether a raw JSON member was sent with a value.
func present(raw []byte) bool { return len(raw) > 0 && string(raw) != "null" }

// attributesToGet turns AttributesToGet into projection paths.
func attributesToGet(names []string) ([]expr.Path, error) {
	seen := map[string]bool{}
	var out []expr.Path
	for _, n := range names {
		if seen[n] {
			return nil, validation("One or more parameter values were invalid: Duplicate value in attribute name: %s", n)
		}
		seen[n] = true
		out = append(out, expr.Path{{Name: n}})
	}
	return out, nil
}

// topNames lists the top-level names of paths, once each, in order.
func topNames(paths []expr.Path) []string {
	var out []string
	for _, p := range paths {
		if !slices.Contains(out, p.Top()) {
			out = append(out, p.Top())
		}
	}
	return out
}

// capacity is the ConsumedCapacity of an operation on size bytes.
func capacity(rcc, table string, size int, write, consistent bool) *ConsumedCapacity {
	if rcc != "TOTAL" && rcc != "INDEXES" {
		return nil
	}
	var units float64
	if write {
		units = float64((max(size, 1) + 1023) / 1024)
	} else {
		units = float64((max(size, 1) + 4095) / 4096)
		if !consistent {
			units /= 2
		}
	}
	return &ConsumedCapacity{TableName: table, CapacityUnits: units}
}

// checkRCC validates ReturnConsumedCapacity.
func checkRCC(rcc string) error {
	switch rcc {
	case "", "NONE", "TOTAL", "INDEXES":
		return nil
	}
	return validation("1 validation error detected: Value '%s' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]", rcc)
}
