"""Sagebox demo handler: the inference toolkit's model_fn / input_fn / predict_fn / output_fn."""
import json
import os


def model_fn(model_dir):
    with open(os.path.join(model_dir, "model.json")) as f:
        return json.load(f)


def input_fn(body, content_type):
    data = json.loads(body)
    return data["instances"] if isinstance(data, dict) else data


def predict_fn(data, model):
    return [model["a"] * x + model["b"] for x in data]


def output_fn(prediction, accept):
    return json.dumps({"predictions": prediction}), "application/json"
