package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/sigv4"
)

// MaxAPIBody is the largest request body an API call may carry.
const MaxAPIBody = 1 << 20

// XML namespaces and API versions of the Query-protocol services.
const (
	STSNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"
	STSVersion   = "2011-06-15"
	IAMNamespace = "https://iam.amazonaws.com/doc/2010-05-08/"
	IAMVersion   = "2010-05-08"
)

// queryAction handles one Query-protocol action; a nil result means the
// response has no <ActionResult> element.
type queryAction func(ctx context.Context, c *iam.Caller, p params) (any, error)

// queryService is one Query-protocol service: STS or IAM.
type queryService struct {
	name, version, namespace string
	actions                  map[string]queryAction
}

// API answers AWS API calls (SigV4-signed requests) for STS, IAM and
// Organizations over the one iam.Service.
type API struct {
	svc     *iam.Service
	log     *slog.Logger
	query   map[string]*queryService // by signing name
	orgs    map[string]jsonAction
	sigKeys sync.Map // access key + scope → derived signing key (long-term keys only)
}

// NewAPI builds the AWS API adapter. A nil log means the service's logger.
func NewAPI(svc *iam.Service, log *slog.Logger) *API {
	if log == nil {
		log = svc.Logger()
	}
	a := &API{svc: svc, log: log}
	a.query = map[string]*queryService{
		"sts": {name: "sts", version: STSVersion, namespace: STSNamespace, actions: a.stsActions()},
		"iam": {name: "iam", version: IAMVersion, namespace: IAMNamespace, actions: a.iamActions()},
	}
	a.orgs = a.orgsActions()
	return a
}

// Middleware runs before routing: a SigV4-signed request on any path is an
// API call; an unsigned Query-API request (Action= in the query or in a
// form body posted to /) is refused with MissingAuthenticationToken; every
// other request goes on to the console.
func (a *API) Middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if sigv4.IsSigned(r) {
			start, call := time.Now(), &apiCall{}
			ServerTiming(c, start)
			a.serve(c, call)
			a.logCall(c, start, call)
			return nil
		}
		if isUnsignedQueryCall(r) {
			start := time.Now()
			ServerTiming(c, start)
			id := iam.NewUUID()
			writeXMLError(c.Response(), STSNamespace, id, http.StatusForbidden, "MissingAuthenticationToken", "Request is missing Authentication Token")
			body, _ := io.ReadAll(io.LimitReader(r.Body, MaxAPIBody))
			a.logCall(c, start, &apiCall{body: body})
			return nil
		}
		return next(c)
	}
}

// ServerTiming makes c's response carry a Server-Timing header, app;dur=
// the milliseconds from start until the response's header is written: the
// time the server spent on the request, without the network's or the
// client's part.
func ServerTiming(c echo.Context, start time.Time) {
	w := c.Response()
	w.Before(func() {
		b := make([]byte, 0, 24)
		b = append(b, "app;dur="...)
		b = strconv.AppendFloat(b, float64(time.Since(start).Microseconds())/1000, 'f', 3, 64)
		w.Header()["Server-Timing"] = []string{string(b)}
	})
}

// apiCall is what the request log says about an API call besides what it
// says about every request: never a secret, a signature or a session token.
type apiCall struct {
	service, action, accessKeyID string
	body                         []byte // read only to name the action of a call refused before dispatch
}

// logCall writes the one-line request log of an API call, in the console's
// request-log form with the service, action and access key ID added.
func (a *API) logCall(c echo.Context, start time.Time, call *apiCall) {
	r, w := c.Request(), c.Response()
	if !a.log.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	if call.action == "" {
		call.action = actionOf(r, call.body)
	}
	// Path only: query strings may carry presigned signatures.
	a.log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", w.Status), slog.Float64("dur_ms", float64(time.Since(start).Microseconds())/1000),
		slog.String("ip", c.RealIP()), slog.String("id", w.Header().Get("x-amzn-RequestId")),
		slog.String("service", call.service), slog.String("action", call.action), slog.String("access_key_id", call.accessKeyID))
}

// actionOf names the action of a call that was refused before dispatch:
// the Query protocol's Action, or the JSON protocol's X-Amz-Target.
func actionOf(r *http.Request, body []byte) string {
	action := r.URL.Query().Get("Action")
	if t := r.Header.Get("X-Amz-Target"); action == "" && t != "" {
		action = t[strings.LastIndex(t, ".")+1:]
	}
	if action == "" && len(body) > 0 {
		if v, err := url.ParseQuery(string(body)); err == nil {
			action = v.Get("Action")
		}
	}
	if len(action) > 64 {
		action = action[:64]
	}
	return action
}

func isUnsignedQueryCall(r *http.Request) bool {
	if r.URL.Query().Has("Action") {
		return true
	}
	if r.Method != http.MethodPost || r.URL.Path != "/" {
		return false
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/x-www-form-urlencoded" {
		return false
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxAPIBody+1))
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return false
	}
	v, err := url.ParseQuery(string(body))
	return err == nil && v.Has("Action")
}

// apiError is an error on the wire: code, message, status.
type apiError struct {
	Status        int
	Code, Message string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func wireError(err error) *apiError {
	var se *sigv4.Error
	if errors.As(err, &se) {
		return &apiError{Status: se.Status, Code: se.Code, Message: se.Message}
	}
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	e := iam.AsError(err)
	st := e.Kind.HTTPStatus()
	if e.Kind == iam.KindUnauthenticated {
		st = http.StatusForbidden
	}
	return &apiError{Status: st, Code: e.Code, Message: e.Message}
}

// serve authenticates a signed request and dispatches it by the service of
// its credential scope.
func (a *API) serve(c echo.Context, call *apiCall) {
	r, w := c.Request(), c.Response()
	id := iam.NewUUID()
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxAPIBody+1))
	if err != nil {
		writeXMLError(w, STSNamespace, id, http.StatusBadRequest, "MalformedInput", "The request body could not be read.")
		return
	}
	if len(body) > MaxAPIBody {
		writeXMLError(w, STSNamespace, id, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "Request body must be at most 1048576 bytes.")
		return
	}
	call.body = body
	p, err := sigv4.Parse(r)
	if err != nil {
		we := wireError(err)
		writeXMLError(w, STSNamespace, id, we.Status, we.Code, we.Message)
		return
	}
	call.service, call.accessKeyID = p.Service, p.AccessKeyID
	fail := func(err error) {
		we := wireError(err)
		if p.Service == "organizations" {
			writeJSONError(w, id, we.Status, we.Code, we.Message)
			return
		}
		ns := STSNamespace
		if p.Service == "iam" {
			ns = IAMNamespace
		}
		writeXMLError(w, ns, id, we.Status, we.Code, we.Message)
	}
	qs, isQuery := a.query[p.Service]
	if !isQuery && p.Service != "organizations" {
		fail(sigv4.ScopeError("sts"))
		return
	}
	if !sigv4.ValidRegion(p.Region) {
		fail(sigv4.RegionError(p.Region))
		return
	}
	ctx := iam.WithRequestID(r.Context(), id)
	caller, secret, err := a.svc.AuthenticateAccessKey(ctx, p.AccessKeyID, p.SecurityToken)
	if err != nil {
		fail(err)
		return
	}
	if err := a.verify(r, p, caller, secret, body); err != nil {
		fail(err)
		return
	}
	caller.SourceIP, caller.UserAgent, caller.Region = c.RealIP(), r.UserAgent(), p.Region
	a.svc.NoteAccessKeyUse(ctx, p.AccessKeyID, p.Service, p.Region)
	if iam.IsSessionTokenCaller(caller) && p.Service == "iam" && !caller.MFA {
		fail(&apiError{Status: http.StatusForbidden, Code: "InvalidClientTokenId", Message: "The security token included in the request is invalid."})
		return
	}
	if isQuery {
		call.action = a.serveQuery(ctx, w, r, qs, caller, body, id)
		return
	}
	target := r.Header.Get("X-Amz-Target")
	call.action = target[strings.LastIndex(target, ".")+1:]
	a.serveJSON(ctx, w, r, caller, body, id)
}

// verify checks the signature, with a cached signing key for long-term keys.
func (a *API) verify(r *http.Request, p *sigv4.Parsed, c *iam.Caller, secret string, body []byte) error {
	now := time.Now()
	if c.Temporary {
		return sigv4.Verify(r, p, secret, body, now)
	}
	k := p.AccessKeyID + "/" + p.Date + "/" + p.Region + "/" + p.Service
	if v, ok := a.sigKeys.Load(k); ok {
		e := v.(*sigKey)
		if e.secret == secret {
			return sigv4.VerifyWithKey(r, p, e.key, body, now)
		}
	}
	key := sigv4.SigningKey(secret, p.Date, p.Region, p.Service)
	a.sigKeys.Store(k, &sigKey{secret: secret, key: key})
	return sigv4.VerifyWithKey(r, p, key, body, now)
}

type sigKey struct {
	secret string
	key    []byte
}

// params are a Query-API request's parameters: the URL query and the form body.
type params struct{ url.Values }

// get returns a parameter, "" when absent.
func (p params) get(name string) string { return p.Values.Get(name) }

// has reports whether a parameter was sent.
func (p params) has(name string) bool { return p.Values.Has(name) }

// list reads a Query-protocol list: prefix.member.1, prefix.member.2, …
// (suffix names a field of structure members, e.g. ".arn").
func (p params) list(prefix, suffix string) []string {
	var out []string
	for i := 1; ; i++ {
		k := prefix + ".member." + strconv.Itoa(i) + suffix
		if !p.Values.Has(k) {
			return out
		}
		out = append(out, p.Values.Get(k))
	}
}

// tags reads Tags.member.N.Key / .Value.
func (p params) tags(prefix string) []iam.Tag {
	var out []iam.Tag
	for i := 1; ; i++ {
		base := prefix + ".member." + strconv.Itoa(i)
		if !p.Values.Has(base+".Key") && !p.Values.Has(base+".Value") {
			return out
		}
		out = append(out, iam.Tag{Key: p.Values.Get(base + ".Key"), Value: p.Values.Get(base + ".Value")})
	}
}

// serveQuery answers a Query-protocol call and returns its action.
func (a *API) serveQuery(ctx context.Context, w http.ResponseWriter, r *http.Request, qs *queryService, c *iam.Caller, body []byte, id string) string {
	vals := r.URL.Query()
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if len(body) > 0 && (mt == "application/x-www-form-urlencoded" || mt == "") {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			writeXMLError(w, qs.namespace, id, http.StatusBadRequest, "MalformedQueryString", "The query string is malformed.")
			return ""
		}
		for k, v := range form {
			vals[k] = append(vals[k], v...)
		}
	}
	p := params{vals}
	action := p.get("Action")
	if action == "" {
		writeXMLError(w, qs.namespace, id, http.StatusBadRequest, "MissingAction", "Missing Action")
		return action
	}
	fn, ok := qs.actions[action]
	if version := p.get("Version"); !ok || version != qs.version {
		v := p.get("Version")
		if v == "" {
			v = "null"
		}
		writeXMLError(w, qs.namespace, id, http.StatusBadRequest, "InvalidAction", "Could not find operation "+action+" for version "+v)
		return action
	}
	result, err := a.call(ctx, fn, c, p)
	if err != nil {
		we := wireError(err)
		if we.Status >= 500 {
			a.log.Error("api", "service", qs.name, "action", action, "err", err)
		}
		writeXMLError(w, qs.namespace, id, we.Status, we.Code, we.Message)
		return action
	}
	writeXMLResult(w, qs.namespace, action, id, result)
	return action
}

// call runs an action, turning a panic into ServiceFailure: an API call
// never answers with an unformatted 500.
func (a *API) call(ctx context.Context, fn queryAction, c *iam.Caller, p params) (result any, err error) {
	defer func() {
		if v := recover(); v != nil {
			a.log.Error("api: panic", "panic", v)
			result, err = nil, &apiError{Status: http.StatusInternalServerError, Code: "ServiceFailure",
				Message: "The request processing has failed because of an unknown error, exception or failure."}
		}
	}()
	return fn(ctx, c, p)
}

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

// writeXMLResult writes AWS's Query-protocol success envelope:
// <ActionResponse xmlns><ActionResult>…</ActionResult><ResponseMetadata>….
func writeXMLResult(w http.ResponseWriter, ns, action, id string, result any) {
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
		writeXMLError(w, ns, id, http.StatusInternalServerError, "ServiceFailure", "The request processing has failed because of an unknown error, exception or failure.")
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

// writeXMLError writes AWS's Query-protocol ErrorResponse.
func writeXMLError(w http.ResponseWriter, ns, id string, status int, code, message string) {
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

// writeJSON writes a JSON 1.1 success response.
func writeJSON(w http.ResponseWriter, id string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeJSONError(w, id, http.StatusInternalServerError, "ServiceException", "The request processing has failed because of an unknown error, exception or failure.")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/x-amz-json-1.1")
	h.Set("x-amzn-RequestId", id)
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

// writeJSONError writes a JSON 1.1 error: {"__type":…,"Message":…}.
func writeJSONError(w http.ResponseWriter, id string, status int, code, message string) {
	b, _ := json.Marshal(struct {
		Type    string `json:"__type"`
		Message string `json:"Message"`
	}{code, message})
	h := w.Header()
	h.Set("Content-Type", "application/x-amz-json-1.1")
	h.Set("x-amzn-RequestId", id)
	h.Set("x-amzn-ErrorType", code)
	w.WriteHeader(status)
	w.Write(b)
}

// isoTime is AWS's XML timestamp form.
func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
