"""Scores predicted labels against the reference labels: accuracy, and the F1 score of class 1.

Arguments: the input folder (ref/ holds the reference data, res/ the submission) and the output folder, where
scores.json is written. Errors go to stderr with what the participant should fix: they see the last lines.
"""
import csv
import json
import os
import sys


def read_labels(path, what):
    if not os.path.exists(path):
        sys.exit(f"{what}: {os.path.basename(path)} is missing from the submission")
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    labels = {}
    for n, row in enumerate(rows, start=2):
        if row.get("label") not in ("0", "1"):
            sys.exit(f"{what}: line {n}: label must be 0 or 1, got {row.get('label')!r}")
        labels[row["id"]] = int(row["label"])
    return labels


def main(input_dir, output_dir):
    truth = read_labels(os.path.join(input_dir, "ref", "truth.csv"), "reference")
    pred = read_labels(os.path.join(input_dir, "res", "predictions.csv"), "predictions.csv")
    if len(pred) != len(truth):
        sys.exit(f"predictions.csv has {len(pred)} lines, expected {len(truth)} (one per id of test.csv)")
    missing = sorted(set(truth) - set(pred), key=int)
    if missing:
        sys.exit(f"predictions.csv has no label for ids {', '.join(missing[:5])}")
    tp = sum(1 for i in truth if truth[i] == 1 and pred[i] == 1)
    fp = sum(1 for i in truth if truth[i] == 0 and pred[i] == 1)
    fn = sum(1 for i in truth if truth[i] == 1 and pred[i] == 0)
    accuracy = sum(1 for i in truth if truth[i] == pred[i]) / len(truth)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    print(f"accuracy={accuracy:.4f} f1={f1:.4f} on {len(truth)} points")
    with open(os.path.join(output_dir, "scores.json"), "w") as f:
        json.dump({"accuracy": accuracy, "f1": f1}, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
