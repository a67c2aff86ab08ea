"""Runs a processing job with boto3 the way a user's script does, and prints what it saw as one JSON object.

create_processing_job, then the processing_job_completed_or_stopped waiter (Delay=1 instead of 60 s), then
describe_processing_job and list_processing_jobs. A job in mode 'fail' must make the waiter fail with its terminal
Failed state.

Usage: processing_boto3.py <job name> <image> <mode> <bucket>
"""
import json
import sys

import boto3
from botocore.exceptions import WaiterError


def create(sm, name, image, mode, bucket):
    arguments = {"ok": ["shards", "/opt/ml/processing/input/data", "/opt/ml/processing/input/data",
                        "/opt/ml/processing/out"],
                 "fail": ["fail", "boto3 saw this", "2"]}[mode]
    sm.create_processing_job(
        ProcessingJobName=name,
        RoleArn="arn:aws:iam::000000000000:role/SageMakerRole",
        AppSpecification={"ImageUri": image,
                          "ContainerEntrypoint": ["python3", "/opt/ml/processing/input/code/job.py"],
                          "ContainerArguments": arguments},
        ProcessingInputs=[
            {"InputName": "code", "S3Input": {"S3Uri": "s3://%s/code/" % bucket,
                                              "LocalPath": "/opt/ml/processing/input/code", "S3DataType": "S3Prefix",
                                              "S3InputMode": "File"}},
            {"InputName": "data", "S3Input": {"S3Uri": "s3://%s/shards/" % bucket,
                                              "LocalPath": "/opt/ml/processing/input/data", "S3DataType": "S3Prefix",
                                              "S3InputMode": "File"}}],
        ProcessingOutputConfig={"Outputs": [{"OutputName": "out", "S3Output": {
            "S3Uri": "s3://%s/boto3/%s" % (bucket, name), "LocalPath": "/opt/ml/processing/out",
            "S3UploadMode": "EndOfJob"}}]},
        ProcessingResources={"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large",
                                               "VolumeSizeInGB": 1}},
        StoppingCondition={"MaxRuntimeInSeconds": 600},
        Tags=[{"Key": "client", "Value": "boto3"}],
    )


def wait(sm, name):
    """The waiter's outcome: 'success', or the WaiterError's reason when it hit a failure state."""
    try:
        sm.get_waiter("processing_job_completed_or_stopped").wait(
            ProcessingJobName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
        return "success"
    except WaiterError as e:
        return "waiter error: " + str(e)


def main():
    name, image, mode, bucket = sys.argv[1:5]
    sm = boto3.client("sagemaker")
    s3 = boto3.client("s3")
    create(sm, name, image, mode, bucket)
    waited = wait(sm, name)
    job = sm.describe_processing_job(ProcessingJobName=name)
    listed = sm.list_processing_jobs(NameContains=name)["ProcessingJobSummaries"]
    outputs = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="boto3/" + name + "/").get("Contents", [])]
    tags = sm.list_tags(ResourceArn=job["ProcessingJobArn"])["Tags"]
    print(json.dumps({"waiter": waited, "status": job["ProcessingJobStatus"],
                      "exitMessage": job.get("ExitMessage"), "failureReason": job.get("FailureReason"),
                      "listed": [s["ProcessingJobStatus"] for s in listed], "outputs": outputs, "tags": tags,
                      "inputs": [i["S3Input"]["S3DataDistributionType"] for i in job["ProcessingInputs"]]}))


if __name__ == "__main__":
    main()
