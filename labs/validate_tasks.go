package labs

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/managed"
)

// tasks checks the tasks: their IDs, texts, requires and checks.
func (v *validator) tasks() {
	l := v.lab
	if _, ok := v.pos["tasks"]; ok && len(l.Tasks) == 0 {
		v.errorf("tasks", "a lab needs at least one task")
	}
	if len(l.Tasks) > maxTasks {
		v.errorf("tasks", "a lab has at most %d tasks", maxTasks)
	}
	ids := map[string]int{}
	for i, t := range l.Tasks {
		if t == nil || t.ID == "" {
			continue
		}
		p := fmt.Sprintf("tasks[%d].id", i)
		if !taskIDPattern.MatchString(t.ID) {
			v.errorf(p, "a task ID is 1–63 characters of lower-case letters, digits and hyphens")
		} else if j, ok := ids[t.ID]; ok {
			v.errorf(p, "tasks[%d] has this ID already", j)
		}
		ids[t.ID] = i
	}
	for i, t := range l.Tasks {
		if t == nil {
			continue
		}
		p := fmt.Sprintf("tasks[%d]", i)
		v.length(p+".title", t.Title, 120)
		v.markdown(p+".instructions", t.Instructions)
		if len(t.Hints) > maxHints {
			v.errorf(p+".hints", "a task has at most %d hints", maxHints)
		}
		for j, h := range t.Hints {
			v.markdown(fmt.Sprintf("%s.hints[%d]", p, j), h)
		}
		v.markdown(p+".solution", t.Solution)
		for j, r := range t.Requires {
			rp := fmt.Sprintf("%s.requires[%d]", p, j)
			if _, ok := ids[r]; !ok {
				v.errorf(rp, "no task %q", r)
			} else if r == t.ID {
				v.errorf(rp, "a task cannot require itself")
			}
		}
		if len(t.Checks) > maxChecks {
			v.errorf(p+".checks", "a task has at most %d checks", maxChecks)
		}
		if _, ok := v.pos[p+".checks"]; ok && len(t.Checks) == 0 {
			v.errorf(p+".checks", "a task needs at least one check")
		}
		answers := 0
		for j, c := range t.Checks {
			if c == nil {
				continue
			}
			if c.Answer != nil {
				answers++
				if answers == 2 {
					v.errorf(fmt.Sprintf("%s.checks[%d]", p, j), "a task has at most one answer check")
				}
			}
			v.check(fmt.Sprintf("%s.checks[%d]", p, j), c)
		}
	}
	v.requireCycles(ids)
}

// requireCycles reports tasks whose requires lead back to themselves.
func (v *validator) requireCycles(ids map[string]int) {
	const (
		unseen = iota
		active
		finished
	)
	l := v.lab
	state := make([]int, len(l.Tasks))
	var stack []string
	var visit func(i int) bool
	visit = func(i int) bool {
		state[i] = active
		stack = append(stack, l.Tasks[i].ID)
		for j, r := range l.Tasks[i].Requires {
			k, ok := ids[r]
			if !ok || k == i {
				continue
			}
			switch state[k] {
			case active:
				start := slices.Index(stack, r)
				cycle := append(slices.Clone(stack[start:]), r)
				v.errorf(fmt.Sprintf("tasks[%d].requires[%d]", i, j), "requires form a cycle: %s", strings.Join(cycle, " → "))
				return true
			case unseen:
				if visit(k) {
					return true
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[i] = finished
		return false
	}
	for i, t := range l.Tasks {
		if t != nil && state[i] == unseen && visit(i) {
			return // one cycle reported; the rest is the same knot
		}
		stack = stack[:0]
	}
}

func (v *validator) markdown(p, s string) {
	if s == "" {
		return
	}
	if len([]rune(s)) > maxText {
		v.errorf(p, "at most %d characters of Markdown (this has %d)", maxText, len([]rune(s)))
		return
	}
	for _, mp := range markdownProblems(s) {
		v.errorAt(p, mp.off, s, "%s", mp.msg)
	}
}

// check validates one check: exactly one kind, and that kind's fields.
func (v *validator) check(p string, c *Check) {
	var kinds []string
	for _, f := range fieldsOf(reflect.TypeFor[Check]()) {
		if f.key != "label" && !reflect.ValueOf(c).Elem().Field(f.index).IsNil() {
			kinds = append(kinds, f.key)
		}
	}
	switch len(kinds) {
	case 0:
		v.errorf(p, "a check has one of event, entity, decision, resource or answer")
		return
	case 1:
	default:
		v.errorf(p, "a check has exactly one of event, entity, decision, resource or answer, not %s", strings.Join(kinds, " and "))
		return
	}
	switch {
	case c.Event != nil:
		v.eventCheck(p+".event", c.Event)
	case c.Entity != nil:
		v.entityCheck(p+".entity", c.Entity)
	case c.Decision != nil:
		v.decisionCheck(p+".decision", c.Decision)
	case c.Resource != nil:
		v.resourceCheck(p+".resource", c.Resource)
	case c.Answer != nil:
		v.answerCheck(p+".answer", c.Answer)
	}
}

func (v *validator) accountKey(p, key string) {
	if key != "" && v.lab.Account(key) == nil {
		v.errorf(p, "no account with key %q", key)
	}
}

func (v *validator) eventCheck(p string, e *EventCheck) {
	if e.Name != "" && !eventPattern.MatchString(e.Name) {
		v.errorf(p+".name", "an event name is letters (with * and ? as wildcards), as CloudTrail's eventName")
	}
	v.accountKey(p+".account", e.Account)
	if e.Outcome != "" && !slices.Contains(Outcomes, e.Outcome) {
		v.errorf(p+".outcome", "outcome %q: use success or failure", e.Outcome)
	}
	if e.ErrorCode != "" && e.Outcome == "success" {
		v.errorf(p+".error_code", "an event with an error code is a failure, not a success")
	}
	if e.Count < 0 || e.Count > 1000 {
		v.errorf(p+".count", "count is 1 to 1000")
	}
	for k := range e.Request {
		if !requestPattern.MatchString(k) {
			v.errorf(join(p+".request", k), "a request parameter is a requestParameters field name such as roleArn")
		}
	}
}

func (v *validator) entityCheck(p string, e *EntityCheck) {
	v.accountKey(p+".account", e.Account)
	var kinds []string
	for _, k := range []struct{ name, val string }{{"user", e.User}, {"group", e.Group}, {"role", e.Role}, {"policy", e.Policy}} {
		if k.val != "" {
			kinds = append(kinds, k.name)
		}
	}
	if len(kinds) != 1 {
		v.errorf(p, "an entity check names exactly one of user, group, role or policy")
		return
	}
	kind := kinds[0]
	applies := map[string][]string{
		"attached": {"user", "group", "role"}, "not_attached": {"user", "group", "role"},
		"inline": {"user", "group", "role"}, "not_inline": {"user", "group", "role"},
		"boundary": {"user", "role"}, "tags": {"user", "role", "policy"},
		"groups": {"user"}, "not_groups": {"user"}, "mfa": {"user"}, "password": {"user"}, "access_keys": {"user"},
		"members": {"group"}, "trusts": {"role"}, "not_trusts": {"role"}, "trust_condition": {"role"}, "max_session": {"role"},
		"versions": {"policy"}, "default_version": {"policy"},
	}
	val := reflect.ValueOf(e).Elem()
	var props []string
	for _, f := range fieldsOf(val.Type()) {
		kinds, ok := applies[f.key]
		if !ok || val.Field(f.index).IsZero() {
			continue
		}
		props = append(props, f.key)
		if !slices.Contains(kinds, kind) {
			v.errorf(join(p, f.key), "%s applies to a %s, not a %s", f.key, strings.Join(kinds, " or "), kind)
		}
	}
	if e.Exists != nil && !*e.Exists && len(props) > 0 {
		v.errorf(p+".exists", "an entity that must not exist has no properties to check (%s)", strings.Join(props, ", "))
	}
	for i, ref := range slices.Concat(e.Attached, e.NotAttached) {
		if strings.HasPrefix(ref, "arn:aws:iam::aws:policy/") {
			if _, ok := managed.ByARN(ref); !ok {
				field, j := "attached", i
				if i >= len(e.Attached) {
					field, j = "not_attached", i-len(e.Attached)
				}
				v.errorf(fmt.Sprintf("%s.%s[%d]", p, field, j), "%q is not an AWS managed policy this console knows", ref)
			}
		}
	}
	if e.DefaultVersion != "" && !regexp.MustCompile(`^v[1-9][0-9]*$`).MatchString(e.DefaultVersion) {
		v.errorf(p+".default_version", "a policy version is v1, v2, …")
	}
	if e.Versions != nil && (*e.Versions < 1 || *e.Versions > 5) {
		v.errorf(p+".versions", "a managed policy has 1 to 5 versions")
	}
}

func (v *validator) decisionCheck(p string, d *DecisionCheck) {
	if d.Principal != "" {
		x, err := arn.Parse(v.env.Expand(d.Principal))
		switch {
		case err != nil || x.Service != "iam":
			v.errorf(p+".principal", "a principal is the ARN of a user, a role or an account's root user")
		case v.accountByID(x.Account) == nil:
			v.errorf(p+".principal", "the principal must be in one of the lab's accounts: write its account as ${account.KEY}")
		case x.Resource != "root" && !strings.HasPrefix(x.Resource, "user/") && !strings.HasPrefix(x.Resource, "role/"):
			v.errorf(p+".principal", "a principal is the ARN of a user, a role or an account's root user")
		}
	}
	if d.Action != "" {
		if _, ok := catalog.LookupAction(d.Action); !ok || strings.ContainsAny(d.Action, "*?") {
			v.errorf(p+".action", "%q is not an action of the service catalog (write service:Action, no wildcards)", d.Action)
		}
	}
	if r := v.env.Expand(d.Resource); r != "" && r != "*" {
		if _, err := arn.Parse(r); err != nil {
			v.errorf(p+".resource", "a resource is an ARN or *")
		}
	}
	if d.Expect != "" && !slices.Contains(Expectations, d.Expect) {
		v.errorf(p+".expect", "expect %q: use %s", d.Expect, strings.Join(Expectations, ", "))
	}
	for k := range d.Context {
		if !strings.Contains(k, ":") {
			v.errorf(join(p+".context", k), "a condition key is service:Name, such as aws:SourceIp")
		}
	}
}

func (v *validator) resourceCheck(p string, r *ResourceCheck) {
	v.accountKey(p+".account", r.Account)
	if r.Kind == "" {
		return
	}
	if _, ok := resourceKinds[r.Kind]; !ok {
		known := "none yet"
		if len(resourceKinds) > 0 {
			var ks []string
			for k := range resourceKinds {
				ks = append(ks, k)
			}
			slices.Sort(ks)
			known = strings.Join(ks, ", ")
		}
		v.errorf(p+".kind", "resource checks of kind %q are not available in this version (available: %s)", r.Kind, known)
	}
}

func (v *validator) answerCheck(p string, a *AnswerCheck) {
	n := 0
	for _, set := range []bool{a.Equals != "", a.Matches != "", len(a.AnyOf) > 0} {
		if set {
			n++
		}
	}
	if n != 1 {
		v.errorf(p, "an answer check has exactly one of equals, matches or any_of")
	}
	v.length(p+".prompt", a.Prompt, 200)
}

// placeholders checks every ${…} of ours in the file.
func (v *validator) placeholders() {
	walkStrings(reflect.ValueOf(v.lab).Elem(), "", func(path, s string) {
		for _, ph := range placeholders(s) {
			if msg := v.placeholder(ph); msg != "" {
				v.errorAt(path, ph.off, s, "%s", msg)
			}
		}
	})
}

func (v *validator) placeholder(ph placeholder) string {
	text := "${" + ph.ns
	if ph.name != "" {
		text += "." + ph.name
	}
	text += "}"
	switch ph.ns {
	case "account", "alias":
		a := v.lab.Account(ph.name)
		switch {
		case a == nil:
			return fmt.Sprintf("%s: no account with key %q", text, ph.name)
		case ph.ns == "alias" && a.Alias == "":
			return fmt.Sprintf("%s: account %s has no alias", text, ph.name)
		}
	case "secret":
		if !slices.Contains(v.lab.Secrets, ph.name) {
			return fmt.Sprintf("%s: no secret %q (declare it under secrets)", text, ph.name)
		}
	case "console":
		if ph.name != "" {
			return fmt.Sprintf("%s: ${console} takes no name", text)
		}
	default:
		return fmt.Sprintf("unknown placeholder %s: use ${account.KEY}, ${alias.KEY}, ${secret.NAME} or ${console}", text)
	}
	return ""
}
