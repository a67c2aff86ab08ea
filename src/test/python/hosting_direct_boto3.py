"""Invokes a Direct multi-container endpoint with boto3: each named container, then no name. One line per call.

Usage: hosting_direct_boto3.py <endpoint> <hostname>... The endpoint URL comes from AWS_ENDPOINT_URL.
"""
import sys

import boto3
import botocore.exceptions

endpoint, hostnames = sys.argv[1], sys.argv[2:]
rt = boto3.client("sagemaker-runtime")
for hostname in hostnames:
    response = rt.invoke_endpoint(EndpointName=endpoint, ContentType="text/plain", TargetContainerHostname=hostname,
                                  Body=b"x")
    print(hostname, response["Body"].read().decode(), response["ContentType"])
try:
    rt.invoke_endpoint(EndpointName=endpoint, ContentType="text/plain", Body=b"x")
except botocore.exceptions.ClientError as e:
    print("none", e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"])
