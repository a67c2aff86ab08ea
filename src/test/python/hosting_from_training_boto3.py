"""The whole loop with boto3 as a user writes it: a script-mode training job, an endpoint serving its model.tar.gz,
UpdateEndpoint to a second job's model under continuous invocations, then deletion. Prints one line per check.

Usage: hosting_from_training_boto3.py <image> <training script>. The endpoint comes from AWS_ENDPOINT_URL.
"""
import io
import json
import sys
import tarfile
import threading

import boto3

image, script = sys.argv[1:3]
sm = boto3.client("sagemaker")
rt = boto3.client("sagemaker-runtime")
s3 = boto3.client("s3")
role = "arn:aws:iam::000000000000:role/SageMakerRole"
fast = {"Delay": 1, "MaxAttempts": 120}
bucket = "boto-loop"

s3.create_bucket(Bucket=bucket)
source = io.BytesIO()
with tarfile.open(fileobj=source, mode="w:gz") as tar:
    tar.add(script, arcname="train.py")
s3.put_object(Bucket=bucket, Key="code/sourcedir.tar.gz", Body=source.getvalue())
s3.put_object(Bucket=bucket, Key="data-1/data.csv", Body=b"1,2\n2,4\n3,6\n")
s3.put_object(Bucket=bucket, Key="data-2/data.csv", Body=b"1,4\n2,7\n3,10\n")


def train(name, data):
    """Runs a script-mode job as the SageMaker Python SDK sends it, and returns its model.tar.gz."""
    sm.create_training_job(
        TrainingJobName=name, RoleArn=role,
        AlgorithmSpecification={"TrainingImage": image, "TrainingInputMode": "File"},
        HyperParameters={"digits": "6", "sagemaker_program": '"train.py"',
                         "sagemaker_submit_directory": '"s3://%s/code/sourcedir.tar.gz"' % bucket,
                         "sagemaker_region": '"us-east-1"', "sagemaker_container_log_level": "20"},
        InputDataConfig=[{"ChannelName": "train", "DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": "s3://%s/%s" % (bucket, data),
            "S3DataDistributionType": "FullyReplicated"}}}],
        OutputDataConfig={"S3OutputPath": "s3://%s/output" % bucket},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
        StoppingCondition={"MaxRuntimeInSeconds": 600})
    sm.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName=name, WaiterConfig=fast)
    job = sm.describe_training_job(TrainingJobName=name)
    if job["TrainingJobStatus"] != "Completed":
        sys.exit("training job %s: %s" % (name, job.get("FailureReason")))
    return job["ModelArtifacts"]["S3ModelArtifacts"]


def model_and_config(name, artifacts):
    sm.create_model(ModelName=name, ExecutionRoleArn=role,
                    PrimaryContainer={"Image": image, "ModelDataUrl": artifacts})
    sm.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": name, "InitialInstanceCount": 1,
        "InstanceType": "ml.m5.large"}])


def predict(x):
    response = rt.invoke_endpoint(EndpointName="boto-loop", ContentType="application/json",
                                  Accept="application/json", Body=json.dumps([x]))
    return json.loads(response["Body"].read())["predictions"][0]


first = train("boto-loop-1", "data-1")
print("artifacts", first)
model_and_config("boto-loop-1", first)
sm.create_endpoint(EndpointName="boto-loop", EndpointConfigName="boto-loop-1")
sm.get_waiter("endpoint_in_service").wait(EndpointName="boto-loop", WaiterConfig=fast)
print("prediction", predict(4))

model_and_config("boto-loop-2", train("boto-loop-2", "data-2"))
stop = threading.Event()
seen, failures, calls = set(), [], [0]


def load():
    while not stop.is_set():
        try:
            seen.add(predict(4))
            calls[0] += 1
        except Exception as e:  # every failure counts, whatever its kind
            failures.append(repr(e))


threads = [threading.Thread(target=load) for _ in range(2)]
for t in threads:
    t.start()
sm.update_endpoint(EndpointName="boto-loop", EndpointConfigName="boto-loop-2")
sm.get_waiter("endpoint_in_service").wait(EndpointName="boto-loop", WaiterConfig=fast)
after = predict(4)
stop.set()
for t in threads:
    t.join()
print("update failures", len(failures), failures[:3], "busy", calls[0] > 0, "answers", sorted(seen | {after}))
print("after update", after, sm.describe_endpoint(EndpointName="boto-loop")["EndpointConfigName"])

sm.delete_endpoint(EndpointName="boto-loop")
sm.get_waiter("endpoint_deleted").wait(EndpointName="boto-loop", WaiterConfig=fast)
print("deleted", len(sm.list_endpoints(NameContains="boto-loop")["Endpoints"]))
