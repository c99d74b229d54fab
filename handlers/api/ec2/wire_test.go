package ec2_test

import (
	"strings"
	"testing"
)

func TestWireFormats(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	admin := e.prod
	st, body := e.ec2(t, admin, "", "RunInstances", "ImageId", "ami-0c02fb55956c7d316", "InstanceType", "t3.micro", "MinCount", "1", "MaxCount", "1",
		"TagSpecification.1.ResourceType", "instance", "TagSpecification.1.Tag.1.Key", "Name", "TagSpecification.1.Tag.1.Value", "api")
	if st != 200 {
		t.Fatalf("RunInstances: %d %s", st, body)
	}
	golden(t, "ec2_run_instances.xml", body)
	id := instanceIDs.FindString(body)
	st, body = e.ec2(t, e.Keys["admin"], "", "RunInstances", "ImageId", "ami-0c02fb55956c7d316", "InstanceType", "t3.micro", "MinCount", "1", "MaxCount", "1")
	if st != 200 {
		t.Fatalf("RunInstances in Development: %d %s", st, body)
	}
	devID := instanceIDs.FindString(body)
	tests := []struct {
		name, golden, action string
		key                  [2]string
		params               []string
		status               int
	}{
		{"describe by tag", "ec2_describe_instances.xml", "DescribeInstances", admin, []string{"Filter.1.Name", "tag:Name", "Filter.1.Value.1", "api"}, 200},
		{"describe nothing", "ec2_describe_instances_empty.xml", "DescribeInstances", admin, []string{"Filter.1.Name", "instance-state-name", "Filter.1.Value.1", "stopping"}, 200},
		{"create tags", "ec2_create_tags.xml", "CreateTags", admin, []string{"ResourceId.1", id, "Tag.1.Key", "env", "Tag.1.Value", "prod"}, 200},
		{"describe tags", "ec2_describe_tags.xml", "DescribeTags", admin, []string{"Filter.1.Name", "resource-id", "Filter.1.Value.1", id}, 200},
		{"stop", "ec2_stop_instances.xml", "StopInstances", admin, []string{"InstanceId.1", id}, 200},
		{"terminate dry run", "ec2_dry_run.xml", "TerminateInstances", admin, []string{"InstanceId.1", id, "DryRun", "true"}, 412},
		{"terminate", "ec2_terminate_instances.xml", "TerminateInstances", admin, []string{"InstanceId.1", id}, 200},
		{"regions", "ec2_describe_regions.xml", "DescribeRegions", admin, []string{"RegionName.1", "eu-west-1"}, 200},
		{"images", "ec2_describe_images.xml", "DescribeImages", admin, []string{"ImageId.1", "ami-0c7217cdde317cfec"}, 200},
		{"unknown instance", "ec2_instance_not_found.xml", "TerminateInstances", admin, []string{"InstanceId.1", "i-0123456789abcdef0"}, 400},
		{"malformed instance", "ec2_instance_malformed.xml", "StopInstances", admin, []string{"InstanceId.1", "web-1"}, 400},
		{"bad filter", "ec2_bad_filter.xml", "DescribeInstances", admin, []string{"Filter.1.Name", "colour", "Filter.1.Value.1", "red"}, 400},
		{"missing parameter", "ec2_missing_parameter.xml", "RunInstances", admin, []string{"ImageId", "ami-0c02fb55956c7d316", "MaxCount", "1"}, 400},
		{"unknown AMI", "ec2_ami_not_found.xml", "RunInstances", admin, []string{"ImageId", "ami-00000000", "MinCount", "1", "MaxCount", "1", "InstanceType", "t3.micro"}, 400},
		{"unknown action", "ec2_invalid_action.xml", "Frobnicate", admin, nil, 400},
		{"unauthorized", "ec2_unauthorized.xml", "TerminateInstances", e.Keys["david"], []string{"InstanceId.1", devID}, 403},
		{"unauthorized run", "ec2_unauthorized_run.xml", "RunInstances", e.Keys["david"], []string{"ImageId", "ami-0c02fb55956c7d316", "MinCount", "1", "MaxCount", "1", "InstanceType", "t3.micro"}, 403},
		{"unknown key", "ec2_auth_failure.xml", "DescribeInstances", [2]string{"AKIAAAAAAAAAAAAAAAAA", "x"}, nil, 401},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, body := e.ec2(t, tc.key, "", tc.action, tc.params...)
			if st != tc.status {
				t.Errorf("status %d, want %d: %.600s", st, tc.status, body)
			}
			if !strings.HasPrefix(body, `<?xml version="1.0" encoding="UTF-8"?>`) {
				t.Errorf("no XML declaration: %.100s", body)
			}
			golden(t, tc.golden, body)
		})
	}
}
