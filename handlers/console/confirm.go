package console

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"iamconsole/views"
)

// Confirmed reports whether a destructive form post carries its
// confirmation: the typed text want (exactly, as AWS's console compares
// it), or, when want is "", the field the confirmation panel sends.
func Confirmed(c echo.Context, want string) bool {
	got := c.FormValue("confirm")
	if want == "" {
		return got == "yes"
	}
	return strings.TrimSpace(got) == want
}

// AskConfirm answers a destructive post that lacks its confirmation with the
// confirmation on a page of its own: 200 when nothing was typed (a form
// that had no panel, such as a script's), 422 when the typed text is wrong.
// Handlers ask only callers who may do the action at all, so that a
// refusal comes first, as in AWS's console.
func AskConfirm(c echo.Context, p views.Page, vm views.ConfirmVM) error {
	status := http.StatusOK
	if typed := strings.TrimSpace(c.FormValue("confirm")); typed != "" && vm.Want != "" {
		status = http.StatusUnprocessableEntity
		vm.Error = "Enter " + vm.Want + " to confirm."
	}
	// The options keep what the form sent; a form without the panel's
	// fields gets their defaults.
	if _, sent := formParams(c)["confirm"]; sent {
		for i, o := range vm.Options {
			vm.Options[i].Checked = c.FormValue(o.Name) == "on"
		}
	}
	return Render(c, status, views.ConfirmPage(p, vm))
}

// formParams are the posted form's values, nil when it cannot be read.
func formParams(c echo.Context) map[string][]string {
	f, err := c.FormParams()
	if err != nil {
		return nil
	}
	return f
}
