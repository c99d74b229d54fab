package sigv4

import (
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
	k := hmacSHA256([]byte("AWS4"+secret), []byte(date))
	k = hmacSHA256(k[:], []byte(region))
	k = hmacSHA256(k[:], []byte(service))
	k = hmacSHA256(k[:], []byte(terminator))
	return k[:]
}

// hmacSHA256 returns HMAC-SHA256(key, msg) (RFC 2104). It works on stack
// buffers, unlike crypto/hmac, which allocates its state on every use; the
// verification path computes one per request.
func hmacSHA256(key, msg []byte) [sha256.Size]byte {
	const blockSize = 64
	if len(key) > blockSize {
		k := sha256.Sum256(key)
		key = k[:]
	}
	var buf [blockSize + 320]byte
	in := buf[:blockSize]
	copy(in, key)
	for i := range in {
		in[i] ^= 0x36
	}
	in = append(in, msg...)
	inner := sha256.Sum256(in)
	var out [blockSize + sha256.Size]byte
	copy(out[:], key)
	for i := range out[:blockSize] {
		out[i] ^= 0x5c
	}
	copy(out[blockSize:], inner[:])
	return sha256.Sum256(out[:])
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
	hashes, n, err := payloadHashes(r, p, body)
	if err != nil {
		return err
	}
	if matchSignature(r, p, signingKey, hashes[:n]) < 0 {
		return signatureDoesNotMatch()
	}
	return nil
}

// matchSignature returns the index of the payload hash in hashes with which
// r's signature verifies, or -1. Every candidate is computed and compared,
// whichever matches, in time that does not depend on the signature.
func matchSignature(r *http.Request, p *Parsed, signingKey []byte, hashes []string) int {
	if len(p.Signature) != hex.EncodedLen(sha256.Size) {
		return -1
	}
	query := ""
	if r.URL != nil {
		query = canonicalQuery(r.URL.RawQuery, p.Presigned)
	}
	list := signedHeaderList(p)
	var creqBuf [1024]byte
	var stsBuf [256]byte
	var want [64]byte
	found := -1
	for _, uri := range canonicalURIs(r, p.Service) {
		for i, h := range hashes {
			creq := canonicalRequest(creqBuf[:0], r, uri, query, p.SignedHeaders, list, h)
			sts := stringToSign(stsBuf[:0], p.Time, p.Date, p.Region, p.Service, creq)
			sum := hmacSHA256(signingKey, sts)
			hex.Encode(want[:], sum[:])
			if equalHex(want[:], p.Signature) {
				found = i
			}
		}
	}
	return found
}

// signedHeaderList returns the SignedHeaders string as the client sent it.
func signedHeaderList(p *Parsed) string {
	if p.signedHeaders == "" {
		return strings.Join(p.SignedHeaders, ";") // a Parsed built by hand
	}
	return p.signedHeaders
}

// equalHex compares a computed signature with the claimed one in time that
// depends only on their length.
func equalHex(want []byte, got string) bool {
	if len(want) != len(got) {
		return false
	}
	var v byte
	for i := range want {
		v |= want[i] ^ got[i]
	}
	return subtle.ConstantTimeByteEq(v, 0) == 1
}

// equalHexBytes is equalHex for a claimed signature in bytes.
func equalHexBytes(want, got []byte) bool {
	return len(want) == len(got) && subtle.ConstantTimeCompare(want, got) == 1
}

// payloadHashes returns the payload hashes the client may have signed.
func payloadHashes(r *http.Request, p *Parsed, body []byte) (hashes [2]string, n int, err error) {
	h := r.Header.Get("X-Amz-Content-Sha256")
	if h == "" && p.Presigned && r.URL != nil && strings.Contains(r.URL.RawQuery, "X-Amz-Content-Sha256") {
		h = r.URL.Query().Get("X-Amz-Content-Sha256")
	}
	if h != "" {
		if body != nil && isHexDigest(h) && h != hashHex(body) {
			return hashes, 0, &Error{Code: "XAmzContentSHA256Mismatch", Status: http.StatusBadRequest,
				Message: "The provided 'x-amz-content-sha256' header does not match what was computed."}
		}
		hashes[0] = h
		return hashes, 1, nil
	}
	hashes[0] = hashHex(body)
	if p.Presigned {
		hashes[1] = UnsignedPayload
		return hashes, 2, nil
	}
	return hashes, 1, nil
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
