import { randomBytes } from 'node:crypto';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '@worker/config';
import { startWorker } from '@worker/worker';
import { HttpClient } from '../support/http-client';
import { deleteQueue } from '../support/rabbit-evidence';
import { countStoredObjects } from '../support/stored-objects';
import { startTestApi, type TestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_ENV } from '../support/test-env';
import { zipFolder } from '../support/zip-folder';
import { waitForEnd } from '../support/wait-for-end';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

/** The example bundle with its reference data replaced by `worker://<name>` and the folder left out. */
async function localBundle(tmp: string, name: string): Promise<string> {
  const dir = join(tmp, `bundle-${name}`);
  await cp(join(EXAMPLE, 'bundle'), dir, { recursive: true });
  await rm(join(dir, 'reference_data'), { recursive: true });
  const yaml = await readFile(join(dir, 'competition.yaml'), 'utf8');
  await writeFile(
    join(dir, 'competition.yaml'),
    yaml.replace('reference_data: reference_data', `reference_data: worker://${name}`),
  );
  return zipFolder(dir, join(tmp, `bundle-${name}.zip`));
}

describe('confidential data held on the worker host (worker://)', () => {
  let tmp: string;
  let db: TestDatabase;
  let api: TestApi;
  let worker: { stop(): Promise<void> };
  let queue: string;
  let storage: Record<string, string>;
  const workerName = `vault-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'arena-local-data-'));
    db = await createTestDatabase();
    queue = `arena.localdata.${randomBytes(4).toString('hex')}`;
    storage = { STORAGE_DIR: join(tmp, 'storage') };
    api = await startTestApi({
      DATABASE_URL: db.url,
      JOB_QUEUE: queue,
      UPLOAD_TMP_DIR: join(tmp, 'uploads'),
      ...storage,
    });
    // The worker's own copy of the labels: exactly the example's predictions, so a score of 1 proves it was used
    // (the example's uploaded labels give 0.84).
    const vault = join(tmp, 'vault', 'truth');
    await mkdir(vault, { recursive: true });
    await writeFile(join(vault, 'truth.csv'), await readFile(join(EXAMPLE, 'submission/predictions.csv')));
    await chmod(join(tmp, 'vault'), 0o755);
    await chmod(vault, 0o755);
    await chmod(join(vault, 'truth.csv'), 0o644);
    worker = await startWorker(
      loadWorkerConfig({
        ARENA_API_URL: api.url,
        AMQP_URL: TEST_ENV.amqpUrl,
        WORKER_QUEUE: queue,
        WORKER_NAME: workerName,
        WORKER_WORK_DIR: join(tmp, 'worker'),
        WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.scoringImage}`,
        WORKER_LOCAL_DATA: `clinic-labels=${vault}`,
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

  it('scores against the folder on the worker host, and the platform never stores that data', async () => {
    const anon = new HttpClient(api.url);
    const organizer = await anon.signUp(`org${randomBytes(3).toString('hex')}`);
    const participant = await anon.signUp(`ada${randomBytes(3).toString('hex')}`);

    const created = await organizer.upload('/api/competitions', 'bundle', await localBundle(tmp, 'clinic-labels'));
    await organizer.publish(created);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const competition = created.body;
    // Only the scoring program became a dataset; the task names the worker-local data instead.
    const datasets = await db.query<{ kind: string }>('SELECT kind FROM datasets');
    expect(datasets.map((d) => d.kind)).toEqual(['scoring_program']);
    const [task] = await db.query<{ reference_data_id: string | null; reference_data_local: string | null }>(
      'SELECT reference_data_id, reference_data_local FROM tasks WHERE competition_id = $1',
      [competition.id],
    );
    expect(task).toEqual({ reference_data_id: null, reference_data_local: 'clinic-labels' });
    const storedBefore = await countStoredObjects(storage);

    await participant.json('POST', `/api/competitions/${competition.id}/participation`, { acceptTerms: true });
    const results = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'results.zip'));
    const submitted = await participant.upload(`/api/phases/${competition.phases[0].id}/submissions`, 'file', results);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const [run] = await db.query<{ job: any }>('SELECT job FROM runs WHERE submission_id = $1', [submitted.body.id]);
    expect(run.job.localData).toEqual({ reference_data: 'clinic-labels' });
    expect(run.job.files).not.toContain('reference_data');

    const done = await waitForEnd(participant, submitted.body.id);
    expect(done.status, JSON.stringify(done)).toBe('finished');
    expect(done.scores).toEqual({ accuracy: 1, f1: 1 });
    expect(done.runs[0].workerName).toBe(workerName);
    // What the run stored: the submission, its output zip and its two logs; no copy of the worker's data.
    expect(await countStoredObjects(storage)).toBe(storedBefore + 4);
    expect((await db.query('SELECT 1 FROM datasets WHERE kind = $1', ['reference_data'])).length).toBe(0);
  });

  it('fails the run clearly on a worker that holds no data of that name', async () => {
    const anon = new HttpClient(api.url);
    const organizer = await anon.signUp(`org${randomBytes(3).toString('hex')}`);
    const participant = await anon.signUp(`bo${randomBytes(3).toString('hex')}`);
    const competition = (await organizer.upload('/api/competitions', 'bundle', await localBundle(tmp, 'elsewhere')))
      .body;
    await organizer.publish(competition.id);
    await participant.json('POST', `/api/competitions/${competition.id}/participation`, { acceptTerms: true });
    const results = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'results2.zip'));
    const submitted = await participant.upload(`/api/phases/${competition.phases[0].id}/submissions`, 'file', results);
    const done = await waitForEnd(participant, submitted.body.id);
    expect(done.status).toBe('failed');
    expect(done.runs[0]).toMatchObject({
      failureCode: 'local_data_unavailable',
      failureMessage: expect.stringContaining(`this worker (${workerName}) holds no local data named elsewhere`),
    });
  });
});
