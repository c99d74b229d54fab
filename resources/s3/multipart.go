package s3

import (
	"context"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"hash"
	"hash/crc32"
	"io"
	"strconv"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// CreateMultipartUploadInput starts a multipart upload: what the object
// will carry once completed.
type CreateMultipartUploadInput struct {
	Bucket, Key          string
	ContentType          string
	Headers              Headers
	Metadata             Metadata
	Tagging              string
	ACL, StorageClass    string
	ServerSideEncryption string
	// ChecksumAlgorithm is x-amz-checksum-algorithm; ChecksumType
	// x-amz-checksum-type (COMPOSITE or FULL_OBJECT).
	ChecksumAlgorithm, ChecksumType string
}

// Upload is a multipart upload in progress.
type Upload struct {
	UploadID, Bucket, Key string
	Initiator             string
	Owner                 string
	Initiated             time.Time
	StorageClass          string
	ChecksumAlgorithm     string
	ChecksumType          string
}

func newUploadID() string {
	b := make([]byte, 48)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// CreateMultipartUpload starts a multipart upload (s3:PutObject).
func (s *Service) CreateMultipartUpload(ctx context.Context, c *iam.Caller, in CreateMultipartUploadInput) (*Upload, error) {
	k, b, err := s.objectCall(ctx, c, "CreateMultipartUpload", in.Bucket, in.Key, dataWrite, map[string]any{"uploads": ""})
	if err != nil {
		return nil, err
	}
	tags, err := checkObjectInput(in.Key, in.Metadata, in.Tagging, in.ACL, in.StorageClass, in.ServerSideEncryption, 0)
	if err != nil {
		return nil, k.fail(err)
	}
	alg := strings.ToUpper(in.ChecksumAlgorithm)
	switch alg {
	case "", "CRC32", "CRC32C", "SHA1", "SHA256", "CRC64NVME":
	default:
		return nil, k.fail(errInvalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]"))
	}
	ctype := strings.ToUpper(in.ChecksumType)
	switch {
	case ctype == "" && alg == "CRC64NVME":
		ctype = "FULL_OBJECT"
	case ctype == "" && alg != "":
		ctype = "COMPOSITE"
	case ctype != "" && ctype != "COMPOSITE" && ctype != "FULL_OBJECT":
		return nil, k.fail(errInvalidRequest("Value for x-amz-checksum-type header is invalid."))
	}
	keys := requestTagKeys(tags, nil)
	if in.ACL != "" {
		keys["s3:x-amz-acl"] = []string{in.ACL}
	}
	if err := k.authorize(ctx, catalog.S3PutObject.String(), ObjectARN(b.name, in.Key), keys); err != nil {
		return nil, err
	}
	if !aclAllowed(in.ACL) {
		return nil, k.fail(errACLNotSupported())
	}
	u := &store.S3Upload{UploadID: newUploadID(), Bucket: b.name, Key: in.Key, Initiator: c.ARN, CreatedAt: s.iam.Now(),
		ContentType: contentTypeOr(in.ContentType), Headers: in.Headers.json(), Metadata: metadataJSON(in.Metadata),
		Tags: tagsJSON(tags), ChecksumAlgorithm: alg, ChecksumType: ctype, StorageClass: storageClassOr(in.StorageClass)}
	k.op.Rec.ResponseElements = map[string]any{"uploadId": u.UploadID}
	if err := k.write(ctx, func(q *store.Q) error { return q.CreateS3Upload(u) }); err != nil {
		return nil, err
	}
	return uploadOf(u, b.owner), nil
}

func uploadOf(u *store.S3Upload, owner string) *Upload {
	return &Upload{UploadID: u.UploadID, Bucket: u.Bucket, Key: u.Key, Initiator: u.Initiator, Owner: owner,
		Initiated: u.CreatedAt, StorageClass: u.StorageClass, ChecksumAlgorithm: u.ChecksumAlgorithm, ChecksumType: u.ChecksumType}
}

// upload finds an upload of the call's bucket and key: NoSuchUpload when
// there is none.
func (s *Service) upload(ctx context.Context, bucket, key, uploadID string) (*store.S3Upload, error) {
	u, err := s.st.Read(ctx).S3Upload(bucket, key, uploadID)
	if isNotFound(err) {
		return nil, errNoSuchUpload(uploadID)
	}
	if err != nil {
		return nil, internal(err)
	}
	return u, nil
}

// UploadPartInput uploads one part: a body, or a range of an existing
// object (UploadPartCopy).
type UploadPartInput struct {
	Bucket, Key, UploadID string
	PartNumber            int
	Body                  io.Reader
	Size                  int64
	ContentMD5            string
	// CopySource names the object a part is copied from ("" for a body);
	// CopySourceRange is "bytes=first-last".
	CopySourceBucket, CopySourceKey, CopySourceRange string
}

// Part is an uploaded part.
type Part struct {
	PartNumber   int
	ETag         string // quoted
	Size         int64
	LastModified time.Time
	Checksum     string
}

// UploadPart stores one part of a multipart upload (s3:PutObject; a copy
// also needs s3:GetObject on its source).
func (s *Service) UploadPart(ctx context.Context, c *iam.Caller, in UploadPartInput) (*Part, error) {
	event := "UploadPart"
	if in.CopySourceKey != "" {
		event = "UploadPartCopy"
	}
	params := map[string]any{"uploadId": in.UploadID, "partNumber": strconv.Itoa(in.PartNumber)}
	k, b, err := s.objectCall(ctx, c, event, in.Bucket, in.Key, dataWrite, params)
	if err != nil {
		return nil, err
	}
	if err := CheckKey(in.Key); err != nil {
		return nil, k.fail(err)
	}
	if in.PartNumber < 1 || in.PartNumber > MaxParts {
		return nil, k.fail(errInvalidArgument("partNumber", strconv.Itoa(in.PartNumber), "Part number must be an integer between 1 and 10000, inclusive"))
	}
	if in.Size > MaxObjectSize {
		return nil, k.fail(errEntityTooLarge(in.Size, MaxObjectSize))
	}
	if err := k.authorize(ctx, catalog.S3PutObject.String(), ObjectARN(b.name, in.Key), nil); err != nil {
		return nil, err
	}
	u, err := s.upload(ctx, b.name, in.Key, in.UploadID)
	if err != nil {
		return nil, k.fail(err)
	}
	body := in.Body
	if in.CopySourceKey != "" {
		src, err := s.partSource(ctx, k, in)
		if err != nil {
			return nil, err
		}
		defer src.Close()
		body = src
	}
	declared := in.Size
	if in.CopySourceKey != "" {
		declared = -1
	}
	rec, err := s.receive(ctx, body, declared, MaxObjectSize)
	if err != nil {
		return nil, k.fail(err)
	}
	if _, ok := in.Body.(Verified); !ok && in.CopySourceKey == "" {
		if err := checkMD5(in.ContentMD5, rec.md5); err != nil {
			rec.discard()
			return nil, k.fail(err)
		}
	}
	if u.ChecksumAlgorithm != "" && rec.checksumAlg != "" && rec.checksumAlg != u.ChecksumAlgorithm {
		rec.discard()
		return nil, k.fail(errInvalidRequest("Checksum Type mismatch occurred, expected checksum Type: " +
			strings.ToLower(u.ChecksumAlgorithm) + ", actual checksum Type: " + strings.ToLower(rec.checksumAlg)))
	}
	p := &store.S3Part{UploadID: u.UploadID, PartNumber: in.PartNumber, Size: rec.size, ETag: rec.etag(),
		Checksum: rec.checksum, LastModified: s.iam.Now()}
	k.extra("bytesTransferredIn", rec.size)
	err = k.write(ctx, func(q *store.Q) error {
		// The upload may have been completed or aborted meanwhile.
		if _, err := q.S3Upload(b.name, in.Key, in.UploadID); err != nil {
			if isNotFound(err) {
				return errNoSuchUpload(in.UploadID)
			}
			return err
		}
		id, err := rec.commit(q)
		if err != nil {
			return err
		}
		p.BlobID = id
		return q.PutS3Part(p)
	})
	if err != nil {
		rec.discard()
		return nil, err
	}
	return &Part{PartNumber: p.PartNumber, ETag: `"` + p.ETag + `"`, Size: p.Size, LastModified: p.LastModified, Checksum: p.Checksum}, nil
}

// partSource opens the byte range an UploadPartCopy copies, authorized
// with s3:GetObject on the source object.
func (s *Service) partSource(ctx context.Context, k *call, in UploadPartInput) (io.ReadCloser, error) {
	if err := CheckKey(in.CopySourceKey); err != nil {
		return nil, k.fail(err)
	}
	src, err := s.bucket(ctx, in.CopySourceBucket)
	if err != nil {
		return nil, k.fail(err)
	}
	row, err := s.st.S3Object(ctx, src.name, in.CopySourceKey)
	if err != nil && !isNotFound(err) {
		return nil, k.fail(internal(err))
	}
	var keys map[string][]string
	if row != nil {
		keys = existingTagKeys(row.Tags, nil)
	}
	if err := s.decide(ctx, k.c, src, catalog.S3GetObject.String(), ObjectARN(src.name, in.CopySourceKey), keys); err != nil {
		return nil, k.fail(err)
	}
	if row == nil {
		return nil, s.missingKey(ctx, k, src, in.CopySourceKey)
	}
	start, length := int64(0), row.Size
	if in.CopySourceRange != "" {
		r, ok := parseRange(in.CopySourceRange)
		if !ok || r.suffix > 0 || r.to < 0 {
			return nil, k.fail(errInvalidArgument("x-amz-copy-source-range", in.CopySourceRange,
				"The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy"))
		}
		if r.to >= row.Size {
			return nil, k.fail(errInvalidRequest("The specified copy range is invalid for the source object size"))
		}
		start, length = r.from, r.to-r.from+1
	}
	body, err := s.st.OpenS3Blob(ctx, row.BlobID, row.Size, start, length)
	if err != nil {
		return nil, k.fail(internal(err))
	}
	return body, nil
}

// CompletedPart is one part a CompleteMultipartUpload request lists.
type CompletedPart struct {
	PartNumber int
	ETag       string
	Checksum   string // the part's checksum of the upload's algorithm, if given
}

// CompleteMultipartUpload assembles the listed parts into the object
// (s3:PutObject), without copying their data. Its ETag is S3's: the MD5 of
// the parts' binary MD5s, then "-" and the number of parts.
func (s *Service) CompleteMultipartUpload(ctx context.Context, c *iam.Caller, bucketName, key, uploadID string, parts []CompletedPart) (*PutObjectOutput, error) {
	k, b, err := s.objectCall(ctx, c, "CompleteMultipartUpload", bucketName, key, dataWrite, map[string]any{"uploadId": uploadID})
	if err != nil {
		return nil, err
	}
	if err := CheckKey(key); err != nil {
		return nil, k.fail(err)
	}
	if err := k.authorize(ctx, catalog.S3PutObject.String(), ObjectARN(b.name, key), nil); err != nil {
		return nil, err
	}
	u, err := s.upload(ctx, b.name, key, uploadID)
	if err != nil {
		return nil, k.fail(err)
	}
	if len(parts) == 0 {
		return nil, k.fail(ErrMalformedXML())
	}
	stored, err := s.st.Read(ctx).S3Parts(uploadID, 0, 0)
	if err != nil {
		return nil, k.fail(internal(err))
	}
	byNumber := make(map[int]store.S3Part, len(stored))
	for _, p := range stored {
		byNumber[p.PartNumber] = p
	}
	sum := md5.New()
	var blobs []int64
	var size int64
	var checksums []string
	for i, cp := range parts {
		if i > 0 && cp.PartNumber <= parts[i-1].PartNumber {
			return nil, k.fail(errInvalidPartOrder())
		}
		if p, ok := byNumber[cp.PartNumber]; !ok || strings.Trim(cp.ETag, `"`) != p.ETag {
			return nil, k.fail(errInvalidPart(cp.PartNumber, cp.ETag))
		}
	}
	for i, cp := range parts {
		p := byNumber[cp.PartNumber]
		if i < len(parts)-1 && p.Size < MinPartSize {
			return nil, k.fail(errEntityTooSmall(p.Size, p.PartNumber, cp.ETag))
		}
		raw, _ := hex.DecodeString(p.ETag)
		sum.Write(raw)
		blobs = append(blobs, p.BlobID)
		size += p.Size
		checksums = append(checksums, p.Checksum)
	}
	if size > MaxMultipartSize {
		return nil, k.fail(errEntityTooLarge(size, MaxMultipartSize))
	}
	row := &store.S3Object{Bucket: b.name, Key: key, Size: size, ETag: hex.EncodeToString(sum.Sum(nil)) + "-" + strconv.Itoa(len(parts)),
		LastModified: s.iam.Now(), ContentType: u.ContentType, Headers: u.Headers, Metadata: u.Metadata, Tags: u.Tags,
		PartsCount: len(parts), StorageClass: u.StorageClass}
	if u.ChecksumType == "COMPOSITE" {
		if v, ok := compositeChecksum(u.ChecksumAlgorithm, checksums); ok {
			row.ChecksumAlgorithm, row.Checksum, row.ChecksumType = u.ChecksumAlgorithm, v, "COMPOSITE"
		}
	}
	k.op.Rec.ResponseElements = map[string]any{"bucket": b.name, "key": key, "eTag": row.ETag}
	err = k.write(ctx, func(q *store.Q) error {
		if _, err := q.S3Upload(b.name, key, uploadID); err != nil {
			if isNotFound(err) {
				return errNoSuchUpload(uploadID)
			}
			return err
		}
		id, _, err := q.ConcatS3Blobs(blobs, row.LastModified)
		if err != nil {
			return err
		}
		row.BlobID = id
		if err := q.PutS3Object(row); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return errNoSuchBucket(b.name)
			}
			return err
		}
		return q.DeleteS3Upload(uploadID, row.LastModified)
	})
	if err != nil {
		return nil, err
	}
	return &PutObjectOutput{ETag: `"` + row.ETag + `"`, Size: size, ChecksumAlgorithm: row.ChecksumAlgorithm,
		Checksum: row.Checksum, ChecksumType: row.ChecksumType}, nil
}

// compositeChecksum is S3's checksum of a multipart object of the
// COMPOSITE type: the checksum of the parts' binary checksums, then "-N".
func compositeChecksum(alg string, parts []string) (string, bool) {
	var h hash.Hash
	switch alg {
	case "CRC32":
		h = crc32.NewIEEE()
	case "CRC32C":
		h = crc32.New(crc32.MakeTable(crc32.Castagnoli))
	case "SHA1":
		h = sha1.New()
	case "SHA256":
		h = sha256.New()
	default:
		return "", false
	}
	for _, p := range parts {
		raw, err := base64.StdEncoding.DecodeString(p)
		if p == "" || err != nil {
			return "", false
		}
		h.Write(raw)
	}
	return base64.StdEncoding.EncodeToString(h.Sum(nil)) + "-" + strconv.Itoa(len(parts)), true
}

// AbortMultipartUpload discards an upload and its parts
// (s3:AbortMultipartUpload).
func (s *Service) AbortMultipartUpload(ctx context.Context, c *iam.Caller, bucketName, key, uploadID string) error {
	k, b, err := s.objectCall(ctx, c, "AbortMultipartUpload", bucketName, key, dataWrite, map[string]any{"uploadId": uploadID})
	if err != nil {
		return err
	}
	if err := k.authorize(ctx, catalog.S3AbortMultipartUpload.String(), ObjectARN(b.name, key), nil); err != nil {
		return err
	}
	if _, err := s.upload(ctx, b.name, key, uploadID); err != nil {
		return k.fail(err)
	}
	return k.write(ctx, func(q *store.Q) error {
		err := q.DeleteS3Upload(uploadID, s.iam.Now())
		if isNotFound(err) {
			return errNoSuchUpload(uploadID)
		}
		return err
	})
}

// ListPartsOutput is one page of an upload's parts.
type ListPartsOutput struct {
	Upload               *Upload
	Parts                []Part
	PartNumberMarker     int
	NextPartNumberMarker int
	MaxParts             int
	IsTruncated          bool
}

// ListParts lists an upload's parts (s3:ListMultipartUploadParts).
func (s *Service) ListParts(ctx context.Context, c *iam.Caller, bucketName, key, uploadID string, marker, maxParts int) (*ListPartsOutput, error) {
	k, b, err := s.objectCall(ctx, c, "ListParts", bucketName, key, dataRead, map[string]any{"uploadId": uploadID})
	if err != nil {
		return nil, err
	}
	if err := k.authorize(ctx, catalog.S3ListMultipartUploadParts.String(), ObjectARN(b.name, key), nil); err != nil {
		return nil, err
	}
	u, err := s.upload(ctx, b.name, key, uploadID)
	if err != nil {
		return nil, k.fail(err)
	}
	if maxParts < 0 || maxParts > 1000 {
		maxParts = 1000
	}
	ps, err := s.st.Read(ctx).S3Parts(uploadID, marker, maxParts+1)
	if err != nil {
		return nil, k.fail(internal(err))
	}
	out := &ListPartsOutput{Upload: uploadOf(u, b.owner), PartNumberMarker: marker, MaxParts: maxParts}
	for i, p := range ps {
		if i == maxParts {
			out.IsTruncated = true
			break
		}
		out.Parts = append(out.Parts, Part{PartNumber: p.PartNumber, ETag: `"` + p.ETag + `"`, Size: p.Size, LastModified: p.LastModified, Checksum: p.Checksum})
		out.NextPartNumberMarker = p.PartNumber
	}
	return out, k.read(nil)
}

// ListUploadsInput pages through a bucket's multipart uploads.
type ListUploadsInput struct {
	Bucket, Prefix, Delimiter, KeyMarker, UploadIDMarker string
	MaxUploads                                           int
}

// ListUploadsOutput is one page of uploads.
type ListUploadsOutput struct {
	Uploads                                []Upload
	CommonPrefixes                         []string
	IsTruncated                            bool
	NextKeyMarker, NextUploadIDMarker      string
	MaxUploads                             int
	KeyMarker, UploadIDMarker, Prefix, Del string
}

// ListMultipartUploads lists the uploads in progress in a bucket
// (s3:ListBucketMultipartUploads).
func (s *Service) ListMultipartUploads(ctx context.Context, c *iam.Caller, in ListUploadsInput) (*ListUploadsOutput, error) {
	k, b, err := s.bucketCall(ctx, c, "ListMultipartUploads", in.Bucket, mgmtRead, map[string]any{"uploads": ""})
	if err != nil {
		return nil, err
	}
	if err := k.authorize(ctx, catalog.S3ListBucketMultipartUploads.String(), b.arn, nil); err != nil {
		return nil, err
	}
	if in.MaxUploads <= 0 || in.MaxUploads > 1000 {
		in.MaxUploads = 1000
	}
	us, err := s.st.Read(ctx).S3Uploads(b.name, in.Prefix, in.KeyMarker, in.UploadIDMarker, in.MaxUploads+1)
	if err != nil {
		return nil, k.fail(internal(err))
	}
	out := &ListUploadsOutput{MaxUploads: in.MaxUploads, KeyMarker: in.KeyMarker, UploadIDMarker: in.UploadIDMarker, Prefix: in.Prefix, Del: in.Delimiter}
	seen := map[string]bool{}
	n := 0
	for _, u := range us {
		if n == in.MaxUploads {
			out.IsTruncated = true
			break
		}
		if rest := u.Key[len(in.Prefix):]; in.Delimiter != "" && strings.Contains(rest, in.Delimiter) {
			cp := in.Prefix + rest[:strings.Index(rest, in.Delimiter)+len(in.Delimiter)]
			if !seen[cp] {
				seen[cp] = true
				out.CommonPrefixes = append(out.CommonPrefixes, cp)
				n++
			}
			continue
		}
		out.Uploads = append(out.Uploads, *uploadOf(&u, b.owner))
		out.NextKeyMarker, out.NextUploadIDMarker = u.Key, u.UploadID
		n++
	}
	if !out.IsTruncated {
		out.NextKeyMarker, out.NextUploadIDMarker = "", ""
	}
	return out, k.read(nil)
}
