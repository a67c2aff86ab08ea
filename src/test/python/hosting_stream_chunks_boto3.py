"""Streams a model's chunked answer with boto3 and prints the parts, or the mid-stream error.

Usage: hosting_stream_chunks_boto3.py <endpoint> <body>. Prints `<parts> <joined>` for a whole stream, and
`part <bytes>` lines then `error <code> <message>` when the stream fails.
"""
import json
import sys

import boto3
from botocore.exceptions import EventStreamError

rt = boto3.client("sagemaker-runtime")
response = rt.invoke_endpoint_with_response_stream(EndpointName=sys.argv[1], ContentType="text/plain",
                                                   Body=sys.argv[2].encode())
parts = []
try:
    for event in response["Body"]:
        parts.append(event["PayloadPart"]["Bytes"])
        if sys.argv[2] in ("break", "stall"):
            print("part", event["PayloadPart"]["Bytes"].decode())
except EventStreamError as e:
    print("error", e.response["Error"]["Code"], e.response["Error"]["Message"])
    sys.exit(0)
print(len(parts), b"".join(parts).decode())
