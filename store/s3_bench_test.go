package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkS3SmallPut is the writer's share of a small PutObject: a blob
// with its data, the object row over the old one, and the call's event, in
// one write of the group commit. It bounds the PUTs a second the single
// writer can take; the 5,000 a second target needs it under 200 µs.
func BenchmarkS3SmallPut(b *testing.B) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(b.TempDir(), "s3.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	now := time.Now()
	err = st.Tx(ctx, func(q *Q) error {
		if err := q.db.Exec(`INSERT INTO accounts (id, name, root_email, root_password_hash, created_at) VALUES ('111122223333', 'a', 'r@e.com', 'x', ?)`, now).Error; err != nil {
			return err
		}
		return q.CreateS3Bucket(&S3Bucket{Name: "bench", AccountID: "111122223333", Region: "us-east-1", CreatedAt: now})
	})
	if err != nil {
		b.Fatal(err)
	}
	data := make([]byte, 1024)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		err := st.Batch(ctx, func(q *Q) error {
			id, err := q.NewS3BlobOf(data, now)
			if err != nil {
				return err
			}
			if err := q.PutS3Object(&S3Object{Bucket: "bench", Key: fmt.Sprintf("k%d", i%64), BlobID: id, Size: 1024, ETag: "x", LastModified: now, StorageClass: "STANDARD"}); err != nil {
				return err
			}
			return q.InsertEvents([]Event{{EventID: fmt.Sprintf("e%d", i), AccountID: "111122223333", EventTime: now, EventName: "PutObject", EventSource: "s3.amazonaws.com", Record: `{"eventVersion":"1.09"}`}})
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
