package s3

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"iamconsole/iam"
)

func FuzzParseTagging(f *testing.F) {
	for _, s := range []string{"a=b", "a=b&c=d", "k%20x=v%2Fy", "=", "&&", "a=%zz", "aws:x=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		tags, err := ParseTagging(h)
		if err != nil {
			if AsError(err).Code() != "InvalidArgument" {
				t.Fatalf("ParseTagging(%q): %v", h, err)
			}
			return
		}
		if err := checkTags(tags, MaxObjectTags, true); err == nil {
			back, err := ParseTagging(TagHeader(tags))
			if err != nil || len(back) != len(tags) {
				t.Fatalf("%q: round trip %v %v", h, back, err)
			}
			for i := range back {
				if back[i] != tags[i] {
					t.Fatalf("%q: %v came back as %v", h, tags[i], back[i])
				}
			}
		} else if AsError(err).Code() != "InvalidTag" {
			t.Fatalf("checkTags: %v", err)
		}
	})
}

func FuzzRange(f *testing.F) {
	for _, s := range []string{"bytes=0-0", "bytes=5-", "bytes=-3", "bytes=9-2", "bytes=0-1,2-3", "items=1-2", "bytes=-0", "bytes=99999999999999999999-"} {
		f.Add(s, int64(10))
	}
	f.Fuzz(func(t *testing.T, h string, size int64) {
		if size < 0 {
			size = -size
		}
		r, ok := parseRange(h)
		if !ok {
			return
		}
		start, n, err := r.resolve(size, h)
		if err != nil {
			if AsError(err).Code() != "InvalidRange" {
				t.Fatal(err)
			}
			return
		}
		if start < 0 || n <= 0 || start+n > size {
			t.Fatalf("%q of %d bytes: %d+%d", h, size, start, n)
		}
	})
}

func FuzzKeyAndBucketName(f *testing.F) {
	for _, s := range []string{"a", "../x", "nul\x00", "bad\xff", strings.Repeat("k", 1025), "my.bucket-1", "192.168.1.1", "xn--a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := CheckKey(s); err == nil && (s == "" || len(s) > MaxKeyBytes || !utf8.ValidString(s)) {
			t.Fatalf("CheckKey accepted %q", s)
		}
		if ValidBucketName(s) {
			if len(s) < 3 || len(s) > 63 || strings.Contains(s, "..") || strings.ToLower(s) != s {
				t.Fatalf("ValidBucketName accepted %q", s)
			}
		}
	})
}

// FuzzBucketPolicy feeds documents to S3's policy validation: every
// outcome is a compiled policy or MalformedPolicy, never a panic.
func FuzzBucketPolicy(f *testing.F) {
	for _, s := range []string{demoSharedPolicy, "{}", "nope", `{"Version":"2012-10-17","Statement":[]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::productionapp/*"}]}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"123456789012"},"NotAction":"s3:Get*","NotResource":"arn:aws:s3:::productionapp"}}`} {
		f.Add(s)
	}
	fx := newFixture(f)
	f.Fuzz(func(t *testing.T, doc string) {
		p, err := fx.s3.compilePolicy(context.Background(), DemoAppBucket, doc)
		if err == nil {
			_ = isPublicPolicy(p.Document())
			return
		}
		var se *Error
		if !errors.As(err, &se) || se.Code() != "MalformedPolicy" || se.IAM.Kind != iam.KindMalformedPolicy {
			t.Fatalf("%q: %v", doc, err)
		}
	})
}
