package views

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestFormatTime(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 3, 5, 14, 3, 9, 0, time.FixedZone("CET", 3600))
	if got := FormatTime(at); got != "March 5, 2024, 13:03 (UTC)" {
		t.Errorf("FormatTime = %q", got)
	}
	if got := FormatTimeSeconds(at); got != "March 5, 2024, 13:03:09 (UTC)" {
		t.Errorf("FormatTimeSeconds = %q", got)
	}
	if got := FormatTimePtr(nil); got != "" {
		t.Errorf("FormatTimePtr(nil) = %q", got)
	}
}

func TestWrapSegments(t *testing.T) {
	t.Parallel()
	tests := map[string][]string{
		"arn:aws:iam::123456789012:role/ci/Deploy": {"arn:", "aws:", "iam:", ":", "123456789012:", "role/", "ci/", "Deploy"},
		"AKIAIOSFODNN7EXAMPLE":                     {"AKIAIOSFODNN7EXAMPLE"},
		"http://h:1/signin?account=dev":            {"http:", "/", "/", "h:", "1/", "signin?", "account=", "dev"},
		"":                                         nil,
	}
	for in, want := range tests {
		got := wrapSegments(in)
		if !reflect.DeepEqual(got, want) || strings.Join(got, "") != in {
			t.Errorf("wrapSegments(%q) = %q", in, got)
		}
	}
	// Rendered, an ARN breaks only after its separators, and keeps its
	// whole value for the copy button.
	var buf bytes.Buffer
	if err := Copyable("x", "arn:aws:iam::1:user/a", "ARN").Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	if want := `data-value="arn:aws:iam::1:user/a">arn:<wbr>aws:<wbr>iam:<wbr>:<wbr>1:<wbr>user/<wbr>a<wbr></span>`; !strings.Contains(buf.String(), want) {
		t.Errorf("Copyable renders %s", buf.String())
	}
}

func TestBreadcrumbs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p    Page
		want []Crumb
	}{
		{Page{Title: "Roles", Section: "roles"}, []Crumb{{"IAM", "/iam"}, {"Roles", ""}}},
		{Page{Title: "UpdateAPP", Section: "roles"}, []Crumb{{"IAM", "/iam"}, {"Roles", "/iam/roles"}, {"UpdateAPP", ""}}},
		{Page{Title: "Dashboard", Section: "dashboard"}, []Crumb{{"IAM", "/iam"}, {"Dashboard", ""}}},
		{Page{Title: "Console home"}, []Crumb{{"Console home", ""}}},
		{Page{Title: "Not found"}, []Crumb{{"Console home", "/"}, {"Not found", ""}}},
		{Page{Title: "Add permissions", Section: "users"}.WithCrumbs(Crumb{"david", "/iam/users/david"}, Crumb{Label: "Add permissions"}),
			[]Crumb{{"IAM", "/iam"}, {"Users", "/iam/users"}, {"david", "/iam/users/david"}, {"Add permissions", ""}}},
	}
	for _, tc := range tests {
		if got := tc.p.Breadcrumbs(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q in %q: %v, want %v", tc.p.Title, tc.p.Section, got, tc.want)
		}
	}
}
