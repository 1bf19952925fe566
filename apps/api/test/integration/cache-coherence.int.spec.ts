import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../support/http-client';
import type { TestApi } from '../support/test-api';
import { boardYaml, LeaderboardHarness } from './leaderboard-harness';

/**
 * Two API processes on one database, as behind a load balancer. Their caches trust what they read for 10 minutes
 * here (CACHE_TTL_MS), so whatever the second process sees within the few seconds a test waits, it learned from the
 * database's change announcements (CacheCoherence), never from a cache expiring.
 */
const TEN_MINUTES = '600000';

describe('caches of several API processes stay coherent through the database', () => {
  let h: LeaderboardHarness;
  let other: TestApi;
  let ada: HttpClient;

  beforeAll(async () => {
    h = await LeaderboardHarness.start(boardYaml('main', 'Force_Last'), { CACHE_TTL_MS: TEN_MINUTES });
    other = await h.anotherApi();
    ada = await h.participant('ada');
    await h.submitScored(ada, { accuracy: 0.5, f1: 0.5 });
  });

  afterAll(async () => {
    await h?.close();
  });

  const meAt = (client: HttpClient) => client.json('GET', `/api/phases/${h.phaseId}/leaderboards/main/me?neighbours=0`);

  /** Polls until `done` holds, for at most 5 s (the caches would hold for 10 minutes). */
  async function eventually(done: () => Promise<boolean>): Promise<void> {
    const until = Date.now() + 5000;
    while (!(await done())) {
      if (Date.now() > until) {
        throw new Error('the other API process still serves what it cached');
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('a token revoked through one process is refused by the other on its cached routes', async () => {
    const bob = await h.participant('bob');
    const bobThere = bob.at(other.url);
    expect((await meAt(bobThere)).status).toBe(200); // the other process now holds bob's identity
    expect((await meAt(bobThere)).status).toBe(200);
    expect((await bob.json('POST', '/api/auth/logout')).status).toBeLessThan(300);
    await eventually(async () => (await meAt(bobThere)).status === 401);
  });

  it('a token revoked directly in SQL is refused by both processes', async () => {
    const cat = await h.participant('cat');
    for (const c of [cat, cat.at(other.url)]) {
      expect((await meAt(c)).status).toBe(200);
    }
    const me = await cat.json('GET', '/api/auth/me');
    await h.db.query('UPDATE access_tokens SET revoked_at = now() WHERE user_id = $1', [me.body.id]);
    await eventually(async () => (await meAt(cat)).status === 401 && (await meAt(cat.at(other.url))).status === 401);
  });

  it('a token that expires while its identity is cached is refused from its expiry on', async () => {
    const fay = await h.participant('fay');
    const me = await fay.json('GET', '/api/auth/me');
    // Set before the identity is cached (the change is announced, and dropped what was cached): expiry in 1.5 s.
    await h.db.query(`UPDATE access_tokens SET expires_at = now() + interval '1500 milliseconds' WHERE user_id = $1`, [
      me.body.id,
    ]);
    await eventually(async () => (await meAt(fay)).status === 200); // cached now, for 10 minutes
    const [{ left }] = await h.db.query<{ left: number }>(
      `SELECT (extract(epoch FROM expires_at - now()) * 1000)::float8 AS left FROM access_tokens WHERE user_id = $1`,
      [me.body.id],
    );
    expect(Number(left)).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, Number(left) + 100));
    expect((await meAt(fay)).status).toBe(401);
  });

  it('a score stored through one process moves the board the other serves', async () => {
    const anonThere = h.anon.at(other.url);
    const before = (await h.rows(anonThere, 'main')).length;
    const dan = await h.participant('dan');
    const id = await h.submitScored(dan, { accuracy: 0.9, f1: 0.9 });
    await eventually(async () => {
      const rows = await h.rows(anonThere, 'main');
      return rows.length === before + 1 && rows[0].submissionId === id;
    });
  });

  it('"my rank" the other process keeps while it hears changes follows the board, also after a change it missed', async () => {
    const gil = await h.participant('gil');
    await h.submitScored(gil, { accuracy: 0.2, f1: 0.2 });
    const rankThere = async () => {
      const r = await meAt(gil.at(other.url));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.rank as number | null;
    };
    await eventually(async () => (await rankThere()) !== null);
    const before = await rankThere(); // kept by the other process now, as long as it hears the changes
    const hal = await h.participant('hal');
    await h.submitScored(hal, { accuracy: 0.95, f1: 0.95 }); // stored through the first process, above gil
    await eventually(async () => (await rankThere()) === before! + 1);
    // The listening connections end; the results are hidden in SQL before they listen again (they retry after
    // 500 ms): the other process never hears of it, and must not keep serving the rank it cached.
    const killed = await h.db.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND query = 'LISTEN arena_changes'`,
    );
    expect(killed[0].n).toBe(2);
    await h.db.query('UPDATE phases SET results_hidden = true WHERE id = $1', [h.phaseId]);
    await eventually(async () => (await rankThere()) === null);
    await h.db.query('UPDATE phases SET results_hidden = false WHERE id = $1', [h.phaseId]);
    await eventually(async () => (await rankThere()) === before! + 1);
  });

  it('after the listening connection is lost, it is opened again and what was missed is dropped', async () => {
    const eve = await h.participant('eve');
    const eveThere = eve.at(other.url);
    expect((await meAt(eveThere)).status).toBe(200);
    // Both processes' listening connections to this test's database end; the revocation then happens unheard.
    const killed = await h.db.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND query = 'LISTEN arena_changes'`,
    );
    expect(killed[0].n).toBe(2);
    const me = await eve.json('GET', '/api/auth/me');
    await h.db.query('UPDATE access_tokens SET revoked_at = now() WHERE user_id = $1', [me.body.id]);
    await eventually(async () => (await meAt(eveThere)).status === 401);
    // Listening again: the next change is heard as before.
    await eventually(async () => {
      const rows = await h.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN arena_changes'`,
      );
      return rows[0].n === 2;
    });
  });
});

describe('identities on the cached routes, with a short CACHE_TTL_MS', () => {
  let h: LeaderboardHarness;

  beforeAll(async () => {
    h = await LeaderboardHarness.start(boardYaml('main', 'Force_Last'), { CACHE_TTL_MS: '300' });
  });

  afterAll(async () => {
    await h?.db.query('ALTER TABLE access_tokens ENABLE TRIGGER access_tokens_notify_change').catch(() => undefined);
    await h?.close();
  });

  it('are kept while changes are heard, not re-read every CACHE_TTL_MS, and dropped when the connection is back', async () => {
    const ivy = await h.participant('ivy');
    const meAt = () => ivy.json('GET', `/api/phases/${h.phaseId}/leaderboards/main/me?neighbours=0`);
    expect((await meAt()).status).toBe(200);
    const me = await ivy.json('GET', '/api/auth/me');
    // A revocation nobody announces (the trigger off): only a read of the token would see it.
    await h.db.query('ALTER TABLE access_tokens DISABLE TRIGGER access_tokens_notify_change');
    await h.db.query('UPDATE access_tokens SET revoked_at = now() WHERE user_id = $1', [me.body.id]);
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 300));
      expect((await meAt()).status).toBe(200); // 1.5 s, five times CACHE_TTL_MS: still the identity it heard of
    }
    await h.db.query('ALTER TABLE access_tokens ENABLE TRIGGER access_tokens_notify_change');
    // Listening again after a loss, the process forgets what it kept: the token is read, and refused.
    await h.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND query = 'LISTEN arena_changes'`,
    );
    const until = Date.now() + 5000;
    while ((await meAt()).status !== 401) {
      if (Date.now() > until) {
        throw new Error('the revoked token is still accepted');
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});
