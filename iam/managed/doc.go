// Package managed embeds the catalog of AWS-managed policies (names, ARNs,
// versions and documents) as AWS publishes them. It imports the standard
// library only.
package managed
