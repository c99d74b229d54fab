package handlers

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/policy"
	"iamconsole/views"
)

// Policies serves the managed policy pages and the editor's validation.
type Policies struct{ svc *iam.Service }

// NewPolicies builds the policy handlers.
func NewPolicies(svc *iam.Service) *Policies { return &Policies{svc: svc} }

// List shows AWS managed and customer managed policies, filtered.
func (h *Policies) List(c echo.Context) error {
	in := iam.ListPoliciesInput{Scope: c.QueryParam("scope"), Search: strings.TrimSpace(c.QueryParam("q")), MaxItems: 1000}
	ps, total, _, err := h.svc.ListPolicies(c.Request().Context(), Caller(c), in)
	if err != nil {
		return Fail(c, err)
	}
	vm := views.PoliciesVM{Scope: in.Scope, Search: in.Search, Policies: ps, Total: total}
	return Render(c, http.StatusOK, views.PoliciesList(PageFor(c, "Policies", "policies"), vm))
}

// Show shows a policy: document, summary, versions and attached entities.
func (h *Policies) Show(c echo.Context) error {
	ctx, caller := c.Request().Context(), Caller(c)
	policyARN, _ := url.PathUnescape(c.Param("arn"))
	p, err := h.svc.GetPolicy(ctx, caller, policyARN)
	if err != nil {
		return Fail(c, err)
	}
	vm := views.PolicyVM{Policy: *p}
	v, err := h.svc.GetPolicyVersion(ctx, caller, policyARN, p.DefaultVersionID)
	if err != nil {
		return Fail(c, err)
	}
	vm.Document = v.Document
	vm.Summary, _ = iam.Summarize(v.Document)
	if vm.Versions, err = h.svc.ListPolicyVersions(ctx, caller, policyARN); err != nil && !iam.IsKind(err, iam.KindDenied) {
		return Fail(c, err)
	}
	if vm.Users, vm.Groups, vm.Roles, err = h.svc.ListEntitiesForPolicy(ctx, caller, policyARN); err != nil && !iam.IsKind(err, iam.KindDenied) {
		return Fail(c, err)
	}
	return Render(c, http.StatusOK, views.PolicyDetail(PageFor(c, p.PolicyName, "policies"), vm))
}

// validateResponse is the editor's answer: every problem and the summary.
type validateResponse struct {
	Errors      []validateError `json:"errors"`
	SummaryHTML string          `json:"summary_html"`
}

type validateError struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

var policyKinds = map[string]policy.Kind{"identity": policy.KindIdentity, "trust": policy.KindTrust, "managed": policy.KindManaged,
	"boundary": policy.KindBoundary, "resource": policy.KindResource, "session": policy.KindSession}

// Validate checks a document for the policy editor (POST, form fields
// document and kind) and answers JSON with its problems and summary.
func (h *Policies) Validate(c echo.Context) error {
	kind, ok := policyKinds[c.FormValue("kind")]
	if !ok {
		kind = policy.KindIdentity
	}
	doc := c.FormValue("document")
	resp := validateResponse{Errors: []validateError{}}
	for _, p := range h.svc.ValidatePolicy(kind, doc) {
		resp.Errors = append(resp.Errors, validateError{Line: p.Line, Column: p.Column, Message: p.Message})
	}
	if sum, err := iam.Summarize(doc); err == nil {
		var buf bytes.Buffer
		if err := views.PolicySummaryView(sum).Render(c.Request().Context(), &buf); err == nil {
			resp.SummaryHTML = buf.String()
		}
	}
	b, _ := json.Marshal(resp)
	return c.JSONBlob(http.StatusOK, b)
}
