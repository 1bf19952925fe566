#!/usr/bin/env python
"""CodaLab v1 scoring program: invoked as `evaluate.py <input dir> <output dir>`; input/ref holds the reference data,
input/res the submission; writes output/scores.txt as `key: value` lines."""
import os
import sys
import time

start = time.time()
input_dir, output_dir = sys.argv[1], sys.argv[2]
submit_dir = os.path.join(input_dir, "res")
truth_dir = os.path.join(input_dir, "ref")
if not os.path.isdir(submit_dir):
    sys.exit("%s doesn't exist" % submit_dir)
if not os.path.exists(output_dir):
    os.makedirs(output_dir)

truth = float(open(os.path.join(truth_dir, "answer.txt")).read())
answer = float(open(os.path.join(submit_dir, "answer.txt")).read())
difference = abs(truth - answer)
print("difference: %f" % difference)
with open(os.path.join(output_dir, "scores.txt"), "w") as output_file:
    output_file.write("difference: %f\n" % difference)
    output_file.write("Duration: %f\n" % (time.time() - start))
