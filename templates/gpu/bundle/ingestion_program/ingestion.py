"""Finds the GPU the worker handed this container (WORKER_GPUS), trains the participant's model on it, or on the
CPU with a note in the log when there is none. A model that sets REQUIRES_GPU = True is refused on the CPU."""
import csv
import glob
import os
import shutil
import subprocess
import sys

input_dir, output_dir, submission_dir = sys.argv[1:4]


def visible_gpus():
    """GPU names as nvidia-smi lists them; the NVIDIA runtime mounts nvidia-smi and /dev/nvidia* when GPUs are given."""
    if shutil.which("nvidia-smi"):
        try:
            out = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=20).stdout
            return [line for line in out.splitlines() if line.startswith("GPU")]
        except (OSError, subprocess.SubprocessError):
            return []
    return sorted(glob.glob("/dev/nvidia[0-9]*"))


gpus = visible_gpus()
device = "cuda" if gpus else "cpu"
sys.path.insert(0, submission_dir)
import model as submission  # noqa: E402  (the participant's code)

if gpus:
    print(f"running on the GPU: {', '.join(gpus)}")
elif getattr(submission, "REQUIRES_GPU", False):
    sys.exit("this submission needs a GPU (REQUIRES_GPU = True) and no GPU is visible to this run")
else:
    print("no GPU visible to this run: running on the CPU", file=sys.stderr)

rows = lambda name: list(csv.DictReader(open(os.path.join(input_dir, name), newline="")))
train, test = rows("train.csv"), rows("test.csv")
features = lambda r: [float(r["x1"]), float(r["x2"])]
m = submission.Model(device)
m.fit([features(r) for r in train], [int(r["label"]) for r in train])
labels = [int(p) for p in m.predict([features(r) for r in test])]
with open(os.path.join(output_dir, "predictions.csv"), "w") as f:
    f.write("label\n" + "".join(f"{p}\n" for p in labels))
print(f"predicted {len(labels)} labels on the {device.upper()}")
