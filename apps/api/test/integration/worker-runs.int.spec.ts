import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SafeZip } from '@arena/safe-zip';
import { workerRoutes, type ScoreJob } from '@arena/worker-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client';
import { deleteQueue } from '../support/rabbit-evidence';
import { takeJob } from '../support/take-job';
import { startTestApi, type TestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

describe('worker routes: job tokens and idempotent reports', () => {
  let tmp: string;
  let db: TestDatabase;
  let api: TestApi;
  let queue: string;
  let participant: HttpClient;
  let organizer: HttpClient;
  let phaseId: string;
  let resultsZip: string;

  const worker = (job: ScoreJob) => new HttpClient(api.url).as(job.token);
  const submitAndTake = async (): Promise<{ submissionId: string; job: ScoreJob }> => {
    const r = await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', resultsZip);
    expect(r.status).toBe(201);
    const job = await takeJob(queue);
    expect(job.submissionId).toBe(r.body.id);
    return { submissionId: r.body.id, job };
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'arena-int-'));
    db = await createTestDatabase();
    queue = `arena.int.${randomBytes(4).toString('hex')}`;
    api = await startTestApi({
      DATABASE_URL: db.url,
      JOB_QUEUE: queue,
      STORAGE_DIR: join(tmp, 's'),
      UPLOAD_TMP_DIR: join(tmp, 'u'),
    });
    const anon = new HttpClient(api.url);
    organizer = await anon.signUp(`org${randomBytes(3).toString('hex')}`);
    const created = await organizer.upload(
      '/api/competitions',
      'bundle',
      await zipFolder(join(EXAMPLE, 'bundle'), join(tmp, 'b.zip')),
    );
    await organizer.publish(created);
    expect(created.status).toBe(201);
    phaseId = created.body.phases[0].id;
    participant = await anon.signUp(`ada${randomBytes(3).toString('hex')}`);
    await participant.json('POST', `/api/competitions/${created.body.id}/participation`, { acceptTerms: true });
    resultsZip = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'r.zip'));
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    await deleteQueue(queue);
    await rm(tmp, { recursive: true, force: true });
  });

  it('publishes a job naming the files, limits, image and score keys of the run', async () => {
    const { job } = await submitAndTake();
    expect(job).toMatchObject({
      version: 1,
      kind: 'score',
      image: 'codalab/codalab-legacy:py37',
      files: ['submission', 'scoring_program', 'reference_data'],
      scoreKeys: ['accuracy', 'f1'],
      limits: { timeLimitSec: 120 },
    });
  });

  it('accepts a job token only for its own run', async () => {
    const a = await submitAndTake();
    const b = await submitAndTake();
    const start = { version: 1, workerName: 'w1' };
    expect((await worker(a.job).json('POST', workerRoutes.start(b.job.runId), start)).status).toBe(401);
    expect((await new HttpClient(api.url).json('POST', workerRoutes.start(a.job.runId), start)).status).toBe(401);
    expect((await participant.json('POST', workerRoutes.start(a.job.runId), start)).status).toBe(401);
    expect((await worker(a.job).json('POST', workerRoutes.start(a.job.runId), start)).status).toBe(200);
  });

  it('serves the run files as zips', async () => {
    const { job } = await submitAndTake();
    const res = await worker(job).raw(workerRoutes.file(job.runId, 'scoring_program'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/zip');
    const path = join(tmp, `${job.runId}.zip`);
    await writeFile(path, Buffer.from(await res.arrayBuffer()));
    const zip = await SafeZip.open(path);
    expect(zip.entries.map((e) => e.name).sort()).toEqual(['metadata.yaml', 'score.py']);
    zip.close();

    // Programs and data carry their sha256 as ETag; a worker holding that copy gets 304 and no body.
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await fetch(`${api.url}${workerRoutes.file(job.runId, 'scoring_program')}`, {
      headers: { authorization: `Bearer ${job.token}`, 'if-none-match': etag! },
    });
    expect(again.status).toBe(304);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    const stale = await fetch(`${api.url}${workerRoutes.file(job.runId, 'scoring_program')}`, {
      headers: { authorization: `Bearer ${job.token}`, 'if-none-match': '"0000"' },
    });
    expect(stale.status).toBe(200);
    // A submission is never cached: no tag.
    expect((await worker(job).raw(workerRoutes.file(job.runId, 'submission'))).headers.get('etag')).toBeNull();
  });

  it('stores a result once: repeats and later different reports change nothing, and status only moves forward', async () => {
    const { submissionId, job } = await submitAndTake();
    const w = worker(job);
    expect((await w.json('POST', workerRoutes.start(job.runId), { version: 1, workerName: 'w1' })).status).toBe(200);
    const running = await participant.json('GET', `/api/submissions/${submissionId}`);
    expect(running.body.status).toBe('running');

    const result = { version: 1, status: 'finished', scores: { accuracy: 0.5, f1: 0.25 }, exitCode: 0, elapsedMs: 300 };
    const first = await w.json('POST', workerRoutes.result(job.runId), result);
    expect(first).toMatchObject({ status: 200, body: { stored: true } });
    const again = await w.json('POST', workerRoutes.result(job.runId), result);
    expect(again).toMatchObject({ status: 200, body: { stored: false } });
    const other = await w.json('POST', workerRoutes.result(job.runId), {
      ...result,
      scores: { accuracy: 0.99, f1: 0.99 },
    });
    expect(other).toMatchObject({ status: 200, body: { stored: false } });
    const failed = await w.json('POST', workerRoutes.result(job.runId), {
      version: 1,
      status: 'failed',
      failure: { code: 'worker_error', message: 'late' },
      exitCode: null,
      elapsedMs: 1,
    });
    expect(failed.body.stored).toBe(false);

    const sub = await participant.json('GET', `/api/submissions/${submissionId}`);
    expect(sub.body).toMatchObject({ status: 'finished', scores: { accuracy: 0.5, f1: 0.25 } });
    expect((await w.json('POST', workerRoutes.start(job.runId), { version: 1, workerName: 'w2' })).status).toBe(409);
    expect((await w.raw(workerRoutes.file(job.runId, 'submission'))).status).toBe(409);
    const [{ n }] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM runs WHERE submission_id = $1 AND status = 'finished'",
      [submissionId],
    );
    expect(n).toBe(1);
  });

  it('refuses a report in another protocol version or with bad scores, naming the problem', async () => {
    const { job } = await submitAndTake();
    const w = worker(job);
    const v2 = await w.json('POST', workerRoutes.result(job.runId), {
      version: 2,
      status: 'finished',
      scores: {},
      exitCode: 0,
      elapsedMs: 1,
    });
    expect(v2.status).toBe(400);
    expect(v2.body.message).toMatch(/version 2 is not supported/);
    const nan = await w.json('POST', workerRoutes.result(job.runId), {
      version: 1,
      status: 'finished',
      scores: { accuracy: 'high' },
      exitCode: 0,
      elapsedMs: 1,
    });
    expect(nan.status).toBe(400);
    expect(nan.body.message).toMatch(/scores\.accuracy/);
  });

  it('records a failed run as a failed submission with its reason, and keeps it off the leaderboard', async () => {
    const { submissionId, job } = await submitAndTake();
    const r = await worker(job).json('POST', workerRoutes.result(job.runId), {
      version: 1,
      status: 'failed',
      failure: { code: 'time_limit_exceeded', message: 'time limit of 120 s exceeded' },
      exitCode: null,
      elapsedMs: 120000,
    });
    expect(r.body.stored).toBe(true);
    const sub = await participant.json('GET', `/api/submissions/${submissionId}`);
    expect(sub.body).toMatchObject({ status: 'failed', failureCode: 'time_limit_exceeded', scores: null });
    const board = await participant.json('GET', `/api/phases/${phaseId}/leaderboard`);
    expect(board.body.leaderboards[0].rows.map((row: any) => row.submissionId)).not.toContain(submissionId);
  });

  it('keeps what a scorer wrote beside the columns with the run, for the submitter and the organizers, hidden with the scores', async () => {
    const { submissionId, job } = await submitAndTake();
    const extraScores = { all_costs: { 'graph-0': 7, 'graph-1': [1, 'x', null] }, note: 'paths checked', valid: true };
    const r = await worker(job).json('POST', workerRoutes.result(job.runId), {
      version: 1,
      status: 'finished',
      scores: { accuracy: 0.5, f1: 0.25 },
      extraScores,
      exitCode: 0,
      elapsedMs: 10,
    });
    expect(r.body.stored).toBe(true);
    const own = await participant.json('GET', `/api/submissions/${submissionId}`);
    expect(own.body).toMatchObject({ status: 'finished', scores: { accuracy: 0.5, f1: 0.25 } });
    expect(own.body.runs[0].extraScores).toEqual(extraScores);
    expect((await organizer.json('GET', `/api/submissions/${submissionId}`)).body.runs[0].extraScores).toEqual(
      extraScores,
    );

    // While the organizers keep the phase's results hidden, the extra output is withheld with the scores.
    expect((await organizer.json('POST', `/api/phases/${phaseId}/hide-results`)).status).toBeLessThan(300);
    try {
      const hidden = await participant.json('GET', `/api/submissions/${submissionId}`);
      expect(hidden.body.scores).toBeNull();
      expect(hidden.body.runs[0].extraScores).toBeNull();
      const mine = await participant.json('GET', `/api/phases/${phaseId}/submissions`);
      const listed = (mine.body.items ?? mine.body).find((s: any) => s.id === submissionId);
      expect(listed?.runs?.[0]?.extraScores ?? null).toBeNull();
      expect((await organizer.json('GET', `/api/submissions/${submissionId}`)).body.runs[0].extraScores).toEqual(
        extraScores,
      );
    } finally {
      expect((await organizer.json('POST', `/api/phases/${phaseId}/reveal`)).status).toBeLessThan(300);
    }
  });

  it('takes results without extra scores (older workers) and refuses extra scores over 64 KiB, naming the field', async () => {
    const a = await submitAndTake();
    await worker(a.job).json('POST', workerRoutes.result(a.job.runId), {
      version: 1,
      status: 'finished',
      scores: { accuracy: 1 },
      exitCode: 0,
      elapsedMs: 1,
    });
    expect((await participant.json('GET', `/api/submissions/${a.submissionId}`)).body.runs[0].extraScores).toBeNull();
    const b = await submitAndTake();
    const big = await worker(b.job).json('POST', workerRoutes.result(b.job.runId), {
      version: 1,
      status: 'finished',
      scores: { accuracy: 1 },
      extraScores: { details: 'x'.repeat(70_000) },
      exitCode: 0,
      elapsedMs: 1,
    });
    expect(big.status).toBe(400);
    expect(big.body.message).toMatch(/extraScores: must be at most 65536 bytes of JSON/);
  });
});
