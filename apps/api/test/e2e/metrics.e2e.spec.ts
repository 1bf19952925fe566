import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '@worker/config';
import { startWorker, type RunningWorker } from '@worker/worker';
import { ArenaFixture } from '../support/arena-fixture';
import { TEST_ENV } from '../support/test-env';
import { waitForEnd } from '../support/wait-for-end';
import { zipFolder } from '../support/zip-folder';

/** One sample of a scrape: `name{a="b",...} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) {
      continue;
    }
    const labels = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
    );
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** The sum of the samples named `name` whose labels include `labels` (0 when none). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const probe = createServer();
    probe.once('error', rej);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => res(port));
    });
  });
}

describe('Prometheus metrics of the API and the worker after real scored runs', () => {
  let fx: ArenaFixture;
  let worker: RunningWorker;
  let apiMetrics: string;
  let workerMetrics: string;
  const token = randomBytes(12).toString('hex');

  const scrape = async (url: string, auth?: string) => {
    const res = await fetch(url, auth ? { headers: { authorization: `Bearer ${auth}` } } : {});
    expect(res.status, await res.clone().text()).toBe(200);
    return parse(await res.text());
  };

  beforeAll(async () => {
    const port = await freePort();
    fx = await ArenaFixture.start({ METRICS_PORT: String(port), METRICS_TOKEN: token });
    apiMetrics = `http://127.0.0.1:${port}/metrics`;
    const config = loadWorkerConfig({
      ARENA_API_URL: fx.api.url,
      AMQP_URL: TEST_ENV.amqpUrl,
      WORKER_QUEUE: fx.queue,
      WORKER_NAME: `metrics-${randomBytes(3).toString('hex')}`,
      WORKER_WORK_DIR: join(fx.tmp, 'worker'),
      WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.scoringImage}`,
      LOG_LEVEL: 'warn',
    });
    // Port 0: the listener takes a free port and the worker says which.
    worker = await startWorker({ ...config, metrics: { port: 0, host: '127.0.0.1' } });
    workerMetrics = `http://127.0.0.1:${worker.metricsPort}/metrics`;
  });

  afterAll(async () => {
    await worker?.stop();
    await fx?.stop();
  });

  it('serves the API metrics only to a scrape with the token', async () => {
    expect((await fetch(apiMetrics)).status).toBe(401);
    expect((await fetch(apiMetrics, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    // The API's own port does not serve them (the web app's pages may answer there, never with metrics).
    expect(await (await fetch(`${fx.api.url}/metrics`)).text()).not.toContain('arena_');
  });

  it('counts what one scored and one failed submission did, on both sides', async () => {
    const apiBefore = await scrape(apiMetrics, token);
    const workerBefore = await scrape(workerMetrics);

    const organizer = await fx.user('org');
    const participant = await fx.user('ada');
    const competition = await fx.competition(organizer);
    await fx.register(participant, competition.id);
    const good = await fx.submit(participant, competition.phaseId);
    expect(good.status, JSON.stringify(good.body)).toBe(201);
    expect((await waitForEnd(participant, good.body.id)).status).toBe('finished');
    // Predictions the scoring program cannot read: the run fails with the program's error.
    const badDir = join(fx.tmp, 'bad-submission');
    await mkdir(badDir, { recursive: true });
    await writeFile(join(badDir, 'predictions.csv'), 'not,a\nprediction,file\n');
    const bad = await participant.upload(
      `/api/phases/${competition.phaseId}/submissions`,
      'file',
      await zipFolder(badDir, `${badDir}.zip`),
    );
    expect(bad.status, JSON.stringify(bad.body)).toBe(201);
    const badEnd = await waitForEnd(participant, bad.body.id);
    expect(badEnd.status).toBe('failed');

    const api = await scrape(apiMetrics, token);
    const moved = (name: string, labels: Record<string, string> = {}) =>
      value(api, name, labels) - value(apiBefore, name, labels);
    expect(moved('arena_submissions_created_total')).toBe(2);
    expect(moved('arena_submissions_ended_total', { status: 'finished' })).toBe(1);
    expect(moved('arena_submissions_ended_total', { status: 'failed' })).toBe(1);
    expect(moved('arena_runs_finished_total', { status: 'finished', code: '' })).toBe(1);
    expect(moved('arena_runs_finished_total', { status: 'failed', code: badEnd.failureCode })).toBe(1);
    expect(moved('arena_run_queue_wait_seconds_count')).toBe(2);
    expect(moved('arena_run_step_seconds_count', { step: 'scoring' })).toBe(2);
    expect(moved('arena_runs_redispatched_total')).toBe(0);
    // The two uploads, by route template and status; each poll of the submission too.
    expect(
      moved('arena_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/phases/:phaseId/submissions',
        status: '201',
      }),
    ).toBe(2);
    expect(
      moved('arena_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/submissions/:id',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(2);
    // Nothing waits any more: the backlog gauges read from the database say so.
    expect(value(api, 'arena_backlog_read_ok')).toBe(1);
    expect(value(api, 'arena_runs_waiting', { state: 'unpublished' })).toBe(0);
    expect(value(api, 'arena_runs_running')).toBe(0);
    expect(value(api, 'arena_board_arrivals_pending')).toBe(0);
    expect(value(api, 'arena_board_lag_seconds')).toBe(0);
    expect(api.some((s) => s.name === 'arena_mail_outbox' && s.labels.state === 'pending')).toBe(true);
    expect(value(api, 'arena_api_process_cpu_seconds_total')).toBeGreaterThan(0);

    const w = await scrape(workerMetrics);
    const workerMoved = (name: string, labels: Record<string, string> = {}) =>
      value(w, name, labels) - value(workerBefore, name, labels);
    expect(workerMoved('arena_worker_jobs_total', { outcome: 'finished' })).toBe(1);
    expect(workerMoved('arena_worker_jobs_total', { outcome: 'failed', code: badEnd.failureCode })).toBe(1);
    expect(workerMoved('arena_worker_job_duration_seconds_count')).toBe(2);
    expect(workerMoved('arena_worker_container_run_seconds_count', { step: 'scoring' })).toBe(2);
    // The mapped scoring image is on the engine: no pull.
    expect(workerMoved('arena_worker_images_total', { source: 'local' })).toBe(2);
    expect(workerMoved('arena_worker_images_total', { source: 'pulled' })).toBe(0);
    // The second run found the task's program and reference data in the cache (the API answered 304).
    expect(workerMoved('arena_worker_cache_lookups_total', { result: 'miss' })).toBe(2);
    expect(workerMoved('arena_worker_cache_lookups_total', { result: 'hit' })).toBe(2);
    expect(value(w, 'arena_worker_slots')).toBe(1);
    expect(value(w, 'arena_worker_slots_busy')).toBe(0);
    expect(value(w, 'arena_worker_broker_connected')).toBe(1);
  });
});
