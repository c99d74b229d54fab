package console

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/views"
)

// Users serves the IAM users pages and the caller's own security credentials.
type Users struct {
	iam *iam.Service
	svc *identity.Service
}

// NewUsers builds the users handlers.
func NewUsers(k *iam.Service, svc *identity.Service) *Users { return &Users{iam: k, svc: svc} }

// usersPerPage is the console's page size.
const usersPerPage = 50

func when(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

func whenPtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return when(*t)
}

func userARN(c *iam.Caller, name string) string {
	return "arn:aws:iam::" + c.AccountID + ":user/" + name
}

// List shows the users list with search, sort and pagination.
func (h *Users) List(c echo.Context) error {
	caller := Caller(c)
	pg, _ := strconv.Atoi(c.QueryParam("page"))
	if pg < 1 {
		pg = 1
	}
	sort := c.QueryParam("sort")
	l, err := h.svc.ListUsers(c.Request().Context(), caller, iam.ListInput{Search: c.QueryParam("q"), Sort: sort,
		Marker: strconv.Itoa((pg - 1) * usersPerPage), MaxItems: usersPerPage})
	if err != nil {
		return Fail(c, err)
	}
	vm := views.UsersVM{Search: c.QueryParam("q"), Sort: sort, Total: l.Total, Page: pg,
		Pages:     (l.Total + usersPerPage - 1) / usersPerPage,
		CanCreate: h.iam.Allowed(c.Request().Context(), caller, "iam:CreateUser", userARN(caller, "*"))}
	for _, u := range l.Users {
		vm.Users = append(vm.Users, views.UserRow{Name: u.UserName, Path: u.Path, ARN: u.ARN, Created: when(u.CreateDate),
			PasswordLastUsed: whenPtr(u.PasswordLastUsed), HasPassword: u.HasPassword})
	}
	return Render(c, http.StatusOK, views.Users(PageFor(c, "Users", "users"), vm))
}

// New shows the create-user form.
func (h *Users) New(c echo.Context) error {
	return Render(c, http.StatusOK, views.UserForm(PageFor(c, "Create user", "users"), views.UserFormVM{Path: "/", Reset: true}))
}

// parseTags reads "key=value" lines.
func parseTags(s string) []iam.Tag {
	var out []iam.Tag
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		k, v, _ := strings.Cut(line, "=")
		out = append(out, iam.Tag{Key: strings.TrimSpace(k), Value: strings.TrimSpace(v)})
	}
	return out
}

// Create creates a user from the form.
func (h *Users) Create(c echo.Context) error {
	vm := views.UserFormVM{UserName: strings.TrimSpace(c.FormValue("user_name")), Path: strings.TrimSpace(c.FormValue("path")),
		Tags: c.FormValue("tags"), ConsoleAccess: c.FormValue("console_access") == "on", Reset: c.FormValue("reset_required") == "on"}
	in := identity.CreateUserInput{UserName: vm.UserName, Path: vm.Path, Tags: parseTags(vm.Tags)}
	if vm.ConsoleAccess {
		in.Password, in.PasswordResetRequired = c.FormValue("password"), vm.Reset
		if in.Password == "" {
			vm.Errors = map[string]string{"password": "Enter a console password."}
			return Render(c, http.StatusUnprocessableEntity, views.UserForm(PageFor(c, "Create user", "users"), vm))
		}
	}
	u, err := h.svc.CreateUser(c.Request().Context(), Caller(c), in)
	if err != nil {
		if e := iam.AsError(err); e.Kind == iam.KindInvalid || e.Kind == iam.KindExists {
			vm.Errors = FieldErrors(err)
			return Render(c, http.StatusUnprocessableEntity, views.UserForm(PageFor(c, "Create user", "users"), vm))
		}
		return Fail(c, err)
	}
	Flash(c, "success", "User "+u.UserName+" created.")
	return Redirect(c, "/iam/users/"+u.UserName)
}

// Show shows a user's detail page with its tabs.
func (h *Users) Show(c echo.Context) error {
	return h.show(c, http.StatusOK, views.UserVM{Tab: c.QueryParam("tab")})
}

func (h *Users) show(c echo.Context, status int, vm views.UserVM) error {
	ctx, caller := c.Request().Context(), Caller(c)
	u, err := h.svc.GetUser(ctx, caller, c.Param("name"))
	if err != nil {
		return Fail(c, err)
	}
	if vm.Tab == "" {
		vm.Tab = "permissions"
	}
	vm.Name, vm.ARN, vm.Path, vm.Created = u.UserName, u.ARN, u.Path, when(u.CreateDate)
	vm.PasswordLastUsed = whenPtr(u.PasswordLastUsed)
	for _, t := range u.Tags {
		vm.Tags = append(vm.Tags, views.Tag{Key: t.Key, Value: t.Value})
	}
	// Each tab reads what its API twin reads, with that action's
	// permission: GetUser alone shows none of the user's credentials or
	// groups, as the API's GetUser does not.
	denied := func(err error) (string, error) {
		if iam.IsKind(err, iam.KindDenied) {
			return iam.AsError(err).Message, nil
		}
		return "", err
	}
	if lp, err := h.svc.GetLoginProfile(ctx, caller, u.UserName); err == nil {
		vm.HasPassword, vm.ResetRequired = true, lp.PasswordResetRequired
	} else if !iam.IsKind(err, iam.KindNotFound) {
		if vm.PasswordDenied, err = denied(err); err != nil {
			return Fail(c, err)
		}
	}
	if gs, err := h.svc.ListGroupsForUser(ctx, caller, u.UserName); err == nil {
		for _, g := range gs {
			vm.Groups = append(vm.Groups, g.GroupName)
		}
	} else if vm.GroupsDenied, err = denied(err); err != nil {
		return Fail(c, err)
	}
	if ks, err := h.svc.ListAccessKeys(ctx, caller, u.UserName); err == nil {
		for _, k := range ks {
			vm.AccessKeys = append(vm.AccessKeys, views.AccessKeyRow{ID: k.AccessKeyID, Status: k.Status, Created: when(k.CreateDate), LastUsed: whenPtr(k.LastUsed)})
		}
	} else if vm.KeysDenied, err = denied(err); err != nil {
		return Fail(c, err)
	}
	if ms, err := h.svc.ListMFADevices(ctx, caller, u.UserName); err == nil {
		for _, m := range ms {
			if m.EnableDate != nil {
				vm.MFA = append(vm.MFA, views.MFARow{Serial: m.SerialNumber, Enabled: whenPtr(m.EnableDate)})
			}
		}
	} else if vm.MFADenied, err = denied(err); err != nil {
		return Fail(c, err)
	}
	allow := func(action string) bool { return h.iam.Allowed(ctx, caller, action, u.ARN) }
	vm.CanDelete, vm.CanCreateKey, vm.CanUpdateKey, vm.CanDeleteKey = allow("iam:DeleteUser"), allow("iam:CreateAccessKey"), allow("iam:UpdateAccessKey"), allow("iam:DeleteAccessKey")
	vm.CanPassword = allow(map[bool]string{true: "iam:UpdateLoginProfile", false: "iam:CreateLoginProfile"}[u.HasPassword])
	vm.CanDeletePassword, vm.CanAddGroup, vm.CanRemoveGroup = allow("iam:DeleteLoginProfile"), allow("iam:AddUserToGroup"), allow("iam:RemoveUserFromGroup")
	vm.CanEnableMFA, vm.CanDeactivateMFA = allow("iam:EnableMFADevice"), allow("iam:DeactivateMFADevice")
	vm.CanCreateMFA = h.iam.Allowed(ctx, caller, "iam:CreateVirtualMFADevice", "arn:aws:iam::"+caller.AccountID+":mfa/*")
	if vm.CanAddGroup {
		if gs, _, err := h.svc.ListGroups(ctx, caller, iam.ListInput{MaxItems: 1000}); err == nil {
			in := map[string]bool{}
			for _, g := range vm.Groups {
				in[strings.ToLower(g)] = true
			}
			for _, g := range gs {
				if !in[strings.ToLower(g.GroupName)] {
					vm.AllGroups = append(vm.AllGroups, g.GroupName)
				}
			}
		}
	}
	if vm.Tab == "permissions" {
		vm.Permissions = permissionsPanel(ctx, h.iam, h.svc, caller, "user", u.UserName, u.ARN)
	}
	return Render(c, status, views.User(PageFor(c, u.UserName, "users"), vm))
}

// formError re-renders the user page on tab with the error next to its
// field, or fails for errors that are not about input.
func (h *Users) formError(c echo.Context, tab string, err error) error {
	switch iam.AsError(err).Kind {
	case iam.KindInvalid, iam.KindExists, iam.KindLimit, iam.KindConflict, iam.KindNotFound:
		return h.show(c, http.StatusUnprocessableEntity, views.UserVM{Tab: tab, Errors: FieldErrors(err)})
	}
	return Fail(c, err)
}

func (h *Users) back(c echo.Context, tab, msg string) error {
	Flash(c, "success", msg)
	return Redirect(c, "/iam/users/"+c.Param("name")+"?tab="+tab)
}

// Delete deletes a user.
func (h *Users) Delete(c echo.Context) error {
	if c.FormValue("delete_everything") == "on" {
		removed, err := h.svc.DeleteUserCompletely(c.Request().Context(), Caller(c), c.Param("name"))
		if err != nil {
			if len(removed) > 0 || iam.IsKind(err, iam.KindConflict) {
				Flash(c, "error", "Removed "+strings.Join(removed, ", ")+" before this failed: "+iam.AsError(err).Message)
				return Redirect(c, "/iam/users/"+c.Param("name"))
			}
			return Fail(c, err)
		}
		msg := "User " + c.Param("name") + " deleted."
		if len(removed) > 0 {
			msg = "User " + c.Param("name") + " deleted, with its " + strings.Join(removed, ", ") + "."
		}
		Flash(c, "success", msg)
		return Redirect(c, "/iam/users")
	}
	if err := h.svc.DeleteUser(c.Request().Context(), Caller(c), c.Param("name")); err != nil {
		if iam.IsKind(err, iam.KindConflict) {
			Flash(c, "error", iam.AsError(err).Message)
			return Redirect(c, "/iam/users/"+c.Param("name"))
		}
		return Fail(c, err)
	}
	Flash(c, "success", "User "+c.Param("name")+" deleted.")
	return Redirect(c, "/iam/users")
}

// CreateAccessKey creates an access key and shows its secret this once.
func (h *Users) CreateAccessKey(c echo.Context) error {
	k, secret, err := h.svc.CreateAccessKey(c.Request().Context(), Caller(c), c.Param("name"))
	if err != nil {
		return h.formError(c, "security_credentials", err)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return h.show(c, http.StatusOK, views.UserVM{Tab: "security_credentials", NewKeyID: k.AccessKeyID, NewSecret: secret})
}

// UpdateAccessKey activates or deactivates an access key.
func (h *Users) UpdateAccessKey(c echo.Context) error {
	st := c.FormValue("status")
	if err := h.svc.UpdateAccessKey(c.Request().Context(), Caller(c), c.Param("name"), c.Param("key"), st); err != nil {
		return h.formError(c, "security_credentials", err)
	}
	return h.back(c, "security_credentials", "Access key "+c.Param("key")+" is now "+strings.ToLower(st)+".")
}

// DeleteAccessKey deletes an access key.
func (h *Users) DeleteAccessKey(c echo.Context) error {
	if err := h.svc.DeleteAccessKey(c.Request().Context(), Caller(c), c.Param("name"), c.Param("key")); err != nil {
		return h.formError(c, "security_credentials", err)
	}
	return h.back(c, "security_credentials", "Access key "+c.Param("key")+" deleted.")
}

// SetPassword creates or updates the user's console password.
func (h *Users) SetPassword(c echo.Context) error {
	ctx, caller, name := c.Request().Context(), Caller(c), c.Param("name")
	pw, reset := c.FormValue("password"), c.FormValue("reset_required") == "on"
	var err error
	if _, gerr := h.svc.GetLoginProfile(ctx, caller, name); gerr == nil {
		err = h.svc.UpdateLoginProfile(ctx, caller, name, &pw, &reset)
	} else if iam.IsKind(gerr, iam.KindNotFound) {
		err = h.svc.CreateLoginProfile(ctx, caller, name, pw, reset)
	} else {
		err = gerr
	}
	if err != nil {
		return h.formError(c, "security_credentials", err)
	}
	return h.back(c, "security_credentials", "Console password updated.")
}

// DeletePassword disables console access.
func (h *Users) DeletePassword(c echo.Context) error {
	if err := h.svc.DeleteLoginProfile(c.Request().Context(), Caller(c), c.Param("name")); err != nil {
		return h.formError(c, "security_credentials", err)
	}
	return h.back(c, "security_credentials", "Console access disabled.")
}

// AddToGroup adds the user to a group.
func (h *Users) AddToGroup(c echo.Context) error {
	if err := h.svc.AddUserToGroup(c.Request().Context(), Caller(c), c.FormValue("group"), c.Param("name")); err != nil {
		if e := iam.AsError(err); e.Field == "" && e.Kind != iam.KindDenied {
			e2 := *e
			e2.Field = "group"
			err = &e2
		}
		return h.formError(c, "groups", err)
	}
	return h.back(c, "groups", "User added to "+c.FormValue("group")+".")
}

// RemoveFromGroup removes the user from a group.
func (h *Users) RemoveFromGroup(c echo.Context) error {
	if err := h.svc.RemoveUserFromGroup(c.Request().Context(), Caller(c), c.Param("group"), c.Param("name")); err != nil {
		return h.formError(c, "groups", err)
	}
	return h.back(c, "groups", "User removed from "+c.Param("group")+".")
}

// CreateMFA creates a virtual MFA device and shows its QR code.
func (h *Users) CreateMFA(c echo.Context) error {
	name := strings.TrimSpace(c.FormValue("device_name"))
	d, err := h.svc.CreateVirtualMFADevice(c.Request().Context(), Caller(c), name, "")
	if err != nil {
		return h.formError(c, "security_credentials", err)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return h.show(c, http.StatusOK, views.UserVM{Tab: "security_credentials", PendingMFA: d.SerialNumber, PendingMFAName: name,
		PendingMFATicket: h.svc.MFAQRTicket(Caller(c), d.SerialNumber)})
}

// EnableMFA assigns the device after two consecutive codes.
func (h *Users) EnableMFA(c echo.Context) error {
	serial := c.FormValue("serial")
	err := h.svc.EnableMFADevice(c.Request().Context(), Caller(c), c.Param("name"), serial, c.FormValue("code1"), c.FormValue("code2"))
	if err != nil {
		if iam.IsKind(err, iam.KindInvalid) {
			return h.show(c, http.StatusUnprocessableEntity, views.UserVM{Tab: "security_credentials", PendingMFA: serial,
				PendingMFAName: c.FormValue("device_name"), PendingMFATicket: c.FormValue("ticket"), Errors: FieldErrors(err)})
		}
		return h.formError(c, "security_credentials", err)
	}
	return h.back(c, "security_credentials", "MFA device assigned.")
}

// DeactivateMFA removes an MFA device from the user and deletes it.
func (h *Users) DeactivateMFA(c echo.Context) error {
	ctx, caller, serial := c.Request().Context(), Caller(c), c.FormValue("serial")
	if err := h.svc.DeactivateMFADevice(ctx, caller, c.Param("name"), serial); err != nil {
		return h.formError(c, "security_credentials", err)
	}
	// The console deletes the virtual device too; keep it if not allowed.
	_ = h.svc.DeleteVirtualMFADevice(ctx, caller, serial)
	return h.back(c, "security_credentials", "MFA device removed.")
}

// MFAQR serves the QR code PNG of a device that is being assigned.
func (h *Users) MFAQR(c echo.Context) error {
	png, err := h.svc.VirtualMFADeviceQR(c.Request().Context(), Caller(c), c.QueryParam("t"))
	if err != nil {
		return Fail(c, err)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "image/png", png)
}

// SecurityCredentials shows the caller's own credentials page.
func (h *Users) SecurityCredentials(c echo.Context) error {
	return h.securityCredentials(c, http.StatusOK, nil)
}

func (h *Users) securityCredentials(c echo.Context, status int, errs map[string]string) error {
	caller := Caller(c)
	vm := views.SecurityCredentialsVM{UserName: caller.UserName, ARN: caller.ARN, IsUser: caller.Type == iam.CallerUser, Errors: errs}
	return Render(c, status, views.SecurityCredentials(PageFor(c, "My security credentials", ""), vm))
}

// ChangePassword changes the caller's own password.
func (h *Users) ChangePassword(c echo.Context) error {
	nw := c.FormValue("new_password")
	if nw != c.FormValue("confirm_password") {
		return h.securityCredentials(c, http.StatusUnprocessableEntity, map[string]string{"confirm_password": "The passwords do not match."})
	}
	if err := h.svc.ChangePassword(c.Request().Context(), Caller(c), c.FormValue("old_password"), nw); err != nil {
		if iam.IsKind(err, iam.KindInvalid) {
			return h.securityCredentials(c, http.StatusUnprocessableEntity, FieldErrors(err))
		}
		return Fail(c, err)
	}
	Flash(c, "success", "Your password has been changed.")
	return Redirect(c, "/iam/security_credentials")
}
