"""TF Serving's REST API bodies against a loaded SavedModel (tensorflow_serving/apis and util/json_tensor.cc):
predict in row format ({"instances"} -> {"predictions"}) or columnar format ({"inputs"} -> {"outputs"}), and
classify/regress on {"examples"} -> {"results"}. `tf` is set by sagebox_tfs once tensorflow is imported.
"""
import base64

tf = None
np = None

CLASSES, SCORES, REGRESS_OUTPUTS = "classes", "scores", "outputs"


class BadRequest(Exception):
    pass


def run(model, method, request):
    from sagebox_tfs import TfsError
    if not isinstance(request, dict):
        raise TfsError(400, "JSON Value: %s Is not an object" % _short(request))
    name = request.get("signature_name") or "serving_default"
    signature = model.signatures.get(name) if hasattr(model, "signatures") else None
    if signature is None:
        raise TfsError(400, "Serving signature name: \"%s\" not found in signature def" % name)
    try:
        if method == "predict":
            return _predict(signature, request)
        if method in ("classify", "regress"):
            return _classify_or_regress(signature, method, request)
    except BadRequest as e:
        raise TfsError(400, str(e))
    raise TfsError(400, "Unsupported method: %s; TF Serving offers predict, classify and regress" % method)


def _inputs_of(signature):
    return signature.structured_input_signature[1]


def _predict(signature, request):
    specs = _inputs_of(signature)
    if "instances" in request and "inputs" in request:
        raise BadRequest("Only one of 'instances' or 'inputs' may be specified")
    if "instances" in request:
        instances = request["instances"]
        if not isinstance(instances, list):
            raise BadRequest("Expecting 'instances' to be an list/array")
        if instances and all(isinstance(i, dict) and not _is_b64(i) for i in instances):
            tensors = {n: _tensor([i.get(n) for i in instances], s, n) for n, s in specs.items()}
            missing = [n for n in specs if any(n not in i for i in instances)]
            if missing:
                raise BadRequest("Failed to process element: 0 key: %s of 'instances' list. Error: Missing "
                                 "input" % missing[0])
        else:
            tensors = {_single_input(specs): _tensor(instances, *_single_spec(specs))}
        outputs = _call(signature, tensors)
        if len(outputs) == 1:
            return {"predictions": _json(next(iter(outputs.values())))}
        rows = len(next(iter(outputs.values())))
        return {"predictions": [{n: _json(v[r]) for n, v in outputs.items()} for r in range(rows)]}
    if "inputs" in request:
        inputs = request["inputs"]
        if isinstance(inputs, dict) and not _is_b64(inputs):
            tensors = {n: _tensor(inputs.get(n), s, n) for n, s in specs.items()}
        else:
            tensors = {_single_input(specs): _tensor(inputs, *_single_spec(specs))}
        outputs = _call(signature, tensors)
        if len(outputs) == 1:
            return {"outputs": _json(next(iter(outputs.values())))}
        return {"outputs": {n: _json(v) for n, v in outputs.items()}}
    raise BadRequest("Missing 'inputs' or 'instances' key")


def _classify_or_regress(signature, method, request):
    examples = request.get("examples")
    if not isinstance(examples, list):
        raise BadRequest("Expecting 'examples' to be an array")
    context = request.get("context") or {}
    serialized = [_example(dict(context, **example)) for example in examples]
    specs = _inputs_of(signature)
    outputs = _call(signature, {_single_input(specs): tf.constant(serialized, dtype=tf.string)})
    if method == "regress":
        if REGRESS_OUTPUTS not in outputs:
            raise BadRequest("Expected output tensor 'outputs' for regression")
        return {"results": _json(outputs[REGRESS_OUTPUTS].reshape(-1))}
    classes, scores = outputs.get(CLASSES), outputs.get(SCORES)
    if classes is None and scores is None:
        raise BadRequest("Expected classification signature outputs 'classes' and/or 'scores'")
    classes = _json(classes.reshape(classes.shape[0], -1)) if classes is not None else None
    scores = _json(scores.reshape(scores.shape[0], -1)) if scores is not None else None
    rows = classes if classes is not None else scores
    # A classifier without a classes output labels nothing, and one without scores scores nothing (TF Serving).
    return {"results": [[[classes[r][c] if classes is not None else "", scores[r][c] if scores is not None else 0.0]
                         for c in range(len(rows[r]))] for r in range(len(rows))]}


def _example(features):
    feature = {}
    for key, value in features.items():
        values = value if isinstance(value, list) else [value]
        if all(isinstance(v, bool) or isinstance(v, int) for v in values):
            feature[key] = tf.train.Feature(int64_list=tf.train.Int64List(value=[int(v) for v in values]))
        elif all(isinstance(v, (int, float)) for v in values):
            feature[key] = tf.train.Feature(float_list=tf.train.FloatList(value=[float(v) for v in values]))
        else:
            feature[key] = tf.train.Feature(bytes_list=tf.train.BytesList(value=[_bytes(v) for v in values]))
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


def _single_input(specs):
    if len(specs) != 1:
        raise BadRequest("The signature has %d inputs (%s); name them in each instance or in 'inputs'"
                         % (len(specs), ", ".join(sorted(specs))))
    return next(iter(specs))


def _single_spec(specs):
    name = _single_input(specs)
    return specs[name], name


def _tensor(value, spec, name):
    if value is None:
        raise BadRequest("Missing input: %s" % name)
    try:
        if spec.dtype == tf.string:
            tensor = tf.constant(_strings(value), dtype=tf.string)
        else:
            tensor = tf.constant(value, dtype=spec.dtype)
    except (TypeError, ValueError) as e:
        raise BadRequest("Input %s does not fit %s: %s" % (name, spec.dtype.name, str(e).splitlines()[0]))
    if not spec.shape.is_compatible_with(tensor.shape):
        raise BadRequest("Input %s has shape %s, but the signature expects %s"
                         % (name, _shape(tensor.shape), _shape(spec.shape)))
    return tensor


def _shape(shape):
    return "[%s]" % ",".join("?" if d is None else str(d) for d in shape.as_list()) if shape.rank is not None \
        else "unknown"


def _strings(value):
    if isinstance(value, list):
        return [_strings(v) for v in value]
    return _bytes(value)


def _bytes(value):
    if _is_b64(value):
        return base64.b64decode(value["b64"])
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, bytes):
        return value
    raise BadRequest("Expected a string or {\"b64\": ...} for a string tensor, got %s" % _short(value))


def _is_b64(value):
    return isinstance(value, dict) and len(value) == 1 and "b64" in value


def _call(signature, tensors):
    outputs = signature(**tensors)
    return {name: outputs[name].numpy() for name in sorted(outputs)}


def _json(value):
    """TF Serving writes float32 at its shortest round-trip form (0.1, not 0.10000000149011612)."""
    if isinstance(value, np.ndarray):
        if value.dtype == np.float32 or value.dtype == np.float16:
            return value.astype(str).astype(np.float64).tolist()
        if value.dtype.kind in ("S", "O"):
            return _decode_strings(value.tolist())
        return value.tolist()
    if isinstance(value, (np.float32, np.float16)):
        return float(str(value))
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value.tolist() if hasattr(value, "tolist") else value


def _decode_strings(value):
    if isinstance(value, list):
        return [_decode_strings(v) for v in value]
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return {"b64": base64.b64encode(value).decode("ascii")}
    return value


def _short(value):
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
