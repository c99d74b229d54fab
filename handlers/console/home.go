package console

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/views"
)

// Home is the console home page: who am I, and what may I do.
type Home struct {
	svc *iam.Service
	id  *identity.Service
}

// NewHome builds the home handler.
func NewHome(svc *iam.Service, id *identity.Service) *Home { return &Home{svc: svc, id: id} }

// Show renders the current identity.
func (h *Home) Show(c echo.Context) error {
	con := ConsoleOf(c)
	eff := con.Effective()
	vm := views.HomeVM{ARN: eff.ARN, AccountID: eff.AccountID, AccountAlias: eff.AccountAlias, MFA: eff.MFA,
		SignInURL: h.svc.ConsoleSignInURL(eff.Account())}
	switch eff.Type {
	case iam.CallerRoot:
		vm.Type = "Root user"
	case iam.CallerUser:
		vm.Type, vm.UserName = "IAM user", eff.UserName
	case iam.CallerAssumedRole:
		vm.Type, vm.RoleName, vm.SessionName = "Assumed role", eff.RoleName, eff.SessionName
		vm.Expires = views.FormatTime(eff.Expires)
		vm.BaseARN = con.Base.ARN
	}
	vm.Effective = ownPanel(c.Request().Context(), h.id, eff)
	return Render(c, http.StatusOK, views.Home(PageFor(c, "Console home", "dashboard"), vm))
}
