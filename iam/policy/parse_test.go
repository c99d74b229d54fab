package policy

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		doc       string
		line, col int
		msg       string
		detail    string // substring of Detail
	}{
		{"empty", ``, 1, 1, msgSyntax, "end of document"},
		{"not an object", `[]`, 1, 1, msgSyntax, "JSON object"},
		{"trailing data", `{} x`, 1, 4, msgSyntax, "after the top-level"},
		{"unterminated object", "{\n  \"Version\": \"2012-10-17\"", 2, 26, msgSyntax, "expected"},
		{"missing colon", `{"Version" "x"}`, 1, 12, msgSyntax, "':'"},
		{"unquoted key", `{Version: 1}`, 1, 2, msgSyntax, "quoted key"},
		{"bad literal", `{"Version": tru}`, 1, 13, msgSyntax, "unexpected character"},
		{"trailing comma array", `{"Statement": [1,]}`, 1, 18, msgSyntax, "unexpected character"},
		{"missing comma", `{"Statement": [1 2]}`, 1, 18, msgSyntax, "',' or ']'"},
		{"leading zero", `{"a": 01}`, 1, 7, msgSyntax, "leading zero"},
		{"bad fraction", `{"a": 1.}`, 1, 9, msgSyntax, "malformed number"},
		{"bad exponent", `{"a": 1e}`, 1, 9, msgSyntax, "malformed number"},
		{"lone minus", `{"a": -}`, 1, 8, msgSyntax, "malformed number"},
		{"bad escape", `{"Version": "\x"}`, 1, 15, msgSyntax, "invalid escape"},
		{"form feed escape", `{"Version": "\f"}`, 1, 15, msgSyntax, "not allowed"},
		{"bad unicode escape", `{"Version": "\u00zz"}`, 1, 18, msgSyntax, "\\u escape"},
		{"unicode escape out of range", `{"Version": "\u4e00"}`, 1, 20, msgSyntax, "not allowed"},
		{"truncated unicode escape", `{"Version": "\u00`, 1, 18, msgSyntax, "unterminated"},
		{"unterminated string", `{"Version": "abc`, 1, 17, msgSyntax, "unterminated"},
		{"unterminated after escape", `{"Version": "a\`, 1, 16, msgSyntax, "unterminated"},
		{"raw tab in string", "{\"Version\": \"a\tb\"}", 1, 15, msgSyntax, "control character"},
		{"raw tab after escape", "{\"Version\": \"\\n\tb\"}", 1, 16, msgSyntax, "control character"},
		{"char out of range", "{\"Sid\": \"\u4e00\"}", 1, 10, msgSyntax, "U+4E00"},
		{"invalid utf8", "{\"Sid\": \"\xff\"}", 1, 10, msgSyntax, "UTF-8"},
		{"control char", "{\n\x01}", 2, 1, msgSyntax, "U+0001"},
		{"nesting", strings.Repeat("[", 40), 1, 18, msgSyntax, "too deep"},
		{"unknown top key", "{\n \"Statment\": []\n}", 2, 2, msgSyntax, `unknown key "Statment"`},
		{"duplicate key", `{"Version": "2012-10-17", "Version": "2012-10-17"}`, 1, 27, msgSyntax, "duplicate key"},
		{"version number", `{"Version": 2012}`, 1, 13, msgSyntax, "must be a string"},
		{"statement string", `{"Statement": "x"}`, 1, 15, msgSyntax, "object or an array"},
		{"statement element", `{"Statement": ["x"]}`, 1, 16, msgSyntax, "JSON object"},
		{"unknown statement key", `{"Statement": {"Efect": "Allow"}}`, 1, 16, msgSyntax, `unknown key "Efect"`},
		{"action and notaction", `{"Statement": {"Action": "a:b", "NotAction": "a:c"}}`, 1, 33, msgSyntax, "both Action and NotAction"},
		{"action number", `{"Statement": {"Action": 1}}`, 1, 26, msgSyntax, "string or an array"},
		{"action element number", `{"Statement": {"Action": ["a:b", 2]}}`, 1, 34, msgSyntax, "values must be strings"},
		{"principal string", `{"Statement": {"Principal": "me"}}`, 1, 29, msgSyntax, `must be "*"`},
		{"principal number", `{"Statement": {"Principal": 1}}`, 1, 29, msgSyntax, "or an object"},
		{"principal unknown", `{"Statement": {"Principal": {"User": "x"}}}`, 1, 30, msgSyntax, `unknown key "User"`},
		{"condition string", `{"Statement": {"Condition": "x"}}`, 1, 29, msgSyntax, "must be an object"},
		{"condition op string", `{"Statement": {"Condition": {"Bool": "x"}}}`, 1, 38, msgSyntax, "must be an object"},
		{"condition value null", `{"Statement": {"Condition": {"Bool": {"a:b": null}}}}`, 1, 46, msgSyntax, "not null"},
		{"condition value object", `{"Statement": {"Condition": {"Bool": {"a:b": [{}]}}}}`, 1, 47, msgSyntax, "not object"},
		{"condition dup op", `{"Statement": {"Condition": {"Bool": {}, "Bool": {}}}}`, 1, 42, msgSyntax, "duplicate condition operator"},
		{"condition dup key", `{"Statement": {"Condition": {"Bool": {"a:b": "true", "a:b": "true"}}}}`, 1, 54, msgSyntax, "duplicate condition key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := Parse([]byte(tt.doc))
			if err == nil {
				t.Fatalf("Parse succeeded: %+v", d)
			}
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error %T %v is not Errors", err, err)
			}
			e := es[0]
			if e.Line != tt.line || e.Column != tt.col || e.Message != tt.msg || !strings.Contains(e.Detail, tt.detail) {
				t.Errorf("got %d:%d %q (%s), want %d:%d %q (%s)", e.Line, e.Column, e.Message, e.Detail, tt.line, tt.col, tt.msg, tt.detail)
			}
			if err.Error() != tt.msg {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.msg)
			}
		})
	}
}

func TestParseReportsEveryError(t *testing.T) {
	t.Parallel()
	doc := "{\n \"Version\": 1,\n \"Statement\": [{\"Effect\": \"Allow\", \"Foo\": 1, \"Effect\": \"Deny\"}],\n \"Bar\": 2\n}"
	_, err := Parse([]byte(doc))
	es, _ := err.(Errors)
	want := []string{"2:13", "3:36", "3:46", "4:2"}
	var got []string
	for _, e := range es {
		got = append(got, strings.Join([]string{itoa(e.Line), itoa(e.Column)}, ":"))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("positions = %v, want %v", got, want)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestParseTooLarge(t *testing.T) {
	t.Parallel()
	doc := `{"Id":"` + strings.Repeat("a", MaxDocumentBytes) + `"}`
	_, err := Parse([]byte(doc))
	if err == nil || err.Error() != msgDocumentSize {
		t.Fatalf("err = %v, want %q", err, msgDocumentSize)
	}
}

func TestParseForms(t *testing.T) {
	t.Parallel()
	doc := `{
  "Version": "2012-10-17",
  "Id": "P1",
  "Statement": [
    {"Sid": "A", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*"]},
    {"Effect": "Deny", "NotPrincipal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:user/a"], "Service": "ec2.amazonaws.com",
      "Federated": "accounts.google.com", "CanonicalUser": "abc"},
     "NotAction": ["s3:*"], "NotResource": "*",
     "Condition": {"Bool": {"aws:SecureTransport": false}, "NumericLessThan": {"s3:max-keys": [10, 2.5e1]},
                   "StringEquals": {"aws:username": "caf\u00e9\"\\\/\n"}}}
  ]
}`
	d, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if d.Version != Version2012 || d.ID != "P1" || len(d.Statements) != 2 || d.single {
		t.Fatalf("document = %+v", d)
	}
	s0, s1 := d.Statements[0], d.Statements[1]
	if !s0.Principal.Wildcard || !reflect.DeepEqual(s0.Principal.AWS, []string{"*"}) || s0.Line != 5 || s0.Column != 5 {
		t.Errorf("statement 0 = %+v", s0)
	}
	np := s1.NotPrincipal
	if np == nil || len(np.AWS) != 2 || np.Service[0] != "ec2.amazonaws.com" || np.Federated[0] != "accounts.google.com" || np.CanonicalUser[0] != "abc" {
		t.Errorf("NotPrincipal = %+v", np)
	}
	wantConds := []Condition{
		{Operator: "Bool", Key: "aws:SecureTransport", Values: []string{"false"}},
		{Operator: "NumericLessThan", Key: "s3:max-keys", Values: []string{"10", "2.5e1"}},
		{Operator: "StringEquals", Key: "aws:username", Values: []string{"café\"\\/\n"}},
	}
	for i := range s1.Conditions {
		s1.Conditions[i].opPos, s1.Conditions[i].keyPos = pos{}, pos{}
	}
	if !reflect.DeepEqual(s1.Conditions, wantConds) {
		t.Errorf("conditions = %#v", s1.Conditions)
	}
	roundTrip(t, d)
}

func TestParseSingleStatement(t *testing.T) {
	t.Parallel()
	d, err := Parse([]byte(`{"Statement": {"Effect": "Allow", "Action": [], "Resource": "*", "Condition": {}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if !d.single || d.Statements[0].Action == nil || d.Statements[0].Conditions == nil {
		t.Errorf("document = %+v %+v", d, d.Statements[0])
	}
	b, _ := d.MarshalJSON()
	if want := `{"Statement":{"Effect":"Allow","Action":[],"Resource":"*","Condition":{}}}`; string(b) != want {
		t.Errorf("MarshalJSON = %s, want %s", b, want)
	}
	roundTrip(t, d)
}

func TestMarshalUnparsed(t *testing.T) {
	t.Parallel()
	d := &Document{Version: Version2012, size: -1, Statements: []*Statement{{
		Effect: "Allow", Action: []string{"s3:GetObject", "s3:PutObject"}, Resource: []string{"*"},
		Principal:  &Principals{AWS: []string{"111122223333"}},
		Conditions: []Condition{{Operator: "StringEquals", Key: "a:b", Values: []string{"x\ty\r"}}},
	}}}
	b, err := d.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":["s3:GetObject","s3:PutObject"],"Resource":"*","Condition":{"StringEquals":{"a:b":"x\ty\r"}}}]}`
	if string(b) != want {
		t.Errorf("MarshalJSON =\n%s\nwant\n%s", b, want)
	}
	if err := d.Validate(KindResource); err != nil {
		t.Errorf("Validate = %v", err)
	}
}

func TestSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{" {\n\t\"a\" : 1 }\r\n", 7},
		{`"café"`, 6},
	}
	for _, tt := range tests {
		if got := Size([]byte(tt.in)); got != tt.want {
			t.Errorf("Size(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	t.Parallel()
	e := &Error{Line: 2, Column: 3, Message: msgSyntax, Detail: "oops"}
	if got, want := e.Error(), "line 2, column 3: Syntax errors in policy. (oops)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e = &Error{Message: msgManagedSize}
	if e.Error() != msgManagedSize {
		t.Errorf("Error() = %q", e.Error())
	}
	if Errors(nil).Error() != "no errors" {
		t.Error("empty Errors message")
	}
}

// normalize clears what a round trip does not preserve: positions and size.
func normalize(d *Document) *Document {
	c := *d
	c.size, c.pos = 0, docPositions{}
	c.Statements = nil
	if d.Statements != nil {
		c.Statements = make([]*Statement, len(d.Statements))
	}
	for i, s := range d.Statements {
		cs := *s
		cs.Line, cs.Column, cs.pos = 0, 0, stmtPositions{}
		if s.Conditions != nil {
			cs.Conditions = make([]Condition, len(s.Conditions))
			for j, cond := range s.Conditions {
				cond.opPos, cond.keyPos = pos{}, pos{}
				cs.Conditions[j] = cond
			}
		}
		c.Statements[i] = &cs
	}
	return &c
}

func roundTrip(t *testing.T, d *Document) {
	t.Helper()
	b, err := d.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	d2, err := Parse(b)
	if err != nil {
		t.Fatalf("Parse(MarshalJSON) = %v\n%s", err, b)
	}
	if !reflect.DeepEqual(normalize(d), normalize(d2)) {
		t.Fatalf("round trip differs:\n%s\n%#v\n%#v", b, normalize(d), normalize(d2))
	}
}

var fuzzSeeds = []string{
	`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
	`{"Version":"2012-10-17","Id":"x","Statement":[{"Sid":"A","Effect":"Deny","NotPrincipal":{"AWS":["1","2"]},"NotAction":[],"NotResource":"*","Condition":{"StringLike":{"a:b":["x*",true,1.5e3]},"Null":{"c:d":"true"}}}]}`,
	`{"Statement":[{"Principal":"*"},{"Principal":{"Service":"ec2.amazonaws.com","Federated":[],"CanonicalUser":"c"}}]}`,
	`{"Statement":[]}`,
	`{"Version":"2012-10-17","Statement":{"Effect":"allow","Action":"a:b:c","Resource":"arn:aws:iam:us-east-1::x","Condition":{"DateLessThan":{"k":["2016-12-13t2:00:00.5+23","-1","99999999999999999999"]}}}}`,
	`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","NotPrincipal":{"AWS":[]},"Action":"sts:AssumeRole","Resource":"a:b"}}`,
	`{}`,
	``,
	"{\"Sid\":\"caf\u00e9 \\u00e9\\n\\t\\r\\\"\\\\\\/\"}",
	`[`,
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		kinds := []Kind{KindIdentity, KindTrust, KindResource, KindSession, KindBoundary, KindManaged}
		d, err := Parse(data)
		for _, k := range kinds {
			dk, errk := ParseFor(data, k)
			if (errk == nil) != (err == nil) || (dk == nil) == (errk == nil) {
				t.Fatalf("ParseFor(%v) = %v, %v; Parse = %v", k, dk, errk, err)
			}
		}
		if err != nil {
			if _, ok := err.(Errors); !ok {
				t.Fatalf("error %T is not Errors", err)
			}
			return
		}
		for _, k := range kinds {
			if err := d.Validate(k); err != nil && len(err.(Errors)) == 0 {
				t.Fatalf("Validate(%v) returned empty Errors", k)
			}
		}
		roundTrip(t, d)
	})
}

func TestFuzzSeeds(t *testing.T) {
	t.Parallel()
	for _, s := range fuzzSeeds {
		d, err := Parse([]byte(s))
		if err != nil {
			continue
		}
		roundTrip(t, d)
	}
}
