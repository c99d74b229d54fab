package query

import (
	"net/url"
	"testing"
)

func TestReaderErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		query string
		read  func(r *Reader)
		want  string // "" for no error
	}{
		{"all present", "UserName=a&MaxSessionDuration=3600", func(r *Reader) {
			r.Required("UserName")
			r.IntP("MaxSessionDuration", "maxSessionDuration")
		}, ""},
		{"first missing parameter wins", "", func(r *Reader) {
			r.Required("RoleName")
			r.Required("PolicyDocument")
		}, "MissingParameter: The request must contain the parameter RoleName"},
		{"missing beats malformed", "MaxSessionDuration=x", func(r *Reader) {
			r.IntP("MaxSessionDuration", "maxSessionDuration")
			r.Required("RoleName")
		}, "MissingParameter: The request must contain the parameter RoleName"},
		{"one malformed value", "MaxSessionDuration=x", func(r *Reader) {
			r.IntP("MaxSessionDuration", "maxSessionDuration")
		}, "ValidationError: 1 validation error detected: Value 'x' at 'maxSessionDuration' failed to satisfy constraint: Member must be an integer"},
		{"malformed values are collected", "A=x&B=y", func(r *Reader) {
			r.IntP("A", "a")
			r.IntP("B", "b")
		}, "ValidationError: 2 validation errors detected: Value 'x' at 'a' failed to satisfy constraint: Member must be an integer; " +
			"Value 'y' at 'b' failed to satisfy constraint: Member must be an integer"},
		{"required tags", "UserName=a", func(r *Reader) {
			r.Required("UserName")
			r.RequiredTags("Tags")
		}, "MissingParameter: The request must contain the parameter Tags"},
		{"an empty value is present", "UserName=", func(r *Reader) { r.Required("UserName") }, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v, _ := url.ParseQuery(tc.query)
			r := NewReader(Params{v})
			tc.read(r)
			got := ""
			if err := r.Err(); err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
