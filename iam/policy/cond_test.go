package policy

import (
	"encoding/json"
	"testing"
)

var alice = Principal{
	Type: PrincipalUser, ARN: "arn:aws:iam::111122223333:user/alice", Account: "111122223333",
	UniqueID: "AIDAEXAMPLEEXAMPLE001", UserName: "alice", Tags: map[string]string{"Team": "dev"},
}

// condCase evaluates one condition block against a context.
type condCase struct {
	name    string
	version string // "" means 2012-10-17; "none" omits Version
	cond    string // the Condition object
	ctx     map[string][]string
	p       *Principal // nil means alice
	want    bool
}

func runCondCases(t *testing.T, tests []condCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			version := `"Version":"2012-10-17",`
			switch tt.version {
			case "none":
				version = ""
			case "":
			default:
				version = `"Version":"` + tt.version + `",`
			}
			doc := `{` + version + `"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":` + tt.cond + `}}`
			p, err := Compile("p", []byte(doc), KindIdentity)
			if err != nil {
				t.Fatalf("Compile: %v\n%s", err, doc)
			}
			req := &Request{Principal: alice, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}
			if tt.p != nil {
				req.Principal = *tt.p
			}
			if tt.ctx != nil {
				req.Context = NewContext()
				for k, v := range tt.ctx {
					req.Context.Set(k, v...)
				}
			}
			got := Evaluate(req, &Set{Identity: []*Policy{p}}).Effect == Allow
			if got != tt.want {
				b, _ := json.Marshal(tt.ctx)
				t.Errorf("condition %s with %s = %v, want %v", tt.cond, b, got, tt.want)
			}
		})
	}
}

func ctx1(k string, v ...string) map[string][]string { return map[string][]string{k: v} }

func TestConditionString(t *testing.T) {
	t.Parallel()
	runCondCases(t, []condCase{
		{name: "equals", cond: `{"StringEquals":{"s3:prefix":"home"}}`, ctx: ctx1("s3:prefix", "home"), want: true},
		{name: "equals case-sensitive", cond: `{"StringEquals":{"s3:prefix":"home"}}`, ctx: ctx1("s3:prefix", "Home"), want: false},
		{name: "key name case-insensitive", cond: `{"StringEquals":{"S3:PREFIX":"home"}}`, ctx: ctx1("s3:Prefix", "home"), want: true},
		{name: "equals OR values", cond: `{"StringEquals":{"s3:prefix":["a","home"]}}`, ctx: ctx1("s3:prefix", "home"), want: true},
		{name: "equals missing key", cond: `{"StringEquals":{"s3:prefix":"home"}}`, want: false},
		{name: "not equals", cond: `{"StringNotEquals":{"s3:prefix":"home"}}`, ctx: ctx1("s3:prefix", "x"), want: true},
		{name: "not equals NOR", cond: `{"StringNotEquals":{"s3:prefix":["a","home"]}}`, ctx: ctx1("s3:prefix", "home"), want: false},
		{name: "not equals missing key", cond: `{"StringNotEquals":{"s3:prefix":"home"}}`, want: true},
		{name: "ignore case", cond: `{"StringEqualsIgnoreCase":{"s3:prefix":"HOME"}}`, ctx: ctx1("s3:prefix", "home"), want: true},
		{name: "not ignore case", cond: `{"StringNotEqualsIgnoreCase":{"s3:prefix":"HOME"}}`, ctx: ctx1("s3:prefix", "home"), want: false},
		{name: "like", cond: `{"StringLike":{"s3:prefix":"home/*/d?c"}}`, ctx: ctx1("s3:prefix", "home/a/b/doc"), want: true},
		{name: "like case-sensitive", cond: `{"StringLike":{"s3:prefix":"home*"}}`, ctx: ctx1("s3:prefix", "HOME"), want: false},
		{name: "not like", cond: `{"StringNotLike":{"s3:prefix":"home*"}}`, ctx: ctx1("s3:prefix", "work"), want: true},
		{name: "not like missing", cond: `{"StringNotLike":{"s3:prefix":"home*"}}`, want: true},
		{name: "ifexists missing", cond: `{"StringEqualsIfExists":{"s3:prefix":"home"}}`, want: true},
		{name: "ifexists present mismatch", cond: `{"StringEqualsIfExists":{"s3:prefix":"home"}}`, ctx: ctx1("s3:prefix", "x"), want: false},
		{name: "AND across keys", cond: `{"StringEquals":{"s3:prefix":"home","s3:delimiter":"/"}}`, ctx: ctx1("s3:prefix", "home"), want: false},
		{name: "AND across operators", cond: `{"StringEquals":{"s3:prefix":"home"},"StringLike":{"s3:prefix":"h*"}}`, ctx: ctx1("s3:prefix", "home"), want: true},
		{name: "empty value list is absent", cond: `{"StringEquals":{"s3:prefix":"home"}}`, ctx: ctx1("s3:prefix"), want: false},
	})
}

func TestConditionNumeric(t *testing.T) {
	t.Parallel()
	runCondCases(t, []condCase{
		{name: "equals", cond: `{"NumericEquals":{"s3:max-keys":10}}`, ctx: ctx1("s3:max-keys", "10.0"), want: true},
		{name: "not equals", cond: `{"NumericNotEquals":{"s3:max-keys":"10"}}`, ctx: ctx1("s3:max-keys", "11"), want: true},
		{name: "less than", cond: `{"NumericLessThan":{"s3:max-keys":"10"}}`, ctx: ctx1("s3:max-keys", "9"), want: true},
		{name: "less than equal edge", cond: `{"NumericLessThan":{"s3:max-keys":"10"}}`, ctx: ctx1("s3:max-keys", "10"), want: false},
		{name: "less than equals", cond: `{"NumericLessThanEquals":{"s3:max-keys":"10"}}`, ctx: ctx1("s3:max-keys", "10"), want: true},
		{name: "greater than", cond: `{"NumericGreaterThan":{"s3:max-keys":"10"}}`, ctx: ctx1("s3:max-keys", "1e2"), want: true},
		{name: "greater than equals", cond: `{"NumericGreaterThanEquals":{"aws:MultiFactorAuthAge":"3600"}}`, ctx: ctx1("aws:MultiFactorAuthAge", "100"), want: false},
		{name: "request not a number", cond: `{"NumericEquals":{"s3:max-keys":"10"}}`, ctx: ctx1("s3:max-keys", "ten"), want: false},
		{name: "policy not a number", cond: `{"NumericEquals":{"s3:max-keys":"ten"}}`, ctx: ctx1("s3:max-keys", "10"), want: false},
		{name: "missing", cond: `{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}`, want: false},
		{name: "missing ifexists", cond: `{"NumericLessThanIfExists":{"aws:MultiFactorAuthAge":"3600"}}`, want: true},
	})
}

func TestConditionDate(t *testing.T) {
	t.Parallel()
	now := ctx1("aws:CurrentTime", "2024-06-01T12:00:00Z")
	runCondCases(t, []condCase{
		{name: "less than", cond: `{"DateLessThan":{"aws:CurrentTime":"2025-01-01T00:00:00Z"}}`, ctx: now, want: true},
		{name: "greater than", cond: `{"DateGreaterThan":{"aws:CurrentTime":"2025-01-01"}}`, ctx: now, want: false},
		{name: "epoch policy", cond: `{"DateGreaterThanEquals":{"aws:CurrentTime":1717243200}}`, ctx: now, want: true},
		{name: "epoch request", cond: `{"DateEquals":{"aws:EpochTime":"2024-06-01T12:00:00Z"}}`, ctx: ctx1("aws:EpochTime", "1717243200"), want: true},
		{name: "offset", cond: `{"DateEquals":{"aws:CurrentTime":"2024-06-01T14:00:00+02:00"}}`, ctx: now, want: true},
		{name: "minutes form", cond: `{"DateLessThanEquals":{"aws:CurrentTime":"2024-06-01T12:00Z"}}`, ctx: now, want: true},
		{name: "fractional", cond: `{"DateLessThan":{"aws:CurrentTime":"2024-06-01T12:00:00.5Z"}}`, ctx: now, want: true},
		{name: "not equals", cond: `{"DateNotEquals":{"aws:CurrentTime":"2024-06-01T12:00:00Z"}}`, ctx: now, want: false},
		{name: "bad request date", cond: `{"DateLessThan":{"aws:CurrentTime":"2025-01-01"}}`, ctx: ctx1("aws:CurrentTime", "soon"), want: false},
		{name: "lenient iso forms", cond: `{"DateGreaterThan":{"aws:CurrentTime":["2024","01T"]}}`, ctx: now, want: true},
		{name: "offset without colon", cond: `{"DateEquals":{"aws:CurrentTime":"2024-06-01T07:00:00-0500"}}`, ctx: now, want: true},
		{name: "date only", cond: `{"DateEquals":{"aws:CurrentTime":"2024-06-01"}}`, ctx: ctx1("aws:CurrentTime", "2024-06-01T00:00:00Z"), want: true},
		{name: "nanoseconds", cond: `{"DateLessThan":{"aws:CurrentTime":"2024-06-01T12:00:00.000000001Z"}}`, ctx: now, want: true},
		{name: "far year", cond: `{"DateLessThan":{"aws:CurrentTime":"292278993-12-31"}}`, ctx: now, want: true},
		{name: "negative year", cond: `{"DateGreaterThan":{"aws:CurrentTime":"-292275054"}}`, ctx: now, want: true},
		{name: "empty request date", cond: `{"DateLessThan":{"aws:CurrentTime":"2025-01-01"}}`, ctx: ctx1("aws:CurrentTime", ""), want: false},
		{name: "huge epoch", cond: `{"DateLessThan":{"aws:CurrentTime":"2025-01-01"}}`, ctx: ctx1("aws:CurrentTime", "99999999999999"), want: false},
	})
}

func TestConditionBoolBinaryNull(t *testing.T) {
	t.Parallel()
	runCondCases(t, []condCase{
		{name: "bool true json", cond: `{"Bool":{"aws:MultiFactorAuthPresent":true}}`, ctx: ctx1("aws:MultiFactorAuthPresent", "true"), want: true},
		{name: "bool case", cond: `{"Bool":{"aws:MultiFactorAuthPresent":"TRUE"}}`, ctx: ctx1("aws:MultiFactorAuthPresent", "true"), want: true},
		{name: "bool false", cond: `{"Bool":{"aws:MultiFactorAuthPresent":"false"}}`, ctx: ctx1("aws:MultiFactorAuthPresent", "true"), want: false},
		{name: "bool junk", cond: `{"Bool":{"aws:MultiFactorAuthPresent":"yes"}}`, ctx: ctx1("aws:MultiFactorAuthPresent", "yes"), want: false},
		{name: "bool missing", cond: `{"Bool":{"aws:MultiFactorAuthPresent":"false"}}`, want: false},
		{name: "bool ifexists missing", cond: `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, want: true},
		{name: "binary", cond: `{"BinaryEquals":{"s3:key":"QmluYXJ5VmFsdWU="}}`, ctx: ctx1("s3:key", "QmluYXJ5VmFsdWU="), want: true},
		{name: "binary differs", cond: `{"BinaryEquals":{"s3:key":"QmluYXJ5VmFsdWU="}}`, ctx: ctx1("s3:key", "QmluYXJ5"), want: false},
		{name: "binary bad request", cond: `{"BinaryEquals":{"s3:key":"QmluYXJ5VmFsdWU="}}`, ctx: ctx1("s3:key", "%%"), want: false},
		{name: "binary bad policy", cond: `{"BinaryEquals":{"s3:key":"%%"}}`, ctx: ctx1("s3:key", "QmluYXJ5"), want: false},
		{name: "null true absent", cond: `{"Null":{"aws:TokenIssueTime":"true"}}`, want: true},
		{name: "null true present", cond: `{"Null":{"aws:TokenIssueTime":"true"}}`, ctx: ctx1("aws:TokenIssueTime", "x"), want: false},
		{name: "null false present", cond: `{"Null":{"aws:TokenIssueTime":false}}`, ctx: ctx1("aws:TokenIssueTime", "x"), want: true},
		{name: "null false absent", cond: `{"Null":{"aws:TokenIssueTime":"false"}}`, want: false},
		{name: "null on derived key", cond: `{"Null":{"aws:username":"false"}}`, want: true},
	})
}

func TestConditionIP(t *testing.T) {
	t.Parallel()
	runCondCases(t, []condCase{
		{name: "v4 cidr", cond: `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx: ctx1("aws:SourceIp", "203.0.113.7"), want: true},
		{name: "v4 outside", cond: `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx: ctx1("aws:SourceIp", "198.51.100.1"), want: false},
		{name: "bare ip", cond: `{"IpAddress":{"aws:SourceIp":"203.0.113.7"}}`, ctx: ctx1("aws:SourceIp", "203.0.113.7"), want: true},
		{name: "unmasked cidr", cond: `{"IpAddress":{"aws:SourceIp":"203.0.113.9/24"}}`, ctx: ctx1("aws:SourceIp", "203.0.113.7"), want: true},
		{name: "v6", cond: `{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}`, ctx: ctx1("aws:SourceIp", "2001:db8:1::5"), want: true},
		{name: "mapped request", cond: `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx: ctx1("aws:SourceIp", "::ffff:203.0.113.7"), want: true},
		{name: "mapped policy", cond: `{"IpAddress":{"aws:SourceIp":"::ffff:203.0.113.0/120"}}`, ctx: ctx1("aws:SourceIp", "203.0.113.7"), want: true},
		{name: "not ip", cond: `{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24","10.0.0.0/8"]}}`, ctx: ctx1("aws:SourceIp", "10.1.2.3"), want: false},
		{name: "not ip missing", cond: `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, want: true},
		{name: "bad request ip", cond: `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx: ctx1("aws:SourceIp", "nope"), want: false},
		{name: "bad policy cidr", cond: `{"IpAddress":{"aws:SourceIp":["1.2.3.0/99","nope"]}}`, ctx: ctx1("aws:SourceIp", "1.2.3.4"), want: false},
	})
}

func TestConditionARN(t *testing.T) {
	t.Parallel()
	runCondCases(t, []condCase{
		{name: "equals", cond: `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:topic"}}`, ctx: ctx1("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic"), want: true},
		{name: "like", cond: `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:user/al*"}}`, want: true},
		{name: "like region segment", cond: `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:*"}}`, ctx: ctx1("aws:SourceArn", "arn:aws:sns:eu-west-1:111122223333:t"), want: true},
		{name: "segment mismatch", cond: `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:*:topic"}}`, ctx: ctx1("aws:SourceArn", "arn:aws:sqs:us-east-1:1:topic"), want: false},
		{name: "not like", cond: `{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/*"}}`, want: true},
		{name: "not equals match", cond: `{"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:user/alice"}}`, want: false},
		{name: "value not arn", cond: `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:*"}}`, ctx: ctx1("aws:SourceArn", "topic"), want: false},
	})
}

func TestConditionSets(t *testing.T) {
	t.Parallel()
	tags := ctx1("aws:TagKeys", "env", "team")
	runCondCases(t, []condCase{
		{name: "all values subset", cond: `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team","cost"]}}`, ctx: tags, want: true},
		{name: "all values not subset", cond: `{"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}}`, ctx: tags, want: false},
		{name: "all values absent", cond: `{"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}}`, want: true},
		{name: "all values empty", cond: `{"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}}`, ctx: ctx1("aws:TagKeys"), want: true},
		{name: "any value", cond: `{"ForAnyValue:StringEquals":{"aws:TagKeys":["team"]}}`, ctx: tags, want: true},
		{name: "any value none", cond: `{"ForAnyValue:StringEquals":{"aws:TagKeys":["cost"]}}`, ctx: tags, want: false},
		{name: "any value absent", cond: `{"ForAnyValue:StringEquals":{"aws:TagKeys":["team"]}}`, want: false},
		{name: "any value negated", cond: `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["env"]}}`, ctx: tags, want: true},
		{name: "all values negated", cond: `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["env"]}}`, ctx: tags, want: false},
		{name: "all values negated holds", cond: `{"ForAllValues:StringNotLike":{"aws:TagKeys":["x*"]}}`, ctx: tags, want: true},
		{name: "plain operator multi-valued", cond: `{"StringEquals":{"aws:TagKeys":"team"}}`, ctx: tags, want: true},
		{name: "plain negated multi-valued", cond: `{"StringNotEquals":{"aws:TagKeys":"team"}}`, ctx: tags, want: false},
		{name: "any value unresolved variable", cond: `{"ForAnyValue:StringEquals":{"aws:TagKeys":"${aws:PrincipalTag/none}"}}`, ctx: tags, want: false},
	})
}

func TestVariables(t *testing.T) {
	t.Parallel()
	role := Principal{
		Type: PrincipalAssumedRole, ARN: "arn:aws:sts::111122223333:assumed-role/Dev/alice", PrincipalARN: "arn:aws:iam::111122223333:role/Dev",
		Account: "111122223333", UniqueID: "AROAEXAMPLEEXAMPLE001", SessionName: "alice",
	}
	root := Principal{Type: PrincipalRoot, ARN: "arn:aws:iam::111122223333:root", Account: "111122223333"}
	anon := Principal{Type: PrincipalAnonymous, ARN: "anonymous"}
	svc := Principal{Type: PrincipalService, ARN: "ec2.amazonaws.com", Service: "ec2.amazonaws.com"}
	fed := Principal{Type: PrincipalFederated, ARN: "arn:aws:sts::111122223333:federated-user/bob", Account: "111122223333", SessionName: "bob"}
	runCondCases(t, []condCase{
		{name: "username", cond: `{"StringEquals":{"s3:prefix":"home/${aws:username}"}}`, ctx: ctx1("s3:prefix", "home/alice"), want: true},
		{name: "variable key case-insensitive", cond: `{"StringEquals":{"s3:prefix":"${AWS:UserName}"}}`, ctx: ctx1("s3:prefix", "alice"), want: true},
		{name: "old version literal", version: Version2008, cond: `{"StringEquals":{"s3:prefix":"${aws:username}"}}`, ctx: ctx1("s3:prefix", "${aws:username}"), want: true},
		{name: "no version literal", version: "none", cond: `{"StringEquals":{"s3:prefix":"${aws:username}"}}`, ctx: ctx1("s3:prefix", "alice"), want: false},
		{name: "principal tag case-insensitive", cond: `{"StringEquals":{"s3:prefix":"${aws:PrincipalTag/TEAM}"}}`, ctx: ctx1("s3:prefix", "dev"), want: true},
		{name: "default used", cond: `{"StringEquals":{"s3:prefix":"${aws:PrincipalTag/cost, 'company-wide'}"}}`, ctx: ctx1("s3:prefix", "company-wide"), want: true},
		{name: "default ignored", cond: `{"StringEquals":{"s3:prefix":"${aws:PrincipalTag/team, 'x'}"}}`, ctx: ctx1("s3:prefix", "dev"), want: true},
		{name: "no value no match", cond: `{"StringEquals":{"s3:prefix":"${aws:PrincipalTag/cost}"}}`, ctx: ctx1("s3:prefix", ""), want: false},
		{name: "no value negated matches", cond: `{"StringNotEquals":{"s3:prefix":"${aws:PrincipalTag/cost}"}}`, ctx: ctx1("s3:prefix", "x"), want: true},
		{name: "multi-valued key no match", cond: `{"StringEquals":{"s3:prefix":"${aws:TagKeys}"}}`, ctx: map[string][]string{"s3:prefix": {"a"}, "aws:TagKeys": {"a", "b"}}, want: false},
		{name: "special star is literal in like", cond: `{"StringLike":{"s3:prefix":"a${*}b"}}`, ctx: ctx1("s3:prefix", "axb"), want: false},
		{name: "special star matches star", cond: `{"StringLike":{"s3:prefix":"a${*}b${?}${$}"}}`, ctx: ctx1("s3:prefix", "a*b?$"), want: true},
		{name: "special star in equals", cond: `{"StringEquals":{"s3:prefix":"${*}"}}`, ctx: ctx1("s3:prefix", "*"), want: true},
		{name: "substituted value is literal in like", cond: `{"StringLike":{"s3:prefix":"${aws:PrincipalTag/team}"}}`, p: &Principal{Type: PrincipalUser, Tags: map[string]string{"team": "d*"}}, ctx: ctx1("s3:prefix", "dev"), want: false},
		{name: "malformed variable literal", cond: `{"StringEquals":{"s3:prefix":"${aws:username"}}`, ctx: ctx1("s3:prefix", "${aws:username"), want: true},
		{name: "empty variable literal", cond: `{"StringEquals":{"s3:prefix":"${ }"}}`, ctx: ctx1("s3:prefix", "${ }"), want: true},
		{name: "bad default literal", cond: `{"StringEquals":{"s3:prefix":"${aws:PrincipalTag/x, nope}"}}`, ctx: ctx1("s3:prefix", "nope"), want: false},
		{name: "arn variable", cond: `{"ArnLike":{"aws:SourceArn":"arn:aws:iam::${aws:PrincipalAccount}:user/*"}}`, ctx: ctx1("aws:SourceArn", "arn:aws:iam::111122223333:user/x"), want: true},
		{name: "arn variable unresolved", cond: `{"ArnLike":{"aws:SourceArn":"arn:aws:iam::${aws:PrincipalTag/none}:user/*"}}`, ctx: ctx1("aws:SourceArn", "arn:aws:iam::111122223333:user/x"), want: false},
		{name: "context overrides derived", cond: `{"StringEquals":{"aws:username":"bob"}}`, ctx: ctx1("aws:username", "bob"), want: true},
		{name: "userid user", cond: `{"StringEquals":{"aws:userid":"AIDAEXAMPLEEXAMPLE001"}}`, want: true},
		{name: "userid role", p: &role, cond: `{"StringEquals":{"aws:userid":"AROAEXAMPLEEXAMPLE001:alice","aws:PrincipalArn":"arn:aws:iam::111122223333:role/Dev","aws:PrincipalType":"AssumedRole"}}`, want: true},
		{name: "username absent for role", p: &role, cond: `{"Null":{"aws:username":"true"}}`, want: true},
		{name: "userid root", p: &root, cond: `{"StringEquals":{"aws:userid":"111122223333","aws:PrincipalType":"Account"}}`, want: true},
		{name: "userid anonymous", p: &anon, cond: `{"StringEquals":{"aws:userid":"anonymous","aws:PrincipalAccount":"anonymous"},"Null":{"aws:PrincipalArn":"true"}}`, want: true},
		{name: "userid federated", p: &fed, cond: `{"StringEquals":{"aws:userid":"111122223333:bob"}}`, want: true},
		{name: "service name", p: &svc, cond: `{"StringEquals":{"aws:PrincipalServiceName":"ec2.amazonaws.com"},"Null":{"aws:username":"true"}}`, want: true},
		{name: "service name absent for user", cond: `{"Null":{"aws:PrincipalServiceName":"true"}}`, want: true},
		{name: "role session without name", p: &Principal{Type: PrincipalAssumedRole, UniqueID: "AROAX"}, cond: `{"StringEquals":{"aws:userid":"AROAX"}}`, want: true},
		{name: "root with unique id", p: &Principal{Type: PrincipalRoot, UniqueID: "123"}, cond: `{"StringEquals":{"aws:userid":"123"}}`, want: true},
		{name: "federated with unique id", p: &Principal{Type: PrincipalFederated, UniqueID: "u"}, cond: `{"StringEquals":{"aws:userid":"u"}}`, want: true},
		{name: "principal arn defaults to arn", cond: `{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:user/alice"}}`, want: true},
	})
}

func TestContextGet(t *testing.T) {
	t.Parallel()
	c := NewContext()
	c.Set("aws:TagKeys", "a", "b")
	if v, ok := c.Get("AWS:tagkeys"); !ok || len(v) != 2 {
		t.Errorf("Get = %v, %v", v, ok)
	}
	if _, ok := c.Get("aws:none"); ok {
		t.Error("Get of an unset key reported ok")
	}
	var nilCtx *Context
	if _, ok := nilCtx.Get("x"); ok {
		t.Error("nil Context Get reported ok")
	}
}
