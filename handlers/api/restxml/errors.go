package restxml

import (
	"net/http"
	"strconv"
)

// Detail is one element an S3 error adds after its Message.
type Detail struct {
	Name, Value string
}

// WriteError answers with S3's error envelope. A HEAD request, and a 304,
// get the status and headers only, as S3 sends them.
func WriteError(w http.ResponseWriter, r *http.Request, status int, code, message, requestID, hostID string, details []Detail) {
	h := w.Header()
	h.Set("x-amz-request-id", requestID)
	h.Set("x-amz-id-2", hostID)
	if (r != nil && r.Method == http.MethodHead) || status == http.StatusNotModified {
		w.WriteHeader(status)
		return
	}
	b := NewBuilder()
	defer b.Release()
	b.Open("Error").Text("Code", code).Text("Message", message)
	for _, d := range details {
		b.Text(d.Name, d.Value)
	}
	b.Text("RequestId", requestID).Text("HostId", hostID).Close("Error")
	h.Set("Content-Type", "application/xml")
	h.Set("Content-Length", strconv.Itoa(len(b.Bytes())))
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// Write answers 200 with a built document.
func Write(w http.ResponseWriter, b *Builder) {
	h := w.Header()
	h.Set("Content-Type", "application/xml")
	h.Set("Content-Length", strconv.Itoa(len(b.Bytes())))
	w.WriteHeader(http.StatusOK)
	w.Write(b.Bytes())
}
