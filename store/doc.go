// Package store is the persistence layer: gorm models, one file per table,
// and the queries the service layer needs. Open keeps one writer connection
// beside a reader pool and runs the embedded migrations of the database's
// dialect with goose; nothing calls AutoMigrate.
//
// The queries are portable SQL and gorm calls. What differs from one SQL
// database to another sits behind the dialect interface (dialect.go), one
// file per dialect: sqlite.go holds SQLite's (the file checks, the pragmas
// and pool sizes, the NOCASE comparisons, the driver's error codes, the
// WAL checkpoints, goose's dialect and the migrations directory). Open
// picks the dialect from its target: a file path is SQLite; a database URL
// this build has no dialect for (postgres://…) is refused.
//
// S3's tables (s3.go, s3_objects.go, s3_uploads.go) hold buckets, objects
// and multipart uploads; object bodies live in the blob store (s3_blobs.go):
// a small body in its blob's own row, a larger one in chunk rows of at most
// S3ChunkSize, written as they stream in and read one at a time, shared
// between blobs (copies, completed uploads) and deleted by
// CollectS3Garbage once nothing refers to them.
//
// Small writes from many requests share transactions through an ordered
// queue (Batch, RotateConsoleSessionLater); console sessions are cached in
// memory, write-through (CachedConsoleSession).
//
// Only this package imports gorm and the SQLite driver; besides them it
// imports goose and iamconsole/migrations. Errors are wrapped with a
// "store:" prefix; ErrNotFound, ErrDuplicate and ErrConflict are the
// sentinels the service layer maps to its own error kinds.
package store
