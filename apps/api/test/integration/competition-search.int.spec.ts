import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';

const TITLE = 'title: Binary classification (Arena example)';
const DESCRIPTION = /^description: .*$/m;

describe('competitions list: search and the organizer role', () => {
  let fx: ArenaFixture;
  let penguinOrg: HttpClient;
  let rainOrg: HttpClient;
  let collaborator: HttpClient;
  let bystander: HttpClient;
  let penguins: string;
  let rain: string;
  let plain: string;

  const ids = async (c: HttpClient, query: string) => {
    const r = await c.json('GET', `/api/competitions${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return (r.body as { id: string }[]).map((x) => x.id).sort();
  };

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    penguinOrg = await fx.user('pen');
    rainOrg = await fx.user('rain');
    collaborator = await fx.user('col');
    bystander = await fx.user('by');
    ({ id: penguins } = await fx.competition(penguinOrg, [
      [TITLE, 'title: Penguin Detection'],
      [DESCRIPTION, 'description: Find 100% of the birds on the ice.'],
    ]));
    ({ id: rain } = await fx.competition(rainOrg, [
      [TITLE, 'title: Rainfall'],
      [DESCRIPTION, 'description: Forecast tomorrow_s rain from PENGUIN sightings.'],
    ]));
    ({ id: plain } = await fx.competition(rainOrg));
    const me = (await collaborator.json('GET', '/api/auth/me')).body as { username: string };
    expect(
      (await rainOrg.json('POST', `/api/competitions/${rain}/collaborators`, { username: me.username })).status,
    ).toBeLessThan(300);
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('lists everything to anyone without filters', async () => {
    expect(await ids(fx.anon, '')).toEqual([penguins, rain, plain].sort());
  });

  it('searches title and description, ignoring case, with % and _ taken literally', async () => {
    expect(await ids(fx.anon, '?q=penguin')).toEqual([penguins, rain].sort());
    expect(await ids(fx.anon, '?q=DETECTION')).toEqual([penguins]);
    expect(await ids(fx.anon, '?q=forecast')).toEqual([rain]);
    expect(await ids(fx.anon, `?q=${encodeURIComponent('100%')}`)).toEqual([penguins]);
    expect(await ids(fx.anon, `?q=${encodeURIComponent('%')}`)).toEqual([penguins]);
    expect(await ids(fx.anon, `?q=${encodeURIComponent('w_s')}`)).toEqual([rain]);
    expect(await ids(fx.anon, `?q=${encodeURIComponent('r_s')}`)).toEqual([]);
    expect(await ids(fx.anon, '?q=nothing-like-this')).toEqual([]);
    expect(await ids(fx.anon, '?q=penguin&limit=1')).toHaveLength(1);
  });

  it('lists the competitions the caller creates or collaborates on, and needs a signed-in caller for that', async () => {
    expect((await fx.anon.json('GET', '/api/competitions?role=organizer')).status).toBe(401);
    expect((await fx.anon.as('not-a-token').json('GET', '/api/competitions?role=organizer')).status).toBe(401);
    expect((await penguinOrg.json('GET', '/api/competitions?role=participant')).status).toBe(400);
    expect(await ids(penguinOrg, '?role=organizer')).toEqual([penguins]);
    expect(await ids(rainOrg, '?role=organizer')).toEqual([rain, plain].sort());
    expect(await ids(collaborator, '?role=organizer')).toEqual([rain]);
    expect(await ids(bystander, '?role=organizer')).toEqual([]);
    expect(await ids(rainOrg, '?role=organizer&q=penguin')).toEqual([rain]);
    // Signed in without the role: the plain listing.
    expect(await ids(bystander, '')).toEqual([penguins, rain, plain].sort());
  });
});
