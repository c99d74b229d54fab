package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// S3Upload is a multipart upload in progress: what the object it completes
// into will carry.
type S3Upload struct {
	UploadID          string `gorm:"primaryKey"`
	Bucket            string
	Key               string `gorm:"column:object_key"`
	Initiator         string // the ARN of who started it
	CreatedAt         time.Time
	ContentType       string
	Headers           string
	Metadata          string
	Tags              string
	ChecksumAlgorithm string
	ChecksumType      string
	StorageClass      string
}

// TableName implements gorm's tabler.
func (S3Upload) TableName() string { return "s3_uploads" }

// S3Part is an uploaded part of a multipart upload.
type S3Part struct {
	UploadID     string `gorm:"primaryKey"`
	PartNumber   int    `gorm:"primaryKey"`
	BlobID       int64
	Size         int64
	ETag         string `gorm:"column:etag"`
	Checksum     string
	LastModified time.Time
}

// TableName implements gorm's tabler.
func (S3Part) TableName() string { return "s3_parts" }

// CreateS3Upload inserts an upload.
func (q *Q) CreateS3Upload(u *S3Upload) error {
	return mapErr("store: create upload", q.db.Create(u).Error)
}

// S3Upload finds an upload of a bucket's key.
func (q *Q) S3Upload(bucket, key, uploadID string) (*S3Upload, error) {
	var u S3Upload
	err := q.db.Where("upload_id = ? AND bucket = ? AND object_key = ?", uploadID, bucket, key).Take(&u).Error
	return &u, mapErr("store: upload", err)
}

// S3Uploads lists a bucket's uploads in key order, then by time, from the
// key-marker and upload-ID marker, keys starting with prefix, at most limit.
func (q *Q) S3Uploads(bucket, prefix, keyMarker, uploadIDMarker string, limit int) ([]S3Upload, error) {
	db := q.db.Where("bucket = ?", bucket)
	if prefix != "" {
		if end := prefixEnd(prefix); end != "" {
			db = db.Where("object_key >= ? AND object_key < ?", prefix, end)
		} else {
			db = db.Where("object_key >= ?", prefix)
		}
	}
	if keyMarker != "" {
		if uploadIDMarker != "" {
			var m S3Upload
			err := q.db.Where("upload_id = ?", uploadIDMarker).Take(&m).Error
			if err == nil {
				db = db.Where("object_key > ? OR (object_key = ? AND (created_at > ? OR (created_at = ? AND upload_id > ?)))",
					keyMarker, keyMarker, m.CreatedAt, m.CreatedAt, m.UploadID)
			} else {
				db = db.Where("object_key > ?", keyMarker)
			}
		} else {
			db = db.Where("object_key > ?", keyMarker)
		}
	}
	var us []S3Upload
	err := db.Order("object_key, created_at, upload_id").Limit(limit).Find(&us).Error
	return us, mapErr("store: list uploads", err)
}

// PutS3Part stores a part, replacing (and releasing the blob of) an earlier
// part of the same number.
func (q *Q) PutS3Part(p *S3Part) error {
	var old S3Part
	err := q.db.Where("upload_id = ? AND part_number = ?", p.UploadID, p.PartNumber).Take(&old).Error
	switch {
	case err == nil:
		if err := q.db.Save(p).Error; err != nil {
			return mapErr("store: put part", err)
		}
		return q.ReleaseS3Blob(old.BlobID, p.LastModified)
	case errors.Is(err, gorm.ErrRecordNotFound):
		return mapErr("store: put part", q.db.Create(p).Error)
	default:
		return mapErr("store: put part", err)
	}
}

// S3Parts lists an upload's parts in order, after the part number marker,
// at most limit (0: all).
func (q *Q) S3Parts(uploadID string, after, limit int) ([]S3Part, error) {
	db := q.db.Where("upload_id = ? AND part_number > ?", uploadID, after).Order("part_number")
	if limit > 0 {
		db = db.Limit(limit)
	}
	var ps []S3Part
	err := db.Find(&ps).Error
	return ps, mapErr("store: list parts", err)
}

// DeleteS3Upload deletes an upload and its parts and releases their blobs
// (a completed object has a blob of its own that shares their chunks).
func (q *Q) DeleteS3Upload(uploadID string, now time.Time) error {
	ps, err := q.S3Parts(uploadID, 0, 0)
	if err != nil {
		return err
	}
	if err := q.db.Exec(`DELETE FROM s3_parts WHERE upload_id = ?`, uploadID).Error; err != nil {
		return mapErr("store: delete upload", err)
	}
	res := q.db.Exec(`DELETE FROM s3_uploads WHERE upload_id = ?`, uploadID)
	if res.Error != nil {
		return mapErr("store: delete upload", res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	for _, p := range ps {
		if err := q.ReleaseS3Blob(p.BlobID, now); err != nil {
			return err
		}
	}
	return nil
}

// S3UploadCount counts the uploads in progress in a bucket.
func (s *Store) S3UploadCount(ctx context.Context, bucket string) (int64, error) {
	var n int64
	err := s.r.WithContext(ctx).Model(&S3Upload{}).Where("bucket = ?", bucket).Count(&n).Error
	return n, mapErr("store: count uploads", err)
}
