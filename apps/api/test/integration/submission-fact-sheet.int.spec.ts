import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';

const FACT_SHEET = `fact_sheet:
  open_source:
    key: open_source
    type: checkbox
    title: Is your code open source?
    selection: [true, false]
    is_required: true
    is_on_leaderboard: false
  method:
    key: method
    type: text
    title: Method
    selection: ''
    is_required: true
    is_on_leaderboard: false
  team_size:
    key: team_size
    type: select
    title: Team size
    selection: ['1', '2-5', '6+']
    is_required: false
    is_on_leaderboard: false
docker_image:`;

describe('fact-sheet answers on submissions', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let ada: HttpClient;
  let bob: HttpClient;
  let phaseId: string;

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    organizer = await fx.user('org');
    ada = await fx.user('ada');
    bob = await fx.user('bob');
    const c = await fx.competition(organizer, [['docker_image:', FACT_SHEET]]);
    phaseId = c.phaseId;
    for (const u of [ada, bob]) {
      await fx.register(u, c.id);
    }
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it.each([
    [undefined, 'open_source'],
    [{ open_source: true }, 'method'],
    [{ open_source: 'yes', method: 'gbm' }, 'open_source'],
    [{ open_source: true, method: 'gbm', team_size: 'huge' }, 'team_size'],
    [{ open_source: true, method: 'gbm', favourite_colour: 'blue' }, 'favourite_colour'],
  ])('refuses %j with a 400 naming %s, storing nothing', async (answers, key) => {
    const r = await fx.submit(ada, phaseId, answers ? { factSheet: JSON.stringify(answers) } : {});
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'bad_request', details: { key } });
    expect(r.body.message).toContain(`"${key}"`);
    const [{ n }] = await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM submissions WHERE phase_id = $1', [
      phaseId,
    ]);
    expect(n).toBe(0);
  });

  it('refuses answers that are not JSON', async () => {
    const r = await fx.submit(ada, phaseId, { factSheet: '{not json' });
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('JSON object');
  });

  it('stores valid answers and shows them to the owner and organizers, not to readers of a public submission', async () => {
    const answers = { open_source: false, method: 'gradient boosting', team_size: '2-5' };
    const r = await fx.submit(ada, phaseId, { factSheet: JSON.stringify(answers) });
    expect(r.status).toBe(201);
    expect(r.body.factSheet).toEqual(answers);
    expect((await ada.json('GET', `/api/submissions/${r.body.id}`)).body.factSheet).toEqual(answers);
    expect((await organizer.json('GET', `/api/submissions/${r.body.id}`)).body.factSheet).toEqual(answers);
    const [row] = await fx.db.query<{ fact_sheet: unknown }>('SELECT fact_sheet FROM submissions WHERE id = $1', [
      r.body.id,
    ]);
    expect(row.fact_sheet).toEqual(answers);

    expect((await ada.json('PATCH', `/api/submissions/${r.body.id}/visibility`, { isPublic: true })).status).toBe(200);
    const seen = await bob.json('GET', `/api/submissions/${r.body.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).not.toHaveProperty('factSheet');

    const csv = await (await organizer.raw(`/api/competitions/${r.body.competitionId}/submissions/export`)).text();
    const line = csv.split('\r\n').find((l) => l.startsWith(r.body.id))!;
    expect(line).toContain('""method"":""gradient boosting""');
    expect(line).toContain('""open_source"":false');
  });
});
