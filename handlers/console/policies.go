package console

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/iam/identity"
	"iamconsole/iam/policy"
	"iamconsole/views"
)

// Policies serves the managed policy pages and the editor's validation.
type Policies struct {
	iam *iam.Service
	svc *identity.Service
}

// NewPolicies builds the policy handlers.
func NewPolicies(k *iam.Service, svc *identity.Service) *Policies { return &Policies{iam: k, svc: svc} }

// List shows AWS managed and customer managed policies, filtered.
func (h *Policies) List(c echo.Context) error {
	in := identity.ListPoliciesInput{Scope: c.QueryParam("scope"), Search: strings.TrimSpace(c.QueryParam("q"))}
	ps, total, err := allPolicies(c.Request().Context(), h.svc, Caller(c), in)
	if err != nil {
		return Fail(c, err)
	}
	vm := views.PoliciesVM{Scope: in.Scope, Search: in.Search, Policies: ps, Total: total,
		CanCreate: h.iam.Allowed(c.Request().Context(), Caller(c), catalog.IAMCreatePolicy.String(), policyARNFor(Caller(c), "*"))}
	return Render(c, http.StatusOK, views.PoliciesList(PageFor(c, "Policies", "policies"), vm))
}

// validateResponse is the editor's answer: every problem and the summary.
type validateResponse struct {
	Errors      []validateError `json:"errors"`
	SummaryHTML string          `json:"summary_html"`
}

type validateError struct {
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Message  string `json:"message"`
	Severity string `json:"severity,omitempty"` // "warning" for the catalog's findings
}

var policyKinds = map[string]policy.Kind{"identity": policy.KindIdentity, "trust": policy.KindTrust, "managed": policy.KindManaged,
	"boundary": policy.KindBoundary, "resource": policy.KindResource, "session": policy.KindSession}

// Validate checks a document for the policy editor (POST, form fields
// document and kind) and answers JSON with its problems and summary.
func (h *Policies) Validate(c echo.Context) error {
	// The editor posts JSON {"document", "kind"}; a plain form post works too.
	var in struct{ Document, Kind string }
	if strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEApplicationJSON) {
		if err := json.NewDecoder(c.Request().Body).Decode(&in); err != nil {
			return c.JSON(http.StatusBadRequest, map[string]string{"message": "The request body must be a JSON object with document and kind."})
		}
	} else {
		in.Document, in.Kind = c.FormValue("document"), c.FormValue("kind")
	}
	kind, ok := policyKinds[in.Kind]
	if !ok {
		kind = policy.KindIdentity
	}
	doc := in.Document
	resp := validateResponse{Errors: []validateError{}}
	for _, p := range h.svc.ValidatePolicy(kind, doc) {
		resp.Errors = append(resp.Errors, validateError{Line: p.Line, Column: p.Column, Message: p.Message})
	}
	// Unknown actions and condition keys are warnings, as Access Analyzer
	// reports them: IAM stores such a policy, whose unknown names match nothing.
	if d, err := policy.ParseFor([]byte(doc), kind); err == nil {
		for _, f := range catalog.CheckDocument(d) {
			resp.Errors = append(resp.Errors, validateError{Line: f.Line, Column: f.Column, Message: f.String(), Severity: "warning"})
		}
	}
	// The summary describes a valid document only: of "Effect": "Alow" or
	// an action without its service it would say what the policy does not.
	var sum *identity.PolicySummary
	if len(resp.Errors) == 0 || onlyWarnings(resp.Errors) {
		if s, err := identity.Summarize(doc); err == nil {
			sum = s
		}
	}
	var buf bytes.Buffer
	if err := views.PolicySummaryView(sum).Render(c.Request().Context(), &buf); err == nil {
		resp.SummaryHTML = buf.String()
	}
	b, _ := json.Marshal(resp)
	return c.JSONBlob(http.StatusOK, b)
}

// policyARNFor is a customer managed policy ARN of the caller's account.
func policyARNFor(caller *iam.Caller, name string) string {
	return catalog.IAMPolicy.ARN(caller.AccountID, name)
}

// awsManagedPrefix starts the ARN of every AWS managed policy, which no
// one may change.
const awsManagedPrefix = "arn:aws:iam::aws:policy/"

// policyPath is the console path of a managed policy.
func policyPath(policyARN string) string { return "/iam/policies/" + url.PathEscape(policyARN) }

// isFormError reports whether err is about the submitted values, to be shown
// next to the form's fields, rather than a page-level failure.
func isFormError(err error) bool {
	switch iam.AsError(err).Kind {
	case iam.KindInvalid, iam.KindMalformedPolicy, iam.KindExists, iam.KindLimit, iam.KindConflict:
		return true
	}
	return false
}

// formErrors are the field messages and policy positions of a form error;
// an error without a field goes under fallback.
func formErrors(err error, fallback string) (map[string]string, []iam.Position) {
	e := iam.AsError(err)
	errs := FieldErrors(err)
	if e.Field == "" && fallback != "" {
		delete(errs, "_")
		errs[fallback] = e.Message
	}
	if e.Field == "document" || e.Field == "" && fallback == "document" {
		return errs, e.Positions
	}
	return errs, nil
}

// alsoDocument adds the document's problems to a form error about another
// field, so the editor shows them at once rather than after the next submit.
func alsoDocument(svc *identity.Service, errs map[string]string, positions []iam.Position, k policy.Kind, doc string) []iam.Position {
	if _, ok := errs["document"]; ok || len(positions) > 0 {
		return positions
	}
	ps := svc.ValidatePolicy(k, doc)
	if len(ps) > 0 {
		errs["document"] = ps[0].Message
	}
	return ps
}

// onlyWarnings reports whether the editor's findings are all warnings.
func onlyWarnings(es []validateError) bool {
	for _, e := range es {
		if e.Severity != "warning" {
			return false
		}
	}
	return true
}

// summaryOf is the summary of a stored (valid) document.
func summaryOf(doc string) *identity.PolicySummary {
	s, err := identity.Summarize(doc)
	if err != nil {
		return nil
	}
	return s
}

// validSummary is the summary of a submitted document, nil unless the
// document is valid as a policy of kind k.
func validSummary(svc *identity.Service, k policy.Kind, doc string) *identity.PolicySummary {
	if len(svc.ValidatePolicy(k, doc)) > 0 {
		return nil
	}
	return summaryOf(doc)
}

// newPolicyTemplate is the document the create-policy editor starts with.
const newPolicyTemplate = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Statement1",
      "Effect": "Allow",
      "Action": [],
      "Resource": []
    }
  ]
}`

// New shows the create-policy form.
func (h *Policies) New(c echo.Context) error {
	caller := Caller(c)
	vm := views.PolicyFormVM{Path: "/", Document: newPolicyTemplate, Summary: summaryOf(newPolicyTemplate),
		CanCreate: h.iam.Allowed(c.Request().Context(), caller, catalog.IAMCreatePolicy.String(), policyARNFor(caller, "*"))}
	return Render(c, http.StatusOK, views.PolicyForm(PageFor(c, "Create policy", "policies"), vm))
}

// Create creates a customer managed policy from the form.
func (h *Policies) Create(c echo.Context) error {
	caller := Caller(c)
	vm := views.PolicyFormVM{PolicyName: strings.TrimSpace(c.FormValue("policy_name")), Path: strings.TrimSpace(c.FormValue("path")),
		Description: c.FormValue("description"), Document: c.FormValue("document"), Tags: c.FormValue("tags")}
	p, err := h.svc.CreatePolicy(c.Request().Context(), caller, identity.CreatePolicyInput{PolicyName: vm.PolicyName, Path: vm.Path,
		Description: vm.Description, PolicyDocument: vm.Document, Tags: parseTags(vm.Tags)})
	if err != nil {
		if !isFormError(err) {
			return Fail(c, err)
		}
		vm.Errors, vm.Positions = formErrors(err, "_")
		vm.Positions = alsoDocument(h.svc, vm.Errors, vm.Positions, policy.KindManaged, vm.Document)
		vm.Summary = validSummary(h.svc, policy.KindManaged, vm.Document)
		vm.CanCreate = h.iam.Allowed(c.Request().Context(), caller, catalog.IAMCreatePolicy.String(), policyARNFor(caller, "*"))
		return Render(c, http.StatusUnprocessableEntity, views.PolicyForm(PageFor(c, "Create policy", "policies"), vm))
	}
	Flash(c, "success", "Policy "+p.PolicyName+" created.")
	return Redirect(c, policyPath(p.ARN))
}

// Show shows a policy: a version's document and summary (the default, or
// ?version=vN), its versions and the entities it is attached to.
func (h *Policies) Show(c echo.Context) error { return h.show(c, http.StatusOK, nil) }

func (h *Policies) show(c echo.Context, status int, errs map[string]string) error {
	ctx, caller := c.Request().Context(), Caller(c)
	policyARN := pathParam(c, "arn")
	p, err := h.svc.GetPolicy(ctx, caller, policyARN)
	if err != nil {
		return Fail(c, err)
	}
	version := c.QueryParam("version")
	if version == "" {
		version = p.DefaultVersionID
	}
	v, err := h.svc.GetPolicyVersion(ctx, caller, policyARN, version)
	if err != nil {
		return Fail(c, err)
	}
	vm := views.PolicyVM{Policy: *p, Version: v.VersionID, Document: v.Document, Summary: summaryOf(v.Document), Errors: errs}
	if vm.Versions, err = h.svc.ListPolicyVersions(ctx, caller, policyARN); err != nil && !iam.IsKind(err, iam.KindDenied) {
		return Fail(c, err)
	}
	entities, err := h.svc.ListEntitiesForPolicy(ctx, caller, policyARN)
	if err != nil && !iam.IsKind(err, iam.KindDenied) {
		return Fail(c, err)
	}
	for _, e := range entities {
		vm.Entities = append(vm.Entities, views.PolicyEntity{Type: e.Type, Name: e.Name,
			CanDetach: h.iam.Allowed(ctx, caller, views.EntityAction("Detach", e.Type, "Policy"), e.ARN)})
	}
	if !p.AWSManaged {
		allow := func(action string) bool { return h.iam.Allowed(ctx, caller, action, policyARN) }
		vm.CanEdit, vm.CanDelete = allow(catalog.IAMCreatePolicyVersion.String()), allow(catalog.IAMDeletePolicy.String())
		vm.CanSetDefault, vm.CanDeleteVersion = allow(catalog.IAMSetDefaultPolicyVersion.String()), allow(catalog.IAMDeletePolicyVersion.String())
	}
	return Render(c, status, views.PolicyDetail(PageFor(c, p.PolicyName, "policies"), vm))
}

// Edit shows the editor prefilled with the default version.
func (h *Policies) Edit(c echo.Context) error {
	ctx, caller := c.Request().Context(), Caller(c)
	policyARN := pathParam(c, "arn")
	p, err := h.svc.GetPolicy(ctx, caller, policyARN)
	if err != nil {
		return Fail(c, err)
	}
	if p.AWSManaged {
		return Redirect(c, policyPath(p.ARN))
	}
	v, err := h.svc.GetPolicyVersion(ctx, caller, policyARN, p.DefaultVersionID)
	if err != nil {
		return Fail(c, err)
	}
	vm := views.PolicyEditVM{Policy: *p, Document: v.Document, SetDefault: true, Summary: summaryOf(v.Document)}
	return h.renderEdit(c, http.StatusOK, vm)
}

func (h *Policies) renderEdit(c echo.Context, status int, vm views.PolicyEditVM) error {
	ctx, caller := c.Request().Context(), Caller(c)
	vm.CanSave = h.iam.Allowed(ctx, caller, catalog.IAMCreatePolicyVersion.String(), vm.Policy.ARN)
	if vs, err := h.svc.ListPolicyVersions(ctx, caller, vm.Policy.ARN); err == nil && len(vs) >= identity.MaxPolicyVersions {
		vm.OldestVersion = oldestNonDefault(vs)
	}
	return Render(c, status, views.PolicyEdit(h.page(c, vm.Policy.ARN, "Edit "+vm.Policy.PolicyName), vm))
}

// checked reports whether a checkbox value is set.
func checked(v string) bool { return v == "on" || v == "true" || v == "1" }

// oldestNonDefault is the earliest version that is not the default.
func oldestNonDefault(vs []identity.PolicyVersionInfo) string {
	oldest := ""
	var num int
	for _, v := range vs {
		if v.IsDefaultVersion {
			continue
		}
		n, err := strconv.Atoi(strings.TrimPrefix(v.VersionID, "v"))
		if err != nil {
			continue
		}
		if oldest == "" || n < num {
			oldest, num = v.VersionID, n
		}
	}
	return oldest
}

// CreateVersion saves the editor's document as a new version, optionally
// the default, deleting the oldest non-default version first when asked.
func (h *Policies) CreateVersion(c echo.Context) error {
	ctx, caller := c.Request().Context(), Caller(c)
	policyARN := pathParam(c, "arn")
	p, err := h.svc.GetPolicy(ctx, caller, policyARN)
	if err != nil {
		return Fail(c, err)
	}
	vm := views.PolicyEditVM{Policy: *p, Document: c.FormValue("document"), SetDefault: checked(c.FormValue("set_default")),
		DeleteOldest: checked(c.FormValue("delete_oldest"))}
	if vm.DeleteOldest && !p.AWSManaged {
		// Only when the document is valid, so a rejected edit deletes nothing.
		if len(h.svc.ValidatePolicy(policy.KindManaged, vm.Document)) == 0 {
			if vs, err := h.svc.ListPolicyVersions(ctx, caller, policyARN); err == nil && len(vs) >= identity.MaxPolicyVersions {
				if old := oldestNonDefault(vs); old != "" {
					if err := h.svc.DeletePolicyVersion(ctx, caller, policyARN, old); err != nil && !isFormError(err) {
						return Fail(c, err)
					}
				}
			}
		}
	}
	v, err := h.svc.CreatePolicyVersion(ctx, caller, policyARN, vm.Document, vm.SetDefault)
	if err != nil {
		if !isFormError(err) {
			return Fail(c, err)
		}
		vm.Errors, vm.Positions = formErrors(err, "document")
		vm.Summary = validSummary(h.svc, policy.KindManaged, vm.Document)
		return h.renderEdit(c, http.StatusUnprocessableEntity, vm)
	}
	Flash(c, "success", "Policy "+p.PolicyName+" version "+v.VersionID+" saved.")
	return Redirect(c, policyPath(p.ARN))
}

// SetDefault makes a version the default.
func (h *Policies) SetDefault(c echo.Context) error {
	policyARN, version := pathParam(c, "arn"), c.FormValue("version_id")
	if err := h.svc.SetDefaultPolicyVersion(c.Request().Context(), Caller(c), policyARN, version); err != nil {
		return h.actionError(c, err)
	}
	Flash(c, "success", "Version "+version+" is now the default.")
	return Redirect(c, policyPath(policyARN)+"#versions")
}

// DeleteVersion deletes a version other than the default, once confirmed.
func (h *Policies) DeleteVersion(c echo.Context) error {
	policyARN, version := pathParam(c, "arn"), c.FormValue("version_id")
	if !Confirmed(c, "") && !strings.HasPrefix(policyARN, awsManagedPrefix) && h.iam.Allowed(c.Request().Context(), Caller(c), catalog.IAMDeletePolicyVersion.String(), policyARN) {
		return AskConfirm(c, h.page(c, policyARN, "Delete version"), views.DeletePolicyVersionConfirm(policyARN, version))
	}
	if err := h.svc.DeletePolicyVersion(c.Request().Context(), Caller(c), policyARN, version); err != nil {
		return h.actionError(c, err)
	}
	Flash(c, "success", "Version "+version+" deleted.")
	return Redirect(c, policyPath(policyARN)+"#versions")
}

// Delete deletes a customer managed policy once its name is typed.
func (h *Policies) Delete(c echo.Context) error {
	policyARN := pathParam(c, "arn")
	name := policyARN[strings.LastIndexByte(policyARN, '/')+1:]
	// AWS managed policies are refused whatever is typed: nothing to ask.
	if !Confirmed(c, name) && !strings.HasPrefix(policyARN, awsManagedPrefix) && h.iam.Allowed(c.Request().Context(), Caller(c), catalog.IAMDeletePolicy.String(), policyARN) {
		return AskConfirm(c, h.page(c, policyARN, "Delete "+name), views.DeletePolicyConfirm(name, policyARN))
	}
	if err := h.svc.DeletePolicy(c.Request().Context(), Caller(c), policyARN); err != nil {
		return h.actionError(c, err)
	}
	Flash(c, "success", "Policy deleted.")
	return Redirect(c, "/iam/policies")
}

// page is the layout of a page about the policy policyARN, titled title,
// with breadcrumbs through the policy.
func (h *Policies) page(c echo.Context, policyARN, title string) views.Page {
	name := policyARN[strings.LastIndexByte(policyARN, '/')+1:]
	return PageFor(c, title, "policies").WithCrumbs(views.Crumb{Label: name, Href: policyPath(policyARN)}, views.Crumb{Label: title})
}

// actionError re-renders the policy page with the message of a refused
// change (DeleteConflict, a missing version), or fails.
func (h *Policies) actionError(c echo.Context, err error) error {
	if isFormError(err) || iam.IsKind(err, iam.KindNotFound) && iam.AsError(err).Field == "version" {
		return h.show(c, http.StatusUnprocessableEntity, map[string]string{"_": iam.AsError(err).Message})
	}
	return Fail(c, err)
}

// Diff shows a line diff of two versions (?from=v1&to=v2).
func (h *Policies) Diff(c echo.Context) error {
	ctx, caller := c.Request().Context(), Caller(c)
	policyARN := pathParam(c, "arn")
	p, err := h.svc.GetPolicy(ctx, caller, policyARN)
	if err != nil {
		return Fail(c, err)
	}
	from, err := h.svc.GetPolicyVersion(ctx, caller, policyARN, c.QueryParam("from"))
	if err != nil {
		return Fail(c, err)
	}
	to, err := h.svc.GetPolicyVersion(ctx, caller, policyARN, c.QueryParam("to"))
	if err != nil {
		return Fail(c, err)
	}
	vm := views.PolicyDiffVM{Policy: *p, From: from.VersionID, To: to.VersionID, Lines: lineDiff(from.Document, to.Document)}
	return Render(c, http.StatusOK, views.PolicyDiff(h.page(c, p.ARN, "Compare "+from.VersionID+" and "+to.VersionID), vm))
}

// maxDiffCells bounds the LCS table; larger inputs diff as a replacement.
const maxDiffCells = 4 << 20

// lineDiff compares two texts line by line with a longest common
// subsequence, listing kept, removed and added lines in order (removals
// before additions where lines change).
func lineDiff(a, b string) []views.DiffLine {
	x, y := splitLines(a), splitLines(b)
	// Common prefix and suffix need no table.
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	out := make([]views.DiffLine, 0, len(x)+len(y))
	for i := 0; i < pre; i++ {
		out = append(out, views.DiffLine{Kind: "same", OldNo: i + 1, NewNo: i + 1, Text: x[i]})
	}
	mx, my := x[pre:len(x)-suf], y[pre:len(y)-suf]
	n, m := len(mx), len(my)
	if n*m > maxDiffCells {
		for i, l := range mx {
			out = append(out, views.DiffLine{Kind: "removed", OldNo: pre + i + 1, Text: l})
		}
		for j, l := range my {
			out = append(out, views.DiffLine{Kind: "added", NewNo: pre + j + 1, Text: l})
		}
	} else {
		// lcs[i][j] is the LCS length of mx[i:] and my[j:].
		lcs := make([][]int32, n+1)
		for i := range lcs {
			lcs[i] = make([]int32, m+1)
		}
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if mx[i] == my[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		i, j := 0, 0
		for i < n || j < m {
			switch {
			case i < n && j < m && mx[i] == my[j]:
				out = append(out, views.DiffLine{Kind: "same", OldNo: pre + i + 1, NewNo: pre + j + 1, Text: mx[i]})
				i, j = i+1, j+1
			case j == m || i < n && lcs[i+1][j] >= lcs[i][j+1]:
				out = append(out, views.DiffLine{Kind: "removed", OldNo: pre + i + 1, Text: mx[i]})
				i++
			default:
				out = append(out, views.DiffLine{Kind: "added", NewNo: pre + j + 1, Text: my[j]})
				j++
			}
		}
	}
	for k := 0; k < suf; k++ {
		i, j := len(x)-suf+k, len(y)-suf+k
		out = append(out, views.DiffLine{Kind: "same", OldNo: i + 1, NewNo: j + 1, Text: x[i]})
	}
	return out
}

// splitLines splits text into lines, ignoring a final newline and carriage
// returns; the empty text has no lines.
func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
