package labs

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/managed"
	"iamconsole/iam/policy"
)

// Bounds of a lab, so that a sandbox of any valid lab starts fast.
const (
	maxAccounts = 5
	maxEntities = 25 // users, groups, roles and policies of one account, each
	maxTasks    = 30
	maxChecks   = 20
	maxHints    = 10
	maxSecrets  = 20
	maxText     = 20_000 // characters of one Markdown text
)

var (
	labIDPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)
	taskIDPattern  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	keyPattern     = regexp.MustCompile(`^[a-z][a-z0-9]{0,19}$`)
	secretPattern  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)
	tagPattern     = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)
	eventPattern   = regexp.MustCompile(`^[A-Za-z*?]{1,64}$`)
	requestPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]{0,63}$`)
)

// aliasSuffixLen is what a sandbox adds to an account's alias: "-" and six
// characters.
const aliasSuffixLen = 7

// validator checks what the decoder cannot: names, references, policy
// documents, Markdown and placeholders.
type validator struct {
	lab      *Lab
	pos      map[string]Pos
	lines    []string
	failed   map[string]bool // values the decoder could not read
	problems Problems
	env      *Env // stand-in values for the placeholders
}

func (v *validator) errorf(path, format string, args ...any) {
	if v.failed[path] {
		return // its problem is reported already
	}
	p := at(v.pos, path)
	v.problems = append(v.problems, Problem{Line: p.Line, Column: p.Column, Path: path, Message: fmt.Sprintf(format, args...)})
}

// errorAt reports a problem at a position inside the text at path.
func (v *validator) errorAt(path string, off int, text string, format string, args ...any) {
	p := v.textPos(path, text, off)
	v.problems = append(v.problems, Problem{Line: p.Line, Column: p.Column, Path: path, Message: fmt.Sprintf(format, args...)})
}

// textPos finds byte offset off of the string value at path in the file:
// exactly for a block scalar (| or >), on the value's first line otherwise.
func (v *validator) textPos(path, text string, off int) Pos {
	p := at(v.pos, path)
	off = min(off, len(text))
	line := strings.Count(text[:off], "\n")
	col := off - (strings.LastIndexByte(text[:off], '\n') + 1)
	if p.Block {
		return Pos{Line: p.Line + 1 + line, Column: p.Indent + col + 1}
	}
	if line == 0 {
		return Pos{Line: p.Line, Column: p.Column + col}
	}
	return Pos{Line: p.Line + line, Column: 1}
}

func (v *validator) validate() {
	l := v.lab
	v.env = stubEnv(l)
	if l.ID != "" && !labIDPattern.MatchString(l.ID) {
		v.errorf("id", "a lab ID is 2–63 characters of lower-case letters, digits and hyphens, starting with a letter or digit")
	}
	v.length("title", l.Title, 120)
	v.length("summary", l.Summary, 500)
	if l.Difficulty != "" && !slices.Contains(Difficulties, l.Difficulty) {
		v.errorf("difficulty", "difficulty %q: use %s", l.Difficulty, strings.Join(Difficulties, ", "))
	}
	if _, ok := v.pos["minutes"]; ok && (l.Minutes < 1 || l.Minutes > 480) {
		v.errorf("minutes", "minutes is the estimated time, 1 to 480")
	}
	for i, t := range l.Tags {
		if !tagPattern.MatchString(t) {
			v.errorf(fmt.Sprintf("tags[%d]", i), "a tag is 1–32 characters of lower-case letters, digits and hyphens")
		}
	}
	v.secrets()
	v.accounts()
	v.learner()
	v.tasks()
	v.placeholders()
}

func (v *validator) length(path, s string, max int) {
	if len([]rune(s)) > max {
		v.errorf(path, "at most %d characters (this has %d)", max, len([]rune(s)))
	}
}

// stubEnv fills placeholders with stand-ins while validating: distinct
// account IDs, aliases as a sandbox makes them, secrets.
func stubEnv(l *Lab) *Env {
	e := &Env{Accounts: map[string]string{}, Aliases: map[string]string{}, Secrets: map[string]string{}, Console: "http://127.0.0.1:8080"}
	for i, a := range l.Accounts {
		if a == nil {
			continue
		}
		e.Accounts[a.Key] = fmt.Sprintf("9000000000%02d", i+1)
		if a.Alias != "" {
			e.Aliases[a.Key] = a.Alias + "-abc234"
		}
	}
	for _, s := range l.Secrets {
		e.Secrets[s] = "S3cretValue"
	}
	return e
}

func (v *validator) secrets() {
	if len(v.lab.Secrets) > maxSecrets {
		v.errorf("secrets", "at most %d secrets", maxSecrets)
	}
	seen := map[string]bool{}
	for i, s := range v.lab.Secrets {
		path := fmt.Sprintf("secrets[%d]", i)
		switch {
		case !secretPattern.MatchString(s):
			v.errorf(path, "a secret's name is 1–32 characters of lower-case letters, digits and _, starting with a letter")
		case seen[s]:
			v.errorf(path, "the secret %q is declared twice", s)
		}
		seen[s] = true
	}
}

func (v *validator) accounts() {
	l := v.lab
	if _, ok := v.pos["accounts"]; ok && len(l.Accounts) == 0 {
		v.errorf("accounts", "a lab needs at least one account")
	}
	if len(l.Accounts) > maxAccounts {
		v.errorf("accounts", "a lab has at most %d accounts", maxAccounts)
	}
	keys := map[string]bool{}
	for i, a := range l.Accounts {
		if a == nil {
			continue
		}
		path := fmt.Sprintf("accounts[%d]", i)
		switch {
		case a.Key != "" && !keyPattern.MatchString(a.Key):
			v.errorf(path+".key", "an account key is 1–20 lower-case letters and digits, starting with a letter")
		case keys[a.Key]:
			v.errorf(path+".key", "the account key %q is used twice", a.Key)
		}
		keys[a.Key] = true
		v.length(path+".name", a.Name, 50)
		if a.Alias != "" {
			if err := iam.ValidateAlias(a.Alias + "-abc234"); err != nil || len(a.Alias) > 63-aliasSuffixLen {
				v.errorf(path+".alias", "an alias is lower-case letters, digits and single hyphens, at most %d characters (each sandbox adds -XXXXXX)", 63-aliasSuffixLen)
			}
		}
		v.entities(path, a)
	}
}

// names checks the names of one kind of entity in an account: valid, and
// unique regardless of case as IAM has them.
func (v *validator) names(path, kind string, names []string, max int) {
	if len(names) > maxEntities {
		v.errorf(path, "an account of a lab has at most %d %s", maxEntities, kind)
	}
	seen := map[string]int{}
	for i, n := range names {
		p := fmt.Sprintf("%s[%d].name", path, i)
		if n == "" {
			continue
		}
		if err := iam.ValidateName(p, "name", n, max); err != nil {
			v.errorf(p, "%s", iam.AsError(err).Message)
			continue
		}
		if j, ok := seen[strings.ToLower(n)]; ok {
			v.errorf(p, "%s[%d] has this name already (names are unique regardless of case)", path, j)
		}
		seen[strings.ToLower(n)] = i
	}
}

func (v *validator) entities(path string, a *Account) {
	var names []string
	for _, u := range a.Users {
		names = append(names, nameOf(u))
	}
	v.names(path+".users", "users", names, 64)
	names = names[:0]
	for _, g := range a.Groups {
		names = append(names, nameOf(g))
	}
	v.names(path+".groups", "groups", names, 128)
	names = names[:0]
	for _, r := range a.Roles {
		names = append(names, nameOf(r))
	}
	v.names(path+".roles", "roles", names, 64)
	names = names[:0]
	for _, p := range a.Policies {
		names = append(names, nameOf(p))
	}
	v.names(path+".policies", "policies", names, 128)

	for i, u := range a.Users {
		if u == nil {
			continue
		}
		p := fmt.Sprintf("%s.users[%d]", path, i)
		v.path(p+".path", u.Path)
		for j, g := range u.Groups {
			if findGroup(a, g) == nil {
				v.errorf(fmt.Sprintf("%s.groups[%d]", p, j), "no group %q in account %s", g, a.Key)
			}
		}
		v.attachments(p, a, u.Policies, u.Inline, u.Boundary)
		v.tags(p+".tags", u.Tags)
	}
	for i, g := range a.Groups {
		if g == nil {
			continue
		}
		p := fmt.Sprintf("%s.groups[%d]", path, i)
		v.path(p+".path", g.Path)
		v.attachments(p, a, g.Policies, g.Inline, "")
	}
	for i, r := range a.Roles {
		if r == nil {
			continue
		}
		p := fmt.Sprintf("%s.roles[%d]", path, i)
		v.path(p+".path", r.Path)
		v.length(p+".description", r.Description, 1000)
		if r.MaxSession != 0 && (r.MaxSession < 3600 || r.MaxSession > 43200) {
			v.errorf(p+".max_session", "a role's maximum session duration is 3600 to 43200 seconds")
		}
		v.document(p+".trust", r.Trust, policy.KindTrust)
		v.attachments(p, a, r.Policies, r.Inline, r.Boundary)
		v.tags(p+".tags", r.Tags)
	}
	for i, pol := range a.Policies {
		if pol == nil {
			continue
		}
		p := fmt.Sprintf("%s.policies[%d]", path, i)
		v.path(p+".path", pol.Path)
		v.length(p+".description", pol.Description, 1000)
		v.document(p+".document", pol.Document, policy.KindManaged)
	}
}

func nameOf(x any) string {
	switch e := x.(type) {
	case *User:
		if e != nil {
			return e.Name
		}
	case *Group:
		if e != nil {
			return e.Name
		}
	case *Role:
		if e != nil {
			return e.Name
		}
	case *Policy:
		if e != nil {
			return e.Name
		}
	}
	return ""
}

func (v *validator) path(p, s string) {
	if err := iam.ValidatePath(p, s); err != nil {
		v.errorf(p, "%s", iam.AsError(err).Message)
	}
}

func (v *validator) tags(p string, tags map[string]string) {
	var ts []iam.Tag
	for k, val := range tags {
		ts = append(ts, iam.Tag{Key: k, Value: val})
	}
	slices.SortFunc(ts, func(a, b iam.Tag) int { return strings.Compare(a.Key, b.Key) })
	if err := iam.ValidateTags(ts); err != nil {
		v.errorf(p, "%s", iam.AsError(err).Message)
	}
}

// attachments checks an entity's managed policies, inline policies and
// boundary.
func (v *validator) attachments(p string, a *Account, policies []string, inline []*Inline, boundary string) {
	for j, ref := range policies {
		if msg := v.policyRef(a, ref); msg != "" {
			v.errorf(fmt.Sprintf("%s.policies[%d]", p, j), "%s", msg)
		}
	}
	seen := map[string]bool{}
	for j, in := range inline {
		if in == nil {
			continue
		}
		ip := fmt.Sprintf("%s.inline[%d]", p, j)
		if in.Name != "" {
			if err := iam.ValidateName(ip+".name", "policyName", in.Name, 128); err != nil {
				v.errorf(ip+".name", "%s", iam.AsError(err).Message)
			} else if seen[strings.ToLower(in.Name)] {
				v.errorf(ip+".name", "the inline policy %q is defined twice", in.Name)
			}
			seen[strings.ToLower(in.Name)] = true
		}
		v.document(ip+".document", in.Document, policy.KindIdentity)
	}
	if boundary != "" {
		if msg := v.policyRef(a, boundary); msg != "" {
			v.errorf(p+".boundary", "%s", msg)
		}
	}
}

// policyRef checks a reference to a managed policy: an AWS managed policy
// ARN, the name of a policy of the account, or an ARN of a lab policy.
func (v *validator) policyRef(a *Account, ref string) string {
	if !strings.HasPrefix(ref, "arn:") {
		if findPolicy(a, ref) == nil {
			return fmt.Sprintf("no policy %q in account %s: name one of its policies or give an ARN", ref, a.Key)
		}
		return ""
	}
	x, err := arn.Parse(v.env.Expand(ref))
	if err != nil || x.Service != "iam" || !strings.HasPrefix(x.Resource, "policy/") {
		return fmt.Sprintf("%q is not a policy ARN", ref)
	}
	if x.Account == "aws" {
		if _, ok := managed.ByARN(v.env.Expand(ref)); !ok {
			return fmt.Sprintf("%q is not an AWS managed policy this console knows", ref)
		}
		return ""
	}
	owner := v.accountByID(x.Account)
	if owner == nil {
		return fmt.Sprintf("%q names an account outside the lab: use ${account.KEY}", ref)
	}
	for _, p := range owner.Policies {
		if p != nil && "policy"+normPath(p.Path)+p.Name == x.Resource {
			return ""
		}
	}
	return fmt.Sprintf("no policy %s in account %s", strings.TrimPrefix(x.Resource, "policy"), owner.Key)
}

func (v *validator) accountByID(id string) *Account {
	for k, got := range v.env.Accounts {
		if got == id {
			return v.lab.Account(k)
		}
	}
	return nil
}

// document validates a policy document as IAM would, placeholders filled.
func (v *validator) document(p string, d Doc, k policy.Kind) {
	if d.JSON == "" {
		return
	}
	text := v.env.Expand(d.JSON)
	doc, err := policy.ParseFor([]byte(text), k)
	if err == nil {
		err = doc.Validate(k)
	}
	if err == nil {
		if k == policy.KindTrust {
			v.trustPrincipals(p, d, doc)
		}
		return
	}
	es, ok := err.(policy.Errors)
	if !ok {
		v.errorf(p, "%v", err)
		return
	}
	for _, e := range es {
		msg := e.Message
		if e.Detail != "" {
			msg += " (" + e.Detail + ")"
		}
		switch {
		case e.Line > 0 && d.text:
			// A JSON string: its lines are the file's, placeholders aside.
			off := lineOffset(d.JSON, e.Line, e.Column)
			v.errorAt(p, off, d.JSON, "%s policy: %s", k, msg)
		case e.Line > 0:
			v.errorf(p, "%s policy, line %d, column %d of its JSON: %s", k, e.Line, e.Column, msg)
		default:
			v.errorf(p, "%s policy: %s", k, msg)
		}
	}
}

// trustPrincipals checks whom a lab's trust policy trusts: principals of
// the lab's own accounts (users and roles it defines), never everyone, as
// a sandbox trusting every principal would trust the other sandboxes on
// the server.
func (v *validator) trustPrincipals(p string, d Doc, doc *policy.Document) {
	report := func(st *policy.Statement, format string, args ...any) {
		if d.text {
			v.errorAt(p, lineOffset(d.JSON, st.Line, st.Column), d.JSON, format, args...)
		} else {
			v.errorf(p, format+" (statement at line %d of its JSON)", append(args, st.Line)...)
		}
	}
	for _, st := range doc.Statements {
		if st.Effect != "Allow" || st.Principal == nil {
			continue
		}
		if st.Principal.Wildcard || slices.Contains(st.Principal.AWS, "*") {
			report(st, "a lab's trust policy may not trust every principal (*): every other sandbox on the server would be trusted too")
			continue
		}
		for _, pr := range st.Principal.AWS {
			acct := pr
			var x arn.ARN
			if !arn.IsAccountID(pr) {
				var err error
				if x, err = arn.Parse(pr); err != nil {
					continue // Validate reported it
				}
				acct = x.Account
			}
			owner := v.accountByID(acct)
			if owner == nil {
				report(st, "the trust policy trusts %s, an account outside the lab: write ${account.KEY}", pr)
				continue
			}
			if typ, rest, ok := strings.Cut(x.Resource, "/"); ok && (typ == "user" || typ == "role") {
				path, name := splitPath("/" + rest)
				if !v.defines(owner, typ, path, name) {
					report(st, "the trust policy names %s %s, which account %s of the lab does not define", typ, path+name, owner.Key)
				}
			}
		}
	}
}

// defines reports whether the lab's account a defines the user or role.
func (v *validator) defines(a *Account, typ, path, name string) bool {
	if typ == "user" {
		for _, u := range a.Users {
			if u != nil && u.Name == name && normPath(u.Path) == path {
				return true
			}
		}
		return false
	}
	for _, r := range a.Roles {
		if r != nil && r.Name == name && normPath(r.Path) == path {
			return true
		}
	}
	return false
}

// lineOffset is the byte offset of a 1-based line and column in s.
func lineOffset(s string, line, col int) int {
	off := 0
	for i := 1; i < line; i++ {
		j := strings.IndexByte(s[off:], '\n')
		if j < 0 {
			return len(s)
		}
		off += j + 1
	}
	return min(off+max(col-1, 0), len(s))
}

func (v *validator) learner() {
	r := v.lab.Learner
	if r == nil {
		return
	}
	a := v.lab.Account(r.Account)
	if a == nil {
		if r.Account != "" {
			v.errorf("learner.account", "no account with key %q", r.Account)
		}
		return
	}
	u := a.User(r.User)
	switch {
	case u == nil && r.User != "":
		v.errorf("learner.user", "no user %q in account %s", r.User, a.Key)
	case u != nil && !u.Password:
		v.errorf("learner.user", "the learner signs in to the console: give %s password: true", u.Name)
	}
}

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

func normPath(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

func findGroup(a *Account, name string) *Group {
	for _, g := range a.Groups {
		if g != nil && g.Name == name {
			return g
		}
	}
	return nil
}

func findPolicy(a *Account, name string) *Policy {
	for _, p := range a.Policies {
		if p != nil && p.Name == name {
			return p
		}
	}
	return nil
}
