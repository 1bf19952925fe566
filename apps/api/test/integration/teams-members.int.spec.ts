import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';

describe('teams: create, invite, accept, remove; team submissions count against the team', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let competitionId: string;
  let phaseId: string;

  const me = async (c: HttpClient): Promise<{ id: string; username: string }> =>
    (await c.json('GET', '/api/auth/me')).body;

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    organizer = await fx.user('org');
    ({ id: competitionId, phaseId } = await fx.competition(organizer, [
      ['max_submissions: 1000', 'max_submissions: 2'],
    ]));
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('builds a team from invitations and counts its submissions against the team, not the member', async () => {
    const [ada, bob, cat] = [await fx.user('ada'), await fx.user('bob'), await fx.user('cat')];
    for (const c of [ada, bob, cat]) {
      await fx.register(c, competitionId);
    }
    const [adaMe, bobMe, catMe] = [await me(ada), await me(bob), await me(cat)];

    const created = await ada.json('POST', `/api/competitions/${competitionId}/teams`, { name: 'Descenders' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Descenders',
      captainId: adaMe.id,
      members: [{ userId: adaMe.id, status: 'member' }],
    });
    const teamId = created.body.id;
    expect((await bob.json('POST', `/api/competitions/${competitionId}/teams`, { name: 'descenders' })).status).toBe(
      409,
    );

    expect((await bob.json('POST', `/api/teams/${teamId}/invitations`, { username: catMe.username })).status).toBe(404);
    const invited = await ada.json('POST', `/api/teams/${teamId}/invitations`, { username: bobMe.username });
    expect(invited.status).toBe(201);
    expect(invited.body.members).toContainEqual(expect.objectContaining({ userId: bobMe.id, status: 'invited' }));
    // An invitation is not membership.
    expect((await fx.submit(bob, phaseId, { teamId })).status).toBe(403);
    expect((await bob.json('POST', `/api/teams/${teamId}/accept`)).body.members).toContainEqual(
      expect.objectContaining({ userId: bobMe.id, status: 'member' }),
    );

    const byAda = await fx.submit(ada, phaseId, { teamId });
    expect(byAda.status).toBe(201);
    expect(byAda.body.teamId).toBe(teamId);
    expect((await fx.submit(bob, phaseId, { teamId })).status).toBe(201);
    const third = await fx.submit(bob, phaseId, { teamId });
    expect(third.status).toBe(429);
    expect(third.body.details).toMatchObject({ limit: 'total', count: 2 });
    // Bob's own limits are untouched by the team's submissions.
    expect((await fx.submit(bob, phaseId)).status).toBe(201);
    expect((await bob.json('GET', `/api/phases/${phaseId}/limits?teamId=${teamId}`)).body.total).toEqual({
      max: 2,
      count: 2,
    });

    // Outsiders neither see the team nor submit for it.
    expect((await cat.json('GET', `/api/teams/${teamId}`)).status).toBe(404);
    expect((await fx.submit(cat, phaseId, { teamId })).status).toBe(403);
    expect((await organizer.json('GET', `/api/teams/${teamId}`)).status).toBe(200);

    // The captain removes a member, who then may no longer submit for the team.
    expect((await bob.json('DELETE', `/api/teams/${teamId}/members/${adaMe.id}`)).status).toBe(403);
    expect((await ada.json('DELETE', `/api/teams/${teamId}/members/${adaMe.id}`)).status).toBe(409);
    expect((await ada.json('DELETE', `/api/teams/${teamId}/members/${bobMe.id}`)).status).toBe(204);
    expect((await fx.submit(bob, phaseId, { teamId })).status).toBe(403);
    expect((await bob.json('GET', `/api/teams/${teamId}`)).status).toBe(404);
  });

  it('keeps a person in one team per competition and teams to approved participants', async () => {
    const [dan, eve] = [await fx.user('dan'), await fx.user('eve')];
    await fx.register(dan, competitionId);
    const t1 = (await dan.json('POST', `/api/competitions/${competitionId}/teams`, { name: 'One' })).body.id;
    expect((await dan.json('POST', `/api/competitions/${competitionId}/teams`, { name: 'Two' })).status).toBe(409);
    // Not registered: may not found a team.
    expect((await eve.json('POST', `/api/competitions/${competitionId}/teams`, { name: 'Three' })).status).toBe(403);
    await fx.register(eve, competitionId);
    const t2 = (await eve.json('POST', `/api/competitions/${competitionId}/teams`, { name: 'Three' })).body.id;
    expect(
      (await eve.json('POST', `/api/teams/${t2}/invitations`, { username: (await me(dan)).username })).status,
    ).toBe(201);
    // Each sees where they stand: dan his team and eve's invitation, eve only her team, an outsider nothing.
    const danMine = (await dan.json('GET', `/api/competitions/${competitionId}/teams/mine`)).body;
    expect(danMine).toMatchObject({
      team: { id: t1, name: 'One', status: 'approved' },
      invitations: [{ id: t2, name: 'Three' }],
    });
    expect((await eve.json('GET', `/api/competitions/${competitionId}/teams/mine`)).body).toMatchObject({
      team: { id: t2 },
      invitations: [],
    });
    const outsider = await fx.user('fay');
    expect((await outsider.json('GET', `/api/competitions/${competitionId}/teams/mine`)).body).toEqual({
      team: null,
      invitations: [],
    });
    expect((await fx.anon.json('GET', `/api/competitions/${competitionId}/teams/mine`)).status).toBe(401);
    expect((await dan.json('POST', `/api/teams/${t2}/accept`)).status).toBe(409);
    expect((await dan.json('POST', `/api/teams/${t1}/accept`)).status).toBe(200);
    // Declining an invitation: the invitee removes themself.
    expect((await dan.json('DELETE', `/api/teams/${t2}/members/${(await me(dan)).id}`)).status).toBe(204);
  });
});
