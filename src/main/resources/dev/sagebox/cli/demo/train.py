"""Sagebox demo: fits y = a*x + b by least squares on the train channel and saves model.json plus the handler."""
import argparse
import csv
import glob
import json
import os
import shutil

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=1)
args = parser.parse_args()

rows = []
for path in sorted(glob.glob(os.path.join(os.environ["SM_CHANNEL_TRAIN"], "*.csv"))):
    with open(path) as f:
        rows += [(float(x), float(y)) for x, y in csv.reader(f)]
print(f"read {len(rows)} rows from {os.environ['SM_CHANNEL_TRAIN']}", flush=True)

n = len(rows)
mean_x = sum(x for x, _ in rows) / n
mean_y = sum(y for _, y in rows) / n
a = sum((x - mean_x) * (y - mean_y) for x, y in rows) / sum((x - mean_x) ** 2 for x, _ in rows)
b = mean_y - a * mean_x
mse = sum((a * x + b - y) ** 2 for x, y in rows) / n
print(f"fitted y = {a:.4f} * x + {b:.4f}", flush=True)
print(f"train:mse={mse:.6f}", flush=True)

model_dir = os.environ["SM_MODEL_DIR"]
with open(os.path.join(model_dir, "model.json"), "w") as f:
    json.dump({"a": a, "b": b}, f)
# The model server loads <model>/code/inference.py, so the handler travels inside model.tar.gz.
os.makedirs(os.path.join(model_dir, "code"), exist_ok=True)
shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), "inference.py"),
            os.path.join(model_dir, "code", "inference.py"))
print(f"saved model.json and code/inference.py to {model_dir}", flush=True)
