package iam

import (
	"regexp"
	"strings"

	"iamconsole/iam/arn"
)

var (
	namePattern  = regexp.MustCompile(`^[\w+=,.@-]+$`)
	aliasPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9]|-[a-z0-9])*$`)
)

// ValidateName checks an IAM entity name (user, group, role, policy): 1–max
// characters of [\w+=,.@-]. param is AWS's camelCase parameter name.
func ValidateName(field, param, name string, max int) error {
	switch {
	case name == "":
		return ValidationError(field, "1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length greater than or equal to 1", param)
	case len(name) > max:
		return ValidationError(field, "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", name, param, max)
	case !namePattern.MatchString(name):
		return ValidationError(field, "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+", name, param)
	}
	return nil
}

// ValidatePath checks an IAM path: "/" or "/…/", 1–512 characters of U+0021–U+007E.
func ValidatePath(field, path string) error {
	if path == "" {
		return nil
	}
	ok := len(path) <= 512 && strings.HasPrefix(path, "/") && strings.HasSuffix(path, "/") && !strings.Contains(path, "//")
	for _, r := range path {
		if r < 0x21 || r > 0x7e {
			ok = false
		}
	}
	if !ok {
		return ValidationError(field, "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.")
	}
	return nil
}

// ValidateAlias checks AWS's account alias rules.
func ValidateAlias(alias string) error {
	switch {
	case len(alias) < 3 || len(alias) > 63:
		return ValidationError("alias", "1 validation error detected: Value '%s' at 'accountAlias' failed to satisfy constraint: Member must have length between 3 and 63", alias)
	case !aliasPattern.MatchString(alias):
		return ValidationError("alias", "1 validation error detected: Value '%s' at 'accountAlias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$", alias)
	case arn.IsAccountID(alias):
		return ValidationError("alias", "The account alias must not be a 12-digit number.")
	}
	return nil
}
