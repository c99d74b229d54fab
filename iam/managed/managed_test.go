package managed_test

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"iamconsole/iam/managed"
)

var (
	policyIDPattern  = regexp.MustCompile(`^ANPA[A-Z2-7]{17}$`)
	versionIDPattern = regexp.MustCompile(`^v[1-9][0-9]*$`)
	namePattern      = regexp.MustCompile(`^[\w+=,.@-]{1,128}$`)
	pathPattern      = regexp.MustCompile(`^(/[A-Za-z0-9.,+@=_-]+)*/$`)
)

// required lists the policies that tutorials and the console rely on.
var required = []string{
	"AdministratorAccess", "ReadOnlyAccess", "PowerUserAccess", "IAMFullAccess", "IAMReadOnlyAccess",
	"AmazonS3FullAccess", "AmazonS3ReadOnlyAccess", "AmazonDynamoDBFullAccess", "AmazonDynamoDBReadOnlyAccess",
	"AmazonEC2FullAccess", "AmazonEC2ReadOnlyAccess", "IAMUserChangePassword",
	"AWSCloudTrail_ReadOnlyAccess", "ViewOnlyAccess", "Billing", "AWSOrganizationsReadOnlyAccess",
	"AWSOrganizationsFullAccess", "SecurityAudit",
}

func TestAllSortedAndComplete(t *testing.T) {
	t.Parallel()
	all := managed.All()
	if !slices.IsSortedFunc(all, func(a, b managed.Policy) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("All() is not sorted by name")
	}
	for _, name := range required {
		if _, ok := managed.ByName(name); !ok {
			t.Errorf("ByName(%q) not found", name)
		}
	}
}

// known are the policies whose AWS unique IDs and descriptions the
// catalog carries (known.json).
var known = func() map[string]struct{ PolicyId, Description string } {
	b, err := os.ReadFile("known.json")
	if err != nil {
		panic(err)
	}
	var m map[string]struct{ PolicyId, Description string }
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	return m
}()

// TestCatalogIsComplete: every policy AWS publishes is there, among them
// the ones tutorials use that an earlier, hand-picked catalog lacked, each
// at its current version; the known IDs and descriptions are kept.
func TestCatalogIsComplete(t *testing.T) {
	t.Parallel()
	if n := len(managed.List()); n < 1500 || n != managed.Catalog().Policies {
		t.Fatalf("%d policies, header says %d", n, managed.Catalog().Policies)
	}
	for _, tt := range []struct{ arn, version string }{
		{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "v1"},
		{"arn:aws:iam::aws:policy/AWSLambdaExecute", "v1"},
		{"arn:aws:iam::aws:policy/job-function/SystemAdministrator", "v12"},
		{"arn:aws:iam::aws:policy/service-role/AmazonElasticMapReduceRole", "v10"},
		{"arn:aws:iam::aws:policy/ReadOnlyAccess", "v188"},
		{"arn:aws:iam::aws:policy/job-function/DatabaseAdministrator", ""},
		{"arn:aws:iam::aws:policy/job-function/NetworkAdministrator", ""},
		{"arn:aws:iam::aws:policy/job-function/DataScientist", ""},
		{"arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole", ""},
		{"arn:aws:iam::aws:policy/AWSLambda_FullAccess", ""},
		{"arn:aws:iam::aws:policy/CloudWatchFullAccess", ""},
		{"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", ""},
		{"arn:aws:iam::aws:policy/AWSSupportAccess", ""},
		{"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM", ""},
	} {
		p, ok := managed.ByARN(tt.arn)
		if !ok {
			t.Errorf("%s missing", tt.arn)
			continue
		}
		if tt.version != "" && p.DefaultVersionID != tt.version {
			t.Errorf("%s at %s, want %s", tt.arn, p.DefaultVersionID, tt.version)
		}
	}
	for name, k := range known {
		p, ok := managed.ByName(name)
		if !ok || p.PolicyID != k.PolicyId || p.Description != k.Description {
			t.Errorf("%s: %+v", name, p)
		}
	}
}

func TestEveryPolicy(t *testing.T) {
	t.Parallel()
	ids := map[string]string{}
	arns := map[string]string{}
	for _, p := range managed.All() {
		if prev, dup := ids[p.PolicyID]; dup {
			t.Errorf("%s and %s share PolicyID %s", prev, p.Name, p.PolicyID)
		}
		ids[p.PolicyID] = p.Name
		if prev, dup := arns[p.ARN]; dup {
			t.Errorf("%s and %s share ARN %s", prev, p.Name, p.ARN)
		}
		arns[p.ARN] = p.Name
		t.Run(p.Name, func(t *testing.T) {
			t.Parallel()
			if want := "arn:aws:iam::aws:policy" + p.Path + p.Name; p.ARN != want {
				t.Errorf("ARN = %q, want %q", p.ARN, want)
			}
			if !namePattern.MatchString(p.Name) {
				t.Errorf("invalid name %q", p.Name)
			}
			if !pathPattern.MatchString(p.Path) {
				t.Errorf("invalid path %q", p.Path)
			}
			if !policyIDPattern.MatchString(p.PolicyID) {
				t.Errorf("invalid PolicyID %q", p.PolicyID)
			}
			if !versionIDPattern.MatchString(p.DefaultVersionID) {
				t.Errorf("invalid DefaultVersionID %q", p.DefaultVersionID)
			}
			if _, isKnown := known[p.Name]; isKnown && p.Description == "" || len(p.Description) > 1000 {
				t.Errorf("description length %d", len(p.Description))
			}
			if p.CreateDate.IsZero() || p.UpdateDate.Before(p.CreateDate) {
				t.Errorf("dates: created %v, updated %v", p.CreateDate, p.UpdateDate)
			}
			if p.DefaultVersionID == "v1" && !p.UpdateDate.Equal(p.CreateDate) {
				t.Errorf("v1 policy updated %v after creation %v", p.UpdateDate, p.CreateDate)
			}
			var doc struct {
				Version   string
				Statement json.RawMessage
			}
			if err := json.Unmarshal(p.Document, &doc); err != nil {
				t.Fatalf("document: %v", err)
			}
			// A single statement may stand as an object.
			var stmts []map[string]any
			if err := json.Unmarshal(doc.Statement, &stmts); err != nil {
				var one map[string]any
				if err := json.Unmarshal(doc.Statement, &one); err != nil {
					t.Fatalf("statements: %v", err)
				}
				stmts = []map[string]any{one}
			}
			if doc.Version != "2012-10-17" && doc.Version != "2008-10-17" {
				t.Errorf("Version = %q", doc.Version)
			}
			if len(stmts) == 0 {
				t.Error("no statements")
			}
			for i, s := range stmts {
				if s["Effect"] != "Allow" && s["Effect"] != "Deny" {
					t.Errorf("statement %d: Effect %v", i, s["Effect"])
				}
				if s["Resource"] == nil && s["NotResource"] == nil {
					t.Errorf("statement %d: no Resource", i)
				}
			}
			if !strings.HasPrefix(string(p.Document), "{\n    \"") {
				t.Errorf("document is not pretty-printed as AWS shows it: %.40q", p.Document)
			}
		})
	}
}

func TestLookups(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, arn string
		found     bool
		version   string
	}{
		{"AdministratorAccess", "arn:aws:iam::aws:policy/AdministratorAccess", true, "v1"},
		{"ViewOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", true, ""},
		{"Billing", "arn:aws:iam::aws:policy/job-function/Billing", true, ""},
		{"administratoraccess", "arn:aws:iam::aws:policy/administratoraccess", false, ""},
		{"NoSuchPolicy", "arn:aws:iam::aws:policy/NoSuchPolicy", false, ""},
		{"", "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.arn, func(t *testing.T) {
			t.Parallel()
			byARN, ok := managed.ByARN(tt.arn)
			if ok != tt.found {
				t.Fatalf("ByARN(%q) found = %v, want %v", tt.arn, ok, tt.found)
			}
			byName, ok := managed.ByName(tt.name)
			if ok != tt.found {
				t.Fatalf("ByName(%q) found = %v, want %v", tt.name, ok, tt.found)
			}
			if !tt.found {
				return
			}
			if byARN.PolicyID != byName.PolicyID || byARN.Name != tt.name {
				t.Errorf("ByARN and ByName disagree: %+v vs %+v", byARN.Name, byName.Name)
			}
			if tt.version != "" && byARN.DefaultVersionID != tt.version {
				t.Errorf("DefaultVersionID = %q, want %q", byARN.DefaultVersionID, tt.version)
			}
		})
	}
}

func TestKnownIdentifiers(t *testing.T) {
	t.Parallel()
	p, _ := managed.ByName("AdministratorAccess")
	if p.PolicyID != "ANPAIWMBCKSKIEE64ZLYK" {
		t.Errorf("AdministratorAccess PolicyID = %q", p.PolicyID)
	}
	if got := p.CreateDate.Format("2006-01-02T15:04:05Z"); got != "2015-02-06T18:39:46Z" {
		t.Errorf("AdministratorAccess CreateDate = %s", got)
	}
}

func TestResultsAreCopies(t *testing.T) {
	t.Parallel()
	p, _ := managed.ByName("AdministratorAccess")
	p.Document[0] = 'X'
	all := managed.All()
	all[0].Document[0] = 'X'
	again, _ := managed.ByName("AdministratorAccess")
	if again.Document[0] != '{' {
		t.Error("mutating a returned document changed the catalog")
	}
	if first := managed.All()[0]; first.Document[0] != '{' {
		t.Error("mutating All() changed the catalog")
	}
}
