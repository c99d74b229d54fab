package managed

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"
)

// ARNPrefix begins the ARN of every AWS-managed policy; the policy's path
// and name follow it.
const ARNPrefix = "arn:aws:iam::aws:policy"

// policiesJSON is the generated catalog (see gen/gen.mjs): a header, then
// one policy a line with its default version's document.
//
//go:embed policies.json
var policiesJSON []byte

// Policy is one AWS-managed policy with the metadata that GetPolicy reports
// and the document of its default version.
type Policy struct {
	Name             string // policy name, e.g. "AdministratorAccess"
	Path             string // "/" or a nested path such as "/job-function/"
	ARN              string // ARNPrefix + Path + Name
	Description      string // AWS's description of the policy, "" where the source has none
	DefaultVersionID string // the default version, e.g. "v1"
	PolicyID         string // the stable unique ID, "ANPA" + 17 characters
	CreateDate       time.Time
	UpdateDate       time.Time
	Document         []byte // the default version's JSON, pretty-printed as AWS shows it
}

// Source names the data the catalog was generated from.
type Source struct {
	Package, Version string
	Policies         int
}

// entry is one policy of policies.json, spelled as the IAM API spells it.
type entry struct {
	PolicyName       string
	PolicyID         string `json:"PolicyId"`
	Arn              string
	Path             string
	DefaultVersionID string `json:"DefaultVersionId"`
	Description      string
	CreateDate       time.Time
	UpdateDate       time.Time
	Document         json.RawMessage
}

// catalog is the parsed, sorted catalog with its lookup indexes. Documents
// are kept compact and pretty-printed the first time one is asked for.
type catalog struct {
	source Source
	all    []Policy // without documents
	raw    [][]byte
	pretty []lazyDoc
	byARN  map[string]int
	byName map[string]int
}

type lazyDoc struct {
	once sync.Once
	doc  []byte
}

// load parses the embedded catalog once. The file is part of the binary
// and checked by the tests, so a failure here is a build defect.
var load = sync.OnceValue(func() *catalog {
	c, err := parse(policiesJSON)
	if err != nil {
		panic("managed: embedded catalog: " + err.Error())
	}
	return c
})

func parse(data []byte) (*catalog, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		return nil, fmt.Errorf("policies.json: %w", err)
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("policies.json: no header")
	}
	var head struct {
		Source, Version string
		Policies        int
	}
	if err := json.Unmarshal(items[0], &head); err != nil {
		return nil, fmt.Errorf("policies.json header: %w", err)
	}
	c := &catalog{source: Source{Package: head.Source, Version: head.Version, Policies: head.Policies},
		byARN: make(map[string]int, len(items)), byName: make(map[string]int, len(items))}
	type parsed struct {
		p   Policy
		raw []byte
	}
	ps := make([]parsed, 0, len(items)-1)
	for _, it := range items[1:] {
		var e entry
		if err := json.Unmarshal(it, &e); err != nil {
			return nil, fmt.Errorf("policies.json: %w", err)
		}
		ps = append(ps, parsed{Policy{Name: e.PolicyName, Path: e.Path, ARN: e.Arn, Description: e.Description,
			DefaultVersionID: e.DefaultVersionID, PolicyID: e.PolicyID, CreateDate: e.CreateDate.UTC(), UpdateDate: e.UpdateDate.UTC()}, e.Document})
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].p.Name < ps[j].p.Name })
	for i, p := range ps {
		c.all = append(c.all, p.p)
		c.raw = append(c.raw, p.raw)
		c.byARN[p.p.ARN] = i
		c.byName[p.p.Name] = i
	}
	c.pretty = make([]lazyDoc, len(ps))
	return c, nil
}

// document is policy i's document pretty-printed with four spaces, as AWS
// stores its managed policies.
func (c *catalog) document(i int) []byte {
	d := &c.pretty[i]
	d.once.Do(func() {
		var b bytes.Buffer
		if err := json.Indent(&b, c.raw[i], "", "    "); err != nil {
			d.doc = c.raw[i]
			return
		}
		d.doc = b.Bytes()
	})
	return bytes.Clone(d.doc)
}

func (c *catalog) full(i int) Policy {
	p := c.all[i]
	p.Document = c.document(i)
	return p
}

// All returns every AWS-managed policy in the catalog, sorted by name,
// with its document.
func All() []Policy {
	c := load()
	out := make([]Policy, len(c.all))
	for i := range c.all {
		out[i] = c.full(i)
	}
	return out
}

// List returns every AWS-managed policy sorted by name, without documents:
// what a listing needs, at a listing's cost.
func List() []Policy {
	c := load()
	return append([]Policy(nil), c.all...)
}

// Catalog names the data the catalog was generated from.
func Catalog() Source { return load().source }

// ByARN returns the AWS-managed policy with the given ARN, such as
// "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess". ARNs match exactly,
// as IAM matches them.
func ByARN(arn string) (Policy, bool) {
	c := load()
	i, ok := c.byARN[arn]
	if !ok {
		return Policy{}, false
	}
	return c.full(i), true
}

// IsAWSManaged reports whether arn names a policy of the catalog, without
// reading its document.
func IsAWSManaged(arn string) bool {
	_, ok := load().byARN[arn]
	return ok
}

// ByName returns the AWS-managed policy with the given name, such as
// "ReadOnlyAccess", whatever its path.
func ByName(name string) (Policy, bool) {
	c := load()
	i, ok := c.byName[name]
	if !ok {
		return Policy{}, false
	}
	return c.full(i), true
}
