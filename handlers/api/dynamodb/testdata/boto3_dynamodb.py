"""Drives DynamoDB with boto3's client and resource APIs and prints one JSON
object of results.

Environment: ENDPOINT, ADMIN_KEY, ADMIN_SECRET (Production's admin),
DAVID_KEY, DAVID_SECRET, ROLE_ARN (DynamoDB-ReadOnly-role).
"""
import json
import os
from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError


def session(key, secret, token=None):
    return boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret,
                                 aws_session_token=token, region_name="us-east-1")


def error_of(call):
    try:
        call()
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"],
                "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}
    return None


out = {}
admin = session(os.environ["ADMIN_KEY"], os.environ["ADMIN_SECRET"])
ddb = admin.resource("dynamodb", endpoint_url=os.environ["ENDPOINT"])
client = admin.client("dynamodb", endpoint_url=os.environ["ENDPOINT"])

table = ddb.create_table(
    TableName="Orders",
    KeySchema=[{"AttributeName": "customer", "KeyType": "HASH"}, {"AttributeName": "order", "KeyType": "RANGE"}],
    AttributeDefinitions=[{"AttributeName": "customer", "AttributeType": "S"}, {"AttributeName": "order", "AttributeType": "N"}],
    BillingMode="PAY_PER_REQUEST",
)
table.wait_until_exists()
table.reload()
out["status"] = table.table_status

with table.batch_writer() as batch:
    for i in range(1, 31):
        batch.put_item(Item={"customer": "c1", "order": i, "total": Decimal("9.99") * i, "items": ["a"] * (i % 3 + 1),
                             "shipped": i % 2 == 0})
    batch.put_item(Item={"customer": "c2", "order": 1, "total": Decimal("1.5"), "note": {"gift": True, "to": "Ann"}})

out["get"] = table.get_item(Key={"customer": "c2", "order": 1})["Item"]
resp = table.query(KeyConditionExpression=Key("customer").eq("c1") & Key("order").between(5, 9), ScanIndexForward=False)
out["query"] = [int(i["order"]) for i in resp["Items"]]
resp = table.query(KeyConditionExpression=Key("customer").eq("c1"), FilterExpression=Attr("shipped").eq(True) & Attr("total").gt(200))
out["filtered"] = [int(i["order"]) for i in resp["Items"]]
out["filtered_counts"] = [resp["Count"], resp["ScannedCount"]]

table.update_item(Key={"customer": "c2", "order": 1}, UpdateExpression="SET note.#t = :to, #n = if_not_exists(#n, :zero) + :one",
                  ExpressionAttributeNames={"#t": "to", "#n": "views"}, ExpressionAttributeValues={":to": "Bob", ":zero": 0, ":one": 1})
out["updated"] = table.get_item(Key={"customer": "c2", "order": 1}, ProjectionExpression="note.#t, #n",
                                ExpressionAttributeNames={"#t": "to", "#n": "views"})["Item"]
out["conditional"] = error_of(lambda: table.put_item(Item={"customer": "c2", "order": 1}, ConditionExpression="attribute_not_exists(customer)"))

pages = client.get_paginator("query").paginate(TableName="Orders", KeyConditionExpression="customer = :c",
                                               ExpressionAttributeValues={":c": {"S": "c1"}}, PaginationConfig={"PageSize": 7})
out["pages"] = [len(p["Items"]) for p in pages]
scanned = client.get_paginator("scan").paginate(TableName="Orders", Limit=10)
out["scan_total"] = sum(p["Count"] for p in scanned)
out["batch_get"] = sorted(int(i["order"]["N"]) for i in client.batch_get_item(RequestItems={"Orders": {"Keys": [
    {"customer": {"S": "c1"}, "order": {"N": "3"}}, {"customer": {"S": "c1"}, "order": {"N": "4"}},
    {"customer": {"S": "c9"}, "order": {"N": "1"}}]}})["Responses"]["Orders"])
out["tables"] = client.list_tables()["TableNames"]
table.delete_item(Key={"customer": "c1", "order": 30})
out["count_after_delete"] = table.scan(Select="COUNT")["Count"]

# The walkthrough: david's application assumes DynamoDB-ReadOnly-role and
# reads TestProject's item with the temporary credentials.
david = session(os.environ["DAVID_KEY"], os.environ["DAVID_SECRET"])
creds = david.client("sts", endpoint_url=os.environ["ENDPOINT"]).assume_role(RoleArn=os.environ["ROLE_ARN"], RoleSessionName="app")["Credentials"]
ro = session(creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]).resource("dynamodb", endpoint_url=os.environ["ENDPOINT"])
item = ro.Table("TestProject").get_item(Key={"ID": "1234567890"})["Item"]
out["walkthrough"] = item["ProjectName"]
out["walkthrough_write"] = error_of(lambda: ro.Table("TestProject").put_item(Item={"ID": "1234567890", "ProjectName": "x"}))

print(json.dumps(out, default=lambda d: float(d) if isinstance(d, Decimal) else str(d), sort_keys=True))
