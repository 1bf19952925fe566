import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SafeZip } from '@arena/safe-zip';
import type { RunResult, ScoreJob } from '@arena/worker-protocol';
import { cleanupOrphans } from '@worker/docker/orphan-cleanup';
import { createLogger } from '@worker/logger';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeApi } from './support/fake-api';
import { runJob, type RunParts } from './support/run-job';
import { containersOfRun, docker, scoringProgram, scratch, testConfig } from './support/fixtures';

// Real Docker engine, image arena/python:3.11 (bundles name codalab/codalab-legacy:py37, mapped by the config).
const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
let root: { dir: string; cleanup: () => Promise<void> };
const runIds: string[] = [];
const apis: FakeApi[] = [];

beforeAll(async () => {
  root = await scratch('arena-worker-it-');
});

afterAll(async () => {
  await root.cleanup();
});

afterEach(async () => {
  for (const api of apis.splice(0)) {
    await api.close();
  }
  // Whatever happened, no container of these runs may remain.
  for (const runId of runIds.splice(0)) {
    expect(await containersOfRun(runId)).toEqual([]);
  }
});

interface RunOptions {
  job?: Partial<ScoreJob>;
  env?: Record<string, string>;
  program?: Record<string, string>;
  programTopFolder?: string;
  submission?: Record<string, string>;
  ingestion?: Record<string, string>;
  inputData?: Record<string, string>;
}

async function run(python: string, options: RunOptions = {}) {
  const parts: RunParts = {
    scoring_program: options.program ?? scoringProgram(python),
    submission: options.submission ?? { 'predictions.txt': '1\n0\n1\n' },
    reference_data: { 'truth.txt': '1\n0\n0\n' },
    ...(options.ingestion ? { ingestion_program: options.ingestion } : {}),
    ...(options.inputData ? { input_data: options.inputData } : {}),
  };
  // The job's files are the test's own choice where it names them (some name fewer than the parts).
  return runJob({ rootDir: root.dir, logger, runIds, apis }, parts, options);
}

function failure(result: RunResult) {
  expect(result.status).toBe('failed');
  return result.status === 'failed' ? result.failure : { code: '', message: '' };
}

describe('scoring in a real container', () => {
  it('reports the scores a program writes, with output and logs uploaded', async () => {
    const { result, api } = await run(`
import json, os, sys
pred = open(os.path.join(sys.argv[1], 'res', 'predictions.txt')).read().split()
truth = open(os.path.join(sys.argv[1], 'ref', 'truth.txt')).read().split()
acc = sum(p == t for p, t in zip(pred, truth)) / len(truth)
print('scored', len(truth), 'lines')
print('a warning', file=sys.stderr)
json.dump({'accuracy': acc, 'extra': 1}, open(os.path.join(sys.argv[2], 'scores.json'), 'w'))
open(os.path.join(sys.argv[2], 'detailed_results.html'), 'w').write('<p>ok</p>')
`);
    expect(result).toMatchObject({
      status: 'finished',
      scores: { accuracy: 2 / 3, extra: 1 },
      unknownScoreKeys: ['extra'],
      exitCode: 0,
    });
    expect(result.elapsedMs).toBeGreaterThan(0);
    expect(api.logs.stdout.toString()).toBe('scored 3 lines\n');
    expect(api.logs.stderr.toString()).toBe('a warning\n');
    const zip = await SafeZip.open(api.outputZip!);
    try {
      expect(zip.entries.map((e) => e.name).sort()).toEqual(['detailed_results.html', 'scores.json']);
      expect(JSON.parse(await zip.readText('scores.json', 1000))).toEqual({ accuracy: 2 / 3, extra: 1 });
    } finally {
      zip.close();
    }
    // Output goes up before the logs, and the result comes last.
    const order = api.calls.map((c) => c.path.split('/').slice(5).join('/'));
    expect(order.slice(-4)).toEqual(['output', 'logs/stdout', 'logs/stderr', 'result']);
  });

  it('gives the container user its files under a strict umask', async () => {
    const previous = process.umask(0o077);
    try {
      const { result } = await run(`
import json
n = len(open('/app/input/ref/truth.txt').read())
json.dump({'n': n}, open('/app/output/scores.json', 'w'))
`);
      expect(result).toMatchObject({ status: 'finished', scores: { n: 6 } });
    } finally {
      process.umask(previous);
    }
  });

  it('runs the program as uid 65534', async () => {
    const { result } = await run(`
import json, os
json.dump({'uid': os.getuid(), 'gid': os.getgid()}, open('/app/output/scores.json', 'w'))
`);
    expect(result).toMatchObject({ status: 'finished', scores: { uid: 65534, gid: 65534 } });
  });

  it('has no network', async () => {
    const { result } = await run(`
import json, socket
try:
    socket.create_connection(('1.1.1.1', 53), timeout=2)
    blocked = 0
except OSError:
    blocked = 1
json.dump({'blocked': blocked}, open('/app/output/scores.json', 'w'))
`);
    expect(result).toMatchObject({ status: 'finished', scores: { blocked: 1 } });
  });

  it('has a read-only root filesystem and read-only inputs, but a writable /tmp', async () => {
    const { result } = await run(`
import json
def fails(path):
    try:
        open(path, 'w').write('x')
        return 0
    except OSError:
        return 1
open('/tmp/scratch', 'w').write('fine')
json.dump({'etc': fails('/etc/x'), 'ref': fails('/app/input/ref/x'), 'program': fails('/app/program/x'),
           'tmp': 1 - fails('/tmp/y')}, open('/app/output/scores.json', 'w'))
`);
    expect(result).toMatchObject({ status: 'finished', scores: { etc: 1, ref: 1, program: 1, tmp: 1 } });
  });

  it('kills a program that runs past its time limit', async () => {
    const { result, wallMs, api } = await run('import time\ntime.sleep(60)\n', {
      job: { limits: { timeLimitSec: 3, memoryMb: 128, cpus: 1, pids: 32 } },
    });
    expect(failure(result)).toEqual({
      code: 'time_limit_exceeded',
      message:
        'the scoring program (scoring step) ran past the time limit of 3 s (one limit covers the whole run) (it wrote nothing to stdout or stderr)',
    });
    expect(result.exitCode).toBeNull();
    expect(result.elapsedMs).toBeGreaterThanOrEqual(3000);
    expect(result.elapsedMs).toBeLessThan(6000);
    expect(wallMs).toBeLessThan(10_000);
    expect(api.outputZip).toBeDefined();
  });

  it('reports out of memory when the program exceeds its memory limit', async () => {
    const { result } = await run("blocks = []\nwhile True:\n    blocks.append(b'x' * (8 * 1024 * 1024))\n", {
      job: { limits: { timeLimitSec: 30, memoryMb: 64, cpus: 1, pids: 32 } },
    });
    // The shell that ran the program may say "Killed" on stderr.
    expect(failure(result)).toMatchObject({
      code: 'out_of_memory',
      message: expect.stringMatching(
        /^the scoring program \(scoring step\) ran out of memory: it used more than 64 MB \(exit 137\)/,
      ),
    });
    expect(result.exitCode).toBe(137);
  });

  it('caps the worker limits below the job limits', async () => {
    const { result } = await run(
      `
import json, os
def first(*paths):
    return int(open(next(p for p in paths if os.path.exists(p))).read())
# cgroup v1 paths first (this machine), then v2
limit = first('/sys/fs/cgroup/memory/memory.limit_in_bytes', '/sys/fs/cgroup/memory.max')
pids = first('/sys/fs/cgroup/pids/pids.max', '/sys/fs/cgroup/pids.max')
json.dump({'memory_mb': limit // (1024 * 1024), 'pids': pids}, open('/app/output/scores.json', 'w'))
`,
      { env: { WORKER_MAX_MEMORY_MB: '96', WORKER_MAX_PIDS: '20' } },
    );
    expect(result).toMatchObject({ status: 'finished', scores: { memory_mb: 96, pids: 20 } });
  });

  it('keeps only the first bytes of a huge stdout, with a marker', async () => {
    const { result, api, config } = await run('', {
      program: {
        'metadata.yaml': `command: python3 -c "import sys; sys.stdout.write('x'*50_000_000)" && python3 score.py\n`,
        'score.py': "open('/app/output/scores.txt', 'w').write('accuracy: 1')",
      },
    });
    expect(result).toMatchObject({ status: 'finished', scores: { accuracy: 1 } });
    const stdout = api.logs.stdout.toString();
    expect(stdout.startsWith('x'.repeat(config.logMaxBytes))).toBe(true);
    expect(stdout.slice(config.logMaxBytes)).toBe(
      `\n[arena: stdout truncated after ${config.logMaxBytes} bytes; 50000000 bytes written]\n`,
    );
  });

  it('stays small in memory while a program prints 400 MB', async () => {
    const samples: number[] = [];
    const before = process.memoryUsage().rss;
    const timer = setInterval(() => samples.push(process.memoryUsage().rss), 10);
    let outcome;
    try {
      outcome = await run(`
import json, sys
chunk = 'x' * 1_000_000
for _ in range(400):
    sys.stdout.write(chunk)
print('the end', file=sys.stderr)
json.dump({'accuracy': 1}, open('/app/output/scores.json', 'w'))
`);
    } finally {
      clearInterval(timer);
    }
    const { result, api, config } = outcome;
    expect(result).toMatchObject({ status: 'finished' });
    expect(api.logs.stdout.length).toBeLessThan(config.logMaxBytes + 200);
    expect(api.logs.stderr.toString()).toBe('the end\n');
    // Measured here: about 50 MB of allocator slack whether the program prints 50 MB or 1 GB. Holding the stream
    // would cost at least 400 MB.
    const peakGrowthMb = (Math.max(...samples) - before) / 1024 / 1024;
    expect(peakGrowthMb).toBeLessThan(150);
  });

  it('names the exit code and the end of stderr when the program fails', async () => {
    const { result, api } = await run(`
import sys
print('loading')
print('bad input file', file=sys.stderr)
sys.exit(3)
`);
    const f = failure(result);
    expect(f.code).toBe('program_error');
    expect(f.message).toBe(
      'the scoring program (scoring step) exited with code 3; last lines of its stderr:\nbad input file',
    );
    expect(result.exitCode).toBe(3);
    expect(api.logs.stdout.toString()).toBe('loading\n');
  });

  it('fails with no_scores or invalid_scores', async () => {
    const none = await run("print('forgot the scores')\n");
    expect(failure(none.result)).toEqual({
      code: 'no_scores',
      message:
        'the scoring program wrote no scores.json or scores.txt in /app/output; last lines of its stdout:\nforgot the scores',
    });
    const bad = await run("open('/app/output/scores.txt', 'w').write('accuracy: lots\\n')\n");
    expect(failure(bad.result)).toMatchObject({ code: 'invalid_scores', message: /score "accuracy"/ });
    const link = await run("import os\nos.symlink('/etc/passwd', '/app/output/scores.json')\n");
    expect(failure(link.result)).toMatchObject({ code: 'invalid_scores', message: /symbolic link/ });
  });

  it('fails with output_too_large when the output exceeds its cap', async () => {
    const { result, api } = await run(
      `
import json
open('/app/output/big.bin', 'wb').write(b'0' * 3_000_000)
json.dump({'a': 1}, open('/app/output/scores.json', 'w'))
`,
      { env: { WORKER_OUTPUT_MAX_BYTES: '1000000' } },
    );
    expect(failure(result).code).toBe('output_too_large');
    expect(api.outputZip).toBeUndefined();
  });

  it('stops a program whose many small files pass the output cap while it runs', async () => {
    const { result, wallMs } = await run(
      `
import time
i = 0
while True:
    open('/app/output/part%d' % i, 'wb').write(b'0' * 500_000)
    i += 1
    time.sleep(0.05)
`,
      {
        env: { WORKER_OUTPUT_MAX_BYTES: '5000000' },
        job: { limits: { timeLimitSec: 60, memoryMb: 128, cpus: 1, pids: 32 } },
      },
    );
    expect(failure(result)).toMatchObject({ code: 'output_too_large', message: /over the cap of 5000000 bytes/ });
    expect(result.exitCode).toBeNull();
    expect(wallMs).toBeLessThan(10_000);
  });

  it('reads a program zipped inside a folder, with a metadata file and $vars', async () => {
    const { result } = await run('', {
      programTopFolder: 'my_program',
      program: {
        metadata: 'command: python3 $program/score.py $hidden $predictions $output\n',
        'score.py': [
          'import os, sys',
          'n = len(os.listdir(sys.argv[1]))',
          "open(sys.argv[3] + '/scores.txt', 'w').write('accuracy: \"0.5\"\\nref_files: %d\\n' % n)",
        ].join('\n'),
      },
    });
    expect(result).toMatchObject({ status: 'finished', scores: { accuracy: 0.5, ref_files: 1 } });
  });

  it('fails bad bundles and unknown images without running anything', async () => {
    const noMeta = await run('', { program: { 'score.py': 'print(1)' } });
    expect(failure(noMeta.result)).toEqual({
      code: 'bad_bundle',
      message: 'the scoring program has no metadata.yaml with a command',
    });
    expect(noMeta.result).toMatchObject({ exitCode: null, elapsedMs: 0 });
    expect(noMeta.api.outputZip).toBeUndefined();

    const image = await run('print(1)', { job: { image: 'codalab/other:1' }, env: { WORKER_PULL_TIMEOUT_SEC: '20' } });
    expect(failure(image.result).code).toBe('image_unavailable');
    expect(failure(image.result).message).toMatch(/^image codalab\/other:1 is not available on this worker: /);

    const mapped = await run('print(1)', {
      env: { WORKER_IMAGE_MAP: 'codalab/*=arena/nope:0', WORKER_PULL_TIMEOUT_SEC: '20' },
    });
    expect(failure(mapped.result).message).toMatch(
      /^image codalab\/codalab-legacy:py37 \(mapped to arena\/nope:0\) is not available on this worker: /,
    );

    const noCommand = await run('print(1)', {
      job: { files: ['scoring_program', 'submission', 'reference_data', 'ingestion_program'] },
      ingestion: { 'ingest.py': 'print(1)\n' },
    });
    expect(failure(noCommand.result)).toEqual({
      code: 'bad_bundle',
      message: 'the ingestion program has no metadata.yaml with a command',
    });
  });
});

// Scores accuracy of /app/input/res/predictions.txt against the reference, plus what the prediction step saw.
const SCORER = `
import json, os, sys
pred = open('/app/input/res/predictions.txt').read().split()
truth = open('/app/input/ref/truth.txt').read().split()
seen = json.load(open('/app/input/res/seen.json'))
json.dump({'accuracy': sum(p == t for p, t in zip(pred, truth)) / len(truth), **seen}, open('/app/output/scores.json', 'w'))
`;
const FILES = ['scoring_program', 'submission', 'reference_data', 'input_data'] as const;
const SEEN = `json.dump({'ref_visible': int(os.path.exists('/app/input/ref')), 'uid': os.getuid()}, open(os.path.join(out, 'seen.json'), 'w'))`;

describe('code submissions and ingestion programs: a prediction step, then the scoring step', () => {
  it('runs a code submission on the input data, without the reference data, then scores its predictions', async () => {
    const { result, api } = await run(SCORER, {
      job: { files: [...FILES], scoreKeys: ['accuracy', 'ref_visible', 'uid'] },
      inputData: { 'x.txt': '5\n-2\n7\n' },
      submission: {
        'metadata.yaml': 'command: python3 $program/predict.py $input $output\n',
        'predict.py': `import json, os, sys\nxs = open(os.path.join(sys.argv[1], 'x.txt')).read().split()\nout = sys.argv[2]\nopen(os.path.join(out, 'predictions.txt'), 'w').write('\\n'.join('1' if int(x) > 0 else '0' for x in xs))\n${SEEN}\n`,
      },
    });
    expect(result).toMatchObject({ status: 'finished', scores: { accuracy: 2 / 3, ref_visible: 0, uid: 65534 } });
    expect(result.stepsMs).toEqual({ prediction: expect.any(Number), scoring: expect.any(Number) });
    expect(api.logs.stdout.toString()).toMatch(/=== submission ===[\s\S]*=== scoring program ===/);
  });

  it('runs the ingestion program with the submission mounted at /app/ingested_program', async () => {
    const { result } = await run(SCORER, {
      job: { files: [...FILES, 'ingestion_program'], scoreKeys: ['accuracy', 'ref_visible', 'uid'] },
      inputData: { 'x.txt': '5\n-2\n-7\n' },
      ingestion: {
        'metadata.yaml': 'command: python3 $ingestion_program/ingest.py $input $output $submission_program\n',
        'ingest.py': `import json, os, sys\nsys.path.insert(0, sys.argv[3])\nfrom model import predict\nout = sys.argv[2]\nxs = [int(x) for x in open(os.path.join(sys.argv[1], 'x.txt')).read().split()]\nopen(os.path.join(out, 'predictions.txt'), 'w').write('\\n'.join(str(predict(x)) for x in xs))\n${SEEN}\n`,
      },
      submission: { 'model.py': 'def predict(x):\n    return 1 if x > 0 else 0\n' },
    });
    expect(result).toMatchObject({ status: 'finished', scores: { accuracy: 1, ref_visible: 0 } });
  });

  it('names the step that failed, and keeps one time limit over the whole run', async () => {
    const crash = await run(SCORER, {
      job: { files: [...FILES] },
      inputData: { 'x.txt': '1\n' },
      submission: { 'metadata.yaml': 'command: python3 -c "import sys; sys.exit(2)"\n' },
    });
    expect(failure(crash.result)).toMatchObject({
      code: 'program_error',
      message: 'the submission (prediction step) exited with code 2 (it wrote nothing to stdout or stderr)',
    });

    const slow = await run('import time; time.sleep(2)', {
      job: { files: [...FILES], limits: { timeLimitSec: 3, memoryMb: 256, cpus: 1, pids: 64 } },
      inputData: { 'x.txt': '1\n' },
      submission: { 'metadata.yaml': 'command: sleep 2\n' },
    });
    expect(failure(slow.result)).toMatchObject({
      code: 'time_limit_exceeded',
      message: expect.stringMatching(/^the scoring program \(scoring step\) ran past the time limit of 3 s/),
    });
    expect(slow.wallMs).toBeLessThan(6000);
  });
});

describe('orphan cleanup', () => {
  it("removes this worker's containers and run folders, and nobody else's", async () => {
    const { dir, cleanup } = await scratch('arena-orphans-');
    const config = testConfig(dir);
    const mine = await docker.createContainer({
      Image: 'arena/python:3.11',
      Cmd: ['sleep', '60'],
      Labels: { 'arena.worker': config.workerName, 'arena.run': 'orphan' },
    });
    const theirs = await docker.createContainer({
      Image: 'arena/python:3.11',
      Cmd: ['sleep', '60'],
      Labels: { 'arena.worker': `${config.workerName}-other` },
    });
    try {
      await mine.start();
      await mkdir(join(dir, 'runs', 'old-run-1', 'output'), { recursive: true });
      await writeFile(join(dir, 'runs', 'old-run-1', 'output', 'x'), 'x');
      await cleanupOrphans(docker, config.workerName, join(dir, 'runs'), logger);
      const filters = { label: [`arena.worker=${config.workerName}`] };
      const left = await docker.listContainers({ all: true, filters });
      expect(left).toEqual([]);
      await expect(theirs.inspect()).resolves.toBeDefined();
      expect(await readdir(join(dir, 'runs'))).toEqual([]);
    } finally {
      await theirs.remove({ force: true });
      await mine.remove({ force: true }).catch(() => undefined);
      await cleanup();
    }
  });
});

describe('hostile programs: each gets its verdict, the host is unharmed, no container is left', () => {
  const tight = { timeLimitSec: 4, memoryMb: 128, cpus: 1, pids: 64 };

  it('a fork bomb hits the process cap', async () => {
    const { result, wallMs } = await run('import os\nwhile True:\n    os.fork()\n', { job: { limits: tight } });
    expect(['program_error', 'time_limit_exceeded']).toContain(failure(result).code);
    expect(wallMs).toBeLessThan(15_000);
  });

  it('filling the disk stops at the capped /tmp (the root filesystem is read-only)', async () => {
    const { result } = await run(
      "chunk = b'x' * 2**20\nwith open('/tmp/fill', 'wb') as f:\n    while True:\n        f.write(chunk)\n",
      { job: { limits: tight }, env: { WORKER_TMPFS_MB: '16' } },
    );
    expect(failure(result)).toMatchObject({
      code: 'program_error',
      message: expect.stringMatching(/No space left on device/),
    });
  });

  it('a program that ignores SIGTERM is still stopped at the time limit', async () => {
    const { result, wallMs } = await run(
      'import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ntime.sleep(60)\n',
      { job: { limits: { ...tight, timeLimitSec: 2 } } },
    );
    expect(failure(result)).toMatchObject({
      code: 'time_limit_exceeded',
      message: expect.stringMatching(/ran past the time limit of 2 s/),
    });
    expect(wallMs).toBeLessThan(8000);
  });

  it('participant code cannot write the scores: its scores.json lands among the predictions, not in the output', async () => {
    const { result } = await run(SCORER, {
      job: { files: [...FILES], scoreKeys: ['accuracy', 'ref_visible', 'uid'] },
      inputData: { 'x.txt': '1\n' },
      submission: {
        'metadata.yaml': 'command: python3 $program/cheat.py $output\n',
        'cheat.py': `import json, os, sys\nout = sys.argv[1]\njson.dump({'accuracy': 1.0}, open(os.path.join(out, 'scores.json'), 'w'))\nopen(os.path.join(out, 'predictions.txt'), 'w').write('0\\n0\\n0\\n')\n${SEEN}\n`,
      },
    });
    expect(result).toMatchObject({ status: 'finished', scores: { accuracy: 2 / 3 } });
  });

  it('a symlink in the output does not carry host files out, and a symlinked scores.json is refused', async () => {
    const leak = await run(
      "import json, os\nos.symlink('/etc/shadow', '/app/output/leak')\njson.dump({'accuracy': 0.5}, open('/app/output/scores.json', 'w'))\n",
    );
    expect(leak.result).toMatchObject({ status: 'finished', scores: { accuracy: 0.5 } });
    const zip = await SafeZip.open(leak.api.outputZip!);
    expect(zip.entries.map((e) => e.name)).not.toContain('leak');
    zip.close();

    const linked = await run("import os\nos.symlink('/app/input/ref/truth.txt', '/app/output/scores.json')\n");
    expect(failure(linked.result).code).toBe('invalid_scores');
  });
});
