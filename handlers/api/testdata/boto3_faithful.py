"""Calls the IAM, STS and CloudTrail actions added for AWS's answers with
boto3 and prints one JSON object of what it read: instance profiles, the
password policy, the account summary, the credential report, policy tags,
a paginated list, a federation token used, and the event history.

Environment: ENDPOINT, ADMIN_KEY, ADMIN_SECRET.
"""
import base64
import json
import os

import boto3
import botocore.exceptions

common = dict(endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
              aws_access_key_id=os.environ["ADMIN_KEY"], aws_secret_access_key=os.environ["ADMIN_SECRET"])
iam = boto3.client("iam", **common)
sts = boto3.client("sts", **common)
trail = boto3.client("cloudtrail", **common)
out = {}

iam.create_role(RoleName="Boto3Web", AssumeRolePolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
iam.create_instance_profile(InstanceProfileName="Boto3Web")
iam.add_role_to_instance_profile(InstanceProfileName="Boto3Web", RoleName="Boto3Web")
ip = iam.get_instance_profile(InstanceProfileName="Boto3Web")["InstanceProfile"]
out["profileRoles"] = [r["RoleName"] for r in ip["Roles"]]
out["profilesForRole"] = [p["InstanceProfileName"] for p in iam.list_instance_profiles_for_role(RoleName="Boto3Web")["InstanceProfiles"]]
try:
    iam.delete_role(RoleName="Boto3Web")
except botocore.exceptions.ClientError as e:
    out["deleteRoleError"] = e.response["Error"]["Code"]

iam.update_account_password_policy(MinimumPasswordLength=14, RequireNumbers=True)
out["passwordPolicy"] = iam.get_account_password_policy()["PasswordPolicy"]
out["summaryUsers"] = iam.get_account_summary()["SummaryMap"]["Users"]

out["reportFirst"] = iam.generate_credential_report()["State"]
out["reportAgain"] = iam.generate_credential_report()["State"]
report = iam.get_credential_report()
out["reportHeader"] = report["Content"].decode().splitlines()[0]

arn = iam.create_policy(PolicyName="Boto3Tagged", PolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}),
    Tags=[{"Key": "a", "Value": "1"}])["Policy"]["Arn"]
iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "b", "Value": "2"}, {"Key": "c", "Value": "3"}])
iam.untag_policy(PolicyArn=arn, TagKeys=["c"])
out["policyTags"] = iam.get_policy(PolicyArn=arn)["Policy"]["Tags"]
pages = iam.get_paginator("list_policy_tags").paginate(PolicyArn=arn, PaginationConfig={"PageSize": 1})
out["policyTagPages"] = [[t["Key"] for t in p["Tags"]] for p in pages]

fed = sts.get_federation_token(Name="Boto3Bob", Policy=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:GetCallerIdentity", "Resource": "*"}]}))
out["federatedArn"] = fed["FederatedUser"]["Arn"]
c = fed["Credentials"]
fsts = boto3.client("sts", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1", aws_access_key_id=c["AccessKeyId"],
                    aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
out["federatedCaller"] = fsts.get_caller_identity()["UserId"]

events = trail.lookup_events(LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateInstanceProfile"}])["Events"]
out["trailEvents"] = [(e["EventName"], e["ReadOnly"], [r["ResourceType"] for r in e["Resources"]]) for e in events]
out["trailRecord"] = json.loads(events[0]["CloudTrailEvent"])["eventSource"] if events else ""
print(json.dumps(out, sort_keys=True, default=str))
