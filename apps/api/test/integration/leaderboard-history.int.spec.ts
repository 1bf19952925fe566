import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../support/http-client';
import { LeaderboardHarness } from './leaderboard-harness';

const board = (
  key: string,
  rule: string,
  o: { primary?: number; accuracy?: string; hiddenF1?: boolean; hidden?: boolean; extra?: string } = {},
) => `  - title: ${key}
    key: ${key}
    submission_rule: ${rule}
    hidden: ${o.hidden ?? false}
    primary_index: ${o.primary ?? 0}
    columns:
      - { title: Accuracy, key: accuracy, index: 0, sorting: ${o.accuracy ?? 'desc'}, precision: 4 }
      - { title: F1, key: f1, index: 1, sorting: desc, precision: 4, hidden: ${o.hiddenF1 ?? false} }
${o.extra ?? ''}`;

const BOARDS = [
  board('main', 'Force_Best'),
  board('low', 'Force_Last', { accuracy: 'asc' }),
  board('avg', 'Force_Best', {
    primary: 2,
    extra:
      '      - { title: Mean, key: mean, index: 2, sorting: desc, precision: 4, computation: avg, computation_indexes: [0, 1] }\n',
  }),
  board('ranked', 'Force_Best', {
    primary: 2,
    extra:
      '      - { title: Mean rank, key: mean_rank, index: 2, sorting: asc, precision: 2, computation: avg_rank, computation_indexes: [0, 1] }\n',
  }),
  board('secretcol', 'Force_Best', { primary: 1, hiddenF1: true }),
  board('secret', 'Force_Best', { hidden: true }),
  board('picked', 'Add'),
].join('');

// Scores no other number in a response could be mistaken for.
const SECRET = 0.9731846502;

describe('leaderboard history through HTTP', () => {
  let h: LeaderboardHarness;
  let ada: HttpClient;
  let bob: HttpClient;
  const s: Record<string, string> = {};

  beforeAll(async () => {
    h = await LeaderboardHarness.start(BOARDS);
    [ada, bob] = [await h.participant('ada'), await h.participant('bob')];
    s.a1 = await h.submitScored(ada, { accuracy: 0.5, f1: 0.5 });
    s.b1 = await h.submitScored(bob, { accuracy: 0.4, f1: 0.9 });
    s.a2 = await h.submitScored(ada, { accuracy: 0.7, f1: 0.1 });
    s.b2 = await h.submitScored(bob, { accuracy: 0.6, f1: 0.6 });
  });

  afterAll(async () => {
    await h?.close();
  });

  const history = (c: HttpClient, key: string) => c.json('GET', `/api/phases/${h.phaseId}/leaderboards/${key}/history`);
  const bests = async (c: HttpClient, key: string) => {
    const r = await history(c, key);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.points.map((p: { best: number }) => p.best);
  };

  it('steps through each new best of the primary column, by finish time, for anyone', async () => {
    const r = await history(h.anon, 'main');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ column: 'accuracy', title: 'Accuracy', sorting: 'desc' });
    expect(r.body.points.map((p: any) => p.best)).toEqual([0.5, 0.7]);
    const times = r.body.points.map((p: any) => p.at);
    expect(times.every((t: string) => new Date(t).toISOString() === t)).toBe(true);
    expect([...times].sort()).toEqual(times);
    const [finished] = await h.db.query<{ finished_at: Date }>('SELECT finished_at FROM submissions WHERE id = $1', [
      s.a2,
    ]);
    expect(times[1]).toBe(finished.finished_at.toISOString());
  });

  it('follows the column direction: lower is better on an ascending column', async () => {
    expect(await bests(ada, 'low')).toEqual([0.5, 0.4]);
  });

  it('charts a computed primary column from the scores it computes over', async () => {
    expect(await bests(ada, 'avg')).toEqual([0.5, 0.65]);
  });

  it('charts the first ranked column when the primary aggregates ranks', async () => {
    const r = await history(ada, 'ranked');
    expect(r.body).toMatchObject({ column: 'accuracy', sorting: 'desc' });
    expect(r.body.points.map((p: any) => p.best)).toEqual([0.5, 0.7]);
  });

  it('a hidden board, or a hidden primary column, has no history for participants; organizers see it', async () => {
    expect((await history(ada, 'secret')).status).toBe(404);
    expect((await history(h.anon, 'secret')).status).toBe(404);
    expect((await history(ada, 'secretcol')).status).toBe(404);
    expect((await history(h.anon, 'secretcol')).status).toBe(404);
    expect(await bests(h.organizer, 'secret')).toEqual([0.5, 0.7]);
    expect(await bests(h.organizer, 'secretcol')).toEqual([0.5, 0.9]);
    expect((await history(ada, 'nope')).status).toBe(404);
  });

  it('under an Add rule, only the submissions participants put on the board count', async () => {
    expect(await bests(ada, 'picked')).toEqual([]);
    expect((await bob.json('POST', `/api/submissions/${s.b2}/leaderboard?key=picked`)).status).toBe(200);
    expect(await bests(ada, 'picked')).toEqual([0.6]);
  });

  it('while results are hidden, participants get no points and no score; organizers do', async () => {
    expect((await h.organizer.json('POST', `/api/phases/${h.phaseId}/hide-results`)).status).toBe(200);
    await h.submitScored(bob, { accuracy: SECRET, f1: 0.2 });
    for (const c of [ada, h.anon]) {
      const res = await c.raw(`/api/phases/${h.phaseId}/leaderboards/main/history`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ column: 'accuracy', points: [] });
      expect(text).not.toContain('0.7');
      expect(text).not.toContain(String(SECRET));
    }
    expect(await bests(h.organizer, 'main')).toEqual([0.5, 0.7, SECRET]);
    expect((await h.organizer.json('POST', `/api/phases/${h.phaseId}/reveal`)).status).toBe(200);
    expect(await bests(ada, 'main')).toEqual([0.5, 0.7, SECRET]);
  });
});
