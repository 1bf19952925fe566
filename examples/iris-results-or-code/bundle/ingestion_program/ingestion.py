"""Ingestion program: trains the participant's model (model.py at /app/ingested_program) and writes predictions.

Arguments: input data folder, output folder, this program's folder, the submission's folder.
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd

input_dir, output_dir, program_dir, submission_dir = sys.argv[1:5]
sys.path.append(program_dir)
sys.path.append(submission_dir)

print("Reading the data")
X_train = pd.read_csv(os.path.join(input_dir, "X_train.csv")).values
y_train = pd.read_csv(os.path.join(input_dir, "y_train.csv"))["label"].values
X_test = pd.read_csv(os.path.join(input_dir, "X_test.csv")).values

from model import model  # noqa: E402  (the participant's code)

start = time.time()
M = model()
M.fit(X_train, y_train)
predictions = M.predict(X_test)
duration = time.time() - start
np.savetxt(os.path.join(output_dir, "iris_test.predict"), predictions, fmt="%d")
with open(os.path.join(output_dir, "metadata.json"), "w") as f:
    json.dump({"duration": duration}, f)
print(f"Trained and predicted {len(predictions)} flowers in {duration:.3f} s")
