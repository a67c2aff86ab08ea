"""InvokeEndpointAsync with boto3.

Usage: hosting_async_boto3.py invoke|inputs <endpoint> <bucket>. `invoke` sends s3://<bucket>/in/boto.txt and polls
S3 for the output, printing its location and body; `inputs` sends both or neither input and prints the errors.
"""
import sys
import time

import boto3
from botocore.exceptions import ClientError

mode, endpoint, bucket = sys.argv[1:4]
rt = boto3.client("sagemaker-runtime")
s3 = boto3.client("s3")

if mode == "invoke":
    r = rt.invoke_endpoint_async(EndpointName=endpoint, InputLocation=f"s3://{bucket}/in/boto.txt",
                                 ContentType="text/plain", RequestTTLSeconds=600, InvocationTimeoutSeconds=60,
                                 CustomAttributes="c=1", S3OutputPathExtension="ext", Filename="result.txt")
    location = r["OutputLocation"]
    key = location[len(f"s3://{bucket}/"):]
    deadline = time.time() + 30
    while True:
        try:
            body = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode()
            break
        except ClientError as e:
            if e.response["Error"]["Code"] != "NoSuchKey" or time.time() > deadline:
                raise
            time.sleep(0.1)
    print(location, body)
else:
    # The pinned SDKs model only InputLocation, so both and neither are sent as raw requests.
    import botocore.auth
    import botocore.awsrequest
    import urllib.request

    session = boto3.session.Session()
    creds = session.get_credentials()
    url = f"{rt.meta.endpoint_url}/endpoints/{endpoint}/async-invocations"
    for name, headers, data in (("both", {"X-Amzn-SageMaker-InputLocation": f"s3://{bucket}/in/x"}, b"inline"),
                                ("neither", {}, b"")):
        request = botocore.awsrequest.AWSRequest(method="POST", url=url, data=data, headers=headers)
        botocore.auth.SigV4Auth(creds, "sagemaker", session.region_name or "us-east-1").add_auth(request)
        prepared = request.prepare()
        try:
            urllib.request.urlopen(urllib.request.Request(url, data=data, headers=dict(prepared.headers),
                                                          method="POST"))
            print(name, "accepted")
        except urllib.error.HTTPError as e:
            print(name, e.headers.get("x-amzn-ErrorType"), e.code)
