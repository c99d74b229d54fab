package console

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/iam/identity"
	"iamconsole/iam/sessions"
	"iamconsole/views"
)

// Groups serves the IAM user groups pages.
type Groups struct {
	iam      *iam.Service
	svc      *identity.Service
	sessions *sessions.Service
}

// NewGroups builds the groups handlers.
func NewGroups(k *iam.Service, svc *identity.Service, se *sessions.Service) *Groups {
	return &Groups{iam: k, svc: svc, sessions: se}
}

// List shows the groups and the create form.
func (h *Groups) List(c echo.Context) error {
	return h.list(c, http.StatusOK, views.GroupsVM{NewPath: "/"})
}

func (h *Groups) list(c echo.Context, status int, vm views.GroupsVM) error {
	ctx, caller := c.Request().Context(), Caller(c)
	vm.Search = c.QueryParam("q")
	gs, total, err := h.svc.ListGroups(ctx, caller, iam.ListInput{Search: vm.Search, MaxItems: 1000})
	if err != nil {
		return Fail(c, err)
	}
	vm.Total = total
	for _, g := range gs {
		vm.Groups = append(vm.Groups, views.GroupRow{Name: g.GroupName, Path: g.Path, Created: when(g.CreateDate)})
	}
	vm.CanCreate = h.iam.Allowed(ctx, caller, catalog.IAMCreateGroup.String(), catalog.IAMGroup.ARN(caller.AccountID, "*"))
	return Render(c, status, views.Groups(PageFor(c, "User groups", "groups"), vm))
}

// Create creates a group.
func (h *Groups) Create(c echo.Context) error {
	name, path := strings.TrimSpace(c.FormValue("group_name")), strings.TrimSpace(c.FormValue("path"))
	g, err := h.svc.CreateGroup(c.Request().Context(), Caller(c), name, path)
	if err != nil {
		if e := iam.AsError(err); e.Kind == iam.KindInvalid || e.Kind == iam.KindExists {
			return h.list(c, http.StatusUnprocessableEntity, views.GroupsVM{NewName: name, NewPath: path, Errors: FieldErrors(err)})
		}
		return Fail(c, err)
	}
	Flash(c, "success", "User group "+g.GroupName+" created.")
	return Redirect(c, "/iam/groups/"+g.GroupName)
}

// Show shows a group with its members.
func (h *Groups) Show(c echo.Context) error { return h.show(c, http.StatusOK, nil) }

func (h *Groups) show(c echo.Context, status int, errs map[string]string) error {
	return h.showWith(c, status, errs, views.GroupFavoritesVM{})
}

// showWith renders a group's page; fav carries a re-shown publish form.
func (h *Groups) showWith(c echo.Context, status int, errs map[string]string, fav views.GroupFavoritesVM) error {
	ctx, caller := c.Request().Context(), Caller(c)
	g, err := h.svc.GetGroup(ctx, caller, c.Param("name"))
	if err != nil {
		return Fail(c, err)
	}
	vm := views.GroupVM{Name: g.GroupName, ARN: g.ARN, Path: g.Path, Created: when(g.CreateDate), Users: g.Users, Errors: errs}
	vm.CanDelete = h.iam.Allowed(ctx, caller, catalog.IAMDeleteGroup.String(), g.ARN)
	vm.CanAddUser = h.iam.Allowed(ctx, caller, catalog.IAMAddUserToGroup.String(), g.ARN)
	vm.CanRemoveUser = h.iam.Allowed(ctx, caller, catalog.IAMRemoveUserFromGroup.String(), g.ARN)
	vm.Favorites = h.favorites(c, g, fav)
	if vm.CanAddUser {
		if l, err := h.svc.ListUsers(ctx, caller, iam.ListInput{MaxItems: 1000}); err == nil {
			in := map[string]bool{}
			for _, u := range g.Users {
				in[strings.ToLower(u)] = true
			}
			for _, u := range l.Users {
				if !in[strings.ToLower(u.UserName)] {
					vm.OtherUsers = append(vm.OtherUsers, u.UserName)
				}
			}
		}
	}
	vm.Permissions = permissionsPanel(ctx, h.iam, h.svc, caller, "group", g.GroupName, g.ARN)
	return Render(c, status, views.Group(PageFor(c, g.GroupName, "groups"), vm))
}

func (h *Groups) fail(c echo.Context, err error) error {
	switch iam.AsError(err).Kind {
	case iam.KindInvalid, iam.KindLimit, iam.KindConflict, iam.KindExists:
		return h.show(c, http.StatusUnprocessableEntity, map[string]string{"_": iam.AsError(err).Message})
	}
	return Fail(c, err)
}

// Delete deletes a group once its name is typed.
func (h *Groups) Delete(c echo.Context) error {
	ctx, caller, name := c.Request().Context(), Caller(c), c.Param("name")
	if !Confirmed(c, name) && h.iam.Allowed(ctx, caller, catalog.IAMDeleteGroup.String(), h.groupARN(c, name)) {
		return AskConfirm(c, PageFor(c, "Delete "+name, "groups"), views.DeleteGroupConfirm(name))
	}
	if err := h.svc.DeleteGroup(ctx, caller, name); err != nil {
		return h.fail(c, err)
	}
	Flash(c, "success", "User group "+name+" deleted.")
	return Redirect(c, "/iam/groups")
}

// groupARN is the ARN of the group named, with its path when the caller
// may read it.
func (h *Groups) groupARN(c echo.Context, name string) string {
	if g, err := h.svc.GetGroup(c.Request().Context(), Caller(c), name); err == nil {
		return g.ARN
	}
	return catalog.IAMGroup.ARN(Caller(c).AccountID, name)
}

// AddUser adds the users chosen (field user, repeated) to the group,
// stopping at the first refusal.
func (h *Groups) AddUser(c echo.Context) error {
	users := nonEmpty(formParams(c)["user"])
	if len(users) == 0 {
		return h.show(c, http.StatusUnprocessableEntity, map[string]string{"user": "Select at least one user."})
	}
	for i, u := range users {
		if err := h.svc.AddUserToGroup(c.Request().Context(), Caller(c), c.Param("name"), u); err != nil {
			if i > 0 && !iam.IsKind(err, iam.KindDenied) {
				e := *iam.AsError(err)
				e.Message = "Added " + strings.Join(users[:i], ", ") + "; not " + u + ": " + e.Message
				err = &e
			}
			return h.fail(c, err)
		}
	}
	Flash(c, "success", plural(len(users), "user", "users")+" added: "+strings.Join(users, ", ")+".")
	return Redirect(c, views.EntityBase("group", c.Param("name")))
}

// RemoveUser removes a member.
func (h *Groups) RemoveUser(c echo.Context) error {
	if err := h.svc.RemoveUserFromGroup(c.Request().Context(), Caller(c), c.Param("name"), c.Param("user")); err != nil {
		return h.fail(c, err)
	}
	Flash(c, "success", "User "+c.Param("user")+" removed.")
	return Redirect(c, views.EntityBase("group", c.Param("name")))
}
