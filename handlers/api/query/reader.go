package query

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"iamconsole/handlers/api"
	"iamconsole/iam"
)

// Action is one Query action in two stages: it reads its parameters from r
// and returns the call to make. The call runs only when every parameter was
// acceptable, so a bad request never reaches the service layer.
type Action func(r *Reader) Invoke

// Invoke calls the service layer for an action whose parameters were read;
// a nil result means the response has no <ActionResult> element.
type Invoke func(ctx context.Context, c *iam.Caller) (any, error)

// Done is the Invoke of an action that answers with no result element.
func Done(fn func(ctx context.Context, c *iam.Caller) error) Invoke {
	return func(ctx context.Context, c *iam.Caller) (any, error) { return nil, fn(ctx, c) }
}

// Reader reads the parameters of a Query request and collects what is
// wrong with them as IAM and STS report it: the first missing required
// parameter as MissingParameter; otherwise every malformed value in one
// ValidationError ("2 validation errors detected: …; …").
type Reader struct {
	// P are the request's parameters.
	P       Params
	missing string
	invalid []string
}

// NewReader reads p.
func NewReader(p Params) *Reader { return &Reader{P: p} }

// Required returns a required parameter, noting it when absent.
func (r *Reader) Required(name string) string {
	if !r.P.Has(name) && r.missing == "" {
		r.missing = name
	}
	return r.P.Get(name)
}

// Opt returns an optional parameter, "" when absent.
func (r *Reader) Opt(name string) string { return r.P.Get(name) }

// OptP returns an optional parameter, nil when absent.
func (r *Reader) OptP(name string) *string {
	if !r.P.Has(name) {
		return nil
	}
	v := r.P.Get(name)
	return &v
}

// IntP reads an optional integer; field is the camelCase name IAM's
// validation messages use.
func (r *Reader) IntP(name, field string) *int {
	if !r.P.Has(name) {
		return nil
	}
	v := r.P.Get(name)
	n, err := strconv.Atoi(v)
	if err != nil {
		r.invalid = append(r.invalid, "Value '"+v+"' at '"+field+"' failed to satisfy constraint: Member must be an integer")
		return nil
	}
	return &n
}

// Bool reads an optional boolean, false when absent.
func (r *Reader) Bool(name string) bool { return strings.EqualFold(r.P.Get(name), "true") }

// List reads prefix.member.N.
func (r *Reader) List(prefix string) []string { return r.P.List(prefix, "") }

// Tags reads prefix.member.N.Key / .Value.
func (r *Reader) Tags(prefix string) []iam.Tag { return r.P.Tags(prefix) }

// RequiredTags reads a tag list that must have at least one member.
func (r *Reader) RequiredTags(prefix string) []iam.Tag {
	ts := r.P.Tags(prefix)
	if len(ts) == 0 && r.missing == "" {
		r.missing = prefix
	}
	return ts
}

// ListInput reads PathPrefix, Marker and MaxItems.
func (r *Reader) ListInput() iam.ListInput {
	in := r.PageInput()
	in.PathPrefix = r.Opt("PathPrefix")
	return in
}

// PageInput reads Marker and MaxItems; the service bounds MaxItems, and
// refuses an explicit 0 that an absent one is not.
func (r *Reader) PageInput() iam.ListInput {
	in := iam.ListInput{Marker: r.Opt("Marker")}
	if n := r.IntP("MaxItems", "maxItems"); n != nil {
		in.MaxItems, in.MaxItemsGiven = *n, true
	}
	return in
}

// Err is the collected problem, nil when there is none.
func (r *Reader) Err() error {
	if r.missing != "" {
		return &api.Error{Status: http.StatusBadRequest, Code: "MissingParameter", Message: "The request must contain the parameter " + r.missing}
	}
	switch n := len(r.invalid); n {
	case 0:
		return nil
	case 1:
		return &api.Error{Status: http.StatusBadRequest, Code: "ValidationError", Message: "1 validation error detected: " + r.invalid[0]}
	default:
		return &api.Error{Status: http.StatusBadRequest, Code: "ValidationError",
			Message: strconv.Itoa(n) + " validation errors detected: " + strings.Join(r.invalid, "; ")}
	}
}
