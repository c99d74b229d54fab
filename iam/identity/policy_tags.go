package identity

import (
	"context"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/iam/managed"
	"iamconsole/store"
)

// TagPolicy adds or replaces tags on a customer managed policy
// (iam:TagPolicy), at most 50 in all. Keys are compared as IAM compares a
// managed policy's: case-sensitively.
func (s *Service) TagPolicy(ctx context.Context, c *iam.Caller, policyARN string, tags []iam.Tag) error {
	return s.changePolicyTags(ctx, c, "TagPolicy", catalog.IAMTagPolicy, policyARN,
		map[string]any{"policyArn": policyARN, "tags": tags}, func(q *store.Q, p *store.Policy) error {
			if err := iam.ValidatePolicyTags(tags); err != nil {
				return err
			}
			have, err := loadPolicyTags(q, p.ID)
			if err != nil {
				return err
			}
			keys := map[string]bool{}
			for _, t := range append(have, tags...) {
				keys[t.Key] = true
			}
			if len(keys) > iam.MaxTagsPerEntity {
				return iam.LimitExceeded("The number of tags has reached the maximum limit.")
			}
			return putPolicyTags(q, p.ID, tags)
		})
}

// UntagPolicy removes tags from a customer managed policy by key
// (iam:UntagPolicy).
func (s *Service) UntagPolicy(ctx context.Context, c *iam.Caller, policyARN string, keys []string) error {
	return s.changePolicyTags(ctx, c, "UntagPolicy", catalog.IAMUntagPolicy, policyARN,
		map[string]any{"policyArn": policyARN, "tagKeys": keys}, func(q *store.Q, p *store.Policy) error {
			if err := iam.ValidateTagKeys(keys); err != nil {
				return err
			}
			return q.DeletePolicyTags(p.ID, keys)
		})
}

func (s *Service) changePolicyTags(ctx context.Context, c *iam.Caller, event string, action catalog.Action, policyARN string, params any, fn func(q *store.Q, p *store.Policy) error) error {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, event, action.String(), policyARN, params)
	if err != nil {
		return err
	}
	if err := checkPolicyARN(policyARN); err != nil {
		return o.Fail(err)
	}
	if managed.IsAWSManaged(policyARN) {
		return o.Fail(outsideAccount(event))
	}
	o.AddResource("AWS::IAM::Policy", policyARN)
	return o.Write(func(q *store.Q) error {
		p, err := customerPolicy(q, c.AccountID, policyARN)
		if err != nil {
			return err
		}
		return fn(q, p)
	})
}

// ListPolicyTags lists a managed policy's tags (iam:ListPolicyTags); an AWS
// managed policy has none.
func (s *Service) ListPolicyTags(ctx context.Context, c *iam.Caller, policyARN string) ([]iam.Tag, error) {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "ListPolicyTags", catalog.IAMListPolicyTags.String(), policyARN, map[string]any{"policyArn": policyARN})
	if err != nil {
		return nil, err
	}
	if err := checkPolicyARN(policyARN); err != nil {
		return nil, o.Read(err)
	}
	if managed.IsAWSManaged(policyARN) {
		return []iam.Tag{}, o.Read(nil)
	}
	q := s.st.Read(ctx)
	p, err := customerPolicy(q, c.AccountID, policyARN)
	if err != nil {
		return nil, o.Read(err)
	}
	ts, err := loadPolicyTags(q, p.ID)
	return ts, o.Read(iam.StoreErr(err, nil))
}

func loadPolicyTags(q *store.Q, policyID string) ([]iam.Tag, error) {
	ts, err := q.PolicyTags(policyID)
	if err != nil {
		return nil, err
	}
	out := make([]iam.Tag, 0, len(ts))
	for _, t := range ts {
		out = append(out, iam.Tag{Key: t.Key, Value: t.Value})
	}
	return out, nil
}

func putPolicyTags(q *store.Q, policyID string, tags []iam.Tag) error {
	ts := make([]store.PolicyTag, 0, len(tags))
	for _, t := range tags {
		ts = append(ts, store.PolicyTag{PolicyID: policyID, Key: t.Key, Value: t.Value})
	}
	return q.PutPolicyTags(ts)
}
