package s3

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"iamconsole/store"
)

func TestBucketNames(t *testing.T) {
	t.Parallel()
	for name, ok := range map[string]bool{
		"abc": true, "my-bucket.example": true, "a1b": true, strings.Repeat("a", 63): true,
		"ab": false, strings.Repeat("a", 64): false, "My-Bucket": false, "-abc": false, "abc-": false, "a..b": false,
		"192.168.5.4": false, "xn--abc": false, "sthree-abc": false, "abc-s3alias": false, "abc--ol-s3": false,
		"a_b": false, "abc.": false, "amzn-s3-demo-bucket": false,
	} {
		if got := ValidBucketName(name); got != ok {
			t.Errorf("ValidBucketName(%q) = %v, want %v", name, got, ok)
		}
	}
}

func TestCreateBucketRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	cases := []struct {
		name string
		in   CreateBucketInput
		code string
	}{
		{"invalid name", CreateBucketInput{Bucket: "Bad_Name"}, "InvalidBucketName"},
		{"taken by another account", CreateBucketInput{Bucket: DemoAppBucket}, "BucketAlreadyExists"},
		{"constraint elsewhere than a regional endpoint", CreateBucketInput{Bucket: "eu-bucket-1", Region: "eu-west-1", LocationConstraint: "us-west-2"}, "IllegalLocationConstraintException"},
		{"the global endpoint creates anywhere", CreateBucketInput{Bucket: "usw2-bucket", Region: "us-east-1", LocationConstraint: "us-west-2"}, ""},
		{"us-east-1 named explicitly", CreateBucketInput{Bucket: "use1-bucket", Region: "us-east-1", LocationConstraint: "us-east-1"}, "InvalidLocationConstraint"},
		{"regional endpoint without constraint", CreateBucketInput{Bucket: "euw1-bucket", Region: "eu-west-1"}, "IllegalLocationConstraintException"},
		{"regional endpoint with its constraint", CreateBucketInput{Bucket: "euw1-bucket", Region: "eu-west-1", LocationConstraint: "eu-west-1"}, ""},
		{"again in eu-west-1", CreateBucketInput{Bucket: "euw1-bucket", Region: "eu-west-1", LocationConstraint: "eu-west-1"}, "BucketAlreadyOwnedByYou"},
		{"public ACL with ACLs off", CreateBucketInput{Bucket: "acl-bucket", ACL: "public-read"}, "InvalidBucketAclWithObjectOwnership"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.s3.CreateBucket(ctx, f.devAdmin, tc.in)
			wantCode(t, err, tc.code, "")
		})
	}
	loc, err := f.s3.GetBucketLocation(ctx, f.devAdmin, "euw1-bucket")
	if err != nil || loc != "eu-west-1" {
		t.Fatalf("location %q %v", loc, err)
	}
	pab, err := f.s3.GetPublicAccessBlock(ctx, f.devAdmin, "euw1-bucket")
	if err != nil || *pab != AllBlocked {
		t.Fatalf("new buckets block public access: %+v %v", pab, err)
	}
	wantCode(t, f.s3.DeleteBucket(ctx, f.devAdmin, DemoSharedBucket), "BucketNotEmpty", "The bucket you tried to delete is not empty")
	wantCode(t, f.s3.DeleteBucket(ctx, f.devAdmin, "euw1-bucket"), "", "")
	_, err = f.s3.HeadBucket(ctx, f.devAdmin, "euw1-bucket")
	wantCode(t, err, "NoSuchBucket", "")
}

func TestListObjects(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	bucket := "list-cases"
	if _, err := f.s3.CreateBucket(ctx, f.devAdmin, CreateBucketInput{Bucket: bucket}); err != nil {
		t.Fatal(err)
	}
	keys := []string{"a.txt", "b/1", "b/2", "b/c/3", "c/", "c/x", "d", "z/z/z", "é"} // UTF-8 byte order
	for _, k := range keys {
		if _, err := f.put(t, f.devAdmin, bucket, k, k); err != nil {
			t.Fatal(err)
		}
	}
	list := func(in ListObjectsInput) *ListObjectsOutput {
		t.Helper()
		in.Bucket = bucket
		out, err := f.s3.ListObjects(ctx, f.devAdmin, in)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	names := func(out *ListObjectsOutput) []string {
		var n []string
		for _, o := range out.Objects {
			n = append(n, o.Key)
		}
		return append(n, out.CommonPrefixes...)
	}
	if got := names(list(ListObjectsInput{V2: true, MaxKeys: -1})); !slices.Equal(got, keys) {
		t.Errorf("all keys in byte order: %q", got)
	}
	out := list(ListObjectsInput{V2: true, MaxKeys: -1, Delimiter: "/"})
	if got := names(out); !slices.Equal(got, []string{"a.txt", "d", "é", "b/", "c/", "z/"}) {
		t.Errorf("with a delimiter: %q", got)
	}
	if got := names(list(ListObjectsInput{V2: true, MaxKeys: -1, Prefix: "b/", Delimiter: "/"})); !slices.Equal(got, []string{"b/1", "b/2", "b/c/"}) {
		t.Errorf("a folder: %q", got)
	}
	if got := names(list(ListObjectsInput{V2: true, MaxKeys: -1, Prefix: "c/", Delimiter: "/"})); !slices.Equal(got, []string{"c/", "c/x"}) {
		t.Errorf("a folder with its own marker object: %q", got)
	}
	if got := names(list(ListObjectsInput{V2: true, MaxKeys: -1, StartAfter: "b/2"})); !slices.Equal(got, keys[3:]) {
		t.Errorf("start after: %q", got)
	}
	// Paging two at a time with a delimiter visits each entry once.
	var paged []string
	in := ListObjectsInput{V2: true, MaxKeys: 2, Delimiter: "/"}
	for i := 0; i < 10; i++ {
		out := list(in)
		if out.KeyCount() > 2 {
			t.Fatalf("page of %d", out.KeyCount())
		}
		paged = append(paged, names(out)...)
		if !out.IsTruncated {
			break
		}
		in.ContinuationToken = out.NextContinuationToken
	}
	slices.Sort(paged)
	want := []string{"a.txt", "b/", "c/", "d", "z/", "é"}
	if !slices.Equal(paged, want) {
		t.Errorf("paged: %q, want %q", paged, want)
	}
	// ListObjects (V1) pages with NextMarker.
	v1 := list(ListObjectsInput{MaxKeys: 3, Delimiter: "/"})
	if !v1.IsTruncated || v1.NextMarker != "c/" {
		t.Errorf("v1 page: %+v", v1)
	}
	v1 = list(ListObjectsInput{MaxKeys: 3, Delimiter: "/", Marker: v1.NextMarker})
	if got := names(v1); !slices.Equal(got, []string{"d", "é", "z/"}) {
		t.Errorf("v1 second page: %q", got)
	}
	_, err := f.s3.ListObjects(ctx, f.devAdmin, ListObjectsInput{Bucket: bucket, V2: true, MaxKeys: -1, ContinuationToken: "garbage!"})
	wantCode(t, err, "InvalidArgument", "The continuation token provided is incorrect")
	_, err = f.s3.ListObjects(ctx, f.devAdmin, ListObjectsInput{Bucket: bucket, V2: true, MaxKeys: -1, EncodingType: "base64"})
	wantCode(t, err, "InvalidArgument", "Invalid Encoding Method")
}

func TestObjectRulesAndConditions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	b := DemoAppBucket
	c := f.prodAdmin
	putIn := func(key string) PutObjectInput {
		return PutObjectInput{Bucket: b, Key: key, Body: strings.NewReader("data"), Size: 4}
	}
	cases := []struct {
		name string
		in   PutObjectInput
		code string
	}{
		{"1,024-byte key", putIn(strings.Repeat("k", 1024)), ""},
		{"1,025-byte key", putIn(strings.Repeat("k", 1025)), "KeyTooLongError"},
		{"invalid UTF-8", putIn("bad\xffkey"), "InvalidURI"},
		{"dot segments are a key like any other", putIn("../../etc/passwd"), ""},
		{"NUL in a key", putIn("nul\x00key"), ""},
		{"metadata over 2 KB", func() PutObjectInput {
			in := putIn("meta")
			in.Metadata = Metadata{"big": strings.Repeat("v", 2046)}
			return in
		}(), "MetadataTooLarge"},
		{"wrong Content-MD5", func() PutObjectInput { in := putIn("md5"); in.ContentMD5 = "1B2M2Y8AsgTpgAmY7PhCfg=="; return in }(), "BadDigest"},
		{"malformed Content-MD5", func() PutObjectInput { in := putIn("md5"); in.ContentMD5 = "nope"; return in }(), "InvalidDigest"},
		{"eleven tags", func() PutObjectInput {
			in := putIn("tags")
			var ts []string
			for i := range 11 {
				ts = append(ts, fmt.Sprintf("k%d=v", i))
			}
			in.Tagging = strings.Join(ts, "&")
			return in
		}(), "InvalidTag"},
		{"public ACL", func() PutObjectInput { in := putIn("acl"); in.ACL = "public-read"; return in }(), "AccessControlListNotSupported"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.s3.PutObject(ctx, c, tc.in)
			wantCode(t, err, tc.code, "")
			if tc.code == "" {
				if got, err := f.get(t, c, b, tc.in.Key); err != nil || got != "data" {
					t.Fatalf("read back %q %v", got, err)
				}
			}
		})
	}
	// Conditional writes and reads.
	out, err := f.put(t, c, b, "cond", "v1")
	if err != nil {
		t.Fatal(err)
	}
	sum := md5.Sum([]byte("v1"))
	if out.ETag != `"`+hex.EncodeToString(sum[:])+`"` {
		t.Fatalf("ETag %s is not the MD5", out.ETag)
	}
	in := PutObjectInput{Bucket: b, Key: "cond", Body: strings.NewReader("v2"), Size: 2, IfNoneMatch: "*"}
	_, err = f.s3.PutObject(ctx, c, in)
	wantCode(t, err, "PreconditionFailed", "")
	for _, tc := range []struct {
		name string
		in   GetObjectInput
		code string
	}{
		{"If-Match", GetObjectInput{IfMatch: out.ETag}, ""},
		{"If-Match other", GetObjectInput{IfMatch: `"abc"`}, "PreconditionFailed"},
		{"If-None-Match", GetObjectInput{IfNoneMatch: out.ETag}, "NotModified"},
		{"If-Modified-Since the future", GetObjectInput{IfModifiedSince: "Tue, 01 Jan 2099 00:00:00 GMT"}, "NotModified"},
		{"If-Unmodified-Since the past", GetObjectInput{IfUnmodifiedSince: "Tue, 01 Jan 2002 00:00:00 GMT"}, "PreconditionFailed"},
		{"If-Match wins over If-Unmodified-Since", GetObjectInput{IfMatch: out.ETag, IfUnmodifiedSince: "Tue, 01 Jan 2002 00:00:00 GMT"}, ""},
		{"range past the end", GetObjectInput{Range: "bytes=10-20"}, "InvalidRange"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.Bucket, tc.in.Key, tc.in.Head = b, "cond", true
			_, err := f.s3.GetObject(ctx, c, tc.in)
			wantCode(t, err, tc.code, "")
		})
	}
	for rng, want := range map[string]string{"bytes=0-0": "v", "bytes=1-": "1", "bytes=-1": "1", "bytes=0-99": "v1", "items=0-1": "v1"} {
		g, err := f.s3.GetObject(ctx, c, GetObjectInput{Bucket: b, Key: "cond", Range: rng})
		if err != nil {
			t.Fatalf("%s: %v", rng, err)
		}
		got, _ := io.ReadAll(g.Body)
		g.Body.Close()
		if string(got) != want {
			t.Errorf("Range %s: %q, want %q", rng, got, want)
		}
	}
}

// failingReader breaks off after n bytes.
type failingReader struct {
	r io.Reader
	n int
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset")
	}
	if len(p) > f.n {
		p = p[:f.n]
	}
	n, err := f.r.Read(p)
	f.n -= n
	return n, err
}

// A body that breaks off, large or small, leaves no object, no blob and no
// chunk behind, and the object it would have replaced stays.
func TestInterruptedUploadLeavesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	before, err := f.st.S3Usage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	data := make([]byte, 3*store.S3ChunkSize+17)
	for i := range data {
		data[i] = byte(rand.Uint32())
	}
	for _, cut := range []int{10, store.S3ChunkSize + 5, 3 * store.S3ChunkSize} {
		_, err := f.s3.PutObject(ctx, f.prodAdmin, PutObjectInput{Bucket: DemoAppBucket, Key: "index.html",
			Body: &failingReader{bytes.NewReader(data), cut}, Size: int64(len(data))})
		wantCode(t, err, "IncompleteBody", "")
	}
	after, err := f.st.S3Usage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Fatalf("usage before %+v, after %+v", before, after)
	}
	got, err := f.get(t, f.prodAdmin, DemoAppBucket, "index.html")
	if err != nil || !strings.Contains(got, "production app") {
		t.Fatalf("the original object: %q %v", got, err)
	}
	// A large object stored whole reads back whole; overwritten, its body
	// goes once the grace period is over.
	if _, err := f.s3.PutObject(ctx, f.prodAdmin, PutObjectInput{Bucket: DemoAppBucket, Key: "big", Body: bytes.NewReader(data), Size: int64(len(data))}); err != nil {
		t.Fatal(err)
	}
	back, err := f.get(t, f.prodAdmin, DemoAppBucket, "big")
	if err != nil || back != string(data) {
		t.Fatalf("read back %d bytes, %v", len(back), err)
	}
	if err := f.s3.DeleteObject(ctx, f.prodAdmin, DemoAppBucket, "big"); err != nil {
		t.Fatal(err)
	}
	f.s3.opts.ReleasedGrace = -1
	if _, err := f.s3.CollectGarbage(ctx); err != nil {
		t.Fatal(err)
	}
	final, _ := f.st.S3Usage(ctx)
	if final.Chunks != before.Chunks || final.Bytes != before.Bytes {
		t.Fatalf("after delete and collection %+v, at the start %+v", final, before)
	}
}

func TestMultipartUpload(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	c, b, key := f.prodAdmin, DemoAppBucket, "multi/object.bin"
	u, err := f.s3.CreateMultipartUpload(ctx, c, CreateMultipartUploadInput{Bucket: b, Key: key, ContentType: "application/x-test", Metadata: Metadata{"a": "b"}})
	if err != nil {
		t.Fatal(err)
	}
	parts := [][]byte{bytes.Repeat([]byte("1"), MinPartSize), bytes.Repeat([]byte("2"), MinPartSize+3), []byte("three")}
	var done []CompletedPart
	etags := md5.New()
	for i, p := range parts {
		out, err := f.s3.UploadPart(ctx, c, UploadPartInput{Bucket: b, Key: key, UploadID: u.UploadID, PartNumber: i + 1, Body: bytes.NewReader(p), Size: int64(len(p))})
		if err != nil {
			t.Fatal(err)
		}
		sum := md5.Sum(p)
		etags.Write(sum[:])
		done = append(done, CompletedPart{PartNumber: i + 1, ETag: out.ETag})
	}
	lp, err := f.s3.ListParts(ctx, c, b, key, u.UploadID, 0, 2)
	if err != nil || len(lp.Parts) != 2 || !lp.IsTruncated || lp.NextPartNumberMarker != 2 {
		t.Fatalf("list parts %+v %v", lp, err)
	}
	_, err = f.s3.CompleteMultipartUpload(ctx, c, b, key, u.UploadID, []CompletedPart{done[1], done[0]})
	wantCode(t, err, "InvalidPartOrder", "")
	_, err = f.s3.CompleteMultipartUpload(ctx, c, b, key, u.UploadID, []CompletedPart{{PartNumber: 1, ETag: `"bad"`}})
	wantCode(t, err, "InvalidPart", "")
	_, err = f.s3.CompleteMultipartUpload(ctx, c, b, key, u.UploadID, []CompletedPart{done[2], {PartNumber: 4, ETag: done[2].ETag}})
	wantCode(t, err, "InvalidPart", "")
	small, err := f.s3.UploadPart(ctx, c, UploadPartInput{Bucket: b, Key: key, UploadID: u.UploadID, PartNumber: 9, Body: strings.NewReader("tiny"), Size: 4})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.s3.CompleteMultipartUpload(ctx, c, b, key, u.UploadID, []CompletedPart{{PartNumber: 9, ETag: small.ETag}, {PartNumber: 10, ETag: small.ETag}})
	wantCode(t, err, "InvalidPart", "")
	out, err := f.s3.CompleteMultipartUpload(ctx, c, b, key, u.UploadID, done)
	if err != nil {
		t.Fatal(err)
	}
	want := `"` + hex.EncodeToString(etags.Sum(nil)) + `-3"`
	if out.ETag != want {
		t.Fatalf("ETag %s, want %s", out.ETag, want)
	}
	got, err := f.get(t, c, b, key)
	if err != nil || got != string(bytes.Join(parts, nil)) {
		t.Fatalf("assembled object: %d bytes, %v", len(got), err)
	}
	head, err := f.s3.GetObject(ctx, c, GetObjectInput{Bucket: b, Key: key, Head: true})
	if err != nil || head.ContentType != "application/x-test" || head.Metadata["a"] != "b" || head.PartsCount != 3 {
		t.Fatalf("head %+v %v", head, err)
	}
	_, err = f.s3.UploadPart(ctx, c, UploadPartInput{Bucket: b, Key: key, UploadID: u.UploadID, PartNumber: 1, Body: strings.NewReader("x"), Size: 1})
	wantCode(t, err, "NoSuchUpload", "")
	// The parts' bodies are released, the object's shares their chunks:
	// collecting garbage keeps the object whole.
	f.s3.opts.ReleasedGrace = -1
	if _, err := f.s3.CollectGarbage(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := f.get(t, c, b, key); err != nil || got != string(bytes.Join(parts, nil)) {
		t.Fatalf("after collection: %d bytes, %v", len(got), err)
	}
	// A copy shares the chunks too, and survives the source's deletion.
	if _, err := f.s3.CopyObject(ctx, c, CopyObjectInput{Bucket: b, Key: "copy.bin", SourceBucket: b, SourceKey: key}); err != nil {
		t.Fatal(err)
	}
	if err := f.s3.DeleteObject(ctx, c, b, key); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s3.CollectGarbage(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := f.get(t, c, b, "copy.bin"); err != nil || got != string(bytes.Join(parts, nil)) {
		t.Fatalf("copy after the source's deletion: %d bytes, %v", len(got), err)
	}
	// Abort.
	u2, _ := f.s3.CreateMultipartUpload(ctx, c, CreateMultipartUploadInput{Bucket: b, Key: "aborted"})
	if _, err := f.s3.UploadPart(ctx, c, UploadPartInput{Bucket: b, Key: "aborted", UploadID: u2.UploadID, PartNumber: 1, Body: strings.NewReader("x"), Size: 1}); err != nil {
		t.Fatal(err)
	}
	ups, err := f.s3.ListMultipartUploads(ctx, c, ListUploadsInput{Bucket: b})
	if err != nil || len(ups.Uploads) != 1 || ups.Uploads[0].Key != "aborted" {
		t.Fatalf("uploads %+v %v", ups, err)
	}
	wantCode(t, f.s3.AbortMultipartUpload(ctx, c, b, "aborted", u2.UploadID), "", "")
	wantCode(t, f.s3.AbortMultipartUpload(ctx, c, b, "aborted", u2.UploadID), "NoSuchUpload", "")
}

// A body longer or shorter than its declared size is stored as it came
// (the wire checks Content-Length; the console cannot know it).
func TestBodySizes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	for _, tc := range []struct {
		size     int
		declared int64
	}{{0, 0}, {10, 3}, {10, 100}, {store.S3ChunkSize + 10, 5}, {2*store.S3ChunkSize + 1, -1}, {store.S3ChunkSize, store.S3ChunkSize}} {
		data := bytes.Repeat([]byte("z"), tc.size)
		key := fmt.Sprintf("sizes/%d-%d", tc.size, tc.declared)
		out, err := f.s3.PutObject(ctx, f.prodAdmin, PutObjectInput{Bucket: DemoAppBucket, Key: key, Body: bytes.NewReader(data), Size: tc.declared})
		if err != nil {
			t.Fatal(err)
		}
		sum := md5.Sum(data)
		if out.Size != int64(tc.size) || out.ETag != `"`+hex.EncodeToString(sum[:])+`"` {
			t.Errorf("%s: size %d etag %s", key, out.Size, out.ETag)
		}
		if got, err := f.get(t, f.prodAdmin, DemoAppBucket, key); err != nil || got != string(data) {
			t.Errorf("%s: read back %d bytes, %v", key, len(got), err)
		}
	}
}
