package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// MaxSkew is how far a request time may be from the server's clock, either
// way, for requests that are not presigned; AWS's STS measures 15 minutes.
const MaxSkew = 15 * time.Minute

// SigningKey derives the SigV4 signing key for a secret, a scope date
// (YYYYMMDD), a region and a service. The key depends on nothing else, so a
// server may cache it per secret, date, region and service.
func SigningKey(secret, date, region, service string) []byte {
	k := hmacSHA256([]byte("AWS4"+secret), date)
	k = hmacSHA256(k, region)
	k = hmacSHA256(k, service)
	return hmacSHA256(k, terminator)
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// ValidRegion reports whether region has the form of an AWS region name:
// a two-letter prefix, one or more lower-case words and a number, as in
// "us-east-1", "us-gov-west-1" or "eu-isoe-west-1".
func ValidRegion(region string) bool {
	if len(region) < 6 || region[2] != '-' || !lower(region[0]) || !lower(region[1]) {
		return false
	}
	i := 3
	words := 0
	for {
		start := i
		for i < len(region) && lower(region[i]) {
			i++
		}
		if i == start || i == len(region) || region[i] != '-' {
			break
		}
		words++
		i++
	}
	if words == 0 {
		return false
	}
	digits := 0
	for ; i < len(region); i++ {
		if region[i] < '0' || region[i] > '9' {
			return false
		}
		digits++
	}
	return digits > 0 && digits <= 2
}

func lower(c byte) bool { return 'a' <= c && c <= 'z' }

// CheckTime checks the request time against now: a request that is not
// presigned must be within MaxSkew of now, either way (exactly MaxSkew is
// accepted); a presigned request must not be more than MaxSkew in the future
// nor past its X-Amz-Expires lifetime.
func (p *Parsed) CheckTime(now time.Time) error {
	now = now.UTC().Truncate(time.Second)
	if late := now.Add(MaxSkew); p.Time.After(late) {
		return mismatch("Signature not yet current: %s is still later than %s (%s + 15 min.)",
			p.Time.Format(timeFormat), late.Format(timeFormat), now.Format(timeFormat))
	}
	if p.Presigned && p.Expires > 0 {
		if now.After(p.Time.Add(p.Expires)) {
			return &Error{Code: CodeAccessDenied, Message: "Request has expired", Status: http.StatusForbidden}
		}
		return nil
	}
	if early := now.Add(-MaxSkew); p.Time.Before(early) {
		return mismatch("Signature expired: %s is now earlier than %s (%s - 15 min.)",
			p.Time.Format(timeFormat), early.Format(timeFormat), now.Format(timeFormat))
	}
	return nil
}

// Verify checks r's signature as p describes it, given the secret key of
// p.AccessKeyID, the request body and the server's clock. It checks, in
// order: that the scope names a valid region (any valid region is
// accepted), the time window (see CheckTime), and the signature, compared in
// constant time. The service is the caller's to check (see ScopeError).
//
// body is the whole request body. An x-amz-content-sha256 header, when
// present, is the payload hash that was signed; if it is a hex digest and
// body is not nil, the body must match it. Without the header the payload
// hash is that of body; a presigned request may also have signed
// UNSIGNED-PAYLOAD, as botocore does.
func Verify(r *http.Request, p *Parsed, secret string, body []byte, now time.Time) error {
	if !ValidRegion(p.Region) {
		return RegionError(p.Region)
	}
	return VerifyWithKey(r, p, SigningKey(secret, p.Date, p.Region, p.Service), body, now)
}

// VerifyWithKey is Verify with a signing key from SigningKey, for servers that
// cache keys.
func VerifyWithKey(r *http.Request, p *Parsed, signingKey []byte, body []byte, now time.Time) error {
	if !ValidRegion(p.Region) {
		return RegionError(p.Region)
	}
	if err := p.CheckTime(now); err != nil {
		return err
	}
	hashes, err := payloadHashes(r, p, body)
	if err != nil {
		return err
	}
	want := make([]byte, hex.EncodedLen(sha256.Size))
	if len(p.Signature) != len(want) {
		return signatureDoesNotMatch()
	}
	query := ""
	if r.URL != nil {
		query = canonicalQuery(r.URL.RawQuery, p.Presigned)
	}
	scope := p.Date + "/" + p.Region + "/" + p.Service + "/" + terminator
	amzDate := p.Time.Format(timeFormat)
	list := p.signedHeaders
	if list == "" {
		list = strings.Join(p.SignedHeaders, ";") // a Parsed built by hand
	}
	buf := make([]byte, 0, 512)
	sts := make([]byte, 0, 128)
	match := 0
	for _, uri := range canonicalURIs(r, p.Service) {
		for _, h := range hashes {
			buf = canonicalRequest(buf[:0], r, uri, query, p.SignedHeaders, list, h)
			sts = stringToSign(sts[:0], amzDate, scope, buf)
			m := hmac.New(sha256.New, signingKey)
			m.Write(sts)
			hex.Encode(want, m.Sum(nil))
			match |= subtle.ConstantTimeCompare(want, []byte(p.Signature))
		}
	}
	if match != 1 {
		return signatureDoesNotMatch()
	}
	return nil
}

// payloadHashes returns the payload hashes the client may have signed.
func payloadHashes(r *http.Request, p *Parsed, body []byte) ([]string, error) {
	if h := r.Header.Get("X-Amz-Content-Sha256"); h != "" {
		if body != nil && isHexDigest(h) && h != hashHex(body) {
			return nil, &Error{Code: "XAmzContentSHA256Mismatch", Status: http.StatusBadRequest,
				Message: "The provided 'x-amz-content-sha256' header does not match what was computed."}
		}
		return []string{h}, nil
	}
	if p.Presigned {
		if r.URL != nil {
			if h := r.URL.Query().Get("X-Amz-Content-Sha256"); h != "" {
				return []string{h}, nil
			}
		}
		return []string{hashHex(body), UnsignedPayload}, nil
	}
	return []string{hashHex(body)}, nil
}

func isHexDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
