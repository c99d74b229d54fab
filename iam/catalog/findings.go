package catalog

import "strings"

// Finding is one problem the catalog sees in a policy's action or condition
// key, worded as IAM Access Analyzer's policy validation words it. Access
// Analyzer reports these as findings of type ERROR, yet IAM saves such a
// policy (an unknown action simply matches nothing), so the policy editor
// shows them as warnings.
type Finding struct {
	Code    string // Access Analyzer's issue code, e.g. "INVALID_ACTION"
	Title   string // e.g. "Invalid action"
	Message string // Access Analyzer's findingDetails text
}

// String returns the finding as the IAM console shows it: "Title: Message".
func (f *Finding) String() string { return f.Title + ": " + f.Message }

// Issue codes of the findings. All but CodeConditionKeyNotSupported are
// Access Analyzer's; that one is the catalog's own, since Access Analyzer
// checks key support only for the tag keys.
const (
	CodeInvalidAction              = "INVALID_ACTION"
	CodeInvalidServiceInAction     = "INVALID_SERVICE_IN_ACTION"
	CodeInvalidService             = "INVALID_SERVICE"
	CodeInvalidServiceConditionKey = "INVALID_SERVICE_CONDITION_KEY"
	CodeInvalidGlobalConditionKey  = "INVALID_GLOBAL_CONDITION_KEY"
	CodeInvalidConditionKeyFormat  = "INVALID_CONDITION_KEY_FORMAT"
	CodeMissingTagKeyInCondition   = "MISSING_TAG_KEY_IN_CONDITION"
	CodeConditionKeyNotSupported   = "CONDITION_KEY_NOT_SUPPORTED"
)

// CheckAction checks one entry of an Action or NotAction element and returns
// nil when it names an action or is a wildcard that matches some action.
// Otherwise the finding says, in Access Analyzer's words, that the service
// does not exist (INVALID_SERVICE_IN_ACTION) or the action does not
// (INVALID_ACTION), with a "Did you mean" when a known name is one or two
// edits away. A wildcard that matches no action is an INVALID_ACTION too.
func CheckAction(name string) *Finding {
	if name == "*" {
		return nil
	}
	prefix, action, ok := strings.Cut(name, ":")
	if !ok || prefix == "" || action == "" {
		return invalidAction(name, "")
	}
	if strings.ContainsAny(prefix, "*?") {
		if len(MatchActions(name)) == 0 {
			return invalidAction(name, "")
		}
		return nil
	}
	s, ok := Service(prefix)
	if !ok {
		msg := "The service " + prefix + " specified in the action does not exist."
		if near := nearestService(prefix); near != "" {
			msg += " Did you mean " + near + "?"
		}
		return &Finding{Code: CodeInvalidServiceInAction, Title: "Invalid service in action", Message: msg}
	}
	if strings.ContainsAny(action, "*?") {
		if len(MatchActions(name)) == 0 {
			return invalidAction(name, "")
		}
		return nil
	}
	if _, ok := s.Action(action); ok {
		return nil
	}
	near := ""
	if a := nearestAction(s, action); a != nil {
		near = a.full
	}
	return invalidAction(name, near)
}

func invalidAction(name, near string) *Finding {
	msg := "The action " + name + " does not exist."
	if near != "" {
		msg += " Did you mean " + near + "?"
	}
	return &Finding{Code: CodeInvalidAction, Title: "Invalid action", Message: msg}
}

// CheckConditionKey checks a condition key of a statement whose Action
// element lists actions (entries as written, wildcards allowed). It returns
// nil when the key exists and, if actions names any known action, applies to
// at least one of them (ConditionKeyInfo.AppliesTo). Otherwise the finding
// is Access Analyzer's for a malformed key, a missing tag key, an unknown
// global key, an unknown service or an unknown service key; or, for a known
// key that none of the actions supports, CONDITION_KEY_NOT_SUPPORTED.
func CheckConditionKey(key string, actions []string) *Finding {
	prefix, rest, ok := strings.Cut(key, ":")
	if !ok || prefix == "" || rest == "" {
		return &Finding{Code: CodeInvalidConditionKeyFormat, Title: "Invalid condition key format",
			Message: "The condition key format is not valid. Use the format service:keyname."}
	}
	k, ok := ConditionKey(key)
	if !ok {
		return unknownKey(key, prefix)
	}
	known := false
	for _, a := range actions {
		for _, info := range MatchActions(a) {
			if k.AppliesTo(info) {
				return nil
			}
			known = true
		}
	}
	if !known {
		return nil
	}
	return &Finding{Code: CodeConditionKeyNotSupported, Title: "Condition key not supported",
		Message: "The condition key " + key + " is not supported by the actions of this statement, so the request context never has it."}
}

func unknownKey(key, prefix string) *Finding {
	if equalFold(prefix, "aws") {
		if tagKeyTemplate(key) {
			name := key
			if !strings.HasSuffix(name, "/") {
				name += "/"
			}
			return &Finding{Code: CodeMissingTagKeyInCondition, Title: "Missing tag key in condition",
				Message: "The condition key " + key + " must include a tag key to control access based on tags. Use the format " + name + "tag-key and specify a key name for tag-key."}
		}
		return &Finding{Code: CodeInvalidGlobalConditionKey, Title: "Invalid global condition key",
			Message: "The condition key " + key + " does not exist. Use a valid condition key."}
	}
	if s, ok := Service(prefix); ok {
		return &Finding{Code: CodeInvalidServiceConditionKey, Title: "Invalid service condition key",
			Message: "The condition key " + key + " does not exist in the service " + s.Prefix + ". Use a valid condition key."}
	}
	return &Finding{Code: CodeInvalidService, Title: "Invalid service",
		Message: "The service " + prefix + " does not exist. Use a valid service name."}
}

// tagKeyTemplate reports whether key is a global tag key without its tag
// part, as "aws:ResourceTag" or "aws:PrincipalTag/".
func tagKeyTemplate(key string) bool {
	base := strings.TrimSuffix(key, "/")
	for _, k := range get().globals {
		if k.tmpl != nil && hasPrefixFold(k.Name, base+"/") {
			return true
		}
	}
	return false
}

// nearestService returns the service prefix closest to prefix, if it is
// close enough to be a slip of the keyboard.
func nearestService(prefix string) string {
	best, bestD := "", maxEdits(prefix)+1
	for _, s := range get().services {
		if d := editDistance(prefix, s.Prefix, bestD); d < bestD {
			best, bestD = s.Prefix, d
		}
	}
	return best
}

func nearestAction(s *ServiceInfo, name string) *ActionInfo {
	var best *ActionInfo
	bestD := maxEdits(name) + 1
	for _, a := range s.Actions {
		if d := editDistance(name, a.Name, bestD); d < bestD {
			best, bestD = a, d
		}
	}
	return best
}

// maxEdits is how far a suggestion may be: one edit for short names, two
// for longer ones, so that "xyz" suggests nothing but "GetObjec" suggests
// GetObject.
func maxEdits(s string) int {
	if len(s) <= 4 {
		return 1
	}
	return 2
}

// editDistance is the Levenshtein distance of a and b ignoring ASCII case,
// or any value ≥ limit once it is sure to reach limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	var buf [2][65]int
	var prev, cur []int
	if len(b)+1 <= len(buf[0]) {
		prev, cur = buf[0][:len(b)+1], buf[1][:len(b)+1]
	} else {
		prev, cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if lowerASCII(a[i-1]) == lowerASCII(b[j-1]) {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
