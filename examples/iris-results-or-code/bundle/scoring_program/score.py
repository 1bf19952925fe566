"""Scoring program: accuracy of /app/input/res/iris_test.predict against the reference labels.

Writes scores.json (the leaderboard's set1_score and Duration, and the confusion matrix beside them) and a
detailed results page with a chart.
"""
import base64
import io
import json
import os

import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix

reference_dir = "/app/input/ref"
prediction_dir = "/app/input/res"
output_dir = "/app/output"

truth = np.loadtxt(os.path.join(reference_dir, "iris_test.solution"), dtype=int)
predictions = np.loadtxt(os.path.join(prediction_dir, "iris_test.predict"), dtype=int)
if predictions.shape != truth.shape:
    raise SystemExit(f"iris_test.predict has {predictions.size} labels, expected {truth.size}")
metadata = os.path.join(prediction_dir, "metadata.json")
duration = json.load(open(metadata))["duration"] if os.path.exists(metadata) else 0

score = accuracy_score(truth, predictions)
print(f"set1_score={score:.4f} Duration={duration:.3f}")
scores = {
    "set1_score": score,
    "Duration": duration,
    "confusion_matrix": confusion_matrix(truth, predictions, labels=[0, 1, 2]).tolist(),
}
with open(os.path.join(output_dir, "scores.json"), "w") as f:
    json.dump(scores, f)

fig, ax = plt.subplots(figsize=(4, 3))
ax.bar(["accuracy"], [score])
ax.set_ylim(0, 1)
buffer = io.BytesIO()
fig.savefig(buffer, format="png")
image = base64.b64encode(buffer.getvalue()).decode("ascii")
with open(os.path.join(output_dir, "detailed_results.html"), "w") as f:
    f.write(f'<h1>Detailed results</h1><p>Accuracy {score:.4f}</p><img src="data:image/png;base64,{image}">')
