import { randomBytes } from 'node:crypto';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '@worker/config';
import { startWorker } from '@worker/worker';
import { HttpClient } from '../support/http-client';
import { type Platform, startPlatform } from '../support/platform';
import { TEST_ENV } from '../support/test-env';
import { waitForEnd } from '../support/wait-for-end';
import { zipFolder } from '../support/zip-folder';

const EXAMPLES = resolve(__dirname, '../../../../examples');

/*
 * The example competitions the project ships, uploaded and scored end to end (API, RabbitMQ, worker, Docker) on the
 * default scoring image, as an operator's quick start maps codalab/codalab-legacy:* to it.
 */
describe('the example competitions, scored on the default image', () => {
  let platform: Platform;
  let worker: { stop(): Promise<void> };
  let organizer: HttpClient;
  let participant: HttpClient;

  beforeAll(async () => {
    platform = await startPlatform({ prefix: 'examples', worker: false });
    worker = await startWorker(
      loadWorkerConfig({
        ARENA_API_URL: platform.api.url,
        AMQP_URL: TEST_ENV.amqpUrl,
        WORKER_QUEUE: platform.queue,
        WORKER_NAME: `examples-${randomBytes(3).toString('hex')}`,
        WORKER_WORK_DIR: join(platform.tmp, 'worker'),
        WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.defaultImage},codalab/*=${TEST_ENV.defaultImage}`,
        LOG_LEVEL: 'warn',
      }),
    );
    const anon = new HttpClient(platform.api.url);
    organizer = await anon.signUp(`org${randomBytes(3).toString('hex')}`);
    participant = await anon.signUp(`ada${randomBytes(3).toString('hex')}`);
  });

  afterAll(async () => {
    await worker?.stop();
    await platform?.close();
  });

  async function create(bundleZip: string) {
    const created = await organizer.upload('/api/competitions', 'bundle', bundleZip);
    await organizer.publish(created);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const registered = await participant.json('POST', `/api/competitions/${created.body.id}/participation`, {
      acceptTerms: true,
    });
    expect(registered.body.status).toBe('approved');
    return created.body;
  }

  async function submit(phaseId: string, folder: string) {
    const zip = await zipFolder(folder, join(platform.tmp, `s-${randomBytes(4).toString('hex')}.zip`));
    const r = await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', zip);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return waitForEnd(participant, r.body.id);
  }

  const log = async (id: string, stream: 'stdout' | 'stderr') =>
    (await participant.raw(`/api/submissions/${id}/logs/${stream}`)).text();

  it('binary classification (v2, results)', async () => {
    const dir = join(EXAMPLES, 'binary-classification');
    const competition = await create(await zipFolder(join(dir, 'bundle'), join(platform.tmp, 'binary.zip')));
    const done = await submit(competition.phases[0].id, join(dir, 'submission'));
    expect(done.status, JSON.stringify(done)).toBe('finished');
    expect(done.scores.accuracy).toBeCloseTo(0.84, 10);
    expect(done.scores.f1).toBeGreaterThan(0);
  });

  it('Iris, results or code (v2, ingestion program): both kinds of submission are scored, as on Codabench', async () => {
    const dir = join(EXAMPLES, 'iris-results-or-code');
    const competition = await create(await zipFolder(join(dir, 'bundle'), join(platform.tmp, 'iris.zip')));
    const phaseId = competition.phases[0].id;

    const results = await submit(phaseId, join(dir, 'result_submission'));
    expect(results.status, JSON.stringify(results)).toBe('finished');
    expect(results.scores).toEqual({ set1_score: 0.92, Duration: 0 });
    // The confusion matrix the scorer writes beside its columns is kept with the run, not a reason to fail it.
    expect(results.runs[0].extraScores.confusion_matrix).toHaveLength(3);
    expect(await log(results.id, 'stderr')).toMatch(
      /=== arena ===\nthe ingestion program \(prediction step\) failed on this results submission \(it has no metadata file\), so the submitted files are scored as they are\.[\s\S]*No module named 'model'/,
    );

    const code = await submit(phaseId, join(dir, 'code_submission'));
    expect(code.status, JSON.stringify(code)).toBe('finished');
    expect(code.scores.set1_score).toBeGreaterThan(0.9);
    expect(code.scores.Duration).toBeGreaterThan(0);
    expect(code.runs[0].stepsMs).toEqual({ prediction: expect.any(Number), scoring: expect.any(Number) });
    expect(await log(code.id, 'stdout')).toMatch(
      /=== ingestion program ===\nReading the data\nTrained and predicted 50 flowers[\s\S]*=== scoring program ===\nset1_score=/,
    );

    const board = await participant.json('GET', `/api/phases/${phaseId}/leaderboard`);
    expect(board.body.leaderboards[0].rows).toHaveLength(1);
  });

  it('compute pi (CodaLab v1: programs and data as zips inside the bundle, scores.txt)', async () => {
    const src = join(EXAMPLES, 'codalab-v1-pi');
    const dir = join(platform.tmp, 'pi');
    await mkdir(dir);
    for (const f of [
      'competition.yaml',
      'overview.html',
      'evaluation.html',
      'terms_and_conditions.html',
      'data.html',
      'logo.png',
    ]) {
      await cp(join(src, 'bundle', f), join(dir, f));
    }
    await zipFolder(join(src, 'bundle', 'scoring_program'), join(dir, 'scoring_program.zip'));
    await zipFolder(join(src, 'bundle', 'reference_data'), join(dir, 'reference_data.zip'));
    const competition = await create(await zipFolder(dir, join(platform.tmp, 'pi.zip')));
    await rm(dir, { recursive: true, force: true });
    expect(competition).toMatchObject({ format: 'v1', dockerImage: 'codalab/codalab-legacy:py37' });

    const done = await submit(competition.phases[0].id, join(src, 'submission'));
    expect(done.status, JSON.stringify(done)).toBe('finished');
    expect(done.scores.difference).toBeCloseTo(0.000007, 6);
    expect(done.scores.Duration).toBeGreaterThanOrEqual(0);
    expect(await log(done.id, 'stdout')).toBe('difference: 0.000007\n');
  });
});
