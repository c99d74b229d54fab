package s3_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

func TestGoSDK(t *testing.T) {
	t.Parallel()
	w := newWire(t)
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(w.id, w.secret, "")),
		config.WithSharedConfigFiles(nil), config.WithSharedCredentialsFiles(nil))
	if err != nil {
		t.Fatal(err)
	}
	c := s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(w.e.Server.URL)
		o.UsePathStyle = true
	})
	b := aws.String("productionapp")

	// Bodies as the SDK sends them over plain HTTP (it streams aws-chunked
	// only over TLS, which TestChunkedUploads covers): its default CRC32
	// checksum, a larger body, and a chosen algorithm.
	seekable := bytes.Repeat([]byte("go sdk v2 "), 1000)
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("go/seekable"), Body: bytes.NewReader(seekable)}); err != nil {
		t.Fatal(err)
	}
	streamed := make([]byte, 3<<20+5)
	rand.Read(streamed)
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("go/streamed"), Body: bytes.NewReader(streamed)}); err != nil {
		t.Fatal(err)
	}
	put, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("go/sha256"), Body: strings.NewReader("sha"),
		ChecksumAlgorithm: types.ChecksumAlgorithmSha256, Metadata: map[string]string{"purpose": "test"}})
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string][]byte{"go/seekable": seekable, "go/streamed": streamed, "go/sha256": []byte("sha")} {
		out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String(key), ChecksumMode: types.ChecksumModeEnabled})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(out.Body)
		out.Body.Close()
		if !bytes.Equal(got, want) {
			t.Errorf("GetObject %s: %d bytes, want %d", key, len(got), len(want))
		}
		if key == "go/sha256" && aws.ToString(out.ChecksumSHA256) != aws.ToString(put.ChecksumSHA256) {
			t.Errorf("checksum %v, want %v", aws.ToString(out.ChecksumSHA256), aws.ToString(put.ChecksumSHA256))
		}
	}
	head, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: b, Key: aws.String("go/sha256")})
	if err != nil || head.Metadata["purpose"] != "test" {
		t.Fatalf("HeadObject: %v %v", head, err)
	}

	// Multipart, by hand.
	up, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: b, Key: aws.String("go/multi")})
	if err != nil {
		t.Fatal(err)
	}
	parts := [][]byte{bytes.Repeat([]byte{1}, 5<<20), []byte("tail")}
	var done []types.CompletedPart
	for i, p := range parts {
		out, err := c.UploadPart(ctx, &s3.UploadPartInput{Bucket: b, Key: aws.String("go/multi"), UploadId: up.UploadId,
			PartNumber: aws.Int32(int32(i + 1)), Body: bytes.NewReader(p)})
		if err != nil {
			t.Fatal(err)
		}
		done = append(done, types.CompletedPart{PartNumber: aws.Int32(int32(i + 1)), ETag: out.ETag, ChecksumCRC32: out.ChecksumCRC32})
	}
	comp, err := c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: b, Key: aws.String("go/multi"), UploadId: up.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: done}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(aws.ToString(comp.ETag), `-2"`) {
		t.Errorf("multipart ETag %s", aws.ToString(comp.ETag))
	}

	// Paginate, copy, delete several.
	var keys []string
	pg := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: b, Prefix: aws.String("go/"), MaxKeys: aws.Int32(2)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Contents {
			keys = append(keys, aws.ToString(o.Key))
		}
	}
	if strings.Join(keys, ",") != "go/multi,go/seekable,go/sha256,go/streamed" {
		t.Errorf("paginated keys %v", keys)
	}
	if _, err := c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: b, Key: aws.String("go/copy"), CopySource: aws.String("productionapp/go/multi")}); err != nil {
		t.Fatal(err)
	}
	del, err := c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: b, Delete: &types.Delete{Objects: []types.ObjectIdentifier{
		{Key: aws.String("go/copy")}, {Key: aws.String("go/multi")}}}})
	if err != nil || len(del.Deleted) != 2 {
		t.Fatalf("DeleteObjects: %v %v", del, err)
	}

	// A presigned GET, fetched over plain HTTP.
	ps, err := s3.NewPresignClient(c).PresignGetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("go/sha256")},
		s3.WithPresignExpires(5*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(ps.URL)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(got) != "sha" {
		t.Errorf("presigned GET: %d %q", res.StatusCode, got)
	}

	// Errors are typed as the SDK models them.
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("go/none")})
	var nsk *types.NoSuchKey
	if !errors.As(err, &nsk) {
		t.Errorf("missing key: %v", err)
	}
	_, err = c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("no-such-bucket-at-all")})
	var nf *types.NotFound
	if !errors.As(err, &nf) {
		t.Errorf("HeadBucket of a missing bucket: %v", err)
	}
	_, err = c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("development-shared-builds")})
	var exists *types.BucketAlreadyExists
	if !errors.As(err, &exists) {
		t.Errorf("CreateBucket of a taken name: %v", err)
	}
	_, err = c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("development-shared-builds")})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDenied" {
		t.Errorf("another account's bucket: %v", err)
	}
}
