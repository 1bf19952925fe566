import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeScoreJob, JOB_PRIORITY, JOB_QUEUE_OPTIONS, type ScoreJob } from '@arena/worker-protocol';
import { connectAmqp } from '@worker/queue/amqp-connect';
import type { SettledEvent } from '@worker/queue/job-consumer';
import { startWorker, type RunningWorker } from '@worker/worker';
import type { Channel, ChannelModel } from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeApi } from './support/fake-api';
import {
  BROKER_URL,
  containersOfRun,
  MANAGEMENT_URL,
  makeJob,
  makeZip,
  scoringProgram,
  scratch,
  testConfig,
} from './support/fixtures';

// The real broker and Docker engine; only the API is a stand-in. Each test has its own queue and worker name.
let root: { dir: string; cleanup: () => Promise<void> };
let publisher: ChannelModel;
let channel: Channel;
const queues: string[] = [];
const workers: RunningWorker[] = [];
const apis: FakeApi[] = [];

beforeAll(async () => {
  root = await scratch('arena-queue-it-');
  publisher = await connectAmqp(BROKER_URL, 'arena worker tests');
  channel = await publisher.createChannel();
});

afterEach(async () => {
  for (const w of workers.splice(0)) {
    await w.stop();
  }
  for (const a of apis.splice(0)) {
    await a.close();
  }
  for (const q of queues.splice(0)) {
    await channel.deleteQueue(q);
  }
});

afterAll(async () => {
  await publisher.close();
  await root.cleanup();
});

interface Setup {
  job: ScoreJob;
  api: FakeApi;
  worker: RunningWorker;
  queue: string;
  settled: SettledEvent[];
  workerName: string;
}

async function setUp(python: string, job: ScoreJob = makeJob(), env: Record<string, string> = {}): Promise<Setup> {
  const queue = `arena.test.${randomUUID()}`;
  queues.push(queue);
  await channel.assertQueue(queue, JOB_QUEUE_OPTIONS);
  const base = join(root.dir, job.runId);
  await mkdir(base);
  const api = new FakeApi(job.token, {
    scoring_program: await makeZip(join(base, 'program.zip'), scoringProgram(python)),
    submission: await makeZip(join(base, 'submission.zip'), { 'predictions.txt': '1\n' }),
    reference_data: await makeZip(join(base, 'ref.zip'), { 'truth.txt': '1\n' }),
  });
  apis.push(api);
  const config = testConfig(join(base, 'work'), { ARENA_API_URL: await api.listen(), WORKER_QUEUE: queue, ...env });
  const worker = await startWorker(config, { retry: { attempts: 5, baseDelayMs: 200, maxDelayMs: 1000 } });
  workers.push(worker);
  const settled: SettledEvent[] = [];
  worker.consumer.on('settled', (e: SettledEvent) => settled.push(e));
  return { job, api, worker, queue, settled, workerName: config.workerName };
}

function publish(queue: string, body: Buffer): void {
  channel.sendToQueue(queue, body, {
    persistent: true,
    priority: JOB_PRIORITY.scoring,
    contentType: 'application/json',
  });
}

async function until<T>(
  what: string,
  fn: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await sleep(50);
  }
}

async function readyCount(queue: string): Promise<number> {
  return (await channel.checkQueue(queue)).messageCount;
}

const SCORE = "import json\njson.dump({'accuracy': 0.75}, open('/app/output/scores.json', 'w'))\n";

describe('worker on a real broker', () => {
  it('runs a job end to end and acks only after the API stored the result, retrying 503s', async () => {
    const { job, api, worker, queue, settled } = await setUp(SCORE);
    api.resultStatuses = [503, 503];
    let okSentAt = 0;
    let settledBeforeOk = -1;
    api.beforeResultOk = async () => {
      okSentAt = Date.now();
      settledBeforeOk = settled.length;
    };
    publish(queue, encodeScoreJob(job));
    const event = await until('the message to be settled', () => settled[0]);

    expect(event).toMatchObject({ decision: 'ack', delivered: true });
    // Nothing was settled while the API answered 503, nor before it answered 200.
    expect(settledBeforeOk).toBe(0);
    expect(event.at).toBeGreaterThanOrEqual(okSentAt);
    expect(api.results).toEqual([
      {
        version: 1,
        status: 'finished',
        scores: { accuracy: 0.75 },
        unknownScoreKeys: [],
        exitCode: 0,
        elapsedMs: expect.any(Number),
        stepsMs: { scoring: expect.any(Number) },
      },
    ]);
    const resultCalls = api.calls.filter((c) => c.path.endsWith('/result'));
    expect(resultCalls.map((c) => c.status)).toEqual([503, 503, 200]);
    // Backoff: the second and third attempts came after a pause.
    expect(resultCalls[1].at - resultCalls[0].at).toBeGreaterThanOrEqual(150);
    expect(resultCalls[2].at - resultCalls[1].at).toBeGreaterThanOrEqual(300);
    expect(api.count('GET', '/files/scoring_program')).toBe(1);
    expect(api.count('PUT', '/output')).toBe(1);
    expect(api.count('PUT', '/logs/stdout')).toBe(1);
    expect(api.count('PUT', '/logs/stderr')).toBe(1);

    // Acked for good: closing the connection returns no message to the queue.
    await worker.stop();
    expect(await readyCount(queue)).toBe(0);
    expect(await containersOfRun(job.runId)).toEqual([]);
  });

  it('never acks while the API cannot store the result: the job goes back to the queue', async () => {
    const { job, api, worker, queue, settled } = await setUp(SCORE, makeJob(), { WORKER_SHUTDOWN_GRACE_SEC: '1' });
    api.resultStatuses = Array(100).fill(503);
    publish(queue, encodeScoreJob(job));
    const event = await until('the message to be settled', () => settled[0]);
    expect(event).toMatchObject({ decision: 'requeue', delivered: true });
    expect(api.count('POST', '/result')).toBe(5);
    expect(api.results).toEqual([]);
    await worker.stop();
    expect(await readyCount(queue)).toBe(1);
    const back = await channel.get(queue, { noAck: true });
    expect(back && back.fields.redelivered).toBe(true);
  });

  it('drops a message that breaks the protocol without requeueing it', async () => {
    const { api, worker, queue, settled } = await setUp(SCORE);
    publish(queue, Buffer.from(JSON.stringify({ version: 1, kind: 'score', runId: 'nope' })));
    publish(queue, Buffer.from('not json'));
    await until('both messages settled', () => settled.length === 2);
    expect(settled.map((e) => e.decision)).toEqual(['reject', 'reject']);
    expect(api.calls).toEqual([]);
    await worker.stop();
    expect(await readyCount(queue)).toBe(0);
  });

  it('acks and skips a job whose run already ended (409 on start)', async () => {
    const { job, api, queue, settled } = await setUp(SCORE);
    api.startStatus = 409;
    publish(queue, encodeScoreJob(job));
    const event = await until('the message to be settled', () => settled[0]);
    expect(event.decision).toBe('ack');
    expect(api.calls.map((c) => c.path.split('/').pop())).toEqual(['start']);
  });

  it('on stop, kills the running job after the grace period and requeues it', async () => {
    const { job, api, worker, queue } = await setUp('import time\ntime.sleep(120)\n', makeJob(), {
      WORKER_SHUTDOWN_GRACE_SEC: '1',
    });
    publish(queue, encodeScoreJob(job));
    await until('the container to run', async () =>
      (await containersOfRun(job.runId)).some((c) => c.State === 'running'),
    );
    const t0 = Date.now();
    await worker.stop();
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(await containersOfRun(job.runId)).toEqual([]);
    expect(api.count('POST', '/result')).toBe(0);
    expect(await readyCount(queue)).toBe(1);
  });

  it('reconnects after the broker drops its connection, then takes the next job', async () => {
    const { job, api, queue, settled, workerName } = await setUp(SCORE);
    expect(await closeConnectionOf(workerName)).toBe(204);
    publish(queue, encodeScoreJob(job));
    const event = await until('the job to be settled after reconnecting', () => settled[0]);
    expect(event.decision).toBe('ack');
    expect(api.results).toHaveLength(1);
  });

  it('when the connection drops mid-job, reports once and skips the redelivery (409)', async () => {
    const slow = "import json, time\ntime.sleep(3)\njson.dump({'accuracy': 1}, open('/app/output/scores.json', 'w'))\n";
    const { job, api, worker, queue, settled, workerName } = await setUp(slow);
    await connectionOf(workerName);
    publish(queue, encodeScoreJob(job));
    await until('the container to run', async () =>
      (await containersOfRun(job.runId)).some((c) => c.State === 'running'),
    );
    expect(await closeConnectionOf(workerName)).toBe(204);
    await until('the redelivery to be settled', () => settled.length >= 2 && settled);
    // The first ack could not reach the broker; the redelivered message met a run that had ended.
    expect(settled.map((e) => [e.decision, e.delivered])).toEqual([
      ['ack', false],
      ['ack', true],
    ]);
    expect(api.results).toHaveLength(1);
    expect(api.calls.filter((c) => c.path.endsWith('/start')).map((c) => c.status)).toEqual([200, 409]);
    await worker.stop();
    expect(await readyCount(queue)).toBe(0);
  });
});

/** The broker's name for the worker's connection (the management API lists it within a few seconds). */
async function connectionOf(workerName: string): Promise<string> {
  return until('the worker connection to show up', async () => {
    const res = await managementFetch('/api/connections?columns=name,client_properties.connection_name');
    const list = (await res.json()) as { name: string; client_properties: { connection_name?: string } }[];
    return list.find((c) => c.client_properties.connection_name === workerName)?.name;
  });
}

async function closeConnectionOf(workerName: string): Promise<number> {
  const name = await connectionOf(workerName);
  return (await managementFetch(`/api/connections/${encodeURIComponent(name)}`, { method: 'DELETE' })).status;
}

async function managementFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const url = new URL(MANAGEMENT_URL);
  const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  const auth = Buffer.from(user).toString('base64');
  url.username = '';
  url.password = '';
  return fetch(new URL(path, url), { ...init, headers: { authorization: `Basic ${auth}` } });
}
