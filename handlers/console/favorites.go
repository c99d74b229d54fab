package console

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/iam/identity"
	"iamconsole/views"
)

// favorites builds the group page's favourite-roles card from the group
// as read for the page; vm may carry a publish form to show again with its
// errors.
func (h *Groups) favorites(c echo.Context, g *identity.GroupInfo, vm views.GroupFavoritesVM) views.GroupFavoritesVM {
	vm.Group = g.GroupName
	for _, f := range g.Favorites {
		vm.Favorites = append(vm.Favorites, toViewLink(f))
	}
	vm.CanEdit = h.iam.Allowed(c.Request().Context(), Caller(c), catalog.IAMUpdateGroup.String(), g.ARN)
	return vm
}

// PublishFavorite publishes a role to the group's members (fields account,
// roleName, displayName and color, as on the Switch Role form).
func (h *Groups) PublishFavorite(c echo.Context) error {
	link := iam.RoleLink{Account: c.FormValue("account"), RoleName: c.FormValue("roleName"),
		DisplayName: c.FormValue("displayName"), Color: c.FormValue("color")}
	group := c.Param("name")
	if err := h.sessions.PublishFavoriteRole(c.Request().Context(), Caller(c), group, link); err != nil {
		switch iam.AsError(err).Kind {
		case iam.KindInvalid, iam.KindLimit:
			return h.showWith(c, http.StatusUnprocessableEntity, nil, views.GroupFavoritesVM{Form: toViewLink(link), Errors: FieldErrors(err)})
		}
		return Fail(c, err)
	}
	Flash(c, "success", "Role "+link.RoleName+" published to the members of "+group+".")
	return Redirect(c, "/iam/groups/"+group+"#favorites")
}

// UnpublishFavorite withdraws a published role (fields account, roleName).
func (h *Groups) UnpublishFavorite(c echo.Context) error {
	group := c.Param("name")
	if err := h.sessions.UnpublishFavoriteRole(c.Request().Context(), Caller(c), group, c.FormValue("account"), c.FormValue("roleName")); err != nil {
		return Fail(c, err)
	}
	Flash(c, "success", "Role "+c.FormValue("roleName")+" unpublished.")
	return Redirect(c, "/iam/groups/"+group+"#favorites")
}
