package catalog

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzTemplateMatch checks the position-set matcher against a regular
// expression built from the same template.
func FuzzTemplateMatch(f *testing.F) {
	f.Add("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam::123456789012:role/a/b", false)
	f.Add("arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::b/k", false)
	f.Add("arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}", "arn:aws:dynamodb:r:1:table/t/stream/2024-01-01T00:00:00", false)
	f.Add("aws:ResourceTag/${TagKey}", "AWS:resourcetag/Team", true)
	f.Add("s3:ExistingObjectTag/<key>", "s3:ExistingObjectTag/k", true)
	f.Add("token.actions.${Domain}.ghe.com:actor", "token.actions.a.b.ghe.com:actor", true)
	f.Fuzz(func(t *testing.T, tmpl, s string, key bool) {
		if !utf8.ValidString(tmpl) || !utf8.ValidString(s) || key && (hasNonASCII(tmpl) || hasNonASCII(s)) {
			t.Skip("regexp folds Unicode case; the matcher folds ASCII only")
		}
		tm, _ := compileTemplate(tmpl, key)
		var re strings.Builder
		re.WriteString("^(?s)")
		if key {
			re.WriteString("(?i)")
		}
		for _, p := range tm.parts {
			switch {
			case !p.isVar:
				re.WriteString(regexp.QuoteMeta(p.text))
			case p.colon:
				re.WriteString(".+")
			default:
				re.WriteString("[^:]+")
			}
		}
		re.WriteString("$")
		want := regexp.MustCompile(re.String()).MatchString(s)
		if got := tm.match(s, key); got != want {
			t.Fatalf("template %q (parts %+v) matching %q key=%v: got %v, regexp %s says %v", tmpl, tm.parts, s, key, got, re.String(), want)
		}
	})
}

func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// FuzzCheckAction: any input gets nil only when it names or matches an
// action, and otherwise a finding with one of the documented codes.
func FuzzCheckAction(f *testing.F) {
	for _, s := range []string{"iam:CreateRole", "s3:GetObjec", "xyz:Foo", "*", "*:List*", "s3:", "", "a:b:c", "S3:GET*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		fd := CheckAction(name)
		if fd == nil {
			if name != "*" && len(MatchActions(name)) == 0 {
				t.Fatalf("CheckAction(%q) = nil, but it matches no action", name)
			}
			return
		}
		if fd.Code != CodeInvalidAction && fd.Code != CodeInvalidServiceInAction || fd.Message == "" {
			t.Fatalf("CheckAction(%q) = %+v", name, fd)
		}
		if len(MatchActions(name)) != 0 {
			t.Fatalf("CheckAction(%q) = %s, but it matches actions", name, fd)
		}
	})
}

// FuzzCheckConditionKey: never a panic, and a nil result only for a key
// the catalog knows.
func FuzzCheckConditionKey(f *testing.F) {
	for _, s := range []string{"aws:SourceIp", "aws:ResourceTag/x", "aws:ResourceTag", "s3:Foo", "xyz:a", "a", "aws:", "saml:aud"} {
		f.Add(s, "s3:GetObject")
	}
	f.Fuzz(func(t *testing.T, key, action string) {
		fd := CheckConditionKey(key, []string{action})
		if _, known := ConditionKey(key); fd == nil && !known {
			t.Fatalf("CheckConditionKey(%q) = nil for an unknown key", key)
		}
	})
}

// FuzzDecode: corrupt data is an error, never a panic.
func FuzzDecode(f *testing.F) {
	head := rawCatalog[:strings.IndexByte(rawCatalog, '\n')+1]
	f.Add(rawCatalog[:4096])
	f.Add(head + "s\tiam\tIAM\nk\tiam:A\tString\nr\trole\t0\tarn:${Partition}:iam::${Account}:role/${N}\na\tGetRole\tR\t0\t\t0*/0>iam:PassRole\n")
	f.Add(head + "s\tiam\tIAM\na\tGetRole\tR\t\t\t9\n")
	f.Fuzz(func(t *testing.T, data string) {
		c, err := decode(data)
		if err == nil && len(c.services) == 0 {
			t.Fatal("decoded a catalog without services")
		}
	})
}
