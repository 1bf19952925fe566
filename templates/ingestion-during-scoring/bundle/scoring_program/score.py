"""Waits for the ingestion program's answers in the shared folder, then scores them against ref/labels.json."""
import json
import os
import sys
import time

input_dir, output_dir, shared = sys.argv[1:4]
deadline = time.time() + 50
while not os.path.exists(os.path.join(shared, "DONE")):
    if os.path.exists(os.path.join(shared, "FAILED")):
        sys.exit("the ingestion program failed; see its lines in the log")
    if time.time() > deadline:
        sys.exit("no answers from the ingestion program within 50 seconds")
    time.sleep(0.1)
truth = json.load(open(os.path.join(input_dir, "ref", "labels.json")))
answers = json.load(open(os.path.join(shared, "answers.json")))
if len(answers) != len(truth):
    sys.exit(f"{len(answers)} answers for {len(truth)} points")
accuracy = sum(a == t for a, t in zip(answers, truth)) / len(truth)
print(f"accuracy={accuracy:.4f}")
with open(os.path.join(output_dir, "scores.json"), "w") as f:
    json.dump({"accuracy": accuracy}, f)
