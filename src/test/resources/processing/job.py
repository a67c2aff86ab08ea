"""A stdlib-only processing script for Sagebox's tests; argv picks the scenario.

Directories come as arguments (Sagebox rewrites /opt/ml in arguments where the process runtime has no sandbox);
the config dir is found through SAGEBOX_OPT_ML there, and is /opt/ml/config everywhere else.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request

ROOT = os.environ.get("SAGEBOX_OPT_ML", "/opt/ml")


def config(name):
    with open(os.path.join(ROOT, "config", name)) as f:
        return json.load(f)


def files(directory):
    found = []
    for base, _, names in os.walk(directory):
        found += [os.path.relpath(os.path.join(base, n), directory) for n in names]
    return sorted(found)


def shards(sharded, replicated, out):
    resources = config("resourceconfig.json")
    job = config("processingjobconfig.json")
    seen = {"host": resources["current_host"], "hosts": resources["hosts"], "sharded": files(sharded),
            "replicated": files(replicated), "arn": job["ProcessingJobArn"], "name": os.environ["PROCESSING_JOB_NAME"],
            "inputs": [i["InputName"] for i in job["ProcessingInputs"]]}
    print("host %s saw %d sharded files" % (seen["host"], len(seen["sharded"])), flush=True)
    with open(os.path.join(out, seen["host"] + ".json"), "w") as f:
        json.dump(seen, f)


def object_exists(bucket, key):
    url = os.environ["AWS_ENDPOINT_URL"].rstrip("/") + "/" + bucket + "/" + key
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=5):
            return True
    except urllib.error.HTTPError:
        return False


def continuous(out, bucket, marker):
    with open(os.path.join(out, "part-1.txt"), "w") as f:
        f.write("first part\n")
    print("wrote part-1; waiting for s3://%s/%s" % (bucket, marker), flush=True)
    deadline = time.time() + 120
    while not object_exists(bucket, marker):
        if time.time() > deadline:
            sys.exit("the marker never appeared")
        time.sleep(0.1)
    with open(os.path.join(out, "part-2.txt"), "w") as f:
        f.write("second part\n")
    print("wrote part-2", flush=True)


def fail(message, code):
    with open(os.path.join(ROOT, "output", "message"), "w") as f:
        f.write(message)
    print("failing on purpose", flush=True)
    sys.exit(int(code))


def wait(out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "early.txt"), "w") as f:
        f.write("written before the stop\n")
    print("waiting to be stopped", flush=True)
    deadline = time.time() + 300
    while time.time() < deadline:
        time.sleep(0.2)


def touch_input(path):
    try:
        with open(path, "w") as f:  # truncates: what a script rewriting its input does
            f.write("changed\n")
    except OSError as e:
        with open(os.path.join(ROOT, "output", "message"), "w") as f:
            f.write("input is read-only: " + e.strerror)
        return
    print("wrote into the input", flush=True)


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    {"shards": shards, "continuous": continuous, "fail": fail, "wait": wait, "touch-input": touch_input}[mode](*args)
