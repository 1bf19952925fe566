import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/src/cli.program';
import type { CliIo } from '../../../cli/src/cli-io';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';

/**
 * Organizer insight on a seeded competition: submissions made and scored through the API, then their times set so
 * that days (in the competition's time zone), percentiles and histogram buckets are known; then 100k more rows to
 * show the figures stay aggregate queries.
 */
describe('organizer insight', () => {
  let fx: ArenaFixture;
  let owner: HttpClient;
  let alice: HttpClient;
  let bob: HttpClient;
  let competitionId: string;
  let phaseId: string;

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    owner = await fx.user('own');
    alice = await fx.user('ali');
    bob = await fx.user('bob');
    const c = await fx.competition(owner);
    competitionId = c.id;
    phaseId = c.phaseId;
    expect(
      (await owner.json('PATCH', `/api/competitions/${competitionId}/settings`, { timeZone: 'Europe/Paris' })).status,
    ).toBe(200);
    await fx.register(alice, competitionId);
    await fx.register(bob, competitionId);
    const team = await alice.json('POST', `/api/competitions/${competitionId}/teams`, { name: 'Alices' });
    const ids: string[] = [];
    for (const [client, fields] of [
      [alice, { teamId: team.body.id }],
      [alice, { teamId: team.body.id }],
      [bob, {}],
    ] as const) {
      const s = await fx.submit(client, phaseId, fields);
      expect(s.status, JSON.stringify(s.body)).toBe(201);
      ids.push(s.body.id);
    }
    await fx.finishAs(ids[0], 'finished');
    await fx.finishAs(ids[1], 'failed');
    await fx.finishAs(ids[2], 'finished');
    // 10:00 and 23:30 UTC on the 10th are the 10th and the 11th in Paris; queue waits of 2, 10 and 40 s.
    const times: [string, number, number][] = [
      ['2026-01-10T10:00:00Z', 2, 1_000],
      ['2026-01-10T23:30:00Z', 10, 5_000],
      ['2026-01-11T05:00:00Z', 40, 100_000],
    ];
    for (const [i, [at, wait, elapsed]] of times.entries()) {
      await fx.db.query('UPDATE submissions SET created_at = $2 WHERE id = $1', [ids[i], at]);
      await fx.db.query(
        `UPDATE runs SET created_at = $2, started_at = $2::timestamptz + make_interval(secs => $3),
                finished_at = $2::timestamptz + make_interval(secs => $3 + $4 / 1000.0), elapsed_ms = $4
          WHERE submission_id = $1`,
        [ids[i], at, wait, elapsed],
      );
    }
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('gives the organizers the day counts, activity, failures, distributions and best score', async () => {
    const r = await owner.json('GET', `/api/competitions/${competitionId}/insight`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const i = r.body;
    expect(i.timeZone).toBe('Europe/Paris');
    expect(i.totals).toEqual({
      registered: 2,
      submissions: 3,
      activeParticipants: 2,
      activeTeams: 1,
      activeLast7Days: 0,
    });
    expect(i.submissionsPerDay).toEqual([
      { day: '2026-01-10', submissions: 1, failed: 0, submitters: 1 },
      { day: '2026-01-11', submissions: 2, failed: 1, submitters: 2 },
    ]);
    expect(i.failures).toEqual([{ cause: 'program_error', count: 1 }]);
    expect(i.queueWait).toMatchObject({ count: 3, p50: 10, max: 40 });
    expect(i.queueWait.p90).toBeCloseTo(34, 5);
    const bucket = (h: { fromSec: number; count: number }[], from: number) => h.find((b) => b.fromSec === from)?.count;
    expect([
      bucket(i.queueWait.histogram, 2),
      bucket(i.queueWait.histogram, 10),
      bucket(i.queueWait.histogram, 30),
    ]).toEqual([1, 1, 1]);
    expect(i.queueWait.histogram.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(3);
    expect(i.runTime).toMatchObject({ count: 3, p50: 5, max: 100 });
    expect(i.scoreProgress).toHaveLength(1);
    expect(i.scoreProgress[0]).toMatchObject({ phaseId, board: expect.any(String) });
    expect(i.scoreProgress[0].points.at(-1).best).toBe(0.5);
  });

  it('exports the same figures as CSV', async () => {
    const res = await owner.raw(`/api/competitions/${competitionId}/insight/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const csv = await res.text();
    expect(csv.split('\r\n')[0]).toBe('section,phase,key,value');
    expect(csv).toContain('submissions_per_day,,2026-01-11,2\r\n');
    expect(csv).toContain('failures,,program_error,1\r\n');
    expect(csv).toContain('queue_wait_sec,,p50,10\r\n');
  });

  it('arena competition insight prints the summary and, with --csv, the export', async () => {
    const home = await mkdtemp(join(tmpdir(), 'arena-insight-cli-'));
    const token = (owner as unknown as { auth(): { authorization: string } }).auth().authorization.slice(7);
    const arena = async (...args: string[]) => {
      let out = '';
      let err = '';
      const io: CliIo = { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) };
      const code = await runCli(['node', 'arena', ...args], io, {
        HOME: home,
        ARENA_URL: fx.api.url,
        ARENA_TOKEN: token,
      });
      return { code, out, err };
    };
    const summary = await arena('competition', 'insight', competitionId);
    expect(summary, summary.err).toMatchObject({ code: 0 });
    expect(summary.out).toContain('3 submission(s) by 2 participant(s) and 1 team(s)');
    expect(summary.out).toMatch(/2026-01-11\s+2\s+1\s+2/);
    expect(summary.out).toContain('queue wait: p50 10.0 s');
    const csv = await arena('competition', 'insight', competitionId, '--csv');
    expect(csv.code).toBe(0);
    expect(csv.out).toContain('failures,,program_error,1');
    const refused = await runCli(
      ['node', 'arena', 'competition', 'insight', competitionId],
      { out: () => undefined, err: () => undefined },
      {
        HOME: home,
        ARENA_URL: fx.api.url,
        ARENA_TOKEN: (alice as unknown as { auth(): { authorization: string } }).auth().authorization.slice(7),
      },
    );
    expect(refused).not.toBe(0);
  });

  it('refuses participants, strangers and anonymous callers', async () => {
    const stranger = await fx.user('str');
    for (const path of ['insight', 'insight/export']) {
      expect((await alice.json('GET', `/api/competitions/${competitionId}/${path}`)).status).toBe(403);
      expect((await stranger.json('GET', `/api/competitions/${competitionId}/${path}`)).status).toBe(403);
      expect((await fx.anon.json('GET', `/api/competitions/${competitionId}/${path}`)).status).toBe(401);
    }
  });

  it('stays a few aggregate queries on 100k submissions', async () => {
    const [{ id: userId }] = await fx.db.query<{ id: string }>(
      'SELECT owner_id AS id FROM submissions WHERE competition_id = $1 LIMIT 1',
      [competitionId],
    );
    const [{ task }] = await fx.db.query<{ task: string }>('SELECT task_ids[1] AS task FROM phases WHERE id = $1', [
      phaseId,
    ]);
    await fx.db.query(
      `WITH s AS (
         INSERT INTO submissions (competition_id, phase_id, owner_id, status, file_key, file_size, failure_code, created_at)
         SELECT $1, $2, $3, CASE WHEN g % 10 = 0 THEN 'failed' ELSE 'cancelled' END, 'seed/' || g, 1,
                CASE WHEN g % 10 = 0 THEN 'timeout' END, now() - make_interval(mins => g)
           FROM generate_series(1, 100000) g
         RETURNING id, created_at)
       INSERT INTO runs (submission_id, task_id, status, token_hash, queue, job, created_at, started_at, finished_at, elapsed_ms)
       SELECT id, $4, 'failed', 'seed-' || id, 'seed', '{}'::jsonb, created_at, created_at + interval '3 seconds',
              created_at + interval '8 seconds', 5000
         FROM s`,
      [competitionId, phaseId, userId, task],
    );
    await fx.db.query('ANALYZE submissions; ANALYZE runs');
    const started = performance.now();
    const r = await owner.json('GET', `/api/competitions/${competitionId}/insight`);
    const ms = performance.now() - started;
    // Same-run baseline: one plain join over the same rows, the least any figure over all runs costs.
    const base = performance.now();
    await fx.db.query(
      'SELECT count(*), max(r.started_at - r.created_at) FROM submissions s JOIN runs r ON r.submission_id = s.id WHERE s.competition_id = $1',
      [competitionId],
    );
    const baseMs = performance.now() - base;
    console.log(
      `insight over 100,003 submissions and runs: ${ms.toFixed(0)} ms (one plain join: ${baseMs.toFixed(0)} ms)`,
    );
    expect(r.status).toBe(200);
    expect(r.body.totals.submissions).toBe(100_003);
    expect(r.body.failures[0]).toEqual({ cause: 'timeout', count: 10_000 });
    expect(r.body.queueWait.count).toBe(100_003);
    expect(r.body.queueWait.p50).toBe(3);
    expect(ms).toBeLessThan(15_000);
  });
});
