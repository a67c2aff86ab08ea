#!/usr/bin/env python3
# A serving container for the Docker hosting tests: honours SAGEMAKER_BIND_TO_PORT (else 8080), multiplies JSON
# numbers by the factor in /opt/ml/model/factor, answers 400 to "bad", and reports whether the model dir is writable.
import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

if os.environ.get("SERVE_MODE") == "crash":
    print("serve: cannot load the model, giving up", flush=True)
    sys.exit(3)

try:
    with open("/opt/ml/model/probe", "w") as probe:
        probe.write("x")
    WRITABLE = "writable"
except OSError as e:
    WRITABLE = "read-only: " + e.strerror
print("serve: model dir is " + WRITABLE, flush=True)
FACTOR = float(open("/opt/ml/model/factor").read().strip())


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, status, body, ctype="application/json"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/ping":
            self.reply(200, "{}")
        elif self.path == "/model-dir":
            self.reply(200, WRITABLE, "text/plain")
        else:
            self.reply(404, "no such route", "text/plain")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
        if self.path != "/invocations":
            self.reply(404, "no such route", "text/plain")
        elif body == "model-dir":
            self.reply(200, json.dumps({"model_dir": WRITABLE, "host": os.environ.get("HOSTNAME", "")}))
        elif body.strip() == "bad":
            self.reply(400, "bad input: expected a JSON list", "text/plain")
        else:
            self.reply(200, json.dumps([x * FACTOR for x in json.loads(body)]))

    def log_message(self, *args):
        pass


# As PID 1 a program without a SIGTERM handler ignores the signal, and the stop would wait out its grace.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
port = int(os.environ.get("SAGEMAKER_BIND_TO_PORT", "8080"))
print("serve: listening on %d" % port, flush=True)
ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()
