import { openAsBlob } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Clock } from '../../src/clock/clock';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';

/**
 * Limit arithmetic through HTTP with a fixed clock. Pacific/Auckland is UTC+13 in March (daylight time), so its
 * midnight of 11 March is 2026-03-10T11:00Z, in the middle of the UTC day.
 */
describe('phase limits: per day in the competition time zone, total, concurrent', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let now: Date;

  const at = (iso: string) => {
    now = new Date(iso);
  };

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    vi.spyOn(fx.api.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    organizer = await fx.user('org');
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await fx?.stop();
  });

  const limitedCompetition = () =>
    fx.competition(organizer, [
      ['max_submissions_per_day: 100', 'max_submissions_per_day: 2'],
      ['max_submissions: 1000', 'max_submissions: 4'],
    ]);
  const settings = (competitionId: string, body: object, as = organizer) =>
    as.json('PATCH', `/api/competitions/${competitionId}/settings`, body);

  it('counts the day in the competition time zone, resets at its midnight, and says so', async () => {
    const { id, phaseId } = await limitedCompetition();
    expect((await settings(id, { timeZone: 'Pacific/Auckland' })).body).toMatchObject({
      timeZone: 'Pacific/Auckland',
      countFailedSubmissions: false,
    });
    const ada = await fx.user('ada');
    await fx.register(ada, id);

    at('2026-03-10T10:30:00Z'); // 23:30 on 10 March in Auckland
    const a = await fx.submit(ada, phaseId);
    const b = await fx.submit(ada, phaseId);
    expect([a.status, b.status]).toEqual([201, 201]);
    const refused = await fx.submit(ada, phaseId);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      code: 'rate_limited',
      details: {
        limit: 'per_day',
        max: 2,
        count: 2,
        resetsAt: '2026-03-10T11:00:00.000Z',
        timeZone: 'Pacific/Auckland',
      },
    });
    expect(refused.body.message).toContain('2026-03-11 00:00 Pacific/Auckland');
    const usage = await ada.json('GET', `/api/phases/${phaseId}/limits`);
    expect(usage.body).toMatchObject({
      phaseState: 'open',
      bypassLimits: false,
      perDay: { max: 2, count: 2, resetsAt: '2026-03-10T11:00:00.000Z' },
      total: { max: 4, count: 2 },
    });

    at('2026-03-10T10:59:59.999Z');
    expect((await fx.submit(ada, phaseId)).status).toBe(429);
    at('2026-03-10T11:00:00Z'); // midnight in Auckland, still 10 March in UTC
    const c = await fx.submit(ada, phaseId);
    expect(c.status).toBe(201);
    expect(c.body.createdAt).toBe('2026-03-10T11:00:00.000Z');

    // The same three submissions all fall on 10 March in UTC.
    await settings(id, { timeZone: 'UTC' });
    const utc = await fx.submit(ada, phaseId);
    expect(utc.status).toBe(429);
    expect(utc.body.details).toMatchObject({
      limit: 'per_day',
      count: 3,
      resetsAt: '2026-03-11T00:00:00.000Z',
      timeZone: 'UTC',
    });

    // Failed submissions do not count unless the organizer says so.
    await settings(id, { timeZone: 'Pacific/Auckland' });
    await fx.finishAs(a.body.id, 'failed');
    const d = await fx.submit(ada, phaseId); // 11 March in Auckland: c and d
    expect(d.status).toBe(201);
    expect((await fx.submit(ada, phaseId)).body.details).toMatchObject({ limit: 'per_day', count: 2 });
    at('2026-03-11T11:00:00Z');
    const e = await fx.submit(ada, phaseId); // b, c, d, e counted; a failed
    expect(e.status).toBe(201);
    const total = await fx.submit(ada, phaseId);
    expect(total.status).toBe(429);
    expect(total.body.details).toMatchObject({ limit: 'total', max: 4, count: 4, resetsAt: null });

    await settings(id, { countFailedSubmissions: true });
    expect((await ada.json('GET', `/api/phases/${phaseId}/limits`)).body.total).toEqual({ max: 4, count: 5 });

    // Organizers are not limited.
    const own = await fx.submit(organizer, phaseId);
    expect(own.status).toBe(201);
    expect((await organizer.json('GET', `/api/phases/${phaseId}/limits`)).body.bypassLimits).toBe(true);
  });

  it('refuses more submissions in flight than allowed with 409, until one ends', async () => {
    at('2026-03-12T09:00:00Z');
    const { id, phaseId } = await fx.competition(organizer);
    await settings(id, { maxConcurrentSubmissions: 1 });
    const bob = await fx.user('bob');
    await fx.register(bob, id);
    const first = await fx.submit(bob, phaseId);
    expect(first.status).toBe(201);
    const second = await fx.submit(bob, phaseId);
    expect(second.status).toBe(409);
    expect(second.body.details).toMatchObject({ limit: 'concurrent', max: 1, count: 1, resetsAt: null });
    await fx.finishAs(first.body.id, 'finished');
    expect((await fx.submit(bob, phaseId)).status).toBe(201);
  });

  it('lets robots an admin marked submit past the limits', async () => {
    at('2026-03-12T09:00:00Z');
    const { id, phaseId } = await limitedCompetition();
    const bot = await fx.user('bot');
    const admin = await fx.user('adm');
    await fx.register(bot, id);
    const botId = (await bot.json('GET', '/api/auth/me')).body.id;
    for (let i = 0; i < 2; i++) {
      expect((await fx.submit(bot, phaseId)).status).toBe(201);
    }
    expect((await fx.submit(bot, phaseId)).status).toBe(429);
    // Only platform admins mark robots.
    expect((await organizer.json('PUT', `/api/auth/users/${botId}/robot`)).status).toBe(403);
    await fx.db.query('UPDATE users SET is_admin = true WHERE id = $1', [
      (await admin.json('GET', '/api/auth/me')).body.id,
    ]);
    expect((await admin.json('PUT', `/api/auth/users/${botId}/robot`)).status).toBe(204);
    expect((await fx.submit(bot, phaseId)).status).toBe(201);
    expect((await bot.json('GET', `/api/phases/${phaseId}/limits`)).body.bypassLimits).toBe(true);
    expect((await admin.json('DELETE', `/api/auth/users/${botId}/robot`)).status).toBe(204);
    expect((await fx.submit(bot, phaseId)).status).toBe(429);
  });

  it('lets only organizers change the settings, and only to known time zones', async () => {
    const { id } = await fx.competition(organizer);
    const eve = await fx.user('eve');
    await fx.register(eve, id);
    expect((await settings(id, { timeZone: 'Pacific/Auckland' }, eve)).status).toBe(403);
    expect((await eve.json('GET', `/api/competitions/${id}/settings`)).status).toBe(403);
    expect((await settings(id, { timeZone: 'Mars/Olympus' })).status).toBe(400);
    expect((await settings(id, { maxConcurrentSubmissions: 0 })).status).toBe(400);
    expect((await settings(id, { maxConcurrentSubmissions: null })).body.maxConcurrentSubmissions).toBeNull();
  });

  it('refuses submissions outside the open phase with the reason, in the competition time zone', async () => {
    const { id, phaseId } = await fx.competition(organizer, [
      ['start: 2025-01-01', 'start: 2025-01-01\n    end: 2025-02-01'],
    ]);
    await settings(id, { timeZone: 'Pacific/Auckland' });
    const ada = await fx.user('ada');
    await fx.register(ada, id);
    at('2024-12-31T00:00:00Z');
    const early = await fx.submit(ada, phaseId);
    expect(early.status).toBe(409);
    expect(early.body.details).toMatchObject({ phaseState: 'upcoming' });
    expect(early.body.message).toMatch(/opens at 2025-01-01 13:00 Pacific\/Auckland/);
    at('2025-02-01T00:00:00Z');
    const late = await fx.submit(ada, phaseId);
    expect(late.status).toBe(409);
    expect(late.body.details).toMatchObject({ phaseState: 'ended' });
    at('2025-01-15T00:00:00Z');
    expect((await fx.submit(ada, phaseId)).status).toBe(201);
  });

  it('returns the same submission for a retried Idempotency-Key and enqueues one job', async () => {
    at('2026-03-12T09:00:00Z');
    const { id, phaseId } = await fx.competition(organizer);
    const cat = await fx.user('cat');
    await fx.register(cat, id);
    // A script with an API token, as robots submit.
    const token = (await cat.json('POST', '/api/auth/tokens', { name: 'submitter' })).body.token as string;
    const send = async (key: string, phase = phaseId) => {
      const form = new FormData();
      form.append('file', await openAsBlob(fx.resultsZip), 'results.zip');
      const res = await fetch(`${fx.api.url}/api/phases/${phase}/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
        body: form,
      });
      return { status: res.status, body: (await res.json()) as { id: string } };
    };
    const first = await send('retry-1');
    const again = await send('retry-1');
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const racing = await Promise.all([send('race-1'), send('race-1'), send('race-1')]);
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
    const rows = await fx.db.query<{ key: string; subs: number; runs: number }>(
      `SELECT s.idempotency_key AS key, count(DISTINCT s.id)::int AS subs, count(r.id)::int AS runs
       FROM submissions s JOIN runs r ON r.submission_id = s.id WHERE s.phase_id = $1 GROUP BY s.idempotency_key ORDER BY 1`,
      [phaseId],
    );
    expect(rows).toEqual([
      { key: 'race-1', subs: 1, runs: 1 },
      { key: 'retry-1', subs: 1, runs: 1 },
    ]);
    // A key names one request: reusing it for another phase is a client error, not a silent duplicate.
    const other = await fx.competition(organizer);
    await fx.register(cat, other.id);
    expect((await send('retry-1', other.phaseId)).status).toBe(409);
    expect((await send('bad key with spaces')).status).toBe(400);
  });
});
