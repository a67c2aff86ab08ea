"""InvokeEndpointAsync with boto3.

Usage: hosting_async_boto3.py invoke|inputs <endpoint> <bucket>. `invoke` sends s3://<bucket>/in/boto.txt and polls
S3 for the output, printing its location and body; `inputs` sends both inputs, neither, an oversize inline body and
an inline body, printing the errors, then the inline body's output.
"""
import sys
import time
import urllib.error
import urllib.request

import boto3
from botocore.exceptions import ClientError

mode, endpoint, bucket = sys.argv[1:4]
rt = boto3.client("sagemaker-runtime")
s3 = boto3.client("s3")


def poll(location):
    key = location[len(f"s3://{bucket}/"):]
    deadline = time.time() + 30
    while True:
        try:
            return s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode()
        except ClientError as e:
            if e.response["Error"]["Code"] != "NoSuchKey" or time.time() > deadline:
                raise
            time.sleep(0.1)


if mode == "invoke":
    r = rt.invoke_endpoint_async(EndpointName=endpoint, InputLocation=f"s3://{bucket}/in/boto.txt",
                                 ContentType="text/plain", RequestTTLSeconds=600, InvocationTimeoutSeconds=60,
                                 CustomAttributes="c=1", S3OutputPathExtension="ext", Filename="result.txt")
    print(r["OutputLocation"], poll(r["OutputLocation"]))
else:
    # The pinned SDKs model only InputLocation, so both and neither are sent as raw requests.
    import botocore.auth
    import botocore.awsrequest

    session = boto3.session.Session()
    creds = session.get_credentials()
    url = f"{rt.meta.endpoint_url}/endpoints/{endpoint}/async-invocations"
    for name, headers, data in (("both", {"X-Amzn-SageMaker-InputLocation": f"s3://{bucket}/in/x"}, b"inline"),
                                ("neither", {}, b""), ("oversize", {}, b"x" * 128_001),
                                ("inline", {"X-Amzn-SageMaker-Content-Type": "text/plain"}, b"inline-body")):
        request = botocore.awsrequest.AWSRequest(method="POST", url=url, data=data, headers=headers)
        botocore.auth.SigV4Auth(creds, "sagemaker", session.region_name or "us-east-1").add_auth(request)
        prepared = request.prepare()
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=dict(prepared.headers),
                                                               method="POST")) as answer:
                print(name, answer.status, poll(answer.headers["X-Amzn-SageMaker-OutputLocation"]))
        except urllib.error.HTTPError as e:
            print(name, e.headers.get("x-amzn-ErrorType"), e.code)
