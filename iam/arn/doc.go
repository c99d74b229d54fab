// Package arn parses, formats, validates and wildcard-matches Amazon Resource
// Names. It imports the standard library only.
package arn
