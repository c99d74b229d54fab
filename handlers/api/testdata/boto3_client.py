"""Drives the STS/IAM API with boto3 and prints one JSON object of results.

Environment: ENDPOINT, DAVID_KEY, DAVID_SECRET, THERESA_KEY, THERESA_SECRET, ROLE_ARN.
"""
import json
import os

import boto3
from botocore.exceptions import ClientError


def client(service, key, secret, token=None):
    return boto3.client(
        service,
        endpoint_url=os.environ["ENDPOINT"],
        region_name="us-east-1",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        aws_session_token=token,
    )


def error_of(call):
    try:
        call()
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"],
                "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}
    return None


out = {}
david = client("sts", os.environ["DAVID_KEY"], os.environ["DAVID_SECRET"])
out["caller"] = david.get_caller_identity()["Arn"]
resp = david.assume_role(RoleArn=os.environ["ROLE_ARN"], RoleSessionName="boto3",
                         DurationSeconds=900)
creds = resp["Credentials"]
out["assumed"] = resp["AssumedRoleUser"]["Arn"]
role = client("sts", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
out["role_caller"] = role.get_caller_identity()["Arn"]
out["user"] = client("iam", os.environ["DAVID_KEY"], os.environ["DAVID_SECRET"]).get_user()["User"]["Arn"]
theresa = client("sts", os.environ["THERESA_KEY"], os.environ["THERESA_SECRET"])
out["denied"] = error_of(lambda: theresa.assume_role(RoleArn=os.environ["ROLE_ARN"], RoleSessionName="boto3"))
out["bad_secret"] = error_of(lambda: client("sts", os.environ["DAVID_KEY"], "x" * 40).get_caller_identity())
print(json.dumps(out))
