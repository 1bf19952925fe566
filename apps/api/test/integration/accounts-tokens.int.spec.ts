import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';

describe('accounts: API tokens, logout, collaborators and admins', () => {
  let fx: ArenaFixture;

  beforeAll(async () => {
    fx = await ArenaFixture.start();
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('creates an API token shown once, lists it without the secret, records its use, and revokes it', async () => {
    const ada = await fx.user('ada');
    const created = await ada.json('POST', '/api/auth/tokens', { name: 'nightly bot' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'nightly bot', lastUsedAt: null, expiresAt: null });
    expect(created.body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const bot = fx.anon.as(created.body.token);
    const me = await bot.json('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe((await ada.json('GET', '/api/auth/me')).body.username);

    const list = await ada.json('GET', '/api/auth/tokens');
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ id: created.body.id, name: 'nightly bot' });
    expect(list.body[0].token).toBeUndefined();
    expect(new Date(list.body[0].lastUsedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const [row] = await fx.db.query<{ token_hash: string }>('SELECT token_hash FROM access_tokens WHERE id = $1', [
      created.body.id,
    ]);
    expect(row.token_hash).not.toContain(created.body.token);

    const other = await fx.user('eve');
    expect((await other.json('DELETE', `/api/auth/tokens/${created.body.id}`)).status).toBe(404);
    expect((await bot.json('GET', '/api/auth/me')).status).toBe(200);

    expect((await ada.json('DELETE', `/api/auth/tokens/${created.body.id}`)).status).toBe(204);
    expect((await bot.json('GET', '/api/auth/me')).status).toBe(401);
    expect((await ada.json('GET', '/api/auth/tokens')).body).toEqual([]);
    expect((await ada.json('DELETE', `/api/auth/tokens/${created.body.id}`)).status).toBe(404);
  });

  it('refuses token routes without a token and validates the name', async () => {
    expect((await fx.anon.json('POST', '/api/auth/tokens', { name: 'x' })).status).toBe(401);
    expect((await fx.anon.json('GET', '/api/auth/tokens')).status).toBe(401);
    const ada = await fx.user('ada');
    expect((await ada.json('POST', '/api/auth/tokens', { name: '' })).status).toBe(400);
    expect((await ada.json('POST', '/api/auth/tokens', { name: 'x', expiresInDays: 0 })).status).toBe(400);
  });

  it('logout revokes only the session it is called with', async () => {
    const ada = await fx.user('ada');
    const me = (await ada.json('GET', '/api/auth/me')).body;
    const second = await fx.anon.json('POST', '/api/auth/login', {
      login: me.username,
      password: 'correct horse battery',
    });
    const other = fx.anon.as(second.body.token);
    expect((await ada.json('POST', '/api/auth/logout')).status).toBe(204);
    expect((await ada.json('GET', '/api/auth/me')).status).toBe(401);
    expect((await other.json('GET', '/api/auth/me')).status).toBe(200);
    expect((await fx.anon.json('POST', '/api/auth/logout')).status).toBe(401);
  });

  it('collaborators organize the competition; only the creator or an admin changes them', async () => {
    const creator = await fx.user('org');
    const { id } = await fx.competition(creator, [
      ['registration_auto_approve: true', 'registration_auto_approve: false'],
    ]);
    const collab = await fx.user('col');
    const collabName = (await collab.json('GET', '/api/auth/me')).body.username;
    const applicant = await fx.user('app');
    await fx.register(applicant, id);
    const applicantId = (await applicant.json('GET', '/api/auth/me')).body.id;

    // Not yet an organizer: may not see the participants.
    expect((await collab.json('GET', `/api/competitions/${id}/participants`)).status).toBe(403);
    expect(
      (await applicant.json('POST', `/api/competitions/${id}/collaborators`, { username: collabName })).status,
    ).toBe(403);

    const added = await creator.json('POST', `/api/competitions/${id}/collaborators`, { username: collabName });
    expect(added.status).toBe(201);
    expect(added.body).toEqual([expect.objectContaining({ username: collabName })]);
    const collabId = added.body[0].userId;

    expect((await collab.json('GET', `/api/competitions/${id}/participants`)).status).toBe(200);
    expect((await collab.json('POST', `/api/competitions/${id}/participants/${applicantId}/approve`)).status).toBe(200);
    // A collaborator organizes but does not choose the organizers.
    const third = await fx.user('thr');
    const thirdName = (await third.json('GET', '/api/auth/me')).body.username;
    expect((await collab.json('POST', `/api/competitions/${id}/collaborators`, { username: thirdName })).status).toBe(
      403,
    );
    expect((await collab.json('DELETE', `/api/competitions/${id}/collaborators/${collabId}`)).status).toBe(403);
    expect(
      (await creator.json('POST', `/api/competitions/${id}/collaborators`, { username: 'nobody-here' })).status,
    ).toBe(404);

    expect((await creator.json('DELETE', `/api/competitions/${id}/collaborators/${collabId}`)).status).toBe(204);
    expect((await collab.json('GET', `/api/competitions/${id}/participants`)).status).toBe(403);

    // A platform admin organizes every competition.
    const admin = await fx.user('adm');
    await fx.db.query('UPDATE users SET is_admin = true WHERE id = $1', [
      (await admin.json('GET', '/api/auth/me')).body.id,
    ]);
    expect((await admin.json('GET', `/api/competitions/${id}/participants`)).status).toBe(200);
    expect((await admin.json('POST', `/api/competitions/${id}/collaborators`, { username: thirdName })).status).toBe(
      201,
    );
  });

  it('a token revoked through the API is refused at once on the leaderboard routes that cache identities', async () => {
    const org = await fx.user('org');
    const { id, phaseId } = await fx.competition(org);
    const ada = await fx.user('ada');
    await fx.register(ada, id);
    const api = await ada.json('POST', '/api/auth/tokens', { name: 'rank poller' });
    const poller = fx.anon.as(api.body.token);
    const me = `/api/phases/${phaseId}/leaderboards/main/me`;
    // Both tokens are now in the cache of identities (read twice: the second answer comes from it).
    for (const client of [ada, poller, ada, poller]) {
      expect((await client.json('GET', me)).status).toBe(200);
    }

    expect((await ada.json('DELETE', `/api/auth/tokens/${api.body.id}`)).status).toBe(204);
    expect((await poller.json('GET', me)).status).toBe(401);
    expect((await ada.json('POST', '/api/auth/logout')).status).toBe(204);
    expect((await ada.json('GET', me)).status).toBe(401);
  });

  it('keeps the mail preference per user', async () => {
    const ada = await fx.user('ada');
    expect((await ada.json('GET', '/api/auth/me')).body.notifySubmissions).toBe(true);
    expect((await ada.json('PUT', '/api/auth/me/mail-preferences', { notifySubmissions: false })).status).toBe(200);
    const { id, notifySubmissions } = (await ada.json('GET', '/api/auth/me')).body;
    // The account page reads the preference back from GET /api/auth/me.
    expect(notifySubmissions).toBe(false);
    const [u] = await fx.db.query<{ notify_submissions: boolean }>(
      'SELECT notify_submissions FROM users WHERE id = $1',
      [id],
    );
    expect(u.notify_submissions).toBe(false);
  });
});
