import { SafeZip } from '@arena/safe-zip';
import type { RunResult } from '@arena/worker-protocol';
import { createLogger } from '@worker/logger';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeApi } from './support/fake-api';
import { containersOfRun, scratch } from './support/fixtures';
import { runJob, type RunJobOptions, type RunParts } from './support/run-job';

/*
 * How Codabench and CodaLab run a submission, checked in the real Docker engine with bundles written the way the
 * public examples are (codalab/competition-examples: Iris, Mini-MNIST, shortest_path, mini-automl) on the default
 * image, arena/codalab-legacy:py3, which bundles reach as codalab/codalab-legacy:py3x.
 */
const IMAGE = process.env.TEST_LEGACY_IMAGE ?? 'arena/codalab-legacy:py3';
const ENV = { WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${IMAGE},codalab/*=${IMAGE}` };
const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
let root: { dir: string; cleanup: () => Promise<void> };
const runIds: string[] = [];
const apis: FakeApi[] = [];

beforeAll(async () => {
  root = await scratch('arena-semantics-');
});
afterAll(async () => {
  await root.cleanup();
});
afterEach(async () => {
  for (const api of apis.splice(0)) {
    await api.close();
  }
  for (const runId of runIds.splice(0)) {
    expect(await containersOfRun(runId)).toEqual([]);
  }
});

function run(parts: RunParts, options: RunJobOptions = {}) {
  return runJob({ rootDir: root.dir, logger, runIds, apis }, parts, { ...options, env: { ...ENV, ...options.env } });
}

function failure(result: RunResult) {
  expect(result.status).toBe('failed');
  return result.status === 'failed' ? result.failure : { code: '', message: '' };
}

// --- An Iris-like Codabench competition: "submit either prediction results or code". -----------------------------
const X = [
  [5.1, 3.5],
  [4.9, 3.0],
  [4.7, 3.2],
  [7.0, 3.2],
  [6.4, 3.2],
  [6.9, 3.1],
  [6.3, 3.3],
  [5.8, 2.7],
  [7.1, 3.0],
  [5.0, 3.6],
  [6.5, 2.8],
  [7.6, 3.0],
];
const Y = [0, 0, 0, 1, 1, 1, 2, 2, 2, 0, 1, 2];
const csv = (header: string, rows: (number | number[])[]) =>
  `${header}\n${rows.map((r) => [r].flat().join(',')).join('\n')}\n`;

const IRIS: RunParts = {
  input_data: {
    'X_train.csv': csv('sepal_length,sepal_width', X),
    'y_train.csv': csv('label', Y),
    'X_test.csv': csv('sepal_length,sepal_width', X.slice(0, 6)),
  },
  reference_data: { 'iris_test.solution': `${Y.slice(0, 6).join('\n')}\n` },
  ingestion_program: {
    'metadata.yaml':
      'command: python3 /app/program/ingestion.py /app/input_data /app/output /app/program /app/ingested_program\n',
    'ingestion.py': `
import json, os, sys, time
import numpy as np
import pandas as pd
input_dir, output_dir, program_dir, submission_dir = sys.argv[1:5]
sys.path.append(program_dir)
sys.path.append(submission_dir)
print('Ingestion program: reading data')
X_train = pd.read_csv(os.path.join(input_dir, 'X_train.csv')).values
y_train = pd.read_csv(os.path.join(input_dir, 'y_train.csv'))['label'].values
X_test = pd.read_csv(os.path.join(input_dir, 'X_test.csv')).values
from model import model  # the participant's code
start = time.time()
M = model()
M.fit(X_train, y_train)
np.savetxt(os.path.join(output_dir, 'iris_test.predict'), M.predict(X_test), fmt='%d')
json.dump({'duration': time.time() - start}, open(os.path.join(output_dir, 'metadata.json'), 'w'))
print('Ingestion program: done')
`,
  },
  scoring_program: {
    'metadata.yaml': 'command: python /app/program/score.py\n',
    'score.py': `
import json, os
import numpy as np
from sklearn.metrics import accuracy_score
import matplotlib.pyplot as plt
input_dir, output_dir = '/app/input', '/app/output'
truth = np.loadtxt(os.path.join(input_dir, 'ref', 'iris_test.solution'))
pred = np.loadtxt(os.path.join(input_dir, 'res', 'iris_test.predict'))
meta = os.path.join(input_dir, 'res', 'metadata.json')
duration = json.load(open(meta))['duration'] if os.path.exists(meta) else 0
score = accuracy_score(truth, pred)
fig, ax = plt.subplots()
ax.bar(['accuracy'], [score])
fig.savefig(os.path.join(output_dir, 'score.png'))
open(os.path.join(output_dir, 'detailed_results.html'), 'w').write('<img src="score.png">')
print('set1_score', score)
json.dump({'set1_score': score, 'Duration': duration}, open(os.path.join(output_dir, 'scores.json'), 'w'))
`,
  },
};
const IRIS_JOB = { scoreKeys: ['set1_score', 'Duration'] };
const TREE_MODEL = `
from sklearn.tree import DecisionTreeClassifier
class model:
    def __init__(self):
        self.clf = DecisionTreeClassifier(random_state=0)
    def fit(self, X, y):
        self.clf.fit(X, y)
    def predict(self, X):
        return self.clf.predict(X)
`;

describe('a results-or-code competition with an ingestion program (Iris)', () => {
  it('a code submission (metadata without a command) is consumed by the ingestion program, then scored', async () => {
    const { result, api } = await run(
      { ...IRIS, submission: { metadata: 'description: a decision tree\n', 'model.py': TREE_MODEL } },
      { job: IRIS_JOB },
    );
    expect(result).toMatchObject({ status: 'finished', scores: { set1_score: 1 } });
    expect(result.status === 'finished' && result.scores.Duration).toBeGreaterThan(0);
    expect(result.stepsMs).toEqual({ prediction: expect.any(Number), scoring: expect.any(Number) });
    expect(api.logs.stdout.toString()).toMatch(
      /=== ingestion program ===\nIngestion program: reading data\nIngestion program: done\n=== scoring program ===\nset1_score 1.0\n/,
    );
    const zip = await SafeZip.open(api.outputZip!);
    expect(zip.entries.map((e) => e.name).sort()).toEqual(['detailed_results.html', 'score.png', 'scores.json']);
    zip.close();
  });

  it('a submission of code without any metadata file is copied beside the predictions and still driven by the ingestion', async () => {
    const { result, api } = await run({ ...IRIS, submission: { 'model.py': TREE_MODEL } }, { job: IRIS_JOB });
    expect(result).toMatchObject({ status: 'finished', scores: { set1_score: 1 } });
    expect(api.logs.stderr.toString()).not.toContain('=== arena ===');
  });

  it('a results submission (no metadata): the ingestion program fails without a model, the log says so, the submitted predictions are scored', async () => {
    const { result, api } = await run(
      { ...IRIS, submission: { 'iris_test.predict': '0\n0\n0\n1\n1\n2\n' } },
      { job: IRIS_JOB },
    );
    expect(result).toMatchObject({ status: 'finished', scores: { set1_score: 5 / 6, Duration: 0 } });
    const stderr = api.logs.stderr.toString();
    expect(stderr).toMatch(/=== ingestion program ===\n[\s\S]*ModuleNotFoundError: No module named 'model'\n/);
    expect(stderr).toMatch(
      /=== arena ===\nthe ingestion program \(prediction step\) failed on this results submission \(it has no metadata file\), so the submitted files are scored as they are\. The ingestion program \(prediction step\) exited with code 1; last lines of its stderr:\n[\s\S]*No module named 'model'\n$/,
    );
  });

  it('a code submission whose ingestion fails fails with the ingestion program, its step and its last lines', async () => {
    const { result } = await run(
      {
        ...IRIS,
        submission: {
          'metadata.yaml': 'description: broken\n',
          'model.py':
            'class model:\n    def fit(self, X, y):\n        raise ValueError("cannot fit on %d rows" % len(X))\n',
        },
      },
      { job: IRIS_JOB },
    );
    const f = failure(result);
    expect(f.code).toBe('program_error');
    expect(f.message).toMatch(
      /^the ingestion program \(prediction step\) exited with code 1; last lines of its stderr:\n[\s\S]*ValueError: cannot fit on 12 rows$/,
    );
  });

  it('a results submission that cannot be scored says what the scorer said and, before it, the ingestion', async () => {
    const { result } = await run({ ...IRIS, submission: { 'predictions.csv': '0\n' } }, { job: IRIS_JOB });
    const f = failure(result);
    expect(f.code).toBe('program_error');
    expect(f.message).toMatch(
      /^the scoring program \(scoring step\) exited with code 1; last lines of its stderr:\n[\s\S]*iris_test\.predict not found/,
    );
    expect(f.message).toMatch(
      /\n\nBefore that, the ingestion program \(prediction step\) failed on this results submission[\s\S]*No module named 'model'$/,
    );
  });
});

// --- A scorer that writes more than its columns (shortest_path, mini-automl). -------------------------------------
const PATHS_SCORER: RunParts['scoring_program'] = {
  'metadata.yaml': 'command: python3 /app/program/scoring.py\n',
  'scoring.py': `
import json, os
predictions = json.load(open('/app/input/res/predictions.json'))
costs = {name: len(path) for name, path in sorted(predictions.items())}
scores = {
    'score': sum(costs.values()) / len(costs),
    'all_costs': costs,
    'per_case': [{'graph': k, 'valid': v < 4} for k, v in costs.items()],
    'duration': '0.5',
    'note': 'paths checked',
}
print(scores)
open('/app/output/scores.json', 'w').write(json.dumps(scores))
`,
};

describe('scores.json: only the columns must be numbers', () => {
  it('keeps nested and other extra keys with the run as extra output and never fails on them', async () => {
    const { result, api } = await run(
      {
        scoring_program: PATHS_SCORER,
        submission: { 'predictions.json': JSON.stringify({ 'graph-0': [0, 2, 3], 'graph-1': [0, 1, 4, 5] }) },
      },
      { job: { scoreKeys: ['score', 'duration'] } },
    );
    expect(result).toEqual(
      expect.objectContaining({
        status: 'finished',
        scores: { score: 3.5, duration: 0.5 },
        unknownScoreKeys: [],
        extraScores: {
          all_costs: { 'graph-0': 3, 'graph-1': 4 },
          per_case: [
            { graph: 'graph-0', valid: true },
            { graph: 'graph-1', valid: false },
          ],
          note: 'paths checked',
        },
      }),
    );
    expect(api.logs.stderr.toString()).toBe('');
  });

  it('names a column the scorer gave no value for in the log, and still scores the run', async () => {
    const { result, api } = await run(
      { scoring_program: PATHS_SCORER, submission: { 'predictions.json': JSON.stringify({ g: [1] }) } },
      { job: { scoreKeys: ['score', 'duration', 'set2_score'] } },
    );
    expect(result).toMatchObject({ status: 'finished', scores: { score: 1, duration: 0.5 } });
    expect(api.logs.stderr.toString()).toBe(
      '=== arena ===\nscores.json gives no value for the leaderboard column "set2_score": the cells stay empty unless another task of the phase scores them\n',
    );
  });

  it('still fails a column whose value is not a number, naming it', async () => {
    const { result } = await run(
      { scoring_program: PATHS_SCORER, submission: { 'predictions.json': JSON.stringify({ g: [1] }) } },
      { job: { scoreKeys: ['score', 'note'] } },
    );
    expect(failure(result)).toMatchObject({
      code: 'invalid_scores',
      message: expect.stringMatching(
        /^the scoring program's scores.json: score "note" \(a leaderboard column\) is not a finite number \("paths checked"\); last lines of its stdout:\n\{'score': 1.0/,
      ),
    });
  });
});

// --- What a submission's metadata means. --------------------------------------------------------------------------
const ACCURACY: RunParts['scoring_program'] = {
  'metadata.yaml': 'command: python $program/score.py $input $output\n',
  'score.py': `
import os, sys
pred = open(os.path.join(sys.argv[1], 'res', 'predictions.txt')).read().split()
truth = open(os.path.join(sys.argv[1], 'ref', 'truth.txt')).read().split()
names = sorted(os.listdir(os.path.join(sys.argv[1], 'res')))
open(os.path.join(sys.argv[2], 'scores.txt'), 'w').write('accuracy: %f\\nfiles: %d\\n' % (sum(p == t for p, t in zip(pred, truth)) / len(truth), len(names)))
`,
};
const TRUTH = { 'truth.txt': '1\n0\n0\n' };

describe('submission metadata', () => {
  it('without a command and without an ingestion program, the submission is scored as results, as submitted', async () => {
    const { result, api } = await run({
      scoring_program: ACCURACY,
      reference_data: TRUTH,
      submission: { metadata: 'description: my results\n', 'predictions.txt': '1\n0\n0\n' },
    });
    expect(result).toMatchObject({ status: 'finished', scores: { accuracy: 1, files: 2 } });
    expect(result.stepsMs).toEqual({ scoring: expect.any(Number) });
    expect(api.logs.stdout.toString()).toBe('');
  });

  it('in a scoring-only phase, a submission with a command of its own is scored as results: nothing of it runs', async () => {
    const { result } = await run(
      {
        scoring_program: ACCURACY,
        reference_data: TRUTH,
        submission: {
          'metadata.yaml':
            "command: python3 -c \"open('/app/output/predictions.txt', 'w').write('0\\\\n0\\\\n0\\\\n')\"\n",
          'predictions.txt': '1\n0\n0\n',
        },
      },
      { job: { scoringOnly: true } },
    );
    expect(result).toMatchObject({ status: 'finished', scores: { accuracy: 1, files: 2 } });
    expect(result.stepsMs).toEqual({ scoring: expect.any(Number) });
  });

  it('outside a scoring-only phase, the same submission runs its command and its predictions are scored', async () => {
    const { result } = await run({
      scoring_program: ACCURACY,
      reference_data: TRUTH,
      submission: {
        'metadata.yaml':
          "command: python3 -c \"open('/app/output/predictions.txt', 'w').write('0\\\\n0\\\\n0\\\\n')\"\n",
        'predictions.txt': '1\n0\n0\n',
      },
    });
    expect(result).toMatchObject({ status: 'finished', scores: { accuracy: 0.666667, files: 1 } });
    expect(result.stepsMs).toEqual({ prediction: expect.any(Number), scoring: expect.any(Number) });
  });
});

// --- CodaLab v1 programs. -----------------------------------------------------------------------------------------
describe('CodaLab v1 programs', () => {
  it('a v1 scoring program zipped in its folder, run through $program/$input/$output, writing scores.txt as key: value lines', async () => {
    const { result } = await run(
      {
        scoring_program: {
          metadata:
            'command: python $program/evaluate.py $input $output\ndescription: Example competition evaluation program.\n',
          'evaluate.py': `
import os, sys
input_dir, output_dir = sys.argv[1], sys.argv[2]
submit_dir = os.path.join(input_dir, 'res')
truth_dir = os.path.join(input_dir, 'ref')
truth = float(open(os.path.join(truth_dir, 'answer.txt')).read())
answer = float(open(os.path.join(submit_dir, 'answer.txt')).read())
with open(os.path.join(output_dir, 'scores.txt'), 'w') as f:
    f.write('difference: %f\\n' % abs(truth - answer))
    f.write('Duration: 0.2\\n')
    f.write('comment: close enough\\n')
`,
        },
        reference_data: { 'answer.txt': '3.14159265359', metadata: 'This is the authoritative result.\n' },
        submission: { 'answer.txt': '3.1415' },
      },
      { programTopFolder: 'program', job: { scoreKeys: ['difference', 'Duration'] } },
    );
    expect(result).toMatchObject({
      status: 'finished',
      scores: { Duration: 0.2 },
      extraScores: { comment: 'close enough' },
    });
    expect(result.status === 'finished' && result.scores.difference).toBeCloseTo(0.000093, 6);
  });
});

// --- The default image. -------------------------------------------------------------------------------------------
describe('the default image, a stand-in for codalab/codalab-legacy:py3x', () => {
  it('has python and python3, the usual libraries, matplotlib without a display, and the usual tools', async () => {
    const { result, api } = await run(
      {
        scoring_program: {
          'metadata.yaml': 'command: sh $program/check.sh\n',
          'check.sh': `set -e
for tool in python python3 bash gawk zip unzip tar gzip bzip2 xz curl wget ps time find sed grep; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }; done
python - <<'PY'
import json, sys
import numpy, scipy, pandas, sklearn, matplotlib, seaborn, PIL, yaml, psutil, joblib, h5py, tqdm, requests
import matplotlib.pyplot as plt
plt.plot([1, 2]); plt.savefig('/app/output/plot.png')
print(matplotlib.get_backend())
json.dump({'python_major': sys.version_info[0], 'python_minor': sys.version_info[1]}, open('/app/output/scores.json', 'w'))
PY
`,
        },
        submission: { 'predictions.txt': '1\n' },
      },
      { job: { scoreKeys: ['python_major'] } },
    );
    expect(result).toMatchObject({ status: 'finished', scores: { python_major: 3 } });
    expect(api.logs.stdout.toString().toLowerCase()).toBe('agg\n');
    expect(api.logs.stderr.toString()).toBe('');
  });

  it('a Python 2 image fails the run with a message that says why and names WORKER_IMAGE_MAP', async () => {
    const { result } = await run(
      { scoring_program: ACCURACY, reference_data: TRUTH, submission: { 'predictions.txt': '1\n' } },
      { job: { image: 'codalab/codalab-legacy:py27' }, env: { WORKER_PULL_TIMEOUT_SEC: '20' } },
    );
    const f = failure(result);
    expect(f.code).toBe('image_unavailable');
    expect(f.message).toMatch(
      /^image codalab\/codalab-legacy:py27 is a Python 2 image, which this worker does not have: Python 2 images cannot be built here [\s\S]*WORKER_IMAGE_MAP \(codalab\/codalab-legacy:py27=<local image>\)/,
    );
    expect(result).toMatchObject({ exitCode: null, elapsedMs: 0 });
  });
});
