import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';

describe('registration with approval: organizers approve, deny, ban and unban; participants leave', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let competitionId: string;
  let phaseId: string;

  const idOf = async (c: HttpClient): Promise<string> => (await c.json('GET', '/api/auth/me')).body.id;
  const decide = (userId: string, decision: string, as = organizer) =>
    as.json('POST', `/api/competitions/${competitionId}/participants/${userId}/${decision}`);

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    organizer = await fx.user('org');
    ({ id: competitionId, phaseId } = await fx.competition(organizer, [
      ['registration_auto_approve: true', 'registration_auto_approve: false'],
    ]));
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('keeps a registration pending, with the terms acceptance time, until an organizer approves it', async () => {
    const ada = await fx.user('ada');
    const before = Date.now();
    const r = await ada.json('POST', `/api/competitions/${competitionId}/participation`, { acceptTerms: true });
    expect(r.body.status).toBe('pending');
    expect(new Date(r.body.termsAcceptedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await fx.submit(ada, phaseId)).status).toBe(403);

    const list = await organizer.json('GET', `/api/competitions/${competitionId}/participants?status=pending`);
    expect(list.status).toBe(200);
    const adaId = await idOf(ada);
    expect(list.body).toEqual([
      expect.objectContaining({ userId: adaId, status: 'pending', termsAcceptedAt: r.body.termsAcceptedAt }),
    ]);

    const approved = await decide(adaId, 'approve');
    expect(approved).toMatchObject({ status: 200, body: { userId: adaId, status: 'approved' } });
    expect((await ada.json('GET', `/api/competitions/${competitionId}/participation`)).body.status).toBe('approved');
    expect((await fx.submit(ada, phaseId)).status).toBe(201);

    const mails = await fx.db.query<{ subject: string }>(
      "SELECT subject FROM mail_outbox WHERE recipient = $1 AND subject LIKE '%Registration%'",
      [`${(await ada.json('GET', '/api/auth/me')).body.username}@example.org`],
    );
    expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining('Registration approved')]);
  });

  it('denies, bans and unbans, refusing decisions that do not apply', async () => {
    const bob = await fx.user('bob');
    await fx.register(bob, competitionId);
    const bobId = await idOf(bob);
    expect((await decide(bobId, 'deny')).body.status).toBe('denied');
    expect((await fx.submit(bob, phaseId)).status).toBe(403);
    const unbanNotBanned = await decide(bobId, 'unban');
    expect(unbanNotBanned.status).toBe(409);
    expect(unbanNotBanned.body.details).toEqual({ status: 'denied' });
    expect((await decide(bobId, 'ban')).body.status).toBe('banned');
    expect((await decide(bobId, 'approve')).status).toBe(409);
    expect((await fx.submit(bob, phaseId)).status).toBe(403);
    // Leaving does not lift a ban.
    expect((await bob.json('DELETE', `/api/competitions/${competitionId}/participation`)).status).toBe(409);
    expect((await decide(bobId, 'unban')).body.status).toBe('approved');
    expect((await fx.submit(bob, phaseId)).status).toBe(201);
    expect((await decide(bobId, 'promote')).status).toBe(404);
  });

  it('lets only organizers list and decide', async () => {
    const eve = await fx.user('eve');
    await fx.register(eve, competitionId);
    const eveId = await idOf(eve);
    expect((await eve.json('GET', `/api/competitions/${competitionId}/participants`)).status).toBe(403);
    expect((await decide(eveId, 'approve', eve)).status).toBe(403);
    expect((await fx.anon.json('GET', `/api/competitions/${competitionId}/participants`)).status).toBe(401);
    const otherOrganizer = await fx.user('org2');
    await fx.competition(otherOrganizer);
    expect((await decide(eveId, 'approve', otherOrganizer)).status).toBe(403);
    expect((await decide('00000000-0000-4000-8000-000000000000', 'approve')).status).toBe(404);
    expect((await eve.json('GET', `/api/competitions/${competitionId}/participation`)).body.status).toBe('pending');
  });

  it('lets a participant leave and register again', async () => {
    const cal = await fx.user('cal');
    await fx.register(cal, competitionId);
    expect((await cal.json('DELETE', `/api/competitions/${competitionId}/participation`)).status).toBe(204);
    expect((await cal.json('GET', `/api/competitions/${competitionId}/participation`)).body.status).toBe('none');
    expect((await cal.json('DELETE', `/api/competitions/${competitionId}/participation`)).status).toBe(404);
    await fx.register(cal, competitionId);
    expect((await cal.json('GET', `/api/competitions/${competitionId}/participation`)).body.status).toBe('pending');
  });

  it('queues an organizer message to every approved participant', async () => {
    const before = (await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mail_outbox'))[0].n;
    const approved = (await organizer.json('GET', `/api/competitions/${competitionId}/participants?status=approved`))
      .body.length;
    const r = await organizer.json('POST', `/api/competitions/${competitionId}/participants/mail`, {
      subject: 'Hello',
      body: 'Phase 2 soon',
    });
    expect(r).toMatchObject({ status: 202, body: { recipients: approved } });
    const after = (await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mail_outbox'))[0].n;
    expect(after - before).toBe(approved);
    const eve = await fx.user('eve');
    expect(
      (await eve.json('POST', `/api/competitions/${competitionId}/participants/mail`, { subject: 'x', body: 'y' }))
        .status,
    ).toBe(403);
  });
});
