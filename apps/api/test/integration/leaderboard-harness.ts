import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { workerRoutes } from '@arena/worker-protocol';
import { expect } from 'vitest';
import { type ApiProcess, spawnApi } from '../support/api-process';
import { boardsTookIn } from '../support/boards-took-in';
import { HttpClient } from '../support/http-client';
import { deleteQueue } from '../support/rabbit-evidence';
import { takeJob } from '../support/take-job';
import { startTestApi, type TestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

/**
 * A real API, database and queue with one competition whose leaderboards are given as YAML; submissions are driven
 * to finished through the worker routes with the scores a test chooses (no container runs).
 */
export class LeaderboardHarness {
  api!: Pick<TestApi, 'url' | 'close'>;
  /** With the `spawned` option: the API as its own process (killApi, restartApi). */
  process?: ApiProcess;
  db!: TestDatabase;
  organizer!: HttpClient;
  anon!: HttpClient;
  competitionId!: string;
  phaseId!: string;
  private tmp!: string;
  private queue!: string;
  private resultsZip!: string;
  private apiEnv!: Record<string, string>;
  private others: TestApi[] = [];

  /**
   * `apiEnv`: on top of the usual API environment, for this API and those of `anotherApi`. `spawned`: the built API
   * runs as its own process (dist/), so that a test can kill it.
   */
  static async start(
    leaderboardsYaml: string,
    apiEnv: Record<string, string> = {},
    options: { spawned?: boolean } = {},
  ): Promise<LeaderboardHarness> {
    const h = new LeaderboardHarness();
    h.tmp = await mkdtemp(join(tmpdir(), 'arena-lb-'));
    h.db = await createTestDatabase();
    h.queue = `arena.lb.${randomBytes(4).toString('hex')}`;
    h.apiEnv = {
      DATABASE_URL: h.db.url,
      JOB_QUEUE: h.queue,
      STORAGE_DIR: join(h.tmp, 's'),
      UPLOAD_TMP_DIR: join(h.tmp, 'u'),
      ...apiEnv,
    };
    h.api = options.spawned ? await h.spawn() : await startTestApi(h.apiEnv);
    h.anon = new HttpClient(h.api.url);
    h.organizer = await h.anon.signUp(`org${randomBytes(3).toString('hex')}`);
    const bundle = join(h.tmp, 'bundle');
    await cp(join(EXAMPLE, 'bundle'), bundle, { recursive: true });
    const head = (await readFile(join(bundle, 'competition.yaml'), 'utf8')).split('\nleaderboards:')[0];
    await writeFile(join(bundle, 'competition.yaml'), `${head}\nleaderboards:\n${leaderboardsYaml}`);
    const created = await h.organizer.upload(
      '/api/competitions',
      'bundle',
      await zipFolder(bundle, join(h.tmp, 'b.zip')),
    );
    await h.organizer.publish(created);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    h.competitionId = created.body.id;
    h.phaseId = created.body.phases[0].id;
    h.resultsZip = await zipFolder(join(EXAMPLE, 'submission'), join(h.tmp, 'r.zip'));
    return h;
  }

  async participant(prefix: string): Promise<HttpClient> {
    const client = await this.anon.signUp(`${prefix}${randomBytes(3).toString('hex')}`);
    const r = await client.json('POST', `/api/competitions/${this.competitionId}/participation`, { acceptTerms: true });
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    return client;
  }

  /** Uploads a submission (with form fields such as teamId) and takes its job off the queue, leaving it unfinished. */
  async submit(
    client: HttpClient,
    fields: Record<string, string> = {},
  ): Promise<{ submissionId: string; runId: string; token: string }> {
    const r = await client.upload(`/api/phases/${this.phaseId}/submissions`, 'file', this.resultsZip, fields);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const job = await takeJob(this.queue);
    expect(job.submissionId).toBe(r.body.id);
    return { submissionId: r.body.id, runId: job.runId, token: job.token };
  }

  /** Submits and reports the run finished with these scores, as a worker would. */
  async submitScored(
    client: HttpClient,
    scores: Record<string, number>,
    fields: Record<string, string> = {},
  ): Promise<string> {
    const { submissionId, runId, token } = await this.submit(client, fields);
    await this.finish(runId, token, scores);
    return submissionId;
  }

  /** Reports the run finished, then waits until the phase's boards took the result in (they do so after the answer). */
  async finish(runId: string, token: string, scores: Record<string, number>): Promise<void> {
    const worker = new HttpClient(this.api.url).as(token);
    const result = { version: 1, status: 'finished', scores, exitCode: 0, elapsedMs: 10 };
    const r = await worker.json('POST', workerRoutes.result(runId), result);
    expect(r).toMatchObject({ status: 200, body: { stored: true } });
    await this.boardsTookIn(runId);
  }

  /** Waits until the boards took in the run's result. */
  boardsTookIn(runId: string): Promise<void> {
    return boardsTookIn(this.db, runId);
  }

  board(client: HttpClient, key: string, query = ''): Promise<{ status: number; body: any }> {
    return client.json('GET', `/api/phases/${this.phaseId}/leaderboards/${key}${query}`);
  }

  async rows(
    client: HttpClient,
    key: string,
  ): Promise<{ submissionId: string; rank: number | null; position: number; scores: Record<string, number | null> }[]> {
    const r = await this.board(client, key);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.rows;
  }

  private async spawn(): Promise<Pick<TestApi, 'url' | 'close'>> {
    this.process = await spawnApi(this.apiEnv);
    const p = this.process;
    return { url: p.url, close: () => p.stop() };
  }

  /** Kills the spawned API (SIGKILL: a crash, no shutdown hook). */
  async killApi(): Promise<void> {
    await this.process!.kill();
  }

  /** Starts the spawned API again on the same database; the harness's clients move to its address. */
  async restartApi(): Promise<void> {
    this.api = await this.spawn();
    this.anon = this.anon.at(this.api.url);
    this.organizer = this.organizer.at(this.api.url);
  }

  /** A second API process on the same database, storage and queue (as behind a load balancer); closed by close(). */
  async anotherApi(): Promise<TestApi> {
    const api = await startTestApi(this.apiEnv);
    this.others.push(api);
    return api;
  }

  async close(): Promise<void> {
    for (const api of this.others) {
      await api.close();
    }
    await this.api?.close();
    await this.db?.drop();
    await deleteQueue(this.queue);
    await rm(this.tmp, { recursive: true, force: true });
  }
}

/** A board of the test bundle: accuracy and f1 (both higher is better), plus whatever the test adds. */
export function boardYaml(
  key: string,
  rule: string,
  extra: { hidden?: boolean; hiddenF1?: boolean; columns?: string } = {},
): string {
  return `  - title: ${key}
    key: ${key}
    submission_rule: ${rule}
    hidden: ${extra.hidden ?? false}
    columns:
      - { title: Accuracy, key: accuracy, index: 0, sorting: desc, precision: 4 }
      - { title: F1, key: f1, index: 1, sorting: desc, precision: 4, hidden: ${extra.hiddenF1 ?? false} }
${extra.columns ?? ''}`;
}
