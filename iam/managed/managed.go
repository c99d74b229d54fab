package managed

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"sync"
	"time"
)

// ARNPrefix begins the ARN of every AWS-managed policy; the policy's path
// and name follow it.
const ARNPrefix = "arn:aws:iam::aws:policy"

//go:embed catalog.json documents/*.json
var files embed.FS

// Policy is one AWS-managed policy with the metadata that GetPolicy reports
// and the document of its default version.
type Policy struct {
	Name             string // policy name, e.g. "AdministratorAccess"
	Path             string // "/" or a nested path such as "/job-function/"
	ARN              string // ARNPrefix + Path + Name
	Description      string // AWS's description of the policy
	DefaultVersionID string // the default version, e.g. "v1"
	PolicyID         string // the stable unique ID, "ANPA" + 17 characters
	CreateDate       time.Time
	UpdateDate       time.Time
	Document         []byte // the default version's JSON, pretty-printed as AWS shows it
}

// entry is one record of catalog.json, spelled as the IAM API spells it.
type entry struct {
	PolicyName       string
	PolicyID         string `json:"PolicyId"`
	Arn              string
	Path             string
	DefaultVersionID string `json:"DefaultVersionId"`
	Description      string
	CreateDate       time.Time
	UpdateDate       time.Time
}

// catalog is the parsed, sorted catalog with its lookup indexes.
type catalog struct {
	all    []Policy
	byARN  map[string]int
	byName map[string]int
}

// load parses the embedded files once. The files are part of the binary and
// checked by the tests, so a failure here is a build defect.
var load = sync.OnceValue(func() *catalog {
	c, err := parse()
	if err != nil {
		panic("managed: embedded catalog: " + err.Error())
	}
	return c
})

func parse() (*catalog, error) {
	raw, err := files.ReadFile("catalog.json")
	if err != nil {
		return nil, err
	}
	var entries []entry
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, fmt.Errorf("catalog.json: %w", err)
	}
	c := &catalog{byARN: make(map[string]int), byName: make(map[string]int)}
	for _, e := range entries {
		doc, err := files.ReadFile(path.Join("documents", e.PolicyName+".json"))
		if err != nil {
			return nil, err
		}
		c.all = append(c.all, Policy{
			Name:             e.PolicyName,
			Path:             e.Path,
			ARN:              e.Arn,
			Description:      e.Description,
			DefaultVersionID: e.DefaultVersionID,
			PolicyID:         e.PolicyID,
			CreateDate:       e.CreateDate.UTC(),
			UpdateDate:       e.UpdateDate.UTC(),
			Document:         bytes.TrimRight(doc, "\n"),
		})
	}
	sort.Slice(c.all, func(i, j int) bool { return c.all[i].Name < c.all[j].Name })
	for i, p := range c.all {
		c.byARN[p.ARN] = i
		c.byName[p.Name] = i
	}
	return c, nil
}

// clone returns p with its own copy of the document, so that callers cannot
// alter the catalog.
func (p Policy) clone() Policy {
	p.Document = bytes.Clone(p.Document)
	return p
}

// All returns every AWS-managed policy in the catalog, sorted by name.
func All() []Policy {
	c := load()
	out := make([]Policy, len(c.all))
	for i, p := range c.all {
		out[i] = p.clone()
	}
	return out
}

// ByARN returns the AWS-managed policy with the given ARN, such as
// "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess". ARNs match exactly,
// as IAM matches them.
func ByARN(arn string) (Policy, bool) {
	c := load()
	i, ok := c.byARN[arn]
	if !ok {
		return Policy{}, false
	}
	return c.all[i].clone(), true
}

// ByName returns the AWS-managed policy with the given name, such as
// "ReadOnlyAccess", whatever its path.
func ByName(name string) (Policy, bool) {
	c := load()
	i, ok := c.byName[name]
	if !ok {
		return Policy{}, false
	}
	return c.all[i].clone(), true
}
