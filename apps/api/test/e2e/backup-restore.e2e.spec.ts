import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import * as amqp from 'amqplib';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client';
import { startPlatform } from '../support/platform';
import { deleteQueue } from '../support/rabbit-evidence';
import { startTestApi, type TestApi } from '../support/test-api';
import { databaseUrl, TEST_ENV } from '../support/test-env';
import { removeContainersOf, spawnWorker } from '../support/worker-process';
import { zipFolder } from '../support/zip-folder';

/**
 * Issue 19: a backup taken with deploy/backup.sh while submissions are being scored, restored with deploy/restore.sh
 * into a new database and new storage (the original platform gone, its organizer queue gone from the broker), gives a
 * platform where every submission finished at backup time, its files, the boards and the competition's files are
 * present; the submissions still in flight are scored there.
 */
const ROOT = resolve(__dirname, '../../../..');
const EXAMPLE = join(ROOT, 'examples/binary-classification');
const run = promisify(execFile);
const hex = (n: number) => randomBytes(n).toString('hex');

const storages: { name: string; env: (dir: string) => Record<string, string> }[] = [
  { name: 'local folder', env: (dir: string) => ({ STORAGE_DIR: dir }) },
  {
    name: 'S3 (Ceph radosgw)',
    env: () => ({
      S3_ENDPOINT: TEST_ENV.s3.endpoint,
      S3_BUCKET: `arena-backup-${hex(4)}`,
      S3_ACCESS_KEY_ID: TEST_ENV.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: TEST_ENV.s3.secretAccessKey,
    }),
  },
];

function mgmt(method: string, path: string): Promise<Response> {
  const u = new URL(TEST_ENV.rabbitMgmtUrl);
  const auth = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
  return fetch(`${u.origin}/api${path}`, { method, headers: { authorization: `Basic ${auth}` } });
}

const s3Of = (env: Record<string, string>) =>
  new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
  });

/** Ceph keeps buckets in memory here: each test bucket is emptied and removed. */
async function dropBucket(env: Record<string, string>): Promise<void> {
  if (!env.S3_BUCKET) {
    return;
  }
  const keys = [...(await storedKeys(env))];
  const s3 = s3Of(env);
  for (let i = 0; i < keys.length; i += 1000) {
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: env.S3_BUCKET,
        Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })) },
      }),
    );
  }
  await s3.send(new DeleteBucketCommand({ Bucket: env.S3_BUCKET }));
}

async function storedKeys(env: Record<string, string>): Promise<Set<string>> {
  if (env.STORAGE_DIR) {
    const entries = await readdir(env.STORAGE_DIR, { recursive: true, withFileTypes: true });
    return new Set(
      entries
        .filter((e) => e.isFile() && !/^\.(tmp|parts)/.test(e.parentPath.slice(env.STORAGE_DIR.length + 1)))
        .map((e) => join(e.parentPath, e.name).slice(env.STORAGE_DIR.length + 1)),
    );
  }
  const s3 = s3Of(env);
  const keys = new Set<string>();
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: env.S3_BUCKET, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      keys.add(o.Key!);
    }
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(storages)('backup and restore on $name storage', ({ env }) => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) {
      await c().catch(() => undefined);
    }
  });

  it('restores, from a backup taken while submissions are scored, every finished submission, board and file', async () => {
    const work = await mkdtemp(join(tmpdir(), 'arena-backup-'));
    cleanups.push(() => rm(work, { recursive: true, force: true }));
    const before = env(join(work, 'storage-before'));
    cleanups.push(() => dropBucket(before));
    const platform = await startPlatform({ prefix: 'backup', apiEnv: before, worker: {} });
    let platformUp = true;
    cleanups.push(() => (platformUp ? platform.close() : Promise.resolve()));

    // An organizer, a competition with its logo and datasets, an organizer queue, three participants with two
    // submissions each: more than the worker scores before the backup starts.
    const anon = new HttpClient(platform.api.url);
    const organizer = await anon.signUp(`org${hex(3)}`);
    const created = await organizer.upload(
      '/api/competitions',
      'bundle',
      await zipFolder(join(EXAMPLE, 'bundle'), join(work, 'bundle.zip')),
    );
    await organizer.publish(created);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const competitionId: string = created.body.id;
    const phaseId: string = created.body.phases[0].id;
    const queue = await organizer.json('POST', '/api/queues', { name: 'lab box' });
    expect(queue.status, JSON.stringify(queue.body)).toBe(201);
    const queueRow = (
      await platform.db.query<{ vhost: string; broker_user: string }>('SELECT vhost, broker_user FROM queues')
    )[0];
    cleanups.push(() => mgmt('DELETE', `/vhosts/${encodeURIComponent(queueRow.vhost)}`));
    cleanups.push(() => mgmt('DELETE', `/users/${encodeURIComponent(queueRow.broker_user)}`));

    const resultsZip = await zipFolder(join(EXAMPLE, 'submission'), join(work, 'results.zip'));
    const resultsSha = sha256(await readFile(resultsZip));
    const participants: HttpClient[] = [];
    const submissions: { id: string; by: HttpClient }[] = [];
    for (let p = 0; p < 3; p++) {
      const c = await anon.signUp(`p${p}${hex(3)}`);
      expect(
        (await c.json('POST', `/api/competitions/${competitionId}/participation`, { acceptTerms: true })).status,
      ).toBe(200);
      participants.push(c);
    }
    for (let round = 0; round < 2; round++) {
      for (const c of participants) {
        const r = await c.upload(`/api/phases/${phaseId}/submissions`, 'file', resultsZip, {
          description: `round ${round}`,
        });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        submissions.push({ id: r.body.id, by: c });
      }
    }
    const statuses = async () =>
      new Map(
        (await platform.db.query<{ id: string; status: string }>('SELECT id, status FROM submissions')).map((r) => [
          r.id,
          r.status,
        ]),
      );
    const deadline = Date.now() + 120_000;
    let seen = await statuses();
    while ([...seen.values()].filter((s) => s === 'finished').length < 2) {
      if (Date.now() > deadline) {
        throw new Error(`fewer than 2 submissions finished: ${JSON.stringify([...seen])}`);
      }
      await new Promise((r) => setTimeout(r, 200));
      seen = await statuses();
    }

    // The backup, while the worker goes on scoring.
    const finishedBefore = [...seen].filter(([, s]) => s === 'finished').map(([id]) => id);
    const inFlightBefore = [...seen].filter(([, s]) => s !== 'finished').map(([id]) => id);
    expect(inFlightBefore.length).toBeGreaterThan(0);
    const backupEnv = {
      ...process.env,
      DATABASE_URL: platform.db.url,
      RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl,
      ...before,
    };
    const backup = await run('bash', [join(ROOT, 'deploy/backup.sh'), join(work, 'backups')], { env: backupEnv });
    const after = await statuses();
    console.log(backup.stdout);
    const finishedDuring = inFlightBefore.filter((id) => after.get(id) === 'finished');
    console.log(
      `finished before the backup: ${finishedBefore.length}, during it: ${finishedDuring.length}, after: ${inFlightBefore.length - finishedDuring.length}`,
    );
    const [backupDir] = await readdir(join(work, 'backups'));
    const dir = join(work, 'backups', backupDir);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'arena-backup/1',
      storage: { kind: before.STORAGE_DIR ? 'local' : 's3' },
      broker: { vhosts: 1, users: 1 },
    });
    // The backup's output names no secret.
    for (const secret of ['arena:arena@', 'admin:admin@', TEST_ENV.s3.secretAccessKey]) {
      expect(backup.stdout + backup.stderr).not.toContain(secret);
    }

    // The original platform is gone, and so is the organizer queue's vhost and user on the broker.
    platformUp = false;
    await platform.close();
    await mgmt('DELETE', `/vhosts/${encodeURIComponent(queueRow.vhost)}`);
    await mgmt('DELETE', `/users/${encodeURIComponent(queueRow.broker_user)}`);
    expect((await mgmt('GET', `/users/${encodeURIComponent(queueRow.broker_user)}`)).status).toBe(404);

    // Restore into a database that does not exist yet and empty storage.
    const restoredDbName = `arena_test_restored_${hex(4)}`;
    const restoredDb = databaseUrl(restoredDbName);
    cleanups.push(() => query(databaseUrl('postgres'), `DROP DATABASE IF EXISTS ${restoredDbName} WITH (FORCE)`));
    const restoredStorage = env(join(work, 'storage-after'));
    cleanups.push(() => dropBucket(restoredStorage));
    const restoreEnv = {
      ...process.env,
      DATABASE_URL: restoredDb,
      RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl,
      ...restoredStorage,
    };
    const restored = await run('bash', [join(ROOT, 'deploy/restore.sh'), dir], { env: restoreEnv });
    console.log(restored.stdout);
    // A second restore onto it is refused without --replace, and changes nothing.
    await expect(run('bash', [join(ROOT, 'deploy/restore.sh'), dir], { env: restoreEnv })).rejects.toThrow(
      /storage already holds \d+ objects: stop the platform and add --replace/,
    );

    // Every object a restored row names is in the restored storage.
    const keys = await storedKeys(restoredStorage);
    const named = await query<{ key: string; what: string }>(
      restoredDb,
      `SELECT bundle_key AS key, 'bundle' AS what FROM competitions WHERE bundle_key IS NOT NULL
       UNION ALL SELECT logo_key, 'logo' FROM competitions WHERE logo_key IS NOT NULL
       UNION ALL SELECT storage_key, 'dataset' FROM datasets
       UNION ALL SELECT file_key, 'submission ' || status FROM submissions
       UNION ALL SELECT k, 'run output' FROM runs r JOIN submissions s ON s.id = r.submission_id,
         LATERAL unnest(ARRAY[r.output_key, r.stdout_key, r.stderr_key]) AS k WHERE s.status = 'finished' AND k IS NOT NULL`,
    );
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((n) => !keys.has(n.key))).toEqual([]);

    // The restored platform, on the original queue name, with no worker yet: what was finished is there as it was.
    const api: TestApi = await startTestApi({
      DATABASE_URL: restoredDb,
      JOB_QUEUE: platform.queue,
      UPLOAD_TMP_DIR: join(work, 'u2'),
      RABBITMQ_MGMT_URL: TEST_ENV.rabbitMgmtUrl,
      ...restoredStorage,
    });
    cleanups.push(() => api.close());
    cleanups.push(() => deleteQueue(platform.queue));
    const at = (c: HttpClient) => c.at(api.url);
    for (const id of finishedBefore) {
      const owner = at(submissions.find((s) => s.id === id)!.by);
      const s = await owner.json('GET', `/api/submissions/${id}`);
      expect(s.status).toBe(200);
      expect(s.body).toMatchObject({
        status: 'finished',
        scores: { accuracy: expect.any(Number), f1: expect.any(Number) },
      });
      const file = await owner.raw(`/api/submissions/${id}/file`);
      expect(file.status).toBe(200);
      expect(sha256(Buffer.from(await file.arrayBuffer()))).toBe(resultsSha);
      expect(await (await owner.raw(`/api/submissions/${id}/logs/stdout`)).text()).toContain('accuracy=');
      expect((await owner.raw(`/api/submissions/${id}/output`)).status).toBe(200);
    }
    const board = async () =>
      (await at(anon).json('GET', `/api/phases/${phaseId}/leaderboard`)).body.leaderboards[0].rows as {
        submissionId: string;
        participant: string;
      }[];
    const ownersDone = new Set(finishedBefore.map((id) => submissions.find((s) => s.id === id)!.by));
    await expect.poll(async () => (await board()).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(ownersDone.size);
    for (const row of await board()) {
      expect([...finishedBefore, ...finishedDuring]).toContain(row.submissionId);
    }
    const bundle = await at(organizer).raw(`/api/competitions/${competitionId}/bundle`);
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    expect((await at(anon).raw(`/api/competitions/${competitionId}/logo`)).status).toBe(200);

    // The organizer queue's worker connects again with the credentials it was given before the backup.
    const connection = await amqp.connect(queue.body.brokerUrl);
    await connection.close();

    // A worker on the restored platform scores what was still in flight: every submission ends finished.
    const workerName = `restored-${hex(3)}`;
    const worker = spawnWorker({
      ARENA_API_URL: api.url,
      AMQP_URL: TEST_ENV.amqpUrl,
      WORKER_QUEUE: platform.queue,
      WORKER_NAME: workerName,
      WORKER_WORK_DIR: join(work, 'worker2'),
      WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.scoringImage}`,
      LOG_LEVEL: 'warn',
    });
    cleanups.push(async () => {
      worker.kill('SIGKILL');
      await removeContainersOf(workerName);
    });
    await expect
      .poll(
        async () =>
          (await query<{ status: string }>(restoredDb, 'SELECT status FROM submissions'))
            .map((r) => r.status)
            .sort()
            .join(','),
        {
          timeout: 180_000,
          interval: 1000,
        },
      )
      .toBe(Array(6).fill('finished').join(','));
    const finalBoard = await board();
    expect(finalBoard).toHaveLength(3);
    expect(finalBoard.map((r) => r.submissionId).sort()).toEqual(
      submissions
        .slice(3)
        .map((s) => s.id)
        .sort(),
    );
  });
});
