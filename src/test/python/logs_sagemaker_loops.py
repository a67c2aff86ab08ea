"""Reads a training job's logs with the loops of the SageMaker Python SDK (v2) and prints each event.

session.py _flush_log_streams repeats DescribeLogStreams *without* the token while nextToken is present, and
logs.py log_stream() stops on an empty page after reading nextForwardToken unconditionally. Both loop forever
against a server that breaks the token rules, so each loop here is bounded and fails loudly instead.

Usage: logs_sagemaker_loops.py <log group> <job name> <instance count>
Prints "<stream> <message>" per event, then "streams=<n>" and "missing-group=ok" checks.
"""
import os
import sys

import boto3
from botocore.exceptions import ClientError

MAX_CALLS = 200


def describe_streams(client, log_group, job_name, instance_count):
    """sagemaker/session.py _flush_log_streams, with a bound on the calls."""
    streams = client.describe_log_streams(
        logGroupName=log_group,
        logStreamNamePrefix=job_name + "/",
        orderBy="LogStreamName",
        limit=min(instance_count, 50),
    )
    stream_names = [s["logStreamName"] for s in streams["logStreams"]]
    calls = 1
    while "nextToken" in streams:
        calls += 1
        if calls > MAX_CALLS:
            sys.exit("describe_log_streams kept returning nextToken")
        streams = client.describe_log_streams(
            logGroupName=log_group,
            logStreamNamePrefix=job_name + "/",
            orderBy="LogStreamName",
            limit=50,
        )
        stream_names.extend([s["logStreamName"] for s in streams["logStreams"]])
    return sorted(set(stream_names))


def log_stream(client, log_group, stream_name, start_time=0, skip=0):
    """sagemaker/logs.py log_stream, with a bound on the calls."""
    next_token = None
    event_count = 1
    calls = 0
    while event_count > 0:
        calls += 1
        if calls > MAX_CALLS:
            sys.exit("get_log_events never returned an empty page")
        token_arg = {"nextToken": next_token} if next_token is not None else {}
        response = client.get_log_events(
            logGroupName=log_group,
            logStreamName=stream_name,
            startTime=start_time,
            startFromHead=True,
            limit=3,
            **token_arg,
        )
        next_token = response["nextForwardToken"]
        events = response["events"]
        event_count = len(events)
        if event_count > skip:
            events = events[skip:]
            skip = 0
        else:
            skip = skip - event_count
            events = []
        for ev in events:
            yield ev


def main():
    log_group, job_name, instance_count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    # Explicit, because botocore before 1.31 (Debian's boto3 1.26) ignores AWS_ENDPOINT_URL.
    client = boto3.client("logs", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
    names = describe_streams(client, log_group, job_name, instance_count)
    for name in names:
        for event in log_stream(client, log_group, name):
            print(name, event["message"])
    print("streams=%d" % len(names))
    try:
        client.describe_log_streams(logGroupName=log_group + "-missing", logStreamNamePrefix=job_name + "/")
        print("missing-group=no error")
    except ClientError as e:
        # The SDK swallows exactly this code while a job has not logged yet.
        print("missing-group=" + ("ok" if e.response["Error"]["Code"] == "ResourceNotFoundException" else str(e)))


if __name__ == "__main__":
    main()
