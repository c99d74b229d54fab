package api

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/sigv4"
)

// S3 still accepts presigned URLs of signature version 2 (query
// parameters AWSAccessKeyId, Signature and Expires), and the AWS CLI v1
// makes them by default (aws s3 presign in us-east-1): the front door
// verifies them for S3, and only for S3.

// isPresignedV2 reports a URL presigned with S3's signature version 2.
func isPresignedV2(r *http.Request) bool {
	if r.URL == nil || !strings.Contains(r.URL.RawQuery, "AWSAccessKeyId=") || !strings.Contains(r.URL.RawQuery, "Signature=") {
		return false
	}
	q := r.URL.Query()
	return q.Get("AWSAccessKeyId") != "" && q.Get("Signature") != "" && q.Has("Expires")
}

// subresourcesV2 are the query parameters signature version 2 signs.
var subresourcesV2 = map[string]bool{
	"accelerate": true, "acl": true, "cors": true, "defaultObjectAcl": true, "location": true, "logging": true,
	"partNumber": true, "policy": true, "requestPayment": true, "torrent": true, "versioning": true, "versionId": true,
	"versions": true, "website": true, "uploads": true, "uploadId": true, "response-content-type": true,
	"response-content-language": true, "response-expires": true, "response-cache-control": true,
	"response-content-disposition": true, "response-content-encoding": true, "delete": true, "lifecycle": true,
	"tagging": true, "restore": true, "storageClass": true, "notification": true, "replication": true,
	"analytics": true, "metrics": true, "inventory": true, "select": true, "select-type": true, "object-lock": true,
}

// stringToSignV2 is signature version 2's string to sign of a presigned
// request: the method, Content-MD5, Content-Type, Expires, the x-amz-*
// values (moved into the query by the presigner) and the resource with
// its signed subresources.
func stringToSignV2(r *http.Request, q url.Values) string {
	var b strings.Builder
	b.WriteString(r.Method + "\n")
	for _, h := range []string{"Content-Md5", "Content-Type"} {
		v := q.Get(strings.ToLower(h))
		if v == "" {
			v = r.Header.Get(h)
		}
		b.WriteString(strings.TrimSpace(v) + "\n")
	}
	b.WriteString(q.Get("Expires") + "\n")
	amz := map[string]string{}
	for k, vs := range q {
		if lk := strings.ToLower(k); strings.HasPrefix(lk, "x-amz-") {
			amz[lk] = strings.Join(vs, ",")
		}
	}
	for k, vs := range r.Header {
		if lk := strings.ToLower(k); strings.HasPrefix(lk, "x-amz-") {
			amz[lk] = strings.Join(vs, ",")
		}
	}
	names := make([]string, 0, len(amz))
	for k := range amz {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		b.WriteString(k + ":" + strings.TrimSpace(amz[k]) + "\n")
	}
	b.WriteString(r.URL.EscapedPath())
	var subs []string
	for _, part := range strings.Split(r.URL.RawQuery, "&") {
		name, value, hasValue := strings.Cut(part, "=")
		if !subresourcesV2[name] {
			continue
		}
		if hasValue {
			v, err := url.QueryUnescape(value)
			if err != nil {
				v = value
			}
			subs = append(subs, name+"="+v)
		} else {
			subs = append(subs, name)
		}
	}
	if len(subs) > 0 {
		sort.Strings(subs)
		b.WriteString("?" + strings.Join(subs, "&"))
	}
	return b.String()
}

// servePresignedV2 authenticates a signature version 2 presigned request
// and dispatches it to S3.
func (f *FrontDoor) servePresignedV2(c echo.Context) bool {
	s3, ok := f.services["s3"]
	if !ok {
		return false
	}
	r, w := c.Request(), c.Response()
	call := &Call{Request: r, Writer: w, ID: RequestID(c)}
	c.Set(keyCall, call)
	c.Set(keyService, s3)
	q := r.URL.Query()
	call.Signature = &sigv4.Parsed{AccessKeyID: q.Get("AWSAccessKeyId"), Service: "s3", Region: "us-east-1",
		Presigned: true, SecurityToken: q.Get("x-amz-security-token")}
	expires, err := strconv.ParseInt(q.Get("Expires"), 10, 64)
	if err != nil {
		s3.WriteError(w, call.ID, &Error{Status: http.StatusForbidden, Code: "AccessDenied", Message: "Invalid date (should be seconds since epoch): " + q.Get("Expires")})
		return true
	}
	if time.Now().Unix() > expires {
		s3.WriteError(w, call.ID, &Error{Status: http.StatusForbidden, Code: "AccessDenied", Message: "Request has expired"})
		return true
	}
	ctx := iam.WithRequestID(r.Context(), call.ID)
	caller, secret, err := f.auth.AuthenticateAccessKey(ctx, call.Signature.AccessKeyID, call.Signature.SecurityToken)
	if err != nil {
		s3.WriteError(w, call.ID, err)
		return true
	}
	m := hmac.New(sha1.New, []byte(secret))
	m.Write([]byte(stringToSignV2(r, q)))
	want := base64.StdEncoding.EncodeToString(m.Sum(nil))
	if subtle.ConstantTimeCompare([]byte(want), []byte(q.Get("Signature"))) != 1 {
		s3.WriteError(w, call.ID, &sigv4.Error{Status: http.StatusForbidden, Code: sigv4.CodeSignatureDoesNotMatch,
			Message: "The request signature we calculated does not match the signature you provided. Check your key and signing method."})
		return true
	}
	caller.SourceIP, caller.UserAgent, caller.Region = c.RealIP(), r.UserAgent(), "us-east-1"
	f.auth.NoteAccessKeyUse(ctx, call.Signature.AccessKeyID, "s3", "us-east-1")
	call.Ctx, call.Caller = ctx, caller
	s3.Serve(call)
	return true
}
