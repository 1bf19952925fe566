import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '@worker/config';
import { startWorker } from '@worker/worker';
import { HttpClient } from '../support/http-client';
import { restartSecondBroker, secondBrokerUrl, startSecondBroker } from '../support/second-broker';
import { startTestApi, type TestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_ENV } from '../support/test-env';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');
const BURST = 12;

describe('a broker restart during a burst', () => {
  let tmp: string;
  let db: TestDatabase;
  let api: TestApi;
  let worker: { stop(): Promise<void> };

  beforeAll(async () => {
    await startSecondBroker();
    tmp = await mkdtemp(join(tmpdir(), 'arena-restart-'));
    db = await createTestDatabase();
    const queue = `arena.restart.${randomBytes(4).toString('hex')}`;
    api = await startTestApi({
      DATABASE_URL: db.url,
      AMQP_URL: secondBrokerUrl,
      JOB_QUEUE: queue,
      STORAGE_DIR: join(tmp, 's'),
      UPLOAD_TMP_DIR: join(tmp, 'u'),
      DISPATCH_WINDOW: '50',
      DISPATCH_INTERVAL_MS: '500',
    });
    worker = await startWorker(
      loadWorkerConfig({
        ARENA_API_URL: api.url,
        AMQP_URL: secondBrokerUrl,
        WORKER_QUEUE: queue,
        WORKER_NAME: `restart-${randomBytes(3).toString('hex')}`,
        WORKER_WORK_DIR: join(tmp, 'worker'),
        WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.scoringImage}`,
        LOG_LEVEL: 'silent',
      }),
    );
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await db?.drop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('loses no job: every submission ends scored exactly once', async () => {
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
    const submit = async () => {
      const r = await organizer.upload(`/api/phases/${competition.phases[0].id}/submissions`, 'file', results);
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    };
    for (let i = 0; i < BURST / 2; i++) {
      await submit();
    }

    // Mid-burst: every connection drops; jobs already in the queue are persistent, the rest wait in the outbox.
    await restartSecondBroker();
    for (let i = 0; i < BURST / 2; i++) {
      await submit();
    }

    const deadline = Date.now() + 120_000;
    let subs: { id: string; status: string; scores: Record<string, number> | null }[] = [];
    while (Date.now() < deadline) {
      subs = await Promise.all(ids.map(async (id) => (await organizer.json('GET', `/api/submissions/${id}`)).body));
      if (subs.every((s) => ['finished', 'failed', 'cancelled'].includes(s.status))) {
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(subs.map((s) => s.status)).toEqual(ids.map(() => 'finished'));
    for (const s of subs) {
      expect(s.scores?.accuracy).toBeCloseTo(0.84, 10);
    }
    const runs = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM runs WHERE status = 'finished' GROUP BY submission_id",
    );
    expect(runs).toHaveLength(BURST);
    expect(runs.every((r) => r.n === 1)).toBe(true);
  });
});
