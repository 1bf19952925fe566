import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';

describe('GET /api/submissions/:id/file: the submitted zip for its submitter, their team and the organizers', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let collaborator: HttpClient;
  let ada: HttpClient;
  let bob: HttpClient;
  let eve: HttpClient;
  let otherOrganizer: HttpClient;
  let solo: string;
  let team: string;
  let zip: Buffer;

  const me = async (c: HttpClient) => (await c.json('GET', '/api/auth/me')).body as { id: string; username: string };
  const download = async (c: HttpClient, id: string) => {
    const r = await c.raw(`/api/submissions/${id}/file`);
    return { status: r.status, type: r.headers.get('content-type'), bytes: Buffer.from(await r.arrayBuffer()) };
  };

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    organizer = await fx.user('org');
    collaborator = await fx.user('col');
    otherOrganizer = await fx.user('oth');
    ada = await fx.user('ada');
    bob = await fx.user('bob');
    eve = await fx.user('eve');
    const c = await fx.competition(organizer);
    await fx.competition(otherOrganizer);
    await organizer.json('POST', `/api/competitions/${c.id}/collaborators`, {
      username: (await me(collaborator)).username,
    });
    for (const u of [ada, bob, eve]) {
      await fx.register(u, c.id);
    }
    const t = await ada.json('POST', `/api/competitions/${c.id}/teams`, { name: 'Pair' });
    await ada.json('POST', `/api/teams/${t.body.id}/invitations`, { username: (await me(bob)).username });
    expect((await bob.json('POST', `/api/teams/${t.body.id}/accept`)).status).toBeLessThan(300);
    zip = await readFile(fx.resultsZip);
    const s1 = await fx.submit(ada, c.phaseId);
    expect(s1.status).toBe(201);
    solo = s1.body.id;
    const s2 = await fx.submit(ada, c.phaseId, { teamId: t.body.id });
    expect(s2.status).toBe(201);
    team = s2.body.id;
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('streams the zip to the submitter and the organizers', async () => {
    for (const c of [ada, organizer, collaborator]) {
      const r = await download(c, solo);
      expect(r.status).toBe(200);
      expect(r.type).toBe('application/zip');
      expect(r.bytes.equals(zip)).toBe(true);
    }
  });

  it("gives a team's submission to the team's members", async () => {
    expect((await download(bob, team)).status).toBe(200);
    expect((await download(bob, solo)).status).toBe(404);
  });

  it('is not found for anyone else, public submissions included', async () => {
    expect((await ada.json('PATCH', `/api/submissions/${solo}/visibility`, { isPublic: true })).status).toBe(200);
    expect((await eve.json('GET', `/api/submissions/${solo}`)).status).toBe(200);
    expect((await fx.anon.raw(`/api/submissions/${solo}/file`)).status).toBe(401);
    for (const c of [eve, otherOrganizer]) {
      expect((await download(c, solo)).status).toBe(404);
      expect((await download(c, team)).status).toBe(404);
    }
    expect((await download(ada, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
