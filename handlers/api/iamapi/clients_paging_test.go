package iamapi_test

import (
	"encoding/json"
	"iamconsole/handlers/api/apitest"
	"reflect"
	"testing"
)

// wantPages wants n items in pages of size, every page full but the last.
func wantPages(t *testing.T, name string, sizes []int, n, size int) {
	t.Helper()
	if n <= 2*size || len(sizes) != (n+size-1)/size {
		t.Errorf("%s: %d items in pages %v, want %d pages of %d", name, n, sizes, (n+size-1)/size, size)
		return
	}
	for i, s := range sizes {
		if s != size && (i != len(sizes)-1 || s > size || s == 0) {
			t.Errorf("%s: pages %v", name, sizes)
		}
	}
}

func TestBoto3Paginators(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	out := apitest.RunBoto3(t, e, "boto3_paging.py", "ADMIN_KEY="+e.Keys["admin"][0], "ADMIN_SECRET="+e.Keys["admin"][1], "ROLE_ARN="+apitest.UpdateAPP)
	var got map[string]struct {
		Whole, Paged map[string][]any
		Sizes        []int
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for name, lists := range map[string][]string{
		"details":    {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"},
		"simulation": {"EvaluationResults"},
	} {
		r := got[name]
		n := 0
		for _, l := range lists {
			if len(r.Whole[l]) == 0 {
				t.Errorf("%s: no %s", name, l)
			}
			n += len(r.Whole[l])
		}
		if !reflect.DeepEqual(r.Whole, r.Paged) {
			t.Errorf("%s: pages of 2 add up to\n%v\nwant\n%v", name, r.Paged, r.Whole)
		}
		wantPages(t, name, r.Sizes, n, 2)
	}
}

func TestAWSCLIPages(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	c := adminCLI(t, e)
	for _, args := range [][]string{
		{"iam", "get-account-authorization-details"},
		{"iam", "simulate-principal-policy", "--policy-source-arn", "arn:aws:iam::111122223333:user/theresa",
			"--action-names", "sts:AssumeRole", "iam:CreateUser", "s3:GetObject", "--resource-arns", apitest.UpdateAPP, "*"},
	} {
		whole := c.OK("", args...)
		paged := c.OK("", append(args, "--page-size", "2")...)
		if !reflect.DeepEqual(whole, paged) {
			t.Errorf("%s --page-size 2:\n%v\nwant\n%v", args[1], paged, whole)
		}
		if args[1] == "get-account-authorization-details" {
			// botocore's --max-items counts the first of several result
			// lists only, and drops the others of the page it stops in.
			continue
		}
		// The CLI stops after three items and resumes from its own token,
		// which wraps the server's marker.
		first := c.OK("", append(args, "--page-size", "2", "--max-items", "3")...)
		token, _ := first["NextToken"].(string)
		if token == "" {
			t.Fatalf("%s --max-items 3: no NextToken: %v", args[1], first)
		}
		rest := c.OK("", append(args, "--page-size", "2", "--starting-token", token)...)
		for k, v := range whole {
			l, ok := v.([]any)
			if !ok {
				continue
			}
			f, _ := first[k].([]any)
			r, _ := rest[k].([]any)
			if joined := append(append([]any{}, f...), r...); !reflect.DeepEqual(joined, l) {
				t.Errorf("%s %s: first three and the rest are\n%v\nwant\n%v", args[1], k, joined, l)
			}
		}
	}
}
