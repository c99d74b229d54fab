package catalog

import (
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync"
)

//go:embed catalog.txt
var rawCatalog string

// dataFormat is the layout version the decoder reads; the generator writes it
// in the header line.
const dataFormat = "1"

type catalog struct {
	version  string
	globals  []*ConditionKeyInfo // sorted by compareFold
	services []*ServiceInfo      // sorted by prefix
	// foreign are keys a service lists under another prefix (sts lists
	// accounts.google.com:aud, saml:aud, …), sorted by compareFold.
	foreign []*ConditionKeyInfo
	// templates are the distinct templated keys, global ones first.
	templates []*ConditionKeyInfo
	actions   actionIndex // every action by full name, for LookupAction
}

var (
	loadOnce sync.Once
	loaded   *catalog
)

// get decodes the embedded catalog on first use. The data is generated and
// tested, so a decode error is a build defect: it panics.
func get() *catalog {
	loadOnce.Do(func() {
		c, err := decode(rawCatalog)
		if err != nil {
			panic("catalog: embedded data: " + err.Error())
		}
		loaded = c
	})
	return loaded
}

// decoder holds the arenas the records are carved from, so that decoding
// makes a few large allocations instead of one per record.
type decoder struct {
	line    int
	keys    []ConditionKeyInfo
	rts     []ResourceTypeInfo
	acts    []ActionInfo
	keyPtrs []*ConditionKeyInfo
	actPtrs []*ActionInfo
	refs    []ActionResourceType
	strs    []string
	names   []byte   // "svc:Action" of every action, back to back
	ends    []uint32 // end offset in names of each action's full name
}

func (d *decoder) errorf(format string, args ...any) error {
	return fmt.Errorf("line %d: %s", d.line, fmt.Sprintf(format, args...))
}

func decode(data string) (*catalog, error) {
	d := &decoder{}
	// Size the arenas in one pass over the line starts.
	var nKeys, nRTs, nActs int
	for i := 0; ; {
		j := strings.IndexByte(data[i:], '\n')
		if j < 0 || i+j+1 >= len(data) {
			break
		}
		i += j + 1
		switch data[i] {
		case 'g', 'k':
			nKeys++
		case 'r':
			nRTs++
		case 'a':
			nActs++
		}
	}
	d.keys = make([]ConditionKeyInfo, 0, nKeys)
	d.rts = make([]ResourceTypeInfo, 0, nRTs)
	d.acts = make([]ActionInfo, 0, nActs)
	d.names = make([]byte, 0, nActs*40)
	d.ends = make([]uint32, 0, nActs)

	c := &catalog{}
	header, rest, _ := strings.Cut(data, "\n")
	d.line = 1
	f := strings.Split(header, "\t")
	if len(f) != 4 || f[0] != "iamcatalog" || f[1] != dataFormat {
		return nil, d.errorf("not a catalog of format %s: %q", dataFormat, header)
	}
	c.version = f[3]

	var svc *ServiceInfo
	phase := 0 // within a service: 0 keys, 1 resource types, 2 actions
	var svcKeys []*ConditionKeyInfo
	var svcRTs []*ResourceTypeInfo
	actStart := 0
	finish := func() error {
		if svc == nil {
			return nil
		}
		svc.ConditionKeys = svcKeys
		svc.ResourceTypes = svcRTs
		n := len(d.acts) - actStart
		ptrs := d.carveActPtrs(n)
		for i := range n {
			ptrs[i] = &d.acts[actStart+i]
			if i > 0 && compareFold(ptrs[i-1].Name, ptrs[i].Name) >= 0 {
				return fmt.Errorf("service %s: action %s is out of order", svc.Prefix, ptrs[i].Name)
			}
		}
		svc.Actions = ptrs
		return nil
	}

	for rest != "" {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		d.line++
		tag, body, _ := strings.Cut(line, "\t")
		switch tag {
		case "g":
			if svc != nil {
				return nil, d.errorf("global key after the first service")
			}
			name, typ, _ := strings.Cut(body, "\t")
			k, err := d.newKey(name, typ, nil)
			if err != nil {
				return nil, err
			}
			if n := len(c.globals); n > 0 && compareFold(c.globals[n-1].Name, k.Name) >= 0 {
				return nil, d.errorf("global key %s is out of order", k.Name)
			}
			c.globals = append(c.globals, k)
		case "s":
			if err := finish(); err != nil {
				return nil, err
			}
			prefix, name, _ := strings.Cut(body, "\t")
			if prefix == "" || name == "" {
				return nil, d.errorf("service without prefix or name")
			}
			if n := len(c.services); n > 0 && compareFold(c.services[n-1].Prefix, prefix) >= 0 {
				return nil, d.errorf("service %s is out of order", prefix)
			}
			svc = &ServiceInfo{Prefix: prefix, Name: name}
			c.services = append(c.services, svc)
			phase, svcKeys, svcRTs, actStart = 0, nil, nil, len(d.acts)
		case "k":
			if svc == nil || phase != 0 {
				return nil, d.errorf("condition key out of place")
			}
			name, typ, _ := strings.Cut(body, "\t")
			if n := len(svcKeys); n > 0 && compareFold(svcKeys[n-1].Name, name) >= 0 {
				return nil, d.errorf("condition key %s is out of order", name)
			}
			var k *ConditionKeyInfo
			if hasPrefixFold(name, "aws:") {
				// Services list the global tag keys; share the global entry.
				if i := searchFold(len(c.globals), func(i int) string { return c.globals[i].Name }, name); i >= 0 {
					k = c.globals[i]
				}
			}
			if k == nil {
				var err error
				if k, err = d.newKey(name, typ, svc); err != nil {
					return nil, err
				}
			}
			svcKeys = append(svcKeys, k)
		case "r":
			if svc == nil || phase > 1 {
				return nil, d.errorf("resource type out of place")
			}
			phase = 1
			rt, err := d.resourceType(svc, body, svcKeys)
			if err != nil {
				return nil, err
			}
			if n := len(svcRTs); n > 0 && compareFold(svcRTs[n-1].Name, rt.Name) >= 0 {
				return nil, d.errorf("resource type %s is out of order", rt.Name)
			}
			svcRTs = append(svcRTs, rt)
		case "a":
			if svc == nil {
				return nil, d.errorf("action before the first service")
			}
			phase = 2
			if err := d.action(svc, body, svcKeys, svcRTs); err != nil {
				return nil, err
			}
		case "":
			if rest != "" {
				return nil, d.errorf("empty line")
			}
		default:
			return nil, d.errorf("unknown record %q", tag)
		}
	}
	if err := finish(); err != nil {
		return nil, err
	}
	if len(c.services) == 0 {
		return nil, errors.New("no services")
	}

	// One string holds every full action name; each action slices it.
	names := string(d.names)
	start := uint32(0)
	c.actions = newActionIndex(len(d.acts))
	for i := range d.acts {
		d.acts[i].full = names[start:d.ends[i]]
		start = d.ends[i]
		c.actions.add(&d.acts[i])
	}
	c.index()
	return c, nil
}

// index builds the lookup lists for keys outside their own service and for
// templated keys.
func (c *catalog) index() {
	seen := make(map[string]bool)
	addTemplate := func(k *ConditionKeyInfo) {
		if k.tmpl == nil {
			return
		}
		l := strings.ToLower(k.Name)
		if !seen[l] {
			seen[l] = true
			c.templates = append(c.templates, k)
		}
	}
	for _, k := range c.globals {
		addTemplate(k)
	}
	for _, s := range c.services {
		for _, k := range s.ConditionKeys {
			if k.Service == s && hasPrefixFold(k.Name, s.Prefix+":") {
				addTemplate(k)
			}
		}
	}
	for _, s := range c.services {
		for _, k := range s.ConditionKeys {
			if k.Service != s || hasPrefixFold(k.Name, s.Prefix+":") {
				continue
			}
			addTemplate(k)
			c.foreign = append(c.foreign, k)
		}
	}
	// Stable, so that the first service listing a foreign key wins.
	sortStableFold(c.foreign)
	out := c.foreign[:0]
	for i, k := range c.foreign {
		if i == 0 || !equalFold(c.foreign[i-1].Name, k.Name) {
			out = append(out, k)
		}
	}
	c.foreign = out
}

// sortStableFold is an insertion sort: the foreign list is a few hundred
// keys, already grouped.
func sortStableFold(ks []*ConditionKeyInfo) {
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && compareFold(ks[j-1].Name, ks[j].Name) > 0; j-- {
			ks[j-1], ks[j] = ks[j], ks[j-1]
		}
	}
}

func (d *decoder) newKey(name, typ string, svc *ServiceInfo) (*ConditionKeyInfo, error) {
	if name == "" || typ == "" || strings.Contains(typ, "\t") {
		return nil, d.errorf("condition key without name or type")
	}
	if len(d.keys) == cap(d.keys) {
		return nil, d.errorf("more condition keys than counted")
	}
	d.keys = append(d.keys, ConditionKeyInfo{Name: name, Type: KeyType(typ), Service: svc})
	k := &d.keys[len(d.keys)-1]
	if t, ok := compileTemplate(name, true); ok {
		k.tmpl = &t
	}
	return k, nil
}
