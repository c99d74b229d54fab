package views

import (
	"regexp"
	"strings"
	"time"
)

// timeLayout is the console's one date format, AWS's console style with
// the time zone: "January 2, 2006, 15:04 (UTC)". Times are shown in UTC,
// which the server knows to be right for every reader.
const timeLayout = "January 2, 2006, 15:04 (UTC)"

// timeLayoutSeconds is the same with seconds, for the event history, where
// events a second apart must be told apart (as CloudTrail's console does).
const timeLayoutSeconds = "January 2, 2006, 15:04:05 (UTC)"

// FormatTime shows t in the console's date format.
func FormatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// FormatTimePtr shows *t in the console's date format, "" for nil.
func FormatTimePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return FormatTime(*t)
}

// FormatTimeSeconds shows t in the console's date format with seconds.
func FormatTimeSeconds(t time.Time) string { return t.UTC().Format(timeLayoutSeconds) }

// breakAfter are the characters after which an ARN or a URL may wrap:
// AWS's separators (":" and "/") and a URL's query punctuation.
const breakAfter = ":/?&="

// wrapSegments splits s after each separator, so that a view can offer a
// line break there (<wbr>) and nowhere else.
func wrapSegments(s string) []string {
	var out []string
	for len(s) > 0 {
		i := strings.IndexAny(s, breakAfter)
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// Crumb is one step of a page's breadcrumbs; the last, the page itself,
// has no link.
type Crumb struct {
	Label, Href string
}

// sectionCrumbs are the breadcrumbs above a section's own pages.
var sectionCrumbs = map[string][]Crumb{
	"dashboard":  {{"IAM", "/iam"}},
	"users":      {{"IAM", "/iam"}, {"Users", "/iam/users"}},
	"groups":     {{"IAM", "/iam"}, {"User groups", "/iam/groups"}},
	"roles":      {{"IAM", "/iam"}, {"Roles", "/iam/roles"}},
	"policies":   {{"IAM", "/iam"}, {"Policies", "/iam/policies"}},
	"account":    {{"IAM", "/iam"}, {"Account settings", "/iam/account"}},
	"mycreds":    {{"IAM", "/iam"}},
	"accounts":   {{"AWS Organizations", "/organizations/accounts"}, {"AWS accounts", "/organizations/accounts"}},
	"switchrole": {{"Switch role", "/switchrole"}},
	"trail":      {{"CloudTrail", "/trail"}, {"Event history", "/trail"}},
}

// Breadcrumbs are the page's breadcrumbs: those it was given, or its
// section's followed by its title (the section's own page ends there).
func (p Page) Breadcrumbs() []Crumb {
	if len(p.Crumbs) > 0 {
		return p.Crumbs
	}
	base, ok := sectionCrumbs[p.Section]
	if !ok {
		base = []Crumb{{"Console home", "/"}}
	}
	out := append([]Crumb(nil), base...)
	if last := out[len(out)-1]; last.Label == p.Title {
		out[len(out)-1].Href = ""
		return out
	}
	return append(out, Crumb{Label: p.Title})
}

// WithCrumbs returns p with its breadcrumbs: the section's, then trail
// (the last, without a link, is the page itself).
func (p Page) WithCrumbs(trail ...Crumb) Page {
	base, ok := sectionCrumbs[p.Section]
	if !ok {
		base = []Crumb{{"Console home", "/"}}
	}
	p.Crumbs = append(append([]Crumb(nil), base...), trail...)
	return p
}

// confirmPattern is the pattern attribute that makes a browser accept
// only want in a confirmation field, without script.
func confirmPattern(want string) string { return regexp.QuoteMeta(want) }
