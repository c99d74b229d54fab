"""Drives EC2 with boto3's client and resource APIs and prints one JSON
object of results.

Environment: ENDPOINT, ADMIN_KEY, ADMIN_SECRET (Production's admin).
"""
import json
import os

import boto3
from botocore.exceptions import ClientError


def error_of(call):
    try:
        call()
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"],
                "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}
    return None


out = {}
session = boto3.session.Session(aws_access_key_id=os.environ["ADMIN_KEY"], aws_secret_access_key=os.environ["ADMIN_SECRET"],
                                region_name="us-east-1")
ec2 = session.client("ec2", endpoint_url=os.environ["ENDPOINT"])
res = session.resource("ec2", endpoint_url=os.environ["ENDPOINT"])

run = ec2.run_instances(ImageId="ami-0e731c8a588258d0d", InstanceType="t3.small", MinCount=3, MaxCount=3,
                        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "worker"}, {"Key": "team", "Value": "blue"}]}])
ids = [i["InstanceId"] for i in run["Instances"]]
out["launched"] = [i["State"]["Name"] for i in run["Instances"]]
out["dry_run"] = error_of(lambda: ec2.terminate_instances(InstanceIds=ids[:1], DryRun=True))

pages = ec2.get_paginator("describe_instances").paginate(Filters=[{"Name": "tag:team", "Values": ["blue"]}], PaginationConfig={"PageSize": 5})
out["by_tag"] = sorted(i["InstanceId"] for p in pages for r in p["Reservations"] for i in r["Instances"]) == sorted(ids)
pages = ec2.get_paginator("describe_instances").paginate(PaginationConfig={"PageSize": 5})
out["paged_total"] = sum(len(r["Instances"]) for p in pages for r in p["Reservations"])
out["wildcard"] = len([i for r in ec2.describe_instances(Filters=[{"Name": "tag:Name", "Values": ["work*"]}])["Reservations"] for i in r["Instances"]])

instance = res.Instance(ids[0])
instance.create_tags(Tags=[{"Key": "env", "Value": "test"}])
out["tags"] = sorted(t["Key"] for t in res.Instance(ids[0]).tags)
ec2.delete_tags(Resources=[ids[0]], Tags=[{"Key": "team"}])
out["tags_after_delete"] = sorted(t["Key"] for t in ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [ids[0]]}])["Tags"])

out["stop"] = [(c["PreviousState"]["Name"], c["CurrentState"]["Name"]) for c in ec2.stop_instances(InstanceIds=ids[1:2])["StoppingInstances"]]
out["terminate"] = [(c["PreviousState"]["Name"], c["CurrentState"]["Name"]) for c in ec2.terminate_instances(InstanceIds=ids[2:])["TerminatingInstances"]]
out["start_terminated"] = error_of(lambda: ec2.start_instances(InstanceIds=ids[2:]))
out["not_found"] = error_of(lambda: ec2.describe_instances(InstanceIds=["i-0123456789abcdef0"]))
out["regions"] = len(ec2.describe_regions()["Regions"])
out["images"] = sorted(i["ImageId"] for i in ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "architecture", "Values": ["arm64"]}])["Images"])
print(json.dumps(out, sort_keys=True))
