"""The inference toolkit's default codecs (sagemaker_inference decoder.py and encoder.py): JSON, CSV and NPY both
ways, NPZ decode only. They need numpy, imported once at load time by load_numpy(); without it every default codec
but JSON encoding answers with a clear error, since JSON needs only the standard library.
"""
import io
import json

JSON = "application/json"
CSV = "text/csv"
NPY = "application/x-npy"
NPZ = "application/x-npz"
ENCODABLE = (NPY, CSV, JSON)

np = None
_sparse = None


class UnsupportedFormatError(Exception):
    """errors.UnsupportedFormatError, with the toolkit's message word for word."""

    def __init__(self, content_type):
        message = ("Content type %s is not supported by this framework.\n\n"
                   "Please implement input_fn to to deserialize the request data or an output_fn to\n"
                   "serialize the response. For more information, see the SageMaker Python SDK README."
                   % content_type)
        super(UnsupportedFormatError, self).__init__(message)


class NumpyMissingError(Exception):
    """A default codec was needed but the interpreter has no numpy."""


def load_numpy(log):
    global np, _sparse
    try:
        import numpy
        np = numpy
    except ImportError:
        log.info("numpy is not importable here: the default input_fn/output_fn can only encode JSON; define "
                 "input_fn and output_fn, or add numpy to code/requirements.txt")
        return
    try:
        import scipy.sparse
        _sparse = scipy.sparse
    except ImportError:
        pass


def _need_numpy(what):
    if np is None:
        raise NumpyMissingError("The default %s needs numpy, which this Python cannot import. Implement input_fn "
                                "and output_fn in the handler module, or add numpy to code/requirements.txt." % what)
    return np


def json_default(value):
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)


def decode(data, content_type):
    if content_type == JSON:
        return _need_numpy("JSON decoder").array(json.loads(data))
    if content_type == CSV:
        return _need_numpy("CSV decoder").genfromtxt(io.StringIO(data), delimiter=",")
    if content_type == NPY:
        return _need_numpy("NPY decoder").load(io.BytesIO(data), allow_pickle=True)
    if content_type == NPZ:
        _need_numpy("NPZ decoder")
        if _sparse is not None:
            return _sparse.load_npz(io.BytesIO(data))
        # The toolkit decodes NPZ to a scipy sparse matrix; without scipy the arrays are the best we can give.
        return dict(np.load(io.BytesIO(data), allow_pickle=True))
    raise UnsupportedFormatError(content_type)


def encode(value, content_type):
    if content_type == JSON:
        return json.dumps(value, default=json_default)
    if content_type == CSV:
        stream = io.StringIO()
        _need_numpy("CSV encoder").savetxt(stream, value, delimiter=",", fmt="%s")
        return stream.getvalue()
    if content_type == NPY:
        stream = io.BytesIO()
        _need_numpy("NPY encoder").save(stream, value)
        return stream.getvalue()
    raise UnsupportedFormatError(content_type)
