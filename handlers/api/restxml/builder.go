package restxml

import (
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// Namespace is S3's XML namespace, on the root of every response.
const Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

// Header is the XML declaration S3 starts every body with.
const Header = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// TimeFormat is how S3 writes times in XML bodies: ISO 8601 with
// milliseconds, in UTC.
const TimeFormat = "2006-01-02T15:04:05.000Z"

// Builder writes an XML document element by element into a buffer.
type Builder struct {
	buf []byte
}

var builders = sync.Pool{New: func() any { return &Builder{buf: make([]byte, 0, 4096)} }}

// maxPooled bounds the buffers kept for reuse.
const maxPooled = 256 << 10

// NewBuilder returns an empty builder that starts with Header; Release it
// when its bytes are written.
func NewBuilder() *Builder {
	b := builders.Get().(*Builder)
	b.buf = append(b.buf[:0], Header...)
	return b
}

// Release returns the builder for reuse; its bytes must not be used after.
func (b *Builder) Release() {
	if cap(b.buf) <= maxPooled {
		builders.Put(b)
	}
}

// Bytes is the document so far.
func (b *Builder) Bytes() []byte { return b.buf }

// Root opens the document's root element in S3's namespace.
func (b *Builder) Root(name string) *Builder {
	b.buf = append(b.buf, '<')
	b.buf = append(b.buf, name...)
	b.buf = append(b.buf, ` xmlns="`+Namespace+`">`...)
	return b
}

// Open opens an element.
func (b *Builder) Open(name string) *Builder {
	b.buf = append(b.buf, '<')
	b.buf = append(b.buf, name...)
	b.buf = append(b.buf, '>')
	return b
}

// Close closes an element.
func (b *Builder) Close(name string) *Builder {
	b.buf = append(b.buf, "</"...)
	b.buf = append(b.buf, name...)
	b.buf = append(b.buf, '>')
	return b
}

// Text writes <name>value</name>, value escaped.
func (b *Builder) Text(name, value string) *Builder {
	b.Open(name)
	b.buf = AppendEscaped(b.buf, value)
	return b.Close(name)
}

// TextIf writes Text when value is not empty.
func (b *Builder) TextIf(name, value string) *Builder {
	if value == "" {
		return b
	}
	return b.Text(name, value)
}

// Int writes <name>n</name>.
func (b *Builder) Int(name string, n int64) *Builder {
	b.Open(name)
	b.buf = strconv.AppendInt(b.buf, n, 10)
	return b.Close(name)
}

// Bool writes <name>true</name> or false.
func (b *Builder) Bool(name string, v bool) *Builder {
	b.Open(name)
	b.buf = strconv.AppendBool(b.buf, v)
	return b.Close(name)
}

// Time writes <name>t</name> in TimeFormat.
func (b *Builder) Time(name string, t time.Time) *Builder {
	b.Open(name)
	b.buf = t.UTC().AppendFormat(b.buf, TimeFormat)
	return b.Close(name)
}

// Empty writes <name></name>.
func (b *Builder) Empty(name string) *Builder { return b.Open(name).Close(name) }

// AppendEscaped appends s escaped for XML text: the five special
// characters as entities, and the characters XML 1.0 can carry only as
// references (control characters, as S3 documents for keys) as &#xN;.
// Invalid UTF-8 becomes U+FFFD.
func AppendEscaped(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '<':
				dst = append(dst, "&lt;"...)
			case c == '>':
				dst = append(dst, "&gt;"...)
			case c == '&':
				dst = append(dst, "&amp;"...)
			case c == '"':
				dst = append(dst, "&quot;"...)
			case c == '\'':
				dst = append(dst, "&apos;"...)
			case c < 0x20 || c == 0x7f:
				dst = append(dst, "&#x"...)
				dst = strconv.AppendUint(dst, uint64(c), 16)
				dst = append(dst, ';')
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			dst = append(dst, "\uFFFD"...)
		} else {
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return dst
}

// Raw appends markup as it is; the caller escapes what it holds.
func (b *Builder) Raw(markup string) *Builder {
	b.buf = append(b.buf, markup...)
	return b
}

// Escape is AppendEscaped as a string.
func Escape(s string) string { return string(AppendEscaped(nil, s)) }
