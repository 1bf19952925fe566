#!/usr/bin/env python
"""A CodaLab v1 scoring program: $input/ref and $input/res in, $output/scores.txt out ("key: value" lines)."""
import os
import sys

input_dir, output_dir = sys.argv[1:3]
truth = [line.split(",")[1].strip() for line in open(os.path.join(input_dir, "ref", "truth.csv")).read().splitlines()[1:]]
answer = os.path.join(input_dir, "res", "answer.txt")
if not os.path.exists(answer):
    sys.exit("answer.txt is missing from the submission")
pred = [line.strip() for line in open(answer).read().splitlines() if line.strip()]
if not pred:
    sys.exit("answer.txt is empty: write one label (0 or 1) per line")
if len(pred) != len(truth):
    sys.exit("answer.txt has %d labels, expected %d" % (len(pred), len(truth)))
tp = sum(1 for t, p in zip(truth, pred) if t == "1" and p == "1")
fp = sum(1 for t, p in zip(truth, pred) if t == "0" and p == "1")
fn = sum(1 for t, p in zip(truth, pred) if t == "1" and p == "0")
accuracy = sum(1 for t, p in zip(truth, pred) if t == p) / float(len(truth))
f1 = 2.0 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
with open(os.path.join(output_dir, "scores.txt"), "w") as f:
    f.write("accuracy: %f\nf1: %f\n" % (accuracy, f1))
print("accuracy: %f f1: %f" % (accuracy, f1))
