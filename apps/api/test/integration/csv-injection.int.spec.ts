import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';

/** RFC 4180 cells of a CSV text (quoted fields, doubled quotes, CRLF records). */
function cells(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        ((cell += '"'), i++);
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      (row.push(cell), (cell = ''));
    } else if (c === '\r' && csv[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      ((row = []), (cell = ''), i++);
    } else {
      cell += c;
    }
  }
  return rows;
}

/** A spreadsheet runs a cell starting with one of these as a formula (OWASP, CSV injection). */
const FORMULA = /^[=+\-@\t\r]/;

/**
 * Issue 19: participant-written text in every CSV the platform writes (the competition's submissions and participants,
 * each leaderboard) reaches the organizer's spreadsheet as text: a cell that would run as a formula starts with '.
 */
describe('formulas in CSV exports', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let competitionId: string;
  let phaseId: string;
  const texts = {
    description: '=HYPERLINK("http://evil.example","click")',
    team: "+1+cmd|' /C calc'!A0",
    methodName: "-2+3+cmd|' /C notepad'!A0",
    methodDescription: "@SUM(1+1)*cmd|' /C calc'!A0",
    email: '=cmd@example.org',
  };

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    organizer = await fx.user('org');
    ({ id: competitionId, phaseId } = await fx.competition(organizer));
    const settings = await organizer.json('PATCH', `/api/competitions/${competitionId}`, {
      enableSubmissionMetadata: true,
      showSubmissionMetadataOnLeaderboard: true,
    });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    const signup = await fx.anon.json('POST', '/api/auth/signup', {
      email: texts.email,
      username: `eve${Date.now().toString(36)}`,
      password: 'correct horse battery',
    });
    expect(signup.status, JSON.stringify(signup.body)).toBe(201);
    const eve = fx.anon.as(signup.body.token);
    await fx.register(eve, competitionId);
    const team = await eve.json('POST', `/api/competitions/${competitionId}/teams`, { name: texts.team });
    expect(team.status, JSON.stringify(team.body)).toBe(201);
    const submitted = await fx.submit(eve, phaseId, {
      teamId: team.body.id,
      description: texts.description,
      methodName: texts.methodName,
      methodDescription: texts.methodDescription,
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    await fx.finishAs(submitted.body.id, 'finished');
  });
  afterAll(() => fx?.stop());

  async function csv(path: string): Promise<string[][]> {
    const res = await organizer.raw(path);
    expect(res.status, path).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    return cells(await res.text());
  }

  it.each([
    ['submissions', () => `/api/competitions/${competitionId}/submissions/export`, ['description', 'team']],
    ['participants', () => `/api/competitions/${competitionId}/participants/export`, ['email']],
    [
      'leaderboard',
      () => `/api/phases/${phaseId}/leaderboards/main/export?format=csv`,
      ['team', 'methodName', 'methodDescription'],
    ],
  ] as const)('the %s CSV writes every participant text as text', async (_, path, written) => {
    let rows: string[][] = [];
    await expect.poll(async () => (rows = await csv(path())).length, { timeout: 10_000 }).toBeGreaterThan(1);
    const all = rows.flat();
    for (const key of written) {
      expect(all, key).toContain(`'${texts[key]}`);
    }
    expect(all.filter((c) => FORMULA.test(c))).toEqual([]);
  });
});
