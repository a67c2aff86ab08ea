"""Serves one SageMaker endpoint instance as a host process, the way a framework serving container does.

Routes: GET /ping (200 once the model is loaded, 503 before), POST /invocations, and GET /execution-parameters
(404 unless SAGEBOX_EXECUTION_PARAMETERS holds its JSON). A model directory with code/<SAGEMAKER_PROGRAM> is served
as the SageMaker inference toolkit serves it (sagebox_inference); one holding TensorFlow SavedModels and no handler
module is served with TensorFlow Serving's REST formats (sagebox_tfs). Standard library only, Python 3.8+; numpy and
tensorflow are imported once at load time when the model needs them.

Variables read: SAGEMAKER_BASE_DIR (/opt/ml), SAGEMAKER_BIND_TO_PORT (8080), SAGEMAKER_PROGRAM (inference.py),
SAGEMAKER_SUBMIT_DIRECTORY, SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT (application/json), SAGEMAKER_MODEL_SERVER_WORKERS
(CPU count), SAGEMAKER_MAX_PAYLOAD_IN_MB (no limit), SAGEMAKER_CONTAINER_LOG_LEVEL, SAGEMAKER_TFS_DEFAULT_MODEL_NAME,
and Sagebox's own SAGEBOX_BIND_ADDRESS (0.0.0.0), SAGEBOX_VENV_CACHE, SAGEBOX_EXECUTION_PARAMETERS.
"""
import os
import signal
import socket
import socketserver
import sys
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sagebox_http import HttpConnection, Response  # noqa: E402 (our own directory first)

GRACE_SECONDS = 1.0  # for requests in flight at SIGTERM; the hoster waits 30 s before SIGKILL


class Settings(object):
    """The serving environment, read once at start (inference toolkit environment.py and parameters.py)."""

    def __init__(self, env):
        self.base_dir = env.get("SAGEMAKER_BASE_DIR") or "/opt/ml"
        self.model_dir = os.path.join(self.base_dir, "model")
        self.port = int(env.get("SAGEMAKER_BIND_TO_PORT") or 8080)
        self.address = env.get("SAGEBOX_BIND_ADDRESS") or "0.0.0.0"
        self.program = env.get("SAGEMAKER_PROGRAM") or "inference.py"
        self.default_accept = env.get("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT") or "application/json"
        self.workers = _positive_int(env.get("SAGEMAKER_MODEL_SERVER_WORKERS")) or os.cpu_count() or 1
        payload_mb = _positive_int(env.get("SAGEMAKER_MAX_PAYLOAD_IN_MB"))
        self.max_payload = payload_mb * 1024 * 1024 if payload_mb else None
        self.execution_parameters = env.get("SAGEBOX_EXECUTION_PARAMETERS") or None
        self.venv_cache = env.get("SAGEBOX_VENV_CACHE") or None
        self.code_dir = self._code_dir(env.get("SAGEMAKER_SUBMIT_DIRECTORY") or "")

    def _code_dir(self, submit):
        """SAGEMAKER_SUBMIT_DIRECTORY when it names a local directory, else <model>/code. A cloud path such as
        /opt/ml/code is read under SAGEMAKER_BASE_DIR, where the process runtime puts the tree."""
        default = os.path.join(self.model_dir, "code")
        path = submit[len("file://"):] if submit.startswith("file://") else submit
        if not path or "://" in path:
            return default
        if not os.path.isdir(path) and path.startswith("/opt/ml/") and self.base_dir != "/opt/ml":
            path = os.path.join(self.base_dir, path[len("/opt/ml/"):])
        return path if os.path.isdir(path) else default


def _positive_int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


class Log(object):
    """One line per event on stdout (the hoster ships it to CloudWatch Logs); one write call per line.
    SAGEMAKER_CONTAINER_LOG_LEVEL above 20 (logging.INFO) keeps only errors, as the toolkit's logger level does."""

    def __init__(self, stream, level=20):
        self.stream = stream
        self.quiet = level > 20

    def info(self, message, *args):
        if not self.quiet:
            self._write("INFO", message % args if args else message)

    def error(self, message, *args):
        self._write("ERROR", message % args if args else message)

    def _write(self, level, text):
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
        try:
            self.stream.write("%s %s sagebox-serve %s\n" % (stamp, level, text))
        except (OSError, ValueError):
            pass


class ModelServer(socketserver.ThreadingTCPServer):
    """Routes requests to the loaded model; each keep-alive connection gets its own thread."""
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, settings, log):
        self.settings, self.log = settings, log
        self.app = None
        self.stopping = False
        self.active = 0
        self.active_lock = threading.Lock()
        family = socket.AF_INET6 if ":" in settings.address else socket.AF_INET
        self.address_family = family
        socketserver.ThreadingTCPServer.__init__(self, (settings.address, settings.port), HttpConnection)

    def route(self, method, path, headers, body):
        if path == b"/invocations":
            if method != b"POST":
                return Response(405, b"use POST\n")
            app = self.app
            if app is None:
                return Response(503, b"the model is not loaded yet\n")
            return app.invoke(headers, body)
        if path == b"/ping":
            if method not in (b"GET", b"POST"):
                return Response(405, b"use GET\n")
            return Response(200, b'{"status": "Healthy"}\n', "application/json") if self.app is not None \
                else Response(503, b'{"status": "Unhealthy"}\n', "application/json")
        if path.startswith(b"/v1/models/") and hasattr(self.app, "rest"):
            return self.app.rest(method.decode("latin-1"), path.decode("latin-1"), body)
        if path == b"/execution-parameters" and self.settings.execution_parameters:
            if method != b"GET":
                return Response(405, b"use GET\n")
            return Response(200, self.settings.execution_parameters.encode("utf-8"), "application/json")
        return Response(404, b"not found\n")


def load_app(settings, log):
    """Picks the serving mode from the model directory and loads the model (main thread, as the toolkit does)."""
    import sagebox_inference
    import sagebox_tfs
    app = sagebox_inference.ToolkitApp(settings, log)
    module = app.import_user_module()
    models = sagebox_tfs.find_saved_models(settings.model_dir)
    if models and (module is None or sagebox_tfs.is_handler_module(module)):
        return sagebox_tfs.TfServingApp(settings, log, models, module)
    app.load(module)
    return app


def main():
    log = Log(sys.stdout, _positive_int(os.environ.get("SAGEMAKER_CONTAINER_LOG_LEVEL")) or 20)
    if sys.version_info < (3, 8):
        sys.stderr.write("sagebox-serve needs Python 3.8 or later; %s is %s\n" % (sys.executable, sys.version))
        return 1
    settings = Settings(os.environ)
    try:
        server = ModelServer(settings, log)
    except OSError as e:
        sys.stderr.write("sagebox-serve cannot listen on %s:%d: %s\n" % (settings.address, settings.port, e))
        return 1
    state = {"loading": True}

    def stop(signum, frame):
        server.stopping = True
        if state["loading"]:
            _exit(server, log, 128 + signum, "Stopped by signal %d while loading the model" % signum)
        stopped.set()

    stopped = threading.Event()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="http")
    serving.daemon = True
    serving.start()
    log.info("Listening on %s:%d; loading the model from %s", settings.address, server.server_address[1],
             settings.model_dir)
    try:
        app = load_app(settings, log)
    except BaseException as e:  # noqa: any failure to load is fatal and must be explained
        sys.stderr.write("sagebox-serve: the model failed to load: %s: %s\n%s"
                         % (type(e).__name__, e, traceback.format_exc()))
        log.error("Model load failed (%s: %s); exiting with code 1", type(e).__name__, e)
        _exit(server, log, 1, None)
    server.app = app
    state["loading"] = False
    log.info("Model loaded; serving %s", app.describe())
    while not stopped.wait(1.0):
        pass
    _exit(server, log, 0, "Stopped by signal; shutting down")


def _exit(server, log, code, message):
    """Stops listening, gives requests in flight a moment, and leaves without running framework atexit hooks,
    which can take seconds (TensorFlow) where a stopping endpoint must go within a second or two."""
    if message:
        log.info("%s", message)
    try:
        server.socket.close()
    except OSError:
        pass
    deadline = time.monotonic() + GRACE_SECONDS
    while server.active and time.monotonic() < deadline:
        time.sleep(0.02)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
