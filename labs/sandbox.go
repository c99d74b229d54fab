package labs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/sessions"
	"iamconsole/store"
)

// Sandbox is a lab's organization made for one learner.
type Sandbox struct {
	ID    string `json:"sandbox_id"`
	LabID string `json:"lab"`
	// Lab is the lab as the catalogue has it now; Stale is true when its
	// file changed since the sandbox started (a reset starts it anew).
	Lab      *Lab             `json:"-"`
	Stale    bool             `json:"stale,omitempty"`
	Console  string           `json:"console_url"`
	Accounts []SandboxAccount `json:"accounts"`
	Logins   []Login          `json:"logins"`
	Learner  Login            `json:"learner"`
	// Secrets are the lab's random values in this sandbox (flags to find).
	Secrets   map[string]string `json:"-"`
	LearnerID string            `json:"learner_id,omitempty"`
	CreatedAt time.Time         `json:"created_at"`
	ResetAt   time.Time         `json:"reset_at"`
	// StartSeq is the last event before the current start: events after it
	// count for the checks.
	StartSeq int64 `json:"-"`
	Env      *Env  `json:"-"`
}

// SandboxAccount is one account of a sandbox.
type SandboxAccount struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	ID    string `json:"account_id"`
	Alias string `json:"alias,omitempty"`
}

// Login is one set of sign-in details of a sandbox.
type Login struct {
	Account         string `json:"account"` // the lab's account key
	AccountID       string `json:"account_id"`
	AccountAlias    string `json:"account_alias,omitempty"`
	User            string `json:"user"` // "root" for the root user
	Password        string `json:"password,omitempty"`
	AccessKeyID     string `json:"access_key_id,omitempty"`
	SecretAccessKey string `json:"secret_access_key,omitempty"`
	SignInURL       string `json:"sign_in_url,omitempty"`
}

// AccountName is how the login's account is typed at sign-in: its alias,
// else its ID.
func (l Login) AccountName() string {
	if l.AccountAlias != "" {
		return l.AccountAlias
	}
	return l.AccountID
}

// maxStartTries bounds the retries of a start whose fresh account IDs or
// aliases happened to be taken.
const maxStartTries = 3

// Start makes a sandbox of the lab for learnerID ("" for none): its whole
// organization in one transaction. The commands call it; the console calls
// StartAs.
func (s *Service) Start(ctx context.Context, labID, learnerID string) (*Sandbox, error) {
	lab, ok := s.catalogue().Lab(labID)
	if !ok {
		return nil, errNoLab
	}
	var err error
	for range maxStartTries {
		var sb *Sandbox
		sb, err = s.start(ctx, lab, learnerID)
		if err == nil {
			return sb, nil
		}
		if !errors.Is(err, store.ErrDuplicate) {
			break
		}
	}
	return nil, iam.StoreErr(err, nil)
}

// StartAs starts a sandbox of the lab for an instructor trying it out.
func (s *Service) StartAs(ctx context.Context, c *iam.Caller, labID string) (*Sandbox, error) {
	if !s.Instructor(ctx, c) {
		return nil, errInstructors
	}
	return s.Start(ctx, labID, "")
}

func (s *Service) start(ctx context.Context, lab *Lab, learnerID string) (*Sandbox, error) {
	id := "sbx-" + randomString(lowerAlnum, 10)
	p, err := s.newPlan(lab, id, id[4:10], nil, s.k.Options().ConsoleURL)
	if err != nil {
		return nil, err
	}
	sealed, err := s.seal(id, &p.secrets)
	if err != nil {
		return nil, err
	}
	now := s.k.Now()
	accounts, _ := json.Marshal(p.env.Accounts)
	row := &store.LabSandbox{ID: id, LabID: lab.ID, LabDigest: lab.Digest, Accounts: string(accounts), Secrets: sealed,
		CreatedAt: now, ResetAt: now}
	if learnerID != "" {
		row.LearnerID = &learnerID
	}
	err = s.k.Tx(ctx, func(q *store.Q) error {
		if err := q.InsertRows(&p.rows); err != nil {
			return err
		}
		return q.CreateLabSandbox(row, p.ids)
	})
	if err != nil {
		return nil, err
	}
	return s.remember(s.k.Generation(), row, lab, p.env, &p.secrets), nil
}

// seal encrypts a sandbox's secrets, bound to its ID.
func (s *Service) seal(id string, sec *secrets) ([]byte, error) {
	b, err := json.Marshal(sec)
	if err != nil {
		return nil, iam.Internal(err)
	}
	return s.k.Sealer().Seal(b, "lab-sandbox:"+id), nil
}

// remember builds the Sandbox of a row, read at configuration generation
// gen, and keeps it for the next reads.
func (s *Service) remember(gen uint64, row *store.LabSandbox, lab *Lab, env *Env, sec *secrets) *Sandbox {
	sb := &Sandbox{ID: row.ID, LabID: row.LabID, Lab: lab, Stale: lab.Digest != row.LabDigest, Console: env.Console,
		Secrets: sec.Values, CreatedAt: row.CreatedAt, ResetAt: row.ResetAt, StartSeq: row.StartSeq, Env: env}
	if row.LearnerID != nil {
		sb.LearnerID = *row.LearnerID
	}
	for _, a := range lab.Accounts {
		id, ok := env.Accounts[a.Key]
		if !ok {
			continue
		}
		sa := SandboxAccount{Key: a.Key, Name: a.Name, ID: id, Alias: env.Aliases[a.Key]}
		sb.Accounts = append(sb.Accounts, sa)
		if pw := sec.Roots[a.Key]; pw != "" {
			sb.Logins = append(sb.Logins, Login{Account: a.Key, AccountID: id, AccountAlias: sa.Alias, User: "root", Password: pw,
				SignInURL: strings.TrimRight(env.Console, "/") + "/signin?as=root"})
		}
		for _, u := range a.Users {
			c, ok := sec.Users[a.Key+"/"+u.Name]
			if !ok || c.Password == "" && c.AccessKeyID == "" {
				continue
			}
			l := Login{Account: a.Key, AccountID: id, AccountAlias: sa.Alias, User: u.Name, Password: c.Password,
				AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey}
			if c.Password != "" {
				l.SignInURL = s.k.ConsoleSignInURL(l.AccountName())
			}
			sb.Logins = append(sb.Logins, l)
			if lab.Learner != nil && lab.Learner.Account == a.Key && lab.Learner.User == u.Name {
				sb.Learner = l
			}
		}
	}
	s.sandboxes.Put(gen, sb.ID, sb)
	for _, a := range sb.Accounts {
		s.byAccount.Put(a.ID, sb.ID)
	}
	return sb
}

// Sandbox reads a sandbox. The commands call it; the console calls
// SandboxAs.
func (s *Service) Sandbox(ctx context.Context, id string) (*Sandbox, error) {
	gen := s.k.Generation()
	if sb, ok := s.sandboxes.Get(gen, id); ok {
		// Unless the catalogue read the lab's file again since.
		if lab, ok := s.catalogue().Lab(sb.LabID); ok && lab == sb.Lab {
			return sb, nil
		}
	}
	row, err := s.st.Read(ctx).LabSandbox(id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoSandbox
	}
	if err != nil {
		return nil, iam.Internal(err)
	}
	return s.load(gen, row)
}

// load builds a Sandbox from its row, opening its secrets.
func (s *Service) load(gen uint64, row *store.LabSandbox) (*Sandbox, error) {
	lab, ok := s.catalogue().Lab(row.LabID)
	if !ok {
		return nil, &iam.Error{Kind: iam.KindNotFound, Code: "NoSuchLab",
			Message: fmt.Sprintf("The lab %q of this sandbox is no longer offered: end the sandbox.", row.LabID)}
	}
	var ids map[string]string
	if err := json.Unmarshal([]byte(row.Accounts), &ids); err != nil {
		return nil, iam.Internal(err)
	}
	plain, err := s.k.Sealer().Open(row.Secrets, "lab-sandbox:"+row.ID)
	if err != nil {
		return nil, iam.Internal(err)
	}
	var sec secrets
	if err := json.Unmarshal(plain, &sec); err != nil {
		return nil, iam.Internal(err)
	}
	env := &Env{Accounts: ids, Aliases: map[string]string{}, Secrets: sec.Values, Console: s.k.Options().ConsoleURL}
	suffix := strings.TrimPrefix(row.ID, "sbx-")
	if len(suffix) >= 6 {
		suffix = suffix[:6]
	}
	for _, a := range lab.Accounts {
		if a.Alias != "" {
			env.Aliases[a.Key] = a.Alias + "-" + suffix
		}
	}
	return s.remember(gen, row, lab, env, &sec), nil
}

// SandboxAs reads a sandbox for c: one of its principals, or an instructor.
func (s *Service) SandboxAs(ctx context.Context, c *iam.Caller, id string) (*Sandbox, error) {
	sb, err := s.Sandbox(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.mayUse(ctx, c, sb); err != nil {
		return nil, err
	}
	return sb, nil
}

// Reset puts a sandbox back to its lab's start: every entity its accounts
// hold is removed and made anew with fresh credentials, its progress is
// cleared and its checks count only events from now on. The account IDs
// and aliases stay.
func (s *Service) Reset(ctx context.Context, id string) (*Sandbox, error) {
	sb, err := s.Sandbox(ctx, id)
	if err != nil {
		return nil, err
	}
	lab, ok := s.catalogue().Lab(sb.LabID)
	if !ok {
		return nil, errNoLab
	}
	keep := map[string]string{}
	var old []string
	for _, a := range sb.Accounts {
		keep[a.Key] = a.ID
		old = append(old, a.ID)
	}
	p, err := s.newPlan(lab, sb.ID, strings.TrimPrefix(sb.ID, "sbx-")[:6], keep, sb.Console)
	if err != nil {
		return nil, err
	}
	sealed, err := s.seal(sb.ID, &p.secrets)
	if err != nil {
		return nil, err
	}
	// Events already recorded belong to the run that ends now.
	s.k.FlushEvents()
	now := s.k.Now()
	var row *store.LabSandbox
	err = s.k.Tx(ctx, func(q *store.Q) error {
		seq, err := q.LatestEventSeq(old)
		if err != nil {
			return err
		}
		cur, err := q.LabSandbox(sb.ID)
		if err != nil {
			return err
		}
		if err := q.DeleteLabSandbox(sb.ID); err != nil {
			return err
		}
		if err := q.ClearAccounts(old, true); err != nil {
			return err
		}
		if err := q.InsertRows(&p.rows); err != nil {
			return err
		}
		accounts, _ := json.Marshal(p.env.Accounts)
		row = &store.LabSandbox{ID: sb.ID, LabID: lab.ID, LabDigest: lab.Digest, LearnerID: cur.LearnerID, Accounts: string(accounts),
			Secrets: sealed, StartSeq: seq, CreatedAt: cur.CreatedAt, ResetAt: now}
		return q.CreateLabSandbox(row, p.ids)
	})
	if err != nil {
		return nil, iam.StoreErr(err, errNoSandbox)
	}
	s.forget(sb)
	return s.remember(s.k.Generation(), row, lab, p.env, &p.secrets), nil
}

// ResetAs resets a sandbox for c: one of its principals, or an instructor.
func (s *Service) ResetAs(ctx context.Context, c *iam.Caller, id string) (*Sandbox, error) {
	if _, err := s.SandboxAs(ctx, c, id); err != nil {
		return nil, err
	}
	return s.Reset(ctx, id)
}

// End removes a sandbox and everything it created: its accounts and every
// entity, credential and session in them. Their events stay in the event
// history, which is append-only.
func (s *Service) End(ctx context.Context, id string) error {
	sb, err := s.Sandbox(ctx, id)
	if err != nil && !iam.IsKind(err, iam.KindNotFound) {
		return err
	}
	var ids []string
	if sb != nil {
		for _, a := range sb.Accounts {
			ids = append(ids, a.ID)
		}
	}
	err = s.k.Tx(ctx, func(q *store.Q) error {
		if sb == nil {
			row, err := q.LabSandbox(id)
			if err != nil {
				return err
			}
			var m map[string]string
			json.Unmarshal([]byte(row.Accounts), &m)
			for _, v := range m {
				ids = append(ids, v)
			}
		}
		if err := q.DeleteLabSandbox(id); err != nil {
			return err
		}
		return q.ClearAccounts(ids, true)
	})
	if err != nil {
		return iam.StoreErr(err, errNoSandbox)
	}
	if sb != nil {
		s.forget(sb)
	}
	for _, a := range ids {
		s.byAccount.Delete(a)
	}
	return nil
}

// EndAs ends a sandbox for c: one of its principals, or an instructor.
func (s *Service) EndAs(ctx context.Context, c *iam.Caller, id string) error {
	if _, err := s.SandboxAs(ctx, c, id); err != nil {
		return err
	}
	return s.End(ctx, id)
}

// forget drops the checks' state of a sandbox; the sandbox itself, as
// read, retires with the generation its reset or end moved.
func (s *Service) forget(sb *Sandbox) { s.runs.Delete(sb.ID) }

// SignIn opens a console session as the sandbox's learner, for a browser
// that just started or joined it, and returns the session ID for the
// cookie.
func (s *Service) SignIn(ctx context.Context, sb *Sandbox, sourceIP, userAgent string) (string, error) {
	if sb.Learner.Password == "" {
		return "", &iam.Error{Kind: iam.KindInvalid, Code: "NoLearner", Message: "This lab names no learner with a console password."}
	}
	res, err := s.sess.SignIn(ctx, sessionsInput(sb.Learner, sourceIP, userAgent))
	if err != nil {
		return "", err
	}
	return res.SessionID, nil
}

func sessionsInput(l Login, sourceIP, userAgent string) sessions.SignInInput {
	return sessions.SignInInput{Account: l.AccountID, UserName: l.User, Password: l.Password, SourceIP: sourceIP, UserAgent: userAgent}
}

// Markdown renders one of the lab's Markdown texts for this sandbox: its
// placeholders filled in, without raw HTML.
func (sb *Sandbox) Markdown(s string) string {
	if s == "" {
		return ""
	}
	return RenderMarkdown(sb.Env.Expand(s))
}

// CLIConfig is the sandbox's access keys as AWS CLI profiles (for
// ~/.aws/credentials), named ACCOUNT-USER, and the environment that sends
// the CLI's calls to the console, with the learner's profile (or the
// first) chosen.
func (sb *Sandbox) CLIConfig() (env, credentials string) {
	var b strings.Builder
	profile := ""
	for _, l := range sb.Logins {
		if l.AccessKeyID == "" {
			continue
		}
		name := l.Account + "-" + l.User
		if profile == "" || l == sb.Learner {
			profile = name
		}
		fmt.Fprintf(&b, "[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n", name, l.AccessKeyID, l.SecretAccessKey)
	}
	if profile == "" {
		return "", ""
	}
	env = fmt.Sprintf("export AWS_ENDPOINT_URL=%s\nexport AWS_DEFAULT_REGION=us-east-1\nexport AWS_PROFILE=%s\n",
		strings.TrimRight(sb.Console, "/"), profile)
	return env, strings.TrimSuffix(b.String(), "\n")
}
