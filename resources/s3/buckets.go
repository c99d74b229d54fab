package s3

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/iam/sigv4"
	"iamconsole/store"
)

// BucketInfo is a bucket as ListBuckets and HeadBucket show it.
type BucketInfo struct {
	Name      string
	Region    string
	Owner     string // account ID
	CreatedAt time.Time
}

// ListBucketsInput pages through the caller's buckets.
type ListBucketsInput struct {
	Prefix            string
	ContinuationToken string
	MaxBuckets        int // 0: all
	BucketRegion      string
}

// ListBucketsOutput is one page of buckets.
type ListBucketsOutput struct {
	Buckets           []BucketInfo
	Owner             string // the caller's account ID
	Prefix            string
	ContinuationToken string // for the next page, "" on the last
}

// ListBuckets lists the buckets of the caller's account
// (s3:ListAllMyBuckets).
func (s *Service) ListBuckets(ctx context.Context, c *iam.Caller, in ListBucketsInput) (*ListBucketsOutput, error) {
	params := map[string]any{}
	if in.Prefix != "" {
		params["prefix"] = in.Prefix
	}
	k := s.start(ctx, c, "ListBuckets", "", "", mgmtRead, params)
	if in.MaxBuckets < 0 || in.MaxBuckets > MaxBuckets {
		return nil, k.fail(errInvalidArgument("max-buckets", "", "Argument max-buckets must be an integer between 1 and 10000"))
	}
	if err := s.decideAny(ctx, c, catalog.S3ListAllMyBuckets.String()); err != nil {
		return nil, k.fail(err)
	}
	after := ""
	if in.ContinuationToken != "" {
		b, err := base64.RawURLEncoding.DecodeString(in.ContinuationToken)
		if err != nil {
			return nil, k.fail(errInvalidArgument("continuation-token", in.ContinuationToken, "The continuation token provided is incorrect"))
		}
		after = string(b)
	}
	limit := in.MaxBuckets
	if limit > 0 {
		limit++
	}
	rows, err := s.st.Read(ctx).S3Buckets(c.AccountID, in.Prefix, after, limit)
	if err != nil {
		return nil, k.fail(internal(err))
	}
	out := &ListBucketsOutput{Owner: c.AccountID, Prefix: in.Prefix}
	for _, r := range rows {
		if in.BucketRegion != "" && r.Region != in.BucketRegion {
			continue
		}
		if in.MaxBuckets > 0 && len(out.Buckets) == in.MaxBuckets {
			out.ContinuationToken = base64.RawURLEncoding.EncodeToString([]byte(out.Buckets[len(out.Buckets)-1].Name))
			break
		}
		out.Buckets = append(out.Buckets, BucketInfo{Name: r.Name, Region: r.Region, Owner: r.AccountID, CreatedAt: r.CreatedAt})
	}
	return out, k.read(nil)
}

// decideAny authorizes an action whose resource is "*", with S3's
// condition keys and S3's wording of a denial.
func (s *Service) decideAny(ctx context.Context, c *iam.Caller, action string) error {
	own := &bucket{owner: c.AccountID}
	ch := s.check(ctx, c, own, action, "*", nil)
	if _, err := s.iam.Decide(ctx, c, ch); err != nil {
		e := iam.AsError(err)
		if e.Kind != iam.KindDenied {
			return err
		}
		out := *e
		out.Message = strings.Replace(e.Message, " on resource: * ", " ", 1)
		return &Error{IAM: &out, Status: 403}
	}
	return nil
}

// CreateBucketInput creates a bucket.
type CreateBucketInput struct {
	Bucket string
	// LocationConstraint is the body's CreateBucketConfiguration; Region is
	// the region the request was sent to ("" for the console: the
	// constraint, else us-east-1).
	LocationConstraint string
	Region             string
	ACL                string
	ObjectOwnership    string
}

// CreateBucket creates a bucket owned by the caller's account
// (s3:CreateBucket), with Block Public Access on and ACLs off, as S3
// creates every bucket.
func (s *Service) CreateBucket(ctx context.Context, c *iam.Caller, in CreateBucketInput) (*BucketInfo, error) {
	params := map[string]any{}
	if in.LocationConstraint != "" {
		params["CreateBucketConfiguration"] = map[string]any{"LocationConstraint": in.LocationConstraint}
	}
	k := s.start(ctx, c, "CreateBucket", in.Bucket, "", mgmtWrite, params)
	if !ValidBucketName(in.Bucket) {
		return nil, k.fail(errInvalidBucketName(in.Bucket))
	}
	region := in.Region
	switch {
	case in.LocationConstraint != "" && !sigv4.ValidRegion(in.LocationConstraint):
		return nil, k.fail(errInvalidLocationConstraint())
	case region == "":
		region = in.LocationConstraint
		if region == "" {
			region = DefaultRegion
		}
	case region == DefaultRegion && in.LocationConstraint == DefaultRegion:
		return nil, k.fail(errInvalidLocationConstraint())
	case region == DefaultRegion:
		// Requests signed for us-east-1 reach S3's global endpoint, which
		// creates a bucket in the region its constraint names.
		if in.LocationConstraint != "" {
			region = in.LocationConstraint
		}
	case in.LocationConstraint != region:
		return nil, k.fail(errIllegalLocationConstraint(in.LocationConstraint, region))
	}
	switch in.ObjectOwnership {
	case "", "BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter":
	default:
		return nil, k.fail(errInvalidArgument("x-amz-object-ownership", in.ObjectOwnership, "Invalid x-amz-object-ownership header: "+in.ObjectOwnership))
	}
	k.on(&bucket{name: in.Bucket, owner: c.AccountID, arn: BucketARN(in.Bucket)})
	keys := map[string][]string{"s3:LocationConstraint": {region}}
	if in.ACL != "" {
		keys["s3:x-amz-acl"] = []string{in.ACL}
	}
	if in.ObjectOwnership != "" {
		keys["s3:x-amz-object-ownership"] = []string{in.ObjectOwnership}
	}
	if err := k.authorize(ctx, catalog.S3CreateBucket.String(), BucketARN(in.Bucket), keys); err != nil {
		return nil, err
	}
	if in.ACL != "" && in.ACL != "private" && (in.ObjectOwnership == "" || in.ObjectOwnership == "BucketOwnerEnforced") {
		return nil, k.fail(newError(400, iam.KindInvalid, "InvalidBucketAclWithObjectOwnership",
			"Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"))
	}
	if existing, err := s.st.Read(ctx).S3Bucket(in.Bucket); err == nil {
		if existing.AccountID != c.AccountID {
			return nil, k.fail(errBucketAlreadyExists(in.Bucket))
		}
		if existing.Region == DefaultRegion && region == DefaultRegion {
			// S3's legacy answer in us-east-1: 200 OK for a bucket you own.
			return &BucketInfo{Name: existing.Name, Region: existing.Region, Owner: existing.AccountID, CreatedAt: existing.CreatedAt}, k.read(nil)
		}
		return nil, k.fail(errBucketAlreadyOwnedByYou(in.Bucket))
	} else if !isNotFound(err) {
		return nil, k.fail(internal(err))
	}
	now := s.iam.Now()
	pab := AllBlocked.encode()
	row := &store.S3Bucket{Name: in.Bucket, AccountID: c.AccountID, Region: region, CreatedAt: now, PublicAccessBlock: &pab}
	err := k.write(ctx, func(q *store.Q) error {
		n, err := q.S3BucketCount(c.AccountID)
		if err != nil {
			return err
		}
		if n >= MaxBuckets {
			return errTooManyBuckets()
		}
		if err := q.CreateS3Bucket(row); errors.Is(err, store.ErrDuplicate) {
			return errBucketAlreadyExists(in.Bucket)
		} else if err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.changed(in.Bucket)
	return &BucketInfo{Name: row.Name, Region: row.Region, Owner: row.AccountID, CreatedAt: now}, nil
}

// DeleteBucket deletes an empty bucket (s3:DeleteBucket).
func (s *Service) DeleteBucket(ctx context.Context, c *iam.Caller, name string) error {
	k, b, err := s.bucketCall(ctx, c, "DeleteBucket", name, mgmtWrite, nil)
	if err != nil {
		return err
	}
	if err := k.authorize(ctx, catalog.S3DeleteBucket.String(), b.arn, nil); err != nil {
		return err
	}
	err = k.write(ctx, func(q *store.Q) error {
		err := q.DeleteS3Bucket(name)
		switch {
		case errors.Is(err, store.ErrConflict):
			return errBucketNotEmpty(name)
		case isNotFound(err):
			return errNoSuchBucket(name)
		}
		return err
	})
	s.changed(name)
	return err
}

// bucketCall starts a call on an existing bucket: NoSuchBucket (recorded)
// when there is none.
func (s *Service) bucketCall(ctx context.Context, c *iam.Caller, event, name string, kind eventKind, params map[string]any) (*call, *bucket, error) {
	return s.objectCall(ctx, c, event, name, "", kind, params)
}

// objectCall starts a call on an object of an existing bucket.
func (s *Service) objectCall(ctx context.Context, c *iam.Caller, event, name, key string, kind eventKind, params map[string]any) (*call, *bucket, error) {
	k := s.start(ctx, c, event, name, key, kind, params)
	b, err := s.bucket(ctx, name)
	if err != nil {
		return nil, nil, k.fail(err)
	}
	k.on(b)
	return k, b, nil
}

// HeadBucket reports whether the bucket exists and the caller may list it
// (s3:ListBucket), with its region.
func (s *Service) HeadBucket(ctx context.Context, c *iam.Caller, name string) (*BucketInfo, error) {
	k, b, err := s.bucketCall(ctx, c, "HeadBucket", name, dataRead, nil)
	if err != nil {
		return nil, err
	}
	if err := k.authorize(ctx, catalog.S3ListBucket.String(), b.arn, nil); err != nil {
		return nil, err
	}
	return &BucketInfo{Name: b.name, Region: b.region, Owner: b.owner, CreatedAt: b.created}, k.read(nil)
}

// GetBucketLocation returns a bucket's region (s3:GetBucketLocation).
func (s *Service) GetBucketLocation(ctx context.Context, c *iam.Caller, name string) (string, error) {
	k, b, err := s.bucketCall(ctx, c, "GetBucketLocation", name, mgmtRead, map[string]any{"location": ""})
	if err != nil {
		return "", err
	}
	if err := k.authorize(ctx, catalog.S3GetBucketLocation.String(), b.arn, nil); err != nil {
		return "", err
	}
	return b.region, k.read(nil)
}

// ReadBucketSetting authorizes and records a read of one of the bucket
// settings this simulation keeps fixed at S3's defaults for new buckets
// (versioning never enabled, ACLs off with the owner's full control,
// Object Ownership BucketOwnerEnforced, SSE-S3 default encryption): event
// is the call's name, action its permission. It returns the bucket.
func (s *Service) ReadBucketSetting(ctx context.Context, c *iam.Caller, name, event, action, subresource string) (*BucketInfo, error) {
	k, b, err := s.bucketCall(ctx, c, event, name, mgmtRead, map[string]any{subresource: ""})
	if err != nil {
		return nil, err
	}
	if err := k.authorize(ctx, action, b.arn, nil); err != nil {
		return nil, err
	}
	return &BucketInfo{Name: b.name, Region: b.region, Owner: b.owner, CreatedAt: b.created}, k.read(nil)
}

// MayCreateBucket reports whether c may create buckets, for the console's
// button.
func (s *Service) MayCreateBucket(ctx context.Context, c *iam.Caller) bool {
	own := &bucket{owner: c.AccountID, arn: "arn:aws:s3:::*"}
	return s.decide(ctx, c, own, catalog.S3CreateBucket.String(), own.arn, nil) == nil
}
