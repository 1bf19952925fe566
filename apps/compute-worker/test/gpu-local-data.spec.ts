import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult, ScoreJob } from '@arena/worker-protocol';
import { ApiClient } from '@worker/api-client/api-client';
import { runScoreJob } from '@worker/jobs/run-score-job';
import { createLogger } from '@worker/logger';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeApi } from './support/fake-api';
import { containersOfRun, docker, makeJob, makeZip, scoringProgram, scratch, testConfig } from './support/fixtures';

// Real Docker engine. This host has no NVIDIA runtime, which is what proves the GPU failure path.
const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
let root: { dir: string; cleanup: () => Promise<void> };
const runIds: string[] = [];
const apis: FakeApi[] = [];

beforeAll(async () => {
  root = await scratch('arena-worker-gpu-');
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

async function run(
  python: string,
  job: Partial<ScoreJob>,
  env: Record<string, string>,
  submission?: Record<string, string>,
) {
  const full = makeJob(job);
  runIds.push(full.runId);
  const base = join(root.dir, full.runId);
  await mkdir(base);
  const files = {
    scoring_program: await makeZip(join(base, 'program.zip'), scoringProgram(python)),
    submission: await makeZip(join(base, 'submission.zip'), submission ?? { 'predictions.txt': '1\n0\n1\n' }),
    reference_data: await makeZip(join(base, 'ref.zip'), { 'truth.txt': 'uploaded\n' }),
  };
  const api = new FakeApi(full.token, files);
  apis.push(api);
  const url = await api.listen();
  const config = testConfig(join(base, 'work'), { ARENA_API_URL: url, ...env });
  const client = new ApiClient({
    baseUrl: url,
    timeoutMs: 5000,
    logger,
    retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 100 },
  });
  const result = await runScoreJob(full, { config, docker, api: client.forRun(full.runId, full.token), logger });
  expect(api.results).toEqual([result]);
  return { result, api, config };
}

function failure(result: RunResult) {
  expect(result.status).toBe('failed');
  return result.status === 'failed' ? result.failure : { code: '', message: '' };
}

const COUNT_REF = `
import json, os
json.dump({'accuracy': len(os.listdir('/app/input/ref'))}, open('/app/output/scores.json', 'w'))
`;

describe('GPUs', () => {
  it('fails with a clear message and leaves no container when the host has no NVIDIA runtime', async () => {
    const { result, config } = await run(COUNT_REF, {}, { WORKER_GPUS: 'all' });
    const f = failure(result);
    expect(f.code).toBe('gpu_unavailable');
    expect(f.message).toMatch(/configured with GPUs \(WORKER_GPUS\) but Docker could not give them/);
    expect(f.message).toMatch(/NVIDIA Container Toolkit/);
    const left = await docker.listContainers({ all: true, filters: { label: [`arena.worker=${config.workerName}`] } });
    expect(left).toEqual([]);
  });

  it('refuses a job of a GPU queue on a worker without GPUs, before fetching or running anything', async () => {
    const { result, api } = await run(COUNT_REF, { requiresGpu: true }, {});
    expect(failure(result)).toEqual({
      code: 'gpu_unavailable',
      message: expect.stringMatching(
        /^the job requires GPU workers \(its phase or queue says so\) and this worker \(test-\w+\) has none/,
      ),
    });
    expect(api.calls.filter((c) => c.path.includes('/files/'))).toEqual([]);
  });
});

describe('worker-local data', () => {
  it('mounts the local folder read-only as reference data for the scoring step only', async () => {
    const data = join(root.dir, 'hospital-a');
    await mkdir(data, { recursive: true });
    await writeFile(join(data, 'a.txt'), 'secret\n');
    await writeFile(join(data, 'b.txt'), 'secret\n');
    await chmod(data, 0o755);
    // The code submission runs first and looks for the reference data: it must not see it.
    const submission = {
      'metadata.yaml': 'command: python3 /app/program/predict.py\n',
      'predict.py': "import os\nopen('/app/output/seen.txt', 'w').write(str(os.path.exists('/app/input/ref/a.txt')))\n",
    };
    const python = `
import json, os
ref = sorted(os.listdir('/app/input/ref'))
seen = open('/app/input/res/seen.txt').read()
try:
    open('/app/input/ref/c.txt', 'w')
    writable = 1
except OSError:
    writable = 0
json.dump({'accuracy': len(ref), 'seen': int(seen == 'True'), 'writable': writable}, open('/app/output/scores.json', 'w'))
`;
    const { result, api } = await run(
      python,
      {
        files: ['scoring_program', 'submission'],
        localData: { reference_data: 'hospital-a' },
        scoreKeys: ['accuracy', 'seen', 'writable'],
      },
      { WORKER_LOCAL_DATA: `hospital-a=${data}` },
      submission,
    );
    expect(result).toMatchObject({ status: 'finished', scores: { accuracy: 2, seen: 0, writable: 0 } });
    expect(api.calls.filter((c) => c.path.includes('/files/reference_data'))).toEqual([]);
  });

  it('fails the run when the worker holds no data of that name', async () => {
    const { result } = await run(
      COUNT_REF,
      { files: ['scoring_program', 'submission'], localData: { reference_data: 'ghost' } },
      {},
    );
    expect(failure(result)).toEqual({
      code: 'local_data_unavailable',
      message: expect.stringMatching(/this worker \(test-\w+\) holds no local data named ghost/),
    });
  });
});
