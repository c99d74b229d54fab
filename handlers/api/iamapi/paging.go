package iamapi

import (
	"strings"

	"iamconsole/handlers/api/query"
	"iamconsole/iam"
)

// pager pages a list that the service answers whole, as IAM pages every
// list: MaxItems (1–1000, default 100) and an opaque Marker bound to the
// action and its parameters.
type pager struct {
	in    iam.ListInput
	scope string
}

// newPager reads Marker and MaxItems for action; params are the request's
// other parameters, which a marker must have been issued for.
func newPager(r *query.Reader, action string, params ...string) pager {
	return pager{in: r.PageInput(), scope: action + "\x00" + strings.Join(params, "\x00")}
}

// window checks the marker and max items before the service is called.
func (p pager) window() (iam.Window, error) { return iam.PageWindow(p.in, p.scope) }

// pageOf cuts a page out of items with w; next is "" on the last page.
func pageOf[T any](items []T, w iam.Window) (page []T, next string) {
	start, end, next := w.Of(len(items))
	return items[start:end], next
}
