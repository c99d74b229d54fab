package s3

import (
	"context"

	"iamconsole/iam"
)

// GraphBucket is a bucket as the access graph shows it.
type GraphBucket struct {
	Name, Owner, ARN string
}

// GraphBuckets lists every bucket of every account, for the access graph,
// which decides itself what each viewer may see of them.
func (s *Service) GraphBuckets(ctx context.Context) ([]GraphBucket, error) {
	q := s.st.Read(ctx)
	accts, err := q.Accounts()
	if err != nil {
		return nil, internal(err)
	}
	var out []GraphBucket
	for _, a := range accts {
		bs, err := q.S3Buckets(a.ID, "", "", 0)
		if err != nil {
			return nil, internal(err)
		}
		for _, b := range bs {
			out = append(out, GraphBucket{Name: b.Name, Owner: b.AccountID, ARN: BucketARN(b.Name)})
		}
	}
	return out, nil
}

// GraphCheck is the question S3 asks the kernel when c performs action on
// resource (the bucket's ARN or one of its objects'): the bucket policy,
// the owner, the keys S3 fills, Block Public Access applied. The access
// graph asks it to answer who can act on a bucket as S3 would.
func (s *Service) GraphCheck(ctx context.Context, c *iam.Caller, bucketName, action, resource string) (iam.Check, error) {
	b, err := s.bucket(ctx, bucketName)
	if err != nil {
		return iam.Check{}, err
	}
	return s.check(ctx, c, b, action, resource, nil), nil
}
