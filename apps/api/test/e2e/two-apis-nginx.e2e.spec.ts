import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiProcess, spawnApi } from '../support/api-process';
import { HttpClient } from '../support/http-client';
import { type LoadBalancer, nginxUnavailable, startNginx } from '../support/nginx';
import { deleteQueue } from '../support/rabbit-evidence';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_ENV } from '../support/test-env';
import { removeContainersOf, spawnWorker } from '../support/worker-process';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');
const BURST = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const unavailable = nginxUnavailable();

/**
 * Two API processes (the built API, one database, one storage folder, one broker) behind Debian's nginx, round robin:
 * every request, the worker's included, may reach either. Uploads, live logs and board reads work whichever answers.
 */
describe.skipIf(unavailable)(`two API processes behind nginx${unavailable ? `: ${unavailable}` : ''}`, () => {
  let tmp: string;
  let db: TestDatabase;
  let queue: string;
  const apis: ApiProcess[] = [];
  let lb: LoadBalancer;
  let worker: ChildProcess;
  let workerName: string;

  /** A multipart upload through the balancer; the answer with the upstream that took it. */
  async function upload(token: string, path: string, field: string, file: string) {
    const form = new FormData();
    form.append(field, await openAsBlob(file), basename(file));
    const res = await fetch(lb.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as { id: string }, upstream: res.headers.get('x-upstream') };
  }

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'arena-two-apis-'));
    db = await createTestDatabase();
    queue = `arena.twoapis.${randomBytes(4).toString('hex')}`;
    const env = {
      DATABASE_URL: db.url,
      JOB_QUEUE: queue,
      STORAGE_DIR: join(tmp, 's'),
      UPLOAD_TMP_DIR: join(tmp, 'u'),
      DISPATCH_WINDOW: '10',
    };
    // One after the other, with time: two Node processes booting at once on a busy 2-core machine are slow.
    for (let i = 0; i < 2; i++) {
      apis.push(await spawnApi(env, 120_000));
    }
    lb = await startNginx(
      join(tmp, 'nginx'),
      apis.map((a) => new URL(a.url).host),
    );
    workerName = `lb-${randomBytes(3).toString('hex')}`;
    worker = spawnWorker({
      ARENA_API_URL: lb.url,
      AMQP_URL: TEST_ENV.amqpUrl,
      WORKER_QUEUE: queue,
      WORKER_NAME: workerName,
      WORKER_WORK_DIR: join(tmp, 'worker'),
      WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.scoringImage}`,
      LOG_LEVEL: 'warn',
    });
  }, 300_000);

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await removeContainersOf(workerName).catch(() => undefined);
    await lb?.stop();
    for (const a of apis) {
      await a.stop();
    }
    await db?.drop();
    await deleteQueue(queue).catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  });

  it('uploads, live logs and board reads work whichever process answers', async () => {
    const upstreams = new Set(apis.map((a) => new URL(a.url).host));
    const organizer = await new HttpClient(lb.url).signUp(`org${randomBytes(3).toString('hex')}`);
    const bundle = join(tmp, 'bundle');
    await cp(join(EXAMPLE, 'bundle'), bundle, { recursive: true });
    await writeFile(
      join(bundle, 'scoring_program/metadata.yaml'),
      'command: for i in 1 2 3; do echo tick $i; sleep 1; done; python3 $program/score.py $input $output\n',
    );
    const competition = (
      await organizer.upload('/api/competitions', 'bundle', await zipFolder(bundle, `${bundle}.zip`))
    ).body;
    await organizer.publish(competition.id);
    const phaseId = competition.phases[0].id;
    const results = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'r.zip'));

    const tokens: string[] = [];
    const uploads = [];
    for (let i = 0; i < BURST; i++) {
      // Round robin counts every request, the worker's too: where the last two uploads went to the same process, one
      // request between shifts the next upload to the other, so that both take uploads.
      if (i >= 2 && uploads[i - 1].upstream === uploads[i - 2].upstream) {
        await fetch(`${lb.url}/api/health`);
      }
      const name = `p${randomBytes(4).toString('hex')}`;
      const signup = await new HttpClient(lb.url).json('POST', '/api/auth/signup', {
        email: `${name}@example.org`,
        username: name,
        password: 'correct horse battery',
      });
      const p = new HttpClient(lb.url).as(signup.body.token);
      await p.json('POST', `/api/competitions/${competition.id}/participation`, { acceptTerms: true });
      tokens.push(signup.body.token);
      uploads.push(await upload(signup.body.token, `/api/phases/${phaseId}/submissions`, 'file', results));
    }
    expect(uploads.map((u) => u.status)).toEqual(uploads.map(() => 201));
    // Round robin with the other requests between: both processes took uploads.
    expect(new Set(uploads.map((u) => u.upstream))).toEqual(upstreams);
    const ids = uploads.map((u) => u.body.id);

    // Live logs of the first submission, followed through the balancer on one process while the worker's chunks
    // arrive through it at either.
    const live = await fetch(`${lb.url}/api/submissions/${ids[0]}/logs/live`, {
      headers: { authorization: `Bearer ${tokens[0]}` },
    });
    expect(live.status).toBe(200);
    const reader = live.body!.getReader();
    let text = '';
    const readUntil = Date.now() + 60_000;
    while (!text.includes('event: end') && Date.now() < readUntil) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      text += new TextDecoder().decode(value);
    }
    await reader.cancel().catch(() => undefined);
    expect(text).toMatch(/tick 1[\s\S]*tick 3[\s\S]*event: end/);

    for (const deadline = Date.now() + 60_000; ;) {
      const rows = await db.query<{ status: string }>('SELECT status FROM submissions WHERE id = ANY($1)', [ids]);
      if (rows.every((r) => ['finished', 'failed'].includes(r.status))) {
        expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'finished'));
        break;
      }
      expect(Date.now()).toBeLessThan(deadline);
      await sleep(200);
    }
    const runs = await db.query<{ n: number; finished: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'finished')::int AS finished
         FROM runs WHERE submission_id = ANY($1) GROUP BY submission_id`,
      [ids],
    );
    expect(runs).toHaveLength(BURST);
    expect(runs.every((r) => r.n === 1 && r.finished === 1)).toBe(true);

    // Board reads: the same board, each submission on it once, from both processes.
    const seenFrom = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const res = await fetch(`${lb.url}/api/phases/${phaseId}/leaderboard`, {
          headers: { authorization: `Bearer ${tokens[0]}` },
        });
        expect(res.status).toBe(200);
        const [board] = (
          (await res.json()) as {
            leaderboards: { freshness: { pending: number }; rows: { submissionId: string }[] }[];
          }
        ).leaderboards;
        const onBoard = ids.map((id) => board.rows.filter((r) => r.submissionId === id).length);
        if (board.freshness.pending === 0 && onBoard.every((n) => n >= 1)) {
          expect(onBoard).toEqual(ids.map(() => 1));
          seenFrom.add(res.headers.get('x-upstream')!);
          const [{ n }] = await db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM leaderboard_entries WHERE submission_id = ANY($1)',
            [ids],
          );
          expect(n).toBe(BURST);
          break;
        }
        expect(Date.now()).toBeLessThan(deadline);
        await sleep(200);
      }
    }
    expect(seenFrom).toEqual(upstreams);
  }, 120_000);
});
