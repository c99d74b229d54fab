package awsjson

import (
	"bytes"
	"context"
	"encoding/json"
	"hash/crc32"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"iamconsole/handlers/api"
	"iamconsole/iam"
)

// Operation handles one JSON operation: it decodes its input from body
// (an empty body reads as {}).
type Operation func(ctx context.Context, c *iam.Caller, body []byte) (any, error)

// Codes renames service-layer error codes to a JSON service's own
// (AccessDenied → AccessDeniedException), with the message its own server
// faults carry, and the envelope details in which services differ.
type Codes struct {
	Rename map[string]string
	// Internal is the code and message of a server fault.
	InternalCode, InternalMessage string
	// Type, when set, renders a code as the envelope's __type (DynamoDB
	// qualifies it: "com.amazonaws.dynamodb.v20120810#Code"); lower
	// reports that the message goes under "message", as DynamoDB's own
	// errors write it, instead of "Message".
	Type func(code string) (typ string, lower bool)
	// ClientStatus, when set, is the status of every client error
	// (DynamoDB answers 400 whatever the fault).
	ClientStatus int
	// Checksum adds X-Amz-Crc32, the CRC32 of the body, to responses, as
	// DynamoDB does and its clients check.
	Checksum bool
}

// Raw is a response body already encoded as JSON; it is written as it is.
type Raw []byte

// Service is one JSON-protocol service.
type Service struct {
	name         string
	targetPrefix string // "AWSOrganizationsV20161128."
	// otherPrefixes are further X-Amz-Target prefixes some clients send
	// (AlsoTargetPrefix).
	otherPrefixes []string
	contentType   string // "application/x-amz-json-1.1"
	ops           map[string]Operation
	codes         Codes
	log           *slog.Logger
}

// NewService builds a JSON service: name is the signing name, version
// "1.0" or "1.1", targetPrefix the X-Amz-Target prefix ending in ".".
func NewService(name, version, targetPrefix string, ops map[string]Operation, codes Codes, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{name: name, targetPrefix: targetPrefix, contentType: "application/x-amz-json-" + version, ops: ops, codes: codes, log: log}
}

// AlsoTargetPrefix accepts another X-Amz-Target prefix for the same
// operations: AWS answers CloudTrail under both the model's long target
// prefix, which botocore sends, and the short one the SDK for Go sends.
func (s *Service) AlsoTargetPrefix(prefix string) *Service {
	s.otherPrefixes = append(s.otherPrefixes, prefix)
	return s
}

// Name implements api.Service.
func (s *Service) Name() string { return s.name }

// Operations lists the service's operation names.
func (s *Service) Operations() []string {
	out := make([]string, 0, len(s.ops))
	for o := range s.ops {
		out = append(out, o)
	}
	return out
}

// wire is err on the wire with the service's codes.
func (s *Service) wire(err error) *api.Error {
	we := *api.Wire(err)
	if we.Status >= 500 {
		we.Code, we.Message = s.codes.InternalCode, s.codes.InternalMessage
	} else {
		if c, ok := s.codes.Rename[we.Code]; ok {
			we.Code = c
		}
		if s.codes.ClientStatus != 0 {
			we.Status = s.codes.ClientStatus
		}
	}
	return &we
}

// WriteError implements api.Service.
func (s *Service) WriteError(w http.ResponseWriter, id string, err error) {
	we := s.wire(err)
	s.writeError(w, id, we.Status, we.Code, we.Message)
}

// Serve implements api.Service.
func (s *Service) Serve(call *api.Call) {
	target := call.Request.Header.Get("X-Amz-Target")
	op, ok := strings.CutPrefix(target, s.targetPrefix)
	for _, p := range s.otherPrefixes {
		if !ok {
			op, ok = strings.CutPrefix(target, p)
		}
	}
	call.Action = target[strings.LastIndex(target, ".")+1:]
	fn := s.ops[op]
	if !ok || fn == nil {
		s.WriteError(call.Writer, call.ID, &api.Error{Status: http.StatusBadRequest, Code: "UnknownOperationException", Message: "The requested operation " + target + " is not supported."})
		return
	}
	body := call.Body
	if len(body) == 0 {
		body = []byte("{}")
	}
	res, err := fn(call.Ctx, call.Caller, body)
	if err != nil {
		if we := s.wire(err); we.Status >= 500 {
			s.log.Error("api", "service", s.name, "operation", op, "err", err)
		}
		s.WriteError(call.Writer, call.ID, err)
		return
	}
	s.write(call.Writer, call.ID, res)
}

// write writes a success response.
func (s *Service) write(w http.ResponseWriter, id string, v any) {
	b, ok := v.(Raw)
	if !ok {
		var err error
		if b, err = json.Marshal(v); err != nil {
			s.writeError(w, id, http.StatusInternalServerError, s.codes.InternalCode, s.codes.InternalMessage)
			return
		}
	}
	h := w.Header()
	h.Set("Content-Type", s.contentType)
	h.Set("x-amzn-RequestId", id)
	s.checksum(h, b)
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

func (s *Service) checksum(h http.Header, b []byte) {
	if s.codes.Checksum {
		h.Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(b)), 10))
	}
}

// writeError writes {"__type":…,"Message":…}.
func (s *Service) writeError(w http.ResponseWriter, id string, status int, code, message string) {
	typ, lower := code, false
	if s.codes.Type != nil {
		typ, lower = s.codes.Type(code)
	}
	// Messages quote expressions ("<EOF>"): they are not HTML-escaped.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if lower {
		enc.Encode(struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}{typ, message})
	} else {
		enc.Encode(struct {
			Type    string `json:"__type"`
			Message string `json:"Message"`
		}{typ, message})
	}
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	h := w.Header()
	h.Set("Content-Type", s.contentType)
	h.Set("x-amzn-RequestId", id)
	h.Set("x-amzn-ErrorType", code)
	s.checksum(h, b)
	w.WriteHeader(status)
	w.Write(b)
}

// Decode reads a JSON body into v with AWS's SerializationException.
func Decode(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return &api.Error{Status: http.StatusBadRequest, Code: "SerializationException", Message: "Start of structure or map found where not expected."}
	}
	return nil
}

// Epoch is a JSON timestamp: seconds since the epoch.
func Epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }
