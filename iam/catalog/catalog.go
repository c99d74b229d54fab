package catalog

// Action is an IAM action name, "service:ActionName", as written in a policy's
// Action element. The generated constants (IAMCreateRole, S3GetObject, …)
// have this type; any string converts to it.
type Action string

// String returns the action name.
func (a Action) String() string { return string(a) }

// Info returns the catalog entry of the action, as LookupAction does.
func (a Action) Info() (*ActionInfo, bool) { return LookupAction(string(a)) }

// AccessLevel is the access level the Service Authorization Reference gives an
// action: how the IAM console's policy summaries group it.
type AccessLevel uint8

// The access levels, in the order AWS lists them.
const (
	LevelList AccessLevel = iota + 1
	LevelRead
	LevelWrite
	LevelPermissionsManagement
	LevelTagging
)

// String returns AWS's name for the level ("List", "Read", "Write",
// "Permissions management", "Tagging"), or "" for the zero value.
func (l AccessLevel) String() string {
	switch l {
	case LevelList:
		return "List"
	case LevelRead:
		return "Read"
	case LevelWrite:
		return "Write"
	case LevelPermissionsManagement:
		return "Permissions management"
	case LevelTagging:
		return "Tagging"
	}
	return ""
}

// KeyType is the data type the reference gives a condition key; it decides
// which condition operators suit the key.
type KeyType string

// The condition key types the reference uses.
const (
	KeyString         KeyType = "String"
	KeyArrayOfString  KeyType = "ArrayOfString"
	KeyARN            KeyType = "ARN"
	KeyArrayOfARN     KeyType = "ArrayOfARN"
	KeyBool           KeyType = "Bool"
	KeyArrayOfBool    KeyType = "ArrayOfBool"
	KeyNumeric        KeyType = "Numeric"
	KeyArrayOfNumeric KeyType = "ArrayOfNumeric"
	KeyDate           KeyType = "Date"
	KeyIPAddress      KeyType = "IPAddress"
)

// MultiValued reports whether keys of this type carry a set of values in the
// request context, so that conditions on them need ForAllValues or
// ForAnyValue.
func (t KeyType) MultiValued() bool {
	return len(t) > len("ArrayOf") && t[:len("ArrayOf")] == "ArrayOf"
}

// ServiceInfo is one AWS service of the reference. Its slices are shared and
// must not be modified.
type ServiceInfo struct {
	Prefix        string              // service prefix, e.g. "iam"
	Name          string              // e.g. "AWS Identity and Access Management (IAM)"
	Actions       []*ActionInfo       // sorted by name, case-insensitively
	ResourceTypes []*ResourceTypeInfo // sorted by name, case-insensitively
	ConditionKeys []*ConditionKeyInfo // the keys the service lists, aws:* ones included
}

// ActionInfo is one action of a service. Its slices are shared and must not
// be modified.
type ActionInfo struct {
	Service     *ServiceInfo
	Name        string // without the service prefix, e.g. "CreateRole"
	AccessLevel AccessLevel
	// ResourceTypes are the resource types the action applies to; none means
	// the action supports only "*" in the Resource element.
	ResourceTypes []ActionResourceType
	// ConditionKeys are the keys the action supports beyond those of its
	// resource types.
	ConditionKeys    []*ConditionKeyInfo
	DependentActions []string // further actions the request needs, "svc:Action"

	full string // "iam:CreateRole"
}

// String returns the full action name, e.g. "iam:CreateRole".
func (a *ActionInfo) String() string { return a.full }

// Action returns the full action name as an Action.
func (a *ActionInfo) Action() Action { return Action(a.full) }

// ActionResourceType is one resource type an action applies to.
type ActionResourceType struct {
	ResourceType *ResourceTypeInfo
	// Required reports whether the action always needs a resource of this
	// type (the reference's asterisk); otherwise the type applies only to
	// some requests.
	Required         bool
	ConditionKeys    []*ConditionKeyInfo // keys the action supports for this type
	DependentActions []string
}

// ResourceTypeInfo is one resource type of a service. Its slices are shared
// and must not be modified.
type ResourceTypeInfo struct {
	Service *ServiceInfo
	Name    string // e.g. "role"
	// ARNFormats are the ARN templates of the type, e.g.
	// "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}".
	ARNFormats    []string
	ConditionKeys []*ConditionKeyInfo

	formats []template
}

// Matches reports whether arn has the shape of one of the type's ARN formats:
// each ${Variable} of a format stands for a non-empty run of characters,
// staying inside its ARN segment as arn.Match's wildcards do (no colon
// before the resource segment), and everything else must match exactly. A wildcard in
// arn is an ordinary character here, so "arn:aws:s3:::bucket/*" has the
// shape of an object ARN.
func (r *ResourceTypeInfo) Matches(arn string) bool {
	_, ok := r.match(arn)
	return ok
}

// match returns the number of literal characters of the best-matching format,
// which ResourceTypeFor uses to prefer the most specific type.
func (r *ResourceTypeInfo) match(arn string) (int, bool) {
	best, ok := 0, false
	for i := range r.formats {
		f := &r.formats[i]
		if f.literal > best || !ok {
			if f.match(arn, false) {
				best, ok = f.literal, true
			}
		}
	}
	return best, ok
}

// ConditionKeyInfo is one condition key: a global key (aws:…) or one a
// service defines. A templated key such as "aws:ResourceTag/${TagKey}" or
// "s3:ExistingObjectTag/<key>" stands for every key its template matches.
type ConditionKeyInfo struct {
	Name    string // as the reference spells it
	Type    KeyType
	Service *ServiceInfo // the service that lists it; nil for a global key

	tmpl *template // nil unless the name has a ${…} or <…> part
}

// Global reports whether the key is one of AWS's global condition keys.
func (k *ConditionKeyInfo) Global() bool { return k.Service == nil }

// Templated reports whether the name has a variable part, such as the tag key
// of aws:ResourceTag/${TagKey}.
func (k *ConditionKeyInfo) Templated() bool { return k.tmpl != nil }

// Matches reports whether key names this condition key: equal ignoring case,
// or matching its template, where each variable part stands for a non-empty
// run of any characters.
func (k *ConditionKeyInfo) Matches(key string) bool {
	if k.tmpl != nil {
		return k.tmpl.match(key, true)
	}
	return equalFold(k.Name, key)
}

// AppliesTo reports whether the key can be present in the request context of
// action a: whether a policy condition on it can matter for the action.
// Global keys apply to every action, except the tag keys aws:RequestTag/…,
// aws:ResourceTag/… and aws:TagKeys, which AWS sets only for the actions and
// resource types the reference lists them with (as IAM Access Analyzer's
// "unsupported tag condition key" checks assume). Any other key applies
// where the reference lists it for the action or for one of its resource
// types.
func (k *ConditionKeyInfo) AppliesTo(a *ActionInfo) bool {
	if k.Service == nil && !isTagKey(k.Name) {
		return true
	}
	for _, c := range a.ConditionKeys {
		if equalFold(c.Name, k.Name) {
			return true
		}
	}
	for i := range a.ResourceTypes {
		rt := &a.ResourceTypes[i]
		for _, c := range rt.ConditionKeys {
			if equalFold(c.Name, k.Name) {
				return true
			}
		}
		for _, c := range rt.ResourceType.ConditionKeys {
			if equalFold(c.Name, k.Name) {
				return true
			}
		}
	}
	return false
}

func isTagKey(name string) bool {
	return equalFold(name, "aws:RequestTag/${TagKey}") ||
		equalFold(name, "aws:ResourceTag/${TagKey}") ||
		equalFold(name, "aws:TagKeys")
}

// ResourceType names one resource type of the catalog. The generated
// variables (IAMRole, S3Object, DynamoDBTable, EC2Instance, …) embed it and
// add an ARN builder whose parameters follow the type's ARN format.
type ResourceType struct{ service, name string }

// ServicePrefix returns the prefix of the service that defines the type.
func (t ResourceType) ServicePrefix() string { return t.service }

// Name returns the type's name in the reference, e.g. "role".
func (t ResourceType) Name() string { return t.name }

// Info returns the catalog entry of the type.
func (t ResourceType) Info() *ResourceTypeInfo {
	if s, ok := Service(t.service); ok {
		if r, ok := s.ResourceType(t.name); ok {
			return r
		}
	}
	return nil
}
