import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';

/** Issue 15, finding 8: passwords past bcrypt's 72 bytes, look-alike e-mail addresses, temporary paths in errors. */
describe('account details', () => {
  let fx: ArenaFixture;
  const name = (prefix: string) => `${prefix}${randomBytes(3).toString('hex')}`;
  const signUp = (email: string, username: string, password = 'correct horse battery') =>
    fx.anon.json('POST', '/api/auth/signup', { email, username, password });
  const login = (login: string, password: string) => fx.anon.json('POST', '/api/auth/login', { login, password });

  beforeAll(async () => {
    fx = await ArenaFixture.start();
  });
  afterAll(() => fx?.stop());

  it('refuses passwords longer than 72 bytes, which bcrypt would cut, at signup, reset and login', async () => {
    const u = name('pw');
    const long = 'a'.repeat(72) + 'X';
    const refused = await signUp(`${u}@example.org`, u, long);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/password must be at most 72 bytes in UTF-8 \(this one has 73\)/);
    // Counted in bytes: 36 two-byte letters are 72 bytes.
    expect((await signUp(`${u}é@example.org`, `${u}e`, 'é'.repeat(37))).status).toBe(400);

    const exact = 'b'.repeat(72);
    expect((await signUp(`${u}@example.org`, u, exact)).status).toBe(201);
    expect((await login(u, exact)).status).toBe(200);
    // Before: any password starting with the same 72 bytes logged in.
    const longer = await login(u, `${exact}anything`);
    expect(longer.status).toBe(400);
    expect(longer.body).not.toHaveProperty('token');

    const reset = await fx.anon.json('POST', '/api/auth/password-reset/confirm', {
      token: 'x'.repeat(40),
      password: 'c'.repeat(80),
    });
    expect(reset.status).toBe(400);
    expect(reset.body.message).toMatch(/at most 72 bytes/);
  });

  it('normalizes e-mail addresses and refuses look-alikes of another alphabet', async () => {
    const u = name('mail');
    expect((await signUp(`${u}@Example.ORG`, u)).status).toBe(201);
    const [stored] = await fx.db.query<{ email: string }>('SELECT email FROM users WHERE username = $1', [u]);
    expect(stored.email).toBe(`${u}@example.org`);

    // Full-width letters are the same address once normalized (NFKC): the account exists already.
    const fullWidth = [...u].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');
    expect((await signUp(`${fullWidth}@example.org`, name('fw'))).status).toBe(409);

    // One Cyrillic letter in a Latin address made a second account before.
    const cyrillicA = `\u0430${u.slice(1)}`;
    const lookAlike = await signUp(`${cyrillicA}@example.org`, name('la'));
    expect(lookAlike.status).toBe(400);
    expect(lookAlike.body.message).toMatch(/mixes (Cyrillic and Latin|Latin and Cyrillic) letters/);
    const domain = await signUp(`${name('d')}@ex\u0430mple.org`, name('dm'));
    expect(domain.status).toBe(400);
    expect(domain.body.message).toMatch(/"exаmple" mixes/);
    // A whole address in Cyrillic letters that read as Latin ones.
    const wholeScript = await signUp('\u0440\u0430\u0443\u0440\u0430@example.org', name('ws'));
    expect(wholeScript.status).toBe(400);
    expect(wholeScript.body.message).toMatch(/Cyrillic letters that read as the Latin "paypa"/);
    // A genuine Cyrillic address is welcome.
    expect((await signUp(`иван${Date.now() % 100_000}@example.org`, name('iv'))).status).toBe(201);

    // Logging in with the address as typed differently still finds the account.
    expect((await login(`${fullWidth}@EXAMPLE.org`, 'correct horse battery')).status).toBe(200);
  });

  it('never names the temporary file an upload was written to in its errors', async () => {
    const organizer = await fx.user('org');
    const c = await fx.competition(organizer);
    const participant: HttpClient = await fx.user('par');
    await fx.register(participant, c.id);
    const notZip = join(fx.tmp, 'my-bundle.zip');
    await writeFile(notZip, 'not a zip at all');

    const leaks = (text: string) => /[0-9a-f-]{36}\.upload|resumable-|\/u\//.test(text) || text.includes(fx.tmp);
    const bundle = await organizer.upload('/api/competitions', 'bundle', notZip);
    await organizer.publish(bundle);
    expect(bundle.status).toBe(400);
    expect(bundle.body.message).toContain('my-bundle.zip');
    expect(JSON.stringify(bundle.body)).toSatisfy((t: string) => !leaks(t));
    const submission = await participant.upload(`/api/phases/${c.phaseId}/submissions`, 'file', notZip);
    expect(submission.status).toBe(400);
    expect(JSON.stringify(submission.body)).toSatisfy((t: string) => !leaks(t));

    // The same file through a resumable upload, copied to another temporary file before it is read.
    const bytes = Buffer.from('not a zip at all');
    const created = await organizer.json('POST', '/api/uploads', {
      filename: 'resumed-bundle.zip',
      size: bytes.length,
      purpose: 'bundle',
    });
    expect(created.status).toBe(201);
    const put = await fetch(`${fx.api.url}/api/uploads/${created.body.id}/parts/0`, {
      method: 'PUT',
      headers: {
        ...(organizer as unknown as { auth(): Record<string, string> }).auth(),
        'content-type': 'application/octet-stream',
      },
      body: bytes,
    });
    expect(put.status).toBe(200);
    expect((await organizer.json('POST', `/api/uploads/${created.body.id}/complete`)).status).toBe(200);
    const resumed = await organizer.json('POST', '/api/competitions', { uploadId: created.body.id });
    expect(resumed.status).toBe(400);
    expect(resumed.body.message).toContain('resumed-bundle.zip');
    expect(JSON.stringify(resumed.body)).toSatisfy((t: string) => !leaks(t));
  });
});
