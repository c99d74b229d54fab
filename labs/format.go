package labs

// Lab is one training lab as its file describes it: what it is, the
// organization a sandbox of it starts with, and the tasks a learner works
// through. Strings may hold placeholders (see Expand) that a sandbox fills
// in with its own account IDs, aliases and secrets.
type Lab struct {
	ID         string   `lab:"id,required"`
	Title      string   `lab:"title,required"`
	Summary    string   `lab:"summary,required"`
	Difficulty string   `lab:"difficulty,required"`
	Minutes    int      `lab:"minutes,required"`
	Tags       []string `lab:"tags"`
	// Secrets name random values made for each sandbox (flags to find,
	// external IDs), used as ${secret.NAME}.
	Secrets  []string   `lab:"secrets"`
	Accounts []*Account `lab:"accounts,required"`
	// Learner is who the learner starts as: a user with a console password.
	Learner *Ref    `lab:"learner,required"`
	Tasks   []*Task `lab:"tasks,required"`

	// File is where the lab was read from ("" for a lab built in code), and
	// Digest the SHA-256 of its text.
	File   string `lab:"-"`
	Digest string `lab:"-"`
	// Builtin is true for the labs embedded in the binary.
	Builtin bool `lab:"-"`
	// pos maps a value's path (accounts[0].users[1].name) to where it is.
	pos map[string]Pos
	// order is the tasks, each after those it requires.
	order []*Task
}

// Ref names an IAM user of one of the lab's accounts.
type Ref struct {
	Account string `lab:"account,required"`
	User    string `lab:"user,required"`
}

// Account is one account of the lab's organization with its IAM entities.
type Account struct {
	// Key names the account inside the lab: ${account.KEY} is its ID.
	Key  string `lab:"key,required"`
	Name string `lab:"name"`
	// Alias is the base of the sandbox account's alias: each sandbox adds
	// its own suffix, since aliases are unique on the server.
	Alias string `lab:"alias"`
	// RootPassword gives the root user a console password.
	RootPassword bool      `lab:"root_password"`
	Users        []*User   `lab:"users"`
	Groups       []*Group  `lab:"groups"`
	Roles        []*Role   `lab:"roles"`
	Policies     []*Policy `lab:"policies"`
}

// User is an IAM user of a lab account.
type User struct {
	Name string `lab:"name,required"`
	Path string `lab:"path"`
	// Password gives the user a generated console password; AccessKey a
	// generated access key.
	Password  bool     `lab:"password"`
	AccessKey bool     `lab:"access_key"`
	Groups    []string `lab:"groups"`
	// Policies are managed policies to attach: an AWS managed policy ARN,
	// the name of a customer managed policy of the same account, or a
	// policy ARN (with placeholders).
	Policies []string          `lab:"policies"`
	Inline   []*Inline         `lab:"inline"`
	Boundary string            `lab:"boundary"`
	Tags     map[string]string `lab:"tags"`
}

// Group is an IAM group of a lab account.
type Group struct {
	Name     string    `lab:"name,required"`
	Path     string    `lab:"path"`
	Policies []string  `lab:"policies"`
	Inline   []*Inline `lab:"inline"`
}

// Role is an IAM role of a lab account.
type Role struct {
	Name        string            `lab:"name,required"`
	Path        string            `lab:"path"`
	Description string            `lab:"description"`
	Trust       Doc               `lab:"trust,required"`
	MaxSession  int               `lab:"max_session"`
	Policies    []string          `lab:"policies"`
	Inline      []*Inline         `lab:"inline"`
	Boundary    string            `lab:"boundary"`
	Tags        map[string]string `lab:"tags"`
}

// Policy is a customer managed policy of a lab account.
type Policy struct {
	Name        string `lab:"name,required"`
	Path        string `lab:"path"`
	Description string `lab:"description"`
	Document    Doc    `lab:"document,required"`
}

// Inline is an inline policy of a user, group or role.
type Inline struct {
	Name     string `lab:"name,required"`
	Document Doc    `lab:"document,required"`
}

// Doc is a policy document: written in the lab file as a YAML mapping or as
// a JSON string, held as JSON text.
type Doc struct {
	JSON string
	// text is true when the file wrote it as a JSON string, whose lines
	// are then lines of the file.
	text bool
}

// Task is one step of a lab: instructions, hints revealed one at a time,
// a solution, and the checks that tell when it is done.
type Task struct {
	ID           string   `lab:"id,required"`
	Title        string   `lab:"title,required"`
	Instructions string   `lab:"instructions,required"`
	Hints        []string `lab:"hints"`
	Solution     string   `lab:"solution"`
	// Requires are tasks to do first: until they are done this one stays
	// todo, and its event checks count only events after theirs.
	Requires []string `lab:"requires"`
	Checks   []*Check `lab:"checks,required"`
}

// Check is one condition of a task; exactly one of its kinds is set. A task
// is done once all its checks hold.
type Check struct {
	// Label describes the check for authors and instructors.
	Label    string         `lab:"label"`
	Event    *EventCheck    `lab:"event"`
	Entity   *EntityCheck   `lab:"entity"`
	Decision *DecisionCheck `lab:"decision"`
	Resource *ResourceCheck `lab:"resource"`
	Answer   *AnswerCheck   `lab:"answer"`
}

// EventCheck holds when the sandbox's event history has an event (since the
// sandbox started or was reset) matching every field given.
type EventCheck struct {
	Name   string `lab:"name,required"` // eventName, e.g. AssumeRole
	Source string `lab:"source"`        // eventSource, e.g. sts.amazonaws.com
	// Account is the key of the account that recorded the event.
	Account string `lab:"account"`
	// User is CloudTrail's user name: the IAM user, the role session's
	// name, or "root".
	User string `lab:"user"`
	// Role is the role whose session made the call.
	Role string `lab:"role"`
	// Resource is an ARN pattern (* and ?) one of the event's resources
	// matches.
	Resource string `lab:"resource"`
	// Request are requestParameters fields and the patterns their values
	// match.
	Request map[string]string `lab:"request"`
	// Outcome is success or failure.
	Outcome   string `lab:"outcome"`
	ErrorCode string `lab:"error_code"`
	// Count is how many matching events it takes (default 1).
	Count int `lab:"count"`
}

// EntityCheck holds when an IAM entity (exactly one of User, Group, Role,
// Policy) of an account exists, or not, with every property given.
type EntityCheck struct {
	Account string `lab:"account,required"`
	User    string `lab:"user"`
	Group   string `lab:"group"`
	Role    string `lab:"role"`
	Policy  string `lab:"policy"`
	// Exists defaults to true; false checks that the entity is gone (and
	// allows no property).
	Exists *bool `lab:"exists"`

	Attached    []string          `lab:"attached"`     // managed policies attached
	NotAttached []string          `lab:"not_attached"` // managed policies not attached
	Inline      []string          `lab:"inline"`       // inline policies by name
	NotInline   []string          `lab:"not_inline"`
	Boundary    *string           `lab:"boundary"` // "" for none
	Tags        map[string]string `lab:"tags"`
	// Users only.
	Groups     []string `lab:"groups"`
	NotGroups  []string `lab:"not_groups"`
	MFA        *bool    `lab:"mfa"`
	Password   *bool    `lab:"password"`
	AccessKeys *int     `lab:"access_keys"`
	// Groups only.
	Members []string `lab:"members"`
	// Roles only: principals (ARNs) the trust policy allows to assume it,
	// or not, and condition keys its Allow statements use.
	Trusts         []string `lab:"trusts"`
	NotTrusts      []string `lab:"not_trusts"`
	TrustCondition []string `lab:"trust_condition"`
	MaxSession     *int     `lab:"max_session"`
	// Policies only.
	Versions       *int   `lab:"versions"`
	DefaultVersion string `lab:"default_version"`
}

// DecisionCheck holds when the policy engine, over the sandbox's current
// state, decides as expected whether Principal may perform Action on
// Resource.
type DecisionCheck struct {
	// Principal is an ARN: a user, an account's root, or a role (decided
	// for a session of the role).
	Principal string `lab:"principal,required"`
	Action    string `lab:"action,required"`
	Resource  string `lab:"resource,required"`
	// MFA decides for a principal that signed in with MFA.
	MFA bool `lab:"mfa"`
	// Context adds condition keys and their values.
	Context map[string][]string `lab:"context"`
	// Expect is allow, deny, explicit_deny or implicit_deny.
	Expect string `lab:"expect,required"`
}

// ResourceCheck holds when a resource of a simulated service holds what is
// expected. Kind names the resource type; the other fields depend on it.
type ResourceCheck struct {
	Kind    string `lab:"kind,required"`
	Account string `lab:"account"`
	// Name is the resource (a bucket, a table, an instance's Name tag) and
	// Key the item in it (an object key, an item's key).
	Name     string `lab:"name"`
	Key      string `lab:"key"`
	Exists   *bool  `lab:"exists"`
	Contains string `lab:"contains"`
	Equals   string `lab:"equals"`
	State    string `lab:"state"`
}

// AnswerCheck holds when the learner submitted a matching answer to the
// task's question.
type AnswerCheck struct {
	Prompt string `lab:"prompt,required"`
	// Exactly one of: the answer, an answer pattern (* and ?), or a list of
	// accepted answers.
	Equals  string   `lab:"equals"`
	Matches string   `lab:"matches"`
	AnyOf   []string `lab:"any_of"`
	// CaseSensitive compares exactly; by default case and surrounding
	// space are ignored.
	CaseSensitive bool `lab:"case_sensitive"`
}

// Difficulties a lab may have.
var Difficulties = []string{"beginner", "intermediate", "advanced"}

// Expectations a decision check may have.
var Expectations = []string{"allow", "deny", "explicit_deny", "implicit_deny"}

// Outcomes an event check may ask for.
var Outcomes = []string{"success", "failure"}

// Answer returns the task's answer check, if it has one.
func (t *Task) Answer() *AnswerCheck {
	for _, c := range t.Checks {
		if c != nil && c.Answer != nil {
			return c.Answer
		}
	}
	return nil
}

// Account returns the account with key k.
func (l *Lab) Account(k string) *Account {
	for _, a := range l.Accounts {
		if a != nil && a.Key == k {
			return a
		}
	}
	return nil
}

// Task returns the task with ID id.
func (l *Lab) Task(id string) *Task {
	for _, t := range l.Tasks {
		if t != nil && t.ID == id {
			return t
		}
	}
	return nil
}

// User returns the user named name of account key k.
func (a *Account) User(name string) *User {
	for _, u := range a.Users {
		if u != nil && u.Name == name {
			return u
		}
	}
	return nil
}
