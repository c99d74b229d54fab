"""Calls an S3 test server with boto3, as S3 users do.

Usage:
  s3_client.py presign ENDPOINT ACCESS_KEY SECRET
      Prints "METHOD URL" lines: presigned GET and PUT URLs signed at the
      fixed time 2026-01-02T03:04:05Z, for keys that need escaping.
  s3_client.py put ENDPOINT ACCESS_KEY SECRET [CA_BUNDLE]
      Uploads small objects with put_object and upload_fileobj and prints
      one line per call: "<call> ok" or "<call> <error code>".
"""
import datetime
import io
import sys

import boto3
import botocore.auth
from botocore.config import Config

mode, endpoint, key, secret = sys.argv[1:5]
ca_bundle = sys.argv[5] if len(sys.argv) > 5 else None


def client():
    return boto3.session.Session().client(
        "s3", region_name="us-east-1", endpoint_url=endpoint,
        aws_access_key_id=key, aws_secret_access_key=secret,
        verify=ca_bundle,
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1},
                      signature_version="s3v4"))


if mode == "presign":
    fixed = datetime.datetime(2026, 1, 2, 3, 4, 5)
    botocore.auth.get_current_datetime = lambda *a, **k: fixed
    s3 = client()
    for k in ("plain.txt", "a b+c%d=e&f", "dir/sub dir/ünï©ødé.txt", "~tilde*star'quote(paren)", "double//slash/./dot"):
        print("GET", s3.generate_presigned_url("get_object", Params={"Bucket": "bucket", "Key": k}, ExpiresIn=3600))
        print("PUT", s3.generate_presigned_url("put_object", Params={"Bucket": "bucket", "Key": k}, ExpiresIn=604800))
    print("GET", s3.generate_presigned_url("get_object", Params={
        "Bucket": "bucket", "Key": "q.txt", "ResponseContentDisposition": "attachment; filename=\"a b.txt\"",
        "VersionId": "v1"}, ExpiresIn=1))
    sys.exit(0)

s3 = client()
calls = [
    ("put_object", lambda: s3.put_object(Bucket="bucket", Key="small.txt", Body=b"hello, world\n")),
    ("put_object empty", lambda: s3.put_object(Bucket="bucket", Key="empty", Body=b"")),
    ("put_object file", lambda: s3.put_object(Bucket="bucket", Key="file.bin", Body=io.BytesIO(b"\x00\xff" * 5000))),
    ("put_object sha256", lambda: s3.put_object(Bucket="bucket", Key="sha.txt", Body=b"checked", ChecksumAlgorithm="SHA256")),
    ("put_object md5", lambda: s3.put_object(Bucket="bucket", Key="md5.txt", Body=b"md5",
                                             ContentMD5="G8KbNvYjuoKq9nJP07FnGA==")),
    ("upload_fileobj", lambda: s3.upload_fileobj(io.BytesIO(b"uploaded " * 100), "bucket", "up.txt")),
]
for name, call in calls:
    try:
        call()
        print(name, "ok")
    except Exception as e:  # report the code the server sent
        print(name, getattr(e, "response", {}).get("Error", {}).get("Code", repr(e)))
