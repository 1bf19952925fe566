"""Accuracy of res/predictions.csv against ref/truth.csv, the worker-local labels. It writes only the score and
counts: never a label, since the output and the logs are what leaves the worker."""
import csv
import json
import os
import sys

input_dir, output_dir = sys.argv[1:3]
truth = {r["id"]: r["label"] for r in csv.DictReader(open(os.path.join(input_dir, "ref", "truth.csv")))}
path = os.path.join(input_dir, "res", "predictions.csv")
if not os.path.exists(path):
    sys.exit("predictions.csv is missing from the submission")
with open(path, newline="") as f:
    reader = csv.DictReader(f)
    if reader.fieldnames != ["id", "label"]:
        sys.exit(f"predictions.csv must start with the header id,label (got {','.join(reader.fieldnames or [])})")
    pred = {r["id"]: r["label"] for r in reader}
if set(pred) != set(truth):
    sys.exit(f"predictions.csv must label each of the {len(truth)} ids of test.csv once")
accuracy = sum(pred[i] == t for i, t in truth.items()) / len(truth)
print(f"accuracy={accuracy:.4f} on {len(truth)} points")
json.dump({"accuracy": accuracy}, open(os.path.join(output_dir, "scores.json"), "w"))
