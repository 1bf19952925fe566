"""Task 1: accuracy of res/classification.csv against ref/labels.csv, as classification_accuracy."""
import csv
import json
import os
import sys

input_dir, output_dir = sys.argv[1:3]
path = os.path.join(input_dir, "res", "classification.csv")
if not os.path.exists(path):
    sys.exit("classification.csv is missing from the submission (the classification task reads it)")
truth = {r["id"]: r["label"] for r in csv.DictReader(open(os.path.join(input_dir, "ref", "labels.csv")))}
pred = {r["id"]: r["label"] for r in csv.DictReader(open(path))}
if set(pred) != set(truth):
    sys.exit(f"classification.csv must have one label per id of test.csv ({len(truth)}), it has {len(pred)}")
accuracy = sum(pred[i] == label for i, label in truth.items()) / len(truth)
print(f"classification_accuracy={accuracy:.4f}")
json.dump({"classification_accuracy": accuracy}, open(os.path.join(output_dir, "scores.json"), "w"))
