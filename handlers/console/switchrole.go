package console

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/iam/sessions"
	"iamconsole/views"
)

// SwitchRole serves the Switch Role form, Switch back and the role history.
type SwitchRole struct{ svc *sessions.Service }

// NewSwitchRole builds the Switch Role handler.
func NewSwitchRole(svc *sessions.Service) *SwitchRole { return &SwitchRole{svc: svc} }

// SafeRedirect returns uri when it is a same-origin path to go to after
// switching (see SafeNext), else "".
func SafeRedirect(uri string) string { return SafeNext(uri) }

func switchVM(c echo.Context, get func(string) string) views.SwitchRoleVM {
	color, _ := sessions.NormalizeColor(get("color")) // off the palette: no colour, as AWS
	vm := views.SwitchRoleVM{Account: get("account"), RoleName: get("roleName"), DisplayName: get("displayName"),
		Color: color, RedirectURI: SafeRedirect(get("redirect_uri"))}
	if con := ConsoleOf(c); con != nil {
		vm.InRole = con.Role != nil
	}
	return vm
}

// Form shows the Switch Role form pre-filled from the query (a shared
// link); a GET never switches.
func (h *SwitchRole) Form(c echo.Context) error {
	return Render(c, http.StatusOK, views.SwitchRolePage(PageFor(c, "Switch Role", "switchrole"), switchVM(c, c.QueryParam)))
}

// Submit switches to the role and goes to the redirect path or home.
func (h *SwitchRole) Submit(c echo.Context) error {
	vm := switchVM(c, c.FormValue)
	id, caller, err := h.svc.SwitchRole(c.Request().Context(), sessionsOf(c).ID(c.Request()), sessions.SwitchRoleInput{
		Account: c.FormValue("account"), RoleName: c.FormValue("roleName"), DisplayName: c.FormValue("displayName"),
		Color: c.FormValue("color"), RedirectURI: vm.RedirectURI})
	if err != nil {
		e := iam.AsError(err)
		switch e.Kind {
		case iam.KindInvalid:
			vm.Color = ""
			vm.FieldErrors = FieldErrors(err)
			return Render(c, http.StatusUnprocessableEntity, views.SwitchRolePage(PageFor(c, "Switch Role", "switchrole"), vm))
		case iam.KindDenied:
			vm.Banner = e.Message
			if x := e.Explanation; x != nil {
				vm.Reason, vm.Layer, vm.Policy, vm.Explicit = x.Reason, x.Layer, x.Policy, x.Explicit
			}
			return Render(c, http.StatusForbidden, views.SwitchRolePage(PageFor(c, "Switch Role", "switchrole"), vm))
		}
		return Fail(c, err)
	}
	if err := sessionsOf(c).SetID(c, id); err != nil {
		return err
	}
	Flash(c, "info", "Switched to "+caller.RoleName+" in account "+caller.Account()+" ("+caller.AccountID+").")
	to := vm.RedirectURI
	if to == "" {
		to = "/"
	}
	return Redirect(c, to)
}

// Back switches back to the signed-in identity.
func (h *SwitchRole) Back(c echo.Context) error {
	con := ConsoleOf(c)
	id, err := h.svc.SwitchBack(c.Request().Context(), sessionsOf(c).ID(c.Request()))
	if err != nil {
		return Fail(c, err)
	}
	if err := sessionsOf(c).SetID(c, id); err != nil {
		return err
	}
	if con.Role != nil {
		Flash(c, "info", "Switched back to "+con.Base.Name()+".")
	}
	return Redirect(c, "/")
}

func toViewLink(l iam.RoleLink) views.RoleLink {
	return views.RoleLink{Account: l.Account, RoleName: l.RoleName, DisplayName: l.DisplayName, Color: l.Color}
}

// History lists the roles the user switched to and the published
// favourites, filtered by q.
func (h *SwitchRole) History(c echo.Context) error {
	ctx := c.Request().Context()
	base := ConsoleOf(c).Base
	hist, err := h.svc.RoleHistory(ctx, base)
	if err != nil {
		return Fail(c, err)
	}
	favs, err := h.svc.FavoriteRoles(ctx, base)
	if err != nil {
		return Fail(c, err)
	}
	q := strings.TrimSpace(c.QueryParam("q"))
	match := func(l iam.RoleLink) bool {
		if q == "" {
			return true
		}
		s := strings.ToLower(q)
		return strings.Contains(strings.ToLower(l.Account+" "+l.RoleName+" "+l.DisplayName+" "+l.Group), s)
	}
	vm := views.RoleHistoryVM{Query: q}
	for _, l := range hist {
		if match(l) {
			vm.History = append(vm.History, views.RoleHistoryRow{Link: toViewLink(l), UsedAt: views.FormatTime(l.UsedAt)})
		}
	}
	for _, l := range favs {
		if match(l) {
			vm.Favorites = append(vm.Favorites, views.RoleHistoryRow{Link: toViewLink(l), Group: l.Group})
		}
	}
	return Render(c, http.StatusOK, views.RoleHistoryPage(PageFor(c, "Role history", "switchrole"), vm))
}

// SwitchRoleNav is middleware that installs the navigation-bar decorator:
// role history, favourite roles and the event-history link.
func SwitchRoleNav(k *iam.Service, svc *sessions.Service) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			SetNavDecorator(c, func(c echo.Context, nav *views.Nav) {
				con := ConsoleOf(c)
				if con == nil {
					return
				}
				ctx := c.Request().Context()
				if hist, err := svc.RoleHistory(ctx, con.Base); err == nil {
					for i, l := range hist {
						if i == sessions.RoleHistoryShown {
							break
						}
						nav.History = append(nav.History, toViewLink(l))
					}
				}
				if favs, err := svc.FavoriteRoles(ctx, con.Base); err == nil {
					for _, l := range favs {
						nav.Favorites = append(nav.Favorites, toViewLink(l))
					}
				}
				nav.CanSeeTrail = k.Allowed(ctx, con.Effective(), catalog.CloudTrailLookupEvents.String(), "*")
			})
			return next(c)
		}
	}
}
