package s3

import (
	"context"
	"encoding/json"
	"net/http"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// ownerOnly refuses a bucket policy call from another account than the
// bucket owner's: S3 answers 405 Method Not Allowed to a caller the policy
// allows but who does not belong to the owner's account.
func ownerOnly(c *iam.Caller, b *bucket) error {
	if c.AccountID != b.owner {
		return newError(http.StatusMethodNotAllowed, iam.KindDenied, "MethodNotAllowed",
			"The specified method is not allowed against this resource.", Detail{"Method", "PUT"}, Detail{"ResourceType", "BUCKETPOLICY"})
	}
	return nil
}

// GetBucketPolicy returns a bucket's policy as written (s3:GetBucketPolicy).
func (s *Service) GetBucketPolicy(ctx context.Context, c *iam.Caller, name string) (string, error) {
	k, b, err := s.bucketCall(ctx, c, "GetBucketPolicy", name, mgmtRead, map[string]any{"policy": ""})
	if err != nil {
		return "", err
	}
	if err := k.authorize(ctx, catalog.S3GetBucketPolicy.String(), b.arn, nil); err != nil {
		return "", err
	}
	if err := ownerOnly(c, b); err != nil {
		return "", k.fail(err)
	}
	if b.policyText == "" {
		return "", k.fail(errNoSuchBucketPolicy(name))
	}
	return b.policyText, k.read(nil)
}

// PutBucketPolicy sets a bucket's policy (s3:PutBucketPolicy): validated
// as S3 validates it, and refused when it is public and the bucket's Block
// Public Access blocks public policies.
func (s *Service) PutBucketPolicy(ctx context.Context, c *iam.Caller, name, document string) error {
	params := map[string]any{"policy": ""}
	if json.Valid([]byte(document)) {
		params["bucketPolicy"] = json.RawMessage(document)
	}
	k, b, err := s.bucketCall(ctx, c, "PutBucketPolicy", name, mgmtWrite, params)
	if err != nil {
		return err
	}
	if err := k.authorize(ctx, catalog.S3PutBucketPolicy.String(), b.arn, nil); err != nil {
		return err
	}
	if err := ownerOnly(c, b); err != nil {
		return k.fail(err)
	}
	p, err := s.compilePolicy(ctx, name, document)
	if err != nil {
		return k.fail(err)
	}
	if b.bpa != nil && b.bpa.BlockPublicPolicy && isPublicPolicy(p.Document()) {
		return k.fail(&Error{IAM: &iam.Error{Kind: iam.KindDenied, Code: "AccessDenied",
			Message: "User: " + c.ARN + ` is not authorized to perform: s3:PutBucketPolicy on resource: "` + b.arn +
				`" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
			Explanation: &iam.Explanation{Action: catalog.S3PutBucketPolicy.String(), Resource: b.arn,
				Reason: "The bucket's Block Public Access setting BlockPublicPolicy refuses policies that grant public access."}},
			Status: http.StatusForbidden})
	}
	err = k.write(ctx, func(q *store.Q) error { return q.SetS3BucketConfig(name, store.S3BucketPolicy, &document) })
	s.changed(name)
	return err
}

// DeleteBucketPolicy removes a bucket's policy (s3:DeleteBucketPolicy).
func (s *Service) DeleteBucketPolicy(ctx context.Context, c *iam.Caller, name string) error {
	k, b, err := s.bucketCall(ctx, c, "DeleteBucketPolicy", name, mgmtWrite, map[string]any{"policy": ""})
	if err != nil {
		return err
	}
	if err := k.authorize(ctx, catalog.S3DeleteBucketPolicy.String(), b.arn, nil); err != nil {
		return err
	}
	if err := ownerOnly(c, b); err != nil {
		return k.fail(err)
	}
	err = k.write(ctx, func(q *store.Q) error { return q.SetS3BucketConfig(name, store.S3BucketPolicy, nil) })
	s.changed(name)
	return err
}

// GetBucketPolicyStatus reports whether a bucket's policy is public
// (s3:GetBucketPolicyStatus).
func (s *Service) GetBucketPolicyStatus(ctx context.Context, c *iam.Caller, name string) (bool, error) {
	k, b, err := s.bucketCall(ctx, c, "GetBucketPolicyStatus", name, mgmtRead, map[string]any{"policyStatus": ""})
	if err != nil {
		return false, err
	}
	if err := k.authorize(ctx, catalog.S3GetBucketPolicyStatus.String(), b.arn, nil); err != nil {
		return false, err
	}
	if b.policyText == "" {
		return false, k.fail(errNoSuchBucketPolicy(name))
	}
	return b.public, k.read(nil)
}

// GetPublicAccessBlock returns a bucket's Block Public Access
// configuration (s3:GetBucketPublicAccessBlock).
func (s *Service) GetPublicAccessBlock(ctx context.Context, c *iam.Caller, name string) (*PublicAccessBlock, error) {
	k, b, err := s.bucketCall(ctx, c, "GetBucketPublicAccessBlock", name, mgmtRead, map[string]any{"publicAccessBlock": ""})
	if err != nil {
		return nil, err
	}
	if err := k.authorize(ctx, catalog.S3GetBucketPublicAccessBlock.String(), b.arn, nil); err != nil {
		return nil, err
	}
	if b.bpa == nil {
		return nil, k.fail(errNoSuchPublicAccessBlock(name))
	}
	p := *b.bpa
	return &p, k.read(nil)
}

// PutPublicAccessBlock sets a bucket's Block Public Access configuration
// (s3:PutBucketPublicAccessBlock).
func (s *Service) PutPublicAccessBlock(ctx context.Context, c *iam.Caller, name string, p PublicAccessBlock) error {
	params := map[string]any{"publicAccessBlock": "", "PublicAccessBlockConfiguration": map[string]any{
		"BlockPublicAcls": p.BlockPublicAcls, "IgnorePublicAcls": p.IgnorePublicAcls,
		"BlockPublicPolicy": p.BlockPublicPolicy, "RestrictPublicBuckets": p.RestrictPublicBuckets}}
	k, b, err := s.bucketCall(ctx, c, "PutBucketPublicAccessBlock", name, mgmtWrite, params)
	if err != nil {
		return err
	}
	if err := k.authorize(ctx, catalog.S3PutBucketPublicAccessBlock.String(), b.arn, nil); err != nil {
		return err
	}
	v := p.encode()
	err = k.write(ctx, func(q *store.Q) error { return q.SetS3BucketConfig(name, store.S3BucketPublicAccessBlock, &v) })
	s.changed(name)
	return err
}

// DeletePublicAccessBlock removes a bucket's Block Public Access
// configuration (s3:PutBucketPublicAccessBlock, as in S3).
func (s *Service) DeletePublicAccessBlock(ctx context.Context, c *iam.Caller, name string) error {
	k, b, err := s.bucketCall(ctx, c, "DeleteBucketPublicAccessBlock", name, mgmtWrite, map[string]any{"publicAccessBlock": ""})
	if err != nil {
		return err
	}
	if err := k.authorize(ctx, catalog.S3PutBucketPublicAccessBlock.String(), b.arn, nil); err != nil {
		return err
	}
	err = k.write(ctx, func(q *store.Q) error { return q.SetS3BucketConfig(name, store.S3BucketPublicAccessBlock, nil) })
	s.changed(name)
	return err
}

// GetBucketTagging returns a bucket's tags (s3:GetBucketTagging).
func (s *Service) GetBucketTagging(ctx context.Context, c *iam.Caller, name string) ([]Tag, error) {
	k, b, err := s.bucketCall(ctx, c, "GetBucketTagging", name, mgmtRead, map[string]any{"tagging": ""})
	if err != nil {
		return nil, err
	}
	if err := k.authorize(ctx, catalog.S3GetBucketTagging.String(), b.arn, nil); err != nil {
		return nil, err
	}
	if len(b.tags) == 0 {
		return nil, k.fail(errNoSuchTagSet(name))
	}
	return append([]Tag(nil), b.tags...), k.read(nil)
}

// PutBucketTagging replaces a bucket's tags (s3:PutBucketTagging).
func (s *Service) PutBucketTagging(ctx context.Context, c *iam.Caller, name string, tags []Tag) error {
	k, b, err := s.bucketCall(ctx, c, "PutBucketTagging", name, mgmtWrite, map[string]any{"tagging": ""})
	if err != nil {
		return err
	}
	keys := map[string][]string{}
	for _, t := range tags {
		keys["aws:RequestTag/"+t.Key] = []string{t.Value}
		keys["aws:TagKeys"] = append(keys["aws:TagKeys"], t.Key)
	}
	if err := k.authorize(ctx, catalog.S3PutBucketTagging.String(), b.arn, keys); err != nil {
		return err
	}
	if err := checkTags(tags, MaxBucketTags, false); err != nil {
		return k.fail(err)
	}
	v := tagsJSON(tags)
	var col *string
	if v != "" {
		col = &v
	}
	err = k.write(ctx, func(q *store.Q) error { return q.SetS3BucketConfig(name, store.S3BucketTags, col) })
	s.changed(name)
	return err
}

// DeleteBucketTagging removes a bucket's tags (s3:PutBucketTagging, as in
// S3).
func (s *Service) DeleteBucketTagging(ctx context.Context, c *iam.Caller, name string) error {
	k, b, err := s.bucketCall(ctx, c, "DeleteBucketTagging", name, mgmtWrite, map[string]any{"tagging": ""})
	if err != nil {
		return err
	}
	if err := k.authorize(ctx, catalog.S3PutBucketTagging.String(), b.arn, nil); err != nil {
		return err
	}
	err = k.write(ctx, func(q *store.Q) error { return q.SetS3BucketConfig(name, store.S3BucketTags, nil) })
	s.changed(name)
	return err
}

// BucketPolicyProblems validates a bucket policy document for the
// console's editor, without storing it.
func (s *Service) BucketPolicyProblems(ctx context.Context, bucket, document string) []iam.Position {
	if _, err := s.compilePolicy(ctx, bucket, document); err != nil {
		e := AsError(err)
		if len(e.IAM.Positions) > 0 {
			return e.IAM.Positions
		}
		return []iam.Position{{Message: e.IAM.Message}}
	}
	return nil
}
