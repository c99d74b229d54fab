package ec2query

import (
	"net/http"
	"strconv"
	"strings"

	"iamconsole/handlers/api"
	"iamconsole/handlers/api/query"
)

// Reader reads an EC2 request's parameters and notes the first problem:
// a required parameter missing, or a value of the wrong type.
type Reader struct {
	P   query.Params
	err error
}

// NewReader reads p.
func NewReader(p query.Params) *Reader { return &Reader{P: p} }

func (r *Reader) fail(code, msg string) {
	if r.err == nil {
		r.err = &api.Error{Status: http.StatusBadRequest, Code: code, Message: msg}
	}
}

// Err is the first problem, nil when there is none.
func (r *Reader) Err() error { return r.err }

// String returns a parameter, "" when absent.
func (r *Reader) String(name string) string { return r.P.Get(name) }

// Required returns a parameter, noting MissingParameter when absent.
func (r *Reader) Required(name string) string {
	if !r.P.Has(name) {
		r.fail("MissingParameter", "The request must contain the parameter "+name)
	}
	return r.P.Get(name)
}

// Bool reads a boolean, false when absent.
func (r *Reader) Bool(name string) bool {
	v := r.P.Get(name)
	switch strings.ToLower(v) {
	case "", "false":
		return false
	case "true":
		return true
	}
	r.fail("InvalidParameterValue", "Invalid value '"+v+"' for "+name)
	return false
}

// Int reads an optional integer.
func (r *Reader) Int(name string) *int {
	if !r.P.Has(name) {
		return nil
	}
	v := r.P.Get(name)
	n, err := strconv.Atoi(v)
	if err != nil {
		r.fail("InvalidParameterValue", "Invalid value '"+v+"' for "+name)
		return nil
	}
	return &n
}

// List reads prefix.1, prefix.2, … .
func (r *Reader) List(prefix string) []string {
	var out []string
	for i := 1; ; i++ {
		k := prefix + "." + strconv.Itoa(i)
		if !r.P.Has(k) {
			return out
		}
		out = append(out, r.P.Get(k))
	}
}

// Filter is Filter.N: a name and its values.
type Filter struct {
	Name   string
	Values []string
}

// Filters reads Filter.N.Name and Filter.N.Value.M.
func (r *Reader) Filters() []Filter {
	var out []Filter
	for i := 1; ; i++ {
		base := "Filter." + strconv.Itoa(i)
		if !r.P.Has(base+".Name") && !r.P.Has(base+".Value.1") {
			return out
		}
		out = append(out, Filter{Name: r.P.Get(base + ".Name"), Values: r.List(base + ".Value")})
	}
}

// Tag is prefix.N.Key and .Value; HasValue says whether a value was sent.
type Tag struct {
	Key, Value string
	HasValue   bool
}

// Tags reads prefix.N.Key and prefix.N.Value.
func (r *Reader) Tags(prefix string) []Tag {
	var out []Tag
	for i := 1; ; i++ {
		base := prefix + "." + strconv.Itoa(i)
		if !r.P.Has(base+".Key") && !r.P.Has(base+".Value") {
			return out
		}
		out = append(out, Tag{Key: r.P.Get(base + ".Key"), Value: r.P.Get(base + ".Value"), HasValue: r.P.Has(base + ".Value")})
	}
}

// TagSpec is TagSpecification.N.
type TagSpec struct {
	ResourceType string
	Tags         []Tag
}

// TagSpecs reads TagSpecification.N.ResourceType and .Tag.M.
func (r *Reader) TagSpecs() []TagSpec {
	var out []TagSpec
	for i := 1; ; i++ {
		base := "TagSpecification." + strconv.Itoa(i)
		tags := r.Tags(base + ".Tag")
		if !r.P.Has(base+".ResourceType") && len(tags) == 0 {
			return out
		}
		out = append(out, TagSpec{ResourceType: r.P.Get(base + ".ResourceType"), Tags: tags})
	}
}
