package console

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
	"iamconsole/views"
)

// Accounts serves the organization's accounts and the account settings page.
type Accounts struct {
	iam      *iam.Service
	orgs     *organizations.Service
	identity *identity.Service
}

// NewAccounts builds the accounts handlers.
func NewAccounts(k *iam.Service, orgs *organizations.Service, id *identity.Service) *Accounts {
	return &Accounts{iam: k, orgs: orgs, identity: id}
}

// List shows the organization's accounts and the create form.
func (h *Accounts) List(c echo.Context) error { return h.list(c, http.StatusOK, views.AccountsVM{}) }

func (h *Accounts) list(c echo.Context, status int, vm views.AccountsVM) error {
	ctx, caller := c.Request().Context(), Caller(c)
	as, err := h.orgs.ListAccounts(ctx, caller)
	if err != nil {
		return Fail(c, err)
	}
	for _, a := range as {
		vm.Accounts = append(vm.Accounts, views.AccountRow{ID: a.AccountID, Alias: a.Alias, Name: a.Name, Email: a.Email,
			Status: a.Status, Joined: when(a.JoinedTimestamp), SignInURL: a.SignInURL, Management: a.Management})
	}
	vm.CanCreate = h.iam.Allowed(ctx, caller, catalog.OrganizationsCreateAccount.String(), "*")
	return Render(c, status, views.Accounts(PageFor(c, "AWS accounts", "accounts"), vm))
}

// Create creates a member account.
func (h *Accounts) Create(c echo.Context) error {
	vm := views.AccountsVM{Name: strings.TrimSpace(c.FormValue("name")), Email: strings.TrimSpace(c.FormValue("email")),
		Alias: strings.TrimSpace(c.FormValue("alias")), RoleName: strings.TrimSpace(c.FormValue("role_name"))}
	a, err := h.orgs.CreateAccount(c.Request().Context(), Caller(c), organizations.CreateAccountInput{Name: vm.Name, Email: vm.Email, Alias: vm.Alias, RoleName: vm.RoleName})
	if err != nil {
		if e := iam.AsError(err); e.Kind == iam.KindInvalid || e.Kind == iam.KindExists {
			vm.Errors = FieldErrors(err)
			return h.list(c, http.StatusUnprocessableEntity, vm)
		}
		return Fail(c, err)
	}
	Flash(c, "success", "Account "+a.Name+" ("+a.AccountID+") created.")
	return Redirect(c, "/organizations/accounts")
}

// Settings shows the account's alias, sign-in URL and export.
func (h *Accounts) Settings(c echo.Context) error { return h.settings(c, http.StatusOK, "", nil) }

func (h *Accounts) settings(c echo.Context, status int, newAlias string, errs map[string]string) error {
	ctx, caller := c.Request().Context(), Caller(c)
	as, err := h.orgs.ListAccountAliases(ctx, caller)
	if err != nil {
		return Fail(c, err)
	}
	vm := views.AccountVM{AccountID: caller.AccountID, SignInURL: h.iam.ConsoleSignInURL(caller.AccountID), NewAlias: newAlias, Errors: errs}
	if len(as) > 0 {
		vm.Alias, vm.SignInURL = as[0], h.iam.ConsoleSignInURL(as[0])
	}
	vm.CanSetAlias = h.iam.Allowed(ctx, caller, catalog.IAMCreateAccountAlias.String(), "*")
	vm.CanDeleteAlias = h.iam.Allowed(ctx, caller, catalog.IAMDeleteAccountAlias.String(), "*")
	vm.CanExport = h.iam.Allowed(ctx, caller, catalog.IAMGetAccountAuthorizationDetails.String(), "*")
	return Render(c, status, views.Account(PageFor(c, "AWS account", "account"), vm))
}

// SetAlias creates or replaces the account alias.
func (h *Accounts) SetAlias(c echo.Context) error {
	alias := strings.TrimSpace(c.FormValue("alias"))
	if err := h.orgs.CreateAccountAlias(c.Request().Context(), Caller(c), alias); err != nil {
		if e := iam.AsError(err); e.Kind == iam.KindInvalid || e.Kind == iam.KindExists {
			errs := FieldErrors(err)
			if m, ok := errs["_"]; ok {
				errs["alias"] = m
			}
			return h.settings(c, http.StatusUnprocessableEntity, alias, errs)
		}
		return Fail(c, err)
	}
	Flash(c, "success", "Account alias "+alias+" created.")
	return Redirect(c, "/iam/account")
}

// DeleteAlias removes the account alias, once confirmed.
func (h *Accounts) DeleteAlias(c echo.Context) error {
	if !Confirmed(c, "") && h.iam.Allowed(c.Request().Context(), Caller(c), catalog.IAMDeleteAccountAlias.String(), "*") {
		return AskConfirm(c, PageFor(c, "Delete alias", "account"), views.DeleteAliasConfirm(c.FormValue("alias")))
	}
	if err := h.orgs.DeleteAccountAlias(c.Request().Context(), Caller(c), c.FormValue("alias")); err != nil {
		return Fail(c, err)
	}
	Flash(c, "success", "Account alias deleted.")
	return Redirect(c, "/iam/account")
}

// Export downloads GetAccountAuthorizationDetails as JSON.
func (h *Accounts) Export(c echo.Context) error {
	d, err := h.identity.GetAccountAuthorizationDetails(c.Request().Context(), Caller(c), nil)
	if err != nil {
		return Fail(c, err)
	}
	b, err := json.MarshalIndent(d, "", "    ")
	if err != nil {
		return Fail(c, err)
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="authorization-details.json"`)
	return c.Blob(http.StatusOK, "application/json", b)
}
