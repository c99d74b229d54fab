package ec2

import (
	"context"
	"slices"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// TagDescription is a tag as DescribeTags answers it.
type TagDescription struct {
	ResourceID, ResourceType, Key, Value string
}

// TagFilter names a tag DeleteTags removes: by key, and by value too when
// Value is set.
type TagFilter struct {
	Key   string
	Value *string
}

// taggable checks the resources of CreateTags and DeleteTags: instances of
// the caller's region (the fixed AMIs belong to other accounts).
func (s *Service) taggable(ctx context.Context, c *iam.Caller, ids []string) (*instSet, error) {
	if len(ids) == 0 {
		return nil, ec2Error(iam.KindInvalid, "MissingParameter", "The request must contain the parameter resourceIdSet")
	}
	for _, id := range ids {
		if strings.HasPrefix(id, "ami-") {
			if _, ok := imageByID(id); ok {
				return nil, ec2Error(iam.KindDenied, "UnauthorizedOperation", "You are not authorized to perform this operation.")
			}
			return nil, ec2Error(iam.KindInvalid, "InvalidAMIID.NotFound", "The image id '[%s]' does not exist", id)
		}
		if !strings.HasPrefix(id, "i-") {
			return nil, ec2Error(iam.KindInvalid, "InvalidID", "The ID '%s' is not valid", id)
		}
	}
	if err := checkInstanceIDs(ids); err != nil {
		return nil, err
	}
	set, err := s.instances(ctx, scope{c.AccountID, regionOf(c)})
	if err != nil {
		return nil, err
	}
	now := s.svc.Now()
	var missing []string
	for _, id := range ids {
		ok := false
		for k := range set.instances {
			if set.instances[k].ID == id && visible(&set.instances[k], now) {
				ok = true
				break
			}
		}
		if !ok && !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		return nil, notFoundIDs(missing)
	}
	return set, nil
}

func tagParams(ids []string, tags []Tag) map[string]any {
	res := make([]map[string]string, len(ids))
	for i, id := range ids {
		res[i] = map[string]string{"resourceId": id}
	}
	ts := make([]map[string]string, len(tags))
	for i, t := range tags {
		ts[i] = map[string]string{"key": t.Key, "value": t.Value}
	}
	return map[string]any{"resourcesSet": map[string]any{"items": res}, "tagSet": map[string]any{"items": ts}}
}

// CreateTags adds or overwrites tags of instances.
func (s *Service) CreateTags(ctx context.Context, c *iam.Caller, ids []string, tags []Tag, dryRun bool) error {
	region := regionOf(c)
	o := s.begin(ctx, c, "CreateTags", tagParams(ids, tags), false)
	if len(tags) == 0 {
		return fail(o, ec2Error(iam.KindInvalid, "MissingParameter", "The request must contain the parameter Tags"))
	}
	if err := checkTags(tags); err != nil {
		return fail(o, err)
	}
	set, err := s.taggable(ctx, c, ids)
	if err != nil {
		return fail(o, err)
	}
	var checks []check
	for _, id := range ids {
		keys := map[string][]string{}
		for _, t := range set.tags[id] {
			keys["ec2:ResourceTag/"+t.Key] = []string{t.Value}
			keys["aws:ResourceTag/"+t.Key] = []string{t.Value}
		}
		requestTags(keys, tags)
		checks = append(checks, check{catalog.EC2CreateTags.String(), InstanceARN(region, c.AccountID, id), keys})
	}
	if err := s.authorize(ctx, o, c, true, checks...); err != nil {
		return err
	}
	for _, id := range ids {
		n := len(set.tags[id])
		for _, t := range tags {
			if !slices.ContainsFunc(set.tags[id], func(x store.EC2Tag) bool { return x.Key == t.Key }) {
				n++
			}
		}
		if n > 50 {
			return fail(o, ec2Error(iam.KindLimit, "TagLimitExceeded", "The maximum number of Tags for a resource has been reached."))
		}
	}
	if dryRun {
		return fail(o, ErrDryRun)
	}
	var rows []store.EC2Tag
	for _, id := range ids {
		for _, t := range tags {
			rows = append(rows, store.EC2Tag{ResourceID: id, AccountID: c.AccountID, Region: region, ResourceType: "instance", Key: t.Key, Value: t.Value})
		}
	}
	if err := s.write(ctx, scope{c.AccountID, region}, func(q *store.Q) error { return q.PutEC2Tags(rows) }); err != nil {
		return fail(o, err)
	}
	return done(o, nil)
}

// DeleteTags removes tags of instances: all of them when tags is empty.
func (s *Service) DeleteTags(ctx context.Context, c *iam.Caller, ids []string, tags []TagFilter, dryRun bool) error {
	region := regionOf(c)
	var shown []Tag
	for _, t := range tags {
		tg := Tag{Key: t.Key}
		if t.Value != nil {
			tg.Value = *t.Value
		}
		shown = append(shown, tg)
	}
	o := s.begin(ctx, c, "DeleteTags", tagParams(ids, shown), false)
	set, err := s.taggable(ctx, c, ids)
	if err != nil {
		return fail(o, err)
	}
	var checks []check
	for _, id := range ids {
		keys := map[string][]string{}
		for _, t := range set.tags[id] {
			keys["ec2:ResourceTag/"+t.Key] = []string{t.Value}
			keys["aws:ResourceTag/"+t.Key] = []string{t.Value}
		}
		var tk []string
		for _, t := range tags {
			tk = append(tk, t.Key)
		}
		if len(tk) > 0 {
			keys["aws:TagKeys"] = tk
		}
		checks = append(checks, check{catalog.EC2DeleteTags.String(), InstanceARN(region, c.AccountID, id), keys})
	}
	if err := s.authorize(ctx, o, c, true, checks...); err != nil {
		return err
	}
	if dryRun {
		return fail(o, ErrDryRun)
	}
	err = s.write(ctx, scope{c.AccountID, region}, func(q *store.Q) error {
		if len(tags) == 0 {
			return q.DeleteEC2ResourceTags(ids)
		}
		for _, id := range ids {
			for _, t := range tags {
				if err := q.DeleteEC2Tag(id, t.Key, t.Value); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fail(o, err)
	}
	return done(o, nil)
}

var tagFilters = map[string]func(t *TagDescription) string{
	"resource-id":   func(t *TagDescription) string { return t.ResourceID },
	"resource-type": func(t *TagDescription) string { return t.ResourceType },
	"key":           func(t *TagDescription) string { return t.Key },
	"value":         func(t *TagDescription) string { return t.Value },
}

// DescribeTags lists the tags of the caller's resources in the region.
func (s *Service) DescribeTags(ctx context.Context, c *iam.Caller, filters []Filter, maxResults *int, nextToken string, dryRun bool) ([]TagDescription, string, error) {
	o := s.begin(ctx, c, "DescribeTags", map[string]any{}, true)
	known := func(n string) bool { _, ok := tagFilters[n]; return ok || strings.HasPrefix(n, "tag:") && len(n) > 4 }
	if err := checkFilters(filters, known); err != nil {
		return nil, "", fail(o, err)
	}
	limit := 1000
	if maxResults != nil {
		if *maxResults < 5 || *maxResults > 1000 {
			return nil, "", fail(o, invalidValue("Value ( %d ) for parameter maxResults is invalid. Parameter must be between 5 and 1000.", *maxResults))
		}
		limit = *maxResults
	}
	skip := 0
	if nextToken != "" {
		n, err := decodeToken(nextToken)
		if err != nil {
			return nil, "", fail(o, invalidValue("Invalid value '%s' for nextToken", nextToken))
		}
		skip = int(n)
	}
	if err := s.authorize(ctx, o, c, false, check{catalog.EC2DescribeTags.String(), "*", nil}); err != nil {
		return nil, "", err
	}
	if dryRun {
		return nil, "", fail(o, ErrDryRun)
	}
	set, err := s.instances(ctx, scope{c.AccountID, regionOf(c)})
	if err != nil {
		return nil, "", fail(o, err)
	}
	now := s.svc.Now()
	var all []TagDescription
	for k := range set.instances {
		i := &set.instances[k]
		if !visible(i, now) {
			continue
		}
		for _, t := range set.tags[i.ID] {
			td := TagDescription{ResourceID: i.ID, ResourceType: "instance", Key: t.Key, Value: t.Value}
			ok := true
			for _, f := range filters {
				v := ""
				if key, is := strings.CutPrefix(f.Name, "tag:"); is {
					if t.Key != key {
						ok = false
						break
					}
					v = t.Value
				} else {
					v = tagFilters[f.Name](&td)
				}
				if !match(f.Values, v) {
					ok = false
					break
				}
			}
			if ok {
				all = append(all, td)
			}
		}
	}
	slices.SortStableFunc(all, func(a, b TagDescription) int {
		if c := strings.Compare(a.ResourceID, b.ResourceID); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	if skip > len(all) {
		skip = len(all)
	}
	all = all[skip:]
	next := ""
	if len(all) > limit {
		all, next = all[:limit], encodeToken(int64(skip+limit))
	}
	return all, next, done(o, nil)
}

// DescribeRegions lists regions, by name or filters.
func (s *Service) DescribeRegions(ctx context.Context, c *iam.Caller, names []string, filters []Filter, dryRun bool) ([]Region, error) {
	o := s.begin(ctx, c, "DescribeRegions", map[string]any{"regionSet": map[string]any{"items": names}}, true)
	known := func(n string) bool { return n == "region-name" || n == "endpoint" || n == "opt-in-status" }
	if err := checkFilters(filters, known); err != nil {
		return nil, fail(o, err)
	}
	for _, n := range names {
		if !knownRegion(n) {
			return nil, fail(o, invalidValue("Invalid region: %s", n))
		}
	}
	if err := s.authorize(ctx, o, c, false, check{catalog.EC2DescribeRegions.String(), "*", nil}); err != nil {
		return nil, err
	}
	if dryRun {
		return nil, fail(o, ErrDryRun)
	}
	var out []Region
	for _, r := range Regions() {
		if len(names) > 0 && !slices.Contains(names, r.Name) {
			continue
		}
		ok := true
		for _, f := range filters {
			v := map[string]string{"region-name": r.Name, "endpoint": r.Endpoint, "opt-in-status": r.OptInStatus}[f.Name]
			if !match(f.Values, v) {
				ok = false
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	return out, done(o, nil)
}

var imageFilters = map[string]func(i *Image) string{
	"image-id": func(i *Image) string { return i.ID }, "name": func(i *Image) string { return i.Name },
	"architecture": func(i *Image) string { return i.Architecture }, "owner-id": func(i *Image) string { return i.OwnerID },
	"owner-alias": func(i *Image) string { return i.OwnerAlias }, "platform": func(i *Image) string { return i.Platform },
	"state": func(*Image) string { return "available" }, "is-public": func(*Image) string { return "true" },
	"root-device-type": func(*Image) string { return "ebs" }, "virtualization-type": func(*Image) string { return "hvm" },
	"description": func(i *Image) string { return i.Description },
}

// DescribeImages lists the fixed AMIs, by ID, owner or filters.
func (s *Service) DescribeImages(ctx context.Context, c *iam.Caller, ids, owners []string, filters []Filter, dryRun bool) ([]Image, error) {
	o := s.begin(ctx, c, "DescribeImages", map[string]any{"imagesSet": map[string]any{"items": ids}}, true)
	known := func(n string) bool { _, ok := imageFilters[n]; return ok }
	if err := checkFilters(filters, known); err != nil {
		return nil, fail(o, err)
	}
	for _, id := range ids {
		if !validID(id, "ami") {
			return nil, fail(o, ec2Error(iam.KindInvalid, "InvalidAMIID.Malformed", "Invalid id: %q (expecting \"ami-...\")", id))
		}
	}
	if err := s.authorize(ctx, o, c, false, check{catalog.EC2DescribeImages.String(), "*", nil}); err != nil {
		return nil, err
	}
	if dryRun {
		return nil, fail(o, ErrDryRun)
	}
	var out []Image
	var missing []string
	for _, id := range ids {
		if _, ok := imageByID(id); !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		return nil, fail(o, ec2Error(iam.KindInvalid, "InvalidAMIID.NotFound", "The image id '[%s]' does not exist", strings.Join(missing, ", ")))
	}
	for k := range Images {
		img := &Images[k]
		if len(ids) > 0 && !slices.Contains(ids, img.ID) {
			continue
		}
		if len(owners) > 0 && !slices.Contains(owners, img.OwnerID) && !(img.OwnerAlias != "" && slices.Contains(owners, img.OwnerAlias)) && !slices.Contains(owners, "all") {
			continue
		}
		ok := true
		for _, f := range filters {
			if !match(f.Values, imageFilters[f.Name](img)) {
				ok = false
			}
		}
		if ok {
			out = append(out, *img)
		}
	}
	return out, done(o, nil)
}
