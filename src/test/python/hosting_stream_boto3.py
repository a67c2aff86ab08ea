"""Invokes an InService endpoint with InvokeEndpointWithResponseStream and prints the joined payload parts.

Usage: hosting_stream_boto3.py <endpoint name>. The endpoint comes from AWS_ENDPOINT_URL.
"""
import sys

import boto3

rt = boto3.client("sagemaker-runtime")
response = rt.invoke_endpoint_with_response_stream(EndpointName=sys.argv[1], ContentType="application/json",
                                                   Accept="application/json", Body="[3, 4]")
parts = [event["PayloadPart"]["Bytes"] for event in response["Body"] if "PayloadPart" in event]
print(response["ContentType"], response["InvokedProductionVariant"], len(parts), b"".join(parts).decode())
