package identity_test

import (
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
	"iamconsole/store"
)

const trustDev = `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}]
}`

func TestCreateRole(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tests := []struct {
		name    string
		caller  *iam.Caller
		in      identity.CreateRoleInput
		kind    iam.Kind
		code    string
		message string
	}{
		{"allowed", f.prodAdmin, identity.CreateRoleInput{RoleName: "Deploy", Path: "/ci/", AssumeRolePolicyDocument: trustDev, Description: "CI deploys"}, 0, "", ""},
		{"denied", f.david, identity.CreateRoleInput{RoleName: "Nope", AssumeRolePolicyDocument: trustDev}, iam.KindDenied, "AccessDenied", "is not authorized to perform: iam:CreateRole"},
		{"duplicate case-insensitive", f.prodAdmin, identity.CreateRoleInput{RoleName: "updateapp", AssumeRolePolicyDocument: trustDev}, iam.KindExists, "EntityAlreadyExists", "Role with name updateapp already exists."},
		{"bad name", f.prodAdmin, identity.CreateRoleInput{RoleName: "bad name", AssumeRolePolicyDocument: trustDev}, iam.KindInvalid, "ValidationError", "regular expression"},
		{"long name", f.prodAdmin, identity.CreateRoleInput{RoleName: strings.Repeat("a", 65), AssumeRolePolicyDocument: trustDev}, iam.KindInvalid, "ValidationError", "less than or equal to 64"},
		{"session too short", f.prodAdmin, identity.CreateRoleInput{RoleName: "Short", AssumeRolePolicyDocument: trustDev, MaxSessionDuration: 60}, iam.KindInvalid, "ValidationError", "greater than or equal to 3600"},
		{"session too long", f.prodAdmin, identity.CreateRoleInput{RoleName: "Long", AssumeRolePolicyDocument: trustDev, MaxSessionDuration: 43201}, iam.KindInvalid, "ValidationError", "less than or equal to 43200"},
		{"long description", f.prodAdmin, identity.CreateRoleInput{RoleName: "Desc", AssumeRolePolicyDocument: trustDev, Description: strings.Repeat("d", 1001)}, iam.KindInvalid, "ValidationError", "1000"},
		{"trust with resource", f.prodAdmin, identity.CreateRoleInput{RoleName: "Res", AssumeRolePolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Resource":"*"}]}`}, iam.KindMalformedPolicy, "MalformedPolicyDocument", "Has prohibited field Resource"},
		{"missing principal", f.prodAdmin, identity.CreateRoleInput{RoleName: "Ghost", AssumeRolePolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/NonExistent"},"Action":"sts:AssumeRole"}]}`}, iam.KindMalformedPolicy, "MalformedPolicyDocument", `Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:role/NonExistent"`},
		{"unknown boundary", f.prodAdmin, identity.CreateRoleInput{RoleName: "Bound", AssumeRolePolicyDocument: trustDev, PermissionsBoundary: "arn:aws:iam::123456789012:policy/Nope"}, iam.KindNotFound, "NoSuchEntity", "Policy arn:aws:iam::123456789012:policy/Nope does not exist or is not attachable."},
		{"empty trust", f.prodAdmin, identity.CreateRoleInput{RoleName: "Empty"}, iam.KindInvalid, "ValidationError", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			info, err := f.s.CreateRole(f.ctx, tc.caller, tc.in)
			if tc.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				if info.ARN != "arn:aws:iam::123456789012:role/ci/Deploy" || !strings.HasPrefix(info.RoleID, "AROA") || info.MaxSessionDuration != 3600 {
					t.Errorf("info = %+v", info)
				}
				if want := "https://console.example.com/switchrole?roleName=ci/Deploy&account=production"; info.SwitchRoleURL != want {
					t.Errorf("SwitchRoleURL = %s, want %s", info.SwitchRoleURL, want)
				}
				// IAM stores and echoes a bare account ID as it was given.
				if !strings.Contains(info.AssumeRolePolicyDocument, `"AWS": "111122223333"`) || strings.Contains(info.AssumeRolePolicyDocument, ":root") {
					t.Errorf("a bare account ID should be kept as given:\n%s", info.AssumeRolePolicyDocument)
				}
				return
			}
			e := wantKind(t, err, tc.kind, tc.code)
			if !strings.Contains(e.Message, tc.message) {
				t.Errorf("message = %q, want %q", e.Message, tc.message)
			}
		})
	}
}

func TestMalformedPositions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, err := f.s.CreateRole(f.ctx, f.prodAdmin, identity.CreateRoleInput{RoleName: "X", AssumeRolePolicyDocument: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]\n}"})
	e := wantKind(t, err, iam.KindMalformedPolicy, "MalformedPolicyDocument")
	if len(e.Positions) < 2 || e.Field != "document" {
		t.Fatalf("positions = %+v, field %q", e.Positions, e.Field)
	}
	for _, p := range e.Positions {
		if p.Line == 0 && !strings.Contains(p.Message, "Principal") {
			t.Errorf("position without line: %+v", p)
		}
	}
	if ps := f.s.ValidatePolicy(0, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`); ps != nil {
		t.Errorf("valid identity policy: %+v", ps)
	}
	if ps := f.s.ValidatePolicy(0, `{"Statement": [`); len(ps) == 0 {
		t.Error("syntax error not reported")
	}
}

// TestTrustBinding follows AWS: a trust policy naming a role is bound to the
// role's unique ID; deleting and recreating the role breaks the trust, and the
// policy then shows the raw ID.
func TestTrustBinding(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s, ctx, admin := f.s, f.ctx, f.prodAdmin
	target, err := s.CreateRole(ctx, admin, identity.CreateRoleInput{RoleName: "Target", AssumeRolePolicyDocument: trustDev})
	if err != nil {
		t.Fatal(err)
	}
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:role/Target","arn:aws:iam::999988887777:root"]},"Action":"sts:AssumeRole"}]}`
	if _, err := s.CreateRole(ctx, admin, identity.CreateRoleInput{RoleName: "Trusting", AssumeRolePolicyDocument: doc}); err != nil {
		t.Fatal(err)
	}
	stored, _ := f.k.Store().Read(ctx).RoleByName(organizations.DemoProductionID, "Trusting")
	if !strings.Contains(stored.TrustPolicy, target.RoleID) || strings.Contains(stored.TrustPolicy, "role/Target") {
		t.Fatalf("stored trust policy not bound to the ID:\n%s", stored.TrustPolicy)
	}
	got, err := s.GetRole(ctx, admin, "Trusting")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.AssumeRolePolicyDocument, "arn:aws:iam::123456789012:role/Target") || !strings.Contains(got.AssumeRolePolicyDocument, "arn:aws:iam::999988887777:root") {
		t.Fatalf("display form:\n%s", got.AssumeRolePolicyDocument)
	}
	if err := s.DeleteRole(ctx, admin, "Target"); err != nil {
		t.Fatal(err)
	}
	got, _ = s.GetRole(ctx, admin, "Trusting")
	if !strings.Contains(got.AssumeRolePolicyDocument, `"`+target.RoleID+`"`) {
		t.Fatalf("after deletion the raw ID should show:\n%s", got.AssumeRolePolicyDocument)
	}
	again, err := s.CreateRole(ctx, admin, identity.CreateRoleInput{RoleName: "Target", AssumeRolePolicyDocument: trustDev})
	if err != nil {
		t.Fatal(err)
	}
	got, _ = s.GetRole(ctx, admin, "Trusting")
	if strings.Contains(got.AssumeRolePolicyDocument, "role/Target") || strings.Contains(got.AssumeRolePolicyDocument, again.RoleID) {
		t.Fatalf("a recreated role must not be trusted:\n%s", got.AssumeRolePolicyDocument)
	}
	// The listing shows the same display form.
	list, err := s.ListRoles(ctx, admin, iam.ListInput{Search: "Trusting"})
	if err != nil || len(list.Roles) != 1 || list.Roles[0].AssumeRolePolicyDocument != got.AssumeRolePolicyDocument {
		t.Fatalf("list = %+v, %v", list, err)
	}
	// Updating names a user: bound, shown back as the ARN.
	if err := s.UpdateAssumeRolePolicy(ctx, admin, "Trusting", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/admin"},"Action":"sts:AssumeRole"}]}`); err != nil {
		t.Fatal(err)
	}
	got, _ = s.GetRole(ctx, admin, "Trusting")
	if !strings.Contains(got.AssumeRolePolicyDocument, "arn:aws:iam::123456789012:user/admin") {
		t.Fatalf("user principal:\n%s", got.AssumeRolePolicyDocument)
	}
	err = s.UpdateAssumeRolePolicy(ctx, admin, "Trusting", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Admin"},"Action":"sts:AssumeRole"}]}`)
	wantKind(t, err, iam.KindMalformedPolicy, "MalformedPolicyDocument")
	err = s.UpdateAssumeRolePolicy(ctx, f.david, "Trusting", trustDev)
	wantKind(t, err, iam.KindDenied, "AccessDenied")
}

func TestListRolesPaging(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for i := range 7 {
		if _, err := f.s.CreateRole(f.ctx, f.prodAdmin, identity.CreateRoleInput{RoleName: "r" + string(rune('a'+i)), AssumeRolePolicyDocument: trustDev}); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	marker := ""
	for {
		page, err := f.s.ListRoles(f.ctx, f.prodAdmin, iam.ListInput{MaxItems: 3, Marker: marker})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 9 {
			t.Fatalf("total = %d, want 9", page.Total)
		}
		for _, r := range page.Roles {
			names = append(names, r.RoleName)
		}
		if !page.IsTruncated {
			break
		}
		marker = page.NextMarker
	}
	if got := strings.Join(names, ","); got != "OrganizationAccountAccessRole,ra,rb,rc,rd,re,rf,rg,UpdateAPP" {
		t.Errorf("names = %s", got)
	}
	page, err := f.s.ListRoles(f.ctx, f.prodAdmin, iam.ListInput{Search: "update"})
	if err != nil || page.Total != 1 || page.Roles[0].RoleName != "UpdateAPP" {
		t.Errorf("search: %+v %v", page, err)
	}
	_, err = f.s.ListRoles(f.ctx, f.david, iam.ListInput{})
	if err != nil {
		t.Errorf("david has ReadOnlyAccess in his own account: %v", err)
	}
	// Every list refuses a bad marker and max items alike (the users' and
	// groups' lists, the roles' and the policies').
	_, err = f.s.ListRoles(f.ctx, f.prodAdmin, iam.ListInput{Marker: "x"})
	wantKind(t, err, iam.KindInvalid, "ValidationError")
	_, err = f.s.ListRoles(f.ctx, f.prodAdmin, iam.ListInput{MaxItems: 0, MaxItemsGiven: true})
	wantKind(t, err, iam.KindInvalid, "ValidationError")
	_, err = f.s.ListRoles(f.ctx, f.prodAdmin, iam.ListInput{MaxItems: 1001})
	wantKind(t, err, iam.KindInvalid, "ValidationError")
	_, _, _, err = f.s.ListPolicies(f.ctx, f.prodAdmin, identity.ListPoliciesInput{Marker: "x"})
	wantKind(t, err, iam.KindInvalid, "ValidationError")
	_, _, _, err = f.s.ListPolicies(f.ctx, f.prodAdmin, identity.ListPoliciesInput{MaxItems: 1001})
	wantKind(t, err, iam.KindInvalid, "ValidationError")
}

func TestUpdateDeleteAndTagRole(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s, ctx, admin := f.s, f.ctx, f.prodAdmin
	d, n := "new", 7200
	if err := s.UpdateRole(ctx, admin, "UpdateAPP", &d, &n); err != nil {
		t.Fatal(err)
	}
	r, _ := s.GetRole(ctx, admin, "UpdateAPP")
	if r.Description != "new" || r.MaxSessionDuration != 7200 {
		t.Errorf("role = %+v", r)
	}
	bad := 100
	wantKind(t, s.UpdateRole(ctx, admin, "UpdateAPP", nil, &bad), iam.KindInvalid, "ValidationError")
	wantKind(t, s.UpdateRole(ctx, admin, "Missing", &d, nil), iam.KindNotFound, "NoSuchEntity")
	wantKind(t, s.UpdateRole(ctx, f.prodRoot, "Missing", &d, nil), iam.KindNotFound, "NoSuchEntity")

	if err := s.TagRole(ctx, admin, "UpdateAPP", []iam.Tag{{Key: "team", Value: "app"}, {Key: "env", Value: "prod"}}); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.TagRole(ctx, admin, "UpdateAPP", []iam.Tag{{Key: "a", Value: "1"}, {Key: "A", Value: "2"}}), iam.KindInvalid, "InvalidInput")
	if err := s.UntagRole(ctx, admin, "UpdateAPP", []string{"ENV"}); err != nil {
		t.Fatal(err)
	}
	ts, err := s.ListRoleTags(ctx, admin, "UpdateAPP")
	if err != nil || len(ts) != 1 || ts[0].Key != "team" {
		t.Errorf("tags = %+v, %v", ts, err)
	}

	e := wantKind(t, s.DeleteRole(ctx, admin, "UpdateAPP"), iam.KindConflict, "DeleteConflict")
	if e.Message != "Cannot delete entity, must delete policies first." {
		t.Errorf("message = %q", e.Message)
	}
	if err := s.DeleteInlinePolicy(ctx, admin, "role", "UpdateAPP", "read-write-app-bucket"); err != nil {
		t.Fatal(err)
	}
	if err := s.AttachPolicy(ctx, admin, "role", "UpdateAPP", iam.ReadOnlyAccessARN); err != nil {
		t.Fatal(err)
	}
	e = wantKind(t, s.DeleteRole(ctx, admin, "UpdateAPP"), iam.KindConflict, "DeleteConflict")
	if e.Message != "Cannot delete entity, must detach all policies first." {
		t.Errorf("message = %q", e.Message)
	}
	wantKind(t, s.DeleteRole(ctx, f.david, "UpdateAPP"), iam.KindDenied, "AccessDenied")
	if err := s.DetachPolicy(ctx, admin, "role", "UpdateAPP", iam.ReadOnlyAccessARN); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRole(ctx, admin, "UpdateAPP"); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.DeleteRole(ctx, admin, "UpdateAPP"), iam.KindNotFound, "NoSuchEntity")
	_, err = s.GetRole(ctx, admin, "UpdateAPP")
	wantKind(t, err, iam.KindNotFound, "NoSuchEntity")
}

func TestRoleEventsRecorded(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if _, err := f.s.CreateRole(f.ctx, f.prodAdmin, identity.CreateRoleInput{RoleName: "Evented", AssumeRolePolicyDocument: trustDev}); err != nil {
		t.Fatal(err)
	}
	_, _ = f.s.CreateRole(f.ctx, f.david, identity.CreateRoleInput{RoleName: "Denied", AssumeRolePolicyDocument: trustDev})
	f.k.FlushEvents()
	evs, err := f.k.Store().Read(f.ctx).Events(store.EventFilter{AccountID: organizations.DemoProductionID, Attribute: "EventName", Value: "CreateRole"})
	if err != nil || len(evs) != 1 || evs[0].ResourceName != "arn:aws:iam::123456789012:role/Evented" {
		t.Fatalf("events = %+v, %v", evs, err)
	}
	evs, _ = f.k.Store().Read(f.ctx).Events(store.EventFilter{AccountID: organizations.DemoDevelopmentID, Attribute: "EventName", Value: "CreateRole"})
	if len(evs) != 1 || evs[0].ErrorCode != "AccessDenied" {
		t.Fatalf("denied events = %+v", evs)
	}
}

func TestSwitchRoleURL(t *testing.T) {
	t.Parallel()
	k := iam.New(iam.Options{ConsoleURL: "https://c.example.com/"})
	defer k.Close()
	s := identity.New(k)
	tests := []struct{ name, account, path, role, want string }{
		{"plain", "production", "/", "UpdateAPP", "https://c.example.com/switchrole?roleName=UpdateAPP&account=production"},
		{"path", "123456789012", "/a/b/", "R+1", "https://c.example.com/switchrole?roleName=a/b/R%2B1&account=123456789012"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := s.SwitchRoleURL(tc.account, tc.path, tc.role); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}
