import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '@worker/config';
import { startWorker } from '@worker/worker';
import { HttpClient } from '../support/http-client';
import { deleteQueue } from '../support/rabbit-evidence';
import { startTestApi, type TestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_ENV } from '../support/test-env';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');
const LEASE_SEC = 60;

/** The broker's consumer statistics lag a few seconds behind: poll until `ok` holds. */
async function poll<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) {
      return v;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: still ${JSON.stringify(v)} after ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('workers visible to queue owners, and queues that require GPUs', () => {
  let tmp: string;
  let db: TestDatabase;
  let api: TestApi;
  let alice: HttpClient;
  let bob: HttpClient;
  const bobName = `bob${randomBytes(3).toString('hex')}`;
  let dave: HttpClient;
  let admin: HttpClient;
  const jobQueue = `arena.qworkers.${randomBytes(4).toString('hex')}`;
  const stops: (() => Promise<void>)[] = [];
  const queues: string[] = [];

  const worker = async (amqpUrl: string, env: Record<string, string>) => {
    const w = await startWorker(
      loadWorkerConfig({
        ARENA_API_URL: api.url,
        AMQP_URL: amqpUrl,
        WORKER_WORK_DIR: join(tmp, `w-${randomBytes(3).toString('hex')}`),
        WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.scoringImage}`,
        LOG_LEVEL: 'warn',
        ...env,
      }),
    );
    stops.push(() => w.stop());
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'arena-qworkers-'));
    db = await createTestDatabase();
    api = await startTestApi({
      DATABASE_URL: db.url,
      JOB_QUEUE: jobQueue,
      RUN_LEASE_SEC: String(LEASE_SEC),
      STORAGE_DIR: join(tmp, 's'),
      UPLOAD_TMP_DIR: join(tmp, 'u'),
      RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl,
    });
    const anon = new HttpClient(api.url);
    alice = await anon.signUp(`alice${randomBytes(3).toString('hex')}`);
    bob = await anon.signUp(bobName);
    dave = await anon.signUp(`dave${randomBytes(3).toString('hex')}`);
    const adminName = `root${randomBytes(3).toString('hex')}`;
    admin = await anon.signUp(adminName);
    await db.query('UPDATE users SET is_admin = true WHERE username = $1', [adminName]);
  });

  afterAll(async () => {
    for (const stop of stops) {
      await stop();
    }
    for (const id of queues) {
      await db.query('DELETE FROM competition_queues WHERE queue_id = $1', [id]).catch(() => undefined);
      await alice.json('DELETE', `/api/queues/${id}`).catch(() => undefined);
    }
    await api?.close();
    await db?.drop();
    await deleteQueue(jobQueue);
    await rm(tmp, { recursive: true, force: true });
  });

  it("lists a queue's workers with their capabilities, current run and last heartbeat, to its owners only", async () => {
    const created = await alice.json('POST', '/api/queues', { name: 'lab' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.requiresGpu).toBe(false);
    const q = created.body as { id: string; brokerUrl: string };
    queues.push(q.id);
    const name = `lab-${randomBytes(3).toString('hex')}`;
    await worker(q.brokerUrl, { WORKER_NAME: name, WORKER_LABELS: 'site=basement', WORKER_LOCAL_DATA: `scans=${tmp}` });

    const list = () => alice.json('GET', `/api/queues/${q.id}/workers`).then((r) => r.body);
    const [listed] = await poll(list, (l) => Array.isArray(l) && l.length === 1, 'workers of the queue');
    expect(listed).toMatchObject({
      name,
      version: '0.1.0',
      gpus: 'none',
      localData: ['scans'],
      labels: { site: 'basement' },
      currentRun: null,
    });
    expect(JSON.stringify(listed)).not.toContain(tmp);
    expect(Date.now() - new Date(listed.connectedSince).getTime()).toBeLessThan(60_000);

    // Not visible to others; shared users see it; a public queue shows its workers to its owners only.
    expect((await bob.json('GET', `/api/queues/${q.id}/workers`)).status).toBe(404);
    expect((await alice.json('POST', `/api/queues/${q.id}/shares`, { username: bobName })).status).toBe(204);
    expect((await bob.json('GET', `/api/queues/${q.id}/workers`)).status).toBe(200);
    expect((await alice.json('PATCH', `/api/queues/${q.id}`, { isPublic: true })).body.isPublic).toBe(true);
    expect((await dave.json('GET', `/api/queues/${q.id}/workers`)).status).toBe(403);
    expect((await bob.json('PATCH', `/api/queues/${q.id}`, { requiresGpu: true })).status).toBe(403);

    // A run in progress shows as the worker's current job, with its last heartbeat.
    const bundle = join(tmp, 'slow-bundle');
    await cp(join(EXAMPLE, 'bundle'), bundle, { recursive: true });
    const score = join(bundle, 'scoring_program', 'score.py');
    await writeFile(score, (await readFile(score, 'utf8')).replace('import json', 'import json, time\ntime.sleep(6)'));
    const competition = (
      await alice.upload('/api/competitions', 'bundle', await zipFolder(bundle, join(tmp, 'slow.zip')))
    ).body;
    await alice.publish(competition.id);
    expect((await alice.json('PUT', `/api/competitions/${competition.id}/queue`, { queueId: q.id })).status).toBe(204);
    const participant = await new HttpClient(api.url).signUp(`p${randomBytes(3).toString('hex')}`);
    await participant.json('POST', `/api/competitions/${competition.id}/participation`, { acceptTerms: true });
    const results = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'r.zip'));
    const submitted = await participant.upload(`/api/phases/${competition.phases[0].id}/submissions`, 'file', results);
    expect(submitted.status).toBe(201);
    const [busy] = await poll(list, (l) => l[0]?.currentRun !== null, 'the current run');
    const runs = await db.query<{ id: string }>('SELECT id FROM runs WHERE submission_id = $1', [submitted.body.id]);
    // A CPU worker reports an empty GPU list in its heartbeats.
    expect(busy.currentRun).toMatchObject({ runId: runs[0].id, submissionId: submitted.body.id, gpus: [] });
    const beat = new Date(busy.currentRun.lastHeartbeatAt).getTime();
    expect(new Date(busy.currentRun.leaseExpiresAt).getTime() - beat).toBe(LEASE_SEC * 1000);
    expect(Math.abs(Date.now() - beat)).toBeLessThan(15_000);
    await poll(
      () => participant.json('GET', `/api/submissions/${submitted.body.id}`).then((r) => r.body.status),
      (s) => s === 'finished',
      'the slow submission',
      60_000,
    );
    await poll(list, (l) => l[0]?.currentRun === null, 'the worker idle again');

    // The queue now requires GPUs: this worker has none, so the run fails with that reason instead of waiting.
    const patched = await alice.json('PATCH', `/api/queues/${q.id}`, { requiresGpu: true });
    expect(patched.body.requiresGpu).toBe(true);
    const gpuJob = await participant.upload(`/api/phases/${competition.phases[0].id}/submissions`, 'file', results);
    const [stored] = await db.query<{ job: any }>('SELECT job FROM runs WHERE submission_id = $1', [gpuJob.body.id]);
    expect(stored.job.requiresGpu).toBe(true);
    // The job's token travels only in the message; the row keeps its hash.
    expect(stored.job).not.toHaveProperty('token');
    const failed = await poll(
      () => participant.json('GET', `/api/submissions/${gpuJob.body.id}`).then((r) => r.body),
      (s) => s.status === 'failed' || s.status === 'finished',
      'the GPU job',
      60_000,
    );
    expect(failed.runs[0]).toMatchObject({
      failureCode: 'gpu_unavailable',
      failureMessage: expect.stringContaining(
        `the job requires GPU workers (its phase or queue says so) and this worker (${name}) has none`,
      ),
    });

    // A phase can require GPUs on a queue that does not.
    expect((await alice.json('PATCH', `/api/queues/${q.id}`, { requiresGpu: false })).body.requiresGpu).toBe(false);
    const phaseId = competition.phases[0].id;
    const edited = await alice.json('PATCH', `/api/competitions/${competition.id}/phases/${phaseId}`, {
      requiresGpu: true,
    });
    expect(edited.status, JSON.stringify(edited.body)).toBeLessThan(300);
    const shown = await participant.json('GET', `/api/competitions/${competition.id}`);
    expect(shown.body.phases[0].requiresGpu).toBe(true);
    expect(String((await alice.json('GET', `/api/competitions/${competition.id}/yaml`)).body)).toContain(
      'requires_gpu: true',
    );
    const phaseGpuJob = await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', results);
    const [phaseStored] = await db.query<{ job: any }>('SELECT job FROM runs WHERE submission_id = $1', [
      phaseGpuJob.body.id,
    ]);
    expect(phaseStored.job.requiresGpu).toBe(true);
    const phaseFailed = await poll(
      () => participant.json('GET', `/api/submissions/${phaseGpuJob.body.id}`).then((r) => r.body),
      (s) => s.status === 'failed' || s.status === 'finished',
      'the job of the GPU phase',
      60_000,
    );
    expect(phaseFailed.runs[0].failureCode).toBe('gpu_unavailable');
  });

  it('a GPU worker reports its GPUs at start; without an NVIDIA runtime the run fails with that reason', async () => {
    const created = await alice.json('POST', '/api/queues', { name: 'gpu-box', requiresGpu: true });
    const q = created.body as { id: string; brokerUrl: string };
    queues.push(q.id);
    await worker(q.brokerUrl, { WORKER_NAME: `gpu-${randomBytes(3).toString('hex')}`, WORKER_GPUS: 'all' });
    const competition = (
      await alice.upload('/api/competitions', 'bundle', await zipFolder(join(EXAMPLE, 'bundle'), join(tmp, 'g.zip')))
    ).body;
    await alice.publish(competition.id);
    expect((await alice.json('PUT', `/api/competitions/${competition.id}/queue`, { queueId: q.id })).status).toBe(204);
    const participant = await new HttpClient(api.url).signUp(`g${randomBytes(3).toString('hex')}`);
    await participant.json('POST', `/api/competitions/${competition.id}/participation`, { acceptTerms: true });
    const results = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'g-r.zip'));
    const submitted = await participant.upload(`/api/phases/${competition.phases[0].id}/submissions`, 'file', results);
    const failed = await poll(
      () => participant.json('GET', `/api/submissions/${submitted.body.id}`).then((r) => r.body),
      (s) => s.status === 'failed' || s.status === 'finished',
      'the GPU run',
      60_000,
    );
    // This machine has no NVIDIA runtime (nor nvidia-smi): the worker reported the configured selection.
    expect(failed.runs[0]).toMatchObject({ failureCode: 'gpu_unavailable', workerGpus: ['all'] });
    expect(failed.runs[0].failureMessage).toMatch(/NVIDIA Container Toolkit/);
  });

  it("shows the default queue's workers to admins only", async () => {
    const name = `pool-${randomBytes(3).toString('hex')}`;
    await worker(TEST_ENV.amqpUrl, { WORKER_NAME: name, WORKER_QUEUE: jobQueue });
    expect((await alice.json('GET', '/api/queues/default/workers')).status).toBe(403);
    const listed = await poll(
      () => admin.json('GET', '/api/queues/default/workers').then((r) => r.body),
      (l) => Array.isArray(l) && l.some((w: any) => w.name === name),
      'workers of the default queue',
    );
    expect(listed.find((w: any) => w.name === name)).toMatchObject({ gpus: 'none', currentRun: null });
  });

  it('creates a queue that requires GPUs', async () => {
    const created = await alice.json('POST', '/api/queues', { name: 'gpu', requiresGpu: true });
    expect(created.status).toBe(201);
    queues.push(created.body.id);
    expect((await alice.json('GET', `/api/queues/${created.body.id}`)).body).toMatchObject({ requiresGpu: true });
  });
});
