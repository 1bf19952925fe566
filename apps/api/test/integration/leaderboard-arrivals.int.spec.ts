import { workerRoutes } from '@arena/worker-protocol';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client';
import { boardYaml, LeaderboardHarness } from './leaderboard-harness';

/** A Force_Last board, and a Force_Best one ranked by the average rank of its two columns. */
const BOARDS =
  boardYaml('main', 'Force_Last') +
  boardYaml('best', 'Force_Best', {
    columns: `      - { title: Mean rank, key: mean_rank, index: 2, sorting: asc, precision: 2, computation: avg_rank, computation_indexes: [0, 1] }
    primary_index: 2
`,
  });

/** Polls until `done` holds, for at most `ms`. */
async function eventually(what: string, done: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > until) {
      throw new Error(`not within ${ms} ms: ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A finished result reaches the boards whatever happens between storing it and ranking it: the API killed in that
 * window (kill -9 of the built API, its own process), a board update that fails, several API processes taking
 * results in at once. No organizer action in any of them.
 */
describe('a finished result is never lost to the boards', () => {
  let h: LeaderboardHarness;
  let locker: Client;

  beforeAll(async () => {
    h = await LeaderboardHarness.start(BOARDS, {}, { spawned: true });
    locker = new Client({ connectionString: h.db.url });
    await locker.connect();
  });

  afterAll(async () => {
    await locker?.end();
    await h?.close();
  });

  const boardKey = async (key: string) => {
    const [{ id }] = await h.db.query<{ id: string }>(
      'SELECT id FROM leaderboards WHERE competition_id = $1 AND key = $2',
      [h.competitionId, key],
    );
    return `leaderboard:${id}:${h.phaseId}`;
  };
  const arrivals = async () =>
    (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM leaderboard_arrivals'))[0].n;
  const onBoard = async (key: string, submissionId: string) =>
    (await h.rows(h.anon, key)).some((r) => r.submissionId === submissionId);
  const report = (runId: string, token: string, scores: Record<string, number>, api = h.api.url) =>
    new HttpClient(api)
      .as(token)
      .json('POST', workerRoutes.result(runId), { version: 1, status: 'finished', scores, exitCode: 0, elapsedMs: 5 });

  it('the API killed while its board update waits: restarted, it puts the result on every board', async () => {
    const ada = await h.participant('ada');
    const { submissionId, runId, token } = await h.submit(ada);
    // A second SQL session holds the lock of the "best" board (the maintainer takes both boards' locks to rank).
    await locker.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [await boardKey('best')]);

    const answered = await report(runId, token, { accuracy: 0.7, f1: 0.6 });
    // The worker's call returned although no board could be updated: ranking comes after the answer.
    expect(answered).toMatchObject({ status: 200, body: { stored: true } });
    expect((await ada.json('GET', `/api/submissions/${submissionId}`)).body.status).toBe('finished');
    expect(await arrivals()).toBe(1);
    const pending = await h.board(h.anon, 'main');
    expect(pending.body.rows.map((r: { submissionId: string }) => r.submissionId)).not.toContain(submissionId);
    expect(pending.body.freshness).toMatchObject({ pending: 1, pendingSince: expect.any(String) });
    const mine = await ada.json('GET', `/api/phases/${h.phaseId}/leaderboards/main/me`);
    expect(mine.body).toMatchObject({ position: null, freshness: { pending: 1 } });

    // Inside the window: the API's board update waits for the lock. Then the API dies.
    await eventually('the API waits for the board lock', async () => {
      const [{ n }] = await h.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
      );
      return n >= 1;
    });
    await h.killApi();
    // The worker that retries its call is told the result is already stored: nothing else would bring it back.
    expect(await arrivals()).toBe(1);

    await h.restartApi();
    await locker.query('SELECT pg_advisory_unlock_all()');
    await eventually(
      'the result is on both boards',
      async () => (await onBoard('main', submissionId)) && (await onBoard('best', submissionId)),
    );
    expect(await arrivals()).toBe(0);
    const now = await h.board(h.anon, 'best');
    expect(now.body.freshness).toMatchObject({ pending: 0, pendingSince: null, updatedAt: expect.any(String) });
    const again = await report(runId, token, { accuracy: 0.1, f1: 0.1 });
    expect(again.body).toMatchObject({ stored: false });
  }, 90_000);

  it('a board update that fails is retried until the board holds the result', async () => {
    // The next write to the boards' rows fails once, as a deadlock, a full disk or a bug would.
    await h.db.query(`
      CREATE SEQUENCE test_board_failures;
      CREATE FUNCTION test_fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('test_board_failures') = 1 THEN RAISE EXCEPTION 'injected board failure'; END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER test_fail_once AFTER INSERT OR UPDATE ON leaderboard_entries
        FOR EACH STATEMENT EXECUTE FUNCTION test_fail_once();`);
    try {
      const bo = await h.participant('bo');
      const { submissionId, runId, token } = await h.submit(bo);
      expect((await report(runId, token, { accuracy: 0.9, f1: 0.9 })).body).toMatchObject({ stored: true });
      await eventually(
        'the result is on both boards',
        async () => (await onBoard('main', submissionId)) && (await onBoard('best', submissionId)),
      );
      expect(await arrivals()).toBe(0);
      const [{ failures }] = await h.db.query<{ failures: number }>(
        'SELECT last_value::int AS failures FROM test_board_failures',
      );
      expect(failures).toBeGreaterThanOrEqual(2);
      expect(h.process!.output()).toContain('injected board failure');
    } finally {
      await h.db.query(
        'DROP TRIGGER test_fail_once ON leaderboard_entries; DROP FUNCTION test_fail_once(); DROP SEQUENCE test_board_failures',
      );
    }
  }, 60_000);

  it('two API processes taking results in at once: every result once, the boards equal to a rebuild', async () => {
    const other = await h.anotherApi();
    const people = await Promise.all(Array.from({ length: 8 }, (_, i) => h.participant(`p${i}`)));
    const runs = [];
    // Each participant submits three times: Force_Last keeps the latest, Force_Best the best by average rank.
    for (let round = 0; round < 3; round++) {
      for (const p of people) {
        runs.push(await h.submit(p));
      }
    }
    await Promise.all(
      runs.map((r, i) =>
        report(
          r.runId,
          r.token,
          { accuracy: ((i * 7) % 10) / 10, f1: ((i * 3) % 10) / 10 },
          i % 2 ? other.url : h.api.url,
        ),
      ),
    );
    await eventually('every result taken in', async () => (await arrivals()) === 0);
    const before = { main: await h.rows(h.anon, 'main'), best: await h.rows(h.anon, 'best') };
    expect(before.main.length).toBeGreaterThanOrEqual(8);
    const rebuilt = await h.organizer.json('POST', `/api/competitions/${h.competitionId}/leaderboards/rebuild`);
    expect(rebuilt.status, JSON.stringify(rebuilt.body)).toBeLessThan(300);
    for (const key of ['main', 'best'] as const) {
      const after = await h.rows(h.anon, key);
      expect(before[key], key).toEqual(after);
    }
  }, 120_000);
});
