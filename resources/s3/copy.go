package s3

import (
	"context"
	"net/http"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// CopyObjectInput copies an object. The copy shares the source's stored
// chunks, so a copy of any size costs the same.
type CopyObjectInput struct {
	Bucket, Key             string
	SourceBucket, SourceKey string
	// MetadataDirective and TaggingDirective are COPY (the default) or
	// REPLACE, which takes ContentType, Headers, Metadata and Tagging.
	MetadataDirective, TaggingDirective string
	ContentType                         string
	Headers                             Headers
	Metadata                            Metadata
	Tagging                             string
	ACL, StorageClass                   string
	ServerSideEncryption                string
	// The x-amz-copy-source-if-* conditions.
	IfMatch, IfNoneMatch, IfModifiedSince, IfUnmodifiedSince string
}

// CopyObjectOutput is CopyObject's result.
type CopyObjectOutput struct {
	ETag              string // quoted
	LastModified      time.Time
	ChecksumAlgorithm string
	Checksum          string
	ChecksumType      string
}

// CopyObject copies an object: s3:GetObject on the source and s3:PutObject
// on the target.
func (s *Service) CopyObject(ctx context.Context, c *iam.Caller, in CopyObjectInput) (*CopyObjectOutput, error) {
	params := map[string]any{"x-amz-copy-source": in.SourceBucket + "/" + in.SourceKey}
	k, b, err := s.objectCall(ctx, c, "CopyObject", in.Bucket, in.Key, dataWrite, params)
	if err != nil {
		return nil, err
	}
	switch in.MetadataDirective {
	case "":
		in.MetadataDirective = "COPY"
	case "COPY", "REPLACE":
	default:
		return nil, k.fail(errInvalidArgument("x-amz-metadata-directive", in.MetadataDirective, "Unknown metadata directive."))
	}
	switch in.TaggingDirective {
	case "":
		in.TaggingDirective = "COPY"
	case "COPY", "REPLACE":
	default:
		return nil, k.fail(errInvalidArgument("x-amz-tagging-directive", in.TaggingDirective, "Unknown tagging directive."))
	}
	tags, err := checkObjectInput(in.Key, in.Metadata, in.Tagging, in.ACL, in.StorageClass, in.ServerSideEncryption, 0)
	if err != nil {
		return nil, k.fail(err)
	}
	if err := CheckKey(in.SourceKey); err != nil {
		return nil, k.fail(err)
	}
	src := b
	if in.SourceBucket != in.Bucket {
		if src, err = s.bucket(ctx, in.SourceBucket); err != nil {
			return nil, k.fail(err)
		}
	}
	k.op.Rec.Resources = append(k.op.Rec.Resources,
		iam.Resource{ARN: ObjectARN(src.name, in.SourceKey), AccountID: src.owner, Type: "AWS::S3::Object"},
		iam.Resource{ARN: src.arn, AccountID: src.owner, Type: "AWS::S3::Bucket"})
	row, err := s.st.S3Object(ctx, src.name, in.SourceKey)
	if err != nil && !isNotFound(err) {
		return nil, k.fail(internal(err))
	}
	var srcKeys map[string][]string
	if row != nil {
		srcKeys = existingTagKeys(row.Tags, nil)
	}
	if err := s.decide(ctx, c, src, catalog.S3GetObject.String(), ObjectARN(src.name, in.SourceKey), srcKeys); err != nil {
		return nil, k.fail(err)
	}
	if row == nil {
		return nil, s.missingKey(ctx, k, src, in.SourceKey)
	}
	if in.TaggingDirective == "COPY" {
		tags = tagsOf(row.Tags)
	}
	keys := requestTagKeys(tags, nil)
	if in.ACL != "" {
		keys["s3:x-amz-acl"] = []string{in.ACL}
	}
	if in.StorageClass != "" {
		keys["s3:x-amz-storage-class"] = []string{in.StorageClass}
	}
	keys["s3:x-amz-copy-source"] = []string{in.SourceBucket + "/" + in.SourceKey}
	keys["s3:x-amz-metadata-directive"] = []string{in.MetadataDirective}
	if err := k.authorize(ctx, catalog.S3PutObject.String(), ObjectARN(b.name, in.Key), keys); err != nil {
		return nil, err
	}
	if !aclAllowed(in.ACL) {
		return nil, k.fail(errACLNotSupported())
	}
	if err := copyPreconditions(in, row); err != nil {
		return nil, k.fail(err)
	}
	if row.Size > MaxObjectSize {
		return nil, k.fail(errInvalidRequest("The specified copy source is larger than the maximum allowable size for a copy source: 5368709120"))
	}
	if src.name == b.name && in.SourceKey == in.Key && in.MetadataDirective == "COPY" && in.StorageClass == "" && in.ServerSideEncryption == "" {
		return nil, k.fail(errInvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes."))
	}
	dst := *row
	dst.Bucket, dst.Key, dst.LastModified, dst.Tags = b.name, in.Key, s.iam.Now(), tagsJSON(tags)
	if in.MetadataDirective == "REPLACE" {
		dst.ContentType, dst.Headers, dst.Metadata = contentTypeOr(in.ContentType), in.Headers.json(), metadataJSON(in.Metadata)
	}
	if in.StorageClass != "" {
		dst.StorageClass = in.StorageClass
	}
	err = k.write(ctx, func(q *store.Q) error {
		id, _, err := q.ConcatS3Blobs([]int64{row.BlobID}, dst.LastModified)
		if err != nil {
			return err
		}
		dst.BlobID = id
		return q.PutS3Object(&dst)
	})
	if err != nil {
		return nil, err
	}
	out := &CopyObjectOutput{ETag: `"` + dst.ETag + `"`, LastModified: dst.LastModified}
	if dst.ChecksumType == "FULL_OBJECT" {
		out.ChecksumAlgorithm, out.Checksum, out.ChecksumType = dst.ChecksumAlgorithm, dst.Checksum, dst.ChecksumType
	}
	return out, nil
}

// copyPreconditions applies the x-amz-copy-source-if-* headers: every
// failure is 412, and If-Match (If-None-Match) wins over a failed
// If-Unmodified-Since (If-Modified-Since), as S3 documents.
func copyPreconditions(in CopyObjectInput, o *store.S3Object) error {
	g := GetObjectInput{IfMatch: in.IfMatch, IfNoneMatch: in.IfNoneMatch,
		IfModifiedSince: in.IfModifiedSince, IfUnmodifiedSince: in.IfUnmodifiedSince}
	if err := preconditions(g, o); err != nil {
		if e := AsError(err); e.Status == http.StatusNotModified {
			return errPreconditionFailed("x-amz-copy-source-If-None-Match")
		}
		return errPreconditionFailed("x-amz-copy-source-If-Match")
	}
	return nil
}

// GetObjectTagging returns an object's tags (s3:GetObjectTagging).
func (s *Service) GetObjectTagging(ctx context.Context, c *iam.Caller, bucketName, key string) ([]Tag, error) {
	k, b, err := s.objectCall(ctx, c, "GetObjectTagging", bucketName, key, dataRead, map[string]any{"tagging": ""})
	if err != nil {
		return nil, err
	}
	row, err := s.taggedObject(ctx, k, b, key, catalog.S3GetObjectTagging.String(), nil)
	if err != nil {
		return nil, err
	}
	return tagsOf(row.Tags), k.read(nil)
}

// taggedObject finds and authorizes the object of a tagging call.
func (s *Service) taggedObject(ctx context.Context, k *call, b *bucket, key, action string, keys map[string][]string) (*store.S3Object, error) {
	if err := CheckKey(key); err != nil {
		return nil, k.fail(err)
	}
	row, err := s.st.S3Object(ctx, b.name, key)
	if err != nil && !isNotFound(err) {
		return nil, k.fail(internal(err))
	}
	if row != nil {
		keys = existingTagKeys(row.Tags, keys)
	}
	if err := k.authorize(ctx, action, ObjectARN(b.name, key), keys); err != nil {
		return nil, err
	}
	if row == nil {
		return nil, k.fail(errNoSuchKey(key))
	}
	return row, nil
}

// PutObjectTagging replaces an object's tags (s3:PutObjectTagging).
func (s *Service) PutObjectTagging(ctx context.Context, c *iam.Caller, bucketName, key string, tags []Tag) error {
	k, b, err := s.objectCall(ctx, c, "PutObjectTagging", bucketName, key, dataWrite, map[string]any{"tagging": ""})
	if err != nil {
		return err
	}
	if _, err := s.taggedObject(ctx, k, b, key, catalog.S3PutObjectTagging.String(), requestTagKeys(tags, nil)); err != nil {
		return err
	}
	if err := checkTags(tags, MaxObjectTags, true); err != nil {
		return k.fail(err)
	}
	return k.write(ctx, func(q *store.Q) error {
		err := q.SetS3ObjectTags(b.name, key, tagsJSON(tags))
		if isNotFound(err) {
			return errNoSuchKey(key)
		}
		return err
	})
}

// DeleteObjectTagging removes an object's tags (s3:DeleteObjectTagging).
func (s *Service) DeleteObjectTagging(ctx context.Context, c *iam.Caller, bucketName, key string) error {
	k, b, err := s.objectCall(ctx, c, "DeleteObjectTagging", bucketName, key, dataWrite, map[string]any{"tagging": ""})
	if err != nil {
		return err
	}
	if _, err := s.taggedObject(ctx, k, b, key, catalog.S3DeleteObjectTagging.String(), nil); err != nil {
		return err
	}
	return k.write(ctx, func(q *store.Q) error {
		err := q.SetS3ObjectTags(b.name, key, "")
		if isNotFound(err) {
			return errNoSuchKey(key)
		}
		return err
	})
}
