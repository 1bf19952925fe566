"""Runs beside the scoring program: trains the participant's Model, answers every test point, and hands the answers
over in /app/shared (answers.json, then DONE). On a failure it leaves FAILED there, so the scorer stops waiting.

Arguments: the input data folder, the shared folder, the submission's folder.
"""
import csv
import json
import os
import sys
import traceback

input_dir, shared, submission_dir = sys.argv[1:4]
try:
    with open(os.path.join(input_dir, "train.csv"), newline="") as f:
        train = list(csv.DictReader(f))
    with open(os.path.join(input_dir, "test.csv"), newline="") as f:
        test = [[float(r["x1"]), float(r["x2"])] for r in csv.DictReader(f)]
    sys.path.insert(0, submission_dir)
    from model import Model  # the participant's code

    model = Model()
    model.fit([[float(r["x1"]), float(r["x2"])] for r in train], [int(r["label"]) for r in train])
    answers = [int(model.predict_one(x)) for x in test]
    with open(os.path.join(shared, "answers.json"), "w") as f:
        json.dump(answers, f)
    open(os.path.join(shared, "DONE"), "w").close()
    print(f"answered {len(answers)} points")
except Exception:
    with open(os.path.join(shared, "FAILED"), "w") as f:
        f.write(traceback.format_exc(limit=1))
    raise
