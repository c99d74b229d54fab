package console

import (
	"net/http"
	"path/filepath"
	"strings"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/sessions"
	"iamconsole/labs"
	"iamconsole/views"
)

// Labs serves the training labs: the catalogue, joining a class, a
// sandbox's lab page with its live status, hints, answers, reset and end;
// and, in labs_classes.go, the instructor's classes.
type Labs struct {
	labs   *labs.Service
	signin *sessions.Service
	sess   *Sessions
}

// NewLabs builds the labs handlers.
func NewLabs(l *labs.Service, signin *sessions.Service, sess *Sessions) *Labs {
	return &Labs{labs: l, signin: signin, sess: sess}
}

// Catalogue lists the labs, with the form to join a class; instructors
// also get Start buttons and the authors' files with their problems.
func (h *Labs) Catalogue(c echo.Context) error {
	return h.catalogue(c, http.StatusOK, views.LabsVM{})
}

func (h *Labs) catalogue(c echo.Context, status int, vm views.LabsVM) error {
	ctx, caller := c.Request().Context(), Caller(c)
	cat := h.labs.Catalogue()
	cat.Refresh()
	for _, l := range cat.Labs() {
		vm.Labs = append(vm.Labs, views.LabCard{ID: l.ID, Title: l.Title, Summary: l.Summary, Difficulty: l.Difficulty,
			Minutes: l.Minutes, Tasks: len(l.Tasks), Tags: l.Tags, Author: !l.Builtin})
	}
	if caller != nil {
		vm.SignedIn = true
		vm.Instructor = h.labs.Instructor(ctx, caller)
		if id, err := h.labs.SandboxOfAccount(ctx, caller.AccountID); err == nil && id != "" {
			if sb, err := h.labs.Sandbox(ctx, id); err == nil {
				vm.MySandbox, vm.MyLab = sb.ID, sb.Lab.Title
			}
		}
	}
	if vm.Instructor && cat.Dir() != "" {
		vm.AuthorsDir = cat.Dir()
		for _, f := range cat.Files() {
			fv := views.AuthorFileVM{Name: filepath.Base(f.Path)}
			if f.Lab != nil {
				fv.LabID = f.Lab.ID
			}
			for _, p := range f.Problems {
				fv.Problems = append(fv.Problems, p.String())
			}
			vm.AuthorFiles = append(vm.AuthorFiles, fv)
		}
	}
	return Render(c, status, views.Labs(PageFor(c, "Training labs", "labs"), vm))
}

// Join lets a learner in with a class's code and their name, or with
// their own code, and signs the browser in to their sandbox.
func (h *Labs) Join(c echo.Context) error {
	code, name := strings.TrimSpace(c.FormValue("code")), strings.TrimSpace(c.FormValue("name"))
	l, sb, err := h.labs.Join(c.Request().Context(), code, name)
	if err != nil {
		if iam.IsKind(err, iam.KindInvalid) {
			return h.catalogue(c, http.StatusUnprocessableEntity, views.LabsVM{JoinCode: code, JoinName: name, Errors: FieldErrors(err)})
		}
		return Fail(c, err)
	}
	if err := h.enter(c, sb); err != nil {
		return Fail(c, err)
	}
	Flash(c, "success", "Welcome, "+l.Name+". To come back to this lab, join with your own code: "+l.Code)
	return Redirect(c, "/labs/"+sb.ID)
}

// Start starts a sandbox of a lab for an instructor and signs the browser
// in as its learner.
func (h *Labs) Start(c echo.Context) error {
	sb, err := h.labs.StartAs(c.Request().Context(), Caller(c), c.FormValue("lab"))
	if err != nil {
		return Fail(c, err)
	}
	if err := h.enter(c, sb); err != nil {
		return Fail(c, err)
	}
	Flash(c, "success", "Sandbox "+sb.ID+" started: you are signed in as its learner, "+sb.Learner.User+". Sign in as yourself again to come back.")
	return Redirect(c, "/labs/"+sb.ID)
}

// enter signs the browser in as a sandbox's learner, ending the session
// it had.
func (h *Labs) enter(c echo.Context, sb *labs.Sandbox) error {
	r := c.Request()
	id, err := h.labs.SignIn(r.Context(), sb, c.RealIP(), r.UserAgent())
	if err != nil {
		return err
	}
	h.signin.SignOut(r.Context(), h.sess.ID(r))
	return h.sess.SetID(c, id)
}

// Show is a sandbox's lab page, its tasks checked now.
func (h *Labs) Show(c echo.Context) error { return h.show(c, http.StatusOK, nil) }

func (h *Labs) show(c echo.Context, status int, errs map[string]string) error {
	ctx, caller := c.Request().Context(), Caller(c)
	sb, p, err := h.labs.CheckAs(ctx, caller, c.Param("id"))
	if err != nil {
		return Fail(c, err)
	}
	lab := sb.Lab
	vm := views.LabVM{SandboxID: sb.ID, LabID: lab.ID, Title: lab.Title, Summary: lab.Summary, Difficulty: lab.Difficulty,
		Minutes: lab.Minutes, Stale: sb.Stale, Done: p.Done, Total: p.Total, Complete: p.Complete, Errors: errs,
		Instructor: !sb.Owns(caller.AccountID)}
	titles := map[string]string{}
	for _, t := range lab.Tasks {
		titles[t.ID] = t.Title
	}
	for _, t := range lab.Tasks {
		tp := p.Task(t.ID)
		tv := views.LabTaskVM{ID: t.ID, Title: t.Title, Status: tp.Status, Instructions: sb.Markdown(t.Instructions),
			Solution: sb.Markdown(t.Solution), Answer: tp.Answer, HintsLeft: len(t.Hints) - tp.Hints}
		for _, hint := range t.Hints[:tp.Hints] {
			tv.Hints = append(tv.Hints, sb.Markdown(hint))
		}
		for _, r := range t.Requires {
			tv.Requires = append(tv.Requires, titles[r])
			if rp := p.Task(r); rp == nil || !rp.Done() {
				tv.Locked = true
			}
		}
		if a := t.Answer(); a != nil {
			tv.Prompt = sb.Env.Expand(a.Prompt)
		}
		if vm.Instructor {
			for _, cr := range tp.Checks {
				tv.Checks = append(tv.Checks, views.LabCheckVM{Kind: cr.Kind, Label: cr.Label, OK: cr.OK})
			}
		}
		vm.Tasks = append(vm.Tasks, tv)
	}
	for _, a := range sb.Accounts {
		vm.Accounts = append(vm.Accounts, views.LabAccountVM{Key: a.Key, Name: a.Name, ID: a.ID, Alias: a.Alias})
	}
	for _, l := range sb.Logins {
		vm.Logins = append(vm.Logins, views.LabLoginVM{Account: l.Account, AccountID: l.AccountID, AccountName: l.AccountName(),
			User: l.User, Password: l.Password, SignInURL: l.SignInURL, AccessKeyID: l.AccessKeyID, SecretAccessKey: l.SecretAccessKey,
			Learner: l == sb.Learner})
	}
	vm.CLIEnv, vm.CLIConfig = sb.CLIConfig()
	if l, err := h.labs.LearnerOf(ctx, sb); err != nil {
		return Fail(c, err)
	} else if l != nil {
		vm.LearnerName, vm.LearnerCode = l.Name, l.Code
	}
	return Render(c, status, views.Lab(PageFor(c, lab.Title, "labs"), vm))
}

// labStatus is what the lab page's script reads: the text of each
// data-cell.
type labStatus struct {
	Cells    map[string]any `json:"cells"`
	Complete bool           `json:"complete"`
}

// Status checks a sandbox and answers the lab page's poll with each
// task's status.
func (h *Labs) Status(c echo.Context) error {
	_, p, err := h.labs.CheckAs(c.Request().Context(), Caller(c), c.Param("id"))
	if err != nil {
		e := iam.AsError(err)
		return c.JSON(statusOf(e.Kind), map[string]string{"error": e.Message})
	}
	st := labStatus{Cells: map[string]any{"done": p.Done, "progress": progressText(p.Done, p.Total)}, Complete: p.Complete}
	for _, t := range p.Tasks {
		st.Cells["task:"+t.ID] = t.Status
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, st)
}

func progressText(done, total int) string {
	return itoa(done) + " of " + itoa(total) + " tasks done"
}

// CheckNow checks the sandbox at once (the page does it by itself too).
func (h *Labs) CheckNow(c echo.Context) error {
	_, p, err := h.labs.CheckAs(c.Request().Context(), Caller(c), c.Param("id"))
	if err != nil {
		return Fail(c, err)
	}
	Flash(c, "info", "Checked: "+progressText(p.Done, p.Total)+".")
	return Redirect(c, "/labs/"+c.Param("id"))
}

// Hint reveals a task's next hint.
func (h *Labs) Hint(c echo.Context) error {
	if _, err := h.labs.RevealHint(c.Request().Context(), Caller(c), c.Param("id"), c.Param("task")); err != nil {
		return Fail(c, err)
	}
	return Redirect(c, "/labs/"+c.Param("id")+"#task-"+c.Param("task"))
}

// Answer submits an answer to a task's question.
func (h *Labs) Answer(c echo.Context) error {
	id, task := c.Param("id"), c.Param("task")
	p, err := h.labs.Submit(c.Request().Context(), Caller(c), id, task, c.FormValue("answer"))
	if err != nil {
		if iam.IsKind(err, iam.KindInvalid) {
			return h.show(c, http.StatusUnprocessableEntity, map[string]string{task: iam.AsError(err).Message})
		}
		return Fail(c, err)
	}
	if tp := p.Task(task); tp != nil && tp.Done() {
		Flash(c, "success", "Right: "+tp.Title+" is done.")
	} else {
		Flash(c, "warning", "Not that: try again.")
	}
	return Redirect(c, "/labs/"+id+"#task-"+task)
}

// Reset puts the sandbox back to the lab's start; a learner is signed in
// again (their session went with the sandbox's entities).
func (h *Labs) Reset(c echo.Context) error {
	caller := Caller(c)
	sb, err := h.labs.ResetAs(c.Request().Context(), caller, c.Param("id"))
	if err != nil {
		return Fail(c, err)
	}
	if sb.Owns(caller.AccountID) {
		if err := h.enter(c, sb); err != nil {
			return Fail(c, err)
		}
	}
	Flash(c, "success", "The sandbox is back at the lab's start, with new passwords and access keys.")
	return Redirect(c, "/labs/"+sb.ID)
}

// End removes the sandbox and everything in it.
func (h *Labs) End(c echo.Context) error {
	ctx, caller := c.Request().Context(), Caller(c)
	sb, err := h.labs.SandboxAs(ctx, caller, c.Param("id"))
	if err != nil {
		return Fail(c, err)
	}
	if err := h.labs.EndAs(ctx, caller, sb.ID); err != nil {
		return Fail(c, err)
	}
	if sb.Owns(caller.AccountID) {
		h.sess.Clear(c)
	}
	Flash(c, "success", "The lab ended: its accounts and everything in them are gone.")
	return Redirect(c, "/labs")
}
