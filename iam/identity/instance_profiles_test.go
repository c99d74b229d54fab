package identity_test

import (
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/identity"
)

// TestInstanceProfiles: a profile holds one role, shows it, keeps the role
// from being deleted while it holds it, appears in the role's
// authorization details, and is deleted only once empty; each with IAM's
// answer.
func TestInstanceProfiles(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s, ctx, admin := f.s, f.ctx, f.prodAdmin
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	for _, n := range []string{"Web", "Batch"} {
		if _, err := s.CreateRole(ctx, admin, identity.CreateRoleInput{RoleName: n, AssumeRolePolicyDocument: trust}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := s.CreateInstanceProfile(ctx, admin, "WebProfile", "/app/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.ARN != "arn:aws:iam::123456789012:instance-profile/app/WebProfile" || len(p.InstanceProfileID) != 21 || p.InstanceProfileID[:4] != "AIPA" {
		t.Errorf("profile = %+v", p)
	}
	_, err = s.CreateInstanceProfile(ctx, admin, "webprofile", "/", nil)
	wantErr(t, err, "EntityAlreadyExists", "Instance Profile webprofile already exists.")
	wantErr(t, s.AddRoleToInstanceProfile(ctx, admin, "WebProfile", "Web"), "", "")
	wantErr(t, s.AddRoleToInstanceProfile(ctx, admin, "WebProfile", "Batch"), "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1")
	wantErr(t, s.AddRoleToInstanceProfile(ctx, admin, "Nope", "Batch"), "NoSuchEntity", "Instance Profile Nope cannot be found.")
	got, err := s.GetInstanceProfile(ctx, admin, "WebProfile")
	if err != nil || len(got.Roles) != 1 || got.Roles[0].RoleName != "Web" {
		t.Fatalf("GetInstanceProfile = %+v, %v", got, err)
	}
	wantErr(t, s.DeleteRole(ctx, admin, "Web"), "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.")
	wantErr(t, s.DeleteInstanceProfile(ctx, admin, "WebProfile"), "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.")
	d, err := s.GetAccountAuthorizationDetails(ctx, admin, []string{"Role"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range d.RoleDetailList {
		if r.RoleName == "Web" {
			found = len(r.InstanceProfileList) == 1 && r.InstanceProfileList[0].InstanceProfileName == "WebProfile" &&
				len(r.InstanceProfileList[0].Roles) == 1 && r.InstanceProfileList[0].Roles[0].RoleName == "Web"
		}
	}
	if !found {
		t.Error("authorization details lack the role's instance profile")
	}
	l, err := s.ListInstanceProfiles(ctx, admin, iam.ListInput{PathPrefix: "/app/"})
	if err != nil || len(l.InstanceProfiles) != 1 {
		t.Fatalf("ListInstanceProfiles = %+v, %v", l, err)
	}
	wantErr(t, s.RemoveRoleFromInstanceProfile(ctx, admin, "WebProfile", "Batch"), "NoSuchEntity", "")
	wantErr(t, s.RemoveRoleFromInstanceProfile(ctx, admin, "WebProfile", "Web"), "", "")
	wantErr(t, s.DeleteInstanceProfile(ctx, admin, "WebProfile"), "", "")
	wantErr(t, s.DeleteRole(ctx, admin, "Web"), "", "")
}
