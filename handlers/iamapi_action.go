package handlers

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"iamconsole/iam"
)

// iamAction is one IAM Query action in two stages: it reads its parameters
// from r and returns the call to make. The call runs only when every
// parameter was acceptable, so a bad request never reaches the service.
type iamAction func(r *iamReader) iamCall

// iamCall invokes the service for an action whose parameters were read; a
// nil result means the response has no <ActionResult> element.
type iamCall func(ctx context.Context, c *iam.Caller) (any, error)

// iamQuery adapts an iamAction to the Query dispatcher.
func iamQuery(fn iamAction) queryAction {
	return func(ctx context.Context, c *iam.Caller, p params) (any, error) {
		r := &iamReader{p: p}
		call := fn(r)
		if err := r.err(); err != nil {
			return nil, err
		}
		return call(ctx, c)
	}
}

// done is the call of an action that answers with no result element.
func done(fn func(ctx context.Context, c *iam.Caller) error) iamCall {
	return func(ctx context.Context, c *iam.Caller) (any, error) { return nil, fn(ctx, c) }
}

// iamReader reads the parameters of an IAM (or STS) Query request and
// collects what is wrong with them as IAM reports it: the first missing
// required parameter as MissingParameter; otherwise every malformed value in
// one ValidationError ("2 validation errors detected: …; …").
type iamReader struct {
	p       params
	missing string
	invalid []string
}

// required returns a required parameter, noting it when absent.
func (r *iamReader) required(name string) string {
	if !r.p.has(name) && r.missing == "" {
		r.missing = name
	}
	return r.p.get(name)
}

// opt returns an optional parameter, "" when absent.
func (r *iamReader) opt(name string) string { return r.p.get(name) }

// optp returns an optional parameter, nil when absent.
func (r *iamReader) optp(name string) *string {
	if !r.p.has(name) {
		return nil
	}
	v := r.p.get(name)
	return &v
}

// intp reads an optional integer; field is the camelCase name IAM's
// validation messages use.
func (r *iamReader) intp(name, field string) *int {
	if !r.p.has(name) {
		return nil
	}
	v := r.p.get(name)
	n, err := strconv.Atoi(v)
	if err != nil {
		r.invalid = append(r.invalid, "Value '"+v+"' at '"+field+"' failed to satisfy constraint: Member must be an integer")
		return nil
	}
	return &n
}

// boolean reads an optional boolean, false when absent.
func (r *iamReader) boolean(name string) bool { return strings.EqualFold(r.p.get(name), "true") }

// list reads prefix.member.N.
func (r *iamReader) list(prefix string) []string { return r.p.list(prefix, "") }

// tags reads prefix.member.N.Key / .Value.
func (r *iamReader) tags(prefix string) []iam.Tag { return r.p.tags(prefix) }

// requiredTags reads a tag list that must have at least one member.
func (r *iamReader) requiredTags(prefix string) []iam.Tag {
	ts := r.p.tags(prefix)
	if len(ts) == 0 && r.missing == "" {
		r.missing = prefix
	}
	return ts
}

// listInput reads PathPrefix, Marker and MaxItems.
func (r *iamReader) listInput() iam.ListInput {
	in := r.pageInput()
	in.PathPrefix = r.opt("PathPrefix")
	return in
}

// pageInput reads Marker and MaxItems; the service bounds MaxItems, and
// refuses an explicit 0 that an absent one is not.
func (r *iamReader) pageInput() iam.ListInput {
	in := iam.ListInput{Marker: r.opt("Marker")}
	if n := r.intp("MaxItems", "maxItems"); n != nil {
		in.MaxItems, in.MaxItemsGiven = *n, true
	}
	return in
}

// err is the collected problem, nil when there is none.
func (r *iamReader) err() error {
	if r.missing != "" {
		return &apiError{Status: http.StatusBadRequest, Code: "MissingParameter", Message: "The request must contain the parameter " + r.missing}
	}
	switch n := len(r.invalid); n {
	case 0:
		return nil
	case 1:
		return &apiError{Status: http.StatusBadRequest, Code: "ValidationError", Message: "1 validation error detected: " + r.invalid[0]}
	default:
		return &apiError{Status: http.StatusBadRequest, Code: "ValidationError",
			Message: strconv.Itoa(n) + " validation errors detected: " + strings.Join(r.invalid, "; ")}
	}
}
