import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '@worker/config';
import { startWorker } from '@worker/worker';
import { containerEventsForRun, containersForRun } from '../support/docker-evidence';
import { HttpClient } from '../support/http-client';
import { countStoredObjects } from '../support/stored-objects';
import { deleteQueue, waitForQueueStats } from '../support/rabbit-evidence';
import { startTestApi, type TestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_ENV } from '../support/test-env';
import { zipFolder } from '../support/zip-folder';
import { waitForEnd } from '../support/wait-for-end';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

/** Accuracy and F1 computed here from the example files, independently of the scoring program. */
async function expectedScores(): Promise<{ accuracy: number; f1: number }> {
  const read = async (p: string) => (await readFile(p, 'utf8')).split('\n').filter(Boolean).map(Number);
  const truth = await read(join(EXAMPLE, 'bundle/reference_data/truth.csv'));
  const pred = await read(join(EXAMPLE, 'submission/predictions.csv'));
  let tp = 0,
    fp = 0,
    fn = 0,
    same = 0;
  truth.forEach((t, i) => {
    if (t === pred[i]) {
      same++;
    }
    if (t === 1 && pred[i] === 1) {
      tp++;
    }
    if (t === 0 && pred[i] === 1) {
      fp++;
    }
    if (t === 1 && pred[i] === 0) {
      fn++;
    }
  });
  return { accuracy: same / truth.length, f1: (2 * tp) / (2 * tp + fp + fn) };
}

const storages = [
  { name: 'local filesystem', env: (dir: string) => ({ STORAGE_DIR: join(dir, 'storage') }) },
  {
    name: 'S3 (Ceph radosgw)',
    env: () => ({
      S3_ENDPOINT: TEST_ENV.s3.endpoint,
      S3_BUCKET: `arena-e2e-${randomBytes(4).toString('hex')}`,
      S3_ACCESS_KEY_ID: TEST_ENV.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: TEST_ENV.s3.secretAccessKey,
    }),
  },
];

describe.each(storages)('walking skeleton on $name storage', ({ env }) => {
  let tmp: string;
  let db: TestDatabase;
  let api: TestApi;
  let worker: { stop(): Promise<void> };
  let queue: string;
  let storageEnv: Record<string, string>;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'arena-e2e-'));
    db = await createTestDatabase();
    queue = `arena.e2e.${randomBytes(4).toString('hex')}`;
    storageEnv = env(tmp);
    api = await startTestApi({
      DATABASE_URL: db.url,
      JOB_QUEUE: queue,
      UPLOAD_TMP_DIR: join(tmp, 'uploads'),
      ...storageEnv,
    });
    worker = await startWorker(
      loadWorkerConfig({
        ARENA_API_URL: api.url,
        AMQP_URL: TEST_ENV.amqpUrl,
        WORKER_QUEUE: queue,
        WORKER_NAME: `e2e-${randomBytes(3).toString('hex')}`,
        WORKER_WORK_DIR: join(tmp, 'worker'),
        WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.scoringImage}`,
        LOG_LEVEL: 'warn',
      }),
    );
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await db?.drop();
    await deleteQueue(queue);
    await rm(tmp, { recursive: true, force: true });
  });

  it('uploads a bundle, scores a submission in a container through RabbitMQ, and ranks it', async () => {
    const anon = new HttpClient(api.url);
    const organizer = await anon.signUp(`org${randomBytes(3).toString('hex')}`);
    const participant = await anon.signUp(`ada${randomBytes(3).toString('hex')}`);

    const bundleZip = await zipFolder(join(EXAMPLE, 'bundle'), join(tmp, 'bundle.zip'));
    const created = await organizer.upload('/api/competitions', 'bundle', bundleZip);
    await organizer.publish(created);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const competition = created.body;
    expect(competition).toMatchObject({
      title: 'Binary classification (Arena example)',
      format: 'v2',
      isOrganizer: true,
    });
    expect(competition.phases).toHaveLength(1);
    expect(competition.leaderboards[0].columns.map((c: any) => c.key)).toEqual(['accuracy', 'f1']);
    const phaseId = competition.phases[0].id;
    const [{ n: datasets }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM datasets');
    expect(datasets).toBe(2);

    const registered = await participant.json('POST', `/api/competitions/${competition.id}/participation`, {
      acceptTerms: true,
    });
    expect(registered.body.status).toBe('approved');

    const resultsZip = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'results.zip'));
    const since = Math.floor(Date.now() / 1000) - 1;
    const submitted = await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', resultsZip, {
      description: 'first try',
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);

    const done = await waitForEnd(participant, submitted.body.id);
    expect(done.status, JSON.stringify(done)).toBe('finished');
    const expected = await expectedScores();
    expect(done.scores.accuracy).toBeCloseTo(expected.accuracy, 12);
    expect(done.scores.f1).toBeCloseTo(expected.f1, 12);
    const runId = done.runs[0].id;
    expect(done.runs[0]).toMatchObject({ status: 'finished', exitCode: 0, stepsMs: { scoring: expect.any(Number) } });

    // The job went through RabbitMQ and was acknowledged; the score came from a container the engine started.
    const stats = await waitForQueueStats(queue, (q) => q.published >= 1 && q.acked >= 1 && q.messages === 0);
    expect(stats.published).toBeGreaterThanOrEqual(1);
    expect(stats.acked).toBeGreaterThanOrEqual(1);
    expect(stats.messages).toBe(0);
    const events = await containerEventsForRun(runId, since);
    expect(events).toEqual(expect.arrayContaining(['create', 'start', 'die', 'destroy']));
    expect(await containersForRun(runId)).toBe(0);

    const log = await participant.raw(`/api/submissions/${done.id}/logs/stdout`);
    expect(await log.text()).toContain('accuracy=0.8400');

    const board = await anon.json('GET', `/api/phases/${phaseId}/leaderboard`);
    expect(board.status).toBe(200);
    expect(board.body.leaderboards).toHaveLength(1);
    const [row] = board.body.leaderboards[0].rows;
    expect(row).toMatchObject({ rank: 1, participant: expect.stringMatching(/^ada/), submissionId: done.id });
    expect(row.scores.accuracy).toBeCloseTo(expected.accuracy, 12);
    expect(row.scores.f1).toBeCloseTo(expected.f1, 12);

    // Another participant cannot read the submission, and nobody anonymous can.
    const other = await anon.signUp(`eve${randomBytes(3).toString('hex')}`);
    expect((await other.json('GET', `/api/submissions/${done.id}`)).status).toBe(404);
    expect((await anon.json('GET', `/api/submissions/${done.id}`)).status).toBe(401);
  });

  it('refuses a bundle that is not a zip or has no competition.yaml, and stores nothing', async () => {
    const organizer = await new HttpClient(api.url).signUp(`org${randomBytes(3).toString('hex')}`);
    const [{ n: before }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM competitions');
    const filesBefore = await countStoredObjects(storageEnv);

    const notZip = join(tmp, 'notes.zip');
    await writeFile(notZip, 'this is not a zip');
    const r1 = await organizer.upload('/api/competitions', 'bundle', notZip);
    await organizer.publish(r1);
    expect(r1.status).toBe(400);
    expect(r1.body.message).toMatch(/notes\.zip.*zip/i);

    const emptyDir = join(tmp, 'no-yaml');
    await rm(emptyDir, { recursive: true, force: true });
    await mkdir(emptyDir, { recursive: true });
    await writeFile(join(emptyDir, 'readme.md'), 'no yaml here');
    const r2 = await organizer.upload(
      '/api/competitions',
      'bundle',
      await zipFolder(emptyDir, join(tmp, 'no-yaml.zip')),
    );
    await organizer.publish(r2);
    expect(r2.status).toBe(400);
    expect(r2.body.message).toMatch(/competition\.yaml/);

    const [{ n: after }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM competitions');
    expect(after).toBe(before);
    const [{ n: datasets }] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM datasets WHERE created_at > now() - interval '1 minute' AND owner_id = (SELECT id FROM users WHERE username = $1)",
      [(await organizer.json('GET', '/api/auth/me')).body.username],
    );
    expect(datasets).toBe(0);
    expect(await countStoredObjects(storageEnv)).toBe(filesBefore);
  });

  it('refuses a submission that is not a zip, and stores nothing', async () => {
    const anon = new HttpClient(api.url);
    const organizer = await anon.signUp(`org${randomBytes(3).toString('hex')}`);
    const created = await organizer.upload(
      '/api/competitions',
      'bundle',
      await zipFolder(join(EXAMPLE, 'bundle'), join(tmp, 'b2.zip')),
    );
    await organizer.publish(created);
    const participant = await anon.signUp(`bob${randomBytes(3).toString('hex')}`);
    await participant.json('POST', `/api/competitions/${created.body.id}/participation`, { acceptTerms: true });
    const filesBefore = await countStoredObjects(storageEnv);

    const bad = join(tmp, 'predictions.csv');
    await writeFile(bad, '1\n0\n');
    const r = await participant.upload(`/api/phases/${created.body.phases[0].id}/submissions`, 'file', bad);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/submission: not a readable zip/);
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM submissions WHERE phase_id = $1', [
      created.body.phases[0].id,
    ]);
    expect(n).toBe(0);
    expect(await countStoredObjects(storageEnv)).toBe(filesBefore);
  });
});
