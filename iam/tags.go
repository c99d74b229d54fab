package iam

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxTagsPerEntity is the number of tags an IAM entity may have (AWS-REFERENCE §5.1).
const MaxTagsPerEntity = 50

// Tag key and value lengths, in characters (AWS counts characters, not bytes).
const (
	MaxTagKeyLength   = 128
	MaxTagValueLength = 256
)

// Tag patterns as IAM's messages show them.
const (
	tagKeyPattern   = `[\p{L}\p{Z}\p{N}_.:/=+\-@]+`
	tagValuePattern = `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`
)

// Tag is a key/value tag on an IAM entity.
type Tag struct{ Key, Value string }

// ValidateTags applies AWS's tag rules (§5.1): ≤ 50, key 1–128 characters,
// value ≤ 256 characters, each of letters, digits, spaces and _.:/=+-@,
// keys unique case-insensitively. It reports the first problem with IAM's
// parameter name (tags.N.member.key).
func ValidateTags(tags []Tag) error { return validateTags(tags, false) }

// ValidatePolicyTags is ValidateTags for a managed policy, whose tag keys
// IAM compares case-sensitively when it looks for duplicates.
func ValidatePolicyTags(tags []Tag) error { return validateTags(tags, true) }

func validateTags(tags []Tag, caseSensitive bool) error {
	if len(tags) > MaxTagsPerEntity {
		return ValidationError("tags", "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to %d", MaxTagsPerEntity)
	}
	seen := map[string]bool{}
	for i, t := range tags {
		at := func(what, value, constraint string) error {
			return ValidationError("tags", "1 validation error detected: Value '%s' at 'tags.%d.member.%s' failed to satisfy constraint: Member must %s", value, i+1, what, constraint)
		}
		switch n := utf8.RuneCountInString(t.Key); {
		case n < 1:
			return at("key", t.Key, "have length greater than or equal to 1")
		case n > MaxTagKeyLength:
			return at("key", t.Key, "have length less than or equal to 128")
		case !IsTagText(t.Key):
			return at("key", t.Key, "satisfy regular expression pattern: "+tagKeyPattern)
		}
		switch {
		case utf8.RuneCountInString(t.Value) > MaxTagValueLength:
			return at("value", t.Value, "have length less than or equal to 256")
		case !IsTagText(t.Value):
			return at("value", t.Value, "satisfy regular expression pattern: "+tagValuePattern)
		}
		k := t.Key
		if !caseSensitive {
			k = strings.ToLower(k)
		}
		if seen[k] {
			if caseSensitive {
				return Invalid("tags", "Duplicate tag keys found.")
			}
			return Invalid("tags", "Duplicate tag keys found. Please note that Tag keys are case insensitive.")
		}
		seen[k] = true
	}
	return nil
}

// ValidateTagKeys applies IAM's rules to the TagKeys of an Untag* request:
// at most 50 keys, each 1–128 characters of what a key may hold. IAM
// reports a list member's constraints all at once, naming the list.
func ValidateTagKeys(keys []string) error {
	shown := "[" + strings.Join(keys, ", ") + "]"
	if len(keys) > MaxTagsPerEntity {
		return ValidationError("tag_keys", "1 validation error detected: Value '%s' at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to %d", shown, MaxTagsPerEntity)
	}
	for _, k := range keys {
		if n := utf8.RuneCountInString(k); n < 1 || n > MaxTagKeyLength || !IsTagText(k) {
			return ValidationError("tag_keys", "1 validation error detected: Value '%s' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: %s]", shown, tagKeyPattern)
		}
	}
	return nil
}

// IsTagText reports whether s is made of what a tag key or value may
// hold: letters, digits, spaces and _.:/=+-@.
func IsTagText(s string) bool {
	for _, r := range s {
		if !(isLetterNumSpace(r) || strings.ContainsRune("_.:/=+-@", r)) {
			return false
		}
	}
	return true
}

func isLetterNumSpace(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Z)
}
