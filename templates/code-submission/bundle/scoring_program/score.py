"""Scores the predictions the ingestion program wrote (res/predictions.csv) against ref/y_test.csv: accuracy, and
the training time the ingestion program measured (res/timing.json)."""
import csv
import json
import os
import sys

input_dir, output_dir = sys.argv[1:3]


def labels(path, missing):
    if not os.path.exists(path):
        sys.exit(missing)
    with open(path, newline="") as f:
        return [row["label"] for row in csv.DictReader(f)]


truth = labels(os.path.join(input_dir, "ref", "y_test.csv"), "the reference data has no y_test.csv")
pred = labels(os.path.join(input_dir, "res", "predictions.csv"), "predictions.csv is missing: a results submission must hold it")
if len(pred) != len(truth):
    sys.exit(f"predictions.csv has {len(pred)} labels, expected {len(truth)}")
accuracy = sum(t == p for t, p in zip(truth, pred)) / len(truth)
timing = os.path.join(input_dir, "res", "timing.json")
duration = json.load(open(timing))["duration"] if os.path.exists(timing) else 0.0
print(f"accuracy={accuracy:.4f}")
with open(os.path.join(output_dir, "scores.json"), "w") as f:
    json.dump({"accuracy": accuracy, "duration": duration}, f)
