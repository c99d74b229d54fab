package views

import (
	"net/url"
	"strconv"
)

func ifElse(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}

func itoa(n int) string { return strconv.Itoa(n) }

// urlQuery escapes s for a URL's query.
func urlQuery(s string) string { return url.QueryEscape(s) }
