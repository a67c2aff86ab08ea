"""S3 checks through an unchanged boto3 against the endpoint in AWS_ENDPOINT_URL.

Usage: s3_boto3.py <check> <bucket> <work dir>. Each check creates its bucket, raises on any mismatch (exit 1) and
prints one "ok" line on success, so the JUnit side can name the failing contract.
"""
import hashlib
import os
import sys

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

MIB = 1024 * 1024
# boto3's defaults, spelled out so the expected multipart ETag below is exact: 20 MiB -> parts of 8, 8 and 4 MiB.
TRANSFER = TransferConfig(multipart_threshold=8 * MIB, multipart_chunksize=8 * MIB)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def multipart_etag(data, part_size):
    digests = b"".join(hashlib.md5(data[i:i + part_size]).digest() for i in range(0, len(data), part_size))
    return '"%s-%d"' % (hashlib.md5(digests).hexdigest(), (len(data) + part_size - 1) // part_size)


def multipart_upload_and_download(s3, bucket, work):
    """upload_file above the threshold goes multipart (with CRC32 checksums); download_file gets the same bytes."""
    data = os.urandom(20 * MIB)
    source, target = os.path.join(work, "upload.bin"), os.path.join(work, "download.bin")
    with open(source, "wb") as f:
        f.write(data)
    s3.upload_file(source, bucket, "big/upload.bin", ExtraArgs={"ChecksumAlgorithm": "CRC32"}, Config=TRANSFER)
    head = s3.head_object(Bucket=bucket, Key="big/upload.bin")
    check(head["ContentLength"] == len(data), "size %s" % head["ContentLength"])
    check(head["ETag"] == multipart_etag(data, 8 * MIB), "ETag %s, expected %s" % (
        head["ETag"], multipart_etag(data, 8 * MIB)))
    s3.download_file(bucket, "big/upload.bin", target, Config=TRANSFER)
    with open(target, "rb") as f:
        check(f.read() == data, "downloaded bytes differ from the uploaded ones")
    print("ok multipart", head["ETag"])


def delimiter_listing(s3, bucket, work):
    """Delimiter listings fold deeper keys into CommonPrefixes, page by page as the paginator asks."""
    keys = ["data/a.csv", "data/b.csv", "data/sub/c.csv", "data/sub/deeper/d.csv", "data/other/e", "top.txt"]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    page = s3.list_objects_v2(Bucket=bucket, Prefix="data/", Delimiter="/")
    check([o["Key"] for o in page.get("Contents", [])] == ["data/a.csv", "data/b.csv"], "contents %s" % page)
    check([p["Prefix"] for p in page.get("CommonPrefixes", [])] == ["data/other/", "data/sub/"], "prefixes %s" % page)
    check(page["KeyCount"] == 4 and not page["IsTruncated"], "KeyCount/IsTruncated %s" % page)
    root = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    check([o["Key"] for o in root.get("Contents", [])] == ["top.txt"], "root contents %s" % root)
    check([p["Prefix"] for p in root.get("CommonPrefixes", [])] == ["data/"], "root prefixes %s" % root)
    contents, prefixes, pages = [], [], 0
    for page in s3.get_paginator("list_objects_v2").paginate(
            Bucket=bucket, Prefix="data/", Delimiter="/", PaginationConfig={"PageSize": 1}):
        pages += 1
        contents += [o["Key"] for o in page.get("Contents", [])]
        prefixes += [p["Prefix"] for p in page.get("CommonPrefixes", [])]
    check(contents == ["data/a.csv", "data/b.csv"] and prefixes == ["data/other/", "data/sub/"],
          "paged listing %s %s" % (contents, prefixes))
    check(pages == 4, "%d pages of one entry each, expected 4" % pages)
    v1 = s3.list_objects(Bucket=bucket, Prefix="data/sub/", Delimiter="/")
    check([o["Key"] for o in v1.get("Contents", [])] == ["data/sub/c.csv"], "v1 contents %s" % v1)
    check([p["Prefix"] for p in v1.get("CommonPrefixes", [])] == ["data/sub/deeper/"], "v1 prefixes %s" % v1)
    print("ok delimiter")


ODD_KEYS = [
    "dir with space/file name.txt",
    "unicode/日本語/ファイル.txt",
    "unicode/émoji 🎉.bin",
    "symbols/a+b=c&d;e,f.txt",
    "symbols/percent%20literal",
    "symbols/tilde~ (1).txt",
    "trailing space ",
]


def odd_keys(s3, bucket, work):
    """Keys with spaces, '+', '%' and non-ASCII survive PUT, listing (encoding-type=url), GET and delete."""
    for key in ODD_KEYS:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode("utf-8"))
    listed = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    check(listed == sorted(ODD_KEYS, key=lambda k: k.encode("utf-8")), "listed %r" % listed)
    for key in ODD_KEYS:
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        check(body == key.encode("utf-8"), "GET %r returned %r" % (key, body))
    unicode = s3.list_objects_v2(Bucket=bucket, Prefix="unicode/", Delimiter="/")
    check([p["Prefix"] for p in unicode.get("CommonPrefixes", [])] == ["unicode/日本語/"], "prefix %s" % unicode)
    s3.delete_object(Bucket=bucket, Key=ODD_KEYS[1])
    listed = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="unicode/")["Contents"]]
    check(listed == ["unicode/émoji 🎉.bin"], "after delete %r" % listed)
    print("ok odd keys")


def head_missing(s3, bucket, work):
    """HEAD errors have no body, so boto3 reports code "404" / "Not Found" (the SageMaker SDK compares those)."""
    s3.put_object(Bucket=bucket, Key="present", Body=b"x")
    for label, call in [("object", lambda: s3.head_object(Bucket=bucket, Key="missing")),
                        ("bucket", lambda: s3.head_bucket(Bucket=bucket + "-missing"))]:
        try:
            call()
        except ClientError as e:
            error = e.response["Error"]
            check(error["Code"] == "404", "head %s code %r" % (label, error))
            check(error.get("Message") == "Not Found", "head %s message %r" % (label, error))
            check(e.response["ResponseMetadata"]["HTTPStatusCode"] == 404, "status %s" % e.response)
        else:
            raise AssertionError("head of a missing %s succeeded" % label)
    try:
        s3.get_object(Bucket=bucket, Key="missing")
    except ClientError as e:
        check(e.response["Error"]["Code"] == "NoSuchKey", "GET code %r" % e.response["Error"])
    else:
        raise AssertionError("GET of a missing key succeeded")
    print("ok head 404")


CHECKS = {
    "multipart": multipart_upload_and_download,
    "delimiter": delimiter_listing,
    "odd-keys": odd_keys,
    "head-missing": head_missing,
}

if __name__ == "__main__":
    name, bucket, work = sys.argv[1:4]
    # Explicit, not only AWS_ENDPOINT_URL: botocore before 1.31 (Debian's 1.26 boto3) ignores that variable and would
    # go to the real S3.
    client = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
    client.create_bucket(Bucket=bucket)
    CHECKS[name](client, bucket, work)
