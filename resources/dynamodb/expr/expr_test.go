package expr

import (
	"strings"
	"testing"

	"iamconsole/resources/dynamodb/attr"
)

func testEnv() *Env {
	return NewEnv(map[string]string{"#n": "name", "#s": "status", "#a": "a"},
		map[string]attr.Value{":s": attr.Str("x"), ":n": attr.MustNum("5"), ":m": attr.MustNum("1"), ":l": {Type: attr.L, List: []attr.Value{attr.Str("z")}},
			":ss": {Type: attr.SS, Set: []string{"p"}}, ":b": attr.Boolean(true), ":t": attr.Str("S"), ":bad": attr.Str("X")})
}

func TestParseConditionErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ src, want string }{
		{"", "Invalid ConditionExpression: The expression can not be empty;"},
		{"   ", "Invalid ConditionExpression: The expression can not be empty;"},
		{"a =", `Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "="`},
		{"a == :s", `Invalid ConditionExpression: Syntax error; token: "=", near: "=="`},
		{"a = :s b", `Invalid ConditionExpression: Syntax error; token: "b", near: ":s b"`},
		{"a = $", `Invalid ConditionExpression: Syntax error; token: "$", near: "= $"`},
		{"()", `Invalid ConditionExpression: Syntax error; token: ")", near: "()"`},
		{"a BETWEEN :n", `Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":n"`},
		{"name = :s", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name"},
		{"#x = :s", "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x"},
		{"a = :zz", "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :zz"},
		{"foo(a)", "Invalid ConditionExpression: Invalid function name; function: foo"},
		{"attribute_exists(a, b)", "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"},
		{"attribute_exists(:s)", "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists"},
		{"begins_with(a, :n)", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"},
		{"attribute_type(a, :bad)", "Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"},
		{"a = a", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"},
		{"((a = :s))", "Invalid ConditionExpression: The expression has redundant parentheses;"},
		{"size(a)", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"},
		{"attribute_exists(a) = :b", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists"},
		{"a BETWEEN :s AND :n", "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {S:x}, upper bound operand: AttributeValue: {N:5}"},
		{"a BETWEEN :n AND :m", "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}"},
		// A reserved word is reported before an undefined value.
		{"status = :zz", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"},
	} {
		_, err := ParseCondition("ConditionExpression", tt.src, testEnv())
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: %v\n want %s", tt.src, err, tt.want)
		}
	}
}

func TestEvalCondition(t *testing.T) {
	t.Parallel()
	it := attr.Item{"a": attr.Str("x"), "n": attr.MustNum("5"), "name": attr.Str("bob"),
		"m":  {Type: attr.M, Map: map[string]attr.Value{"k": {Type: attr.L, List: []attr.Value{attr.MustNum("1"), attr.Str("z")}}}},
		"ss": {Type: attr.SS, Set: []string{"p", "q"}}}
	for _, tt := range []struct {
		src  string
		want bool
	}{
		{"a = :s", true}, {"a <> :s", false}, {"gone <> :s", true}, {"gone = :s", false},
		{"n > :m", true}, {"n >= :n", true}, {"n < :m", false}, {"a < :n", false},
		{"n BETWEEN :m AND :n", true}, {"n IN (:m, :n)", true}, {"a IN (:m, :n)", false},
		{"attribute_exists(#n)", true}, {"attribute_not_exists(#n)", false}, {"attribute_not_exists(zz)", true},
		{"attribute_exists(m.k[1])", true}, {"attribute_exists(m.k[2])", false}, {"m.k[0] = :m", true},
		{"attribute_type(a, :t)", true}, {"begins_with(a, :s)", true}, {"contains(ss, :s)", false},
		{"contains(m.k, :m)", true}, {"size(ss) = :m", false}, {"size(m.k) > :m", true},
		{"NOT a = :s", false}, {"a = :s AND n = :n", true}, {"a = :n OR n = :n", true},
		{"(a = :s) AND (n = :m OR n = :n)", true}, {"(a) = :s", true}, {"(size(ss)) < :n", true},
		{"a = :s AND NOT (n = :m)", true},
	} {
		c, err := ParseCondition("FilterExpression", tt.src, testEnv())
		if err != nil {
			t.Errorf("%q: %v", tt.src, err)
			continue
		}
		if got := c.Eval(it); got != tt.want {
			t.Errorf("%q = %v, want %v", tt.src, got, tt.want)
		}
	}
}

func TestParseUpdateErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ src, want string }{
		{"", "Invalid UpdateExpression: The expression can not be empty;"},
		{"SET a", `Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "a"`},
		{"PUT a = :s", `Invalid UpdateExpression: Syntax error; token: "PUT", near: "PUT"`},
		{"SET name = :s", "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name"},
		{"SET a = :s SET b = :s", `Invalid UpdateExpression: The "SET" section can only be used once in an update expression;`},
		{"SET a = :s, a = :n", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"},
		{"SET a.b = :s REMOVE a", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]"},
		{"SET a.b = :s REMOVE a[0]", "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]"},
		{"ADD a :s", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING"},
		{"DELETE a :n", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER"},
		{"SET a = foo(b)", "Invalid UpdateExpression: Invalid function name; function: foo"},
		{"SET a = :zz", "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :zz"},
		{"SET a = if_not_exists(:s, :s)", "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists"},
		{"SET a = list_append(:s, :l)", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S"},
		{"SET a = :s + :n", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S"},
	} {
		_, err := ParseUpdate(tt.src, testEnv())
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: %v\n want %s", tt.src, err, tt.want)
		}
	}
}

func TestApplyUpdate(t *testing.T) {
	t.Parallel()
	base := attr.Item{"id": attr.Str("1"), "n": attr.MustNum("5"), "l": {Type: attr.L, List: []attr.Value{attr.Str("a"), attr.Str("b"), attr.Str("c")}},
		"m": {Type: attr.M, Map: map[string]attr.Value{"k": attr.Str("v")}}, "ss": {Type: attr.SS, Set: []string{"p", "q"}}}
	for _, tt := range []struct{ src, want string }{
		{"SET n = n + :m", `{"id":{"S":"1"},"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"}]},"m":{"M":{"k":{"S":"v"}}},"n":{"N":"6"},"ss":{"SS":["p","q"]}}`},
		{"SET x = if_not_exists(x, :n), y = if_not_exists(n, :m)", `{"id":{"S":"1"},"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"}]},"m":{"M":{"k":{"S":"v"}}},"n":{"N":"5"},"ss":{"SS":["p","q"]},"x":{"N":"5"},"y":{"N":"5"}}`},
		{"SET l = list_append(l, :l), m.k2 = :s", `{"id":{"S":"1"},"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"},{"S":"z"}]},"m":{"M":{"k":{"S":"v"},"k2":{"S":"x"}}},"n":{"N":"5"},"ss":{"SS":["p","q"]}}`},
		{"REMOVE l[0], l[2], m.k, zz", `{"id":{"S":"1"},"l":{"L":[{"S":"b"}]},"m":{"M":{}},"n":{"N":"5"},"ss":{"SS":["p","q"]}}`},
		{"ADD n :m, ss :ss, newn :n DELETE ss :ss", ""},
		{"ADD n :m, newn :n, ss2 :ss", `{"id":{"S":"1"},"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"}]},"m":{"M":{"k":{"S":"v"}}},"n":{"N":"6"},"newn":{"N":"5"},"ss":{"SS":["p","q"]},"ss2":{"SS":["p"]}}`},
		{"DELETE ss :ss", `{"id":{"S":"1"},"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"}]},"m":{"M":{"k":{"S":"v"}}},"n":{"N":"5"},"ss":{"SS":["q"]}}`},
		{"SET l[9] = :s", `{"id":{"S":"1"},"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"},{"S":"x"}]},"m":{"M":{"k":{"S":"v"}}},"n":{"N":"5"},"ss":{"SS":["p","q"]}}`},
	} {
		u, err := ParseUpdate(tt.src, testEnv())
		if err != nil {
			if tt.want != "" {
				t.Errorf("%q: %v", tt.src, err)
			}
			continue
		}
		out, err := u.Apply(base)
		if err != nil {
			t.Errorf("%q: %v", tt.src, err)
			continue
		}
		if got := string(attr.AppendItemJSON(nil, out)); got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
	// The base item is untouched.
	if got := string(attr.AppendJSON(nil, base["l"])); got != `{"L":[{"S":"a"},{"S":"b"},{"S":"c"}]}` {
		t.Errorf("base changed: %s", got)
	}
	for _, tt := range []struct{ src, want string }{
		{"SET a = zz", msgMissingOperand},
		{"SET n = n + :s", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S"},
		{"SET n = l + :m", msgOperandType},
		{"SET zz.k = :s", msgInvalidPath},
		{"ADD l :n", msgOperandType},
	} {
		u, err := ParseUpdate(tt.src, testEnv())
		if err == nil {
			_, err = u.Apply(base)
		}
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: %v, want %s", tt.src, err, tt.want)
		}
	}
}

func TestProjection(t *testing.T) {
	t.Parallel()
	it := attr.Item{"a": attr.Str("x"), "l": {Type: attr.L, List: []attr.Value{attr.Str("0"), attr.Str("1"), attr.Str("2")}},
		"m": {Type: attr.M, Map: map[string]attr.Value{"k": attr.Str("v"), "j": attr.Str("w")}}}
	paths, err := ParseProjection("l[2], a, m.k, l[0], zz", testEnv())
	if err != nil {
		t.Fatal(err)
	}
	got := string(attr.AppendItemJSON(nil, Project(it, paths)))
	if want := `{"a":{"S":"x"},"l":{"L":[{"S":"0"},{"S":"2"}]},"m":{"M":{"k":{"S":"v"}}}}`; got != want {
		t.Errorf("projection %s, want %s", got, want)
	}
	for _, tt := range []struct{ src, want string }{
		{"a, a", "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"},
		{"#x", "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #x"},
		{"a,", `Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: ","`},
		{"size", "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: size"},
	} {
		if _, err := ParseProjection(tt.src, testEnv()); err == nil || err.Error() != tt.want {
			t.Errorf("%q: %v, want %s", tt.src, err, tt.want)
		}
	}
}

func TestKeyConditions(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		src, want string
		parts     int
	}{
		{"id = :s", "", 1},
		{"id = :s AND n > :m", "", 2},
		{":m < n AND id = :s", "", 2},
		{"id = :s AND begins_with(r, :s)", "", 2},
		{"id = :s AND n BETWEEN :m AND :n", "", 2},
		{"id = :s OR n = :m", "Invalid operator used in KeyConditionExpression: OR", 0},
		{"id <> :s", "Invalid operator used in KeyConditionExpression: <>", 0},
		{"attribute_exists(id)", "Invalid operator used in KeyConditionExpression: attribute_exists", 0},
		{"id = :s AND id = :s", "KeyConditionExpressions must only contain one condition per key", 0},
		{"m.k = :s", "KeyConditionExpressions cannot have conditions on nested attributes", 0},
		{":s = :s", "Invalid condition in KeyConditionExpression: No key attribute specified", 0},
		{"id = n", "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition", 0},
	} {
		c, err := ParseCondition("KeyConditionExpression", tt.src, testEnv())
		if err != nil {
			t.Errorf("%q: %v", tt.src, err)
			continue
		}
		parts, err := KeyConditions(c)
		if tt.want != "" {
			if err == nil || err.Error() != tt.want {
				t.Errorf("%q: %v, want %s", tt.src, err, tt.want)
			}
			continue
		}
		if err != nil || len(parts) != tt.parts {
			t.Errorf("%q: %v %v", tt.src, parts, err)
		}
	}
}

func TestUnused(t *testing.T) {
	t.Parallel()
	env := testEnv()
	if _, err := ParseCondition("ConditionExpression", "#n = :s", env); err != nil {
		t.Fatal(err)
	}
	if err := env.Unused(); err == nil || err.Error() != "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #s}" {
		t.Errorf("unused: %v", err)
	}
}

// TestDeepParentheses checks that nesting costs linear time: a parser
// that backtracks on "(" takes exponential time here.
func TestDeepParentheses(t *testing.T) {
	t.Parallel()
	src := strings.Repeat("(", 2000) + "a" + strings.Repeat(")", 2000) + " = :s"
	if _, err := ParseCondition("ConditionExpression", src, testEnv()); err == nil || !strings.Contains(err.Error(), "redundant parentheses") {
		t.Errorf("deep operand: %v", err)
	}
	src = strings.Repeat("(", 2000) + "a = :s" + strings.Repeat(")", 2000)
	if _, err := ParseCondition("ConditionExpression", src, testEnv()); err == nil || !strings.Contains(err.Error(), "redundant parentheses") {
		t.Errorf("deep condition: %v", err)
	}
	if _, err := ParseCondition("ConditionExpression", strings.Repeat("(", 3000), testEnv()); err == nil {
		t.Error("unbalanced accepted")
	}
}
