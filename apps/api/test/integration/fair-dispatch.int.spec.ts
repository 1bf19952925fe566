import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { workerRoutes } from '@arena/worker-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client';
import { deleteQueue } from '../support/rabbit-evidence';
import { takeJob } from '../support/take-job';
import { startTestApi, type TestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');
const BURST = 200;

describe('fair dispatch on a shared queue', () => {
  let tmp: string;
  let db: TestDatabase;
  let api: TestApi;
  let queue: string;
  let participant: HttpClient;
  /** Organizers bypass submission limits, which lets one account make a burst larger than the daily cap. */
  let burster: HttpClient;
  const phases: Record<'a' | 'b', string> = { a: '', b: '' };
  let results: string;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'arena-fair-'));
    db = await createTestDatabase();
    queue = `arena.fair.${randomBytes(4).toString('hex')}`;
    api = await startTestApi({
      DATABASE_URL: db.url,
      JOB_QUEUE: queue,
      STORAGE_DIR: join(tmp, 's'),
      UPLOAD_TMP_DIR: join(tmp, 'u'),
      DISPATCH_WINDOW: '1',
    });
    const anon = new HttpClient(api.url);
    const bundle = await zipFolder(join(EXAMPLE, 'bundle'), join(tmp, 'b.zip'));
    participant = await anon.signUp(`ada${randomBytes(3).toString('hex')}`);
    for (const k of ['a', 'b'] as const) {
      const organizer = await anon.signUp(`org${k}${randomBytes(3).toString('hex')}`);
      if (k === 'a') {
        burster = organizer;
      }
      const c = (await organizer.upload('/api/competitions', 'bundle', bundle)).body;
      await organizer.publish(c.id);
      phases[k] = c.phases[0].id;
      await participant.json('POST', `/api/competitions/${c.id}/participation`, { acceptTerms: true });
    }
    results = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'r.zip'));
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    await deleteQueue(queue);
    await rm(tmp, { recursive: true, force: true });
  });

  it(`a burst of ${BURST} submissions in one competition delays another's single submission by at most one run per worker`, async () => {
    const burst: string[] = [];
    for (let i = 0; i < BURST; i++) {
      const r = await burster.upload(`/api/phases/${phases.a}/submissions`, 'file', results);
      expect(r.status).toBe(201);
      burst.push(r.body.id);
    }
    const single = (await participant.upload(`/api/phases/${phases.b}/submissions`, 'file', results)).body.id;

    // Only the window is in the broker; the rest waits in the database for its fair turn.
    const [{ published }] = await db.query<{ published: number }>(
      'SELECT count(*)::int AS published FROM runs WHERE published_at IS NOT NULL',
    );
    expect(published).toBe(1);
    const position = await participant.json('GET', `/api/submissions/${single}/queue-position`);
    expect(position.body).toEqual({ submissionId: single, position: 1 });
    const lastOfBurst = await burster.json('GET', `/api/submissions/${burst[BURST - 1]}/queue-position`);
    expect(lastOfBurst.body.position).toBe(BURST);

    // One worker takes jobs one at a time, as a worker with prefetch 1 does.
    const started: string[] = [];
    for (let i = 0; i < 4; i++) {
      const job = await takeJob(queue, 10_000);
      started.push(job.submissionId);
      const w = new HttpClient(api.url).as(job.token);
      expect((await w.json('POST', workerRoutes.start(job.runId), { version: 1, workerName: 'w1' })).status).toBe(200);
      const result = { version: 1, status: 'finished', scores: { accuracy: 0.5, f1: 0.5 }, exitCode: 0, elapsedMs: 10 };
      expect((await w.json('POST', workerRoutes.result(job.runId), result)).status).toBe(200);
    }
    expect(started.indexOf(single)).toBeLessThanOrEqual(1);
    expect(started.filter((id) => id !== single)).toEqual(burst.slice(0, 3));
    expect((await participant.json('GET', `/api/submissions/${single}/queue-position`)).body.position).toBeNull();
  });
});
