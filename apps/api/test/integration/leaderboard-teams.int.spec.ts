import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../support/http-client';
import { boardYaml, LeaderboardHarness } from './leaderboard-harness';

const BOARDS = [boardYaml('best', 'Force_Best'), boardYaml('last', 'Force_Last'), boardYaml('add', 'Add')].join('');

describe('team entrants on leaderboards through HTTP', () => {
  let h: LeaderboardHarness;
  let ada: HttpClient;
  let bob: HttpClient;
  let cat: HttpClient;
  let teamId: string;
  const name: Record<string, string> = {};
  const s: Record<string, string> = {};

  beforeAll(async () => {
    h = await LeaderboardHarness.start(BOARDS);
    [ada, bob, cat] = [await h.participant('ada'), await h.participant('bob'), await h.participant('cat')];
    for (const [key, c] of Object.entries({ ada, bob, cat })) {
      name[key] = (await c.json('GET', '/api/auth/me')).body.username;
    }
    const team = await ada.json('POST', `/api/competitions/${h.competitionId}/teams`, { name: 'Descenders' });
    expect(team.status, JSON.stringify(team.body)).toBe(201);
    teamId = team.body.id;
    expect((await ada.json('POST', `/api/teams/${teamId}/invitations`, { username: name.bob })).status).toBe(201);
    expect((await bob.json('POST', `/api/teams/${teamId}/accept`)).status).toBe(200);

    const forTeam = { teamId };
    s.ada1 = await h.submitScored(ada, { accuracy: 0.6, f1: 0.6 }, forTeam);
    s.bob1 = await h.submitScored(bob, { accuracy: 0.9, f1: 0.9 }, forTeam);
    s.cat1 = await h.submitScored(cat, { accuracy: 0.8, f1: 0.8 });
    s.ada2 = await h.submitScored(ada, { accuracy: 0.7, f1: 0.7 }, forTeam);
    // Ada's own submission, not made for the team: she competes on her own with it too.
    s.adaSolo = await h.submitScored(ada, { accuracy: 0.95, f1: 0.1 });
  });

  afterAll(async () => {
    await h?.close();
  });

  const rows = (key: string) => h.rows(h.anon, key) as Promise<any[]>;

  it('Force_Best: one row for the team, its best across members, beside each solo entrant', async () => {
    const best = await rows('best');
    expect(best.map((r) => r.submissionId)).toEqual([s.adaSolo, s.bob1, s.cat1]);
    expect(best[1]).toMatchObject({ participant: 'Descenders', team: 'Descenders', submitter: name.bob, rank: 2 });
    expect(best[0]).toMatchObject({ participant: name.ada, team: null, submitter: name.ada });
    expect(best[2]).toMatchObject({ participant: name.cat, team: null, submitter: name.cat });
  });

  it("Force_Last: the team's latest submission, whoever made it", async () => {
    const last = await rows('last');
    expect(last.map((r) => r.submissionId)).toEqual([s.adaSolo, s.cat1, s.ada2]);
    expect(last[2]).toMatchObject({ participant: 'Descenders', submitter: name.ada });
  });

  it("my rank finds the caller's team row when they are in a team, and a solo participant's own row", async () => {
    const me = (c: HttpClient, key: string) =>
      c.json('GET', `/api/phases/${h.phaseId}/leaderboards/${key}/me?neighbours=0`);
    for (const c of [ada, bob]) {
      const r = await me(c, 'best');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ position: 2, rank: 2 });
      expect(r.body.rows).toEqual([expect.objectContaining({ submissionId: s.bob1, participant: 'Descenders' })]);
    }
    expect((await me(bob, 'last')).body).toMatchObject({ position: 3, rows: [{ submissionId: s.ada2 }] });
    expect((await me(cat, 'best')).body).toMatchObject({ position: 3, rows: [{ submissionId: s.cat1 }] });
  });

  it('a rebuild gives the rows the incremental updates gave', async () => {
    const before = { best: await rows('best'), last: await rows('last') };
    const rebuilt = await h.organizer.json('POST', `/api/competitions/${h.competitionId}/leaderboards/rebuild`);
    expect(rebuilt.status).toBe(200);
    expect({ best: await rows('best'), last: await rows('last') }).toEqual(before);
    const [{ n }] = await h.db.query<{ n: number }>(
      `SELECT count(DISTINCT entrant_id)::int AS n FROM leaderboard_entries WHERE entrant_id = $1`,
      [teamId],
    );
    expect(n).toBe(1);
  });

  it("Add: a member picks the team's entry, one for the whole team; an outsider cannot", async () => {
    expect((await cat.json('POST', `/api/submissions/${s.ada1}/leaderboard?key=add`)).status).toBe(404);
    expect((await bob.json('POST', `/api/submissions/${s.ada1}/leaderboard?key=add`)).status).toBe(200);
    expect((await rows('add')).map((r) => r.submissionId)).toEqual([s.ada1]);
    // Another member's pick replaces the team's entry (Add keeps one per entrant).
    expect((await ada.json('POST', `/api/submissions/${s.bob1}/leaderboard?key=add`)).status).toBe(200);
    expect((await rows('add')).map((r) => r.submissionId)).toEqual([s.bob1]);
    // Ada's solo submission is hers alone: bob may not move it.
    expect((await bob.json('POST', `/api/submissions/${s.adaSolo}/leaderboard?key=add`)).status).toBe(404);
  });
});
