package policy

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// validateCase is one document validated as one kind: want is the first
// message (the one the API reports), "" for a valid document.
type validateCase struct {
	name string
	kind Kind
	doc  string
	want string
	line int // line of the first problem; -1 to skip the check
}

func runValidateCases(t *testing.T, tests []validateCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Compile("p", []byte(tt.doc), tt.kind)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Compile(%v) = %v, want nil\n%s", tt.kind, err, tt.doc)
				}
				return
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("Compile(%v) = %v, want %q\n%s", tt.kind, err, tt.want, tt.doc)
			}
			if es[0].Message != tt.want || (tt.line >= 0 && es[0].Line != tt.line) {
				t.Errorf("Compile(%v) = %d:%d %q, want line %d %q\n%s", tt.kind, es[0].Line, es[0].Column, es[0].Message, tt.line, tt.want, tt.doc)
			}
			if err.Error() != tt.want {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.want)
			}
		})
	}
}

func idDoc(stmts string) string { return `{"Version":"2012-10-17","Statement":[` + stmts + `]}` }

func trustStmt(extra string) string {
	return idDoc(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"` + extra + `}`)
}

const okStmt = `{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}`

func TestValidate(t *testing.T) {
	t.Parallel()
	runValidateCases(t, []validateCase{
		{"identity ok", KindIdentity, idDoc(`{"Sid":"A1","Effect":"Allow","Action":["iam:Get*","s3:*"],"Resource":"*"}`), "", 0},
		{"identity principal", KindIdentity, idDoc(`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}`), msgPrincipal, 1},
		{"session notprincipal", KindSession, idDoc(`{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}`), msgPrincipal, 1},
		{"identity no resource", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:*"}`), msgNoResources, 1},
		{"identity no action", KindBoundary, idDoc(`{"Effect":"Allow","Resource":"*"}`), msgNoActions, 1},
		{"set prefixes ok", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForAllValues:StringLikeIfExists":{"aws:TagKeys":"a*"},"ForAnyValue:StringEquals":{"aws:TagKeys":"b"}}}`), "", 0},
		{"sid chars", KindIdentity, idDoc(`{"Sid":"my-sid","Effect":"Allow","Action":"s3:*","Resource":"*"}`), msgSidChars, 1},
		{"sid chars ok in resource policy", KindResource, idDoc(`{"Sid":"my sid","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}`), "", 0},
		{"version old ok", KindIdentity, `{"Version":"2008-10-17","Statement":` + okStmt + `}`, "", 0},
		{"version absent ok", KindIdentity, `{"Statement":` + okStmt + `}`, "", 0},
		{"managed version old", KindManaged, `{"Version":"2008-10-17","Statement":` + okStmt + `}`, msgVersion, 1},
		{"managed version absent", KindManaged, `{"Statement":` + okStmt + `}`, msgVersion, 0},
		{"trust ok", KindTrust, trustStmt(``), "", 0},
		{"trust wildcard action", KindTrust, idDoc(`{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole*","sts:TagSession"]}`), "", 0},
		{"trust other action", KindTrust, idDoc(`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject"}`), msgTrustActions, 1},
		{"trust notaction", KindTrust, idDoc(`{"Effect":"Allow","Principal":{"AWS":"*"},"NotAction":"sts:AssumeRole"}`), msgTrustActions, 1},
		{"trust star action", KindTrust, idDoc(`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*"}`), msgTrustActions, 1},
		{"trust bad principal", KindTrust, idDoc(`{"Effect":"Allow","Principal":{"AWS":"alice"},"Action":"sts:AssumeRole"}`), `Invalid principal in policy: "AWS":"alice"`, 1},
		{"trust wildcard principal arn", KindTrust, idDoc(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::*:root"},"Action":"sts:AssumeRole"}`), `Invalid principal in policy: "AWS":"arn:aws:iam::*:root"`, 1},
		{"trust s3 principal", KindTrust, idDoc(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:s3:::b"},"Action":"sts:AssumeRole"}`), `Invalid principal in policy: "AWS":"arn:aws:s3:::b"`, 1},
		{"trust principal forms", KindTrust, idDoc(`{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::111122223333:user/a","arn:aws:iam::111122223333:role/r","arn:aws:sts::111122223333:assumed-role/r/s","arn:aws:sts::111122223333:federated-user/f","AIDAEXAMPLEEXAMPLE001","*"],"Federated":"accounts.google.com","CanonicalUser":"abc"},"Action":"sts:AssumeRoleWithWebIdentity"}`), "", 0},
		{"resource missing principal", KindResource, idDoc(`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`), msgNoPrincipal, 1},
		{"resource missing resource", KindResource, idDoc(`{"Effect":"Allow","Principal":"*","Action":"s3:*"}`), msgNoResources, 1},
		{"resource not arn", KindResource, idDoc(`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"bucket"}`), `Resource bucket must be in ARN format or "*".`, 1},
	})
}

// TestValidateSyntax: IAM answers "Syntax errors in policy." for every
// structural defect of an identity-based policy, including some the
// emulators word otherwise: an Effect other than Allow or Deny (in any
// case), a missing Effect, an unknown Version, a missing or empty Statement,
// an unknown condition operator (Null takes no IfExists). Sources: botocore
// and AWS CLI users' recorded errors ("Syntax errors in policy." for a
// trailing comma in CreatePolicy, aws-samples/amazon-ecs-firelens-examples
// PR 50); the IAM policy validation cases recorded against IAM in moto's
// tests/test_iam/test_iam_policies.py.
func TestValidateSyntax(t *testing.T) {
	t.Parallel()
	runValidateCases(t, []validateCase{
		{"not json", KindIdentity, `This is not a json document`, msgSyntax, 1},
		{"trailing comma", KindManaged, `{"Version":"2012-10-17","Statement":[` + okStmt + `,]}`, msgSyntax, 1},
		{"unknown version", KindIdentity, `{"Version":"2013-10-17","Statement":` + okStmt + `}`, msgSyntax, 1},
		{"statement missing", KindIdentity, `{"Version":"2012-10-17"}`, msgSyntax, 1},
		{"statement empty", KindIdentity, `{"Version":"2012-10-17","Statement":[]}`, msgSyntax, 1},
		{"statement empty managed", KindManaged, `{"Version":"2012-10-17","Statement":[]}`, msgSyntax, 1},
		{"statement not object", KindIdentity, `{"Version":"2012-10-17","Statement":["afd"]}`, msgSyntax, 1},
		{"extra top-level field", KindIdentity, `{"Version":"2012-10-17","Statement":` + okStmt + `,"Extra field":"value"}`, msgSyntax, 1},
		{"extra statement field", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Extra field":"value"}`), msgSyntax, 1},
		{"id not a string", KindIdentity, `{"Version":"2012-10-17","Id":["x"],"Statement":` + okStmt + `}`, msgSyntax, 1},
		{"effect invalid", KindIdentity, idDoc(`{"Effect":"invalid","Action":"s3:ListBucket","Resource":"*"}`), msgSyntax, 1},
		{"effect missing", KindIdentity, idDoc(`{"Action":"s3:ListBucket","Resource":"*"}`), msgSyntax, 1},
		{"effect missing trust", KindTrust, idDoc(`{"Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}`), msgSyntax, 1},
		{"action and notaction", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:a","NotAction":"s3:b","Resource":"*"}`), msgSyntax, 1},
		{"resource and notresource", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:a","Resource":"*","NotResource":"*"}`), msgSyntax, 1},
		{"resource object", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:a","Resource":{"a":"arn:aws:s3:::b"}}`), msgSyntax, 1},
		{"condition array", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":[]}`), msgSyntax, 1},
		{"unknown operator", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqual":{"aws:username":"a"}}}`), msgSyntax, 1},
		{"double colon operator", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForAnyValue::StringEqualsIfExists":{"a":"asf"}}}`), msgSyntax, 1},
		{"null ifexists", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NullIfExists":{"aws:username":"true"}}}`), msgSyntax, 1},
		{"null with set operator", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForAnyValue:Null":{"aws:TagKeys":"true"}}}`), msgSyntax, 1},
		{"unknown operator empty block ok", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"x":{},"y":{}}}`), "", 0},
		{"syntax before everything", KindManaged, `{"Statement":[{"Sid":"a-b","Effect":"Allow","Action":"x","Principal":"*"},{"Effect":"Maybe"}]}`, msgSyntax, 1},
	})
}

// TestValidateLegacyParsing: "The policy failed legacy parsing" is IAM's
// answer when its older parser cannot read what the new one accepted: an
// Effect spelt in another case, a Date condition value that is no date, a
// Resource with an empty segment before the sixth. It comes after the
// Version check of managed policies. Sources: recorded CreatePolicy errors
// (aws-samples/torchserve-eks issue 3); moto's test_iam_policies.py cases.
func TestValidateLegacyParsing(t *testing.T) {
	t.Parallel()
	runValidateCases(t, []validateCase{
		{"effect lower case", KindIdentity, idDoc(`{"Effect":"allow","Action":"s3:ListBucket","Resource":"*"}`), msgLegacy, 1},
		{"effect odd case", KindTrust, idDoc(`{"Effect":"denY","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}`), msgLegacy, 1},
		{"date not a date", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"DateGreaterThan":{"a":"sdfdsf"}}}`), msgLegacy, 1},
		{"date month 13", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"DateLessThanEquals":{"a":"234-13"}}}`), msgLegacy, 1},
		{"date one-digit zone", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"DateLessThanEquals":{"a":"2016-12-13t2:00:00.593194+1"}}}`), msgLegacy, 1},
		{"date ten-digit fraction", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"DateLessThanEquals":{"a":"2016-12-13t2:00:00.1999999999+10:59"}}}`), msgLegacy, 1},
		{"epoch too large", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"DateLessThan":{"a":"9223372036854775808"}}}`), msgLegacy, 1},
		{"date ifexists too", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"ForAnyValue:DateEqualsIfExists":{"a":"later"}}}`), msgLegacy, 1},
		{"resource empty service", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:a","Resource":"arn:aws::fdsasf"}`), msgLegacy, 1},
		{"resource short with empty segment", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3::example_bucket"}`), msgLegacy, 1},
		{"notresource short", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:ListBucket","NotResource":"arn:aws:s3::example_bucket"}`), msgLegacy, 1},
		{"resource six segments empty service", KindIdentity, idDoc(`{"Effect":"Allow","NotAction":"s3:ListBucket","Resource":"arn:aws::::example_bucket"}`), msgLegacy, 1},
		{"legacy before region", KindIdentity, idDoc(`{"Effect":"allow","Action":"s3:a","Resource":"arn:aws:s3:us-east-1::example_bucket"}`), msgLegacy, 1},
		{"legacy before sid", KindIdentity, idDoc(`{"Sid":"sdf","Effect":"aLLow","Action":"s3:ListBucket","Resource":"*"},{"Sid":"sdf","Effect":"Allow"}`), msgLegacy, 1},
		{"version before legacy", KindManaged, `{"Statement":{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"DateGreaterThan":{"a":"sdfdsf"}}}}`, msgVersion, 0},
		{"dates IAM reads", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"DateLessThan":{"a":["2019-07-01T13:20:15Z","2016-12-13T21:20:37.593194+00:00","2016-12-13t2:00:00.593194+23","-292275054","01T","1717243200"]}}}`), "", 0},
	})
}

// TestValidateStatementRules: statement IDs unique, actions and resources
// present and non-empty. Sources: moto's test_iam_policies.py cases;
// recorded "Policy statement must contain resources." (terraform-aws-iam
// issue 603).
func TestValidateStatementRules(t *testing.T) {
	t.Parallel()
	runValidateCases(t, []validateCase{
		{"sid duplicate", KindIdentity, idDoc(`{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"s3:*","Resource":"*"}`), msgSidUnique, 1},
		{"sid duplicate before missing actions", KindIdentity, idDoc(okStmt[:1] + `"Sid":"sdf",` + okStmt[1:] + `,{"Sid":"sdf","Effect":"Allow"}`), msgSidUnique, 1},
		{"sid empty twice ok", KindIdentity, idDoc(`{"Sid":"","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"","Effect":"Deny","Action":"s3:*","Resource":"*"}`), "", 0},
		{"action empty array", KindIdentity, idDoc(`{"Effect":"Allow","Action":[],"Resource":"*"}`), msgNoActions, 1},
		{"notaction empty array", KindIdentity, idDoc(`{"Effect":"Allow","NotAction":[],"Resource":"*"}`), msgNoActions, 1},
		{"resource empty array", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":[]}`), msgNoResources, 1},
		{"notresource empty array", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:ListBucket","NotResource":[]}`), msgNoResources, 1},
		{"actions before resources", KindIdentity, idDoc(`{"Effect":"Allow"}`), msgNoActions, 1},
		{"missing actions in second statement", KindIdentity, idDoc(`{"Effect":"Deny"},` + okStmt), msgNoActions, 1},
		{"trust action empty array", KindTrust, idDoc(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":[]}`), msgNoActions, 1},
		{"top-level id ok in identity", KindIdentity, `{"Version":"2012-10-17","Id":"sdfsdfsdf","Statement":` + okStmt + `}`, "", 0},
		{"top-level id ok in managed", KindManaged, `{"Version":"2012-10-17","Id":"cd3a324d2343d942772346","Statement":` + okStmt + `}`, "", 0},
		{"top-level id ok in trust", KindTrust, `{"Version":"2012-10-17","Id":"x","Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}}`, "", 0},
	})
}

// TestValidateActions: the action checks and their messages, including the
// quirky "Actions/Condition can contain only one colon." and "Vendor a a is
// not valid"; a vendor may hold letters, digits, hyphens and dots, and the
// action name is not checked. Condition keys are not checked at all: IAM
// takes keys without a vendor prefix. Sources: moto's test_iam_policies.py
// cases; recorded "Actions/Conditions must be prefaced by a vendor"
// (hashicorp/terraform issues).
func TestValidateActions(t *testing.T) {
	t.Parallel()
	act := func(a string) string {
		return idDoc(`{"Effect":"Allow","Action":"` + a + `","Resource":"arn:aws:s3:::example_bucket"}`)
	}
	runValidateCases(t, []validateCase{
		{"no vendor", KindIdentity, act("invalid"), msgVendor, 1},
		{"empty notaction", KindIdentity, idDoc(`{"Effect":"Allow","NotAction":"","Resource":"*"}`), msgVendor, 1},
		{"empty vendor", KindIdentity, act(":ListBucket"), msgVendor, 1},
		{"space in vendor", KindIdentity, act("a a:ListBucket"), "Vendor a a is not valid", 1},
		{"underscore in vendor", KindIdentity, act("s_3:ListBucket"), "Vendor s_3 is not valid", 1},
		{"two colons", KindIdentity, act("s3:List:Bucket"), msgOneColon, 1},
		{"two colons in second statement", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3s:ListBucket","Resource":"*"},{"Effect":"Allow","Action":"s:3s:ListBucket","Resource":"*"}`), msgOneColon, 1},
		{"no vendor without resource", KindIdentity, idDoc(`{"Effect":"Allow","Action":"invalid"}`), msgNoResources, 1},
		{"dot in vendor", KindIdentity, act("s3.s:ListBucket"), "", 0},
		{"hyphen in vendor", KindIdentity, act("s3-s:ListBucket"), "", 0},
		{"long unknown vendor", KindIdentity, act("aaaaaadsfdsafsadfsadfaaaaa:ListBucket"), "", 0},
		{"name unchecked", KindIdentity, act("iam: asdf safdsf af "), "", 0},
		{"empty name", KindIdentity, act("s3:"), "", 0},
		{"wildcards", KindIdentity, act("s3*:Get?bject"), "", 0},
		{"condition key without vendor", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"SecureTransport":"true"},"StringEqualsIfExists":{"a":"asf"}}}`), "", 0},
		{"condition key with colons", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/aws:cloudformation:stack-name":"s"}}}`), "", 0},
	})
}

// TestValidateResourceARNs: the Resource checks of IAM's policies and their
// messages, in IAM's order: not an ARN, a partition other than aws (echoed
// with missing segments filled with "*"), no service, a region in an IAM or
// S3 ARN, an IAM resource type IAM does not have. Sources: recorded
// CreatePolicy errors ('Resource 174313347505.dkr.ecr… must be in ARN format
// or "*".' in CloudTrail; "IAM resource <arn> cannot contain region
// information.", cloud-gov/terraform-provision PR 1838); moto's
// test_iam_policies.py cases.
func TestValidateResourceARNs(t *testing.T) {
	t.Parallel()
	res := func(r ...string) string {
		return idDoc(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":["` + strings.Join(r, `","`) + `"]}`)
	}
	runValidateCases(t, []validateCase{
		{"not an arn", KindIdentity, res("invalid resource"), `Resource invalid resource must be in ARN format or "*".`, 1},
		{"empty", KindIdentity, res(""), `Resource  must be in ARN format or "*".`, 1},
		{"registry uri", KindManaged, res("174313347505.dkr.ecr.us-west-2.amazonaws.com/mhart-experimental"), `Resource 174313347505.dkr.ecr.us-west-2.amazonaws.com/mhart-experimental must be in ARN format or "*".`, 1},
		{"partition one segment", KindIdentity, res("a:bsdfdsafsad"), `Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".`, 1},
		{"partition two segments", KindIdentity, res("a:b:cadfsdf"), `Partition "b" is not valid for resource "arn:b:cadfsdf:*:*:*".`, 1},
		{"partition long", KindIdentity, res("a:b:c:d:e:f:g:h"), `Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".`, 1},
		{"missing arn prefix", KindIdentity, res("aws:s3:::example_bucket"), `Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".`, 1},
		{"other partition", KindIdentity, res("arn:error:s3:::example_bucket", "arn:error:s3::example_bucket"), `Partition "error" is not valid for resource "arn:error:s3:::example_bucket".`, 1},
		{"china partition", KindIdentity, res("arn:aws-cn:s3:::b"), `Partition "aws-cn" is not valid for resource "arn:aws-cn:s3:::b".`, 1},
		{"arn aws alone", KindIdentity, res("arn:aws"), msgResourceVendor, 1},
		{"service wildcard", KindIdentity, res("arn:aws:s3*:::b"), msgResourceVendor, 1},
		{"iam region", KindIdentity, res("arn:aws:iam:us-east-1::example_bucket"), "IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information.", 1},
		{"iam region user", KindIdentity, res("arn:aws:iam:us-east-1:111122223333:user/a"), "IAM resource arn:aws:iam:us-east-1:111122223333:user/a cannot contain region information.", 1},
		{"s3 region", KindIdentity, res("arn:aws:s3:us-east-1::example_bucket"), "Resource arn:aws:s3:us-east-1::example_bucket can not contain region information.", 1},
		{"iam path", KindIdentity, res("arn:aws:iam:::example_bucket"), msgIAMPath, 1},
		{"iam root", KindIdentity, res("arn:aws:iam::111122223333:root"), msgIAMPath, 1},
		{"format before vendor", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s:3:ListBucket","Resource":"sdfsadf"}`), `Resource sdfsadf must be in ARN format or "*".`, 1},
		{"format after missing resources", KindIdentity, idDoc(`{"Effect":"Allow","Action":"s3:a","Resource":"bad"},{"Effect":"Allow","Action":"s3:a"}`), msgNoResources, 1},
		{"iam types", KindIdentity, res("arn:aws:iam:::user/example_bucket", "arn:aws:iam::*:role/*", "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::*:mfa/${aws:username}", "arn:aws:iam::*:*", "arn:aws:iam::111122223333:oidc-provider/x"), "", 0},
		{"other services", KindIdentity, res("arn:aws:s33:::example_bucket", "arn:aws:fdsasf", "arn:aws:cloudwatch:us-east-1::example_bucket", "arn:aws:invalid-service:us-east-1::example_bucket", "arn:aws:ec2:region:account-id:instance/*", "*"), "", 0},
		{"resource policy keeps its own check", KindResource, idDoc(`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:us-east-1::b"}`), "", 0},
	})
}

// TestValidateTrust: what a role trust policy may hold and how IAM words
// each refusal: no Resource, NotResource or NotPrincipal ("Has prohibited
// field Resource", no final period), a principal in every statement, no
// bare "*" principal, service principals named "SERVICE". Sources: recorded
// CreateRole/UpdateAssumeRolePolicy errors ("Has prohibited field Resource",
// hashicorp/terraform issue 34231; "The passed in policy has a statement
// with no principals!", terraform-aws-modules/terraform-aws-iam issue 47;
// 'AssumeRolepolicy contained an invalid principal: "STAR":"*".',
// aws/aws-cdk issue 5732; 'Invalid principal in policy:
// "SERVICE":"amazonaws.com"', aws-samples/aws-cdk-examples issue 801); the
// IAM User Guide's NotPrincipal page ("You cannot use the NotPrincipal
// element … in an IAM role trust policy").
func TestValidateTrust(t *testing.T) {
	t.Parallel()
	runValidateCases(t, []validateCase{
		{"resource", KindTrust, trustStmt(`,"Resource":"*"`), "Has prohibited field Resource", 1},
		{"notresource", KindTrust, trustStmt(`,"NotResource":"*"`), "Has prohibited field NotResource", 1},
		{"notprincipal", KindTrust, idDoc(`{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}`), "Has prohibited field NotPrincipal", 1},
		{"notprincipal allow", KindTrust, idDoc(`{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}`), "Has prohibited field NotPrincipal", 1},
		{"missing principal", KindTrust, idDoc(`{"Effect":"Allow","Action":"sts:AssumeRole"}`), msgTrustNoPrinc, 1},
		{"empty principal list", KindTrust, idDoc(`{"Effect":"Allow","Principal":{"AWS":[]},"Action":"sts:AssumeRole"}`), msgTrustNoPrinc, 1},
		{"empty principal object", KindTrust, idDoc(`{"Effect":"Allow","Principal":{},"Action":"sts:AssumeRole"}`), msgTrustNoPrinc, 1},
		{"star principal", KindTrust, idDoc(`{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-123"}}}`), msgTrustStar, 1},
		{"aws star principal ok", KindTrust, idDoc(`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-123"}}}`), "", 0},
		{"service without name", KindTrust, idDoc(`{"Effect":"Allow","Principal":{"Service":"amazonaws.com"},"Action":"sts:AssumeRole"}`), `Invalid principal in policy: "SERVICE":"amazonaws.com"`, 1},
		{"service wildcard", KindTrust, idDoc(`{"Effect":"Allow","Principal":{"Service":"ec2*"},"Action":"sts:AssumeRole"}`), `Invalid principal in policy: "SERVICE":"ec2*"`, 1},
		{"group principal", KindTrust, idDoc(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::12345:group/exampleGroup"},"Action":"sts:AssumeRole"}`), `Invalid principal in policy: "AWS":"arn:aws:iam::12345:group/exampleGroup"`, 1},
		{"services", KindTrust, idDoc(`{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","states.us-east-1.amazonaws.com","ec2.amazonaws.com.cn"]},"Action":"sts:AssumeRole"}`), "", 0},
		{"prohibited before principal", KindTrust, idDoc(`{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}`), "Has prohibited field Resource", 1},
		{"actions before principal", KindTrust, idDoc(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}`), msgTrustActions, 1},
	})
}

// TestValidateMessagesByKind: one defect, worded as AWS words it for each
// kind of document. Not JSON: "Syntax errors in policy." for identity,
// managed, session and boundary policies; "This policy contains invalid
// Json" for role trust policies (recorded CreateRole answers: LocalStack's
// AWS-validated snapshot of 2025-03-06, AWSCookbook/Security issue 2); S3's
// "Policies must be valid JSON and the first byte must be '{'" for a
// resource-based policy that does not start with "{" (LocalStack's
// AWS-validated S3 snapshot), else "This policy contains invalid Json". A
// missing Statement: S3's "Missing required field Statement". A missing
// Principal: S3's "Missing required field Principal" against IAM's
// no-principals text for a trust policy.
func TestValidateMessagesByKind(t *testing.T) {
	t.Parallel()
	const bad = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",}]}`
	var tests []validateCase
	for _, k := range []Kind{KindIdentity, KindManaged, KindSession, KindBoundary} {
		tests = append(tests,
			validateCase{"invalid json " + k.String(), k, bad, msgSyntax, 1},
			validateCase{"array " + k.String(), k, `[]`, msgSyntax, 1},
			validateCase{"missing statement " + k.String(), k, `{"Version":"2012-10-17"}`, msgSyntax, 1},
			validateCase{"principal " + k.String(), k, idDoc(`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:*","Resource":"*"}`), msgPrincipal, 1},
			validateCase{"effect " + k.String(), k, idDoc(`{"Effect":"Permit","Action":"s3:*","Resource":"*"}`), msgSyntax, 1},
		)
	}
	tests = append(tests,
		validateCase{"invalid json trust", KindTrust, bad, msgInvalidJSON, 1},
		validateCase{"not json trust", KindTrust, `assume-role-policy.json`, msgInvalidJSON, 1},
		validateCase{"array trust", KindTrust, `[]`, msgInvalidJSON, 1},
		validateCase{"structure trust", KindTrust, idDoc(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Extra":1}`), msgSyntax, 1},
		validateCase{"missing statement trust", KindTrust, `{"Version":"2012-10-17"}`, msgSyntax, 1},
		validateCase{"invalid json resource", KindResource, bad, msgInvalidJSON, 1},
		validateCase{"empty resource", KindResource, ``, msgFirstByte, 1},
		validateCase{"random string resource", KindResource, `nothing`, msgFirstByte, 1},
		validateCase{"array resource", KindResource, `[]`, msgFirstByte, 1},
		validateCase{"missing statement resource", KindResource, `{}`, msgNoStatement, 1},
		validateCase{"empty statement resource", KindResource, `{"Version":"2012-10-17","Statement":[]}`, msgEmptyStatement, 1},
		validateCase{"missing principal resource", KindResource, idDoc(`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`), msgNoPrincipal, 1},
		validateCase{"missing effect resource", KindResource, idDoc(`{"Principal":"*","Action":"s3:*","Resource":"*"}`), msgNoEffect, 1},
		validateCase{"effect resource", KindResource, idDoc(`{"Effect":"allow","Principal":"*","Action":"s3:*","Resource":"*"}`), msgInvalidEffect + "allow", 1},
		validateCase{"unknown operator resource", KindResource, idDoc(`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringEqual":{"a":"b"}}}`), msgInvalidCondType + "StringEqual", 1},
		validateCase{"missing principal trust", KindTrust, idDoc(`{"Effect":"Allow","Action":"sts:AssumeRole"}`), msgTrustNoPrinc, 1},
	)
	runValidateCases(t, tests)
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
	// In IAM's order: syntax, prohibited elements, missing actions and
	// resources, action formats; by position within each.
	want := []string{
		"4:13 " + msgSyntax,
		"3:35 " + msgPrincipal,
		"4:2 " + msgNoActions,
		"4:2 " + msgNoResources,
		"3:50 " + msgVendor,
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
