package s3

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"iamconsole/handlers/api/restxml"
	"iamconsole/iam"
	"iamconsole/iam/catalog"
	s3 "iamconsole/resources/s3"
)

// owner writes S3's Owner element for an account.
func owner(b *restxml.Builder, accountID string) {
	b.Open("Owner").Text("ID", s3.CanonicalUserID(accountID)).Close("Owner")
}

// intParam reads an integer query parameter; absent is def.
func intParam(q url.Values, name string, def int) (int, error) {
	v, ok := q[name]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v[0])
	if err != nil || n < 0 {
		return 0, &s3.Error{IAM: &iam.Error{Kind: iam.KindInvalid, Code: "InvalidArgument",
			Message: "Provided " + name + " not an integer or within integer range"}, Status: http.StatusBadRequest,
			Details: []s3.Detail{{Name: "ArgumentName", Value: name}, {Name: "ArgumentValue", Value: v[0]}}}
	}
	return n, nil
}

func listBuckets(req *request) error {
	n, err := intParam(req.q, "max-buckets", 0)
	if err != nil {
		return err
	}
	out, err := req.a.s3.ListBuckets(req.ctx, req.c, s3.ListBucketsInput{Prefix: req.q.Get("prefix"),
		ContinuationToken: req.q.Get("continuation-token"), MaxBuckets: n, BucketRegion: req.q.Get("bucket-region")})
	if err != nil {
		return err
	}
	b := restxml.NewBuilder().Root("ListAllMyBucketsResult")
	owner(b, out.Owner)
	b.Open("Buckets")
	for _, bk := range out.Buckets {
		b.Open("Bucket").Text("Name", bk.Name).Time("CreationDate", bk.CreatedAt).Text("BucketRegion", bk.Region).Close("Bucket")
	}
	b.Close("Buckets").TextIf("ContinuationToken", out.ContinuationToken).TextIf("Prefix", out.Prefix)
	return req.ok(b.Close("ListAllMyBucketsResult"))
}

type createBucketConfiguration struct {
	LocationConstraint string
}

func createBucket(req *request) error {
	var cfg createBucketConfiguration
	if _, err := req.readOptionalXML("CreateBucketConfiguration", &cfg); err != nil {
		return err
	}
	region := ""
	if p := req.call.Signature; p != nil {
		region = p.Region
	}
	in := s3.CreateBucketInput{Bucket: req.bucket, LocationConstraint: cfg.LocationConstraint, Region: region,
		ACL: req.r.Header.Get("X-Amz-Acl"), ObjectOwnership: req.r.Header.Get("X-Amz-Object-Ownership")}
	if _, err := req.a.s3.CreateBucket(req.ctx, req.c, in); err != nil {
		return err
	}
	req.header().Set("Location", "/"+req.bucket)
	req.w.WriteHeader(http.StatusOK)
	return nil
}

func deleteBucket(req *request) error {
	if err := req.a.s3.DeleteBucket(req.ctx, req.c, req.bucket); err != nil {
		return err
	}
	return req.noContent()
}

func headBucket(req *request) error {
	info, err := req.a.s3.HeadBucket(req.ctx, req.c, req.bucket)
	if err != nil {
		return err
	}
	h := req.header()
	h.Set("x-amz-bucket-region", info.Region)
	h.Set("x-amz-access-point-alias", "false")
	req.w.WriteHeader(http.StatusOK)
	return nil
}

func getBucketLocation(req *request) error {
	region, err := req.a.s3.GetBucketLocation(req.ctx, req.c, req.bucket)
	if err != nil {
		return err
	}
	if region == s3.DefaultRegion {
		region = "" // us-east-1 answers an empty LocationConstraint
	}
	return req.ok(restxml.NewBuilder().Root("LocationConstraint").Raw(restxml.Escape(region)).Close("LocationConstraint"))
}

func getBucketPolicy(req *request) error {
	doc, err := req.a.s3.GetBucketPolicy(req.ctx, req.c, req.bucket)
	if err != nil {
		return err
	}
	h := req.header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(doc)))
	req.w.WriteHeader(http.StatusOK)
	req.w.Write([]byte(doc))
	return nil
}

func putBucketPolicy(req *request) error {
	body, err := restxml.ReadBody(req.body)
	if err != nil {
		if err == restxml.ErrTooLarge {
			return &s3.Error{IAM: &iam.Error{Kind: iam.KindMalformedPolicy, Code: "MalformedPolicy",
				Message: "Policies must be at most 20 KB in size."}, Status: http.StatusBadRequest}
		}
		return err
	}
	if err := req.a.s3.PutBucketPolicy(req.ctx, req.c, req.bucket, string(body)); err != nil {
		return err
	}
	return req.noContent()
}

func deleteBucketPolicy(req *request) error {
	if err := req.a.s3.DeleteBucketPolicy(req.ctx, req.c, req.bucket); err != nil {
		return err
	}
	return req.noContent()
}

func getBucketPolicyStatus(req *request) error {
	public, err := req.a.s3.GetBucketPolicyStatus(req.ctx, req.c, req.bucket)
	if err != nil {
		return err
	}
	return req.ok(restxml.NewBuilder().Root("PolicyStatus").Bool("IsPublic", public).Close("PolicyStatus"))
}

type publicAccessBlockConfiguration struct {
	BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets bool
}

func getPublicAccessBlock(req *request) error {
	p, err := req.a.s3.GetPublicAccessBlock(req.ctx, req.c, req.bucket)
	if err != nil {
		return err
	}
	b := restxml.NewBuilder().Root("PublicAccessBlockConfiguration").Bool("BlockPublicAcls", p.BlockPublicAcls).
		Bool("IgnorePublicAcls", p.IgnorePublicAcls).Bool("BlockPublicPolicy", p.BlockPublicPolicy).
		Bool("RestrictPublicBuckets", p.RestrictPublicBuckets)
	return req.ok(b.Close("PublicAccessBlockConfiguration"))
}

func putPublicAccessBlock(req *request) error {
	var cfg publicAccessBlockConfiguration
	if err := req.readXML("PublicAccessBlockConfiguration", &cfg); err != nil {
		return err
	}
	if err := req.a.s3.PutPublicAccessBlock(req.ctx, req.c, req.bucket, s3.PublicAccessBlock(cfg)); err != nil {
		return err
	}
	req.header()
	req.w.WriteHeader(http.StatusOK)
	return nil
}

func deletePublicAccessBlock(req *request) error {
	if err := req.a.s3.DeletePublicAccessBlock(req.ctx, req.c, req.bucket); err != nil {
		return err
	}
	return req.noContent()
}

// tagging is S3's Tagging document.
type tagging struct {
	TagSet struct {
		Tag []struct {
			Key   string
			Value string
		}
	}
}

func (t tagging) tags() []s3.Tag {
	out := make([]s3.Tag, 0, len(t.TagSet.Tag))
	for _, tg := range t.TagSet.Tag {
		out = append(out, s3.Tag{Key: tg.Key, Value: tg.Value})
	}
	return out
}

func writeTagging(req *request, tags []s3.Tag) error {
	b := restxml.NewBuilder().Root("Tagging").Open("TagSet")
	for _, t := range tags {
		b.Open("Tag").Text("Key", t.Key).Text("Value", t.Value).Close("Tag")
	}
	return req.ok(b.Close("TagSet").Close("Tagging"))
}

func getBucketTagging(req *request) error {
	tags, err := req.a.s3.GetBucketTagging(req.ctx, req.c, req.bucket)
	if err != nil {
		return err
	}
	return writeTagging(req, tags)
}

func putBucketTagging(req *request) error {
	var t tagging
	if err := req.readXML("Tagging", &t); err != nil {
		return err
	}
	if err := req.a.s3.PutBucketTagging(req.ctx, req.c, req.bucket, t.tags()); err != nil {
		return err
	}
	return req.noContent()
}

func deleteBucketTagging(req *request) error {
	if err := req.a.s3.DeleteBucketTagging(req.ctx, req.c, req.bucket); err != nil {
		return err
	}
	return req.noContent()
}

// bucketSetting answers the reads of settings every bucket has at S3's
// defaults: no versioning, ACLs off, BucketOwnerEnforced, SSE-S3.
func bucketSetting(req *request) error {
	type setting struct{ event, action, sub string }
	var st setting
	switch {
	case req.q.Has("versioning"):
		st = setting{"GetBucketVersioning", catalog.S3GetBucketVersioning.String(), "versioning"}
	case req.q.Has("acl"):
		st = setting{"GetBucketAcl", catalog.S3GetBucketAcl.String(), "acl"}
	case req.q.Has("ownershipControls"):
		st = setting{"GetBucketOwnershipControls", catalog.S3GetBucketOwnershipControls.String(), "ownershipControls"}
	default:
		st = setting{"GetBucketEncryption", catalog.S3GetEncryptionConfiguration.String(), "encryption"}
	}
	info, err := req.a.s3.ReadBucketSetting(req.ctx, req.c, req.bucket, st.event, st.action, st.sub)
	if err != nil {
		return err
	}
	var b *restxml.Builder
	switch st.sub {
	case "versioning":
		b = restxml.NewBuilder().Root("VersioningConfiguration").Close("VersioningConfiguration")
	case "acl":
		id := s3.CanonicalUserID(info.Owner)
		b = restxml.NewBuilder().Root("AccessControlPolicy")
		b.Open("Owner").Text("ID", id).Close("Owner").Open("AccessControlList").Open("Grant").
			Raw(`<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">`).Text("ID", id).Close("Grantee").
			Text("Permission", "FULL_CONTROL").Close("Grant").Close("AccessControlList").Close("AccessControlPolicy")
	case "ownershipControls":
		b = restxml.NewBuilder().Root("OwnershipControls").Open("Rule").Text("ObjectOwnership", "BucketOwnerEnforced").
			Close("Rule").Close("OwnershipControls")
	default:
		b = restxml.NewBuilder().Root("ServerSideEncryptionConfiguration").Open("Rule").Open("ApplyServerSideEncryptionByDefault").
			Text("SSEAlgorithm", "AES256").Close("ApplyServerSideEncryptionByDefault").Bool("BucketKeyEnabled", false).
			Close("Rule").Close("ServerSideEncryptionConfiguration")
	}
	return req.ok(b)
}

func listUploads(req *request) error {
	n, err := intParam(req.q, "max-uploads", 1000)
	if err != nil {
		return err
	}
	in := s3.ListUploadsInput{Bucket: req.bucket, Prefix: req.q.Get("prefix"), Delimiter: req.q.Get("delimiter"),
		KeyMarker: req.q.Get("key-marker"), UploadIDMarker: req.q.Get("upload-id-marker"), MaxUploads: n}
	out, err := req.a.s3.ListMultipartUploads(req.ctx, req.c, in)
	if err != nil {
		return err
	}
	b := restxml.NewBuilder().Root("ListMultipartUploadsResult").Text("Bucket", req.bucket).
		Text("KeyMarker", out.KeyMarker).Text("UploadIdMarker", out.UploadIDMarker).
		Text("NextKeyMarker", out.NextKeyMarker).Text("NextUploadIdMarker", out.NextUploadIDMarker).
		TextIf("Prefix", out.Prefix).TextIf("Delimiter", out.Del).
		Int("MaxUploads", int64(out.MaxUploads)).Bool("IsTruncated", out.IsTruncated)
	for _, u := range out.Uploads {
		b.Open("Upload").Text("Key", u.Key).Text("UploadId", u.UploadID)
		initiator(b, u.Initiator)
		owner(b, u.Owner)
		b.Text("StorageClass", u.StorageClass).Time("Initiated", u.Initiated).TextIf("ChecksumAlgorithm", u.ChecksumAlgorithm).
			TextIf("ChecksumType", u.ChecksumType).Close("Upload")
	}
	for _, p := range out.CommonPrefixes {
		b.Open("CommonPrefixes").Text("Prefix", p).Close("CommonPrefixes")
	}
	return req.ok(b.Close("ListMultipartUploadsResult"))
}

// initiator writes the Initiator of an upload: who started it, by ARN.
func initiator(b *restxml.Builder, arn string) {
	name := arn[strings.LastIndex(arn, "/")+1:]
	b.Open("Initiator").Text("ID", arn).Text("DisplayName", name).Close("Initiator")
}
