"""Accuracy, precision and recall (of class 1) of res/predictions.csv against ref/truth.csv."""
import csv
import json
import os
import sys

input_dir, output_dir = sys.argv[1:3]
truth = {r["id"]: r["label"] for r in csv.DictReader(open(os.path.join(input_dir, "ref", "truth.csv")))}
path = os.path.join(input_dir, "res", "predictions.csv")
if not os.path.exists(path):
    sys.exit("predictions.csv is missing from the submission")
pred = {}
for n, row in enumerate(csv.DictReader(open(path)), start=2):
    if row.get("label") not in ("0", "1"):
        sys.exit(f"predictions.csv line {n}: labels must be 0 or 1, got {row.get('label')!r} (threshold your probabilities)")
    pred[row["id"]] = row["label"]
if set(pred) != set(truth):
    sys.exit(f"predictions.csv must label each of the {len(truth)} ids of test.csv once")
tp = sum(pred[i] == "1" and t == "1" for i, t in truth.items())
fp = sum(pred[i] == "1" and t == "0" for i, t in truth.items())
fn = sum(pred[i] == "0" and t == "1" for i, t in truth.items())
scores = {
    "accuracy": sum(pred[i] == t for i, t in truth.items()) / len(truth),
    "precision": tp / (tp + fp) if tp + fp else 0.0,
    "recall": tp / (tp + fn) if tp + fn else 0.0,
}
print(" ".join(f"{k}={v:.4f}" for k, v in scores.items()))
json.dump(scores, open(os.path.join(output_dir, "scores.json"), "w"))
