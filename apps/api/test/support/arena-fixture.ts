import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type ScoreJob, workerRoutes } from '@arena/worker-protocol';
import { expect } from 'vitest';
import { HttpClient } from './http-client';
import { deleteQueue } from './rabbit-evidence';
import { takeJob } from './take-job';
import { startTestApi, type TestApi } from './test-api';
import { createTestDatabase, type TestDatabase } from './test-database';
import { zipFolder } from './zip-folder';
import { boardsTookIn } from './boards-took-in';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

/** The real API on its own database and queue, with helpers to build competitions from the example bundle. */
export class ArenaFixture {
  anon!: HttpClient;
  api!: TestApi;
  db!: TestDatabase;
  queue!: string;
  tmp!: string;
  resultsZip!: string;

  static async start(env: Record<string, string> = {}): Promise<ArenaFixture> {
    const f = new ArenaFixture();
    f.tmp = await mkdtemp(join(tmpdir(), 'arena-fx-'));
    f.db = await createTestDatabase();
    f.queue = `arena.fx.${randomBytes(4).toString('hex')}`;
    f.api = await startTestApi({
      DATABASE_URL: f.db.url,
      JOB_QUEUE: f.queue,
      STORAGE_DIR: join(f.tmp, 's'),
      UPLOAD_TMP_DIR: join(f.tmp, 'u'),
      ...env,
    });
    f.anon = new HttpClient(f.api.url);
    f.resultsZip = await zipFolder(join(EXAMPLE, 'submission'), join(f.tmp, 'results.zip'));
    return f;
  }

  async stop(): Promise<void> {
    await this.api?.close();
    await this.db?.drop();
    if (this.queue) {
      await deleteQueue(this.queue);
    }
    if (this.tmp) {
      await rm(this.tmp, { recursive: true, force: true });
    }
  }

  user(prefix: string): Promise<HttpClient> {
    return this.anon.signUp(`${prefix}${randomBytes(3).toString('hex')}`);
  }

  /**
   * Imports the example bundle with its competition.yaml edited (plain string replacements), and makes it `visibility`
   * (public unless told: new uploads are drafts, which participants could not reach; 'draft' leaves it as uploaded).
   */
  async competition(
    organizer: HttpClient,
    edits: [string | RegExp, string][] = [],
    visibility: 'draft' | 'unlisted' | 'public' | 'private' = 'public',
    /** Files added to the bundle (path inside it: content), e.g. another scoring program. */
    files: Record<string, string> = {},
  ): Promise<{ id: string; phaseId: string }> {
    const dir = join(this.tmp, `bundle-${randomBytes(3).toString('hex')}`);
    await cp(join(EXAMPLE, 'bundle'), dir, { recursive: true });
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    let yaml = await readFile(join(dir, 'competition.yaml'), 'utf8');
    for (const [from, to] of edits) {
      const next = yaml.replace(from, to);
      if (next === yaml) {
        throw new Error(`bundle edit ${String(from)} changed nothing`);
      }
      yaml = next;
    }
    await writeFile(join(dir, 'competition.yaml'), yaml);
    const created = await organizer.upload('/api/competitions', 'bundle', await zipFolder(dir, `${dir}.zip`));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    if (visibility !== 'draft') {
      await organizer.publish(created.body.id, visibility);
    }
    return { id: created.body.id, phaseId: created.body.phases[0].id };
  }

  async register(client: HttpClient, competitionId: string): Promise<void> {
    const r = await client.json('POST', `/api/competitions/${competitionId}/participation`, { acceptTerms: true });
    expect(r.status).toBe(200);
  }

  submit(client: HttpClient, phaseId: string, fields: Record<string, string> = {}) {
    return client.upload(`/api/phases/${phaseId}/submissions`, 'file', this.resultsZip, fields);
  }

  private readonly taken = new Map<string, ScoreJob>();

  /**
   * Takes jobs off the real queue until the one of this submission comes (within `timeoutMs`); the others are kept
   * for later calls. Each wait is short, so that a job another call took meanwhile is found among the kept ones.
   */
  async jobFor(submissionId: string, timeoutMs = 20_000): Promise<ScoreJob> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const kept = this.taken.get(submissionId);
      if (kept) {
        this.taken.delete(submissionId);
        return kept;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`no job of submission ${submissionId} on ${this.queue} within ${timeoutMs} ms`);
      }
      const job = await takeJob(this.queue, Math.min(1000, left)).catch(() => null);
      if (job) {
        this.taken.set(job.submissionId, job);
      }
    }
  }

  /**
   * Takes every job that reaches the queue within `waitMs` (kept for later jobFor calls) and returns the ids of the
   * submissions that have one waiting: how a test shows that a submission's job was never published.
   */
  async publishedJobs(waitMs = 1000): Promise<string[]> {
    for (;;) {
      const job = await takeJob(this.queue, waitMs).catch(() => null);
      if (!job) {
        return [...this.taken.keys()];
      }
      this.taken.set(job.submissionId, job);
    }
  }

  /** Ends a submission as a worker would: through the worker routes with the run's job token. */
  async finishAs(submissionId: string, status: 'finished' | 'failed'): Promise<void> {
    const job = await this.jobFor(submissionId);
    const w = this.anon.as(job.token);
    const body =
      status === 'finished'
        ? { version: 1, status, scores: { accuracy: 0.5, f1: 0.5 }, exitCode: 0, elapsedMs: 10 }
        : { version: 1, status, failure: { code: 'program_error', message: 'boom' }, exitCode: 1, elapsedMs: 10 };
    const r = await w.json('POST', workerRoutes.result(job.runId), body);
    expect(r.body).toMatchObject({ stored: true });
    await this.boardsTookIn();
  }

  /** Waits until the boards took in every result reported so far (they do so after the worker's call returns). */
  boardsTookIn(): Promise<void> {
    return boardsTookIn(this.db);
  }
}
