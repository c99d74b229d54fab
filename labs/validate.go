package labs

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"iamconsole/iam"
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
		ts = append(ts, iam.Tag{Key: k, Value: v.env.Expand(val)})
	}
	slices.SortFunc(ts, func(a, b iam.Tag) int { return strings.Compare(a.Key, b.Key) })
	if err := iam.ValidateTags(ts); err != nil {
		v.errorf(p, "%s", iam.AsError(err).Message)
	}
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
