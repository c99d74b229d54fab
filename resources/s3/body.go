package s3

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"net/http"
	"sync"

	"iamconsole/iam"
	"iamconsole/iam/sigv4"
	"iamconsole/store"
)

// Verified is what a request body that checks itself as it streams (a
// SigV4 payload: signed chunks, a signed SHA-256, Content-MD5, checksums)
// reports once read to its end. A body that does not implement it is
// hashed here.
type Verified interface {
	// MD5 is the body's MD5, nil before the end.
	MD5() []byte
	// Checksum is the request's checksum, verified: S3's algorithm name and
	// the base64 value, "", "" if none.
	Checksum() (algorithm, value string)
}

// received is a body stored in a blob as it streamed in: the full chunks
// already written, the last one held for the commit transaction, so that a
// small object is written in one transaction with its row and event.
type received struct {
	s      *Service
	ctx    context.Context
	blobID int64 // 0 until the first chunk was written
	seq    int
	pos    int64
	tail   []byte
	size   int64
	md5    []byte
	// checksum is the request's verified checksum, if any.
	checksumAlg, checksum string
}

// receive reads body to its end into a new blob, one chunk in memory at a
// time (a second while the previous one is written), and fails with
// EntityTooLarge past max bytes. declared is the body's declared length
// (-1 if unknown): a small body gets a buffer of its own size. A body that fails (a bad signature, a
// checksum that does not match, a connection that broke off) leaves
// nothing behind: what was written is deleted, and the garbage collector
// deletes what a crash left.
func (s *Service) receive(ctx context.Context, body io.Reader, declared, max int64) (*received, error) {
	r := &received{s: s, ctx: ctx}
	if body == nil {
		body = http.NoBody
	}
	v, verifies := body.(Verified)
	var h hash.Hash
	if !verifies {
		h = md5.New()
	}
	// A small body gets a buffer one byte longer than declared, so that a
	// longer body shows; a large one, chunk-sized buffers from a pool. The
	// buffer that ends up holding the last chunk is kept (the commit writes
	// it); the others go back.
	var buf []byte
	if declared >= 0 && declared < store.S3ChunkSize {
		buf = make([]byte, declared+1)
	} else {
		buf = getChunkBuffer()
	}
	var spare []byte
	var flushing chan error
	wait := func() error {
		if flushing == nil {
			return nil
		}
		err := <-flushing
		flushing = nil
		return err
	}
	release := func() {
		putChunkBuffer(spare)
		spare = nil
	}
	fail := func(err error) (*received, error) {
		if werr := wait(); werr != nil && err == nil {
			err = werr
		}
		release()
		putChunkBuffer(buf)
		r.discard()
		return nil, err
	}
	for {
		n, err := io.ReadFull(body, buf)
		if n > 0 {
			if h != nil {
				h.Write(buf[:n])
			}
			r.size += int64(n)
			if r.size > max {
				return fail(errEntityTooLarge(r.size, max))
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			r.tail = buf[:n]
			break
		}
		if err != nil {
			return fail(bodyError(err))
		}
		if len(buf) < store.S3ChunkSize {
			// Longer than declared, and shorter than a chunk so far: carry
			// on in a chunk-sized buffer.
			big := getChunkBuffer()
			copy(big, buf)
			rest, err := io.ReadFull(body, big[len(buf):])
			n, buf = len(buf)+rest, big
			if h != nil {
				h.Write(big[n-rest : n])
			}
			r.size += int64(rest)
			if r.size > max {
				return fail(errEntityTooLarge(r.size, max))
			}
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				r.tail = buf[:n]
				break
			}
			if err != nil {
				return fail(bodyError(err))
			}
		}
		// A full chunk, and maybe more to come: write it while the next
		// one is read.
		if err := wait(); err != nil {
			return fail(err)
		}
		chunk, seq, pos := buf, r.seq, r.pos
		r.seq, r.pos = r.seq+1, r.pos+int64(len(chunk))
		flushing = make(chan error, 1)
		go func() { flushing <- r.write(chunk, seq, pos) }()
		if spare == nil {
			spare = getChunkBuffer()
		}
		buf, spare = spare, chunk
	}
	if err := wait(); err != nil {
		return fail(err)
	}
	release()
	if verifies {
		r.md5 = v.MD5()
		r.checksumAlg, r.checksum = v.Checksum()
	} else {
		r.md5 = h.Sum(nil)
	}
	return r, nil
}

// chunkBuffers are the chunk-sized buffers of large bodies, reused.
var chunkBuffers = sync.Pool{New: func() any { b := make([]byte, store.S3ChunkSize); return &b }}

func getChunkBuffer() []byte { return (*chunkBuffers.Get().(*[]byte))[:store.S3ChunkSize] }

// putChunkBuffer returns a chunk-sized buffer to the pool; others are left
// to the collector.
func putChunkBuffer(b []byte) {
	if cap(b) == store.S3ChunkSize {
		b = b[:store.S3ChunkSize]
		chunkBuffers.Put(&b)
	}
}

// bodyError is the S3 error for a body that could not be read: the
// payload's own error (a signature or checksum mismatch), EntityTooLarge
// past the server's bound, or IncompleteBody for a body that broke off.
func bodyError(err error) error {
	var tooLarge *http.MaxBytesError
	var se *Error
	var ve *sigv4.Error
	switch {
	case errors.As(err, &tooLarge):
		return errEntityTooLarge(tooLarge.Limit+1, tooLarge.Limit)
	case errors.As(err, &se):
		return se
	case errors.As(err, &ve):
		return AsError(ve)
	}
	return newError(http.StatusBadRequest, iam.KindInvalid, "IncompleteBody",
		"You did not provide the number of bytes specified by the Content-Length HTTP header")
}

// write stores one full chunk in its own transaction, creating the blob
// with the first one.
func (r *received) write(chunk []byte, seq int, pos int64) error {
	return r.s.st.Batch(r.ctx, func(q *store.Q) error {
		if r.blobID == 0 {
			id, err := q.NewS3Blob(r.s.iam.Now())
			if err != nil {
				return err
			}
			r.blobID = id
		}
		return q.AppendS3Chunk(r.blobID, seq, pos, chunk)
	})
}

// commit writes the last chunk inside the caller's transaction and returns
// the blob's ID.
func (r *received) commit(q *store.Q) (int64, error) {
	id := r.blobID
	if id == 0 {
		return q.NewS3BlobOf(r.tail, r.s.iam.Now())
	}
	if err := q.AppendS3Chunk(id, r.seq, r.pos, r.tail); err != nil {
		return 0, err
	}
	return id, nil
}

// discard deletes what was written of a body that will not be committed.
func (r *received) discard() {
	if r == nil || r.blobID == 0 {
		return
	}
	id := r.blobID
	r.blobID = 0
	// The request's context may be done (the client went away): the
	// deletion must happen all the same. What a crash leaves, the garbage
	// collector deletes.
	if err := r.s.st.Batch(context.Background(), func(q *store.Q) error { return q.DeleteS3Blob(id) }); err != nil {
		r.s.log.Error("s3: discard upload", "blob", id, "err", err)
	}
}

// etag is the ETag of a received body: its MD5 in hex.
func (r *received) etag() string { return hex.EncodeToString(r.md5) }

// checkMD5 compares a Content-MD5 header with the body received, for
// bodies that do not check it themselves.
func checkMD5(header string, got []byte) error {
	if header == "" {
		return nil
	}
	want, err := base64.StdEncoding.DecodeString(header)
	if err != nil || len(want) != md5.Size {
		return errInvalidDigest()
	}
	if string(want) != string(got) {
		return errBadDigest()
	}
	return nil
}
