"""Calls a SigV4 test server with botocore, as the AWS CLI does.

Usage: botocore_client.py ENDPOINT ACCESS_KEY SECRET [SESSION_TOKEN]
Prints one line per call: "<call> ok" or "<call> <error code>".
"""
import sys
import urllib.request

import botocore.session
from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

endpoint, key, secret = sys.argv[1:4]
token = sys.argv[4] if len(sys.argv) > 4 else None

session = botocore.session.get_session()
for region in ("us-east-1", "eu-west-1"):
    sts = session.create_client(
        "sts", region_name=region, endpoint_url=endpoint,
        aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token)
    for name, call in (
        ("GetCallerIdentity", lambda: sts.get_caller_identity()),
        ("AssumeRole", lambda: sts.assume_role(
            RoleArn="arn:aws:iam::123456789012:role/UpdateAPP", RoleSessionName="s p=a,c@e",
            Tags=[{"Key": "k", "Value": "v w"}], ExternalId="x/y:z"))):
        try:
            call()
            print(region, name, "ok")
        except Exception as e:  # report the code the server sent
            print(region, name, getattr(e, "response", {}).get("Error", {}).get("Code", repr(e)))

iam = session.create_client(
    "iam", region_name="us-east-1", endpoint_url=endpoint,
    aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token)
try:
    iam.list_roles(PathPrefix="/a b/")
    print("us-east-1 ListRoles ok")
except Exception as e:
    print("us-east-1 ListRoles", getattr(e, "response", {}).get("Error", {}).get("Code", repr(e)))

# A presigned GetCallerIdentity, as `aws eks get-token` makes one.
request = AWSRequest(method="GET", url=endpoint + "/?Action=GetCallerIdentity&Version=2011-06-15")
SigV4QueryAuth(Credentials(key, secret, token), "sts", "us-east-1", expires=60).add_auth(request)
try:
    with urllib.request.urlopen(request.url) as resp:
        print("us-east-1 presigned", "ok" if resp.status == 200 else resp.status)
except urllib.error.HTTPError as e:
    print("us-east-1 presigned", e.code)
