import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { workerRoutes } from '@arena/worker-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as yazl from 'yazl';
import { ArenaFixture } from '../support/arena-fixture';

const PAGE = '<html><body><h1>Per-class results</h1><script>fetch("/api/auth/me")</script></body></html>';

describe('detailed results', () => {
  let fx: ArenaFixture;

  beforeAll(async () => {
    fx = await ArenaFixture.start();
  });

  afterAll(async () => {
    await fx?.stop();
  });

  /** A submission whose run stored an output zip holding detailed_results.html, as a worker uploads it. */
  async function scoredWithPage(enable: boolean, onLeaderboard = false) {
    const organizer = await fx.user('org');
    const ada = await fx.user('ada');
    const flags = `enable_detailed_results: true\nshow_detailed_results_in_leaderboard: ${onLeaderboard}`;
    const edits: [string, string][] = enable
      ? [['registration_auto_approve: true', `registration_auto_approve: true\n${flags}`]]
      : [];
    const c = await fx.competition(organizer, edits);
    await fx.register(ada, c.id);
    const id = (await fx.submit(ada, c.phaseId)).body.id;
    const job = await fx.jobFor(id);
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from('{"accuracy": 0.5}'), 'scores.json');
    zip.addBuffer(Buffer.from(PAGE), 'detailed_results.html');
    zip.end();
    const path = join(fx.tmp, `${id}.zip`);
    await pipeline(zip.outputStream, createWriteStream(path));
    const put = await fetch(`${fx.api.url}${workerRoutes.output(job.runId)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${job.token}`, 'content-type': 'application/zip' },
      body: await readFile(path),
    });
    expect(put.status).toBe(204);
    const result = { version: 1, status: 'finished', scores: { accuracy: 0.5, f1: 0.5 }, exitCode: 0, elapsedMs: 5 };
    expect((await fx.anon.as(job.token).json('POST', workerRoutes.result(job.runId), result)).body).toMatchObject({
      stored: true,
    });
    await fx.boardsTookIn();
    return { organizer, ada, id, phaseId: c.phaseId };
  }

  it('serves the page to its submitter, sandboxed, and to nobody else', async () => {
    const { ada, id, organizer, phaseId } = await scoredWithPage(true);
    const res = await ada.raw(`/api/submissions/${id}/detailed-results`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toMatch(/^sandbox;/);
    expect(await res.text()).toBe(PAGE);
    const eve = await fx.user('eve');
    expect((await eve.raw(`/api/submissions/${id}/detailed-results`)).status).toBe(404);

    expect((await organizer.json('POST', `/api/phases/${phaseId}/hide-results`)).status).toBeLessThan(300);
    expect((await ada.raw(`/api/submissions/${id}/detailed-results`)).status).toBe(403);
    expect((await organizer.raw(`/api/submissions/${id}/detailed-results`)).status).toBe(200);
  });

  it('is linked from the leaderboard and readable by any signed-in user where the competition shows it there', async () => {
    const { id, organizer, phaseId } = await scoredWithPage(true, true);
    const board = (await fx.anon.json('GET', `/api/phases/${phaseId}/leaderboards/main`)).body;
    expect(board.detailedResults).toBe(true);
    expect(board.rows.map((r: { submissionId: string }) => r.submissionId)).toContain(id);
    const eve = await fx.user('eve');
    const res = await eve.raw(`/api/submissions/${id}/detailed-results`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/^sandbox;/);
    expect(await res.text()).toBe(PAGE);
    // The rest of the submission stays private.
    expect((await eve.raw(`/api/submissions/${id}`)).status).toBe(404);
    expect((await eve.raw(`/api/submissions/${id}/output`)).status).toBe(404);
    // Hidden results hide it from everyone but the organizers.
    expect((await organizer.json('POST', `/api/phases/${phaseId}/hide-results`)).status).toBeLessThan(300);
    expect((await eve.raw(`/api/submissions/${id}/detailed-results`)).status).toBe(403);
    expect((await fx.anon.json('GET', `/api/phases/${phaseId}/leaderboards/main`)).body.detailedResults).toBe(false);
  });

  it("follows the same decision as the output and logs: the phase's hide_output, then hidden results", async () => {
    const { ada, id, organizer } = await scoredWithPage(true);
    const competitionId = (await ada.json('GET', `/api/submissions/${id}`)).body.competitionId as string;
    const phaseId = (await ada.json('GET', `/api/submissions/${id}`)).body.phaseId as string;
    const patched = await organizer.json('PATCH', `/api/competitions/${competitionId}/phases/${phaseId}`, {
      hideOutput: true,
    });
    expect(patched.status).toBe(200);
    for (const path of ['detailed-results', 'output', 'logs/stdout']) {
      const r = await ada.json('GET', `/api/submissions/${id}/${path}`);
      expect(r.status, path).toBe(403);
      expect(r.body.message, path).toMatch(/this phase's settings hide/);
    }
    expect((await organizer.raw(`/api/submissions/${id}/detailed-results`)).status).toBe(200);
  });

  it('is refused to participants when the competition does not enable detailed results', async () => {
    const { ada, organizer, id, phaseId } = await scoredWithPage(false);
    expect((await ada.raw(`/api/submissions/${id}/detailed-results`)).status).toBe(403);
    expect((await fx.anon.json('GET', `/api/phases/${phaseId}/leaderboards/main`)).body.detailedResults).toBe(false);
    expect((await organizer.raw(`/api/submissions/${id}/detailed-results`)).status).toBe(200);
  });
});
