package ec2query

import (
	"net/url"
	"reflect"
	"testing"

	"iamconsole/handlers/api/query"
)

func TestReader(t *testing.T) {
	t.Parallel()
	v, _ := url.ParseQuery("InstanceId.1=i-1&InstanceId.2=i-2&InstanceId.4=i-4&Filter.1.Name=tag:Name&Filter.1.Value.1=a&Filter.1.Value.2=b" +
		"&Filter.2.Name=instance-state-name&Filter.2.Value.1=running&TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Key=k" +
		"&TagSpecification.1.Tag.1.Value=v&Tag.1.Key=x&MaxResults=7&DryRun=true")
	r := NewReader(query.Params{Values: v})
	if got := r.List("InstanceId"); !reflect.DeepEqual(got, []string{"i-1", "i-2"}) {
		t.Errorf("List = %v (a gap ends the list)", got)
	}
	if got := r.Filters(); !reflect.DeepEqual(got, []Filter{{"tag:Name", []string{"a", "b"}}, {"instance-state-name", []string{"running"}}}) {
		t.Errorf("Filters = %v", got)
	}
	if got := r.TagSpecs(); len(got) != 1 || got[0].ResourceType != "instance" || got[0].Tags[0] != (Tag{Key: "k", Value: "v", HasValue: true}) {
		t.Errorf("TagSpecs = %v", got)
	}
	if got := r.Tags("Tag"); len(got) != 1 || got[0].HasValue {
		t.Errorf("Tags = %v", got)
	}
	if n := r.Int("MaxResults"); n == nil || *n != 7 || !r.Bool("DryRun") || r.Err() != nil {
		t.Errorf("MaxResults %v DryRun %v err %v", n, r.Bool("DryRun"), r.Err())
	}
	r.Int("DryRun")
	r.Required("ImageId")
	if err := r.Err(); err == nil || err.Error() != "InvalidParameterValue: Invalid value 'true' for DryRun" {
		t.Errorf("first problem: %v", err)
	}
}

func FuzzReader(f *testing.F) {
	for _, s := range []string{"Filter.1.Name=a&Filter.1.Value.1=b", "InstanceId.1=i-1", "TagSpecification.1.Tag.1.Key=k", "MaxResults=x", "DryRun=maybe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		r := NewReader(query.Params{Values: v})
		r.List("InstanceId")
		r.Filters()
		r.TagSpecs()
		r.Tags("Tag")
		r.Int("MaxResults")
		r.Bool("DryRun")
		r.Required("ImageId")
		if r.Err() == nil && !v.Has("ImageId") {
			t.Fatal("a missing required parameter was not noted")
		}
	})
}
