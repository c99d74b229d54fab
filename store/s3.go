package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"gorm.io/gorm"
)

// The S3 tables are read and written with database/sql statements prepared
// once per connection pool: the object paths run thousands of times a
// second, and bodies are bound as []byte, which gorm would expand.

// s3Stmts caches the reader pool's prepared S3 statements by their text.
type s3Stmts struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// readStmt returns the reader pool's prepared statement of text.
func (s *Store) readStmt(ctx context.Context, text string) (*sql.Stmt, error) {
	s.s3.mu.Lock()
	defer s.s3.mu.Unlock()
	if st, ok := s.s3.m[text]; ok {
		return st, nil
	}
	db, err := s.r.DB()
	if err != nil {
		return nil, err
	}
	st, err := db.PrepareContext(ctx, s.d.rebind(text))
	if err != nil {
		return nil, err
	}
	if s.s3.m == nil {
		s.s3.m = map[string]*sql.Stmt{}
	}
	s.s3.m[text] = st
	return st, nil
}

func (s *Store) closeS3Stmts() {
	s.s3.mu.Lock()
	defer s.s3.mu.Unlock()
	for _, st := range s.s3.m {
		st.Close()
	}
	s.s3.m = nil
}

// sqlTx is the database/sql transaction under a write Q: the group
// commit's, or the one gorm opened for Tx.
func (q *Q) sqlTx() (*sql.Tx, error) {
	if q.tx != nil {
		return q.tx, nil
	}
	if tx, ok := q.db.Statement.ConnPool.(*sql.Tx); ok {
		return tx, nil
	}
	return nil, errors.New("store: not in a write transaction")
}

func (q *Q) ctx() context.Context {
	if ctx := q.db.Statement.Context; ctx != nil {
		return ctx
	}
	return context.Background()
}

// wstmt returns the writer's prepared statement of text bound to q's
// transaction.
func (q *Q) wstmt(text string) (*sql.Stmt, error) {
	tx, err := q.sqlTx()
	if err != nil {
		return nil, err
	}
	ctx := q.ctx()
	if st := q.stmts[text]; st != nil {
		return tx.StmtContext(ctx, st), nil
	}
	// Preparing here would need a second connection while the transaction
	// holds the writer's only one: statements are prepared on the
	// transaction itself and cached on it.
	return tx.PrepareContext(ctx, q.d.rebind(text))
}

// wexec runs a write statement in q's transaction.
func (q *Q) wexec(text string, args ...any) (sql.Result, error) {
	st, err := q.wstmt(text)
	if err != nil {
		return nil, err
	}
	if q.stmts[text] == nil {
		defer st.Close()
	}
	return st.ExecContext(q.ctx(), args...)
}

// wquery runs a query in q's transaction.
func (q *Q) wquery(text string, args ...any) (*sql.Rows, error) {
	tx, err := q.sqlTx()
	if err != nil {
		return nil, err
	}
	return tx.QueryContext(q.ctx(), q.d.rebind(text), args...)
}

// S3Bucket is an S3 bucket. Policy, PublicAccessBlock and Tags are nil when
// the bucket has none.
type S3Bucket struct {
	Name              string `gorm:"primaryKey"`
	AccountID         string
	Region            string
	CreatedAt         time.Time
	Policy            *string
	PublicAccessBlock *string
	Tags              *string
}

// TableName implements gorm's tabler.
func (S3Bucket) TableName() string { return "s3_buckets" }

// CreateS3Bucket inserts b; ErrDuplicate when the name is taken.
func (q *Q) CreateS3Bucket(b *S3Bucket) error {
	return mapErr("store: create bucket "+b.Name, q.db.Create(b).Error)
}

// S3Bucket finds a bucket by name.
func (q *Q) S3Bucket(name string) (*S3Bucket, error) {
	var b S3Bucket
	err := q.db.Where("name = ?", name).Take(&b).Error
	return &b, mapErr("store: bucket "+name, err)
}

// S3Buckets lists an account's buckets in name order: those whose names
// start with prefix and sort after after, at most limit (0: all).
func (q *Q) S3Buckets(accountID, prefix, after string, limit int) ([]S3Bucket, error) {
	db := q.db.Where("account_id = ? AND name > ?", accountID, after)
	if prefix != "" {
		db = db.Where("name >= ? AND name < ?", prefix, prefixEnd(prefix))
	}
	if limit > 0 {
		db = db.Limit(limit)
	}
	var bs []S3Bucket
	err := db.Order("name").Find(&bs).Error
	return bs, mapErr("store: list buckets", err)
}

// S3BucketCount counts an account's buckets.
func (q *Q) S3BucketCount(accountID string) (int64, error) {
	var n int64
	err := q.db.Model(&S3Bucket{}).Where("account_id = ?", accountID).Count(&n).Error
	return n, mapErr("store: count buckets", err)
}

// DeleteS3Bucket deletes an empty bucket: ErrConflict while it holds
// objects or multipart uploads, ErrNotFound if it does not exist.
func (q *Q) DeleteS3Bucket(name string) error {
	var n int64
	err := q.db.Raw(`SELECT (SELECT count(*) FROM (SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1))
		+ (SELECT count(*) FROM (SELECT 1 FROM s3_uploads WHERE bucket = ? LIMIT 1))`, name, name).Scan(&n).Error
	if err != nil {
		return mapErr("store: delete bucket "+name, err)
	}
	if n > 0 {
		return ErrConflict
	}
	res := q.db.Exec(`DELETE FROM s3_buckets WHERE name = ?`, name)
	if res.Error == nil && res.RowsAffected == 0 {
		return mapErr("store: delete bucket "+name, gorm.ErrRecordNotFound)
	}
	return mapErr("store: delete bucket "+name, res.Error)
}

// S3BucketColumn names a bucket's configuration column that
// SetS3BucketConfig writes.
type S3BucketColumn string

// The bucket configuration columns.
const (
	S3BucketPolicy            S3BucketColumn = "policy"
	S3BucketPublicAccessBlock S3BucketColumn = "public_access_block"
	S3BucketTags              S3BucketColumn = "tags"
)

// SetS3BucketConfig sets (or, with nil, removes) one configuration column
// of a bucket.
func (q *Q) SetS3BucketConfig(name string, col S3BucketColumn, value *string) error {
	switch col {
	case S3BucketPolicy, S3BucketPublicAccessBlock, S3BucketTags:
	default:
		return errors.New("store: unknown bucket column " + string(col))
	}
	res := q.db.Exec(`UPDATE s3_buckets SET `+string(col)+` = ? WHERE name = ?`, value, name)
	if res.Error == nil && res.RowsAffected == 0 {
		return mapErr("store: bucket "+name, gorm.ErrRecordNotFound)
	}
	return mapErr("store: bucket "+name, res.Error)
}

// prefixEnd is the least string greater than every string that starts with
// prefix, for a range scan ("" when there is none: prefix is all 0xff).
func prefixEnd(prefix string) string {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1])
		}
	}
	return ""
}
