import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../support/http-client';
import { boardYaml, LeaderboardHarness } from './leaderboard-harness';

const BOARDS = [
  boardYaml('last', 'Force_Last'),
  boardYaml('best', 'Force_Best'),
  boardYaml('multi', 'Force_Latest_Multiple'),
  boardYaml('add', 'Add'),
  boardYaml('adddel', 'Add_And_Delete'),
  boardYaml('addmulti', 'Add_And_Delete_Multiple'),
  boardYaml('secret', 'Force_Last', { hidden: true, hiddenF1: true }),
].join('');

describe('leaderboard submission rules through HTTP', () => {
  let h: LeaderboardHarness;
  let alice: HttpClient;
  let bob: HttpClient;
  const s: Record<string, string> = {};

  beforeAll(async () => {
    h = await LeaderboardHarness.start(BOARDS);
    alice = await h.participant('alice');
    bob = await h.participant('bob');
    s.a1 = await h.submitScored(alice, { accuracy: 0.5, f1: 0.5 });
    s.a2 = await h.submitScored(alice, { accuracy: 0.9, f1: 0.1 });
    s.b1 = await h.submitScored(bob, { accuracy: 0.8, f1: 0.8 });
    s.a3 = await h.submitScored(alice, { accuracy: 0.7, f1: 0.7 });
  });

  afterAll(async () => {
    await h?.close();
  });

  const ids = async (key: string, client: HttpClient = alice) => (await h.rows(client, key)).map((r) => r.submissionId);

  it("Force_Last keeps each participant's latest finished submission", async () => {
    expect(await ids('last')).toEqual([s.b1, s.a3]);
  });

  it("Force_Best keeps each participant's best submission", async () => {
    const rows = await h.rows(alice, 'best');
    expect(rows.map((r) => r.submissionId)).toEqual([s.a2, s.b1]);
    expect(rows.map((r) => r.rank)).toEqual([1, 2]);
  });

  it('Force_Latest_Multiple keeps every finished submission, ranked', async () => {
    const rows = await h.rows(alice, 'multi');
    expect(rows.map((r) => r.submissionId)).toEqual([s.a2, s.b1, s.a3, s.a1]);
    expect(rows.map((r) => r.position)).toEqual([1, 2, 3, 4]);
  });

  it('stores the ranked rows as scores arrive (no read recomputes them)', async () => {
    const [{ n }] = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM leaderboard_entries e JOIN leaderboards l ON l.id = e.leaderboard_id WHERE l.key = 'multi'`,
    );
    expect(n).toBe(4);
  });

  it('a failed or unfinished submission never reaches a board', async () => {
    const pending = await h.submit(bob);
    expect(await ids('multi')).not.toContain(pending.submissionId);
    const r = await bob.json('POST', `/api/submissions/${pending.submissionId}/leaderboard?key=add`);
    expect(r.status).toBe(409);
    expect(r.body.message).toMatch(/finished/);
  });

  it('Add: empty until the participant picks; a new pick replaces the old one; removal is refused naming the rule', async () => {
    expect(await ids('add')).toEqual([]);
    expect((await alice.json('POST', `/api/submissions/${s.a1}/leaderboard?key=add`)).status).toBe(200);
    expect(await ids('add')).toEqual([s.a1]);
    expect((await alice.json('POST', `/api/submissions/${s.a3}/leaderboard?key=add`)).status).toBe(200);
    expect(await ids('add')).toEqual([s.a3]);
    const del = await alice.json('DELETE', `/api/submissions/${s.a3}/leaderboard?key=add`);
    expect(del.status).toBe(409);
    expect(del.body.message).toContain('Add');
    expect(await ids('add')).toEqual([s.a3]);
  });

  it('Add_And_Delete: one entry, removable', async () => {
    expect((await alice.json('POST', `/api/submissions/${s.a1}/leaderboard?key=adddel`)).body).toMatchObject({
      leaderboards: [{ key: 'adddel', onLeaderboard: true }],
    });
    expect((await alice.json('POST', `/api/submissions/${s.a2}/leaderboard?key=adddel`)).status).toBe(200);
    expect(await ids('adddel')).toEqual([s.a2]);
    expect((await alice.json('DELETE', `/api/submissions/${s.a2}/leaderboard?key=adddel`)).status).toBe(200);
    expect(await ids('adddel')).toEqual([]);
  });

  it('Add_And_Delete_Multiple: several entries per participant, each removable', async () => {
    await alice.json('POST', `/api/submissions/${s.a1}/leaderboard?key=addmulti`);
    await alice.json('POST', `/api/submissions/${s.a2}/leaderboard?key=addmulti`);
    await bob.json('POST', `/api/submissions/${s.b1}/leaderboard?key=addmulti`);
    expect(await ids('addmulti')).toEqual([s.a2, s.b1, s.a1]);
    expect((await alice.json('DELETE', `/api/submissions/${s.a1}/leaderboard?key=addmulti`)).status).toBe(200);
    expect(await ids('addmulti')).toEqual([s.a2, s.b1]);
  });

  it('Force_* rules refuse a manual pick or removal with 409 naming the rule', async () => {
    for (const [key, rule] of [
      ['last', 'Force_Last'],
      ['best', 'Force_Best'],
      ['multi', 'Force_Latest_Multiple'],
    ]) {
      const put = await alice.json('POST', `/api/submissions/${s.a1}/leaderboard?key=${key}`);
      expect(put.status).toBe(409);
      expect(put.body.message).toContain(rule);
      const del = await alice.json('DELETE', `/api/submissions/${s.a1}/leaderboard?key=${key}`);
      expect(del.status).toBe(409);
      expect(del.body.message).toContain(rule);
    }
  });

  it('without a key, a pick goes to every board whose rule lets participants choose', async () => {
    const r = await bob.json('POST', `/api/submissions/${s.b1}/leaderboard`);
    expect(r.status).toBe(200);
    expect(r.body.leaderboards.map((b: any) => b.key).sort()).toEqual(['add', 'adddel', 'addmulti']);
    expect(await ids('add')).toEqual([s.b1, s.a3]);
  });

  it('only the owner moves a submission: anyone else gets 404, anonymous 401', async () => {
    expect((await bob.json('POST', `/api/submissions/${s.a1}/leaderboard?key=add`)).status).toBe(404);
    expect((await h.anon.json('POST', `/api/submissions/${s.a1}/leaderboard?key=add`)).status).toBe(401);
    expect((await alice.json('POST', `/api/submissions/${s.a1}/leaderboard?key=nope`)).status).toBe(404);
    // A hidden board is not offered to participants, whatever its rule.
    expect((await alice.json('POST', `/api/submissions/${s.a1}/leaderboard?key=secret`)).status).toBe(404);
  });

  it('serves every board of the phase with its own columns; a hidden board and hidden columns are absent for participants', async () => {
    const phase = await alice.json('GET', `/api/phases/${h.phaseId}/leaderboard`);
    expect(phase.status).toBe(200);
    expect(phase.body.leaderboards.map((b: any) => b.key)).toEqual([
      'last',
      'best',
      'multi',
      'add',
      'adddel',
      'addmulti',
    ]);
    expect((await h.board(alice, 'secret')).status).toBe(404);
    expect((await h.board(h.anon, 'secret')).status).toBe(404);
    expect((await alice.json('GET', `/api/phases/${h.phaseId}/leaderboards/secret/export?format=json`)).status).toBe(
      404,
    );

    const org = await h.organizer.json('GET', `/api/phases/${h.phaseId}/leaderboard`);
    expect(org.body.leaderboards.map((b: any) => b.key)).toContain('secret');
    const secret = await h.board(h.organizer, 'secret');
    expect(secret.body.columns.map((c: any) => c.key)).toEqual(['accuracy', 'f1']);
    expect(secret.body.rows[0].scores).toEqual({ accuracy: 0.8, f1: 0.8 });
  });

  it('pages through a board with limit and offset, positions continuing', async () => {
    const page = await h.board(alice, 'multi', '?limit=2&offset=1');
    expect(page.body.rows.map((r: any) => r.submissionId)).toEqual([s.b1, s.a3]);
    expect(page.body.rows.map((r: any) => r.position)).toEqual([2, 3]);
    expect(page.body.total).toBe(4);
  });

  it('answers 304 to a conditional GET of an unchanged board, and a new tag once a score arrives', async () => {
    const url = `${h.api.url}/api/phases/${h.phaseId}/leaderboards/multi`;
    // fetch adds "cache-control: no-cache" to a conditional request unless one is given, and that defeats 304.
    const conditional = (tag: string) =>
      fetch(url, { headers: { 'if-none-match': tag, 'cache-control': 'max-age=0' } });
    const tag = (await fetch(url)).headers.get('etag')!;
    expect(tag).toBeTruthy();
    expect((await conditional(tag)).status).toBe(304);
    await h.submitScored(bob, { accuracy: 0.1, f1: 0.1 });
    const after = await conditional(tag);
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(tag);
    expect(((await after.json()) as { total: number }).total).toBe(5);
  });
});
