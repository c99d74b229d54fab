package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"
)

// S3ChunkSize is the largest chunk a body is stored in. A writer holds one
// chunk (two while the previous one is being written), so it bounds the
// memory an upload takes whatever the object's size.
const S3ChunkSize = 1 << 20

// S3InlineSize is the largest body kept in its blob's own row rather than
// in chunks: a small object is written with one statement.
const S3InlineSize = 64 << 10

// Statements of the blob store; those of the hot paths are prepared for the
// group commit (see batchSQL).
const (
	sqlNewBlob       = `INSERT INTO s3_blobs (size, created_at) VALUES (?, ?)`
	sqlInsertChunk   = `INSERT INTO s3_chunks (data) VALUES (?)`
	sqlInsertMapping = `INSERT INTO s3_blob_chunks (blob_id, seq, pos, size, chunk_id) VALUES (?, ?, ?, ?, ?)`
	sqlBlobSize      = `UPDATE s3_blobs SET size = ? WHERE id = ?`
	sqlReleaseBlob   = `UPDATE s3_blobs SET released_at = ? WHERE id = ? AND released_at IS NULL`
	sqlBlobChunks    = `SELECT seq, pos, size, chunk_id FROM s3_blob_chunks WHERE blob_id = ? AND pos + size > ? AND pos < ? ORDER BY seq`
	sqlChunkData     = `SELECT data FROM s3_chunks WHERE id = ?`
	sqlInlineBlob    = `INSERT INTO s3_blobs (size, created_at, data) VALUES (?, ?, ?)`
	sqlSmallBlob     = `SELECT b.data, m.pos, c.data FROM s3_blobs b LEFT JOIN s3_blob_chunks m ON m.blob_id = b.id
		LEFT JOIN s3_chunks c ON c.id = m.chunk_id WHERE b.id = ? ORDER BY m.seq`
)

// s3BatchSQL are the S3 statements the group commit prepares.
var s3BatchSQL = []string{sqlNewBlob, sqlInlineBlob, sqlInsertChunk, sqlInsertMapping, sqlBlobSize, sqlReleaseBlob,
	sqlUpsertObject, sqlObjectBlob, sqlDeleteObject}

// NewS3Blob creates an empty blob and returns its ID.
func (q *Q) NewS3Blob(now time.Time) (int64, error) {
	return q.newS3Blob(0, now)
}

func (q *Q) newS3Blob(size int64, now time.Time) (int64, error) {
	res, err := q.wexec(sqlNewBlob, size, now.UnixNano())
	if err != nil {
		return 0, mapErr("store: new blob", err)
	}
	id, err := res.LastInsertId()
	return id, mapErr("store: new blob", err)
}

// NewS3BlobOf creates a blob of data, at most a chunk, and returns its
// ID: data up to S3InlineSize in the blob's own row (one statement), more
// as one chunk.
func (q *Q) NewS3BlobOf(data []byte, now time.Time) (int64, error) {
	if len(data) > 0 && len(data) <= S3InlineSize {
		res, err := q.wexec(sqlInlineBlob, len(data), now.UnixNano(), data)
		if err != nil {
			return 0, mapErr("store: new blob", err)
		}
		id, err := res.LastInsertId()
		return id, mapErr("store: new blob", err)
	}
	id, err := q.newS3Blob(int64(len(data)), now)
	if err != nil || len(data) == 0 {
		return id, err
	}
	return id, q.insertChunk(id, 0, 0, data)
}

func (q *Q) insertChunk(blobID int64, seq int, pos int64, data []byte) error {
	res, err := q.wexec(sqlInsertChunk, data)
	if err != nil {
		return mapErr("store: blob chunk", err)
	}
	chunkID, err := res.LastInsertId()
	if err != nil {
		return mapErr("store: blob chunk", err)
	}
	_, err = q.wexec(sqlInsertMapping, blobID, seq, pos, len(data), chunkID)
	return mapErr("store: blob chunk", err)
}

// AppendS3Chunk stores data as chunk seq of a blob, at offset pos, and
// records the blob's size so far (pos + len(data)).
func (q *Q) AppendS3Chunk(blobID int64, seq int, pos int64, data []byte) error {
	if len(data) == 0 {
		return nil
	}
	if err := q.insertChunk(blobID, seq, pos, data); err != nil {
		return err
	}
	_, err := q.wexec(sqlBlobSize, pos+int64(len(data)), blobID)
	return mapErr("store: blob chunk", err)
}

// ReleaseS3Blob marks a blob as referred to by nothing: the garbage
// collector deletes it once the grace period for reads in flight is over.
func (q *Q) ReleaseS3Blob(blobID int64, at time.Time) error {
	_, err := q.wexec(sqlReleaseBlob, at.UnixNano(), blobID)
	return mapErr("store: release blob", err)
}

// ConcatS3Blobs creates a blob made of the chunks of srcs, in order,
// without copying their data: the chunks are shared. It returns the new
// blob's ID and size.
func (q *Q) ConcatS3Blobs(srcs []int64, now time.Time) (int64, int64, error) {
	id, err := q.NewS3Blob(now)
	if err != nil {
		return 0, 0, err
	}
	var seq, pos int64
	for _, src := range srcs {
		if data, err := q.inlineData(src); err != nil {
			return 0, 0, err
		} else if data != nil {
			// A small body has no chunks to share: it becomes one.
			if err := q.insertChunk(id, int(seq), pos, data); err != nil {
				return 0, 0, err
			}
			seq, pos = seq+1, pos+int64(len(data))
			continue
		}
		var n, size int64
		rows, err := q.wquery(`SELECT count(*), COALESCE(SUM(size), 0) FROM s3_blob_chunks WHERE blob_id = ?`, src)
		if err != nil {
			return 0, 0, mapErr("store: concat blobs", err)
		}
		if rows.Next() {
			err = rows.Scan(&n, &size)
		}
		rows.Close()
		if err != nil {
			return 0, 0, mapErr("store: concat blobs", err)
		}
		if _, err := q.wexec(`INSERT INTO s3_blob_chunks (blob_id, seq, pos, size, chunk_id)
			SELECT ?, seq + ?, pos + ?, size, chunk_id FROM s3_blob_chunks WHERE blob_id = ?`, id, seq, pos, src); err != nil {
			return 0, 0, mapErr("store: concat blobs", err)
		}
		seq, pos = seq+n, pos+size
	}
	if _, err := q.wexec(sqlBlobSize, pos, id); err != nil {
		return 0, 0, mapErr("store: concat blobs", err)
	}
	return id, pos, nil
}

// inlineData is the data a blob keeps in its own row, nil for a chunked
// blob.
func (q *Q) inlineData(id int64) ([]byte, error) {
	rows, err := q.wquery(`SELECT data FROM s3_blobs WHERE id = ?`, id)
	if err != nil {
		return nil, mapErr("store: blob", err)
	}
	defer rows.Close()
	var data []byte
	if rows.Next() {
		if err := rows.Scan(&data); err != nil {
			return nil, mapErr("store: blob", err)
		}
	}
	return data, mapErr("store: blob", rows.Err())
}

// S3BlobChunk is one chunk of a blob: its place and size.
type S3BlobChunk struct {
	Seq     int
	Pos     int64
	Size    int64
	ChunkID int64
}

// S3BlobChunks lists the chunks of a blob that overlap [from, to).
func (s *Store) S3BlobChunks(ctx context.Context, blobID, from, to int64) ([]S3BlobChunk, error) {
	st, err := s.readStmt(ctx, sqlBlobChunks)
	if err != nil {
		return nil, mapErr("store: blob chunks", err)
	}
	rows, err := st.QueryContext(ctx, blobID, from, to)
	if err != nil {
		return nil, mapErr("store: blob chunks", err)
	}
	defer rows.Close()
	var out []S3BlobChunk
	for rows.Next() {
		var c S3BlobChunk
		if err := rows.Scan(&c.Seq, &c.Pos, &c.Size, &c.ChunkID); err != nil {
			return nil, mapErr("store: blob chunks", err)
		}
		out = append(out, c)
	}
	return out, mapErr("store: blob chunks", rows.Err())
}

// ErrBlobGone means a chunk of a blob being read was deleted: the object
// was overwritten or deleted longer ago than the read grace period.
var ErrBlobGone = errors.New("store: blob chunk gone")

// writeS3Chunk writes bytes [from, to) of a chunk to w.
func (s *Store) writeS3Chunk(ctx context.Context, w io.Writer, chunkID int64, from, to int64) (int64, error) {
	st, err := s.readStmt(ctx, sqlChunkData)
	if err != nil {
		return 0, mapErr("store: blob chunk", err)
	}
	rows, err := st.QueryContext(ctx, chunkID)
	if err != nil {
		return 0, mapErr("store: blob chunk", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return 0, mapErr("store: blob chunk", err)
		}
		return 0, ErrBlobGone
	}
	var data sql.RawBytes
	if err := rows.Scan(&data); err != nil {
		return 0, mapErr("store: blob chunk", err)
	}
	if to > int64(len(data)) || from > to {
		return 0, fmt.Errorf("store: blob chunk %d is %d bytes, not %d", chunkID, len(data), to)
	}
	n, err := w.Write(data[from:to])
	return int64(n), err
}

// OpenS3Blob returns a reader of length bytes of a blob of size bytes
// from offset, reading one chunk at a time. A negative length reads to the
// end. A blob no larger than a chunk is read in one query.
func (s *Store) OpenS3Blob(ctx context.Context, blobID, size, offset, length int64) (*S3BlobReader, error) {
	to := int64(1 << 62)
	if length >= 0 {
		to = offset + length
	}
	if size >= 0 && size <= S3ChunkSize {
		data, err := s.smallBlob(ctx, blobID, size)
		if err != nil {
			return nil, err
		}
		to = min(to, int64(len(data)))
		if offset > to {
			offset = to
		}
		return &S3BlobReader{s: s, ctx: ctx, buf: data[:to], bufPos: 0, pos: offset, end: to}, nil
	}
	chunks, err := s.S3BlobChunks(ctx, blobID, offset, to)
	if err != nil {
		return nil, err
	}
	return &S3BlobReader{s: s, ctx: ctx, chunks: chunks, pos: offset, end: to}, nil
}

// smallBlob reads the whole of a blob of at most one chunk's size.
func (s *Store) smallBlob(ctx context.Context, blobID, size int64) ([]byte, error) {
	st, err := s.readStmt(ctx, sqlSmallBlob)
	if err != nil {
		return nil, mapErr("store: blob", err)
	}
	rows, err := st.QueryContext(ctx, blobID)
	if err != nil {
		return nil, mapErr("store: blob", err)
	}
	defer rows.Close()
	out := make([]byte, 0, size)
	for rows.Next() {
		var pos sql.NullInt64
		var inline, data sql.RawBytes
		if err := rows.Scan(&inline, &pos, &data); err != nil {
			return nil, mapErr("store: blob", err)
		}
		if inline != nil {
			out = append(out[:0], inline...)
			break
		}
		if !pos.Valid {
			break // an empty blob
		}
		if pos.Int64 != int64(len(out)) {
			return nil, ErrBlobGone
		}
		out = append(out, data...)
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr("store: blob", err)
	}
	if int64(len(out)) != size {
		return nil, ErrBlobGone
	}
	return out, nil
}

// S3BlobReader streams a range of a blob. WriteTo, which io.Copy uses,
// writes each chunk straight from the database row.
type S3BlobReader struct {
	s      *Store
	ctx    context.Context
	chunks []S3BlobChunk
	pos    int64 // the next byte to read, in the blob
	end    int64
	buf    []byte // Read's current chunk, from bufPos in the blob
	bufPos int64
}

// WriteTo writes the rest of the range to w.
func (r *S3BlobReader) WriteTo(w io.Writer) (int64, error) {
	var total int64
	if len(r.buf) > 0 {
		n, err := w.Write(r.buf[r.pos-r.bufPos:])
		total += int64(n)
		r.pos += int64(n)
		r.buf = nil
		if err != nil {
			return total, err
		}
	}
	for len(r.chunks) > 0 {
		c := r.chunks[0]
		if r.pos >= c.Pos+c.Size || r.pos >= r.end {
			r.chunks = r.chunks[1:]
			continue
		}
		from, to := r.pos-c.Pos, min(c.Size, r.end-c.Pos)
		n, err := r.s.writeS3Chunk(r.ctx, w, c.ChunkID, from, to)
		total += n
		r.pos += n
		if err != nil {
			return total, err
		}
		r.chunks = r.chunks[1:]
	}
	return total, nil
}

// Read reads the range into p.
func (r *S3BlobReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 || r.pos >= r.bufPos+int64(len(r.buf)) {
		r.buf = nil
		if len(r.chunks) == 0 || r.pos >= r.end {
			return 0, io.EOF
		}
		c := r.chunks[0]
		r.chunks = r.chunks[1:]
		if r.pos >= c.Pos+c.Size {
			continue
		}
		var b bytesWriter
		to := min(c.Size, r.end-c.Pos)
		if _, err := r.s.writeS3Chunk(r.ctx, &b, c.ChunkID, r.pos-c.Pos, to); err != nil {
			return 0, err
		}
		r.buf, r.bufPos = b, r.pos
	}
	n := copy(p, r.buf[r.pos-r.bufPos:])
	r.pos += int64(n)
	return n, nil
}

// Close releases the reader.
func (r *S3BlobReader) Close() error { r.chunks, r.buf = nil, nil; return nil }

type bytesWriter []byte

func (b *bytesWriter) Write(p []byte) (int, error) { *b = append(*b, p...); return len(p), nil }

// CollectS3Garbage deletes the blobs released before released and those
// never referenced that were created before abandoned (uploads that broke
// off), with every chunk no other blob shares. It returns how many blobs it
// deleted. Each blob goes in its own short transaction, so that other
// writes are never held up for long.
func (s *Store) CollectS3Garbage(ctx context.Context, released, abandoned time.Time) (int, error) {
	var ids []int64
	err := s.r.WithContext(ctx).Raw(`SELECT id FROM s3_blobs WHERE released_at < ?
		UNION SELECT b.id FROM s3_blobs b WHERE b.released_at IS NULL AND b.created_at < ?
			AND NOT EXISTS (SELECT 1 FROM s3_objects o WHERE o.blob_id = b.id)
			AND NOT EXISTS (SELECT 1 FROM s3_parts p WHERE p.blob_id = b.id)`, released.UnixNano(), abandoned.UnixNano()).Scan(&ids).Error
	if err != nil {
		return 0, mapErr("store: find garbage", err)
	}
	n := 0
	for _, id := range ids {
		err := s.Batch(ctx, func(q *Q) error { return q.DeleteS3Blob(id) })
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// DeleteS3Blob deletes a blob that nothing refers to, and the chunks that
// only it held; a blob still referred to is left as it is.
func (q *Q) DeleteS3Blob(id int64) error {
	// A blob still referred to is kept: the foreign keys refuse the delete.
	rows, err := q.wquery(`SELECT chunk_id FROM s3_blob_chunks WHERE blob_id = ?`, id)
	if err != nil {
		return mapErr("store: delete blob", err)
	}
	var chunks []int64
	for rows.Next() {
		var c int64
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return mapErr("store: delete blob", err)
		}
		chunks = append(chunks, c)
	}
	rows.Close()
	if _, err := q.wexec(`DELETE FROM s3_blobs WHERE id = ?`, id); err != nil {
		if errors.Is(mapErr("", err), ErrConflict) {
			return nil
		}
		return mapErr("store: delete blob", err)
	}
	for _, c := range chunks {
		if _, err := q.wexec(`DELETE FROM s3_chunks WHERE id = ? AND NOT EXISTS (SELECT 1 FROM s3_blob_chunks WHERE chunk_id = ?)`, c, c); err != nil {
			return mapErr("store: delete chunk", err)
		}
	}
	return nil
}

// S3Usage is the space the blob store takes.
type S3Usage struct {
	Blobs, Chunks, Bytes int64
}

// S3Usage counts blobs and chunks, for tests that check nothing was left
// behind.
func (s *Store) S3Usage(ctx context.Context) (S3Usage, error) {
	var u S3Usage
	err := s.r.WithContext(ctx).Raw(`SELECT (SELECT count(*) FROM s3_blobs), (SELECT count(*) FROM s3_chunks),
		(SELECT COALESCE(SUM(length(data)), 0) FROM s3_chunks) + (SELECT COALESCE(SUM(length(data)), 0) FROM s3_blobs)`).Row().Scan(&u.Blobs, &u.Chunks, &u.Bytes)
	return u, mapErr("store: s3 usage", err)
}
