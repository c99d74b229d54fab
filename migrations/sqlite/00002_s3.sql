-- Simulated Amazon S3: buckets, objects, multipart uploads and the chunked
-- blobs that hold object bodies.

-- +goose Up

-- Bucket names are global, as in S3. policy is the bucket policy as written
-- (NULL: none); public_access_block holds the four Block Public Access flags
-- as "0"/"1" in the order BlockPublicAcls, IgnorePublicAcls,
-- BlockPublicPolicy, RestrictPublicBuckets (NULL: no configuration); tags is
-- the bucket's tag set as JSON (NULL: none).
CREATE TABLE s3_buckets (
    name                TEXT PRIMARY KEY,
    account_id          TEXT NOT NULL REFERENCES accounts(id),
    region              TEXT NOT NULL,
    created_at          DATETIME NOT NULL,
    policy              TEXT,
    public_access_block TEXT,
    tags                TEXT
);
CREATE INDEX s3_buckets_account ON s3_buckets(account_id, name);

-- A blob is one body (an object's, a part's) as an ordered list of chunks,
-- or, for a small one, data in its own row. Times of the blob and object
-- tables are Unix nanoseconds: listings read thousands of them, and an
-- integer costs nothing to read. released_at is set when nothing refers to the blob any more; the garbage
-- collector deletes released blobs after a grace period (reads in flight
-- finish first), and blobs never referenced (an upload that broke off)
-- after a longer one.
CREATE TABLE s3_blobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    size        INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    released_at INTEGER,
    data        BLOB
);
CREATE INDEX s3_blobs_released ON s3_blobs(released_at);

-- Chunks are immutable; several blobs may share one (a copied object, a
-- completed multipart upload and its parts).
CREATE TABLE s3_chunks (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    data BLOB NOT NULL
);

-- pos is the chunk's offset in the blob, for ranged reads.
CREATE TABLE s3_blob_chunks (
    blob_id  INTEGER NOT NULL REFERENCES s3_blobs(id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    pos      INTEGER NOT NULL,
    size     INTEGER NOT NULL,
    chunk_id INTEGER NOT NULL REFERENCES s3_chunks(id),
    PRIMARY KEY (blob_id, seq)
) WITHOUT ROWID;
CREATE INDEX s3_blob_chunks_chunk ON s3_blob_chunks(chunk_id);

-- object_key compares byte by byte (SQLite's BINARY collation on UTF-8),
-- which is the order S3 lists keys in. headers, metadata and tags are JSON.
CREATE TABLE s3_objects (
    bucket             TEXT NOT NULL REFERENCES s3_buckets(name),
    object_key         TEXT NOT NULL,
    blob_id            INTEGER NOT NULL REFERENCES s3_blobs(id),
    size               INTEGER NOT NULL,
    etag               TEXT NOT NULL,
    last_modified      INTEGER NOT NULL,
    content_type       TEXT NOT NULL DEFAULT '',
    headers            TEXT NOT NULL DEFAULT '',
    metadata           TEXT NOT NULL DEFAULT '',
    tags               TEXT NOT NULL DEFAULT '',
    checksum_algorithm TEXT NOT NULL DEFAULT '',
    checksum           TEXT NOT NULL DEFAULT '',
    checksum_type      TEXT NOT NULL DEFAULT '',
    parts_count        INTEGER NOT NULL DEFAULT 0,
    storage_class      TEXT NOT NULL DEFAULT 'STANDARD',
    PRIMARY KEY (bucket, object_key)
) WITHOUT ROWID;
CREATE INDEX s3_objects_blob ON s3_objects(blob_id);

-- An object given a new body releases its old one, in the same statement
-- (an upsert fires it too).
-- +goose StatementBegin
CREATE TRIGGER s3_objects_release AFTER UPDATE OF blob_id ON s3_objects
WHEN OLD.blob_id <> NEW.blob_id
BEGIN
    UPDATE s3_blobs SET released_at = NEW.last_modified WHERE id = OLD.blob_id AND released_at IS NULL;
END;
-- +goose StatementEnd

-- A multipart upload in progress and its parts.
CREATE TABLE s3_uploads (
    upload_id          TEXT PRIMARY KEY,
    bucket             TEXT NOT NULL REFERENCES s3_buckets(name),
    object_key         TEXT NOT NULL,
    initiator          TEXT NOT NULL,
    created_at         DATETIME NOT NULL,
    content_type       TEXT NOT NULL DEFAULT '',
    headers            TEXT NOT NULL DEFAULT '',
    metadata           TEXT NOT NULL DEFAULT '',
    tags               TEXT NOT NULL DEFAULT '',
    checksum_algorithm TEXT NOT NULL DEFAULT '',
    checksum_type      TEXT NOT NULL DEFAULT '',
    storage_class      TEXT NOT NULL DEFAULT 'STANDARD'
);
CREATE INDEX s3_uploads_bucket ON s3_uploads(bucket, object_key, created_at);

CREATE TABLE s3_parts (
    upload_id     TEXT NOT NULL REFERENCES s3_uploads(upload_id) ON DELETE CASCADE,
    part_number   INTEGER NOT NULL,
    blob_id       INTEGER NOT NULL REFERENCES s3_blobs(id),
    size          INTEGER NOT NULL,
    etag          TEXT NOT NULL,
    checksum      TEXT NOT NULL DEFAULT '',
    last_modified DATETIME NOT NULL,
    PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;
CREATE INDEX s3_parts_blob ON s3_parts(blob_id);

-- +goose Down
DROP TABLE s3_parts;
DROP TABLE s3_uploads;
DROP TABLE s3_objects;
DROP TABLE s3_blob_chunks;
DROP TABLE s3_chunks;
DROP TABLE s3_blobs;
DROP TABLE s3_buckets;
