package iam

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// defaultMaxItems is the page a list answers when MaxItems is not given.
const defaultMaxItems = 100

// ListInput selects a page of a list: Marker is the opaque offset returned
// as NextMarker by the previous page. MaxItems 0 means the default, unless
// MaxItemsGiven says a request sent it: AWS refuses an explicit 0.
type ListInput struct {
	PathPrefix, Search, Sort string
	Marker                   string
	MaxItems                 int
	MaxItemsGiven            bool
}

// Page turns a marker and max items into an offset and limit.
func Page(in ListInput) (offset, limit int, err error) {
	if in.Marker != "" {
		offset, err = strconv.Atoi(in.Marker)
		if err != nil || offset < 0 {
			return 0, 0, errBadMarker()
		}
	}
	limit = in.MaxItems
	if limit == 0 && !in.MaxItemsGiven {
		limit = defaultMaxItems
	}
	if limit < 1 {
		return 0, 0, ValidationError("max_items", "1 validation error detected: Value '%d' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1", in.MaxItems)
	}
	if limit > 1000 {
		return 0, 0, ValidationError("max_items", "1 validation error detected: Value '%d' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000", in.MaxItems)
	}
	return offset, limit, nil
}

func errBadMarker() error { return ValidationError("marker", "Invalid Marker.") }

// Window is a page of a list that a request reads whole and answers in
// pages. Its markers carry the offset and a fingerprint of the request, so
// that a marker from another action or other parameters is refused rather
// than taken as an offset into a different list. A window without a
// fingerprint (lists whose markers are bare offsets) has bare markers.
type Window struct {
	// Offset is the page's first item; Limit the most items it holds.
	Offset, Limit int
	scope         string // the fingerprint
}

// PageWindow reads in's marker and max items for a request described by
// scope (its action and every parameter but Marker and MaxItems).
func PageWindow(in ListInput, scope string) (Window, error) {
	sum := sha256.Sum256([]byte(scope))
	w := Window{scope: hex.EncodeToString(sum[:4])}
	var offset string
	if in.Marker != "" {
		n, fp, ok := strings.Cut(in.Marker, ".")
		if !ok || n == "" || fp != w.scope {
			return Window{}, errBadMarker()
		}
		offset = n
	}
	var err error
	w.Offset, w.Limit, err = Page(ListInput{Marker: offset, MaxItems: in.MaxItems, MaxItemsGiven: in.MaxItemsGiven})
	return w, err
}

// Of places the window on a list of total items: the page is [start, end)
// and next the marker of the page after it, "" when this one is the last.
func (w Window) Of(total int) (start, end int, next string) {
	start = min(w.Offset, total)
	end = min(start+w.Limit, total)
	if end < total {
		next = strconv.Itoa(end)
		if w.scope != "" {
			next += "." + w.scope
		}
	}
	return start, end, next
}
