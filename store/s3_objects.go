package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"
)

var s3ChunkSizeText = strconv.Itoa(S3ChunkSize)

// S3Object is an object's row: its body is the blob BlobID. ETag is the
// bare hex digest (with "-N" for a multipart upload), without quotes;
// Headers, Metadata and Tags are JSON ("" when empty).
type S3Object struct {
	Bucket            string
	Key               string
	BlobID            int64
	Size              int64
	ETag              string
	LastModified      time.Time
	ContentType       string
	Headers           string
	Metadata          string
	Tags              string
	ChecksumAlgorithm string
	Checksum          string
	ChecksumType      string
	PartsCount        int
	StorageClass      string
}

const s3ObjectCols = `bucket, object_key, blob_id, size, etag, last_modified, content_type, headers, metadata, tags,
	checksum_algorithm, checksum, checksum_type, parts_count, storage_class`

const (
	sqlUpsertObject = `INSERT INTO s3_objects (` + s3ObjectCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (bucket, object_key) DO UPDATE SET blob_id = excluded.blob_id, size = excluded.size,
		etag = excluded.etag, last_modified = excluded.last_modified, content_type = excluded.content_type,
		headers = excluded.headers, metadata = excluded.metadata, tags = excluded.tags,
		checksum_algorithm = excluded.checksum_algorithm, checksum = excluded.checksum,
		checksum_type = excluded.checksum_type, parts_count = excluded.parts_count, storage_class = excluded.storage_class`
	sqlObjectBlob   = `SELECT blob_id FROM s3_objects WHERE bucket = ? AND object_key = ?`
	sqlDeleteObject = `DELETE FROM s3_objects WHERE bucket = ? AND object_key = ?`
	sqlObject       = `SELECT ` + s3ObjectCols + ` FROM s3_objects WHERE bucket = ? AND object_key = ?`
)

func scanObject(sc interface{ Scan(...any) error }, o *S3Object) error {
	var mod int64
	err := sc.Scan(&o.Bucket, &o.Key, &o.BlobID, &o.Size, &o.ETag, &mod, &o.ContentType, &o.Headers,
		&o.Metadata, &o.Tags, &o.ChecksumAlgorithm, &o.Checksum, &o.ChecksumType, &o.PartsCount, &o.StorageClass)
	o.LastModified = unixNano(mod)
	return err
}

// unixNano is a time the S3 tables store as Unix nanoseconds.
func unixNano(n int64) time.Time { return time.Unix(0, n).UTC() }

// S3Object reads an object's row: ErrNotFound if there is none.
func (s *Store) S3Object(ctx context.Context, bucket, key string) (*S3Object, error) {
	st, err := s.readStmt(ctx, sqlObject)
	if err != nil {
		return nil, mapErr("store: object", err)
	}
	var o S3Object
	if err := scanObject(st.QueryRowContext(ctx, bucket, key), &o); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, mapErr("store: object", err)
	}
	return &o, nil
}

// sqlObjectWithData reads an object's row with its data when the body is
// one chunk (S3ChunkSize bounds what is read).
var sqlObjectWithData = `SELECT o.bucket, o.object_key, o.blob_id, o.size, o.etag, o.last_modified, o.content_type, o.headers,
	o.metadata, o.tags, o.checksum_algorithm, o.checksum, o.checksum_type, o.parts_count, o.storage_class, COALESCE(b.data, c.data)
	FROM s3_objects o
	JOIN s3_blobs b ON b.id = o.blob_id
	LEFT JOIN s3_blob_chunks m ON m.blob_id = o.blob_id AND m.seq = 0 AND m.size = o.size AND o.size <= ` + s3ChunkSizeText + `
	LEFT JOIN s3_chunks c ON c.id = m.chunk_id
	WHERE o.bucket = ? AND o.object_key = ?`

// S3ObjectWithData reads an object's row and, for a body of one chunk,
// its data (nil otherwise, and for an empty body): a small object in one
// query.
func (s *Store) S3ObjectWithData(ctx context.Context, bucket, key string) (*S3Object, []byte, error) {
	st, err := s.readStmt(ctx, sqlObjectWithData)
	if err != nil {
		return nil, nil, mapErr("store: object", err)
	}
	var o S3Object
	var data []byte
	var mod int64
	err = st.QueryRowContext(ctx, bucket, key).Scan(&o.Bucket, &o.Key, &o.BlobID, &o.Size, &o.ETag, &mod, &o.ContentType,
		&o.Headers, &o.Metadata, &o.Tags, &o.ChecksumAlgorithm, &o.Checksum, &o.ChecksumType, &o.PartsCount, &o.StorageClass, &data)
	o.LastModified = unixNano(mod)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, mapErr("store: object", err)
	}
	if int64(len(data)) != o.Size {
		data = nil
	}
	return &o, data, nil
}

// S3Object reads an object's row inside a write transaction.
func (q *Q) S3Object(bucket, key string) (*S3Object, error) {
	rows, err := q.wquery(sqlObject, bucket, key)
	if err != nil {
		return nil, mapErr("store: object", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, mapErr("store: object", err)
		}
		return nil, ErrNotFound
	}
	var o S3Object
	return &o, mapErr("store: object", scanObject(rows, &o))
}

// PutS3Object stores o, replacing the object of the same key, whose blob
// is released at o.LastModified (by the s3_objects_release trigger, in the
// same statement).
func (q *Q) PutS3Object(o *S3Object) error {
	_, err := q.wexec(sqlUpsertObject, o.Bucket, o.Key, o.BlobID, o.Size, o.ETag, o.LastModified.UnixNano(), o.ContentType,
		o.Headers, o.Metadata, o.Tags, o.ChecksumAlgorithm, o.Checksum, o.ChecksumType, o.PartsCount, o.StorageClass)
	return mapErr("store: put object", err)
}

// objectBlob is the blob of an object, 0 if there is no such object.
func (q *Q) objectBlob(bucket, key string) (int64, error) {
	st, err := q.wstmt(sqlObjectBlob)
	if err != nil {
		return 0, mapErr("store: object", err)
	}
	if q.stmts[sqlObjectBlob] == nil {
		defer st.Close()
	}
	var id int64
	err = st.QueryRowContext(q.ctx(), bucket, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, mapErr("store: object", err)
}

// DeleteS3Object deletes an object and releases its blob at now; it
// reports whether there was one.
func (q *Q) DeleteS3Object(bucket, key string, now time.Time) (bool, error) {
	old, err := q.objectBlob(bucket, key)
	if err != nil || old == 0 {
		return false, err
	}
	if _, err := q.wexec(sqlDeleteObject, bucket, key); err != nil {
		return false, mapErr("store: delete object", err)
	}
	return true, q.ReleaseS3Blob(old, now)
}

// SetS3ObjectTags replaces an object's tag set (JSON, "" for none).
func (q *Q) SetS3ObjectTags(bucket, key, tags string) error {
	res, err := q.wexec(`UPDATE s3_objects SET tags = ? WHERE bucket = ? AND object_key = ?`, tags, bucket, key)
	if err != nil {
		return mapErr("store: object tags", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// S3ObjectEntry is an object as a listing shows it.
type S3ObjectEntry struct {
	Key               string
	Size              int64
	ETag              string
	LastModified      time.Time
	StorageClass      string
	ChecksumAlgorithm string
	ChecksumType      string
}

const sqlListObjects = `SELECT object_key, size, etag, last_modified, storage_class, checksum_algorithm, checksum_type
	FROM s3_objects WHERE bucket = ? AND object_key >= ? AND object_key < ? AND object_key <> ? ORDER BY object_key LIMIT ?`

// S3ObjectEntries lists up to limit objects of a bucket in key order, from
// the key from (inclusive, unless it equals skip) up to but not including
// to ("" for no bound).
func (s *Store) S3ObjectEntries(ctx context.Context, bucket, from, to, skip string, limit int) ([]S3ObjectEntry, error) {
	st, err := s.readStmt(ctx, sqlListObjects)
	if err != nil {
		return nil, mapErr("store: list objects", err)
	}
	if to == "" {
		to = "\xff\xff\xff\xff" // above every UTF-8 key
	}
	rows, err := st.QueryContext(ctx, bucket, from, to, skip, limit)
	if err != nil {
		return nil, mapErr("store: list objects", err)
	}
	defer rows.Close()
	out := make([]S3ObjectEntry, 0, min(limit, 1024))
	for rows.Next() {
		var e S3ObjectEntry
		var mod int64
		if err := rows.Scan(&e.Key, &e.Size, &e.ETag, &mod, &e.StorageClass, &e.ChecksumAlgorithm, &e.ChecksumType); err != nil {
			return nil, mapErr("store: list objects", err)
		}
		e.LastModified = unixNano(mod)
		out = append(out, e)
	}
	return out, mapErr("store: list objects", rows.Err())
}

// PrefixEnd is the least string greater than every string that starts
// with prefix ("" when there is none).
func PrefixEnd(prefix string) string { return prefixEnd(prefix) }
