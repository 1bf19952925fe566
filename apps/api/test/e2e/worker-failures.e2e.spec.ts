import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { workerRoutes } from '@arena/worker-protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '@worker/config';
import { startWorker } from '@worker/worker';
import { HttpClient } from '../support/http-client';
import { containersForRun } from '../support/docker-evidence';
import { type Platform, startPlatform } from '../support/platform';
import { waitForQueueStats } from '../support/rabbit-evidence';
import { takeJob } from '../support/take-job';
import type { TestApi } from '../support/test-api';
import type { TestDatabase } from '../support/test-database';
import { TEST_ENV } from '../support/test-env';
import { removeContainersOf, spawnWorker } from '../support/worker-process';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');
const LEASE_SEC = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('never stuck, never scored twice: workers that die or hang', () => {
  let platform: Platform;
  let tmp: string;
  let db: TestDatabase;
  let api: TestApi;
  let queue: string;
  let participant: HttpClient;
  let phaseId: string;
  let results: string;
  const children: ChildProcess[] = [];
  const workerNames: string[] = [];
  const inProcess: { stop(): Promise<void> }[] = [];

  const workerEnv = (name: string) => ({
    ARENA_API_URL: api.url,
    AMQP_URL: TEST_ENV.amqpUrl,
    WORKER_QUEUE: queue,
    WORKER_NAME: name,
    WORKER_WORK_DIR: join(tmp, `work-${name}`),
    WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.scoringImage}`,
    WORKER_HEARTBEAT_SEC: '0.5',
    LOG_LEVEL: 'warn',
  });
  const newName = (prefix: string) => {
    const name = `${prefix}-${randomBytes(3).toString('hex')}`;
    workerNames.push(name);
    return name;
  };

  async function submission(id: string) {
    return (await participant.json('GET', `/api/submissions/${id}`)).body;
  }

  async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (v !== undefined) {
        return v;
      }
      if (Date.now() > deadline) {
        throw new Error(`${what} not within ${timeoutMs} ms`);
      }
      await sleep(100);
    }
  }

  const ended = (id: string) => async () => {
    const s = await submission(id);
    return ['finished', 'failed'].includes(s.status) ? s : undefined;
  };

  beforeAll(async () => {
    // Each test starts its own workers (spawned or in-process) and kills them its own way.
    platform = await startPlatform({
      prefix: 'failures',
      worker: false,
      apiEnv: { RUN_LEASE_SEC: String(LEASE_SEC), LEASE_SWEEP_INTERVAL_MS: '250', RUN_MAX_ATTEMPTS: '3' },
    });
    ({ tmp, db, api, queue } = platform);
    // The example competition, with a scoring program slow enough to be interrupted mid-run.
    const bundleDir = join(tmp, 'bundle');
    await cp(join(EXAMPLE, 'bundle'), bundleDir, { recursive: true });
    await writeFile(
      join(bundleDir, 'scoring_program/metadata.yaml'),
      'command: for i in 1 2 3 4 5 6 7 8; do echo tick $i; sleep 1; done; python3 $program/score.py $input $output\n',
    );
    const anon = new HttpClient(api.url);
    const organizer = await anon.signUp(`org${randomBytes(3).toString('hex')}`);
    const competition = (
      await organizer.upload('/api/competitions', 'bundle', await zipFolder(bundleDir, join(tmp, 'b.zip')))
    ).body;
    await organizer.publish(competition.id);
    phaseId = competition.phases[0].id;
    participant = await anon.signUp(`ada${randomBytes(3).toString('hex')}`);
    await participant.json('POST', `/api/competitions/${competition.id}/participation`, { acceptTerms: true });
    results = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'r.zip'));
  });

  afterEach(async () => {
    for (const w of inProcess.splice(0)) {
      await w.stop();
    }
    for (const c of children.splice(0)) {
      c.kill('SIGCONT');
      c.kill('SIGKILL');
    }
    for (const name of workerNames.splice(0)) {
      await removeContainersOf(name);
    }
  });

  afterAll(async () => {
    await platform?.close();
  });

  async function submitAndWaitRunningOn(workerName: string): Promise<string> {
    const r = await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', results);
    expect(r.status).toBe(201);
    await until(
      `running on ${workerName}`,
      async () => {
        const s = await submission(r.body.id);
        return s.status === 'running' && s.runs[0].workerName === workerName ? s : undefined;
      },
      30_000,
    );
    await sleep(1000); // into the container's run
    return r.body.id;
  }

  it('kill -9 of the worker mid-run: another worker scores the submission once, within lease + 30 s', async () => {
    const first = newName('doomed');
    const child = spawnWorker(workerEnv(first));
    children.push(child);
    const id = await submitAndWaitRunningOn(first);
    child.kill('SIGKILL');
    const killedAt = Date.now();

    const second = newName('rescuer');
    inProcess.push(await startWorker(loadWorkerConfig(workerEnv(second))));
    const done = await until('the submission ends', ended(id), (LEASE_SEC + 30) * 1000);
    expect(Date.now() - killedAt).toBeLessThan((LEASE_SEC + 30) * 1000);
    expect(done.status, JSON.stringify(done)).toBe('finished');
    expect(done.scores.accuracy).toBeCloseTo(0.84, 10);
    expect(done.runs).toHaveLength(1);
    expect(done.runs[0].workerName).toBe(second);
  });

  it('SIGSTOP of the worker: its lease expires, the run is re-dispatched, and the hung worker cannot report when it wakes', async () => {
    const first = newName('frozen');
    const child = spawnWorker(workerEnv(first));
    children.push(child);
    const id = await submitAndWaitRunningOn(first);
    child.kill('SIGSTOP');
    const stoppedAt = Date.now();

    const second = newName('rescuer');
    inProcess.push(await startWorker(loadWorkerConfig(workerEnv(second))));
    const done = await until('the submission ends', ended(id), (LEASE_SEC + 30) * 1000);
    expect(Date.now() - stoppedAt).toBeLessThan((LEASE_SEC + 30) * 1000);
    expect(done).toMatchObject({ status: 'finished' });
    expect(done.runs[0].workerName).toBe(second);
    const [{ attempt }] = await db.query<{ attempt: number }>('SELECT attempt FROM runs WHERE submission_id = $1', [
      id,
    ]);
    expect(attempt).toBe(2);

    // The frozen worker wakes up: its token no longer works, so it stops its container and reports nothing.
    child.kill('SIGCONT');
    await sleep(6000);
    const after = await submission(id);
    expect(after.scores).toEqual(done.scores);
    expect(after.finishedAt).toBe(done.finishedAt);
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM runs WHERE submission_id = $1', [id]);
    expect(n).toBe(1);
  });

  it('cancel stops the running container within seconds; only the submitter or an organizer may cancel', async () => {
    const name = newName('busy');
    inProcess.push(await startWorker(loadWorkerConfig(workerEnv(name))));
    const id = await submitAndWaitRunningOn(name);
    const runId = (await submission(id)).runs[0].id;
    expect(await containersForRun(runId)).toBe(1);

    const stranger = await new HttpClient(api.url).signUp(`eve${randomBytes(3).toString('hex')}`);
    expect((await stranger.json('POST', `/api/submissions/${id}/cancel`)).status).toBe(404);
    const cancelledAt = Date.now();
    expect((await participant.json('POST', `/api/submissions/${id}/cancel`)).status).toBe(204);
    await until('the container is gone', async () => ((await containersForRun(runId)) === 0 ? true : undefined), 5000);
    expect(Date.now() - cancelledAt).toBeLessThan(5000);
    expect(await submission(id)).toMatchObject({ status: 'cancelled', scores: null });
    expect((await participant.json('POST', `/api/submissions/${id}/cancel`)).status).toBe(409);
    // The worker acked the job: nothing is left to redeliver.
    const stats = await waitForQueueStats(queue, (q) => q.messages === 0);
    expect(stats.messages).toBe(0);
  });

  it('streams the program output live while it runs, and keeps programs and data in the worker cache', async () => {
    const name = newName('chatty');
    const env = workerEnv(name);
    inProcess.push(await startWorker(loadWorkerConfig(env)));
    const id = await submitAndWaitRunningOn(name);
    const login = await participant.json('POST', '/api/auth/login', {
      login: (await participant.json('GET', '/api/auth/me')).body.username,
      password: 'correct horse battery',
    });
    const res = await fetch(`${api.url}/api/submissions/${id}/logs/live`, {
      headers: { authorization: `Bearer ${login.body.token}` },
    });
    const reader = res.body!.getReader();
    let text = '';
    let sawTickWhileRunning = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      text += new TextDecoder().decode(value);
      // The first tick must reach the follower while the program still runs (it prints 8 ticks, one a second).
      if (!sawTickWhileRunning && text.includes('tick 1')) {
        sawTickWhileRunning = (await submission(id)).status === 'running';
      }
      if (text.includes('event: end')) {
        break;
      }
    }
    await reader.cancel();
    expect(sawTickWhileRunning).toBe(true);
    expect(text).toMatch(/tick 1[\s\S]*tick 8[\s\S]*accuracy=0\.8400[\s\S]*event: end/);

    // The scoring program and reference data are now cached (keyed by task), revalidated by ETag on the next run.
    const cached = (await readdir(join(env.WORKER_WORK_DIR, 'cache'))).filter((f) => f.endsWith('.zip'));
    expect(cached).toHaveLength(2);
  });

  it('fails a run with the reason after its workers lose the lease on every attempt, and refuses stale tokens', async () => {
    const r = await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', results);
    const tokens: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      let job = await takeJob(queue, 30_000);
      // A job an earlier test's killed worker held unacknowledged comes back from the broker after the platform
      // dispatched it again (or ended it): its token is refused, as a worker taking it would be told.
      while (job.submissionId !== r.body.id) {
        const staleJob = new HttpClient(api.url).as(job.token);
        expect([401, 409]).toContain(
          (await staleJob.json('POST', workerRoutes.start(job.runId), { version: 1, workerName: 'late' })).status,
        );
        job = await takeJob(queue, 30_000);
      }
      expect(job).toMatchObject({ submissionId: r.body.id, attempt });
      tokens.push(job.token);
      const w = new HttpClient(api.url).as(job.token);
      expect(
        (await w.json('POST', workerRoutes.start(job.runId), { version: 1, workerName: `silent-${attempt}` })).status,
      ).toBe(200);
      if (attempt > 1) {
        // The token of the attempt before no longer works for anything.
        const stale = new HttpClient(api.url).as(tokens[attempt - 2]);
        const result = { version: 1, status: 'finished', scores: { accuracy: 1, f1: 1 }, exitCode: 0, elapsedMs: 1 };
        expect((await stale.json('POST', workerRoutes.result(job.runId), result)).status).toBe(401);
        expect(
          (await stale.json('POST', workerRoutes.heartbeat(job.runId), { version: 1, workerName: 'x' })).status,
        ).toBe(401);
      }
    }
    const done = await until('the submission fails', ended(r.body.id), (LEASE_SEC + 10) * 1000);
    expect(done).toMatchObject({ status: 'failed', failureCode: 'worker_error', scores: null });
    expect(done.failureMessage).toMatch(/stopped responding .* on each of 3 attempts/);
  });
});
