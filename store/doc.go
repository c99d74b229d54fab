// Package store is the persistence layer: gorm models, one file per table,
// and the queries the service layer needs. Open keeps one writer connection
// beside a reader pool and runs the embedded migrations of the database's
// dialect with goose; nothing calls AutoMigrate.
//
// The queries are portable SQL and gorm calls. What differs from one SQL
// database to another sits behind the dialect interface (dialect.go), one
// file per dialect: sqlite.go holds SQLite's (the file checks, the pragmas
// and pool sizes, the NOCASE comparisons, the driver's error codes, the
// WAL checkpoints, goose's dialect and the migrations directory),
// postgres.go PostgreSQL's (pgx through gorm's driver, $n placeholders,
// lower() under the "C" collation for names that ignore case, SQLSTATE
// codes, an advisory lock around migrations, LISTEN/NOTIFY). Open picks
// the dialect from its target: a postgres:// URL is PostgreSQL, anything
// else the path of an SQLite file; other database URLs are refused.
//
// Several instances may share a PostgreSQL database (changes.go): a write
// that changes IAM configuration moves a generation row in its own
// transaction, Sync and the console session read check it before anything
// cached is used, and notifications tell the other instances at once. The
// console session cache is off there: every request reads its row.
//
// S3's tables (s3.go, s3_objects.go, s3_uploads.go) hold buckets, objects
// and multipart uploads; object bodies live in the blob store (s3_blobs.go):
// a small body in its blob's own row, a larger one in chunk rows of at most
// S3ChunkSize, written as they stream in and read one at a time, shared
// between blobs (copies, completed uploads) and deleted by
// CollectS3Garbage once nothing refers to them.
// DynamoDB's (dynamodb_tables.go, dynamodb_items.go), EC2's
// (ec2_instances.go) and the labs' (labs.go) tables follow. On PostgreSQL
// an INSERT returns its generated id (RETURNING), text holds no NUL
// character, so S3 keys and the event columns a lookup filters on are kept
// escaped in an order-preserving way (escKey), and range bounds that are
// not UTF-8 are moved to the next UTF-8 string (validCeil): listings keep
// S3's byte order on both dialects.
//
// Small writes from many requests share transactions through an ordered
// queue (Batch, RotateConsoleSessionLater); console sessions are cached in
// memory, write-through (CachedConsoleSession), on SQLite. Export and
// Import move the whole store between databases of either dialect.
//
// Only this package imports gorm and the database drivers (glebarez/sqlite,
// gorm's postgres driver and pgx); besides them it imports goose and
// iamconsole/migrations. Its storetest package gives tests fresh databases
// of each dialect. Errors are wrapped with a "store:" prefix; ErrNotFound,
// ErrDuplicate and ErrConflict are the sentinels the service layer maps to
// its own error kinds.
package store
