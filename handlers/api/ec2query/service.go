package ec2query

import (
	"bytes"
	"context"
	"encoding/xml"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"time"

	"iamconsole/handlers/api"
	"iamconsole/handlers/api/query"
	"iamconsole/iam"
)

// Action reads its parameters from r and returns the call to make; the
// call runs only when every parameter was acceptable.
type Action func(r *Reader) Invoke

// Invoke calls the service for an action; its result is a struct whose
// fields become the children of <ActionResponse>.
type Invoke func(ctx context.Context, c *iam.Caller) (any, error)

// Service is one EC2-Query service.
type Service struct {
	name, version, namespace string
	actions                  map[string]Action
	log                      *slog.Logger
}

// NewService builds an EC2-Query service.
func NewService(name, version, namespace string, actions map[string]Action, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{name: name, version: version, namespace: namespace, actions: actions, log: log}
}

// Name implements api.Service.
func (s *Service) Name() string { return s.name }

// Actions lists the service's action names.
func (s *Service) Actions() []string {
	out := make([]string, 0, len(s.actions))
	for a := range s.actions {
		out = append(out, a)
	}
	return out
}

// statusOf is the HTTP status of an EC2 error: most client errors are 400.
func statusOf(we *api.Error) int {
	switch we.Code {
	case "DryRunOperation":
		return http.StatusPreconditionFailed
	case "UnauthorizedOperation":
		return http.StatusForbidden
	case "AuthFailure":
		return http.StatusUnauthorized
	case "RequestLimitExceeded":
		return http.StatusServiceUnavailable
	}
	if we.Status >= 500 {
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// rename maps the front door's and kernel's codes to EC2's.
var rename = map[string]struct{ code, message string }{
	"InvalidClientTokenId":       {"AuthFailure", "AWS was not able to validate the provided access credentials"},
	"SignatureDoesNotMatch":      {"AuthFailure", "AWS was not able to validate the provided access credentials"},
	"IncompleteSignature":        {"AuthFailure", "AWS was not able to validate the provided access credentials"},
	"ExpiredToken":               {"RequestExpired", "Request has expired."},
	"AccessDenied":               {"UnauthorizedOperation", ""},
	"Throttling":                 {"RequestLimitExceeded", "Request limit exceeded."},
	"MissingAuthenticationToken": {"MissingAuthenticationToken", ""},
}

// wire is err as EC2 answers it.
func wire(err error) *api.Error {
	we := *api.Wire(err)
	if we.Status >= 500 {
		we.Code, we.Message = "InternalError", "An internal error has occurred"
	} else if r, ok := rename[we.Code]; ok {
		if r.message != "" {
			we.Message = r.message
		}
		we.Code = r.code
	}
	we.Status = statusOf(&we)
	return &we
}

// WriteError implements api.Service.
func (s *Service) WriteError(w http.ResponseWriter, id string, err error) {
	we := wire(err)
	WriteError(w, id, we.Status, we.Code, we.Message)
}

// Serve implements api.Service.
func (s *Service) Serve(call *api.Call) {
	w := call.Writer
	p, ok := query.Parse(call.Request, call.Body)
	if !ok {
		WriteError(w, call.ID, http.StatusBadRequest, "MalformedQueryString", "The query string is malformed.")
		return
	}
	action := p.Get("Action")
	call.Action = action
	if action == "" {
		WriteError(w, call.ID, http.StatusBadRequest, "MissingAction", "The request must contain the parameter Action")
		return
	}
	fn, ok := s.actions[action]
	if !ok {
		WriteError(w, call.ID, http.StatusBadRequest, "InvalidAction", "The action "+action+" is not valid for this web service.")
		return
	}
	switch v := p.Get("Version"); v {
	case s.version:
	case "":
		WriteError(w, call.ID, http.StatusBadRequest, "MissingParameter", "The request must contain the parameter Version")
		return
	default:
		WriteError(w, call.ID, http.StatusBadRequest, "NoSuchVersion", "The requested version ("+v+") of service AmazonEC2 does not exist")
		return
	}
	r := NewReader(p)
	invoke := fn(r)
	if err := r.Err(); err != nil {
		s.WriteError(w, call.ID, err)
		return
	}
	result, err := invoke(call.Ctx, call.Caller)
	if err != nil {
		if we := wire(err); we.Status >= 500 {
			s.log.Error("api", "service", s.name, "action", action, "err", err)
		}
		s.WriteError(w, call.ID, err)
		return
	}
	s.writeResult(w, action, call.ID, result)
}

type xmlWriter struct {
	buf bytes.Buffer
	enc *xml.Encoder
}

var writers = sync.Pool{New: func() any {
	x := &xmlWriter{}
	x.enc = xml.NewEncoder(&x.buf)
	return x
}}

// writeResult writes <ActionResponse xmlns><requestId>…</requestId>…
// with the result's fields as children.
func (s *Service) writeResult(w http.ResponseWriter, action, id string, result any) {
	x := writers.Get().(*xmlWriter)
	x.buf.Reset()
	x.buf.WriteString(xml.Header)
	err := EncodeResponse(x.enc, s.namespace, action, id, result)
	if err != nil {
		WriteError(w, id, http.StatusInternalServerError, "InternalError", "An internal error has occurred")
		return
	}
	h := w.Header()
	h["Content-Type"] = []string{"text/xml;charset=UTF-8"}
	h["X-Amzn-Requestid"] = []string{id}
	w.WriteHeader(http.StatusOK)
	w.Write(x.buf.Bytes())
	if x.buf.Cap() <= 256<<10 {
		writers.Put(x)
	}
}

// EncodeResponse encodes a response envelope with result's fields inside.
func EncodeResponse(enc *xml.Encoder, ns, action, id string, result any) error {
	start := xml.StartElement{Name: xml.Name{Local: action + "Response"}, Attr: []xml.Attr{{Name: xml.Name{Local: "xmlns"}, Value: ns}}}
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	if err := enc.EncodeElement(id, xml.StartElement{Name: xml.Name{Local: "requestId"}}); err != nil {
		return err
	}
	if result != nil {
		v := reflect.Indirect(reflect.ValueOf(result))
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("xml")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "" || name == "-" {
				continue
			}
			fv := v.Field(i)
			if strings.Contains(opts, "omitempty") && fv.IsZero() {
				continue
			}
			if err := enc.EncodeElement(fv.Interface(), xml.StartElement{Name: xml.Name{Local: name}}); err != nil {
				return err
			}
		}
	}
	if err := enc.EncodeToken(start.End()); err != nil {
		return err
	}
	return enc.Flush()
}

// textEscaper escapes element text as EC2 does: quotes stay as they are.
var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// WriteError writes EC2's error envelope.
func WriteError(w http.ResponseWriter, id string, status int, code, message string) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString("<Response><Errors><Error><Code>")
	textEscaper.WriteString(&b, code)
	b.WriteString("</Code><Message>")
	textEscaper.WriteString(&b, message)
	b.WriteString("</Message></Error></Errors><RequestID>")
	textEscaper.WriteString(&b, id)
	b.WriteString("</RequestID></Response>")
	h := w.Header()
	h.Set("Content-Type", "text/xml;charset=UTF-8")
	h.Set("x-amzn-RequestId", id)
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// Timestamp is EC2's timestamp form (milliseconds, UTC).
func Timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
