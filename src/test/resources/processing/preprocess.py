"""A scikit-learn preprocessing step as SKLearnProcessor runs one: read the raw CSV input, scale the features, split
into train and test sets and write each to its output directory."""
import argparse
import glob
import os

import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

parser = argparse.ArgumentParser()
parser.add_argument("--test-size", type=float, default=0.25)
parser.add_argument("--input", default="/opt/ml/processing/input/raw")
parser.add_argument("--train", default="/opt/ml/processing/train")
parser.add_argument("--test", default="/opt/ml/processing/test")
args = parser.parse_args()

frames = [pd.read_csv(path) for path in sorted(glob.glob(os.path.join(args.input, "*.csv")))]
data = pd.concat(frames, ignore_index=True)
print("read %d rows with columns %s" % (len(data), list(data.columns)), flush=True)
features = [c for c in data.columns if c not in ("id", "label")]
data[features] = StandardScaler().fit_transform(data[features])
train, test = train_test_split(data, test_size=args.test_size, random_state=0, stratify=data["label"])
train.to_csv(os.path.join(args.train, "train.csv"), index=False)
test.to_csv(os.path.join(args.test, "test.csv"), index=False)
print("train rows: %d, test rows: %d" % (len(train), len(test)), flush=True)
