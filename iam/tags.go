package iam

import (
	"strings"
	"unicode"
)

// MaxTagsPerEntity is the number of tags an IAM entity may have (AWS-REFERENCE §5.1).
const MaxTagsPerEntity = 50

// Tag is a key/value tag on an IAM entity.
type Tag struct{ Key, Value string }

// ValidateTags applies AWS's tag rules (§5.1): ≤ 50, key 1–128, value ≤ 256,
// keys unique case-insensitively.
func ValidateTags(tags []Tag) error {
	if len(tags) > MaxTagsPerEntity {
		return ValidationError("tags", "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to %d", MaxTagsPerEntity)
	}
	seen := map[string]bool{}
	for _, t := range tags {
		if len(t.Key) < 1 || len(t.Key) > 128 || !IsTagText(t.Key) {
			return ValidationError("tags", "1 validation error detected: Value '%s' at 'tags.%d.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+", t.Key, len(seen)+1)
		}
		if len(t.Value) > 256 || (t.Value != "" && !IsTagText(t.Value)) {
			return ValidationError("tags", "1 validation error detected: Value '%s' at 'tags.%d.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*", t.Value, len(seen)+1)
		}
		k := strings.ToLower(t.Key)
		if seen[k] {
			return Invalid("tags", "Duplicate tag keys found. Please note that Tag keys are case insensitive.")
		}
		seen[k] = true
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
