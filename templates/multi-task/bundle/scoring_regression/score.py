"""Task 0: root mean squared error of res/regression.csv against ref/values.csv, as regression_rmse."""
import csv
import json
import math
import os
import sys

input_dir, output_dir = sys.argv[1:3]
path = os.path.join(input_dir, "res", "regression.csv")
if not os.path.exists(path):
    sys.exit("regression.csv is missing from the submission (the regression task reads it)")
truth = {r["id"]: float(r["value"]) for r in csv.DictReader(open(os.path.join(input_dir, "ref", "values.csv")))}
pred = {r["id"]: float(r["value"]) for r in csv.DictReader(open(path))}
if set(pred) != set(truth):
    sys.exit(f"regression.csv must have one value per id of test.csv ({len(truth)}), it has {len(pred)}")
rmse = math.sqrt(sum((pred[i] - v) ** 2 for i, v in truth.items()) / len(truth))
print(f"regression_rmse={rmse:.4f}")
json.dump({"regression_rmse": rmse}, open(os.path.join(output_dir, "scores.json"), "w"))
