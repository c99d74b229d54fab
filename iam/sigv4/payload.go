package sigv4

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The x-amz-content-sha256 values that name a streamed payload form.
const (
	// StreamingPayload is an aws-chunked body whose chunks are signed, each
	// signature chained from the previous one and the first from the
	// request's (seed) signature.
	StreamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
	// StreamingPayloadTrailer is StreamingPayload followed by trailing
	// headers (a checksum) signed in x-amz-trailer-signature.
	StreamingPayloadTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
	// StreamingUnsignedPayloadTrailer is an aws-chunked body without chunk
	// signatures, followed by the trailing checksum x-amz-trailer names.
	StreamingUnsignedPayloadTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"

	// The SigV4a forms, refused as NotImplemented.
	streamingECDSAPayload        = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD"
	streamingECDSAPayloadTrailer = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER"
)

// emptySHA256 is the hex SHA-256 of the empty string.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// PayloadForm is how a request's body was signed, as x-amz-content-sha256
// declares it.
type PayloadForm int

// The payload forms VerifyStreaming accepts.
const (
	// PayloadSHA256: x-amz-content-sha256 is the hex SHA-256 of the body.
	PayloadSHA256 PayloadForm = iota + 1
	// PayloadUnsigned: UNSIGNED-PAYLOAD, in a header or presigned.
	PayloadUnsigned
	// PayloadStreaming: StreamingPayload.
	PayloadStreaming
	// PayloadStreamingTrailer: StreamingPayloadTrailer.
	PayloadStreamingTrailer
	// PayloadStreamingUnsignedTrailer: StreamingUnsignedPayloadTrailer.
	PayloadStreamingUnsignedTrailer
)

// String returns the x-amz-content-sha256 value of f, "SHA256" for a hex
// digest.
func (f PayloadForm) String() string {
	switch f {
	case PayloadSHA256:
		return "SHA256"
	case PayloadUnsigned:
		return UnsignedPayload
	case PayloadStreaming:
		return StreamingPayload
	case PayloadStreamingTrailer:
		return StreamingPayloadTrailer
	case PayloadStreamingUnsignedTrailer:
		return StreamingUnsignedPayloadTrailer
	}
	return "PayloadForm(" + strconv.Itoa(int(f)) + ")"
}

// Chunked reports whether the body of form f is in aws-chunked encoding.
func (f PayloadForm) Chunked() bool {
	return f == PayloadStreaming || f == PayloadStreamingTrailer || f == PayloadStreamingUnsignedTrailer
}

// Payload is the body of a request whose header signature VerifyStreaming
// accepted. Read yields the decoded body, verifying it as it streams; it
// fails with an *Error carrying S3's code at the first bad chunk, or at the
// end when the body does not match what was signed or declared. Bytes read
// before an error must be discarded: only a Read that returned io.EOF means
// the whole body was verified. A Payload is not safe for concurrent use.
type Payload struct {
	form     PayloadForm
	body     io.Reader
	chunks   *chunkDecoder // aws-chunked forms only
	declared int64
	encoding string

	claimed string    // PayloadSHA256: the signed digest
	sha     hash.Hash // PayloadSHA256: SHA-256 of the body
	md5     hash.Hash

	alg     *checksumAlgorithm // the checksum to verify or compute, nil if none
	sum     hash.Hash          // alg's hash, unless it is md5 or sha
	want    []byte             // the header checksum; nil for a trailing one or a computed one
	trailer bool               // alg's value comes in the trailer
	wantMD5 []byte             // Content-MD5, nil if absent

	wg       sync.WaitGroup
	n        int64
	err      error
	eof      bool
	md5Sum   []byte
	checksum string
}

// VerifyStreaming checks r's signature as p describes it, given the signing
// key (see SigningKey) and the server's clock, without reading the body, and
// returns the body as a Payload to read. It is the entry point of S3, whose
// clients sign x-amz-content-sha256 instead of hashing the body first, and
// answers with S3's codes and wording, where Verify answers as STS and IAM
// do.
//
// It checks, in order: the scope's region, that a presigned URL has
// X-Amz-Expires, the time window (RequestTimeTooSkewed for headers; for
// presigned URLs AccessDenied "Request is not yet valid" or "Request has
// expired"), the payload form, the checksum headers (x-amz-checksum-*,
// x-amz-trailer, Content-MD5) and x-amz-decoded-content-length, and the
// signature. The service is the caller's to check (see ScopeError).
//
// The payload forms are those of x-amz-content-sha256: a hex SHA-256 of the
// body, UNSIGNED-PAYLOAD, StreamingPayload, StreamingPayloadTrailer and
// StreamingUnsignedPayloadTrailer. A header-signed request without the
// header is refused, as S3 does; a presigned one signs UNSIGNED-PAYLOAD (or,
// as some presigners do, the empty body's hash, which the body must then
// match). The SigV4a streaming forms are refused as NotImplemented.
//
// The body is read from r.Body only through the Payload; a server that caps
// object sizes wraps r.Body (http.MaxBytesReader) before calling.
func VerifyStreaming(r *http.Request, p *Parsed, signingKey []byte, now time.Time) (*Payload, error) {
	if !ValidRegion(p.Region) {
		return nil, RegionError(p.Region)
	}
	if p.Presigned && (r.URL == nil || !r.URL.Query().Has("X-Amz-Expires")) {
		return nil, errMissingExpires()
	}
	if err := p.s3CheckTime(r, now); err != nil {
		return nil, err
	}
	claimed := contentSHA256(r, p)
	pl := &Payload{body: r.Body, declared: r.ContentLength, md5: md5.New()}
	if pl.body == nil {
		pl.body = http.NoBody
		pl.declared = 0
	}
	hashes := []string{claimed}
	switch claimed {
	case "":
		if !p.Presigned {
			return nil, errMissingContentSHA256()
		}
		pl.form = PayloadUnsigned
		hashes = []string{UnsignedPayload, emptySHA256}
	case UnsignedPayload:
		pl.form = PayloadUnsigned
	case StreamingPayload:
		pl.form = PayloadStreaming
	case StreamingPayloadTrailer:
		pl.form = PayloadStreamingTrailer
	case StreamingUnsignedPayloadTrailer:
		pl.form = PayloadStreamingUnsignedTrailer
	case streamingECDSAPayload, streamingECDSAPayloadTrailer:
		return nil, errNotImplemented("x-amz-content-sha256")
	default:
		if !isHexDigest(claimed) {
			return nil, errInvalidContentSHA256(claimed)
		}
		pl.form = PayloadSHA256
	}
	if err := pl.setChecksums(r.Header); err != nil {
		return nil, err
	}
	if pl.form.Chunked() {
		if err := pl.setDecodedLength(r.Header); err != nil {
			return nil, err
		}
	}
	pl.encoding = contentEncoding(r.Header)

	matched := matchSignature(r, p, signingKey, hashes)
	if matched < 0 {
		return nil, signatureError(r, p, hashes[0])
	}
	if hashes[matched] == emptySHA256 && claimed == "" {
		pl.form = PayloadSHA256
		claimed = emptySHA256
	}
	if pl.form == PayloadSHA256 {
		pl.claimed = claimed
		pl.sha = sha256.New()
	}
	if pl.form.Chunked() {
		pl.chunks = newChunkDecoder(pl, p, signingKey)
	}
	return pl, nil
}

// contentSHA256 returns the payload hash the client signed: the
// x-amz-content-sha256 header, or for a presigned URL the
// X-Amz-Content-Sha256 parameter; "" if neither.
func contentSHA256(r *http.Request, p *Parsed) string {
	h := r.Header.Get("X-Amz-Content-Sha256")
	if h == "" && p.Presigned && r.URL != nil && strings.Contains(r.URL.RawQuery, "X-Amz-Content-Sha256") {
		h = r.URL.Query().Get("X-Amz-Content-Sha256")
	}
	return h
}

// signatureError builds S3's SignatureDoesNotMatch with the string to sign
// and canonical request of the first candidate, as S3 reports them.
func signatureError(r *http.Request, p *Parsed, payloadHash string) *Error {
	query := ""
	if r.URL != nil {
		query = canonicalQuery(r.URL.RawQuery, p.Presigned)
	}
	creq := canonicalRequest(nil, r, canonicalURIs(r, p.Service)[0], query, p.SignedHeaders, signedHeaderList(p), payloadHash)
	sts := stringToSign(nil, p.Time, p.Date, p.Region, p.Service, creq)
	return s3SignatureMismatch(p.AccessKeyID, string(sts), p.Signature, creq)
}

// setChecksums reads Content-MD5, x-amz-checksum-* and, for the trailer
// forms, x-amz-trailer.
func (pl *Payload) setChecksums(h http.Header) error {
	var err error
	if pl.wantMD5, err = contentMD5(h); err != nil {
		return err
	}
	alg, want, err := headerChecksum(h)
	if err != nil {
		return err
	}
	if pl.form == PayloadStreamingTrailer || pl.form == PayloadStreamingUnsignedTrailer {
		t, err := trailerChecksum(h)
		if err != nil {
			return err
		}
		if t != nil {
			if alg != nil {
				return errMultipleChecksums()
			}
			alg, pl.trailer = t, true
		}
	}
	if alg != nil {
		pl.useChecksum(alg)
		pl.want = want
	}
	return nil
}

func (pl *Payload) useChecksum(alg *checksumAlgorithm) {
	pl.alg = alg
	pl.sum = nil
	if alg.name != "MD5" && (alg.name != "SHA256" || pl.form != PayloadSHA256) {
		pl.sum = alg.newHash()
	}
}

// setDecodedLength reads x-amz-decoded-content-length, required with signed
// chunks and optional without.
func (pl *Payload) setDecodedLength(h http.Header) error {
	v := h.Get("X-Amz-Decoded-Content-Length")
	if v == "" {
		if pl.form == PayloadStreamingUnsignedTrailer {
			pl.declared = -1
			return nil
		}
		return errMissingContentLength()
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || v[0] == '+' {
		return errMissingContentLength()
	}
	pl.declared = n
	return nil
}

// contentEncoding returns Content-Encoding without aws-chunked, the
// encoding of the object itself.
func contentEncoding(h http.Header) string {
	values := h.Values("Content-Encoding")
	if len(values) == 0 {
		return ""
	}
	var kept []string
	for _, v := range values {
		for e := range strings.SplitSeq(v, ",") {
			if e = strings.TrimSpace(e); e != "" && !strings.EqualFold(e, "aws-chunked") {
				kept = append(kept, e)
			}
		}
	}
	return strings.Join(kept, ",")
}

// Form returns the payload form the request declared.
func (pl *Payload) Form() PayloadForm { return pl.form }

// DecodedLength returns the length of the body the request declares:
// x-amz-decoded-content-length for aws-chunked bodies, Content-Length for
// others, -1 if unknown. Read fails if the body is not this long.
func (pl *Payload) DecodedLength() int64 { return pl.declared }

// ContentEncoding returns the request's Content-Encoding without
// aws-chunked: the encoding to store with the object, "" if none.
func (pl *Payload) ContentEncoding() string { return pl.encoding }

// ComputeChecksum asks for algorithm's checksum (an S3 ChecksumAlgorithm
// such as "CRC64NVME") to be computed while reading, so that Checksum reports
// it, when the request carries no checksum of its own; with one it does
// nothing. It must be called before the first Read.
func (pl *Payload) ComputeChecksum(algorithm string) error {
	if pl.n > 0 || pl.eof || pl.err != nil {
		return errors.New("sigv4: ComputeChecksum after Read")
	}
	alg := checksumByName(algorithm)
	if alg == nil {
		return errors.New("sigv4: unknown checksum algorithm " + algorithm)
	}
	if pl.alg == nil {
		pl.useChecksum(alg)
	}
	return nil
}

// Read reads the decoded body into b. At the end it returns io.EOF only if
// the body matched everything signed and declared; otherwise an *Error with
// S3's code, or the error of r.Body. Errors repeat on later calls.
func (pl *Payload) Read(b []byte) (int, error) {
	if pl.err != nil {
		return 0, pl.err
	}
	if pl.eof {
		return 0, io.EOF
	}
	var n int
	var err error
	if pl.chunks != nil {
		n, err = pl.chunks.read(b)
	} else {
		n, err = pl.body.Read(b)
	}
	if n > 0 {
		pl.absorb(b[:n])
	}
	switch {
	case err == nil:
	case err == io.EOF:
		if err = pl.finish(); err == nil {
			pl.eof = true
			return n, io.EOF
		}
		pl.err = err
	case errors.Is(err, io.ErrUnexpectedEOF) && pl.chunks == nil:
		pl.err = errLengthMismatch() // the connection closed before Content-Length
	default:
		pl.err = err
	}
	return n, pl.err
}

// parallelHashMin is the smallest read whose MD5 is computed beside the
// other hashes rather than after them. MD5 is the slowest hash here (about
// 800 MB/s against 1.8 GB/s for SHA-256 on this class of machine), so
// overlapping it nearly doubles the speed of one stream; the goroutine ends
// within the Read, so an abandoned Payload leaves nothing running.
const parallelHashMin = 16 << 10

// absorb hashes data that Read returns.
func (pl *Payload) absorb(b []byte) {
	pl.n += int64(len(b))
	if len(b) < parallelHashMin {
		pl.md5.Write(b)
		pl.hashRest(b)
		return
	}
	pl.wg.Go(func() { pl.md5.Write(b) })
	pl.hashRest(b)
	pl.wg.Wait()
}

// hashRest feeds every hash but the MD5: the current chunk's, the body's
// SHA-256 and the checksum.
func (pl *Payload) hashRest(b []byte) {
	if pl.chunks != nil && pl.chunks.signed {
		pl.chunks.sha.Write(b)
	}
	if pl.sha != nil {
		pl.sha.Write(b)
	}
	if pl.sum != nil {
		pl.sum.Write(b)
	}
}

// finish checks what can only be checked at the end of the body.
func (pl *Payload) finish() error {
	pl.md5Sum = pl.md5.Sum(nil)
	if pl.chunks == nil && pl.declared >= 0 && pl.n != pl.declared {
		return errLengthMismatch()
	}
	if pl.sha != nil {
		var got [64]byte
		hex.Encode(got[:], pl.sha.Sum(nil))
		if string(got[:]) != pl.claimed {
			return errContentSHA256Mismatch(pl.claimed, string(got[:]))
		}
	}
	if pl.wantMD5 != nil && string(pl.wantMD5) != string(pl.md5Sum) {
		return errBadDigestMD5(base64.StdEncoding.EncodeToString(pl.wantMD5), base64.StdEncoding.EncodeToString(pl.md5Sum))
	}
	if pl.alg == nil {
		return nil
	}
	var got []byte
	switch {
	case pl.sum != nil:
		got = pl.sum.Sum(nil)
	case pl.alg.name == "MD5":
		got = pl.md5Sum
	default:
		got = pl.sha.Sum(nil)
	}
	want := pl.want
	if pl.trailer {
		value := pl.chunks.trailers.Get(pl.alg.header)
		var ok bool
		if want, ok = decodeChecksum(pl.alg, value); !ok {
			return errInvalidChecksumValue(pl.alg.header, true)
		}
	}
	if want != nil && string(want) != string(got) {
		return errBadChecksum(pl.alg.name)
	}
	pl.checksum = base64.StdEncoding.EncodeToString(got)
	return nil
}

// Size returns the number of decoded bytes read so far; after io.EOF, the
// object's size.
func (pl *Payload) Size() int64 { return pl.n }

// Verified reports whether Read returned io.EOF: the whole body was read and
// matched what was signed and declared.
func (pl *Payload) Verified() bool { return pl.eof }

// MD5 returns the MD5 of the body, the ETag of a single PUT, once Read has
// returned io.EOF; nil before.
func (pl *Payload) MD5() []byte {
	if !pl.eof {
		return nil
	}
	return pl.md5Sum
}

// Checksum returns the request's checksum, verified, or the one
// ComputeChecksum asked for: S3's ChecksumAlgorithm ("CRC32", "CRC64NVME",
// …) and the base64 value, once Read has returned io.EOF; "", "" if none.
func (pl *Payload) Checksum() (algorithm, value string) {
	if !pl.eof || pl.alg == nil {
		return "", ""
	}
	return pl.alg.name, pl.checksum
}

// Trailers returns the trailing headers of an aws-chunked body, without
// x-amz-trailer-signature, once Read has returned io.EOF; nil if none.
func (pl *Payload) Trailers() http.Header {
	if !pl.eof || pl.chunks == nil || len(pl.chunks.trailers) == 0 {
		return nil
	}
	return pl.chunks.trailers
}
