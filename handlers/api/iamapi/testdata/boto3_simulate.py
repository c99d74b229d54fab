"""Runs the IAM policy simulator and the authorization-details export with
boto3 and prints one JSON object of results.

Environment: ENDPOINT, ADMIN_KEY, ADMIN_SECRET, ROLE_ARN.
"""
import json
import os

import boto3

iam = boto3.client(
    "iam",
    endpoint_url=os.environ["ENDPOINT"],
    region_name="us-east-1",
    aws_access_key_id=os.environ["ADMIN_KEY"],
    aws_secret_access_key=os.environ["ADMIN_SECRET"],
)

decisions = {}
for user in ("david", "theresa"):
    res = iam.simulate_principal_policy(
        PolicySourceArn="arn:aws:iam::111122223333:user/" + user,
        ActionNames=["sts:AssumeRole", "iam:CreateUser"],
        ResourceArns=[os.environ["ROLE_ARN"]],
    )
    decisions[user] = {r["EvalActionName"]: r["EvalDecision"] for r in res["EvaluationResults"]}
    if user == "theresa":
        decisions["theresa_matched"] = res["EvaluationResults"][0]["MatchedStatements"]

custom = iam.simulate_custom_policy(
    PolicyInputList=[json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]})],
    ActionNames=["s3:GetObject"],
)["EvaluationResults"][0]

details = iam.get_account_authorization_details(Filter=["Group"])
groups = {g["GroupName"]: g["GroupPolicyList"][0]["PolicyDocument"] for g in details["GroupDetailList"] if g["GroupPolicyList"]}

print(json.dumps({"decisions": decisions, "custom": {"decision": custom["EvalDecision"],
                  "missing": custom["MissingContextValues"]}, "group_policies": groups}))
