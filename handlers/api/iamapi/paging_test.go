package iamapi_test

import (
	"encoding/xml"
	"iamconsole/handlers/api/apitest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// rawList is a Query-protocol list whose members are kept as raw XML, so
// that pages can be compared with the unpaged answer byte for byte.
type rawList struct {
	Member []struct {
		XML string `xml:",innerxml"`
	} `xml:"member"`
}

func (l rawList) items(kind string) []string {
	out := make([]string, 0, len(l.Member))
	for _, m := range l.Member {
		out = append(out, kind+":"+m.XML)
	}
	return out
}

// pageOf is what a paged answer holds: its items in order, each named by
// the list it came in, whether it is truncated, and its marker.
type pageOf struct {
	items     []string
	truncated string
	marker    *string
}

// detailsPage reads a GetAccountAuthorizationDetails answer.
func detailsPage(t *testing.T, body string) pageOf {
	t.Helper()
	var r struct {
		Result struct {
			UserDetailList, GroupDetailList, RoleDetailList, Policies rawList
			IsTruncated                                               string
			Marker                                                    *string
		} `xml:"GetAccountAuthorizationDetailsResult"`
	}
	if err := xml.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	res := r.Result
	var items []string
	items = append(items, res.UserDetailList.items("user")...)
	items = append(items, res.GroupDetailList.items("group")...)
	items = append(items, res.RoleDetailList.items("role")...)
	items = append(items, res.Policies.items("policy")...)
	return pageOf{items: items, truncated: res.IsTruncated, marker: res.Marker}
}

// simulationPage reads a SimulatePrincipalPolicy or SimulateCustomPolicy
// answer.
func simulationPage(t *testing.T, body string) pageOf {
	t.Helper()
	type result struct {
		EvaluationResults rawList
		IsTruncated       string
		Marker            *string
	}
	var r struct {
		Principal *result `xml:"SimulatePrincipalPolicyResult"`
		Custom    *result `xml:"SimulateCustomPolicyResult"`
	}
	if err := xml.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	res := r.Principal
	if res == nil {
		res = r.Custom
	}
	if res == nil {
		t.Fatalf("no simulation result: %s", body)
	}
	return pageOf{items: res.EvaluationResults.items("result"), truncated: res.IsTruncated, marker: res.Marker}
}

// pagedAction is an action to page through, with how to read its answer
// and the element its truncation follows.
type pagedAction struct {
	form url.Values
	read func(*testing.T, string) pageOf
	last string // the list IsTruncated follows
}

// with is a copy of form with more parameters.
func with(form url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, v := range form {
		out[k] = append([]string(nil), v...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

// checkPaging asks for a once unpaged, then in pages of 1 to n+1 items,
// and wants the pages to add up to the unpaged answer exactly, with
// IsTruncated and Marker where AWS puts them.
func checkPaging(t *testing.T, e *apitest.Env, a pagedAction, atLeast int) {
	t.Helper()
	admin := e.Keys["admin"]
	result := a.form.Get("Action") + "Result>"
	st, body, _ := e.Call(t, "iam", admin[0], admin[1], "", a.form)
	if st != 200 {
		t.Fatalf("unpaged: %d %s", st, body)
	}
	whole := a.read(t, body)
	if whole.truncated != "false" || whole.marker != nil || strings.Contains(body, "<Marker>") {
		t.Fatalf("unpaged answer truncated: %s", body)
	}
	if !strings.Contains(body, "</"+a.last+"><IsTruncated>false</IsTruncated></"+result) {
		t.Errorf("IsTruncated is not after %s: %s", a.last, body)
	}
	n := len(whole.items)
	if n < atLeast {
		t.Fatalf("only %d items to page through, want %d or more", n, atLeast)
	}
	for size := 1; size <= n+1; size++ {
		var got []string
		marker := ""
		for pages := 1; ; pages++ {
			if pages > n+1 {
				t.Fatalf("MaxItems=%d: more pages than items", size)
			}
			form := with(a.form, "MaxItems", strconv.Itoa(size))
			if marker != "" {
				form.Set("Marker", marker)
			}
			st, body, _ := e.Call(t, "iam", admin[0], admin[1], "", form)
			if st != 200 {
				t.Fatalf("MaxItems=%d page %d: %d %s", size, pages, st, body)
			}
			p := a.read(t, body)
			got = append(got, p.items...)
			if p.truncated == "false" {
				if p.marker != nil || strings.Contains(body, "<Marker>") {
					t.Errorf("MaxItems=%d: last page has a marker: %s", size, body)
				}
				if len(p.items) > size {
					t.Errorf("MaxItems=%d: last page has %d items", size, len(p.items))
				}
				break
			}
			if p.truncated != "true" || p.marker == nil || *p.marker == "" {
				t.Fatalf("MaxItems=%d page %d: IsTruncated %q, marker %v: %s", size, pages, p.truncated, p.marker, body)
			}
			if len(p.items) != size {
				t.Errorf("MaxItems=%d page %d: %d items", size, pages, len(p.items))
			}
			if !strings.Contains(body, "</"+a.last+"><IsTruncated>true</IsTruncated><Marker>"+*p.marker+"</Marker></"+result) {
				t.Errorf("MaxItems=%d: IsTruncated and Marker out of place: %s", size, body)
			}
			marker = *p.marker
		}
		if !reflect.DeepEqual(got, whole.items) {
			t.Errorf("MaxItems=%d: pages add up to\n%q\nwant\n%q", size, got, whole.items)
		}
	}
}

// wantAPIError wants a 400 with an IAM error's code and message.
func wantAPIError(t *testing.T, e *apitest.Env, form url.Values, code, message string) {
	t.Helper()
	admin := e.Keys["admin"]
	st, body, _ := e.Call(t, "iam", admin[0], admin[1], "", form)
	var r struct {
		Error struct{ Code, Message string }
	}
	if err := xml.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if st != 400 || r.Error.Code != code || r.Error.Message != message {
		t.Errorf("%s %v: %d %s %q, want 400 %s %q", form.Get("Action"), form, st, r.Error.Code, r.Error.Message, code, message)
	}
}

const (
	maxItemsTooSmall = "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1"
	maxItemsTooLarge = "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000"
)

// checkPageRefusals sends MaxItems 0 and 1001 and markers that are not the
// action's.
func checkPageRefusals(t *testing.T, e *apitest.Env, form url.Values) {
	t.Helper()
	wantAPIError(t, e, with(form, "MaxItems", "0"), "ValidationError", maxItemsTooSmall)
	wantAPIError(t, e, with(form, "MaxItems", "1001"), "ValidationError", maxItemsTooLarge)
	for _, m := range []string{"garbage", "1", "-1.x", "1.", "."} {
		wantAPIError(t, e, with(form, "Marker", m), "ValidationError", "Invalid Marker.")
	}
}

// firstMarker is the marker of form's first page of one item.
func firstMarker(t *testing.T, e *apitest.Env, form url.Values, read func(*testing.T, string) pageOf) string {
	t.Helper()
	admin := e.Keys["admin"]
	st, body, _ := e.Call(t, "iam", admin[0], admin[1], "", with(form, "MaxItems", "1"))
	p := read(t, body)
	if st != 200 || p.marker == nil {
		t.Fatalf("no marker: %d %s", st, body)
	}
	return *p.marker
}

func TestIAMAuthorizationDetailsPages(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	admin := e.Keys["admin"]
	// A role with an inline and a managed policy, and a local policy with
	// two versions: every list has members.
	for _, form := range []url.Values{
		iamValues("CreatePolicy", "PolicyName", "ReadObjects", "Path", "/app/", "PolicyDocument", allowS3),
		iamValues("CreatePolicyVersion", "PolicyArn", "arn:aws:iam::111122223333:policy/app/ReadObjects", "PolicyDocument", mfaOnly, "SetAsDefault", "true"),
		iamValues("CreateRole", "RoleName", "Auditor", "AssumeRolePolicyDocument",
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}`),
		iamValues("PutRolePolicy", "RoleName", "Auditor", "PolicyName", "read", "PolicyDocument", allowS3),
		iamValues("AttachRolePolicy", "RoleName", "Auditor", "PolicyArn", "arn:aws:iam::111122223333:policy/app/ReadObjects"),
	} {
		if st, body, _ := e.Call(t, "iam", admin[0], admin[1], "", form); st != 200 {
			t.Fatalf("%s: %d %s", form.Get("Action"), st, body)
		}
	}
	all := iamValues("GetAccountAuthorizationDetails")
	roles := iamValues("GetAccountAuthorizationDetails", "Filter.member.1", "Role", "Filter.member.2", "LocalManagedPolicy")
	t.Run("all", func(t *testing.T) {
		t.Parallel()
		checkPaging(t, e, pagedAction{form: all, read: detailsPage, last: "Policies"}, 10)
	})
	t.Run("filtered", func(t *testing.T) {
		t.Parallel()
		checkPaging(t, e, pagedAction{form: roles, read: detailsPage, last: "Policies"}, 3)
	})
	t.Run("refusals", func(t *testing.T) {
		t.Parallel()
		checkPageRefusals(t, e, all)
		// A marker holds for its own filter, in any order, and no other.
		m := firstMarker(t, e, roles, detailsPage)
		swapped := iamValues("GetAccountAuthorizationDetails", "Filter.member.1", "LocalManagedPolicy", "Filter.member.2", "Role", "Marker", m)
		if st, body, _ := e.Call(t, "iam", admin[0], admin[1], "", swapped); st != 200 {
			t.Errorf("the same filter in another order: %d %s", st, body)
		}
		wantAPIError(t, e, with(all, "Marker", m), "ValidationError", "Invalid Marker.")
		wantAPIError(t, e, iamValues("ListUsers", "Marker", m), "ValidationError", "Invalid Marker.")
		wantAPIError(t, e, iamValues("SimulateCustomPolicy", "PolicyInputList.member.1", allowS3, "ActionNames.member.1", "s3:GetObject", "Marker", m),
			"ValidationError", "Invalid Marker.")
		// The list actions that share the page's checks refuse alike.
		for _, action := range []string{"ListUsers", "ListGroups"} {
			wantAPIError(t, e, iamValues(action, "MaxItems", "0"), "ValidationError", maxItemsTooSmall)
			wantAPIError(t, e, iamValues(action, "MaxItems", "1001"), "ValidationError", maxItemsTooLarge)
			wantAPIError(t, e, iamValues(action, "Marker", "garbage"), "ValidationError", "Invalid Marker.")
		}
		// The filter is checked before the page.
		wantAPIError(t, e, iamValues("GetAccountAuthorizationDetails", "Filter.member.1", "Users", "MaxItems", "0"), "ValidationError",
			"1 validation error detected: Value '[Users]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]]")
	})
}

// simulation forms: three actions on two resources, six results.
func simulationForms() (principal, custom url.Values) {
	principal = iamValues("SimulatePrincipalPolicy", "PolicySourceArn", "arn:aws:iam::111122223333:user/theresa",
		"ActionNames.member.1", "sts:AssumeRole", "ActionNames.member.2", "iam:CreateUser", "ActionNames.member.3", "s3:GetObject",
		"ResourceArns.member.1", apitest.UpdateAPP, "ResourceArns.member.2", "*")
	custom = iamValues("SimulateCustomPolicy", "PolicyInputList.member.1", mfaOnly, "PolicyInputList.member.2", allowS3,
		"ActionNames.member.1", "s3:ListBucket", "ActionNames.member.2", "s3:GetObject", "ActionNames.member.3", "iam:ListUsers",
		"ResourceArns.member.1", "arn:aws:s3:::productionapp", "ResourceArns.member.2", "arn:aws:s3:::productionapp/home/x",
		"ContextEntries.member.1.ContextKeyName", "aws:MultiFactorAuthPresent", "ContextEntries.member.1.ContextKeyValues.member.1", "true",
		"ContextEntries.member.1.ContextKeyType", "boolean")
	return principal, custom
}

func TestIAMSimulationPages(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	principal, custom := simulationForms()
	for _, tc := range []struct {
		name string
		form url.Values
	}{{"principal", principal}, {"custom", custom}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkPaging(t, e, pagedAction{form: tc.form, read: simulationPage, last: "EvaluationResults"}, 6)
			checkPageRefusals(t, e, tc.form)
			// A marker holds for the same request only.
			m := firstMarker(t, e, tc.form, simulationPage)
			if st, body, _ := e.Call(t, "iam", e.Keys["admin"][0], e.Keys["admin"][1], "", with(tc.form, "Marker", m)); st != 200 {
				t.Errorf("own marker: %d %s", st, body)
			}
			wantAPIError(t, e, with(tc.form, "ActionNames.member.1", "s3:PutObject", "Marker", m), "ValidationError", "Invalid Marker.")
			wantAPIError(t, e, with(tc.form, "ResourceArns.member.2", "arn:aws:s3:::other", "Marker", m), "ValidationError", "Invalid Marker.")
			wantAPIError(t, e, with(tc.form, "CallerArn", "arn:aws:iam::111122223333:user/david", "Marker", m), "ValidationError", "Invalid Marker.")
			wantAPIError(t, e, iamValues("GetAccountAuthorizationDetails", "Marker", m), "ValidationError", "Invalid Marker.")
		})
	}
	t.Run("context is part of the request", func(t *testing.T) {
		t.Parallel()
		m := firstMarker(t, e, custom, simulationPage)
		wantAPIError(t, e, with(custom, "ContextEntries.member.1.ContextKeyValues.member.1", "false", "Marker", m), "ValidationError", "Invalid Marker.")
	})
	t.Run("a page is 100 results unless MaxItems says otherwise", func(t *testing.T) {
		t.Parallel()
		form := iamValues("SimulateCustomPolicy", "PolicyInputList.member.1", allowS3, "ActionNames.member.1", "s3:GetObject")
		for i := 1; i <= 101; i++ {
			form.Set("ResourceArns.member."+strconv.Itoa(i), "arn:aws:s3:::bucket/"+strconv.Itoa(i))
		}
		admin := e.Keys["admin"]
		st, body, _ := e.Call(t, "iam", admin[0], admin[1], "", form)
		p := simulationPage(t, body)
		if st != 200 || len(p.items) != 100 || p.truncated != "true" || p.marker == nil {
			t.Fatalf("default page: %d, %d results, IsTruncated %q", st, len(p.items), p.truncated)
		}
		st, body, _ = e.Call(t, "iam", admin[0], admin[1], "", with(form, "Marker", *p.marker))
		if p := simulationPage(t, body); st != 200 || len(p.items) != 1 || p.truncated != "false" ||
			!strings.Contains(p.items[0], "arn:aws:s3:::bucket/101") {
			t.Fatalf("second page: %d %s", st, body)
		}
		st, body, _ = e.Call(t, "iam", admin[0], admin[1], "", with(form, "MaxItems", "1000"))
		if p := simulationPage(t, body); st != 200 || len(p.items) != 101 || p.truncated != "false" {
			t.Fatalf("MaxItems=1000: %d, %d results", st, len(p.items))
		}
	})
}
