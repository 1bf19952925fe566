import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ScoreJob, workerRoutes } from '@arena/worker-protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LiveLogsRepository } from '../../src/runs/live-logs.repository';
import { HttpClient } from '../support/http-client';
import { deleteQueue } from '../support/rabbit-evidence';
import { takeJob } from '../support/take-job';
import { startTestApi, type TestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

/** Reads server-sent events until the stream ends or `stop` says enough. */
async function readEvents(url: string, token: string, stop: (events: { event: string; data: any }[]) => boolean) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
  if (res.status !== 200) {
    return { status: res.status, events: [] as { event: string; data: any }[] };
  }
  const events: { event: string; data: any }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = res.body!.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data !== undefined) {
        events.push({ event, data: JSON.parse(data) });
      }
    }
    if (stop(events)) {
      await reader.cancel();
      break;
    }
  }
  return { status: 200, events };
}

describe('live logs: a submitter follows the run as it goes', () => {
  let tmp: string;
  let db: TestDatabase;
  let api: TestApi;
  let queue: string;
  let participant: HttpClient;
  let organizer: HttpClient;
  let phaseId: string;
  let results: string;

  const append = (job: ScoreJob, offset: number, text: string) =>
    fetch(`${api.url}${workerRoutes.logAppend(job.runId, 'stdout')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${job.token}`, 'content-type': 'text/plain', 'x-log-offset': String(offset) },
      body: text,
    }).then(async (r) => ({ status: r.status, body: await r.json() }));

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'arena-live-'));
    db = await createTestDatabase();
    queue = `arena.live.${randomBytes(4).toString('hex')}`;
    api = await startTestApi({
      DATABASE_URL: db.url,
      JOB_QUEUE: queue,
      STORAGE_DIR: join(tmp, 's'),
      UPLOAD_TMP_DIR: join(tmp, 'u'),
    });
    const anon = new HttpClient(api.url);
    organizer = await anon.signUp(`org${randomBytes(3).toString('hex')}`);
    const c = (
      await organizer.upload(
        '/api/competitions',
        'bundle',
        await zipFolder(join(EXAMPLE, 'bundle'), join(tmp, 'b.zip')),
      )
    ).body;
    await organizer.publish(c.id);
    phaseId = c.phases[0].id;
    participant = await anon.signUp(`ada${randomBytes(3).toString('hex')}`);
    await participant.json('POST', `/api/competitions/${c.id}/participation`, { acceptTerms: true });
    results = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'r.zip'));
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    await deleteQueue(queue);
    await rm(tmp, { recursive: true, force: true });
  });

  it('streams chunks in order as they arrive, once each, then the final status', async () => {
    const id = (await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', results)).body.id;
    const job = await takeJob(queue);
    const w = new HttpClient(api.url).as(job.token);
    expect((await w.json('POST', workerRoutes.start(job.runId), { version: 1, workerName: 'w' })).status).toBe(200);
    expect(await append(job, 0, 'line one\n')).toMatchObject({ status: 200, body: { length: 9, stored: true } });
    // A retried chunk is not stored twice, and one that would leave a gap is refused: the worker resyncs on `length`.
    expect(await append(job, 0, 'line one\n')).toMatchObject({ body: { length: 9, stored: false } });
    expect(await append(job, 100, 'lost\n')).toMatchObject({ body: { length: 9, stored: false } });

    const { token } = (
      await participant.json('POST', '/api/auth/login', {
        login: (await participant.json('GET', '/api/auth/me')).body.username,
        password: 'correct horse battery',
      })
    ).body;
    const following = readEvents(`${api.url}/api/submissions/${id}/logs/live`, token, (events) =>
      events.some((e) => e.event === 'end'),
    );
    await new Promise((r) => setTimeout(r, 700));
    await append(job, 9, 'line two\n');
    await new Promise((r) => setTimeout(r, 700));
    const result = { version: 1, status: 'finished', scores: { accuracy: 0.5, f1: 0.5 }, exitCode: 0, elapsedMs: 5 };
    expect((await w.json('POST', workerRoutes.result(job.runId), result)).status).toBe(200);

    const { status, events } = await following;
    expect(status).toBe(200);
    expect(events.filter((e) => e.event === 'log').map((e) => e.data.text)).toEqual(['line one\n', 'line two\n']);
    expect(events.at(-1)).toEqual({ event: 'end', data: { status: 'finished' } });
    // The run has ended: the worker may not append any more.
    expect((await append(job, 18, 'late\n')).status).toBe(409);
  });

  it('is only for the submitter and organizers, and not while the phase hides results', async () => {
    const id = (await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', results)).body.id;
    await takeJob(queue);
    const stranger = await new HttpClient(api.url).signUp(`eve${randomBytes(3).toString('hex')}`);
    const login = async (c: HttpClient) =>
      (
        await c.json('POST', '/api/auth/login', {
          login: (await c.json('GET', '/api/auth/me')).body.username,
          password: 'correct horse battery',
        })
      ).body.token;
    const url = `${api.url}/api/submissions/${id}/logs/live`;
    expect((await readEvents(url, await login(stranger), () => true)).status).toBe(404);
    expect((await fetch(url)).status).toBe(401);

    expect((await organizer.json('POST', `/api/phases/${phaseId}/hide-results`)).status).toBeLessThan(300);
    expect((await readEvents(url, await login(participant), () => true)).status).toBe(403);
    expect((await readEvents(url, await login(organizer), () => true)).status).toBe(200);
    expect((await organizer.json('POST', `/api/phases/${phaseId}/reveal`)).status).toBeLessThan(300);

    // A hidden column: scoring programs print it, so the live logs are the organizers' alone, as the stored ones.
    await db.query(`UPDATE leaderboards SET columns = jsonb_set(columns, '{1,hidden}', 'true') WHERE key = 'main'`);
    const hiddenColumn = await fetch(url, { headers: { authorization: `Bearer ${await login(participant)}` } });
    expect(hiddenColumn.status).toBe(403);
    expect(((await hiddenColumn.json()) as { message: string }).message).toMatch(/hidden leaderboard columns/);
    expect((await participant.json('GET', `/api/submissions/${id}/logs/stdout`)).status).toBe(403);
    expect((await readEvents(url, await login(organizer), () => true)).status).toBe(200);
    await db.query(`UPDATE leaderboards SET columns = jsonb_set(columns, '{1,hidden}', 'false') WHERE key = 'main'`);
    expect((await readEvents(url, await login(participant), () => true)).status).toBe(200);
  });

  it('pushes each chunk to every follower as it is stored, with reads that do not grow with the followers', async () => {
    const id = (await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', results)).body.id;
    const job = await takeJob(queue);
    const w = new HttpClient(api.url).as(job.token);
    expect((await w.json('POST', workerRoutes.start(job.runId), { version: 1, workerName: 'w' })).status).toBe(200);
    let length = ((await append(job, 0, 'ready\n')).body as { length: number }).length;
    const { token } = (
      await participant.json('POST', '/api/auth/login', {
        login: (await participant.json('GET', '/api/auth/me')).body.username,
        password: 'correct horse battery',
      })
    ).body;

    // 25 followers, each of which has the backlog ('ready') before the measured lines are stored.
    const FOLLOWERS = 25;
    const received: { text: string; at: number }[][] = Array.from({ length: FOLLOWERS }, () => []);
    const url = `${api.url}/api/submissions/${id}/logs/live`;
    const followers = received.map((into) => {
      let seen = 0;
      return readEvents(url, token, (events) => {
        // Several events can come in one read: each new one is timed at its arrival.
        for (const e of events.slice(seen)) {
          if (e.event === 'log') {
            into.push({ text: e.data.text, at: Date.now() });
          }
        }
        seen = events.length;
        return events.at(-1)?.event === 'end';
      });
    });
    const until = Date.now() + 10_000;
    while (received.some((r) => r.length === 0) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(received.every((r) => r[0]?.text === 'ready\n')).toBe(true);

    const repo = api.app.get(LiveLogsRepository);
    const reads = vi.spyOn(repo, 'since');
    const sent: { text: string; at: number }[] = [];
    for (let i = 0; i < 10; i++) {
      const text = `line ${i}\n`;
      sent.push({ text, at: Date.now() });
      length = ((await append(job, length, text)).body as { length: number }).length;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500));
    const readsForTen = reads.mock.calls.length;
    reads.mockRestore();
    const result = { version: 1, status: 'finished', scores: { accuracy: 0.5, f1: 0.5 }, exitCode: 0, elapsedMs: 5 };
    expect((await w.json('POST', workerRoutes.result(job.runId), result)).status).toBe(200);
    const ended = await Promise.all(followers);

    const latencies: number[] = [];
    for (const [i, got] of received.entries()) {
      expect(
        got.map((g) => g.text),
        `follower ${i}`,
      ).toEqual(['ready\n', ...sent.map((s) => s.text)]);
      for (const [k, s] of sent.entries()) {
        latencies.push(got[k + 1].at - s.at);
      }
      expect(ended[i].events.at(-1)).toEqual({ event: 'end', data: { status: 'finished' } });
    }
    latencies.sort((a, b) => a - b);
    expect(latencies[Math.floor(latencies.length * 0.95)]).toBeLessThan(500);
    // One read per stored chunk (and a safety read every 3 s) serves all 25 followers; polling per follower, every
    // 500 ms, would have read about 75 times in these 1.5 s.
    expect(readsForTen).toBeLessThanOrEqual(10 + 3);
  });

  it('keeps followers served when the announcements are lost: the listening connection dies mid-run', async () => {
    const id = (await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', results)).body.id;
    const job = await takeJob(queue);
    const w = new HttpClient(api.url).as(job.token);
    expect((await w.json('POST', workerRoutes.start(job.runId), { version: 1, workerName: 'w' })).status).toBe(200);
    const { token } = (
      await participant.json('POST', '/api/auth/login', {
        login: (await participant.json('GET', '/api/auth/me')).body.username,
        password: 'correct horse battery',
      })
    ).body;
    let texts: string[] = [];
    const following = readEvents(`${api.url}/api/submissions/${id}/logs/live`, token, (events) => {
      texts = events.filter((e) => e.event === 'log').map((e) => e.data.text);
      return events.at(-1)?.event === 'end';
    });
    let length = ((await append(job, 0, 'before\n')).body as { length: number }).length;
    const until = Date.now() + 10_000;
    while (texts.length === 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const killed = await db.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND query = 'LISTEN arena_changes'`,
    );
    expect(killed[0].n).toBe(1);
    length = ((await append(job, length, 'while unheard\n')).body as { length: number }).length;
    const result = { version: 1, status: 'finished', scores: { accuracy: 0.5, f1: 0.5 }, exitCode: 0, elapsedMs: 5 };
    expect((await w.json('POST', workerRoutes.result(job.runId), result)).status).toBe(200);
    const { events } = await following;
    expect(texts).toEqual(['before\n', 'while unheard\n']);
    expect(events.at(-1)).toEqual({ event: 'end', data: { status: 'finished' } });
  });
});
