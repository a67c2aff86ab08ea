"""TensorFlow SavedModels served as the SageMaker TensorFlow Serving container serves them, without the C++ server:
the container's request rewriting (sagemaker-tensorflow-serving-container tensorflowServing.js, tfs_utils.py) in
front of TF Serving's REST predict, classify and regress formats, with tensorflow loading each model in process.

Layout: <model>/<name>/<digits>/saved_model.pb (every version is loaded; the newest answers unless the custom
attribute tfs-model-version names another), <model>/<digits>/saved_model.pb, or saved_model.pb directly in <model>;
the last two are served as one model.

A code/inference.py defining handler(data, context), or input_handler and output_handler, and no model_fn, wraps
each invocation as the container's python_service.py does. TF Serving's own REST routes
(POST /v1/models/<name>[/versions/<v>]:<method>, GET /v1/models/<name>) answer on the same port, so a handler that
posts to context.rest_uri itself reaches the model.
"""
import collections
import io
import json
import os
import re
import traceback

import sagebox_tfs_json as tfs_json
from sagebox_http import Response

ACCEPTED_TYPES = ("application/json", "application/jsonlines", "application/jsons", "text/csv")
TFS_JSON = re.compile(r'"(instances|inputs|examples)"\s*:')
JSON_LINES = re.compile(r"[}\]]\s*[\[{]")
LIST_OF_LISTS = re.compile(r"^\s*\[\s*\[")
CSV_NEEDS_NO_QUOTES = re.compile(r'^\s*("|[\d.Ee+\-]+)')
TFS_ATTRIBUTE = re.compile(r"(tfs-[a-z\-]+=[^,]+)")
REST_ROUTE = re.compile(r"^/v1/models/([^/:]+)(?:/versions/(\d+))?(?::(\w+))?$")
HandlerContext = collections.namedtuple(
    "Context", "model_name, model_version, method, rest_uri, grpc_port, custom_attributes, request_content_type, "
               "accept_header, content_length")
DEFAULT_SIGNATURE = "serving_default"


class TfsError(Exception):
    """An error TF Serving reports as {"error": message} with this status."""

    def __init__(self, status, message):
        super(TfsError, self).__init__(message)
        self.status, self.message = status, message


def find_saved_models(model_dir):
    """{name: {version: path}} as the container's find_models sees them, plus a bare saved_model.pb at the top."""
    models = {}
    if not os.path.isdir(model_dir):
        return models
    for root, dirs, files in os.walk(model_dir):
        dirs.sort()
        if root == model_dir and "code" in dirs:
            dirs.remove("code")
        if "saved_model.pb" not in files:
            continue
        if os.path.normpath(root) == os.path.normpath(model_dir):
            name = os.environ.get("SAGEMAKER_TFS_DEFAULT_MODEL_NAME") or "model"
            models.setdefault(name, {})[1] = root
            continue
        version = os.path.basename(root)
        parent = os.path.dirname(root)
        if not version.isdigit():
            continue
        if os.path.normpath(parent) == os.path.normpath(model_dir):
            # <model>/<digits>/saved_model.pb: what the TensorFlow estimator's scripts export (SM_MODEL_DIR/1),
            # served by the container as one model.
            name = os.environ.get("SAGEMAKER_TFS_DEFAULT_MODEL_NAME") or "model"
        else:
            name = os.path.basename(parent)
        models.setdefault(name, {})[int(version)] = root
    return models


class TfServingApp(object):
    """Loads every version of every model at start, as TF Serving does with the container's model config."""

    def __init__(self, settings, log, models, module=None):
        self.settings, self.log = settings, log
        self.handler = _handler_of(module) if module is not None else None
        import numpy
        import tensorflow as tf
        tfs_json.tf, tfs_json.np = tf, numpy
        self.tf = tf
        self.models = {}
        for name, versions in sorted(models.items()):
            self.models[name] = {}
            for version, path in sorted(versions.items()):
                log.info("Loading TensorFlow model %s version %d from %s", name, version, path)
                self.models[name][version] = tf.saved_model.load(path)
        default = os.environ.get("SAGEMAKER_TFS_DEFAULT_MODEL_NAME")
        self.default_model = default if default else (next(iter(self.models)) if len(self.models) == 1 else None)

    def describe(self):
        return "TensorFlow Serving formats%s for %s" % (
            " behind inference.py handlers" if self.handler else "",
            ", ".join("%s (versions %s)" % (n, ", ".join(str(v) for v in sorted(vs))) for n, vs in self.models.items()))

    def invoke(self, headers, body):
        if self.handler is not None:
            return self._invoke_handler(headers, body)
        content_type = headers.get("content-type") or "application/json"
        if content_type not in ACCEPTED_TYPES:
            return _error(415, "Unsupported Media Type: " + content_type)
        attributes = _tfs_attributes(headers.get("x-amzn-sagemaker-custom-attributes"))
        try:
            text = body.decode("utf-8")
            request = _csv_request(text) if content_type == "text/csv" else _json_request(text)
            model = self._model(attributes)
            method = attributes.get("tfs-method", "predict")
            result = tfs_json.run(model, method, request)
        except TfsError as e:
            return _error(e.status, e.message)
        except UnicodeDecodeError as e:
            return _error(400, "JSON Parse error: the body is not UTF-8 (%s)" % e)
        except Exception as e:  # noqa: TF raises many kinds for bad input; TF Serving answers them as 400
            return _error(400, _tf_message(e))
        return Response(200, json.dumps(result, separators=(",", ":")).encode("utf-8"),
                        _response_type(headers.get("accept")))

    def rest(self, method, path, body):
        """TF Serving's REST API: POST /v1/models/<name>[/versions/<v>]:<method>; GET /v1/models/<name> (status)."""
        match = REST_ROUTE.match(path)
        if match is None:
            return _error(404, "Malformed request: %s %s" % (method, path))
        name, version, verb = match.groups()
        attributes = {"tfs-model-name": name}
        if version:
            attributes["tfs-model-version"] = version
        try:
            model = self._model(attributes)
            if method == "GET" and verb is None:
                versions = [version] if version else sorted(self.models[name], reverse=True)
                return Response(200, json.dumps({"model_version_status": [
                    {"version": str(v), "state": "AVAILABLE", "status": {"error_code": "OK", "error_message": ""}}
                    for v in versions]}).encode("utf-8"), "application/json")
            if method != "POST" or verb is None:
                return _error(405, "Malformed request: %s %s" % (method, path))
            result = tfs_json.run(model, verb, _loads(body.decode("utf-8")))
        except TfsError as e:
            return _error(e.status, e.message)
        except Exception as e:  # noqa: as in invoke
            return _error(400, _tf_message(e))
        return Response(200, json.dumps(result, separators=(",", ":")).encode("utf-8"), "application/json")

    def _invoke_handler(self, headers, body):
        """python_service.py: the handler gets the body as a stream and the request's context, and returns
        (body, content type); any exception is a 500 with {"error": str(e)}."""
        attributes = _tfs_attributes(headers.get("x-amzn-sagemaker-custom-attributes"))
        name = attributes.get("tfs-model-name")
        uri = "http://127.0.0.1:%d/v1/models/%s" % (self.settings.port, name or self.default_model)
        if attributes.get("tfs-model-version"):
            uri += "/versions/" + attributes["tfs-model-version"]
        uri += ":" + attributes.get("tfs-method", "predict")
        context = HandlerContext(name, attributes.get("tfs-model-version"), attributes.get("tfs-method"), uri, None,
                                 headers.get("x-amzn-sagemaker-custom-attributes"),
                                 headers.get("content-type") or "application/json",
                                 headers.get("accept") or "application/json", len(body))
        try:
            result, content_type = self.handler(self, io.BytesIO(body), context)
        except Exception as e:  # noqa: python_service.py answers every handler failure this way
            self.log.error("exception handling request: %s\n%s", e, traceback.format_exc().rstrip())
            return Response(500, json.dumps({"error": str(e)}).encode("utf-8"), "application/json")
        data = result.encode("utf-8") if isinstance(result, str) else bytes(result or b"")
        return Response(200, data, content_type)

    def predict_for_handler(self, uri, data):
        """What requests.post(context.rest_uri, data=...) returns in the container, without the HTTP hop."""
        path = uri.split("/", 3)[3] if uri.count("/") >= 3 else uri
        body = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        response = self.rest("POST", "/" + path, body)
        return TfsResponse(response.status, response.body)

    def _model(self, attributes):
        name = attributes.get("tfs-model-name") or self.default_model
        version = attributes.get("tfs-model-version")
        versions = self.models.get(name)
        if version is not None:
            number = int(version) if version.isdigit() else None
            if versions is None or number not in versions:
                raise TfsError(404, "Servable not found for request: Specific(%s, %s)" % (name, version))
            return versions[number]
        if not versions:
            raise TfsError(404, "Servable not found for request: Latest(%s)" % (name or "None"))
        return versions[max(versions)]


class TfsResponse(object):
    """The parts of a requests.Response that output_handler functions read."""

    def __init__(self, status_code, content):
        self.status_code, self.content = status_code, content
        self.headers = {"Content-Type": "application/json"}
        self.ok = status_code < 400
        self.reason = "OK" if self.ok else "Error"

    @property
    def text(self):
        return self.content.decode("utf-8")

    def json(self):
        return json.loads(self.content)

    def raise_for_status(self):
        if not self.ok:
            raise RuntimeError("%d Error: %s" % (self.status_code, self.text))


def _handler_of(module):
    """python_service._import_handlers and _make_handler: handler wins; else input_handler and output_handler."""
    handler = getattr(module, "handler", None)
    if handler is not None:
        return lambda app, data, context: handler(data, context)
    input_handler, output_handler = getattr(module, "input_handler", None), getattr(module, "output_handler", None)
    if input_handler is None or output_handler is None:
        raise NotImplementedError("Handlers are not implemented correctly in user script.")

    def pipeline(app, data, context):
        processed = input_handler(data, context)
        return output_handler(app.predict_for_handler(context.rest_uri, processed), context)
    return pipeline


def is_handler_module(module):
    """A module written for the TF Serving container rather than for the inference toolkit."""
    return getattr(module, "model_fn", None) is None and (
        getattr(module, "handler", None) is not None or getattr(module, "input_handler", None) is not None
        or getattr(module, "output_handler", None) is not None)


def _tfs_attributes(header):
    attributes = {}
    if header:
        for pair in TFS_ATTRIBUTE.findall(header):
            parts = pair.split("=")
            if len(parts) == 2:
                attributes[parts[0]] = parts[1]
    return attributes


def _json_request(text):
    """tensorflowServing.js json_request: TF Serving JSON passes through; JSON Lines become one instance per line;
    any other JSON x becomes {"instances": [x]}, or {"instances": x} when it starts as a list of lists."""
    if TFS_JSON.search(text):
        return _loads(text)
    if JSON_LINES.search(text):
        return {"instances": [_loads(line) for line in text.strip().splitlines() if line.strip()]}
    value = _loads(text)
    return {"instances": value if LIST_OF_LISTS.match(text) else [value]}


def _csv_request(text):
    """tensorflowServing.js csv_request: one instance per line; a line of several fields is a list; fields stay
    numbers when the body starts with a number or a quote, and are strings otherwise."""
    quoted = not CSV_NEEDS_NO_QUOTES.match(text)
    instances = []
    for line in text.strip().splitlines():
        line = line.strip()
        if not line:
            continue
        fields = line.split(",")
        if quoted:
            values = fields
        else:
            values = [_loads(field) for field in fields]
        instances.append(values if len(fields) > 1 else values[0])
    return {"instances": instances}


def _loads(text):
    try:
        return json.loads(text)
    except ValueError as e:
        raise TfsError(400, "JSON Parse error: %s" % e)


def _response_type(accept):
    """tfs_json_request: an Accept naming application/json or application/jsonlines makes its first type the
    response's Content-Type; otherwise TF Serving's application/json stands."""
    if accept:
        types = accept.strip().replace(" ", "").split(",")
        if "application/jsonlines" in types or "application/json" in types:
            return types[0]
    return "application/json"


def _tf_message(error):
    """TF's eager errors open with "Graph execution error:" and a stack; TF Serving reports the op's own line."""
    lines = [line.strip() for line in (getattr(error, "message", None) or str(error)).splitlines() if line.strip()]
    useful = [line for line in lines if not line.startswith(("[[", "File ", "Detected at node", "Graph execution"))
              and not line.endswith(":")]
    return useful[-1] if useful else (lines[0] if lines else type(error).__name__)


def _error(status, message):
    return Response(status, json.dumps({"error": message}).encode("utf-8"), "application/json")

