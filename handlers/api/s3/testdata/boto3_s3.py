"""boto3 against the S3 API: transfers, paginators, presigned URLs fetched
over plain HTTP, checksums and errors. Prints one line per check."""
import os
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = os.environ["ENDPOINT"]
work = os.environ["WORKDIR"]
s3 = boto3.client("s3", endpoint_url=endpoint)
v4 = boto3.client("s3", endpoint_url=endpoint, config=Config(signature_version="s3v4"))

bucket = "productionapp"
src = os.path.join(work, "up.bin")
with open(src, "wb") as f:
    f.write(os.urandom(9 * 1024 * 1024 + 7))
s3.upload_file(src, bucket, "boto/up.bin")
print("upload_file ok")
dst = os.path.join(work, "down.bin")
s3.download_file(bucket, "boto/up.bin", dst)
assert open(src, "rb").read() == open(dst, "rb").read()
print("download_file ok")

for i in range(5):
    s3.put_object(Bucket=bucket, Key="boto/page/%d.txt" % i, Body=b"x" * i)
pages = 0
keys = []
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="boto/page/", PaginationConfig={"PageSize": 1}):
    pages += 1
    keys += [o["Key"] for o in page.get("Contents", [])]
assert keys == ["boto/page/%d.txt" % i for i in range(5)], keys
print("paginated %d pages" % pages)
v1 = [o["Key"] for p in s3.get_paginator("list_objects").paginate(Bucket=bucket, Prefix="boto/page/", PaginationConfig={"PageSize": 2}) for o in p.get("Contents", [])]
assert v1 == keys, v1

s3.put_object(Bucket=bucket, Key="boto/hello world+1.txt", Body=b"hello from boto3")
for name, client in (("v2", s3), ("v4", v4)):
    url = client.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "boto/hello world+1.txt"}, ExpiresIn=300)
    body = urllib.request.urlopen(url).read()
    assert body == b"hello from boto3", body
    print("presigned %s ok" % name)

try:
    s3.get_object(Bucket=bucket, Key="boto/missing")
except ClientError as e:
    print(e.response["Error"]["Code"])

r = s3.put_object(Bucket=bucket, Key="boto/sum.txt", Body=b"checksummed", ChecksumAlgorithm="SHA256")
got = s3.get_object(Bucket=bucket, Key="boto/sum.txt", ChecksumMode="ENABLED")
assert got["ChecksumSHA256"] == r["ChecksumSHA256"], (got, r)
assert got["Body"].read() == b"checksummed"
print("checksum ok")
part = s3.get_object(Bucket=bucket, Key="boto/sum.txt", Range="bytes=2-4")
assert part["Body"].read() == b"eck" and part["ContentRange"] == "bytes 2-4/11", part
print("range ok")

res = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "boto/page/%d.txt" % i} for i in range(5)]})
assert len(res["Deleted"]) == 5
print("delete ok")
