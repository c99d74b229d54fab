package query

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"sync"
	"time"

	"iamconsole/handlers/api"
)

// Timestamp is the Query protocol's timestamp form (ISO 8601, UTC).
func Timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// xmlWriter is a response buffer with its encoder, reused across calls:
// a fresh encoder allocates a 4 KiB buffer of its own.
type xmlWriter struct {
	buf bytes.Buffer
	enc *xml.Encoder
}

var xmlWriters = sync.Pool{New: func() any {
	x := &xmlWriter{}
	x.enc = xml.NewEncoder(&x.buf)
	return x
}}

// maxPooledXML bounds the buffers kept for reuse: a rare large listing
// should not pin its memory.
const maxPooledXML = 64 << 10

// WriteResult writes AWS's Query-protocol success envelope:
// <ActionResponse xmlns><ActionResult>…</ActionResult><ResponseMetadata>….
// A nil result leaves out the result element.
func WriteResult(w http.ResponseWriter, ns, action, id string, result any) {
	x := xmlWriters.Get().(*xmlWriter)
	x.buf.Reset()
	enc := x.enc
	start := xml.StartElement{Name: xml.Name{Local: action + "Response"}, Attr: []xml.Attr{{Name: xml.Name{Local: "xmlns"}, Value: ns}}}
	err := enc.EncodeToken(start)
	if err == nil && result != nil {
		err = enc.EncodeElement(result, xml.StartElement{Name: xml.Name{Local: action + "Result"}})
	}
	if err == nil {
		err = enc.EncodeElement(responseMetadata{RequestID: id}, xml.StartElement{Name: xml.Name{Local: "ResponseMetadata"}})
	}
	if err == nil {
		err = enc.EncodeToken(start.End())
	}
	if err == nil {
		err = enc.Flush()
	}
	if err != nil {
		// The encoder may hold half an element: it is not reused.
		WriteError(w, ns, id, http.StatusInternalServerError, "ServiceFailure", api.MsgServiceFailure)
		return
	}
	h := w.Header()
	h["Content-Type"] = []string{"text/xml"}
	h["X-Amzn-Requestid"] = []string{id}
	w.WriteHeader(http.StatusOK)
	w.Write(x.buf.Bytes())
	if x.buf.Cap() <= maxPooledXML {
		xmlWriters.Put(x)
	}
}

type responseMetadata struct {
	RequestID string `xml:"RequestId"`
}

type xmlErrorResponse struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Error   struct {
		Type    string
		Code    string
		Message string
	}
	RequestID string `xml:"RequestId"`
}

// WriteError writes AWS's Query-protocol ErrorResponse; Type is Sender for
// a client's fault, Receiver for the server's.
func WriteError(w http.ResponseWriter, ns, id string, status int, code, message string) {
	e := xmlErrorResponse{Xmlns: ns, RequestID: id}
	e.Error.Type, e.Error.Code, e.Error.Message = "Sender", code, message
	if status >= 500 {
		e.Error.Type = "Receiver"
	}
	b, _ := xml.Marshal(e)
	h := w.Header()
	h.Set("Content-Type", "text/xml")
	h.Set("x-amzn-RequestId", id)
	w.WriteHeader(status)
	w.Write(b)
}
