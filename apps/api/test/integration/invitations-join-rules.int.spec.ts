import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import { HttpClient } from '../support/http-client';

const PASSWORD = 'correct horse battery';

describe('who may join: invitations by e-mail and join rules', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  const tag = () => randomBytes(3).toString('hex');

  /** Signs up with a chosen address (the fixture's users are all at example.org). */
  async function account(email: string): Promise<HttpClient> {
    const username = `u${tag()}`;
    const r = await fx.anon.json('POST', '/api/auth/signup', { email, username, password: PASSWORD });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return fx.anon.as(r.body.token);
  }
  /** The link of the last mail to `to` that matches `pattern`, read from the outbox. */
  async function linkIn(to: string, pattern: RegExp): Promise<string> {
    const rows = await fx.db.query<{ body: string }>(
      'SELECT body FROM mail_outbox WHERE lower(recipient) = lower($1) ORDER BY created_at DESC',
      [to],
    );
    for (const r of rows) {
      const m = pattern.exec(r.body);
      if (m) {
        return m[1];
      }
    }
    throw new Error(`no mail to ${to} matching ${pattern}`);
  }
  async function confirm(email: string): Promise<void> {
    const token = await linkIn(email, /confirm-email\?token=([A-Za-z0-9_-]+)/);
    expect((await fx.anon.json('POST', '/api/auth/confirm-email', { token })).status).toBe(204);
  }
  const register = (client: HttpClient, id: string) =>
    client.json('POST', `/api/competitions/${id}/participation`, { acceptTerms: true });

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    organizer = await fx.user('org');
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('invites by e-mail into a private competition: the invitee signs up with that address and lands approved', async () => {
    const c = await fx.competition(organizer, [], 'private');
    const invitee = `invitee-${tag()}@example.net`;
    const other = `other-${tag()}@example.net`;
    const stranger = await fx.user('str');
    expect((await stranger.json('GET', `/api/competitions/${c.id}`)).status).toBe(404);
    expect((await register(stranger, c.id)).status).toBe(404);
    expect((await stranger.json('POST', `/api/competitions/${c.id}/invitations`, { emails: [invitee] })).status).toBe(
      404,
    );

    const sent = await organizer.json('POST', `/api/competitions/${c.id}/invitations`, {
      emails: [invitee, other, invitee.toUpperCase()],
      message: 'Welcome aboard',
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.map((i: { email: string; status: string }) => [i.email.toLowerCase(), i.status])).toEqual([
      [invitee, 'pending'],
      [other, 'pending'],
    ]);
    const token = await linkIn(invitee, /\/invitations\/([A-Za-z0-9_-]+)/);
    const [{ body }] = await fx.db.query<{ body: string }>('SELECT body FROM mail_outbox WHERE recipient = $1', [
      invitee,
    ]);
    expect(body).toContain('Welcome aboard');
    // The token is the only thing stored in clear nowhere: the database holds its hash.
    const [{ n }] = await fx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM competition_invitations WHERE token_hash = $1',
      [token],
    );
    expect(n).toBe(0);

    // The link tells what it is for, to anyone holding it.
    const lookup = await fx.anon.json('GET', `/api/invitations/${token}`);
    expect(lookup.body).toMatchObject({ competitionId: c.id, email: invitee, status: 'pending' });
    expect((await fx.anon.json('GET', `/api/invitations/${'x'.repeat(43)}`)).status).toBe(404);

    // Forwarded to someone else: refused, and the invitation stays usable.
    const forwarded = await stranger.json('POST', `/api/invitations/${token}/accept`, { acceptTerms: true });
    expect(forwarded.status).toBe(403);
    expect(forwarded.body.message).toContain(`this invitation is for ${invitee}`);
    expect((await fx.anon.json('POST', `/api/invitations/${token}/accept`, { acceptTerms: true })).status).toBe(401);

    const newcomer = await account(invitee);
    expect((await newcomer.json('GET', `/api/competitions/${c.id}`)).status).toBe(404);
    const accepted = await newcomer.json('POST', `/api/invitations/${token}/accept`, { acceptTerms: true });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ competitionId: c.id, status: 'approved' });
    expect((await newcomer.json('GET', `/api/competitions/${c.id}/participation`)).body.status).toBe('approved');
    expect((await newcomer.json('GET', `/api/competitions/${c.id}`)).status).toBe(200);
    expect((await fx.submit(newcomer, c.phaseId)).status).toBe(201);
    // The link proved the mailbox: the address counts as confirmed.
    expect((await newcomer.json('GET', '/api/auth/me')).body.emailConfirmed).toBe(true);
    expect((await newcomer.json('POST', `/api/invitations/${token}/accept`, { acceptTerms: true })).status).toBe(409);

    // Revoked: the link admits nobody.
    const list = (await organizer.json('GET', `/api/competitions/${c.id}/invitations`)).body as {
      id: string;
      email: string;
      status: string;
      acceptedBy: string | null;
    }[];
    expect(list.find((i) => i.email === invitee)).toMatchObject({ status: 'accepted' });
    const open = list.find((i) => i.email === other)!;
    expect((await organizer.json('DELETE', `/api/competitions/${c.id}/invitations/${open.id}`)).status).toBe(204);
    const otherToken = await linkIn(other, /\/invitations\/([A-Za-z0-9_-]+)/);
    const late = await account(other);
    expect((await late.json('POST', `/api/invitations/${otherToken}/accept`, { acceptTerms: true })).status).toBe(409);
    expect((await late.json('GET', `/api/competitions/${c.id}`)).status).toBe(404);
    expect((await stranger.json('GET', `/api/competitions/${c.id}/invitations`)).status).toBe(404);
  });

  it('limits registration to an e-mail domain: confirmed addresses at that domain only', async () => {
    const c = await fx.competition(organizer);
    const domain = `corp-${tag()}.example`;
    const bad = await organizer.json('PUT', `/api/competitions/${c.id}/join-rules`, {
      emailDomains: ['not a domain'],
      idpGroups: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('"not a domain" is not a domain name');
    const set = await organizer.json('PUT', `/api/competitions/${c.id}/join-rules`, {
      emailDomains: [`@${domain.toUpperCase()}`],
      idpGroups: [],
    });
    expect(set.status).toBe(200);
    expect(set.body.joinRules).toEqual({ emailDomains: [domain], idpGroups: [] });
    expect((await fx.anon.json('GET', `/api/competitions/${c.id}`)).body.joinRules).toEqual({
      emailDomains: [domain],
      idpGroups: [],
    });

    const outsider = await fx.user('out');
    const refused = await register(outsider, c.id);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(`registration is limited to a confirmed e-mail address at ${domain}`);
    // A subdomain is another domain.
    const sub = await account(`a${tag()}@eu.${domain}`);
    await confirm((await sub.json('GET', '/api/auth/me')).body.email);
    expect((await register(sub, c.id)).status).toBe(403);

    const email = `b${tag()}@${domain}`;
    const insider = await account(email);
    const unconfirmed = await register(insider, c.id);
    expect(unconfirmed.status).toBe(403);
    expect(unconfirmed.body.message).toContain('confirm your e-mail address first');
    await confirm(email);
    const joined = await register(insider, c.id);
    expect(joined.status).toBe(200);
    expect(joined.body.status).toBe('approved');
    // The organizers still invite whom they like.
    await organizer.json('POST', `/api/competitions/${c.id}/invitations`, {
      emails: [(await outsider.json('GET', '/api/auth/me')).body.email],
    });
    const token = await linkIn(
      (await outsider.json('GET', '/api/auth/me')).body.email,
      /\/invitations\/([A-Za-z0-9_-]+)/,
    );
    expect((await outsider.json('POST', `/api/invitations/${token}/accept`, { acceptTerms: true })).status).toBe(200);
  });

  it('a private competition with a domain rule is listed for, readable by and open to that domain only', async () => {
    const title = `Internal ${tag()}`;
    const c = await fx.competition(
      organizer,
      [['title: Binary classification (Arena example)', `title: ${title}`]],
      'private',
    );
    const domain = `inside-${tag()}.example`;
    await organizer.json('PUT', `/api/competitions/${c.id}/join-rules`, { emailDomains: [domain], idpGroups: [] });
    const email = `c${tag()}@${domain}`;
    const insider = await account(email);
    await confirm(email);
    const outsider = await fx.user('out');
    const listed = async (client: HttpClient) =>
      ((await client.json('GET', `/api/competitions?q=${encodeURIComponent(title)}`)).body as { id: string }[]).map(
        (x) => x.id,
      );
    expect(await listed(insider)).toEqual([c.id]);
    expect(await listed(outsider)).toEqual([]);
    expect(await listed(fx.anon)).toEqual([]);
    expect((await outsider.json('GET', `/api/competitions/${c.id}`)).status).toBe(404);
    expect((await register(outsider, c.id)).status).toBe(404);
    expect((await insider.json('GET', `/api/competitions/${c.id}`)).status).toBe(200);
    expect((await register(insider, c.id)).body.status).toBe('approved');
    expect((await fx.submit(insider, c.phaseId)).status).toBe(201);
  });
});
