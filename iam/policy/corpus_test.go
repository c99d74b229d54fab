package policy_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"iamconsole/iam/policy"
)

// The golden corpus pins the evaluation engine to AWS's documented policy
// evaluation logic. Each file in testdata/corpus holds a JSON array of cases;
// the format is described on corpusCase.

// minCorpusCases guards against the corpus being truncated by accident.
const minCorpusCases = 250

// corpusCase is one golden case: the policies in force, one request, and the
// decision AWS makes for it.
type corpusCase struct {
	Name     string             `json:"name"`
	Doc      string             `json:"doc"`      // the AWS rule the case checks
	Identity []json.RawMessage  `json:"identity"` // ids "identity[i]"
	Boundary json.RawMessage    `json:"boundary"` // id "boundary"; presence sets HasBoundary
	Session  *[]json.RawMessage `json:"session"`  // ids "session[i]"; presence (even []) sets HasSession
	Resource json.RawMessage    `json:"resource"` // id "resource"
	Trust    bool               `json:"trust"`    // Resource is a role trust policy
	Request  corpusRequest      `json:"request"`
	Want     corpusWant         `json:"want"`
}

type corpusPrincipal struct {
	Type         string            `json:"type"`
	ARN          string            `json:"arn"`
	PrincipalARN string            `json:"principal_arn"`
	Account      string            `json:"account"`
	UniqueID     string            `json:"unique_id"`
	UserName     string            `json:"user_name"`
	SessionName  string            `json:"session_name"`
	Service      string            `json:"service"`
	Tags         map[string]string `json:"tags"`
}

type corpusRequest struct {
	Principal       corpusPrincipal     `json:"principal"`
	Action          string              `json:"action"`
	Resource        string              `json:"resource"`
	ResourceAccount string              `json:"resource_account"`
	Context         map[string][]string `json:"context"`
}

type corpusWant struct {
	Effect    string `json:"effect"`
	Policy    string `json:"policy"`
	Statement *int   `json:"statement"`
	Missing   string `json:"missing"`
}

var principalTypes = map[string]policy.PrincipalType{
	"Account":       policy.PrincipalRoot,
	"User":          policy.PrincipalUser,
	"AssumedRole":   policy.PrincipalAssumedRole,
	"FederatedUser": policy.PrincipalFederated,
	"Anonymous":     policy.PrincipalAnonymous,
	"Service":       policy.PrincipalService,
}

var layerNames = map[policy.Layer]string{
	policy.LayerNone:     "",
	policy.LayerIdentity: "identity",
	policy.LayerBoundary: "boundary",
	policy.LayerSession:  "session",
	policy.LayerResource: "resource",
	policy.LayerTrust:    "trust",
}

// loadCorpus reads every case, failing on unknown fields so that a typo in a
// case cannot silently drop a policy or a context key.
func loadCorpus(t *testing.T) map[string][]corpusCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no corpus files in testdata/corpus")
	}
	corpus := make(map[string][]corpusCase, len(files))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		var cases []corpusCase
		if err := dec.Decode(&cases); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		corpus[strings.TrimSuffix(filepath.Base(file), ".json")] = cases
	}
	return corpus
}

func TestCorpusWellFormed(t *testing.T) {
	t.Parallel()
	seen := map[string]string{}
	total := 0
	for file, cases := range loadCorpus(t) {
		for i, c := range cases {
			total++
			where := fmt.Sprintf("%s.json case %d (%q)", file, i, c.Name)
			if c.Name == "" || c.Doc == "" {
				t.Errorf("%s: name and doc are required", where)
			}
			if prev, dup := seen[c.Name]; dup {
				t.Errorf("%s: name already used in %s", where, prev)
			}
			seen[c.Name] = file
			switch c.Want.Effect {
			case "Allow", "ExplicitDeny":
				if c.Want.Policy == "" || c.Want.Statement == nil || c.Want.Missing != "" {
					t.Errorf("%s: %s needs policy and statement, no missing", where, c.Want.Effect)
				}
			case "ImplicitDeny":
				if c.Want.Policy != "" || c.Want.Statement != nil || c.Want.Missing == "" {
					t.Errorf("%s: ImplicitDeny needs missing, no policy or statement", where)
				}
			default:
				t.Errorf("%s: unknown effect %q", where, c.Want.Effect)
			}
			if c.Trust && c.Resource == nil {
				t.Errorf("%s: trust without a resource policy", where)
			}
			if _, ok := principalTypes[c.Request.Principal.Type]; !ok {
				t.Errorf("%s: unknown principal type %q", where, c.Request.Principal.Type)
			}
		}
	}
	if total < minCorpusCases {
		t.Errorf("corpus has %d cases, want at least %d", total, minCorpusCases)
	}
}

func TestCorpus(t *testing.T) {
	t.Parallel()
	for file, cases := range loadCorpus(t) {
		for _, c := range cases {
			t.Run(file+"/"+c.Name, func(t *testing.T) {
				t.Parallel()
				req, set := c.build(t)
				got := policy.Evaluate(req, set)
				if diff := c.diff(got); diff != "" {
					t.Errorf("case %s (%s)\n  rule: %s\n%s", c.Name, file, c.Doc, diff)
				}
				explained := policy.Explain(req, set)
				if explained.Effect != got.Effect || explained.Decisive != got.Decisive || explained.Missing != got.Missing {
					t.Errorf("case %s: Explain decided %s %+v (missing %s), Evaluate %s %+v (missing %s)",
						c.Name, explained.Effect, explained.Decisive, explained.Missing, got.Effect, got.Decisive, got.Missing)
				}
				if got.Effect != policy.ImplicitDeny && !containsMatch(explained.Matched, explained.Decisive) {
					t.Errorf("case %s: Explain's Matched %+v lacks the decisive %+v", c.Name, explained.Matched, explained.Decisive)
				}
				if got.Effect != policy.Allow && got.Message(req) == "" {
					t.Errorf("case %s: empty denial message", c.Name)
				}
			})
		}
	}
}

func containsMatch(ms []policy.Match, m policy.Match) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

// build compiles the case's policies and assembles the request.
func (c corpusCase) build(t *testing.T) (*policy.Request, *policy.Set) {
	t.Helper()
	compile := func(id string, doc json.RawMessage, k policy.Kind) *policy.Policy {
		p, err := policy.Compile(id, doc, k)
		if err != nil {
			t.Fatalf("case %s: compile %s: %v\n%s", c.Name, id, err, doc)
		}
		return p
	}
	set := &policy.Set{Trust: c.Trust}
	for i, doc := range c.Identity {
		set.Identity = append(set.Identity, compile(fmt.Sprintf("identity[%d]", i), doc, policy.KindIdentity))
	}
	if c.Boundary != nil {
		set.HasBoundary = true
		set.Boundary = []*policy.Policy{compile("boundary", c.Boundary, policy.KindBoundary)}
	}
	if c.Session != nil {
		set.HasSession = true
		for i, doc := range *c.Session {
			set.Session = append(set.Session, compile(fmt.Sprintf("session[%d]", i), doc, policy.KindSession))
		}
	}
	if c.Resource != nil {
		kind := policy.KindResource
		if c.Trust {
			kind = policy.KindTrust
		}
		set.Resource = compile("resource", c.Resource, kind)
	}
	p := c.Request.Principal
	req := &policy.Request{
		Principal: policy.Principal{
			Type:         principalTypes[p.Type],
			ARN:          p.ARN,
			PrincipalARN: p.PrincipalARN,
			Account:      p.Account,
			UniqueID:     p.UniqueID,
			UserName:     p.UserName,
			SessionName:  p.SessionName,
			Service:      p.Service,
			Tags:         p.Tags,
		},
		Action:          c.Request.Action,
		Resource:        c.Request.Resource,
		ResourceAccount: c.Request.ResourceAccount,
	}
	if c.Request.Context != nil {
		req.Context = policy.NewContext()
		for k, v := range c.Request.Context {
			req.Context.Set(k, v...)
		}
	}
	return req, set
}

// diff describes how got departs from the case's expectation, or returns "".
func (c corpusCase) diff(got policy.Decision) string {
	gotStmt := got.Decisive.Statement
	wantStmt := -1
	if c.Want.Statement != nil {
		wantStmt = *c.Want.Statement
	}
	mismatch := got.Effect.String() != c.Want.Effect
	if c.Want.Effect == "ImplicitDeny" {
		mismatch = mismatch || layerNames[got.Missing] != c.Want.Missing
	} else {
		mismatch = mismatch || got.Decisive.Policy != c.Want.Policy || gotStmt != wantStmt
	}
	if !mismatch {
		return ""
	}
	return fmt.Sprintf("  want: %s\n  got:  %s",
		describe(c.Want.Effect, c.Want.Policy, wantStmt, c.Want.Missing),
		describe(got.Effect.String(), got.Decisive.Policy, gotStmt, layerNames[got.Missing]))
}

func describe(effect, policyID string, statement int, missing string) string {
	if effect == "ImplicitDeny" {
		return fmt.Sprintf("ImplicitDeny (missing: %s)", missing)
	}
	return fmt.Sprintf("%s by %s statement %d", effect, policyID, statement)
}
