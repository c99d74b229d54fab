package s3

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"iamconsole/handlers/api"
	"iamconsole/handlers/api/restxml"
	"iamconsole/iam"
	"iamconsole/iam/sigv4"
	s3 "iamconsole/resources/s3"
)

// Service answers the S3 API over the S3 domain service.
type Service struct {
	s3  *s3.Service
	log *slog.Logger
}

// New builds the S3 API.
func New(svc *s3.Service, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{s3: svc, log: log}
}

// Name is S3's signing name.
func (a *Service) Name() string { return "s3" }

// MaxBody is 0: bodies stream, and the domain bounds an object's size
// (EntityTooLarge past 5 GiB).
func (a *Service) MaxBody() int64 { return 0 }

var _ api.Streamer = (*Service)(nil)

// request is one S3 call being answered.
type request struct {
	a      *Service
	call   *api.Call
	r      *http.Request
	w      http.ResponseWriter
	ctx    context.Context
	c      *iam.Caller
	q      url.Values
	bucket string
	key    string
	body   io.Reader
}

// Serve routes a call by method, path and subresource, as S3 does.
func (a *Service) Serve(call *api.Call) {
	r := call.Request
	if r.ContentLength == 0 && strings.EqualFold(r.Header.Get("Expect"), "100-continue") {
		// net/http sends 100 Continue only when a handler reads a body;
		// botocore waits for it even when there is none.
		call.Writer.WriteHeader(http.StatusContinue)
	}
	q, _ := url.ParseQuery(r.URL.RawQuery)
	req := &request{a: a, call: call, r: r, w: call.Writer, c: call.Caller, q: q}
	if call.Payload != nil {
		req.body = call.Payload
	} else {
		req.body = r.Body
	}
	req.ctx = s3.WithRequest(call.Ctx, requestInfo(call))
	bucket, key, err := splitPath(r)
	if err != nil {
		a.WriteError(call.Writer, call.ID, err)
		return
	}
	req.bucket, req.key = bucket, key
	h := route(r.Method, bucket, key, q, r.Header)
	if h.fn == nil {
		call.Action = h.name
		a.writeError(req, h.err)
		return
	}
	call.Action = h.name
	if err := h.fn(req); err != nil {
		a.writeError(req, err)
	}
	drain(req.body)
}

// drain reads what is left of a body (at most a little), so that the
// connection can serve the next request.
func drain(body io.Reader) {
	if body != nil {
		io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	}
}

// requestInfo tells the domain how the request was authenticated.
func requestInfo(call *api.Call) s3.Request {
	r := call.Request
	info := s3.Request{AuthType: "REST-HEADER", SignatureVersion: sigv4.Algorithm, Secure: r.TLS != nil, Host: r.Host,
		ContentSHA256: r.Header.Get("X-Amz-Content-Sha256")}
	if p := call.Signature; p != nil && p.Presigned {
		info.AuthType = "REST-QUERY-STRING"
		if info.ContentSHA256 == "" {
			info.ContentSHA256 = sigv4.UnsignedPayload
		}
		if call.Payload == nil {
			info.SignatureVersion = "AWS" // signature version 2
		}
	}
	return info
}

// splitPath reads the bucket and key of a path-style request: the first
// segment and the rest, percent-decoded once, never cleaned ("a/../b" is
// a key like any other).
func splitPath(r *http.Request) (bucket, key string, err error) {
	raw := r.URL.EscapedPath()
	p, err := url.PathUnescape(raw)
	if err != nil {
		return "", "", s3.ErrInvalidURI(raw)
	}
	p = strings.TrimPrefix(p, "/")
	bucket, key, _ = strings.Cut(p, "/")
	return bucket, key, nil
}

// handler is one operation of the routing table.
type handler struct {
	name string
	fn   func(*request) error
	err  error
}

// route picks the operation of a request, as S3 distinguishes them.
func route(method, bucket, key string, q url.Values, h http.Header) handler {
	sub := func(name string) bool { return q.Has(name) }
	if bucket == "" {
		if method == http.MethodGet {
			return handler{"ListBuckets", listBuckets, nil}
		}
		return notAllowed("ListBuckets")
	}
	if key == "" {
		switch method {
		case http.MethodGet:
			switch {
			case sub("location"):
				return handler{"GetBucketLocation", getBucketLocation, nil}
			case sub("policyStatus"):
				return handler{"GetBucketPolicyStatus", getBucketPolicyStatus, nil}
			case sub("policy"):
				return handler{"GetBucketPolicy", getBucketPolicy, nil}
			case sub("tagging"):
				return handler{"GetBucketTagging", getBucketTagging, nil}
			case sub("publicAccessBlock"):
				return handler{"GetPublicAccessBlock", getPublicAccessBlock, nil}
			case sub("uploads"):
				return handler{"ListMultipartUploads", listUploads, nil}
			case sub("versioning"):
				return handler{"GetBucketVersioning", bucketSetting, nil}
			case sub("acl"):
				return handler{"GetBucketAcl", bucketSetting, nil}
			case sub("ownershipControls"):
				return handler{"GetBucketOwnershipControls", bucketSetting, nil}
			case sub("encryption"):
				return handler{"GetBucketEncryption", bucketSetting, nil}
			case unsupported(q):
				return notImplemented("GetBucket")
			case q.Get("list-type") == "2":
				return handler{"ListObjectsV2", listObjects, nil}
			default:
				return handler{"ListObjects", listObjects, nil}
			}
		case http.MethodPut:
			switch {
			case sub("policy"):
				return handler{"PutBucketPolicy", putBucketPolicy, nil}
			case sub("tagging"):
				return handler{"PutBucketTagging", putBucketTagging, nil}
			case sub("publicAccessBlock"):
				return handler{"PutPublicAccessBlock", putPublicAccessBlock, nil}
			case len(q) > 0:
				return notImplemented("PutBucket")
			default:
				return handler{"CreateBucket", createBucket, nil}
			}
		case http.MethodDelete:
			switch {
			case sub("policy"):
				return handler{"DeleteBucketPolicy", deleteBucketPolicy, nil}
			case sub("tagging"):
				return handler{"DeleteBucketTagging", deleteBucketTagging, nil}
			case sub("publicAccessBlock"):
				return handler{"DeletePublicAccessBlock", deletePublicAccessBlock, nil}
			case len(q) > 0:
				return notImplemented("DeleteBucket")
			default:
				return handler{"DeleteBucket", deleteBucket, nil}
			}
		case http.MethodHead:
			return handler{"HeadBucket", headBucket, nil}
		case http.MethodPost:
			if sub("delete") {
				return handler{"DeleteObjects", deleteObjects, nil}
			}
			return notAllowed("PostBucket")
		}
		return notAllowed("Bucket")
	}
	switch method {
	case http.MethodGet:
		switch {
		case sub("tagging"):
			return handler{"GetObjectTagging", getObjectTagging, nil}
		case sub("uploadId"):
			return handler{"ListParts", listParts, nil}
		case sub("acl"), sub("attributes"), sub("retention"), sub("legal-hold"), sub("torrent"):
			return notImplemented("GetObject")
		default:
			return handler{"GetObject", getObject, nil}
		}
	case http.MethodHead:
		return handler{"HeadObject", getObject, nil}
	case http.MethodPut:
		switch {
		case sub("tagging"):
			return handler{"PutObjectTagging", putObjectTagging, nil}
		case sub("uploadId") || sub("partNumber"):
			if h.Get("X-Amz-Copy-Source") != "" {
				return handler{"UploadPartCopy", uploadPart, nil}
			}
			return handler{"UploadPart", uploadPart, nil}
		case sub("acl"), sub("retention"), sub("legal-hold"):
			return notImplemented("PutObject")
		case h.Get("X-Amz-Copy-Source") != "":
			return handler{"CopyObject", copyObject, nil}
		default:
			return handler{"PutObject", putObject, nil}
		}
	case http.MethodDelete:
		switch {
		case sub("tagging"):
			return handler{"DeleteObjectTagging", deleteObjectTagging, nil}
		case sub("uploadId"):
			return handler{"AbortMultipartUpload", abortUpload, nil}
		default:
			return handler{"DeleteObject", deleteObject, nil}
		}
	case http.MethodPost:
		switch {
		case sub("uploads"):
			return handler{"CreateMultipartUpload", createUpload, nil}
		case sub("uploadId"):
			return handler{"CompleteMultipartUpload", completeUpload, nil}
		}
	}
	return notAllowed("Object")
}

// unsupported reports a bucket GET for a subresource this simulation does
// not keep (CORS, lifecycle, website, …) rather than a listing.
func unsupported(q url.Values) bool {
	for _, name := range []string{"cors", "lifecycle", "website", "logging", "notification", "replication",
		"requestPayment", "accelerate", "analytics", "inventory", "metrics", "intelligent-tiering", "object-lock", "versions", "metadataTable"} {
		if q.Has(name) {
			return true
		}
	}
	return false
}

func notAllowed(name string) handler {
	return handler{name: name, err: &s3.Error{IAM: &iam.Error{Kind: iam.KindInvalid, Code: "MethodNotAllowed",
		Message: "The specified method is not allowed against this resource."}, Status: http.StatusMethodNotAllowed}}
}

func notImplemented(name string) handler {
	return handler{name: name, err: &s3.Error{IAM: &iam.Error{Kind: iam.KindInvalid, Code: "NotImplemented",
		Message: "A header you provided implies functionality that is not implemented"}, Status: http.StatusNotImplemented}}
}

// hostID is the x-amz-id-2 of a response: derived from the request ID, as
// opaque as S3's.
func hostID(requestID string) string {
	sum := sha256.Sum256([]byte("iamconsole host " + requestID))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// WriteError answers err in S3's format: failures before Serve (signature,
// credentials) and panics.
func (a *Service) WriteError(w http.ResponseWriter, requestID string, err error) {
	a.write(w, nil, requestID, err)
}

func (a *Service) writeError(req *request, err error) {
	a.write(req.w, req.r, req.call.ID, err)
}

// credentialCodes are S3's codes and messages for the front door's
// credential failures, which it words as STS does.
var credentialCodes = map[string][2]string{
	"InvalidClientTokenId": {"InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."},
	"ExpiredToken":         {"ExpiredToken", "The provided token has expired."},
}

func (a *Service) write(w http.ResponseWriter, r *http.Request, requestID string, err error) {
	var se *sigv4.Error
	var ae *api.Error
	var e *s3.Error
	if errors.As(err, &ae) {
		kind := iam.KindInvalid
		if ae.Status == http.StatusForbidden {
			kind = iam.KindDenied
		}
		e = &s3.Error{IAM: &iam.Error{Kind: kind, Code: ae.Code, Message: ae.Message}, Status: ae.Status}
	} else if errors.As(err, &se) {
		e = s3.AsError(se)
		if se.Code == sigv4.CodeSignatureDoesNotMatch && len(se.Details) == 0 {
			e.IAM.Message = "The request signature we calculated does not match the signature you provided. Check your key and signing method."
		}
	} else {
		e = s3.AsError(err)
	}
	code, msg := e.Code(), e.Message()
	if m, ok := credentialCodes[code]; ok {
		code, msg = m[0], m[1]
		e.Status = http.StatusForbidden
	}
	if e.Status >= 500 {
		a.log.Error("s3: internal error", "request_id", requestID, "err", err)
	}
	details := make([]restxml.Detail, len(e.Details))
	for i, d := range e.Details {
		details[i] = restxml.Detail{Name: d.Name, Value: d.Value}
	}
	restxml.WriteError(w, r, e.Status, code, msg, requestID, hostID(requestID), details)
}

// header sets the headers every S3 answer carries.
func (req *request) header() http.Header {
	h := req.w.Header()
	h.Set("x-amz-request-id", req.call.ID)
	h.Set("x-amz-id-2", hostID(req.call.ID))
	h.Set("Server", "AmazonS3")
	return h
}

// ok answers a built XML document.
func (req *request) ok(b *restxml.Builder) error {
	req.header()
	restxml.Write(req.w, b)
	b.Release()
	return nil
}

// noContent answers 204.
func (req *request) noContent() error {
	req.header()
	req.w.WriteHeader(http.StatusNoContent)
	return nil
}

// readXML reads and decodes an XML body with root element root; an
// unreadable or malformed body is MalformedXML, a body whose signature or
// checksum fails is that failure.
func (req *request) readXML(root string, v any) error {
	b, err := restxml.ReadBody(req.body)
	if err != nil {
		if errors.Is(err, restxml.ErrTooLarge) {
			return s3.ErrMalformedXML()
		}
		return err
	}
	if err := restxml.Decode(b, root, v); err != nil {
		return s3.ErrMalformedXML()
	}
	return nil
}

// readOptionalXML is readXML for a body that may be empty; it reports
// whether there was one.
func (req *request) readOptionalXML(root string, v any) (bool, error) {
	b, err := restxml.ReadBody(req.body)
	if err != nil {
		return false, err
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return false, nil
	}
	if err := restxml.Decode(b, root, v); err != nil {
		return true, s3.ErrMalformedXML()
	}
	return true, nil
}
