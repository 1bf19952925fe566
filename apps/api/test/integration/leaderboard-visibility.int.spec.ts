import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../support/http-client';
import { uploadRunFiles, zipTexts } from '../support/run-files';
import { boardYaml, LeaderboardHarness } from './leaderboard-harness';

// Scores no other number in a response could be mistaken for.
const SECRET = { accuracy: 0.7316492837, f1: 0.4211937465 };

const BOARDS = [
  boardYaml('main', 'Force_Last', {
    hiddenF1: true,
    columns:
      '      - { title: Mean rank, key: mean_rank, index: 2, sorting: asc, precision: 2, computation: avg_rank, computation_indexes: [0, 1], group: Ranking }\n',
  }),
].join('');

describe('hidden results, exports and my rank through HTTP', () => {
  let h: LeaderboardHarness;
  let ada: HttpClient;
  let mine: string;
  const others: HttpClient[] = [];

  beforeAll(async () => {
    h = await LeaderboardHarness.start(BOARDS);
    ada = await h.participant('ada');
    // Eight participants with accuracy 0.9, 0.8, ... and ada in the middle with SECRET (0.73...).
    for (let i = 0; i < 8; i++) {
      const p = await h.participant(`p${i}`);
      others.push(p);
      await h.submitScored(p, { accuracy: 0.9 - i * 0.1, f1: 0.5 });
    }
    expect((await h.organizer.json('POST', `/api/phases/${h.phaseId}/hide-results`)).body).toEqual({
      phaseId: h.phaseId,
      resultsHidden: true,
    });
    // Ada's run stored an output zip and logs that print her scores, as scoring programs do.
    const run = await h.submit(ada);
    await uploadRunFiles(h.api.url, run, SECRET);
    await h.finish(run.runId, run.token, SECRET);
    mine = run.submissionId;
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Every response that carries scores, as the given client sees it. */
  const sweep = async (client: HttpClient): Promise<Record<string, string>> => {
    const phase = h.phaseId;
    const texts: Record<string, string> = {};
    const get = async (name: string, path: string) => {
      const res = await client.raw(path);
      expect(res.status, `${name}: ${path}`).toBe(200);
      texts[name] = await res.text();
    };
    await get('phase boards', `/api/phases/${phase}/leaderboard`);
    await get('board', `/api/phases/${phase}/leaderboards/main`);
    await get('my rank', `/api/phases/${phase}/leaderboards/main/me?neighbours=2`);
    await get('csv', `/api/phases/${phase}/leaderboards/main/export?format=csv`);
    await get('json export', `/api/phases/${phase}/leaderboards/main/export?format=json`);
    await get('submission', `/api/submissions/${mine}`);
    await get('submission list', `/api/phases/${phase}/submissions`);
    await get('competition', `/api/competitions/${h.competitionId}`);
    await get('history', `/api/phases/${phase}/leaderboards/main/history`);
    // The submission's files and logs: refused (403, the reason as text) or served; either way what they hold is read.
    const read = async (
      name: string,
      path: string,
      decode: (bytes: Buffer) => Promise<string> = async (b) => b.toString('utf8'),
    ) => {
      const res = await client.raw(path);
      expect([200, 403], `${name}: ${path}`).toContain(res.status);
      const bytes = Buffer.from(await res.arrayBuffer());
      texts[name] = res.status === 200 ? await decode(bytes) : bytes.toString('utf8');
    };
    await read('output', `/api/submissions/${mine}/output`, async (b) => JSON.stringify(await zipTexts(b)));
    await read('stdout', `/api/submissions/${mine}/logs/stdout`);
    await read('stderr', `/api/submissions/${mine}/logs/stderr`);
    await read('detailed results', `/api/submissions/${mine}/detailed-results`);
    // Live logs: the events stored so far (the run has ended, so the stream ends after them).
    await read('live logs', `/api/submissions/${mine}/logs/live`);
    return texts;
  };

  const leaks = (texts: Record<string, string>, value: number) =>
    Object.entries(texts)
      .filter(([, text]) => text.includes(String(value)))
      .map(([name]) => name);

  it('before the reveal, a participant sees no score in any response', async () => {
    const texts = await sweep(ada);
    expect(leaks(texts, SECRET.accuracy)).toEqual([]);
    expect(leaks(texts, SECRET.f1)).toEqual([]);
    // Nor anyone else's: the other participants' accuracies are absent too.
    expect(Object.values(texts).some((t) => /0\.9\b|"accuracy":0\./.test(t))).toBe(false);
    expect(JSON.parse(texts.board)).toMatchObject({ resultsHidden: true, rows: [] });
    expect(JSON.parse(texts['my rank'])).toMatchObject({ resultsHidden: true, rank: null, rows: [] });
    expect(JSON.parse(texts.submission)).toMatchObject({ status: 'finished', scores: null });
    expect(texts.csv.trim()).toBe('rank,participant,submission_id,submitted_at,accuracy,mean_rank');
    for (const name of ['output', 'stdout', 'stderr', 'live logs', 'detailed results']) {
      expect(JSON.parse(texts[name]), name).toMatchObject({ statusCode: 403 });
    }
  });

  it('before the reveal, organizers see everything, hidden column included', async () => {
    const texts = await sweep(h.organizer);
    for (const name of [
      'phase boards',
      'board',
      'csv',
      'json export',
      'submission',
      'submission list',
      'output',
      'stdout',
      'stderr',
      'live logs',
    ]) {
      expect(texts[name], name).toContain(String(SECRET.accuracy));
    }
    for (const name of ['board', 'output', 'stdout', 'live logs']) {
      expect(texts[name], name).toContain(String(SECRET.f1));
    }
  });

  it('sends each column with its group, and organizers the hidden flag and the computation', async () => {
    const board = (await ada.json('GET', `/api/phases/${h.phaseId}/leaderboards/main`)).body;
    expect(board.columns.find((c: { key: string }) => c.key === 'mean_rank')).toMatchObject({ group: 'Ranking' });
    const competition = (await h.organizer.json('GET', `/api/competitions/${h.competitionId}`)).body;
    const columns = competition.leaderboards[0].columns;
    expect(columns.find((c: { key: string }) => c.key === 'f1')).toMatchObject({ hidden: true });
    expect(columns.find((c: { key: string }) => c.key === 'mean_rank')).toMatchObject({
      group: 'Ranking',
      rankAggregate: { method: 'avgRank', indexes: [0, 1] },
    });
  });

  it('only an organizer reveals', async () => {
    expect((await ada.json('POST', `/api/phases/${h.phaseId}/reveal`)).status).toBe(403);
    expect((await h.anon.json('POST', `/api/phases/${h.phaseId}/reveal`)).status).toBe(401);
  });

  it('after the reveal, the participant sees scores everywhere, but never the hidden column', async () => {
    expect((await h.organizer.json('POST', `/api/phases/${h.phaseId}/reveal`)).body.resultsHidden).toBe(false);
    const texts = await sweep(ada);
    for (const name of [
      'phase boards',
      'board',
      'my rank',
      'csv',
      'json export',
      'submission',
      'submission list',
      'output',
    ]) {
      expect(texts[name], name).toContain(String(SECRET.accuracy));
    }
    // The logs print every score and cannot be filtered: with a hidden column they stay the organizers'.
    for (const name of ['stdout', 'stderr', 'live logs']) {
      expect(JSON.parse(texts[name]), name).toMatchObject({ statusCode: 403 });
    }
    // A hidden column is absent for participants from every response, their own submission's included.
    for (const name of Object.keys(texts)) {
      expect(texts[name], name).not.toContain(String(SECRET.f1));
      expect(texts[name], name).not.toContain('"f1"');
    }
    expect(JSON.parse(texts.submission).scores).toEqual({ accuracy: SECRET.accuracy });
  });

  it('exports CSV with full values, the visible columns and rank order', async () => {
    const res = await ada.raw(`/api/phases/${h.phaseId}/leaderboards/main/export?format=csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('leaderboard-main.csv');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('rank,participant,submission_id,submitted_at,accuracy,mean_rank');
    expect(lines).toHaveLength(10);
    const adaLine = lines.find((l) => l.includes(mine))!;
    expect(adaLine.split(',')[4]).toBe(String(SECRET.accuracy));
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(
      [...lines.slice(1).map((l) => Number(l.split(',')[0]))].sort((a, b) => a - b),
    );
  });

  it("gives the caller's rank with N neighbours above and below", async () => {
    const me = await ada.json('GET', `/api/phases/${h.phaseId}/leaderboards/main/me?neighbours=2`);
    expect(me.status).toBe(200);
    // The board ranks by its primary column (accuracy): 0.9, 0.8, then ada's 0.73.
    expect(me.body.position).toBe(3);
    expect(me.body.rank).toBe(3);
    expect(me.body.total).toBe(9);
    expect(me.body.rows.map((r: any) => r.position)).toEqual([1, 2, 3, 4, 5]);
    expect(me.body.rows[2].submissionId).toBe(mine);

    const stranger = await h.participant('nobody');
    const none = await stranger.json('GET', `/api/phases/${h.phaseId}/leaderboards/main/me?neighbours=2`);
    expect(none.body).toMatchObject({ rank: null, position: null, rows: [] });
  });

  it('rebuilds after the organizer changes a column, and only an organizer may', async () => {
    await h.db.query(
      `UPDATE leaderboards SET columns = jsonb_set(columns, '{0,sorting}', '"asc"') WHERE competition_id = $1 AND key = 'main'`,
      [h.competitionId],
    );
    expect((await ada.json('POST', `/api/competitions/${h.competitionId}/leaderboards/rebuild`)).status).toBe(403);
    const rebuilt = await h.organizer.json('POST', `/api/competitions/${h.competitionId}/leaderboards/rebuild`);
    expect(rebuilt).toMatchObject({ status: 200, body: { boards: 1, phases: 1, entries: 9 } });
    const rows = await h.rows(ada, 'main');
    const accuracies = rows.map((r) => r.scores.accuracy!);
    expect(accuracies).toEqual([...accuracies].sort((a, b) => a - b));
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const me = await ada.json('GET', `/api/phases/${h.phaseId}/leaderboards/main/me?neighbours=0`);
    expect(me.body).toMatchObject({ position: 7, rank: 7 });
  });

  it('computes the average-rank column on the maintained rows', async () => {
    const org = await h.board(h.organizer, 'main');
    const row = org.body.rows.find((r: any) => r.submissionId === mine);
    // Ascending accuracy now: ada is 7th of 9; on f1 (higher is better) the eight 0.5s share rank 1 and ada's 0.42
    // is 2nd (dense ranks, CodaLab v1). The mean of her ranks is 4.5.
    expect(row.scores.mean_rank).toBeCloseTo((7 + 2) / 2, 12);
  });

  it('refuses a rebuild with settings the ranking rules reject, naming the board, and keeps the rows', async () => {
    const [{ columns }] = await h.db.query<{ columns: unknown }>(
      `SELECT columns FROM leaderboards WHERE competition_id = $1 AND key = 'main'`,
      [h.competitionId],
    );
    await h.db.query(
      `UPDATE leaderboards SET columns = jsonb_set(columns, '{2,rankAggregate,indexes}', '[0, 7]') WHERE competition_id = $1 AND key = 'main'`,
      [h.competitionId],
    );
    const r = await h.organizer.json('POST', `/api/competitions/${h.competitionId}/leaderboards/rebuild`);
    expect(r.status).toBe(409);
    expect(r.body.message).toContain('leaderboard "main"');
    expect((await h.rows(h.organizer, 'main')).length).toBe(9);
    await h.db.query(`UPDATE leaderboards SET columns = $2 WHERE competition_id = $1 AND key = 'main'`, [
      h.competitionId,
      JSON.stringify(columns),
    ]);
  });

  it('sees a board setting changed outside the leaderboard routes within the cache time-to-live (1 s)', async () => {
    expect((await h.board(ada, 'main')).status).toBe(200);
    await h.db.query(`UPDATE leaderboards SET hidden = true WHERE competition_id = $1 AND key = 'main'`, [
      h.competitionId,
    ]);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await h.board(ada, 'main')).status).toBe(404);
    await h.db.query(`UPDATE leaderboards SET hidden = false WHERE competition_id = $1 AND key = 'main'`, [
      h.competitionId,
    ]);
    // A rebuild makes every change visible at once.
    await h.organizer.json('POST', `/api/competitions/${h.competitionId}/leaderboards/rebuild`);
    expect((await h.board(ada, 'main')).status).toBe(200);
  });

  it('on an anonymous competition, the same sweep shows a participant no other username; organizers keep them', async () => {
    const names = await Promise.all(
      others.map(async (p) => (await p.json('GET', '/api/auth/me')).body.username as string),
    );
    const anonymous = (on: boolean) =>
      h.organizer.json('PATCH', `/api/competitions/${h.competitionId}`, { anonymousLeaderboard: on });
    expect((await anonymous(true)).status).toBe(200);
    const texts = await sweep(ada);
    const shown = Object.entries(texts).flatMap(([name, text]) =>
      names.filter((n) => text.includes(n)).map((n) => `${name}: ${n}`),
    );
    expect(shown).toEqual([]);
    expect(JSON.parse(texts.board).rows.map((r: { participant: string }) => r.participant)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Participant \d+$/)]),
    );
    expect((await sweep(h.organizer)).board).toContain(names[0]);
    expect((await anonymous(false)).status).toBe(200);
    expect((await sweep(ada)).board).toContain(names[0]);
  });
});
