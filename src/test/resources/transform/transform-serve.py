#!/usr/bin/env python3
# A serving container for the transform tests, run as a BYO "serve" program (process runtime) or as a Docker image.
#   text/csv: each line of integers becomes its sum; a field "fail" answers 500; a payload over
#             SAGEMAKER_MAX_PAYLOAD_IN_MB or not ending in a newline answers 413 or 400.
#   EXPECT_FIELDS=n: a CSV line with another number of fields answers 400 (InputFilter checks).
#   CSV_SCALE=n: each CSV sum is multiplied by n (the second stage of an inference pipeline).
#   application/jsonlines: each JSON line {"features": [...]} becomes its sum.
#   anything else (binary): the body reversed.
#   SLEEP_MS: each request takes that long; every new peak of requests in flight is printed ("peak in flight: n").
#   EXEC_PARAMS: the body of GET /execution-parameters (404 without it).
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {"in_flight": 0, "peak": 0}
SLEEP = int(os.environ.get("SLEEP_MS", "0")) / 1000.0
LIMIT = int(os.environ.get("SAGEMAKER_MAX_PAYLOAD_IN_MB", "6")) * 1048576
EXPECT_FIELDS = int(os.environ.get("EXPECT_FIELDS", "0"))
CSV_SCALE = int(os.environ.get("CSV_SCALE", "1"))
print("transform-serve: batch=%s strategy=%s payload=%s concurrency=%s" % (
    os.environ.get("SAGEMAKER_BATCH"), os.environ.get("SAGEMAKER_BATCH_STRATEGY"),
    os.environ.get("SAGEMAKER_MAX_PAYLOAD_IN_MB"), os.environ.get("SAGEMAKER_MAX_CONCURRENT_TRANSFORMS")), flush=True)


def csv_sums(body):
    out = []
    for line in body.decode().splitlines():
        fields = line.split(",")
        if "fail" in fields:
            raise ValueError("cannot transform the record " + line)
        if EXPECT_FIELDS and len(fields) != EXPECT_FIELDS:
            raise LookupError("expected %d fields, got %r" % (EXPECT_FIELDS, line))
        out.append(str(sum(int(f) for f in fields) * CSV_SCALE))
    return ("\n".join(out) + "\n").encode()


def jsonl_sums(body):
    return "".join(json.dumps(sum(json.loads(l)["features"])) + "\n" for l in body.decode().splitlines()).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, status, body, ctype="text/plain"):
        head = "HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n" % (status, ctype, len(body))
        self.wfile.write(head.encode() + body)

    def do_GET(self):
        if self.path == "/ping":
            self.reply(200, b"")
        elif self.path == "/execution-parameters" and os.environ.get("EXEC_PARAMS"):
            self.reply(200, os.environ["EXEC_PARAMS"].encode(), "application/json")
        else:
            self.reply(404, b"no such route")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with LOCK:
            STATE["in_flight"] += 1
            if STATE["in_flight"] > STATE["peak"]:
                STATE["peak"] = STATE["in_flight"]
                print("peak in flight: %d" % STATE["peak"], flush=True)
        try:
            time.sleep(SLEEP)
            ctype = self.headers.get("Content-Type", "")
            if len(body) > LIMIT:
                self.reply(413, b"payload of %d bytes is over the limit" % len(body))
            elif ctype == "text/csv":
                if not body.endswith(b"\n"):
                    self.reply(400, b"a batch must end at a line end")
                else:
                    self.reply(200, csv_sums(body), "text/csv")
            elif ctype == "application/jsonlines":
                self.reply(200, jsonl_sums(body), "application/jsonlines")
            else:
                self.reply(200, body[::-1], "application/octet-stream")
        except ValueError as e:
            print("failed: %s" % e, flush=True)
            self.reply(500, str(e).encode())
        except LookupError as e:
            self.reply(400, str(e).encode())
        finally:
            with LOCK:
                STATE["in_flight"] -= 1

    def log_message(self, *args):
        pass


signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("SAGEMAKER_BIND_TO_PORT", "8080"))), Handler).serve_forever()
