package policy

import (
	"bytes"
	"encoding/base64"
	"strings"
)

// boolMatcher implements Bool: "true" or "false", case-insensitively.
type boolMatcher struct {
	vals []string
}

func newBoolMatcher(values []string) *boolMatcher {
	return &boolMatcher{vals: values}
}

func (m *boolMatcher) match(_ *evalCtx, r string) bool {
	for _, p := range m.vals {
		if strings.EqualFold(p, r) && (strings.EqualFold(r, "true") || strings.EqualFold(r, "false")) {
			return true
		}
	}
	return false
}

// binaryMatcher implements BinaryEquals: base64 values compared byte for
// byte after decoding.
type binaryMatcher struct {
	vals [][]byte
}

func newBinaryMatcher(values []string) *binaryMatcher {
	m := &binaryMatcher{}
	for _, v := range values {
		if b, err := base64.StdEncoding.DecodeString(v); err == nil {
			m.vals = append(m.vals, b)
		}
	}
	return m
}

func (m *binaryMatcher) match(_ *evalCtx, r string) bool {
	b, err := base64.StdEncoding.DecodeString(r)
	if err != nil {
		return false
	}
	for _, p := range m.vals {
		if bytes.Equal(p, b) {
			return true
		}
	}
	return false
}
