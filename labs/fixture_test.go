package labs_test

import (
	"context"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/iamtest"
	"iamconsole/iam/sessions"
	"iamconsole/iam/sts"
	"iamconsole/labs"
)

// env is a service over the demo organization's database.
type env struct {
	*iamtest.Env
	Labs *labs.Service
}

func newEnv(t testing.TB) *env {
	t.Helper()
	e := iamtest.New(t, iamtest.Options{Quiet: true, ConsoleURL: "http://console.test"})
	return &env{Env: e, Labs: labs.New(e.K, e.Identity, e.Sessions, nil)}
}

// start makes a sandbox of a built-in lab.
func (e *env) start(t testing.TB, lab string) *labs.Sandbox {
	t.Helper()
	sb, err := e.Labs.Start(context.Background(), lab, "")
	if err != nil {
		t.Fatalf("start %s: %v", lab, err)
	}
	return sb
}

// login finds a sandbox's sign-in details of a user of the account key.
func login(t testing.TB, sb *labs.Sandbox, account, user string) labs.Login {
	t.Helper()
	for _, l := range sb.Logins {
		if l.Account == account && l.User == user {
			return l
		}
	}
	t.Fatalf("sandbox %s has no login %s/%s", sb.ID, account, user)
	return labs.Login{}
}

// signIn opens a console session as a sandbox user and returns its ID.
func (e *env) signIn(t testing.TB, sb *labs.Sandbox, account, user string) string {
	t.Helper()
	l := login(t, sb, account, user)
	res, err := e.Sessions.SignIn(context.Background(), sessions.SignInInput{Account: l.AccountID, UserName: l.User, Password: l.Password})
	if err != nil || res.State != sessions.StateActive {
		t.Fatalf("sign in as %s/%s: %v %+v", account, user, err, res)
	}
	return res.SessionID
}

// caller is a sandbox user as a caller of the service layer.
func (e *env) caller(t testing.TB, sb *labs.Sandbox, account, user string) *iam.Caller {
	t.Helper()
	return e.User(t, sb.Env.Accounts[account], user)
}

// status checks the sandbox and returns each task's status by ID.
func (e *env) status(t testing.TB, sb *labs.Sandbox) map[string]string {
	t.Helper()
	e.K.FlushEvents()
	p, err := e.Labs.Check(context.Background(), sb.ID)
	if err != nil {
		t.Fatalf("check %s: %v", sb.ID, err)
	}
	out := map[string]string{}
	for _, tp := range p.Tasks {
		out[tp.ID] = tp.Status
	}
	return out
}

// want fails unless exactly the tasks named are done.
func (e *env) want(t testing.TB, sb *labs.Sandbox, done ...string) {
	t.Helper()
	st := e.status(t, sb)
	isDone := map[string]bool{}
	for _, d := range done {
		isDone[d] = true
	}
	for id, s := range st {
		want := labs.StatusTodo
		if isDone[id] {
			want = labs.StatusDone
		}
		if s != want {
			t.Errorf("task %s is %s, want %s (all: %v)", id, s, want, st)
		}
	}
}

// assume runs AssumeRole for c and returns the session as a caller, or the
// error.
func (e *env) assume(t testing.TB, c *iam.Caller, in sts.AssumeRoleInput) (*iam.Caller, error) {
	t.Helper()
	if in.RoleSessionName == "" {
		in.RoleSessionName = "lab"
	}
	out, err := e.STS.AssumeRole(context.Background(), c, in)
	if err != nil {
		return nil, err
	}
	sess, _, err := e.STS.AuthenticateAccessKey(context.Background(), out.Credentials.AccessKeyID, out.Credentials.SessionToken)
	if err != nil {
		t.Fatal(err)
	}
	return sess, nil
}

// must fails the test on err.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// mustFail fails the test unless err is an error.
func mustFail(t testing.TB, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("the action succeeded; it should have been refused")
	}
}

// answer submits an answer as a sandbox principal.
func (e *env) answer(t testing.TB, sb *labs.Sandbox, c *iam.Caller, task, text string) {
	t.Helper()
	if _, err := e.Labs.Submit(context.Background(), c, sb.ID, task, text); err != nil {
		t.Fatal(err)
	}
}
