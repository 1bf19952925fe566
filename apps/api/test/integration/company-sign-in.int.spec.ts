import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { followSignIn, freePort, startTestIdp, type TestIdp } from '../support/oidc-provider';

/**
 * OpenID Connect sign-in against a real provider (the `oidc-provider` package on loopback): discovery, a signed ID
 * token, PKCE, userinfo. Nothing of the protocol is mocked.
 */
describe('company sign-in through an OpenID Connect provider', () => {
  let fx: ArenaFixture;
  let idp: TestIdp;
  let api: string;
  let admin: HttpClient;
  const tag = () => randomBytes(3).toString('hex');

  /** Signs in at the provider as `subject` (a browser without a window) and returns where the web app is sent. */
  const signIn = async (subject: string, next = '/'): Promise<URL> => {
    idp.signInAs(subject);
    return followSignIn(`${api}/api/auth/oidc/login?next=${encodeURIComponent(next)}`, api);
  };
  const session = (code: string | null) => fx.anon.json('POST', '/api/auth/oidc/session', { code: code ?? '' });
  const errorOf = (url: URL) => (url.pathname === '/sign-in' ? url.searchParams.get('error') : null);
  const userCount = async () => (await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users'))[0].n;

  beforeAll(async () => {
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    idp = await startTestIdp(`${api}/api/auth/oidc/callback`);
    fx = await ArenaFixture.start({
      PORT: String(port),
      PUBLIC_URL: api,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_PROVIDER_NAME: 'Acme SSO',
    });
    expect(fx.api.url).toBe(api);
    admin = await fx.user('adm');
    await fx.db.query('UPDATE users SET is_admin = true WHERE id = $1', [
      (await admin.json('GET', '/api/auth/me')).body.id,
    ]);
  });

  afterAll(async () => {
    await fx?.stop();
    await idp?.stop();
  });

  it('says how to sign in', async () => {
    expect((await fx.anon.json('GET', '/api/auth/methods')).body).toEqual({
      password: true,
      identityProvider: { name: 'Acme SSO', loginUrl: '/api/auth/oidc/login' },
    });
  });

  it('creates an account for a new verified address, with its groups, and hands the web app a one-time code', async () => {
    const email = `alice-${tag()}@acme.example`;
    idp.accounts.set('alice', {
      email,
      email_verified: true,
      preferred_username: 'Alice Liddell',
      groups: ['ml-team', 'staff'],
    });
    const landed = await signIn('alice', '/competitions?mine=1');
    expect(landed.pathname, landed.toString()).toBe('/sign-in/done');
    const code = landed.searchParams.get('code');
    const r = await session(code);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ user: { username: 'Alice-Liddell', isAdmin: false }, next: '/competitions?mine=1' });
    const alice = fx.anon.as(r.body.token);
    expect((await alice.json('GET', '/api/auth/me')).body).toMatchObject({
      email,
      emailConfirmed: true,
      idpGroups: ['ml-team', 'staff'],
    });
    // The code works once.
    expect((await session(code)).status).toBe(401);

    // Signing in again finds the same account (by the provider's subject), with the groups it lists now.
    idp.accounts.set('alice', { email, email_verified: true, preferred_username: 'Alice Liddell', groups: ['staff'] });
    const again = await session((await signIn('alice')).searchParams.get('code'));
    expect(again.body.user.id).toBe(r.body.user.id);
    expect((await fx.anon.as(again.body.token).json('GET', '/api/auth/me')).body.idpGroups).toEqual(['staff']);
  });

  it('matches an existing account by its verified address, confirming it', async () => {
    const username = `bob${tag()}`;
    const email = `${username}@acme.example`;
    const local = await fx.anon.json('POST', '/api/auth/signup', {
      email,
      username,
      password: 'correct horse battery',
    });
    const before = await userCount();
    idp.accounts.set('bob', {
      email: email.toUpperCase().replace('@ACME.EXAMPLE', '@acme.example'),
      email_verified: true,
    });
    const r = await session((await signIn('bob')).searchParams.get('code'));
    expect(r.body.user).toMatchObject({ id: local.body.user.id, username });
    expect(await userCount()).toBe(before);
    expect((await fx.anon.as(r.body.token).json('GET', '/api/auth/me')).body.emailConfirmed).toBe(true);
  });

  it('refuses an address the provider has not verified: no account is matched or made', async () => {
    const email = `carol-${tag()}@acme.example`;
    idp.accounts.set('carol', { email, email_verified: false });
    const before = await userCount();
    const landed = await signIn('carol');
    expect(errorOf(landed)).toBe(
      `the identity provider has not verified the e-mail address ${email}: no account is matched or made with it`,
    );
    expect(landed.searchParams.get('code')).toBeNull();
    expect(await userCount()).toBe(before);
    // An existing account with that address is not taken over either.
    const victim = `victim-${tag()}`;
    await fx.anon.json('POST', '/api/auth/signup', {
      email: `${victim}@acme.example`,
      username: victim,
      password: 'correct horse battery',
    });
    idp.accounts.set('mallory', { email: `${victim}@acme.example`, email_verified: false });
    expect(errorOf(await signIn('mallory'))).toContain('has not verified');
  });

  it('refuses a disabled account, and lets it in again once enabled', async () => {
    const email = `dave-${tag()}@acme.example`;
    idp.accounts.set('dave', { email, email_verified: true });
    const first = await session((await signIn('dave')).searchParams.get('code'));
    const dave = fx.anon.as(first.body.token);
    const disabled = await admin.json('PATCH', `/api/admin/users/${first.body.user.id}`, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).not.toBeNull();
    // Its session stops working at once, and the provider cannot sign it in.
    expect((await dave.json('GET', '/api/auth/me')).status).toBe(401);
    expect(errorOf(await signIn('dave'))).toBe('this account is disabled: ask an administrator');
    await admin.json('PATCH', `/api/admin/users/${first.body.user.id}`, { disabled: false });
    expect((await session((await signIn('dave')).searchParams.get('code'))).status).toBe(200);
  });

  it('refuses an unknown state, and an ID token whose nonce is not the one sent', async () => {
    const unknown = await fetch(`${api}/api/auth/oidc/callback?code=abc&state=${'s'.repeat(43)}`, {
      redirect: 'manual',
    });
    expect(unknown.status).toBe(302);
    const to = new URL(unknown.headers.get('location')!);
    expect(errorOf(to)).toBe('this sign-in attempt is unknown, was already used or expired: sign in again');

    const email = `erin-${tag()}@acme.example`;
    idp.accounts.set('erin', { email, email_verified: true });
    idp.signInAs('erin');
    const begun = await fetch(`${api}/api/auth/oidc/login`, { redirect: 'manual' });
    const authorize = new URL(begun.headers.get('location')!);
    expect(authorize.origin).toBe(idp.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();

    // A forged nonce: the provider signs an ID token for it, the API expects the one it stored.
    const forgedStart = await fetch(`${api}/api/auth/oidc/login`, { redirect: 'manual' });
    const forged = new URL(forgedStart.headers.get('location')!);
    forged.searchParams.set('nonce', 'forged-nonce');
    const refused = await followSignIn(forged.toString(), api);
    expect(errorOf(refused)).toMatch(/^the identity provider's answer was refused \(.*nonce.*\)$/i);
  });

  it('a replayed provider answer is refused', async () => {
    idp.accounts.set('frank', { email: `frank-${tag()}@acme.example`, email_verified: true });
    idp.signInAs('frank');
    // Follow the sign-in by hand up to the API's callback, keep it, then replay it.
    let url = new URL(`${api}/api/auth/oidc/login`);
    const cookies = new Map<string, string>();
    let callback: URL | null = null;
    for (let hop = 0; hop < 20 && !callback; hop++) {
      const res = await fetch(url, {
        redirect: 'manual',
        headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      url = new URL(res.headers.get('location')!, url);
      if (url.origin === api && url.pathname === '/api/auth/oidc/callback') {
        callback = url;
      }
    }
    const first = await fetch(callback!, { redirect: 'manual' });
    expect(new URL(first.headers.get('location')!).pathname).toBe('/sign-in/done');
    const replay = await fetch(callback!, { redirect: 'manual' });
    expect(errorOf(new URL(replay.headers.get('location')!))).toContain('already used');
  });

  it("admits members of an identity provider's group where a competition's join rule names it", async () => {
    const organizer = await fx.user('org');
    const c = await fx.competition(organizer, [], 'private');
    await organizer.json('PUT', `/api/competitions/${c.id}/join-rules`, { emailDomains: [], idpGroups: ['ml-team'] });
    idp.accounts.set('grace', { email: `grace-${tag()}@acme.example`, email_verified: true, groups: ['ml-team'] });
    idp.accounts.set('heidi', { email: `heidi-${tag()}@acme.example`, email_verified: true, groups: ['sales'] });
    const grace = fx.anon.as((await session((await signIn('grace')).searchParams.get('code'))).body.token);
    const heidi = fx.anon.as((await session((await signIn('heidi')).searchParams.get('code'))).body.token);
    expect((await heidi.json('GET', `/api/competitions/${c.id}`)).status).toBe(404);
    expect((await heidi.json('POST', `/api/competitions/${c.id}/participation`, { acceptTerms: true })).status).toBe(
      404,
    );
    expect((await grace.json('GET', `/api/competitions/${c.id}`)).status).toBe(200);
    const joined = await grace.json('POST', `/api/competitions/${c.id}/participation`, { acceptTerms: true });
    expect(joined.body.status).toBe('approved');
    expect((await fx.submit(grace, c.phaseId)).status).toBe(201);
  });
});

describe('local passwords turned off', () => {
  let fx: ArenaFixture;
  let idp: TestIdp;

  beforeAll(async () => {
    idp = await startTestIdp('http://127.0.0.1:1/api/auth/oidc/callback', { publicClient: true });
    fx = await ArenaFixture.start({ OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: idp.clientId, PASSWORD_LOGIN: 'false' });
  });

  afterAll(async () => {
    await fx?.stop();
    await idp?.stop();
  });

  it('refuses sign-in, sign-up and password resets with a local password, naming the way in', async () => {
    expect((await fx.anon.json('GET', '/api/auth/methods')).body).toMatchObject({
      password: false,
      identityProvider: { name: 'your organization' },
    });
    const refusal = 'local passwords are turned off here: sign in with your organization (GET /api/auth/oidc/login)';
    const signup = await fx.anon.json('POST', '/api/auth/signup', {
      email: 'x@example.org',
      username: 'xavier',
      password: 'correct horse battery',
    });
    expect(signup).toMatchObject({ status: 403, body: { message: refusal } });
    const login = await fx.anon.json('POST', '/api/auth/login', { login: 'xavier', password: 'correct horse battery' });
    expect(login).toMatchObject({ status: 403, body: { message: refusal } });
    expect((await fx.anon.json('POST', '/api/auth/password-reset', { email: 'x@example.org' })).status).toBe(403);
    // A public client: PKCE alone, no secret.
    const start = await fetch(`${fx.api.url}/api/auth/oidc/login`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    expect(new URL(start.headers.get('location')!).origin).toBe(idp.issuer);
  });
});
