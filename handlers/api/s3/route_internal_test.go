package s3

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestRoute(t *testing.T) {
	t.Parallel()
	cases := []struct{ method, target, copySource, want string }{
		{"GET", "/", "", "ListBuckets"},
		{"PUT", "/b", "", "CreateBucket"},
		{"GET", "/b?list-type=2", "", "ListObjectsV2"},
		{"GET", "/b", "", "ListObjects"},
		{"GET", "/b?location", "", "GetBucketLocation"},
		{"GET", "/b?policyStatus", "", "GetBucketPolicyStatus"},
		{"DELETE", "/b?publicAccessBlock", "", "DeletePublicAccessBlock"},
		{"POST", "/b?delete", "", "DeleteObjects"},
		{"HEAD", "/b", "", "HeadBucket"},
		{"PUT", "/b/k", "", "PutObject"},
		{"PUT", "/b/k", "src/x", "CopyObject"},
		{"PUT", "/b/k?partNumber=1&uploadId=u", "", "UploadPart"},
		{"PUT", "/b/k?partNumber=1&uploadId=u", "src/x", "UploadPartCopy"},
		{"POST", "/b/k?uploads", "", "CreateMultipartUpload"},
		{"POST", "/b/k?uploadId=u", "", "CompleteMultipartUpload"},
		{"DELETE", "/b/k?uploadId=u", "", "AbortMultipartUpload"},
		{"GET", "/b/k?uploadId=u", "", "ListParts"},
		{"GET", "/b/k?tagging", "", "GetObjectTagging"},
		{"PATCH", "/b/k", "", "Object"},
	}
	for _, tc := range cases {
		u, _ := url.Parse(tc.target)
		r := &http.Request{Method: tc.method, URL: u, Header: http.Header{}}
		if tc.copySource != "" {
			r.Header.Set("X-Amz-Copy-Source", tc.copySource)
		}
		b, k, _ := splitPath(r)
		if h := route(tc.method, b, k, u.Query(), r.Header); h.name != tc.want {
			t.Errorf("%s %s = %s, want %s", tc.method, tc.target, h.name, tc.want)
		}
	}
}

func FuzzPathAndCopySource(f *testing.F) {
	for _, s := range []string{"/b/k", "/b/a%2Fb", "/b/%FF", "/b/../x", "b/k?versionId=null", "/%zz", "b/k?versionId=3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if b, k, err := copySource(s); err == nil && (b == "" || k == "") {
			t.Fatalf("copySource(%q) = %q %q", s, b, k)
		}
		u, err := url.Parse("http://h" + "/" + strings.TrimPrefix(s, "/"))
		if err != nil {
			return
		}
		r := &http.Request{Method: "GET", URL: u, Header: http.Header{}}
		b, k, err := splitPath(r)
		if err == nil {
			_ = route("GET", b, k, u.Query(), r.Header)
		}
	})
}
