package console

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/iam/identity"
	"iamconsole/views"
)

// The security credentials of a user (console password, MFA devices,
// access keys) are managed from two places with the same handlers: the
// user's page (/iam/users/NAME/…), by whoever may, and My security
// credentials (/iam/security_credentials/…), by the user itself, as far as
// its policies allow (AWS's documented self-service policies let users
// manage their own MFA device and access keys).

// credentialTarget is the user a credentials request is about and the base
// URL of its credentials: the user of the URL, or the caller.
func credentialTarget(c echo.Context) (name, base string, self bool, err error) {
	if strings.HasPrefix(c.Path(), views.SelfCredentialsBase) {
		caller := Caller(c)
		if caller.Type != iam.CallerUser {
			return "", "", true, iam.Invalid("", "Only IAM users have security credentials to manage here.")
		}
		return caller.UserName, views.SelfCredentialsBase, true, nil
	}
	name = pathParam(c, "name")
	return name, views.EntityBase("user", name), false, nil
}

// credentialsURL is the page that lists the credentials of base, at anchor
// (without "#") when it is not "".
func credentialsURL(base, anchor string) string {
	u := base
	if base != views.SelfCredentialsBase {
		u += "?tab=security_credentials"
	}
	if anchor != "" {
		u += "#" + anchor
	}
	return u
}

// credentials builds the credentials panel of user u, whose pages are under
// base, for the request's caller; a new access key kept for this page is
// shown once.
//
// Each part is read as its API twin reads it, with that action's
// permission (GetLoginProfile, ListMFADevices, ListAccessKeys): a viewer
// who may not sees the refusal in its place, never the data.
func (h *Users) credentials(c echo.Context, u *identity.UserInfo, base string, self bool) (views.CredentialsVM, error) {
	ctx, caller := c.Request().Context(), Caller(c)
	vm := views.CredentialsVM{Base: base, UserName: u.UserName, Self: self}
	if lp, err := h.svc.GetLoginProfile(ctx, caller, u.UserName); err == nil {
		vm.HasPassword, vm.ResetRequired = true, lp.PasswordResetRequired
	} else if !iam.IsKind(err, iam.KindNotFound) {
		if vm.PasswordDenied, err = tabRefusal(err); err != nil {
			return vm, err
		}
	}
	if ks, err := h.svc.ListAccessKeys(ctx, caller, u.UserName); err == nil {
		for _, k := range ks {
			vm.AccessKeys = append(vm.AccessKeys, views.AccessKeyRow{ID: k.AccessKeyID, Status: k.Status, Created: when(k.CreateDate), LastUsed: whenPtr(k.LastUsed)})
		}
	} else if vm.KeysDenied, err = tabRefusal(err); err != nil {
		return vm, err
	}
	if ms, err := h.svc.ListMFADevices(ctx, caller, u.UserName); err == nil {
		for _, m := range ms {
			if m.EnableDate != nil {
				vm.MFA = append(vm.MFA, views.MFARow{Serial: m.SerialNumber, Enabled: whenPtr(m.EnableDate)})
			}
		}
	} else if vm.MFADenied, err = tabRefusal(err); err != nil {
		return vm, err
	}
	allow := func(action catalog.Action, resource string) bool {
		return h.iam.Allowed(ctx, caller, action.String(), resource)
	}
	vm.CanCreateKey, vm.CanUpdateKey = allow(catalog.IAMCreateAccessKey, u.ARN), allow(catalog.IAMUpdateAccessKey, u.ARN)
	vm.CanDeleteKey = allow(catalog.IAMDeleteAccessKey, u.ARN)
	vm.CanPassword = allow(map[bool]catalog.Action{true: catalog.IAMUpdateLoginProfile, false: catalog.IAMCreateLoginProfile}[u.HasPassword], u.ARN)
	vm.CanDeletePassword = allow(catalog.IAMDeleteLoginProfile, u.ARN)
	vm.CanEnableMFA, vm.CanDeactivateMFA = allow(catalog.IAMEnableMFADevice, u.ARN), allow(catalog.IAMDeactivateMFADevice, u.ARN)
	// Devices may be named freely (mfa/*) or, in AWS's older self-service
	// policy, after their user (mfa/${aws:username}).
	vm.CanCreateMFA = allow(catalog.IAMCreateVirtualMFADevice, catalog.IAMMFA.ARN(caller.AccountID, "*")) ||
		allow(catalog.IAMCreateVirtualMFADevice, catalog.IAMMFA.ARN(caller.AccountID, u.UserName))
	if allow(catalog.IAMListVirtualMFADevices, catalog.IAMMFA.ARN(caller.AccountID, "")) {
		if ds, err := h.svc.ListVirtualMFADevices(ctx, caller, "Unassigned"); err == nil {
			for _, d := range ds {
				vm.Pending = append(vm.Pending, views.PendingMFARow{Serial: d.SerialNumber,
					CanRemove: allow(catalog.IAMDeleteVirtualMFADevice, d.SerialNumber)})
			}
		}
	}
	if once := takeOnce(c, "access-key"); once != nil && once["user"] == u.UserName {
		vm.NewKeyID, vm.NewSecret = once["id"], once["secret"]
	}
	return vm, nil
}

// credentialsError shows the credentials again with the problem next to its
// field (or above the access keys), or fails for errors not about input.
func (h *Users) credentialsError(c echo.Context, err error, deviceName string) error {
	switch iam.AsError(err).Kind {
	case iam.KindInvalid, iam.KindExists, iam.KindLimit, iam.KindConflict, iam.KindNotFound:
	default:
		return Fail(c, err)
	}
	_, _, self, terr := credentialTarget(c)
	if terr != nil {
		return Fail(c, terr)
	}
	errs := FieldErrors(err)
	if self {
		return h.securityCredentials(c, http.StatusUnprocessableEntity, errs, deviceName)
	}
	return h.show(c, http.StatusUnprocessableEntity, views.UserVM{Tab: "security_credentials", Errors: errs,
		Credentials: views.CredentialsVM{Errors: errs, DeviceName: deviceName}})
}

// credentialsDone flashes msg and goes back to the credentials at anchor.
func credentialsDone(c echo.Context, base, anchor, msg string) error {
	Flash(c, "success", msg)
	return Redirect(c, credentialsURL(base, anchor))
}

// CreateAccessKey creates an access key, then shows its secret once on the
// page it redirects to: post/redirect/get, so that reloading that page
// neither creates a second key nor shows the secret again.
func (h *Users) CreateAccessKey(c echo.Context) error {
	name, base, _, err := credentialTarget(c)
	if err != nil {
		return Fail(c, err)
	}
	k, secret, err := h.svc.CreateAccessKey(c.Request().Context(), Caller(c), name)
	if err != nil {
		return h.credentialsError(c, err, "")
	}
	if err := setOnce(c, map[string]string{"view": "access-key", "user": name, "id": k.AccessKeyID, "secret": secret}); err != nil {
		return Fail(c, err)
	}
	return Redirect(c, credentialsURL(base, "access-keys"))
}

// UpdateAccessKey activates or deactivates an access key.
func (h *Users) UpdateAccessKey(c echo.Context) error {
	name, base, _, err := credentialTarget(c)
	if err != nil {
		return Fail(c, err)
	}
	st, key := c.FormValue("status"), c.Param("key")
	if err := h.svc.UpdateAccessKey(c.Request().Context(), Caller(c), name, key, st); err != nil {
		return h.credentialsError(c, err, "")
	}
	return credentialsDone(c, base, "access-keys", "Access key "+key+" is now "+strings.ToLower(st)+".")
}

// DeleteAccessKey deletes an access key once its ID is typed, as AWS asks.
func (h *Users) DeleteAccessKey(c echo.Context) error {
	name, base, _, err := credentialTarget(c)
	if err != nil {
		return Fail(c, err)
	}
	ctx, caller, key := c.Request().Context(), Caller(c), c.Param("key")
	if !Confirmed(c, key) && h.iam.Allowed(ctx, caller, catalog.IAMDeleteAccessKey.String(), h.targetARN(c, name)) {
		return AskConfirm(c, PageFor(c, "Delete access key", credentialsSection(base)), views.DeleteAccessKeyConfirm(base, key))
	}
	if err := h.svc.DeleteAccessKey(ctx, caller, name, key); err != nil {
		return h.credentialsError(c, err, "")
	}
	return credentialsDone(c, base, "access-keys", "Access key "+key+" deleted.")
}

// credentialsSection is the navigation section of credentials under base.
func credentialsSection(base string) string {
	if base == views.SelfCredentialsBase {
		return "mycreds"
	}
	return "users"
}

// CreateMFA creates a virtual MFA device named in the form and goes to its
// set-up step, a page of its own that may be reloaded.
func (h *Users) CreateMFA(c echo.Context) error {
	_, base, _, err := credentialTarget(c)
	if err != nil {
		return Fail(c, err)
	}
	name := strings.TrimSpace(c.FormValue("device_name"))
	if name == "" {
		return h.credentialsError(c, iam.Invalid("device_name", "Enter a device name."), name)
	}
	d, err := h.svc.CreateVirtualMFADevice(c.Request().Context(), Caller(c), name, "")
	if err != nil {
		if iam.IsKind(err, iam.KindExists) {
			err = iam.AlreadyExists("device_name", "An MFA device named %s already exists in this account. If it is a set-up that was not finished, remove it under Unfinished set-ups; or choose another name.", name)
		}
		return h.credentialsError(c, err, name)
	}
	return Redirect(c, base+"/mfa/setup?t="+url.QueryEscape(h.svc.MFAQRTicket(Caller(c), d.SerialNumber)))
}

// MFASetup shows the set-up step of a new device: its QR code and secret
// key, and the two codes that assign it.
func (h *Users) MFASetup(c echo.Context) error {
	return h.mfaSetup(c, http.StatusOK, c.QueryParam("t"), nil)
}

func (h *Users) mfaSetup(c echo.Context, status int, ticket string, errs map[string]string) error {
	name, base, _, err := credentialTarget(c)
	if err != nil {
		return Fail(c, err)
	}
	ctx, caller := c.Request().Context(), Caller(c)
	d, err := h.svc.PendingVirtualMFADevice(ctx, caller, ticket)
	if err != nil {
		if iam.IsKind(err, iam.KindNotFound) {
			Flash(c, "warning", "The MFA set-up has expired or was finished. Assign the device again.")
			return Redirect(c, credentialsURL(base, "mfa"))
		}
		return Fail(c, err)
	}
	vm := views.MFASetupVM{Base: base, UserName: name, Serial: d.SerialNumber, Name: d.Name, Ticket: ticket, Seed: d.Base32StringSeed,
		Errors: errs, CanCancel: h.iam.Allowed(ctx, caller, catalog.IAMDeleteVirtualMFADevice.String(), d.SerialNumber)}
	c.Response().Header().Set("Cache-Control", "no-store")
	p := PageFor(c, "Set up device", credentialsSection(base))
	if base == views.SelfCredentialsBase {
		p = p.WithCrumbs(views.Crumb{Label: "My security credentials", Href: base}, views.Crumb{Label: "Set up device"})
	} else {
		p = p.WithCrumbs(views.Crumb{Label: name, Href: credentialsURL(base, "")}, views.Crumb{Label: "Set up device"})
	}
	return Render(c, status, views.MFASetup(p, vm))
}

// EnableMFA assigns the device after two consecutive codes.
func (h *Users) EnableMFA(c echo.Context) error {
	name, base, self, err := credentialTarget(c)
	if err != nil {
		return Fail(c, err)
	}
	serial, ticket := c.FormValue("serial"), c.FormValue("ticket")
	err = h.svc.EnableMFADevice(c.Request().Context(), Caller(c), name, serial, c.FormValue("code1"), c.FormValue("code2"))
	if err != nil {
		if iam.IsKind(err, iam.KindInvalid) && ticket != "" {
			return h.mfaSetup(c, http.StatusUnprocessableEntity, ticket, FieldErrors(err))
		}
		return h.credentialsError(c, err, "")
	}
	msg := "MFA device assigned."
	if self {
		msg = "MFA device assigned. Sign out and sign in again with it to use permissions that require MFA."
	}
	return credentialsDone(c, base, "mfa", msg)
}

// DeactivateMFA removes an MFA device from the user, once confirmed, and
// deletes it, as the console does.
func (h *Users) DeactivateMFA(c echo.Context) error {
	name, base, _, err := credentialTarget(c)
	if err != nil {
		return Fail(c, err)
	}
	ctx, caller, serial := c.Request().Context(), Caller(c), c.FormValue("serial")
	if !Confirmed(c, "") && h.iam.Allowed(ctx, caller, catalog.IAMDeactivateMFADevice.String(), h.targetARN(c, name)) {
		return AskConfirm(c, PageFor(c, "Remove MFA device", credentialsSection(base)), views.RemoveMFAConfirm(base, serial))
	}
	if err := h.svc.DeactivateMFADevice(ctx, caller, name, serial); err != nil {
		return h.credentialsError(c, err, "")
	}
	// The console deletes the virtual device too; keep it if not allowed.
	_ = h.svc.DeleteVirtualMFADevice(ctx, caller, serial)
	return credentialsDone(c, base, "mfa", "MFA device removed.")
}

// DeletePendingMFA deletes a virtual MFA device that was never assigned:
// an unfinished set-up, which would otherwise keep its name. The set-up
// page's Cancel posts here too.
func (h *Users) DeletePendingMFA(c echo.Context) error {
	_, base, _, err := credentialTarget(c)
	if err != nil {
		return Fail(c, err)
	}
	ctx, caller, serial := c.Request().Context(), Caller(c), c.FormValue("serial")
	if !Confirmed(c, "") && h.iam.Allowed(ctx, caller, catalog.IAMDeleteVirtualMFADevice.String(), serial) {
		return AskConfirm(c, PageFor(c, "Remove MFA device", credentialsSection(base)), views.RemovePendingMFAConfirm(base, serial))
	}
	if err := h.svc.DeleteVirtualMFADevice(ctx, caller, serial); err != nil {
		return h.credentialsError(c, err, "")
	}
	if c.QueryParam("cancel") != "" {
		return credentialsDone(c, base, "mfa", "MFA set-up cancelled.")
	}
	return credentialsDone(c, base, "mfa", "Unfinished MFA device "+serial+" removed.")
}

// SecurityCredentials shows the caller's own credentials page.
func (h *Users) SecurityCredentials(c echo.Context) error {
	return h.securityCredentials(c, http.StatusOK, nil, "")
}

func (h *Users) securityCredentials(c echo.Context, status int, errs map[string]string, deviceName string) error {
	caller := Caller(c)
	vm := views.SecurityCredentialsVM{UserName: caller.UserName, ARN: caller.ARN, AccountID: caller.AccountID,
		IsUser: caller.Type == iam.CallerUser, Errors: errs}
	if vm.IsUser {
		vm.SignInURL = h.iam.ConsoleSignInURL(caller.Account())
		u, err := h.svc.GetUser(c.Request().Context(), caller, caller.UserName)
		if err != nil {
			if !iam.IsKind(err, iam.KindDenied) {
				return Fail(c, err)
			}
			vm.Problem = iam.AsError(err).Message
		} else {
			if vm.Credentials, err = h.credentials(c, u, views.SelfCredentialsBase, true); err != nil {
				return Fail(c, err)
			}
			vm.Credentials.Errors, vm.Credentials.DeviceName = errs, deviceName
		}
	}
	return Render(c, status, views.SecurityCredentials(PageFor(c, "My security credentials", "mycreds"), vm))
}

// ChangePassword changes the caller's own password.
func (h *Users) ChangePassword(c echo.Context) error {
	nw := c.FormValue("new_password")
	if nw != c.FormValue("confirm_password") {
		return h.securityCredentials(c, http.StatusUnprocessableEntity, map[string]string{"confirm_password": "The passwords do not match."}, "")
	}
	if err := h.svc.ChangePassword(c.Request().Context(), Caller(c), c.FormValue("old_password"), nw); err != nil {
		if iam.IsKind(err, iam.KindInvalid) {
			errs := FieldErrors(err)
			if m, ok := errs["_"]; ok {
				delete(errs, "_")
				errs["password_form"] = m
			}
			return h.securityCredentials(c, http.StatusUnprocessableEntity, errs, "")
		}
		return Fail(c, err)
	}
	Flash(c, "success", "Your password has been changed.")
	return Redirect(c, views.SelfCredentialsBase)
}
