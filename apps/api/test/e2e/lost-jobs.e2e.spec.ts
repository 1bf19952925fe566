import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import * as amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '@worker/config';
import { startWorker } from '@worker/worker';
import { HttpClient } from '../support/http-client';
import { type Platform, startPlatform } from '../support/platform';
import { TEST_ENV } from '../support/test-env';
import { removeContainersOf } from '../support/worker-process';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');
const REPUBLISH_AFTER_SEC = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The broker's management API, as an operator (or a node's loss) acts behind the platform's back. */
async function mgmt(method: string, path: string): Promise<Response> {
  const u = new URL(TEST_ENV.rabbitMgmtUrl);
  const auth = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
  return fetch(`${u.origin}/api${path}`, { method, headers: { authorization: `Basic ${auth}` } });
}

async function queueInfo(vhost: string, queue: string): Promise<{ type: string; messages_ready: number }> {
  const res = await mgmt(
    'GET',
    `/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(queue)}?columns=type,messages_ready`,
  );
  expect(res.status).toBe(200);
  return (await res.json()) as { type: string; messages_ready: number };
}

describe('jobs the broker lost are published again, and scored once (QUEUE_TYPE=quorum)', () => {
  let platform: Platform;
  let workerName: string;
  let worker: { stop(): Promise<void> } | undefined;

  beforeAll(async () => {
    platform = await startPlatform({
      prefix: 'lost',
      worker: false,
      apiEnv: {
        QUEUE_TYPE: 'quorum',
        JOB_REPUBLISH_AFTER_SEC: String(REPUBLISH_AFTER_SEC),
        DISPATCH_INTERVAL_MS: '300',
        DISPATCH_WINDOW: '10',
      },
    });
    workerName = `lost-${randomBytes(3).toString('hex')}`;
  });

  afterAll(async () => {
    await worker?.stop();
    await removeContainersOf(workerName).catch(() => undefined);
    await platform?.close();
  });

  it('declares the job queue and organizer queues as quorum queues', async () => {
    const organizer = await new HttpClient(platform.api.url).signUp(`org${randomBytes(3).toString('hex')}`);
    const q = await organizer.json('POST', '/api/queues', { name: 'replicated' });
    expect(q.status, JSON.stringify(q.body)).toBe(201);
    try {
      expect((await queueInfo(q.body.vhost, 'arena.jobs')).type).toBe('quorum');
    } finally {
      expect((await organizer.json('DELETE', `/api/queues/${q.body.id}`)).status).toBe(204);
    }
  });

  it('publishes again the jobs a purge took, and a stale copy that comes back later scores nothing', async () => {
    const { api, db, queue, tmp } = platform;
    const organizer = await new HttpClient(api.url).signUp(`org${randomBytes(3).toString('hex')}`);
    const competition = (
      await organizer.upload(
        '/api/competitions',
        'bundle',
        await zipFolder(join(EXAMPLE, 'bundle'), join(tmp, 'b.zip')),
      )
    ).body;
    await organizer.publish(competition.id);
    const results = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'r.zip'));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const p = await new HttpClient(api.url).signUp(`p${randomBytes(4).toString('hex')}`);
      await p.json('POST', `/api/competitions/${competition.id}/participation`, { acceptTerms: true });
      const r = await p.upload(`/api/phases/${competition.phases[0].id}/submissions`, 'file', results);
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    const published = async () =>
      db.query<{ id: string; published_at: Date | null; attempt: number; status: string }>(
        'SELECT id, published_at, attempt, status FROM runs WHERE submission_id = ANY($1) ORDER BY id',
        [ids],
      );
    for (let i = 0; (await published()).some((r) => !r.published_at); i++) {
      expect(i).toBeLessThan(100);
      await sleep(100);
    }
    expect((await queueInfo('/', queue)).type).toBe('quorum');

    // Jobs waiting their turn (no worker yet) are not lost: past the timeout, nothing is published again.
    const first = await published();
    await sleep((REPUBLISH_AFTER_SEC + 1) * 1000);
    expect((await published()).map((r) => r.published_at?.getTime())).toEqual(
      first.map((r) => r.published_at?.getTime()),
    );

    // Behind the platform's back: one message is taken (its copy kept), the others purged, as a node lost with its
    // disk would lose them.
    const conn = await amqp.connect(TEST_ENV.amqpUrl);
    const ch = await conn.createChannel();
    const taken = await ch.get(queue, { noAck: false });
    expect(taken).not.toBe(false);
    ch.ack(taken as amqp.GetMessage);
    await ch.close();
    expect((await mgmt('DELETE', `/queues/%2F/${encodeURIComponent(queue)}/contents`)).status).toBe(204);
    const lostAt = Date.now();

    // Published again: each run's published_at moves on, and the queue holds the three jobs anew.
    let again = await published();
    while (again.some((r, i) => !r.published_at || r.published_at.getTime() === first[i].published_at!.getTime())) {
      expect(Date.now() - lostAt).toBeLessThan(20_000);
      await sleep(100);
      again = await published();
    }
    const republishedMs = Date.now() - lostAt;
    expect(again.every((r) => r.status === 'queued' && r.attempt === 1)).toBe(true);

    worker = await startWorker(
      loadWorkerConfig({
        ARENA_API_URL: api.url,
        AMQP_URL: TEST_ENV.amqpUrl,
        WORKER_QUEUE: queue,
        WORKER_NAME: workerName,
        WORKER_WORK_DIR: join(tmp, 'worker'),
        WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.scoringImage}`,
        LOG_LEVEL: 'silent',
      }),
    );
    const ended = async () =>
      (await db.query<{ status: string }>('SELECT status FROM submissions WHERE id = ANY($1)', [ids])).every((s) =>
        ['finished', 'failed'].includes(s.status),
      );
    for (const start = Date.now(); !(await ended());) {
      expect(Date.now() - start).toBeLessThan(60_000);
      await sleep(200);
    }

    // The copy taken before the loss comes back (a node returning with an old disk): its token was replaced.
    const back = await amqp.connect(TEST_ENV.amqpUrl);
    const bch = await back.createConfirmChannel();
    bch.sendToQueue(queue, (taken as amqp.GetMessage).content, { persistent: true });
    await bch.waitForConfirms();
    await back.close();
    await conn.close();
    for (const start = Date.now(); (await queueInfo('/', queue)).messages_ready > 0;) {
      expect(Date.now() - start).toBeLessThan(20_000);
      await sleep(200);
    }
    await sleep(2000); // the worker's refused start and ack

    const runs = await db.query<{ submission_id: string; n: number; finished: number; attempt: number }>(
      `SELECT submission_id, count(*)::int AS n, count(*) FILTER (WHERE status = 'finished')::int AS finished,
              max(attempt)::int AS attempt
         FROM runs WHERE submission_id = ANY($1) GROUP BY submission_id`,
      [ids],
    );
    expect(runs).toHaveLength(3);
    expect(runs.every((r) => r.n === 1 && r.finished === 1 && r.attempt === 1)).toBe(true);
    for (let i = 0; i < 100; i++) {
      const [{ n }] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM leaderboard_arrivals WHERE submission_id = ANY($1)',
        [ids],
      );
      if (n === 0) {
        break;
      }
      await sleep(100);
    }
    const rows = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM leaderboard_entries WHERE submission_id = ANY($1) GROUP BY submission_id',
      [ids],
    );
    expect(rows.map((r) => r.n)).toEqual([1, 1, 1]);
    console.log(
      `lost jobs: published again ${republishedMs} ms after the purge (JOB_REPUBLISH_AFTER_SEC=${REPUBLISH_AFTER_SEC})`,
    );
  });
});
