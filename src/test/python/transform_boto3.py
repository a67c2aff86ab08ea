"""Runs a transform job with boto3 the way a user's script does, and prints what it saw as one JSON object.

create_transform_job (CSV, Line split, MultiRecord, AssembleWith Line), then the transform_job_completed_or_stopped
waiter (Delay=1 instead of 60 s), then describe_transform_job and the output object; list_transform_jobs and a
describe of a missing job (the ValidationException the waiter relies on) come along.

Usage: transform_boto3.py <job name> <model name> <input uri> <output uri>
"""
import json
import sys

import boto3
from botocore.exceptions import ClientError, WaiterError


def main():
    name, model, input_uri, output_uri = sys.argv[1:5]
    sm = boto3.client("sagemaker")
    s3 = boto3.client("s3")
    sm.create_transform_job(
        TransformJobName=name, ModelName=model, BatchStrategy="MultiRecord", MaxPayloadInMB=1,
        TransformInput={"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": input_uri}},
                        "ContentType": "text/csv", "SplitType": "Line"},
        TransformOutput={"S3OutputPath": output_uri, "Accept": "text/csv", "AssembleWith": "Line"},
        TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1},
        Tags=[{"Key": "team", "Value": "ml"}])
    try:
        sm.get_waiter("transform_job_completed_or_stopped").wait(
            TransformJobName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
        waited = "success"
    except WaiterError as e:
        waited = str(e)
    d = sm.describe_transform_job(TransformJobName=name)
    bucket, _, prefix = output_uri[len("s3://"):].partition("/")
    out = s3.get_object(Bucket=bucket, Key=prefix + "/rows.csv.out")["Body"].read().decode()
    listed = sm.list_transform_jobs(NameContains=name, SortBy="Name")["TransformJobSummaries"]
    try:
        sm.describe_transform_job(TransformJobName=name + "-missing")
        missing = "no error"
    except ClientError as e:
        missing = e.response["Error"]["Code"] + ": " + e.response["Error"]["Message"]
    tags = sm.list_tags(ResourceArn=d["TransformJobArn"])["Tags"]
    print(json.dumps({"waited": waited, "status": d["TransformJobStatus"], "output": out,
                      "listed": [s["TransformJobName"] for s in listed], "missing": missing, "tags": tags,
                      "startBeforeEnd": d["TransformStartTime"] <= d["TransformEndTime"]}))


if __name__ == "__main__":
    main()
