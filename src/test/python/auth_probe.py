"""Calls one service with the credentials in the environment and prints what came back: the caller id for STS, the
error code and HTTP status otherwise. Used against a server with sagebox.auth=verify."""
import sys

import boto3
from botocore.exceptions import ClientError

service = sys.argv[1]
try:
    if service == "sts":
        print("ok", boto3.client("sts").get_caller_identity()["UserId"])
    elif service == "s3":
        s3 = boto3.client("s3")
        s3.put_object(Bucket=sys.argv[2], Key="boto3.txt", Body=b"hello from boto3")
        print("ok", s3.get_object(Bucket=sys.argv[2], Key="boto3.txt")["Body"].read().decode())
    elif service == "runtime":
        boto3.client("sagemaker-runtime").invoke_endpoint(EndpointName="missing", Body=b'{"x": 1}',
                                                          ContentType="application/json")
        print("ok")
    elif service == "sagemaker":
        boto3.client("sagemaker").list_training_jobs()
        print("ok")
    else:
        raise SystemExit("unknown service " + service)
except ClientError as e:
    print(e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"])
