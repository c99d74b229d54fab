package catalog

import (
	"strconv"
	"strings"
)

func (d *decoder) resourceType(svc *ServiceInfo, body string, keys []*ConditionKeyInfo) (*ResourceTypeInfo, error) {
	name, rest, _ := strings.Cut(body, "\t")
	keyList, arns, ok := strings.Cut(rest, "\t")
	if name == "" || !ok || arns == "" {
		return nil, d.errorf("resource type without name or ARN format")
	}
	if len(d.rts) == cap(d.rts) {
		return nil, d.errorf("more resource types than counted")
	}
	ks, err := d.keyRefs(keyList, keys)
	if err != nil {
		return nil, err
	}
	formats := d.carveStrs(strings.Count(arns, "\t") + 1)
	compiled := make([]template, len(formats))
	for i := range formats {
		formats[i], arns, _ = strings.Cut(arns, "\t")
		compiled[i], _ = compileTemplate(formats[i], false)
	}
	d.rts = append(d.rts, ResourceTypeInfo{Service: svc, Name: name, ARNFormats: formats, ConditionKeys: ks, formats: compiled})
	return &d.rts[len(d.rts)-1], nil
}

// action decodes "Name\tLevel\tkeys\tdeps\trefs", refs being
// "rt[*][/keys][>deps]" joined by ';'.
func (d *decoder) action(svc *ServiceInfo, body string, keys []*ConditionKeyInfo, rts []*ResourceTypeInfo) error {
	var f [5]string
	for i := range 4 {
		var ok bool
		if f[i], body, ok = strings.Cut(body, "\t"); !ok {
			return d.errorf("action with %d fields", i+1)
		}
	}
	f[4] = body
	if f[0] == "" || strings.Contains(f[4], "\t") {
		return d.errorf("malformed action")
	}
	if len(d.acts) == cap(d.acts) {
		return d.errorf("more actions than counted")
	}
	a := ActionInfo{Service: svc, Name: f[0]}
	switch f[1] {
	case "L":
		a.AccessLevel = LevelList
	case "R":
		a.AccessLevel = LevelRead
	case "W":
		a.AccessLevel = LevelWrite
	case "P":
		a.AccessLevel = LevelPermissionsManagement
	case "T":
		a.AccessLevel = LevelTagging
	default:
		return d.errorf("action %s has access level %q", f[0], f[1])
	}
	var err error
	if a.ConditionKeys, err = d.keyRefs(f[2], keys); err != nil {
		return err
	}
	a.DependentActions = d.list(f[3])
	if f[4] != "" {
		refs := d.carveRefs(strings.Count(f[4], ";") + 1)
		list := f[4]
		for i := range refs {
			var ref string
			ref, list, _ = strings.Cut(list, ";")
			ref, deps, _ := strings.Cut(ref, ">")
			ref, keyList, _ := strings.Cut(ref, "/")
			ref, required := strings.CutSuffix(ref, "*")
			n, err := strconv.Atoi(ref)
			if err != nil || n < 0 || n >= len(rts) {
				return d.errorf("action %s names resource type %q", f[0], ref)
			}
			refs[i] = ActionResourceType{ResourceType: rts[n], Required: required, DependentActions: d.list(deps)}
			if refs[i].ConditionKeys, err = d.keyRefs(keyList, keys); err != nil {
				return err
			}
		}
		a.ResourceTypes = refs
	}
	d.acts = append(d.acts, a)
	d.names = append(append(append(d.names, svc.Prefix...), ':'), a.Name...)
	d.ends = append(d.ends, uint32(len(d.names)))
	return nil
}

// keyRefs resolves a comma-separated list of indices into the service's keys.
func (d *decoder) keyRefs(list string, keys []*ConditionKeyInfo) ([]*ConditionKeyInfo, error) {
	if list == "" {
		return nil, nil
	}
	out := d.carveKeyPtrs(strings.Count(list, ",") + 1)
	for i := range out {
		var f string
		f, list, _ = strings.Cut(list, ",")
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 || n >= len(keys) {
			return nil, d.errorf("condition key reference %q", f)
		}
		out[i] = keys[n]
	}
	return out, nil
}

func (d *decoder) list(s string) []string {
	if s == "" {
		return nil
	}
	out := d.carveStrs(strings.Count(s, ",") + 1)
	for i := range out {
		out[i], s, _ = strings.Cut(s, ",")
	}
	return out
}

// The carve functions hand out n elements of a chunked arena, capped so that
// an append by a caller cannot overwrite a neighbour.
const chunk = 4096

func carve[T any](pool *[]T, n int) []T {
	if len(*pool) < n {
		*pool = make([]T, max(chunk, n))
	}
	out := (*pool)[:n:n]
	*pool = (*pool)[n:]
	return out
}

func (d *decoder) carveKeyPtrs(n int) []*ConditionKeyInfo { return carve(&d.keyPtrs, n) }
func (d *decoder) carveActPtrs(n int) []*ActionInfo       { return carve(&d.actPtrs, n) }
func (d *decoder) carveRefs(n int) []ActionResourceType   { return carve(&d.refs, n) }
func (d *decoder) carveStrs(n int) []string               { return carve(&d.strs, n) }
