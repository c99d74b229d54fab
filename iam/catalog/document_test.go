package catalog

import (
	"strconv"
	"strings"
	"testing"

	"iamconsole/iam/policy"
)

func TestCheckDocument(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		doc  string
		want []string // "line:column code"
	}{
		{"all known", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:List*"],"Resource":"*",
"Condition":{"StringEquals":{"s3:prefix":"home/","aws:PrincipalTag/team":"blue"}}}]}`, nil},
		{"a misspelt action", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\n\"Action\":[\"s3:GetObject\", \"s3:GetObjec\"],\"Resource\":\"*\"}]}",
			[]string{"2:27 INVALID_ACTION"}},
		{"an unknown service", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3x:GetObject\",\"Resource\":\"*\"}}",
			[]string{"1:64 INVALID_SERVICE_IN_ACTION"}},
		{"an unknown global key", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\n\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresnt\":\"true\"}}}]}",
			[]string{"2:22 INVALID_GLOBAL_CONDITION_KEY"}},
		{"NotAction keys are not tied to its actions", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"iam:*","Resource":"*",
"Condition":{"StringEquals":{"s3:prefix":"x"}}}]}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := policy.Parse([]byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range CheckDocument(d) {
				got = append(got, strconv.Itoa(f.Line)+":"+strconv.Itoa(f.Column)+" "+f.Code)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("findings %v, want %v", got, tc.want)
			}
		})
	}
}
