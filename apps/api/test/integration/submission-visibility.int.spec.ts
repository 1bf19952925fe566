import { readFile } from 'node:fs/promises';
import { workerRoutes } from '@arena/worker-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';

describe('submission visibility and the phase hide_* settings', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let ada: HttpClient;
  let bob: HttpClient;

  const put = async (path: string, token: string, body: string | Buffer, type: string) => {
    const res = await fetch(fx.api.url + path, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body,
    });
    expect(res.status).toBeLessThan(300);
  };
  /** A finished submission of `who` with an output zip and both logs stored by the worker routes. */
  const scored = async (who: HttpClient, phaseId: string): Promise<string> => {
    const up = await fx.submit(who, phaseId);
    expect(up.status).toBe(201);
    const job = await fx.jobFor(up.body.id);
    await put(workerRoutes.output(job.runId), job.token, await readFile(fx.resultsZip), 'application/zip');
    await put(workerRoutes.logs(job.runId, 'stdout'), job.token, 'scored\n', 'text/plain');
    await put(workerRoutes.logs(job.runId, 'stderr'), job.token, 'warn\n', 'text/plain');
    const r = await fx.anon.as(job.token).json('POST', workerRoutes.result(job.runId), {
      version: 1,
      status: 'finished',
      scores: { accuracy: 0.5, f1: 0.5 },
      exitCode: 0,
      elapsedMs: 10,
    });
    expect(r.body).toMatchObject({ stored: true });
    return up.body.id;
  };
  const statusOf = async (c: HttpClient, path: string) => (await c.raw(path)).status;

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    organizer = await fx.user('org');
    ada = await fx.user('ada');
    bob = await fx.user('bob');
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('lets the owner publish a submission: others then read its detail and logs, never its output', async () => {
    const c = await fx.competition(organizer);
    for (const u of [ada, bob]) {
      await fx.register(u, c.id);
    }
    const id = await scored(ada, c.phaseId);

    expect(await statusOf(bob, `/api/submissions/${id}`)).toBe(404);
    expect((await bob.json('PATCH', `/api/submissions/${id}/visibility`, { isPublic: true })).status).toBe(404);
    const published = await ada.json('PATCH', `/api/submissions/${id}/visibility`, { isPublic: true });
    expect(published).toMatchObject({ status: 200, body: { id, isPublic: true } });

    const seen = await bob.json('GET', `/api/submissions/${id}`);
    expect(seen).toMatchObject({ status: 200, body: { id, isPublic: true, status: 'finished' } });
    expect(await statusOf(bob, `/api/submissions/${id}/logs/stdout`)).toBe(200);
    expect(await statusOf(bob, `/api/submissions/${id}/output`)).toBe(403);
    expect(await statusOf(fx.anon, `/api/submissions/${id}`)).toBe(401);
    expect((await bob.json('PATCH', `/api/submissions/${id}/visibility`, { isPublic: false })).status).toBe(404);
    expect((await bob.json('POST', `/api/submissions/${id}/cancel`)).status).toBe(404);
    // The list of a phase stays the caller's own.
    const list = await bob.json('GET', `/api/phases/${c.phaseId}/submissions`);
    expect(list.body.map((s: { id: string }) => s.id)).not.toContain(id);
    // Organizers list every submission with its runs and who made it.
    const adaName = (await ada.json('GET', '/api/auth/me')).body.username;
    const all = await organizer.json('GET', `/api/phases/${c.phaseId}/submissions`);
    const listed = all.body.find((s: { id: string }) => s.id === id);
    expect(listed).toMatchObject({ submitter: adaName, teamName: null, runs: [{ status: 'finished', elapsedMs: 10 }] });
    expect((await bob.json('GET', `/api/submissions/${id}`)).body.submitter).toBe(adaName);

    const owner = await ada.raw(`/api/submissions/${id}/output`);
    expect(owner.status).toBe(200);
    expect(owner.headers.get('content-type')).toContain('application/zip');
    expect(Buffer.from(await owner.arrayBuffer())).toEqual(await readFile(fx.resultsZip));

    expect((await ada.json('PATCH', `/api/submissions/${id}/visibility`, { isPublic: false })).body.isPublic).toBe(
      false,
    );
    expect(await statusOf(bob, `/api/submissions/${id}`)).toBe(404);
  });

  it('refuses to publish where the competition does not allow it', async () => {
    const c = await fx.competition(organizer, [
      [
        'registration_auto_approve: true',
        'registration_auto_approve: true\ncan_participants_make_submissions_public: false',
      ],
    ]);
    await fx.register(ada, c.id);
    const id = await scored(ada, c.phaseId);
    const r = await ada.json('PATCH', `/api/submissions/${id}/visibility`, { isPublic: true });
    expect(r.status).toBe(403);
    expect(r.body.message).toContain('public');
    expect((await ada.json('PATCH', `/api/submissions/${id}/visibility`, { isPublic: 'yes' })).status).toBe(400);
  });

  it.each([
    ['hide_output', { logs: 403, output: 403 }],
    ['hide_score_output', { logs: 403, output: 200 }],
    ['hide_prediction_output', { logs: 200, output: 403 }],
  ])('%s: participants do not get what it hides; organizers get everything', async (setting, expected) => {
    const c = await fx.competition(organizer, [
      ['    execution_time_limit: 120', `    execution_time_limit: 120\n    ${setting}: true`],
    ]);
    await fx.register(ada, c.id);
    const id = await scored(ada, c.phaseId);
    expect(await statusOf(ada, `/api/submissions/${id}/logs/stdout`)).toBe(expected.logs);
    expect(await statusOf(ada, `/api/submissions/${id}/logs/stderr`)).toBe(expected.logs);
    expect(await statusOf(ada, `/api/submissions/${id}/output`)).toBe(expected.output);
    expect(await statusOf(ada, `/api/submissions/${id}`)).toBe(200);
    for (const path of ['logs/stdout', 'logs/stderr', 'output']) {
      expect(await statusOf(organizer, `/api/submissions/${id}/${path}`)).toBe(200);
    }
  });

  it('answers a per-day refusal with Retry-After: the seconds until the day ends in the competition time zone', async () => {
    const c = await fx.competition(organizer, [['max_submissions_per_day: 100', 'max_submissions_per_day: 1']]);
    await fx.register(bob, c.id);
    expect((await fx.submit(bob, c.phaseId)).status).toBe(201);
    const form = new FormData();
    form.append('file', new Blob([await readFile(fx.resultsZip)]), 'r.zip');
    const token = (bob as unknown as { auth(): Record<string, string> }).auth();
    const res = await fetch(`${fx.api.url}/api/phases/${c.phaseId}/submissions`, {
      method: 'POST',
      headers: token,
      body: form,
    });
    expect(res.status).toBe(429);
    const body = (await res.json()) as { details: { resetsAt: string } };
    const seconds = Number(res.headers.get('retry-after'));
    const expected = Math.ceil((Date.parse(body.details.resetsAt) - Date.now()) / 1000);
    expect(seconds).toBeGreaterThan(0);
    expect(Math.abs(seconds - expected)).toBeLessThanOrEqual(5);
  });
});
