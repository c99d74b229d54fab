package sigv4

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"math"
	"net/http"
	"net/textproto"
	"strings"
)

const (
	// chunkBufferSize bounds every chunk header and trailer line: a longer
	// line is refused, so a hostile body cannot make the decoder buffer more.
	// Real lines are under 200 bytes.
	chunkBufferSize = 4096
	// minChunkSize is the smallest chunk S3 accepts but for the last one.
	minChunkSize = 8192
	// maxTrailerLines bounds the trailing headers.
	maxTrailerLines = 16
	// chunkAlgorithm and trailerAlgorithm open the strings to sign of chunks
	// and of trailers.
	chunkAlgorithm   = "AWS4-HMAC-SHA256-PAYLOAD"
	trailerAlgorithm = "AWS4-HMAC-SHA256-TRAILER"
	// trailerSignature is the trailing header that signs the others.
	trailerSignature = "x-amz-trailer-signature"
)

// chunkDecoder decodes an aws-chunked body: chunks of "hex-size[;ext]\r\n",
// data and "\r\n", ended by a zero-size chunk, trailing header lines and an
// empty line. With signatures, each chunk header carries
// ";chunk-signature=<hex>", the HMAC of a string to sign that chains the
// previous signature (the request's for the first chunk) with the SHA-256 of
// the chunk's data; the decoder checks each one when its chunk ends.
type chunkDecoder struct {
	br     *bufio.Reader
	signed bool // chunk signatures
	// trailer is the announced trailing checksum header, "" if none;
	// signedTrailer requires x-amz-trailer-signature.
	trailer       string
	signedTrailer bool

	key         []byte
	accessKeyID string
	time        string // X-Amz-Date of the request
	scope       string
	prev        [64]byte // the previous signature, hex
	claimed     [64]byte // the current chunk's signature as sent
	claimedLen  int
	sha         hash.Hash // SHA-256 of the current chunk's data
	sum         [sha256.Size]byte

	inData   bool
	left     int64 // data bytes left in the current chunk
	declared int64 // x-amz-decoded-content-length, -1 if unknown
	total    int64 // the sizes of the chunks so far
	chunks   int
	lastSize int64
	done     bool

	trailers http.Header
	sts      []byte
}

func newChunkDecoder(pl *Payload, p *Parsed, key []byte) *chunkDecoder {
	d := &chunkDecoder{
		br:       bufio.NewReaderSize(pl.body, chunkBufferSize),
		signed:   pl.form != PayloadStreamingUnsignedTrailer,
		declared: pl.declared,
	}
	if pl.trailer {
		d.trailer = pl.alg.header
	}
	if pl.form == PayloadStreamingTrailer {
		d.signedTrailer = true
	}
	if d.signed {
		d.key = key
		d.accessKeyID = p.AccessKeyID
		d.time = p.Time.UTC().Format(timeFormat)
		d.scope = p.Date + "/" + p.Region + "/" + p.Service + "/" + terminator
		copy(d.prev[:], p.Signature)
		d.sha = sha256.New()
		d.sts = make([]byte, 0, 384)
	}
	return d
}

// read reads decoded data into b. It returns io.EOF after the last chunk
// and the trailers checked out, an *Error for a body that breaks the
// encoding or fails a signature, or the body's own read error.
func (d *chunkDecoder) read(b []byte) (int, error) {
	for {
		if d.done {
			return 0, io.EOF
		}
		if !d.inData {
			if err := d.nextChunk(); err != nil {
				return 0, err
			}
			continue
		}
		if d.left == 0 {
			if err := d.endChunk(); err != nil {
				return 0, err
			}
			continue
		}
		if len(b) == 0 {
			return 0, nil
		}
		m := b
		if int64(len(m)) > d.left {
			m = m[:d.left]
		}
		n, err := d.br.Read(m)
		if n > 0 {
			// The caller hashes the data into d.sha (Payload.absorb)
			// before the next read, which checks the signature.
			d.left -= int64(n)
			return n, nil
		}
		if err == nil {
			return 0, nil
		}
		return 0, bodyError(err)
	}
}

// bodyError maps the end of the body inside a chunk to IncompleteBody and
// passes other read errors on.
func bodyError(err error) error {
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return errBodyTruncated()
	}
	return err
}

// readLine returns the next line without its "\r\n"; the slice is valid
// until the next read. At the end of the body it returns io.EOF only if no
// byte of a line was read and atEOF allows it.
func (d *chunkDecoder) readLine(atEOF bool) ([]byte, error) {
	line, err := d.br.ReadSlice('\n')
	switch {
	case err == io.EOF && len(line) == 0 && atEOF:
		return nil, io.EOF
	case errors.Is(err, bufio.ErrBufferFull):
		return nil, errBodyTruncated() // a line longer than any real one
	case err != nil:
		return nil, bodyError(err)
	case len(line) < 2 || line[len(line)-2] != '\r':
		return nil, errBodyTruncated()
	}
	return line[:len(line)-2], nil
}

// nextChunk reads a chunk header and, for the last chunk, the trailers.
func (d *chunkDecoder) nextChunk() error {
	line, err := d.readLine(false)
	if err != nil {
		return err
	}
	size, sig, ok := parseChunkHeader(line, d.signed)
	if !ok {
		return errBodyTruncated()
	}
	d.chunks++
	if size > 0 && d.chunks > 1 && d.lastSize < minChunkSize {
		return errInvalidChunkSize(d.chunks-1, d.lastSize)
	}
	d.lastSize = size
	if d.declared >= 0 && size > d.declared-d.total || size > math.MaxInt64-d.total {
		return errLengthMismatch()
	}
	d.total += size
	if d.signed {
		d.claimedLen = copy(d.claimed[:], sig)
		if len(sig) > len(d.claimed) {
			d.claimedLen = -1 // cannot match
		}
	}
	if size > 0 {
		d.left = size
		d.inData = true
		return nil
	}
	if d.signed {
		if err := d.verifyChunk(); err != nil {
			return err
		}
	}
	if d.declared >= 0 && d.total != d.declared {
		return errLengthMismatch()
	}
	if err := d.readTrailers(); err != nil {
		return err
	}
	d.done = true
	return io.EOF
}

// endChunk checks the "\r\n" after a chunk's data and its signature.
func (d *chunkDecoder) endChunk() error {
	for _, want := range [2]byte{'\r', '\n'} {
		c, err := d.br.ReadByte()
		if err != nil {
			return bodyError(err)
		}
		if c != want {
			return errBodyTruncated()
		}
	}
	d.inData = false
	if d.signed {
		return d.verifyChunk()
	}
	return nil
}

// parseChunkHeader parses "hex-size" followed, when signed, by exactly
// ";chunk-signature=<sig>"; without signatures, chunk extensions are
// ignored.
func parseChunkHeader(line []byte, signed bool) (size int64, sig []byte, ok bool) {
	digits, ext, hasExt := bytes.Cut(line, []byte{';'})
	digits = bytes.TrimRight(digits, " \t")
	if len(digits) == 0 || len(digits) > 16 {
		return 0, nil, false
	}
	var v uint64
	for _, c := range digits {
		var x byte
		switch {
		case '0' <= c && c <= '9':
			x = c - '0'
		case 'a' <= c && c <= 'f':
			x = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			x = c - 'A' + 10
		default:
			return 0, nil, false
		}
		v = v<<4 | uint64(x)
	}
	if v > math.MaxInt64 {
		return 0, nil, false
	}
	if !signed {
		return int64(v), nil, true
	}
	const prefix = "chunk-signature="
	if !hasExt || !bytes.HasPrefix(ext, []byte(prefix)) {
		return 0, nil, false
	}
	return int64(v), ext[len(prefix):], true
}

// verifyChunk checks the current chunk's signature and makes it the
// previous one.
func (d *chunkDecoder) verifyChunk() error {
	sum := d.sha.Sum(d.sum[:0])
	d.sha.Reset()
	d.sts = append(d.sts[:0], chunkAlgorithm+"\n"...)
	d.sts = d.appendScope(d.sts)
	d.sts = append(d.sts, emptySHA256+"\n"...)
	d.sts = hex.AppendEncode(d.sts, sum)
	return d.checkSignature(d.claimed[:max(d.claimedLen, 0)], d.claimedLen == 64)
}

// appendScope appends the lines every chained string to sign shares: the
// request time, the scope and the previous signature.
func (d *chunkDecoder) appendScope(b []byte) []byte {
	b = append(b, d.time...)
	b = append(b, '\n')
	b = append(b, d.scope...)
	b = append(b, '\n')
	b = append(b, d.prev[:]...)
	return append(b, '\n')
}

// checkSignature compares the HMAC of d.sts with the claimed signature.
func (d *chunkDecoder) checkSignature(claimed []byte, wellFormed bool) error {
	mac := hmacSHA256(d.key, d.sts)
	var want [64]byte
	hex.Encode(want[:], mac[:])
	if !wellFormed || !equalHexBytes(want[:], claimed) {
		return s3SignatureMismatch(d.accessKeyID, string(d.sts), string(claimed), nil)
	}
	d.prev = want
	return nil
}

// readTrailers reads the trailing header lines after the last chunk up to
// the empty line (or the end of the body), checks they are the announced
// ones and, when signed, x-amz-trailer-signature.
func (d *chunkDecoder) readTrailers() error {
	var signature []byte
	signed := false
	var canonical []byte
	blankSkipped := false
	for lines := 0; ; lines++ {
		if lines > maxTrailerLines {
			return errMalformedTrailer()
		}
		line, err := d.readLine(true)
		if err == io.EOF {
			break // tolerated: no final empty line
		}
		if err != nil {
			return err
		}
		if len(line) == 0 {
			// Some encoders put an empty line between the last chunk and
			// the trailers; an empty line after a trailer ends them.
			if d.trailer != "" && len(d.trailers) == 0 && !signed && !blankSkipped {
				if _, err := d.br.Peek(1); err == nil {
					blankSkipped = true
					continue
				}
			}
			break
		}
		if signed {
			return errMalformedTrailer() // the signature comes last
		}
		name, value, ok := bytes.Cut(line, []byte{':'})
		if !ok {
			return errMalformedTrailer()
		}
		n := strings.ToLower(string(bytes.TrimSpace(name)))
		v := string(bytes.TrimSpace(value))
		switch {
		case n == trailerSignature && d.signedTrailer:
			signature, signed = []byte(v), true
		case n != "" && n == d.trailer && d.trailers.Get(n) == "":
			if d.trailers == nil {
				d.trailers = make(http.Header, 1)
			}
			d.trailers[textproto.CanonicalMIMEHeaderKey(n)] = []string{v}
			canonical = append(canonical, n+":"+v+"\n"...)
		default:
			return errMalformedTrailer()
		}
	}
	if d.trailer != "" && len(d.trailers) == 0 {
		return errMalformedTrailer()
	}
	if !d.signedTrailer {
		return nil
	}
	if !signed {
		return errMalformedTrailer()
	}
	sum := sha256.Sum256(canonical)
	d.sts = append(d.sts[:0], trailerAlgorithm+"\n"...)
	d.sts = d.appendScope(d.sts)
	d.sts = hex.AppendEncode(d.sts, sum[:])
	return d.checkSignature(signature, len(signature) == 64)
}
