"""Accuracy on the ids of ref/truth.csv (each phase's task has its own half of the test set)."""
import csv
import json
import os
import sys

input_dir, output_dir = sys.argv[1:3]
with open(os.path.join(input_dir, "ref", "truth.csv"), newline="") as f:
    truth = {row["id"]: row["label"] for row in csv.DictReader(f)}
path = os.path.join(input_dir, "res", "predictions.csv")
if not os.path.exists(path):
    sys.exit("predictions.csv is missing from the submission")
with open(path, newline="") as f:
    pred = {}
    for n, row in enumerate(csv.DictReader(f), start=2):
        if row.get("label") not in ("0", "1"):
            sys.exit(f"predictions.csv line {n}: label must be 0 or 1, got {row.get('label')!r}")
        pred[row["id"]] = row["label"]
missing = [i for i in truth if i not in pred]
if missing:
    sys.exit(f"predictions.csv has no label for ids {', '.join(missing[:5])}: predict every id of test.csv")
accuracy = sum(pred[i] == label for i, label in truth.items()) / len(truth)
print(f"accuracy={accuracy:.4f} on {len(truth)} points")
with open(os.path.join(output_dir, "scores.json"), "w") as f:
    json.dump({"accuracy": accuracy}, f)
