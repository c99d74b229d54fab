package labs_test

import (
	"context"
	"encoding/base32"
	"fmt"
	"strings"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/iamtest"
	"iamconsole/iam/identity"
	"iamconsole/iam/sessions"
	"iamconsole/iam/sts"
)

// Each built-in lab is solved here through the service layer, as a learner
// would through the console or the CLI: every task is todo before its
// right action, stays todo after a wrong one, and is done after the right
// one. TestEveryBuiltinLabSolved makes sure no lab is left out.

const (
	adminARN     = "arn:aws:iam::aws:policy/AdministratorAccess"
	ddbReadOnly  = "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess"
	ddbFull      = "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"
	securityAud  = "arn:aws:iam::aws:policy/SecurityAudit"
	trustAccount = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"}]}`
)

func doc(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// iamtestWantCode fails unless err carries AWS's error code.
func iamtestWantCode(t *testing.T, err error, code string) {
	t.Helper()
	iamtest.WantErr(t, err, code, "")
}

func TestSolveDevelopersVsTesters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	sb := e.start(t, "developers-vs-testers")
	prod := sb.Env.Accounts["prod"]
	e.want(t, sb)

	theresa := e.signIn(t, sb, "dev", "theresa")
	_, _, err := e.Sessions.SwitchRole(ctx, theresa, sessions.SwitchRoleInput{Account: prod, RoleName: "UpdateAPP"})
	mustFail(t, err)
	e.want(t, sb, "refused-as-tester")

	david := e.signIn(t, sb, "dev", "david")
	// The wrong role first: a switch that fails for want of the role.
	_, _, err = e.Sessions.SwitchRole(ctx, david, sessions.SwitchRoleInput{Account: prod, RoleName: "UpdateApp2"})
	mustFail(t, err)
	e.want(t, sb, "refused-as-tester")
	_, _, err = e.Sessions.SwitchRole(ctx, david, sessions.SwitchRoleInput{Account: prod, RoleName: "UpdateAPP"})
	must(t, err)
	e.want(t, sb, "refused-as-tester", "switch-as-developer")

	c := e.caller(t, sb, "dev", "david")
	e.answer(t, sb, c, "find-the-deny", "allow-assume-UpdateAPP")
	e.want(t, sb, "refused-as-tester", "switch-as-developer")
	e.answer(t, sb, c, "find-the-deny", "  Deny-Assume-UpdateAPP ")
	e.want(t, sb, "refused-as-tester", "switch-as-developer", "find-the-deny")
}

func TestSolveCrossAccountDynamoDB(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	sb := e.start(t, "cross-account-dynamodb")
	dev, prod := sb.Env.Accounts["dev"], sb.Env.Accounts["prod"]
	admin := e.caller(t, sb, "prod", "prod-admin")
	roleARN := "arn:aws:iam::" + prod + ":role/DynamoDB-ReadOnly-role"
	e.want(t, sb)

	// Wrong: full access is not read-only.
	_, err := e.Identity.CreateRole(ctx, admin, identity.CreateRoleInput{RoleName: "DynamoDB-ReadOnly-role",
		AssumeRolePolicyDocument: doc(trustAccount, dev), PolicyARNs: []string{ddbFull}})
	must(t, err)
	e.want(t, sb)
	must(t, e.Identity.DetachPolicy(ctx, admin, "role", "DynamoDB-ReadOnly-role", ddbFull))
	must(t, e.Identity.AttachPolicy(ctx, admin, "role", "DynamoDB-ReadOnly-role", ddbReadOnly))
	e.want(t, sb, "create-role")

	dana := e.caller(t, sb, "dev", "dana")
	_, err = e.assume(t, dana, sts.AssumeRoleInput{RoleArn: roleARN})
	mustFail(t, err) // Development has not allowed it yet
	e.want(t, sb, "create-role")

	devAdmin := e.caller(t, sb, "dev", "dev-admin")
	must(t, e.Identity.PutInlinePolicy(ctx, devAdmin, "group", "Developers", "assume-ddb-readonly",
		doc(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"%s"}]}`, roleARN)))
	e.want(t, sb, "create-role", "grant-developers")

	sess, err := e.assume(t, dana, sts.AssumeRoleInput{RoleArn: roleARN, RoleSessionName: "dana"})
	must(t, err)
	e.want(t, sb, "create-role", "grant-developers", "assume-role")

	e.answer(t, sb, dana, "session-arn", "arn:aws:iam::"+prod+":role/DynamoDB-ReadOnly-role")
	e.want(t, sb, "create-role", "grant-developers", "assume-role")
	e.answer(t, sb, dana, "session-arn", sess.ARN)
	e.want(t, sb, "create-role", "grant-developers", "assume-role", "session-arn")
}

func TestSolveRoleChaining(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sb := e.start(t, "role-chaining")
	dev, prod := sb.Env.Accounts["dev"], sb.Env.Accounts["prod"]
	chris := e.caller(t, sb, "dev", "chris")
	e.want(t, sb)

	// Wrong: straight to R2, which trusts only R1.
	_, err := e.assume(t, chris, sts.AssumeRoleInput{RoleArn: "arn:aws:iam::" + prod + ":role/R2"})
	mustFail(t, err)
	e.want(t, sb)

	r1, err := e.assume(t, chris, sts.AssumeRoleInput{RoleArn: "arn:aws:iam::" + dev + ":role/R1"})
	must(t, err)
	e.want(t, sb, "assume-r1")

	two := 7200
	_, err = e.assume(t, r1, sts.AssumeRoleInput{RoleArn: "arn:aws:iam::" + prod + ":role/R2", DurationSeconds: &two})
	iamtestWantCode(t, err, "ValidationError")
	e.want(t, sb, "assume-r1", "hit-the-cap")

	_, err = e.assume(t, r1, sts.AssumeRoleInput{RoleArn: "arn:aws:iam::" + prod + ":role/R2"})
	must(t, err)
	e.want(t, sb, "assume-r1", "hit-the-cap", "chain-to-r2")

	e.answer(t, sb, chris, "the-limit", "7200")
	e.want(t, sb, "assume-r1", "hit-the-cap", "chain-to-r2")
	e.answer(t, sb, chris, "the-limit", "One hour")
	e.want(t, sb, "assume-r1", "hit-the-cap", "chain-to-r2", "the-limit")
}

func TestSolveMFAProtectedRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	sb := e.start(t, "mfa-protected-role")
	main := sb.Env.Accounts["main"]
	maria := e.caller(t, sb, "main", "maria")
	roleARN := "arn:aws:iam::" + main + ":role/Admin-MFA"
	e.want(t, sb)

	_, err := e.assume(t, maria, sts.AssumeRoleInput{RoleArn: roleARN})
	iamtestWantCode(t, err, "AccessDenied")
	e.want(t, sb, "refused-without-mfa")

	dev, err := e.Identity.CreateVirtualMFADevice(ctx, maria, "maria", "/")
	must(t, err)
	seed, err := base32.StdEncoding.DecodeString(dev.Base32StringSeed)
	must(t, err)
	// Wrong codes leave the device unassigned.
	mustFail(t, e.Identity.EnableMFADevice(ctx, maria, "maria", dev.SerialNumber, "000000", "111111"))
	e.want(t, sb, "refused-without-mfa")
	n := iam.TOTPStep(e.Clock.Now())
	must(t, e.Identity.EnableMFADevice(ctx, maria, "maria", dev.SerialNumber, iam.TOTP(seed, n-1), iam.TOTP(seed, n)))
	e.want(t, sb, "refused-without-mfa", "enable-mfa")

	e.Clock.Advance(30 * time.Second)
	_, err = e.assume(t, maria, sts.AssumeRoleInput{RoleArn: roleARN, SerialNumber: dev.SerialNumber,
		TokenCode: iam.TOTP(seed, iam.TOTPStep(e.Clock.Now()))})
	must(t, err)
	e.want(t, sb, "refused-without-mfa", "enable-mfa", "assume-with-mfa")

	e.answer(t, sb, maria, "the-condition", "aws:MultiFactorAuthAge")
	e.want(t, sb, "refused-without-mfa", "enable-mfa", "assume-with-mfa")
	e.answer(t, sb, maria, "the-condition", "aws:multifactorauthpresent")
	e.want(t, sb, "refused-without-mfa", "enable-mfa", "assume-with-mfa", "the-condition")
}

func TestSolveThirdPartyExternalID(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	sb := e.start(t, "third-party-external-id")
	customer, vendor := sb.Env.Accounts["customer"], sb.Env.Accounts["vendor"]
	extid := sb.Secrets["extid"]
	cora := e.caller(t, sb, "customer", "cora")
	vic := e.caller(t, sb, "vendor", "vic")
	roleARN := "arn:aws:iam::" + customer + ":role/VendorAccess"
	e.want(t, sb)

	// Wrong: a role without the external ID lets any customer of the vendor in.
	_, err := e.Identity.CreateRole(ctx, cora, identity.CreateRoleInput{RoleName: "VendorAccess",
		AssumeRolePolicyDocument: doc(trustAccount, vendor), PolicyARNs: []string{securityAud}})
	must(t, err)
	e.want(t, sb)
	_, err = e.assume(t, vic, sts.AssumeRoleInput{RoleArn: roleARN})
	must(t, err) // the confused deputy's way in
	e.want(t, sb)

	must(t, e.Identity.UpdateAssumeRolePolicy(ctx, cora, "VendorAccess", doc(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
		"Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"%s"}}}]}`, vendor, extid)))
	e.want(t, sb, "create-role")

	_, err = e.assume(t, vic, sts.AssumeRoleInput{RoleArn: roleARN, ExternalID: "guessed"})
	mustFail(t, err)
	e.want(t, sb, "create-role")
	_, err = e.assume(t, vic, sts.AssumeRoleInput{RoleArn: roleARN, ExternalID: extid})
	must(t, err)
	e.want(t, sb, "create-role", "assume-as-vendor")

	e.answer(t, sb, cora, "why", "privilege escalation")
	e.want(t, sb, "create-role", "assume-as-vendor")
	e.answer(t, sb, cora, "why", "The Confused Deputy")
	e.want(t, sb, "create-role", "assume-as-vendor", "why")
}

func TestSolveSwitchRoleLinks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	sb := e.start(t, "switch-role-links")
	prod := sb.Env.Accounts["prod"]
	e.want(t, sb)

	carol := e.signIn(t, sb, "dev", "carol")
	// Wrong: the other role first.
	id, _, err := e.Sessions.SwitchRole(ctx, carol, sessions.SwitchRoleInput{Account: prod, RoleName: "ReadOnlyAuditor"})
	must(t, err)
	e.want(t, sb)
	carol, err = e.Sessions.SwitchBack(ctx, id)
	must(t, err)
	id, _, err = e.Sessions.SwitchRole(ctx, carol, sessions.SwitchRoleInput{Account: prod, RoleName: "Operator", DisplayName: "Ops", Color: "b7ca9d"})
	must(t, err)
	e.want(t, sb, "use-the-link")
	carol, err = e.Sessions.SwitchBack(ctx, id)
	must(t, err)

	cc := e.caller(t, sb, "dev", "carol")
	e.answer(t, sb, cc, "write-a-link", "http://console.test/switchrole?account="+prod+"&roleName=Operator")
	e.want(t, sb, "use-the-link")
	e.answer(t, sb, cc, "write-a-link", "http://console.test/switchrole?account="+prod+"&roleName=ReadOnlyAuditor&displayName=Audit")
	e.want(t, sb, "use-the-link", "write-a-link")

	admin := e.caller(t, sb, "dev", "dev-admin")
	must(t, e.Sessions.PublishFavoriteRole(ctx, admin, "Operators", iam.RoleLink{Account: prod, RoleName: "Operator"}))
	e.want(t, sb, "use-the-link", "write-a-link")
	must(t, e.Sessions.PublishFavoriteRole(ctx, admin, "Operators", iam.RoleLink{Account: prod, RoleName: "ReadOnlyAuditor", DisplayName: "Audit"}))
	// carol switched to it before it was published: that switch does not
	// count for the task that requires the favourite.
	e.want(t, sb, "use-the-link", "write-a-link", "publish-favourite")
	_, _, err = e.Sessions.SwitchRole(ctx, carol, sessions.SwitchRoleInput{Account: prod, RoleName: "ReadOnlyAuditor", DisplayName: "Audit"})
	must(t, err)
	e.want(t, sb, "use-the-link", "write-a-link", "publish-favourite", "switch-from-menu")
}

func TestSolvePermissionBoundaries(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	sb := e.start(t, "permission-boundaries")
	main := sb.Env.Accounts["main"]
	boundary := "arn:aws:iam::" + main + ":policy/DeveloperBoundary"
	dana := e.caller(t, sb, "main", "dana")
	e.want(t, sb)

	// Wrong: an intern without a boundary.
	_, err := e.Identity.CreateUser(ctx, dana, identity.CreateUserInput{UserName: "intern"})
	must(t, err)
	must(t, e.Identity.AttachPolicy(ctx, dana, "user", "intern", adminARN))
	e.want(t, sb)
	must(t, e.Identity.PutUserPermissionsBoundary(ctx, dana, "intern", boundary))
	e.want(t, sb, "create-intern", "boundary-caps-admin")

	must(t, e.Identity.PutRolePermissionsBoundary(ctx, dana, "BuildRole", boundary))
	e.want(t, sb, "create-intern", "boundary-caps-admin", "bound-the-role")
}

func TestSolveSessionPolicies(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	sb := e.start(t, "session-policies")
	main := sb.Env.Accounts["main"]
	sam := e.caller(t, sb, "main", "sam")
	roleARN := "arn:aws:iam::" + main + ":role/Auditor"
	e.want(t, sb)

	// Wrong: a session without a session policy may list roles.
	plain, err := e.assume(t, sam, sts.AssumeRoleInput{RoleArn: roleARN, RoleSessionName: "sam"})
	must(t, err)
	_, err = e.Identity.ListRoles(ctx, plain, iam.ListInput{})
	must(t, err)
	e.want(t, sb)

	narrow, err := e.assume(t, sam, sts.AssumeRoleInput{RoleArn: roleARN, RoleSessionName: "sam",
		Policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}`})
	must(t, err)
	e.want(t, sb, "assume-with-policy")
	_, err = e.Identity.ListRoles(ctx, narrow, iam.ListInput{})
	iamtestWantCode(t, err, "AccessDenied")
	e.want(t, sb, "assume-with-policy", "denied-by-session")
	_, err = e.Identity.ListUsers(ctx, narrow, iam.ListInput{})
	must(t, err)
	e.want(t, sb, "assume-with-policy", "denied-by-session", "still-allowed")

	e.answer(t, sb, sam, "which-layer", "permissions boundary")
	e.want(t, sb, "assume-with-policy", "denied-by-session", "still-allowed")
	e.answer(t, sb, sam, "which-layer", "Session policy")
	e.want(t, sb, "assume-with-policy", "denied-by-session", "still-allowed", "which-layer")
}

func TestSolveExplicitDeny(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	sb := e.start(t, "explicit-deny")
	main := sb.Env.Accounts["main"]
	erin := e.caller(t, sb, "main", "erin")
	e.want(t, sb)

	mustFail(t, e.Identity.DeleteRole(ctx, erin, "Protected-Audit"))
	e.want(t, sb, "meet-the-deny")

	// Wrong: an inline policy of another name.
	allow := doc(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:DeleteRole","Resource":"arn:aws:iam::%s:role/Protected-Audit"}]}`, main)
	must(t, e.Identity.PutInlinePolicy(ctx, erin, "user", "erin", "something-else", allow))
	e.want(t, sb, "meet-the-deny")
	must(t, e.Identity.PutInlinePolicy(ctx, erin, "user", "erin", "allow-delete-protected", allow))
	e.want(t, sb, "meet-the-deny", "allow-does-not-help")
	mustFail(t, e.Identity.DeleteRole(ctx, erin, "Protected-Audit"))

	e.answer(t, sb, erin, "find-the-statement", "protect-audit-roles")
	e.want(t, sb, "meet-the-deny", "allow-does-not-help")
	e.answer(t, sb, erin, "find-the-statement", "ProtectAuditRoles")
	e.want(t, sb, "meet-the-deny", "allow-does-not-help", "find-the-statement")

	must(t, e.Identity.DeleteRole(ctx, erin, "Scratch-Build"))
	e.want(t, sb, "meet-the-deny", "allow-does-not-help", "find-the-statement", "delete-scratch")
}

func TestSolvePrivescPassRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	sb := e.start(t, "privesc-passrole")
	main := sb.Env.Accounts["main"]
	defender := e.caller(t, sb, "main", "defender")
	e.want(t, sb)

	// The flag is a tag of the role at risk; the other role's is a decoy.
	tags, err := e.Identity.ListRoleTags(ctx, defender, "AdminRole")
	must(t, err)
	if len(tags) != 1 || tags[0].Value != sb.Secrets["flag"] {
		t.Fatalf("AdminRole's tags %v", tags)
	}
	e.answer(t, sb, defender, "find-the-role", sb.Secrets["decoy"])
	e.want(t, sb)
	e.answer(t, sb, defender, "find-the-role", strings.ToLower(sb.Secrets["flag"]))
	e.want(t, sb) // flags are compared exactly
	e.answer(t, sb, defender, "find-the-role", sb.Secrets["flag"])
	e.want(t, sb, "find-the-role")

	// Wrong: deleting mallory's whole policy stops her work too.
	must(t, e.Identity.DeleteInlinePolicy(ctx, defender, "user", "mallory", "ops-tooling"))
	e.want(t, sb, "find-the-role")
	must(t, e.Identity.PutInlinePolicy(ctx, defender, "user", "mallory", "ops-tooling", doc(`{"Version":"2012-10-17","Statement":[
		{"Sid":"LaunchInstances","Effect":"Allow","Action":["ec2:RunInstances","ec2:DescribeInstances"],"Resource":"*"},
		{"Sid":"PassRoles","Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::%s:role/AppRole"}]}`, main)))
	e.want(t, sb, "find-the-role", "close-the-path")
}

func TestSolvePrivescCreatePolicyVersion(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	sb := e.start(t, "privesc-createpolicyversion")
	main := sb.Env.Accounts["main"]
	policyARN := "arn:aws:iam::" + main + ":policy/mallory-tools"
	mallory := e.caller(t, sb, "main", "mallory")
	defender := e.caller(t, sb, "main", "defender")
	e.want(t, sb)

	// Not yet the escalation: a new version that is not the default.
	_, err := e.Identity.CreatePolicyVersion(ctx, mallory, policyARN, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, false)
	must(t, err)
	e.want(t, sb)
	_, err = e.Identity.CreatePolicyVersion(ctx, mallory, policyARN, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, true)
	must(t, err)
	e.want(t, sb, "escalate")

	must(t, e.Identity.SetDefaultPolicyVersion(ctx, defender, policyARN, "v1"))
	must(t, e.Identity.DeletePolicyVersion(ctx, defender, policyARN, "v2"))
	e.want(t, sb, "escalate") // v3 is left
	must(t, e.Identity.DeletePolicyVersion(ctx, defender, policyARN, "v3"))
	e.want(t, sb, "escalate", "roll-back")

	// Mallory's own policy is managed: the defender moves her to an inline
	// one without the dangerous action.
	must(t, e.Identity.DetachPolicy(ctx, defender, "user", "mallory", policyARN))
	e.want(t, sb, "escalate", "roll-back") // her reports broke
	must(t, e.Identity.PutInlinePolicy(ctx, defender, "user", "mallory", "reports",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListAllMyBuckets","s3:GetObject"],"Resource":"*"}]}`))
	e.want(t, sb, "escalate", "roll-back", "close-the-path")
}

func TestSolvePrivescAttachUserPolicy(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	sb := e.start(t, "privesc-attachuserpolicy")
	main := sb.Env.Accounts["main"]
	mallory := e.caller(t, sb, "main", "mallory")
	defender := e.caller(t, sb, "main", "defender")
	e.want(t, sb)

	must(t, e.Identity.AttachPolicy(ctx, mallory, "user", "mallory", "arn:aws:iam::aws:policy/ReadOnlyAccess"))
	e.want(t, sb)
	must(t, e.Identity.AttachPolicy(ctx, mallory, "user", "mallory", adminARN))
	e.want(t, sb, "escalate")

	must(t, e.Identity.DetachPolicy(ctx, defender, "user", "mallory", "arn:aws:iam::aws:policy/ReadOnlyAccess"))
	e.want(t, sb, "escalate")
	must(t, e.Identity.DetachPolicy(ctx, defender, "user", "mallory", adminARN))
	e.want(t, sb, "escalate", "detach")

	must(t, e.Identity.PutInlinePolicy(ctx, defender, "user", "mallory", "no-self-attach", doc(`{"Version":"2012-10-17","Statement":[
		{"Effect":"Deny","Action":"iam:AttachUserPolicy","Resource":"arn:aws:iam::%s:user/mallory"}]}`, main)))
	e.want(t, sb, "escalate", "detach", "close-the-path")
}

func TestSolvePrivescUpdateAssumeRolePolicy(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	sb := e.start(t, "privesc-updateassumerolepolicy")
	main := sb.Env.Accounts["main"]
	roleARN := "arn:aws:iam::" + main + ":role/BreakGlass"
	mallory := e.caller(t, sb, "main", "mallory")
	defender := e.caller(t, sb, "main", "defender")
	e.want(t, sb)

	_, err := e.assume(t, mallory, sts.AssumeRoleInput{RoleArn: roleARN})
	mustFail(t, err)
	must(t, e.Identity.UpdateAssumeRolePolicy(ctx, mallory, "BreakGlass", doc(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
		"Principal":{"AWS":"arn:aws:iam::%s:user/mallory"},"Action":"sts:AssumeRole"}]}`, main)))
	e.want(t, sb) // not yet in
	_, err = e.assume(t, mallory, sts.AssumeRoleInput{RoleArn: roleARN})
	must(t, err)
	e.want(t, sb, "take-over")

	// Wrong: trusting both.
	must(t, e.Identity.UpdateAssumeRolePolicy(ctx, defender, "BreakGlass", doc(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
		"Principal":{"AWS":["arn:aws:iam::%s:user/mallory","arn:aws:iam::%s:user/ops-lead"]},"Action":"sts:AssumeRole"}]}`, main, main)))
	e.want(t, sb, "take-over")
	must(t, e.Identity.UpdateAssumeRolePolicy(ctx, defender, "BreakGlass", doc(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
		"Principal":{"AWS":"arn:aws:iam::%s:user/ops-lead"},"Action":"sts:AssumeRole"}]}`, main)))
	e.want(t, sb, "take-over", "restore-trust")

	must(t, e.Identity.PutInlinePolicy(ctx, defender, "user", "mallory", "role-maintenance", `{"Version":"2012-10-17","Statement":[
		{"Sid":"SeeRoles","Effect":"Allow","Action":["iam:GetRole","iam:ListRoles"],"Resource":"*"}]}`))
	e.want(t, sb, "take-over", "restore-trust", "close-the-path")
}
