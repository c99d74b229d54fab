package sigv4

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ChunkedOptions says how SignChunked encodes a body.
type ChunkedOptions struct {
	// ChunkSize is the number of data bytes per chunk, 64 KiB if 0.
	ChunkSize int
	// Checksum is the S3 ChecksumAlgorithm ("CRC32", "CRC64NVME", …) of a
	// trailing checksum, "" for none.
	Checksum string
	// Unsigned sends STREAMING-UNSIGNED-PAYLOAD-TRAILER, chunks without
	// signatures, as botocore and the SDK for Go do over TLS; otherwise the
	// chunks are signed (StreamingPayload, or StreamingPayloadTrailer with a
	// checksum).
	Unsigned bool
}

// SignChunked signs r in the header form with body in aws-chunked encoding,
// as S3 clients stream uploads: it sets Content-Encoding,
// x-amz-content-sha256, x-amz-decoded-content-length, x-amz-trailer with a
// checksum, the headers Sign sets, and r.Body and r.ContentLength to the
// encoded body. Tests and the load generator use it.
func SignChunked(r *http.Request, body []byte, o ChunkedOptions, accessKeyID, secret, sessionToken, region, service string, t time.Time) error {
	if o.ChunkSize == 0 {
		o.ChunkSize = 64 << 10
	}
	if o.ChunkSize < 0 {
		return errors.New("sigv4: sign chunked: negative chunk size")
	}
	var alg *checksumAlgorithm
	if o.Checksum != "" {
		if alg = checksumByName(o.Checksum); alg == nil {
			return errors.New("sigv4: sign chunked: unknown checksum " + o.Checksum)
		}
	}
	if o.Unsigned && alg == nil {
		return errors.New("sigv4: sign chunked: an unsigned payload needs a trailing checksum")
	}
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	payload := StreamingPayload
	switch {
	case o.Unsigned:
		payload = StreamingUnsignedPayloadTrailer
	case alg != nil:
		payload = StreamingPayloadTrailer
	}
	r.Header.Set("Content-Encoding", "aws-chunked")
	r.Header.Set("X-Amz-Content-Sha256", payload)
	r.Header.Set("X-Amz-Decoded-Content-Length", strconv.Itoa(len(body)))
	if alg != nil {
		r.Header.Set("X-Amz-Trailer", alg.header)
	}
	if err := Sign(r, nil, accessKeyID, secret, sessionToken, region, service, t); err != nil {
		return err
	}
	auth := r.Header.Get("Authorization")
	seed := auth[strings.LastIndex(auth, "=")+1:]
	t = t.UTC()
	date := t.Format(dateFormat)
	e := chunkEncoder{
		signed: !o.Unsigned,
		key:    SigningKey(secret, date, region, service),
		time:   t.Format(timeFormat),
		scope:  date + "/" + region + "/" + service + "/" + terminator,
		prev:   seed,
	}
	var trailer string
	if alg != nil {
		h := alg.newHash()
		h.Write(body)
		trailer = alg.header + ":" + base64.StdEncoding.EncodeToString(h.Sum(nil))
	}
	encoded := e.encode(body, o.ChunkSize, trailer)
	r.Body = io.NopCloser(bytes.NewReader(encoded))
	r.ContentLength = int64(len(encoded))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(encoded)), nil }
	return nil
}

// chunkEncoder writes aws-chunked bodies, signing chunks when signed.
type chunkEncoder struct {
	signed bool
	key    []byte
	time   string
	scope  string
	prev   string
}

// encode returns body in chunks of chunkSize, the last chunk and, if
// trailer ("name:value") is not empty, the trailer, signed when e is.
func (e *chunkEncoder) encode(body []byte, chunkSize int, trailer string) []byte {
	var b bytes.Buffer
	for len(body) > 0 {
		n := min(chunkSize, len(body))
		e.writeChunk(&b, body[:n])
		body = body[n:]
	}
	e.writeChunk(&b, nil)
	if trailer != "" {
		b.WriteString(trailer + "\r\n")
		if e.signed {
			sum := sha256.Sum256([]byte(trailer + "\n"))
			b.WriteString(trailerSignature + ":" + e.sign(trailerAlgorithm, hex.EncodeToString(sum[:])) + "\r\n")
		}
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

func (e *chunkEncoder) writeChunk(b *bytes.Buffer, data []byte) {
	b.WriteString(strconv.FormatInt(int64(len(data)), 16))
	if e.signed {
		sum := sha256.Sum256(data)
		b.WriteString(";chunk-signature=" + e.sign(chunkAlgorithm, emptySHA256+"\n"+hex.EncodeToString(sum[:])))
	}
	b.WriteString("\r\n")
	if len(data) > 0 {
		b.Write(data)
		b.WriteString("\r\n")
	}
}

// sign signs "algorithm\ntime\nscope\nprev\nrest" and chains the result.
func (e *chunkEncoder) sign(algorithm, rest string) string {
	mac := hmacSHA256(e.key, []byte(algorithm+"\n"+e.time+"\n"+e.scope+"\n"+e.prev+"\n"+rest))
	e.prev = hex.EncodeToString(mac[:])
	return e.prev
}
