package console

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/iam/policy"
	"iamconsole/views"
)

// Permissions serves the permissions of users, groups and roles: attaching
// and detaching managed policies, and their inline policies. The entity
// type comes from the route (/iam/users/…, /iam/groups/…, /iam/roles/…).
type Permissions struct {
	iam *iam.Service
	svc *identity.Service
}

// NewPermissions builds the permissions handlers.
func NewPermissions(k *iam.Service, svc *identity.Service) *Permissions {
	return &Permissions{iam: k, svc: svc}
}

// entityType is user, group or role, from the matched route.
func entityType(c echo.Context) string {
	switch {
	case strings.HasPrefix(c.Path(), "/iam/users/"):
		return "user"
	case strings.HasPrefix(c.Path(), "/iam/groups/"):
		return "group"
	default:
		return "role"
	}
}

// pathParam is a path parameter, unescaped.
func pathParam(c echo.Context, name string) string {
	v, err := url.PathUnescape(c.Param(name))
	if err != nil {
		return c.Param(name)
	}
	return v
}

// entityInfo resolves an entity to its exact name and ARN.
func (h *Permissions) entityInfo(ctx context.Context, caller *iam.Caller, typ, name string) (string, string, error) {
	switch typ {
	case "user":
		u, err := h.svc.GetUser(ctx, caller, name)
		if err != nil {
			return "", "", err
		}
		return u.UserName, u.ARN, nil
	case "group":
		g, err := h.svc.GetGroup(ctx, caller, name)
		if err != nil {
			return "", "", err
		}
		return g.GroupName, g.ARN, nil
	default:
		r, err := h.svc.GetRole(ctx, caller, name)
		if err != nil {
			return "", "", err
		}
		return r.RoleName, r.ARN, nil
	}
}

// permissionsPanel builds the permissions panel of an entity for caller:
// the user, group and role pages each put it in their view model.
func permissionsPanel(ctx context.Context, k *iam.Service, svc *identity.Service, caller *iam.Caller, typ, name, entityARN string) views.PermissionsVM {
	vm := views.PermissionsVM{EntityType: typ, EntityName: name}
	if caller == nil {
		vm.Problem = "Sign in to see permissions."
		return vm
	}
	var err error
	if vm.Attached, err = svc.ListAttachedPolicies(ctx, caller, typ, name); err != nil {
		vm.Problem = iam.AsError(err).Message
	}
	if vm.Inline, err = svc.ListInlinePolicies(ctx, caller, typ, name); err != nil {
		vm.Problem = iam.AsError(err).Message
	}
	if typ == "user" {
		if gs, err := svc.ListGroupsForUser(ctx, caller, name); err == nil {
			for _, g := range gs {
				gp := views.GroupPermissions{Group: g.GroupName}
				gp.Attached, _ = svc.ListAttachedPolicies(ctx, caller, "group", g.GroupName)
				gp.Inline, _ = svc.ListInlinePolicies(ctx, caller, "group", g.GroupName)
				vm.Groups = append(vm.Groups, gp)
			}
		}
	}
	allow := func(verb string) bool {
		return k.Allowed(ctx, caller, views.EntityAction(verb, typ, "Policy"), entityARN)
	}
	vm.CanAttach, vm.CanDetach, vm.CanPutInline, vm.CanDeleteInline = allow("Attach"), allow("Detach"), allow("Put"), allow("Delete")
	return vm
}

// back is the entity's permissions tab.
func back(typ, name string) string { return views.EntityBase(typ, name) + "?tab=permissions" }

// AttachForm lists the managed policies to attach, with search.
func (h *Permissions) AttachForm(c echo.Context) error {
	return h.attachForm(c, http.StatusOK, nil, nil)
}

func (h *Permissions) attachForm(c echo.Context, status int, selected []string, errs map[string]string) error {
	ctx, caller, typ := c.Request().Context(), Caller(c), entityType(c)
	name, entityARN, err := h.entityInfo(ctx, caller, typ, pathParam(c, "name"))
	if err != nil {
		return Fail(c, err)
	}
	vm := views.AttachVM{EntityType: typ, EntityName: name, Search: strings.TrimSpace(c.QueryParam("q")), Errors: errs,
		CanAttach: h.iam.Allowed(ctx, caller, views.EntityAction("Attach", typ, "Policy"), entityARN)}
	ps, _, err := allPolicies(ctx, h.svc, caller, identity.ListPoliciesInput{Search: vm.Search})
	if err != nil {
		return Fail(c, err)
	}
	attached := map[string]bool{}
	if as, err := h.svc.ListAttachedPolicies(ctx, caller, typ, name); err == nil {
		for _, a := range as {
			attached[a.ARN] = true
		}
	}
	sel := map[string]bool{}
	for _, s := range selected {
		sel[s] = true
	}
	for _, p := range ps {
		vm.Policies = append(vm.Policies, views.AttachRow{Policy: p, Attached: attached[p.ARN], Selected: sel[p.ARN]})
	}
	p := PageFor(c, "Add permissions", typ+"s").WithCrumbs(views.Crumb{Label: name, Href: back(typ, name)}, views.Crumb{Label: "Add permissions"})
	return Render(c, status, views.AttachPolicies(p, vm))
}

// Attach attaches the selected managed policies (form field policy_arn,
// repeated), stopping at the first refusal.
func (h *Permissions) Attach(c echo.Context) error {
	ctx, caller, typ, name := c.Request().Context(), Caller(c), entityType(c), pathParam(c, "name")
	form, err := c.FormParams()
	if err != nil {
		return Fail(c, err)
	}
	arns := form["policy_arn"]
	if len(arns) == 0 {
		return h.attachForm(c, http.StatusUnprocessableEntity, nil, map[string]string{"policy_arn": "Select at least one policy."})
	}
	for i, a := range arns {
		if err := h.svc.AttachPolicy(ctx, caller, typ, name, a); err != nil {
			e := iam.AsError(err)
			if !isFormError(err) && !(e.Kind == iam.KindNotFound && e.Field == "policy_arn") {
				return Fail(c, err)
			}
			return h.attachForm(c, http.StatusUnprocessableEntity, arns[i:], map[string]string{"policy_arn": e.Message})
		}
	}
	Flash(c, "success", plural(len(arns), "policy", "policies")+" attached to "+name+".")
	return Redirect(c, back(typ, name))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// safeNext is a same-site console path to return to, or "".
func safeNext(next string) string {
	if strings.HasPrefix(next, "/iam/") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return ""
}

// Detach detaches a managed policy (form field policy_arn).
func (h *Permissions) Detach(c echo.Context) error {
	ctx, caller, typ, name := c.Request().Context(), Caller(c), entityType(c), pathParam(c, "name")
	policyARN := c.FormValue("policy_arn")
	if err := h.svc.DetachPolicy(ctx, caller, typ, name, policyARN); err != nil {
		if isFormError(err) {
			Flash(c, "error", iam.AsError(err).Message)
			return Redirect(c, back(typ, name))
		}
		return Fail(c, err)
	}
	Flash(c, "success", "Policy detached from "+name+".")
	if next := safeNext(c.FormValue("next")); next != "" {
		return Redirect(c, next)
	}
	return Redirect(c, back(typ, name))
}

// inlineTemplate is the document a new inline policy starts with.
const inlineTemplate = newPolicyTemplate

// InlineNew shows the editor for a new inline policy.
func (h *Permissions) InlineNew(c echo.Context) error {
	vm := views.InlineVM{New: true, Document: inlineTemplate}
	return h.renderInline(c, http.StatusOK, vm)
}

// InlineEdit shows an inline policy in the editor.
func (h *Permissions) InlineEdit(c echo.Context) error {
	ctx, caller, typ := c.Request().Context(), Caller(c), entityType(c)
	p, err := h.svc.GetInlinePolicy(ctx, caller, typ, pathParam(c, "name"), pathParam(c, "policy"))
	if err != nil {
		return Fail(c, err)
	}
	vm := views.InlineVM{PolicyName: p.PolicyName, Document: p.PolicyDocument, Summary: summaryOf(p.PolicyDocument)}
	return h.renderInline(c, http.StatusOK, vm)
}

func (h *Permissions) renderInline(c echo.Context, status int, vm views.InlineVM) error {
	ctx, caller, typ := c.Request().Context(), Caller(c), entityType(c)
	name, entityARN, err := h.entityInfo(ctx, caller, typ, pathParam(c, "name"))
	if err != nil {
		return Fail(c, err)
	}
	vm.EntityType, vm.EntityName = typ, name
	vm.CanSave = h.iam.Allowed(ctx, caller, views.EntityAction("Put", typ, "Policy"), entityARN)
	title := vm.PolicyName
	if vm.New {
		title = "Create inline policy"
	}
	p := PageFor(c, title, typ+"s").WithCrumbs(views.Crumb{Label: name, Href: back(typ, name)}, views.Crumb{Label: title})
	return Render(c, status, views.InlinePolicy(p, vm))
}

// InlineSave creates or replaces an inline policy (policy_name, document;
// new=on when creating, which refuses an existing name).
func (h *Permissions) InlineSave(c echo.Context) error {
	ctx, caller, typ, name := c.Request().Context(), Caller(c), entityType(c), pathParam(c, "name")
	vm := views.InlineVM{New: c.FormValue("new") == "on", PolicyName: strings.TrimSpace(c.FormValue("policy_name")), Document: c.FormValue("document")}
	invalid := func(err error) error {
		vm.Errors, vm.Positions = formErrors(err, "document")
		vm.Positions = alsoDocument(h.svc, vm.Errors, vm.Positions, policy.KindIdentity, vm.Document)
		vm.Summary = validSummary(h.svc, policy.KindIdentity, vm.Document)
		return h.renderInline(c, http.StatusUnprocessableEntity, vm)
	}
	if vm.New && vm.PolicyName != "" {
		if _, err := h.svc.GetInlinePolicy(ctx, caller, typ, name, vm.PolicyName); err == nil {
			return invalid(&iam.Error{Kind: iam.KindExists, Code: "EntityAlreadyExists", Field: "policy_name",
				Message: "A policy called " + vm.PolicyName + " already exists on this " + typ + ". Duplicate names are not allowed."})
		}
	}
	if err := h.svc.PutInlinePolicy(ctx, caller, typ, name, vm.PolicyName, vm.Document); err != nil {
		if !isFormError(err) {
			return Fail(c, err)
		}
		return invalid(err)
	}
	Flash(c, "success", "Policy "+vm.PolicyName+" saved.")
	return Redirect(c, back(typ, name))
}

// InlineDelete deletes an inline policy, once confirmed.
func (h *Permissions) InlineDelete(c echo.Context) error {
	ctx, caller, typ, name, pol := c.Request().Context(), Caller(c), entityType(c), pathParam(c, "name"), pathParam(c, "policy")
	if !Confirmed(c, "") {
		if _, entityARN, err := h.entityInfo(ctx, caller, typ, name); err == nil && h.iam.Allowed(ctx, caller, views.EntityAction("Delete", typ, "Policy"), entityARN) {
			p := PageFor(c, "Delete "+pol, typ+"s").WithCrumbs(views.Crumb{Label: name, Href: back(typ, name)}, views.Crumb{Label: "Delete " + pol})
			return AskConfirm(c, p, views.DeleteInlinePolicyConfirm(typ, name, pol))
		}
	}
	if err := h.svc.DeleteInlinePolicy(ctx, caller, typ, name, pol); err != nil {
		return Fail(c, err)
	}
	Flash(c, "success", "Policy "+pol+" deleted.")
	return Redirect(c, back(typ, name))
}

// allPolicies reads every page of a policy listing: AWS's catalog alone is
// longer than one page of 1,000.
func allPolicies(ctx context.Context, svc *identity.Service, caller *iam.Caller, in identity.ListPoliciesInput) ([]identity.PolicyInfo, int, error) {
	in.MaxItems, in.Marker = 1000, ""
	var out []identity.PolicyInfo
	for {
		ps, total, next, err := svc.ListPolicies(ctx, caller, in)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, ps...)
		if next == "" || len(out) >= total {
			return out, total, nil
		}
		in.Marker = next
	}
}
