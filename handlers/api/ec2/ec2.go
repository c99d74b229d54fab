package ec2

import (
	"context"
	"log/slog"

	"iamconsole/handlers/api/ec2query"
	"iamconsole/iam"
	res "iamconsole/resources/ec2"
)

// Namespace and Version of EC2's API.
const (
	Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/"
	Version   = "2016-11-15"
)

// API adapts the EC2 service to the wire.
type API struct{ ec2 *res.Service }

// New builds the EC2 API over the service.
func New(e *res.Service, log *slog.Logger) *ec2query.Service {
	a := &API{ec2: e}
	return ec2query.NewService("ec2", Version, Namespace, map[string]ec2query.Action{
		"RunInstances":           a.runInstances,
		"DescribeInstances":      a.describeInstances,
		"StartInstances":         a.change("start"),
		"StopInstances":          a.change("stop"),
		"TerminateInstances":     a.change("terminate"),
		"RebootInstances":        a.change("reboot"),
		"CreateTags":             a.createTags,
		"DeleteTags":             a.deleteTags,
		"DescribeTags":           a.describeTags,
		"DescribeRegions":        a.describeRegions,
		"DescribeImages":         a.describeImages,
		"DescribeInstanceStatus": a.describeInstanceStatus,
	}, log)
}

func tagsOf(ts []ec2query.Tag) []res.Tag {
	out := make([]res.Tag, len(ts))
	for i, t := range ts {
		out[i] = res.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

func filtersOf(fs []ec2query.Filter) []res.Filter {
	out := make([]res.Filter, len(fs))
	for i, f := range fs {
		out[i] = res.Filter{Name: f.Name, Values: f.Values}
	}
	return out
}

func (a *API) runInstances(r *ec2query.Reader) ec2query.Invoke {
	in := res.RunInput{ImageID: r.String("ImageId"), InstanceType: r.String("InstanceType"), KeyName: r.String("KeyName"),
		ClientToken: r.String("ClientToken"), SubnetID: r.String("SubnetId"), MinCount: r.Int("MinCount"), MaxCount: r.Int("MaxCount"),
		DryRun: r.Bool("DryRun")}
	for _, ts := range r.TagSpecs() {
		in.TagSpecifications = append(in.TagSpecifications, res.TagSpec{ResourceType: ts.ResourceType, Tags: tagsOf(ts.Tags)})
	}
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		rv, err := a.ec2.RunInstances(ctx, c, in)
		if err != nil {
			return nil, err
		}
		return reservationOf(rv), nil
	}
}

func (a *API) describeInstances(r *ec2query.Reader) ec2query.Invoke {
	in := res.DescribeInput{InstanceIDs: r.List("InstanceId"), Filters: filtersOf(r.Filters()), MaxResults: r.Int("MaxResults"),
		NextToken: r.String("NextToken"), DryRun: r.Bool("DryRun")}
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		out, err := a.ec2.DescribeInstances(ctx, c, in)
		if err != nil {
			return nil, err
		}
		x := &describeInstancesXML{Reservations: items[reservationXML]{Items: []reservationXML{}}, NextToken: out.NextToken}
		for i := range out.Reservations {
			x.Reservations.Items = append(x.Reservations.Items, *reservationOf(&out.Reservations[i]))
		}
		return x, nil
	}
}

func (a *API) change(op string) ec2query.Action {
	return func(r *ec2query.Reader) ec2query.Invoke {
		ids, dry := r.List("InstanceId"), r.Bool("DryRun")
		r.Bool("Force")
		return func(ctx context.Context, c *iam.Caller) (any, error) {
			chs, err := a.ec2.Change(ctx, c, op, ids, dry)
			if err != nil {
				return nil, err
			}
			if op == "reboot" {
				return &returnXML{Return: true}, nil
			}
			x := &stateChangesXML{Instances: items[stateChangeXML]{Items: []stateChangeXML{}}}
			for _, ch := range chs {
				x.Instances.Items = append(x.Instances.Items, stateChangeXML{InstanceID: ch.InstanceID,
					Current: stateXML(ch.Current), Previous: stateXML(ch.Previous)})
			}
			return x, nil
		}
	}
}

func (a *API) createTags(r *ec2query.Reader) ec2query.Invoke {
	ids, tags, dry := r.List("ResourceId"), tagsOf(r.Tags("Tag")), r.Bool("DryRun")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		if err := a.ec2.CreateTags(ctx, c, ids, tags, dry); err != nil {
			return nil, err
		}
		return &returnXML{Return: true}, nil
	}
}

func (a *API) deleteTags(r *ec2query.Reader) ec2query.Invoke {
	ids, dry := r.List("ResourceId"), r.Bool("DryRun")
	var tags []res.TagFilter
	for _, t := range r.Tags("Tag") {
		f := res.TagFilter{Key: t.Key}
		if t.HasValue {
			v := t.Value
			f.Value = &v
		}
		tags = append(tags, f)
	}
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		if err := a.ec2.DeleteTags(ctx, c, ids, tags, dry); err != nil {
			return nil, err
		}
		return &returnXML{Return: true}, nil
	}
}

func (a *API) describeTags(r *ec2query.Reader) ec2query.Invoke {
	filters, max, next, dry := filtersOf(r.Filters()), r.Int("MaxResults"), r.String("NextToken"), r.Bool("DryRun")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		tags, token, err := a.ec2.DescribeTags(ctx, c, filters, max, next, dry)
		if err != nil {
			return nil, err
		}
		x := &describeTagsXML{Tags: items[tagDescriptionXML]{Items: []tagDescriptionXML{}}, NextToken: token}
		for _, t := range tags {
			x.Tags.Items = append(x.Tags.Items, tagDescriptionXML{ResourceID: t.ResourceID, ResourceType: t.ResourceType, Key: t.Key, Value: t.Value})
		}
		return x, nil
	}
}

func (a *API) describeRegions(r *ec2query.Reader) ec2query.Invoke {
	names, filters, dry := r.List("RegionName"), filtersOf(r.Filters()), r.Bool("DryRun")
	r.Bool("AllRegions")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		regions, err := a.ec2.DescribeRegions(ctx, c, names, filters, dry)
		if err != nil {
			return nil, err
		}
		x := &describeRegionsXML{Regions: items[regionXML]{Items: []regionXML{}}}
		for _, rg := range regions {
			x.Regions.Items = append(x.Regions.Items, regionXML{Name: rg.Name, Endpoint: rg.Endpoint, OptInStatus: rg.OptInStatus})
		}
		return x, nil
	}
}

func (a *API) describeImages(r *ec2query.Reader) ec2query.Invoke {
	ids, owners, filters, dry := r.List("ImageId"), r.List("Owner"), filtersOf(r.Filters()), r.Bool("DryRun")
	r.Int("MaxResults")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		imgs, err := a.ec2.DescribeImages(ctx, c, ids, owners, filters, dry)
		if err != nil {
			return nil, err
		}
		x := &describeImagesXML{Images: items[imageXML]{Items: []imageXML{}}}
		for _, img := range imgs {
			x.Images.Items = append(x.Images.Items, imageOf(img))
		}
		return x, nil
	}
}

// describeInstanceStatus answers the status checks of running instances
// (always ok), which the CLI's waiters read.
func (a *API) describeInstanceStatus(r *ec2query.Reader) ec2query.Invoke {
	in := res.DescribeInput{InstanceIDs: r.List("InstanceId"), DryRun: r.Bool("DryRun")}
	all := r.Bool("IncludeAllInstances")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		out, err := a.ec2.DescribeInstances(ctx, c, in)
		if err != nil {
			return nil, err
		}
		x := &describeStatusXML{Statuses: items[instanceStatusXML]{Items: []instanceStatusXML{}}}
		for _, rv := range out.Reservations {
			for _, i := range rv.Instances {
				if !all && i.State.Name != "running" {
					continue
				}
				ok := "ok"
				if i.State.Name != "running" {
					ok = "not-applicable"
				}
				x.Statuses.Items = append(x.Statuses.Items, instanceStatusXML{InstanceID: i.ID, AvailabilityZone: i.AvailabilityZone,
					State: stateXML(i.State), SystemStatus: statusSummaryXML{Status: ok}, InstanceStatus: statusSummaryXML{Status: ok}})
			}
		}
		return x, nil
	}
}
