package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/views"
)

// rolesPerPage is the roles list's page size, as in the AWS console.
const rolesPerPage = 50

// Roles serves the role pages.
type Roles struct{ svc *iam.Service }

// NewRoles builds the role handlers.
func NewRoles(svc *iam.Service) *Roles { return &Roles{svc: svc} }

// List shows one page of roles, with search.
func (h *Roles) List(c echo.Context) error {
	caller := Caller(c)
	pg, _ := strconv.Atoi(c.QueryParam("page"))
	if pg < 1 {
		pg = 1
	}
	search := strings.TrimSpace(c.QueryParam("q"))
	list, err := h.svc.ListRoles(c.Request().Context(), caller, iam.ListInput{Search: search, MaxItems: rolesPerPage,
		Marker: strconv.Itoa((pg - 1) * rolesPerPage)})
	if err != nil {
		return Fail(c, err)
	}
	vm := views.RolesVM{Account: caller.Account(), Search: search, Total: list.Total, Page: pg,
		Pages: max(1, (list.Total+rolesPerPage-1)/rolesPerPage)}
	vm.CanCreate = h.svc.Allowed(c.Request().Context(), caller, "iam:CreateRole", "arn:aws:iam::"+caller.AccountID+":role/*")
	if !vm.CanCreate {
		vm.CreateHint = "You need iam:CreateRole"
	}
	for _, r := range list.Roles {
		row := views.RoleRow{Name: r.RoleName, Trusted: strings.Join(iam.TrustedEntities(r.AssumeRolePolicyDocument), ", "), LastActivity: "Never"}
		if r.LastUsed != nil {
			row.LastActivity = r.LastUsed.Format("2006-01-02")
		}
		vm.Roles = append(vm.Roles, row)
	}
	return Render(c, http.StatusOK, views.RolesList(PageFor(c, "Roles", "roles"), vm))
}

// Show shows a role: summary with the switch-role link, and its tabs.
func (h *Roles) Show(c echo.Context) error {
	ctx, caller := c.Request().Context(), Caller(c)
	name, _ := url.PathUnescape(c.Param("name"))
	r, err := h.svc.GetRole(ctx, caller, name)
	if err != nil {
		return Fail(c, err)
	}
	vm := views.RoleVM{Role: *r, Tab: c.QueryParam("tab"), Created: r.CreateDate.UTC().Format("January 2, 2006, 15:04 (UTC)"),
		SessionText: sessionText(r.MaxSessionDuration)}
	if vm.Tab != "trust" && vm.Tab != "tags" {
		vm.Tab = "permissions"
		if vm.Inline, err = h.svc.ListInlinePolicies(ctx, caller, "role", name); err != nil && !iam.IsKind(err, iam.KindDenied) {
			return Fail(c, err)
		}
		if vm.Attached, err = h.svc.ListAttachedPolicies(ctx, caller, "role", name); err != nil && !iam.IsKind(err, iam.KindDenied) {
			return Fail(c, err)
		}
	}
	vm.CanDelete = h.svc.Allowed(ctx, caller, "iam:DeleteRole", r.ARN)
	if !vm.CanDelete {
		vm.DeleteHint = "You need iam:DeleteRole"
	}
	vm.CanEditTrust = h.svc.Allowed(ctx, caller, "iam:UpdateAssumeRolePolicy", r.ARN)
	return Render(c, http.StatusOK, views.RoleDetail(PageFor(c, r.RoleName, "roles"), vm))
}

func sessionText(seconds int) string {
	h := seconds / 3600
	if h == 1 {
		return "1 hour"
	}
	if seconds%3600 == 0 {
		return strconv.Itoa(h) + " hours"
	}
	return strconv.Itoa(seconds) + " seconds"
}

// UpdateTrust saves a role's trust policy from the trust relationships tab.
func (h *Roles) UpdateTrust(c echo.Context) error {
	name, _ := url.PathUnescape(c.Param("name"))
	err := h.svc.UpdateAssumeRolePolicy(c.Request().Context(), Caller(c), name, c.FormValue("document"))
	if err != nil {
		if e := iam.AsError(err); e.Kind == iam.KindMalformedPolicy || e.Kind == iam.KindInvalid || e.Kind == iam.KindLimit {
			Flash(c, "error", e.Message)
			return Redirect(c, "/iam/roles/"+url.PathEscape(name)+"?tab=trust")
		}
		return Fail(c, err)
	}
	Flash(c, "success", "Trust policy updated.")
	return Redirect(c, "/iam/roles/"+url.PathEscape(name)+"?tab=trust")
}

// Delete deletes a role.
func (h *Roles) Delete(c echo.Context) error {
	name, _ := url.PathUnescape(c.Param("name"))
	if err := h.svc.DeleteRole(c.Request().Context(), Caller(c), name); err != nil {
		if iam.IsKind(err, iam.KindConflict) {
			Flash(c, "error", iam.AsError(err).Message)
			return Redirect(c, "/iam/roles/"+url.PathEscape(name))
		}
		return Fail(c, err)
	}
	Flash(c, "success", "Role "+name+" deleted.")
	return Redirect(c, "/iam/roles")
}
