package identity_test

import (
	"errors"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/store"
)

func TestCreateRoleWithPolicies(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const s3Read = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
	ten := make([]string, 0, 11)
	for _, n := range []string{"AdministratorAccess", "ReadOnlyAccess", "PowerUserAccess", "IAMFullAccess", "IAMReadOnlyAccess",
		"AmazonS3FullAccess", "AmazonS3ReadOnlyAccess", "AmazonDynamoDBFullAccess", "AmazonDynamoDBReadOnlyAccess", "AmazonEC2FullAccess", "AmazonEC2ReadOnlyAccess"} {
		ten = append(ten, "arn:aws:iam::aws:policy/"+n)
	}
	tests := []struct {
		name     string
		caller   *iam.Caller
		policies []string
		kind     iam.Kind
		field    string
		message  string
		attached int
	}{
		{"one policy", f.prodAdmin, []string{s3Read}, 0, "", "", 1},
		{"duplicates collapse", f.prodAdmin, []string{s3Read, iam.AdministratorAccessARN, s3Read}, 0, "", "", 2},
		{"ten", f.prodAdmin, ten[:10], 0, "", "", 10},
		{"eleven", f.prodAdmin, ten, iam.KindLimit, "policy_arn", "Cannot exceed quota for PoliciesPerRole: 10", 0},
		{"unknown policy", f.prodAdmin, []string{s3Read, "arn:aws:iam::123456789012:policy/Nope"}, iam.KindNotFound, "policy_arn", "Policy arn:aws:iam::123456789012:policy/Nope does not exist or is not attachable.", 0},
		{"other account's policy", f.prodAdmin, []string{"arn:aws:iam::111122223333:policy/Nope"}, iam.KindNotFound, "policy_arn", "does not exist or is not attachable", 0},
		{"not an ARN", f.prodAdmin, []string{"AdministratorAccess"}, iam.KindInvalid, "policy_arn", "ARN AdministratorAccess is not valid.", 0},
		{"denied", f.david, []string{s3Read}, iam.KindDenied, "", "iam:CreateRole", 0},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := "WithPolicies" + string(rune('A'+i))
			info, err := f.s.CreateRole(f.ctx, tc.caller, identity.CreateRoleInput{RoleName: name, AssumeRolePolicyDocument: trustDev, PolicyARNs: tc.policies})
			q := f.k.Store().Read(f.ctx)
			if tc.message != "" {
				e := wantKind(t, err, tc.kind, "")
				if e.Field != tc.field || !strings.Contains(e.Message, tc.message) {
					t.Errorf("err = %q (field %q), want %q (field %q)", e.Message, e.Field, tc.message, tc.field)
				}
				if _, err := q.RoleByName(tc.caller.AccountID, name); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("the role should not exist after a failed create: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			atts, err := f.s.ListAttachedPolicies(f.ctx, f.prodAdmin, "role", info.RoleName)
			if err != nil {
				t.Fatal(err)
			}
			if len(atts) != tc.attached {
				t.Errorf("attached = %d, want %d", len(atts), tc.attached)
			}
		})
	}
}

func TestCreateRoleWithPoliciesNeedsAttachPermission(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// A role that may create roles but not attach policies to them.
	err := f.s.PutInlinePolicy(f.ctx, f.prodAdmin, "user", "admin", "deny-attach", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:AttachRolePolicy","Resource":"*"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.s.CreateRole(f.ctx, f.prodAdmin, identity.CreateRoleInput{RoleName: "NoAttach", AssumeRolePolicyDocument: trustDev, PolicyARNs: []string{iam.AdministratorAccessARN}})
	e := wantKind(t, err, iam.KindDenied, "AccessDenied")
	if !strings.Contains(e.Message, "iam:AttachRolePolicy") {
		t.Errorf("message = %s", e.Message)
	}
	if _, err := f.s.GetRole(f.ctx, f.prodAdmin, "NoAttach"); !iam.IsKind(err, iam.KindNotFound) {
		t.Errorf("the role should not exist: %v", err)
	}
	if _, err := f.s.CreateRole(f.ctx, f.prodAdmin, identity.CreateRoleInput{RoleName: "NoAttach", AssumeRolePolicyDocument: trustDev}); err != nil {
		t.Errorf("a role without policies needs no attach permission: %v", err)
	}
}
