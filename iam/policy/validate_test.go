package policy

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	const ok = ""
	id := func(stmt string) string { return `{"Version":"2012-10-17","Statement":[` + stmt + `]}` }
	trust := func(extra string) string {
		return id(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"` + extra + `}`)
	}
	tests := []struct {
		name string
		kind Kind
		doc  string
		want string // first message, "" for valid
		line int
	}{
		{"identity ok", KindIdentity, id(`{"Sid":"A1","Effect":"Allow","Action":["iam:Get*","s3:*"],"Resource":"*"}`), ok, 0},
		{"identity principal", KindIdentity, id(`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}`), msgPrincipal, 1},
		{"session notprincipal", KindSession, id(`{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}`), msgPrincipal, 1},
		{"identity no resource", KindIdentity, id(`{"Effect":"Allow","Action":"s3:*"}`), msgNoResources, 1},
		{"identity no action", KindBoundary, id(`{"Effect":"Allow","Resource":"*"}`), msgNoActions, 1},
		{"action without vendor", KindIdentity, id(`{"Effect":"Allow","Action":"GetObject","Resource":"*"}`), msgVendor, 1},
		{"action bad vendor", KindIdentity, id(`{"Effect":"Allow","Action":"s 3:Get","Resource":"*"}`), msgVendor, 1},
		{"action empty name", KindIdentity, id(`{"Effect":"Allow","Action":"s3:","Resource":"*"}`), msgVendor, 1},
		{"condition key without vendor", KindIdentity, id(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"SecureTransport":"true"}}}`), msgVendor, 1},
		{"unknown operator", KindIdentity, id(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqual":{"aws:username":"a"}}}`), "Invalid Condition type : StringEqual", 1},
		{"null ifexists", KindIdentity, id(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NullIfExists":{"aws:username":"true"}}}`), "Invalid Condition type : NullIfExists", 1},
		{"set prefixes ok", KindIdentity, id(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForAllValues:StringLikeIfExists":{"aws:TagKeys":"a*"},"ForAnyValue:StringEquals":{"aws:TagKeys":"b"}}}`), ok, 0},
		{"resource not arn", KindIdentity, id(`{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}`), `Resource bucket must be in ARN format or "*".`, 1},
		{"sid duplicate", KindIdentity, id(`{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"s3:*","Resource":"*"}`), msgSidUnique, 1},
		{"sid chars", KindIdentity, id(`{"Sid":"my-sid","Effect":"Allow","Action":"s3:*","Resource":"*"}`), msgSidChars, 1},
		{"sid chars ok in resource policy", KindResource, id(`{"Sid":"my sid","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}`), ok, 0},
		{"effect missing", KindIdentity, id(`{"Action":"s3:*","Resource":"*"}`), msgNoEffect, 1},
		{"effect invalid", KindIdentity, id(`{"Effect":"allow","Action":"s3:*","Resource":"*"}`), "Invalid effect: allow", 1},
		{"version bad", KindIdentity, `{"Version":"2012-10-18","Statement":[]}`, msgLegacy, 1},
		{"version old ok", KindIdentity, `{"Version":"2008-10-17","Statement":[]}`, ok, 0},
		{"managed version old", KindManaged, `{"Version":"2008-10-17","Statement":[]}`, msgVersion, 1},
		{"managed version absent", KindManaged, `{"Statement":[]}`, msgVersion, 0},
		{"statement missing", KindIdentity, `{"Version":"2012-10-17"}`, msgSyntax, 1},
		{"id in identity", KindIdentity, `{"Version":"2012-10-17","Id":"x","Statement":[]}`, "Has prohibited field Id.", 1},
		{"id in resource", KindResource, `{"Version":"2012-10-17","Id":"x","Statement":[]}`, ok, 0},
		{"trust ok", KindTrust, trust(``), ok, 0},
		{"trust wildcard action", KindTrust, id(`{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole*","sts:TagSession"]}`), ok, 0},
		{"trust resource", KindTrust, trust(`,"Resource":"*"`), "Has prohibited field Resource.", 1},
		{"trust notresource", KindTrust, trust(`,"NotResource":"*"`), "Has prohibited field NotResource.", 1},
		{"trust missing principal", KindTrust, id(`{"Effect":"Allow","Action":"sts:AssumeRole"}`), msgNoPrincipal, 1},
		{"trust other action", KindTrust, id(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}`), msgTrustActions, 1},
		{"trust notaction", KindTrust, id(`{"Effect":"Allow","Principal":"*","NotAction":"sts:AssumeRole"}`), msgTrustActions, 1},
		{"trust star", KindTrust, id(`{"Effect":"Allow","Principal":"*","Action":"*"}`), msgTrustActions, 1},
		{"trust bad principal", KindTrust, id(`{"Effect":"Allow","Principal":{"AWS":"alice"},"Action":"sts:AssumeRole"}`), `Invalid principal in policy: "AWS":"alice"`, 1},
		{"trust wildcard principal arn", KindTrust, id(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::*:root"},"Action":"sts:AssumeRole"}`), `Invalid principal in policy: "AWS":"arn:aws:iam::*:root"`, 1},
		{"trust group principal", KindTrust, id(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/g"},"Action":"sts:AssumeRole"}`), `Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:group/g"`, 1},
		{"trust s3 principal", KindTrust, id(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:s3:::b"},"Action":"sts:AssumeRole"}`), `Invalid principal in policy: "AWS":"arn:aws:s3:::b"`, 1},
		{"trust principal forms", KindTrust, id(`{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::111122223333:user/a","arn:aws:iam::111122223333:role/r","arn:aws:sts::111122223333:assumed-role/r/s","arn:aws:sts::111122223333:federated-user/f","AIDAEXAMPLEEXAMPLE001","*"],"Federated":"accounts.google.com","CanonicalUser":"abc"},"Action":"sts:AssumeRoleWithWebIdentity"}`), ok, 0},
		{"trust empty principal", KindTrust, id(`{"Effect":"Allow","Principal":{},"Action":"sts:AssumeRole"}`), msgSyntax, 1},
		{"trust bad service", KindTrust, id(`{"Effect":"Allow","Principal":{"Service":"ec2*"},"Action":"sts:AssumeRole"}`), `Invalid principal in policy: "Service":"ec2*"`, 1},
		{"resource missing principal", KindResource, id(`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`), msgNoPrincipal, 1},
		{"resource missing resource", KindResource, id(`{"Effect":"Allow","Principal":"*","Action":"s3:*"}`), msgNoResources, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := Parse([]byte(tt.doc))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			err = d.Validate(tt.kind)
			if tt.want == ok {
				if err != nil {
					t.Fatalf("Validate(%v) = %v, want nil", tt.kind, err)
				}
				return
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("Validate(%v) = %v, want %q", tt.kind, err, tt.want)
			}
			if es[0].Message != tt.want || es[0].Line != tt.line {
				t.Errorf("Validate(%v) = %d:%d %q, want line %d %q", tt.kind, es[0].Line, es[0].Column, es[0].Message, tt.line, tt.want)
			}
		})
	}
}

func TestValidateEveryError(t *testing.T) {
	t.Parallel()
	doc := "{\n\"Statement\": [\n {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"x\", \"Resource\": \"*\"},\n {\"Effect\": \"Maybe\"}\n]}"
	d, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	es := d.Validate(KindIdentity).(Errors)
	var got []string
	for _, e := range es {
		got = append(got, fmt.Sprintf("%d:%d %s", e.Line, e.Column, e.Message))
	}
	want := []string{
		"3:35 " + msgPrincipal,
		"3:50 " + msgVendor,
		"4:13 Invalid effect: Maybe",
		"4:2 " + msgNoActions,
		"4:2 " + msgNoResources,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestValidateQuotas(t *testing.T) {
	t.Parallel()
	pad := func(n int) string {
		// A document of exactly n non-whitespace characters, with spaces that do not count.
		head := `{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::`
		tail := `" } ] }`
		fill := n - Size([]byte(head+tail))
		return head + strings.Repeat("a", fill) + tail
	}
	trustPad := func(n int) string {
		head := `{"Version":"2012-10-17","Statement":[{"Sid":"`
		tail := `","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
		return head + strings.Repeat("a", n-Size([]byte(head+tail))) + tail
	}
	tests := []struct {
		name string
		kind Kind
		doc  string
		want string
	}{
		{"managed at quota", KindManaged, pad(6144), ""},
		{"managed over quota", KindManaged, pad(6145), msgManagedSize},
		{"identity has no quota here", KindIdentity, pad(6145), ""},
		{"session at quota", KindSession, pad(2048), ""},
		{"session over quota", KindSession, pad(2049), msgSessionSize},
		{"trust at quota", KindTrust, trustPad(2048), ""},
		{"trust over quota", KindTrust, trustPad(2049), msgTrustSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Compile("p", []byte(tt.doc), tt.kind)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("Compile = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	t.Parallel()
	want := []string{"identity", "trust", "resource", "session", "boundary", "managed", "Kind(9)"}
	for i, k := range []Kind{KindIdentity, KindTrust, KindResource, KindSession, KindBoundary, KindManaged, 9} {
		if k.String() != want[i] {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), k.String(), want[i])
		}
	}
}

func TestMustCompilePanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("MustCompile did not panic")
		}
	}()
	MustCompile("bad", []byte(`{`), KindIdentity)
}
