package arn

import (
	"errors"
	"fmt"
	"strings"
)

// ARN is an Amazon Resource Name split into its six colon-separated parts:
// arn:Partition:Service:Region:Account:Resource. Resource may itself contain
// colons.
type ARN struct {
	Partition, Service, Region, Account, Resource string
}

// ErrInvalid is wrapped by every error Parse and Validate return.
var ErrInvalid = errors.New("invalid ARN")

func invalid(s, why string) error {
	return fmt.Errorf("arn: %w %q: %s", ErrInvalid, s, why)
}

// Parse splits s into its parts. It is strict: s must start with "arn:",
// have at least six colon-separated segments (the resource keeps any further
// colons), and name a partition and a service.
func Parse(s string) (ARN, error) {
	if !strings.HasPrefix(s, "arn:") {
		return ARN{}, invalid(s, `missing "arn:" prefix`)
	}
	var seg [5]string
	rest := s[len("arn:"):]
	for i := range 4 {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return ARN{}, invalid(s, "expected 6 colon-separated segments")
		}
		seg[i] = rest[:j]
		rest = rest[j+1:]
	}
	seg[4] = rest
	a := ARN{Partition: seg[0], Service: seg[1], Region: seg[2], Account: seg[3], Resource: seg[4]}
	switch {
	case a.Partition == "":
		return ARN{}, invalid(s, "empty partition")
	case a.Service == "":
		return ARN{}, invalid(s, "empty service")
	}
	return a, nil
}

// String formats a as "arn:partition:service:region:account:resource".
func (a ARN) String() string {
	return "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.Account + ":" + a.Resource
}

// Validate parses s and applies the per-service rules IAM enforces: IAM and
// STS ARNs have an empty region; IAM accounts are 12 digits, or "aws" for
// AWS managed policies; IAM and STS resources have a known type and a name;
// assumed-role ARNs name a role and a session.
func Validate(s string) error {
	a, err := Parse(s)
	if err != nil {
		return err
	}
	if a.Resource == "" {
		return invalid(s, "empty resource")
	}
	switch a.Service {
	case "iam":
		return validateIAM(s, a)
	case "sts":
		return validateSTS(s, a)
	}
	return nil
}

// IsAccountID reports whether s is a 12-digit AWS account ID.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

var iamTypes = map[string]bool{
	"user": true, "role": true, "group": true, "policy": true, "mfa": true,
	"instance-profile": true, "saml-provider": true, "oidc-provider": true,
	"server-certificate": true, "sms-mfa": true,
}

func validateIAM(s string, a ARN) error {
	if a.Region != "" {
		return invalid(s, "IAM ARNs have no region")
	}
	if a.Account == "aws" {
		if !strings.HasPrefix(a.Resource, "policy/") {
			return invalid(s, `account "aws" only owns managed policies`)
		}
	} else if !IsAccountID(a.Account) {
		return invalid(s, "account must be 12 digits")
	}
	if a.Resource == "root" {
		if a.Account == "aws" {
			return invalid(s, "no root for account aws")
		}
		return nil
	}
	typ, rest, ok := strings.Cut(a.Resource, "/")
	if !ok || !iamTypes[typ] {
		return invalid(s, "unknown IAM resource type")
	}
	// rest is "path/name" where the path part may be empty.
	if rest == "" || strings.HasSuffix(rest, "/") || strings.Contains(rest, "//") {
		return invalid(s, "missing or malformed name")
	}
	return nil
}

func validateSTS(s string, a ARN) error {
	if a.Region != "" {
		return invalid(s, "STS ARNs have no region")
	}
	if !IsAccountID(a.Account) {
		return invalid(s, "account must be 12 digits")
	}
	typ, rest, _ := strings.Cut(a.Resource, "/")
	switch typ {
	case "assumed-role":
		role, session, ok := strings.Cut(rest, "/")
		if !ok || role == "" || session == "" || strings.Contains(session, "/") {
			return invalid(s, "assumed-role ARNs are assumed-role/Role/Session")
		}
	case "federated-user":
		if rest == "" || strings.Contains(rest, "/") {
			return invalid(s, "federated-user ARNs are federated-user/Name")
		}
	default:
		return invalid(s, "unknown STS resource type")
	}
	return nil
}

// IAM formats the ARN of an IAM entity: resourceType is "user", "role",
// "group", "policy", "mfa" or "instance-profile"; path is "/" or "/a/b/" (""
// means "/").
func IAM(account, resourceType, path, name string) string {
	if path == "" {
		path = "/"
	}
	return "arn:aws:iam::" + account + ":" + resourceType + path + name
}

// Root formats the ARN of an account's root user, which in a policy
// Principal stands for the whole account.
func Root(account string) string {
	return "arn:aws:iam::" + account + ":root"
}

// AssumedRole formats the ARN of a role session.
func AssumedRole(account, roleName, session string) string {
	return "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + session
}
