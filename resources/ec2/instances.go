package ec2

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// State is an instance state.
type State struct {
	Code int
	Name string
}

func stateOf(name string) State {
	switch name {
	case "running":
		return State{16, name}
	case "pending":
		return State{0, name}
	}
	return State{Code: stateCodes[name], Name: name}
}

// Tag is a tag of a resource.
type Tag struct{ Key, Value string }

// reasonSep parts a stored state reason's code from its message: a line
// break, which neither holds (PostgreSQL's text holds no NUL character).
const reasonSep = "\n"

// StateReason says why an instance entered its state.
type StateReason struct{ Code, Message string }

// Instance is an instance as Describe answers it, its state as of now.
type Instance struct {
	ID, ReservationID, OwnerID, RequesterID string
	ImageID, InstanceType, KeyName          string
	LaunchIndex                             int
	State                                   State
	StateTransitionReason                   string
	StateReason                             *StateReason
	LaunchTime                              time.Time
	AvailabilityZone, SubnetID, VpcID       string
	PrivateIP, PublicIP                     string
	PrivateDNS, PublicDNS                   string
	ClientToken, Architecture, Platform     string
	PlatformDetails, RootDeviceName         string
	Tags                                    []Tag
}

// Reservation is a launch's instances.
type Reservation struct {
	ID, OwnerID, RequesterID string
	Instances                []Instance
}

// StateChange is an instance's state before and after a request.
type StateChange struct {
	InstanceID        string
	Current, Previous State
}

// currentState is an instance's state at now: a transition due has happened.
func currentState(i *store.EC2Instance, now time.Time) string {
	if i.NextAt != nil && !now.Before(*i.NextAt) && i.NextState != "" {
		return i.NextState
	}
	return i.State
}

// visible reports whether an instance is still listed at now.
func visible(i *store.EC2Instance, now time.Time) bool {
	return i.GoneAt == nil || now.Before(*i.GoneAt)
}

// view is an instance as answered at now.
func view(i *store.EC2Instance, tags []store.EC2Tag, now time.Time) Instance {
	v := baseView(i, tags)
	refresh(&v, i, now)
	return v
}

// baseView is what of an instance's answer does not depend on the time.
func baseView(i *store.EC2Instance, tags []store.EC2Tag) Instance {
	v := Instance{ID: i.ID, ReservationID: i.ReservationID, OwnerID: i.AccountID, ImageID: i.ImageID, InstanceType: i.InstanceType,
		KeyName: i.KeyName, LaunchIndex: i.LaunchIndex, StateTransitionReason: i.TransitionReason,
		LaunchTime: i.LaunchTime, AvailabilityZone: i.AvailabilityZone, ClientToken: i.ClientToken, Architecture: InstanceTypes[i.InstanceType],
		Tags: make([]Tag, 0, len(tags))}
	if img, ok := imageByID(i.ImageID); ok {
		v.Platform, v.PlatformDetails, v.RootDeviceName = img.Platform, img.PlatformDetails, img.RootDeviceName
	}
	for _, t := range tags {
		v.Tags = append(v.Tags, Tag{Key: t.Key, Value: t.Value})
	}
	return v
}

// refresh sets what of an instance's answer depends on its state at now.
func refresh(v *Instance, i *store.EC2Instance, now time.Time) {
	st := currentState(i, now)
	v.State = stateOf(st)
	v.SubnetID, v.VpcID, v.PrivateIP, v.PrivateDNS, v.PublicIP, v.PublicDNS, v.StateReason = "", "", "", "", "", "", nil
	if st != "terminated" {
		v.SubnetID, v.VpcID, v.PrivateIP = i.SubnetID, i.VpcID, i.PrivateIP
		v.PrivateDNS = "ip-" + strings.ReplaceAll(i.PrivateIP, ".", "-") + ".ec2.internal"
		if i.Region != "us-east-1" {
			v.PrivateDNS = "ip-" + strings.ReplaceAll(i.PrivateIP, ".", "-") + "." + i.Region + ".compute.internal"
		}
	}
	if st == "running" && i.PublicIP != "" {
		v.PublicIP = i.PublicIP
		v.PublicDNS = "ec2-" + strings.ReplaceAll(i.PublicIP, ".", "-") + ".compute-1.amazonaws.com"
		if i.Region != "us-east-1" {
			v.PublicDNS = "ec2-" + strings.ReplaceAll(i.PublicIP, ".", "-") + "." + i.Region + ".compute.amazonaws.com"
		}
	}
	if i.StateReason != "" && st != "running" && st != "pending" {
		code, msg, _ := strings.Cut(i.StateReason, reasonSep)
		v.StateReason = &StateReason{Code: code, Message: msg}
	}
}

// newID is prefix- and 17 hex digits, as EC2's IDs.
func newID(prefix string) string {
	var b [9]byte
	rand.Read(b[:])
	return prefix + "-" + hex.EncodeToString(b[:])[:17]
}

// validID reports whether id is prefix- and 8 or 17 hex digits.
func validID(id, prefix string) bool {
	rest, ok := strings.CutPrefix(id, prefix+"-")
	if !ok || len(rest) != 8 && len(rest) != 17 {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// network is an account's default VPC and subnet in a region, derived
// from the account so that they stay the same.
func network(account, region string) (vpc, subnet, az string) {
	h := fnv.New64a()
	h.Write([]byte(account + "/" + region))
	sum := fmt.Sprintf("%016x", h.Sum64())
	return "vpc-" + sum[:8], "subnet-" + sum[8:16] + sum[:9], region + "a"
}

func randomIP(first string) string {
	var b [3]byte
	rand.Read(b[:])
	if first == "172.31" {
		return fmt.Sprintf("172.31.%d.%d", b[0]%64, 1+b[1]%253)
	}
	return fmt.Sprintf("%s.%d.%d.%d", first, b[0], b[1], 1+b[2]%253)
}

// TagSpec is a TagSpecification of RunInstances.
type TagSpec struct {
	ResourceType string
	Tags         []Tag
}

// RunInput is RunInstances' request.
type RunInput struct {
	ImageID, InstanceType, KeyName, ClientToken, SubnetID string
	MinCount, MaxCount                                    *int
	TagSpecifications                                     []TagSpec
	DryRun                                                bool
}

// RunInstances launches between MinCount and MaxCount instances of an AMI.
func (s *Service) RunInstances(ctx context.Context, c *iam.Caller, in RunInput) (*Reservation, error) {
	region := regionOf(c)
	sc := scope{c.AccountID, region}
	params := map[string]any{"instancesSet": map[string]any{"items": []map[string]any{{"imageId": in.ImageID, "minCount": in.MinCount, "maxCount": in.MaxCount}}},
		"instanceType": in.InstanceType}
	o := s.begin(ctx, c, "RunInstances", params, false)
	if in.MinCount == nil {
		return nil, fail(o, ec2Error(iam.KindInvalid, "MissingParameter", "The request must contain the parameter MinCount"))
	}
	if in.MaxCount == nil {
		return nil, fail(o, ec2Error(iam.KindInvalid, "MissingParameter", "The request must contain the parameter MaxCount"))
	}
	if in.ImageID == "" {
		return nil, fail(o, ec2Error(iam.KindInvalid, "MissingParameter", "The request must contain the parameter ImageId"))
	}
	minC, maxC := *in.MinCount, *in.MaxCount
	switch {
	case minC < 1:
		return nil, fail(o, invalidValue("Invalid value '%d' for MinCount. Must be greater than zero.", minC))
	case maxC < 1:
		return nil, fail(o, invalidValue("Invalid value '%d' for MaxCount. Must be greater than zero.", maxC))
	case minC > maxC:
		return nil, fail(o, invalidValue("Invalid value '%d' for MinCount. Must be less than or equal to MaxCount '%d'.", minC, maxC))
	}
	if in.InstanceType == "" {
		in.InstanceType = "m1.small"
	}
	arch, ok := InstanceTypes[in.InstanceType]
	if !ok {
		return nil, fail(o, invalidValue("Invalid value '%s' for InstanceType.", in.InstanceType))
	}
	if !validID(in.ImageID, "ami") {
		return nil, fail(o, ec2Error(iam.KindInvalid, "InvalidAMIID.Malformed", "Invalid id: %q (expecting \"ami-...\")", in.ImageID))
	}
	img, ok := imageByID(in.ImageID)
	if !ok {
		return nil, fail(o, ec2Error(iam.KindInvalid, "InvalidAMIID.NotFound", "The image id '[%s]' does not exist", in.ImageID))
	}
	if img.Architecture != arch {
		return nil, fail(o, invalidValue("The architecture '%s' of the specified instance type does not match the architecture '%s' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.", arch, img.Architecture))
	}
	var tags []Tag
	for _, ts := range in.TagSpecifications {
		switch ts.ResourceType {
		case "instance":
			tags = append(tags, ts.Tags...)
		case "volume", "network-interface", "spot-instances-request", "elastic-gpu":
		case "":
			return nil, fail(o, ec2Error(iam.KindInvalid, "MissingParameter", "The request must contain the parameter TagSpecification.ResourceType"))
		default:
			return nil, fail(o, invalidValue("'%s' is not a valid taggable resource type for this operation.", ts.ResourceType))
		}
	}
	if err := checkTags(tags); err != nil {
		return nil, fail(o, err)
	}
	vpc, subnet, az := network(c.AccountID, region)
	if in.SubnetID != "" && in.SubnetID != subnet {
		return nil, fail(o, ec2Error(iam.KindInvalid, "InvalidSubnetID.NotFound", "The subnet ID '%s' does not exist", in.SubnetID))
	}
	if in.KeyName != "" {
		return nil, fail(o, ec2Error(iam.KindInvalid, "InvalidKeyPair.NotFound", "The key pair '%s' does not exist", in.KeyName))
	}
	keys := map[string][]string{"ec2:InstanceType": {in.InstanceType}}
	tagKeys := requestTags(keys, tags)
	checks := []check{
		{catalog.EC2RunInstances.String(), catalog.EC2Instance.ARN(region, c.AccountID, "*"), keys},
		{catalog.EC2RunInstances.String(), catalog.EC2Image.ARN(region, img.ID), map[string][]string{"ec2:Owner": {ownerOf(img)}}},
		{catalog.EC2RunInstances.String(), catalog.EC2Subnet.ARN(region, c.AccountID, subnet), nil},
	}
	if len(tagKeys) > 0 {
		tk := map[string][]string{"ec2:CreateAction": {"RunInstances"}}
		requestTags(tk, tags)
		checks = append(checks, check{catalog.EC2CreateTags.String(), catalog.EC2Instance.ARN(region, c.AccountID, "*"), tk})
	}
	if err := s.authorize(ctx, o, c, true, checks...); err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, fail(o, ErrDryRun)
	}
	now := s.svc.Now().UTC()
	set, err := s.instances(ctx, sc)
	if err != nil {
		return nil, fail(o, err)
	}
	if in.ClientToken != "" {
		for _, i := range set.instances {
			if i.ClientToken == in.ClientToken {
				r := s.reservation(set, i.ReservationID, now)
				o.Rec.ResponseElements = responseOf(r)
				return r, done(o, nil)
			}
		}
	}
	live := 0
	for i := range set.instances {
		if st := currentState(&set.instances[i], now); st != "terminated" && st != "shutting-down" {
			live++
		}
	}
	n := min(maxC, maxInstances-live)
	if n < minC {
		return nil, fail(o, ec2Error(iam.KindLimit, "InstanceLimitExceeded", "You have requested more instances (%d) than your current instance limit of %d allows for the specified instance type. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.", minC, maxInstances))
	}
	resID := newID("r")
	next := now.Add(PendingFor)
	rows := make([]store.EC2Instance, n)
	var tagRows []store.EC2Tag
	for k := range rows {
		id := newID("i")
		rows[k] = store.EC2Instance{ID: id, AccountID: c.AccountID, Region: region, ReservationID: resID, ImageID: img.ID,
			InstanceType: in.InstanceType, LaunchIndex: k, AvailabilityZone: az, SubnetID: subnet, VpcID: vpc,
			PrivateIP: randomIP("172.31"), PublicIP: randomIP("54"), ClientToken: in.ClientToken, RequesterARN: c.ARN,
			State: "pending", StateAt: now, NextState: "running", NextAt: &next, LaunchTime: now}
		for _, t := range tags {
			tagRows = append(tagRows, store.EC2Tag{ResourceID: id, AccountID: c.AccountID, Region: region, ResourceType: "instance", Key: t.Key, Value: t.Value})
		}
	}
	err = s.write(ctx, sc, func(q *store.Q) error {
		if err := q.PurgeEC2Instances(c.AccountID, region, now); err != nil {
			return err
		}
		return q.CreateEC2Instances(rows, tagRows)
	})
	if err != nil {
		return nil, fail(o, err)
	}
	r := &Reservation{ID: resID, OwnerID: c.AccountID}
	byID := map[string][]store.EC2Tag{}
	for _, t := range tagRows {
		byID[t.ResourceID] = append(byID[t.ResourceID], t)
	}
	for k := range rows {
		r.Instances = append(r.Instances, view(&rows[k], byID[rows[k].ID], now))
	}
	o.Rec.ResponseElements = responseOf(r)
	for _, i := range r.Instances {
		o.Rec.Resources = append(o.Rec.Resources, iam.Resource{ARN: InstanceARN(region, c.AccountID, i.ID), AccountID: c.AccountID, Type: "AWS::EC2::Instance"})
	}
	return r, done(o, nil)
}

// responseOf is a launch as CloudTrail's responseElements show it.
func responseOf(r *Reservation) map[string]any {
	items := make([]map[string]any, 0, len(r.Instances))
	for _, i := range r.Instances {
		items = append(items, map[string]any{"instanceId": i.ID, "imageId": i.ImageID, "instanceType": i.InstanceType,
			"instanceState": map[string]any{"code": i.State.Code, "name": i.State.Name}})
	}
	return map[string]any{"reservationId": r.ID, "ownerId": r.OwnerID, "instancesSet": map[string]any{"items": items}}
}

// reservation collects a reservation's instances from set.
func (s *Service) reservation(set *instSet, id string, now time.Time) *Reservation {
	r := &Reservation{ID: id}
	for k := range set.instances {
		if i := &set.instances[k]; i.ReservationID == id {
			r.OwnerID = i.AccountID
			r.Instances = append(r.Instances, view(i, set.tags[i.ID], now))
		}
	}
	return r
}

// requestTags adds aws:RequestTag/… and aws:TagKeys for tags to keys and
// returns the tag keys.
func requestTags(keys map[string][]string, tags []Tag) []string {
	var tk []string
	for _, t := range tags {
		keys["aws:RequestTag/"+t.Key] = []string{t.Value}
		if !slices.Contains(tk, t.Key) {
			tk = append(tk, t.Key)
		}
	}
	if len(tk) > 0 {
		keys["aws:TagKeys"] = tk
	}
	return tk
}

// checkTags refuses tags EC2 refuses.
func checkTags(tags []Tag) error {
	for _, t := range tags {
		switch {
		case t.Key == "":
			return invalidValue("Tag key cannot be null or empty")
		case strings.HasPrefix(strings.ToLower(t.Key), "aws:"):
			return invalidValue("Tag keys starting with 'aws:' are reserved for internal use")
		case len([]rune(t.Key)) > 128:
			return invalidValue("Tag key exceeds the maximum length of 128 characters")
		case len([]rune(t.Value)) > 256:
			return invalidValue("Tag value exceeds the maximum length of 256 characters")
		}
	}
	if len(tags) > 50 {
		return ec2Error(iam.KindLimit, "TagLimitExceeded", "The maximum number of Tags for a resource has been reached.")
	}
	return nil
}

// ownerOf is ec2:Owner of an AMI: its owner's alias, else its owner's ID.
func ownerOf(img *Image) string {
	if img.OwnerAlias != "" {
		return img.OwnerAlias
	}
	return img.OwnerID
}
