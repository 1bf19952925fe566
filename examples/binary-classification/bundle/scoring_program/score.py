"""Scores predicted 0/1 labels against the reference labels: accuracy and F1 of class 1.

Codabench layout: argv[1] is the input folder (ref/ holds the reference data, res/ the submission),
argv[2] the output folder, where scores.json is written.
"""
import json
import os
import sys


def read_labels(path):
    with open(path) as f:
        return [int(line.strip()) for line in f if line.strip()]


def main(input_dir, output_dir):
    truth = read_labels(os.path.join(input_dir, "ref", "truth.csv"))
    pred = read_labels(os.path.join(input_dir, "res", "predictions.csv"))
    if len(pred) != len(truth):
        sys.exit(f"predictions.csv has {len(pred)} lines, expected {len(truth)}")
    tp = sum(1 for t, p in zip(truth, pred) if t == 1 and p == 1)
    fp = sum(1 for t, p in zip(truth, pred) if t == 0 and p == 1)
    fn = sum(1 for t, p in zip(truth, pred) if t == 1 and p == 0)
    accuracy = sum(1 for t, p in zip(truth, pred) if t == p) / len(truth)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    print(f"accuracy={accuracy:.4f} f1={f1:.4f} on {len(truth)} examples")
    with open(os.path.join(output_dir, "scores.json"), "w") as f:
        json.dump({"accuracy": accuracy, "f1": f1}, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
