package s3

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"iamconsole/handlers/api/restxml"
	"iamconsole/iam"
	s3 "iamconsole/resources/s3"
)

// listEncode URL-encodes a listing's names for encoding-type=url as S3
// does: query escaping (space as '+', '+' as %2B) with '/' kept.
func listEncode(s string, on bool) string {
	if !on {
		return s
	}
	return strings.ReplaceAll(url.QueryEscape(s), "%2F", "/")
}

func listObjects(req *request) error {
	max, err := intParam(req.q, "max-keys", -1)
	if err != nil {
		return err
	}
	v2 := req.q.Get("list-type") == "2"
	in := s3.ListObjectsInput{Bucket: req.bucket, V2: v2, Prefix: req.q.Get("prefix"), Delimiter: req.q.Get("delimiter"),
		MaxKeys: max, ContinuationToken: req.q.Get("continuation-token"), StartAfter: req.q.Get("start-after"),
		Marker: req.q.Get("marker"), EncodingType: req.q.Get("encoding-type")}
	out, err := req.a.s3.ListObjects(req.ctx, req.c, in)
	if err != nil {
		return err
	}
	enc := in.EncodingType == "url"
	fetchOwner := !v2 || req.q.Get("fetch-owner") == "true"
	b := restxml.NewBuilder().Root("ListBucketResult").Text("Name", req.bucket).Text("Prefix", listEncode(in.Prefix, enc))
	if v2 {
		b.TextIf("ContinuationToken", in.ContinuationToken).TextIf("StartAfter", listEncode(in.StartAfter, enc)).
			Int("KeyCount", int64(out.KeyCount()))
	} else {
		b.Text("Marker", listEncode(in.Marker, enc))
	}
	b.Int("MaxKeys", int64(out.MaxKeys)).TextIf("Delimiter", listEncode(in.Delimiter, enc)).
		TextIf("EncodingType", in.EncodingType).Bool("IsTruncated", out.IsTruncated)
	if v2 {
		b.TextIf("NextContinuationToken", out.NextContinuationToken)
	} else {
		b.TextIf("NextMarker", listEncode(out.NextMarker, enc))
	}
	for _, o := range out.Objects {
		b.Open("Contents").Text("Key", listEncode(o.Key, enc)).Time("LastModified", o.LastModified).
			Text("ETag", o.ETagQuoted())
		if o.ChecksumAlgorithm != "" {
			b.Text("ChecksumAlgorithm", o.ChecksumAlgorithm).TextIf("ChecksumType", o.ChecksumType)
		}
		b.Int("Size", o.Size)
		if fetchOwner {
			owner(b, out.Owner)
		}
		b.Text("StorageClass", o.StorageClass).Close("Contents")
	}
	for _, p := range out.CommonPrefixes {
		b.Open("CommonPrefixes").Text("Prefix", listEncode(p, enc)).Close("CommonPrefixes")
	}
	return req.ok(b.Close("ListBucketResult"))
}

// objectHeaders reads the headers stored with an object.
func objectHeaders(req *request) (s3.Headers, s3.Metadata) {
	h := req.r.Header
	hd := s3.Headers{CacheControl: h.Get("Cache-Control"), ContentDisposition: h.Get("Content-Disposition"),
		ContentEncoding: h.Get("Content-Encoding"), ContentLanguage: h.Get("Content-Language"), Expires: h.Get("Expires"),
		WebsiteRedirect: h.Get("X-Amz-Website-Redirect-Location")}
	if req.call.Payload != nil {
		hd.ContentEncoding = req.call.Payload.ContentEncoding()
	}
	var md s3.Metadata
	for name, vs := range h {
		if rest, ok := strings.CutPrefix(strings.ToLower(name), "x-amz-meta-"); ok && rest != "" {
			if md == nil {
				md = s3.Metadata{}
			}
			md[rest] = strings.Join(vs, ",")
		}
	}
	return hd, md
}

// declaredSize is the body's declared length: the decoded length of an
// aws-chunked body, else Content-Length; -1 when unknown.
func (req *request) declaredSize() int64 {
	if req.call.Payload != nil {
		return req.call.Payload.DecodedLength()
	}
	return req.r.ContentLength
}

// needLength refuses a body of unknown length, as S3 does.
func (req *request) needLength() error {
	if req.declaredSize() < 0 && (req.call.Payload == nil || !req.call.Payload.Form().Chunked()) {
		return &s3.Error{IAM: &iam.Error{Kind: iam.KindInvalid, Code: "MissingContentLength",
			Message: "You must provide the Content-Length HTTP header."}, Status: http.StatusLengthRequired}
	}
	return nil
}

// computeChecksum has the payload compute the checksum the client names
// (x-amz-sdk-checksum-algorithm) when it sends no value of its own.
func (req *request) computeChecksum() {
	if alg := req.r.Header.Get("X-Amz-Sdk-Checksum-Algorithm"); alg != "" && req.call.Payload != nil {
		_ = req.call.Payload.ComputeChecksum(strings.ToUpper(alg))
	}
}

// checksumHeaders sets x-amz-checksum-<alg> and x-amz-checksum-type.
func checksumHeaders(h http.Header, alg, value, typ string) {
	if alg == "" || value == "" {
		return
	}
	h.Set("x-amz-checksum-"+strings.ToLower(alg), value)
	if typ != "" {
		h.Set("x-amz-checksum-type", typ)
	}
}

func putObject(req *request) error {
	if err := req.needLength(); err != nil {
		return err
	}
	req.computeChecksum()
	hd, md := objectHeaders(req)
	h := req.r.Header
	in := s3.PutObjectInput{Bucket: req.bucket, Key: req.key, Body: req.body, Size: req.declaredSize(),
		ContentType: h.Get("Content-Type"), Headers: hd, Metadata: md, Tagging: h.Get("X-Amz-Tagging"),
		ACL: h.Get("X-Amz-Acl"), StorageClass: h.Get("X-Amz-Storage-Class"), ContentMD5: h.Get("Content-Md5"),
		IfNoneMatch: h.Get("If-None-Match"), IfMatch: h.Get("If-Match"), ServerSideEncryption: h.Get("X-Amz-Server-Side-Encryption")}
	out, err := req.a.s3.PutObject(req.ctx, req.c, in)
	if err != nil {
		return err
	}
	rh := req.header()
	rh.Set("ETag", out.ETag)
	rh.Set("x-amz-server-side-encryption", "AES256")
	checksumHeaders(rh, out.ChecksumAlgorithm, out.Checksum, out.ChecksumType)
	req.w.WriteHeader(http.StatusOK)
	return nil
}

// responseOverrides are the query parameters a signed GET may use to set
// the response's headers.
var responseOverrides = map[string]string{
	"response-content-type": "Content-Type", "response-content-language": "Content-Language",
	"response-expires": "Expires", "response-cache-control": "Cache-Control",
	"response-content-disposition": "Content-Disposition", "response-content-encoding": "Content-Encoding",
}

func getObject(req *request) error {
	part, err := intParam(req.q, "partNumber", 0)
	if err != nil {
		return err
	}
	h := req.r.Header
	in := s3.GetObjectInput{Bucket: req.bucket, Key: req.key, Head: req.r.Method == http.MethodHead, Range: h.Get("Range"),
		PartNumber: part, IfMatch: h.Get("If-Match"), IfNoneMatch: h.Get("If-None-Match"),
		IfModifiedSince: h.Get("If-Modified-Since"), IfUnmodifiedSince: h.Get("If-Unmodified-Since"),
		ChecksumMode: strings.EqualFold(h.Get("X-Amz-Checksum-Mode"), "ENABLED")}
	out, err := req.a.s3.GetObject(req.ctx, req.c, in)
	if err != nil {
		return err
	}
	if out.Body != nil {
		defer out.Body.Close()
	}
	o := out.Object
	rh := req.header()
	rh.Set("Content-Type", o.ContentType)
	rh.Set("Content-Length", strconv.FormatInt(out.Length, 10))
	rh.Set("ETag", o.ETag)
	rh.Set("Last-Modified", o.LastModified.UTC().Format(http.TimeFormat))
	rh.Set("Accept-Ranges", "bytes")
	rh.Set("x-amz-server-side-encryption", "AES256")
	for name, v := range map[string]string{"Cache-Control": o.Headers.CacheControl, "Content-Disposition": o.Headers.ContentDisposition,
		"Content-Encoding": o.Headers.ContentEncoding, "Content-Language": o.Headers.ContentLanguage, "Expires": o.Headers.Expires,
		"x-amz-website-redirect-location": o.Headers.WebsiteRedirect} {
		if v != "" {
			rh.Set(name, v)
		}
	}
	for _, name := range o.Metadata.Names() {
		rh["X-Amz-Meta-"+name] = []string{o.Metadata[name]}
	}
	if o.StorageClass != "STANDARD" {
		rh.Set("x-amz-storage-class", o.StorageClass)
	}
	if len(o.Tags) > 0 {
		rh.Set("x-amz-tagging-count", strconv.Itoa(len(o.Tags)))
	}
	if part > 0 || (o.PartsCount > 0 && in.PartNumber > 0) {
		rh.Set("x-amz-mp-parts-count", strconv.Itoa(max(1, o.PartsCount)))
	}
	if out.ContentRange != "" {
		rh.Set("Content-Range", out.ContentRange)
	}
	checksumHeaders(rh, o.ChecksumAlgorithm, o.Checksum, o.ChecksumType)
	for param, header := range responseOverrides {
		if v := req.q.Get(param); v != "" {
			rh.Set(header, v)
		}
	}
	req.w.WriteHeader(out.Status)
	if out.Body != nil && out.Length > 0 {
		if _, err := io.Copy(req.w, out.Body); err != nil {
			// The status is sent: the short body tells the client.
			req.a.log.Warn("s3: GetObject body", "bucket", req.bucket, "request_id", req.call.ID, "err", err)
		}
	}
	return nil
}

func deleteObject(req *request) error {
	if err := req.a.s3.DeleteObject(req.ctx, req.c, req.bucket, req.key); err != nil {
		return err
	}
	return req.noContent()
}

type deleteRequest struct {
	Quiet  bool
	Object []struct {
		Key       string
		VersionID string `xml:"VersionId"`
	}
}

// hasIntegrity reports whether a request carries Content-MD5 or a
// checksum, which DeleteObjects and the other configuration writes need.
func hasIntegrity(h http.Header) bool {
	if h.Get("Content-Md5") != "" || h.Get("X-Amz-Sdk-Checksum-Algorithm") != "" || h.Get("X-Amz-Trailer") != "" {
		return true
	}
	for name := range h {
		if strings.HasPrefix(strings.ToLower(name), "x-amz-checksum-") {
			return true
		}
	}
	return false
}

func deleteObjects(req *request) error {
	if !hasIntegrity(req.r.Header) {
		return &s3.Error{IAM: &iam.Error{Kind: iam.KindInvalid, Code: "InvalidRequest",
			Message: "Missing required header for this request: Content-MD5 OR x-amz-checksum-*"}, Status: http.StatusBadRequest}
	}
	var d deleteRequest
	if err := req.readXML("Delete", &d); err != nil {
		return err
	}
	keys := make([]string, len(d.Object))
	for i, o := range d.Object {
		keys[i] = o.Key
	}
	results, err := req.a.s3.DeleteObjects(req.ctx, req.c, req.bucket, keys)
	if err != nil {
		return err
	}
	b := restxml.NewBuilder().Root("DeleteResult")
	for _, r := range results {
		switch {
		case r.Deleted && !d.Quiet:
			b.Open("Deleted").Text("Key", r.Key).Close("Deleted")
		case !r.Deleted:
			b.Open("Error").Text("Key", r.Key).Text("Code", r.Code).Text("Message", r.Message).Close("Error")
		}
	}
	return req.ok(b.Close("DeleteResult"))
}

// copySource reads x-amz-copy-source: "bucket/key" or "/bucket/key",
// URL-encoded, with an optional ?versionId= (only "null" exists here).
func copySource(v string) (bucket, key string, err error) {
	path, version, _ := strings.Cut(v, "?versionId=")
	p, perr := url.PathUnescape(strings.TrimPrefix(path, "/"))
	bucket, key, ok := strings.Cut(p, "/")
	if perr != nil || !ok || bucket == "" || key == "" {
		return "", "", &s3.Error{IAM: &iam.Error{Kind: iam.KindInvalid, Code: "InvalidArgument",
			Message: "Invalid copy source object key"}, Status: http.StatusBadRequest,
			Details: []s3.Detail{{Name: "ArgumentName", Value: "x-amz-copy-source"}, {Name: "ArgumentValue", Value: v}}}
	}
	if version != "" && version != "null" {
		return "", "", &s3.Error{IAM: &iam.Error{Kind: iam.KindNotFound, Code: "NoSuchVersion",
			Message: "The specified version does not exist."}, Status: http.StatusNotFound,
			Details: []s3.Detail{{Name: "Key", Value: key}, {Name: "VersionId", Value: version}}}
	}
	return bucket, key, nil
}

func copyObject(req *request) error {
	h := req.r.Header
	sb, sk, err := copySource(h.Get("X-Amz-Copy-Source"))
	if err != nil {
		return err
	}
	hd, md := objectHeaders(req)
	in := s3.CopyObjectInput{Bucket: req.bucket, Key: req.key, SourceBucket: sb, SourceKey: sk,
		MetadataDirective: h.Get("X-Amz-Metadata-Directive"), TaggingDirective: h.Get("X-Amz-Tagging-Directive"),
		ContentType: h.Get("Content-Type"), Headers: hd, Metadata: md, Tagging: h.Get("X-Amz-Tagging"),
		ACL: h.Get("X-Amz-Acl"), StorageClass: h.Get("X-Amz-Storage-Class"), ServerSideEncryption: h.Get("X-Amz-Server-Side-Encryption"),
		IfMatch: h.Get("X-Amz-Copy-Source-If-Match"), IfNoneMatch: h.Get("X-Amz-Copy-Source-If-None-Match"),
		IfModifiedSince: h.Get("X-Amz-Copy-Source-If-Modified-Since"), IfUnmodifiedSince: h.Get("X-Amz-Copy-Source-If-Unmodified-Since")}
	out, err := req.a.s3.CopyObject(req.ctx, req.c, in)
	if err != nil {
		return err
	}
	req.header().Set("x-amz-server-side-encryption", "AES256")
	b := restxml.NewBuilder().Root("CopyObjectResult").Text("ETag", out.ETag).Time("LastModified", out.LastModified)
	if out.Checksum != "" {
		b.Text("ChecksumType", out.ChecksumType).Text("Checksum"+out.ChecksumAlgorithm, out.Checksum)
	}
	return req.ok(b.Close("CopyObjectResult"))
}

func getObjectTagging(req *request) error {
	tags, err := req.a.s3.GetObjectTagging(req.ctx, req.c, req.bucket, req.key)
	if err != nil {
		return err
	}
	return writeTagging(req, tags)
}

func putObjectTagging(req *request) error {
	var t tagging
	if err := req.readXML("Tagging", &t); err != nil {
		return err
	}
	if err := req.a.s3.PutObjectTagging(req.ctx, req.c, req.bucket, req.key, t.tags()); err != nil {
		return err
	}
	req.header()
	req.w.WriteHeader(http.StatusOK)
	return nil
}

func deleteObjectTagging(req *request) error {
	if err := req.a.s3.DeleteObjectTagging(req.ctx, req.c, req.bucket, req.key); err != nil {
		return err
	}
	return req.noContent()
}

func createUpload(req *request) error {
	hd, md := objectHeaders(req)
	h := req.r.Header
	in := s3.CreateMultipartUploadInput{Bucket: req.bucket, Key: req.key, ContentType: h.Get("Content-Type"), Headers: hd,
		Metadata: md, Tagging: h.Get("X-Amz-Tagging"), ACL: h.Get("X-Amz-Acl"), StorageClass: h.Get("X-Amz-Storage-Class"),
		ServerSideEncryption: h.Get("X-Amz-Server-Side-Encryption"),
		ChecksumAlgorithm:    h.Get("X-Amz-Checksum-Algorithm"), ChecksumType: h.Get("X-Amz-Checksum-Type")}
	u, err := req.a.s3.CreateMultipartUpload(req.ctx, req.c, in)
	if err != nil {
		return err
	}
	rh := req.header()
	rh.Set("x-amz-server-side-encryption", "AES256")
	if u.ChecksumAlgorithm != "" {
		rh.Set("x-amz-checksum-algorithm", u.ChecksumAlgorithm)
		rh.Set("x-amz-checksum-type", u.ChecksumType)
	}
	b := restxml.NewBuilder().Root("InitiateMultipartUploadResult").Text("Bucket", u.Bucket).Text("Key", u.Key).Text("UploadId", u.UploadID)
	return req.ok(b.Close("InitiateMultipartUploadResult"))
}

func uploadPart(req *request) error {
	h := req.r.Header
	n, err := strconv.Atoi(req.q.Get("partNumber"))
	if err != nil {
		return &s3.Error{IAM: &iam.Error{Kind: iam.KindInvalid, Code: "InvalidArgument",
			Message: "Part number must be an integer between 1 and 10000, inclusive"}, Status: http.StatusBadRequest,
			Details: []s3.Detail{{Name: "ArgumentName", Value: "partNumber"}, {Name: "ArgumentValue", Value: req.q.Get("partNumber")}}}
	}
	in := s3.UploadPartInput{Bucket: req.bucket, Key: req.key, UploadID: req.q.Get("uploadId"), PartNumber: n,
		Body: req.body, Size: req.declaredSize(), ContentMD5: h.Get("Content-Md5")}
	if src := h.Get("X-Amz-Copy-Source"); src != "" {
		if in.CopySourceBucket, in.CopySourceKey, err = copySource(src); err != nil {
			return err
		}
		in.CopySourceRange, in.Body, in.Size = h.Get("X-Amz-Copy-Source-Range"), nil, 0
	} else {
		if err := req.needLength(); err != nil {
			return err
		}
		req.computeChecksum()
	}
	p, err := req.a.s3.UploadPart(req.ctx, req.c, in)
	if err != nil {
		return err
	}
	rh := req.header()
	rh.Set("x-amz-server-side-encryption", "AES256")
	if in.CopySourceKey != "" {
		return req.ok(restxml.NewBuilder().Root("CopyPartResult").Text("ETag", p.ETag).Time("LastModified", p.LastModified).Close("CopyPartResult"))
	}
	rh.Set("ETag", p.ETag)
	if req.call.Payload != nil {
		if alg, v := req.call.Payload.Checksum(); v != "" {
			checksumHeaders(rh, alg, v, "")
		}
	}
	req.w.WriteHeader(http.StatusOK)
	return nil
}

type completeRequest struct {
	Part []struct {
		PartNumber                                                     int
		ETag                                                           string
		ChecksumCRC32, ChecksumCRC32C, ChecksumCRC64NVME, ChecksumSHA1 string
		ChecksumSHA256                                                 string
	}
}

func completeUpload(req *request) error {
	var c completeRequest
	if err := req.readXML("CompleteMultipartUpload", &c); err != nil {
		return err
	}
	parts := make([]s3.CompletedPart, len(c.Part))
	for i, p := range c.Part {
		parts[i] = s3.CompletedPart{PartNumber: p.PartNumber, ETag: p.ETag}
	}
	out, err := req.a.s3.CompleteMultipartUpload(req.ctx, req.c, req.bucket, req.key, req.q.Get("uploadId"), parts)
	if err != nil {
		return err
	}
	req.header().Set("x-amz-server-side-encryption", "AES256")
	loc := "http://" + req.r.Host + "/" + req.bucket + "/" + url.PathEscape(req.key)
	b := restxml.NewBuilder().Root("CompleteMultipartUploadResult").Text("Location", loc).Text("Bucket", req.bucket).
		Text("Key", req.key).Text("ETag", out.ETag)
	if out.Checksum != "" {
		b.Text("Checksum"+out.ChecksumAlgorithm, out.Checksum).Text("ChecksumType", out.ChecksumType)
	}
	return req.ok(b.Close("CompleteMultipartUploadResult"))
}

func abortUpload(req *request) error {
	if err := req.a.s3.AbortMultipartUpload(req.ctx, req.c, req.bucket, req.key, req.q.Get("uploadId")); err != nil {
		return err
	}
	return req.noContent()
}

func listParts(req *request) error {
	maxParts, err := intParam(req.q, "max-parts", 1000)
	if err != nil {
		return err
	}
	marker, err := intParam(req.q, "part-number-marker", 0)
	if err != nil {
		return err
	}
	out, err := req.a.s3.ListParts(req.ctx, req.c, req.bucket, req.key, req.q.Get("uploadId"), marker, maxParts)
	if err != nil {
		return err
	}
	u := out.Upload
	b := restxml.NewBuilder().Root("ListPartsResult").Text("Bucket", u.Bucket).Text("Key", u.Key).Text("UploadId", u.UploadID)
	initiator(b, u.Initiator)
	owner(b, u.Owner)
	b.Text("StorageClass", u.StorageClass).Int("PartNumberMarker", int64(out.PartNumberMarker)).
		Int("NextPartNumberMarker", int64(out.NextPartNumberMarker)).Int("MaxParts", int64(out.MaxParts)).
		Bool("IsTruncated", out.IsTruncated).TextIf("ChecksumAlgorithm", u.ChecksumAlgorithm).TextIf("ChecksumType", u.ChecksumType)
	for _, p := range out.Parts {
		b.Open("Part").Int("PartNumber", int64(p.PartNumber)).Time("LastModified", p.LastModified).Text("ETag", p.ETag).
			Int("Size", p.Size)
		if p.Checksum != "" && u.ChecksumAlgorithm != "" {
			b.Text("Checksum"+u.ChecksumAlgorithm, p.Checksum)
		}
		b.Close("Part")
	}
	return req.ok(b.Close("ListPartsResult"))
}
