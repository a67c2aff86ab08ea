"""The client matrix scenario driven by boto3; prints the normalized transcript as one JSON object.

Runs with any boto3 from 1.26 on (Debian's /usr/bin/python3) to current (pyenv python3). The endpoint comes from
AWS_ENDPOINT_URL and is passed explicitly, since botocore before 1.31 ignores that variable. Waiters poll every
second instead of their model's 120 s / 30 s, as a user in a hurry would configure them.

Usage: matrix_boto3.py <prefix>
"""
import json
import os
import sys

import boto3
from botocore.exceptions import ClientError, WaiterError

TRAIN_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mx-train:1"
SERVE_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mx-serve:1"
ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
DATA = b"1\n2\n3\n"
GROUP = "/aws/sagemaker/TrainingJobs"
FAST = {"Delay": 1, "MaxAttempts": 120}


def error(call):
    """What a failing call raised: code, HTTP status and message, as the transcript records every error."""
    try:
        call()
    except ClientError as e:
        return {"Code": e.response["Error"]["Code"],
                "HTTPStatus": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "Message": e.response["Error"].get("Message", "")}
    return {"Code": "no error"}


def wait(waiter, **kwargs):
    try:
        waiter.wait(WaiterConfig=FAST, **kwargs)
        return "success"
    except WaiterError as e:
        return "waiter error: " + str(e)


def s3_steps(s3, bucket):
    created = s3.create_bucket(Bucket=bucket)
    put = s3.put_object(Bucket=bucket, Key="train/data.csv", Body=DATA)
    listed = s3.list_objects_v2(Bucket=bucket, Prefix="train/")
    got = s3.get_object(Bucket=bucket, Key="train/data.csv")
    return {"createBucket": {"Location": created["Location"]},
            "putObject": {"ETag": put["ETag"]},
            "listObjectsV2": {"KeyCount": listed["KeyCount"], "Keys": [o["Key"] for o in listed["Contents"]]},
            "getObject": {"Body": got["Body"].read().decode(), "ContentLength": got["ContentLength"]}}


def training_steps(sm, p):
    job = p + "-train"
    created = sm.create_training_job(
        TrainingJobName=job, RoleArn=ROLE,
        AlgorithmSpecification={"TrainingImage": TRAIN_IMAGE, "TrainingInputMode": "File",
                                "MetricDefinitions": [{"Name": "train:loss", "Regex": "loss=([0-9.]+)"}]},
        InputDataConfig=[{"ChannelName": "train", "DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": "s3://%s-data/train/" % p}}}],
        OutputDataConfig={"S3OutputPath": "s3://%s-data/output" % p},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
        StoppingCondition={"MaxRuntimeInSeconds": 600})
    waited = wait(sm.get_waiter("training_job_completed_or_stopped"), TrainingJobName=job)
    d = sm.describe_training_job(TrainingJobName=job)
    return {"create": {"TrainingJobArn": created["TrainingJobArn"]},
            "waiter": waited,
            "describe": {"TrainingJobStatus": d["TrainingJobStatus"],
                         "SecondaryStatus": d["SecondaryStatus"],
                         "SecondaryStatusTransitions": [t["Status"] for t in d["SecondaryStatusTransitions"]],
                         "S3ModelArtifacts": d["ModelArtifacts"]["S3ModelArtifacts"],
                         "FinalMetrics": {m["MetricName"]: m["Value"] for m in d.get("FinalMetricDataList", [])},
                         "InstanceType": d["ResourceConfig"]["InstanceType"],
                         "KmsKeyId": d["OutputDataConfig"]["KmsKeyId"]}}


def log_steps(logs, job):
    streams = logs.describe_log_streams(logGroupName=GROUP, logStreamNamePrefix=job + "/")["logStreams"]
    names = [s["logStreamName"] for s in streams]
    messages, token = [], None
    for _ in range(100):
        kwargs = {"logGroupName": GROUP, "logStreamName": names[0], "startFromHead": True}
        if token:
            kwargs["nextToken"] = token
        page = logs.get_log_events(**kwargs)
        messages.extend(e["message"] for e in page["events"])
        if page["nextForwardToken"] == token:
            break
        token = page["nextForwardToken"]
    return {"logStreamNames": names, "messages": [m for m in messages if m.startswith("mx: ")]}


def hosting_steps(sm, rt, p, artifacts):
    model, config, endpoint = p + "-model", p + "-config", p + "-ep"
    out = {"createModel": sm.create_model(ModelName=model, ExecutionRoleArn=ROLE, PrimaryContainer={
        "Image": SERVE_IMAGE, "ModelDataUrl": artifacts})["ModelArn"]}
    out["createEndpointConfig"] = sm.create_endpoint_config(EndpointConfigName=config, ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": model, "InitialInstanceCount": 1,
        "InstanceType": "ml.m5.large"}])["EndpointConfigArn"]
    out["createEndpoint"] = sm.create_endpoint(EndpointName=endpoint, EndpointConfigName=config)["EndpointArn"]
    out["inServiceWaiter"] = wait(sm.get_waiter("endpoint_in_service"), EndpointName=endpoint)
    d = sm.describe_endpoint(EndpointName=endpoint)
    out["describeEndpoint"] = {"EndpointStatus": d["EndpointStatus"], "EndpointConfigName": d["EndpointConfigName"],
                               "ProductionVariants": [{"VariantName": v["VariantName"],
                                                       "CurrentInstanceCount": v["CurrentInstanceCount"],
                                                       "CurrentWeight": v["CurrentWeight"]}
                                                      for v in d["ProductionVariants"]]}
    r = rt.invoke_endpoint(EndpointName=endpoint, ContentType="application/json", Accept="application/json",
                           Body=json.dumps([1, 2]))
    out["invoke"] = {"ContentType": r["ContentType"], "InvokedProductionVariant": r["InvokedProductionVariant"],
                     "Body": json.loads(r["Body"].read())}
    sm.delete_endpoint(EndpointName=endpoint)
    out["deleteEndpoint"] = "ok"
    out["deletedWaiter"] = wait(sm.get_waiter("endpoint_deleted"), EndpointName=endpoint)
    out["describeDeleted"] = error(lambda: sm.describe_endpoint(EndpointName=endpoint))
    sm.delete_endpoint_config(EndpointConfigName=config)
    out["deleteEndpointConfig"] = "ok"
    sm.delete_model(ModelName=model)
    out["deleteModel"] = "ok"
    return out


def main():
    p = sys.argv[1]
    url = os.environ["AWS_ENDPOINT_URL"]
    sm, rt, s3, logs = (boto3.client(s, endpoint_url=url, region_name="us-east-1")
                        for s in ("sagemaker", "sagemaker-runtime", "s3", "logs"))
    transcript = {"s3": s3_steps(s3, p + "-data")}
    transcript["training"] = training_steps(sm, p)
    transcript["logs"] = log_steps(logs, p + "-train")
    transcript["hosting"] = hosting_steps(sm, rt, p, transcript["training"]["describe"]["S3ModelArtifacts"])
    transcript["errors"] = {
        "describeMissingTrainingJob": error(lambda: sm.describe_training_job(TrainingJobName=p + "-nojob")),
        "invokeMissingEndpoint": error(lambda: rt.invoke_endpoint(EndpointName=p + "-noep",
                                                                  ContentType="application/json", Body=b"[1]")),
        "getMissingObject": error(lambda: s3.get_object(Bucket=p + "-data", Key="train/missing.csv")),
    }
    print(json.dumps(transcript, sort_keys=True))


if __name__ == "__main__":
    main()
