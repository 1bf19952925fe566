"""Accuracy of res/predictions.csv against ref/labels.csv."""
import csv
import json
import os
import sys

input_dir, output_dir = sys.argv[1:3]
truth = [r["label"] for r in csv.DictReader(open(os.path.join(input_dir, "ref", "labels.csv")))]
path = os.path.join(input_dir, "res", "predictions.csv")
if not os.path.exists(path):
    sys.exit("predictions.csv is missing")
pred = [r["label"] for r in csv.DictReader(open(path))]
if len(pred) != len(truth):
    sys.exit(f"{len(pred)} predictions for {len(truth)} points")
accuracy = sum(p == t for p, t in zip(pred, truth)) / len(truth)
print(f"accuracy={accuracy:.4f}")
json.dump({"accuracy": accuracy}, open(os.path.join(output_dir, "scores.json"), "w"))
