"""The SageMaker inference toolkit's handler contract (sagemaker_inference transformer.py and
default_inference_handler.py), as framework containers run it under MMS or TorchServe.

The user module <code>/<SAGEMAKER_PROGRAM> may define model_fn, input_fn, predict_fn and output_fn, or transform_fn
(never mixed with the other three), plus pre_model_fn and model_warmup_fn hooks; each may take one extra `context`
argument. Everything per request is resolved at load time so that the invoke path does no inspection or imports.
"""
import hashlib
import importlib
import inspect
import json
import os
import sys
import threading
import traceback

import sagebox_codecs as codecs
from sagebox_codecs import UnsupportedFormatError
from sagebox_http import Response

ANY = "*/*"
UTF8_TYPES = (codecs.JSON, codecs.CSV)
CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes"
MODEL_FN_MISSING = ("\nPlease provide a model_fn implementation.\n"
                    "See documentation for model_fn at https://sagemaker.readthedocs.io/en/stable/\n")
PREDICT_FN_MISSING = ("\nPlease provide a predict_fn implementation.\n"
                      "See documentation for predict_fn at https://sagemaker.readthedocs.io/en/stable/\n")


class RequestProcessor(object):
    """MMS's per-request view: request headers in, response headers out."""

    def __init__(self, headers):
        self._headers = headers
        self.response_headers = {}
        self.status = None

    def get_request_property(self, key):
        return self._headers.get(key.lower())

    def get_request_properties(self):
        return self._headers

    def add_response_property(self, key, value):
        self.response_headers[key] = value

    def get_response_headers(self):
        return self.response_headers

    def report_status(self, code, reason=None):
        self.status = (code, reason)


class Context(object):
    """The `context` argument handlers receive, with the MMS/TorchServe methods handlers call: request headers
    (X-Amzn-SageMaker-Custom-Attributes among them) and response headers, content type and status."""

    def __init__(self, model_dir, headers, request_id=None):
        self.system_properties = {"model_dir": model_dir, "gpu_id": None, "batch_size": 1,
                                  "server_name": "MMS", "server_version": "sagebox"}
        self.model_name = "model"
        self.metrics = None
        self.request_ids = {0: request_id} if request_id else {}
        self.request_processor = [RequestProcessor(headers)]
        self.custom_attributes = headers.get(CUSTOM_ATTRIBUTES.lower())
        self._content_type = None

    def get_request_id(self, idx=0):
        return self.request_ids.get(idx)

    def get_request_header(self, idx, key):
        return self.request_processor[idx].get_request_property(key)

    def get_all_request_header(self, idx):
        return self.request_processor[idx].get_request_properties()

    def set_response_header(self, idx, key, value):
        self.request_processor[idx].add_response_property(key, value)

    def set_response_content_type(self, idx, value):
        self._content_type = value

    def get_response_content_type(self, idx=0):
        return self._content_type

    def set_response_status(self, code=200, phrase="", idx=0):
        self.request_processor[idx].report_status(code, phrase)

    def get_response_status(self, idx=0):
        return self.request_processor[idx].status


def _caller(function, arity):
    """transformer._run_handler_function, decided once: call with arity arguments, or arity + context."""
    try:
        count = len(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        count = arity
    name = getattr(function, "__name__", repr(function))
    if count == arity:
        return lambda context, *args: function(*args)
    if count == arity + 1:
        return lambda context, *args: function(*(args + (context,)))

    def wrong(context, *args):
        raise TypeError("{} takes {} arguments but {} were given.".format(name, count, arity))
    return wrong


def _default_model_fn(model_dir):
    raise NotImplementedError(MODEL_FN_MISSING)


def _default_predict_fn(data, model):
    raise NotImplementedError(PREDICT_FN_MISSING)


def _default_input_fn(input_data, content_type):
    return codecs.decode(input_data, content_type)


def _default_output_fn(prediction, accept):
    for content_type in accept.replace(" ", "").split(","):
        if content_type in codecs.ENCODABLE:
            return codecs.encode(prediction, content_type), content_type
    raise UnsupportedFormatError(accept)


class ToolkitApp(object):
    """Loads the user module and model once; invoke() serves one request."""

    def __init__(self, settings, log):
        self.settings, self.log = settings, log
        self.model = None
        self.module_name = None
        self.slots = threading.BoundedSemaphore(settings.workers)

    def describe(self):
        return "inference toolkit handlers from %s, %d at a time (SAGEMAKER_MODEL_SERVER_WORKERS)" % (
            self.module_name or "the default handler", self.settings.workers)

    def load(self, module):
        """Resolves the handlers of module (None: the defaults) and loads the model as transformer.py does."""
        settings = self.settings
        get = (lambda name: getattr(module, name, None)) if module is not None else (lambda name: None)
        transform_fn, input_fn, predict_fn, output_fn = (get("transform_fn"), get("input_fn"), get("predict_fn"),
                                                         get("output_fn"))
        if transform_fn and (input_fn or predict_fn or output_fn):
            raise ValueError("Cannot use transform_fn implementation in conjunction with input_fn, predict_fn, "
                             "and/or output_fn implementation")
        if not transform_fn and (input_fn is None or output_fn is None):
            codecs.load_numpy(self.log)  # once, here: the default codecs need it
        self._input = _caller(input_fn or _default_input_fn, 2)
        self._predict = _caller(predict_fn or _default_predict_fn, 2)
        self._output = _caller(output_fn or _default_output_fn, 2)
        self._transform = _caller(transform_fn, 4) if transform_fn else self._default_transform
        load_context = Context(settings.model_dir, {})
        pre_model_fn, model_warmup_fn = get("pre_model_fn"), get("model_warmup_fn")
        if pre_model_fn is not None:
            _caller(pre_model_fn, 1)(load_context, settings.model_dir)
        self.model = _caller(get("model_fn") or _default_model_fn, 1)(load_context, settings.model_dir)
        if model_warmup_fn is not None:
            _caller(model_warmup_fn, 2)(load_context, settings.model_dir, self.model)

    def import_user_module(self):
        """Installs code/requirements.txt and imports the handler module; None when there is none."""
        settings = self.settings
        name = settings.program[:-3] if settings.program.endswith(".py") else settings.program
        code_dir = settings.code_dir
        if not os.path.isfile(os.path.join(code_dir, name + ".py")) and \
                not os.path.isfile(os.path.join(code_dir, name, "__init__.py")):
            self.log.info("No %s under %s; using the default handlers", settings.program, code_dir)
            return None
        requirements = os.path.join(code_dir, "requirements.txt")
        if os.path.isfile(requirements):
            self._install_requirements(requirements)
        sys.path.insert(0, code_dir)
        self.module_name = name
        self.log.info("Importing the handler module %s from %s", name, code_dir)
        return importlib.import_module(name)

    def _install_requirements(self, requirements):
        """requirements.txt goes into a venv cached by content (shared with script mode), put ahead of the
        interpreter's own packages as pip would upgrade them inside a framework image."""
        import site
        import tempfile
        from sagebox_process import Supervisor
        from sagebox_venv import cached_venv

        key = hashlib.sha256()
        for part in (b"sagebox-venv-1", os.path.abspath(sys.executable).encode(), sys.version.encode()):
            key.update(part + b"\0")
        with open(requirements, "rb") as f:
            key.update(f.read())
        log = self.log

        def pip_install(python):
            command = [python, "-m", "pip", "install", "-r", requirements]
            log.info("Installing dependencies from requirements.txt:\n%s", " ".join(command))
            code, stderr = supervisor.run(command, os.path.dirname(requirements), None)
            if code != 0:
                raise RuntimeError("pip install -r requirements.txt exited %d: %s" % (code, stderr.strip()[-4000:]))

        supervisor = Supervisor(_LoggerAdapter(log))
        cache = self.settings.venv_cache or os.path.join(tempfile.gettempdir(), "sagebox-venvs")
        python = cached_venv(cache, key.hexdigest()[:32], pip_install, supervisor, _LoggerAdapter(log))
        venv = os.path.dirname(os.path.dirname(python))
        site_packages = os.path.join(venv, "lib", "python%d.%d" % sys.version_info[:2], "site-packages")
        sys.path.insert(0, site_packages)
        site.addsitedir(site_packages)  # runs the .pth files packages installed there

    def _default_transform(self, context, model, input_data, content_type, accept):
        data = self._input(context, input_data, content_type)
        prediction = self._predict(context, data, model)
        return self._output(context, prediction, accept)

    def invoke(self, headers, body):
        context = Context(self.settings.model_dir, headers, headers.get("x-amzn-sagemaker-inference-id"))
        content_type = headers.get("content-type")
        accept = headers.get("accept")
        if not accept or accept == ANY:
            accept = self.settings.default_accept
        response_type = accept
        with self.slots:
            try:
                if content_type in UTF8_TYPES:
                    body = body.decode("utf-8")
                result = self._transform(context, self.model, body, content_type, accept)
                if isinstance(result, tuple):
                    result, response_type = result[0], result[1]
                data = _to_bytes(result)
            except Exception as e:  # noqa: every handler failure becomes the toolkit's error response
                return self._error(e, context)
        processor = context.request_processor[0]
        status = processor.status[0] if processor.status else 200
        return Response(status, data, response_type, processor.response_headers or None)

    def _error(self, error, context):
        """transformer.handle_error: an exception with status_code/message/phrase (BaseInferenceToolkitError)
        keeps its status; anything else, UnsupportedFormatError included, is a 500 carrying str(e)."""
        trace = traceback.format_exc()
        status, message = getattr(error, "status_code", None), getattr(error, "message", None)
        if not isinstance(status, int) or not isinstance(message, str):
            status, message = 500, str(error)
        self.log.error("Handler failed with %d: %s\n%s", status, message, trace.rstrip())
        body = "{}\n{}".format(message, trace).encode("utf-8", "replace")
        headers = context.request_processor[0].response_headers or None
        return Response(status, body, "text/plain; charset=utf-8", headers)


def _to_bytes(value):
    """What MMS writes for a handler's return value: text as UTF-8, bytes as they are, anything else as JSON."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    if value is None:
        return b""
    return json.dumps(value, indent=2, default=codecs.json_default).encode("utf-8")


class _LoggerAdapter(object):
    """The logging-style interface sagebox_venv and sagebox_process expect, onto our one-line log."""

    def __init__(self, log):
        self.log = log

    def info(self, message, *args):
        self.log.info(message, *args)

    def warning(self, message, *args):
        self.log.info(message, *args)

    def error(self, message, *args):
        self.log.error(message, *args)
