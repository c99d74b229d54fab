package policy

import (
	"fmt"
	"slices"
	"strings"
)

// AWS's messages for malformed policy documents. Which one a defect gets
// depends on the kind of document; see the table in doc.go.
const (
	msgSyntax          = "Syntax errors in policy."
	msgInvalidJSON     = "This policy contains invalid Json"
	msgFirstByte       = "Policies must be valid JSON and the first byte must be '{'"
	msgLegacy          = "The policy failed legacy parsing"
	msgPrincipal       = "Policy document should not specify a principal."
	msgNoResources     = "Policy statement must contain resources."
	msgNoActions       = "Policy statement must contain actions."
	msgVendor          = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
	msgOneColon        = "Actions/Condition can contain only one colon."
	msgVendorInvalid   = "Vendor %s is not valid"
	msgSidUnique       = "Statement IDs (SID) in a single policy must be unique."
	msgSidChars        = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"
	msgVersion         = "Policy document must be version 2012-10-17 or greater."
	msgResourceARN     = `Resource %s must be in ARN format or "*".`
	msgPartition       = `Partition "%s" is not valid for resource "%s".`
	msgResourceVendor  = "Resource vendor must be fully qualified and cannot contain regexes."
	msgIAMRegion       = "IAM resource %s cannot contain region information."
	msgS3Region        = "Resource %s can not contain region information."
	msgIAMPath         = `IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.`
	msgProhibited      = "Has prohibited field "
	msgTrustActions    = "AssumeRole policy may only specify STS AssumeRole actions."
	msgTrustNoPrinc    = "Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!"
	msgTrustStar       = `AssumeRolepolicy contained an invalid principal: "STAR":"*".`
	msgInvalidPrinc    = `Invalid principal in policy: "%s":"%s"`
	msgManagedSize     = "Cannot exceed quota for PolicySize: 6144"
	msgTrustSize       = "Cannot exceed quota for ACLSizePerRole: 2048"
	msgSessionSize     = "1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048"
	msgDocumentSize    = "1 validation error detected: Value at 'policyDocument' failed to satisfy constraint: Member must have length less than or equal to 131072"
	msgNoStatement     = "Missing required field Statement"
	msgEmptyStatement  = "Could not parse the policy: Statement is empty!"
	msgNoPrincipal     = "Missing required field Principal"
	msgNoEffect        = "Missing required field Effect"
	msgInvalidEffect   = "Invalid effect: "
	msgInvalidCondType = "Invalid Condition type : "
)

// rank orders problems as IAM's validator meets them, so that the first of
// Errors is the one the API reports: syntax first, then prohibited
// elements, the Version, legacy parsing, statement IDs, missing actions and
// resources, resource formats, action formats and principals.
type rank uint8

const (
	rankSyntax rank = iota
	rankElement
	rankVersion
	rankLegacy
	rankSid
	rankActions
	rankResources
	rankResourceFormat
	rankActionFormat
	rankTrustActions
	rankPrincipal
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

	rank    rank
	notJSON bool // the document is not JSON (or not a JSON object) at all
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

// Errors is every problem found in a document at once, in the order IAM's
// validator meets them. Parse, ParseFor, Validate and Compile return it as
// their error.
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

// sortErrors orders errors by rank, then by position (those without one
// first).
func sortErrors(es Errors) {
	slices.SortStableFunc(es, func(a, b *Error) int {
		switch {
		case a.rank != b.rank:
			return int(a.rank) - int(b.rank)
		case a.Line != b.Line:
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
}
