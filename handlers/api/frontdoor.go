package api

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/sigv4"
)

// MaxBody is the largest request body a buffered call may carry.
const MaxBody = 1 << 20

// Service answers the calls of one AWS service. A service package (sts,
// iamapi, organizations, …) builds one over its protocol codec and the
// front door registers it by its signing name.
type Service interface {
	// Name is the service's signing name in a credential scope ("sts").
	Name() string
	// Serve answers an authenticated call whose signature was verified.
	Serve(call *Call)
	// WriteError answers err in the service's wire format: failures before
	// Serve (credentials, signature) and panics while serving.
	WriteError(w http.ResponseWriter, requestID string, err error)
}

// Streamer is a Service whose calls read their bodies as streams (S3): the
// front door verifies the signature over the headers with S3's rules
// (sigv4.VerifyStreaming) and hands the body over as a Payload that checks
// the rest (payload hash, chunk signatures, checksums) as it is read.
type Streamer interface {
	Service
	// MaxBody bounds a call's body; 0 means no bound.
	MaxBody() int64
}

// Authenticator resolves access keys: the front door's view of the
// service layer.
type Authenticator interface {
	// AuthenticateAccessKey returns the caller of an access key (and session
	// token, for temporary credentials) and the key's secret.
	AuthenticateAccessKey(ctx context.Context, accessKeyID, sessionToken string) (*iam.Caller, string, error)
	// NoteAccessKeyUse records that a key was used for service in region.
	NoteAccessKeyUse(ctx context.Context, accessKeyID, service, region string)
}

// Call is one authenticated API call.
type Call struct {
	Ctx     context.Context
	Request *http.Request
	Writer  http.ResponseWriter
	// ID is the request ID, the response's x-amzn-RequestId.
	ID        string
	Caller    *iam.Caller
	Signature *sigv4.Parsed
	// Body is the whole body of a buffered call; nil for a Streamer's.
	Body []byte
	// Payload is a Streamer's body, verified against what was signed as it
	// is read (see sigv4.VerifyStreaming); nil for a buffered call.
	Payload *sigv4.Payload
	// Action names the call in the request log; the service sets it.
	Action string
}

// FrontDoor answers every SigV4-signed request, on any path: it verifies the
// signature once and dispatches the call by the service of its credential
// scope through one registry. It runs inside the web server's middleware
// chain, which gives it the request ID, the request log, the body limit and
// panic recovery.
type FrontDoor struct {
	auth     Authenticator
	services map[string]Service
	// fallback answers what names no registered service: unsigned Query
	// calls and unknown scopes, in STS's format as AWS's global endpoint does.
	fallback Service
	keys     *signingKeys
}

// New builds the front door over auth with the services to dispatch to;
// fallback answers refusals that no service can claim.
func New(auth Authenticator, fallback Service, services ...Service) *FrontDoor {
	f := &FrontDoor{auth: auth, services: make(map[string]Service, len(services)), fallback: fallback, keys: newSigningKeys(maxSigningKeys)}
	for _, s := range services {
		f.services[s.Name()] = s
	}
	return f
}

// Context keys the front door sets on an echo.Context.
const (
	keyCall    = "api.call"
	keyService = "api.service"
	keyParsed  = "api.parsed"
)

// IsCall reports whether the request is an AWS API call: SigV4-signed, or an
// unsigned Query-API request that the front door refuses.
func IsCall(c echo.Context) bool {
	_, ok := c.Get(keyService).(Service)
	return ok || sigv4.IsSigned(c.Request())
}

// Middleware answers API calls and passes every other request on.
func (f *FrontDoor) Middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if sigv4.IsSigned(r) {
			f.serve(c)
			return nil
		}
		if isPresignedV2(r) && f.servePresignedV2(c) {
			return nil
		}
		if isUnsignedQueryCall(r) {
			c.Set(keyService, f.fallback)
			call := &Call{Request: r, ID: RequestID(c)}
			c.Set(keyCall, call)
			f.fallback.WriteError(c.Response(), call.ID, &Error{Status: http.StatusForbidden, Code: "MissingAuthenticationToken", Message: "Request is missing Authentication Token"})
			body, _ := io.ReadAll(io.LimitReader(r.Body, MaxBody))
			call.Action = actionOf(r, body)
			return nil
		}
		return next(c)
	}
}

// RequestID is the request's ID as the web server's middleware set it.
func RequestID(c echo.Context) string { return c.Response().Header().Get("x-amzn-RequestId") }

// BodyLimit is the largest body the request may carry: the service's bound
// for an API call, def for any other request.
func (f *FrontDoor) BodyLimit(c echo.Context, def int64) int64 {
	if !sigv4.IsSigned(c.Request()) {
		if s, ok := f.services["s3"].(Streamer); ok && isPresignedV2(c.Request()) {
			return s.MaxBody()
		}
		return def
	}
	p, err := f.parse(c)
	if err != nil {
		return MaxBody
	}
	if s, ok := f.services[p.Service].(Streamer); ok {
		return s.MaxBody()
	}
	return MaxBody
}

// parse reads the request's signature once per request.
func (f *FrontDoor) parse(c echo.Context) (*sigv4.Parsed, error) {
	if p, ok := c.Get(keyParsed).(*sigv4.Parsed); ok {
		return p, nil
	}
	p, err := sigv4.Parse(c.Request())
	if err == nil {
		c.Set(keyParsed, p)
	}
	return p, err
}

// serve authenticates a signed request and dispatches it.
func (f *FrontDoor) serve(c echo.Context) {
	r, w := c.Request(), c.Response()
	call := &Call{Request: r, Writer: w, ID: RequestID(c)}
	c.Set(keyCall, call)
	svc := f.fallback
	c.Set(keyService, svc)
	p, err := f.parse(c)
	if err != nil {
		if s, ok := f.services[scopedService(r)].(Streamer); ok {
			// S3 answers a signature that does not parse in its own
			// format: the service its credential names, if it can be read.
			svc = s
			c.Set(keyService, svc)
		}
		call.Body = readBody(r)
		svc.WriteError(w, call.ID, err)
		return
	}
	call.Signature = p
	if s, ok := f.services[p.Service]; ok {
		svc = s
		c.Set(keyService, svc)
	}
	if _, streams := svc.(Streamer); !streams {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			svc.WriteError(w, call.ID, bodyError(err))
			return
		}
		call.Body = body
	}
	if _, ok := f.services[p.Service]; !ok {
		svc.WriteError(w, call.ID, sigv4.ScopeError(f.fallback.Name()))
		return
	}
	if !sigv4.ValidRegion(p.Region) {
		svc.WriteError(w, call.ID, sigv4.RegionError(p.Region))
		return
	}
	ctx := iam.WithRequestID(r.Context(), call.ID)
	caller, secret, err := f.auth.AuthenticateAccessKey(ctx, p.AccessKeyID, p.SecurityToken)
	if err != nil {
		svc.WriteError(w, call.ID, err)
		return
	}
	if _, streams := svc.(Streamer); streams {
		payload, err := sigv4.VerifyStreaming(r, p, f.signingKey(p, caller, secret), time.Now())
		if err != nil {
			svc.WriteError(w, call.ID, err)
			return
		}
		call.Payload = payload
	} else if err := f.verify(r, p, caller, secret, call.Body); err != nil {
		svc.WriteError(w, call.ID, err)
		return
	}
	caller.SourceIP, caller.UserAgent, caller.Region = c.RealIP(), r.UserAgent(), p.Region
	f.auth.NoteAccessKeyUse(ctx, p.AccessKeyID, p.Service, p.Region)
	call.Ctx, call.Caller = ctx, caller
	svc.Serve(call)
}

// scopedService is the service named in the credential scope of a
// signature that may not parse ("" if none can be read).
func scopedService(r *http.Request) string {
	cred := r.Header.Get("Authorization")
	if i := strings.Index(cred, "Credential="); i >= 0 {
		cred = cred[i+len("Credential="):]
	} else if r.URL != nil {
		cred = r.URL.Query().Get("X-Amz-Credential")
	}
	parts := strings.Split(strings.TrimSpace(strings.SplitN(cred, ",", 2)[0]), "/")
	if len(parts) >= 4 {
		return parts[3]
	}
	return ""
}

// readBody reads a refused call's body to name its action in the log.
func readBody(r *http.Request) []byte {
	b, _ := io.ReadAll(io.LimitReader(r.Body, MaxBody))
	return b
}

// bodyError is the wire error of a body that could not be read.
func bodyError(err error) *Error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: "RequestEntityTooLarge", Message: "Request body must be at most 1048576 bytes."}
	}
	return &Error{Status: http.StatusBadRequest, Code: "MalformedInput", Message: "The request body could not be read."}
}

// verify checks the signature, with a cached signing key for long-term keys.
// A streamed body (nil here) is the service's to check against the signed
// payload hash as it reads it.
func (f *FrontDoor) verify(r *http.Request, p *sigv4.Parsed, c *iam.Caller, secret string, body []byte) error {
	now := time.Now()
	if c.Temporary {
		return sigv4.Verify(r, p, secret, body, now)
	}
	return sigv4.VerifyWithKey(r, p, f.keys.get(secret, p), body, now)
}

// signingKey is the signing key of a call, cached for long-term keys.
func (f *FrontDoor) signingKey(p *sigv4.Parsed, c *iam.Caller, secret string) []byte {
	if c.Temporary {
		return sigv4.SigningKey(secret, p.Date, p.Region, p.Service)
	}
	return f.keys.get(secret, p)
}

// LogOf returns what the request log says about an API call beyond what it
// says about every request: never a secret, a signature or a session token.
func LogOf(c echo.Context) (service, action, accessKeyID string, ok bool) {
	call, ok := c.Get(keyCall).(*Call)
	if !ok {
		return "", "", "", false
	}
	if p := call.Signature; p != nil {
		service, accessKeyID = p.Service, p.AccessKeyID
	}
	action = call.Action
	if action == "" {
		action = actionOf(call.Request, call.Body)
	}
	return service, action, accessKeyID, true
}

// Fail answers a call that failed outside its service's own handling (a
// panic) with AWS's ServiceFailure in the call's wire format. It reports
// false when the request is no API call.
func Fail(c echo.Context, err error) bool {
	svc, ok := c.Get(keyService).(Service)
	if !ok {
		return false
	}
	if !c.Response().Committed {
		svc.WriteError(c.Response(), RequestID(c), err)
	}
	return true
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

// isUnsignedQueryCall reports an unsigned Query-API request: Action= in the
// query, or in a form body posted to /.
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
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return false
	}
	v, err := url.ParseQuery(string(body))
	return err == nil && v.Has("Action")
}
