package restxml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
)

// MaxBody bounds a request's XML body: DeleteObjects' thousand keys of
// 1,024 bytes fit.
const MaxBody = 2 << 20

// ErrMalformed is every failure of Decode: S3 answers it with MalformedXML.
var ErrMalformed = errors.New("restxml: malformed XML")

// ErrTooLarge is a body over MaxBody.
var ErrTooLarge = errors.New("restxml: body too large")

// ReadBody reads a request body of at most MaxBody bytes.
func ReadBody(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxBody {
		return nil, ErrTooLarge
	}
	return b, nil
}

// Decode parses body into v, whose root element must be named root (any
// namespace): one well-formed document, nothing after its root but
// whitespace, comments and processing instructions.
func Decode(body []byte, root string, v any) error {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	for {
		tok, err := d.Token()
		if err != nil {
			return ErrMalformed
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != root {
				return ErrMalformed
			}
			if err := d.DecodeElement(v, &t); err != nil {
				return ErrMalformed
			}
			return trailing(d)
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return ErrMalformed
			}
		case xml.Directive:
			// A DOCTYPE could declare entities: refused.
			return ErrMalformed
		}
	}
}

func trailing(d *xml.Decoder) error {
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return ErrMalformed
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return ErrMalformed
			}
		case xml.Comment, xml.ProcInst:
		default:
			return ErrMalformed
		}
	}
}
