package policy

import (
	"fmt"
	"strings"
	"testing"
)

// benchSet builds a principal with n policies of m statements each, spread
// over services, every statement with wildcards and two conditions.
func benchSet(b *testing.B, n, m int, services []string) *Set {
	b.Helper()
	set := &Set{}
	for i := range n {
		var stmts []string
		for j := range m {
			svc := services[(i*m+j)%len(services)]
			stmts = append(stmts, fmt.Sprintf(`{"Sid":"S%d","Effect":"Allow","Action":["%s:Get*","%s:List*"],"Resource":"arn:aws:%s::111122223333:role/team-%d/*",
			 "Condition":{"StringLike":{"aws:PrincipalTag/team":"dev*"},"Bool":{"aws:SecureTransport":"true"}}}`, j, svc, svc, svc, j))
		}
		doc := `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
		set.Identity = append(set.Identity, MustCompile(fmt.Sprintf("p%d", i), []byte(doc), KindIdentity))
	}
	return set
}

func benchRequest() *Request {
	ctx := NewContext()
	ctx.Set("aws:SecureTransport", "true")
	return &Request{Principal: alice, Action: "iam:GetRole", Resource: "arn:aws:iam::111122223333:role/team-9/app", Context: ctx}
}

// BenchmarkEvaluate: 10 policies × 10 statements (wildcards, two conditions
// each), every statement a candidate for the action and none matching until
// the last. Target: ≤ 1 µs/op and ≤ 2 allocs/op.
func BenchmarkEvaluate(b *testing.B) {
	set := benchSet(b, 10, 10, []string{"iam"})
	req := benchRequest()
	b.ReportAllocs()
	for b.Loop() {
		if Evaluate(req, set).Effect != Allow {
			b.Fatal("not allowed")
		}
	}
}

// BenchmarkEvaluateUnrelated: one policy holding the 10 statements for the
// action's service plus 0, 100 or 1000 statements for other services. The
// service index skips the unrelated ones. Target: flat, the unrelated-1000
// case within a few percent of unrelated-0, ≤ 2 allocs/op.
func BenchmarkEvaluateUnrelated(b *testing.B) {
	for _, unrelated := range []int{0, 100, 1000} {
		b.Run(fmt.Sprintf("unrelated-%d", unrelated), func(b *testing.B) {
			var stmts []string
			for j := range 10 + unrelated {
				if j >= 10 {
					stmts = append(stmts, fmt.Sprintf(`{"Effect":"Allow","Action":"%s:Get*","Resource":"*"}`, []string{"s3", "ec2", "sqs", "sns", "kms"}[j%5]))
					continue
				}
				svc := "iam"
				stmts = append(stmts, fmt.Sprintf(`{"Effect":"Allow","Action":"%s:Get*","Resource":"arn:aws:iam::111122223333:role/team-%d/*",
				 "Condition":{"StringLike":{"aws:PrincipalTag/team":"dev*"},"Bool":{"aws:SecureTransport":"true"}}}`, svc, j))
			}
			doc := `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
			set := &Set{Identity: []*Policy{MustCompile("p", []byte(doc), KindIdentity)}}
			req := benchRequest()
			b.ReportAllocs()
			for b.Loop() {
				if Evaluate(req, set).Effect != Allow {
					b.Fatal("not allowed")
				}
			}
		})
	}
}

// BenchmarkParseValidate: parse and validate a policy of about 6 KB.
// Target: ≤ 100 µs/op.
func BenchmarkParseValidate(b *testing.B) {
	var stmts []string
	for j := 0; ; j++ {
		stmts = append(stmts, fmt.Sprintf(`{"Sid":"S%d","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"arn:aws:s3:::bucket-%d/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"dev"}}}`, j, j))
		if len(strings.Join(stmts, ",")) > 6000 {
			break
		}
	}
	doc := []byte(`{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",\n") + `]}`)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		d, err := Parse(doc)
		if err != nil {
			b.Fatal(err)
		}
		if err := d.Validate(KindIdentity); err != nil {
			b.Fatal(err)
		}
	}
}
