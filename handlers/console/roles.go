package console

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/iam/identity"
	"iamconsole/iam/policy"
	"iamconsole/views"
)

// rolesPerPage is the roles list's page size, as in the AWS console.
const rolesPerPage = 50

// Roles serves the role pages.
type Roles struct {
	iam *iam.Service
	svc *identity.Service
}

// NewRoles builds the role handlers.
func NewRoles(k *iam.Service, svc *identity.Service) *Roles { return &Roles{iam: k, svc: svc} }

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
	vm.CanCreate = h.iam.Allowed(c.Request().Context(), caller, catalog.IAMCreateRole.String(), catalog.IAMRole.ARN(caller.AccountID, "*"))
	if !vm.CanCreate {
		vm.CreateHint = "You need iam:CreateRole"
	}
	for _, r := range list.Roles {
		row := views.RoleRow{Name: r.RoleName, Trusted: strings.Join(identity.TrustedEntities(r.AssumeRolePolicyDocument), ", "), LastActivity: "Never"}
		if r.LastUsed != nil {
			row.LastActivity = when(*r.LastUsed)
		}
		vm.Roles = append(vm.Roles, row)
	}
	return Render(c, http.StatusOK, views.RolesList(PageFor(c, "Roles", "roles"), vm))
}

// Show shows a role: summary with the switch-role link, and its tabs.
func (h *Roles) Show(c echo.Context) error {
	return h.show(c, http.StatusOK, views.RoleVM{Tab: c.QueryParam("tab")})
}

// show renders the role page with status; vm may carry a form shown again
// with its submitted values and errors.
func (h *Roles) show(c echo.Context, status int, vm views.RoleVM) error {
	ctx, caller := c.Request().Context(), Caller(c)
	name := roleParam(c)
	r, err := h.svc.GetRole(ctx, caller, name)
	if err != nil {
		return Fail(c, err)
	}
	vm.Role, vm.Created, vm.SessionText = *r, when(r.CreateDate), sessionText(r.MaxSessionDuration)
	if !vm.SettingsOpen {
		vm.Description, vm.MaxSession = r.Description, r.MaxSessionDuration
	}
	if vm.TrustText == "" {
		vm.TrustText = r.AssumeRolePolicyDocument
	}
	if vm.Tab != "trust" && vm.Tab != "tags" {
		vm.Tab = "permissions"
		vm.Boundaries = h.policyOptions(c, "", nil)
		vm.Permissions = permissionsPanel(ctx, h.iam, h.svc, caller, "role", r.RoleName, r.ARN)
		vm.Effective = effectivePanel(ctx, h.svc, caller, "role", r.RoleName, r.ARN)
		if vm.BoundaryARN == "" {
			vm.BoundaryARN = r.PermissionsBoundary
		}
	}
	allowed := func(action string) bool { return h.iam.Allowed(ctx, caller, action, r.ARN) }
	vm.CanDelete = allowed(catalog.IAMDeleteRole.String())
	if !vm.CanDelete {
		vm.DeleteHint = "You need iam:DeleteRole"
	}
	vm.CanEditTrust = allowed(catalog.IAMUpdateAssumeRolePolicy.String())
	vm.CanUpdate = allowed(catalog.IAMUpdateRole.String())
	vm.CanTag = allowed(catalog.IAMTagRole.String())
	vm.CanUntag = allowed(catalog.IAMUntagRole.String())
	vm.CanPutBoundary = allowed(catalog.IAMPutRolePermissionsBoundary.String())
	vm.CanDeleteBoundary = allowed(catalog.IAMDeleteRolePermissionsBoundary.String())
	return Render(c, status, views.RoleDetail(PageFor(c, r.RoleName, "roles"), vm))
}

// roleParam is the role name of the URL.
func roleParam(c echo.Context) string {
	name, _ := url.PathUnescape(c.Param("name"))
	return name
}

// roleURL is the role page, on a tab when tab is not "".
func roleURL(name, tab string) string {
	u := "/iam/roles/" + url.PathEscape(name)
	if tab != "" {
		u += "?tab=" + tab
	}
	return u
}

// formValue is a form field as text that is safe to show again: invalid
// UTF-8 is replaced, so a page never echoes broken bytes.
func formValue(c echo.Context, name string) string {
	return strings.ToValidUTF8(c.FormValue(name), "\uFFFD")
}

// roleFormError reports whether err concerns the submitted values, so the
// form is shown again with the message, rather than an error page.
func roleFormError(err error) bool {
	switch e := iam.AsError(err); e.Kind {
	case iam.KindInvalid, iam.KindMalformedPolicy, iam.KindExists, iam.KindLimit:
		return true
	case iam.KindNotFound:
		return e.Field != ""
	default:
		return false
	}
}

// editorErrors are a policy's problems as the editor's data-errors JSON and
// as lines of text.
func editorErrors(err error) (string, []string) {
	e := iam.AsError(err)
	ps := e.Positions
	if len(ps) == 0 {
		ps = []iam.Position{{Message: e.Message}}
	}
	type mark struct {
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		Message string `json:"message"`
	}
	marks := make([]mark, 0, len(ps))
	var text []string
	for _, p := range ps {
		marks = append(marks, mark{p.Line, p.Column, p.Message})
		if p.Line > 0 {
			text = append(text, "Line "+strconv.Itoa(p.Line)+", column "+strconv.Itoa(p.Column)+": "+p.Message)
		} else {
			text = append(text, p.Message)
		}
	}
	b, _ := json.Marshal(marks)
	return string(b), text
}

// policyOptions lists the managed policies a role may be given, search
// narrowing them by name, selected marking the chosen ones. It is nil when
// the caller may not list policies.
func (h *Roles) policyOptions(c echo.Context, search string, selected []string) []views.Option {
	ps, _, err := allPolicies(c.Request().Context(), h.svc, Caller(c), identity.ListPoliciesInput{Search: search})
	if err != nil {
		return nil
	}
	out := make([]views.Option, len(ps))
	for i, p := range ps {
		out[i] = views.Option{Value: p.ARN, Label: p.PolicyName, Detail: p.Description, Selected: slices.Contains(selected, p.ARN)}
	}
	return out
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

// UpdateTrust saves a role's trust policy from the trust relationships tab;
// an invalid document is shown again with its problems marked.
func (h *Roles) UpdateTrust(c echo.Context) error {
	name, doc := roleParam(c), formValue(c, "document")
	if err := h.svc.UpdateAssumeRolePolicy(c.Request().Context(), Caller(c), name, doc); err != nil {
		if !roleFormError(err) {
			return Fail(c, err)
		}
		vm := views.RoleVM{Tab: "trust", TrustText: doc}
		vm.TrustErrors, vm.TrustProblems = editorErrors(err)
		return h.show(c, http.StatusUnprocessableEntity, vm)
	}
	Flash(c, "success", "Trust policy updated.")
	return Redirect(c, roleURL(name, "trust"))
}

// UpdateSettings changes a role's description and maximum session duration.
func (h *Roles) UpdateSettings(c echo.Context) error {
	name := roleParam(c)
	vm := views.RoleVM{SettingsOpen: true, Description: formValue(c, "description")}
	seconds, err := strconv.Atoi(c.FormValue("max_session_duration"))
	vm.MaxSession = seconds
	if err != nil {
		vm.Errors = map[string]string{"max_session_duration": "Choose a maximum session duration."}
		return h.show(c, http.StatusUnprocessableEntity, vm)
	}
	if err := h.svc.UpdateRole(c.Request().Context(), Caller(c), name, &vm.Description, &seconds); err != nil {
		if !roleFormError(err) {
			return Fail(c, err)
		}
		vm.Errors = FieldErrors(err)
		return h.show(c, http.StatusUnprocessableEntity, vm)
	}
	Flash(c, "success", "Role "+name+" updated.")
	return Redirect(c, roleURL(name, ""))
}

// AddTag adds a tag to a role, or replaces the value of its key.
func (h *Roles) AddTag(c echo.Context) error {
	name := roleParam(c)
	vm := views.RoleVM{Tab: "tags", TagKey: formValue(c, "tag_key"), TagValue: formValue(c, "tag_value")}
	if strings.TrimSpace(vm.TagKey) == "" {
		vm.Errors = map[string]string{"tags": "Enter a tag key."}
		return h.show(c, http.StatusUnprocessableEntity, vm)
	}
	if err := h.svc.TagRole(c.Request().Context(), Caller(c), name, []iam.Tag{{Key: vm.TagKey, Value: vm.TagValue}}); err != nil {
		if !roleFormError(err) {
			return Fail(c, err)
		}
		vm.Errors = FieldErrors(err)
		return h.show(c, http.StatusUnprocessableEntity, vm)
	}
	Flash(c, "success", "Tag "+vm.TagKey+" saved.")
	return Redirect(c, roleURL(name, "tags"))
}

// RemoveTag removes a tag from a role by key.
func (h *Roles) RemoveTag(c echo.Context) error {
	name, key := roleParam(c), c.FormValue("key")
	if err := h.svc.UntagRole(c.Request().Context(), Caller(c), name, []string{key}); err != nil {
		return Fail(c, err)
	}
	Flash(c, "success", "Tag "+strings.ToValidUTF8(key, "\uFFFD")+" removed.")
	return Redirect(c, roleURL(name, "tags"))
}

// PutBoundary sets or changes a role's permissions boundary.
func (h *Roles) PutBoundary(c echo.Context) error {
	name := roleParam(c)
	vm := views.RoleVM{BoundaryARN: strings.TrimSpace(formValue(c, "boundary_arn"))}
	if vm.BoundaryARN == "" {
		vm.Errors = map[string]string{"boundary_arn": "Choose a policy to use as the permissions boundary."}
		return h.show(c, http.StatusUnprocessableEntity, vm)
	}
	if err := h.svc.PutRolePermissionsBoundary(c.Request().Context(), Caller(c), name, vm.BoundaryARN); err != nil {
		if !roleFormError(err) {
			return Fail(c, err)
		}
		vm.Errors = map[string]string{"boundary_arn": iam.AsError(err).Message}
		return h.show(c, http.StatusUnprocessableEntity, vm)
	}
	Flash(c, "success", "Permissions boundary set.")
	return Redirect(c, roleURL(name, ""))
}

// DeleteBoundary removes a role's permissions boundary.
func (h *Roles) DeleteBoundary(c echo.Context) error {
	name := roleParam(c)
	if err := h.svc.DeleteRolePermissionsBoundary(c.Request().Context(), Caller(c), name); err != nil {
		return Fail(c, err)
	}
	Flash(c, "success", "Permissions boundary removed.")
	return Redirect(c, roleURL(name, ""))
}

// Delete deletes a role once its name is typed.
func (h *Roles) Delete(c echo.Context) error {
	ctx, caller, name := c.Request().Context(), Caller(c), roleParam(c)
	if !Confirmed(c, name) && h.iam.Allowed(ctx, caller, catalog.IAMDeleteRole.String(), h.roleARN(c, name)) {
		return AskConfirm(c, PageFor(c, "Delete "+name, "roles"), views.DeleteRoleConfirm(name))
	}
	if err := h.svc.DeleteRole(ctx, caller, name); err != nil {
		if iam.IsKind(err, iam.KindConflict) {
			Flash(c, "error", iam.AsError(err).Message)
			return Redirect(c, roleURL(name, ""))
		}
		return Fail(c, err)
	}
	Flash(c, "success", "Role "+name+" deleted.")
	return Redirect(c, "/iam/roles")
}

// roleARN is the ARN of the role named, with its path when the caller may
// read it.
func (h *Roles) roleARN(c echo.Context, name string) string {
	if r, err := h.svc.GetRole(c.Request().Context(), Caller(c), name); err == nil {
		return r.ARN
	}
	return catalog.IAMRole.ARN(Caller(c).AccountID, name)
}

// trustServices are the services the wizard offers as trusted entities.
var trustServices = []views.Option{
	{Value: "ec2.amazonaws.com", Label: "EC2"},
	{Value: "lambda.amazonaws.com", Label: "Lambda"},
	{Value: "ecs-tasks.amazonaws.com", Label: "Elastic Container Service Task"},
	{Value: "ecs.amazonaws.com", Label: "Elastic Container Service"},
	{Value: "eks.amazonaws.com", Label: "EKS"},
	{Value: "states.amazonaws.com", Label: "Step Functions"},
	{Value: "glue.amazonaws.com", Label: "Glue"},
	{Value: "codebuild.amazonaws.com", Label: "CodeBuild"},
	{Value: "codepipeline.amazonaws.com", Label: "CodePipeline"},
	{Value: "cloudformation.amazonaws.com", Label: "CloudFormation"},
	{Value: "events.amazonaws.com", Label: "EventBridge"},
	{Value: "scheduler.amazonaws.com", Label: "EventBridge Scheduler"},
	{Value: "apigateway.amazonaws.com", Label: "API Gateway"},
	{Value: "sagemaker.amazonaws.com", Label: "SageMaker"},
	{Value: "ssm.amazonaws.com", Label: "Systems Manager"},
	{Value: "firehose.amazonaws.com", Label: "Kinesis Data Firehose"},
	{Value: "elasticmapreduce.amazonaws.com", Label: "EMR"},
	{Value: "batch.amazonaws.com", Label: "Batch"},
	{Value: "rds.amazonaws.com", Label: "RDS"},
	{Value: "s3.amazonaws.com", Label: "S3"},
}

var (
	accountIDPattern  = regexp.MustCompile(`^[0-9]{12}$`)
	externalIDPattern = regexp.MustCompile(`^[\w+=,.@:/-]+$`)
)

// wizardForm reads the wizard's answers from the query (steps 1 and 2) or
// the posted form (step 3).
func wizardForm(c echo.Context) views.RoleWizardVM {
	form, _ := c.FormParams()
	get := func(k string) string { return strings.ToValidUTF8(form.Get(k), "\uFFFD") }
	vm := views.RoleWizardVM{
		TrustedEntity: get("trusted_entity"), AccountChoice: get("account_choice"), AccountID: strings.TrimSpace(get("account_id")),
		RequireExternalID: get("require_external_id") == "on", ExternalID: get("external_id"), RequireMFA: get("require_mfa") == "on",
		Service: get("service"), TrustPolicy: get("trust_policy"), PolicySearch: strings.TrimSpace(get("policy_search")),
		BoundaryARN: strings.TrimSpace(get("boundary_arn")), RoleName: strings.TrimSpace(get("role_name")),
		Path: strings.TrimSpace(get("path")), Description: get("description"), Services: trustServices, Errors: map[string]string{},
	}
	if vm.TrustedEntity == "" {
		vm.TrustedEntity = "service"
	}
	if vm.TrustPolicy == "" && vm.TrustedEntity != "custom" {
		vm.TrustPolicy = customTrustTemplate
	}
	if vm.AccountChoice != "other" {
		vm.AccountChoice = "this"
	}
	for _, a := range form["policy_arn"] {
		if a = strings.ToValidUTF8(strings.TrimSpace(a), "\uFFFD"); a != "" && !slices.Contains(vm.PolicyARNs, a) {
			vm.PolicyARNs = append(vm.PolicyARNs, a)
		}
	}
	vm.MaxSession = identity.MinRoleMaxSession
	if v := form.Get("max_session_duration"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			vm.Errors["max_session_duration"] = "Choose a maximum session duration."
		}
		vm.MaxSession = n
	}
	keys, values := form["tag_key"], form["tag_value"]
	for i, k := range keys {
		t := views.Tag{Key: strings.ToValidUTF8(strings.TrimSpace(k), "\uFFFD")}
		if i < len(values) {
			t.Value = strings.ToValidUTF8(strings.TrimSpace(values[i]), "\uFFFD")
		}
		if t.Key != "" || t.Value != "" {
			vm.Tags = append(vm.Tags, t)
		}
	}
	vm.Step, _ = strconv.Atoi(form.Get("step"))
	vm.Step = min(max(vm.Step, 1), 3)
	return vm
}

// customTrustTemplate is the starting point of a custom trust policy, as
// the AWS console offers it: the principal is left for the user to fill in.
const customTrustTemplate = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Statement1",
            "Effect": "Allow",
            "Principal": {},
            "Action": "sts:AssumeRole"
        }
    ]
}`

// trustStatement is one statement of a trust policy the wizard writes, its
// fields in the order the AWS console writes them.
type trustStatement struct {
	Effect    string                       `json:"Effect"`
	Principal map[string]string            `json:"Principal"`
	Action    string                       `json:"Action"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

// wizardTrust checks the trusted-entity answers and builds the trust policy
// they describe, as the AWS console's wizard does; a custom policy is
// checked and kept as written. Problems are added to vm.Errors.
func (h *Roles) wizardTrust(vm *views.RoleWizardVM) string {
	st := trustStatement{Effect: "Allow", Action: catalog.STSAssumeRole.String()}
	switch vm.TrustedEntity {
	case "account":
		account := vm.ThisAccount
		if vm.AccountChoice == "other" {
			if !accountIDPattern.MatchString(vm.AccountID) {
				vm.Errors["account_id"] = "The account ID must be 12 digits."
				return ""
			}
			account = vm.AccountID
		}
		st.Principal = map[string]string{"AWS": "arn:aws:iam::" + account + ":root"}
		if vm.RequireExternalID {
			if n := len(vm.ExternalID); n < 2 || n > 1224 || !externalIDPattern.MatchString(vm.ExternalID) {
				vm.Errors["external_id"] = "The external ID must be 2 to 1224 characters: letters, digits and + = , . @ : / - (hyphen)."
				return ""
			}
			st.Condition = map[string]map[string]string{"StringEquals": {"sts:ExternalId": vm.ExternalID}}
		}
		if vm.RequireMFA {
			if st.Condition == nil {
				st.Condition = map[string]map[string]string{}
			}
			st.Condition["Bool"] = map[string]string{"aws:MultiFactorAuthPresent": "true"}
		}
	case "service":
		if !slices.ContainsFunc(trustServices, func(o views.Option) bool { return o.Value == vm.Service }) {
			vm.Errors["service"] = "Choose a service."
			return ""
		}
		st.Principal = map[string]string{"Service": vm.Service}
	case "custom":
		if ps := h.svc.ValidatePolicy(policy.KindTrust, vm.TrustPolicy); len(ps) > 0 {
			vm.TrustErrors, vm.TrustProblems = editorErrors(&iam.Error{Kind: iam.KindMalformedPolicy, Message: ps[0].Message, Positions: ps})
			vm.Errors["trust_policy"] = ps[0].Message // shown with the editor's problems
			return ""
		}
		return vm.TrustPolicy
	default:
		vm.Errors["trusted_entity"] = "Choose a trusted entity type."
		return ""
	}
	b, _ := json.MarshalIndent(struct {
		Version   string           `json:"Version"`
		Statement []trustStatement `json:"Statement"`
	}{"2012-10-17", []trustStatement{st}}, "", "    ")
	return string(b)
}

// wizardFieldStep is the step that asks for a field.
func wizardFieldStep(field string) int {
	switch field {
	case "trusted_entity", "account_id", "external_id", "service", "trust_policy":
		return 1
	case "policy_arn", "boundary_arn":
		return 2
	default:
		return 3
	}
}

// renderWizard fills in what the wizard's step shows and renders it.
func (h *Roles) renderWizard(c echo.Context, status int, vm views.RoleWizardVM) error {
	if vm.Step >= 2 {
		all := h.policyOptions(c, "", vm.PolicyARNs)
		if all == nil {
			vm.PoliciesDenied = "You need iam:ListPolicies to choose policies here. The role can be created without them."
		}
		vm.Boundaries, vm.PolicyNames = all, map[string]string{}
		for _, o := range all {
			vm.PolicyNames[o.Value] = o.Label
		}
		if vm.Step == 2 && vm.PolicySearch != "" {
			vm.Policies = h.policyOptions(c, vm.PolicySearch, vm.PolicyARNs)
		} else {
			vm.Policies = all
		}
	}
	if vm.Step == 3 {
		caller := Caller(c)
		vm.CanCreate = h.iam.Allowed(c.Request().Context(), caller, catalog.IAMCreateRole.String(), catalog.IAMRole.ARN(caller.AccountID, "*"))
	}
	return Render(c, status, views.RoleWizard(PageFor(c, "Create role", "roles"), vm))
}

// New shows the create-role wizard: GET with step=1, 2 or 3 and the
// answers so far. Moving past step 1 checks the trusted entity first.
func (h *Roles) New(c echo.Context) error {
	vm := wizardForm(c)
	vm.ThisAccount = Caller(c).AccountID
	if vm.Step > 1 {
		vm.Preview = h.wizardTrust(&vm)
		if len(vm.Errors) > 0 {
			vm.Step = errorStep(vm.Errors)
			return h.renderWizard(c, http.StatusUnprocessableEntity, vm)
		}
	}
	return h.renderWizard(c, http.StatusOK, vm)
}

// errorStep is the earliest step that asks for a field among errs, so the
// wizard goes back to where the first problem is.
func errorStep(errs map[string]string) int {
	step := wizardFieldStep("")
	for k := range errs {
		step = min(step, wizardFieldStep(k))
	}
	return step
}

// Create creates the role of the wizard's answers with its policies, in one
// transaction, and opens its page with the switch-role link.
func (h *Roles) Create(c echo.Context) error {
	vm := wizardForm(c)
	caller := Caller(c)
	vm.ThisAccount, vm.Step = caller.AccountID, 3
	vm.Preview = h.wizardTrust(&vm)
	if c.FormValue("add_tag") != "" {
		clear(vm.Errors)
		vm.BlankTags = 2
		return h.renderWizard(c, http.StatusOK, vm)
	}
	if len(vm.Errors) > 0 {
		vm.Step = errorStep(vm.Errors)
		return h.renderWizard(c, http.StatusUnprocessableEntity, vm)
	}
	tags := make([]iam.Tag, len(vm.Tags))
	for i, t := range vm.Tags {
		tags[i] = iam.Tag{Key: t.Key, Value: t.Value}
	}
	r, err := h.svc.CreateRole(c.Request().Context(), caller, identity.CreateRoleInput{RoleName: vm.RoleName, Path: vm.Path,
		Description: vm.Description, AssumeRolePolicyDocument: vm.Preview, MaxSessionDuration: vm.MaxSession,
		PermissionsBoundary: vm.BoundaryARN, Tags: tags, PolicyARNs: vm.PolicyARNs})
	if err != nil {
		if !roleFormError(err) {
			return Fail(c, err)
		}
		e := iam.AsError(err)
		switch e.Field {
		case "document":
			if vm.TrustedEntity == "custom" {
				vm.TrustErrors, vm.TrustProblems = editorErrors(err)
				vm.Errors["trust_policy"] = e.Message
			} else {
				vm.Errors["trusted_entity"] = e.Message
			}
		case "permissions_boundary":
			vm.Errors["boundary_arn"] = e.Message
		case "":
			vm.Errors["_"] = e.Message
		default:
			vm.Errors[e.Field] = e.Message
		}
		vm.Step = errorStep(vm.Errors)
		return h.renderWizard(c, http.StatusUnprocessableEntity, vm)
	}
	Flash(c, "success", "Role "+r.RoleName+" created. Link to switch roles in console: "+r.SwitchRoleURL)
	return Redirect(c, roleURL(r.RoleName, ""))
}
