"""The client matrix scenario driven by an AWS CLI binary (v1 or v2); prints the normalized transcript as one JSON
object. Calls go through --cli-input-json, as a user's scripted CLI calls would, except the two noted below.

How CLI runs are normalized so that they compare equal to the SDK clients (the clients differ here, not Sagebox):
- Errors: the CLI prints only "An error occurred (<Code>) when calling the <Op> operation: <Message>" and exits
  non-zero. Failing calls therefore run with --debug, and the HTTP status is read from the last urllib3 response
  line ("POST / HTTP/1.1" 400 ...) of that log; code and message come from the final error line.
- get-object and invoke-endpoint take an output file as a positional argument, and then both CLIs check required
  members as command-line flags before reading --cli-input-json ("the following arguments are required: --bucket,
  --key"), so those two calls pass their members as flags.
- Waiters: "aws sagemaker wait" cannot shorten the model's delay (120 s for training, 30 s for endpoints), so the
  script first polls the Describe call once a second, as a shell loop would, and then runs the waiter, which must
  succeed on its first poll.
- list-objects-v2 runs with --no-paginate: the CLI's automatic pagination merges pages and drops KeyCount.
- Blob members (put-object's and invoke-endpoint's Body): CLI v2 reads them as base64 unless
  --cli-binary-format raw-in-base64-out (CONTRACTS §13), which v1 rejects, so v2 calls carry it and v1 calls don't.
  In --cli-input-json a Body is the data itself on both CLIs (only a --body flag names a file), so the object's
  bytes travel inside the JSON.
- get-object and invoke-endpoint write the body to an output file; the transcript reads it back.

Usage: matrix_cli.py <aws binary> <prefix>. The endpoint comes from AWS_ENDPOINT_URL and is passed as
--endpoint-url, since CLI v2 before 2.13 ignores that variable.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

TRAIN_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mx-train:1"
SERVE_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mx-serve:1"
ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
GROUP = "/aws/sagemaker/TrainingJobs"
ERROR_LINE = re.compile(r"An error occurred \(([^)]+)\) when calling the \w+ operation"
                        r"(?: \(reached max retries: \d+\))?: (.*)")
STATUS_LINE = re.compile(r'"[A-Z]+ \S+ HTTP/1\.1" (\d{3})')


class Cli:
    def __init__(self, binary, workdir):
        self.binary = binary
        self.workdir = workdir
        self.url = os.environ["AWS_ENDPOINT_URL"]
        version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True)
        self.v2 = (version.stdout + version.stderr).startswith("aws-cli/2")

    def command(self, service, operation, request, *extra):
        """The command line; a request of None means the members are among the extra flags."""
        head = [self.binary, "--endpoint-url", self.url, "--output", "json", "--region", "us-east-1", service,
                operation] + (["--cli-binary-format", "raw-in-base64-out"] if self.v2 else [])
        return head + ([] if request is None else ["--cli-input-json", json.dumps(request)]) + list(extra)

    def call(self, service, operation, request, *extra):
        """Runs one call that must succeed; returns its parsed JSON output ({} when it prints nothing)."""
        started = time.monotonic()
        done = subprocess.run(self.command(service, operation, request, *extra), capture_output=True, text=True)
        print("%s %s: %.1f s" % (service, operation, time.monotonic() - started), file=sys.stderr)
        if done.returncode != 0:
            sys.exit("%s %s failed (%d): %s" % (service, operation, done.returncode, done.stderr))
        return json.loads(done.stdout) if done.stdout.strip() else {}

    def error(self, service, operation, request, *extra):
        """Runs one call that must fail; returns code, HTTP status and message read from the --debug log."""
        command = self.command(service, operation, request, *extra)
        done = subprocess.run(command[:1] + ["--debug"] + command[1:], capture_output=True, text=True)
        if done.returncode == 0:
            return {"Code": "no error"}
        lines = done.stderr.strip().splitlines()
        code = ERROR_LINE.search(lines[-1])
        statuses = STATUS_LINE.findall(done.stderr)
        return {"Code": code.group(1) if code else lines[-1],
                "HTTPStatus": int(statuses[-1]) if statuses else 0,
                "Message": code.group(2) if code else ""}

    def wait(self, waiter, request, settled):
        """Polls Describe until settled(response or None for a ValidationException), then runs the CLI waiter."""
        describe = {"training-job-completed-or-stopped": "describe-training-job"}.get(waiter, "describe-endpoint")
        started = deadline = time.monotonic()
        deadline += 120
        while time.monotonic() < deadline:
            done = subprocess.run(self.command("sagemaker", describe, request), capture_output=True, text=True)
            if settled(json.loads(done.stdout) if done.returncode == 0 else None):
                break
            time.sleep(1)
        done = subprocess.run([self.binary, "--endpoint-url", self.url, "--region", "us-east-1", "sagemaker", "wait",
                               waiter, "--cli-input-json", json.dumps(request)], capture_output=True, text=True)
        print("wait %s: %.1f s" % (waiter, time.monotonic() - started), file=sys.stderr)
        return "success" if done.returncode == 0 else "waiter error: " + done.stderr.strip()

    def out(self, name):
        return os.path.join(self.workdir, name)


def s3_steps(cli, bucket):
    created = cli.call("s3api", "create-bucket", {"Bucket": bucket})
    put = cli.call("s3api", "put-object", {"Bucket": bucket, "Key": "train/data.csv", "Body": "1\n2\n3\n"})
    listed = cli.call("s3api", "list-objects-v2", {"Bucket": bucket, "Prefix": "train/"}, "--no-paginate")
    got = cli.call("s3api", "get-object", None, "--bucket", bucket, "--key", "train/data.csv", cli.out("got.csv"))
    with open(cli.out("got.csv")) as f:
        body = f.read()
    return {"createBucket": {"Location": created["Location"]},
            "putObject": {"ETag": put["ETag"]},
            "listObjectsV2": {"KeyCount": listed["KeyCount"], "Keys": [o["Key"] for o in listed["Contents"]]},
            "getObject": {"Body": body, "ContentLength": got["ContentLength"]}}


def training_steps(cli, p):
    job = p + "-train"
    created = cli.call("sagemaker", "create-training-job", {
        "TrainingJobName": job, "RoleArn": ROLE,
        "AlgorithmSpecification": {"TrainingImage": TRAIN_IMAGE, "TrainingInputMode": "File",
                                   "MetricDefinitions": [{"Name": "train:loss", "Regex": "loss=([0-9.]+)"}]},
        "InputDataConfig": [{"ChannelName": "train", "DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": "s3://%s-data/train/" % p}}}],
        "OutputDataConfig": {"S3OutputPath": "s3://%s-data/output" % p},
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
        "StoppingCondition": {"MaxRuntimeInSeconds": 600}})
    waited = cli.wait("training-job-completed-or-stopped", {"TrainingJobName": job},
                      lambda d: d is None or d["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"))
    d = cli.call("sagemaker", "describe-training-job", {"TrainingJobName": job})
    return {"create": {"TrainingJobArn": created["TrainingJobArn"]},
            "waiter": waited,
            "describe": {"TrainingJobStatus": d["TrainingJobStatus"],
                         "SecondaryStatus": d["SecondaryStatus"],
                         "SecondaryStatusTransitions": [t["Status"] for t in d["SecondaryStatusTransitions"]],
                         "S3ModelArtifacts": d["ModelArtifacts"]["S3ModelArtifacts"],
                         "FinalMetrics": {m["MetricName"]: m["Value"] for m in d.get("FinalMetricDataList", [])},
                         "InstanceType": d["ResourceConfig"]["InstanceType"],
                         "KmsKeyId": d["OutputDataConfig"]["KmsKeyId"]}}


def log_steps(cli, job):
    streams = cli.call("logs", "describe-log-streams", {"logGroupName": GROUP, "logStreamNamePrefix": job + "/"})
    names = [s["logStreamName"] for s in streams["logStreams"]]
    messages, token = [], None
    for _ in range(100):
        request = {"logGroupName": GROUP, "logStreamName": names[0], "startFromHead": True}
        if token:
            request["nextToken"] = token
        page = cli.call("logs", "get-log-events", request)
        messages.extend(e["message"] for e in page["events"])
        if page["nextForwardToken"] == token:
            break
        token = page["nextForwardToken"]
    return {"logStreamNames": names, "messages": [m for m in messages if m.startswith("mx: ")]}


def hosting_steps(cli, p, artifacts):
    model, config, endpoint = p + "-model", p + "-config", p + "-ep"
    out = {"createModel": cli.call("sagemaker", "create-model", {
        "ModelName": model, "ExecutionRoleArn": ROLE,
        "PrimaryContainer": {"Image": SERVE_IMAGE, "ModelDataUrl": artifacts}})["ModelArn"]}
    out["createEndpointConfig"] = cli.call("sagemaker", "create-endpoint-config", {
        "EndpointConfigName": config, "ProductionVariants": [{
            "VariantName": "AllTraffic", "ModelName": model, "InitialInstanceCount": 1,
            "InstanceType": "ml.m5.large"}]})["EndpointConfigArn"]
    out["createEndpoint"] = cli.call("sagemaker", "create-endpoint", {
        "EndpointName": endpoint, "EndpointConfigName": config})["EndpointArn"]
    out["inServiceWaiter"] = cli.wait("endpoint-in-service", {"EndpointName": endpoint},
                                      lambda d: d is None or d["EndpointStatus"] != "Creating")
    d = cli.call("sagemaker", "describe-endpoint", {"EndpointName": endpoint})
    out["describeEndpoint"] = {"EndpointStatus": d["EndpointStatus"], "EndpointConfigName": d["EndpointConfigName"],
                               "ProductionVariants": [{"VariantName": v["VariantName"],
                                                       "CurrentInstanceCount": v["CurrentInstanceCount"],
                                                       "CurrentWeight": v["CurrentWeight"]}
                                                      for v in d["ProductionVariants"]]}
    r = cli.call("sagemaker-runtime", "invoke-endpoint", None, "--endpoint-name", endpoint, "--content-type",
                 "application/json", "--accept", "application/json", "--body", json.dumps([1, 2]),
                 cli.out("prediction.json"))
    with open(cli.out("prediction.json")) as f:
        out["invoke"] = {"ContentType": r["ContentType"], "InvokedProductionVariant": r["InvokedProductionVariant"],
                         "Body": json.load(f)}
    cli.call("sagemaker", "delete-endpoint", {"EndpointName": endpoint})
    out["deleteEndpoint"] = "ok"
    out["deletedWaiter"] = cli.wait("endpoint-deleted", {"EndpointName": endpoint}, lambda d: d is None)
    out["describeDeleted"] = cli.error("sagemaker", "describe-endpoint", {"EndpointName": endpoint})
    cli.call("sagemaker", "delete-endpoint-config", {"EndpointConfigName": config})
    out["deleteEndpointConfig"] = "ok"
    cli.call("sagemaker", "delete-model", {"ModelName": model})
    out["deleteModel"] = "ok"
    return out


def main():
    binary, p = sys.argv[1:3]
    with tempfile.TemporaryDirectory(prefix="sagebox-cli-") as workdir:
        cli = Cli(binary, workdir)
        transcript = {"s3": s3_steps(cli, p + "-data")}
        transcript["training"] = training_steps(cli, p)
        transcript["logs"] = log_steps(cli, p + "-train")
        transcript["hosting"] = hosting_steps(cli, p, transcript["training"]["describe"]["S3ModelArtifacts"])
        transcript["errors"] = {
            "describeMissingTrainingJob": cli.error("sagemaker", "describe-training-job",
                                                    {"TrainingJobName": p + "-nojob"}),
            "invokeMissingEndpoint": cli.error("sagemaker-runtime", "invoke-endpoint", None, "--endpoint-name",
                                               p + "-noep", "--content-type", "application/json", "--body", "[1]",
                                               cli.out("missing.json")),
            "getMissingObject": cli.error("s3api", "get-object", None, "--bucket", p + "-data", "--key",
                                          "train/missing.csv", cli.out("missing.csv")),
        }
    print(json.dumps(transcript, sort_keys=True))


if __name__ == "__main__":
    main()
