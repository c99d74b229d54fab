package s3

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// Object is an object's metadata, as HeadObject and the console show it.
type Object struct {
	Bucket, Key       string
	Size              int64
	ETag              string // quoted, as S3 sends it
	LastModified      time.Time
	ContentType       string
	Headers           Headers
	Metadata          Metadata
	Tags              []Tag
	ChecksumAlgorithm string
	Checksum          string
	ChecksumType      string
	PartsCount        int
	StorageClass      string
	Owner             string // the bucket owner's account ID
}

func objectOf(o *store.S3Object, owner string) *Object {
	return &Object{Bucket: o.Bucket, Key: o.Key, Size: o.Size, ETag: `"` + o.ETag + `"`, LastModified: o.LastModified,
		ContentType: o.ContentType, Headers: headersOf(o.Headers), Metadata: metadataOf(o.Metadata), Tags: tagsOf(o.Tags),
		ChecksumAlgorithm: o.ChecksumAlgorithm, Checksum: o.Checksum, ChecksumType: o.ChecksumType,
		PartsCount: o.PartsCount, StorageClass: o.StorageClass, Owner: owner}
}

// existingTagKeys are the s3:ExistingObjectTag/<key> condition keys of an
// object's tags.
func existingTagKeys(tags string, keys map[string][]string) map[string][]string {
	if keys == nil {
		keys = map[string][]string{}
	}
	for _, t := range tagsOf(tags) {
		keys["s3:ExistingObjectTag/"+t.Key] = []string{t.Value}
	}
	return keys
}

// requestTagKeys are the s3:RequestObjectTag/<key> and
// s3:RequestObjectTagKeys condition keys of tags a request sets.
func requestTagKeys(tags []Tag, keys map[string][]string) map[string][]string {
	if keys == nil {
		keys = map[string][]string{}
	}
	for _, t := range tags {
		keys["s3:RequestObjectTag/"+t.Key] = []string{t.Value}
		keys["s3:RequestObjectTagKeys"] = append(keys["s3:RequestObjectTagKeys"], t.Key)
	}
	return keys
}

// missingKey is S3's answer for an object that does not exist: NoSuchKey
// to a caller who may list the bucket, AccessDenied to anyone else (who
// must not learn which keys exist). S3's message then names the
// s3:ListBucket permission the caller lacks.
func (s *Service) missingKey(ctx context.Context, k *call, b *bucket, key string) error {
	if err := s.decide(ctx, k.c, b, catalog.S3ListBucket.String(), b.arn, nil); err != nil {
		return k.fail(err)
	}
	return k.fail(errNoSuchKey(key))
}

// PutObjectInput stores an object.
type PutObjectInput struct {
	Bucket, Key string
	Body        io.Reader
	// Size is the declared length (Content-Length, or the decoded length of
	// an aws-chunked body), -1 if unknown.
	Size         int64
	ContentType  string
	Headers      Headers
	Metadata     Metadata
	Tagging      string // the x-amz-tagging header
	ACL          string
	StorageClass string
	// ContentMD5 is checked here for bodies that do not check it
	// themselves (see Verified).
	ContentMD5 string
	// IfNoneMatch "*" refuses to overwrite; IfMatch requires the current
	// object's ETag.
	IfNoneMatch, IfMatch string
	// ServerSideEncryption is the requested encryption, "" for the
	// bucket's default (SSE-S3).
	ServerSideEncryption string
}

// PutObjectOutput is what S3 answers a stored object with.
type PutObjectOutput struct {
	ETag                        string // quoted
	Size                        int64
	ChecksumAlgorithm, Checksum string
	ChecksumType                string
}

// storageClasses are the storage classes S3 accepts on PUT.
var storageClasses = map[string]bool{"STANDARD": true, "REDUCED_REDUNDANCY": true, "STANDARD_IA": true, "ONEZONE_IA": true,
	"INTELLIGENT_TIERING": true, "GLACIER": true, "DEEP_ARCHIVE": true, "OUTPOSTS": true, "GLACIER_IR": true, "SNOW": true, "EXPRESS_ONEZONE": true}

// checkObjectInput checks what S3 checks of a PUT before its body.
func checkObjectInput(key string, md Metadata, tagging, acl, storageClass, sse string, size int64) ([]Tag, error) {
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	if err := checkMetadata(md); err != nil {
		return nil, err
	}
	if size > MaxObjectSize {
		return nil, errEntityTooLarge(size, MaxObjectSize)
	}
	if storageClass != "" && !storageClasses[storageClass] {
		return nil, errInvalidArgument("x-amz-storage-class", storageClass, "The storage class you specified is not valid")
	}
	switch sse {
	case "", "AES256", "aws:kms", "aws:kms:dsse":
	default:
		return nil, errInvalidArgument("x-amz-server-side-encryption", sse, "The encryption method specified is not supported")
	}
	tags, err := ParseTagging(tagging)
	if err == nil {
		err = checkTags(tags, MaxObjectTags, true)
	}
	return tags, err
}

// aclAllowed reports whether a canned ACL may be set on an object of a
// bucket with ACLs disabled (Object Ownership BucketOwnerEnforced, S3's
// default): only the ACLs that grant the owner alone.
func aclAllowed(acl string) bool {
	return acl == "" || acl == "private" || acl == "bucket-owner-full-control"
}

func errACLNotSupported() *Error {
	return newError(http.StatusBadRequest, iam.KindInvalid, "AccessControlListNotSupported", "The bucket does not allow ACLs")
}

// PutObject stores an object (s3:PutObject), its body streamed into
// chunks: the object appears whole, with its event, or not at all.
func (s *Service) PutObject(ctx context.Context, c *iam.Caller, in PutObjectInput) (*PutObjectOutput, error) {
	k, b, err := s.objectCall(ctx, c, "PutObject", in.Bucket, in.Key, dataWrite, nil)
	if err != nil {
		return nil, err
	}
	tags, err := checkObjectInput(in.Key, in.Metadata, in.Tagging, in.ACL, in.StorageClass, in.ServerSideEncryption, in.Size)
	if err != nil {
		return nil, k.fail(err)
	}
	keys := requestTagKeys(tags, nil)
	if in.ACL != "" {
		keys["s3:x-amz-acl"] = []string{in.ACL}
	}
	if in.StorageClass != "" {
		keys["s3:x-amz-storage-class"] = []string{in.StorageClass}
	}
	if in.ServerSideEncryption != "" {
		keys["s3:x-amz-server-side-encryption"] = []string{in.ServerSideEncryption}
	}
	if err := k.authorize(ctx, catalog.S3PutObject.String(), ObjectARN(b.name, in.Key), keys); err != nil {
		return nil, err
	}
	if !aclAllowed(in.ACL) {
		return nil, k.fail(errACLNotSupported())
	}
	body, err := s.receive(ctx, in.Body, in.Size, MaxObjectSize)
	if err != nil {
		return nil, k.fail(err)
	}
	if _, ok := in.Body.(Verified); !ok {
		if err := checkMD5(in.ContentMD5, body.md5); err != nil {
			body.discard()
			return nil, k.fail(err)
		}
	}
	row := &store.S3Object{Bucket: b.name, Key: in.Key, Size: body.size, ETag: body.etag(), LastModified: s.iam.Now(),
		ContentType: contentTypeOr(in.ContentType), Headers: in.Headers.json(), Metadata: metadataJSON(in.Metadata),
		Tags: tagsJSON(tags), ChecksumAlgorithm: body.checksumAlg, Checksum: body.checksum, StorageClass: storageClassOr(in.StorageClass)}
	if row.Checksum != "" {
		row.ChecksumType = "FULL_OBJECT"
	}
	k.extra("bytesTransferredIn", body.size)
	if err := s.commitObject(ctx, k, body, row, in.IfNoneMatch, in.IfMatch); err != nil {
		return nil, err
	}
	return &PutObjectOutput{ETag: `"` + row.ETag + `"`, Size: row.Size, ChecksumAlgorithm: row.ChecksumAlgorithm,
		Checksum: row.Checksum, ChecksumType: row.ChecksumType}, nil
}

// commitObject stores a received body as an object, in one transaction
// with its event, checking the write conditions against the object it
// replaces.
func (s *Service) commitObject(ctx context.Context, k *call, body *received, row *store.S3Object, ifNoneMatch, ifMatch string) error {
	err := k.write(ctx, func(q *store.Q) error {
		if ifNoneMatch != "" || ifMatch != "" {
			cur, err := q.S3Object(row.Bucket, row.Key)
			switch {
			case isNotFound(err) && ifMatch != "":
				return errNoSuchKey(row.Key)
			case isNotFound(err):
			case err != nil:
				return err
			case ifNoneMatch == "*":
				return errPreconditionFailed("If-None-Match")
			case ifMatch != "" && !etagMatches(ifMatch, cur.ETag):
				return errPreconditionFailed("If-Match")
			}
		}
		id, err := body.commit(q)
		if err != nil {
			return err
		}
		row.BlobID = id
		if err := q.PutS3Object(row); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return errNoSuchBucket(row.Bucket) // deleted meanwhile
			}
			return err
		}
		return nil
	})
	if err != nil {
		body.discard()
	}
	return err
}

func contentTypeOr(ct string) string {
	if ct == "" {
		return "binary/octet-stream"
	}
	return ct
}

func storageClassOr(sc string) string {
	if sc == "" {
		return "STANDARD"
	}
	return sc
}

// etagMatches reports whether an If-Match/If-None-Match list names etag
// (bare hex): "*", or one of the quoted or bare ETags given.
func etagMatches(list, etag string) bool {
	for v := range strings.SplitSeq(list, ",") {
		v = strings.TrimSpace(v)
		v = strings.TrimPrefix(v, "W/")
		if v == "*" || strings.Trim(v, `"`) == etag {
			return true
		}
	}
	return false
}

// GetObjectInput reads an object or its metadata.
type GetObjectInput struct {
	Bucket, Key string
	// Head makes it HeadObject: metadata only.
	Head                               bool
	Range                              string
	PartNumber                         int
	IfMatch, IfNoneMatch               string
	IfModifiedSince, IfUnmodifiedSince string
	// ChecksumMode asks for the object's checksum (x-amz-checksum-mode).
	ChecksumMode bool
}

// GetObjectOutput is an object with its body (nil for Head), which the
// caller must close.
type GetObjectOutput struct {
	*Object
	Body io.ReadCloser
	// Status is 200, or 206 for a range; ContentRange and Length describe
	// what Body holds.
	Status       int
	ContentRange string
	Length       int64
}

// GetObject reads an object (s3:GetObject; HeadObject needs the same
// permission), with Range and the conditional headers as S3 applies them.
func (s *Service) GetObject(ctx context.Context, c *iam.Caller, in GetObjectInput) (*GetObjectOutput, error) {
	event := "GetObject"
	if in.Head {
		event = "HeadObject"
	}
	k, b, err := s.objectCall(ctx, c, event, in.Bucket, in.Key, dataRead, nil)
	if err != nil {
		return nil, err
	}
	if err := CheckKey(in.Key); err != nil {
		return nil, k.fail(err)
	}
	// A small object comes with its data, in one query; none of it is
	// sent before the caller is authorized.
	row, data, err := s.objectWithData(ctx, b.name, in.Key)
	if err != nil && !isNotFound(err) {
		return nil, k.fail(internal(err))
	}
	var keys map[string][]string
	if row != nil {
		keys = existingTagKeys(row.Tags, nil)
	}
	if err := k.authorize(ctx, catalog.S3GetObject.String(), ObjectARN(b.name, in.Key), keys); err != nil {
		return nil, err
	}
	if row == nil {
		return nil, s.missingKey(ctx, k, b, in.Key)
	}
	if err := preconditions(in, row); err != nil {
		return nil, k.fail(err)
	}
	out := &GetObjectOutput{Object: objectOf(row, b.owner), Status: http.StatusOK, Length: row.Size}
	start, length := int64(0), row.Size
	if in.PartNumber != 0 {
		if in.Range != "" {
			return nil, k.fail(errInvalidRequest("Cannot specify both Range header and partNumber query parameter"))
		}
		if in.PartNumber < 1 || in.PartNumber > max(1, row.PartsCount) || row.PartsCount > 1 {
			return nil, k.fail(newError(http.StatusRequestedRangeNotSatisfiable, iam.KindInvalid, "InvalidPartNumber", "The requested partnumber is not satisfiable"))
		}
		out.Status, out.ContentRange = http.StatusPartialContent, contentRange(0, row.Size, row.Size)
	}
	if r, ok := parseRange(in.Range); ok {
		st, n, err := r.resolve(row.Size, in.Range)
		if err != nil {
			return nil, k.fail(err)
		}
		start, length = st, n
		out.Status, out.ContentRange, out.Length = http.StatusPartialContent, contentRange(st, n, row.Size), n
	}
	if out.Status == http.StatusPartialContent || !in.ChecksumMode {
		// A range has no checksum of its own; S3 sends one only when asked.
		out.Checksum, out.ChecksumAlgorithm, out.ChecksumType = "", "", ""
	}
	if !in.Head {
		if data != nil || row.Size == 0 {
			out.Body = io.NopCloser(bytes.NewReader(data[start : start+length]))
		} else {
			body, err := s.st.OpenS3Blob(ctx, row.BlobID, row.Size, start, length)
			if err != nil {
				return nil, k.fail(internal(err))
			}
			out.Body = body
		}
		k.extra("bytesTransferredOut", length)
	}
	return out, k.read(nil)
}

// preconditions applies If-Match, If-None-Match, If-Modified-Since and
// If-Unmodified-Since as S3 does (RFC 7232, with If-Match winning over a
// failed If-Unmodified-Since, and If-None-Match over If-Modified-Since).
func preconditions(in GetObjectInput, o *store.S3Object) error {
	mod := o.LastModified.Truncate(time.Second)
	if in.IfMatch != "" {
		if !etagMatches(in.IfMatch, o.ETag) {
			return errPreconditionFailed("If-Match")
		}
	} else if t, err := http.ParseTime(in.IfUnmodifiedSince); in.IfUnmodifiedSince != "" && err == nil && mod.After(t) {
		return errPreconditionFailed("If-Unmodified-Since")
	}
	if in.IfNoneMatch != "" {
		if etagMatches(in.IfNoneMatch, o.ETag) {
			return errNotModified()
		}
	} else if t, err := http.ParseTime(in.IfModifiedSince); in.IfModifiedSince != "" && err == nil && !mod.After(t) {
		return errNotModified()
	}
	return nil
}

// byteRange is a Range header's single range: from..to inclusive, or the
// last suffix bytes.
type byteRange struct {
	from, to int64 // to -1: to the end
	suffix   int64 // > 0 for bytes=-N
}

// parseRange parses "bytes=a-b", "bytes=a-" and "bytes=-n". A header S3
// cannot use (another unit, several ranges, bad syntax) is ignored, as
// HTTP allows: the whole object is sent.
func parseRange(h string) (byteRange, bool) {
	spec, ok := strings.CutPrefix(strings.TrimSpace(h), "bytes=")
	if !ok || strings.Contains(spec, ",") {
		return byteRange{}, false
	}
	a, b, ok := strings.Cut(spec, "-")
	if !ok {
		return byteRange{}, false
	}
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return byteRange{}, false
		}
		return byteRange{suffix: n}, true
	}
	from, err := strconv.ParseInt(a, 10, 64)
	if err != nil || from < 0 {
		return byteRange{}, false
	}
	if b == "" {
		return byteRange{from: from, to: -1}, true
	}
	to, err := strconv.ParseInt(b, 10, 64)
	if err != nil || to < from {
		return byteRange{}, false
	}
	return byteRange{from: from, to: to}, true
}

// resolve places the range in an object of size bytes.
func (r byteRange) resolve(size int64, h string) (start, length int64, err error) {
	if r.suffix > 0 {
		if size == 0 {
			return 0, 0, errInvalidRange(size, h)
		}
		n := min(r.suffix, size)
		return size - n, n, nil
	}
	if r.from >= size {
		return 0, 0, errInvalidRange(size, h)
	}
	to := r.to
	if to < 0 || to >= size {
		to = size - 1
	}
	return r.from, to - r.from + 1, nil
}

func contentRange(start, length, size int64) string {
	if length == 0 {
		return "bytes */" + strconv.FormatInt(size, 10)
	}
	return "bytes " + strconv.FormatInt(start, 10) + "-" + strconv.FormatInt(start+length-1, 10) + "/" + strconv.FormatInt(size, 10)
}

// DeleteObject deletes an object (s3:DeleteObject); deleting a key that
// does not exist succeeds, as in S3.
func (s *Service) DeleteObject(ctx context.Context, c *iam.Caller, bucketName, key string) error {
	k, b, err := s.objectCall(ctx, c, "DeleteObject", bucketName, key, dataWrite, nil)
	if err != nil {
		return err
	}
	if err := CheckKey(key); err != nil {
		return k.fail(err)
	}
	if err := k.authorize(ctx, catalog.S3DeleteObject.String(), ObjectARN(b.name, key), nil); err != nil {
		return err
	}
	return k.write(ctx, func(q *store.Q) error {
		_, err := q.DeleteS3Object(b.name, key, s.iam.Now())
		return err
	})
}

// DeleteResult is one key's outcome in DeleteObjects.
type DeleteResult struct {
	Key           string
	Deleted       bool
	Code, Message string
}

// DeleteObjects deletes up to 1,000 objects, each authorized on its own
// (s3:DeleteObject): the keys refused are reported, the others deleted.
func (s *Service) DeleteObjects(ctx context.Context, c *iam.Caller, bucketName string, keys []string) ([]DeleteResult, error) {
	k, b, err := s.bucketCall(ctx, c, "DeleteObjects", bucketName, dataWrite, map[string]any{"delete": ""})
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 || len(keys) > MaxDeleteObjects {
		return nil, k.fail(ErrMalformedXML())
	}
	results := make([]DeleteResult, len(keys))
	var allowed []string
	for i, key := range keys {
		results[i].Key = key
		if err := CheckKey(key); err != nil {
			e := AsError(err)
			results[i].Code, results[i].Message = e.Code(), e.Message()
			continue
		}
		if err := s.decide(ctx, c, b, catalog.S3DeleteObject.String(), ObjectARN(b.name, key), nil); err != nil {
			results[i].Code, results[i].Message = "AccessDenied", "Access Denied"
			continue
		}
		results[i].Deleted = true
		allowed = append(allowed, key)
		k.op.Rec.Resources = append(k.op.Rec.Resources, iam.Resource{ARN: ObjectARN(b.name, key), AccountID: b.owner, Type: "AWS::S3::Object"})
	}
	for _, key := range allowed {
		s.objectChanged(b.name, key)
		defer s.objectChanged(b.name, key)
	}
	err = k.write(ctx, func(q *store.Q) error {
		now := s.iam.Now()
		for _, key := range allowed {
			if _, err := q.DeleteS3Object(b.name, key, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}
