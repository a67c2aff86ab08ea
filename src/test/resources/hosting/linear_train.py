"""A script-mode entry point that fits y = w*x + b by least squares on the train channel's data.csv.

As with the scikit-learn containers, the same file is the serving code: training copies it to <model>/code/inference.py
next to model.json, so model.tar.gz alone serves (model_fn, input_fn, predict_fn, output_fn).
"""
import argparse
import json
import os
import shutil


def model_fn(model_dir):
    with open(os.path.join(model_dir, "model.json")) as f:
        return json.load(f)


def input_fn(body, content_type):
    return json.loads(body)


def predict_fn(data, model):
    return [model["w"] * x + model["b"] for x in data]


def output_fn(prediction, accept):
    return json.dumps({"predictions": prediction})


def fit(path):
    rows = [line.split(",") for line in open(path).read().split()]
    xs = [float(r[0]) for r in rows]
    ys = [float(r[1]) for r in rows]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    w = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return w, my - w * mx


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--digits", type=int, default=6)
    args, _ = parser.parse_known_args()
    w, b = fit(os.path.join(os.environ["SM_CHANNEL_TRAIN"], "data.csv"))
    model_dir = os.environ["SM_MODEL_DIR"]
    with open(os.path.join(model_dir, "model.json"), "w") as f:
        json.dump({"w": round(w, args.digits), "b": round(b, args.digits)}, f)
    os.makedirs(os.path.join(model_dir, "code"), exist_ok=True)
    shutil.copy(__file__, os.path.join(model_dir, "code", "inference.py"))
    print("fitted w=%.3f b=%.3f" % (w, b), flush=True)
