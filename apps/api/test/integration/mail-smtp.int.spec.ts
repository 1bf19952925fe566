import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { startSmtp } from '../support/smtp-server';

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) {
      return v;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The token in a mail body (quoted-printable: soft line breaks and =3D undone). */
function tokenIn(raw: string): string {
  const text = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  return /token=([A-Za-z0-9_-]+)/.exec(text)![1];
}

describe('mail through a real SMTP server', () => {
  let fx: ArenaFixture;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let organizer: HttpClient;
  let competitionId: string;
  let phaseId: string;

  const emailOf = async (c: HttpClient) => `${(await c.json('GET', '/api/auth/me')).body.username}@example.org`;
  const mailTo = (address: string, subject: RegExp) =>
    waitFor(`mail to ${address} matching ${subject}`, () =>
      smtp.inbox.find((m) => m.to.includes(address) && subject.test(m.raw)),
    );

  beforeAll(async () => {
    smtp = await startSmtp();
    fx = await ArenaFixture.start({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_USER: 'arena',
      SMTP_PASS: 'smtp-secret',
      SMTP_FROM: 'Arena <arena@example.org>',
      MAIL_INTERVAL_MS: '100',
    });
    organizer = await fx.user('org');
    ({ id: competitionId, phaseId } = await fx.competition(organizer, [
      ['registration_auto_approve: true', 'registration_auto_approve: false'],
    ]));
  });

  afterAll(async () => {
    await fx?.stop();
    await new Promise<void>((r) => smtp?.server.close(() => r()));
  });

  it('mails the approval decision, and the organizer message to approved participants', async () => {
    const ada = await fx.user('ada');
    await fx.register(ada, competitionId);
    const adaId = (await ada.json('GET', '/api/auth/me')).body.id;
    expect(
      (await organizer.json('POST', `/api/competitions/${competitionId}/participants/${adaId}/approve`)).status,
    ).toBe(200);
    const mail = await mailTo(await emailOf(ada), /Registration approved/);
    expect(mail.from).toBe('arena@example.org');
    expect(mail.raw).toMatch(/you may now submit/);

    const r = await organizer.json('POST', `/api/competitions/${competitionId}/participants/mail`, {
      subject: 'Phase 2',
      body: 'Opens Monday.',
    });
    expect(r.body.recipients).toBe(1);
    expect((await mailTo(await emailOf(ada), /Phase 2/)).raw).toMatch(/Opens Monday\./);
  });

  it('mails when a submission finishes or fails, unless the owner opted out', async () => {
    const [bob, cat] = [await fx.user('bob'), await fx.user('cat')];
    for (const c of [bob, cat]) {
      await fx.register(c, competitionId);
      const id = (await c.json('GET', '/api/auth/me')).body.id;
      await organizer.json('POST', `/api/competitions/${competitionId}/participants/${id}/approve`);
    }
    expect((await cat.json('PUT', '/api/auth/me/mail-preferences', { notifySubmissions: false })).status).toBe(200);
    const okSub = (await fx.submit(bob, phaseId)).body.id;
    const badSub = (await fx.submit(bob, phaseId)).body.id;
    const silent = (await fx.submit(cat, phaseId)).body.id;
    await fx.finishAs(okSub, 'finished');
    await fx.finishAs(badSub, 'failed');
    await fx.finishAs(silent, 'finished');
    const bobMail = await emailOf(bob);
    expect((await mailTo(bobMail, /Submission finished/)).raw).toContain(okSub);
    expect((await mailTo(bobMail, /Submission failed/)).raw).toMatch(/boom/);
    await waitFor('all three notified', async () => {
      const rows = await fx.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM submissions WHERE id = ANY($1) AND notified_at IS NOT NULL',
        [[okSub, badSub, silent]],
      );
      return rows[0].n === 3 || undefined;
    });
    await new Promise((r) => setTimeout(r, 300));
    const catMail = await emailOf(cat);
    expect(smtp.inbox.filter((m) => m.to.includes(catMail) && /Submission/.test(m.raw))).toEqual([]);
    expect(smtp.inbox.filter((m) => m.to.includes(bobMail) && /Submission finished/.test(m.raw))).toHaveLength(1);
  });

  it('confirms the email address with the token from the mail, once', async () => {
    const eve = await fx.user('eve');
    const address = await emailOf(eve);
    const mail = await mailTo(address, /Confirm your Arena email address/);
    const token = tokenIn(mail.raw);
    const id = (await eve.json('GET', '/api/auth/me')).body.id;
    const unconfirmed = await fx.db.query<{ email_confirmed_at: Date | null }>(
      'SELECT email_confirmed_at FROM users WHERE id = $1',
      [id],
    );
    expect(unconfirmed[0].email_confirmed_at).toBeNull();
    expect((await fx.anon.json('POST', '/api/auth/confirm-email', { token })).status).toBe(204);
    const confirmed = await fx.db.query<{ email_confirmed_at: Date | null }>(
      'SELECT email_confirmed_at FROM users WHERE id = $1',
      [id],
    );
    expect(confirmed[0].email_confirmed_at).not.toBeNull();
    expect((await fx.anon.json('POST', '/api/auth/confirm-email', { token })).status).toBe(400);
    expect((await eve.json('POST', '/api/auth/confirm-email/resend')).status).toBe(409);
    // A confirmation token is no bearer token.
    expect((await fx.anon.as(token).json('GET', '/api/auth/me')).status).toBe(401);
  });

  it('resets a forgotten password through the mailed token, signing out every session', async () => {
    const fay = await fx.user('fay');
    const { username } = (await fay.json('GET', '/api/auth/me')).body;
    const address = await emailOf(fay);
    expect((await fx.anon.json('POST', '/api/auth/password-reset', { email: address })).status).toBe(202);
    // Unknown addresses get the same answer and no mail.
    expect((await fx.anon.json('POST', '/api/auth/password-reset', { email: 'nobody@example.org' })).status).toBe(202);
    const mail = await mailTo(address, /Reset your Arena password/);
    const token = tokenIn(mail.raw);
    expect((await fx.anon.json('POST', '/api/auth/password-reset/confirm', { token, password: 'short' })).status).toBe(
      400,
    );
    expect(
      (await fx.anon.json('POST', '/api/auth/password-reset/confirm', { token, password: 'a brand new secret' }))
        .status,
    ).toBe(204);
    expect((await fay.json('GET', '/api/auth/me')).status).toBe(401);
    expect(
      (await fx.anon.json('POST', '/api/auth/login', { login: username, password: 'correct horse battery' })).status,
    ).toBe(401);
    expect(
      (await fx.anon.json('POST', '/api/auth/login', { login: username, password: 'a brand new secret' })).status,
    ).toBe(200);
    expect(
      (await fx.anon.json('POST', '/api/auth/password-reset/confirm', { token, password: 'yet another secret' }))
        .status,
    ).toBe(400);
    expect(smtp.inbox.filter((m) => m.to.includes('nobody@example.org'))).toEqual([]);
  });

  it('never fails the action when the server refuses, retries and logs the error, then delivers', async () => {
    const dan = await fx.user('dan');
    await fx.register(dan, competitionId);
    const danId = (await dan.json('GET', '/api/auth/me')).body.id;
    const danMail = await emailOf(dan);
    await mailTo(danMail, /Confirm your Arena/);
    smtp.refuse(danMail, 2);
    const decided = await organizer.json('POST', `/api/competitions/${competitionId}/participants/${danId}/deny`);
    expect(decided).toMatchObject({ status: 200, body: { status: 'denied' } });
    await mailTo(danMail, /Registration denied/);
    const row = await waitFor('the outbox to record the delivery', async () => {
      const [r] = await fx.db.query<{ attempts: number; sent_at: Date | null; last_error: string | null }>(
        "SELECT attempts, sent_at, last_error FROM mail_outbox WHERE recipient = $1 AND subject LIKE '%denied'",
        [danMail],
      );
      return r?.sent_at ? r : undefined;
    });
    expect(row.attempts).toBe(3);
    expect(row.sent_at).not.toBeNull();
    expect(row.last_error).toBeNull();
  });
});

// Its own block, so that the app above is closed before this one starts.
describe('mail while the SMTP server is unreachable', () => {
  it('keeps the mail queued with the error, and the action succeeds', async () => {
    const down = await ArenaFixture.start({ SMTP_HOST: '127.0.0.1', SMTP_PORT: '1', MAIL_INTERVAL_MS: '100' });
    try {
      const org = await down.user('org');
      const { id } = await down.competition(org, [
        ['registration_auto_approve: true', 'registration_auto_approve: false'],
      ]);
      const eve = await down.user('eve');
      await down.register(eve, id);
      const eveId = (await eve.json('GET', '/api/auth/me')).body.id;
      expect((await org.json('POST', `/api/competitions/${id}/participants/${eveId}/approve`)).status).toBe(200);
      const row = await waitFor('a failed attempt', async () => {
        const [r] = await down.db.query<{ attempts: number; sent_at: Date | null; last_error: string | null }>(
          "SELECT attempts, sent_at, last_error FROM mail_outbox WHERE subject LIKE '%approved'",
        );
        return r && r.attempts > 0 ? r : undefined;
      });
      expect(row.sent_at).toBeNull();
      expect(row.last_error).toMatch(/ECONNREFUSED/);
    } finally {
      await down.stop();
    }
  });
});
