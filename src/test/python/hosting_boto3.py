"""Deploys, invokes and deletes endpoints with boto3 as a user would; prints one line per check.

Usage: hosting_boto3.py <doubler image> <model dir> <bad-request image>. The endpoint comes from AWS_ENDPOINT_URL.
"""
import json
import sys

import boto3
import botocore.exceptions

image, model_dir, bad_image = sys.argv[1:4]
sm = boto3.client("sagemaker")
rt = boto3.client("sagemaker-runtime")
role = "arn:aws:iam::000000000000:role/SageMakerRole"
fast = {"Delay": 1, "MaxAttempts": 60}


def deploy(name, image, data_url=None):
    container = {"Image": image}
    if data_url:
        container["ModelDataUrl"] = data_url
    sm.create_model(ModelName=name, ExecutionRoleArn=role, PrimaryContainer=container)
    sm.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": name, "InitialInstanceCount": 1,
        "InstanceType": "ml.m5.large"}])
    sm.create_endpoint(EndpointName=name, EndpointConfigName=name)
    sm.get_waiter("endpoint_in_service").wait(EndpointName=name, WaiterConfig=fast)


deploy("boto-doubler", image, "file://" + model_dir)
response = rt.invoke_endpoint(EndpointName="boto-doubler", ContentType="application/json",
                              Accept="application/json", Body=json.dumps([4, 5]))
print("prediction", response["Body"].read().decode(), response["InvokedProductionVariant"])

try:
    rt.invoke_endpoint(EndpointName="boto-missing", ContentType="application/json", Body="[1]")
except botocore.exceptions.ClientError as e:
    print("missing", e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"])

deploy("boto-bad", bad_image)
try:
    rt.invoke_endpoint(EndpointName="boto-bad", ContentType="application/json", Body="{}")
except rt.exceptions.ModelError as e:
    print("model-error", e.response["OriginalStatusCode"], e.response["OriginalMessage"], e.response["LogStreamArn"])

for name in ("boto-doubler", "boto-bad"):
    sm.delete_endpoint(EndpointName=name)
    sm.get_waiter("endpoint_deleted").wait(EndpointName=name, WaiterConfig=fast)
print("deleted", len(sm.list_endpoints(NameContains="boto-")["Endpoints"]))
