"""Runs a training job with boto3 the way a user's script does, and prints what it saw as one JSON object.

create_training_job, then the training_job_completed_or_stopped waiter (Delay=1 instead of 120 s), then
describe_log_streams and get_log_events until nextForwardToken stops moving. A job whose 'mode' is 'exit' must make
the waiter fail with its terminal Failed state.

Usage: training_boto3.py <job name> <image> <mode> <data uri> <output uri>
"""
import json
import sys

import boto3
from botocore.exceptions import WaiterError

GROUP = "/aws/sagemaker/TrainingJobs"
MAX_CALLS = 200


def create(sm, name, image, mode, data_uri, output_uri):
    sm.create_training_job(
        TrainingJobName=name,
        RoleArn="arn:aws:iam::000000000000:role/SageMakerRole",
        AlgorithmSpecification={"TrainingImage": image, "TrainingInputMode": "File",
                                "MetricDefinitions": [{"Name": "train:loss", "Regex": "loss=([0-9.]+)"}]},
        HyperParameters={"epochs": "2", "mode": mode},
        InputDataConfig=[{"ChannelName": "train", "DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": data_uri, "S3DataDistributionType": "FullyReplicated"}}}],
        OutputDataConfig={"S3OutputPath": output_uri},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
        StoppingCondition={"MaxRuntimeInSeconds": 600},
    )


def wait(sm, name):
    """The waiter's outcome: 'success', or the WaiterError's reason when it hit a failure state."""
    try:
        sm.get_waiter("training_job_completed_or_stopped").wait(
            TrainingJobName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
        return "success"
    except WaiterError as e:
        return "waiter error: " + str(e)


def read_logs(logs, name):
    streams = logs.describe_log_streams(logGroupName=GROUP, logStreamNamePrefix=name + "/",
                                        orderBy="LogStreamName")
    names = [s["logStreamName"] for s in streams["logStreams"]]
    lines = []
    for stream in names:
        token, calls = None, 0
        while True:
            calls += 1
            if calls > MAX_CALLS:
                sys.exit("get_log_events never repeated its nextForwardToken for " + stream)
            kwargs = {"logGroupName": GROUP, "logStreamName": stream, "startFromHead": True}
            if token:
                kwargs["nextToken"] = token
            page = logs.get_log_events(**kwargs)
            lines.extend(e["message"] for e in page["events"])
            if page["nextForwardToken"] == token:
                break
            token = page["nextForwardToken"]
    return names, lines


def main():
    name, image, mode, data_uri, output_uri = sys.argv[1:6]
    sm = boto3.client("sagemaker")
    logs = boto3.client("logs")
    create(sm, name, image, mode, data_uri, output_uri)
    waited = wait(sm, name)
    job = sm.describe_training_job(TrainingJobName=name)
    streams, lines = read_logs(logs, name)
    print(json.dumps({
        "waiter": waited,
        "status": job["TrainingJobStatus"],
        "secondary": [t["Status"] for t in job["SecondaryStatusTransitions"]],
        "failureReason": job.get("FailureReason"),
        "metrics": {m["MetricName"]: m["Value"] for m in job.get("FinalMetricDataList", [])},
        "artifacts": job["ModelArtifacts"]["S3ModelArtifacts"],
        "streams": streams,
        "lines": lines,
    }))


if __name__ == "__main__":
    main()
