package expr

import (
	"strings"
	"testing"

	"iamconsole/resources/dynamodb/attr"
)

var fuzzItem = attr.Item{"a": attr.Str("x"), "n": attr.MustNum("5"),
	"l":  {Type: attr.L, List: []attr.Value{attr.Str("0"), {Type: attr.M, Map: map[string]attr.Value{"k": attr.MustNum("1")}}}},
	"m":  {Type: attr.M, Map: map[string]attr.Value{"k": {Type: attr.L, List: []attr.Value{attr.Str("z")}}}},
	"ss": {Type: attr.SS, Set: []string{"p"}}}

// seeds are the expressions of the table tests, good and bad.
var conditionSeeds = []string{"a = :s", "n BETWEEN :m AND :n", "attribute_exists(m.k[0]) AND NOT (a IN (:s, :n))", "((a = :s))",
	"size(l) > :m OR begins_with(#n, :s)", "(a) = :s", "contains(ss, :s)", "a ==", "attribute_type(a, :t)", "id = :s AND n > :m"}

func checkMessage(t *testing.T, err error) {
	if !strings.HasPrefix(err.Error(), "Invalid ") && !strings.Contains(err.Error(), "KeyCondition") && !strings.HasPrefix(err.Error(), "Query") {
		t.Fatalf("message %q", err)
	}
}

func FuzzParseCondition(f *testing.F) {
	for _, s := range conditionSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		c, err := ParseCondition("FilterExpression", src, testEnv())
		if err != nil {
			checkMessage(t, err)
			return
		}
		c.Eval(fuzzItem)
		c.Names()
		if _, err := KeyConditions(c); err != nil {
			checkMessage(t, err)
		}
	})
}

func FuzzParseUpdate(f *testing.F) {
	for _, s := range []string{"SET a = :s", "SET n = n + :m, l[5] = :s REMOVE m.k ADD ss :ss DELETE ss :ss", "SET x = if_not_exists(x, list_append(:l, l))",
		"REMOVE l[0], l[1]", "SET a = :s SET b = :s", "ADD a :s", "SET m.k[0] = :n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		u, err := ParseUpdate(src, testEnv())
		if err != nil {
			checkMessage(t, err)
			return
		}
		before := string(attr.AppendItemJSON(nil, fuzzItem))
		u.Apply(fuzzItem)
		if after := string(attr.AppendItemJSON(nil, fuzzItem)); after != before {
			t.Fatalf("Apply changed its input: %s", after)
		}
		u.Paths()
	})
}

func FuzzParseProjection(f *testing.F) {
	for _, s := range []string{"a", "l[1].k, m.k[0], #n", "a, a", "a,", "l[99999999999999999999]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		paths, err := ParseProjection(src, testEnv())
		if err != nil {
			checkMessage(t, err)
			return
		}
		Project(fuzzItem, paths)
	})
}
