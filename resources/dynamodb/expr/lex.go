package expr

import (
	_ "embed"
	"strings"
)

// tokKind is a kind of token.
type tokKind uint8

const (
	tEOF    tokKind = iota
	tIdent          // a name, a keyword or a function name
	tName           // #name
	tValue          // :value
	tNumber         // digits, inside [ ]
	tPunct          // ( ) [ ] , . = <> < <= > >= + -
	tBad            // a character no expression may hold
)

type token struct {
	kind       tokKind
	text       string
	start, end int
}

// lex splits src into tokens; a character no token may start with is a
// tBad token, reported as a syntax error where the parser meets it.
func lex(src string) []token {
	var out []token
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case isIdentStart(c):
			j := i + 1
			for j < len(src) && isIdentPart(src[j]) {
				j++
			}
			out = append(out, token{tIdent, src[i:j], i, j})
			i = j
		case c == '#' || c == ':':
			j := i + 1
			for j < len(src) && isIdentPart(src[j]) {
				j++
			}
			k := tName
			if c == ':' {
				k = tValue
			}
			if j == i+1 {
				k = tBad
			}
			out = append(out, token{k, src[i:j], i, j})
			i = j
		case c >= '0' && c <= '9':
			j := i + 1
			for j < len(src) && src[j] >= '0' && src[j] <= '9' {
				j++
			}
			out = append(out, token{tNumber, src[i:j], i, j})
			i = j
		case c == '<' && i+1 < len(src) && (src[i+1] == '>' || src[i+1] == '='), c == '>' && i+1 < len(src) && src[i+1] == '=':
			out = append(out, token{tPunct, src[i : i+2], i, i + 2})
			i += 2
		case strings.IndexByte("()[],.=<>+-", c) >= 0:
			out = append(out, token{tPunct, src[i : i+1], i, i + 1})
			i++
		default:
			j := i + 1
			for j < len(src) && src[j] >= 0x80 && src[j] < 0xc0 {
				j++ // the rest of a UTF-8 sequence
			}
			out = append(out, token{tBad, src[i:j], i, j})
			i = j
		}
	}
	return append(out, token{tEOF, "<EOF>", len(src), len(src)})
}

func isIdentStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }
func isIdentPart(c byte) bool  { return isIdentStart(c) || c >= '0' && c <= '9' }

//go:embed reserved.txt
var reservedText string

// reserved holds DynamoDB's reserved words, upper case.
var reserved = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(reservedText) {
		m[w] = struct{}{}
	}
	return m
}()

// IsReserved reports whether name is one of DynamoDB's reserved words,
// which an expression may name only through an expression attribute name.
func IsReserved(name string) bool {
	_, ok := reserved[strings.ToUpper(name)]
	return ok
}
