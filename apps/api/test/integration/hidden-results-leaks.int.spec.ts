import { type ScoreJob, workerRoutes } from '@arena/worker-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { uploadRunFiles, zipTexts } from '../support/run-files';
import { startSmtp } from '../support/smtp-server';

/** A scored run as a worker ends it: output and logs that print the scores, then the result. */
async function finishWithFiles(fx: ArenaFixture, job: ScoreJob, scores: Record<string, number>): Promise<void> {
  await uploadRunFiles(fx.api.url, job, scores);
  const result = { version: 1, status: 'finished', scores, exitCode: 0, elapsedMs: 5 };
  expect((await fx.anon.as(job.token).json('POST', workerRoutes.result(job.runId), result)).body).toMatchObject({
    stored: true,
  });
}

const download = async (client: HttpClient, path: string) => {
  const res = await client.raw(path);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
};

/**
 * Scoring programs print their scores, and mails used to carry them: while the organizers keep a phase's results
 * hidden, neither the stored logs nor the "submission finished" mail may show them (the leaderboard, submission
 * detail and CSV sweep is in leaderboard-visibility, the live stream in live-logs).
 */
describe('hidden results stay hidden in logs and mail', () => {
  let fx: ArenaFixture;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    smtp = await startSmtp();
    fx = await ArenaFixture.start({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_USER: 'arena',
      SMTP_PASS: 'smtp-secret',
      MAIL_INTERVAL_MS: '100',
    });
  });

  afterAll(async () => {
    await fx?.stop();
    await new Promise<void>((r) => smtp?.server.close(() => r()));
  });

  it('refuses the stored logs and mails no scores until the organizers reveal them', async () => {
    const organizer = await fx.user('org');
    const ada = await fx.user('ada');
    const adaName = (await ada.json('GET', '/api/auth/me')).body.username;
    const c = await fx.competition(organizer);
    await fx.register(ada, c.id);
    expect((await organizer.json('POST', `/api/phases/${c.phaseId}/hide-results`)).status).toBeLessThan(300);

    const id = (await fx.submit(ada, c.phaseId)).body.id;
    const job = await fx.jobFor(id);
    const w = fx.anon.as(job.token);
    const put = await fetch(`${fx.api.url}${workerRoutes.logs(job.runId, 'stdout')}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${job.token}`, 'content-type': 'text/plain' },
      body: 'accuracy=0.7321 f1=0.6543\n',
    });
    expect(put.status).toBe(204);
    const result = {
      version: 1,
      status: 'finished',
      scores: { accuracy: 0.7321, f1: 0.6543 },
      exitCode: 0,
      elapsedMs: 5,
    };
    expect((await w.json('POST', workerRoutes.result(job.runId), result)).body).toMatchObject({ stored: true });

    const deadline = Date.now() + 15_000;
    let mail;
    while (
      !(mail = smtp.inbox.find((m) => m.to.includes(`${adaName}@example.org`) && /finished/.test(m.raw))) &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(mail?.raw).toMatch(/scores will be shown when the organizers reveal/);
    expect(mail?.raw).not.toMatch(/0\.7321|0\.6543/);

    expect((await ada.raw(`/api/submissions/${id}/logs/stdout`)).status).toBe(403);
    expect(await (await organizer.raw(`/api/submissions/${id}/logs/stdout`)).text()).toContain('accuracy=0.7321');

    expect((await organizer.json('POST', `/api/phases/${c.phaseId}/reveal`)).status).toBeLessThan(300);
    expect(await (await ada.raw(`/api/submissions/${id}/logs/stdout`)).text()).toContain('accuracy=0.7321');
  });

  it("keeps a hidden column's score out of the participant's own submission, their list and their mail", async () => {
    const organizer = await fx.user('org');
    const bo = await fx.user('bo');
    const boName = (await bo.json('GET', '/api/auth/me')).body.username;
    const c = await fx.competition(organizer, [['key: f1\n', 'key: f1\n        hidden: true\n']]);
    await fx.register(bo, c.id);
    const id = (await fx.submit(bo, c.phaseId)).body.id;
    const job = await fx.jobFor(id);
    const result = {
      version: 1,
      status: 'finished',
      scores: { accuracy: 0.8123, f1: 0.5987 },
      exitCode: 0,
      elapsedMs: 5,
    };
    expect((await fx.anon.as(job.token).json('POST', workerRoutes.result(job.runId), result)).body).toMatchObject({
      stored: true,
    });

    const own = (await bo.json('GET', `/api/submissions/${id}`)).body;
    expect(own.scores).toEqual({ accuracy: 0.8123 });
    const listed = (await bo.json('GET', `/api/phases/${c.phaseId}/submissions`)).body;
    expect(listed.find((s: { id: string }) => s.id === id).scores).toEqual({ accuracy: 0.8123 });
    expect(JSON.stringify((await bo.json('GET', `/api/competitions/${c.id}`)).body)).not.toContain('"f1"');
    // Organizers see the hidden column, marked as such.
    expect((await organizer.json('GET', `/api/submissions/${id}`)).body.scores).toEqual({
      accuracy: 0.8123,
      f1: 0.5987,
    });
    const asOrganizer = (await organizer.json('GET', `/api/competitions/${c.id}`)).body;
    expect(asOrganizer.leaderboards[0].columns.find((col: { key: string }) => col.key === 'f1')).toMatchObject({
      hidden: true,
    });
    // Organizers read the switches they edit back; participants do not receive them.
    expect(asOrganizer.organizerSettings).toMatchObject({
      enableDetailedResults: false,
      forumEnabled: expect.any(Boolean),
      queueId: null,
    });
    expect((await bo.json('GET', `/api/competitions/${c.id}`)).body).not.toHaveProperty('organizerSettings');

    const deadline = Date.now() + 15_000;
    let mail;
    while (
      !(mail = smtp.inbox.find((m) => m.to.includes(`${boName}@example.org`) && /finished/.test(m.raw))) &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(mail?.raw).toContain('accuracy: 0.8123');
    // `f1` as a word: the ids in the mail are hex, where "f1" occurs by chance (a4f1-...).
    expect(mail?.raw).not.toMatch(/0\.5987|\bf1\b/);
  });

  it('withholds the output zip while the results are hidden (issue 15, finding 2)', async () => {
    const organizer = await fx.user('org');
    const cy = await fx.user('cy');
    const c = await fx.competition(organizer);
    await fx.register(cy, c.id);
    expect((await organizer.json('POST', `/api/phases/${c.phaseId}/hide-results`)).status).toBeLessThan(300);
    const id = (await fx.submit(cy, c.phaseId)).body.id;
    await finishWithFiles(fx, await fx.jobFor(id), { accuracy: 0.6172, f1: 0.3391 });

    const refused = await cy.json('GET', `/api/submissions/${id}/output`);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/hidden until the organizers reveal them/);
    const asOrganizer = await download(organizer, `/api/submissions/${id}/output`);
    expect(asOrganizer.status).toBe(200);
    expect(JSON.parse((await zipTexts(asOrganizer.bytes))['scores.json'])).toEqual({ accuracy: 0.6172, f1: 0.3391 });

    expect((await organizer.json('POST', `/api/phases/${c.phaseId}/reveal`)).status).toBeLessThan(300);
    const revealed = await download(cy, `/api/submissions/${id}/output`);
    expect(revealed.status).toBe(200);
    expect(JSON.parse((await zipTexts(revealed.bytes))['scores.json'])).toEqual({ accuracy: 0.6172, f1: 0.3391 });
  });

  it("keeps a hidden column out of the output zip's score files and withholds the logs that print it (issue 15, finding 3)", async () => {
    const organizer = await fx.user('org');
    const di = await fx.user('di');
    const eve = await fx.user('eve');
    const c = await fx.competition(organizer, [['key: f1\n', 'key: f1\n        hidden: true\n']]);
    await fx.register(di, c.id);
    const id = (await fx.submit(di, c.phaseId)).body.id;
    await finishWithFiles(fx, await fx.jobFor(id), { accuracy: 0.8642, f1: 0.2468 });

    const own = await download(di, `/api/submissions/${id}/output`);
    expect(own.status).toBe(200);
    const files = await zipTexts(own.bytes);
    expect(Object.keys(files).sort()).toEqual([
      'detailed_results.html',
      'predictions.csv',
      'scores.json',
      'scores.txt',
    ]);
    expect(JSON.parse(files['scores.json'])).toEqual({ accuracy: 0.8642 });
    expect(files['scores.txt']).toBe('accuracy: 0.8642\n');
    expect(files['predictions.csv']).toBe('id,label\n1,0\n');
    for (const stream of ['stdout', 'stderr']) {
      const log = await di.json('GET', `/api/submissions/${id}/logs/${stream}`);
      expect(log.status, stream).toBe(403);
      expect(log.body.message).toMatch(/hidden leaderboard columns/);
    }
    // A public submission: any signed-in user could read its stdout, which printed the hidden column.
    expect((await di.json('PATCH', `/api/submissions/${id}/visibility`, { isPublic: true })).status).toBe(200);
    expect((await eve.json('GET', `/api/submissions/${id}`)).body.scores).toEqual({ accuracy: 0.8642 });
    expect((await eve.json('GET', `/api/submissions/${id}/logs/stdout`)).status).toBe(403);
    expect((await eve.json('GET', `/api/submissions/${id}/output`)).status).toBe(403);

    // Organizers read everything as stored.
    const asOrganizer = await download(organizer, `/api/submissions/${id}/output`);
    expect(JSON.parse((await zipTexts(asOrganizer.bytes))['scores.json'])).toEqual({ accuracy: 0.8642, f1: 0.2468 });
    expect(await (await organizer.raw(`/api/submissions/${id}/logs/stdout`)).text()).toContain('f1=0.2468');
  });
});
