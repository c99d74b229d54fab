package console

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/sessions"
	"iamconsole/views"
)

// SignIn serves the sign-in pages: IAM user or root, the MFA step and the
// forced password change.
type SignIn struct {
	svc  *sessions.Service
	sess *Sessions
}

// NewSignIn builds the sign-in handlers.
func NewSignIn(svc *sessions.Service, sess *Sessions) *SignIn { return &SignIn{svc: svc, sess: sess} }

func (h *SignIn) vm(c echo.Context) views.SignInVM {
	// The return path travels with every step: in the query of the pages,
	// in a field of the forms.
	next := c.QueryParam("next")
	if c.Request().Method == http.MethodPost {
		next = c.FormValue("next")
	}
	return views.SignInVM{CSRF: CSRF(c), Flashes: h.sess.TakeFlashes(c), Next: SafeNext(next)}
}

// Form shows the sign-in form, or the pending MFA or password step.
func (h *SignIn) Form(c echo.Context) error {
	vm := h.vm(c)
	if con := ConsoleOf(c); con != nil {
		switch con.State {
		case sessions.StateActive:
			return c.Redirect(http.StatusSeeOther, afterSignIn(vm.Next))
		case sessions.StateMFA, sessions.StatePassword:
			vm.Step = con.State
			return Render(c, http.StatusOK, views.SignIn(vm))
		}
	}
	vm.Root = c.QueryParam("as") == "root"
	vm.Account = c.QueryParam("account")
	return Render(c, http.StatusOK, views.SignIn(vm))
}

// Submit checks the credentials; a new session ID is issued on success.
func (h *SignIn) Submit(c echo.Context) error {
	in := sessions.SignInInput{Root: c.FormValue("as") == "root", Account: c.FormValue("account"), UserName: c.FormValue("username"),
		Email: c.FormValue("email"), Password: c.FormValue("password"), SourceIP: c.RealIP(), UserAgent: c.Request().UserAgent()}
	res, err := h.svc.SignIn(c.Request().Context(), in)
	if err != nil {
		e := iam.AsError(err)
		if e.Kind == iam.KindInternal {
			return Fail(c, err)
		}
		vm := h.vm(c)
		vm.Root, vm.Account, vm.UserName, vm.Email, vm.Error = in.Root, in.Account, in.UserName, in.Email, e.Message
		status := http.StatusUnauthorized
		if e.Kind == iam.KindThrottled {
			status = http.StatusTooManyRequests
		}
		return Render(c, status, views.SignIn(vm))
	}
	// Rotate: the old session (if any) ends, the new ID replaces it.
	h.svc.SignOut(c.Request().Context(), h.sess.ID(c.Request()))
	if err := h.sess.SetID(c, res.SessionID); err != nil {
		return Fail(c, err)
	}
	h.sess.RotateCSRF(c)
	if res.State != sessions.StateActive {
		return Redirect(c, signInStep(c.FormValue("next")))
	}
	return Redirect(c, afterSignIn(c.FormValue("next")))
}

// MFA completes sign-in with a code from the user's MFA device.
func (h *SignIn) MFA(c echo.Context) error {
	con := ConsoleOf(c)
	if con == nil || con.State != sessions.StateMFA {
		return Redirect(c, signInStep(c.FormValue("next")))
	}
	res, err := h.svc.CompleteMFA(c.Request().Context(), h.sess.ID(c.Request()), c.FormValue("mfa_code"))
	if err != nil {
		e := iam.AsError(err)
		if e.Kind == iam.KindInternal {
			return Fail(c, err)
		}
		vm := h.vm(c)
		vm.Step, vm.Error = sessions.StateMFA, e.Message
		return Render(c, http.StatusUnauthorized, views.SignIn(vm))
	}
	if err := h.sess.SetID(c, res.SessionID); err != nil {
		return Fail(c, err)
	}
	h.sess.RotateCSRF(c)
	if res.State != sessions.StateActive {
		return Redirect(c, signInStep(c.FormValue("next")))
	}
	return Redirect(c, afterSignIn(c.FormValue("next")))
}

// Password sets a new password when the administrator requires one.
func (h *SignIn) Password(c echo.Context) error {
	con := ConsoleOf(c)
	if con == nil || con.State != sessions.StatePassword {
		return Redirect(c, signInStep(c.FormValue("next")))
	}
	newPW := c.FormValue("new_password")
	vm := h.vm(c)
	vm.Step = sessions.StatePassword
	if newPW != c.FormValue("confirm_password") {
		vm.FieldErrors = map[string]string{"confirm_password": "The passwords do not match."}
		return Render(c, http.StatusUnprocessableEntity, views.SignIn(vm))
	}
	err := h.svc.ChangeInitialPassword(c.Request().Context(), h.sess.ID(c.Request()), c.FormValue("old_password"), newPW)
	if err != nil {
		e := iam.AsError(err)
		if e.Kind == iam.KindInternal {
			return Fail(c, err)
		}
		field := e.Field
		if field == "" {
			field = "new_password"
		}
		vm.FieldErrors = map[string]string{field: e.Message}
		return Render(c, http.StatusUnprocessableEntity, views.SignIn(vm))
	}
	Flash(c, "success", "Your password has been changed.")
	return Redirect(c, afterSignIn(c.FormValue("next")))
}

// SignOut ends the session.
func (h *SignIn) SignOut(c echo.Context) error {
	h.svc.SignOut(c.Request().Context(), h.sess.ID(c.Request()))
	h.sess.Clear(c)
	h.sess.RotateCSRF(c)
	h.sess.AddFlash(c, views.Flash{Kind: "info", Message: "You have signed out."})
	return Redirect(c, "/signin")
}
