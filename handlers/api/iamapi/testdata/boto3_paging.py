"""Reads the authorization-details export and a simulation with boto3, once
whole and once through boto3's paginators two items a page, and prints one
JSON object of both.

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

DETAILS = ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")


def paged(operation, keys, **params):
    """The lists of every page joined, and each page's item count."""
    joined = {k: [] for k in keys}
    sizes = []
    for page in iam.get_paginator(operation).paginate(PaginationConfig={"PageSize": 2}, **params):
        sizes.append(sum(len(page[k]) for k in keys))
        for k in keys:
            joined[k].extend(page[k])
    return joined, sizes


def whole(response, keys):
    if response["IsTruncated"] or "Marker" in response:
        raise SystemExit("unpaged answer truncated")
    return {k: response[k] for k in keys}


details, details_sizes = paged("get_account_authorization_details", DETAILS)
simulation_params = {
    "PolicySourceArn": "arn:aws:iam::111122223333:user/theresa",
    "ActionNames": ["sts:AssumeRole", "iam:CreateUser", "s3:GetObject"],
    "ResourceArns": [os.environ["ROLE_ARN"], "*"],
}
simulation, simulation_sizes = paged("simulate_principal_policy", ("EvaluationResults",), **simulation_params)

print(json.dumps({
    "details": {"whole": whole(iam.get_account_authorization_details(), DETAILS), "paged": details, "sizes": details_sizes},
    "simulation": {"whole": whole(iam.simulate_principal_policy(**simulation_params), ("EvaluationResults",)),
                   "paged": simulation, "sizes": simulation_sizes},
}, default=str, sort_keys=True))
