package policy

import (
	"reflect"
	"strings"
	"testing"
)

const acct, other = "111122223333", "444455556666"

func allowDoc(action, resource string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"` + action + `","Resource":"` + resource + `"}]}`
}

func denyDoc(action, resource string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"No","Effect":"Deny","Action":"` + action + `","Resource":"` + resource + `"}]}`
}

func trustDoc(principal string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"T","Effect":"Allow","Principal":` + principal + `,"Action":"sts:AssumeRole"}]}`
}

func TestEvaluateLayers(t *testing.T) {
	t.Parallel()
	roleARN := "arn:aws:iam::" + acct + ":role/Target"
	session := Principal{
		Type: PrincipalAssumedRole, ARN: "arn:aws:sts::" + acct + ":assumed-role/Dev/s", PrincipalARN: "arn:aws:iam::" + acct + ":role/Dev",
		Account: acct, UniqueID: "AROADEVEXAMPLE0000001", SessionName: "s",
	}
	bob := Principal{Type: PrincipalUser, ARN: "arn:aws:iam::" + other + ":user/bob", Account: other, UniqueID: "AIDABOBEXAMPLE0000001", UserName: "bob"}
	idAllow := MustCompile("id", []byte(allowDoc("sts:AssumeRole", "*")), KindIdentity)
	idAllowIAM := MustCompile("idIAM", []byte(allowDoc("iam:*", "*")), KindIdentity)
	idDeny := MustCompile("idDeny", []byte(denyDoc("sts:*", "*")), KindIdentity)
	bAllow := MustCompile("b", []byte(allowDoc("sts:*", "*")), KindBoundary)
	bOther := MustCompile("bOther", []byte(allowDoc("s3:*", "*")), KindBoundary)
	bDeny := MustCompile("bDeny", []byte(denyDoc("*", "*")), KindBoundary)
	sAllow := MustCompile("s", []byte(allowDoc("*", "*")), KindSession)
	sOther := MustCompile("sOther", []byte(allowDoc("s3:*", "*")), KindSession)
	sDeny := MustCompile("sDeny", []byte(denyDoc("*", "*")), KindSession)
	trustUser := MustCompile("trust", []byte(trustDoc(`{"AWS":"arn:aws:iam::`+acct+`:user/alice"}`)), KindTrust)
	trustAcct := MustCompile("trust", []byte(trustDoc(`{"AWS":"`+acct+`"}`)), KindTrust)
	trustRoot := MustCompile("trust", []byte(trustDoc(`{"AWS":"arn:aws:iam::`+acct+`:root"}`)), KindTrust)
	trustRole := MustCompile("trust", []byte(trustDoc(`{"AWS":"arn:aws:iam::`+acct+`:role/Dev"}`)), KindTrust)
	trustRoleID := MustCompile("trust", []byte(trustDoc(`{"AWS":"AROADEVEXAMPLE0000001"}`)), KindTrust)
	trustUserID := MustCompile("trust", []byte(trustDoc(`{"AWS":"AIDAEXAMPLEEXAMPLE001"}`)), KindTrust)
	trustSession := MustCompile("trust", []byte(trustDoc(`{"AWS":"arn:aws:sts::`+acct+`:assumed-role/Dev/s"}`)), KindTrust)
	trustStar := MustCompile("trust", []byte(trustDoc(`{"AWS":"*"}`)), KindTrust)
	trustOther := MustCompile("trust", []byte(trustDoc(`{"AWS":"`+other+`"}`)), KindTrust)
	trustBob := MustCompile("trust", []byte(trustDoc(`{"AWS":"arn:aws:iam::`+other+`:user/bob"}`)), KindTrust)
	trustDeny := MustCompile("trust", []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"},{"Effect":"Deny","Principal":{"AWS":"`+acct+`"},"Action":"sts:AssumeRole"}]}`), KindTrust)
	bucket := func(principal string) *Policy {
		return MustCompile("bucket", []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":`+principal+`,"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`), KindResource)
	}
	assume := func(p Principal) *Request {
		return &Request{Principal: p, Action: "sts:AssumeRole", Resource: roleARN}
	}
	get := func(p Principal) *Request {
		return &Request{Principal: p, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", ResourceAccount: acct}
	}
	type want struct {
		effect  Effect
		policy  string
		stmt    int
		layer   Layer
		missing Layer
	}
	tests := []struct {
		name string
		req  *Request
		set  *Set
		want want
	}{
		{"nothing", assume(alice), &Set{}, want{ImplicitDeny, "", 0, 0, LayerIdentity}},
		{"identity allows", assume(alice), &Set{Identity: []*Policy{idAllow}}, want{Allow, "id", 0, LayerIdentity, 0}},
		{"identity other service", assume(alice), &Set{Identity: []*Policy{idAllowIAM}}, want{ImplicitDeny, "", 0, 0, LayerIdentity}},
		{"explicit deny wins", assume(alice), &Set{Identity: []*Policy{idAllow, idDeny}}, want{ExplicitDeny, "idDeny", 0, LayerIdentity, 0}},
		{"boundary must allow", assume(alice), &Set{Identity: []*Policy{idAllow}, HasBoundary: true, Boundary: []*Policy{bOther}}, want{ImplicitDeny, "", 0, 0, LayerBoundary}},
		{"boundary allows", assume(alice), &Set{Identity: []*Policy{idAllow}, HasBoundary: true, Boundary: []*Policy{bAllow}}, want{Allow, "id", 0, LayerIdentity, 0}},
		{"boundary ignored unless set", assume(alice), &Set{Identity: []*Policy{idAllow}, Boundary: []*Policy{bDeny}}, want{Allow, "id", 0, LayerIdentity, 0}},
		{"boundary deny", assume(alice), &Set{Identity: []*Policy{idAllow}, HasBoundary: true, Boundary: []*Policy{bDeny}}, want{ExplicitDeny, "bDeny", 0, LayerBoundary, 0}},
		{"empty session policy denies", assume(session), &Set{Identity: []*Policy{idAllow}, HasSession: true}, want{ImplicitDeny, "", 0, 0, LayerSession}},
		{"session must allow", assume(session), &Set{Identity: []*Policy{idAllow}, HasSession: true, Session: []*Policy{sOther}}, want{ImplicitDeny, "", 0, 0, LayerSession}},
		{"session allows", assume(session), &Set{Identity: []*Policy{idAllow}, HasSession: true, Session: []*Policy{sAllow}}, want{Allow, "id", 0, LayerIdentity, 0}},
		{"session deny", assume(session), &Set{Identity: []*Policy{idAllow}, HasSession: true, Session: []*Policy{sDeny}}, want{ExplicitDeny, "sDeny", 0, LayerSession, 0}},
		{"trust missing", assume(alice), &Set{Identity: []*Policy{idAllow}, Trust: true}, want{ImplicitDeny, "", 0, 0, LayerTrust}},
		{"trust names user directly", assume(alice), &Set{Resource: trustUser, Trust: true}, want{Allow, "trust", 0, LayerTrust, 0}},
		{"trust names user by id", assume(alice), &Set{Resource: trustUserID, Trust: true}, want{Allow, "trust", 0, LayerTrust, 0}},
		{"trust names account needs identity", assume(alice), &Set{Resource: trustAcct, Trust: true}, want{ImplicitDeny, "", 0, 0, LayerIdentity}},
		{"trust names account with identity", assume(alice), &Set{Identity: []*Policy{idAllow}, Resource: trustRoot, Trust: true}, want{Allow, "id", 0, LayerIdentity, 0}},
		{"trust names other account", assume(alice), &Set{Identity: []*Policy{idAllow}, Resource: trustOther, Trust: true}, want{ImplicitDeny, "", 0, 0, LayerTrust}},
		{"trust names role", assume(session), &Set{Resource: trustRole, Trust: true}, want{Allow, "trust", 0, LayerTrust, 0}},
		{"trust names role by id", assume(session), &Set{Resource: trustRoleID, Trust: true}, want{Allow, "trust", 0, LayerTrust, 0}},
		{"trust names role limited by boundary", assume(session), &Set{Resource: trustRole, Trust: true, HasBoundary: true, Boundary: []*Policy{bOther}}, want{ImplicitDeny, "", 0, 0, LayerBoundary}},
		{"trust names role limited by session", assume(session), &Set{Resource: trustRole, Trust: true, HasSession: true, Session: []*Policy{sOther}}, want{ImplicitDeny, "", 0, 0, LayerSession}},
		{"trust names session", assume(session), &Set{Resource: trustSession, Trust: true, HasBoundary: true, Boundary: []*Policy{bOther}}, want{Allow, "trust", 0, LayerTrust, 0}},
		{"trust star", assume(alice), &Set{Resource: trustStar, Trust: true}, want{Allow, "trust", 0, LayerTrust, 0}},
		{"trust deny", assume(alice), &Set{Identity: []*Policy{idAllow}, Resource: trustDeny, Trust: true}, want{ExplicitDeny, "trust", 1, LayerTrust, 0}},
		{"identity deny before trust deny", assume(alice), &Set{Identity: []*Policy{idDeny}, Resource: trustDeny, Trust: true}, want{ExplicitDeny, "idDeny", 0, LayerIdentity, 0}},
		{"cross-account both sides", assume(bob), &Set{Identity: []*Policy{idAllow}, Resource: trustBob, Trust: true}, want{Allow, "id", 0, LayerIdentity, 0}},
		{"cross-account needs identity", assume(bob), &Set{Resource: trustBob, Trust: true}, want{ImplicitDeny, "", 0, 0, LayerIdentity}},
		{"cross-account needs trust", assume(bob), &Set{Identity: []*Policy{idAllow}, Resource: trustUser, Trust: true}, want{ImplicitDeny, "", 0, 0, LayerTrust}},
		{"bucket names user", get(alice), &Set{Resource: bucket(`{"AWS":"arn:aws:iam::` + acct + `:user/alice"}`)}, want{Allow, "bucket", 0, LayerResource, 0}},
		{"bucket names account", get(alice), &Set{Resource: bucket(`{"AWS":"` + acct + `"}`)}, want{ImplicitDeny, "", 0, 0, LayerIdentity}},
		{"bucket names role limited", get(session), &Set{Resource: bucket(`{"AWS":"arn:aws:iam::` + acct + `:role/Dev"}`), HasBoundary: true, Boundary: []*Policy{bAllow}}, want{ImplicitDeny, "", 0, 0, LayerBoundary}},
		{"bucket other user", get(alice), &Set{Resource: bucket(`{"AWS":"arn:aws:iam::` + acct + `:user/carol"}`)}, want{ImplicitDeny, "", 0, 0, LayerIdentity}},
		{"bucket cross-account no grant", get(bob), &Set{Identity: []*Policy{MustCompile("id", []byte(allowDoc("s3:*", "*")), KindIdentity)}, Resource: bucket(`{"AWS":"` + acct + `"}`)}, want{ImplicitDeny, "", 0, 0, LayerResource}},
		{"bucket cross-account no identity", get(bob), &Set{Resource: bucket(`{"AWS":"` + other + `"}`)}, want{ImplicitDeny, "", 0, 0, LayerIdentity}},
		{"bucket cross-account both", get(bob), &Set{Identity: []*Policy{MustCompile("id", []byte(allowDoc("s3:*", "*")), KindIdentity)}, Resource: bucket(`{"AWS":"` + other + `"}`)}, want{Allow, "id", 0, LayerIdentity, 0}},
		{"cross-account without resource policy", &Request{Principal: alice, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", ResourceAccount: other}, &Set{Identity: []*Policy{MustCompile("id", []byte(allowDoc("s3:*", "*")), KindIdentity)}}, want{ImplicitDeny, "", 0, 0, LayerResource}},
		{"anonymous needs resource", get(Principal{Type: PrincipalAnonymous}), &Set{Resource: bucket(`{"AWS":"` + acct + `"}`)}, want{ImplicitDeny, "", 0, 0, LayerResource}},
		{"service principal", get(Principal{Type: PrincipalService, Service: "cloudtrail.amazonaws.com"}), &Set{Resource: bucket(`{"Service":["ec2.amazonaws.com","cloudtrail.amazonaws.com"]}`)}, want{Allow, "bucket", 0, LayerResource, 0}},
		{"federated principal", get(Principal{Type: PrincipalAssumedRole, Account: acct, Service: "accounts.google.com"}), &Set{Resource: bucket(`{"Federated":"accounts.google.com"}`)}, want{Allow, "bucket", 0, LayerResource, 0}},
		{"canonical user", get(Principal{Type: PrincipalUser, Account: acct, UniqueID: "c0ffee"}), &Set{Resource: bucket(`{"CanonicalUser":"c0ffee"}`)}, want{Allow, "bucket", 0, LayerResource, 0}},
		{"bucket names federated user", get(Principal{Type: PrincipalFederated, Account: acct, ARN: "arn:aws:sts::" + acct + ":federated-user/f"}), &Set{Resource: bucket(`{"AWS":"arn:aws:sts::` + acct + `:federated-user/f"}`)}, want{Allow, "bucket", 0, LayerResource, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, explain := range []bool{false, true} {
				var d Decision
				if explain {
					d = Explain(tt.req, tt.set)
				} else {
					d = Evaluate(tt.req, tt.set)
				}
				got := want{d.Effect, d.Decisive.Policy, d.Decisive.Statement, d.Decisive.Layer, d.Missing}
				if got != tt.want {
					t.Errorf("explain=%v: got %+v, want %+v", explain, got, tt.want)
				}
				if !explain && d.Matched != nil {
					t.Error("Evaluate filled Matched")
				}
			}
		})
	}
}

func TestNotPrincipal(t *testing.T) {
	t.Parallel()
	doc := `{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},
	 {"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::` + acct + `:user/alice","arn:aws:iam::` + acct + `:root","arn:aws:iam::` + acct + `:role/R","AIDACAROLEXAMPLE00001"],"Service":"ec2.amazonaws.com","Federated":"fed","CanonicalUser":"cu"},"Action":"s3:*","Resource":"*"}]}`
	p := MustCompile("bucket", []byte(doc), KindResource)
	star := MustCompile("bucket", []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":"*","Action":"s3:*","Resource":"*"}]}`), KindResource)
	tests := []struct {
		name   string
		p      Principal
		pol    *Policy
		denied bool
	}{
		{"listed user spared", alice, p, false},
		{"root spared", Principal{Type: PrincipalRoot, Account: acct}, p, false},
		{"other user of account denied", Principal{Type: PrincipalUser, Account: acct, ARN: "arn:aws:iam::" + acct + ":user/bob"}, p, true},
		{"role session denied", Principal{Type: PrincipalAssumedRole, Account: acct, PrincipalARN: "arn:aws:iam::" + acct + ":role/R", UniqueID: "AIDACAROLEXAMPLE00001"}, p, true},
		{"listed unique id spared", Principal{Type: PrincipalUser, Account: acct, UniqueID: "AIDACAROLEXAMPLE00001"}, p, false},
		{"service spared", Principal{Type: PrincipalService, Service: "ec2.amazonaws.com"}, p, false},
		{"federated spared", Principal{Type: PrincipalAssumedRole, Account: acct, Service: "fed"}, p, false},
		{"canonical spared", Principal{Type: PrincipalUser, Account: acct, UniqueID: "cu"}, p, false},
		{"star spares everyone", alice, star, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := &Request{Principal: tt.p, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", ResourceAccount: acct}
			d := Evaluate(req, &Set{Resource: tt.pol})
			if (d.Effect == ExplicitDeny) != tt.denied {
				t.Errorf("got %v, want denied=%v", d.Effect, tt.denied)
			}
		})
	}
}

func TestActionsAndResources(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, action, resource, reqAction, reqResource string
		notAction, notResource                         bool
		want                                           bool
	}{
		{name: "case-insensitive action", action: "iam:createrole", resource: "*", reqAction: "IAM:CreateRole", reqResource: "*", want: true},
		{name: "action wildcard", action: "iam:*AccessKey*", resource: "*", reqAction: "iam:CreateAccessKey", reqResource: "*", want: true},
		{name: "action question", action: "iam:Get?ser", resource: "*", reqAction: "iam:GetUser", reqResource: "*", want: true},
		{name: "service wildcard", action: "i*:GetUser", resource: "*", reqAction: "iam:GetUser", reqResource: "*", want: true},
		{name: "action all", action: "*", resource: "*", reqAction: "ec2:RunInstances", reqResource: "*", want: true},
		{name: "action other service", action: "s3:*", resource: "*", reqAction: "iam:GetUser", reqResource: "*", want: false},
		{name: "notaction excludes", action: "iam:*", notAction: true, resource: "*", reqAction: "iam:GetUser", reqResource: "*", want: false},
		{name: "notaction includes", action: "iam:*", notAction: true, resource: "*", reqAction: "s3:GetObject", reqResource: "*", want: true},
		{name: "resource case-sensitive", action: "*", resource: "arn:aws:iam::" + acct + ":user/Alice", reqAction: "iam:GetUser", reqResource: "arn:aws:iam::" + acct + ":user/alice", want: false},
		{name: "resource path wildcard", action: "*", resource: "arn:aws:iam::" + acct + ":user/*", reqAction: "iam:GetUser", reqResource: "arn:aws:iam::" + acct + ":user/dev/alice", want: true},
		{name: "notresource", action: "*", resource: "arn:aws:iam::" + acct + ":user/*", notResource: true, reqAction: "iam:GetUser", reqResource: "arn:aws:iam::" + acct + ":role/R", want: true},
		{name: "resource variable", action: "*", resource: "arn:aws:iam::" + acct + ":user/${aws:username}", reqAction: "iam:GetUser", reqResource: "arn:aws:iam::" + acct + ":user/alice", want: true},
		{name: "resource variable other user", action: "*", resource: "arn:aws:iam::" + acct + ":user/${aws:username}", reqAction: "iam:GetUser", reqResource: "arn:aws:iam::" + acct + ":user/bob", want: false},
		{name: "resource variable no value", action: "*", resource: "arn:aws:iam::" + acct + ":user/${aws:PrincipalTag/x}", reqAction: "iam:GetUser", reqResource: "arn:aws:iam::" + acct + ":user/", want: false},
		{name: "resource variable outside resource part literal", action: "*", resource: "arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:q", reqAction: "sqs:SendMessage", reqResource: "arn:aws:sqs:us-east-1:" + acct + ":q", want: false},
		{name: "resource variable short arn literal", action: "*", resource: "arn:aws:${aws:username}", reqAction: "iam:GetUser", reqResource: "arn:aws:alice", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, r := `"Action"`, `"Resource"`
			if tt.notAction {
				a = `"NotAction"`
			}
			if tt.notResource {
				r = `"NotResource"`
			}
			doc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow",` + a + `:"` + tt.action + `",` + r + `:"` + tt.resource + `"}}`
			p := MustCompile("p", []byte(doc), KindIdentity)
			d := Evaluate(&Request{Principal: alice, Action: tt.reqAction, Resource: tt.reqResource}, &Set{Identity: []*Policy{p}})
			if (d.Effect == Allow) != tt.want {
				t.Errorf("got %v, want allow=%v", d.Effect, tt.want)
			}
		})
	}
}

func TestExplainMatched(t *testing.T) {
	t.Parallel()
	id := MustCompile("id", []byte(`{"Version":"2012-10-17","Statement":[
	 {"Sid":"A","Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"},
	 {"Sid":"B","Effect":"Allow","Action":"sts:*","Resource":"*"},
	 {"Sid":"C","Effect":"Allow","Action":"s3:*","Resource":"*"}]}`), KindIdentity)
	trust := MustCompile("trust", []byte(trustDoc(`{"AWS":"`+acct+`"}`)), KindTrust)
	req := &Request{Principal: alice, Action: "sts:AssumeRole", Resource: "arn:aws:iam::" + acct + ":role/R"}
	d := Explain(req, &Set{Identity: []*Policy{id}, Resource: trust, Trust: true})
	want := []Match{
		{Policy: "id", Statement: 0, Sid: "A", Effect: "Allow", Layer: LayerIdentity},
		{Policy: "id", Statement: 1, Sid: "B", Effect: "Allow", Layer: LayerIdentity},
		{Policy: "trust", Statement: 0, Sid: "T", Effect: "Allow", Layer: LayerTrust},
	}
	if d.Effect != Allow || !reflect.DeepEqual(d.Matched, want) {
		t.Errorf("Explain = %+v", d)
	}
}

func TestMessage(t *testing.T) {
	t.Parallel()
	req := &Request{Principal: alice, Action: "iam:CreateRole", Resource: "arn:aws:iam::" + acct + ":role/X"}
	head := "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::111122223333:role/X "
	tests := []struct {
		name string
		d    Decision
		req  *Request
		want string
	}{
		{"implicit identity", Decision{Effect: ImplicitDeny, Missing: LayerIdentity}, req, head + "because no identity-based policy allows the iam:CreateRole action"},
		{"implicit default", Decision{Effect: ImplicitDeny}, req, head + "because no identity-based policy allows the iam:CreateRole action"},
		{"implicit boundary", Decision{Effect: ImplicitDeny, Missing: LayerBoundary}, req, head + "because no permissions boundary allows the iam:CreateRole action"},
		{"implicit trust", Decision{Effect: ImplicitDeny, Missing: LayerTrust}, req, head + "because no role trust policy allows the iam:CreateRole action"},
		{"explicit identity", Decision{Effect: ExplicitDeny, Decisive: Match{Layer: LayerIdentity}}, req, head + "with an explicit deny in an identity-based policy"},
		{"explicit session", Decision{Effect: ExplicitDeny, Decisive: Match{Layer: LayerSession}}, req, head + "with an explicit deny in a session policy"},
		{"explicit resource", Decision{Effect: ExplicitDeny, Decisive: Match{Layer: LayerResource}}, req, head + "with an explicit deny in a resource-based policy"},
		{"allow", Decision{Effect: Allow}, req, ""},
		{"anonymous", Decision{Effect: ImplicitDeny, Missing: LayerResource}, &Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"},
			"User: anonymous is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k because no resource-based policy allows the s3:GetObject action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.d.Message(tt.req); got != tt.want {
				t.Errorf("Message =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestStrings(t *testing.T) {
	t.Parallel()
	for e, want := range map[Effect]string{ImplicitDeny: "ImplicitDeny", Allow: "Allow", ExplicitDeny: "ExplicitDeny"} {
		if e.String() != want {
			t.Errorf("%d.String() = %q", e, e.String())
		}
	}
	for l, want := range map[Layer]string{LayerNone: "", LayerIdentity: "identity-based policy", LayerBoundary: "permissions boundary",
		LayerSession: "session policy", LayerResource: "resource-based policy", LayerTrust: "role trust policy"} {
		if l.String() != want {
			t.Errorf("%d.String() = %q", l, l.String())
		}
	}
}

func TestPolicyAccessors(t *testing.T) {
	t.Parallel()
	p := MustCompile("arn:aws:iam::111122223333:policy/P", []byte(allowDoc("s3:*", "*")), KindManaged)
	if p.ID() != "arn:aws:iam::111122223333:policy/P" || p.Document().Statements[0].Effect != "Allow" {
		t.Errorf("accessors: %q %+v", p.ID(), p.Document())
	}
	if _, err := Compile("x", []byte(`{"Statement":[]}`), KindManaged); err == nil {
		t.Error("Compile accepted an invalid managed policy")
	}
}

func TestIndex(t *testing.T) {
	t.Parallel()
	p := MustCompile("p", []byte(`{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","Action":["s3:Get*","S3:Put*"],"Resource":"*"},
	 {"Effect":"Allow","Action":"*","Resource":"*"},
	 {"Effect":"Allow","Action":"iam:GetUser","Resource":"*"},
	 {"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`), KindIdentity)
	tests := []struct {
		svc  string
		want []int32
	}{
		{"s3", []int32{0, 1, 3}},
		{"iam", []int32{1, 2, 3}},
		{"ec2", []int32{1, 3}},
	}
	for _, tt := range tests {
		if got := p.candidates(tt.svc); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("candidates(%q) = %v, want %v", tt.svc, got, tt.want)
		}
	}
	if servicePrefix("S3:GetObject") != "s3" || servicePrefix("iam:GetUser") != "iam" {
		t.Error("servicePrefix")
	}
	if accountOf("arn:aws:iam::1:user/x") != "1" || accountOf("*") != "" || accountOf("arn:aws:iam") != "" {
		t.Error("accountOf")
	}
}

// evalOne compiles one identity policy and reports whether a request with
// the given principal, context and resource matches its only statement:
// for an Allow, whether it is allowed; for a Deny, whether it is denied
// (the policy then also allows everything, so a Deny that does not apply
// leaves the request allowed).
func evalOne(t *testing.T, version, effect, resource, cond string, p Principal, ctx map[string][]string, reqResource string) bool {
	t.Helper()
	stmt := `{"Effect":"` + effect + `","Action":"s3:GetObject","Resource":"` + resource + `"`
	if cond != "" {
		stmt += `,"Condition":` + cond
	}
	stmt += `}`
	if effect == "Deny" {
		stmt = `{"Effect":"Allow","Action":"*","Resource":"*"},` + stmt
	}
	doc := `{"Version":"` + version + `","Statement":[` + stmt + `]}`
	pol, err := Compile("p", []byte(doc), KindIdentity)
	if err != nil {
		t.Fatalf("Compile: %v\n%s", err, doc)
	}
	req := &Request{Principal: p, Action: "s3:GetObject", Resource: reqResource}
	if ctx != nil {
		req.Context = NewContext()
		for k, v := range ctx {
			req.Context.Set(k, v...)
		}
	}
	d := Evaluate(req, &Set{Identity: []*Policy{pol}})
	if effect == "Deny" {
		return d.Effect == ExplicitDeny
	}
	return d.Effect == Allow
}

// TestSetOperatorsWithIfExists: IfExists applies to each request value
// inside a set operator's loop, so on an absent or empty key the set
// operator alone decides: ForAnyValue is false (an Allow grants nothing, a
// Deny denies nothing) and ForAllValues is true (an Allow grants, a Deny
// denies). Sources: IAM User Guide, "Single-valued vs. multivalued context
// keys" (ForAnyValue "returns false" for a missing key or an empty data set,
// ForAllValues "returns true"); re:Post "ForAnyValue:StringEqualsIfExists
// behaving unexpectedly" (an Allow with it on absent aws:TagKeys denied
// sqs:ListQueues).
func TestSetOperatorsWithIfExists(t *testing.T) {
	t.Parallel()
	absent := map[string][]string(nil)
	empty := map[string][]string{"aws:TagKeys": {}}
	team := map[string][]string{"aws:TagKeys": {"team"}}
	other := map[string][]string{"aws:TagKeys": {"team", "cost"}}
	tests := []struct {
		name, effect, cond string
		ctx                map[string][]string
		want               bool // Allow: allowed; Deny: denied
	}{
		{"any ifexists absent allow", "Allow", `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"team"}}`, absent, false},
		{"any ifexists absent deny", "Deny", `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"team"}}`, absent, false},
		{"any ifexists empty allow", "Allow", `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"team"}}`, empty, false},
		{"any negated ifexists absent allow", "Allow", `{"ForAnyValue:StringNotEqualsIfExists":{"aws:TagKeys":"team"}}`, absent, false},
		{"any negated ifexists absent deny", "Deny", `{"ForAnyValue:StringNotEqualsIfExists":{"aws:TagKeys":"team"}}`, absent, false},
		{"any like ifexists absent", "Allow", `{"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":"*"}}`, absent, false},
		{"any arn ifexists absent", "Allow", `{"ForAnyValue:ArnLikeIfExists":{"aws:SourceArn":"*"}}`, absent, false},
		{"any ifexists present match", "Allow", `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"team"}}`, other, true},
		{"any ifexists present no match", "Deny", `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"owner"}}`, other, false},
		{"all ifexists absent allow", "Allow", `{"ForAllValues:StringEqualsIfExists":{"aws:TagKeys":"team"}}`, absent, true},
		{"all ifexists absent deny", "Deny", `{"ForAllValues:StringEqualsIfExists":{"aws:TagKeys":"team"}}`, absent, true},
		{"all ifexists empty deny", "Deny", `{"ForAllValues:StringEqualsIfExists":{"aws:TagKeys":"team"}}`, empty, true},
		{"all negated ifexists absent deny", "Deny", `{"ForAllValues:StringNotEqualsIfExists":{"aws:TagKeys":"team"}}`, absent, true},
		{"all ifexists present subset", "Allow", `{"ForAllValues:StringEqualsIfExists":{"aws:TagKeys":["team","cost"]}}`, other, true},
		{"all ifexists present not subset", "Allow", `{"ForAllValues:StringEqualsIfExists":{"aws:TagKeys":"team"}}`, other, false},
		{"plain ifexists absent allow", "Allow", `{"StringEqualsIfExists":{"aws:TagKeys":"team"}}`, absent, true},
		{"plain ifexists absent deny", "Deny", `{"StringEqualsIfExists":{"aws:TagKeys":"team"}}`, absent, true},
		{"plain ifexists present", "Allow", `{"StringEqualsIfExists":{"aws:TagKeys":"team"}}`, team, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := evalOne(t, Version2012, tt.effect, "*", tt.cond, alice, tt.ctx, "arn:aws:s3:::b/k"); got != tt.want {
				t.Errorf("%s %s with %v: got %v, want %v", tt.effect, tt.cond, tt.ctx, got, tt.want)
			}
		})
	}
}

// TestIfExistsEveryFamily: the IfExists suffix works alike for every
// operator family but Null: an absent key satisfies the condition; a present
// key is compared as without the suffix, even when its value does not parse.
// Source: IAM User Guide, "IAM JSON policy elements: Condition operators",
// "...IfExists condition operators".
func TestIfExistsEveryFamily(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, cond string
		ctx        map[string][]string
		want       bool
	}{
		{"numeric absent", `{"NumericLessThanIfExists":{"s3:max-keys":"10"}}`, nil, true},
		{"numeric present match", `{"NumericLessThanIfExists":{"s3:max-keys":"10"}}`, map[string][]string{"s3:max-keys": {"9"}}, true},
		{"numeric present mismatch", `{"NumericLessThanIfExists":{"s3:max-keys":"10"}}`, map[string][]string{"s3:max-keys": {"11"}}, false},
		{"numeric present unparsable", `{"NumericLessThanIfExists":{"s3:max-keys":"10"}}`, map[string][]string{"s3:max-keys": {"ten"}}, false},
		{"numeric negated absent", `{"NumericNotEqualsIfExists":{"s3:max-keys":"10"}}`, nil, true},
		{"date absent", `{"DateGreaterThanIfExists":{"aws:TokenIssueTime":"2024-01-01T00:00:00Z"}}`, nil, true},
		{"date present mismatch", `{"DateGreaterThanIfExists":{"aws:TokenIssueTime":"2024-01-01T00:00:00Z"}}`, map[string][]string{"aws:TokenIssueTime": {"2023-01-01T00:00:00Z"}}, false},
		{"date present unparsable", `{"DateGreaterThanIfExists":{"aws:TokenIssueTime":"2024-01-01T00:00:00Z"}}`, map[string][]string{"aws:TokenIssueTime": {"soon"}}, false},
		{"bool absent", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}`, nil, true},
		{"bool present mismatch", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}`, map[string][]string{"aws:MultiFactorAuthPresent": {"false"}}, false},
		{"ip absent", `{"IpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}}`, nil, true},
		{"ip present mismatch", `{"IpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}}`, map[string][]string{"aws:SourceIp": {"192.0.2.1"}}, false},
		{"not ip absent", `{"NotIpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}}`, nil, true},
		{"not ip present inside", `{"NotIpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}}`, map[string][]string{"aws:SourceIp": {"10.1.2.3"}}, false},
		{"arn absent", `{"ArnLikeIfExists":{"aws:SourceArn":"arn:aws:sns:*:*:t"}}`, nil, true},
		{"arn present mismatch", `{"ArnLikeIfExists":{"aws:SourceArn":"arn:aws:sns:*:*:t"}}`, map[string][]string{"aws:SourceArn": {"arn:aws:sqs:us-east-1:1:q"}}, false},
		{"arn negated present match", `{"ArnNotEqualsIfExists":{"aws:SourceArn":"arn:aws:sns:*:*:t"}}`, map[string][]string{"aws:SourceArn": {"arn:aws:sns:us-east-1:1:t"}}, false},
		{"binary absent", `{"BinaryEqualsIfExists":{"s3:x":"QmluYXJ5"}}`, nil, true},
		{"binary present match", `{"BinaryEqualsIfExists":{"s3:x":"QmluYXJ5"}}`, map[string][]string{"s3:x": {"QmluYXJ5"}}, true},
		{"binary present mismatch", `{"BinaryEqualsIfExists":{"s3:x":"QmluYXJ5"}}`, map[string][]string{"s3:x": {"T3RoZXI="}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := evalOne(t, Version2012, "Allow", "*", tt.cond, alice, tt.ctx, "arn:aws:s3:::b/k"); got != tt.want {
				t.Errorf("%s with %v: got %v, want %v", tt.cond, tt.ctx, got, tt.want)
			}
		})
	}
}

// TestUnresolvedPolicyVariables: a policy variable whose key has no value
// is effectively null. Positive operators (StringEquals, StringLike,
// ArnLike, …) do not match it; negated operators (StringNotEquals,
// StringNotLike, ArnNotLike, …) do, since the tested value is not equal to
// or like null; a Resource or NotResource entry holding it matches no
// resource. Source: IAM User Guide, "IAM policy elements: Variables and
// tags", "Policy variables with no value" (its example: a Deny with
// StringNotEquals {"s3:ExistingObjectTag/Team": "${aws:PrincipalTag/Team}"}
// denies a principal without a Team tag).
func TestUnresolvedPolicyVariables(t *testing.T) {
	t.Parallel()
	untagged := Principal{Type: PrincipalUser, ARN: "arn:aws:iam::" + acct + ":user/u", Account: acct, UniqueID: "AIDAUNTAGGEDEXAMPLE01", UserName: "u"}
	teamTag := map[string][]string{"s3:ExistingObjectTag/Team": {"blue"}}
	role := Principal{Type: PrincipalAssumedRole, ARN: "arn:aws:sts::" + acct + ":assumed-role/R/s", PrincipalARN: "arn:aws:iam::" + acct + ":role/R", Account: acct, UniqueID: "AROAROLEEXAMPLE000001", SessionName: "s"}
	tests := []struct {
		name, effect, resource, cond string
		p                            Principal
		ctx                          map[string][]string
		reqResource                  string
		want                         bool // Allow: allowed; Deny: denied
	}{
		{"aws example deny untagged principal", "Deny", "*", `{"StringNotEquals":{"s3:ExistingObjectTag/Team":"${aws:PrincipalTag/Team}"}}`, untagged, teamTag, "arn:aws:s3:::b/k", true},
		{"aws example tagged same team", "Deny", "*", `{"StringNotEquals":{"s3:ExistingObjectTag/Team":"${aws:PrincipalTag/Team}"}}`, Principal{Type: PrincipalUser, Account: acct, Tags: map[string]string{"team": "blue"}}, teamTag, "arn:aws:s3:::b/k", false},
		{"aws example tagged other team", "Deny", "*", `{"StringNotEquals":{"s3:ExistingObjectTag/Team":"${aws:PrincipalTag/Team}"}}`, Principal{Type: PrincipalUser, Account: acct, Tags: map[string]string{"Team": "red"}}, teamTag, "arn:aws:s3:::b/k", true},
		{"equals does not match", "Allow", "*", `{"StringEquals":{"s3:ExistingObjectTag/Team":"${aws:PrincipalTag/Team}"}}`, untagged, teamTag, "arn:aws:s3:::b/k", false},
		{"like does not match", "Allow", "*", `{"StringLike":{"s3:ExistingObjectTag/Team":"*${aws:PrincipalTag/Team}*"}}`, untagged, teamTag, "arn:aws:s3:::b/k", false},
		{"ignore case does not match", "Allow", "*", `{"StringEqualsIgnoreCase":{"s3:ExistingObjectTag/Team":"${aws:PrincipalTag/Team}"}}`, untagged, teamTag, "arn:aws:s3:::b/k", false},
		{"not like matches", "Allow", "*", `{"StringNotLike":{"s3:ExistingObjectTag/Team":"${aws:PrincipalTag/Team}*"}}`, untagged, teamTag, "arn:aws:s3:::b/k", true},
		{"not equals ignore case matches", "Allow", "*", `{"StringNotEqualsIgnoreCase":{"s3:ExistingObjectTag/Team":"${aws:PrincipalTag/Team}"}}`, untagged, teamTag, "arn:aws:s3:::b/k", true},
		{"negated with a resolved value too", "Allow", "*", `{"StringNotEquals":{"s3:ExistingObjectTag/Team":["${aws:PrincipalTag/Team}","blue"]}}`, untagged, teamTag, "arn:aws:s3:::b/k", false},
		{"positive with a resolved value too", "Allow", "*", `{"StringEquals":{"s3:ExistingObjectTag/Team":["${aws:PrincipalTag/Team}","blue"]}}`, untagged, teamTag, "arn:aws:s3:::b/k", true},
		{"arn like does not match", "Allow", "*", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:${aws:PrincipalTag/Topic}"}}`, untagged, map[string][]string{"aws:SourceArn": {"arn:aws:sns:us-east-1:1:t"}}, "arn:aws:s3:::b/k", false},
		{"arn not like matches", "Allow", "*", `{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:*:${aws:PrincipalTag/Topic}"}}`, untagged, map[string][]string{"aws:SourceArn": {"arn:aws:sns:us-east-1:1:t"}}, "arn:aws:s3:::b/k", true},
		{"for any value not equals matches", "Allow", "*", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":"${aws:PrincipalTag/Team}"}}`, untagged, map[string][]string{"aws:TagKeys": {"a"}}, "arn:aws:s3:::b/k", true},
		{"for all values equals fails", "Allow", "*", `{"ForAllValues:StringEquals":{"aws:TagKeys":"${aws:PrincipalTag/Team}"}}`, untagged, map[string][]string{"aws:TagKeys": {"a"}}, "arn:aws:s3:::b/k", false},
		{"for all values not equals holds", "Allow", "*", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":"${aws:PrincipalTag/Team}"}}`, untagged, map[string][]string{"aws:TagKeys": {"a"}}, "arn:aws:s3:::b/k", true},
		{"username of a role is absent", "Deny", "*", `{"StringNotEquals":{"s3:prefix":"${aws:username}"}}`, role, map[string][]string{"s3:prefix": {"s"}}, "arn:aws:s3:::b/k", true},
		{"username of a role matches no equals", "Allow", "*", `{"StringEquals":{"s3:prefix":"${aws:username}"}}`, role, map[string][]string{"s3:prefix": {""}}, "arn:aws:s3:::b/k", false},
		{"default value stands in", "Deny", "*", `{"StringNotEquals":{"s3:ExistingObjectTag/Team":"${aws:PrincipalTag/Team, 'blue'}"}}`, untagged, teamTag, "arn:aws:s3:::b/k", false},
		{"resource matches nothing", "Allow", "arn:aws:s3:::b/${aws:PrincipalTag/Team}/*", "", untagged, nil, "arn:aws:s3:::b//k", false},
		{"resource deny matches nothing", "Deny", "arn:aws:s3:::b/${aws:PrincipalTag/Team}*", "", untagged, nil, "arn:aws:s3:::b/k", false},
		{"resource of a role username", "Allow", "arn:aws:s3:::b/${aws:username}/*", "", role, nil, "arn:aws:s3:::b//k", false},
		{"old version keeps text", "Allow", "*", `{"StringEquals":{"s3:prefix":"${aws:PrincipalTag/Team}"}}`, untagged, map[string][]string{"s3:prefix": {"${aws:PrincipalTag/Team}"}}, "arn:aws:s3:::b/k", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			version := Version2012
			if strings.HasPrefix(tt.name, "old version") {
				version = Version2008
			}
			if got := evalOne(t, version, tt.effect, tt.resource, tt.cond, tt.p, tt.ctx, tt.reqResource); got != tt.want {
				t.Errorf("%s on %s %s: got %v, want %v", tt.effect, tt.resource, tt.cond, got, tt.want)
			}
		})
	}
}

// TestUnresolvedVariableInNotResource: a NotResource entry holding a
// variable without a value matches no resource, so it excludes nothing and
// the statement applies to every resource the other entries do not name.
// Source: IAM User Guide, "Policy variables with no value".
func TestUnresolvedVariableInNotResource(t *testing.T) {
	t.Parallel()
	doc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","NotResource":["arn:aws:s3:::b/${aws:PrincipalTag/Team}/*","arn:aws:s3:::secret/*"]}}`
	p := MustCompile("p", []byte(doc), KindIdentity)
	untagged := Principal{Type: PrincipalUser, Account: acct}
	blue := Principal{Type: PrincipalUser, Account: acct, Tags: map[string]string{"Team": "blue"}}
	tests := []struct {
		name     string
		p        Principal
		resource string
		want     bool
	}{
		{"untagged excluded nothing", untagged, "arn:aws:s3:::b/blue/k", true},
		{"untagged still excluded by literal", untagged, "arn:aws:s3:::secret/k", false},
		{"tagged excluded own prefix", blue, "arn:aws:s3:::b/blue/k", false},
		{"tagged other prefix", blue, "arn:aws:s3:::b/red/k", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := Evaluate(&Request{Principal: tt.p, Action: "s3:GetObject", Resource: tt.resource}, &Set{Identity: []*Policy{p}})
			if (d.Effect == Allow) != tt.want {
				t.Errorf("got %v, want allow=%v", d.Effect, tt.want)
			}
		})
	}
}

// TestNotPrincipalWithBoundary: a resource-based Deny statement with
// NotPrincipal always denies an IAM principal that has a permissions
// boundary, whatever NotPrincipal names; without a boundary, the principals
// it names are spared. An Allow with NotPrincipal is unaffected. Source: IAM
// User Guide, "AWS JSON policy elements: NotPrincipal" (key points) and
// "Permissions boundaries for IAM entities".
func TestNotPrincipalWithBoundary(t *testing.T) {
	t.Parallel()
	session := Principal{Type: PrincipalAssumedRole, ARN: "arn:aws:sts::" + acct + ":assumed-role/R/s", PrincipalARN: "arn:aws:iam::" + acct + ":role/R", Account: acct, UniqueID: "AROAROLEEXAMPLE000001", SessionName: "s"}
	deny := MustCompile("bucket", []byte(`{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:*","Resource":"*"},
	 {"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::`+acct+`:user/alice","arn:aws:iam::`+acct+`:root","arn:aws:sts::`+acct+`:assumed-role/R/s","arn:aws:iam::`+acct+`:role/R"]},"Action":"s3:*","Resource":"*"}]}`), KindResource)
	denyOther := MustCompile("bucket", []byte(`{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:*","Resource":"*"},
	 {"Effect":"Deny","NotPrincipal":{"AWS":"*"},"Action":"s3:PutObject","Resource":"*"}]}`), KindResource)
	allow := MustCompile("bucket", []byte(`{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::`+acct+`:user/bob"},"Action":"s3:*","Resource":"*"}]}`), KindResource)
	boundary := MustCompile("boundary", []byte(allowDoc("s3:*", "*")), KindBoundary)
	tests := []struct {
		name     string
		p        Principal
		pol      *Policy
		bounded  bool
		action   string
		want     Effect
		decisive int
	}{
		{"named user spared", alice, deny, false, "s3:GetObject", Allow, 0},
		{"named user with boundary denied", alice, deny, true, "s3:GetObject", ExplicitDeny, 1},
		{"named session spared", session, deny, false, "s3:GetObject", Allow, 0},
		{"named session with boundary denied", session, deny, true, "s3:GetObject", ExplicitDeny, 1},
		{"star spares, not with boundary", alice, denyOther, true, "s3:PutObject", ExplicitDeny, 1},
		{"other action unaffected", alice, denyOther, true, "s3:GetObject", Allow, 0},
		{"allow with notprincipal unaffected", alice, allow, true, "s3:GetObject", Allow, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			set := &Set{Resource: tt.pol}
			if tt.bounded {
				set.HasBoundary, set.Boundary = true, []*Policy{boundary}
			}
			req := &Request{Principal: tt.p, Action: tt.action, Resource: "arn:aws:s3:::b/k", ResourceAccount: acct}
			for _, d := range []Decision{Evaluate(req, set), Explain(req, set)} {
				if d.Effect != tt.want || d.Decisive.Statement != tt.decisive {
					t.Errorf("got %v by statement %d, want %v by %d", d.Effect, d.Decisive.Statement, tt.want, tt.decisive)
				}
			}
		})
	}
}

// TestConditionKeyAndValueCase: condition key names, principal tag keys and
// the variables naming them match case-insensitively; values compare as the
// operator says (StringEquals and StringLike exactly, the IgnoreCase forms
// and Bool without case). Source: IAM User Guide, "IAM JSON policy
// elements: Condition operators" and "Variables and tags" ("Key names are
// case-insensitive").
func TestConditionKeyAndValueCase(t *testing.T) {
	t.Parallel()
	tagged := Principal{Type: PrincipalUser, Account: acct, Tags: map[string]string{"CostCenter": "Blue"}}
	tests := []struct {
		name, cond string
		ctx        map[string][]string
		want       bool
	}{
		{"key name", `{"StringEquals":{"AWS:PRINCIPALTAG/costcenter":"Blue"}}`, nil, true},
		{"request key name", `{"StringEquals":{"s3:Prefix":"a"}}`, map[string][]string{"S3:PREFIX": {"a"}}, true},
		{"value exact", `{"StringEquals":{"aws:PrincipalTag/CostCenter":"blue"}}`, nil, false},
		{"value like exact", `{"StringLike":{"aws:PrincipalTag/CostCenter":"b*"}}`, nil, false},
		{"value ignore case", `{"StringEqualsIgnoreCase":{"aws:PrincipalTag/CostCenter":"BLUE"}}`, nil, true},
		{"variable name", `{"StringEquals":{"s3:prefix":"${AWS:principaltag/COSTCENTER}"}}`, map[string][]string{"s3:prefix": {"Blue"}}, true},
		{"bool value", `{"Bool":{"aws:SecureTransport":"True"}}`, map[string][]string{"aws:SecureTransport": {"TRUE"}}, true},
		{"null key name", `{"Null":{"AWS:PrincipalTag/COSTCENTER":"false"}}`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := evalOne(t, Version2012, "Allow", "*", tt.cond, tagged, tt.ctx, "arn:aws:s3:::b/k"); got != tt.want {
				t.Errorf("%s with %v: got %v, want %v", tt.cond, tt.ctx, got, tt.want)
			}
		})
	}
}
