"""Ingestion program: trains the participant's model and writes its predictions for the scoring program.

Arguments: the input data folder (/app/input_data), the output folder (the predictions) and the submission's
folder (/app/ingested_program), from which `model.py` is imported. The model is a class `Model` with
`fit(X, y)` and `predict(X)`; X is a list of [x1, x2] rows, y a list of 0/1 labels.
"""
import csv
import json
import os
import sys
import time

input_dir, output_dir, submission_dir = sys.argv[1:4]


def rows(name):
    with open(os.path.join(input_dir, name), newline="") as f:
        return [[float(v) for v in row.values()] for row in csv.DictReader(f)]


X_train, X_test = rows("X_train.csv"), rows("X_test.csv")
y_train = [int(r[0]) for r in rows("y_train.csv")]
if not os.path.exists(os.path.join(submission_dir, "model.py")):
    sys.exit("the submission has no model.py: see the starting kit")
sys.path.insert(0, submission_dir)
from model import Model  # noqa: E402  (the participant's code)

start = time.time()
model = Model()
model.fit(X_train, y_train)
predictions = [int(p) for p in model.predict(X_test)]
duration = time.time() - start
if len(predictions) != len(X_test):
    sys.exit(f"predict returned {len(predictions)} labels for {len(X_test)} rows")
with open(os.path.join(output_dir, "predictions.csv"), "w") as f:
    f.write("label\n" + "".join(f"{p}\n" for p in predictions))
with open(os.path.join(output_dir, "timing.json"), "w") as f:
    json.dump({"duration": duration}, f)
print(f"trained on {len(X_train)} rows and predicted {len(X_test)} in {duration:.3f} s")
