package policy

import (
	"fmt"
	"slices"
	"strings"
)

// AWS's messages for malformed policy documents.
const (
	msgSyntax          = "Syntax errors in policy."
	msgLegacy          = "The policy failed legacy parsing"
	msgPrincipal       = "Policy document should not specify a principal."
	msgNoResources     = "Policy statement must contain resources."
	msgNoActions       = "Policy statement must contain actions."
	msgVendor          = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
	msgSidUnique       = "Statement IDs (SID) in a single policy must be unique."
	msgSidChars        = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"
	msgVersion         = "Policy document must be version 2012-10-17 or greater."
	msgNoPrincipal     = "Missing required field Principal"
	msgNoEffect        = "Missing required field Effect"
	msgTrustActions    = "AssumeRole policy may only specify STS AssumeRole actions."
	msgManagedSize     = "Cannot exceed quota for PolicySize: 6144"
	msgTrustSize       = "Cannot exceed quota for ACLSizePerRole: 2048"
	msgSessionSize     = "1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048"
	msgDocumentSize    = "1 validation error detected: Value at 'policyDocument' failed to satisfy constraint: Member must have length less than or equal to 131072"
	msgInvalidEffect   = "Invalid effect: "
	msgInvalidCondType = "Invalid Condition type : "
)

// Error is one problem in a policy document, with the 1-based line and
// column where it was found (both 0 when the problem has no position, such
// as a size quota).
type Error struct {
	Line, Column int
	// Message is AWS's text, e.g. "Policy document should not specify a principal."
	Message string
	// Detail says more precisely what is wrong where AWS's text is generic
	// ("Syntax errors in policy."); it may be empty.
	Detail string
}

// Error formats e as "line L, column C: Message (Detail)".
func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d, column %d: ", e.Line, e.Column)
	}
	b.WriteString(e.Message)
	if e.Detail != "" {
		b.WriteString(" (")
		b.WriteString(e.Detail)
		b.WriteString(")")
	}
	return b.String()
}

// Errors is every problem found in a document at once. Parse, Validate and
// Compile return it as their error.
type Errors []*Error

// Error returns the first problem's message, the one the AWS API reports.
func (es Errors) Error() string {
	if len(es) == 0 {
		return "no errors"
	}
	return es[0].Message
}

// Size counts the characters of doc as AWS counts them against policy size
// quotas: whitespace (space, tab, newline, carriage return) is not counted,
// and each character counts once however many bytes encode it.
func Size(doc []byte) int {
	n := 0
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		case c&0xC0 == 0x80: // UTF-8 continuation byte
		default:
			n++
		}
	}
	return n
}

// pos is a position in a document.
type pos struct{ line, col int }

func (p pos) err(msg, detail string) *Error {
	return &Error{Line: p.line, Column: p.col, Message: msg, Detail: detail}
}

// sortErrors orders errors by position, those without one first.
func sortErrors(es Errors) {
	slices.SortStableFunc(es, func(a, b *Error) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
}
